"""A draft's "Offene Punkte und Annahmen": the blanks it shows and the values it assumed.

Two kinds of item, each with where it stands (§ and Absatz, annex, Rubrum) and the input key
that settles it:

- **Blanks.** Data the input lacks prints as ``[●]``. A clause text asks for one with
  ``blank(key, label)`` (``BlankRecorder``); the frame (Rubrum, signatures) with ``Blanks.add``.
  A blank first prints as a private-use mark naming it, so that after numbering the § and Absatz
  it landed in are known (``resolve``); then the mark becomes ``[●]``.
- **Assumptions.** A schema field with ``meta.assumption`` whose value the draft took from the
  schema's default, because the user did not write it, and that a module in the agreement reads
  (``assumptions``).

``Resolver`` turns the marks into [●] and collects the blanks. A signing version
(``--final``) refuses while a blank remains (build.py); assumptions are fine there, the parties
have seen them in the draft.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from coopdocs.check.findings import format_path
from coopdocs.check.schema import load_schema
from coopdocs.clauses.library import Choice, Module, walk
from coopdocs.clauses.outline import Outline
from coopdocs.errors import KeyPath
from coopdocs.fmt import Formatter, is_number
from coopdocs.model.document import (
    Annex,
    OpenPoint,
    Paragraph,
    Party,
    Section,
    SignatureBlock,
    Signer,
    Table,
)
from coopdocs.model.paths import found_at
from coopdocs.wording import Terms

PLACEHOLDER = "[●]"
_MARK, _MARK_END = "\ue020", "\ue021"
_MARKED = re.compile(f"{_MARK}(\\d+){_MARK_END}")


@dataclass(frozen=True)
class Blank:
    """A value the input lacks: its key path and what it is, in the document's language."""

    key: KeyPath
    label: str


class Blanks:
    """The blanks of one agreement, in the order the text asks for them."""

    def __init__(self) -> None:
        self.items: list[Blank] = []

    def add(self, key: KeyPath, label: str) -> str:
        """Record a blank; the mark to print where it stands (``resolve`` turns it into [●])."""
        self.items.append(Blank(key, label))
        return f"{_MARK}{len(self.items) - 1}{_MARK_END}"

    def partner(self, index: int, key: str, label: str) -> str:
        """A blank for ``partners[index].key`` (the Rubrum, signatures and Anlage 1 ask)."""
        return self.add(("partners", index, key), label)

    def function(self) -> Callable[..., str]:
        """``blank(key, label)`` for clause texts.

        The key is relative to ``item`` in modules with ``each`` (the context's
        ``item_path``), else a dotted path from the top of the input.
        """

        @pass_context
        def blank(context: Context, key: str, label: str) -> str:
            base: KeyPath = context.get("item_path", ())
            parts = (int(part) if part.isdigit() else part for part in key.split("."))
            return self.add((*base, *parts), label)

        return blank


class Resolver:
    """Turns blank marks into [●] and collects each blank once per place it stands."""

    def __init__(self, blanks: Blanks) -> None:
        self.blanks = blanks
        self._points: dict[tuple[str, int], OpenPoint] = {}

    @property
    def points(self) -> list[OpenPoint]:
        return list(self._points.values())

    def text(self, text: str, where: str) -> str:
        for match in _MARKED.finditer(text):
            index = int(match.group(1))
            blank = self.blanks.items[index]
            self._points.setdefault((where, index), OpenPoint(
                "blank", where, blank.label, PLACEHOLDER, format_path(blank.key), blank.key))
        return _MARKED.sub(PLACEHOLDER, text)

    def paragraphs(self, paragraphs: Sequence[Paragraph], where: Callable[[str], str]
                   ) -> tuple[Paragraph, ...]:
        """Paragraphs of a § or an annex; ``where`` names the place from the Absatz number."""
        result = []
        absatz = ""
        for para in paragraphs:
            if para.kind == "absatz":
                absatz = para.label.strip("()")
            text = self.text(para.text, where(absatz))
            result.append(para if text == para.text else dataclasses.replace(para, text=text))
        return tuple(result)

    def section(self, section: Section, terms: Terms) -> Section:
        name = section.number or section.title

        def where(absatz: str) -> str:
            return terms.text("where_absatz", section=name, absatz=absatz) if absatz else name

        return dataclasses.replace(section, paragraphs=self.paragraphs(section.paragraphs, where))

    def party(self, party: Party, where: str) -> Party:
        return dataclasses.replace(party, name=self.text(party.name, where),
                                   lines=tuple(self.text(line, where) for line in party.lines))

    def signature(self, block: SignatureBlock, where: str) -> SignatureBlock:
        return SignatureBlock(self.text(block.partner, where), tuple(
            Signer(self.text(s.name, where), self.text(s.function, where))
            for s in block.signers))

    def annex(self, annex: Annex) -> Annex:
        tables = tuple(dataclasses.replace(t, rows=tuple(
            tuple(self.text(cell, annex.label) for cell in row) for row in t.rows))
            for t in annex.tables)
        return dataclasses.replace(annex, tables=tables, paragraphs=self.paragraphs(
            annex.paragraphs, lambda _: annex.label))


# --- assumptions ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Field:
    """A schema field that names an assumption: its path pattern and its meta."""

    pattern: tuple[str, ...]  # "*" for any list index
    meta: Mapping[str, Any]


def assumptions(data: Mapping[str, Any], written: Mapping[str, Any], choices: Sequence[Choice],
                outline: Outline, *, texts: Mapping[str, str], terms: Terms,
                fmt: Formatter) -> list[OpenPoint]:
    """Every value of an ``assumption`` field that the user did not write.

    With the §§ and annexes of the included modules that read it; ``texts`` (the text of each
    § by module key and of each annex by label) confirm where a number actually stands, so a
    period a module reads only in another variant is not listed there. In the order of the
    agreement.
    """
    points = []
    for field in _assumption_fields():
        dotted = ".".join(p for p in field.pattern if p != "*")
        for path, value in walk(data, ".".join(field.pattern)):
            if found_at(written, path) or not _applies(field.meta["assumption"], data, path):
                continue
            sections, annexes = _places(dotted, _item_id(data, path), choices, outline)
            if is_number(value):
                sections = [s for s in sections if _mentions(texts.get(s, ""), value, fmt)]
                annexes = [a for a in annexes if _mentions(texts.get(a, ""), value, fmt)]
            if not sections and not annexes:
                continue  # no text of this agreement states it
            places = fmt.join([*([outline.refs(sections, fmt.join)] if sections else []),
                               *annexes])
            label = field.meta["assumption"]
            points.append(OpenPoint(
                "assumption", places, str(label.get(terms.language, label["en"])),
                _show(value, field.meta, terms, fmt), format_path(path), path))
    points += _text_assumptions(choices, outline, texts, terms, fmt)
    return sorted(points, key=_in_text_order)


def _in_text_order(point: OpenPoint) -> tuple[int, int]:
    """Where a point first stands: §§ in order, then annexes in order.

    A stable sort keeps the schema's order within one place.
    """
    match = re.search(r"§§?\s*(\d+)|(\d+)", point.where)
    if match is None:
        return (2, 0)
    return (0, int(match.group(1))) if match.group(1) else (1, int(match.group(2)))


_NUMBER_WORDS = {
    "de": ("null", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
           "zehn", "elf", "zwölf"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve"),
}


def _mentions(text: str, value: float, fmt: Formatter) -> bool:
    """Whether ``text`` states the number ``value``: in digits as printed, or as a word."""
    forms = {fmt.number(value)}
    if float(value).is_integer() and 0 <= value < len(_NUMBER_WORDS[fmt.language]):
        forms.add(_NUMBER_WORDS[fmt.language][int(value)])
    return any(re.search(rf"(?<![\w.,]){re.escape(form)}(?![\d,])", text, re.IGNORECASE)
               for form in forms)


def _text_assumptions(choices: Sequence[Choice], outline: Outline, texts: Mapping[str, str],
                      terms: Terms, fmt: Formatter) -> list[OpenPoint]:
    """The values included modules state without an input field (module.yaml ``assumes``)."""
    points = []
    for choice in choices:
        module = choice.module
        if not choice.included or not module.assumes:
            continue
        place = _places_of(choice, outline, fmt)
        for assumed in module.assumes:
            number = re.search(r"\d+", _in(assumed["value"], terms))
            if number and not _mentions(_text_of(choice, outline, texts), int(number.group()),
                                        fmt):
                continue  # the variant of the text that states it is not in this agreement
            points.append(OpenPoint(
                "assumption", place, _in(assumed["what"], terms), _in(assumed["value"], terms),
                terms.text("set_in_text", module=module.id)))
    return points


def _text_of(choice: Choice, outline: Outline, texts: Mapping[str, str]) -> str:
    """The rendered text of an included module: its §, or all its annexes."""
    if not choice.module.annex:
        return texts.get(choice.id, "")
    return " ".join(texts.get(label, "") for label in _annex_labels(choice.module, outline))


def _annex_labels(module: Module, outline: Outline) -> list[str]:
    """"Anlage n" of each annex an annex module gives (one, or one per item of ``each``)."""
    return [label for key, label in outline.annexes.items()
            if key == module.id or key.startswith(f"{module.id}.")]


def _in(texts: Mapping[str, str], terms: Terms) -> str:
    return texts.get(terms.language, texts.get("en", ""))


def _assumption_fields() -> list[_Field]:
    fields: list[_Field] = []

    def visit(schema: Mapping[str, Any], prefix: tuple[str, ...]) -> None:
        for key, rules in schema.items():
            if not isinstance(rules, Mapping):
                continue
            path = (*prefix, key)
            meta = rules.get("meta") or {}
            if "assumption" in meta:
                fields.append(_Field(path, meta))
            inner = rules.get("schema")
            if rules.get("type") == "list" and isinstance(inner, Mapping) \
                    and isinstance(inner.get("schema"), Mapping):
                visit(inner["schema"], (*path, "*"))
            elif rules.get("type") == "dict" and isinstance(inner, Mapping):
                visit(inner, path)

    visit(load_schema("cooperation"), ())
    return fields


def _places(dotted: str, item_id: str | None, choices: Sequence[Choice], outline: Outline
            ) -> tuple[list[str], list[str]]:
    """The § module keys and annex labels of the included modules that read ``dotted``.

    For a field of a list item, only the § or annex of that item when the module has one per
    item.
    """
    sections: list[str] = []
    annexes: list[str] = []
    for choice in choices:
        module = choice.module
        if not choice.included or dotted not in module.reads:
            continue
        if choice.item is not None and item_id is not None and choice.item.get("id") != item_id:
            continue
        if module.annex:
            key = module.id if module.each is None else f"{module.id}.{item_id}"
            if outline.has_annex(key) and outline.annex(key) not in annexes:
                annexes.append(outline.annex(key))
        elif module.numbered and choice.id not in sections:
            sections.append(choice.id)
    return sections, annexes


def _places_of(choice: Choice, outline: Outline, fmt: Formatter) -> str:
    """Where one included module stands: its § or its annexes."""
    module = choice.module
    if not module.annex:
        return outline.ref(choice.id) if module.numbered else module.title.get(
            fmt.language, module.id)
    return fmt.join(_annex_labels(module, outline))


def _applies(assumption: Mapping[str, Any], data: Mapping[str, Any], path: KeyPath) -> bool:
    """Whether a value takes effect, under the conditions of its ``assumption``.

    ``if: {key: value}`` names the settings under which it does (the number of arbitrators only
    with arbitration), ``given: [key]`` settings that must be given (not null),
    ``one_of: {key: [a, b]}`` settings that must have one of some values,
    ``contains: {key: item}`` lists that must hold an item. A plain key is a sibling of the
    value, a dotted key or one starting with "/" a path from the top of the input; compared
    with the normalized data.
    """
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]

    def value(key: str) -> Any:
        node: Any = data if "." in key or key.startswith("/") else parent
        for part in key.removeprefix("/").split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        return node

    conditions = (
        all(value(key) == wanted for key, wanted in (assumption.get("if") or {}).items()),
        all(value(key) is not None for key in assumption.get("given") or ()),
        all(value(key) in allowed
            for key, allowed in (assumption.get("one_of") or {}).items()),
        all(wanted in (value(key) or ()) for key, wanted in
            (assumption.get("contains") or {}).items()),
    )
    return all(conditions)


def _item_id(data: Mapping[str, Any], path: KeyPath) -> str | None:
    """The id of the list item a path leads into (an activity), None outside lists."""
    node: Any = data
    for i, part in enumerate(path):
        node = node[part]
        if isinstance(part, int):
            return str(node["id"]) if isinstance(node, Mapping) and "id" in node else None
        if i == len(path) - 1:
            break
    return None


def _show(value: Any, meta: Mapping[str, Any], terms: Terms, fmt: Formatter) -> str:
    """A value as the list prints it: with its unit, an enum value in words, yes/no."""
    labels = meta.get("values") or {}
    if isinstance(value, list):
        shown = [_show(v, {"assumption": {}, "values": labels}, terms, fmt) for v in value]
        return fmt.join(shown) or terms.text("none_value")
    if value in labels:  # an enum value in words, also None ("null:" in the schema)
        label = labels[value]
        return str(label.get(terms.language, label["en"]))
    if value is None or isinstance(value, bool):
        return terms.text({None: "none_value", True: "yes", False: "no"}[value])
    if isinstance(value, str):
        return value
    return _quantity(value, meta["assumption"].get("unit"), terms, fmt)


def _quantity(value: float, unit: str | None, terms: Terms, fmt: Formatter) -> str:
    """A number in its unit: "3 Monate", "1 Jahr", "20.000,00 €", "15 %"."""
    if unit == "money":
        return fmt.money(value)
    if unit == "percent":
        return fmt.percent(value)
    if unit is None:
        return fmt.number(value)
    return terms.text(f"unit_{unit}_one") if value == 1 else \
        terms.text(f"unit_{unit}", n=fmt.number(value))


def point_tables(points: Sequence[OpenPoint], terms: Terms) -> tuple[Table, ...]:
    """The open points as a draft's first page shows them: blanks, then assumptions."""
    blanks = [p for p in points if p.kind == "blank"]
    assumed = [p for p in points if p.kind == "assumption"]
    tables = []
    if blanks:
        tables.append(Table(terms.text("open_blanks_caption"), terms.table("open_blanks"), tuple(
            (str(i), p.where, p.what, p.key) for i, p in enumerate(blanks, start=1))))
    if assumed:
        tables.append(Table(terms.text("open_assumptions_caption"),
                            terms.table("open_assumptions"), tuple(
                                (str(i), p.where, p.what, p.value, p.key)
                                for i, p in enumerate(assumed, start=1))))
    return tuple(tables)
