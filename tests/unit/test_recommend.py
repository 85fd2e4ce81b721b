"""Recommendations by rule: each rule fires for its case and stays quiet when all is well."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coopdocs.amend.states import amended_states
from coopdocs.build import case_versions, compose_report_document
from coopdocs.clauses.library import load_library
from coopdocs.compose.recommend import CONDITIONS, load_rules
from coopdocs.errors import TemplateError
from coopdocs.model.document import Grid
from coopdocs.resources import resource_dir
from tests.support.cases import case_of
from tests.unit.test_evaluation_rules import COOPERATION

CALM = """\
format: 1
cooperation: mini
number: 1
period: {start: 2026-04-01, end: 2026-09-30}
date: 2026-10-15
ratings:
  win_win: {alpha: 5, beta: 5}
  cost_benefit: {alpha: 5, beta: 4}
  individual_goals: {alpha: 4, beta: 5}
  shared_goals: {alpha: 5, beta: 5}
  schedule: {alpha: 4, beta: 4}
  task_distribution: {alpha: 5, beta: 4}
trust:
  alpha:
    beta: {competence: 5, integrity: 5, benevolence: 4}
    alpha: {competence: 5, integrity: 5, benevolence: 5}
  beta: {alpha: {competence: 4, integrity: 5, benevolence: 5}}
kpis: {volume: 100}
goals: {g1: achieved}
milestones: {m1: {status: done, date: 2026-09-12}}
measures:
  - {id: e1-rhythmus, text: Monatliche Abstimmung der Bedarfe, owner: alpha, due: 2026-12-31}
"""

SECOND = """\
format: 1
cooperation: mini
number: 2
period: {start: 2026-10-01, end: 2027-03-31}
date: 2027-04-15
"""

# rule: (old, new) replacement in CALM that should trigger it
CASES = {
    "EV-TRUST-1": ("beta: {competence: 5,", "beta: {competence: 2,"),  # alpha on beta
    "EV-TRUST-2": ("integrity: 5, benevolence: 4}", "integrity: 3, benevolence: 4}"),
    "EV-TRUST-3": ("integrity: 5, benevolence: 4}\n", "integrity: 5, benevolence: 2}\n"),
    "EV-TRUST-4": ("beta: {alpha: {competence: 4,", "beta: {alpha: {competence: 3,"),
    "EV-SCHED-1": ("{status: done, date: 2026-09-12}", "{status: late, date: 2026-10-09}"),
    "EV-COST-1": ("cost_benefit: {alpha: 5, beta: 4}", "cost_benefit: {alpha: 5, beta: 2}"),
    "EV-GOAL-1": ("individual_goals: {alpha: 4,", "individual_goals: {alpha: 1,"),
    "EV-GOAL-2": ("goals: {g1: achieved}", "goals: {g1: missed}"),
    "EV-TASK-1": ("task_distribution: {alpha: 5, beta: 4}", "task_distribution: {alpha: 3, "
                  "beta: 3}"),
    "EV-WIN-1": ("win_win: {alpha: 5, beta: 5}", "win_win: {alpha: 3, beta: 3}"),
    "EV-KPI-1": ("kpis: {volume: 100}", "kpis: {volume: 80}"),
    "EV-DATA-1": ("  schedule: {alpha: 4, beta: 4}\n", ""),
}


def recommended(tmp_path: Path, *rounds: str) -> list[str]:
    """The rule ids in the recommendation table of the report of the last round."""
    coop = tmp_path / "cooperation.yaml"
    coop.write_text(COOPERATION, encoding="utf-8")
    paths = []
    for i, text in enumerate(rounds, start=1):
        paths.append(tmp_path / f"evaluation-{i}.yaml")
        paths[-1].write_text(text, encoding="utf-8")
    library = load_library()
    case = case_of(coop, *paths, library=library)
    states = amended_states(case.cooperation, case.rounds)
    versions = case_versions(case, library, None)
    document = compose_report_document(case.rounds, states[-2], library, templates=None,
                                       after=versions[-1])
    tables = [b for b in document.blocks if isinstance(b, Grid) and b.header[0] == "Regel"]
    return [row[0] for table in tables for row in table.rows]


def test_a_calm_round_gets_no_recommendation(tmp_path: Path) -> None:
    assert recommended(tmp_path, CALM) == []


@pytest.mark.parametrize("rule", CASES)
def test_rule_fires_for_its_case(rule: str, tmp_path: Path) -> None:
    old, new = CASES[rule]
    assert old in CALM
    assert rule in recommended(tmp_path, CALM.replace(old, new, 1))


def test_open_earlier_measure(tmp_path: Path) -> None:
    later = SECOND + "earlier_measures: {e1-rhythmus: open}\n"
    assert recommended(tmp_path, CALM, later) == ["EV-MEAS-1"]
    assert recommended(tmp_path, CALM, SECOND + "earlier_measures: {e1-rhythmus: done}\n") == []


def test_every_rule_has_a_case_words_and_a_known_condition() -> None:
    path = resource_dir("templates") / "report.yaml"
    rules = load_rules(path)
    assert {r["id"] for r in rules} == {*CASES, "EV-MEAS-1"}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for language in ("de", "en"):
        assert set(data[language]["recommendations"]) == {r["id"] for r in rules}
        assert set(data[language]["sources"]) == {r["id"] for r in rules}
    assert {r["when"] for r in rules} == set(CONDITIONS)


def test_unknown_condition_is_a_located_error(tmp_path: Path) -> None:
    own = tmp_path / "report.yaml"
    own.write_text("rules:\n  - {id: EV-X-1, when: moon_phase}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_rules(own)
    assert "moon_phase" in caught.value.message and caught.value.location is not None
