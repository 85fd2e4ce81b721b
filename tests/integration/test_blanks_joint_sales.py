"""Issue 17 item 15 for joint sales: every open detail has an input field.

The operating § (op_joint_sales) and its Betriebsordnung (op_joint_sales_annex) printed a
literal [●] for details no input could fill (the periods of the bidding procedure, the draft
subcontract, the media and upkeep of a joint catalogue, the forwarding of enquiries, the
rejection of a notification, the retention of the necessity record) or that an existing field
fills (mode, necessity, market share, commission), so ``--final`` could never be reached. Each
is now a field under ``activities``: given, the text prints it; missing, it is a recorded blank
with its key in "Offene Punkte und Annahmen".
"""

from __future__ import annotations

from tests.conftest import COMPETING, WriteYaml
from tests.support.agreement import missing_blanks, read_agreement

# alpha and velo compete: their joint offers need the necessity record
BARE = COMPETING + """\
activities:
  - id: bieter
    type: joint_sales
    lead: alpha
    partners: [alpha, velo]
    competition: {info_firewall: {clean_team: true}}
  - id: katalog
    type: joint_sales
    mode: joint_catalogue
    lead: alpha
    partners: [alpha, muster]
  - id: tipp
    type: joint_sales
    mode: referral
    partners: [velo, muster]
  - id: hu
    type: joint_sales
    mode: lead_contractor
    lead: muster
    partners: [muster, gbr]
"""

FULL = COMPETING + """\
activities:
  - id: bieter
    type: joint_sales
    mode: bidding_consortium
    lead: alpha
    partners: [alpha, velo]
    contact: "Anna Alpha, +49 30 000100"
    necessity:
      case_group: capacity_bound
      rationale: Keiner der Partner kann Großveranstaltungen mit mehr als 500 Teilnehmern allein
        ausstatten
      retention_years: 5
    bidding: {participation_days: 3, calculation_days: 5, approval_days: 2}
    competition: {market_share_percent: 6, info_firewall: {clean_team: true,
                  members: [Berta Beispiel (Kalkulation)]}}
  - id: katalog
    type: joint_sales
    mode: joint_catalogue
    lead: alpha
    partners: [alpha, muster]
    contact: "Max Muster, max@muster.example"
    catalogue: {media: [Website radregion.example, Imagebroschüre], update_interval: quarterly,
                update_days: 10, forwarding_days: 1}
  - id: tipp
    type: joint_sales
    mode: referral
    partners: [velo, muster]
    commission: {rate_percent: 5, duration_months: 12, statement: quarterly,
                 referrer_activity: tip_only}
    customer_protection: {after_months: 6}
    referral: {rejection_days: 5}
  - id: hu
    type: joint_sales
    mode: lead_contractor
    lead: muster
    partners: [muster, gbr]
    contact: "Jana Sonne, jana@sonnental.example"
    bidding: {subcontract_days: 10}
"""
NO_ANNEX = "clauses: {exclude: [op_joint_sales_annex]}\n"
BIDDING, CATALOGUE = "Betriebsordnung für die Bietergemeinschaft", \
    "Betriebsordnung für das gemeinsame Leistungsangebot"
REFERRAL, SUBCONTRACT = "Betriebsordnung für die Empfehlung von Kunden", \
    "Betriebsordnung für gemeinsame Angebote mit Hauptunternehmer"


def test_missing_details_are_blanks_listed_with_their_keys(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE))
    in_section = ["[0].mode", "[0].necessity.case_group", "[0].necessity.rationale",
                  "[0].competition.market_share_percent", "[2].commission.rate_percent",
                  "[2].commission.duration_months", "[2].commission.statement"]
    in_annex = ["[0].contact", "[0].bidding.participation_days", "[0].bidding.calculation_days",
                "[0].bidding.approval_days", "[0].necessity.retention_years", "[1].contact",
                "[1].catalogue.media", "[1].catalogue.update_interval",
                "[1].catalogue.update_days", "[1].catalogue.forwarding_days",
                "[2].referral.rejection_days", "[3].contact", "[3].bidding.subcontract_days"]
    keys = agreement.blank_places
    assert missing_blanks(keys, in_section, at="§", under="activities") == []
    assert missing_blanks(keys, in_annex, at="Anlage ", under="activities") == []
    text = agreement.text
    assert "Leistungen gemeinsam, und zwar in folgender Form: [●]." in text
    assert "beträgt nach ihrer Einschätzung [●] %." in text
    assert "eine Provision von [●] % der Nettoentgelte" in text
    assert "innerhalb von [●] Monaten nach dem ersten Vertragsschluss" in text
    assert "über die Provisionen für [●] (höchstens drei Monate) ab" in text
    assert "dem Clean Team spätestens [●] Arbeitstage vor Ablauf der Angebotsfrist." in text
    assert "aktualisiert es mindestens [●]." in text
    assert "zurückweisen kann, beträgt [●] Arbeitstage nach ihrem Zugang." in text
    assert "mindestens [●] Jahre nach der Abgabe des Angebots auf." in text


def test_without_the_annex_the_rejection_period_is_a_blank_of_the_section(
        write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE + NO_ANNEX))
    assert missing_blanks(agreement.blank_places, ["activities[2].referral.rejection_days"],
                          at="§") == []
    assert "Er kann die Meldung innerhalb von [●] Arbeitstagen nach ihrem Zugang" in agreement.text


def test_a_complete_joint_sales_builds_final_with_its_values(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(FULL), final=True)
    annexes = [agreement.annex(title) for title in (BIDDING, CATALOGUE, REFERRAL, SUBCONTRACT)]
    for annex in annexes:
        assert annex and "[●]" not in annex
    sections = agreement.section("Bietergemeinschaft") + agreement.section(
        "Gemeinsames Leistungsangebot") + agreement.section("Empfehlung von Kunden") + \
        agreement.section("Gemeinsame Angebote mit Hauptunternehmer")
    assert "[●]" not in sections
    bidding, catalogue, referral, subcontract = annexes
    for expected in ["Ansprechpartner für den laufenden Betrieb ist Anna Alpha, +49 30 000100.",
                     "innerhalb von 3 Arbeitstagen nach Zugang der Meldung",
                     "dem Clean Team spätestens 5 Arbeitstage vor Ablauf der Angebotsfrist.",
                     "seinen endgültigen Inhalt spätestens 2 Arbeitstage vor Ablauf der "
                     "Angebotsfrist zur Freigabe.",
                     "mindestens 5 Jahre nach der Abgabe des Angebots auf."]:
        assert expected in bidding, expected
    for expected in ["erscheint in folgenden Medien: Website radregion.example, Imagebroschüre.",
                     "aktualisiert es mindestens einmal im Kalendervierteljahr.",
                     "innerhalb von 10 Arbeitstagen nach Zugang um.",
                     "innerhalb von 1 Arbeitstag an den Ansprechpartner dieses Partners"]:
        assert expected in catalogue, expected
    assert "zurückweisen kann, beträgt 5 Arbeitstage nach ihrem Zugang." in referral
    assert "innerhalb von 10 Arbeitstagen den Entwurf des Nachunternehmervertrags." in subcontract


def test_without_the_annex_the_section_prints_the_rejection_period(write_yaml: WriteYaml) -> None:
    section = read_agreement(write_yaml(FULL + NO_ANNEX), final=True).section(
        "Empfehlung von Kunden")
    assert "[●]" not in section
    assert "Er kann die Meldung innerhalb von 5 Arbeitstagen nach ihrem Zugang" in section


def test_english_prints_the_values_too(write_yaml: WriteYaml) -> None:
    text = FULL.replace("format: 1\n", "format: 1\nlanguage: en\n")
    agreement = read_agreement(write_yaml(text), final=True)
    assert "[●]" not in agreement.text
    for expected in ["within 3 working days after receipt of the notification",
                     "to the Clean Team no later than 5 working days before the time limit",
                     "for approval no later than 2 working days before the time limit",
                     "keeps the Necessity Record for at least 5 years after the offer",
                     "appears in the following media: Website radregion.example, Imagebroschüre.",
                     "updates it at least once a calendar quarter.",
                     "within 1 working day and informs the customer",
                     "is 5 working days after its receipt.",
                     "the draft Subcontract within 10 working days."]:
        assert expected in agreement.text, expected
    bare = read_agreement(write_yaml(BARE.replace("format: 1\n", "format: 1\nlanguage: en\n")))
    for expected in ["sell services jointly in the following form: [●].",
                     "is, in their assessment, [●]%.",
                     "a commission of [●]% of the net fees",
                     "within [●] months after the first contract",
                     "for [●] (not more than three months)",
                     "updates it at least [●].",
                     "is [●] working days after its receipt."]:
        assert expected in bare.text, expected
