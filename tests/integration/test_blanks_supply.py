"""Issue 17 item 15 for supply: every open detail of a supply relationship has an input field.

The operating § (op_supply) and its Betriebsordnung (op_supply_annex) printed a literal [●] for
details no input could fill (call-off acceptance, forecast interval, reserved capacity, audit
and 8D periods, price cap, delivery address, tools …), so ``--final`` could never be reached.
Each is now a field under ``activities``: given, the text prints it; missing, it is a recorded
blank with its key in the draft's "Offene Punkte und Annahmen".
"""

from __future__ import annotations

from tests.conftest import COMPLETE, WriteYaml
from tests.support.agreement import blank_places, missing_blanks, read_agreement

BARE = COMPLETE + """\
activities:
  - {id: teile, type: supply, supplier: alpha, buyer: velo, partners: [alpha, velo],
     price: {adjustment: cost_element}}
"""

FULL_ACTIVITY = """\
activities:
  - id: teile
    type: supply
    supplier: alpha
    buyer: velo
    partners: [alpha, velo]
    goods: Laufradsätze nach Zeichnung
    specifications: ["Zeichnung LR-100, Index C", "Prüfvorschrift PV-7, Ausgabe 2"]
    call_off: {acceptance_days: 3, channel: "E-Mail an dispo@alpha.example"}
    forecast: {horizon_months: 6, frozen_weeks: 2, interval: fortnightly}
    capacity: {reserved: "500 Laufradsätze je Kalendermonat", fee_monthly: 1500}
    quality: {qsv: true, standard: ISO 9001, qsv_version: "Fassung vom 1. Februar 2026",
              first_article_report: "VDA Band 2, Vorlagestufe 2", audit_notice_days: 10,
              containment_days: 2, report_days: 20}
    incoming_inspection: {obvious_days: 5, hidden_days: 1}
    price: {fixed_months: 12, adjustment: cost_element, index: "Erzeugerpreisindex Aluminium",
            share_percent: 40, cap_percent: 8, negotiation_days: 30}
    incoterm: "FCA Berlin, Incoterms 2020"
    delivery_address: "Radweg 5, Tor 2, 01067 Dresden"
    packaging: "Mehrwegbehälter, Warenanhänger nach VDA 4902"
    buyer_tools:
      - {name: Spannvorrichtung LR, inventory_number: V-17, location: Halle 1}
    recall: by_cause
"""
FULL = COMPLETE + FULL_ACTIVITY
NO_ANNEX = "clauses: {exclude: [op_supply_annex]}\n"

NEW_KEYS = ["call_off.acceptance_days", "call_off.channel", "forecast.interval",
            "capacity.reserved", "capacity.fee_monthly", "specifications",
            "quality.first_article_report", "quality.audit_notice_days",
            "quality.containment_days", "quality.report_days", "delivery_address", "packaging",
            "buyer_tools"]


def test_missing_details_are_blanks_listed_with_their_keys(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE))
    keys = agreement.blank_places
    assert missing_blanks(keys, [*NEW_KEYS, "goods", "forecast.horizon_months",
                                 "forecast.frozen_weeks", "quality.standard", "incoterm"],
                          under="activities[0].") == []
    assert missing_blanks(keys, ["activities[0].delivery_address"], at="Anlage ") == []
    annex = agreement.annex("Betriebsordnung zur Lieferbeziehung")
    assert "Lieferanschrift: [●];" in annex
    assert "Frist für die Ankündigung von Audits: [●] Arbeitstage;" in annex


def test_without_the_annex_the_section_records_its_own_blanks(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE + NO_ANNEX))
    assert missing_blanks(agreement.blank_places, [
        "call_off.acceptance_days", "forecast.interval", "forecast.horizon_months",
        "forecast.frozen_weeks", "capacity.reserved", "quality.audit_notice_days",
        "quality.containment_days", "quality.report_days", "incoming_inspection.obvious_days",
        "incoming_inspection.hidden_days", "price.fixed_months", "price.share_percent",
        "price.index", "price.cap_percent", "price.negotiation_days", "incoterm"],
        at="§", under="activities[0].") == []
    section = agreement.section("Lieferbeziehung")
    assert "innerhalb von [●] Arbeitstagen nach seinem Zugang" in section
    assert "auf [●] % des bisherigen Preises begrenzt" in section


def test_a_complete_supply_builds_final_with_its_values(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(FULL), final=True)
    section = agreement.section("Lieferbeziehung")
    annex = agreement.annex("Betriebsordnung zur Lieferbeziehung")
    assert "[●]" not in section and "[●]" not in annex
    for expected in [
            "Übermittlung von Abrufen, Bedarfsprognosen und Annahmen: E-Mail an "
            "dispo@alpha.example.",
            "Zeichnung LR-100, Index C und Prüfvorschrift PV-7, Ausgabe 2.",
            "hinausgehen: 3 Arbeitstage nach Zugang des Abrufs;",
            "Rhythmus der Bedarfsprognose: alle zwei Wochen;",
            "vorgehaltene Kapazität: 500 Laufradsätze je Kalendermonat;",
            "Vergütung für das Vorhalten von Kapazität: 1.500,00 € je Kalendermonat",
            "Qualitätssicherungsvereinbarung: Fassung vom 1. Februar 2026;",
            "Form des Erstmusterprüfberichts: VDA Band 2, Vorlagestufe 2;",
            "Frist für die Ankündigung von Audits: 10 Arbeitstage;",
            "Sofortmaßnahmen innerhalb von 2 Arbeitstagen, vollständiger Bericht innerhalb von 20 "
            "Arbeitstagen",
            "Lieferanschrift: Radweg 5, Tor 2, 01067 Dresden;",
            "Verpackung und Kennzeichnung: Mehrwegbehälter, Warenanhänger nach VDA 4902.",
            "Spannvorrichtung LR, Inventarnummer V-17, Standort: Halle 1."]:
        assert expected in annex, expected
    for expected in ["auf 8 % des bisherigen Preises begrenzt",
                     "Kommt innerhalb von 30 Tagen nach Zugang des Verlangens",
                     "Die Preise gelten jeweils für 12 Monate fest (Preisperiode)",
                     "andere Mängel innerhalb von 1 Arbeitstag nach ihrer Entdeckung"]:
        assert expected in section, expected


def test_a_complete_supply_without_annex_prints_the_values_in_the_section(
        write_yaml: WriteYaml) -> None:
    section = read_agreement(write_yaml(FULL + NO_ANNEX), final=True).section("Lieferbeziehung")
    assert "[●]" not in section
    for expected in [
            "wenn der Lieferant den Abruf innerhalb von 3 Arbeitstagen nach seinem Zugang",
            "Der Abnehmer übermittelt dem Lieferanten alle zwei Wochen in Textform",
            "in den folgenden 6 Monaten voraussichtlich abrufen wird",
            "für die ersten 2 Wochen nach ihrem Zugang beim Lieferanten",
            "höchstens jedoch 500 Laufradsätze je Kalendermonat (vorgehaltene Kapazität)",
            "eine Vergütung von 1.500,00 € je Kalendermonat zuzüglich der gesetzlichen "
            "Umsatzsteuer",
            "nachdem er das Audit mit einer Frist von 10 Arbeitstagen in Textform angekündigt hat",
            "innerhalb von 2 Arbeitstagen (Sofortmaßnahmen) und 20 Arbeitstagen (vollständiger "
            "Bericht) nach Zugang der Beanstandung"]:
        assert expected in section, expected


def test_english_prints_the_values_too(write_yaml: WriteYaml) -> None:
    text = FULL.replace("format: 1\n", "format: 1\nlanguage: en\n") + NO_ANNEX
    section = read_agreement(write_yaml(text), final=True).section("Supply relationship")
    assert "[●]" not in section
    for expected in ["within 3 working days after its receipt",
                     "in text form, every two weeks, a rolling forecast",
                     "expects to call off in the following 6 months",
                     "for the first 2 weeks after its receipt",
                     "a fee of EUR 1,500.00 per calendar month plus statutory value added tax",
                     "with 10 working days’ notice",
                     "within 2 working days (immediate measures) and 20 working days (full report)",
                     "limited to 8% of the previous price",
                     "within 30 days of receipt of the request"]:
        assert expected in section, expected


def test_cover_of_the_product_liability_insurance_without_a_liability_section(
        write_yaml: WriteYaml) -> None:
    text = BARE + "clauses: {exclude: [liability]}\n"
    assert "activities[0].product_liability_cover" in blank_places(write_yaml(text))
    filled = text.replace("price: {adjustment: cost_element}}",
                          "price: {adjustment: cost_element}, product_liability_cover: 5000000}")
    section = read_agreement(write_yaml(filled)).section("Lieferbeziehung")
    assert "Deckungssumme von mindestens 5.000.000,00 € je Schadensfall" in section
