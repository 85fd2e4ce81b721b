"""The difference between two versions of an agreement, unit by unit (§, Absatz, annex, party).

``renumber_stably`` compares the version an amendment starts from (already stably numbered,
with removed units kept as "(weggefallen)") with the freshly composed next version. It relabels
the new version so that no existing number shifts: a kept Absatz keeps its label, an inserted
one gets the label before it with a letter ("(2a)") or, at the end of its §, the next number; a
removed one stays as a placeholder. Inside a changed Absatz the list items (Buchstaben) keep
their letters the same way: a removed item stays as "d) (weggefallen)", appended ones get the
next letters, and the change is said as small as it can be (items struck, re-enacted or
appended, one phrase replaced: amend.phrase) before the whole Absatz is re-enacted. The result
is the next stably numbered version and the list of changes the Nachtrag commands, the
Lesefassung notes and the redline are made from.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from coopdocs.amend.phrase import replaced_phrase
from coopdocs.clauses.outline import base_number, letter, next_letter
from coopdocs.model.document import AgreementDocument, Annex, Paragraph, Party, Section

Unit = tuple[Paragraph, ...]
# Marks that end a list item; "der Punkt am Ende wird durch ein Semikolon ersetzt" says a change
# of one of them when an item is appended after the last one or the last one is struck.
END_MARKS = ".,;:"
# Words that end an item before the last one ("b) …, und" is not one of them: re-enacted).
END_WORDS = ("und", "oder", "and", "or")
# An Absatz whose minimal commands would be more than these is re-enacted as a whole.
MAX_COMMANDS = 3
_LETTER = re.compile(r"[a-z]+\)")
_CLOSING = re.compile(rf"(?:[\s{END_MARKS}]|\b(?:{'|'.join(END_WORDS)})\b)*$")


@dataclass(frozen=True)
class Change:
    """One change between two versions; each becomes one command of the Nachtrag.

    ``kind``: replace_section, insert_section, delete_section, heading, replace_absatz,
    insert_absatz, append_absatz, delete_absatz, replace_annex, insert_annex, delete_annex,
    join, leave; inside an Absatz: replace_words (one phrase, ``old`` → ``new``), replace_end
    (the mark ending an item, ``old`` → ``new``), replace_item, strike_item, add_item. ``unit``
    is the section id or annex key (the party name for join and leave), ``label`` the Absatz
    label (also for the changes inside it), ``items`` the letters of the items a change
    amends ("d)"), ``anchor`` the number, label or party name after which a unit is inserted.
    ``section`` / ``paragraphs`` / ``annex`` / ``party`` carry the new text (the leaving party
    for leave).
    """

    kind: str
    unit: str
    number: str = ""
    label: str = ""
    anchor: str = ""
    section: Section | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    annex: Annex | None = None
    items: tuple[str, ...] = ()
    old: str = ""
    new: str = ""
    party: Party | None = None


PARTIES = "parties"  # the unit of the Rubrum and the signatures


def unit_of(change: Change) -> str:
    """The unit a change amends: its section id or annex key; PARTIES for join and leave."""
    return PARTIES if change.kind in ("join", "leave") else change.unit


def renumber_stably(old: AgreementDocument, new: AgreementDocument, repealed: str
          ) -> tuple[AgreementDocument, list[Change]]:
    """The stably numbered ``new`` and the changes from ``old`` to it.

    ``repealed`` is the word a removed unit shows ("(weggefallen)").
    """
    changes = _parties(old, new)
    sections = _sections(old.sections, new.sections, repealed, changes)
    annexes = _annexes(old.annexes, new.annexes, repealed, changes)
    return dataclasses.replace(new, sections=sections, annexes=annexes), changes


# --- parties ------------------------------------------------------------------------------------

def _parties(old: AgreementDocument, new: AgreementDocument) -> list[Change]:
    """A joining party with its Eingang block and the party it follows; a leaving one."""
    before = {p.name for p in old.parties}
    after = {p.name for p in new.parties}
    joins = [Change("join", party.name, anchor=new.parties[i - 1].name if i else "",
                    party=party)
             for i, party in enumerate(new.parties) if party.name not in before]
    leaves = [Change("leave", party.name, party=party)
              for party in old.parties if party.name not in after]
    return joins + leaves


# --- sections -----------------------------------------------------------------------------------

def _sections(old: Sequence[Section], new: Sequence[Section], repealed: str,
              changes: list[Change]) -> tuple[Section, ...]:
    before = {s.id: s for s in old}
    after = {s.id: s for s in new}
    result: list[Section] = []
    for section_id in merged_order([s.id for s in old], [s.id for s in new]):
        was, now = before.get(section_id), after.get(section_id)
        if was is not None and now is None:
            gone = dataclasses.replace(was, title=repealed, paragraphs=())
            if not _is_placeholder(was, repealed):
                changes.append(Change("delete_section", section_id, was.number))
            result.append(gone)
        elif now is not None and was is None:
            previous = result[-1].number if result else ""
            changes.append(Change("insert_section", section_id, now.number, anchor=previous,
                                  section=now))
            result.append(now)
        elif was is not None and now is not None:
            result.append(_section(was, now, repealed, changes))
    return tuple(result)


def merged_order(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """The new order, with units only the old version has kept at their old place."""
    order = list(new)
    for index, unit in enumerate(old):
        if unit not in order:
            earlier = [u for u in old[:index] if u in order]
            order.insert(order.index(earlier[-1]) + 1 if earlier else 0, unit)
    return order


def _is_placeholder(section: Section, repealed: str) -> bool:
    return section.title == repealed and not section.paragraphs


def _section(was: Section, now: Section, repealed: str, changes: list[Change]) -> Section:
    if was == now:
        return was
    if _is_placeholder(was, repealed) or _numbered(was) != _numbered(now) or not _numbered(now):
        changes.append(Change("replace_section", now.id, now.number, section=now))
        return now
    units, unit_changes = _absaetze(_units(was.paragraphs), _units(now.paragraphs), repealed)
    relabeled = dataclasses.replace(now, paragraphs=tuple(p for unit in units for p in unit))
    live = [u for u in _units(was.paragraphs) if u[0].text != repealed]
    # several commands inside one Absatz count as one changed Absatz
    if unit_changes is None or len({c.label for c in unit_changes}) > max(1, len(live) // 2):
        changes.append(Change("replace_section", now.id, now.number, section=relabeled))
        return relabeled
    if was.title != now.title:
        changes.append(Change("heading", now.id, now.number, section=relabeled))
    changes.extend(dataclasses.replace(c, unit=now.id, number=now.number) for c in unit_changes)
    return relabeled


def _numbered(section: Section) -> bool:
    return any(p.kind == "absatz" for p in section.paragraphs)


def _units(paragraphs: Sequence[Paragraph]) -> list[Unit]:
    """Absätze with their list items; every other paragraph on its own."""
    units: list[list[Paragraph]] = []
    for paragraph in paragraphs:
        if paragraph.kind == "item" and units:
            units[-1].append(paragraph)
        else:
            units.append([paragraph])
    return [tuple(unit) for unit in units]


def _key(unit: Unit, repealed: str) -> str:
    """What an Absatz says: its text and its items without their letters and placeholders.

    A stably lettered Absatz ("c)", "d) (weggefallen)", "e)") and the freshly lettered one
    composed next ("c)", "d)") say the same.
    """
    return "\n".join(p.text for p in unit if p.kind != "item" or p.text != repealed)


def _plain(unit: Unit) -> str:
    return "\n".join(f"{p.label} {p.text}" if p.kind == "item" else p.text for p in unit)


def _absaetze(old: list[Unit], new: list[Unit], repealed: str
              ) -> tuple[list[Unit], list[Change] | None]:
    """The new Absätze with stable labels and their changes.

    None instead of the changes when only a new version of the whole § can say it (an Absatz
    inserted before the first one).
    """
    matcher = difflib.SequenceMatcher(a=[_key(u, repealed) for u in old],
                                      b=[_key(u, repealed) for u in new], autojunk=False)
    result: list[Unit] = []
    changes: list[Change] = []
    taken = {u[0].label for u in old}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else (i2 - i1 if op == "equal" else 0)
        for k in range(pairs):
            if op == "equal":  # the old unit keeps the letters of its items
                result.append(old[i1 + k])
                continue
            unit, unit_changes = _absatz(old[i1 + k], new[j1 + k], repealed)
            changes.extend(unit_changes)
            result.append(unit)
        for k in range(i1 + pairs, i2):
            label = old[k][0].label
            result.append((Paragraph("absatz", label, repealed),))
            if old[k][0].text != repealed:
                changes.append(Change("delete_absatz", "", label=label))
        at_end = i2 == len(old)
        for k in range(j1 + pairs, j2):
            if not result:
                return new, None
            label = _next_label(result[-1][0].label, taken, at_end=at_end)
            taken.add(label)
            unit = _labeled(new[k], label)
            kind = "append_absatz" if at_end else "insert_absatz"
            changes.append(Change(kind, "", label=label, anchor=result[-1][0].label,
                                  paragraphs=unit))
            result.append(unit)
    return result, changes


def _absatz(was: Unit, now: Unit, repealed: str) -> tuple[Unit, list[Change]]:
    """The changed Absatz ``now`` under the label of ``was``, and its changes.

    The minimal commands where they say it; else the Absatz re-enacted with the letters as
    composed ("wird wie folgt neu gefasst").
    """
    fresh = _labeled(now, was[0].label)
    minimal = _inside(was, fresh, repealed)
    if minimal is None:
        return fresh, [Change("replace_absatz", "", label=fresh[0].label, paragraphs=fresh)]
    return minimal


def _inside(was: Unit, now: Unit, repealed: str) -> tuple[Unit, list[Change]] | None:
    """The stably lettered Absatz and its minimal changes, or None to re-enact it.

    Items keep their letters: a removed one stays as a placeholder, appended ones get the next
    letters. An item inserted between others has no letter of its own (no "ca)" convention in
    the agreement), and more than MAX_COMMANDS commands, or whole items re-enacted for more
    than half of them, say less than the Absatz itself: both give None.
    """
    label, live = was[0].label, _live(was, repealed)
    lettered = all(_LETTER.fullmatch(p.label) for p in (*was[1:], *now[1:]))
    if was[0].kind != "absatz" or not lettered or (len(now) > 1 and not live):
        return None
    lead = _lead_change(was, now, label)
    items = _item_changes(was, now, repealed)
    if lead is None or items is None:
        return None
    unit, changes = items[0], [*lead, *items[1]]
    whole = sum(c.kind == "replace_item" for c in changes)
    struck = sum(len(c.items) for c in changes if c.kind == "strike_item")
    if len(changes) > MAX_COMMANDS or whole > max(1, len(live) // 2) or struck == len(live) > 0:
        return None
    return unit, changes


def _live(unit: Unit, repealed: str) -> list[Paragraph]:
    return [p for p in unit[1:] if p.text != repealed]


def _lead_change(was: Unit, now: Unit, label: str) -> list[Change] | None:
    """The change of the text before the items: one phrase, or None when it is more."""
    if was[0].text == now[0].text:
        return []
    phrase = replaced_phrase(was[0].text, now[0].text, within=_plain(was))
    if phrase is None:
        return None
    return [Change("replace_words", "", label=label, old=phrase.old, new=phrase.new)]


def _item_changes(was: Unit, now: Unit, repealed: str) -> tuple[Unit, list[Change]] | None:
    """The items of ``now`` with the letters of ``was``, and the commands that get there."""
    label, live = was[0].label, _live(was, repealed)
    aligned = _aligned(live, now[1:], repealed)
    if aligned is None:
        return None
    kept, added = aligned
    changes = _each([_item_change(label, p, kept[p.label]) for p in live
                     if kept[p.label].text not in (p.text, repealed)])
    struck = tuple(p.label for p in live if kept[p.label].text == repealed)
    if struck:
        changes.append(Change("strike_item", "", label=label, items=struck))
    appended = _appended(added, was[1:])
    if appended:
        changes.append(Change("add_item", "", label=label, paragraphs=appended,
                              items=tuple(p.label for p in appended)))
    items = tuple(kept.get(p.label, p) for p in was[1:]) + appended
    return now[0:1] + items, changes


def _aligned(live: Sequence[Paragraph], fresh: Sequence[Paragraph], repealed: str
             ) -> tuple[dict[str, Paragraph], list[Paragraph]] | None:
    """Each live item's successor under its letter, and the items appended after the last one.

    An item that went is a placeholder under its letter. None when the pairing would be a guess
    or a new item stands between others.
    """
    matcher = difflib.SequenceMatcher(a=[_item_key(p.text) for p in live],
                                      b=[_item_key(p.text) for p in fresh], autojunk=False)
    kept: dict[str, Paragraph] = {}
    added: list[Paragraph] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("replace", "delete") and i2 - i1 > j2 - j1 and j2 > j1:
            return None  # fewer items in place of more: which one went is a guess
        if op in ("insert", "replace") and j2 - j1 > i2 - i1 and i2 < len(live):
            return None  # an item between others: no letter for it
        for k in range(i1, i2):
            new = fresh[j1 + k - i1] if j1 + k - i1 < j2 else None
            kept[live[k].label] = (dataclasses.replace(new, label=live[k].label) if new
                                   else Paragraph("item", live[k].label, repealed))
        added.extend(fresh[j1 + (i2 - i1):j2])
    return kept, added


def _item_key(text: str) -> str:
    """An item's text without what ends it in a list ("…,", "… und", "….").

    The last item gains a comma when one is appended after it, and loses "und" when the one after
    it goes; it is still the same item, changed at its end.
    """
    return _CLOSING.sub("", text)


def _closing(text: str) -> str:
    """What ends an item: a mark ("," "." ";" ":") or a word ("und", "oder"); "" for other."""
    end = text[len(_item_key(text)):]
    if (len(end) == 1 and end in END_MARKS) or (end[:1] == " " and end[1:] in END_WORDS):
        return end.strip()
    return ""


def _item_change(label: str, old: Paragraph, new: Paragraph) -> Change:
    """An item's new ending ("das Komma am Ende"), one phrase of it, or the item re-enacted."""
    items = (old.label,)
    ends = _closing(old.text), _closing(new.text)
    if _item_key(old.text) == _item_key(new.text) and all(ends):
        return Change("replace_end", "", label=label, items=items, old=ends[0], new=ends[1])
    phrase = replaced_phrase(old.text, new.text)
    if phrase is not None:
        return Change("replace_words", "", label=label, items=items, old=phrase.old,
                      new=phrase.new)
    return Change("replace_item", "", label=label, items=items, paragraphs=(new,))


def _each(changes: Sequence[Change]) -> list[Change]:
    """The same phrase replaced in several items: one command for all ("jeweils")."""
    merged: list[Change] = []
    for change in changes:
        same = next((i for i, c in enumerate(merged) if c.kind == change.kind == "replace_words"
                     and (c.old, c.new) == (change.old, change.new)), None)
        if same is None:
            merged.append(change)
        else:
            merged[same] = dataclasses.replace(merged[same],
                                               items=merged[same].items + change.items)
    return merged


def _appended(added: Sequence[Paragraph], items: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """Appended items lettered after the last letter the Absatz ever had."""
    start = max((_letter_index(p.label) for p in items), default=-1) + 1
    return tuple(dataclasses.replace(p, label=f"{letter(start + i)})")
                 for i, p in enumerate(added))


def _letter_index(label: str) -> int:
    """"a)" → 0, "z)" → 25, "aa)" → 26: the inverse of clauses.outline.letter."""
    letters = label.rstrip(")")
    index = 0
    for char in letters:
        index = index * 26 + "abcdefghijklmnopqrstuvwxyz".index(char) + 1
    return index - 1


def _labeled(unit: tuple[Paragraph, ...], label: str) -> tuple[Paragraph, ...]:
    head = unit[0]
    if head.kind != "absatz":
        return unit
    return (dataclasses.replace(head, label=label), *unit[1:])


def _next_label(label: str, taken: set[str], *, at_end: bool) -> str:
    """After "(2)": "(2a)"; at the end of a §, the next number: "(5)" (as § numbers do)."""
    if at_end:
        return f"({max((base_number(t) for t in taken), default=0) + 1})"
    return f"({next_letter(label.strip('()'), {t.strip('()') for t in taken})})"


# --- annexes ------------------------------------------------------------------------------------

def _annexes(old: Sequence[Annex], new: Sequence[Annex], repealed: str,
             changes: list[Change]) -> tuple[Annex, ...]:
    before = {a.key: a for a in old}
    after = {a.key: a for a in new}
    result: list[Annex] = []
    for key in merged_order([a.key for a in old], [a.key for a in new]):
        was, now = before.get(key), after.get(key)
        if was is not None and now is None:
            if not (was.title == repealed and not was.tables and not was.paragraphs):
                changes.append(Change("delete_annex", key, was.label))
            result.append(dataclasses.replace(was, title=repealed, tables=(), paragraphs=()))
        elif now is not None and was is None:
            anchor = result[-1].label if result else ""
            changes.append(Change("insert_annex", key, now.label, anchor=anchor, annex=now))
            result.append(now)
        elif was is not None and now is not None:
            if was != now:
                changes.append(Change("replace_annex", key, now.label, annex=now))
            result.append(now)
    return tuple(result)
