"""No word soup in the redline of any sample round (issue 18, item 9).

Each round of every sample (``samples/*/evaluation-*.yaml``, so a new round is covered as soon as
it exists) and of the amendment fixture is built into its redline in memory, as ``coopdocs
addendum`` builds it, and every marked text is measured for deletions and insertions taking
turns. A partner joining as an associated partner inserts the definition „assoziierter Partner“
at c) and re-letters the definitions after it: the case that made the redline unreadable.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coopdocs.amend.redline import accepted, compose_redline, rejected
from coopdocs.amend.states import amended_states
from coopdocs.amend.versions import Version, agreement_versions
from coopdocs.build import template_file
from coopdocs.clauses.library import load_library
from coopdocs.model.document import (
    DEL,
    DEL_END,
    INS,
    INS_END,
    MARKERS,
    PARA_DEL,
    PARA_INS,
    AgreementDocument,
)
from coopdocs.wording import load_terms
from tests.conftest import ROOT
from tests.support.cases import case_of

FIXTURE = ROOT / "tests" / "fixtures" / "amend"
NEAR = 3  # fewer kept words than this between two changes, and a reader takes them together
MOST_TURNS = 2
_RUN = re.compile(f"({DEL}[^{DEL_END}]*{DEL_END}|{INS}[^{INS_END}]*{INS_END})")
_WORD = re.compile(r"\w+(?:[.,/-]\w+)*")


@dataclass(frozen=True)
class Change:
    """A change in a marked text: what it deletes, what it inserts, kept words before it."""

    deletes: bool
    inserts: bool
    kept_before: int


def changes(text: str) -> list[Change]:
    """The changes of a marked text; a deletion directly followed by an insertion is one."""
    found: list[Change] = []
    kept: int | None = 0  # words kept since the last change; None: nothing at all
    for piece in _RUN.split(text):
        if not piece:
            continue
        if piece[0] not in (DEL, INS):
            kept = len(_WORD.findall(piece))
            continue
        if piece[0] == INS and kept is None and found and not found[-1].inserts:
            found[-1] = Change(True, True, found[-1].kept_before)
        else:
            found.append(Change(piece[0] == DEL, piece[0] == INS, kept or 0))
        kept = None
    return found


def interleaving(text: str) -> int:
    """How often deletions and insertions take turns in the worst stretch of a marked text.

    Word soup is a text in which deleted and inserted words take turns with little kept between
    them ("„[-assoziierter Partner-]{+Beginn+}“ ist [-ein-]{+der+} Partner, der [-in-]{+zu+}
    …"): neither the old nor the new sentence can be read. The text is cut into changes: a
    deletion, an insertion, or a replacement (a deletion directly followed by its insertion,
    which reads well). Changes with fewer than NEAR words kept between them form a stretch; in
    a stretch, each change that, together with the one before it, both deletes and inserts is
    one turn. The result is the most turns of any stretch: 0 for no change, one replacement or
    a text replaced as a whole, 1 for two neighbouring replacements ("binnen [-14-]{+30+} Tagen
    nach [-Zugang-]{+Eingang+}"), many for word soup. Changes far apart are separate edits, and
    a paragraph may have any number of them.
    """
    worst = turns = 0
    for before, change in itertools.pairwise(changes(text)):
        if change.kept_before >= NEAR:
            turns = 0
        elif (before.deletes or change.deletes) and (before.inserts or change.inserts):
            turns += 1
        worst = max(worst, turns)
    return worst


def test_interleaving_counts_turns_in_a_stretch_not_separate_edits() -> None:
    def m(old: str, new: str) -> str:
        return (f"{DEL}{old}{DEL_END}" if old else "") + (f"{INS}{new}{INS_END}" if new else "")

    assert interleaving("kein Wechsel") == 0
    assert interleaving(f"Die Frist beträgt {m('14', '30')} Tage.") == 0
    assert interleaving(f"binnen {m('14', '30')} Tagen nach {m('Zugang', 'Eingang')}") == 1
    assert interleaving(f"„{m('assoziierter Partner', 'Beginn')}“ ist {m('ein', 'der')} "
                        f"{m('Partner', 'Zeitpunkt')}, der {m('in', 'zu')}") == 3
    assert interleaving(f"{m('a', '')} b {m('', 'c')} d {m('e', '')} f {m('', 'g')}") == 3
    far = " sieben Wörter bleiben hier ganz unverändert stehen "
    assert interleaving(far.join([m("1", "2"), m("3", "4"), m("5", "6"), m("7", "8")])) == 0


# --- the redlines ---------------------------------------------------------------------------------

def sample_rounds() -> list[tuple[Path, list[Path]]]:
    """Every round of every sample with evaluations, and of the amendment fixture."""
    folders = [*sorted(ROOT.glob("samples/*")), FIXTURE]
    return [(folder / "cooperation.yaml", rounds[:n]) for folder in folders
            if (rounds := sorted(folder.glob("evaluation-*.yaml")))
            for n in range(1, len(rounds) + 1)]


ROUNDS = sample_rounds()


def versions(cooperation: Path, rounds: list[Path]) -> tuple[Version, Version, AgreementDocument]:
    """The versions before and after the last round, and their redline, as `addendum` builds."""
    library = load_library()
    case = case_of(cooperation, *rounds, library=library)
    language = case.cooperation.data["language"]
    frame = load_terms(template_file("terms.yaml", None), language)
    words = load_terms(template_file("addendum.yaml", None), language)
    built = agreement_versions(amended_states(case.cooperation, case.rounds), case.rounds,
                               library, frame, repealed=words.text("repealed"))
    return built[-2], built[-1], compose_redline(built[-2], built[-1], words)


def marked_texts(document: AgreementDocument) -> Iterator[tuple[str, str]]:
    """(where, text) of every text of a redline that carries a change."""
    texts = [(p.name, p.name) for p in document.parties] + [
        (f"{s.heading} {p.label}", p.text) for s in document.sections for p in s.paragraphs] + [
        (f"{a.label} {p.label}", p.text) for a in document.annexes for p in a.paragraphs] + [
        (f"{a.label} {t.caption}", cell) for a in document.annexes for t in a.tables
        for row in t.rows for cell in row]
    return ((where, text) for where, text in texts if any(m in text for m in MARKERS))


def soup(document: AgreementDocument) -> list[tuple[int, str, str]]:
    return [(turns, where, text) for where, text in marked_texts(document)
            if (turns := interleaving(text)) > MOST_TURNS]


@pytest.mark.parametrize("case", ROUNDS, ids=[f"{c.parent.name}-{len(r)}" for c, r in ROUNDS])
def test_no_paragraph_of_a_sample_redline_is_word_soup(case: tuple[Path, list[Path]]) -> None:
    *_, redline = versions(*case)
    assert soup(redline) == []


def associated_accession(folder: Path) -> tuple[Path, list[Path]]:
    """The fixture's round 1 with Gamma AG joining as an associated partner."""
    (folder / "cooperation.yaml").write_text(
        (FIXTURE / "cooperation.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    original = (FIXTURE / "evaluation-1.yaml").read_text(encoding="utf-8")
    signer = "represented_by: [{name: Gerd Gamma, function: Vorstand}]"
    assert signer + "}" in original
    (folder / "evaluation-1.yaml").write_text(
        original.replace(signer + "}", signer + ", role: associated}"), encoding="utf-8")
    return folder / "cooperation.yaml", [folder / "evaluation-1.yaml"]


def test_an_accession_that_reletters_the_definitions_reads(tmp_path: Path) -> None:
    _before, _after, redline = versions(*associated_accession(tmp_path))
    assert soup(redline) == []
    [definitions] = [s for s in redline.sections if "Begriffsbestimmungen" in s.heading]
    [associated] = [p for p in definitions.paragraphs if "„assoziierter Partner“ ist" in p.text]
    assert (associated.label, associated.text[0]) == ("c)", PARA_INS)
    relettered = [p for p in definitions.paragraphs if p.label.startswith(DEL)]
    assert len(relettered) > 5
    assert all(not any(m in p.text for m in MARKERS) for p in relettered)


@pytest.mark.parametrize("case", ROUNDS, ids=[f"{c.parent.name}-{len(r)}" for c, r in ROUNDS])
def test_accepting_the_sample_redline_gives_the_new_version_rejecting_the_old(
        case: tuple[Path, list[Path]]) -> None:
    before, after, redline = versions(*case)
    assert accepted_paragraphs(redline) == plain_paragraphs(after.document)
    assert rejected_paragraphs(redline) == plain_paragraphs(before.document)


def accepted_paragraphs(document: AgreementDocument) -> list[tuple[str, str]]:
    return [(accepted(p.label), accepted(p.text)) for s in document.sections
            for p in s.paragraphs if not p.text.startswith(PARA_DEL)]


def rejected_paragraphs(document: AgreementDocument) -> list[tuple[str, str]]:
    return [(rejected(p.label), rejected(p.text)) for s in document.sections
            for p in s.paragraphs if not p.text.startswith(PARA_INS)]


def plain_paragraphs(document: AgreementDocument) -> list[tuple[str, str]]:
    return [(p.label, p.text) for s in document.sections for p in s.paragraphs]
