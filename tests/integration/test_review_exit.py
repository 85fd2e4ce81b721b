"""Issue 17, items 3, 4, 6 and part of 12: the way out of the cooperation, read as a lawyer would.

- No termination or exclusion on an insolvency application or opening (R-STD-6): the
  administrator's election right (§§ 103, 119 InsO, BGH IX ZR 169/11) would void it. In a plain
  contract nothing is triggered by insolvency; in an internal partnership the statutory ground
  (§ 740a Abs. 1 Nr. 5 BGB, with continuation § 740c BGB) applies, stated once.
- A ground in one partner's person leads to that partner's exclusion by the others (no vote,
  warning and cure period, § 727 BGB) instead of the innocent partner's own withdrawal; § 314
  termination stays as a fallback (R-STD-7, R-LZ-2). Between two partners a termination ends the
  agreement.
- An accession dilutes shares only by a basis agreed up front or with the consent of those
  diluted (core area).
- Notice goes to "the other partner" in a two-party agreement, never to "the partner that
  receives it last".

Each case is built from an inline cooperation (two and three partners, coordination and internal
partnership, with and without the accession module), in German and English.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import GAMMA, MINIMAL, SAMPLES, WriteYaml
from tests.support.agreement import Agreement, read_agreement

INTERNAL = "legal_nature: internal_partnership\n"
NO_ACCESSION = "clauses: {exclude: [accession]}\n"
WITH_ACCESSION = "governance: {decisions: {admission: two_thirds}}\n"
ENGLISH = "language: en\n"

TERM = {"de": "Laufzeit", "en": "Term"}
ACCESSION = {"de": "Beitritt", "en": "Accession"}


def build(write_yaml: WriteYaml, *, partners: int = 2, extra: str = "",
          language: str = "de") -> Agreement:
    text = MINIMAL + (GAMMA if partners == 3 else "") + extra
    if language == "en":
        text = ENGLISH + text
    return read_agreement(write_yaml(text))


def lines_with(text: str, pattern: str) -> list[str]:
    return [line for line in text.splitlines() if re.search(pattern, line, re.IGNORECASE)]


# --- item 3: insolvency -------------------------------------------------------------------------

TRIGGER = r"kündig|ausschl|ausschließ|terminat|exclu"


@pytest.mark.rule("R-STD-6")
@pytest.mark.parametrize("partners", [2, 3])
@pytest.mark.parametrize("extra", ["", NO_ACCESSION, WITH_ACCESSION],
                         ids=["default", "no-accession", "with-accession"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_no_insolvency_trigger_in_a_plain_contract(write_yaml: WriteYaml, partners: int,
                                                   extra: str, language: str) -> None:
    agreement = build(write_yaml, partners=partners, extra=extra, language=language)
    assert agreement.section(TERM[language])
    # Nothing in the agreement ends a participation because of insolvency; the term § and the
    # exclusion grounds do not mention it at all.
    assert not [line for line in lines_with(agreement.text, "insolven")
                if re.search(TRIGGER, line, re.IGNORECASE)]
    assert not lines_with(agreement.section(TERM[language]), "insolven")
    assert not lines_with(agreement.section(ACCESSION[language]), "insolven")


@pytest.mark.rule("R-STD-6")
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.parent.name for s in SAMPLES])
def test_no_sample_ends_a_participation_on_insolvency(sample: Path) -> None:
    """The samples hold the exchange-type activities (supply, joint purchasing, …): none of their
    operating §§ or annexes may let insolvency end a participation; only the statutory ground of
    an internal partnership is named."""
    agreement = read_agreement(sample)
    for line in lines_with(agreement.text, "insolven"):
        statutory = "§ 740a Abs. 1 Nr. 5" in line or "section 740a(1) no. 5" in line
        # a partner's insolvency is named only as the statutory ground; a customer's or
        # supplier's insolvency (del credere, for example) may be named but ends nothing
        partner = re.search(r"\bPartners?\b", line)
        assert statutory or not (partner or re.search(TRIGGER, line, re.IGNORECASE)), line


@pytest.mark.rule("R-STD-6")
@pytest.mark.parametrize("partners", [2, 3])
@pytest.mark.parametrize("extra", ["", NO_ACCESSION, WITH_ACCESSION],
                         ids=["default", "no-accession", "with-accession"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_internal_partnership_relies_on_the_statutory_ground_once(
        write_yaml: WriteYaml, partners: int, extra: str, language: str) -> None:
    agreement = build(write_yaml, partners=partners, extra=INTERNAL + extra, language=language)
    mentions = lines_with(agreement.text, "insolven")
    assert len(mentions) == 1, mentions
    [line] = mentions
    assert not re.search(r"beantragt|files for|application", line, re.IGNORECASE)
    assert line in agreement.section(TERM[language]).splitlines()
    network = partners > 2 or extra == WITH_ACCESSION
    if language == "de":
        assert "§ 740a Abs. 1 Nr. 5" in line
        assert ("§ 740c Abs. 1 BGB" in line and "scheidet dieser Partner" in line) if network \
            else "endet die Gesellschaft" in line
    else:
        assert "section 740a(1) no. 5" in line
        assert ("section 740c(1) BGB" in line and "withdraws" in line) if network \
            else "the partnership ends" in line


# --- item 4: the wrongdoer is excluded, the innocent partner does not have to leave --------------

# (in the term §, in the accession §) with three partners and a cure period of 45 days
EXCLUSION = {
    "de": (["Liegt ein wichtiger Grund in der Person eines anderen Partners vor",
            "statt selbst auszutreten", "kein Stimmrecht",
            "seine eigene Teilnahme aus wichtigem Grund zu kündigen (Austritt), bleibt unberührt",
            "kann nicht ausgeschlossen oder beschränkt werden"],  # R-LZ-2
           ["Frist von 45 Tagen", "Abmahnung", "(Kontrollwechsel",
            "der betroffene Partner hat kein Stimmrecht"]),
    "en": (["Where good cause exists in the person of another Partner",
            "instead of withdrawing themselves", "has no vote",
            "right to terminate its own participation for good cause (withdrawal) remains "
            "unaffected",
            "can be neither excluded nor restricted"],  # R-LZ-2
           ["period of 45 days", "warning", "(change of control",
            "the Partner concerned has no vote"]),
}


@pytest.mark.rule("R-STD-7")
@pytest.mark.parametrize("extra", ["", INTERNAL], ids=["coordination", "internal"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_three_partners_exclude_the_wrongdoer(write_yaml: WriteYaml, extra: str,
                                              language: str) -> None:
    agreement = build(write_yaml, partners=3,
                      extra=extra + "clauses: {accession: {cure_days: 45}}\n", language=language)
    term = agreement.section(TERM[language])
    accession = agreement.section(ACCESSION[language])
    in_term, in_accession = EXCLUSION[language]
    for phrase in in_term:
        assert phrase in term, phrase
    for phrase in in_accession:
        assert phrase in accession, phrase


@pytest.mark.rule("R-STD-7")
@pytest.mark.parametrize("extra", ["", INTERNAL], ids=["coordination", "internal"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_three_partners_without_the_accession_module_still_exclude(
        write_yaml: WriteYaml, extra: str, language: str) -> None:
    agreement = build(write_yaml, partners=3,
                      extra=extra + NO_ACCESSION + "term: {cure_days: 21}\n", language=language)
    assert not agreement.has(ACCESSION[language])
    term = agreement.section(TERM[language])
    if language == "de":
        assert "Ein wichtiger Grund in der Person eines Partners liegt insbesondere vor" in term
        assert "(Kontrollwechsel)" in term
        assert "statt selbst auszutreten" in term
        assert "Frist von 21 Tagen ab Zugang der Abmahnung" in term
        assert "der betroffene Partner hat kein Stimmrecht" in term
        assert "seine eigene Teilnahme aus wichtigem Grund zu kündigen (Austritt), bleibt " \
            "unberührt" in term
        assert "kann nicht ausgeschlossen oder beschränkt werden" in term  # R-LZ-2
        assert ("§ 727 in Verbindung mit § 740c Abs. 2 BGB" in term) == (extra == INTERNAL)
    else:
        assert "Good cause in the person of a Partner exists in particular" in term
        assert "(change of control)" in term
        assert "instead of withdrawing themselves" in term
        assert "period of 21 days from receipt of the warning" in term
        assert "the Partner concerned has no vote" in term
        assert "can be neither excluded nor restricted" in term  # R-LZ-2


@pytest.mark.parametrize("extra", ["", INTERNAL], ids=["coordination", "internal"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_between_two_partners_termination_for_cause_ends_the_agreement(
        write_yaml: WriteYaml, extra: str, language: str) -> None:
    agreement = build(write_yaml, extra=extra + "term: {cure_days: 60}\n", language=language)
    term = agreement.section(TERM[language])
    if language == "de":
        assert "Das ist für einen Partner insbesondere der Fall, wenn der andere Partner" in term
        assert "angemessenen Frist von mindestens 60 Tagen" in term
        assert "Die Kündigung ist an den anderen Partner zu richten. Mit ihrem Wirksamwerden " \
            "endet diese Vereinbarung" in term
        assert "Austritt" not in term and "Ausschluss" not in term
        assert "dem anderen Partner einen bevorstehenden oder eingetretenen Kontrollwechsel" in term
    else:
        assert "For a Partner, this is in particular the case where the other Partner" in term
        assert "reasonable period of at least 60 days" in term
        assert "Notice must be addressed to the other Partner. When it takes effect, this " \
            "Agreement ends" in term
        assert "withdrawal" not in term and "exclu" not in term.replace("excluded nor", "")
        assert "notify the other Partner in text form" in term


# --- item 12 (part): to whom notice goes --------------------------------------------------------

@pytest.mark.parametrize("language", ["de", "en"])
def test_notice_in_a_two_party_agreement_goes_to_the_other_partner(write_yaml: WriteYaml,
                                                                  language: str) -> None:
    for extra in ("", WITH_ACCESSION):
        term = build(write_yaml, extra=extra, language=language).section(TERM[language])
        assert "zuletzt zugeht" not in term
        if language == "de":
            assert "Die Kündigung ist an den anderen Partner zu richten" in term
            assert ("nach dem Beitritt weiterer Partner an alle anderen Partner" in term) \
                == (extra == WITH_ACCESSION)
            assert ("als letztem" in term) == (extra == WITH_ACCESSION)
        else:
            assert "Notice must be addressed to the other Partner" in term
            assert ("once further Partners have acceded, to all other Partners" in term) \
                == (extra == WITH_ACCESSION)
            assert ("receives the notice last" in term) == (extra == WITH_ACCESSION)
    three = build(write_yaml, partners=3, language=language).section(TERM[language])
    if language == "de":
        assert "an alle anderen Partner zu richten. Für die Wahrung der Kündigungsfrist kommt es " \
            "auf den Zugang bei dem Partner an, dem sie als letztem zugeht." in three
    else:
        assert "Notice must be addressed to all other Partners. Compliance with the notice " \
            "period is determined by receipt by the Partner that receives the notice last." in three


# --- item 6: accession does not dilute without consent -------------------------------------------

WEIGHTS = textwrap.dedent("""\
    governance:
      decisions: {admission: two_thirds, weights: {alpha: 50, beta: 30, gamma: 20}}
    """)


@pytest.mark.parametrize("extra", ["", INTERNAL], ids=["coordination", "internal"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_accession_dilutes_only_with_consent_or_an_agreed_basis(write_yaml: WriteYaml,
                                                                extra: str, language: str) -> None:
    agreement = build(write_yaml, partners=3, extra=extra + WEIGHTS, language=language)
    accession = agreement.section(ACCESSION[language])
    if language == "de":
        assert "Verringert sich dadurch das Stimmgewicht eines bisherigen Partners oder sein " \
            "Anteil am Gewinn, bedarf der Aufnahmebeschluss der Zustimmung dieses Partners in " \
            "Textform, auch wenn er kein Stimmrecht hat" in accession
        assert "Bemisst sie Anteile nach Köpfen oder zu gleichen Teilen, gilt dieser Maßstab " \
            "auch für den neuen Partner" in accession
        assert "Kernbereich" in accession
        assert ("§ 709 Abs. 3 Satz 2 BGB" in accession) == (extra == INTERNAL)
    else:
        assert "Where this reduces an existing Partner’s voting weight or its share in the " \
            "profits, the admission resolution requires that Partner’s consent in text form, " \
            "even if it has no vote" in accession
        assert "Where it measures shares per head or in equal parts, that basis also applies " \
            "to the new Partner" in accession
        assert "core area" in accession
    # The core-area protection of the decisions § that the accession § relies on is there.
    decisions = agreement.section("Beschlussfassung" if language == "de" else "Decision-making")
    assert ("Kernbereich" if language == "de" else "core area") in decisions


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_leaving_partners_shortfall_stays_within_its_loss_limits(write_yaml: WriteYaml,
                                                                    language: str) -> None:
    """Item 8: the § 728a BGB shortfall of a leaving partner of an internal partnership is no
    unlimited Nachschuss; it is bounded by the loss sharing of the profit-sharing §."""
    agreement = build(write_yaml, partners=3, extra=INTERNAL, language=language)
    exit_text = agreement.section({"de": "Ausscheiden", "en": "Withdrawal"}[language]) \
        or agreement.text
    [shortfall] = lines_with(exit_text, r"728a")
    if language == "de":
        assert re.search(r"jedoch nur in den Grenzen, in denen er nach § \d+ Verluste zu tragen "
                         r"hat; eine weitergehende Nachschusspflicht begründet sein Ausscheiden "
                         r"nicht\.", shortfall), shortfall
    else:
        assert re.search(r"but only within the limits within which it bears losses under § \d+",
                         shortfall), shortfall
