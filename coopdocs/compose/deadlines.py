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
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coopdocs.fmt import Formatter
from coopdocs.model.evaluation import Round
from coopdocs.wording import Terms

KINDS = ("notice", "term_end", "evaluation", "milestone", "goal", "contribution", "measure",
         "effective", "activity")
# months per period that a notice can reach (term.notice_to)
PERIOD_MONTHS = {"month_end": 1, "quarter_end": 3, "year_end": 12}


@dataclass(frozen=True)
class Deadline:
    """One date to act on.

    ``what`` is the key the wording (``describe``) and a calendar's UID read, per kind: the id
    of the milestone, goal or measure; ``<partner id>.contributions[<index>]`` for a
    contribution; the ISO date of the end a notice reaches; the number of the Evaluationstermin
    (1 for the first); "" for the term end; ``exit:<partner>``, ``accession:<partner>`` or
    ``change:<measure id>`` for an effective date; ``<item>:<unit>[:<index>]`` for an activity
    module's date (``ACTIVITY_ITEMS``). It never holds the date, so a moved date keeps its key.
    ``who`` holds the partner ids it is for, empty for all partners. ``ref`` is the § ("§ 15",
    with a no-break space as in the agreement), annex label ("Anlage 2") or Nachtrag
    ("Nachtrag Nr. 2") where it is agreed, "" when the agreement does not have that unit.
    ``overdue``: the date is before ``today`` and it is not done. ``done``: a later evaluation
    round records it as done (or dropped, achieved, reached late). ``round``: the number of the
    round that agreed it (a measure, an effective change), else None. ``text``: words the
    cooperation data does not hold (a measure's text), "" otherwise.
    """

    date: datetime.date
    kind: str
    what: str
    who: tuple[str, ...]
    ref: str
    overdue: bool
    done: bool = False
    round: int | None = None
    text: str = ""


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
    OverflowError past the calendar's ends (years 1 to 9999), as date arithmetic has it.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise OverflowError("date value out of range")
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_end(day: datetime.date, notice_to: str) -> datetime.date:
    """The end of the calendar month, quarter or year ``day`` lies in."""
    step = PERIOD_MONTHS[notice_to]
    last_month = (day.month - 1) // step * step + step
    return month_end(day.year, last_month)


def period_ends(first: datetime.date, notice_to: str) -> Iterator[datetime.date]:
    """The ends of the periods from the one ``first`` lies in onwards, to the calendar's end."""
    end = period_end(first, notice_to)
    while True:
        yield end
        if end == datetime.date.max:
            return
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
    needed to end the agreement (or it has ended), and when no end is left before the
    calendar's end (9999).
    """
    first = max(today, earliest_end(term) or today)
    for end in period_ends(first, term.notice_to):
        if term.end is not None and end >= term.end:
            return None
        day = last_notice_day(end, term.notice_months)
        if day >= today:
            return Notice(day, end)
    return None


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


def evaluation_date(first_due: datetime.date | None, start: datetime.date,
                    interval_months: int, number: int) -> datetime.date:
    """The date of Evaluationstermin ``number`` (1 = the first).

    As the evaluation § states it: "erstmals am <first_due> und danach jeweils im Abstand von N
    Monaten", counted from ``first_due``; without one, "erstmals zum Ablauf von N Monaten nach
    Beginn": date n is the last day of n × N months from ``start``.
    """
    if first_due is None:
        return months_after_start(start, number * interval_months)
    return add_months(first_due, (number - 1) * interval_months)


# --- the deadlines of a cooperation -------------------------------------------------------------

def cooperation_deadlines(data: Mapping[str, Any], outline_numbers: Mapping[str, str],
                          today: datetime.date, *,
                          annex_labels: Mapping[str, str] | None = None,
                          rounds: Sequence[Round] = ()) -> list[Deadline]:
    """Every deadline of a normalized cooperation, by date (overdue ones come first).

    ``data`` is the cooperation as amended by ``rounds`` (``Case.states[-1].data``: partners who
    left are gone, those who joined are in); ``rounds`` are its validated evaluation rounds
    (``build_round``), in any order. ``outline_numbers`` and ``annex_labels`` are the composed
    agreement's ``Outline.numbers`` and ``Outline.annexes``; they give each deadline its place.
    Term end, notice, the next evaluation (after the last round), milestones and goal deadlines
    (done where a round says so), contribution due dates, the measures of the rounds with their
    state, effective dates of exits, accessions and changes, and the activity modules' dates.
    """
    place = _Places(outline_numbers, annex_labels or {})
    held = sorted(rounds, key=lambda r: r.number)
    reviewed = held[-1].end if held else None
    parts: list[Callable[[], list[Deadline]]] = [
        lambda: _term_deadlines(data, place, today),
        lambda: _evaluation(data, place, today, held),
        lambda: _plan(data, place, today, held),
        lambda: _contributions(data, place, today, reviewed),
        lambda: _measures(data, place, today, held),
        lambda: _activities(data, place, today, reviewed)]
    return sorted((d for part in parts for d in _within_calendar(part)), key=sort_key)


def _within_calendar(part: Callable[[], list[Deadline]]) -> list[Deadline]:
    """The deadlines of ``part``; none where one would lie after 31 December 9999.

    Input dates may reach the calendar's end (a round in 9999 is valid input); a date the
    calendar cannot name is no deadline, and no reason to fail the report that lists them.
    """
    try:
        return part()
    except OverflowError:
        return []


def sort_key(deadline: Deadline) -> tuple[datetime.date, int, str]:
    """By date, then kind (``KINDS``), then key: the order of every list of deadlines."""
    return deadline.date, KINDS.index(deadline.kind), deadline.what


@dataclass(frozen=True)
class _Places:
    numbers: Mapping[str, str]
    annexes: Mapping[str, str]

    def section(self, module: str) -> str:
        return f"§\u00a0{self.numbers[module]}" if module in self.numbers else ""

    def annex(self, key: str) -> str:
        return self.annexes.get(key, "")


def _deadline(day: datetime.date, kind: str, what: str, who: tuple[str, ...], ref: str, *,
              today: datetime.date, done: bool = False, round_: int | None = None,
              text: str = "") -> Deadline:
    return Deadline(day, kind, what, who, ref, overdue=day < today and not done, done=done,
                    round=round_, text=text)


def _term_deadlines(data: Mapping[str, Any], place: _Places, today: datetime.date
                    ) -> list[Deadline]:
    """The fixed term's end and the next notice deadline.

    Without a start date the agreement begins with its signature; its date (``date``) stands in
    for that day when a minimum term must be dated. The end of a fixed term is a fact, not a
    task: once past it is done (the agreement has ended), never overdue.
    """
    term = term_of(data)
    if term.start is None and term.minimum_months > 0:
        term = Term(data["date"], term.end, term.minimum_months, term.notice_months,
                    term.notice_to)
    ref = place.section("term")
    found = [Deadline(term.end, "term_end", "", (), ref, overdue=False,
                      done=term.end < today)] if term.end else []
    notice = notice_deadline(term, today)
    if notice is not None:
        found.append(_deadline(notice.last_day, "notice", notice.end.isoformat(), (), ref,
                               today=today))
    return found


def _evaluation(data: Mapping[str, Any], place: _Places, today: datetime.date,
                rounds: Sequence[Round]) -> list[Deadline]:
    """The next Evaluationstermin.

    The evaluation § fixes the dates from the first one on ("erstmals am …, danach jeweils im
    Abstand von N Monaten"), so a round moves the schedule on without shifting it: after round
    n the next is date n + 1, overdue once it passed without a round; a round held after that
    date as well stood in for it, so the next is then the first date after the round.
    Without rounds nothing says which dates were held: the next is the first not before today.
    """
    evaluation = data.get("evaluation") or {}
    interval = evaluation.get("interval_months", 12)
    first = evaluation.get("first_due")
    start = term_of(data).start or data["date"]
    if rounds:
        number = rounds[-1].number + 1
        while evaluation_date(first, start, interval, number) <= rounds[-1].date:
            number += 1
    else:
        number = 1
        while evaluation_date(first, start, interval, number) < today:
            number += 1
    due = evaluation_date(first, start, interval, number)
    return [_deadline(due, "evaluation", str(number), (), place.section("evaluation"),
                      today=today)]


# Statuses of a later round that close a milestone, goal or measure.
_CLOSED = {"done", "dropped", "achieved"}


def _plan(data: Mapping[str, Any], place: _Places, today: datetime.date,
          rounds: Sequence[Round]) -> list[Deadline]:
    """Milestones and goal deadlines (the goals annex), done as the rounds say.

    The last round recording one decides: a milestone done, dropped or reached late (a date
    given), a goal achieved.
    """
    reached: dict[str, bool] = {}
    achieved: dict[str, bool] = {}
    for r in rounds:
        for key, (status, day) in r.milestones.items():
            reached[key] = status in _CLOSED or (status == "late" and day is not None)
        for key, status in r.goals.items():
            achieved[key] = status in _CLOSED
    ref = place.annex("goals")
    found = [_deadline(m["due"], "milestone", m["id"], _owner(m), ref, today=today,
                       done=reached.get(m["id"], False))
             for m in data.get("milestones", [])]
    found += [_deadline(g["deadline"], "goal", g["id"], _owner(g), ref, today=today,
                        done=achieved.get(g["id"], False))
              for g in data.get("goals", []) if g.get("deadline")]
    return found


def _owner(item: Mapping[str, Any]) -> tuple[str, ...]:
    return (item["owner"],) if item.get("owner") else ()


def _contributions(data: Mapping[str, Any], place: _Places, today: datetime.date,
                   reviewed: datetime.date | None) -> list[Deadline]:
    """Contribution due dates: agreed in the contributions §, listed in the partners annex.

    A round has no field for contributions: it reviews its period as a whole, and one that was
    not made becomes a measure. So a contribution due by the end of the last round's period
    (``reviewed``) counts as done; a later one is open.
    """
    ref = place.section("contributions") or place.annex("partners")
    return [_deadline(c["due"], "contribution", f"{p['id']}.contributions[{i}]", (p["id"],),
                      ref, today=today, done=reviewed is not None and c["due"] <= reviewed)
            for p in data["partners"] for i, c in enumerate(p.get("contributions", []))
            if c.get("due")]


ADDENDUM = {"de": "Nachtrag Nr.\u00a0{number}", "en": "Addendum No.\u00a0{number}"}


def _measures(data: Mapping[str, Any], place: _Places, today: datetime.date,
              rounds: Sequence[Round]) -> list[Deadline]:
    """The rounds' measures with a due date, and the dates their changes take effect.

    A measure's state is what the last later round says of it (``earlier_measures``): done or
    dropped closes it; open or in progress past its date is overdue. Its place is the
    evaluation § that has the partners agree measures. A change with a date takes effect
    under its Nachtrag (numbered as the round): a partner leaving or joining, or another change.
    """
    state: dict[str, str] = {}
    for r in rounds:
        state.update(r.earlier_measures)
    section = place.section("evaluation")
    addendum = ADDENDUM.get(data.get("language", "de"), ADDENDUM["de"])
    found = []
    for r in rounds:
        for m in r.measures:
            done = state.get(m.id) in _CLOSED
            text = m.text or ""
            if m.due is not None:
                found.append(_deadline(m.due, "measure", m.id, (m.owner,) if m.owner else (),
                                       section, today=today, done=done, round_=r.number,
                                       text=text))
            if m.effective is None:
                continue
            who: tuple[str, ...]
            if m.exit is not None:
                what, who = f"exit:{m.exit.partner}", (m.exit.partner,)
            elif m.accession is not None:
                what, who = f"accession:{m.accession.partner}", (m.accession.partner,)
            else:
                what, who = f"change:{m.id}", ()
            # the date a change takes effect is a fact, not a task: never overdue, done once past
            found.append(Deadline(m.effective, "effective", what, who,
                                  addendum.format(number=r.number), overdue=False,
                                  done=m.effective < today, round=r.number, text=text))
    return found


# --- the activity modules' own dates ------------------------------------------------------------

# Items of kind "activity" (``Deadline.what`` = "<item>:<unit>[:<index>]").
ACTIVITY_ITEMS = ("rebate_payout", "profit_statement", "budget_statement", "marketing_plan",
                  "work_package", "project_milestone", "exploitation_plan", "landlord_consent")
# Months of a settlement period, by its name in the schema.
SETTLEMENT_MONTHS = {"annual": 12, "yearly": 12, "half_yearly": 6, "quarterly": 3}


def _activities(data: Mapping[str, Any], place: _Places, today: datetime.date,
                reviewed: datetime.date | None) -> list[Deadline]:
    """Dates the activity modules (and the profit-sharing pool) agree, where the input dates them.

    The next one of a periodic duty, every one of a dated plan (done when a round reviewed its
    date, as for contributions).
    """
    term = term_of(data)
    start = term.start or data["date"]
    found: list[Deadline] = []
    for activity in data.get("activities", []):
        unit = f"op_{activity['type']}.{activity['id']}"
        ref = place.section(unit)
        lead = (activity["lead"],) if activity.get("lead") else ()
        key = activity["id"]
        rebates = activity.get("rebates") or {}
        if activity["type"] == "joint_purchasing" and rebates.get("payout_months") \
                and rebates.get("settlement") in SETTLEMENT_MONTHS:
            day = _next_periodic(start, term.end, today, SETTLEMENT_MONTHS[rebates["settlement"]],
                                 rebates["payout_months"])
            if day is not None:
                found.append(_deadline(day, "activity", f"rebate_payout:{key}", lead, ref,
                                       today=today))
        budget = activity.get("budget") or {}
        if activity["type"] == "joint_marketing" and budget.get("statement_months"):
            day = _next_periodic(start, term.end, today, 12, budget["statement_months"])
            if day is not None:
                found.append(_deadline(day, "activity", f"budget_statement:{key}", lead, ref,
                                       today=today))
        if activity["type"] == "joint_marketing" and budget.get("plan_proposal_weeks"):
            day = _next_plan_proposal(today, budget["plan_proposal_weeks"], term.end)
            if day is not None:
                found.append(_deadline(day, "activity", f"marketing_plan:{key}", lead, ref,
                                       today=today))
        found += _dated_plan(activity, key, ref, lead, today=today, reviewed=reviewed)
    sharing = (data.get("clauses") or {}).get("profit_sharing") or {}
    if sharing.get("model") == "pool" and sharing.get("statement_months"):
        day = _next_periodic(start, term.end, today, 12, sharing["statement_months"])
        if day is not None:
            found.append(_deadline(day, "activity", "profit_statement:profit_sharing", (),
                                   place.section("profit_sharing"), today=today))
    return found


def _dated_plan(activity: Mapping[str, Any], key: str, ref: str, lead: tuple[str, ...],
                *, today: datetime.date, reviewed: datetime.date | None) -> list[Deadline]:
    """The dates an activity's plan states.

    Work packages, project milestones, the exploitation plan (joint development), a landlord's
    consent still pending (shared resources). A round has no field for these either: one due
    within a reviewed period counts as done, as a contribution does (a missed one becomes a
    measure of that round).
    """
    def dated(day: datetime.date, what: str, who: tuple[str, ...]) -> Deadline:
        return _deadline(day, "activity", what, who, ref, today=today,
                         done=reviewed is not None and day <= reviewed)

    found = [dated(wp["end"], f"work_package:{key}:{i}", (wp["by"],))
             for i, wp in enumerate(activity.get("work_packages") or []) if wp.get("end")]
    if activity["type"] == "joint_development":
        found += [dated(m["due"], f"project_milestone:{key}:{i}",
                        (m["by"],) if m.get("by") else lead)
                  for i, m in enumerate(activity.get("milestones") or []) if m.get("due")]
    if activity.get("exploitation_plan_due"):
        found.append(dated(activity["exploitation_plan_due"], f"exploitation_plan:{key}", ()))
    found += [dated(r["consent_deadline"], f"landlord_consent:{key}:{i}", (r["holder"],))
              for i, r in enumerate(activity.get("resources") or [])
              if r.get("consent_deadline") and r.get("landlord_consent", "pending") == "pending"]
    return found


def _next_periodic(start: datetime.date, end: datetime.date | None, today: datetime.date,
                   period: int, months_after: int) -> datetime.date | None:
    """The next day a periodic statement is due on, not before today.

    ``months_after`` months after the end of a calendar period of ``period`` months (year, half
    year, quarter), from the period the start lies in; None after the period a fixed term ends in.
    """
    last = _calendar_period_end(end, period) if end is not None else None
    day = _calendar_period_end(start, period)
    while last is None or day <= last:
        later = add_months(day.replace(day=1), months_after)
        due = month_end(later.year, later.month)
        if due >= today:
            return due
        day = _calendar_period_end(day + datetime.timedelta(days=1), period)
    return None


def _calendar_period_end(day: datetime.date, period: int) -> datetime.date:
    """The end of the calendar year, half year or quarter (``period`` months) ``day`` is in."""
    last_month = (day.month - 1) // period * period + period
    return month_end(day.year, last_month)


def _next_plan_proposal(today: datetime.date, weeks: int, end: datetime.date | None
                        ) -> datetime.date | None:
    """The day the lead proposes the next calendar year's marketing plan.

    ``weeks`` weeks before 1 January; None when a fixed term ends before that year begins.
    """
    year = today.year + 1
    while True:
        due = datetime.date(year, 1, 1) - datetime.timedelta(weeks=weeks)
        if end is not None and datetime.date(year, 1, 1) > end:
            return None
        if due >= today:
            return due
        year += 1


# --- the wording: what a deadline is and what to do ---------------------------------------------

@dataclass(frozen=True)
class Described:
    """A deadline in words, in the language of the words table (templates/deadlines.yaml).

    ``title`` says what it is (with its § or annex), ``action`` what to do; ``label`` is the
    title without the § and the done mark, for a table that shows them in columns of their own.
    """

    title: str
    action: str
    label: str = ""


def describe(deadline: Deadline, data: Mapping[str, Any], words: Terms) -> Described:
    """``deadline`` of the cooperation ``data`` in ``words`` (``load_terms`` of deadlines.yaml).

    Partners are named by their short names (a partner no longer in ``data``, one that left,
    by its id); dates in the long form of the words' language.
    """
    fmt = Formatter(words.language)
    key = _wording_key(deadline)
    values = _values(deadline, data, fmt, words)
    label = _one_line(str(words.words["titles"][key]).format(**values))
    title = words.text("placed", title=label, ref=deadline.ref) if deadline.ref else label
    if deadline.done:
        title = words.text("done", title=title)
    action = _one_line(str(words.words["actions"][key]).format(**values))
    return Described(title, action, label)


_BREAKS = re.compile(r"[ \t\r\n]+")


def _one_line(text: str) -> str:
    """``text`` on one line, runs of spaces and line breaks made one space.

    Only ASCII white space: a no-break space ("Nr.\u00a03", "§\u00a019") is kept, so a table
    or a page never breaks between the number and its mark.
    """
    return _BREAKS.sub(" ", text).strip()


def with_former_partners(data: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]]
                         ) -> dict[str, Any]:
    """``data`` with the partners of ``earlier`` states that left appended.

    So ``describe`` names a partner whose exit is a deadline by its short name (naming only).
    """
    known = {p["id"] for p in data.get("partners", [])}
    former: list[Any] = []
    for state in earlier:
        for partner in state.get("partners", []):
            if partner["id"] not in known:
                known.add(partner["id"])
                former.append(partner)
    return {**data, "partners": [*data.get("partners", []), *former]}


def category(deadline: Deadline, words: Terms) -> str:
    """The name of the deadline's kind, for a calendar's CATEGORIES ("Kündigungsfrist")."""
    return words.label("categories", deadline.kind)


def _wording_key(deadline: Deadline) -> str:
    """The key of the title and action: the kind, or the sort of effective date or activity."""
    if deadline.kind in ("effective", "activity"):
        return deadline.what.split(":", 1)[0]
    return deadline.kind


def short_names(data: Mapping[str, Any], ids: Sequence[str], words: Terms) -> str:
    """The partners' short names joined ("Brüning und Wessels"); all partners for none."""
    if not ids:
        return words.text("all_partners")
    names = {p["id"]: p.get("short_name") or p["name"] for p in data.get("partners", [])}
    return words.join([names.get(i, i) for i in ids])


def _values(deadline: Deadline, data: Mapping[str, Any], fmt: Formatter, words: Terms
            ) -> dict[str, str]:
    """The placeholders of the deadline's title and action (unused ones do no harm)."""
    who = short_names(data, deadline.who, words)
    values = {"date": fmt.date(deadline.date), "who": who, "partner": who,
              "text": deadline.text.strip(), "round": str(deadline.round or ""),
              "number": deadline.what, "id": deadline.what, "description": "", "end": "",
              "activity": "", "name": "", "year": str(deadline.date.year),
              "measure": deadline.what.partition(":")[2], "recipients": ""}
    kind = deadline.kind
    if kind == "measure" and not values["text"]:
        # a measure without text is one that only changes the agreement (schemas/evaluation.yaml)
        values["text"] = words.text("untold", number=values["round"])
    if kind == "notice":
        values["end"] = fmt.date(datetime.date.fromisoformat(deadline.what))
        # the term § has a notice sent to the other partner, or to all others among more than
        # two ("Für die Wahrung der Kündigungsfrist kommt es auf den Zugang bei dem Partner an,
        # dem sie als letztem zugeht")
        several = len(data.get("partners", [])) > 2
        values["recipients"] = words.label("recipients", "more" if several else "two")
    elif kind in ("milestone", "goal"):
        items = data.get("milestones" if kind == "milestone" else "goals", [])
        item: Mapping[str, Any] = next((i for i in items if i["id"] == deadline.what), {})
        values["description"] = str(item.get("description", "")).strip()
    elif kind == "contribution":
        partner_id, index = deadline.what.removesuffix("]").split(".contributions[")
        partner: Mapping[str, Any] = next(
            (p for p in data["partners"] if p["id"] == partner_id), {})
        contributions = partner.get("contributions", [])
        item = contributions[int(index)] if int(index) < len(contributions) else {}
        values["description"] = str(item.get("description") or item.get("type", "")).strip()
    elif kind == "activity":
        values.update(_activity_values(deadline, data))
    return values


def _activity_values(deadline: Deadline, data: Mapping[str, Any]) -> dict[str, str]:
    """{activity} (its description, else id), {name} (of the item) and {year} (the period)."""
    item, _, rest = deadline.what.partition(":")
    key, _, index = rest.partition(":")
    activity: Mapping[str, Any] = next(
        (a for a in data.get("activities", []) if a.get("id") == key), {})
    values = {"activity": str(activity.get("description") or key).strip()}
    lists = {"work_package": "work_packages", "project_milestone": "milestones",
             "landlord_consent": "resources"}
    if item in lists and index:
        entries = activity.get(lists[item]) or []
        entry = entries[int(index)] if int(index) < len(entries) else {}
        values["name"] = str(entry.get("name") or entry.get("id") or "").strip()
    if item in ("profit_statement", "budget_statement", "rebate_payout"):
        values["year"] = str(deadline.date.year - 1 if deadline.date.month <= 12 else
                             deadline.date.year)
    elif item == "marketing_plan":
        values["year"] = str(deadline.date.year + 1)
    return values
