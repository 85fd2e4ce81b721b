"""The deadline model's dates (compose.deadlines): the notice rule of the term § and the rest.

The notice arithmetic is checked against hand-computed dates and against the definition it
counts back from (a notice received on the last day runs out by the end, one a day later not),
and against the agreement itself: the term § a sample's agreement prints is read back into a
term, which must give the same deadlines as the input.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest

from coopdocs.build import prepare, template_file
from coopdocs.clauses.library import load_library
from coopdocs.compose.agreement import agreement_outline, compose_agreement
from coopdocs.compose.deadlines import (
    Deadline,
    Notice,
    Term,
    add_months,
    cooperation_deadlines,
    earliest_end,
    last_notice_day,
    next_evaluation,
    notice_deadline,
    term_of,
)
from coopdocs.wording import load_terms
from tests.conftest import ROOT
from tests.support.cases import case_of

D = datetime.date


def term(notice_to: str, months: int = 3, *, minimum: int = 0, start: D | None = None,
         end: D | None = None) -> Term:
    return Term(start=start, end=end, minimum_months=minimum, notice_months=months,
                notice_to=notice_to)


# --- the notice rule ----------------------------------------------------------------------------

@pytest.mark.parametrize(("rule", "today", "expected"), [
    # year end, three months: by 30 September for 31 December
    (term("year_end"), D(2026, 1, 15), Notice(D(2026, 9, 30), D(2026, 12, 31))),
    (term("year_end"), D(2026, 9, 30), Notice(D(2026, 9, 30), D(2026, 12, 31))),
    # passed by a day: the next possible end is a year later
    (term("year_end"), D(2026, 10, 1), Notice(D(2027, 9, 30), D(2027, 12, 31))),
    (term("year_end", 6), D(2026, 7, 1), Notice(D(2027, 6, 30), D(2027, 12, 31))),
    # quarter end: passed → a quarter later
    (term("quarter_end"), D(2026, 3, 31), Notice(D(2026, 3, 31), D(2026, 6, 30))),
    (term("quarter_end"), D(2026, 4, 1), Notice(D(2026, 6, 30), D(2026, 9, 30))),
    (term("quarter_end", 1), D(2026, 5, 10), Notice(D(2026, 5, 31), D(2026, 6, 30))),
    # month end: passed → a month later
    (term("month_end", 1), D(2026, 5, 31), Notice(D(2026, 5, 31), D(2026, 6, 30))),
    (term("month_end", 1), D(2026, 6, 1), Notice(D(2026, 6, 30), D(2026, 7, 31))),
    (term("month_end", 2), D(2026, 6, 15), Notice(D(2026, 6, 30), D(2026, 8, 31))),
    # leap years: one month to the end of March is received by the last day of February
    (term("month_end", 1), D(2024, 2, 10), Notice(D(2024, 2, 29), D(2024, 3, 31))),
    (term("month_end", 1), D(2025, 2, 10), Notice(D(2025, 2, 28), D(2025, 3, 31))),
    (term("month_end", 1), D(2024, 3, 1), Notice(D(2024, 3, 31), D(2024, 4, 30))),
    (term("quarter_end", 1), D(2028, 2, 29), Notice(D(2028, 2, 29), D(2028, 3, 31))),
    (term("quarter_end", 1), D(2028, 3, 1), Notice(D(2028, 5, 31), D(2028, 6, 30))),
])
def test_notice_reaches_the_next_period_end_it_can(rule: Term, today: D,
                                                  expected: Notice) -> None:
    assert notice_deadline(rule, today) == expected


@pytest.mark.parametrize("notice_to", ["month_end", "quarter_end", "year_end"])
@pytest.mark.parametrize("months", [1, 2, 3, 6, 12, 13, 60])
@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_last_notice_day_is_the_last_day_that_runs_out_in_time(notice_to: str, months: int,
                                                               year: int) -> None:
    """§§ 187 Abs. 1, 188 Abs. 2 and 3 BGB, forward: a notice received on day d runs out at the
    end of the day with d's number ``months`` later (the month's last day where it lacks it)."""
    for end in [notice_deadline(term(notice_to, months), D(year, m, 1)) for m in range(1, 13)]:
        assert end is not None
        assert add_months(end.last_day, months) <= end.end
        assert add_months(end.last_day + datetime.timedelta(days=1), months) > end.end


def test_a_fixed_term_ending_first_needs_no_notice() -> None:
    fixed = term("quarter_end", start=D(2026, 4, 1), end=D(2028, 3, 31), minimum=12)
    # the minimum term runs to 31 March 2027; notice for it by 31 December 2026
    assert notice_deadline(fixed, D(2026, 6, 1)) == Notice(D(2026, 12, 31), D(2027, 3, 31))
    # the last end before the term's own end is 31 December 2027
    assert notice_deadline(fixed, D(2027, 9, 30)) == Notice(D(2027, 9, 30), D(2027, 12, 31))
    # from then on the term ends by itself on 31 March 2028 (or has ended)
    assert notice_deadline(fixed, D(2027, 10, 1)) is None
    assert notice_deadline(fixed, D(2028, 6, 1)) is None


def test_an_open_ended_term_always_has_a_next_end() -> None:
    open_ended = term("year_end", 6, start=D(2026, 7, 1))
    for today in [D(2026, 7, 1), D(2030, 12, 31), D(2099, 7, 1)]:
        notice = notice_deadline(open_ended, today)
        assert notice is not None and notice.last_day >= today
        assert (notice.end.month, notice.end.day) == (12, 31)


@pytest.mark.parametrize(("rule", "earliest"), [
    # 24 months from 1 July 2026 run out on 30 June 2028 → the year it lies in ends
    (term("year_end", 6, minimum=24, start=D(2026, 7, 1)), D(2028, 12, 31)),
    # 12 months from 15 March run out on 14 March: in the first quarter
    (term("quarter_end", minimum=12, start=D(2026, 3, 15)), D(2027, 3, 31)),
    # a minimum term ending on a period end takes effect at that end
    (term("quarter_end", minimum=12, start=D(2026, 4, 1)), D(2027, 3, 31)),
    (term("month_end", 1, minimum=6, start=D(2026, 5, 1)), D(2026, 10, 31)),
    # § 188 Abs. 3 BGB: from 31 January a month runs out on the last day of February
    (term("month_end", 1, minimum=1, start=D(2028, 1, 31)), D(2028, 2, 29)),
    (term("month_end", 1, minimum=1, start=D(2027, 1, 31)), D(2027, 2, 28)),
    (term("month_end", 1, minimum=0, start=D(2027, 1, 31)), None),
])
def test_the_minimum_term_moves_the_first_end(rule: Term, earliest: D | None) -> None:
    assert earliest_end(rule) == earliest


def test_notice_waits_for_the_minimum_term() -> None:
    rule = term("year_end", 6, minimum=24, start=D(2026, 7, 1))
    # the year ends of 2026 and 2027 are before the minimum term's end
    assert notice_deadline(rule, D(2026, 7, 1)) == Notice(D(2028, 6, 30), D(2028, 12, 31))
    assert notice_deadline(rule, D(2028, 6, 30)) == Notice(D(2028, 6, 30), D(2028, 12, 31))
    assert notice_deadline(rule, D(2028, 7, 1)) == Notice(D(2029, 6, 30), D(2029, 12, 31))


@pytest.mark.parametrize(("end", "months", "expected"), [
    (D(2026, 12, 31), 3, D(2026, 9, 30)),
    (D(2024, 3, 31), 1, D(2024, 2, 29)),
    (D(2025, 3, 31), 1, D(2025, 2, 28)),
    (D(2028, 2, 29), 1, D(2028, 1, 31)),
    (D(2026, 12, 31), 60, D(2021, 12, 31)),
])
def test_last_notice_day(end: D, months: int, expected: D) -> None:
    assert last_notice_day(end, months) == expected


@pytest.mark.parametrize(("first", "interval", "today", "expected"), [
    (D(2027, 6, 30), 12, D(2026, 1, 1), (1, D(2027, 6, 30))),
    (D(2027, 6, 30), 12, D(2027, 6, 30), (1, D(2027, 6, 30))),
    (D(2027, 6, 30), 12, D(2027, 7, 1), (2, D(2028, 6, 30))),
    (D(2027, 1, 31), 1, D(2027, 2, 1), (2, D(2027, 2, 28))),
    (D(2027, 1, 31), 1, D(2027, 3, 1), (3, D(2027, 3, 31))),
    (D(2027, 2, 28), 6, D(2029, 1, 1), (5, D(2029, 2, 28))),
])
def test_the_next_evaluation_is_moved_past_today(first: D, interval: int, today: D,
                                                 expected: tuple[int, D]) -> None:
    assert next_evaluation(first, interval, today) == expected


# --- the deadlines of a cooperation -------------------------------------------------------------

def coop_data(**more: Any) -> dict[str, Any]:
    """A normalized cooperation, as far as the deadlines read it."""
    data: dict[str, Any] = {
        "date": D(2026, 3, 1),
        "term": {"start": D(2026, 4, 1), "minimum_months": 12, "notice_months": 3,
                 "notice_to": "quarter_end"},
        "partners": [{"id": "a", "contributions": [{"type": "money", "due": D(2026, 5, 1)},
                                                   {"type": "knowhow"}]},
                     {"id": "b", "contributions": []}],
        "goals": [{"id": "g1", "deadline": D(2027, 1, 31), "owner": "b"}, {"id": "g2"}],
        "milestones": [{"id": "m1", "due": D(2026, 6, 30)}],
        "evaluation": {"interval_months": 6, "first_due": D(2026, 10, 1)},
    }
    data.update(more)
    return data


def test_a_cooperation_has_its_deadlines_in_order() -> None:
    nbsp = "\u00a0"
    found = cooperation_deadlines(
        coop_data(), {"term": "15", "evaluation": "12", "contributions": "5"},
        D(2026, 6, 1), annex_labels={"goals": f"Anlage{nbsp}2", "partners": f"Anlage{nbsp}1"})
    assert found == [
        Deadline(D(2026, 5, 1), "contribution", "a.contributions[0]", ("a",), f"§{nbsp}5", True),
        Deadline(D(2026, 6, 30), "milestone", "m1", (), f"Anlage{nbsp}2", False),
        Deadline(D(2026, 10, 1), "evaluation", "1", (), f"§{nbsp}12", False),
        Deadline(D(2026, 12, 31), "notice", "2027-03-31", (), f"§{nbsp}15", False),
        Deadline(D(2027, 1, 31), "goal", "g1", ("b",), f"Anlage{nbsp}2", False),
    ]


def test_a_fixed_term_end_and_unknown_places() -> None:
    data = coop_data(term={"start": D(2026, 4, 1), "end": D(2027, 3, 31), "minimum_months": 0,
                           "notice_months": 3, "notice_to": "quarter_end"})
    found = cooperation_deadlines(data, {}, D(2027, 1, 1))
    kinds = {(d.kind, d.date, d.ref, d.overdue) for d in found if d.kind in ("term_end", "notice")}
    # no notice: the last quarter end before the term's end (31 December 2026) is gone
    assert kinds == {("term_end", D(2027, 3, 31), "", False)}
    assert [d.overdue for d in found if d.kind == "milestone"] == [True]
    assert [d.what for d in found if d.kind == "evaluation"] == ["2"]


def test_without_a_start_the_agreement_date_dates_the_minimum_term() -> None:
    data = coop_data(term={"minimum_months": 12, "notice_months": 3, "notice_to": "year_end"})
    [notice] = [d for d in cooperation_deadlines(data, {}, D(2026, 3, 1)) if d.kind == "notice"]
    # twelve months from 1 March 2026 run out on 28 February 2027: the year 2027 ends
    assert (notice.date, notice.what) == (D(2027, 9, 30), "2027-12-31")
    assert term_of({"term": {}}) == Term(None, None, 0, 3, "quarter_end")


# --- the same dates as the agreement's term § ---------------------------------------------------

LIBRARY = load_library()
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember"]
PERIODS_DE = {"Kalendermonats": "month_end", "Kalendervierteljahres": "quarter_end",
              "Kalenderjahres": "year_end"}


def german_date(text: str) -> D:
    match = re.fullmatch(r"(\d+)\. (\w+) (\d{4})", text)
    assert match is not None, text
    day, month, year = match.groups()
    return D(int(year), MONTHS_DE.index(month) + 1, int(day))


def stated_term(text: str) -> Term:
    """The term as the German term § states it, read back from its text."""
    notice = re.search(r"mit einer Frist von (einem Monat|\d+ Monaten) zum Ende eines (\w+) "
                       r"ordentlich kündigen", text)
    assert notice is not None, text
    months = 1 if notice[1] == "einem Monat" else int(notice[1].split()[0])
    minimum = re.search(r"frühestens zum Ablauf (eines Monats|von \d+ Monaten) nach Beginn "
                        r"wirksam \(Mindestlaufzeit\); fällt dieser Zeitpunkt nicht auf das Ende "
                        r"eines (\w+), wird sie frühestens zum Ende des \2 wirksam", text)
    start = re.search(r"beginnt am (\d+\. \w+ \d{4}) \(Beginn\)", text)
    end = re.search(r"endet mit Ablauf des (\d+\. \w+ \d{4}), ohne dass es einer Kündigung "
                    r"bedarf", text)
    if minimum is not None:
        assert minimum[2] == notice[2]
    return Term(start=german_date(start[1]) if start else None,
                end=german_date(end[1]) if end else None,
                minimum_months=(0 if minimum is None else
                                1 if minimum[1] == "eines Monats" else int(minimum[1].split()[1])),
                notice_months=months, notice_to=PERIODS_DE[notice[2]])


@pytest.mark.parametrize("sample", ["3dmp", "imbiss-cafe", "einkaufsverbund"])
def test_the_agreement_states_the_rule_the_deadlines_use(sample: str) -> None:
    case = case_of(ROOT / "samples" / sample / "cooperation.yaml", library=LIBRARY)
    prepared = prepare(case.states[0], LIBRARY)
    terms = load_terms(template_file("terms.yaml", None), prepared.coop.language)
    outline = agreement_outline(prepared.coop, prepared.choices, terms)
    document = compose_agreement(prepared.coop, prepared.choices, terms, outline=outline)
    [section] = [s for s in document.sections if s.id == "term"]
    text = " ".join(p.text for p in section.paragraphs).replace("\u00a0", " ")

    data = prepared.coop.data
    assert stated_term(text) == term_of(data)
    days = [D(2026, 1, 1) + datetime.timedelta(days=n) for n in range(0, 6 * 366, 17)]
    for today in days:
        assert notice_deadline(stated_term(text), today) == notice_deadline(term_of(data), today)
    found = cooperation_deadlines(data, outline.numbers, D(2026, 6, 1),
                                  annex_labels=outline.annexes)
    assert {d.ref for d in found if d.kind in ("notice", "term_end")} == {section.number}
