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
    ACTIVITY_ITEMS,
    KINDS,
    Deadline,
    Described,
    Notice,
    Term,
    add_months,
    cooperation_deadlines,
    describe,
    earliest_end,
    evaluation_date,
    last_notice_day,
    next_evaluation,
    notice_deadline,
    term_of,
    with_former_partners,
)
from coopdocs.model.evaluation import build_round
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
    # once the term has run out it is a fact, not an overdue task
    [ended] = [d for d in cooperation_deadlines(data, {}, D(2027, 6, 1)) if d.kind == "term_end"]
    assert (ended.done, ended.overdue) == (True, False)


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


# every sample whose agreement is German (the text read back is the German term §)
@pytest.mark.parametrize("sample", [
    p.parent.relative_to(ROOT / "samples").as_posix()
    for p in sorted((ROOT / "samples").glob("**/cooperation.yaml"))
    if "\nlanguage: en" not in p.read_text(encoding="utf-8")])
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


# --- more notice arithmetic: leap-day starts, the minimum term across a passed deadline ---------

@pytest.mark.parametrize(("rule", "today", "expected"), [
    # 12 months from 29 February 2028 run out on 28 February 2029: that year ends
    (term("year_end", 3, minimum=12, start=D(2028, 2, 29)), D(2028, 3, 1),
     Notice(D(2029, 9, 30), D(2029, 12, 31))),
    # the minimum term's first end has passed its notice day: the next year end
    (term("year_end", 3, minimum=12, start=D(2028, 2, 29)), D(2029, 10, 1),
     Notice(D(2030, 9, 30), D(2030, 12, 31))),
    # quarter end right after a leap day: notice of one month by 29 February
    (term("quarter_end", 1, minimum=1, start=D(2028, 1, 1)), D(2028, 1, 15),
     Notice(D(2028, 2, 29), D(2028, 3, 31))),
])
def test_leap_day_starts_and_passed_first_ends(rule: Term, today: D, expected: Notice) -> None:
    assert notice_deadline(rule, today) == expected


# --- the schedule of evaluations ----------------------------------------------------------------

def test_without_first_due_the_evaluations_run_from_the_start() -> None:
    data = coop_data(evaluation={"interval_months": 6})
    found = cooperation_deadlines(data, {"evaluation": "12"}, D(2026, 10, 1))
    # "erstmals zum Ablauf von 6 Monaten nach Beginn" (1 April 2026): 30 September, then 31 March
    [evaluation] = [d for d in found if d.kind == "evaluation"]
    assert (evaluation.date, evaluation.what) == (D(2027, 3, 31), "2")
    assert evaluation_date(None, D(2026, 4, 1), 6, 1) == D(2026, 9, 30)
    assert evaluation_date(D(2027, 1, 31), D(2026, 4, 1), 1, 2) == D(2027, 2, 28)


# --- with rounds: the cooperation as amended, states from later rounds --------------------------

EINKAUF = ROOT / "samples" / "einkaufsverbund"
ROUND_FILES = sorted(EINKAUF.glob("evaluation-*.yaml"))


def amended(*rounds: Any, today: D) -> tuple[list[Deadline], dict[str, Any]]:
    """The deadlines of the Einkaufsverbund after ``rounds`` and the data to name them by."""
    case = case_of(EINKAUF / "cooperation.yaml", *rounds, library=LIBRARY)
    prepared = prepare(case.states[-1], LIBRARY)
    terms = load_terms(template_file("terms.yaml", None), "de")
    outline = agreement_outline(prepared.coop, prepared.choices, terms)
    found = cooperation_deadlines(case.states[-1].data, outline.numbers, today,
                                  annex_labels=outline.annexes,
                                  rounds=[build_round(r.path, r.data) for r in case.rounds])
    return found, with_former_partners(case.states[-1].data, [s.data for s in case.states])


def one(found: list[Deadline], kind: str, what: str) -> Deadline:
    [deadline] = [d for d in found if (d.kind, d.what) == (kind, what)]
    return deadline


def test_rounds_move_the_evaluation_on() -> None:
    # after round 1 (held 15 July 2027) the second date, 15 July 2028, is overdue in 2029
    found, _ = amended(ROUND_FILES[0], today=D(2029, 1, 1))
    assert one(found, "evaluation", "2") == Deadline(D(2028, 7, 15), "evaluation", "2", (),
                                                      "§\u00a018", True)
    # after all three rounds the fourth is next; without rounds, the first not before today
    found, _ = amended(*ROUND_FILES, today=D(2029, 8, 1))
    assert [(d.what, d.date, d.overdue) for d in found if d.kind == "evaluation"] == [
        ("4", D(2030, 7, 15), False)]
    found, _ = amended(today=D(2029, 7, 1))
    assert [(d.what, d.date) for d in found if d.kind == "evaluation"] == [("3", D(2029, 7, 15))]


def test_measures_are_due_for_their_owner_with_the_state_later_rounds_give() -> None:
    found, _ = amended(*ROUND_FILES, today=D(2029, 8, 1))
    open_one = one(found, "measure", "e2-umschlaglager")  # in_progress in round 3
    assert (open_one.date, open_one.who, open_one.overdue, open_one.done, open_one.round) == (
        D(2028, 12, 31), ("wessels",), True, False, 2)
    assert open_one.ref == "§\u00a018" and open_one.text.startswith("Wessels verteilt")
    closed = one(found, "measure", "e2-beitritt-bennemann")  # done in round 3
    assert (closed.done, closed.overdue) == (True, False)
    latest = one(found, "measure", "e3-reklamationen")  # no later round: open, not yet due
    assert (latest.date, latest.done, latest.overdue) == (D(2029, 12, 31), False, False)


def test_exits_accessions_and_changes_take_effect_under_their_nachtrag() -> None:
    found, _ = amended(*ROUND_FILES, today=D(2029, 8, 1))
    assert one(found, "effective", "exit:kottmann") == Deadline(
        D(2029, 12, 31), "effective", "exit:kottmann", ("kottmann",), "Nachtrag Nr.\u00a03",
        False, False, 3, one(found, "effective", "exit:kottmann").text)
    joined = one(found, "effective", "accession:hoelscher")
    assert (joined.date, joined.who, joined.ref, joined.round) == (
        D(2030, 1, 1), ("hoelscher",), "Nachtrag Nr.\u00a03", 3)
    change = one(found, "effective", "change:e3-marktanteil")
    assert (change.date, change.who) == (D(2030, 1, 1), ())
    # round 2's change took effect on 1 October 2028: done, never overdue
    past = one(found, "effective", "change:e2-kennzahl-reklamation")
    assert (past.done, past.overdue) == (True, False)


def test_the_amended_cooperation_has_the_partners_of_its_last_state() -> None:
    found, _ = amended(*ROUND_FILES, today=D(2029, 8, 1))
    partners = {d.who[0] for d in found if d.kind == "contribution"}
    # Kottmann has left (its contributions are gone), Bennemann and Hölscher have joined
    assert "kottmann" not in partners and {"bennemann", "hoelscher"} <= partners
    # contributions due within the periods the rounds reviewed are done, Hölscher's is open
    hoelscher = one(found, "contribution", "hoelscher.contributions[0]")
    assert (hoelscher.date, hoelscher.done) == (D(2030, 1, 31), False)
    assert one(found, "contribution", "bennemann.contributions[0]").done


def test_milestones_and_goals_done_in_a_round_are_not_overdue() -> None:
    found, _ = amended(*ROUND_FILES, today=D(2029, 8, 1))
    # m1 done, m2 and m3 reached late (with a date): all done
    assert [(d.what, d.done, d.overdue) for d in found if d.kind == "milestone"] == [
        ("m1", True, False), ("m2", True, False), ("m3", True, False)]
    # g1 and g3 achieved, g2 only partly: still overdue
    assert {d.what: (d.done, d.overdue) for d in found if d.kind == "goal"} == {
        "g1": (True, False), "g2": (False, True), "g3": (True, False)}
    # without rounds all three milestones are overdue
    found, _ = amended(today=D(2029, 8, 1))
    assert all(d.overdue for d in found if d.kind == "milestone")


# --- the activity modules' dates ----------------------------------------------------------------

def test_the_pool_statement_follows_each_calendar_year() -> None:
    found, _ = amended(today=D(2027, 4, 1))
    # clauses.profit_sharing: pool, statement within 3 months after each calendar year
    assert [(d.date, d.ref) for d in found if d.what == "profit_statement:profit_sharing"] == [
        (D(2028, 3, 31), "§\u00a010")]


def test_rebates_budget_and_plans_of_the_activities() -> None:
    data = coop_data(activities=[
        {"id": "ek", "type": "joint_purchasing", "lead": "a",
         "rebates": {"settlement": "half_yearly", "payout_months": 2}},
        {"id": "mk", "type": "joint_marketing", "lead": "b",
         "budget": {"statement_months": 4, "plan_proposal_weeks": 6}},
        {"id": "fe", "type": "joint_development", "lead": "a",
         "work_packages": [{"by": "b", "name": "AP 1", "end": D(2026, 12, 31)}],
         "milestones": [{"name": "M1", "due": D(2027, 3, 31)}],
         "exploitation_plan_due": D(2027, 6, 30)},
        {"id": "rs", "type": "shared_resources",
         "resources": [{"id": "r", "kind": "premises", "holder": "b", "name": "Halle",
                        "landlord_consent": "pending", "consent_deadline": D(2026, 9, 1)},
                       {"id": "q", "kind": "premises", "holder": "a",
                        "landlord_consent": "granted", "consent_deadline": D(2026, 9, 1)}]},
    ])
    numbers = {"op_joint_purchasing.ek": "6", "op_joint_development.fe": "8"}
    found = cooperation_deadlines(data, numbers, D(2026, 8, 15))
    activity = {(d.what, d.date, d.who, d.ref) for d in found if d.kind == "activity"}
    assert activity == {
        # the half year ending 30 June 2026 was paid out by 31 August; the next by 28 February
        ("rebate_payout:ek", D(2026, 8, 31), ("a",), "§\u00a06"),
        ("budget_statement:mk", D(2027, 4, 30), ("b",), ""),
        ("marketing_plan:mk", D(2026, 11, 20), ("b",), ""),
        ("work_package:fe:0", D(2026, 12, 31), ("b",), "§\u00a08"),
        ("project_milestone:fe:0", D(2027, 3, 31), ("a",), "§\u00a08"),
        ("exploitation_plan:fe", D(2027, 6, 30), (), "§\u00a08"),
        ("landlord_consent:rs:0", D(2026, 9, 1), ("b",), ""),
    }
    later = cooperation_deadlines(data, numbers, D(2026, 9, 1))
    assert [d.date for d in later if d.what == "rebate_payout:ek"] == [D(2027, 2, 28)]


# --- the wording --------------------------------------------------------------------------------

WORDS = {lang: load_terms(template_file("deadlines.yaml", None), lang) for lang in ("de", "en")}


def test_describe_says_what_and_what_to_do_in_german() -> None:
    found, named = amended(*ROUND_FILES, today=D(2029, 8, 1))
    said = {(d.kind, d.what): describe(d, named, WORDS["de"]) for d in found}
    assert said["notice", "2030-12-31"].title == (
        "Letzter Tag für die ordentliche Kündigung zum 31. Dezember 2030 (§\u00a019)")
    assert said["notice", "2030-12-31"].label == (
        "Letzter Tag für die ordentliche Kündigung zum 31. Dezember 2030")
    assert said["milestone", "m2"].title == (
        "Meilenstein m2 fällig: Bestellplattform in Betrieb (Go-live für alle Partner) "
        "(Anlage\u00a02) – erledigt")
    # a partner leaves at the end of the Stichtag, as the Nachtrag states it
    assert said["effective", "exit:kottmann"].title == (
        "Kottmann scheidet mit Ablauf dieses Tages aus (Nachtrag Nr.\u00a03)")
    assert said["evaluation", "4"].title == "Evaluationstermin Nr.\u00a04 (§\u00a018)"
    # the notice § of a network: a notice must reach every other partner (the last one counts)
    assert said["notice", "2030-12-31"].action == (
        "Eine ordentliche Kündigung zum 31. Dezember 2030 muss spätestens an diesem Tag allen "
        "anderen Partnern zugegangen sein; eine später zugehende Kündigung wirkt erst zum "
        "nächstmöglichen Termin.")
    assert "Wessels" in said["measure", "e2-umschlaglager"].action
    assert said["contribution", "hoelscher.contributions[0]"].title.startswith(
        "Beitrag von Hölscher fällig: Beitrittsbeitrag")
    assert said["activity", "profit_statement:profit_sharing"].title == (
        "Jahresabrechnung des Geschäftsergebnisses 2029 (§\u00a010)")


def test_describe_in_english() -> None:
    found, named = amended(*ROUND_FILES, today=D(2029, 8, 1))
    said = {(d.kind, d.what): describe(d, named, WORDS["en"]) for d in found}
    assert said["notice", "2030-12-31"] == Described(
        "Last day for ordinary notice to 31 December 2030 (§\u00a019)",
        "Ordinary notice to 31 December 2030 must have reached all other Partners by this day; "
        "notice received later takes effect only on the next possible date.",
        "Last day for ordinary notice to 31 December 2030")
    assert said["effective", "accession:hoelscher"].title == "Hölscher joins (Nachtrag Nr.\u00a03)"
    assert said["effective", "exit:kottmann"].label == "Kottmann leaves at the end of this day"
    assert said["evaluation", "4"].action.startswith("Collect every Partner's assessment")


def test_a_change_taking_effect_is_named_by_its_measure_and_told_in_the_action() -> None:
    # the title stays short (the measure's row has the text); the action says what applies
    found, named = amended(*ROUND_FILES[:2], today=D(2028, 9, 1))
    change = one(found, "effective", "change:e2-kennzahl-reklamation")
    said = describe(change, named, WORDS["de"])
    assert said.title == (
        "Änderung aus Maßnahme e2-kennzahl-reklamation wird wirksam (Nachtrag Nr.\u00a02)")
    assert said.action == (
        "Die Bearbeitungszeit von Reklamationen gegenüber Lieferanten wird ab dem 1. Oktober "
        "2028 als zusätzliche Kennzahl gemessen und in jeder Sitzung des Lenkungskreises "
        "berichtet. Die Änderung ab dem 1. Oktober 2028 anwenden und die Beteiligten "
        "informieren.")
    english = describe(change, named, WORDS["en"])
    assert english.label == "Change under measure e2-kennzahl-reklamation takes effect"
    assert english.action.endswith(
        "berichtet. Apply the change from 1 October 2028 and inform those concerned.")
    # a measure given only as its change has no text: its title says so, without a loose colon
    untold = Deadline(D(2028, 9, 30), "measure", "e2-x", (), "§\u00a018", False, round=2)
    assert describe(untold, named, WORDS["de"]).label == (
        "Maßnahme e2-x aus der Evaluation Nr.\u00a02 fällig: Änderung nach Nachtrag Nr.\u00a02")
    bare = Deadline(D(2028, 10, 1), "effective", "change:e2-x", (), "", False, round=2)
    assert describe(bare, named, WORDS["de"]).action == (
        "Die Änderung ab dem 1. Oktober 2028 anwenden und die Beteiligten informieren.")


def test_a_notice_between_two_partners_must_reach_the_other_one() -> None:
    # the term § of two partners: "Die Kündigung ist an den anderen Partner zu richten"
    notice = Deadline(D(2026, 12, 31), "notice", "2027-03-31", (), "§\u00a019", False)
    two = {"partners": [{"id": "a", "name": "A GmbH"}, {"id": "b", "name": "B KG"}]}
    assert describe(notice, two, WORDS["de"]).action.startswith(
        "Eine ordentliche Kündigung zum 31. März 2027 muss spätestens an diesem Tag dem anderen "
        "Partner zugegangen sein;")
    assert describe(notice, two, WORDS["en"]).action.startswith(
        "Ordinary notice to 31 March 2027 must have reached the other Partner by this day;")


def test_every_kind_and_item_has_words_in_both_languages() -> None:
    for words in WORDS.values():
        keys = {*KINDS, "exit", "accession", "change", *ACTIVITY_ITEMS} - {"effective", "activity"}
        assert keys <= set(words.words["titles"]) and keys <= set(words.words["actions"])
        assert set(KINDS) <= set(words.words["categories"])


def test_activity_plan_dates_within_a_reviewed_period_are_done() -> None:
    # 3DMP's work packages and project milestones have no state in a round: the rounds reviewed
    # their periods (to 31 March 2027, the last plan date), so all are done; with only round 1
    # (to 30 September 2026) AP 2 (15 December 2026) is still open and overdue
    sample = ROOT / "samples" / "3dmp"
    rounds = sorted(sample.glob("evaluation-*.yaml"))
    case = case_of(sample / "cooperation.yaml", *rounds, library=LIBRARY)
    prepared = prepare(case.states[-1], LIBRARY)
    outline = agreement_outline(prepared.coop, prepared.choices,
                                load_terms(template_file("terms.yaml", None), "de"))
    found = cooperation_deadlines(case.states[-1].data, outline.numbers, D(2027, 6, 1),
                                  rounds=[build_round(r.path, r.data) for r in case.rounds])
    plan = [d for d in found if d.what.startswith(("work_package:", "project_milestone:"))]
    assert len(plan) == 5 and all(d.done and not d.overdue for d in plan)
    found = cooperation_deadlines(case.states[1].data, outline.numbers, D(2027, 1, 1),
                                  rounds=[build_round(case.rounds[0].path, case.rounds[0].data)])
    assert {d.what: (d.done, d.overdue) for d in found if d.what.startswith("work_package:")} == {
        "work_package:entwicklung:0": (True, False), "work_package:entwicklung:1": (False, True),
        "work_package:entwicklung:2": (False, False)}
    without = cooperation_deadlines(case.states[0].data, outline.numbers, D(2027, 6, 1))
    assert any(d.overdue for d in without if d.what.startswith("work_package:"))


def test_a_round_held_after_the_next_date_stood_in_for_it() -> None:
    # Einkaufsverbund: dates 15 July 2027, 2028, …; round 1 held on 15 July 2027. Held instead
    # on 1 August 2028 (after date 2), the next is date 3, 15 July 2029, not the passed date 2
    late = build_round(ROUND_FILES[0], {**case_of(EINKAUF / "cooperation.yaml", ROUND_FILES[0],
                                                 library=LIBRARY).rounds[0].data,
                                        "date": D(2028, 8, 1)})
    case = case_of(EINKAUF / "cooperation.yaml", library=LIBRARY)
    found = cooperation_deadlines(case.states[-1].data, {}, D(2028, 8, 2), rounds=[late])
    assert [(d.what, d.date, d.overdue) for d in found if d.kind == "evaluation"] == [
        ("3", D(2029, 7, 15), False)]


def test_dates_past_the_calendar_are_no_deadlines() -> None:
    # a round held in 9999 has no next evaluation Python can date; the rest is still listed
    round_ = case_of(EINKAUF / "cooperation.yaml", ROUND_FILES[0], library=LIBRARY).rounds[0]
    late = build_round(round_.path, {**round_.data, "date": D(9999, 12, 1)})
    case = case_of(EINKAUF / "cooperation.yaml", library=LIBRARY)
    found = cooperation_deadlines(case.states[-1].data, {}, D(9999, 12, 2), rounds=[late])
    assert not [d for d in found if d.kind == "evaluation"]
    assert [d for d in found if d.kind == "milestone"]
    assert notice_deadline(Term(D(2026, 1, 1), None, 0, 3, "year_end"), D(9999, 10, 1)) is None
