"""The difference between two versions of an agreement, unit by unit (§, Absatz, annex, party).

``renumber_stably`` compares the version an amendment starts from (already stably numbered,
with removed units kept as "(weggefallen)") with the freshly composed next version. It relabels
the new version so that no existing number shifts: a kept Absatz keeps its label, an inserted
one gets the label before it with a letter ("(2a)") or, at the end of its §, the next number; a
removed one stays as a placeholder. The result is the next stably numbered version and the list of
changes the Nachtrag commands, the Lesefassung notes and the redline are made from.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from coopdocs.clauses.outline import base_number, next_letter
from coopdocs.model.document import AgreementDocument, Annex, Paragraph, Section


@dataclass(frozen=True)
class Change:
    """One change between two versions.

    ``kind``: replace_section, insert_section, delete_section, heading, replace_absatz,
    insert_absatz, append_absatz, delete_absatz, replace_annex, insert_annex, delete_annex,
    join, leave. ``unit`` is the section id or annex key (the party name for join and leave),
    ``label`` the Absatz label, ``anchor`` the number or label after which a unit is inserted.
    ``section`` / ``paragraphs`` / ``annex`` carry the new text.
    """

    kind: str
    unit: str
    number: str = ""
    label: str = ""
    anchor: str = ""
    section: Section | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    annex: Annex | None = None


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
    before = [p.name for p in old.parties]
    after = [p.name for p in new.parties]
    return ([Change("join", name) for name in after if name not in before]
            + [Change("leave", name) for name in before if name not in after])


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
    if unit_changes is None or len(unit_changes) > max(1, len(live) // 2):
        changes.append(Change("replace_section", now.id, now.number, section=relabeled))
        return relabeled
    if was.title != now.title:
        changes.append(Change("heading", now.id, now.number, section=relabeled))
    changes.extend(dataclasses.replace(c, unit=now.id, number=now.number) for c in unit_changes)
    return relabeled


def _numbered(section: Section) -> bool:
    return any(p.kind == "absatz" for p in section.paragraphs)


def _units(paragraphs: Sequence[Paragraph]) -> list[tuple[Paragraph, ...]]:
    """Absätze with their list items; every other paragraph on its own."""
    units: list[list[Paragraph]] = []
    for paragraph in paragraphs:
        if paragraph.kind == "item" and units:
            units[-1].append(paragraph)
        else:
            units.append([paragraph])
    return [tuple(unit) for unit in units]


def _text(unit: tuple[Paragraph, ...]) -> str:
    return "\n".join(f"{p.label} {p.text}" if p.kind == "item" else p.text for p in unit)


def _absaetze(old: list[tuple[Paragraph, ...]], new: list[tuple[Paragraph, ...]],
              repealed: str) -> tuple[list[tuple[Paragraph, ...]], list[Change] | None]:
    """The new Absätze with stable labels and their changes.

    None instead of the changes when only a new version of the whole § can say it (an Absatz
    inserted before the first one).
    """
    matcher = difflib.SequenceMatcher(a=[_text(u) for u in old], b=[_text(u) for u in new],
                                      autojunk=False)
    result: list[tuple[Paragraph, ...]] = []
    changes: list[Change] = []
    taken = {u[0].label for u in old}
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else (i2 - i1 if op == "equal" else 0)
        for k in range(pairs):
            unit = _labeled(new[j1 + k], old[i1 + k][0].label)
            if op == "replace":
                changes.append(Change("replace_absatz", "", label=unit[0].label,
                                      paragraphs=unit))
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
