"""Issue 17 item 15 for shared_resources: every open detail of a shared use has an input field.

The operating § (op_shared_resources) and its Betriebsordnung (op_shared_resources_annex) printed
a literal [●] for details no input could fill (the deadline for a pending landlord consent, the
intervals of the safety inspections, the services, remuneration and on-site contact of a service
partner, the split of working hours between employers) and for missing values of existing fields
without saying which. Each is now a field under ``activities``: given, the text prints it;
missing, it is a recorded blank with its key in the draft's "Offene Punkte und Annahmen".
"""

from __future__ import annotations

from tests.conftest import COMPLETE, WriteYaml
from tests.support.agreement import blank_places, missing_blanks, read_agreement

BARE = COMPLETE + """\
activities:
  - id: werkstatt
    type: shared_resources
    partners: [alpha, velo]
    lead: alpha
    resources:
      - {id: halle, kind: premises, name: Werkstatthalle, holder: alpha, legal_basis: lease,
         landlord_consent: pending}
      - {id: monteur, kind: personnel, holder: alpha, legal_basis: employment}
    house_rights: alpha
    safety_duties: alpha
    personnel_model: service_contract
"""

FULL = COMPLETE + """\
activities:
  - id: werkstatt
    type: shared_resources
    partners: [alpha, velo]
    lead: alpha
    contact: "Anna Alpha, 030 1234567"
    resources:
      - {id: halle, kind: premises, name: Werkstatthalle, holder: alpha, legal_basis: lease,
         landlord_consent: pending, consent_deadline: 2026-06-30, area_m2: 120}
      - {id: monteur, kind: personnel, holder: alpha, legal_basis: employment}
    usage: {quota: {alpha: 60, velo: 40}, booking: gemeinsamer Online-Kalender}
    house_rights: alpha
    opening_hours: {alpha: "Mo-Fr 8-18 Uhr", velo: "Mo-Sa 9-19 Uhr", shared_area: "Mo-Fr 8-18 Uhr"}
    hygiene: {cleaning_by: alpha, cleaning_frequency: weekly}
    safety_duties: alpha
    safety_inspections: "täglich vor Arbeitsbeginn; Zufahrt und Hof zusätzlich wöchentlich"
    costs: {key: area, prepayment_monthly: 250}
    personnel_model: service_contract
    personnel:
      services: "Wartung und Reinigung der Hebebühnen nach jeder Arbeitswoche"
      remuneration: "pauschal 400 € je Kalendermonat zuzüglich Umsatzsteuer"
      site_contact: "Werkstattmeister Bernd Alpha, 030 1234568"
"""
NO_ANNEX = "clauses: {exclude: [op_shared_resources_annex]}\n"
TITLE = "Gemeinsame Nutzung von Räumen und Personal"
ANNEX = "Betriebsordnung für die gemeinsame Nutzung"

NEW_KEYS = ["resources[0].consent_deadline", "safety_inspections", "personnel.services",
            "personnel.remuneration", "personnel.site_contact"]
OLD_KEYS = ["opening_hours.alpha", "opening_hours.velo", "opening_hours.shared_area",
            "usage.quota.alpha", "usage.quota.velo", "usage.booking", "hygiene.cleaning_by",
            "hygiene.cleaning_frequency", "costs.key", "costs.prepayment_monthly", "contact"]


def test_missing_details_are_blanks_listed_with_their_keys(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE))
    keys = agreement.blank_places
    assert missing_blanks(keys, NEW_KEYS + OLD_KEYS, under="activities[0].") == []
    assert missing_blanks(keys, ["activities[0].resources[0].consent_deadline"], at="§") == []
    assert missing_blanks(keys, ["activities[0].safety_inspections"], at="Anlage ") == []
    assert "Ist die Erlaubnis nicht bis zum [●] erteilt, gilt die Bedingung als ausgefallen." \
        in agreement.section(TITLE)
    annex = agreement.annex(ANNEX)
    for expected in ["Abstände der regelmäßigen Kontrollen: [●];", "Leistungen: [●];",
                     "Vergütung: [●];", "verantwortliche Ansprechperson vor Ort: [●].",
                     "Nutzungsanteil von Velo Hoffmann: [●];", "Kostenschlüssel: [●];"]:
        assert expected in annex, expected


def test_without_the_annex_the_section_records_its_own_blanks(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE + NO_ANNEX))
    assert missing_blanks(agreement.blank_places, [
        "resources[0].consent_deadline", "safety_inspections", "personnel.services",
        "personnel.remuneration", "usage.quota.alpha", "usage.booking", "costs.key",
        "costs.prepayment_monthly", "contact", "opening_hours.shared_area"],
        at="§", under="activities[0].") == []
    section = agreement.section(TITLE)
    assert "Abstände der Kontrollen zur Verkehrssicherung: [●];" in section
    assert "Leistungen des Leistungspartners: [●];" in section


def test_an_unknown_personnel_model_and_missing_resources_are_blanks(
        write_yaml: WriteYaml) -> None:
    staff = COMPLETE + """\
activities:
  - id: fahrer
    type: shared_resources
    partners: [alpha, velo]
    resources:
      - {id: fahrer, kind: personnel, holder: velo}
"""
    places = blank_places(write_yaml(staff)).get("activities[0].personnel_model", [])
    assert any(p.startswith("§") for p in places), places
    assert any(p.startswith("Anlage ") for p in places), places
    bare = COMPLETE + ("activities:\n"
                       "  - {id: nichts, type: shared_resources, partners: [alpha, velo]}\n")
    agreement = read_agreement(write_yaml(bare))
    assert "activities[0].resources" in agreement.blank_places
    assert "(gemeinsame Ressourcen): [●]." in agreement.section(
        "Gemeinsame Nutzung von Ressourcen")


def test_the_split_of_working_hours_between_employers(write_yaml: WriteYaml) -> None:
    text = COMPLETE + """\
activities:
  - id: service
    type: shared_resources
    partners: [alpha, velo]
    resources:
      - {id: kraft, kind: personnel, holder: velo, legal_basis: employment}
    personnel_model: direct_employment_each
"""
    assert missing_blanks(blank_places(write_yaml(text)),
                          ["activities[0].personnel.time_allocation"], at="Anlage ") == []
    filled = text + ('    personnel: {time_allocation: "Servicekraft: Mo-Mi für Alpha, '
                     'Do-Fr für Velo Hoffmann"}\n')
    annex = read_agreement(write_yaml(filled)).annex(ANNEX)
    assert ("Aufteilung der Arbeitszeiten: Servicekraft: Mo-Mi für Alpha, Do-Fr für Velo "
            "Hoffmann.") in annex


def test_a_complete_shared_use_builds_final_with_its_values(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(FULL), final=True)
    section = agreement.section(TITLE)
    annex = agreement.annex(ANNEX)
    assert section and annex
    assert "[●]" not in section and "[●]" not in annex
    assert "Ist die Erlaubnis nicht bis zum 30. Juni 2026 erteilt, gilt die Bedingung als " \
           "ausgefallen." in section
    for expected in [
            "Erlaubnis des Vermieters ausstehend, zu erteilen bis zum 30. Juni 2026, Fläche "
            "120 m²;",
            "Abstände der regelmäßigen Kontrollen: täglich vor Arbeitsbeginn; Zufahrt und Hof "
            "zusätzlich wöchentlich;",
            "Leistungen: Wartung und Reinigung der Hebebühnen nach jeder Arbeitswoche;",
            "Vergütung: pauschal 400 € je Kalendermonat zuzüglich Umsatzsteuer;",
            "verantwortliche Ansprechperson vor Ort: Werkstattmeister Bernd Alpha, 030 1234568.",
            "Kostenschlüssel: nach Flächen, zugewiesen im Verhältnis der Nutzungsanteile nach "
            "dieser Betriebsordnung;",
            "monatliche Vorauszahlung jedes beteiligten Partners außer dem abrechnenden Partner: "
            "250,00 €;",
            "Nutzungsanteil von Velo Hoffmann: 40 %;"]:
        assert expected in annex, expected


def test_a_complete_shared_use_without_annex_prints_the_values_in_the_section(
        write_yaml: WriteYaml) -> None:
    section = read_agreement(write_yaml(FULL + NO_ANNEX), final=True).section(TITLE)
    assert "[●]" not in section
    for expected in [
            "Abstände der Kontrollen zur Verkehrssicherung: täglich vor Arbeitsbeginn; Zufahrt "
            "und Hof zusätzlich wöchentlich;",
            "Leistungen des Leistungspartners: Wartung und Reinigung der Hebebühnen nach jeder "
            "Arbeitswoche;",
            "Vergütung des Leistungspartners: pauschal 400 € je Kalendermonat zuzüglich "
            "Umsatzsteuer;",
            "Kostenschlüssel: nach Flächen, im Verhältnis der Nutzungsanteile;",
            "Ansprechperson für den laufenden Betrieb: Anna Alpha, 030 1234567."]:
        assert expected in section, expected


def test_english_prints_the_values_too(write_yaml: WriteYaml) -> None:
    text = FULL.replace("format: 1\n", "format: 1\nlanguage: en\n")
    agreement = read_agreement(write_yaml(text), final=True)
    section = agreement.section("Shared use of premises and personnel")
    annex = agreement.annex("Operating rules for the shared use")
    assert section and annex
    assert "[●]" not in section and "[●]" not in annex
    assert "If the permission has not been granted by 30 June 2026, the condition is deemed " \
           "to have failed." in section
    for expected in ["permission of the landlord pending, to be granted by 30 June 2026",
                     "intervals of the regular inspections: täglich vor Arbeitsbeginn",
                     "services: Wartung und Reinigung der Hebebühnen",
                     "responsible on-site contact person: Werkstattmeister Bernd Alpha"]:
        assert expected in annex, expected
    bare = BARE.replace("format: 1\n", "format: 1\nlanguage: en\n") + NO_ANNEX
    section = read_agreement(write_yaml(bare)).section("Shared use of premises and personnel")
    assert "intervals of the safety inspections: [●];" in section
    assert "services of the Service Partner: [●];" in section
