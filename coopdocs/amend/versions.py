"""The versions of an agreement: as signed, and as amended by the changes of each round.

Version 0 is the agreement composed from the cooperation. Version k is composed from the
cooperation as amended by rounds 1..k (amend.states) with the numbering of version k-1, so no §
or Absatz number shifts; units an amendment removes stay as placeholders. Each version carries
the changes that made it (amend.diff), from which the Nachtrag, the Lesefassung and the redline
are composed, and which measures changed each unit (amend.landing).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coopdocs.amend.diff import Change, renumber_stably
from coopdocs.amend.landing import measure_fields, unit_sources
from coopdocs.amend.states import State
from coopdocs.check.schema import load_schema
from coopdocs.check.validate import Valid
from coopdocs.clauses.library import Choice, Library, select
from coopdocs.clauses.outline import Outline
from coopdocs.compose.agreement import agreement_outline, compose_agreement
from coopdocs.model.cooperation import Cooperation, build_cooperation
from coopdocs.model.document import AgreementDocument
from coopdocs.model.evaluation import Round, build_round
from coopdocs.wording import Terms


@dataclass(frozen=True)
class Version:
    """The agreement after round ``number`` (0: as signed).

    ``sources`` names for each changed unit (section id, annex key, "parties") the measures of
    the round that changed it (amend.landing).
    """

    number: int
    coop: Cooperation
    choices: tuple[Choice, ...]
    outline: Outline
    document: AgreementDocument
    changes: tuple[Change, ...]
    round: Round | None
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def date(self) -> datetime.date:
        """When this version was agreed: its round's date, or the agreement's for version 0."""
        return self.round.date if self.round is not None else self.coop.date


def agreement_versions(states: Sequence[State], rounds: Sequence[Valid], library: Library,
                       terms: Terms, *, repealed: str) -> list[Version]:
    """Version 0 and one version per round, in the order of the round numbers.

    ``states`` are the cooperation as written and after each of ``rounds`` (valid rounds, as
    amend.states gives them); ``repealed`` is the word a removed unit shows.
    """
    first = states[0]
    coop = build_cooperation(first.data)
    choices = select(library, first.data, first.written)
    outline = agreement_outline(coop, choices, terms)
    document = compose_agreement(coop, choices, terms, outline=outline)
    versions = [Version(0, coop, tuple(choices), outline, document, (), None)]
    schema = load_schema("cooperation")
    ordered = sorted(rounds, key=lambda r: r.number)
    for before, state, current in zip(states, states[1:], ordered, strict=False):
        amended = build_cooperation(state.data)
        chosen = select(library, state.data, state.written)
        outline = agreement_outline(amended, chosen, terms, keep=versions[-1].outline)
        fresh = compose_agreement(amended, chosen, terms, outline=outline)
        document, changes = renumber_stably(versions[-1].document, fresh, repealed)
        made = build_round(current.path, current.data)
        sources = unit_sources(changes, measure_fields(before.written, made.measures, schema),
                               library)
        versions.append(Version(current.number, amended, tuple(chosen), outline, document,
                                tuple(changes), made, sources))
    return versions
