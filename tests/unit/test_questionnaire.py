"""The questionnaire of coopdocs init without a terminal: answers, interview, file text."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from coopdocs.check.findings import format_path
from coopdocs.check.sources import load
from coopdocs.errors import CoopdocsError
from coopdocs.i18n import set_language
from coopdocs.questionnaire.answers import AnswerError, Choice, Kind, Question, parse, shown
from coopdocs.questionnaire.interview import interview, slug
from coopdocs.questionnaire.mapping import cooperation
from coopdocs.questionnaire.session import converse, drive, from_answers, prompt
from coopdocs.questionnaire.writer import cooperation_yaml

TODAY = datetime.date(2026, 3, 1)


def question(kind: Kind, **fields: Any) -> Question:
    return Question(("key",), "Question", kind, 1, **fields)


@pytest.mark.parametrize(("kind", "fields", "raw", "value"), [
    (Kind.TEXT, {}, "  Kundenkarte   Altstadt ", "Kundenkarte Altstadt"),
    (Kind.TEXTS, {}, "Mehl; Kaffee ;", ["Mehl", "Kaffee"]),
    (Kind.TEXTS, {}, ["Mehl", "Kaffee"], ["Mehl", "Kaffee"]),
    (Kind.ID, {}, "baeckerei-korn", "baeckerei-korn"),
    (Kind.DATE, {}, "2027-03-31", datetime.date(2027, 3, 31)),
    (Kind.DATE, {}, "31.03.2027", datetime.date(2027, 3, 31)),
    (Kind.DATE, {}, datetime.date(2027, 3, 31), datetime.date(2027, 3, 31)),
    (Kind.INTEGER, {"low": 1, "high": 52}, " 4 ", 4),
    (Kind.INTEGER, {"low": 1, "high": 52}, 12, 12),
    (Kind.NUMBER, {"low": 0, "high": 100}, "2,5", 2.5),
    (Kind.NUMBER, {"low": 0, "high": 100}, "15", 15),
    (Kind.BOOLEAN, {}, "ja", True),
    (Kind.BOOLEAN, {}, "Nein", False),
    (Kind.BOOLEAN, {}, False, False),
    (Kind.CHOICE, {"choices": (Choice("de"), Choice("en"))}, "2", "en"),
    (Kind.CHOICE, {"choices": (Choice("de"), Choice("en"))}, "de", "de"),
    (Kind.IDS, {"choices": (Choice("a"), Choice("b")), "low": 2}, "b, a, b", ["b", "a"]),
    (Kind.EMAIL, {}, "anna@korn.example", "anna@korn.example"),
    (Kind.POSTAL_CODE, {}, "01067", "01067"),
    (Kind.BAND, {}, "400-600", [400, 600]),
    (Kind.BAND, {}, "1,5 bis 2,5", [1.5, 2.5]),
    (Kind.BAND, {}, "-10 - 5", [-10, 5]),
    (Kind.BAND, {}, [400, 600], [400, 600]),
    (Kind.TEXT, {"required": False}, "", None),
    (Kind.INTEGER, {"default": 3}, "", 3),
])
def test_an_answer_is_read_as_typed_or_as_yaml_gives_it(kind: Kind, fields: dict[str, Any],
                                                        raw: object, value: object) -> None:
    assert parse(question(kind, **fields), raw) == value


@pytest.mark.parametrize(("kind", "fields", "raw", "message"), [
    (Kind.TEXT, {}, "", "an answer is needed"),
    (Kind.TEXT, {"high": 5}, "zu lang", "at most 5 characters, please shorten it"),
    (Kind.ID, {}, "Bäckerei", "an id has lower-case letters, digits and hyphens"),
    (Kind.DATE, {}, "2027-02-30", "enter a date as YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-05-01"),
    (Kind.INTEGER, {"low": 1, "high": 52}, "3,5", "enter a whole number from 1 to 52"),
    (Kind.INTEGER, {"low": 1, "high": 52}, "53", "enter a whole number from 1 to 52"),
    (Kind.INTEGER, {"low": 1, "high": 52}, True, "enter a whole number from 1 to 52"),
    (Kind.NUMBER, {"low": 0, "high": 100}, "viel", "enter a number from 0 to 100"),
    (Kind.BOOLEAN, {}, "vielleicht", "answer yes or no"),
    (Kind.CHOICE, {"choices": (Choice("de"), Choice("en"))}, "fr",
     "choose one of: de, en (or its number)"),
    (Kind.IDS, {"choices": (Choice("a"), Choice("b"))}, "a, c", "unknown id 'c'; choose from"),
    (Kind.IDS, {"choices": (Choice("a"), Choice("b")), "low": 2}, "a", "name at least 2 of"),
    (Kind.EMAIL, {}, "anna(at)korn", "enter an e-mail address like name@example.com"),
    (Kind.POSTAL_CODE, {}, 1067, "a postal code is text: put it in quotes"),
    (Kind.BAND, {}, "600", "enter the lowest and the highest acceptable value"),
    (Kind.BAND, {}, "600-400", "the lowest value comes first"),
])
def test_a_bad_answer_says_what_to_type_instead(kind: Kind, fields: dict[str, Any], raw: object,
                                                message: str) -> None:
    with pytest.raises(AnswerError) as caught:
        parse(question(kind, **fields), raw)
    assert caught.value.message.startswith(message)


def test_a_check_against_earlier_answers_refuses_the_answer() -> None:
    late = question(Kind.DATE, check=lambda value: None if value.year > 2026 else "too early")
    with pytest.raises(AnswerError, match="too early"):
        parse(late, "2026-05-01")


@pytest.mark.parametrize(("name", "expected"), [
    ("Bäckerei Korn", "baeckerei-korn"),
    ("Café Bohne & Söhne", "cafe-bohne-soehne"),
    ("Straße 1", "strasse-1"),
    ("---", ""),
])
def test_an_id_is_made_from_a_name(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_the_prompt_names_the_key_and_the_default() -> None:
    assert prompt(Question(("term", "notice_months"), "Notice period in months", Kind.INTEGER,
                           4, default=3)) == "Notice period in months (term.notice_months) [3]"
    assert prompt(Question(("partners", 1, "register"), "Register", Kind.TEXT, 2,
                           required=False)) == "Register (partners[1].register) [empty: later]"


# The answers of two partners by key path; what is not here stays empty (the default).
TWO = {
    "title": "Empfehlung", "purpose": "Gegenseitige Empfehlung.", "partners": 2,
    "partners[0].name": "Holzwerk Probe KG", "partners[0].legal_form": "GmbH & Co. KG",
    "partners[0].address.street": "Weg 1", "partners[0].address.postal_code": "04229",
    "partners[0].address.city": "Leipzig",
    "partners[1].name": "Maler Muster", "partners[1].legal_form": "Einzelunternehmen",
    "partners[1].merchant": "ja",
    "partners[1].representative.name": "Max Muster",
    "partners[1].address.street": "Weg 2", "partners[1].address.postal_code": "04229",
    "partners[1].address.city": "Leipzig",
    "activities": 0,
    "goals[0].description": "Zwölf Aufträge", "goals[0].deadline": "2027-08-31",
    "goals[0].kpi.name": "Aufträge", "goals[0].kpi.target": "12",
}


def answer_by_key(answers: dict[str, object]) -> Any:
    asked: list[str] = []

    def answer(q: Question) -> Any:
        key = format_path(q.path)
        asked.append(key)
        return parse(q, answers.get(key))

    answer.asked = asked  # type: ignore[attr-defined]
    return answer


def test_the_legal_form_decides_the_register_questions() -> None:
    answer = answer_by_key(TWO)
    answers = drive(interview(TODAY, "de"), answer)
    asked = answer.asked
    # a GmbH & Co. KG: merchant by form, register and general partner
    assert "partners[0].register" in asked and "partners[0].general_partner" in asked
    assert "partners[0].merchant" not in asked
    # a sole trader who is a merchant: asked, and then the register
    assert asked.index("partners[1].merchant") < asked.index("partners[1].register")
    assert "partners[1].general_partner" not in asked
    # two partners: no coordinator, no competitors after the last partner
    assert "coordinator" not in asked and "partners[1].competitor_of" not in asked
    assert answers["partners"][1]["representative"] == {"name": "Max Muster",
                                                        "function": "Inhaber"}
    assert answers["evaluation"]["first_due"] == datetime.date(2027, 3, 1)


def test_the_answers_become_a_cooperation_and_commented_yaml() -> None:
    data = cooperation(drive(interview(TODAY, "en"), answer_by_key(TWO)))
    assert data["language"] == "en"
    assert data["partners"][1]["represented_by"] == [{"name": "Max Muster",
                                                      "function": "Owner"}]
    assert data["goals"] == [{"id": "g1", "description": "Zwölf Aufträge", "kpi": "auftraege",
                              "deadline": datetime.date(2027, 8, 31)}]
    assert data["kpis"] == [{"id": "auftraege", "name": "Aufträge", "target": 12,
                             "better": "higher", "tolerance": [10, 14]}]
    text = cooperation_yaml(data, "cooperation.schema.json")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=cooperation.schema.json"
    assert yaml.safe_load(text) == data
    assert 'postal_code: "04229"' in text


def test_long_and_multi_line_texts_keep_their_words() -> None:
    data = {"format": 1, "background": "Erster Absatz.\n\nZweiter Absatz: mit Doppelpunkt.\n",
            "purpose": " ".join(["Ein sehr langer Satz über die Kundenkarte"] * 8)}
    assert yaml.safe_load(cooperation_yaml(data, None)) == data


def test_a_conversation_asks_again_until_an_answer_can_be_taken() -> None:
    typed = iter(["Kundenkarte", "", "viel", "4"])
    told: list[str] = []
    steps = iter([question(Kind.TEXT), question(Kind.INTEGER, low=2, high=20),
                  question(Kind.INTEGER, low=2, high=20)])

    def script() -> Any:
        first = yield next(steps)
        second = yield next(steps)
        return {"first": first, "second": second}

    answers = converse(script(), lambda text: next(typed), told.append)
    assert answers == {"first": "Kundenkarte", "second": 4}
    assert told[-2:] == ["  ! an answer is needed", "  ! enter a whole number from 2 to 20"]


def test_an_answers_file_reports_a_missing_answer_at_its_key(tmp_path: Path) -> None:
    file = tmp_path / "answers.yaml"
    file.write_text("title: Empfehlung\npartners:\n  - name: Holzwerk\n", encoding="utf-8")
    with pytest.raises(CoopdocsError) as caught:
        from_answers(load(file), interview(TODAY, "de"))
    assert caught.value.format() == f"{file}:1:1: error: purpose: missing answer (Subject and " \
        "aim: what do the partners want to achieve together?)"


def test_a_german_user_sees_defaults_as_typed_in_german() -> None:
    set_language("de")
    assert shown(question(Kind.DATE), datetime.date(2027, 3, 31)) == "31.03.2027"
    assert shown(question(Kind.NUMBER), 2.5) == "2,5"
    assert shown(question(Kind.BAND), [1.5, 2.5]) == "1,5-2,5"
    set_language("en")
    assert shown(question(Kind.DATE), datetime.date(2027, 3, 31)) == "2027-03-31"
    assert shown(question(Kind.BAND), [1.5, 2.5]) == "1.5-2.5"
