"""What a partner is asked: the seed's questions, who reports what, the question keys."""

from __future__ import annotations

import datetime
import json
from functools import cache
from typing import Any

import pytest

from coopdocs.build import check_case
from coopdocs.clauses.library import catalog, load_library
from coopdocs.i18n import translated
from coopdocs.model.evaluation import CRITERIA, PILLARS
from coopdocs.survey.questions import (
    CRITERION_QUESTIONS,
    PILLAR_QUESTIONS,
    answered,
    cooperation_data,
    partner_form,
    plain_json,
    questions,
    reporters,
)
from tests.conftest import ROOT

SAMPLE = ROOT / "samples/3dmp"


@cache
def round_three() -> dict[str, Any]:
    """The 3DMP cooperation as amended by rounds 1 and 2: what round 3 asks about."""
    checking = check_case(SAMPLE / "cooperation.yaml",
                          [SAMPLE / "evaluation-1.yaml", SAMPLE / "evaluation-2.yaml"],
                          catalog(load_library(None)))
    data: dict[str, Any] = checking.cases[0].states[-1].data
    return data


def small(**changes: Any) -> dict[str, Any]:
    """A cooperation of three partners with goals, milestones and KPIs, as plain data."""
    coop: dict[str, Any] = {
        "id": "mini", "title": "Mini",
        "partners": [{"id": "alpha", "name": "Alpha GmbH", "role": "partner"},
                     {"id": "beta", "name": "Beta KG", "role": "coordinator"},
                     {"id": "gamma", "name": "Gamma AG", "role": "partner"}],
        "goals": [{"id": "g1", "description": "Schneller", "kpi": "speed", "owner": "alpha"},
                  {"id": "g2", "description": "Günstiger", "kpi": "cost"},
                  {"id": "g3", "description": "Auch schneller", "kpi": "speed",
                   "owner": "gamma"}],
        "milestones": [{"id": "m1", "description": "Start", "due": datetime.date(2027, 1, 31),
                        "owner": "gamma"},
                       {"id": "m2", "description": "Ende", "due": datetime.date(2027, 6, 30),
                        "owner": "omega"}],
        "kpis": [{"id": "speed", "name": "Tempo", "unit": "Tage", "target": 10,
                  "tolerance": [8, 12], "better": "lower"},
                 {"id": "cost", "name": "Kosten", "unit": "EUR", "target": 100},
                 {"id": "mood", "name": "Stimmung", "unit": "Punkte", "target": 4}],
    }
    coop.update(changes)
    return coop


def test_who_reports_what() -> None:
    """A KPI by its first goal's owner; no owner, no goal or a partner who left: coordinator."""
    assert reporters(small()) == {
        "kpis.speed": "alpha", "kpis.cost": "beta", "kpis.mood": "beta",
        "goals.g1": "alpha", "goals.g2": "beta", "goals.g3": "gamma",
        "milestones.m1": "gamma", "milestones.m2": "beta"}


def test_without_a_coordinator_the_first_partner_reports() -> None:
    partners = [{**p, "role": "partner"} for p in small()["partners"]]
    assert reporters(small(partners=partners))["goals.g2"] == "alpha"


def test_a_partner_rates_everyone_and_itself_last() -> None:
    form = partner_form(small(), "beta")
    assert form.rated == (("alpha", "Alpha GmbH"), ("gamma", "Gamma AG"), ("beta", "Beta KG"))
    assert form.partner_name == "Beta KG"
    assert form.scale == (1, 5)
    assert [k.id for k in form.kpis] == ["cost", "mood"]
    assert [g.id for g in form.goals] == ["g2"]
    assert [m.id for m in form.milestones] == ["m2"]
    assert form.milestones[0].due == datetime.date(2027, 6, 30)


def test_a_kpi_shows_its_target_and_band() -> None:
    kpi = partner_form(small(), "alpha").kpis[0]
    assert (kpi.id, kpi.name, kpi.unit, kpi.target, kpi.tolerance, kpi.better) == (
        "speed", "Tempo", "Tage", 10, (8, 12), "lower")


def test_round_three_of_the_sample_asks_for_the_kpi_round_two_added() -> None:
    gefertec = partner_form(round_three(), "gefertec")
    flying = partner_form(round_three(), "flying-parts")
    assert [k.id for k in gefertec.kpis] == ["scrap-rate", "availability", "fault-response"]
    assert [k.id for k in flying.kpis] == ["lead-time"]
    assert [g.id for g in flying.goals] == ["g1"]
    assert [m.id for m in gefertec.milestones] == ["m1", "m2"]
    assert [m.id for m in flying.milestones] == ["m3"]


def test_an_unknown_partner_has_no_form() -> None:
    with pytest.raises(KeyError):
        partner_form(small(), "omega")


def test_the_criteria_and_pillars_are_the_models() -> None:
    assert tuple(c.key for c in CRITERION_QUESTIONS) == CRITERIA
    assert tuple(p.key for p in PILLAR_QUESTIONS) == PILLARS
    assert all(c.question.endswith("?") and c.hint and c.name for c in CRITERION_QUESTIONS)
    assert all(p.description.count("?") == 1 for p in PILLAR_QUESTIONS)


def test_questions_in_the_order_of_the_page() -> None:
    form = partner_form(small(), "gamma")
    assert questions(form) == [
        *(f"ratings.{c}" for c in CRITERIA),
        *(f"trust.{rated}.{p}" for rated in ("alpha", "beta", "gamma") for p in PILLARS),
        "goals.g3", "milestones.m1", "highlights", "difficulties", "reflection", "needs"]


def test_cannot_judge_is_an_answer_and_an_empty_text_is_none() -> None:
    form = partner_form(small(), "gamma")
    answers = {"ratings": {"win_win": None, "schedule": 4},
               "trust": {"alpha": {"competence": None}},
               "goals": {"g3": "partial"}, "milestones": {"m1": {"status": "done"}},
               "highlights": ["gut"], "needs": []}
    done = answered(form, answers)
    assert [key for key, yes in done.items() if yes] == [
        "ratings.win_win", "ratings.schedule", "trust.alpha.competence", "goals.g3",
        "milestones.m1", "highlights"]
    assert not any(answered(form, {}).values())


def test_the_cooperation_kept_as_json_reads_as_before() -> None:
    """A round keeps its cooperation as JSON; dates come back as dates, texts stay texts."""
    coop = round_three()
    kept = json.loads(json.dumps(plain_json(coop)))
    assert kept["term"]["start"] == "2026-04-01"
    assert cooperation_data(kept) == coop
    assert cooperation_data(coop) == coop


def test_the_texts_are_translated_where_they_are_shown() -> None:
    """The questions are marked for translation (N_) and shown through the catalog."""
    question = CRITERION_QUESTIONS[0].question
    assert question.startswith("Could a win-win situation be created")
    assert translated(question) == question  # English: the text itself


def test_settled_milestones_are_not_asked_again() -> None:
    """A milestone an earlier round reported reached or dropped has no reporter any more."""
    assert "milestones.m1" not in reporters(small(), settled=("m1",))
    form = partner_form(small(), "gamma", settled=("m1",))
    assert form.milestones == ()
    assert "milestones.m1" not in questions(form)
