"""Issue 17 items 14 and 15 for joint development.

Item 15: the operating § (op_joint_development) and its Betriebsordnung
(op_joint_development_annex) printed a literal [●] for details no input could fill (work
packages, milestones, cost plan, background list, exploitation plan, the periods for the grant,
for requesting access rights and for taking over inventions …), so ``--final`` could never be
reached. Each is now a field under ``activities`` (or an existing one): given, the text prints it;
missing, it is a recorded blank with its key in the draft's "Offene Punkte und Annahmen".

Item 14: a licence to third parties that needs every co-owner's consent must not block the
joint exploitation the agreement is for: licences needed for an exploitation in the exploitation
plan or for the cooperation's activities need no consent; other consent may not be unreasonably
withheld.
"""

from __future__ import annotations

import re

from tests.conftest import RIVALS, WriteYaml
from tests.support.agreement import missing_blanks, read_agreement

BARE = RIVALS + """\
activities:
  - {id: fue, type: joint_development, partners: [alpha, velo], funding: ZIM,
     employee_inventions: claim_all, results_ownership: assigned_to_lead, competition: {}}
"""

FULL_ACTIVITY = """\
activities:
  - id: fue
    type: joint_development
    partners: [alpha, velo]
    description: Entwicklung eines Leichtbau-Laufrads aus Titan
    results_ownership: joint_if_inseparable
    background:
      access_execution: royalty_free
      access_exploitation: fair_reasonable
      listed:
        - {by: alpha, rights: ["Patent DE 10 2020 000 001 (Speichenverbindung)"], excluded: []}
        - {by: velo, rights: [], excluded: ["Konstruktionsdaten des Modells Velo Pro"]}
    access_request_months: 12
    publication: {notice_days: 30, max_delay_days: 90}
    employee_inventions: claim_all
    invention_offer_days: 30
    funding: ZIM
    funding_deadline_months: 6
    grant_reference: "16KN123456"
    work_packages:
      - {by: alpha, name: "AP 1 Konstruktion", content: "Auslegung und Konstruktion des Laufrads",
         person_months: 6, end: 2026-12-31}
      - {by: velo, name: "AP 2 Erprobung", person_months: 4.5, end: 2027-06-30}
    milestones:
      - {name: "M1 Prototyp", by: alpha, due: 2027-01-31,
         criterion: "Prototyp besteht die Prüfung nach DIN EN ISO 4210-7"}
    cost_plan:
      - {by: alpha, costs: 120000, grant: 66000}
      - {by: velo, costs: 80000}
    exploitation_plan:
      - {by: alpha, results: "Konstruktion des Laufrads", fields: "Fahrradbau",
         exploitation: "Fertigung und Verkauf eigener Laufräder"}
    exploitation_plan_due: 2026-10-31
    competition: {market_share_percent: 12}
"""
FULL = RIVALS + FULL_ACTIVITY
NO_ANNEX = "clauses: {exclude: [op_joint_development_annex]}\n"
SECTION = "Gemeinsame Entwicklung"
ANNEX = "Betriebsordnung für das Entwicklungsvorhaben"


def test_missing_details_are_blanks_listed_with_their_keys(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE))
    in_section = ["publication.notice_days", "publication.max_delay_days",
                  "funding_deadline_months", "access_request_months", "invention_offer_days",
                  "competition.market_share_percent"]
    in_annex = ["description", "work_packages", "milestones", "cost_plan", "background.listed",
                "assignment_remuneration", "exploitation_plan"]
    keys = agreement.blank_places
    assert missing_blanks(keys, in_section, at="§", under="activities[0].") == []
    assert missing_blanks(keys, in_annex, at="Anlage", under="activities[0].") == []
    section, annex = agreement.section(SECTION), agreement.annex(ANNEX)
    assert "mindestens [●] Tage vorher in Textform" in section
    assert "nicht innerhalb von [●] Monaten nach Einreichung des Antrags bewilligt" in section
    assert "Arbeitspakete von Alpha: [●];" in annex
    assert "Förderkennzeichen: wird nach der Bewilligung von der Projektleitung in Textform " \
        "mitgeteilt;" in annex  # not known before the grant: no blank that blocks signing
    assert "Velo Hoffmann: [●]; ausgenommen: [●]" in annex


def test_without_annex_the_section_records_its_own_blanks(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE + NO_ANNEX))
    assert missing_blanks(agreement.blank_places, ["exploitation_plan_due",
                                                   "assignment_remuneration"],
                          at="§", under="activities[0].") == []
    section = agreement.section(SECTION)
    assert "Für die Übertragung und die Einräumung erhält er als Vergütung [●]." in section
    assert "stellen bis zum [●] einen Verwertungsplan in Textform auf" in section


def test_a_complete_project_builds_final_with_its_values(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(FULL), final=True)
    section, annex = agreement.section(SECTION), agreement.annex(ANNEX)
    assert "[●]" not in section and "[●]" not in annex
    for expected in [
            "mindestens 30 Tage vorher in Textform",
            "längstens jedoch um 90 Tage nach Zugang des Widerspruchs",
            "nicht innerhalb von 6 Monaten nach Einreichung des Antrags bewilligt",
            "bis zum Ablauf von 12 Monaten nach dem Abschluss des Vorhabens",
            "das Angebot innerhalb von 30 Tagen annimmt"]:
        assert expected in section, expected
    for expected in [
            "Förderprogramm: ZIM; Förderkennzeichen: 16KN123456;",
            "AP 1 Konstruktion (verantwortlich: Alpha; geplanter Aufwand: 6 Personenmonate; "
            "Ende: 31. Dezember 2026): Auslegung und Konstruktion des Laufrads;",
            "AP 2 Erprobung (verantwortlich: Velo Hoffmann; geplanter Aufwand: 4,5 "
            "Personenmonate; Ende: 30. Juni 2027).",
            "M1 Prototyp (verantwortlich: Alpha; Termin: 31. Januar 2027): Prototyp besteht die "
            "Prüfung nach DIN EN ISO 4210-7.",
            "Alpha: 120.000,00 €, davon 66.000,00 € aus der Förderung und 54.000,00 € aus "
            "Eigenmitteln;",
            "Velo Hoffmann: 80.000,00 €, aus Eigenmitteln;",
            "geplante Gesamtkosten des Vorhabens: 200.000,00 €.",
            "Alpha: Patent DE 10 2020 000 001 (Speichenverbindung); ausgenommen: keine;",
            "ausgenommen: Konstruktionsdaten des Modells Velo Pro.",
            "Alpha: Konstruktion des Laufrads (Anwendungsbereiche: Fahrradbau; geplante "
            "Verwertung: Fertigung und Verkauf eigener Laufräder)."]:
        assert expected in annex.replace("\u00a0", " "), expected


def test_english_prints_the_values_too(write_yaml: WriteYaml) -> None:
    text = FULL.replace("format: 1\n", "format: 1\nlanguage: en\n")
    agreement = read_agreement(write_yaml(text), final=True)
    section, annex = agreement.section("Joint development"), agreement.annex(
        "Operating rules for the development project")
    assert "[●]" not in section and "[●]" not in annex
    for expected in ["at least 30 days in advance", "by no more than 90 days after receipt",
                     "within 6 months after the application is submitted",
                     "within 12 months after Completion of the Project",
                     "accepts the offer within 30 days"]:
        assert expected in section, expected
    for expected in ["grant reference (Förderkennzeichen): 16KN123456;",
                     "AP 2 Erprobung (responsible: Velo Hoffmann; planned effort: 4.5 "
                     "person-months; end: 30 June 2027).",
                     "planned total costs of the Project: EUR 200,000.00."]:
        assert expected in annex.replace("\u00a0", " "), expected


# --- item 14: co-owners' licences do not block the joint exploitation --------------------------

WITH_SUPPLY = RIVALS + FULL_ACTIVITY + """\
  - {id: teile, type: supply, supplier: alpha, buyer: velo, partners: [alpha, velo]}
"""


def test_licences_for_the_agreed_exploitation_need_no_co_owners_consent(
        write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(WITH_SUPPLY))
    section = " ".join(agreement.section(SECTION).split())
    supply = next(h for h in agreement.headings if "Lieferbeziehung" in h)
    number = re.match(r"§ (\d+)", supply).group(1)  # type: ignore[union-attr]
    assert ("Einfache Lizenzen an Dritte vergibt ein Mitinhaber ohne Zustimmung der anderen "
            "Mitinhaber, soweit er sie für eine Verwertung benötigt, die der Verwertungsplan für "
            f"ihn vorsieht oder die zu den Tätigkeiten der Kooperation nach § {number} gehört"
            ) in section
    assert "insbesondere an Kunden zur bestimmungsgemäßen Nutzung der Produkte" in section
    assert ("Andere Lizenzen an Dritte vergibt ein Mitinhaber nur mit vorheriger Zustimmung der "
            "anderen Mitinhaber in Textform; sie darf nicht unbillig verweigert werden") in section
    assert "nur aus wichtigem Grund verweigert" not in section


def test_english_licences_for_the_agreed_exploitation(write_yaml: WriteYaml) -> None:
    text = WITH_SUPPLY.replace("format: 1\n", "format: 1\nlanguage: en\n")
    section = " ".join(read_agreement(write_yaml(text)).section("Joint development").split())
    assert ("A Co-owner grants non-exclusive licences to third parties without the consent of "
            "the other Co-owners to the extent that it needs them for an Exploitation provided "
            "for it in the exploitation plan or forming part of the activities of the cooperation "
            "under §") in section
    assert "consent may not be unreasonably withheld" in section
