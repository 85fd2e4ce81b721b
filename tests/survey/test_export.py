"""All partners' answers → evaluation-N.yaml: valid with its cooperation, traceable, repeatable.

The round of these tests is German (``language: de``, as samples/3dmp), so the comments are the
catalog's German; the tests of the English words use `english()`.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import docx
import yaml
from click.testing import CliRunner, Result

from coopdocs.cli import main
from coopdocs.survey.export import Response, RoundData, evaluation_data, evaluation_yaml
from tests.survey.test_answers import ANSWERS, round_data
from tests.survey.test_questions import SAMPLE

TODAY = datetime.date(2027, 10, 11)
GEFERTEC = Response("gefertec", "GEFERTEC GmbH", "Lena Muster", "submitted", ANSWERS,
                    datetime.datetime(2027, 10, 5, 14, 30, tzinfo=datetime.UTC))
FLYING = Response(
    "flying-parts", "flying-parts GmbH", "Amelie Beispiel", "submitted",
    {"ratings": {"win_win": 3, "cost_benefit": 4, "individual_goals": None, "shared_goals": 4,
                 "schedule": 3, "task_distribution": 4},
     "trust": {"gefertec": {"competence": 5, "integrity": 4, "benevolence": 4},
               "flying-parts": {"competence": None, "integrity": None, "benevolence": None}},
     "kpis": {"lead-time": 9.5}, "goals": {"g1": "achieved"},
     "milestones": {"m3": {"status": "done", "date": "2027-03-25"}},
     "highlights": ["Durchlaufzeit im Ziel: 9,5 Tage"], "needs": ["Inconel 625 klären"]},
    datetime.datetime(2027, 10, 9, 9, 0, tzinfo=datetime.UTC))


def english() -> RoundData:
    """The round in English: the words of these tests are coopdocs' English messages."""
    return dataclasses.replace(round_data(), language="en")


def header(text: str) -> str:
    """The comment lines at the top of ``text`` as one line (they are wrapped at 100 columns)."""
    lines = text.split("\n\n", 1)[0].splitlines()
    assert lines and all(line.startswith("# ") for line in lines), lines
    return " ".join(line.removeprefix("# ") for line in lines)


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_export_validates_and_the_report_builds_from_it(tmp_path: Path) -> None:
    exported = tmp_path / "evaluation-3.yaml"
    exported.write_text(evaluation_yaml(round_data(), [GEFERTEC, FLYING], today=TODAY),
                        encoding="utf-8")
    rounds = [SAMPLE / "cooperation.yaml", SAMPLE / "evaluation-1.yaml",
              SAMPLE / "evaluation-2.yaml", exported]
    checked = invoke("validate", "--strict", *rounds)
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    built = invoke("report", *rounds, "--format", "docx", "-o", tmp_path / "out")
    assert built.exit_code == 0, built.stderr
    report = docx.Document(str(tmp_path / "out" / "big-3dmp-evaluationsbericht-3.docx"))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Durchlaufzeit im Ziel: 9,5 Tage" in text
    assert "Drahtvorschub läuft stabil" in text


def test_the_text_holds_the_data() -> None:
    """Read back, the YAML is exactly the round's data: comments change nothing."""
    text = evaluation_yaml(round_data(), [GEFERTEC, FLYING], today=TODAY)
    data = evaluation_data(round_data(), [GEFERTEC, FLYING], today=TODAY)
    assert yaml.safe_load(text) == data
    assert data["date"] == datetime.date(2027, 10, 10)  # the closing date
    assert data["ratings"]["win_win"] == {"gefertec": 4, "flying-parts": 3}
    assert data["ratings"]["individual_goals"] == {"gefertec": 3}
    assert data["trust"] == {
        "gefertec": {"flying-parts": {"competence": 5, "benevolence": 4},
                     "gefertec": {"competence": 4, "integrity": 4, "benevolence": 3}},
        "flying-parts": {"gefertec": {"competence": 5, "integrity": 4, "benevolence": 4}}}
    assert data["kpis"] == {"lead-time": 9.5, "scrap-rate": 2.8, "availability": 91.5,
                            "fault-response": 6}
    assert data["milestones"]["m2"] == {"status": "late", "date": datetime.date(2026, 12, 11)}
    assert data["highlights"] == ["Drahtvorschub läuft stabil", "Ersatzteillager steht",
                                  "Durchlaufzeit im Ziel: 9,5 Tage"]


def test_same_input_same_bytes() -> None:
    first = evaluation_yaml(round_data(), [GEFERTEC, FLYING], today=TODAY)
    assert evaluation_yaml(round_data(), [FLYING, GEFERTEC], today=TODAY) == first


def test_every_value_says_who_gave_it() -> None:
    lines = evaluation_yaml(english(), [GEFERTEC, FLYING], today=TODAY).splitlines()
    assert "    gefertec: 4  # Lena Muster (GEFERTEC GmbH), submitted on 5 Oct 2027" in lines
    assert ("  lead-time: 9.5  # Amelie Beispiel (flying-parts GmbH), submitted on 9 Oct 2027"
            in lines)
    assert "  # Amelie Beispiel (flying-parts GmbH), submitted on 9 Oct 2027" in lines
    assert "  - 'Durchlaufzeit im Ziel: 9,5 Tage'" in lines


def test_cannot_judge_leaves_the_value_out_and_says_who() -> None:
    text = evaluation_yaml(english(), [GEFERTEC, FLYING], today=TODAY)
    assert ("  # cost_benefit: I cannot judge – Lena Muster (GEFERTEC GmbH), submitted on "
            "5 Oct 2027") in text
    assert ("    flying-parts: {competence: 5, benevolence: 4}  # Lena Muster (GEFERTEC GmbH), "
            "submitted on 5 Oct 2027; I cannot judge: Integrity") in text
    assert ("  # flying-parts → flying-parts: I cannot judge – Amelie Beispiel "
            "(flying-parts GmbH), submitted on 9 Oct 2027") in text


def test_a_draft_is_not_exported_but_named() -> None:
    draft = dataclasses.replace(FLYING, state="draft", submitted_at=None)
    text = evaluation_yaml(round_data(), [GEFERTEC, draft], today=TODAY)
    data = yaml.safe_load(text)
    assert "flying-parts" not in data["trust"]
    assert data["ratings"]["win_win"] == {"gefertec": 4}
    assert "lead-time" not in data["kpis"]
    assert ("Als Entwurf gespeichert, aber nicht eingereicht und deshalb nicht enthalten: "
            "Amelie Beispiel (flying-parts GmbH).") in header(text)
    assert "Eingereicht: Lena Muster (GEFERTEC GmbH)." in header(text)
    assert "  # lead-time: kein Wert angegeben (erfragt bei flying-parts GmbH)" in text


def test_a_partner_that_has_not_answered_is_named() -> None:
    for responses in ([GEFERTEC], [GEFERTEC, dataclasses.replace(FLYING, state="open",
                                                                 answers={})]):
        text = evaluation_yaml(round_data(), responses, today=TODAY)
        assert "Ohne Antwort: " in header(text)
        named = header(text).split("Ohne Antwort: ")[1].split(". ", 1)[0]
        assert "flying-parts GmbH" in named and "GEFERTEC" not in named


def test_nobody_submitted_is_still_a_valid_round() -> None:
    text = evaluation_yaml(round_data(), [], today=TODAY)
    data = yaml.safe_load(text)
    assert data["ratings"] == {} and data["trust"] == {} and data["highlights"] == []
    assert "Bisher hat niemand Antworten eingereicht." in header(text)
    assert "Ohne Antwort: GEFERTEC GmbH; flying-parts GmbH." in header(text)
    assert "# measures:" in text and "measures" not in data


def test_the_header_speaks_the_rounds_language() -> None:
    """Dates in the comments follow the round's language (the German words: the catalog)."""
    german = evaluation_yaml(round_data(), [GEFERTEC], today=TODAY)
    in_english = evaluation_yaml(english(), [GEFERTEC], today=TODAY)
    assert "05.10.2027" in german and "05.10.2027" not in in_english
    assert "5 Oct 2027" in in_english


def test_without_a_closing_date_the_round_is_dated_today() -> None:
    open_ended = dataclasses.replace(round_data(), closes=None)
    text = evaluation_yaml(open_ended, [GEFERTEC], today=TODAY)
    assert yaml.safe_load(text)["date"] == TODAY
    assert "\ndate: 2027-10-11  # Tag des Exports; der Lenkungskreis trägt hier das Datum" in text
    in_english = evaluation_yaml(dataclasses.replace(open_ended, language="en"), [GEFERTEC],
                                 today=TODAY)
    assert "\ndate: 2027-10-11  # the date of the export; the steering committee" in in_english


def test_names_cannot_break_out_of_a_comment() -> None:
    """A contact name with a line break stays inside its comment."""
    sneaky = dataclasses.replace(GEFERTEC, contact="Lena\nmeasures: [x]")
    text = evaluation_yaml(round_data(), [sneaky], today=TODAY)
    assert "measures" not in yaml.safe_load(text)
    assert "Lena measures: [x] (GEFERTEC GmbH)" in text
