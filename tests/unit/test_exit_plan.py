"""Issue 18 items 1, 5 and 6: a partner's exit carries through the file, dates say when.

Four businesses share a customer card; the café leaves after the first evaluation. Before,
the user had to compute the new cost key, rewrite both data-protection lists and move a goal
owner by hand, and the error blamed a tolerance change instead of the exit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coopdocs.check.findings import Finding, Level, format_path
from coopdocs.check.validate import check_files
from coopdocs.clauses.library import catalog, load_library
from coopdocs.model.changes import apply_fitting
from coopdocs.model.follow import renormalised

COOPERATION = """\
format: 1
id: kundenkarte
title: Kundenkarte Altstadt
date: 2026-03-01
purpose: Gemeinsame Kundenkarte von vier Geschäften der Altstadt.
term: {start: 2026-04-01, end: 2028-03-31}
partners:
  - id: baeckerei
    name: Bäckerei Korn GmbH
    legal_form: GmbH
    address: {street: Markt 1, postal_code: "10115", city: Berlin}
    role: coordinator
  - id: cafe
    name: Café Bohne GmbH
    legal_form: GmbH
    address: {street: Markt 2, postal_code: "10115", city: Berlin}
  - id: buch
    name: Buchhandlung Blatt GmbH
    legal_form: GmbH
    address: {street: Markt 3, postal_code: "10115", city: Berlin}
  - id: blume
    name: Blumen Stiel GmbH
    legal_form: GmbH
    address: {street: Markt 4, postal_code: "10115", city: Berlin}
goals:
  - {id: karten, description: Aktive Kundenkarten, kpi: cards, owner: baeckerei}
  - {id: aktionen, description: Gemeinsame Aktionen, owner: cafe}
kpis:
  - {id: cards, name: Aktive Kundenkarten, target: 800, tolerance: [600, 1000]}
clauses:
  costs:
    model: allocation
    allocation: {baeckerei: 40, cafe: 30, buch: 20, blume: 10}
  data_protection:
    processing:
      - id: kunden
        purpose: Verwaltung der Kundenkarten
        data: Namen und Punktestände der Karteninhaber
        data_subjects: [Karteninhaber]
        partners: [cafe, buch, blume, baeckerei]
        role: processor
      - id: aktionen
        purpose: Planung gemeinsamer Aktionen
        data: Namen der Ansprechpartner
        partners: [baeckerei, cafe, buch, blume]
        role: separate_controllers
"""

ROUND = """\
format: 1
cooperation: kundenkarte
number: 1
period: {start: 2026-04-01, end: 2027-03-31}
date: 2027-04-20
measures:
MEASURES"""

EXIT = "  - {id: e1-cafe, text: Das Café scheidet aus., change: {remove_partner: cafe}}\n"


def check(tmp_path: Path, measures: str) -> list[Finding]:
    coop = tmp_path / "cooperation.yaml"
    coop.write_text(COOPERATION, encoding="utf-8")
    path = tmp_path / "evaluation-1.yaml"
    path.write_text(ROUND.replace("MEASURES", measures), encoding="utf-8")
    first, checked = check_files([coop, path], catalog(load_library()))
    assert not [f for f in first.findings if f.level is Level.ERROR], first.findings
    return checked.findings


def by_code(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def test_shares_are_renormalised_to_exactly_100() -> None:
    assert renormalised({"a": 40, "b": 30, "c": 20, "d": 10}, "b") == \
        {"a": 57.14, "c": 28.57, "d": 14.29}
    assert renormalised({"a": 50, "b": 50}, "b") == {"a": 100}
    assert renormalised({"a": 0, "b": 100, "c": 0}, "b") == {"a": 50, "c": 50}
    thirds = renormalised({"a": 1, "b": 1, "c": 1, "d": 1}, "d")
    assert sorted(thirds.values()) == [33.33, 33.33, 33.34]


def test_the_exit_changes_cost_key_and_processing_lists_and_says_so(tmp_path: Path) -> None:
    """Item 5: what follows from the exit is computed and printed as a plan (CD-EVAL-15)."""
    findings = check(tmp_path, EXIT + "  - {id: e1-aktionen, change: {set: goals.aktionen."
                               "owner, to: buch}}\n")
    assert not [f for f in findings if f.level is Level.ERROR], [f.format() for f in findings]
    plan = [f.message for f in by_code(findings, "CD-EVAL-15")]
    assert any("clauses.costs.allocation becomes {baeckerei: 57.14, buch: 28.57, blume: 14.29}"
               " (re-normalised to 100" in m for m in plan), plan
    assert any("clauses.data_protection.processing.kunden.partners becomes [buch, blume, "
               "baeckerei]" in m for m in plan), plan
    assert all(f.level is Level.INFO and format_path(f.path) == "measures[0].change."
               "remove_partner" for f in by_code(findings, "CD-EVAL-15"))


def test_the_amended_cooperation_has_no_trace_of_the_partner(tmp_path: Path) -> None:
    from coopdocs.check.schema import load_schema
    from coopdocs.check.sources import load

    (tmp_path / "c.yaml").write_text(COOPERATION, encoding="utf-8")
    written = load(tmp_path / "c.yaml").data
    applied = apply_fitting(written, {"measures": [{"id": "x", "change": {
        "remove_partner": "cafe"}}]}, load_schema("cooperation"))
    assert "cafe" not in str(applied.data["clauses"])
    assert [p["id"] for p in applied.data["partners"]] == ["baeckerei", "buch", "blume"]
    assert applied.data["goals"][1]["owner"] == "cafe"  # a choice, asked for (next test)


def test_a_choice_is_asked_for_with_the_yaml_to_paste(tmp_path: Path) -> None:
    """Item 5: the goal the café owned needs a new owner; the error shows the measure."""
    findings = check(tmp_path, EXIT)
    [choice] = by_code(findings, "CD-EVAL-16")
    assert choice.level is Level.ERROR
    assert format_path(choice.path) == "measures[0].change.remove_partner"
    assert "goals.aktionen.owner names 'cafe'" in choice.message
    assert "- {id: e1-cafe-1, change: {set: goals.aktionen.owner, to: baeckerei}}" in \
        choice.message
    # the reference is explained once, not again as an unknown partner (CD-EVAL-12)
    assert not by_code(findings, "CD-EVAL-12"), [f.format() for f in findings]


def test_pasting_the_proposed_measure_makes_the_round_valid(tmp_path: Path) -> None:
    findings = check(tmp_path, EXIT + "  - {id: e1-cafe-1, change: {set: goals.aktionen.owner,"
                               " to: baeckerei}}\n")
    assert not [f for f in findings if f.level is Level.ERROR], [f.format() for f in findings]


def test_a_processor_leaving_is_a_choice(tmp_path: Path) -> None:
    """The last partner of a processing on behalf of others processes: it cannot just go."""
    coop = COOPERATION.replace("partners: [cafe, buch, blume, baeckerei]",
                               "partners: [buch, blume, baeckerei, cafe]")
    (tmp_path / "cooperation.yaml").write_text(coop, encoding="utf-8")
    path = tmp_path / "evaluation-1.yaml"
    path.write_text(ROUND.replace("MEASURES", EXIT + "  - {id: e1-b, change: {set: goals."
                                  "aktionen.owner, to: buch}}\n"), encoding="utf-8")
    _, checked = check_files([tmp_path / "cooperation.yaml", path], catalog(load_library()))
    [choice] = by_code(checked.findings, "CD-EVAL-16")
    assert "clauses.data_protection.processing.kunden.partners names 'cafe'" in choice.message
    assert "it processes the data for the others" in choice.message
    assert "{set: clauses.data_protection.processing.kunden.partners, to: [buch, blume, " \
           "baeckerei]}" in choice.message


def test_the_error_blames_the_exit_not_a_later_tolerance_change(tmp_path: Path) -> None:
    """Item 5: an error the exit causes is located at the exit, not at the last change."""
    findings = check(tmp_path, EXIT.replace("remove_partner: cafe", "remove_partner: baeckerei")
                     + "  - {id: e1-band, change: {set: kpis.cards.tolerance, to: [500, 900]}}"
                     "\n")
    errors = [f for f in findings if f.level is Level.ERROR]
    assert errors
    assert all(format_path(f.path).startswith("measures[0]") for f in errors), \
        [f.format() for f in errors]


def test_messages_name_list_items_by_id(tmp_path: Path) -> None:
    """Item 6: the key path of a finding names items as a set path does."""
    findings = check(tmp_path, EXIT)
    [choice] = by_code(findings, "CD-EVAL-16")
    assert choice.format().split(": ")[2] == "measures.e1-cafe.change.remove_partner"


def test_a_processing_is_changed_by_its_id(tmp_path: Path) -> None:
    """Item 6: processing items have ids (FORMAT.md §1b), so one item can be changed."""
    findings = check(tmp_path, "  - {id: e1-k, change: {set: clauses.data_protection."
                               "processing.kunden.data_subjects, to: [Karteninhaber, Kinder]}}\n")
    assert not [f for f in findings if f.level is Level.ERROR], [f.format() for f in findings]


# --- effective dates (item 1) -------------------------------------------------------------------

LONG_EXIT = ("  - id: e1-cafe\n    text: Das Café scheidet zum 31. Dezember 2027 aus.\n"
             "    change:\n      remove_partner: {id: cafe, effective: 2027-12-31, reason: "
             "ordinary_notice, settlement: time_pro_rata}\n"
             "  - {id: e1-b, change: {set: goals.aktionen.owner, to: buch}}\n")


def test_the_long_form_of_an_exit_is_valid(tmp_path: Path) -> None:
    findings = check(tmp_path, LONG_EXIT)
    assert not [f for f in findings if f.level in (Level.ERROR, Level.WARNING)], \
        [f.format() for f in findings]


def test_a_date_in_the_text_without_effective_warns(tmp_path: Path) -> None:
    """Item 1: the measure said "zum 31. Dezember 2027" and the Nachtrag made it effective on
    signature; nothing warned."""
    short = LONG_EXIT.replace("remove_partner: {id: cafe, effective: 2027-12-31, reason: "
                              "ordinary_notice, settlement: time_pro_rata}",
                              "remove_partner: cafe")
    [hit] = by_code(check(tmp_path, short), "CD-EVAL-17")
    assert hit.level is Level.WARNING
    assert "the text says the change takes effect on 2027-12-31, but the change has no " \
           "effective date" in hit.message
    assert "add change.effective: 2027-12-31" in hit.message


def test_a_date_in_the_text_that_differs_from_effective_warns(tmp_path: Path) -> None:
    other = LONG_EXIT.replace("effective: 2027-12-31", "effective: 2027-06-30")
    [hit] = by_code(check(tmp_path, other), "CD-EVAL-17")
    assert "change.remove_partner.effective is 2027-06-30" in hit.message


def test_a_deadline_is_not_a_date_of_effect(tmp_path: Path) -> None:
    deadline = LONG_EXIT.replace("Das Café scheidet zum 31. Dezember 2027 aus.",
                                 "Das Café räumt bis zum 31. Dezember 2027 sein Lager.")
    assert not by_code(check(tmp_path, deadline), "CD-EVAL-17")


def test_a_retroactive_date_warns(tmp_path: Path) -> None:
    early = LONG_EXIT.replace("2027-12-31", "2027-03-31").replace("31. Dezember 2027",
                                                                  "31. März 2027")
    [hit] = by_code(check(tmp_path, early), "R-AUS-2")
    assert "before the evaluation of 2027-04-20" in hit.message


def test_an_exit_from_shared_costs_without_settlement_warns(tmp_path: Path) -> None:
    plain = LONG_EXIT.replace(", settlement: time_pro_rata", "")
    [hit] = by_code(check(tmp_path, plain), "R-AUS-5")
    assert "'cafe' leaves the shared costs without a settlement" in hit.message


def test_a_leaving_coordinator_needs_a_successor(tmp_path: Path) -> None:
    leaving = (EXIT.replace("remove_partner: cafe", "remove_partner: baeckerei")
               + "  - {id: e1-k, change: {set: goals.karten.owner, to: buch}}\n")
    [hit] = by_code(check(tmp_path, leaving), "R-AUS-4")
    assert "{set: partners.cafe.role, to: coordinator}" in hit.message
    named = leaving + "  - {id: e1-n, change: {set: partners.buch.role, to: coordinator}}\n"
    assert not by_code(check(tmp_path, named), "R-AUS-4")


@pytest.mark.parametrize(("change", "message"), [
    ("{remove_partner: {id: cafe, effective: 2027-12-31}, effective: 2027-06-30}",
     "two different effective dates"),
    ("{remove_partner: {id: cafe, effective: Silvester}}", "must be a date"),
    ("{add_partner: {partner: {id: neu, name: Neu GmbH}, efective: 2028-01-01}}",
     "unknown key 'efective' in the long form of add_partner"),
])
def test_a_malformed_long_form_is_located(tmp_path: Path, change: str, message: str) -> None:
    findings = check(tmp_path, f"  - {{id: e1-x, change: {change}}}\n")
    errors = [f for f in findings if f.level is Level.ERROR]
    assert any(message in f.message for f in errors), [f.format() for f in findings]
    assert all(f.location is not None and f.location.line for f in errors)
