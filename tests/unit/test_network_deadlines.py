"""Deadlines in the network report and the Evaluationsbericht (issue 21), from the one model.

A batch keeps each cooperation's summary and reuses it on later days; the summary holds the
deadline schedule, so the report picks, on any day, what the model says on that day.
"""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any

import pytest

from coopdocs.build import (
    Case,
    case_versions,
    check_case,
    compose_report_document,
    summary,
)
from coopdocs.clauses.library import Library, catalog, load_library
from coopdocs.compose.deadlines import Deadline, cooperation_deadlines
from coopdocs.compose.network import (
    Scheduled,
    compose_network_report,
    deadline_schedule,
    due_on,
)
from coopdocs.fmt import Formatter
from coopdocs.model.document import Bullets, Grid, Heading, ReportDocument, Text
from coopdocs.model.evaluation import build_round
from coopdocs.resources import resource_dir
from coopdocs.wording import load_terms
from tests.conftest import ROOT

D = datetime.date
WORDS = load_terms(resource_dir("templates") / "report.yaml", "de")
WORDS_EN = load_terms(resource_dir("templates") / "report.yaml", "en")


@cache
def library() -> Library:
    return load_library()


@cache
def case(sample: str) -> Case:
    """A sample with all its rounds (``samples/<sample>``), checked."""
    folder = ROOT / "samples" / sample
    checking = check_case(folder / "cooperation.yaml", sorted(folder.glob("evaluation-*.yaml")),
                          catalog(library()))
    [found] = checking.cases
    return found


@cache
def summarized(sample: str, language: str = "de") -> dict[str, Any]:
    return summary(case(sample), library(), language=language)


def model_on(sample: str, day: datetime.date) -> list[Deadline]:
    """What the deadline model itself says of the sample on ``day`` (the open deadlines)."""
    found = case(sample)
    outline = case_versions(found, library(), None)[-1].outline
    rounds = [build_round(r.path, r.data) for r in found.rounds]
    return [d for d in cooperation_deadlines(found.states[-1].data, outline.numbers, day,
                                             annex_labels=outline.annexes, rounds=rounds)
            if not d.done]


def key(d: Deadline) -> tuple[Any, ...]:
    return d.date, d.kind, d.what, d.who, d.ref, d.overdue, d.round


# --- the schedule: right on every later day -----------------------------------------------------

def notice_every_quarter(day: datetime.date) -> list[Deadline]:
    """A notice deadline on the last day of each quarter, and a milestone on 15 May 2027."""
    quarter_end = next(D(day.year + (m == 12 and day.month > 12), m, 30 if m in (6, 9) else 31)
                       for m in (3, 6, 9, 12)
                       if D(day.year, m, 30 if m in (6, 9) else 31) >= day)
    return [Deadline(quarter_end, "notice", quarter_end.isoformat(), (), "§\u00a015", False),
            Deadline(D(2027, 5, 15), "milestone", "m1", ("a",), "Anlage\u00a02",
                     D(2027, 5, 15) < day)]


def test_a_moving_deadline_applies_until_it_passes_and_a_dated_one_for_ever() -> None:
    schedule = deadline_schedule(notice_every_quarter, D(2027, 1, 10), D(2027, 12, 31))
    notices = [s for s in schedule if s.deadline.kind == "notice"]
    assert [(s.deadline.date, s.since, s.until) for s in notices] == [
        (D(2027, 3, 31), None, D(2027, 4, 1)),
        (D(2027, 6, 30), D(2027, 4, 1), D(2027, 7, 1)),
        (D(2027, 9, 30), D(2027, 7, 1), D(2027, 10, 1)),
        (D(2027, 12, 31), D(2027, 10, 1), D(2028, 1, 1))]  # ends after the horizon, not later
    [milestone] = [s for s in schedule if s.deadline.kind == "milestone"]
    assert milestone == Scheduled(milestone.deadline, None, None)
    assert not milestone.deadline.overdue  # decided on the day of the report


@pytest.mark.parametrize("sample", ["3dmp", "einkaufsverbund", "sensor-services"])
def test_a_kept_summary_says_what_the_model_says_on_any_later_day(sample: str) -> None:
    kept = summarized(sample)
    start = case(sample).cooperation.data["date"]
    for offset in range(0, 6 * 365, 23):  # six years, a day every three weeks or so
        day = start + datetime.timedelta(days=offset)
        assert sorted(key(d.deadline) for d in due_on([kept], day)) == sorted(
            key(d) for d in model_on(sample, day)), day


def test_overdue_deadlines_come_first_then_by_date() -> None:
    day = D(2029, 1, 15)
    due = due_on([summarized("einkaufsverbund"), summarized("3dmp")], day)
    overdue = [d for d in due if d.deadline.overdue]
    assert overdue and due[:len(overdue)] == overdue
    assert all(d.deadline.date < day for d in overdue)
    rest = [d.deadline.date for d in due[len(overdue):]]
    assert rest == sorted(rest) and all(date >= day for date in rest)


def test_the_summary_names_partners_who_left_by_their_short_name() -> None:
    kept = summarized("einkaufsverbund")
    exits = [d for d in due_on([kept], D(2029, 12, 1)) if d.deadline.what == "exit:kottmann"]
    assert [(d.who, d.label) for d in exits] == [
        (("Kottmann",), "Kottmann scheidet mit Ablauf dieses Tages aus")]


# --- the section in the network report ----------------------------------------------------------

def compose(day: datetime.date, *samples: str, words: Any = WORDS) -> ReportDocument:
    summaries = [summarized(s, words.language) for s in samples]
    return compose_network_report("Testnetz", "Netzwerkbüro", summaries, [], words, today=day)


def section(document: ReportDocument, heading: str) -> list[Any]:
    blocks = list(document.blocks)
    start = blocks.index(Heading(heading))
    end = next((i for i, b in enumerate(blocks[start + 1:], start + 1)
                if isinstance(b, Heading) and b.level == 1), len(blocks))
    return blocks[start + 1:end]


def test_the_section_follows_the_kpis_with_overdue_ones_under_their_own_heading() -> None:
    document = compose(D(2029, 1, 15), "einkaufsverbund", "3dmp")
    titles = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert titles[-2:] == ["Kennzahlen im Netzwerk", "Fristen der nächsten zwölf Monate"]
    blocks = section(document, "Fristen der nächsten zwölf Monate")
    assert isinstance(blocks[0], Text)
    assert blocks[0].text.startswith("Stand: 15. Januar 2029. Aufgeführt ist, was in den "
                                     "Kooperationen bis zum 15. Januar 2030 fällig wird")
    assert blocks[1] == Heading("Überfällig", 2)
    overdue, coming = [b for b in blocks if isinstance(b, Grid)]
    assert blocks[3] == Heading("Anstehend", 2)
    assert overdue.caption == ("Überfällige Fristen: fällig vor dem 15. Januar 2029 und nicht "
                               "erledigt")
    assert coming.caption == "Fristen vom 15. Januar 2029 bis zum 15. Januar 2030"
    assert overdue.header == ("Datum", "Kooperation", "Was", "Wer", "§ / Anlage")
    assert {tones[0] for tones in overdue.tones} == {"red"}
    assert {tones[0] for tones in coming.tones} == {""}
    dates = [D(*reversed([int(n) for n in row[0].split(".")])) for row in coming.rows]
    assert dates == sorted(dates) and D(2029, 1, 15) <= dates[0] and dates[-1] <= D(2030, 1, 15)
    notice = ("30.06.2029", "SHK-Einkaufsverbund Münsterland",
              "Letzter Tag für die ordentliche Kündigung zum 31. Dezember 2029", "alle Partner",
              "§\u00a019")
    assert notice in coming.rows
    assert ("31.12.2029", "SHK-Einkaufsverbund Münsterland",
            "Kottmann scheidet mit Ablauf dieses Tages aus", "Kottmann",
            "Nachtrag Nr.\u00a03") in coming.rows


def test_without_overdue_ones_the_table_needs_no_sub_heading() -> None:
    signed = case("sensor-services").cooperation.data["date"]
    assert not any(d.overdue for d in model_on("sensor-services", signed))
    blocks = section(compose(signed, "sensor-services"), "Fristen der nächsten zwölf Monate")
    assert [type(b) for b in blocks] == [Text, Grid]


def test_an_empty_window_is_one_sentence_not_an_empty_table() -> None:
    kept = summarized("sensor-services")
    schedule = kept["deadlines"]
    later = [i for i in schedule["items"] if i["date"] > "2099-01-01"]  # none open, none due
    quiet = {**kept, "deadlines": {**schedule, "items": later}}
    document = compose_network_report("Testnetz", "Netzwerkbüro", [quiet], [], WORDS,
                                      today=D(2099, 1, 1))
    blocks = section(document, "Fristen der nächsten zwölf Monate")
    assert blocks == [Text("Stand: 1. Januar 2099. Bis zum 1. Januar 2100 wird in keiner "
                           "Kooperation eine Frist fällig (Kündigung, Laufzeitende, Evaluation, "
                           "Meilenstein, Zieltermin, Beitrag, Maßnahme oder Nachtrag), und "
                           "keine ist überfällig.", "Vermerk")]


def test_a_network_without_summaries_has_the_sentence() -> None:
    document = compose_network_report("Testnetz", "Büro", [], [], WORDS, today=D(2026, 12, 7))
    assert section(document, "Fristen der nächsten zwölf Monate")[0].text.startswith(
        "Stand: 7. Dezember 2026. Bis zum 7. Dezember 2027 wird in keiner Kooperation")


def test_an_english_network_gets_english_words() -> None:
    document = compose(D(2029, 1, 15), "einkaufsverbund", words=WORDS_EN)
    blocks = section(document, "Deadlines in the Next Twelve Months")
    assert blocks[0].text.startswith("As of 15 January 2029.")
    assert blocks[1] == Heading("Overdue", 2)
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert grids[0].header == ("Date", "Cooperation", "What", "Who", "§ / Annex")
    assert ("30 Jun 2029", "SHK-Einkaufsverbund Münsterland",
            "Last day for ordinary notice to 31 December 2029",
            "all partners", "§\u00a019") in grids[1].rows


# --- the Evaluationsbericht's next steps --------------------------------------------------------

HEADINGS = {"de": "Nächste Schritte im Kreislauf des Vertrauens",
            "en": "Next Steps in the Cycle of Trust"}


def next_steps(sample: str, number: int, *, heading: str = HEADINGS["de"]) -> list[Any]:
    found = case(sample)
    versions = case_versions(found, library(), None)
    document = compose_report_document(found.rounds[:number], found.states[number - 1],
                                       library(), templates=None, after=versions[number])
    return section(document, heading)


def test_the_report_dates_the_next_evaluation_as_the_evaluation_section_does() -> None:
    found = case("einkaufsverbund")
    day = found.rounds[2].data["date"]
    [evaluation] = [d for d in model_on("einkaufsverbund", day) if d.kind == "evaluation"]
    assert evaluation.date == D(2030, 7, 15)  # "erstmals am 15. Juli 2027, danach jährlich"
    blocks = next_steps("einkaufsverbund", 3)
    assert blocks[0].text.startswith("Nächste Evaluation: fällig am 15. Juli 2030 ")


def test_the_report_lists_open_measures_and_the_other_deadlines_until_then() -> None:
    blocks = next_steps("einkaufsverbund", 3)
    texts = [b.text for b in blocks if isinstance(b, Text)]
    assert any(t.startswith("Die Maßnahmen e3-austritt-kottmann") for t in texts)  # kept
    [due] = [t for t in texts if t.startswith("Fällige Maßnahmen")]
    assert "e1-lieferavis (30. September 2027, überfällig)" in due  # still open
    assert "e3-austritt-kottmann (31. Dezember 2029)" in due
    intro = Text("Weitere Fristen bis zur nächsten Evaluation (aus der "
                 "Kooperationsvereinbarung und ihren Nachträgen):")
    others = blocks[blocks.index(intro) + 1]
    assert isinstance(others, Bullets)
    assert ("31. Dezember 2029: Kottmann scheidet mit Ablauf dieses Tages aus "
            "(Nachtrag Nr.\u00a03)") in others.items
    assert ("30. Juni 2030: Letzter Tag für die ordentliche Kündigung zum 31. Dezember 2030 "
            "(§\u00a019)") in others.items
    assert not any("Juli 2030" in item for item in others.items[-1:])
    assert isinstance(blocks[-1], Bullets)  # the questions of the cycle stay last


@pytest.mark.parametrize(("sample", "number"), [("3dmp", 1), ("3dmp", 2),
                                               ("einkaufsverbund", 1), ("einkaufsverbund", 2),
                                               ("sensor-services", 1)])
def test_the_report_and_the_model_agree_on_every_round(sample: str, number: int) -> None:
    """The report of round n says what the model says on its date, with rounds 1..n."""
    found = case(sample)
    outline = case_versions(found, library(), None)[number].outline
    rounds = [build_round(r.path, r.data) for r in found.rounds[:number]]
    day = rounds[-1].date
    model = [d for d in cooperation_deadlines(found.states[number].data, outline.numbers, day,
                                              annex_labels=outline.annexes, rounds=rounds)
             if not d.done]
    fmt = Formatter(found.states[0].data.get("language", "de"))
    blocks = next_steps(sample, number, heading=HEADINGS[fmt.language])
    [evaluation] = [d for d in model if d.kind == "evaluation"]
    assert fmt.date(evaluation.date) in blocks[0].text
    measures = [d for d in model if d.kind == "measure"]
    due = next((b.text for b in blocks if isinstance(b, Text)
                and any(f"{d.what} ({fmt.date(d.date)}" in b.text for d in measures)), "")
    assert all(f"{d.what} ({fmt.date(d.date)}" in due for d in measures)
    others = [d for d in model if d.kind not in ("evaluation", "measure")
              and d.date <= evaluation.date]
    listed = [item for b in blocks if isinstance(b, Bullets) for item in b.items]
    assert len([i for i in listed if i[:1].isdigit()]) == len(others)


def test_only_overdue_ones_say_that_nothing_else_falls_due() -> None:
    kept = summarized("einkaufsverbund")
    schedule = kept["deadlines"]
    earlier = [i for i in schedule["items"] if i["date"] < "2029-01-15"]
    past = {**kept, "deadlines": {**schedule, "items": earlier}}
    document = compose_network_report("Testnetz", "Netzwerkbüro", [past], [], WORDS,
                                      today=D(2029, 1, 15))
    blocks = section(document, "Fristen der nächsten zwölf Monate")
    assert [type(b) for b in blocks] == [Text, Heading, Grid, Heading, Text]
    assert blocks[-2:] == [Heading("Anstehend", 2),
                           Text("Bis zum 15. Januar 2030 wird keine weitere Frist fällig.",
                                "Vermerk")]


def test_a_schedule_ends_where_the_calendar_does() -> None:
    """Dates past 9999-12-31 do not exist: the schedule stops before them, without an error."""
    def near_the_end(day: datetime.date) -> list[Deadline]:
        if day > D(9999, 7, 1):
            raise OverflowError("date value out of range")
        return notice_every_quarter(day)[:1]

    schedule = deadline_schedule(near_the_end, D(9999, 1, 1), datetime.date.max)
    assert [s.deadline.date for s in schedule] == [D(9999, 3, 31), D(9999, 6, 30),
                                                   D(9999, 9, 30)]
    with pytest.raises(OverflowError):
        deadline_schedule(near_the_end, D(9999, 11, 1), datetime.date.max)
