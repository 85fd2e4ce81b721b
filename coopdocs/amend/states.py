"""The cooperation as amended: one state per evaluation round, the named step of every amendment.

An evaluation round amends the cooperation through the ``change`` of its measures. State k is
the cooperation as written with the changes of rounds 1..k applied in the order of the round
numbers (model.changes), normalized by the schema and enriched like any cooperation. Reports
show the cooperation as it stood when a round was held (the state before it), the versions of
the agreement are composed from the states, and the network report summarises the last one.

The rounds must have passed validation together with the cooperation (check.validate), which
applies the same changes to check them; a change that does not fit never gets here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coopdocs.check.schema import check as check_schema
from coopdocs.check.schema import load_schema
from coopdocs.check.sources import Source
from coopdocs.check.validate import Valid
from coopdocs.model.changes import apply_measures
from coopdocs.model.cooperation import enrich


@dataclass(frozen=True)
class State:
    """The cooperation after round ``number`` (0: as written).

    ``written`` is the data as the user wrote it (what clause selection asks "did the user
    choose this?" of); ``data`` is normalized and enriched (what the documents print).
    """

    number: int
    written: dict[str, Any]
    data: dict[str, Any]


def amended_states(cooperation: Valid, rounds: Sequence[Valid]) -> list[State]:
    """State 0 and the state after each of ``rounds``, in the order of the round numbers."""
    schema = load_schema("cooperation")
    states = [State(0, cooperation.source.data, cooperation.data)]
    for current in sorted(rounds, key=lambda r: r.number):
        written = apply_measures(states[-1].written, current.data, schema)
        _, normalized = check_schema(Source(cooperation.path, written), "cooperation")
        states.append(State(current.number, written, enrich(normalized)))
    return states
