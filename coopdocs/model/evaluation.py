"""An evaluation round as plain, frozen data, and the figures a report shows.

Scores are averaged only over what was given: a criterion nobody rated has no score (None),
never a zero. Traffic lights compare a score with thresholds relative to the scale, so a 1..4
and a 1..5 scale mean the same: below a third of the range is red, from two thirds green
(research D.4: < 2.0 red, 2.0–2.9 amber, >= 3.0 green on 1..4).
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from coopdocs.model.changes import effective, joining, leaving, operations
from coopdocs.model.cooperation import Kpi

CRITERIA = ("win_win", "cost_benefit", "individual_goals", "shared_goals", "schedule",
            "task_distribution")
PILLARS = ("competence", "integrity", "benevolence")
RED_BELOW = 1 / 3
GREEN_FROM = 2 / 3


@dataclass(frozen=True)
class Exit:
    """A partner leaving by a measure's ``remove_partner`` (FORMAT.md §2, long form).

    It leaves at the end of ``effective`` (None: when the Nachtrag takes effect); ``reason``
    is ordinary_notice, mutual or exclusion_for_cause, ``settlement`` closing_accounts or
    time_pro_rata (None where the change does not say).
    """

    partner: str
    effective: datetime.date | None
    reason: str | None
    settlement: str | None


@dataclass(frozen=True)
class Accession:
    """A partner joining by a measure's ``add_partner``.

    It joins from ``effective`` (None: with the Nachtrag), with the contributions it makes on
    joining and the pool shares after it.
    """

    partner: str
    effective: datetime.date | None
    contributions: tuple[Mapping[str, Any], ...]
    shares_after: Mapping[str, Any] | None


@dataclass(frozen=True)
class Measure:
    """A measure of a round.

    ``effective`` is when its change takes effect (None: with the Nachtrag); ``exit`` and
    ``accession`` are the partner leaving or joining by it.
    """

    id: str
    text: str | None
    owner: str | None
    due: datetime.date | None
    change: Mapping[str, Any] | None
    effective: datetime.date | None = None
    exit: Exit | None = None
    accession: Accession | None = None


def build_measure(data: Mapping[str, Any]) -> Measure:
    """Frozen data over a measure of a validated round."""
    change = data.get("change")
    ops = operations(change) if isinstance(change, Mapping) else []
    exit_ = accession = None
    if ops == ["remove_partner"] and change is not None:
        left = leaving(change)
        exit_ = Exit(left["id"], left["effective"], left.get("reason"), left.get("settlement"))
    elif ops == ["add_partner"] and change is not None:
        joined = joining(change)
        accession = Accession(joined["partner"]["id"], joined["effective"],
                              tuple(joined.get("contributions") or ()),
                              joined.get("shares_after"))
    return Measure(data["id"], data.get("text"), data.get("owner"), data.get("due"), change,
                   effective(change) if change is not None else None, exit_, accession)


@dataclass(frozen=True)
class Round:
    """One evaluation round (evaluation.yaml), validated against its cooperation."""

    path: Path
    number: int
    start: datetime.date
    end: datetime.date
    date: datetime.date
    approved: datetime.date | None
    scale: tuple[int, int]
    ratings: Mapping[str, Mapping[str, float]]
    trust: Mapping[str, Mapping[str, Mapping[str, float]]]
    kpis: Mapping[str, Decimal]
    goals: Mapping[str, str]
    milestones: Mapping[str, tuple[str, datetime.date | None]]
    highlights: tuple[str, ...]
    difficulties: tuple[str, ...]
    reflection: tuple[str, ...]
    needs: tuple[str, ...]
    measures: tuple[Measure, ...]
    earlier_measures: Mapping[str, str]


def build_round(path: Path, data: Mapping[str, Any]) -> Round:
    """Frozen data over a normalized evaluation."""
    return Round(
        path=path, number=data["number"], start=data["period"]["start"],
        end=data["period"]["end"], date=data["date"], approved=data.get("approved"),
        scale=(data["scale"][0], data["scale"][1]),
        ratings={c: dict(by) for c, by in data["ratings"].items()},
        trust={r: {o: dict(p) for o, p in by.items()} for r, by in data["trust"].items()},
        kpis={k: Decimal(str(v)) for k, v in data["kpis"].items()},
        goals=dict(data["goals"]),
        milestones={m: (v["status"], v.get("date")) for m, v in data["milestones"].items()},
        highlights=tuple(data["highlights"]), difficulties=tuple(data["difficulties"]),
        reflection=tuple(data["reflection"]), needs=tuple(data["needs"]),
        measures=tuple(build_measure(m) for m in data["measures"]),
        earlier_measures=dict(data["earlier_measures"]),
    )


def mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def criterion_score(r: Round, criterion: str) -> float | None:
    """The mean of all raters' scores for a criterion; None when nobody rated it."""
    return mean(list(r.ratings.get(criterion, {}).values()))


def overall_score(r: Round) -> float | None:
    """The mean of the criterion scores that were assessed."""
    return mean([s for c in CRITERIA if (s := criterion_score(r, c)) is not None])


def raters(r: Round) -> list[str]:
    """Partner ids that rated at least one criterion, in the order they first appear."""
    return list(dict.fromkeys(p for c in CRITERIA for p in r.ratings.get(c, {})))


def trust_others(r: Round, rated: str, pillar: str) -> float | None:
    """The mean of the other partners' ratings of ``rated`` on ``pillar``."""
    return mean([by[rated][pillar] for rater, by in r.trust.items()
                 if rater != rated and pillar in by.get(rated, {})])


def trust_self(r: Round, rated: str, pillar: str) -> float | None:
    """``rated``'s rating of itself on ``pillar`` (its self-assessment), if given."""
    return r.trust.get(rated, {}).get(rated, {}).get(pillar)


def trust_raters(r: Round, rated: str) -> list[str]:
    return [rater for rater, by in r.trust.items() if rater != rated and rated in by]


def rated_partners(r: Round, order: Sequence[str]) -> list[str]:
    """Partners someone rated on trust, in cooperation order."""
    rated = {other for by in r.trust.values() for other in by}
    return [p for p in order if p in rated]


def relative(score: float, scale: tuple[int, int]) -> float:
    low, high = scale
    return (score - low) / (high - low)


def light(score: float | None, scale: tuple[int, int]) -> str:
    """"green", "amber" or "red" for a score; "" when there is none."""
    if score is None:
        return ""
    position = relative(score, scale)
    return "red" if position < RED_BELOW else "green" if position >= GREEN_FROM else "amber"


def bands(scale: tuple[int, int]) -> tuple[float, float]:
    """The scale values where red ends and green starts."""
    low, high = scale
    return low + RED_BELOW * (high - low), low + GREEN_FROM * (high - low)


def kpi_status(kpi: Kpi, actual: Decimal | None) -> str:
    """Where an actual value stands against the KPI's target and tolerance band.

    not_measured, on_target, in_band, better (outside the band on the good side), outside
    (outside the band on the bad side: root-cause analysis) or missed (no band, worse than
    the target).
    """
    if actual is None:
        return "not_measured"
    lower = kpi.better == "lower"
    at_target = actual <= kpi.target if lower else actual >= kpi.target
    if kpi.tolerance is None:
        return "on_target" if at_target else "missed"
    low, high = kpi.tolerance
    if low <= actual <= high:
        return "on_target" if at_target else "in_band"
    bad_side = actual > high if lower else actual < low
    return "outside" if bad_side else "better"
