"""Issue 17, items 12 and 14 (text parts): wording a German commercial lawyer signs off.

Filled-in slots read as sentences whatever the user wrote, lists of tasks are punctuated, no soft
anglicisms ("Win-win", "Background") and a term that must stay ("Clean Team") is defined in
German; a body the text names is set up in the steering-committee §, and licences to third
parties needed for the joint exploitation the agreement is for need no separate consent.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import MINIMAL, WriteYaml
from tests.support.agreement import Agreement, read_agreement

EN = "language: en\n"


def build(write_yaml: WriteYaml, extra: str, *, language: str = "de") -> Agreement:
    text = MINIMAL + extra + (EN if language == "en" else "")
    return read_agreement(write_yaml(text))


def interface(purpose: str, **fields: str) -> str:
    fields = {"auth": "OAuth 2.0", "spec": "Kassen-API 1.0"} | fields
    more = "".join(f"\n        {key}: {value}" for key, value in fields.items())
    return f"""\
fields: [it]
clauses:
  it_security:
    interfaces:
      - name: Kassen-API
        provider: alpha
        users: [beta]
        purpose: {purpose}{more}
"""


# --- item 12: filled-in slots read as sentences --------------------------------------------------

@pytest.mark.parametrize("purpose", ["Bons und Zahlungen", "Bons und Zahlungen."])
def test_interface_purpose_is_quoted_not_a_form_slot(write_yaml: WriteYaml, purpose: str) -> None:
    annex = build(write_yaml, interface(purpose)).annex("Schnittstellenvereinbarung")
    assert annex
    assert "Zweck: Bons und Zahlungen" not in annex
    assert "„Bons und Zahlungen“ (vereinbarter Zweck)." in annex
    assert "Zahlungen.“" not in annex


def test_interface_auth_encryption_and_spec_are_quoted(write_yaml: WriteYaml) -> None:
    annex = build(write_yaml, interface("Bons und Zahlungen", auth="mTLS", encryption="TLS 1.3",
                                        spec="Kassen-API Version 2")).annex(
        "Schnittstellenvereinbarung")
    for slot in ("folgendem Verfahren:", "folgendem Standard", "folgender Spezifikation:"):
        assert slot not in annex
    assert "mit dem Verfahren „mTLS“" in annex
    assert "nach dem Standard „TLS 1.3“" in annex
    assert "Spezifikation „Kassen-API Version 2“" in annex


@pytest.mark.parametrize("purpose", ["Receipts and payments", "Receipts and payments."])
def test_interface_purpose_in_english(write_yaml: WriteYaml, purpose: str) -> None:
    annex = build(write_yaml, interface(purpose), language="en").annex("Interface agreement")
    assert annex
    assert "purpose: Receipts" not in annex
    assert "“Receipts and payments” (the “Agreed Purpose”)." in annex


TASKS = """\
    tasks:
      - Einkauf der Verpackungen
      - Lagerhaltung.
      - Abrechnung, Mahnwesen usw.
"""


@pytest.mark.parametrize(("language", "items"), [
    ("de", ["Einkauf der Verpackungen;", "Lagerhaltung;", "Abrechnung, Mahnwesen usw."]),
    ("en", ["Einkauf der Verpackungen;", "Lagerhaltung;", "Abrechnung, Mahnwesen usw."]),
])
def test_task_lists_are_punctuated(write_yaml: WriteYaml, language: str,
                                   items: list[str]) -> None:
    text = MINIMAL.replace(
        "    represented_by: [{name: Anna Alpha, function: Geschäftsführerin}]\n",
        "    represented_by: [{name: Anna Alpha, function: Geschäftsführerin}]\n" + TASKS)
    agreement = read_agreement(write_yaml(text + (EN if language == "en" else "")))
    section = agreement.section("Rollen und Aufgaben" if language == "de" else "Roles and tasks")
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if "Einkauf der Verpackungen" in line)
    got = [re.sub(r"^[a-z]\)\s*", "", line) for line in lines[start:start + 3]]
    assert got == items


# --- item 12: soft anglicisms ---------------------------------------------------------------------

def test_no_soft_anglicisms_in_german_text(write_yaml: WriteYaml) -> None:
    text = build(write_yaml, "clauses:\n  ip: {results: joint}\n").text
    for word in ("Win-win", "(Background)", "Background", "Sideground", "Foreground"):
        assert word not in text, word
    evaluation = build(write_yaml, "").section("Evaluation")
    assert "angemessenen Nutzen" in evaluation


def test_no_win_win_in_english_text(write_yaml: WriteYaml) -> None:
    evaluation = build(write_yaml, "", language="en").section("Evaluation")
    assert "win-win" not in evaluation.lower()
    assert "appropriate benefit" in evaluation


COMPETITORS = """\
kind: horizontal
clauses:
  competition_law: {clean_team: true}
"""


def test_clean_team_is_defined_in_german(write_yaml: WriteYaml) -> None:
    agreement = build(write_yaml, COMPETITORS)
    definitions = agreement.section("Begriffsbestimmungen")
    assert "„Clean Team“ (Vertraulichkeitsteam)" in definitions
    assert agreement.text.count("(Vertraulichkeitsteam)") == 1
    english = build(write_yaml, COMPETITORS, language="en").section("Definitions")
    assert "“Clean Team”" in english


def test_no_clean_team_definition_without_competition_law(write_yaml: WriteYaml) -> None:
    assert "Clean Team" not in build(write_yaml, "").text


# --- item 14: bodies named in the text are set up ------------------------------------------------

WORKING_GROUPS = """\
governance:
  working_groups:
    - {name: Arbeitskreis Einkauf, tasks: Bündelung der Bedarfe und Lieferantenauswahl}
  escalation:
    - {body: Arbeitskreis Einkauf, days: 14}
    - {body: Lenkungskreis, days: 20}
"""


def test_working_groups_are_established(write_yaml: WriteYaml) -> None:
    governance = build(write_yaml, WORKING_GROUPS).section("Lenkungskreis")
    assert "„Arbeitskreis Einkauf“" in governance
    assert "richten die Partner" in governance
    assert "Bündelung der Bedarfe und Lieferantenauswahl" in governance
    english = build(write_yaml, WORKING_GROUPS, language="en").section("Steering Committee")
    assert "“Arbeitskreis Einkauf”" in english


def test_steering_committee_may_set_up_working_groups(write_yaml: WriteYaml) -> None:
    governance = build(write_yaml, "").section("Lenkungskreis")
    assert "Der Lenkungskreis kann Arbeitskreise" in governance
    assert "fassen keine Beschlüsse" in governance
    english = build(write_yaml, "", language="en").section("Steering Committee")
    assert "The Steering Committee may set up working groups" in english


def test_escalation_body_is_set_up_in_governance(write_yaml: WriteYaml) -> None:
    """The escalation ladder names a working group: the steering-committee § sets it up."""
    agreement = build(write_yaml, WORKING_GROUPS)
    governance = agreement.section("Lenkungskreis")
    assert "Arbeitskreis Einkauf" in governance
    elsewhere = agreement.text.replace(governance, "")
    assert "Arbeitskreis Einkauf" in elsewhere


# --- item 14: licences for the joint exploitation ------------------------------------------------

def test_joint_results_licences_do_not_block_joint_exploitation(write_yaml: WriteYaml) -> None:
    ip = build(write_yaml, "clauses:\n  ip: {results: joint}\n").section("Geistiges Eigentum")
    assert ip
    assert "ohne gesonderte Zustimmung" in ip
    assert "nicht unbillig verweigern" in ip
    english = build(write_yaml, "clauses:\n  ip: {results: joint}\n",
                    language="en").section("Intellectual property")
    assert "without separate consent" in english
    assert "not unreasonably withhold" in english


def test_co_created_results_licences_do_not_block_joint_exploitation(
        write_yaml: WriteYaml) -> None:
    ip = build(write_yaml, "clauses:\n  ip: {results: creator}\n").section("Geistiges Eigentum")
    assert "ohne gesonderte Zustimmung" in ip
    assert "nicht unbillig verweigern" in ip


def test_meeting_rhythm_reads_as_a_sentence(write_yaml: WriteYaml) -> None:
    extra = "governance:\n  communication: {meeting_rhythm: zweiwöchentlich}\n"
    governance = build(write_yaml, extra).section("Lenkungskreis")
    assert "Rhythmus: zweiwöchentlich" not in governance
    assert "Arbeitsbesprechungen in dem vorgesehenen Rhythmus „zweiwöchentlich“ ab." in governance
    english = build(write_yaml, extra, language="en").section("Steering Committee")
    assert "frequency: fortnightly" not in english
    assert "at the intended frequency “zweiwöchentlich”." in english
