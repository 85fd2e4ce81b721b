"""Issue 17 item 15 for shared platforms: every open detail of a platform has an input field.

The operating § (op_shared_platform) and its Betriebsordnung (op_shared_platform_annex) printed
a literal [●] for details no input could fill (maintenance windows and notice, response and
restoration times for minor disruptions, service credits, each partner's recording system and
TSE, the transition period …), so ``--final`` could never be reached. Each is now a field under
``activities`` (or an existing one): given, the text prints it; missing, it is a recorded blank
with its key in the draft's "Offene Punkte und Annahmen".
"""

from __future__ import annotations

from tests.conftest import RIVALS, WriteYaml
from tests.support.agreement import missing_blanks, read_agreement

# Alpha runs the platform and competes with Velo: the clean-team and market-share details apply.
BARE = RIVALS + """\
activities:
  - {id: kasse, type: shared_platform, partners: [alpha, velo], operator: alpha,
     pos: {used: true, tse_per_taxpayer: true}}
"""

FULL_ACTIVITY = """\
activities:
  - id: kasse
    type: shared_platform
    partners: [alpha, velo]
    operator: alpha
    contact: "Hotline 0351 123456, stoerung@alpha.example"
    components: [Kassenmodul, Onlineshop]
    sla:
      availability_percent: 99.5
      support_hours: "Mo-Sa 08:00-20:00 Uhr"
      response_hours: 2
      response_hours_minor: 8
      restore_hours: 6
      restore_hours_minor: 48
      maintenance_windows: "So 02:00-06:00 Uhr"
      maintenance_notice_days: 5
      credits: >-
        5 % des monatlichen Nutzungsentgelts je angefangenem Prozentpunkt unter der vereinbarten
        Verfügbarkeit, höchstens 25 %
    pos:
      used: true
      tse_per_taxpayer: true
      registers:
        - {by: alpha, system: "Kassenmodul, Mandant Alpha, Version 4.2", tse_serial: "TSE-A-0001"}
        - {by: velo, system: "Kassenmodul, Mandant Velo, Version 4.2"}
    oss: {policy: permissive_only, sbom: true}
    transition_months: 6
    competition:
      market_share_percent: 8
      info_firewall:
        clean_team: true
        members: ["Carla Clean (IT-Betrieb)"]
        member_data_visible: own_only
"""
FULL = RIVALS + FULL_ACTIVITY
NO_ANNEX = "clauses: {exclude: [op_shared_platform_annex, exit]}\n"

NEW_KEYS = ["sla.maintenance_windows", "sla.maintenance_notice_days", "sla.response_hours_minor",
            "sla.restore_hours", "sla.restore_hours_minor", "sla.credits", "pos.registers"]
SECTION = "Gemeinsame IT-Plattform"
ANNEX = "Betriebsordnung der gemeinsamen IT-Plattform"


def test_missing_details_are_blanks_listed_with_their_keys(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE))
    keys = agreement.blank_places
    assert missing_blanks(keys, [*NEW_KEYS, "components", "contact", "sla.availability_percent",
                                 "sla.support_hours", "sla.response_hours", "oss.policy",
                                 "competition.market_share_percent",
                                 "competition.info_firewall.members",
                                 "competition.info_firewall.member_data_visible"],
                          under="activities[0].") == []
    assert all(place.startswith("Anlage ") for place in keys["activities[0].sla.credits"])
    share = keys["activities[0].competition.market_share_percent"]
    assert any(place.startswith("§") for place in share)
    annex = agreement.annex(ANNEX)
    assert "Frist für die Ankündigung von Wartungsarbeiten: [●] Tage;" in annex
    assert "Wiederherstellungszeit bei kritischen Störungen: [●] Stunden;" in annex
    assert "Alpha: [●];" in annex  # its recording system and TSE
    assert "Alpha: Anna Alpha, anna@alpha.example;" in annex


def test_without_annex_and_exit_the_section_records_its_own_blanks(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(BARE + NO_ANNEX))
    assert missing_blanks(agreement.blank_places,
                          [*NEW_KEYS[:-1], "transition_months", "components", "contact"],
                          at="§", under="activities[0].") == []
    section = agreement.section(SECTION)
    assert "längstens [●] Monate nach seinem Ausscheiden" in section
    assert "auf deren Verlangen für [●] Monate weiter" in section
    assert "Wartungsfenster: [●];" in section
    # the defaulted periods of the excluded modules are used and listed as assumptions
    assert "spätestens innerhalb von 24 Stunden nach Kenntnis mit" in section
    assert "Das Verlangen ist innerhalb von 30 Tagen nach dem Ende der Teilnahme" in section


def test_a_complete_platform_builds_final_with_its_values(write_yaml: WriteYaml) -> None:
    agreement = read_agreement(write_yaml(FULL), final=True)
    section = agreement.section(SECTION)
    annex = agreement.annex(ANNEX)
    assert "[●]" not in section and "[●]" not in annex
    for expected in [
            "Verfügbarkeit: 99,5 % je Kalendermonat",
            "Wartungsfenster: So 02:00-06:00 Uhr;",
            "Frist für die Ankündigung von Wartungsarbeiten: 5 Tage;",
            "Reaktionszeit bei kritischen Störungen: 2 Stunden;",
            "Reaktionszeit bei sonstigen Störungen: 8 Stunden;",
            "Wiederherstellungszeit bei kritischen Störungen: 6 Stunden;",
            "Wiederherstellungszeit bei sonstigen Störungen: 48 Stunden;",
            "soweit ein Entgelt vereinbart ist: 5 % des monatlichen Nutzungsentgelts",
            "Meldewege für Störungen: Hotline 0351 123456, stoerung@alpha.example;",
            "Alpha: Aufzeichnungssystem Kassenmodul, Mandant Alpha, Version 4.2, Seriennummer "
            "der TSE TSE-A-0001;",
            "Seriennummer der TSE wird vor der Inbetriebnahme vom Betreiber in Textform "
            "mitgeteilt.",
            "Clean Team beim Betreiber: Carla Clean (IT-Betrieb);",
            "geschätzter gemeinsamer Marktanteil: 8 %."]:
        assert expected in annex.replace("\u00a0", " "), expected
    assert "längstens 6 Monate nach seinem Ausscheiden" in section
    assert "auf deren Verlangen für 6 Monate weiter" in section


def test_a_complete_platform_without_annex_prints_the_values_in_the_section(
        write_yaml: WriteYaml) -> None:
    text = FULL + NO_ANNEX
    section = read_agreement(write_yaml(text), final=True).section(SECTION)
    assert "[●]" not in section
    for expected in ["Wartungsfenster: So 02:00-06:00 Uhr;",
                     "Frist für die Ankündigung von Wartungsarbeiten: 5 Tage;",
                     "Wiederherstellungszeit bei sonstigen Störungen: 48 Stunden;",
                     "Bestandteile der Plattform: Kassenmodul und Onlineshop;"]:
        assert expected in section, expected


def test_english_prints_the_values_too(write_yaml: WriteYaml) -> None:
    text = FULL.replace("format: 1\n", "format: 1\nlanguage: en\n") + NO_ANNEX
    section = read_agreement(write_yaml(text), final=True).section("Shared IT platform")
    assert "[●]" not in section
    for expected in ["maintenance windows: So 02:00-06:00 Uhr;",
                     "notice period for announcing maintenance work: 5 days;",
                     "response time for minor disruptions: 8 hours;",
                     "restoration time for critical disruptions: 6 hours;",
                     "but no longer than 6 months after its departure",
                     "at their request for 6 months and"]:
        assert expected in section, expected
    bare = BARE.replace("format: 1\n", "format: 1\nlanguage: en\n") + NO_ANNEX
    assert "no longer than [●] months after its departure" in read_agreement(
        write_yaml(bare)).section("Shared IT platform")
