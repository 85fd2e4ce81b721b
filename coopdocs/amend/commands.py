"""The amendment commands of a Nachtrag, one per change between two versions (research C.2).

Each change of amend.diff becomes a numbered command in the legislative style of the BMJ
Handbuch der Rechtsförmlichkeit ("§ 4 Absatz 2 wird wie folgt neu gefasst: „(2) …“", "Nach
§ 7 wird folgender § 7a eingefügt", "Anlage 2 wird durch die … beigefügte Fassung ersetzt"),
with the new text in quotation marks; replaced and inserted annexes are attached to the
Nachtrag. ``Commands.numbers`` says which command numbers amend which unit, so that the
Nachtrag can say when each takes effect.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from coopdocs.amend.diff import Change
from coopdocs.model.document import Annex, Paragraph
from coopdocs.wording import Terms


@dataclass(frozen=True)
class Commands:
    """A Nachtrag's commands.

    The numbered commands with their quoted texts, the attached annexes, and for each command
    number the unit it amends (section id, annex key; "parties" for join and leave).
    """

    paragraphs: tuple[Paragraph, ...]
    annexes: tuple[Annex, ...]
    numbers: tuple[tuple[int, str], ...]


def commands(changes: Sequence[Change], words: Terms) -> Commands:
    """Numbered commands ("1.", "2.", …) with the quoted new text, and the attached annexes."""
    paragraphs: list[Paragraph] = []
    annexes: list[Annex] = []
    numbers: list[tuple[int, str]] = []
    for change in changes:
        if change.kind in ("replace_annex", "insert_annex") and change.annex is not None:
            label = words.text("annex_label", number=str(len(annexes) + 1))
            annexes.append(Annex(f"n{len(annexes) + 1}", label, words.text(
                "annex_title", label=change.annex.label, title=change.annex.title),
                change.annex.tables, change.annex.paragraphs))
            command = words.text(change.kind, label=change.number, new=label,
                                 anchor=change.anchor)
        else:
            command = _command(change, words)
        number = _count(paragraphs)
        numbers.append((number, "parties" if change.kind in ("join", "leave") else change.unit))
        paragraphs.append(Paragraph("absatz", f"{number}.", command))
        paragraphs.extend(_quote(change, words))
    return Commands(tuple(paragraphs), tuple(annexes), tuple(numbers))


def _count(paragraphs: Sequence[Paragraph]) -> int:
    return sum(p.kind == "absatz" for p in paragraphs) + 1


def _command(change: Change, words: Terms) -> str:
    if change.kind in ("join", "leave"):
        return words.text(change.kind, name=change.unit)
    if change.kind == "replace_section" and not change.number:
        return words.text("replace_preamble")
    if change.kind.endswith("_annex"):
        return words.text(change.kind, label=change.number, anchor=change.anchor, new="")
    title = change.section.title if change.section else ""
    return words.text(change.kind, number=change.number, label=change.label.strip("()"),
                      anchor=change.anchor.strip("()"), title=title)


def _quote(change: Change, words: Terms) -> list[Paragraph]:
    """The new text of a change in quotation marks: „§ 7a Titel (1) … (2) …“."""
    if change.kind in ("replace_section", "insert_section") and change.section is not None:
        section = change.section
        lines = [Paragraph("quote", "", section.heading)] if section.number else []
        lines += [_quoted(p) for p in section.paragraphs]
    elif change.kind in ("replace_absatz", "insert_absatz", "append_absatz"):
        lines = [_quoted(p) for p in change.paragraphs]
    else:
        return []
    opening, closing = words.text("quote_open"), words.text("quote_close")
    first = lines[0]
    lines[0] = (dataclasses.replace(first, label=f"{opening}{first.label}") if first.label
                else dataclasses.replace(first, text=f"{opening}{first.text}"))
    lines[-1] = dataclasses.replace(lines[-1], text=f"{lines[-1].text}{closing}")
    return lines


def _quoted(paragraph: Paragraph) -> Paragraph:
    kind = "quote_item" if paragraph.kind == "item" else "quote"
    return Paragraph(kind, paragraph.label, paragraph.text)


