"""Numbering: § numbers for the included modules, Absatz and item labels, annex numbers.

Cross-references in clause texts (``ref("liability")`` → "§ 6") are resolved here, before any
text is rendered, so the document never carries stale Word fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from coopdocs.clauses import Choice
from coopdocs.docmodel import Paragraph
from coopdocs.errors import ClauseError
from coopdocs.markup import Block


@dataclass(frozen=True)
class Outline:
    """§ numbers by module id and annex labels by key."""

    numbers: Mapping[str, int]
    annexes: Mapping[str, str]
    annex_word: str

    def ref(self, module_id: str) -> str:
        """"§ n" of an included module; a ClauseError for a module that is out."""
        if module_id not in self.numbers:
            raise ClauseError(
                f"the text refers to module '{module_id}', which is not in this agreement; "
                f"guard the reference with included(\"{module_id}\")"
            )
        return f"§\u00a0{self.numbers[module_id]}"

    def refs(self, module_ids: Sequence[str], join: Callable[[Sequence[str]], str]) -> str:
        """"§ 6" or "§§ 6, 7 und 13" for the included ones of ``module_ids`` ("" for none)."""
        numbers = [str(self.numbers[m]) for m in module_ids if m in self.numbers]
        if len(numbers) <= 1:
            return f"§\u00a0{numbers[0]}" if numbers else ""
        return f"§§\u00a0{join(numbers)}"

    def included(self, module_id: str) -> bool:
        return module_id in self.numbers

    def annex(self, key: str) -> str:
        if key not in self.annexes:
            raise ClauseError(f"the text refers to annex '{key}', which this agreement does not "
                              f"have; guard it with has_annex(\"{key}\")")
        return self.annexes[key]

    def has_annex(self, key: str) -> bool:
        return key in self.annexes


def make_outline(choices: Sequence[Choice], annex_keys: Sequence[str], annex_word: str
                 ) -> Outline:
    """Number the included, numbered modules 1..n in agreement order; annexes 1..m."""
    numbered = [c.module.id for c in choices if c.included and c.module.numbered]
    numbers = {module_id: i for i, module_id in enumerate(numbered, start=1)}
    annexes = {key: f"{annex_word}\u00a0{i}" for i, key in enumerate(annex_keys, start=1)}
    return Outline(numbers, annexes, annex_word)


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
            Paragraph("item", f"{_letter(j)})", item) for j, item in enumerate(block.items)
        )
    return tuple(paragraphs)


def _letter(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]
