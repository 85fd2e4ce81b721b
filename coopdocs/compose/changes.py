"""Where a measure's change lands in the agreement, and how to say what it changes.

A ``set`` lands in every included § (or annex module) whose text reads the field, as declared in
the modules' ``reads``, and in the code-built annexes for partner, goal, milestone and KPI data.
Partners joining or leaving change the Rubrum, Anlage 1 and the signatures; goals, milestones
and KPIs change Anlage 2.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coopdocs.check.schema import load_schema
from coopdocs.clauses.library import Library
from coopdocs.fmt import Formatter
from coopdocs.model.changes import ChangeError, target
from coopdocs.model.cooperation import Cooperation
from coopdocs.model.document import AgreementDocument
from coopdocs.wording import Terms

# Fields the document frame prints in a code-built annex, by annex key.
_FRAME_ANNEXES = {"partners": "partners", "goals": "goals", "milestones": "goals", "kpis": "goals"}


def landing(change: Mapping[str, Any], coop: Cooperation, agreement: AgreementDocument,
            library: Library, terms: Terms) -> str:
    """"§ 7", "§§ 7 und 12, Anlage 2" or "Rubrum, Anlage 1 und Unterschriften"."""
    annexes = {a.key: a.label for a in agreement.annexes}
    if "add_partner" in change or "remove_partner" in change:
        return terms.text("change_parties", annex=annexes["partners"])
    if "add" in change or "remove" in change:
        return annexes["goals"]
    field = _field(coop, str(change.get("set", "")))
    sections = [section.number for section in agreement.sections
                if section.id in library and _reads(library[section.id].reads, field)]
    modules = [a for a in agreement.annexes if a.key.split(".")[0] in library]
    labels = [a.label for a in modules if _reads(library[a.key.split(".")[0]].reads, field)]
    frame = _FRAME_ANNEXES.get(field.split(".")[0])
    if frame in annexes:
        labels.insert(0, annexes[frame])
    places = [_grouped(sections, "§§", terms), _grouped(labels, terms.text("annexes"), terms)]
    return "; ".join(p for p in places if p) or terms.text("change_none")


def _grouped(labels: list[str], plural: str, terms: Terms) -> str:
    """["§ 13", "§ 14"] → "§§ 13 und 14"; ["Anlage 3"] stays "Anlage 3"."""
    if len(labels) < 2:
        return "".join(labels)
    numbers = [label.replace("\u00a0", " ").rsplit(" ", 1)[-1] for label in labels]
    return f"{plural}\u00a0{terms.join(numbers)}"


def describe(change: Mapping[str, Any], coop: Cooperation, terms: Terms, fmt: Formatter) -> str:
    """A short line for a measure that has only a change: "clauses.liability.cap wird 500.000"."""
    words = terms.words["change_text"]
    if "set" in change:
        return str(words["set"]).format(path=change["set"], value=_value(change.get("to"), fmt))
    if "add_partner" in change:
        partner = change["add_partner"]
        return str(words["add_partner"]).format(name=partner.get("name", partner.get("id")))
    if "remove_partner" in change:
        names = [p.name for p in coop.partners if p.id == change["remove_partner"]]
        return str(words["remove_partner"]).format(name=(names or [change["remove_partner"]])[0])
    op = "add" if "add" in change else "remove"
    [(section, item)] = change[op].items()
    name = item.get("name") or item.get("description") or item.get("id") \
        if isinstance(item, Mapping) else item
    return str(words[op]).format(what=terms.label("items", section), name=name)


def _field(coop: Cooperation, dotted: str) -> str:
    """The schema field a set path names, without list-item ids: partners.role."""
    try:
        path = target(coop.data, load_schema("cooperation"), dotted)
    except ChangeError:
        return dotted
    return ".".join(part for part in path if isinstance(part, str))


def _reads(reads: tuple[str, ...], field: str) -> bool:
    return any(r == field or r.startswith(f"{field}.") or field.startswith(f"{r}.")
               for r in reads)


def _value(value: Any, fmt: Formatter) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, (int, float)):
        return fmt.number(value)
    if isinstance(value, list):
        return fmt.join([_value(v, fmt) for v in value])
    return str(value)
