"""Every evaluation rule: triggered once, asserting code, level, key path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopdocs.check.findings import Finding, Level, format_path
from coopdocs.check.rules import RULES
from coopdocs.check.validate import check_files
from coopdocs.clauses.library import catalog, load_library
from tests.conftest import WITH_GOALS

COOPERATION = WITH_GOALS

ROUND = """\
format: 1
cooperation: mini
number: 1
period: {start: 2026-04-01, end: 2026-09-30}
date: 2026-10-15
ratings:
  win_win: {alpha: 4, beta: 3}
trust:
  alpha: {beta: {competence: 4, integrity: 4, benevolence: 3}}
kpis: {volume: 95}
goals: {g1: partial}
milestones: {m1: {status: done, date: 2026-09-12}}
measures:
  - {id: e1-rhythmus, text: Monatliche Abstimmung der Bedarfe, owner: alpha, due: 2026-12-31}
"""

# name: ((old, new) replacement in ROUND, code, level, key path, line)
CASES: dict[str, tuple[tuple[str, str], str, Level, str, int]] = {
    "other cooperation": (("cooperation: mini", "cooperation: maxi"),
                          "CD-EVAL-1", Level.ERROR, "cooperation", 2),
    "unknown rater": (("{alpha: 4, beta: 3}", "{alpha: 4, betta: 3}"),
                      "CD-EVAL-2", Level.ERROR, "ratings.win_win.betta", 7),
    "unknown rated partner": (("alpha: {beta:", "alpha: {gamma:"),
                              "CD-EVAL-2", Level.ERROR, "trust.alpha.gamma", 9),
    "unknown owner": (("owner: alpha", "owner: alfa"),
                      "CD-EVAL-2", Level.ERROR, "measures[0].owner", 14),
    "unknown KPI": (("kpis: {volume: 95}", "kpis: {volumen: 95}"),
                    "CD-EVAL-3", Level.ERROR, "kpis.volumen", 10),
    "unknown milestone": (("milestones: {m1:", "milestones: {m2:"),
                          "CD-EVAL-3", Level.ERROR, "milestones.m2", 12),
    "score outside scale": (("beta: 3}", "beta: 7}"),
                            "CD-EVAL-4", Level.ERROR, "ratings.win_win.beta", 7),
    "scale upside down": (("date: 2026-10-15\n", "date: 2026-10-15\nscale: [5, 1]\n"),
                          "CD-EVAL-4", Level.ERROR, "scale", 6),
    "round alone after 1": (("number: 1", "number: 2"),
                            "CD-EVAL-6", Level.INFO, "number", 3),
    "period reversed": (("end: 2026-09-30}", "end: 2026-03-30}"),
                        "CD-EVAL-7", Level.ERROR, "period.end", 4),
    "period before the term": (("start: 2026-04-01, end: 2026-09-30", "start: 2026-01-01, "
                                "end: 2026-09-30"), "CD-EVAL-8", Level.WARNING, "period.start", 4),
    "duplicate measure": (("due: 2026-12-31}\n", "due: 2026-12-31}\n  - {id: e1-rhythmus, "
                           "text: Nochmals}\n"), "CD-EVAL-9", Level.ERROR, "measures[1].id", 15),
    "unknown earlier measure": (("date: 2026-10-15\n", "date: 2026-10-15\nearlier_measures: "
                                 "{e0-alt: done}\n"),
                                "CD-EVAL-9", Level.ERROR, "earlier_measures.e0-alt", 6),
    "measure without text": (("text: Monatliche Abstimmung der Bedarfe, ", ""),
                             "CD-EVAL-10", Level.ERROR, "measures[0]", 14),
    "unknown set path": (("due: 2026-12-31}", "due: 2026-12-31, change: {set: governance."
                          "steering_committee.meetings, to: 6}}"),
                         "CD-EVAL-10", Level.ERROR, "measures[0].change.set", 14),
    "two operations": (("due: 2026-12-31}", "due: 2026-12-31, change: {remove_partner: beta, "
                        "set: title, to: X}}"),
                       "CD-EVAL-10", Level.ERROR, "measures[0].change", 14),
    "remove unknown goal": (("due: 2026-12-31}", "due: 2026-12-31, change: {remove: {goals: "
                             "g9}}}"), "CD-EVAL-10", Level.ERROR, "measures[0].change.remove.goals",
                            14),
    "joining competitor": (("due: 2026-12-31}", "due: 2026-12-31, change: {add_partner: "
                            "{id: gamma, name: Gamma AG, legal_form: AG, competitor_of: [alpha], "
                            "address: {street: Allee 3, postal_code: '80331', city: München}, "
                            "represented_by: [{name: Gerd Gamma, function: Vorstand}]}}}"),
                           "R-NET-2", Level.WARNING, "measures[0].change.add_partner", 14),
    "partner rates nothing": (("{alpha: 4, beta: 3}", "{alpha: 4}"),
                              "CD-EVAL-11", Level.WARNING, "ratings", 6),
    "change that changes nothing": (("due: 2026-12-31}", "due: 2026-12-31, change: {set: "
                                     "term.end, to: 2028-03-31}}"),
                                    "CD-EVAL-13", Level.WARNING, "measures[0].change.to", 14),
}


def check(tmp_path: Path, *rounds: str) -> list[list[Finding]]:
    coop = tmp_path / "cooperation.yaml"
    coop.write_text(COOPERATION, encoding="utf-8")
    paths = []
    for i, text in enumerate(rounds, start=1):
        path = tmp_path / f"evaluation-{i}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    checked = check_files([coop, *paths], catalog(load_library()))
    assert checked[0].findings == []
    return [c.findings for c in checked[1:]]


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_rule_fires_with_location(name: str, tmp_path: Path) -> None:
    (old, new), code, level, key_path, line = CASES[name]
    assert old in ROUND
    [findings] = check(tmp_path, ROUND.replace(old, new, 1))
    hits = [f for f in findings if f.code == code]
    assert hits, [f.format() for f in findings]
    assert (hits[0].level, format_path(hits[0].path)) == (level, key_path)
    assert hits[0].location is not None and hits[0].location.line == line


def test_every_evaluation_rule_has_a_case() -> None:
    dedicated = {"CD-EVAL-5",  # several files: test_round_numbers
                 "CD-EVAL-14",  # a cooperation text with a number: test_stale_number_...
                 # an exit of four partners: tests/unit/test_exit_plan.py
                 "CD-EVAL-17", "R-AUS-2", "R-AUS-4", "R-AUS-5"}
    rules = {r.code for r in RULES if r.kind == "evaluation"}
    assert rules <= {case[1] for case in CASES.values()} | dedicated


def test_valid_round_has_no_findings(tmp_path: Path) -> None:
    assert check(tmp_path, ROUND) == [[]]


def test_round_numbers(tmp_path: Path) -> None:
    second = ROUND.replace("number: 1", "number: 3").replace("2026-04-01, end: 2026-09-30",
                                                             "2026-10-01, end: 2027-03-31")
    second = second.replace("date: 2026-10-15", "date: 2027-04-15").replace("e1-", "e3-")
    first, third = check(tmp_path, ROUND, second)
    assert first == []
    assert [(f.code, format_path(f.path), f.location.line if f.location else 0)
            for f in third] == [("CD-EVAL-5", "number", 3)]
    assert "round 2 is missing" in third[0].message
    other_scale = second.replace("number: 3", "number: 2").replace(
        "date: 2027-04-15\n", "date: 2027-04-15\nscale: [1, 4]\n")
    _, scaled = check(tmp_path, ROUND, other_scale)
    assert [(f.code, format_path(f.path)) for f in scaled] == [("CD-EVAL-4", "scale")]
    _, again = check(tmp_path, ROUND, ROUND)
    assert [(f.code, f.level) for f in again if f.code == "CD-EVAL-5"] == [("CD-EVAL-5",
                                                                           Level.ERROR)]


def test_later_round_sees_the_partner_an_earlier_round_added(tmp_path: Path) -> None:
    partner = ("{id: gamma, name: Gamma AG, legal_form: AG, address: {street: Allee 3, "
               "postal_code: '80331', city: München}, represented_by: [{name: Gerd Gamma, "
               "function: Vorstand}]}")
    first = ROUND.replace("due: 2026-12-31}", f"due: 2026-12-31, change: {{add_partner: "
                          f"{partner}}}}}")
    second = ROUND.replace("e1-r", "e2-r").replace("number: 1", "number: 2").replace(
        "2026-04-01, end: 2026-09-30", "2026-10-01, end: 2027-03-31").replace(
        "date: 2026-10-15", "date: 2027-04-15\nearlier_measures: {e1-rhythmus: done}").replace(
        "{alpha: 4, beta: 3}", "{alpha: 4, beta: 3, gamma: 5}")
    assert check(tmp_path, first, second) == [[], []]


def test_amended_cooperation_must_stay_valid(tmp_path: Path) -> None:
    """CD-EVAL-12: the change is located at the measure; the broken rule is named."""
    broken = ROUND.replace("due: 2026-12-31}", "due: 2026-12-31, change: {add_partner: "
                           "{id: gamma, name: Gamma AG}}}")
    [findings] = check(tmp_path, broken)
    codes = {(f.code, format_path(f.path), f.location.line if f.location else 0)
             for f in findings}
    assert codes == {("CD-EVAL-12", "measures[0].change", 14)}
    # issue 18 item 6: the list item is named by its id, as a set path names it
    assert any("at partners.gamma.address" in f.message for f in findings)


def test_a_number_a_change_replaces_is_not_left_in_a_text(tmp_path: Path) -> None:
    """Issue 18 item 7: after a KPI target went from 100 to 80, the goal still said "100 t"."""
    cooperation = COOPERATION.replace("description: Einkaufsvolumen bündeln",
                                      "description: Mindestens 100 t Einkaufsvolumen bündeln")
    changed = ROUND.replace("due: 2026-12-31}", "due: 2026-12-31, change: {set: "
                            "kpis.volume.target, to: 80}}")
    coop = tmp_path / "cooperation.yaml"
    coop.write_text(cooperation, encoding="utf-8")
    path = tmp_path / "evaluation-1.yaml"
    path.write_text(changed, encoding="utf-8")
    [_, checked] = check_files([coop, path], catalog(load_library()))
    [hit] = [f for f in checked.findings if f.code == "CD-EVAL-14"]
    assert (hit.level, format_path(hit.path)) == (Level.WARNING, "measures[0].change.to")
    assert hit.location is not None and hit.location.line == 14
    assert "goals.g1.description still says 100" in hit.message
    # the same round rewriting the goal text settles it
    both = changed + ("  - {id: e1-ziel, text: Ziel angepasst, owner: alpha, due: 2026-12-31, "
                      "change: {set: goals.g1.description, to: Mindestens 80 t bündeln}}\n")
    path.write_text(both, encoding="utf-8")
    [_, checked] = check_files([coop, path], catalog(load_library()))
    assert not [f for f in checked.findings if f.code == "CD-EVAL-14"]


@pytest.mark.parametrize(("text", "number", "stated"), [
    ("Mindestens 800 aktive Kundenkarten", 800, True),
    ("Umsatz von 250.000 € im Jahr", 250000, True),
    ("sales of 250,000 per year", 250000, True),
    ("Quote von 12,5 %", 12.5, True),
    ("8000 Stück", 800, False),
    ("Version 1.800", 800, False),
    ("Ti-6Al-4V in 4 Sitzungen", 4, False),
    ("800er Serie", 800, False),
])
def test_a_number_is_found_as_written(text: str, number: float, stated: bool) -> None:
    from coopdocs.check.rules.evaluation import _states

    assert _states(text, number) is stated
