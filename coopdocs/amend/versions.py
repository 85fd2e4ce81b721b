"""The versions of an agreement: as signed, and as amended by the changes of each round.

Version 0 is the agreement as composed from the cooperation. Version k applies the changes of
rounds 1..k (validated by ``check.validate.check_rounds``) and is composed with the numbering
of version k-1, so no § or Absatz number shifts; units an amendment removes stay as placeholders.
Each version carries the changes that made it, from which the Nachtrag, the Lesefassung and the
redline are composed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coopdocs.amend.diff import Change, amend
from coopdocs.check.validate import Checked, round_number
from coopdocs.clauses.library import Choice, Library, select
from coopdocs.clauses.outline import Outline
from coopdocs.compose.agreement import agreement_outline, compose_agreement
from coopdocs.model.cooperation import Cooperation, build_cooperation
from coopdocs.model.document import AgreementDocument
from coopdocs.model.evaluation import Round, build_round
from coopdocs.wording import Terms


@dataclass(frozen=True)
class Version:
    """The agreement after round ``number`` (0: as signed)."""

    number: int
    coop: Cooperation
    choices: tuple[Choice, ...]
    outline: Outline
    document: AgreementDocument
    changes: tuple[Change, ...]
    round: Round | None


def agreement_versions(coop: Cooperation, choices: Sequence[Choice], rounds: Sequence[Checked],
                       library: Library, terms: Terms, *, repealed: str) -> list[Version]:
    """Version 0 and one version per round, in the order of the round numbers.

    ``rounds`` must be valid (``data`` and ``amended`` set); ``repealed`` is the word a removed
    unit shows.
    """
    outline = agreement_outline(coop, choices, terms)
    document = compose_agreement(coop, choices, terms, outline=outline)
    versions = [Version(0, coop, tuple(choices), outline, document, (), None)]
    for checked in sorted(rounds, key=round_number):
        assert checked.data is not None and checked.amended is not None
        data, written = checked.amended, checked.amended_written or checked.amended
        amended = build_cooperation(data)
        chosen = select(library, data, written)
        outline = agreement_outline(amended, chosen, terms, keep=versions[-1].outline)
        fresh = compose_agreement(amended, chosen, terms, outline=outline)
        document, changes = amend(versions[-1].document, fresh, repealed)
        versions.append(Version(checked.data["number"], amended, tuple(chosen), outline, document,
                                tuple(changes), build_round(checked.path, checked.data)))
    return versions
