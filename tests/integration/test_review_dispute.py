"""Issue 17, item 5 and item 12 (escalation body): a dispute ladder a lawyer signs off.

One mediation step at most (an escalation stage named "Mediation" does not add a second one), the
bar on going to court or arbitration ends on a fixed date (at the latest a number of days after
the notice of dispute, earlier when a party declines mediation or does not answer a proposal),
interim relief and independent evidentiary proceedings always stay open, limitation is
suspended. The periods and the mediation rules the input did not give are schema defaults that
the draft lists as assumptions. The management stage names the right people for the partners'
legal forms: a sole trader's owner, a GbR's managing partners.
"""

from __future__ import annotations

import re

import pytest

from coopdocs.check.schema import load_schema
from tests.conftest import GAMMA, MINIMAL, WriteYaml
from tests.support.agreement import Agreement, read_agreement

DE, EN = "Eskalation und Streitbeilegung", "Escalation and dispute resolution"

VELO = """\
  - id: velo
    name: Velo Hoffmann e.K.
    legal_form: e.K.
    address: {street: Radweg 4, postal_code: "52062", city: Aachen}
    represented_by: [{name: Peter Hoffmann, function: Inhaber}]
"""

SOLO = """\
format: 1
id: solo
title: Werkstattverbund
date: 2026-03-01
purpose: Gegenseitige Empfehlung von Kunden.
partners:
  - id: hoffmann
    name: Velo Hoffmann e.K.
    legal_form: e.K.
    address: {street: Radweg 4, postal_code: "52062", city: Aachen}
    represented_by: [{name: Peter Hoffmann, function: Inhaber}]
  - id: schulz
    name: Malerbetrieb Schulz
    legal_form: Einzelunternehmen
    address: {street: Farbgasse 5, postal_code: "52064", city: Aachen}
    represented_by: [{name: Sabine Schulz, function: Inhaberin}]
"""

GBR = """\
  - id: praxis
    name: Planungsbüro Weber & Koch GbR
    legal_form: GbR
    address: {street: Am Markt 6, postal_code: "04109", city: Leipzig}
    represented_by: [{name: Lena Weber, function: Gesellschafterin}]
"""


def build(write_yaml: WriteYaml, extra: str = "", *, partners: str = "",
          base: str = MINIMAL, language: str = "de") -> Agreement:
    text = base + partners + extra + ("language: en\n" if language == "en" else "")
    return read_agreement(write_yaml(text))


def dispute(agreement: Agreement) -> str:
    text = agreement.section(DE if agreement.language == "de" else EN)
    assert text, agreement.headings
    return text


# --- item 5: one mediation step -----------------------------------------------------------------

@pytest.mark.rule("R-STREIT-1")
def test_a_mediation_stage_does_not_add_a_second_mediation(write_yaml: WriteYaml) -> None:
    text = dispute(build(write_yaml, """\
governance:
  escalation:
    - {body: Lenkungskreis, days: 14}
    - {body: Mediation, days: 30}
"""))
    assert "Mediation (Frist" not in text
    assert "folgender Eskalationsstufe behandelt: Lenkungskreis (Frist: 14 Tage)." in text
    assert text.count("Mediationsvorschlag") >= 2
    assert text.count("Mediationsordnung der Deutschen Institution") == 1
    assert "Eine weitere Mediation nach diesem Paragraphen findet wegen derselben Streitigkeit " \
           "nicht statt." in text


def test_without_mediation_the_ladder_has_no_mediation(write_yaml: WriteYaml) -> None:
    text = dispute(build(write_yaml, "clauses:\n  dispute: {mediation: false}\n"))
    assert "Mediation" not in text
    assert "die Frist der letzten Eskalationsstufe ist abgelaufen, ohne dass die Streitigkeit " \
           "beigelegt wurde;" in text


# --- item 5: a fixed end of the bar -------------------------------------------------------------

@pytest.mark.rule("R-STREIT-1")
@pytest.mark.parametrize("mediation", [True, False])
@pytest.mark.parametrize("final", ["court", "arbitration"])
def test_the_bar_ends_at_the_latest_a_fixed_time_after_the_notice(
        write_yaml: WriteYaml, mediation: bool, final: str) -> None:
    text = dispute(build(write_yaml, f"clauses:\n  dispute: {{mediation: {str(mediation).lower()}, "
                                     f"final: {final}, venue: Berlin}}\n"))
    assert "gescheitert" not in text  # the old ladder ended only with a failed mediation
    assert "die Frist von 120 Tagen ab Zugang der Streitanzeige bei allen anderen Partnern " \
           "(Höchstdauer) ist abgelaufen" in text
    assert "Die Streitparteien können die Höchstdauer einvernehmlich verlängern" in text
    bar = "Schiedsklage oder Klage vor einem staatlichen Gericht" if final == "arbitration" \
        else "Klage vor einem staatlichen Gericht"
    assert f"Bis zum Abschluss des Verfahrens erhebt keine Streitpartei wegen der Streitigkeit " \
           f"{bar} (vorübergehender Klageverzicht)" in text


@pytest.mark.rule("R-STREIT-1")
def test_declining_or_not_answering_a_mediation_proposal_ends_the_bar(
        write_yaml: WriteYaml) -> None:
    text = dispute(build(write_yaml))
    assert "eine Streitpartei lehnt nach Ablauf der Frist der letzten Eskalationsstufe eine " \
           "Mediation gegenüber den anderen Streitparteien in Textform ab oder beendet die " \
           "Mediation;" in text
    assert "eine Streitpartei hat einem Mediationsvorschlag einer anderen Streitpartei nicht " \
           "innerhalb von 14 Tagen nach seinem Zugang in Textform zugestimmt;" in text
    assert "Jede Streitpartei kann die Mediation jederzeit" in text


def test_periods_and_rules_given_in_the_input_are_used(write_yaml: WriteYaml) -> None:
    text = dispute(build(write_yaml, """\
clauses:
  dispute: {mediation_rules: ad_hoc, mediation_reply_days: 21, standstill_days: 90, stage_days: 10}
"""))
    assert "nach dem Mediationsgesetz mit einem Mediator durch, den sie gemeinsam bestimmen" in text
    assert "DIS" not in text
    assert "innerhalb von 21 Tagen nach seinem Zugang" in text
    assert "die Frist von 90 Tagen ab Zugang der Streitanzeige" in text
    assert "(Frist: 10 Tage)" in text and "(Frist: 20 Tage)" not in text


def test_defaults_of_the_ladder_are_labelled_as_assumptions() -> None:
    fields = load_schema("cooperation")["clauses"]["schema"]["dispute"]["schema"]
    for key in ("mediation", "mediation_rules", "mediation_reply_days", "standstill_days",
                "stage_days", "final", "arbitrators"):
        assumption = fields[key]["meta"]["assumption"]
        assert assumption["de"] and assumption["en"], key
        assert "default" in fields[key], key
    for key in ("mediation_reply_days", "standstill_days", "stage_days"):
        assert fields[key]["meta"]["assumption"]["unit"] == "days"
    rules = fields["mediation_rules"]
    assert set(rules["meta"]["values"]) == set(rules["allowed"])


# --- item 5: interim relief and limitation ------------------------------------------------------

@pytest.mark.rule("R-STREIT-2")
@pytest.mark.parametrize("final", ["court", "arbitration"])
def test_interim_relief_and_limitation_whatever_the_final_stage(
        write_yaml: WriteYaml, final: str) -> None:
    text = dispute(build(write_yaml, f"clauses:\n  dispute: {{final: {final}, venue: Berlin}}\n",
                         partners=GAMMA))
    assert "Jede Streitpartei kann jederzeit, auch vor Abschluss des Verfahrens nach diesem " \
           "Paragraphen, bei den staatlichen Gerichten einstweiligen Rechtsschutz " \
           "beantragen" in text
    assert "selbständigen Beweisverfahrens (§§ 485 ff. ZPO)" in text
    assert "bis zum Abschluss des Verfahrens gehemmt" in text
    assert "§ 203 BGB" in text
    assert ("§ 1033 ZPO" in text) is (final == "arbitration")


@pytest.mark.rule("R-STREIT-2")
def test_english_ladder(write_yaml: WriteYaml) -> None:
    text = dispute(build(write_yaml, """\
governance:
  escalation:
    - {body: Steering Committee, days: 14}
    - {body: Mediation, days: 30}
clauses:
  dispute: {final: arbitration, arbitrators: 3, venue: Berlin}
""", partners=GAMMA, language="en"))
    assert "Mediation (period" not in text
    assert "(the “Mediation Proposal”)" in text
    assert text.count("Mediation Rules of the German Arbitration Institute") == 1
    assert "declines mediation in text form" in text
    assert "the period of 120 days from receipt of the Notice of Dispute by all other Partners " \
           "(the “Maximum Duration”) has expired" in text
    assert "apply to the state courts for interim relief" in text
    assert "selbständiges Beweisverfahren" in text
    assert "they shall nominate their co-arbitrator jointly" in text  # three partners


# --- item 12: the management stage by legal form ------------------------------------------------

def stages(text: str) -> list[str]:
    return re.findall(r"^[a-z]\)\s+Stufe \d: (.*) \(Frist", text, flags=re.MULTILINE)


def test_management_stage_of_companies(write_yaml: WriteYaml) -> None:
    text = dispute(build(write_yaml))
    assert "Geschäftsführungen" not in text
    assert stages(text)[-1] == "Geschäftsleitungen der Streitparteien"


@pytest.mark.parametrize("language", ["de", "en"])
def test_management_stage_with_a_sole_trader(write_yaml: WriteYaml, language: str) -> None:
    text = dispute(build(write_yaml, partners=VELO, language=language))
    if language == "de":
        assert "Geschäftsführungen" not in text
        assert stages(text)[-1] == ("Geschäftsleitungen der Streitparteien, bei Einzelunternehmen "
                                    "deren Inhaber persönlich")
    else:
        assert "senior management of the Parties to the Dispute, for a sole trader " \
               "(Einzelunternehmen) its owner in person (period: 20 days)" in text


def test_management_stage_of_sole_traders_only(write_yaml: WriteYaml) -> None:
    text = dispute(build(write_yaml, base=SOLO))
    assert stages(text)[-1] == "Streitparteien persönlich"
    assert "Geschäftsleitung" not in text and "Geschäftsführung" not in text


def test_management_stage_with_a_gbr(write_yaml: WriteYaml) -> None:
    text = dispute(build(write_yaml, partners=GBR + VELO))
    assert stages(text)[-1] == (
        "Geschäftsleitungen der Streitparteien, bei Einzelunternehmen deren Inhaber persönlich und "
        "bei Gesellschaften bürgerlichen Rechts die zur Geschäftsführung befugten Gesellschafter")


@pytest.mark.parametrize("language", ["de", "en"])
def test_deadlock_without_dispute_procedure_names_the_owner(write_yaml: WriteYaml,
                                                            language: str) -> None:
    agreement = build(write_yaml, "clauses:\n  exclude: [dispute]\n", partners=VELO,
                      language=language)
    text = agreement.section("Beschlussfassung" if language == "de" else "Decision-making")
    if language == "de":
        assert "Geschäftsführungen" not in text
        assert "dass die Geschäftsleitungen der stimmberechtigten Partner, bei Einzelunternehmen " \
               "deren Inhaber persönlich, innerhalb von 30 Tagen" in text
    else:
        assert "that the senior management of each voting Partner (for a sole trader " \
               "(Einzelunternehmen) its owner in person) take part" in text


def test_deadlock_between_sole_traders(write_yaml: WriteYaml) -> None:
    text = build(write_yaml, "clauses:\n  exclude: [dispute]\n", base=SOLO).section(
        "Beschlussfassung")
    assert "dass die stimmberechtigten Partner persönlich innerhalb von 30 Tagen" in text
