"""Rules about coopdocs' own clause text, checked on the generated agreement of every sample.

Each test carries the code of the research rule it keeps (``@pytest.mark.rule``); the rule table
in the README lists these rules as kept by "a test over the generated agreement of every
sample", and ``test_every_text_rule_has_a_test`` holds the two in step. Phrases are given per
language: every sample is checked in its own language (German and English samples exist).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.check.rules import RULES
from coopdocs.check.rules.catalogue import COVERED
from coopdocs.cli import main
from tests.conftest import SAMPLES
from tests.support.agreement import Agreement


@pytest.fixture(scope="module")
def agreements(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Agreement]:
    out = tmp_path_factory.mktemp("agreements")
    result = CliRunner().invoke(main, ["agreement", *map(str, SAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    built = [Agreement(Path(line).read_bytes(),
                       "en" if "cooperation-agreement" in line else "de")
             for line in result.stdout.splitlines()]
    assert {a.language for a in built} == {"de", "en"}
    return {Path(line).name.split("-")[0]: a
            for line, a in zip(result.stdout.splitlines(), built, strict=True)}


# Section titles and phrases per language.
TITLE = {
    "de": {"liability": "Haftung", "final": "Schlussbestimmungen", "term": "Laufzeit",
           "contributions": "Beiträge", "dispute": "Eskalation", "decisions": "Beschlussfassung",
           "competition": "Kartellrecht", "accession": "Beitritt", "subject": "Gegenstand",
           "secrets": "Vertraulichkeit"},
    "en": {"liability": "Liability", "final": "Final provisions", "term": "Term",
           "contributions": "Contributions", "dispute": "Escalation",
           "decisions": "Decision-making", "competition": "Competition law",
           "accession": "Accession", "subject": "Subject", "secrets": "Confidentiality"},
}


def phrases(agreement: Agreement, de: list[str], en: list[str]) -> list[str]:
    return de if agreement.language == "de" else en


def assert_says(agreement: Agreement, key: str, de: list[str], en: list[str]) -> None:
    text = agreement.section(TITLE[agreement.language][key])
    assert text, (key, agreement.headings)
    for phrase in phrases(agreement, de, en):
        assert phrase in text, (key, phrase)


def test_no_template_syntax_or_placeholders_left(agreements: dict[str, Agreement]) -> None:
    for name, agreement in agreements.items():
        for marker in ("{{", "{%", "[…]", "TODO", "XXX", "ENTWURF-FEHLT", "\ue000",
                       "no en text", "no de text"):
            assert marker not in agreement.text, (name, marker)
        assert not re.search(r"\bNone\b(?! of)", agreement.text), name


@pytest.mark.rule("R-HAFT-1")
@pytest.mark.rule("R-HAFT-3")
def test_liability_unlimited_for_intent_and_gross_negligence(
        agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "liability",
                    ["für Vorsatz und grobe Fahrlässigkeit",
                     "Die Haftung für Vorsatz und grobe Fahrlässigkeit wird durch diese "
                     "Vereinbarung weder ausgeschlossen noch beschränkt"],
                    ["for intent (Vorsatz) and gross negligence",
                     "This Agreement neither excludes nor limits liability for intent or gross "
                     "negligence"])


@pytest.mark.rule("R-HAFT-2")
def test_liability_unlimited_for_injury(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "liability", ["Verletzung des Lebens, des Körpers oder der "
                                             "Gesundheit"], ["injury to life, body or health"])


@pytest.mark.rule("R-HAFT-4")
def test_cardinal_duties_limited_to_foreseeable_damage(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "liability", ["wesentlicher Vertragspflichten",
                                             "vorhersehbaren Schaden"],
                    ["material contractual obligations", "foreseeable"])


@pytest.mark.rule("R-HAFT-5")
def test_mandatory_carve_outs(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "liability",
                    ["nach dem Produkthaftungsgesetz", "Garantie", "arglistig verschwiegene"],
                    ["Product Liability Act", "guarantee", "fraudulently concealed"])


@pytest.mark.rule("R-HAFT-6")
def test_data_clauses_keep_intent_and_gross_negligence(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "liability", ["Verordnung (EU) 2023/2854"],
                    ["Regulation (EU) 2023/2854"])


@pytest.mark.rule("R-GEH-4")
def test_decompilation_for_interoperability_stays_allowed(
        agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        if agreement.has(TITLE[agreement.language]["secrets"]):
            assert_says(agreement, "secrets", ["§§ 69d und 69e"], ["sections 69d and 69e"])


@pytest.mark.rule("R-GOV-3")
def test_every_decision_category_has_a_majority(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "decisions", ["Änderungen dieser Vereinbarung", "Umlaufverfahren"],
                    ["amendments of and additions to this Agreement", "written procedure"])
        if agreement.has(TITLE[agreement.language]["accession"]):
            assert_says(agreement, "decisions", ["Aufnahme", "Ausschluss"],
                        ["admission", "exclusion"])


@pytest.mark.rule("R-GOV-5")
def test_contribution_default_procedure(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "contributions", ["Mahnung", "Nachfrist"],
                    ["reminder", "grace period"])


@pytest.mark.rule("R-LZ-2")
def test_termination_for_cause_is_never_excluded(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "term", ["aus wichtigem Grund", "kann nicht ausgeschlossen"],
                    ["for good cause", "can be neither excluded nor restricted"])


@pytest.mark.rule("R-LZ-4")
def test_continuation_after_expiry(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "term", ["der Fortsetzung"], ["objects to the continuation"])


@pytest.mark.rule("R-NET-3")
def test_exclusion_needs_warning_and_cure_period(agreements: dict[str, Agreement]) -> None:
    networks = [a for a in agreements.values() if a.has(TITLE[a.language]["accession"])]
    assert networks
    for agreement in networks:
        assert_says(agreement, "accession", ["Abmahnung", "Ausschluss"],
                    ["warning", "exclusion"])


@pytest.mark.rule("R-STREIT-1")
def test_escalation_deadlines_start_with_an_event(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "dispute", ["Streitanzeige", "Zugang"],
                    ["Notice of Dispute", "received"])


@pytest.mark.rule("R-STREIT-2")
def test_interim_relief_stays_available(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "dispute", ["einstweiligen Rechtsschutz"], ["interim relief"])


@pytest.mark.rule("R-FORM-1")
def test_text_form_and_priority_of_individual_agreements(
        agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "final", ["§ 126b BGB", "§ 305b BGB"], ["126b", "305b"])


@pytest.mark.rule("R-FORM-3")
def test_amendments_by_numbered_nachtrag(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "final", ["„Nachtrag Nr. 1“"], ["“Addendum No. 1”"])


@pytest.mark.rule("R-SALV-1")
def test_severability_preserves_and_replaces(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "final",
                    ["dass die übrigen Bestimmungen wirksam bleiben", "ersetzen"],
                    ["the remaining provisions remain valid", "replace"])
        text = agreement.section(TITLE[agreement.language]["final"])
        assert "automatisch" not in text and "automatically" not in text


@pytest.mark.rule("R-KART-1")
@pytest.mark.rule("R-KART-6")
def test_competition_law_blacklist_and_meeting_rules(agreements: dict[str, Agreement]) -> None:
    competing = [a for a in agreements.values() if a.has(TITLE[a.language]["competition"])]
    assert competing
    for agreement in competing:
        assert_says(agreement, "competition", ["Preise", "Kapazitäten", "Tagesordnung",
                                               "Protokoll"],
                    ["prices", "capacities", "agenda", "minutes"])


@pytest.mark.rule("R-KART-5")
def test_each_partner_stays_free(agreements: dict[str, Agreement]) -> None:
    for agreement in agreements.values():
        assert_says(agreement, "subject",
                    ["weder eine Ausschließlichkeit noch ein Wettbewerbsverbot"],
                    ["neither exclusivity nor a prohibition of competition"])


@pytest.mark.rule("R-REF-1")
def test_numbering_and_references_resolve(agreements: dict[str, Agreement]) -> None:
    for name, agreement in agreements.items():
        numbers = [int(h.split()[1]) for h in agreement.headings]
        assert numbers == list(range(1, len(numbers) + 1)), name
        for match in re.finditer(r"§§? ((?:\d+[a-z]?(?:, | und | and )?)+)", agreement.text):
            if _cites_statute(agreement.text[match.end():match.end() + 200]):
                continue  # "§ 314 BGB": a statute, not this agreement
            for number in re.findall(r"\d+", match.group(1)):
                assert 1 <= int(number) <= len(numbers), (name, match.group(0))
        word = "Anlage" if agreement.language == "de" else "Annex"
        annexes = [line for line in agreement.lines if re.match(rf"{word} \d+: ", line)]
        for number in re.findall(rf"{word} (\d+)", agreement.text):
            assert 1 <= int(number) <= len(annexes), (name, number)


_LAW = re.compile(r"\b(BGB|ZPO|InsO|HGB|StGB|GWB|AO|AÜG|LMHV|KassenSichV|[A-Z][A-Za-z]*G|"
                  r"\w*[Gg]esetz\w*|Code|Act|DSGVO|GDPR)\b")


def _cites_statute(rest: str) -> bool:
    """Whether the sentence after a § number names a law ("§ 314 BGB", "§§ 741 ff. BGB")."""
    for abbreviation in ("Abs.", "Nr.", "ff.", "S.", "lit."):
        rest = rest.replace(abbreviation, abbreviation[:-1])
    sentence = re.split(r"[;:]|\.\s|\n", rest, maxsplit=1)[0]
    return bool(_LAW.search(sentence))


def test_venue_only_where_allowed(agreements: dict[str, Agreement]) -> None:
    assert "Ausschließlicher Gerichtsstand" in agreements["big"].text
    assert "Gerichtsstand" not in agreements["imbiss"].section("Schlussbestimmungen")
    assert "Ausschließlicher Gerichtsstand" not in agreements["shk"].text
    assert "Schiedsgerichtsordnung" in agreements["shk"].text
    assert "Arbitration Rules" in agreements["pumpsense"].text


def test_competition_law_where_partners_compete(agreements: dict[str, Agreement]) -> None:
    assert agreements["shk"].has("Kartellrecht")
    assert not agreements["big"].has("Kartellrecht")


def test_every_text_rule_has_a_test() -> None:
    """Every text rule of the catalogue has a test marked with its code.

    The test stands here or in one of the review tests (tests/integration/test_review_*.py);
    every mark names a rule of the catalogue or of the registry.
    """
    import importlib

    modules = [sys.modules[__name__], *(
        importlib.import_module(f"tests.integration.{path.stem}")
        for path in sorted(Path(__file__).parent.glob("test_review_*.py")))]
    marked = {mark.args[0] for module in modules for test in vars(module).values()
              for mark in getattr(test, "pytestmark", []) if mark.name == "rule"}
    text_rules = {c.code for c in COVERED if c.how == "text"}
    assert text_rules <= marked, f"text rules without a test: {sorted(text_rules - marked)}"
    known = text_rules | {r.code for r in RULES}  # a review test may also pin an input rule
    assert marked <= known, f"marks that name no rule: {sorted(marked - known)}"

