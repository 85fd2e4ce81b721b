"""How to say what a measure's change changes, for a measure given only as a change.

Where it lands in the agreement is amend.landing's (from the composed versions, the same source
the Nachtrag's commands come from).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coopdocs.fmt import Formatter
from coopdocs.model.changes import joining, leaving
from coopdocs.model.cooperation import Cooperation
from coopdocs.wording import Terms


def describe(change: Mapping[str, Any], coop: Cooperation, terms: Terms, fmt: Formatter) -> str:
    """A short line for a measure that has only a change: "clauses.liability.cap wird 500.000"."""
    words = terms.words["change_text"]
    if "set" in change:
        return str(words["set"]).format(path=change["set"], value=_value(change.get("to"), fmt))
    if "add_partner" in change:
        partner = joining(change)["partner"]
        return str(words["add_partner"]).format(name=partner.get("name", partner.get("id")))
    if "remove_partner" in change:
        gone = leaving(change)["id"]
        names = [p.name for p in coop.partners if p.id == gone]
        return str(words["remove_partner"]).format(name=(names or [gone])[0])
    op = "add" if "add" in change else "remove"
    [(section, item)] = change[op].items()
    name = item.get("name") or item.get("description") or item.get("id") \
        if isinstance(item, Mapping) else item
    return str(words[op]).format(what=terms.label("items", section), name=name)


def _value(value: Any, fmt: Formatter) -> str:
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, (int, float)):
        return fmt.number(value)
    if isinstance(value, list):
        return fmt.join([_value(v, fmt) for v in value])
    return str(value)
