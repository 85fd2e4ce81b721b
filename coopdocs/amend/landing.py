"""Which measure changed which unit of the agreement: the one source for report and Nachtrag.

A round's Nachtrag commands come from the difference between two composed versions
(amend.diff); which measure caused a changed unit is found from the data: each measure's change
(with what follows from it, model.follow) alters some fields of the cooperation, and a changed §
or annex belongs to the measures whose fields its text reads (the module's ``reads``; the
code-built annexes by their data; the Rubrum and the signatures by the partners). A unit no
measure's fields explain is attributed to every changing measure of the round, never dropped.

The evaluation report names for each measure the units it changes, and the Nachtrag states for
each command the date its measures take effect; both read ``unit_sources``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from coopdocs.amend.diff import PARTIES, Change, unit_of
from coopdocs.clauses.library import Library
from coopdocs.model.changes import apply_changes
from coopdocs.model.document import AgreementDocument
from coopdocs.model.evaluation import Measure
from coopdocs.wording import Terms

# The fields a code-built annex prints, by annex key.
_FRAME_ANNEXES = {"partners": ("partners",), "goals": ("goals", "milestones", "kpis")}


def changed_fields(before: Any, after: Any, path: tuple[str, ...] = ()) -> set[str]:
    """The fields (dotted, without list positions) whose values differ between two data trees.

    List items with ids are compared by id, others by position; an item added or removed
    changes its list.
    """
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        found: set[str] = set()
        for key in sorted(set(before) | set(after), key=str):
            found |= changed_fields(before.get(key), after.get(key), (*path, str(key)))
        return found
    if isinstance(before, list) and isinstance(after, list) and _ids(before) and _ids(after):
        old, new = _ids(before), _ids(after)
        found = {".".join(path)} if list(old) != list(new) else set()
        for key in old.keys() & new.keys():
            found |= changed_fields(old[key], new[key], path)
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        found = set()
        for old_item, new_item in zip(before, after, strict=True):
            found |= changed_fields(old_item, new_item, path)
        return found
    return {".".join(path)} if before != after else set()


def _ids(items: list[Any]) -> dict[str, Any]:
    if not items or not all(isinstance(i, Mapping) and isinstance(i.get("id"), str)
                            for i in items):
        return {}
    return {i["id"]: i for i in items}


def measure_fields(written: Mapping[str, Any], measures: Sequence[Measure],
                   schema: Mapping[str, Any]) -> dict[str, set[str]]:
    """The fields each changing measure alters, applied in order to ``written``."""
    fields: dict[str, set[str]] = {}
    current = written
    for measure in measures:
        if measure.change is None:
            continue
        after = apply_changes(current, schema, [measure.change])
        fields[measure.id] = changed_fields(current, after)
        current = after
    return fields


def unit_sources(changes: Sequence[Change], fields: Mapping[str, set[str]], library: Library
                 ) -> dict[str, tuple[str, ...]]:
    """The measures (ids, in round order) behind each changed unit.

    Units are section ids, annex keys, or PARTIES for the Rubrum and the signatures.
    """
    sources: dict[str, tuple[str, ...]] = {}
    for unit in dict.fromkeys(unit_of(change) for change in changes):
        reads = _reads_of(unit, library)
        found = tuple(m for m, changed in fields.items()
                      if any(_overlaps(r, f) for r in reads for f in changed))
        sources[unit] = found or tuple(fields)
    return sources


def _reads_of(unit: str, library: Library) -> tuple[str, ...]:
    if unit == PARTIES:
        return ("partners",)
    if unit in _FRAME_ANNEXES:
        return _FRAME_ANNEXES[unit]
    module = unit.split(".", maxsplit=1)[0]
    return library[module].reads if module in library else ()


def _overlaps(read: str, field: str) -> bool:
    """Whether a module reading ``read`` reads the changed ``field`` (or a part of it)."""
    return read == field or read.startswith(f"{field}.") or field.startswith(f"{read}.")


def measure_units(sources: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    """The units each measure changes, in the order of the units."""
    units: dict[str, list[str]] = {}
    for unit, measures in sources.items():
        for measure in measures:
            units.setdefault(measure, []).append(unit)
    return units


def effective_of(sources: Mapping[str, tuple[str, ...]], unit: str,
                 measures: Sequence[Measure]) -> datetime.date | None:
    """The first day the new text of ``unit`` applies: the latest start of its measures.

    A measure starts on its ``effective`` date, an exit on the day after it (the partner
    leaves at the end of its day, and the agreement without it applies from the next). None
    when all of them take effect with the Nachtrag.
    """
    dates = [start for m in measures if m.id in sources.get(unit, ())
             and (start := starts(m)) is not None]
    return max(dates) if dates else None


def starts(measure: Measure) -> datetime.date | None:
    """The first day a measure's change applies (None: when the Nachtrag takes effect)."""
    if measure.effective is None:
        return None
    return measure.effective + datetime.timedelta(days=1) if measure.exit else measure.effective


def places(units: Sequence[str], document: AgreementDocument, terms: Terms) -> str:
    """"§§ 4 und 10; Anlagen 1 und 3; Rubrum und Unterschriften" for changed units."""
    sections = [s.number for s in document.sections if s.id in units and s.number]
    annexes = [a.label for a in document.annexes if a.key in units]
    found = [_grouped(sections, "§§", terms), _grouped(annexes, terms.text("annexes"), terms)]
    if PARTIES in units:
        found.append(terms.text("change_rubrum"))
    return "; ".join(p for p in found if p) or terms.text("change_none")


def _grouped(labels: list[str], plural: str, terms: Terms) -> str:
    """["§ 13", "§ 14"] → "§§ 13 und 14"; ["Anlage 3"] stays "Anlage 3"."""
    if len(labels) < 2:
        return "".join(labels)
    numbers = [label.replace("\u00a0", " ").rsplit(" ", 1)[-1] for label in labels]
    return f"{plural}\u00a0{terms.join(numbers)}"


def landings(units: Mapping[str, Sequence[str]], measures: Sequence[Measure],
             document: AgreementDocument, terms: Terms) -> Iterator[tuple[str, str]]:
    """(measure id, places) for every measure with a change."""
    for measure in measures:
        if measure.change is not None:
            yield measure.id, places(units.get(measure.id, ()), document, terms)
