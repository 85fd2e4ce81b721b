"""The network report: an overview of all cooperations of a network, from their summaries.

A batch job summarises its cooperation as plain data (``summarize``); the summaries of built and
unchanged cooperations (kept in the manifest) are composed here into a report-shaped document:
overview, who cooperates with whom, partners in several cooperations, the last evaluation's
scores and the KPI statuses across the network, with charts, then the deadlines of the next
twelve months (and the overdue ones). It renders with the report template.

Deadlines depend on the day the report is made (what is overdue, which notice deadline is the
next), but a summary is kept in the manifest and reused on later days while its inputs stay the
same. So a summary holds the cooperation's deadline *schedule* (``deadline_schedule``): every
deadline together with the days on which it applies, computed from the inputs alone up to ten
years ahead; the report picks what applies on its reference day (``due_on``). The report and
the calendar of a batch read the same schedule, and the schedule is what
``compose.deadlines.cooperation_deadlines`` says on each of those days.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coopdocs.compose import charts
from coopdocs.compose.deadlines import Deadline, add_months
from coopdocs.fmt import LANGUAGE_TAGS, Formatter
from coopdocs.model.cooperation import Cooperation
from coopdocs.model.document import (
    Block,
    Bullets,
    Figure,
    Grid,
    Heading,
    Properties,
    ReportDocument,
    Text,
)
from coopdocs.model.evaluation import Round, kpi_status, light, overall_score
from coopdocs.wording import Terms

STATUSES = ("on_target", "in_band", "outside", "not_measured")
# Up to this many cooperations the report shows a column each in the partner matrix and a bar
# each in the charts; a larger network gets a partner list and the distribution instead, since
# a page holds no more columns and a chart no more bars that one could still read.
MATRIX_COLUMNS = 8
CHART_BARS = 20
# Status colours (not partner colours): green, amber, red, grey, dark enough to print.
STATUS_COLOURS = {"on_target": "#3A8A3A", "in_band": "#E6A400", "outside": "#C0392B",
                  "not_measured": "#9A9A9A"}
# A summary's deadline schedule reaches this many years past the latest date of its inputs (the
# agreement, the last round). Beyond it only the periodic deadlines (notice, evaluation) would be
# missing, and a cooperation gets a new round, and so a new schedule, long before.
SCHEDULE_YEARS = 10
# The deadlines section shows what falls due within this many months of the reference day.
WINDOW_MONTHS = 12
LAST = datetime.date.max


@dataclass(frozen=True)
class Scheduled:
    """A deadline and the days it applies on: from ``since`` to the day before ``until``.

    None for ``since``: from the start of the schedule; for ``until``: without end. A notice
    deadline applies until its last day has passed, then the next one does; a milestone applies
    throughout (once past it is overdue, until a round records it done).
    """

    deadline: Deadline
    since: datetime.date | None
    until: datetime.date | None


@dataclass(frozen=True)
class Due:
    """A deadline that applies on the report's reference day, with its cooperation and words."""

    deadline: Deadline
    coop_id: str
    coop_title: str
    label: str  # what it is (``Described.label``: without its place and done mark)
    action: str
    who: tuple[str, ...]  # the partners' short names; empty: all partners

    def title(self, words: Terms) -> str:
        """What it is with its § or annex, as ``describe`` says it (words: deadlines.yaml)."""
        ref = self.deadline.ref
        return words.text("placed", title=self.label, ref=ref) if ref else self.label


def deadline_schedule(deadlines_on: Callable[[datetime.date], Sequence[Deadline]],
                      start: datetime.date, until: datetime.date) -> list[Scheduled]:
    """Every deadline ``deadlines_on`` gives for a day from ``start`` to ``until``, with its days.

    What it gives changes only on the day after one of its deadlines (the deadline has passed:
    it is overdue now, or the next notice deadline or evaluation takes its place), so it is
    asked on ``start`` and on each such day, not on every day; and once more after ``until``,
    to end what ends there (what begins there is left out: the schedule stops at ``until``).
    A day whose deadlines lie past the last date there is (9999-12-31) ends it as well.
    """
    found: list[Scheduled] = []
    current: dict[Deadline, datetime.date | None] = {}  # applying now: since when
    day: datetime.date | None = start
    while day is not None:
        try:
            given = [d for d in deadlines_on(day) if not d.done]
        except (OverflowError, ValueError):
            if day == start:
                raise
            break  # what would apply next lies past 9999: nothing to schedule there
        keys = {dataclasses.replace(d, overdue=False): d for d in given}
        for key in [k for k in current if k not in keys]:
            found.append(Scheduled(key, current.pop(key), day))
        if day > until:
            break
        for key in keys:
            current.setdefault(key, None if day == start else day)
        later = [d.date for d in given if d.date >= day]
        day = min(later) + datetime.timedelta(days=1) if later and min(later) < LAST else None
    found += [Scheduled(key, since, None) for key, since in current.items()]
    return sorted(found, key=lambda s: (s.deadline.date, s.deadline.kind, s.deadline.what,
                                        s.since or start))


def schedule_data(schedule: Sequence[Scheduled], until: datetime.date,
                  words: Callable[[Deadline], tuple[str, str]],
                  names: Mapping[str, str]) -> dict[str, Any]:
    """A schedule as JSON-ready data for the summary, each deadline with its title and action.

    ``words`` gives (label, action) in the network's language (``Due``), ``names`` the short
    name of each partner a deadline is for (also of one that has left).
    """
    items = []
    for entry in schedule:
        d = entry.deadline
        label, action = words(d)
        items.append({"date": d.date.isoformat(), "kind": d.kind, "what": d.what,
                      "who": list(d.who), "ref": d.ref, "round": d.round, "text": d.text,
                      "label": label, "action": action,
                      "since": entry.since.isoformat() if entry.since else None,
                      "until": entry.until.isoformat() if entry.until else None})
    who = sorted({p for entry in schedule for p in entry.deadline.who})
    return {"until": until.isoformat(), "names": {p: names.get(p, p) for p in who},
            "items": items}


def due_on(summaries: Sequence[Mapping[str, Any]], today: datetime.date) -> list[Due]:
    """The deadlines of all cooperations that apply on ``today``: overdue ones first, by date."""
    found = []
    for summary in summaries:
        schedule = summary.get("deadlines") or {}
        names = schedule.get("names", {})
        for item in schedule.get("items", []):
            since, until = item["since"], item["until"]
            if (since and today < datetime.date.fromisoformat(since)) or (
                    until and today >= datetime.date.fromisoformat(until)):
                continue
            day = datetime.date.fromisoformat(item["date"])
            deadline = Deadline(day, item["kind"], item["what"], tuple(item["who"]),
                                item["ref"], overdue=day < today, round=item["round"],
                                text=item["text"])
            found.append(Due(deadline, summary["id"], summary["title"], item["label"],
                             item["action"],
                             tuple(names.get(p, p) for p in item["who"])))
    return sorted(found, key=lambda d: (not d.deadline.overdue, d.deadline.date, d.coop_title,
                                        d.coop_id, d.deadline.kind, d.deadline.what))


def summarize(coop: Cooperation, rounds: Sequence[Round],
              deadlines: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the network report needs of one cooperation, as JSON-ready data.

    ``deadlines`` is its deadline schedule (``schedule_data``).
    """
    last = rounds[-1] if rounds else None
    statuses = {s: 0 for s in STATUSES}
    for kpi in coop.kpis:
        status = kpi_status(kpi, last.kpis.get(kpi.id) if last else None)
        statuses["on_target" if status == "better" else "outside" if status == "missed"
                 else status] += 1
    done = {m for r in rounds for m, state in r.earlier_measures.items() if state in
            ("done", "dropped")}
    measures = [m.id for r in rounds for m in r.measures]
    score = overall_score(last) if last else None
    term = coop.data.get("term", {})
    return {
        "id": coop.id, "title": coop.title, "kind": coop.data.get("kind", ""),
        "partners": [[p.id, p.name] for p in coop.partners],
        "start": str(term.get("start") or coop.date), "end": str(term.get("end") or ""),
        "rounds": len(rounds),
        "last": None if last is None else {
            "number": last.number, "date": str(last.date), "score": score,
            "scale": list(last.scale), "light": light(score, last.scale)},
        "open_measures": len([m for m in measures if m not in done]),
        "kpis": statuses,
        "deadlines": dict(deadlines or {}),
    }


def compose_network_report(name: str, coordinator: str, summaries: Sequence[Mapping[str, Any]],
                           failed: Sequence[str], words: Terms, *,
                           today: datetime.date | None = None) -> ReportDocument:
    """The Netzwerkbericht for the cooperations summarised (and the ones that failed).

    ``today`` is the reference day of its deadlines; without one, the latest date of the
    summaries (the cover's "Stand").
    """
    fmt = Formatter(words.language)
    blocks: list[Block] = []
    dates = [datetime.date.fromisoformat(s["last"]["date"] if s["last"] else s["start"])
             for s in summaries] or [datetime.date(2000, 1, 1)]
    partners = _partners(summaries)
    blocks += _overview(summaries, failed, words, fmt)
    blocks += _matrix(summaries, partners, words)
    blocks += _scores(summaries, words, fmt)
    blocks += _kpis(summaries, words)
    blocks += _deadlines(due_on(summaries, today or max(dates)), today or max(dates), words, fmt)
    title = words.text("network_title", name=name)
    return ReportDocument(
        heading=words.text("network_report"), title=title, subtitle=coordinator,
        cover=((words.label("network_cover", "cooperations"), str(len(summaries))),
               (words.label("network_cover", "partners"), str(len(partners))),
               (words.label("network_cover", "as_of"), fmt.date(max(dates)))),
        header_note=title, blocks=tuple(blocks), footer=title,
        page_word=words.text("page"), of_word=words.text("of"),
        properties=Properties(title=title, category=words.text("network_report"),
                              subject=title, author=coordinator,
                              keywords=f"{words.text('network_report')}; {name}",
                              language=LANGUAGE_TAGS[words.language],
                              created=max(dates)))


def _partners(summaries: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    partners: dict[str, str] = {}
    for summary in summaries:
        for partner_id, partner_name in summary["partners"]:
            partners.setdefault(partner_id, partner_name)
    return dict(sorted(partners.items(), key=lambda item: item[1].lower()))


def _overview(summaries: Sequence[Mapping[str, Any]], failed: Sequence[str], words: Terms,
              fmt: Formatter) -> list[Block]:
    rows = []
    for s in summaries:
        last = s["last"]
        score = (f"{fmt.score(last['score'])} ({words.label('lights', last['light'])})"
                 if last and last["score"] is not None else words.label("lights", "none"))
        term = fmt.short_date(datetime.date.fromisoformat(s["start"]))
        if s["end"]:
            term += f" – {fmt.short_date(datetime.date.fromisoformat(s['end']))}"
        rows.append([s["title"], words.label("kinds", s["kind"]) if s["kind"] else "–",
                     str(len(s["partners"])), term,
                     fmt.short_date(datetime.date.fromisoformat(last["date"])) if last else "–",
                     score, str(s["open_measures"])])
    blocks: list[Block] = [Heading(words.label("headings", "network_overview")),
                           Grid(words.text("network_caption_overview"),
                                tuple(words.table("network_overview")),
                                tuple(tuple(r) for r in rows))]
    if failed:
        blocks += [Text(words.text("network_failed"), "Vermerk"), Bullets(tuple(failed))]
    return blocks


def _matrix(summaries: Sequence[Mapping[str, Any]], partners: Mapping[str, str],
            words: Terms) -> list[Block]:
    """Partners × cooperations, and the partners in several cooperations.

    A large network gets a table of each partner's cooperations instead, the partners in the
    most cooperations first, which also shows who is in several.
    """
    members = [{p for p, _ in s["partners"]} for s in summaries]
    taking_part = {pid: [s for s, m in zip(summaries, members, strict=True) if pid in m]
                   for pid in partners}
    several = [f"{name}: {words.join([s['title'] for s in taking_part[pid]])}"
               for pid, name in partners.items() if len(taking_part[pid]) > 1]
    as_matrix = len(summaries) <= MATRIX_COLUMNS
    if as_matrix:
        intro = words.text("network_matrix_intro")
        header = (words.label("network_matrix", "partner"), *(s["id"] for s in summaries))
        rows = tuple((name, *("●" if pid in m else "" for m in members))
                     for pid, name in partners.items())
    else:
        intro = words.text("network_partners_intro")
        header = words.table("network_partner_table")
        order = sorted(partners, key=lambda pid: -len(taking_part[pid]))  # stable: by name
        rows = tuple((partners[pid], str(len(taking_part[pid])),
                      ", ".join(s["id"] for s in taking_part[pid])) for pid in order)
    blocks: list[Block] = [Heading(words.label("headings", "network_matrix")), Text(intro),
                           Grid(words.text("network_caption_matrix"), header, rows)]
    if not several:
        return [*blocks, Text(words.text("network_several_none"), "Vermerk")]
    if as_matrix:  # the partner table shows them by itself
        blocks += [Text(words.text("network_several")), Bullets(tuple(several))]
    return blocks


def _scores(summaries: Sequence[Mapping[str, Any]], words: Terms, fmt: Formatter) -> list[Block]:
    rated = [s for s in summaries if s["last"] and s["last"]["score"] is not None]
    blocks: list[Block] = [Heading(words.label("headings", "network_scores"))]
    if not rated:
        return [*blocks, Text(words.text("network_scores_none"), "Vermerk")]
    if len(rated) > CHART_BARS:
        return [*blocks, *_score_distribution(rated, words)]
    scales = {tuple(s["last"]["scale"]) for s in rated}
    scale = (min(lo for lo, _ in scales), max(hi for _, hi in scales))
    series = [charts.Series(words.text("network_score_series"),
                            tuple(s["last"]["score"] for s in rated), charts.partner_colour(0))]
    png = charts.grouped_bars([s["title"] for s in rated], series, scale,
                              axis_label=words.label("figures", "axis_score"))
    alt = words.text("network_scores_alt", values="; ".join(
        f"{s['title']}: {fmt.score(s['last']['score'])}" for s in rated))
    return [*blocks, Text(words.text("network_scores_intro")),
            Figure(png, alt, words.text("network_caption_scores"))]


def _score_distribution(rated: Sequence[Mapping[str, Any]], words: Terms) -> list[Block]:
    """How many cooperations lie in each traffic-light range (their scales may differ)."""
    lights = ("green", "amber", "red")
    counts = {light: sum(1 for s in rated if s["last"]["light"] == light) for light in lights}
    colours = {"green": STATUS_COLOURS["on_target"], "amber": STATUS_COLOURS["in_band"],
               "red": STATUS_COLOURS["outside"]}
    return [Text(words.text("network_distribution_intro")),
            _totals_chart(words, {words.label("lights", k): (v, colours[k])
                                  for k, v in counts.items()},
                          axis=words.text("network_distribution_axis"),
                          alt="network_distribution_alt",
                          caption="network_caption_distribution")]


def _totals_chart(words: Terms, totals: Mapping[str, tuple[int, str]], *, axis: str, alt: str,
                  caption: str) -> Figure:
    """One group of bars for the whole network: a bar per label with its count and colour."""
    series = [charts.Series(label, (float(count),), colour)
              for label, (count, colour) in totals.items()]
    top = max(1, *(count for count, _ in totals.values()))
    png = charts.grouped_bars([words.text("network_all")], series, (0, top), axis_label=axis)
    values = "; ".join(f"{label}: {count}" for label, (count, _) in totals.items())
    return Figure(png, words.text(alt, values=values), words.text(caption))


def _kpis(summaries: Sequence[Mapping[str, Any]], words: Terms) -> list[Block]:
    with_kpis = [s for s in summaries if sum(s["kpis"].values())]
    blocks: list[Block] = [Heading(words.label("headings", "network_kpis"))]
    if not with_kpis:
        return [*blocks, Text(words.text("network_kpis_none"), "Vermerk")]
    header = (words.label("network_matrix", "cooperation"),
              *(words.label("kpi_status", s) for s in STATUSES))
    rows = tuple((s["title"], *(str(s["kpis"][k]) for k in STATUSES)) for s in with_kpis)
    tones = tuple(("", "", "", "red" if s["kpis"]["outside"] else "", "") for s in with_kpis)
    grid = Grid(words.text("network_caption_kpis"), header, rows, tones)
    if not any(s["kpis"][k] for s in with_kpis for k in STATUSES if k != "not_measured"):
        # before the first evaluation: a chart of nothing but "not measured" would say nothing
        unmeasured = sum(s["kpis"]["not_measured"] for s in with_kpis)
        return [*blocks, grid, Text(words.text("network_kpis_unmeasured", count=str(unmeasured)),
                                    "Vermerk")]
    if len(with_kpis) > CHART_BARS:
        totals = {words.label("kpi_status", k): (sum(s["kpis"][k] for s in with_kpis),
                                                 STATUS_COLOURS[k]) for k in STATUSES}
        return [*blocks, grid, _totals_chart(words, totals,
                                             axis=words.text("network_kpi_axis"),
                                             alt="network_kpis_total_alt",
                                             caption="network_caption_kpi_total")]
    top = max(max(s["kpis"].values()) for s in with_kpis)
    series = [charts.Series(words.label("kpi_status", k), tuple(float(s["kpis"][k])
                                                                  for s in with_kpis),
                            STATUS_COLOURS[k]) for k in STATUSES]
    png = charts.grouped_bars([s["title"] for s in with_kpis], series, (0, max(top, 1)),
                              axis_label=words.text("network_kpi_axis"))
    alt = words.text("network_kpis_alt", values="; ".join(
        f"{s['title']}: " + ", ".join(f"{words.label('kpi_status', k)} {s['kpis'][k]}"
                                      for k in STATUSES) for s in with_kpis))
    return [*blocks, grid, Figure(png, alt, words.text("network_caption_kpi_chart"))]


def _deadlines(due: Sequence[Due], today: datetime.date, words: Terms, fmt: Formatter
               ) -> list[Block]:
    """The deadlines up to twelve months after ``today``; the overdue ones first, on their own.

    An empty window is one sentence, not an empty table.
    """
    end = add_months(today, WINDOW_MONTHS) if today.year < LAST.year else LAST
    overdue = [d for d in due if d.deadline.overdue]
    coming = [d for d in due if not d.deadline.overdue and d.deadline.date <= end]
    blocks: list[Block] = [Heading(words.label("headings", "network_deadlines"))]
    stand = {"date": fmt.date(today), "end": fmt.date(end)}
    if not overdue and not coming:
        return [*blocks, Text(words.text("network_deadlines_none", **stand), "Vermerk")]
    blocks.append(Text(words.text("network_deadlines_intro", **stand)))
    if overdue:
        blocks += [Heading(words.text("network_overdue"), 2),
                   _deadline_grid(overdue, words.text("network_caption_overdue", **stand), words,
                                  fmt),
                   Heading(words.text("network_coming"), 2)]
    if not coming:
        return [*blocks, Text(words.text("network_coming_none", **stand), "Vermerk")]
    return [*blocks, _deadline_grid(coming, words.text("network_caption_coming", **stand),
                                    words, fmt)]


def _deadline_grid(due: Sequence[Due], caption: str, words: Terms, fmt: Formatter) -> Grid:
    """Date, cooperation, what, who, § or annex; an overdue date in red."""
    rows = tuple((fmt.short_date(d.deadline.date), d.coop_title, d.label,
                  ", ".join(d.who) or words.text("network_all_partners"),
                  d.deadline.ref or "–") for d in due)
    tones = tuple(("red" if d.deadline.overdue else "", "", "", "", "") for d in due)
    return Grid(caption, words.table("network_deadlines"), rows, tones)
