"""Compose the Evaluationsbericht: rounds → figures, recommendations → blocks of a document model.

The order follows research D.5: cover, summary, method, the six Schritt 1 criteria, trust
profile, KPIs, goals and milestones, experience and reflection, measures, recommendations,
trends and earlier measures (with several rounds), next steps of the cycle. What was not
assessed is said to be not assessed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coopdocs.clauses.library import Library
from coopdocs.compose.changes import describe
from coopdocs.compose.deadlines import Deadline, Described
from coopdocs.compose.deadlines import add_months as months_later
from coopdocs.compose.recommend import Recommendation
from coopdocs.compose.report_charts import criteria_figure, kpi_figure, trend_figure, trust_figure
from coopdocs.fmt import LANGUAGE_TAGS, Formatter
from coopdocs.model.cooperation import Cooperation
from coopdocs.model.document import (
    AgreementDocument,
    Block,
    Bullets,
    Figure,
    Grid,
    Heading,
    Properties,
    ReportDocument,
    Text,
)
from coopdocs.model.evaluation import (
    CRITERIA,
    PILLARS,
    Measure,
    Round,
    bands,
    criterion_score,
    kpi_status,
    light,
    overall_score,
    rated_partners,
    raters,
    trust_others,
    trust_raters,
    trust_self,
)
from coopdocs.wording import Terms

_KPI_TONES = {"on_target": "green", "better": "green", "in_band": "amber", "outside": "red",
              "missed": "red", "not_measured": ""}
_GOAL_TONES = {"achieved": "green", "partial": "amber", "missed": "red"}
_MILESTONE_TONES = {"done": "green", "late": "amber", "open": "", "dropped": ""}
_MEASURE_TONES = {"done": "green", "in_progress": "amber", "open": "red", "dropped": "",
                  "none": ""}


@dataclass(frozen=True)
class ReportInput:
    """Everything a report is composed from.

    ``coop`` is the cooperation as it stood in the current round (amended by the earlier rounds),
    ``agreement`` its composed agreement (for § numbers), ``rounds`` the rounds 1..n.
    ``landings`` says for each measure with a change where it amends the agreement ("§§ 4 und
    10; Anlage 1"), from the same source as the Nachtrag's commands (amend.landing).
    ``deadlines`` are the cooperation's deadlines as on the current round's date, with their
    words: the deadline model (compose.deadlines) of the cooperation as this round amends it
    and the rounds up to this one, the same the calendar and the network report read.
    """

    coop: Cooperation
    agreement: AgreementDocument
    library: Library
    rounds: tuple[Round, ...]
    recommendations: tuple[Recommendation, ...]
    landings: Mapping[str, str] = field(default_factory=dict)
    deadlines: tuple[tuple[Deadline, Described], ...] = ()

    @property
    def current(self) -> Round:
        return self.rounds[-1]

    @property
    def earlier(self) -> tuple[Round, ...]:
        return self.rounds[:-1]


@dataclass
class _Counter:
    """Running numbers of tables and figures."""

    tables: int = 0
    figures: int = 0
    blocks: list[Block] = field(default_factory=list)


class _Writer:
    """Appends blocks and numbers tables and figures as it goes."""

    def __init__(self, terms: Terms) -> None:
        self.terms = terms
        self.state = _Counter()

    def add(self, *blocks: Block) -> None:
        self.state.blocks.extend(blocks)

    def heading(self, key: str, level: int = 1) -> None:
        self.add(Heading(self.terms.label("headings", key), level))

    def text(self, text: str, style: str = "Klauseltext") -> None:
        self.add(Text(text, style))

    def grid(self, key: str, header: Sequence[str], rows: Sequence[Sequence[str]],
             tones: Sequence[Sequence[str]] = ()) -> None:
        self.state.tables += 1
        caption = self.terms.words["captions"][key].format(n=self.state.tables)
        self.add(Grid(caption, tuple(header), tuple(map(tuple, rows)), tuple(map(tuple, tones))))

    def figure(self, png: bytes, alt: str, title: str) -> None:
        self.state.figures += 1
        caption = self.terms.words["captions"]["figure"].format(n=self.state.figures, text=title)
        self.add(Figure(png, alt, caption))


def compose_report(inp: ReportInput, terms: Terms, *, final: bool = False) -> ReportDocument:
    """The report's document model for the last round of ``inp``."""
    fmt = Formatter(inp.coop.language, inp.coop.currency)
    r = inp.current
    w = _Writer(terms)
    _summary(w, inp, fmt)
    _method(w, inp, fmt)
    _criteria(w, inp, fmt)
    _trust(w, inp, fmt)
    _kpis(w, inp, fmt)
    _goals(w, inp, fmt)
    _experience(w, r)
    _measures(w, inp, fmt)
    _recommendations(w, inp)
    if inp.earlier:
        _trends(w, inp, fmt)
        _earlier_measures(w, inp, fmt)
    _next(w, inp, fmt)
    title = terms.text("title", number=str(r.number))
    header = (terms.text("header_final", number=str(r.number), title=inp.coop.title)
              if final or r.approved else terms.text("header_draft", date=fmt.date(r.date)))
    return ReportDocument(
        heading=terms.text("report"), title=title, subtitle=inp.coop.title,
        cover=_cover(inp, terms, fmt), header_note=header, blocks=tuple(w.state.blocks),
        footer=f"{title} – {inp.coop.title}", page_word=terms.text("page"),
        of_word=terms.text("of"),
        properties=_properties(inp, terms),
    )


def _cover(inp: ReportInput, terms: Terms, fmt: Formatter) -> tuple[tuple[str, str], ...]:
    r, coop = inp.current, inp.coop
    label = terms.words["cover"]
    status = (str(label["approved"]).format(date=fmt.date(r.approved)) if r.approved
              else str(label["draft"]))
    rows = [
        (label["partners"], terms.join([p.name for p in coop.partners])),
        (label["agreement"], str(label["agreement_value"]).format(date=fmt.date(coop.date))),
    ]
    amended = [str(e.number) for e in inp.earlier if any(m.change for m in e.measures)]
    if amended:
        rows.append((label["addenda"], str(label["addenda_value"]).format(
            numbers=terms.join(amended))))
    rows += [
        (label["period"], _period(r, terms, fmt)),
        (label["date"], fmt.date(r.date)),
        (label["status"], status),
    ]
    return tuple((str(k), str(v)) for k, v in rows)


def _period(r: Round, terms: Terms, fmt: Formatter) -> str:
    return terms.text("period", start=fmt.date(r.start), end=fmt.date(r.end))


# --- summary and method ------------------------------------------------------------------------

def _summary(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    r, t = inp.current, w.terms
    w.heading("summary")
    overall = overall_score(r)
    assessed = [c for c in CRITERIA if criterion_score(r, c) is not None]
    if overall is None:
        w.text(t.label("summary", "overall_none"))
    else:
        w.text(t.words["summary"]["overall"].format(
            score=fmt.score(overall), high=r.scale[1], count=len(assessed),
            light=t.label("lights", light(overall, r.scale))))
        w.grid("criteria", [t.table("criteria")[0], t.table("criteria")[2],
                            t.table("criteria")[3]],
               [[t.label("criteria", c), *_score_cells(criterion_score(r, c), r, t, fmt)]
                for c in CRITERIA],
               [["", "", light(criterion_score(r, c), r.scale)] for c in CRITERIA])
        _extremes(w, r, fmt)
    outside = [k.name for k in inp.coop.kpis if kpi_status(k, r.kpis.get(k.id)) == "outside"]
    if r.kpis:
        w.text(t.words["summary"]["kpis_outside"].format(items=t.join(outside)) if outside
               else t.label("summary", "kpis_fine"))
    changing = [m for m in r.measures if m.change]
    if changing:
        w.text(t.words["summary"]["changes"].format(number=r.number))
        w.add(Bullets(tuple(f"{m.id}: {_measure_text(m, inp, fmt, t)} – {_landing(m, inp, t)}"
                            for m in changing if m.change is not None)))
    else:
        w.text(t.label("summary", "no_changes"))
    count = len(inp.recommendations)
    w.text(t.words["summary"]["recommendations"].format(count=count) if count
           else t.label("summary", "no_recommendations"))


def _extremes(w: _Writer, r: Round, fmt: Formatter) -> None:
    """The strongest and the weakest criterion (all of them on a tie)."""
    t = w.terms
    scores = {c: s for c in CRITERIA if (s := criterion_score(r, c)) is not None}
    for key, best in (("strongest", max(scores.values())), ("weakest", min(scores.values()))):
        names = [t.label("criteria", c) for c, s in scores.items() if s == best]
        w.text(str(t.words["summary"][key]).format(items=t.join(names), score=fmt.score(best)))


def _score_cells(score: float | None, r: Round, t: Terms, fmt: Formatter) -> list[str]:
    if score is None:
        return ["–", t.label("lights", "none")]
    return [fmt.score(score), t.label("lights", light(score, r.scale))]


def _method(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    r, t = inp.current, w.terms
    w.heading("method")
    method = t.words["method"]
    w.text(str(method["intro"]))
    red, green = bands(r.scale)
    w.text(str(method["scale"]).format(low=r.scale[0], high=r.scale[1], red=fmt.score(red),
                                       green=fmt.score(green)))
    rated = raters(r)
    if rated:
        w.text(str(method["raters"]).format(names=t.join(_names(inp, rated))))
        silent = [p.id for p in inp.coop.partners if p.id not in rated]
        if silent:
            w.text(str(method["not_rated"]).format(names=t.join(_names(inp, silent))))
    else:
        w.text(str(method["raters_none"]))
    trusted = [p.id for p in inp.coop.partners if trust_raters(r, p.id)]
    w.text(str(method["trust"]).format(count=len(trusted)) if trusted
           else str(method["trust_none"]))
    if inp.earlier:
        w.text(str(method["history"]).format(rounds=t.join(
            [f"{e.number} ({_period(e, t, fmt)})" for e in inp.earlier])))


def _names(inp: ReportInput, ids: Sequence[str]) -> list[str]:
    return [inp.coop.short_name(i) for i in ids]


# --- criteria, trust, KPIs, goals --------------------------------------------------------------

def _criteria(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    r, t = inp.current, w.terms
    w.heading("criteria")
    w.add(Bullets(tuple(f"{t.label('criteria', c)}: {t.label('questions', c)}"
                        for c in CRITERIA)))
    if not r.ratings:
        w.text(t.label("not_assessed", "criteria"), "Vermerk")
        return
    order = [p.id for p in inp.coop.partners if p.id in raters(r)]
    header = [t.table("criteria")[0], *_names(inp, order), t.label("tables", "mean")]
    rows, tones = [], []
    for c in CRITERIA:
        scores = r.ratings.get(c, {})
        mean = criterion_score(r, c)
        rows.append([t.label("criteria", c),
                     *(fmt.score(scores[p]) if p in scores else "–" for p in order),
                     fmt.score(mean) if mean is not None else t.label("lights", "none")])
        tones.append(["", *(light(scores.get(p), r.scale) for p in order), light(mean, r.scale)])
    w.grid("criteria_by_partner", header, rows, tones)
    missing = [t.label("criteria", c) for c in CRITERIA if c not in r.ratings]
    if missing:
        w.text(t.words["not_assessed"]["criteria_some"].format(items=t.join(missing)), "Vermerk")
    png, alt = criteria_figure(inp, order, t, fmt)
    w.figure(png, alt, t.label("figures", "criteria"))


def _trust(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    r, t = inp.current, w.terms
    w.heading("trust")
    w.add(Bullets(tuple(f"{t.label('pillars', p)}: {t.label('pillar_meaning', p)}"
                        for p in PILLARS)))
    rated = rated_partners(r, [p.id for p in inp.coop.partners])
    if not rated:
        w.text(t.label("not_assessed", "trust"), "Vermerk")
        return
    rows, tones = [], []
    for partner in rated:
        by = t.join(_names(inp, trust_raters(r, partner))) or "–"
        for pillar in PILLARS:
            others, own = trust_others(r, partner, pillar), trust_self(r, partner, pillar)
            rows.append([_names(inp, [partner])[0], t.label("pillars", pillar),
                         fmt.score(others) if others is not None else "–", by,
                         fmt.score(own) if own is not None else "–",
                         t.label("lights", light(others, r.scale) or "none")])
            tones.append(["", "", light(others, r.scale), "", "", light(others, r.scale)])
    w.grid("trust", t.table("trust"), rows, tones)
    png, alt = trust_figure(inp, rated, t, fmt)
    w.figure(png, alt, t.label("figures", "trust"))


def _kpis(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    r, t = inp.current, w.terms
    w.heading("kpis")
    if not inp.coop.kpis:
        w.text(t.label("not_assessed", "kpis"), "Vermerk")
        return
    rows, tones = [], []
    for kpi in inp.coop.kpis:
        unit = f" {kpi.unit}" if kpi.unit else ""
        band = (t.text("kpi_band", low=fmt.number(kpi.tolerance[0]),
                       high=fmt.number(kpi.tolerance[1])) + unit
                if kpi.tolerance else t.text("kpi_no_band"))
        actual = r.kpis.get(kpi.id)
        status = kpi_status(kpi, actual)
        rows.append([kpi.name, f"{fmt.number(kpi.target)}{unit}", band,
                     f"{fmt.number(actual)}{unit}" if actual is not None else "–",
                     t.label("kpi_status", status)])
        tones.append(["", "", "", _KPI_TONES[status], _KPI_TONES[status]])
    w.grid("kpis", t.table("kpis"), rows, tones)
    if any(kpi_status(k, r.kpis.get(k.id)) == "outside" for k in inp.coop.kpis):
        w.text(t.text("kpi_outside_note"), "Vermerk")
    if any(r.kpis for r in inp.rounds):
        png, alt = kpi_figure(inp, t, fmt)
        w.figure(png, alt, t.label("figures", "kpis"))


def _goals(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    r, t = inp.current, w.terms
    w.heading("goals")
    kpi_names = {k.id: k.name for k in inp.coop.kpis}
    if inp.coop.goals:
        w.grid("goals", t.table("goals"),
               [[g.description, kpi_names.get(g.kpi or "", "–"),
                 fmt.short_date(g.deadline) if g.deadline else "–",
                 t.label("goal_status", r.goals.get(g.id, "none"))] for g in inp.coop.goals],
               [["", "", "", _GOAL_TONES.get(r.goals.get(g.id, ""), "")]
                for g in inp.coop.goals])
    else:
        w.text(t.label("not_assessed", "goals"), "Vermerk")
    if inp.coop.milestones:
        rows, tones = [], []
        for m in inp.coop.milestones:
            status, reached, number = _milestone_state(inp, m.id)
            label = t.label("milestone_status", status)
            if number != r.number:
                label = t.text("as_of_round", state=label, number=str(number))
            rows.append([m.description, fmt.short_date(m.due),
                         fmt.short_date(reached) if reached else "–", label])
            tones.append(["", "", "", _MILESTONE_TONES.get(status, "")])
        w.grid("milestones", t.table("milestones"), rows, tones)
    else:
        w.text(t.label("not_assessed", "milestones"), "Vermerk")


def _milestone_state(inp: ReportInput, milestone: str
                     ) -> tuple[str, datetime.date | None, int]:
    """(status, date reached, round) of a milestone.

    A milestone this round does not mention keeps what an earlier round reported once it was
    reached or dropped.
    """
    for evaluation in reversed(inp.rounds):
        status, reached = evaluation.milestones.get(milestone, ("none", None))
        if evaluation is inp.current and status != "none":
            return status, reached, evaluation.number
        if (status in ("done", "late") and reached is not None) or status == "dropped":
            return status, reached, evaluation.number
    return "none", None, inp.current.number


# --- experience, measures, recommendations -----------------------------------------------------

def _experience(w: _Writer, r: Round) -> None:
    w.heading("experience")
    for key, items in (("highlights", r.highlights), ("difficulties", r.difficulties),
                       ("reflection", r.reflection)):
        w.heading(key, 2)
        if items:
            w.add(Bullets(items))
        else:
            w.text(w.terms.label("not_assessed", "highlights"), "Vermerk")


def _measure_text(m: Any, inp: ReportInput, fmt: Formatter, t: Terms) -> str:
    if m.text:
        return str(m.text)
    return describe(m.change, inp.coop, t, fmt)


def _landing(m: Measure, inp: ReportInput, t: Terms) -> str:
    """Where a measure's change amends the agreement; "–" for none (or no change)."""
    return inp.landings.get(m.id, t.text("change_none"))


def _measures(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    r, t = inp.current, w.terms
    w.heading("measures")
    if not r.measures:
        w.text(t.label("not_assessed", "measures"), "Vermerk")
        return
    w.grid("measures", t.table("measures"), [
        [m.id, _measure_text(m, inp, fmt, t), _names(inp, [m.owner])[0] if m.owner else "–",
         fmt.short_date(m.due) if m.due else "–",
         _landing(m, inp, t)]
        for m in r.measures])


def _recommendations(w: _Writer, inp: ReportInput) -> None:
    t = w.terms
    w.heading("recommendations")
    if not inp.recommendations:
        w.text(t.label("summary", "no_recommendations"))
        return
    w.grid("recommendations", t.table("recommendations"),
           [[rec.rule, rec.text, rec.source] for rec in inp.recommendations])


# --- history and next steps ----------------------------------------------------------------------

def _trends(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    t = w.terms
    w.heading("trends")
    labels = [t.label("figures", "round").format(number=e.number) for e in inp.rounds]
    w.text(t.text("trends_intro", rounds=t.join([str(e.number) for e in inp.rounds])))
    rows = [[t.label("criteria", c), *_trend_cells([criterion_score(e, c) for e in inp.rounds],
                                                   fmt)] for c in CRITERIA]
    rows.append([t.label("tables", "trend_overall"),
                 *_trend_cells([overall_score(e) for e in inp.rounds], fmt)])
    w.grid("trends", [*t.table("trends"), *labels], rows)
    png, alt = trend_figure(inp, labels, t, fmt)
    w.figure(png, alt, t.label("figures", "trends"))


def _trend_cells(scores: Sequence[float | None], fmt: Formatter) -> Iterator[str]:
    previous = None
    for score in scores:
        if score is None:
            yield "–"
        elif previous is None or round(score, 1) == round(previous, 1):
            yield fmt.score(score)
        else:
            yield f"{fmt.score(score)} {'↑' if score > previous else '↓'}"
        previous = score if score is not None else previous


def _earlier_measures(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    t, states = w.terms, inp.current.earlier_measures
    w.heading("earlier_measures")
    measures = [(e.number, m) for e in inp.earlier for m in e.measures]
    if not measures:
        w.text(t.label("not_assessed", "earlier_measures"), "Vermerk")
        return
    w.grid("earlier_measures", t.table("earlier_measures"), [
        [str(n), m.id, _measure_text(m, inp, fmt, t),
         _names(inp, [m.owner])[0] if m.owner else "–", fmt.short_date(m.due) if m.due else "–",
         t.label("measure_status", states.get(m.id, "none"))] for n, m in measures],
        [["", "", "", "", "", _MEASURE_TONES[states.get(m.id, "none")]] for _, m in measures])


def _next(w: _Writer, inp: ReportInput, fmt: Formatter) -> None:
    """The next steps: the next evaluation, the Nachtrag, the measures and other deadlines due.

    The dates are those of the deadline model as on the round's date (``inp.deadlines``), so
    the report says what the calendar says; the other deadlines are those up to the next
    evaluation (a year without one), overdue ones marked.
    """
    r, t = inp.current, w.terms
    words = t.words["next"]
    w.heading("next")
    settings = inp.coop.data.get("evaluation") or {}
    months = int(settings.get("interval_months", 12))
    open_ = [(d, said) for d, said in inp.deadlines if not d.done]
    evaluation = next((d for d, _ in open_ if d.kind == "evaluation"), None)
    next_date = evaluation.date if evaluation else add_months(r.date, months)
    w.text(str(words["evaluation"]).format(date=fmt.date(next_date) if next_date else "–",
                                           months=months))
    changing = [m.id for m in r.measures if m.change]
    if changing:
        key = "addendum" if len(changing) > 1 else "addendum_one"
        w.text(str(words[key]).format(ids=t.join(changing), number=r.number))
    due = [f"{d.what} ({fmt.date(d.date)}{words['overdue'] if d.overdue else ''})"
           for d, _ in open_ if d.kind == "measure"]
    if due:
        w.text(str(words["due"]).format(items=t.join(due)))
    until = next_date or datetime.date.max
    others = [str(words["dated_overdue" if d.overdue else "dated"]).format(
        date=fmt.date(d.date), title=said.title)
        for d, said in open_ if d.kind not in ("evaluation", "measure") and d.date <= until]
    if others:
        w.text(str(words["others"]))
        w.add(Bullets(tuple(others)))
    if r.needs:
        w.text(str(words["needs_intro"]))
        w.add(Bullets(r.needs))
    else:
        w.text(str(words["needs_none"]))
    w.add(Bullets(tuple(str(q) for q in words["questions"])))


def add_months(day: datetime.date, months: int) -> datetime.date | None:
    """``day`` plus ``months`` (a later month's last day when it is shorter).

    None when that is after the last date Python knows (9999-12-31): a report of a round in
    9999 has no next evaluation date to print, which is no reason to fail.
    """
    try:
        return months_later(day, months)
    except OverflowError:
        return None


def _properties(inp: ReportInput, terms: Terms) -> Properties:
    coop, r = inp.coop, inp.current
    author = coop.coordinator or coop.partners[0]
    return Properties(
        title=f"{terms.text('title', number=str(r.number))} {coop.title}",
        category=terms.text("report"),
        subject=terms.text("subject", title=coop.title, number=str(r.number)),
        author=author.name,
        keywords=terms.text("keywords", id=coop.id, number=str(r.number)),
        language=LANGUAGE_TAGS[coop.language],
        created=r.date,
    )

