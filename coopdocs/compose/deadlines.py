"""Deadlines of a cooperation: what is due when, for whom, and where the agreement says so.

The one deadline model of issue 21 (the report, the calendar export and the Evaluationsbericht
read it later). This module holds the date arithmetic only; the wording comes with the users.

The notice rule mirrors the term § (clauses/term) word for word, so the dates here are the dates
the agreement states for the same input:

- "Jeder Partner kann diese Vereinbarung mit einer Frist von drei Monaten zum Ende eines
  Kalendervierteljahres ordentlich kündigen": a notice reaches the end of a calendar month,
  quarter or year (``term.notice_to``) when it is received at least ``term.notice_months``
  months before that end (§§ 187 Abs. 1, 188 Abs. 2 and 3 BGB, counted back from the end).
- "Die Kündigung wird frühestens zum Ablauf von 12 Monaten nach Beginn wirksam
  (Mindestlaufzeit); fällt dieser Zeitpunkt nicht auf das Ende eines Kalendervierteljahres,
  wird sie frühestens zum Ende des Kalendervierteljahres wirksam, in dem dieser Zeitpunkt liegt."
- A fixed term "endet mit Ablauf des <end>, ohne dass es einer Kündigung bedarf"; notice "auch
  vor ihrem Ablauf" can only reach an end before that date. There is no renewal: a continued
  cooperation after the end is no tacit extension, so the agreement has no later end to reach.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

KINDS = ("notice", "term_end", "evaluation", "milestone", "goal", "contribution", "measure",
         "effective")
# months per period that a notice can reach (term.notice_to)
PERIOD_MONTHS = {"month_end": 1, "quarter_end": 3, "year_end": 12}


@dataclass(frozen=True)
class Deadline:
    """One date to act on.

    ``what`` is a key for the wording that comes later, per kind: the id of the milestone or
    goal; ``<partner id>.contributions[<index>]`` for a contribution; the ISO date of the end a
    notice reaches; the number of the evaluation date (1 for ``first_due``); "" for the term end.
    ``who`` holds the partner ids it is for, empty for all partners. ``ref`` is the § ("§ 15",
    with a no-break space as in the agreement) or annex label ("Anlage 2") where it is agreed,
    "" when the agreement does not have that unit. ``overdue``: the date is before ``today``.
    """

    date: datetime.date
    kind: str
    what: str
    who: tuple[str, ...]
    ref: str
    overdue: bool


@dataclass(frozen=True)
class Term:
    """The ``term`` fields the notice rule reads (normalized: the schema's defaults filled in)."""

    start: datetime.date | None
    end: datetime.date | None
    minimum_months: int
    notice_months: int
    notice_to: str


@dataclass(frozen=True)
class Notice:
    """The last day a notice must be received on (``last_day``) to end the agreement at ``end``."""

    last_day: datetime.date
    end: datetime.date


def term_of(data: Mapping[str, Any]) -> Term:
    """The ``term`` of a normalized cooperation (defaults as schemas/cooperation.yaml has them)."""
    term = data.get("term", {})
    return Term(start=term.get("start"), end=term.get("end"),
                minimum_months=term.get("minimum_months", 0),
                notice_months=term.get("notice_months", 3),
                notice_to=term.get("notice_to", "quarter_end"))


# --- calendar arithmetic ------------------------------------------------------------------------

def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier); the month's last day where it has no such day.

    As § 188 Abs. 3 BGB ends a period in a month that lacks the day: 31 Jan + 1 → 28/29 Feb.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_end(day: datetime.date, notice_to: str) -> datetime.date:
    """The end of the calendar month, quarter or year ``day`` lies in."""
    step = PERIOD_MONTHS[notice_to]
    last_month = (day.month - 1) // step * step + step
    return month_end(day.year, last_month)


def period_ends(first: datetime.date, notice_to: str) -> Iterator[datetime.date]:
    """The ends of the periods from the one ``first`` lies in onwards, without end."""
    end = period_end(first, notice_to)
    while True:
        yield end
        end = period_end(end + datetime.timedelta(days=1), notice_to)


def months_after_start(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of ``months`` that begins with the day ``start``.

    §§ 187 Abs. 2, 188 Abs. 2 BGB: it ends with the day before the day of the last month that has
    the start's number (start 15 March, 12 months → 14 March); § 188 Abs. 3 where the month lacks
    that day (start 31 January, one month → the last day of February).
    """
    if start.day == 1:
        first = add_months(start, months)
        return first - datetime.timedelta(days=1)
    later = add_months(start.replace(day=1), months)
    return later.replace(day=min(start.day - 1, calendar.monthrange(later.year, later.month)[1]))


# --- the notice rule of the term § --------------------------------------------------------------

def last_notice_day(end: datetime.date, notice_months: int) -> datetime.date:
    """The last day a notice can be received on to take effect at ``end`` (a month's last day).

    Counted back from ``end`` as §§ 187 Abs. 1, 188 Abs. 2 and 3 BGB count forward from receipt:
    a notice received on that day runs out on or before ``end``, one received a day later after
    it (three months to 31 December → 30 September; one month to 31 March 2024 → 29 February).
    """
    before = add_months(end.replace(day=1), -notice_months)
    return month_end(before.year, before.month)


def earliest_end(term: Term) -> datetime.date | None:
    """The first end a notice may take effect at under the minimum term; None without one.

    Without ``term.start`` (the agreement begins with its signature) the minimum term cannot be
    dated; the caller passes a start it assumes (``cooperation_deadlines``: the agreement date).
    """
    if term.minimum_months <= 0 or term.start is None:
        return None
    return period_end(months_after_start(term.start, term.minimum_months), term.notice_to)


def notice_deadline(term: Term, today: datetime.date) -> Notice | None:
    """The next end a notice given from ``today`` on can reach, and the last day to give it.

    The first period end that is not before the minimum term's end (``earliest_end``) and whose
    last notice day is not before ``today``: once that day has passed, the next period end
    (a month, quarter or year later). None when a fixed term ends first, so no notice is
    needed to end the agreement (or it has ended).
    """
    first = max(today, earliest_end(term) or today)
    for end in period_ends(first, term.notice_to):
        if term.end is not None and end >= term.end:
            return None
        day = last_notice_day(end, term.notice_months)
        if day >= today:
            return Notice(day, end)
    raise AssertionError("unreachable: period_ends never ends")  # pragma: no cover


def next_evaluation(first_due: datetime.date, interval_months: int,
                    today: datetime.date) -> tuple[int, datetime.date]:
    """The number (1 = ``first_due``) and date of the first Evaluationstermin not before today.

    Each date is counted from ``first_due`` (not from the one before), so 31 January keeps
    coming back as the 31st where the month has it.
    """
    number = 1
    due = first_due
    while due < today:
        due = add_months(first_due, number * interval_months)
        number += 1
    return number, due


# --- the deadlines of a cooperation -------------------------------------------------------------

def cooperation_deadlines(data: Mapping[str, Any], outline_numbers: Mapping[str, str],
                          today: datetime.date, *,
                          annex_labels: Mapping[str, str] | None = None) -> list[Deadline]:
    """Every deadline of a normalized cooperation, by date (overdue ones come first).

    ``outline_numbers`` and ``annex_labels`` are the composed agreement's ``Outline.numbers``
    and ``Outline.annexes``; they give each deadline its place. Term end, notice, the next
    evaluation, milestones, goal deadlines and contribution due dates.
    """
    place = _Places(outline_numbers, annex_labels or {})
    found = [*_term_deadlines(data, place, today), *_evaluation(data, place, today),
             *_plan(data, place, today), *_contributions(data, place, today)]
    return sorted(found, key=lambda d: (d.date, KINDS.index(d.kind), d.what))


@dataclass(frozen=True)
class _Places:
    numbers: Mapping[str, str]
    annexes: Mapping[str, str]

    def section(self, module: str) -> str:
        return f"§\u00a0{self.numbers[module]}" if module in self.numbers else ""

    def annex(self, key: str) -> str:
        return self.annexes.get(key, "")


def _deadline(day: datetime.date, kind: str, what: str, who: tuple[str, ...], ref: str, *,
              today: datetime.date) -> Deadline:
    return Deadline(day, kind, what, who, ref, overdue=day < today)


def _term_deadlines(data: Mapping[str, Any], place: _Places, today: datetime.date
                    ) -> list[Deadline]:
    """The fixed term's end and the next notice deadline.

    Without a start date the agreement begins with its signature; its date (``date``) stands in
    for that day when a minimum term must be dated.
    """
    term = term_of(data)
    if term.start is None and term.minimum_months > 0:
        term = Term(data["date"], term.end, term.minimum_months, term.notice_months,
                    term.notice_to)
    ref = place.section("term")
    found = [_deadline(term.end, "term_end", "", (), ref, today=today)] if term.end else []
    notice = notice_deadline(term, today)
    if notice is not None:
        found.append(_deadline(notice.last_day, "notice", notice.end.isoformat(), (), ref,
                               today=today))
    return found


def _evaluation(data: Mapping[str, Any], place: _Places, today: datetime.date
                ) -> list[Deadline]:
    evaluation = data.get("evaluation") or {}
    if "first_due" not in evaluation:
        return []
    number, due = next_evaluation(evaluation["first_due"],
                                  evaluation.get("interval_months", 12), today)
    return [_deadline(due, "evaluation", str(number), (), place.section("evaluation"),
                      today=today)]


def _plan(data: Mapping[str, Any], place: _Places, today: datetime.date) -> list[Deadline]:
    """Milestones and goal deadlines (the goals annex, Anlage 2)."""
    ref = place.annex("goals")
    found = [_deadline(m["due"], "milestone", m["id"], _owner(m), ref, today=today)
             for m in data.get("milestones", [])]
    found += [_deadline(g["deadline"], "goal", g["id"], _owner(g), ref, today=today)
              for g in data.get("goals", []) if g.get("deadline")]
    return found


def _owner(item: Mapping[str, Any]) -> tuple[str, ...]:
    return (item["owner"],) if item.get("owner") else ()


def _contributions(data: Mapping[str, Any], place: _Places, today: datetime.date
                   ) -> list[Deadline]:
    """Contribution due dates: agreed in the contributions §, listed in the partners annex."""
    ref = place.section("contributions") or place.annex("partners")
    return [_deadline(c["due"], "contribution", f"{p['id']}.contributions[{i}]", (p["id"],),
                      ref, today=today)
            for p in data["partners"] for i, c in enumerate(p.get("contributions", []))
            if c.get("due")]
