"""The clause library: load modules, select them by their declared rules, explain the choice.

A module is a folder ``clauses/<id>/`` with ``module.yaml`` and one text per language
(``de.md``, ``en.md``); see docs/clause-modules.md. Selection is pure: the same cooperation
gives the same choices, each with the condition and the field values that decided it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopdocs.check.findings import format_path
from coopdocs.check.rules import Catalog
from coopdocs.errors import ClauseError, Location
from coopdocs.i18n import N_, _, ngettext, translated
from coopdocs.resources import parse_yaml, read_text, resource_dir

_REQUIRED = ("id", "version", "order", "numbered", "mandatory", "title", "summary", "when", "reads")
_OPTIONAL = ("annex", "parent", "each", "where", "assumes")
_TESTS = ("given", "nonempty", "true", "equals", "contains", "more_than")


@dataclass(frozen=True)
class Module:
    """One clause module: metadata plus the text source per language."""

    id: str
    version: int
    order: int
    numbered: bool
    mandatory: bool
    title: Mapping[str, str]
    summary: str
    when: Mapping[str, Any]
    reads: tuple[str, ...]
    texts: Mapping[str, str]
    folder: Path
    annex: bool = False
    parent: str | None = None
    each: str | None = None
    where: Mapping[str, Any] | None = None
    # values the text proposes without an input field (a period, an institution): listed as
    # assumptions of the draft, [{what: {de, en}, value: {de, en}}]
    assumes: tuple[Mapping[str, Mapping[str, str]], ...] = ()


@dataclass(frozen=True)
class Choice:
    """Whether a module is in the agreement and why.

    A § module with ``each`` gives one choice per item it is rendered for (an activity): ``key``
    is then ``<module id>.<item id>`` and ``item`` the item; otherwise ``key`` is the module id.
    """

    module: Module
    included: bool
    reason: str
    rule: str | None = None
    evidence: tuple[str, ...] = ()
    key: str = ""
    item: Mapping[str, Any] | None = None
    path: tuple[str | int, ...] = ()  # the item's key path in the input

    @property
    def id(self) -> str:
        """The § key: the module id, or ``<module id>.<item id>`` for one item of ``each``."""
        return self.key or self.module.id


Library = Mapping[str, Module]


def load_library(extra: Path | None = None) -> dict[str, Module]:
    """The shipped modules, with those of ``extra`` (``--clauses DIR``) added or replacing."""
    library = _load_folder(resource_dir("clauses"))
    if extra is not None:
        library.update(_load_folder(extra))
    return dict(sorted(library.items(), key=lambda item: (item[1].order, item[0])))


def catalog(library: Library) -> Catalog:
    """What validation needs to know about the library."""
    return Catalog(
        modules=frozenset(library),
        mandatory=frozenset(m.id for m in library.values() if m.mandatory),
        languages={m.id: frozenset(m.texts) for m in library.values()},
    )


def _load_folder(folder: Path) -> dict[str, Module]:
    if not folder.is_dir():
        raise ClauseError(_("the clause library folder does not exist"), Location(folder))
    modules = (_load_module(meta) for meta in sorted(folder.glob("*/module.yaml")))
    return {module.id: module for module in modules}


def _load_module(meta_path: Path) -> Module:
    text = read_text(meta_path, ClauseError)
    meta = parse_yaml(text, meta_path, ClauseError)
    _check_meta(meta_path, meta, text)
    folder = meta_path.parent
    # The texts are compiled on first use (clauses.markup), not here: a command that only
    # validates needs none of them. ``coopdocs clauses check`` compiles them all.
    texts = {p.stem: read_text(p, ClauseError) for p in sorted(folder.glob("*.md"))}
    return Module(
        id=meta["id"], version=int(meta["version"]), order=int(meta["order"]),
        numbered=bool(meta["numbered"]), mandatory=bool(meta["mandatory"]),
        title=dict(meta["title"]), summary=str(meta["summary"]), when=meta["when"],
        reads=tuple(meta["reads"]), texts=texts, folder=folder,
        annex=bool(meta.get("annex", False)), parent=meta.get("parent"), each=meta.get("each"),
        where=meta.get("where"), assumes=tuple(meta.get("assumes", ())),
    )


# What each key of module.yaml holds (docs/clause-modules.md), as (test, description).
# The descriptions are translated where they are shown.
_SHAPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "id": (lambda v: isinstance(v, str), N_("a text")),
    "version": (lambda v: isinstance(v, int) and not isinstance(v, bool), N_("a whole number")),
    "order": (lambda v: isinstance(v, int) and not isinstance(v, bool), N_("a whole number")),
    "numbered": (lambda v: isinstance(v, bool), N_("true or false")),
    "mandatory": (lambda v: isinstance(v, bool), N_("true or false")),
    "annex": (lambda v: isinstance(v, bool), N_("true or false")),
    "title": (lambda v: isinstance(v, dict) and all(isinstance(t, str) for t in v.values()),
              N_("a text per language ({de: …, en: …})")),
    "summary": (lambda v: isinstance(v, str), N_("a text")),
    "when": (lambda v: isinstance(v, dict) and all(
        isinstance(v.get(k, []), list) for k in ("any", "all")),
        N_("a mapping with always, any or all (any and all hold lists of conditions)")),
    "reads": (lambda v: isinstance(v, list) and all(isinstance(r, str) for r in v),
              N_("a list of field paths")),
    "parent": (lambda v: v is None or isinstance(v, str), N_("a module id")),
    "each": (lambda v: v is None or isinstance(v, str), N_("a field path")),
    "where": (lambda v: isinstance(v, dict) and all(isinstance(k, str) for k in v),
              N_("a mapping of item field: value")),
    "assumes": (lambda v: isinstance(v, list) and all(
        isinstance(a, dict) and set(a) == {"what", "value"}
        and all(isinstance(a[k], dict) and all(isinstance(t, str) for t in a[k].values())
                for k in ("what", "value")) for a in v),
        N_("a list of {what: {de: …, en: …}, value: {de: …, en: …}}")),
}


def _check_meta(path: Path, meta: Any, text: str) -> None:
    _check_keys(path, meta, text)
    if meta["id"] != path.parent.name:
        raise ClauseError(_("id '{id}' differs from the folder name '{folder}'").format(
            id=meta["id"], folder=path.parent.name), Location(path, 1, 1))
    if meta.get("annex") and meta["numbered"]:
        raise ClauseError(_("an annex module is not numbered as a §; set numbered: false"),
                          Location(path, 1, 1))
    if meta.get("parent") and not meta.get("annex"):
        raise ClauseError(_("'parent' belongs to annex modules; add annex: true"),
                          Location(path, *_key_position(text, "parent")))
    if meta.get("each") and not (meta.get("annex") or meta.get("where")):
        raise ClauseError(_("a § with 'each' needs 'where' (which items it is for, e.g. "
                            "{type: supply}); or add annex: true for an annex per item"),
                          Location(path, *_key_position(text, "each")))
    if meta.get("where") and not meta.get("each"):
        raise ClauseError(_("'where' selects items of 'each'; add each: <list field>"),
                          Location(path, *_key_position(text, "where")))
    for condition in _conditions(meta["when"]):
        if not _is_condition(condition):
            raise ClauseError(_("bad condition {condition} in 'when'; a condition has path, test "
                                "and reason (and a number as value for more_than); tests: "
                                "{tests}").format(condition=condition, tests=", ".join(_TESTS)),
                              Location(path, *_key_position(text, "when")))


def _check_keys(path: Path, meta: Any, text: str) -> None:
    """module.yaml is a mapping of the known keys, each holding what it should."""
    if not isinstance(meta, dict):
        raise ClauseError(_("module.yaml must be a mapping"), Location(path, 1, 1))
    unknown = [key for key in meta if key not in _REQUIRED + _OPTIONAL]
    if unknown:
        close = difflib.get_close_matches(str(unknown[0]), _REQUIRED + _OPTIONAL, n=1)
        message = (_("unknown key '{key}' in module.yaml; did you mean '{close}'?") if close
                   else _("unknown key '{key}' in module.yaml"))
        raise ClauseError(message.format(key=unknown[0], close=close[0] if close else ""),
                          Location(path, *_key_position(text, str(unknown[0]))))
    missing = [key for key in _REQUIRED if key not in meta]
    if missing:
        raise ClauseError(_("module.yaml lacks {keys}").format(keys=", ".join(missing)),
                          Location(path, 1, 1))
    for key, value in meta.items():
        test, shape = _SHAPES[key]
        if not test(value):
            raise ClauseError(_("'{key}' in module.yaml must be {shape}").format(
                key=key, shape=translated(shape)), Location(path, *_key_position(text, key)))


def _is_condition(condition: Any) -> bool:
    if not isinstance(condition, dict) or condition.get("test") not in _TESTS:
        return False
    if "path" not in condition or "reason" not in condition:
        return False
    value = condition.get("value")
    return condition["test"] != "more_than" or (
        isinstance(value, (int, float)) and not isinstance(value, bool))


def _key_position(text: str, key: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number, 1
    return 1, 1


def _conditions(when: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [c for key in ("any", "all") for c in when.get(key, [])]


# --- selection ---------------------------------------------------------------------------------

def select(library: Library, data: Mapping[str, Any], raw: Mapping[str, Any]) -> list[Choice]:
    """The choices in agreement order. ``raw`` is the file as written (for `given`).

    One choice per module; a § module with ``each`` (an operating § per activity) gives one
    choice per item its ``where`` selects, so each activity's § is in with its own evidence.
    """
    clauses = data.get("clauses", {})
    include, exclude = clauses.get("include", []), clauses.get("exclude", [])
    choices = {m.id: _choose(m, data, raw, include, exclude) for m in library.values()}
    return [expanded for choice in choices.values()
            for expanded in _per_item(_with_parent(choice, choices), data)]


def each_items(data: Mapping[str, Any], module: Module
               ) -> list[tuple[tuple[str | int, ...], Mapping[str, Any]]]:
    """(key path, item) of every item of the module's ``each`` list that its ``where`` selects."""
    if module.each is None:
        return []
    lists = [(path, value) for path, value in walk(data, module.each) if isinstance(value, list)]
    where = module.where or {}
    return [((*path, i), item) for path, items in lists[:1] for i, item in enumerate(items)
            if isinstance(item, Mapping) and all(item.get(k) == v for k, v in where.items())]


def _per_item(choice: Choice, data: Mapping[str, Any]) -> list[Choice]:
    """A § module with ``each``: one choice per selected item (none: one choice that is out)."""
    module = choice.module
    if module.annex or module.each is None or not choice.included:
        return [choice]
    items = each_items(data, module)
    if not items:
        wanted = ", ".join(f"{k} {v}" for k, v in (module.where or {}).items())
        return [Choice(module, False, _("no item of {list} has {wanted}").format(
            list=module.each, wanted=wanted))]
    return [Choice(module, True, choice.reason, choice.rule, tuple(
        f"{format_path((*path, key))} = {_show(item[key])}" for key in (module.where or {})),
        key=f"{module.id}.{item['id']}", item=item, path=path) for path, item in items]


def _with_parent(choice: Choice, choices: Mapping[str, Choice]) -> Choice:
    """An annex module is only in while the § it belongs to is in."""
    parent = choice.module.parent
    if not choice.included or parent is None:
        return choice
    if parent not in choices:
        return Choice(choice.module, False,
                      _("its § '{parent}' is not in the clause library").format(parent=parent))
    if not choices[parent].included:
        return Choice(choice.module, False,
                      _("its § '{parent}' is not in this agreement").format(parent=parent))
    return choice


def _choose(module: Module, data: Mapping[str, Any], raw: Mapping[str, Any],
            include: Sequence[str], exclude: Sequence[str]) -> Choice:
    if module.id in exclude and not module.mandatory:
        return Choice(module, False, _("left out by clauses.exclude"))
    if module.id in include:
        return Choice(module, True, _("added by clauses.include"))
    when = module.when
    if "always" in when:
        return Choice(module, True, _("always: {reason}").format(
            reason=translated(str(when["always"]))))
    if "all" in when:
        return _all(module, when["all"], data, raw)
    return _any(module, when.get("any", []), data, raw)


def _any(module: Module, conditions: Sequence[Mapping[str, Any]], data: Mapping[str, Any],
         raw: Mapping[str, Any]) -> Choice:
    for condition in conditions:
        evidence = _evidence(condition, data, raw)
        if evidence:
            return Choice(module, True, translated(str(condition["reason"])),
                          condition.get("rule"), evidence)
    paths = ", ".join(str(c["path"]) for c in conditions)
    return Choice(module, False, _("no condition holds ({paths})").format(paths=paths))


def _all(module: Module, conditions: Sequence[Mapping[str, Any]], data: Mapping[str, Any],
         raw: Mapping[str, Any]) -> Choice:
    evidence: list[str] = []
    for condition in conditions:
        found = _evidence(condition, data, raw)
        if not found:
            return Choice(module, False, _("not: {reason} ({path})").format(
                reason=translated(str(condition["reason"])), path=condition["path"]))
        evidence.extend(found)
    reasons = "; ".join(translated(str(c["reason"])) for c in conditions)
    return Choice(module, True, reasons, conditions[0].get("rule"), tuple(evidence))


def _evidence(condition: Mapping[str, Any], data: Mapping[str, Any], raw: Mapping[str, Any]
              ) -> tuple[str, ...]:
    """``path = value`` for every place where the condition holds (empty: it does not hold)."""
    test = condition["test"]
    source = raw if test == "given" else data
    hits = [(path, value) for path, value in walk(source, str(condition["path"]))
            if _holds(test, value, condition.get("value"))]
    return tuple(f"{format_path(path)} = {_show(value)}" for path, value in hits)


def _holds(test: str, value: Any, expected: Any) -> bool:
    if test == "given":
        return True
    if test == "nonempty":
        return bool(value)
    if test == "true":
        return value is True
    if test == "equals":
        return bool(value == expected)
    if test == "more_than":
        size = len(value) if isinstance(value, (list, Mapping)) else value
        return isinstance(size, (int, float)) and not isinstance(size, bool) and size > expected
    return isinstance(value, list) and expected in value


def walk(data: Any, dotted: str) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every (path, value) that ``dotted`` reaches; ``*`` walks all items of a list."""
    yield from _walk(data, dotted.split("."), ())


def _walk(node: Any, parts: list[str], path: tuple[str | int, ...]
          ) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if not parts:
        yield path, node
        return
    head, rest = parts[0], parts[1:]
    if head == "*" and isinstance(node, list):
        for i, item in enumerate(node):
            yield from _walk(item, rest, (*path, i))
    elif isinstance(node, Mapping) and head in node:
        yield from _walk(node[head], rest, (*path, head))


def _show(value: Any) -> str:
    if isinstance(value, list) and any(isinstance(v, (Mapping, list)) for v in value):
        return ngettext("{count} entry", "{count} entries", len(value)).format(count=len(value))
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(value) + "}"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
