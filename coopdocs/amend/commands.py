"""The amendment commands of a Nachtrag, one per change between two versions (research C.2).

Each change of amend.diff becomes a numbered command in the legislative style of the BMJ
Handbuch der Rechtsförmlichkeit ("§ 4 Absatz 2 wird wie folgt neu gefasst: „(2) …“", "Nach
§ 7 wird folgender § 7a eingefügt", "Anlage 2 wird durch die … beigefügte Fassung ersetzt"),
with the new text in quotation marks; replaced and inserted annexes are attached to the
Nachtrag. A change inside an Absatz is commanded as small as amend.diff found it: "In § 9
Absatz 1 wird die Angabe „12 Stunden“ durch die Angabe „24 Stunden“ ersetzt.", "In § 4 Absatz 2
wird Buchstabe d aufgehoben.", "Dem § 4 Absatz 2 wird folgender Buchstabe f angefügt: …". A
partner joining or leaving amends the Eingang ("Im Eingang wird die Angabe zu … gestrichen.").
``Commands.numbers`` says which command numbers amend which unit, so that the Nachtrag can say
when each takes effect.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from coopdocs.amend.diff import Change, unit_of
from coopdocs.model.document import Annex, Paragraph, Party
from coopdocs.wording import Terms


@dataclass(frozen=True)
class Commands:
    """A Nachtrag's commands.

    The numbered commands with their quoted texts, the attached annexes, and for each command
    number the unit it amends (``diff.unit_of``).
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
        numbers.append((number, unit_of(change)))
        paragraphs.append(Paragraph("absatz", f"{number}.", command))
        paragraphs.extend(_quote(change, words))
    return Commands(tuple(paragraphs), tuple(annexes), tuple(numbers))


def _count(paragraphs: Sequence[Paragraph]) -> int:
    return sum(p.kind == "absatz" for p in paragraphs) + 1


def _command(change: Change, words: Terms) -> str:
    if change.kind in ("join", "leave"):
        return _eingang(change, words)
    if change.kind == "replace_section" and not change.number:
        return words.text("replace_preamble")
    if change.kind.endswith("_annex"):
        return words.text(change.kind, label=change.number, anchor=change.anchor, new="")
    if change.kind in ("replace_words", "replace_end", "replace_item", "strike_item",
                       "add_item"):
        return _within_absatz(change, words)
    title = change.section.title if change.section else ""
    return words.text(change.kind, number=change.number, label=change.label.strip("()"),
                      anchor=change.anchor.strip("()"), title=title)


def _eingang(change: Change, words: Terms) -> str:
    """A party inserted into or struck from the Eingang, named as it stands there."""
    if change.kind == "leave":
        return words.text("leave", name=change.unit)
    if not change.anchor:
        return words.text("join_first")
    return words.text("join", anchor=change.anchor)


def _within_absatz(change: Change, words: Terms) -> str:
    """A command inside an Absatz: a phrase, an end mark, or items (Buchstaben)."""
    values = {"number": change.number, "label": change.label.strip("()"),
              "item": _items(change.items, words)}
    place = "where_items" if len(change.items) > 1 else "where_item" if change.items \
        else "where_absatz"
    where = words.text(place, **values)
    if change.kind == "replace_words":
        each = "_each" if len(change.items) > 1 else ""
        return words.text(f"replace_words{each}", where=where,
                          old=_phrase("phrase_replaced", change.old, words),
                          new=_phrase("phrase_replacing", change.new, words))
    if change.kind == "replace_end":
        return words.text("replace_end", where=where, old=_end("end_replaced", change.old, words),
                          new=_end("end_replacing", change.new, words))
    several = change.kind != "replace_item" and len(change.items) > 1
    return words.text(f"{change.kind}s" if several else change.kind, **values)


def _items(labels: Sequence[str], words: Terms) -> str:
    """"d" or "c und e" (German), "(d)" or "(c) and (e)" (English)."""
    return words.join([words.text("item_ref", item=label.rstrip(")")) for label in labels])


def _end(group: str, end: str, words: Terms) -> str:
    """"der Punkt", "ein Komma", … for a mark; "das Wort „oder“" for a word."""
    if end.isalpha():
        return words.text(f"{group.replace('end_', 'end_word_')}", text=end)
    return words.label(group, end)


def _phrase(group: str, text: str, words: Terms) -> str:
    """"die Angabe „12 Stunden“" for numbers and references, "das Wort „vier“", "die Wörter …"."""
    if any(char.isdigit() or char in "§%€$£" for char in text):
        kind = "angabe"
    else:
        kind = "word" if len(text.split()) == 1 and text.isalnum() else "words"
    return words.label(group, kind).format(text=text)


def _quote(change: Change, words: Terms) -> list[Paragraph]:
    """The new text of a change in quotation marks: „§ 7a Titel (1) … (2) …“."""
    if change.kind in ("replace_section", "insert_section") and change.section is not None:
        section = change.section
        lines = [Paragraph("quote", "", section.heading)] if section.number else []
        lines += [_quoted(p) for p in section.paragraphs]
    elif change.kind in ("replace_absatz", "insert_absatz", "append_absatz", "replace_item",
                         "add_item"):
        lines = [_quoted(p) for p in change.paragraphs]
    elif change.kind == "join" and change.party is not None:
        lines = _party_lines(change.party)
    else:
        return []
    opening, closing = words.text("quote_open"), words.text("quote_close")
    first = lines[0]
    lines[0] = (dataclasses.replace(first, label=f"{opening}{first.label}") if first.label
                else dataclasses.replace(first, text=f"{opening}{first.text}"))
    lines[-1] = dataclasses.replace(lines[-1], text=f"{lines[-1].text}{closing}")
    return lines


def _party_lines(party: Party) -> list[Paragraph]:
    """A party's block as the Eingang shows it: name, description lines, short name."""
    return [Paragraph("quote", "", text)
            for text in (party.name, *party.lines, party.short_name) if text]


def _quoted(paragraph: Paragraph) -> Paragraph:
    kind = "quote_item" if paragraph.kind == "item" else "quote"
    return Paragraph(kind, paragraph.label, paragraph.text)
