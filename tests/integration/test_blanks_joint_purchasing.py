"""Issue 17 item 15 for joint purchasing: every open detail has an input field.

The operating § (op_joint_purchasing) and its Betriebsordnung (op_joint_purchasing_annex)
printed a literal [●] for details no input could fill (order weekday or day, cut-off time,
settlement dates, account, del credere terms, central warehouse, rebate payout …), so
``--final`` could never be reached. Each is now a field under ``activities``: given, the text
prints it; missing, it is a recorded blank with its key in "Offene Punkte und Annahmen".
"""

from __future__ import annotations

from tests.conftest import COMPLETE, WriteYaml
from tests.support.agreement import blank_places, missing_blanks, read_agreement

BARE = COMPLETE + """\
activities:
  - id: einkauf
    type: joint_purchasing
    lead: alpha
    pooling: {cycle: weekly}
    payment: {flow: coordinator_invoices, del_credere: true}
    delivery: {mode: central_warehouse}
    competition: {info_firewall: {clean_team: true}}
"""

FULL = COMPLETE + """\
activities:
  - id: einkauf
    type: joint_purchasing
    lead: alpha
    contact: "Anna Alpha, +49 30 000100"
    model: framework_direct
    categories: [Reifen, Ersatzteile]
    pooling: {cycle: monthly, order_day_of_month: 3, order_deadline_days: 2, cutoff_time: "12:00",
              binding_after_deadline: true, participation: voluntary_per_order,
              shortage_allocation: pro_rata}
    payment:
      flow: coordinator_invoices
      discharge: assignment
      term_days: 30
      settlement_days_of_month: [10, 25]
      statement_days: 5
      account: "Alpha GmbH, IBAN DE00 1000 0000 0000 0000 00, Beispielbank"
      del_credere: true
      del_credere_terms: {fee_percent: 0.5, cap: 20000, security: "Bankbürgschaft über 20.000 EUR",
                          insurance: "Warenkreditversicherung der Alpha GmbH"}
    delivery:
      mode: central_warehouse
      segregation: true
      warehouse: {operator: alpha, address: "Lagerstraße 1, 10117 Berlin",
                  receiving_hours: "Mo–Fr 7:00–15:00 Uhr", cost_key: equal}
    inspection: {report_hours: 24, notice_by: buyer}
    warranty_claims: each_buyer
    rebates: {distribution: pro_rata_volume, settlement: quarterly, coordinator_fee_percent: 1,
              payout_months: 3}
    competition:
      info_firewall: {clean_team: true, members: [Anna Alpha (Einkauf)],
                      member_data_visible: own_only}
      market_shares: {purchasing_percent: 4, selling_percent: 3,
                      market: "Einkauf von Sanitärmaterial in Nordrhein-Westfalen"}
"""
NO_ANNEX = "clauses: {exclude: [op_joint_purchasing_annex]}\n"
SECTION, ANNEX = "Gemeinsamer Einkauf", "Betriebsordnung für den gemeinsamen Einkauf"


def test_missing_details_of_the_operating_rules_are_listed_blanks(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE))
    keys = agreement.blank_places
    assert missing_blanks(keys, [
        "categories", "contact", "pooling.order_weekday", "pooling.order_deadline_days",
        "pooling.cutoff_time", "delivery.warehouse.operator", "delivery.warehouse.address",
        "delivery.warehouse.receiving_hours", "delivery.warehouse.cost_key",
        "payment.settlement_days_of_month", "payment.statement_days", "payment.account",
        "payment.del_credere_terms.fee_percent", "payment.del_credere_terms.cap",
        "payment.del_credere_terms.security", "payment.del_credere_terms.insurance",
        "rebates.distribution", "rebates.settlement", "rebates.payout_months",
        "competition.info_firewall.members"], at="Anlage ", under="activities[0].") == []
    assert missing_blanks(keys, ["payment.term_days", "payment.discharge"],
                          at="§", under="activities[0].") == []
    annex = agreement.annex(ANNEX)
    assert "Bestelltermin: der [●] jeder Woche;" in annex
    assert "Bestellschluss: [●] Tage vor dem Bestelltermin, [●] Uhr." in annex


def test_without_the_annex_the_section_records_its_own_blanks(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE + NO_ANNEX))
    assert missing_blanks(agreement.blank_places, [
        "categories", "pooling.order_weekday", "pooling.order_deadline_days",
        "pooling.shortage_allocation", "payment.term_days", "payment.settlement_days_of_month",
        "payment.discharge", "payment.del_credere_terms.fee_percent",
        "payment.del_credere_terms.cap", "payment.del_credere_terms.security",
        "payment.del_credere_terms.insurance", "delivery.warehouse.operator",
        "delivery.warehouse.cost_key", "rebates.distribution", "rebates.settlement",
        "rebates.payout_months", "competition.info_firewall.members"],
        at="§", under="activities[0].") == []
    section = agreement.section(SECTION)
    assert "Bestelltermin ist der [●] jeder Woche." in section
    assert "zu den Regulierungsterminen ([●]) an die Lieferanten" in section
    assert "Vergütung [●] % der Nettorechnungsbeträge, für die das Delkredere besteht; " \
           "Höchstbetrag [●] je teilnehmendem Partner; Sicherheiten: [●]; Versicherung: [●]." \
           in section


def test_other_cycles_ask_for_their_own_dates(write_yaml: WriteYaml) -> None:
    monthly = BARE.replace("cycle: weekly", "cycle: monthly")
    assert "activities[0].pooling.order_day_of_month" in blank_places(write_yaml(monthly))
    per_order = BARE.replace("cycle: weekly", "cycle: per_order")
    assert "activities[0].pooling.notice_days" in blank_places(write_yaml(per_order))
    none = BARE.replace("pooling: {cycle: weekly}", "pooling: {order_deadline_days: 2}")
    assert "activities[0].pooling.cycle" in blank_places(write_yaml(none + NO_ANNEX))


def test_a_complete_joint_purchasing_builds_final_with_its_values(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(FULL), final=True)
    section, annex = agreement.section(SECTION), agreement.annex(ANNEX)
    assert "[●]" not in section and "[●]" not in annex
    for expected in [
            "Bestelltermin: der 3. Kalendertag jedes Monats;",
            "Bestellschluss: 2 Tage vor dem Bestelltermin, 12:00 Uhr.",
            "Betreiber (Lagerhalter): Alpha;",
            "Anschrift des Zentrallagers: Lagerstraße 1, 10117 Berlin;",
            "Annahmezeiten für Lieferungen: Mo–Fr 7:00–15:00 Uhr;",
            "Auslieferung: zu gleichen Teilen unter den teilnehmenden Partnern.",
            "Regulierungstermine: der 10. und 25. Kalendertag jedes Monats oder, wenn dieser kein "
            "Bankarbeitstag ist, der folgende Bankarbeitstag;",
            "spätestens 5 Tage vor dem Regulierungstermin;",
            "Konto für die Zentralregulierung: Alpha GmbH, IBAN DE00 1000 0000 0000 0000 00, "
            "Beispielbank;",
            "für das Delkredere: 0,5 % der Nettorechnungsbeträge, für die das Delkredere besteht;",
            "Höchstbetrag des Delkredere je teilnehmendem Partner: 20.000,00 €;",
            "Sicherheiten der teilnehmenden Partner: Bankbürgschaft über 20.000 EUR;",
            "Versicherung des Ausfallrisikos: Warenkreditversicherung der Alpha GmbH.",
            "spätestens 3 Monate nach dem Ende des Abrechnungszeitraums"]:
        assert expected in annex, expected


def test_without_the_annex_the_section_prints_the_values(write_yaml: WriteYaml) -> None:
    section = read_agreement(write_yaml(FULL + NO_ANNEX), final=True).section(SECTION)
    assert "[●]" not in section
    for expected in [
            "Bestelltermin ist der 3. Kalendertag jedes Monats.",
            "Der Bestellschluss liegt 2 Tage vor dem Bestelltermin, 12:00 Uhr.",
            "zu den Regulierungsterminen (am 10. und 25. Kalendertag jedes Monats oder, wenn "
            "dieser kein Bankarbeitstag ist, am folgenden Bankarbeitstag)",
            "innerhalb von 30 Tagen nach ihrem Zugang",
            "Vergütung 0,5 % der Nettorechnungsbeträge, für die das Delkredere besteht; "
            "Höchstbetrag 20.000,00 € je teilnehmendem Partner; Sicherheiten: Bankbürgschaft über "
            "20.000 EUR; Versicherung: Warenkreditversicherung der Alpha GmbH.",
            "an das Zentrallager, das Alpha betreibt (Lagerhalter)",
            "Auslieferung werden zu gleichen Teilen auf die teilnehmenden Partner verteilt.",
            "und zahlt die Anteile innerhalb von 3 Monaten nach dem Ende des Abrechnungszeitraums "
            "aus"]:
        assert expected in section, expected


def test_english_prints_the_values_too(write_yaml: WriteYaml) -> None:
    text = FULL.replace("format: 1\n", "format: 1\nlanguage: en\n")
    agreement = read_agreement(write_yaml(text), final=True)
    annex = agreement.annex("Operating rules for joint purchasing")
    assert "[●]" not in annex
    for expected in ["order date: the 3rd day of each month;",
                     "order cut-off: 2 days before the order date, 12:00 hrs.",
                     "settlement dates: the 10th and 25th day of each month",
                     "Lead Partner’s fee for the del credere: 0.5% of the net invoice amounts",
                     "at the latest 3 months after the end of the settlement period"]:
        assert expected in annex, expected
    section = read_agreement(write_yaml(text + NO_ANNEX), final=True).section("Joint purchasing")
    assert "[●]" not in section
    assert "(on the 10th and 25th day of each month or, if that day is not a bank business day, " \
           "on the following bank business day)" in section
    assert "the order date is the 3rd day of each month" in section
