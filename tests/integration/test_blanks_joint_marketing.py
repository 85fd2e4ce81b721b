"""Issue 17 item 15 for joint marketing: every open detail has an input field.

The operating § (op_joint_marketing) and its Betriebsordnung (op_joint_marketing_annex)
printed a literal [●] for details no input could fill (logo, register entry, goods and
services, guidelines, channels, approval period, payment dates, due date, trust account, plan
and accounting deadlines, turnover reports, removal period …), so ``--final`` could never be
reached. Each is now a field under ``activities``: given, the text prints it; missing, it is a
recorded blank with its key in "Offene Punkte und Annahmen".
"""

from __future__ import annotations

from tests.conftest import COMPETING, WriteYaml
from tests.support.agreement import blank_places, missing_blanks, read_agreement

# alpha and velo compete: the turnover reports go to a third party bound by secrecy
BARE = COMPETING + """\
activities:
  - id: marketing
    type: joint_marketing
    lead: alpha
    partners: [alpha, velo, muster]
    brand: {name: RadRegion, owner: velo, registered: true}
    budget: {key: by_turnover}
    competition: {}
"""

FULL_ACTIVITY = """\
activities:
  - id: marketing
    type: joint_marketing
    lead: alpha
    partners: [alpha, velo, muster]
    contact: "Anna Alpha, +49 30 000100"
    brand:
      name: RadRegion
      owner: velo
      registered: true
      register: "DPMA, Nr. 30 2025 012 345, angemeldet am 3. Februar 2025"
      goods_and_services: "Klasse 35: Werbung; Klasse 39: Veranstaltung von Reisen"
      logo: "Wort-/Bildmarke, Logo nach Datei radregion-logo.svg vom 1. März 2026"
    budget:
      annual: 12000
      key: by_turnover
      payment_interval: quarterly
      due_days: 14
      account: "Alpha GmbH, IBAN DE00 1000 0000 0000 0000 00, Beispielbank"
      statement_months: 3
      plan_proposal_weeks: 8
      report_month: 3
      turnover_recipient: "Muster Steuerberatungsgesellschaft mbH, Aachen"
    guidelines:
      presentation: "nach dem Markenhandbuch, Fassung 1.0, Abschnitt 2"
      combination: "Marke links oben, Firma des Partners rechts unten"
      service_requirements: "geprüfte Leihräder, Tourenleitung mit Erste-Hilfe-Kurs"
      own_advertising: "nur mit dem Zusatz „Partner der RadRegion“"
    channels:
      domains: [radregion.example]
      social_media: ["Instagram @radregion"]
      print: [Flyer, Radkarte]
      events: []
    approval_days: 5
    phase_out_months: 3
    removal_days: 14
    price_advertising: own_prices_only
    competition: {market_share_percent: 8}
"""
FULL = COMPETING + FULL_ACTIVITY
# two participants: the lead invoices the other's share instead of keeping a trust account
FULL_TWO = FULL.replace("partners: [alpha, velo, muster]", "partners: [alpha, velo]")
NO_ANNEX = "clauses: {exclude: [op_joint_marketing_annex]}\n"
SECTION, ANNEX = "Gemeinsames Marketing", "Betriebsordnung für das gemeinsame Marketing"


def test_missing_details_of_the_operating_rules_are_listed_blanks(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE))
    keys = agreement.blank_places
    assert missing_blanks(keys, [
        "contact", "brand.logo", "brand.register", "brand.goods_and_services",
        "guidelines.presentation", "guidelines.combination", "guidelines.service_requirements",
        "guidelines.own_advertising", "channels.domains", "channels.social_media",
        "channels.print", "channels.events", "approval_days", "budget.report_month",
        "budget.turnover_recipient", "budget.payment_interval", "budget.due_days",
        "budget.account", "budget.plan_proposal_weeks", "budget.statement_months"],
        at="Anlage ", under="activities[0].") == []
    assert missing_blanks(keys, ["competition.market_share_percent", "phase_out_months"],
                          at="§", under="activities[0].") == []
    assert missing_blanks(keys, ["activities[0].budget.annual"], at="§") == []
    assert missing_blanks(keys, ["activities[0].budget.annual"], at="Anlage") == []
    annex = agreement.annex(ANNEX)
    assert "Mitteilung der Umsätze bis zum Ende des Monats [●] jedes Jahres an den beauftragten " \
           "Dritten ([●]);" in annex
    assert "Fälligkeit der Anteile: [●] Tage nach Zugang der Anforderung;" in annex
    assert "spätestens [●] Wochen vor Beginn jedes Kalenderjahres;" in annex
    assert "innerhalb von [●] Arbeitstagen nach Zugang des Entwurfs" in annex
    # with the exit § and no removal_days, the period for returning material applies as before
    assert "spätestens innerhalb von 30 Tagen nach dem Stichtag." in agreement.section(SECTION)


def test_without_the_annex_the_section_records_its_own_blanks(write_yaml: WriteYaml) -> None:
    two = BARE.replace("partners: [alpha, velo, muster]", "partners: [alpha, velo]")
    agreement = read_agreement(write_yaml(two.replace("{key: by_turnover}", "{}") + "clauses: "
                                          "{exclude: [op_joint_marketing_annex, exit]}\n"))
    assert missing_blanks(agreement.blank_places, [
        "brand.register", "budget.annual", "budget.key", "budget.payment_interval",
        "budget.statement_months", "phase_out_months", "removal_days"],
        at="§", under="activities[0].") == []
    section = agreement.section(SECTION)
    assert "eingetragen (Register, Registernummer und Anmeldetag: [●])." in section
    assert "tragen das Budget nach folgendem Schlüssel: [●]." in section
    assert "dessen Anteil an den Kosten zu folgenden Terminen ([●]) unter Beifügung" in section
    assert "innerhalb von [●] Monaten eine Aufstellung der Ausgaben" in section
    assert "spätestens innerhalb von [●] Tagen nach dem Stichtag." in section


def test_the_register_entry_and_the_guidelines_follow_the_brand(write_yaml: WriteYaml) -> None:
    unknown = blank_places(write_yaml(BARE.replace(", registered: true", "")))
    assert missing_blanks(unknown, ["activities[0].brand.registered"], at="Anlage ") == []
    unregistered = read_agreement(write_yaml(BARE.replace("registered: true", "registered: false")))
    assert "Eintragung: nicht eingetragen;" in unregistered.annex(ANNEX)
    no_brand = blank_places(write_yaml(
        BARE.replace("    brand: {name: RadRegion, owner: velo, registered: true}\n", "")))
    assert missing_blanks(no_brand, ["guidelines.design", "guidelines.partner_signs"],
                          at="Anlage ", under="activities[0].") == []
    assert not any(key.startswith("activities[0].brand.") for key in no_brand)


def test_a_complete_joint_marketing_builds_final_with_its_values(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(FULL), final=True)
    section, annex = agreement.section(SECTION), agreement.annex(ANNEX)
    assert "[●]" not in section and "[●]" not in annex
    assert "beträgt nach ihrer Einschätzung 8 %." in section
    assert "bis zum Ablauf von 3 Monaten nach dem Stichtag aufbrauchen" in section
    assert "spätestens innerhalb von 14 Tagen nach dem Stichtag." in section
    for expected in [
            "Ansprechpartner für den laufenden Betrieb: Anna Alpha, +49 30 000100.",
            "Logo und sonstige Bestandteile: Wort-/Bildmarke, Logo nach Datei radregion-logo.svg "
            "vom 1. März 2026;",
            "Register, Registernummer und Anmeldetag: DPMA, Nr. 30 2025 012 345, angemeldet am "
            "3. Februar 2025;",
            "Waren und Dienstleistungen (Klassen): Klasse 35: Werbung; Klasse 39: Veranstaltung "
            "von Reisen.",
            "Mindestabstände: nach dem Markenhandbuch, Fassung 1.0, Abschnitt 2;",
            "Firma des jeweiligen Partners: Marke links oben, Firma des Partners rechts unten;",
            "gemeinsamer Internetauftritt (Internetdomain): radregion.example;",
            "Benutzerkonten in sozialen Medien: Instagram @radregion;",
            "Drucksachen und sonstige Werbemittel: Flyer, Radkarte;",
            "Messen und Veranstaltungen: keine.",
            "innerhalb von 5 Arbeitstagen nach Zugang des Entwurfs",
            "Jahresbudget: 12.000,00 €;",
            "Mitteilung der Umsätze bis zum Ende des Monats März jedes Jahres an den beauftragten "
            "Dritten (Muster Steuerberatungsgesellschaft mbH, Aachen);",
            "Anforderung der Anteile: jeweils zu Beginn jedes Kalendervierteljahres zu einem "
            "Viertel;",
            "Fälligkeit der Anteile: 14 Tage nach Zugang der Anforderung;",
            "Treuhandkonto (Kontoinhaber, IBAN und Kreditinstitut): Alpha GmbH, IBAN DE00 1000 "
            "0000 0000 0000 00, Beispielbank;",
            "spätestens 8 Wochen vor Beginn jedes Kalenderjahres;",
            "Frist für die Abrechnung nach dem Ende des Kalenderjahres: 3 Monate."]:
        assert expected in annex, expected


def test_two_participants_are_invoiced_on_the_interval_given(write_yaml: WriteYaml) -> None:
    annex = read_agreement(write_yaml(FULL_TWO), final=True).annex(ANNEX)
    assert "Rechnungsstellung über die Anteile: jeweils nach Ablauf jedes " \
           "Kalendervierteljahres;" in annex
    assert "Fälligkeit der Anteile: 14 Tage nach Zugang der Rechnung;" in annex
    assert "Treuhandkonto" not in annex


def test_without_the_annex_the_section_prints_the_values(write_yaml: WriteYaml) -> None:
    three = read_agreement(write_yaml(FULL + NO_ANNEX), final=True).section(SECTION)
    assert "[●]" not in three
    assert "Die Marke ist für den Markeninhaber eingetragen (Register, Registernummer und " \
           "Anmeldetag: DPMA, Nr. 30 2025 012 345, angemeldet am 3. Februar 2025)." in three
    assert "Er fordert die Anteile der beteiligten Partner jeweils zu Beginn jedes " \
           "Kalendervierteljahres zu einem Viertel in Textform an." in three
    assert "rechnet über das Budget für jedes Kalenderjahr innerhalb von 3 Monaten nach dessen " \
           "Ende ab." in three
    two = read_agreement(write_yaml(FULL_TWO + NO_ANNEX), final=True).section(SECTION)
    assert "[●]" not in two
    assert "dessen Anteil an den Kosten jeweils nach Ablauf jedes Kalendervierteljahres unter " \
           "Beifügung von Kopien der Rechnungen der Dienstleister in Rechnung." in two
    assert "innerhalb von 3 Monaten eine Aufstellung der Ausgaben" in two


def test_english_prints_the_values_too(write_yaml: WriteYaml) -> None:
    text = FULL.replace("format: 1\n", "format: 1\nlanguage: en\n")
    agreement = read_agreement(write_yaml(text), final=True)
    section = agreement.section("Joint marketing")
    annex = agreement.annex("Operating rules for joint marketing")
    assert "[●]" not in section and "[●]" not in annex
    assert "removes the Brand without undue delay and at the latest within 14 days after" in section
    for expected in ["report of turnover by the end of March of each year to the engaged third "
                     "party (Muster Steuerberatungsgesellschaft mbH, Aachen);",
                     "calling for the shares: at the beginning of each calendar quarter, one "
                     "quarter in each case;",
                     "shares due 14 days after receipt of the call;",
                     "at the latest 8 weeks before the beginning of each calendar year;",
                     "trade fairs and events: none.",
                     "within 5 working days after receipt of the draft"]:
        assert expected in annex, expected
    bare = BARE.replace("format: 1\n", "format: 1\nlanguage: en\n")
    annex = read_agreement(write_yaml(bare)).annex("Operating rules for joint marketing")
    for expected in ["report of turnover by the end of [●] of each year to the engaged third "
                     "party ([●]);",
                     "calling for the shares: [●];",
                     "shares due [●] days after receipt of the call;",
                     "at the latest [●] weeks before the beginning of each calendar year;"]:
        assert expected in annex, expected
