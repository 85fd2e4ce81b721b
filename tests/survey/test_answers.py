"""A posted form → answers, checked with the same schema, rules and messages as the YAML."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from coopdocs.check.validate import check_files
from coopdocs.clauses.library import catalog, load_library
from coopdocs.i18n import speaking
from coopdocs.survey.answers import (
    MAX_FIELD,
    field_name,
    field_names,
    form_values,
    parse_form,
)
from coopdocs.survey.export import RoundData
from coopdocs.survey.questions import PartnerForm, partner_form
from tests.survey.test_questions import SAMPLE, round_three

FULL = {
    "ratings.win_win": ["4"], "ratings.cost_benefit": ["na"], "ratings.individual_goals": ["3"],
    "ratings.shared_goals": ["5"], "ratings.schedule": ["2"], "ratings.task_distribution": ["4"],
    "trust.flying-parts.competence": ["5"], "trust.flying-parts.integrity": ["na"],
    "trust.flying-parts.benevolence": ["4"], "trust.gefertec.competence": ["4"],
    "trust.gefertec.integrity": ["4"], "trust.gefertec.benevolence": ["3"],
    "kpis.scrap-rate": ["2,8"], "kpis.availability": ["91.5"], "kpis.fault-response": ["6"],
    "goals.g2": ["partial"],
    "milestones.m1.status": ["done"], "milestones.m1.date": ["2026-09-12"],
    "milestones.m2.status": ["late"], "milestones.m2.date": ["11.12.2026"],
    "highlights": ["Drahtvorschub läuft stabil\r\n\r\n  Ersatzteillager steht  \n"],
    "difficulties": [""], "reflection": ["Schulung hat gewirkt"], "needs": [""],
}
ANSWERS = {
    "ratings": {"win_win": 4, "cost_benefit": None, "individual_goals": 3, "shared_goals": 5,
                "schedule": 2, "task_distribution": 4},
    "trust": {"flying-parts": {"competence": 5, "integrity": None, "benevolence": 4},
              "gefertec": {"competence": 4, "integrity": 4, "benevolence": 3}},
    "kpis": {"scrap-rate": 2.8, "availability": 91.5, "fault-response": 6},
    "goals": {"g2": "partial"},
    "milestones": {"m1": {"status": "done", "date": "2026-09-12"},
                   "m2": {"status": "late", "date": "2026-12-11"}},
    "highlights": ["Drahtvorschub läuft stabil", "Ersatzteillager steht"],
    "reflection": ["Schulung hat gewirkt"],
}


def round_data() -> RoundData:
    return RoundData("big-3dmp", 3, datetime.date(2027, 4, 1), datetime.date(2027, 9, 30),
                     datetime.date(2027, 10, 10), "de", round_three())


def gefertec() -> PartnerForm:
    return partner_form(round_three(), "gefertec")


def parse(**fields: str | list[str]) -> tuple[dict[str, object], dict[str, str]]:
    posted = {name.replace("__", "."): value if isinstance(value, list) else [value]
              for name, value in fields.items()}
    parsed = parse_form(gefertec(), posted, round_data())
    return parsed.answers, parsed.errors


def test_a_full_form_gives_the_partners_answers() -> None:
    parsed = parse_form(gefertec(), FULL, round_data())
    assert parsed.errors == {}
    assert parsed.answers == ANSWERS


def test_field_names() -> None:
    assert field_name("ratings.win_win") == "ratings.win_win"
    assert field_name("milestones.m2", "date") == "milestones.m2.date"
    assert sorted(field_names(gefertec())) == sorted(FULL)


def test_empty_fields_are_not_answered_yet() -> None:
    parsed = parse_form(gefertec(), {"ratings.win_win": [""], "kpis.scrap-rate": [" "]},
                        round_data())
    assert parsed == parsed.__class__({"ratings": {}, "trust": {}, "kpis": {}, "goals": {},
                                       "milestones": {}}, {})


@pytest.mark.parametrize(("written", "value"), [
    ("11,5", 11.5), ("11.5", 11.5), ("11", 11), ("-0,25", -0.25), ("0.125", 0.125)])
def test_german_and_english_decimals(written: str, value: float) -> None:
    answers, errors = parse(**{"kpis__scrap-rate": written})
    assert errors == {}
    assert answers["kpis"] == {"scrap-rate": value}
    assert type(answers["kpis"]["scrap-rate"]) is type(value)


def yaml_message(tmp_path: Path, text: str) -> str:
    """The message ``coopdocs validate`` gives for a round 1 of the sample with ``text``."""
    round_file = tmp_path / "evaluation-1.yaml"
    round_file.write_text("format: 1\ncooperation: big-3dmp\nnumber: 1\n"
                          "period: {start: 2026-04-01, end: 2026-09-30}\ndate: 2026-10-15\n"
                          + text, encoding="utf-8")
    checked = check_files([SAMPLE / "cooperation.yaml", round_file], catalog(load_library(None)))
    return next(f.message for f in checked[1].findings if f.level == "error")


@pytest.mark.parametrize(("field", "value", "yaml"), [
    ("ratings.schedule", "7", "ratings: {schedule: {gefertec: 7}}\n"),
    ("trust.flying-parts.integrity", "0",
     "trust: {gefertec: {flying-parts: {integrity: 0}}}\n"),
    ("goals.g2", "parital", "goals: {g2: parital}\n"),
    ("milestones.m1.status", "finished", "milestones: {m1: {status: finished}}\n"),
    ("kpis.fault-response", "2000000000000", "kpis: {fault-response: 2000000000000}\n"),
])
def test_the_same_messages_as_the_yaml(tmp_path: Path, field: str, value: str,
                                       yaml: str) -> None:
    """A wrong value in the page is told exactly as ``coopdocs validate`` tells it in a file."""
    parsed = parse_form(gefertec(), {**FULL, field: [value]}, round_data())
    assert parsed.errors == {field: yaml_message(tmp_path, yaml)}


def test_a_wrong_value_is_left_out_of_the_answers() -> None:
    parsed = parse_form(gefertec(), {**FULL, "ratings.schedule": ["7"],
                                     "trust.gefertec.competence": ["9"],
                                     "milestones.m2.date": ["31.02.2027"]}, round_data())
    assert set(parsed.errors) == {"ratings.schedule", "trust.gefertec.competence",
                                  "milestones.m2.date"}
    assert "schedule" not in parsed.answers["ratings"]
    assert parsed.answers["trust"]["gefertec"] == {"integrity": 4, "benevolence": 3}
    assert parsed.answers["milestones"] == {"m1": {"status": "done", "date": "2026-09-12"}}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("kpis.scrap-rate", "11,5x",
     "'11,5x' is not a number; write it like 11,5 or 11.5, without thousands separators"),
    ("kpis.scrap-rate", "1.000",
     "'1.000' can be read as 1000 or as a decimal; write 1000 without a thousands separator, "
     "or the decimal with a 0 at the end (1.0000)"),
    ("kpis.scrap-rate", "0.12345678901234567",
     "'0.12345678901234567' has more digits than a number keeps (about 15 significant digits; "
     "it would be read as 0.12345678901234566); round it"),
    ("ratings.win_win", "gut", "choose a score from 1 to 5, or \"I cannot judge\""),
    ("milestones.m1.date", "2026-13-01",
     "'2026-13-01' is not a date; write it as YYYY-MM-DD or DD.MM.YYYY"),
    ("highlights", "gut\x01", "the text contains the control character U+0001, which cannot "
                              "appear in a document; remove it"),
    ("highlights", "x" * 1001, "point 1 has 1,001 characters; at most 1,000 fit (put a longer "
                               "point on several lines)"),
    ("needs", "\n".join(["x"] * 21), "at most 20 points, one per line; found 21"),
    ("reflection", "x" * (MAX_FIELD + 1), f"too long: at most {MAX_FIELD:,} characters"),
    ("goals.g2", "x" * 101, "too long: at most 100 characters"),
])
def test_what_yaml_would_not_read_gets_the_forms_own_message(field: str, value: str,
                                                             message: str) -> None:
    parsed = parse_form(gefertec(), {**FULL, field: [value]}, round_data())
    assert parsed.errors == {field: message}


def test_a_milestone_date_needs_its_state() -> None:
    _answers, errors = parse(**{"milestones__m1__date": "12.09.2026"})
    assert errors == {"milestones.m1.status": "choose the state of the milestone, or leave its "
                                              "date empty"}


def test_unknown_and_repeated_fields_are_refused() -> None:
    parsed = parse_form(gefertec(), {"kpis.lead-time": ["11"], "ratings.win_win": ["4", "5"],
                                     "csrf": ["token"]}, round_data(), ignore={"csrf"})
    assert parsed.errors == {
        "kpis.lead-time": "the form has no field 'kpis.lead-time'; reload the page",
        "ratings.win_win": "this field was sent more than once; reload the page"}
    assert parsed.answers["kpis"] == {} and parsed.answers["ratings"] == {}


def test_form_values_fill_the_page_again() -> None:
    values = form_values(gefertec(), ANSWERS)
    assert values["ratings.cost_benefit"] == "na"
    assert values["kpis.scrap-rate"] == "2.8"
    assert values["milestones.m2.date"] == "2026-12-11"
    assert values["highlights"] == "Drahtvorschub läuft stabil\nErsatzteillager steht"
    posted = {name: [text] for name, text in values.items()}
    assert parse_form(gefertec(), posted, round_data()).answers == ANSWERS


def test_form_values_show_a_decimal_comma_in_german() -> None:
    with speaking("de"):
        assert form_values(gefertec(), ANSWERS)["kpis.scrap-rate"] == "2,8"


def test_a_kept_date_is_shown_as_the_partner_types_it() -> None:
    from coopdocs.i18n import speaking
    from coopdocs.survey.answers import parse_date, show_date

    with speaking("de"):
        assert show_date("2026-09-12") == "12.09.2026"
        assert parse_date(show_date("2026-09-12")) == datetime.date(2026, 9, 12)
    assert show_date(datetime.date(2026, 9, 12)) == "2026-09-12"
    assert show_date(None) == ""
