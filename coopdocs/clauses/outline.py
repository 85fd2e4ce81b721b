"""Numbering: § numbers for the included modules, Absatz and item labels, annex numbers.

Cross-references in clause texts (``ref("liability")`` → "§ 6") are resolved here, before any
text is rendered, so the document never carries stale Word fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from coopdocs.clauses.library import Choice
from coopdocs.clauses.markup import Block
from coopdocs.errors import ClauseError
from coopdocs.i18n import _
from coopdocs.model.document import Paragraph


@dataclass(frozen=True)
class Outline:
    """§ numbers by module id and annex labels by key.

    ``assigned`` keeps every § number and annex label ever given in this agreement's history
    (also of units an amendment removed), so a later version never reuses one.
    """

    numbers: Mapping[str, str]
    annexes: Mapping[str, str]
    annex_word: str
    assigned: Mapping[str, str] = field(default_factory=dict)

    def ref(self, module_id: str) -> str:
        """"§ n" of an included module; a ClauseError for a module that is out."""
        if module_id not in self.numbers:
            raise ClauseError(
                _("the text refers to module '{module}', which is not in this agreement; "
                  "guard the reference with included(\"{module}\")").format(module=module_id)
            )
        return f"§\u00a0{self.numbers[module_id]}"

    def refs(self, module_ids: Sequence[str], join: Callable[[Sequence[str]], str]) -> str:
        """"§ 6" or "§§ 6, 7 und 13" for the included ones of ``module_ids`` ("" for none).

        In the order of the agreement, whatever the order asked for.
        """
        numbers = sorted({self.numbers[m] for m in module_ids if m in self.numbers},
                         key=_number_order)
        if len(numbers) <= 1:
            return f"§\u00a0{numbers[0]}" if numbers else ""
        return f"§§\u00a0{join(numbers)}"

    def included(self, module_id: str) -> bool:
        return module_id in self.numbers

    def annex(self, key: str) -> str:
        if key not in self.annexes:
            raise ClauseError(_("the text refers to annex '{key}', which this agreement does not "
                                "have; guard it with has_annex(\"{key}\")").format(key=key))
        return self.annexes[key]

    def has_annex(self, key: str) -> bool:
        return key in self.annexes


def _number_order(number: str) -> tuple[int, str]:
    """"7" < "7a" < "10": a § number's place in the agreement."""
    digits = "".join(c for c in number if c.isdigit())
    return int(digits or 0), number[len(digits):]


def make_outline(choices: Sequence[Choice], annex_keys: Sequence[str], annex_word: str, *,
                 keep: Outline | None = None) -> Outline:
    """Number the included, numbered modules 1..n in agreement order; annexes 1..m.

    With ``keep`` (the outline of the version this one amends), units keep their numbers; a new
    unit gets the number of the unit before it with a letter ("§ 7a", "Anlage 2a"), or the next
    number at the end, so no existing number ever shifts.
    """
    numbered = [c.id for c in choices if c.included and c.module.numbered]
    earlier = dict(keep.assigned) if keep else {}
    numbers = stable_numbers(numbered, {k: v for k, v in earlier.items() if "#" not in k})
    annex_numbers = stable_numbers(list(annex_keys), {k[1:]: v for k, v in earlier.items()
                                                      if k.startswith("#")})
    annexes = {key: f"{annex_word}\u00a0{n}" for key, n in annex_numbers.items()}
    assigned = {**earlier, **numbers, **{f"#{k}": v for k, v in annex_numbers.items()}}
    return Outline(numbers, annexes, annex_word, assigned)


def stable_numbers(keys: Sequence[str], earlier: Mapping[str, str]) -> dict[str, str]:
    """Numbers for ``keys`` in order: the earlier one where it exists, else a new one.

    A new key after the last numbered one gets the next whole number; otherwise the number of
    the key before it with the next free letter ("7" → "7a" → "7b"). Without ``earlier`` this is
    1..n.
    """
    taken = set(earlier.values())
    top = max((base_number(n) for n in taken), default=0)
    numbers: dict[str, str] = {}
    previous = ""
    for position, key in enumerate(keys):
        if key in earlier:
            numbers[key] = earlier[key]
        elif all(k not in earlier for k in keys[position:]) and base_number(previous or "0") >= top:
            top = max(top, base_number(previous or "0")) + 1
            numbers[key] = str(top)
        else:
            numbers[key] = next_letter(previous or "0", taken)
        taken.add(numbers[key])
        previous = numbers[key]
    return numbers


def base_number(number: str) -> int:
    """The whole number of a label: "7a" → 7, "(12)" → 12."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return int(digits or 0)


def next_letter(number: str, taken: set[str]) -> str:
    """The next free suffix after ``number``: "7" → "7a"; "7a" → "7b" (when free)."""
    stem = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    start = number[len(stem):]
    index = "abcdefghijklmnopqrstuvwxyz".index(start) + 1 if start else 0
    for suffix in "abcdefghijklmnopqrstuvwxyz"[index:]:
        if f"{stem}{suffix}" not in taken:
            return f"{stem}{suffix}"
    raise ClauseError(_("more than 26 units inserted after {number}; restate the agreement")
                      .format(number=stem))


def number_blocks(blocks: Sequence[Block], *, numbered_module: bool = True
                  ) -> tuple[Paragraph, ...]:
    """Absätze as (1), (2), …; a single Absatz stays unnumbered; items as a), b), ….

    Unnumbered modules (the preamble) keep plain paragraphs, as German drafting does.
    """
    numbered = numbered_module and len(blocks) > 1
    paragraphs: list[Paragraph] = []
    for i, block in enumerate(blocks, start=1):
        if block.lead or numbered:
            kind = "absatz" if numbered else "text"
            paragraphs.append(Paragraph(kind, f"({i})" if numbered else "", block.lead))
        paragraphs.extend(
            Paragraph("item", f"{letter(j)})", item) for j, item in enumerate(block.items)
        )
    return tuple(paragraphs)


def letter(index: int) -> str:
    """The list letter of an item: 0 → "a", 26 → "aa"."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]
