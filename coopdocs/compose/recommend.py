"""Recommendations by rule: the `rules` of templates/report.yaml applied to an evaluation round.

Each rule names a condition (``when``) and its parameters; a condition yields one set of
placeholder values per case it finds (a partner, a KPI, a measure), and the rule's text in the
report language is filled with them. Every recommendation carries the rule id and its source,
so a reader can see why the report says it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopdocs.errors import Location, TemplateError
from coopdocs.fmt import Formatter
from coopdocs.i18n import _
from coopdocs.model.cooperation import Cooperation
from coopdocs.model.evaluation import (
    CRITERIA,
    PILLARS,
    Round,
    criterion_score,
    kpi_status,
    light,
    rated_partners,
    trust_others,
    trust_self,
)
from coopdocs.resources import read_wording
from coopdocs.wording import Terms


@dataclass(frozen=True)
class Recommendation:
    rule: str
    text: str
    source: str


@dataclass(frozen=True)
class Situation:
    """What the conditions look at: the round, the rounds before it, and the agreement."""

    coop: Cooperation
    current: Round
    earlier: tuple[Round, ...]
    terms: Terms
    fmt: Formatter

    def name(self, partner_id: str) -> str:
        return self.coop.short_name(partner_id)


Values = dict[str, str]
Condition = Callable[[Situation, Mapping[str, Any]], Iterator[Values]]


def load_rules(path: Path) -> list[dict[str, Any]]:
    """The `rules` of a report.yaml; a rule with an unknown condition is a located error."""
    data = read_wording(path)
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        raise TemplateError(_("the report wording has no list of 'rules'"), Location(path))
    for item in rules:
        if not isinstance(item, dict) or item.get("when") not in CONDITIONS:
            raise TemplateError(_("rule {rule} needs 'when' with one of {conditions}").format(
                rule=repr(item), conditions=", ".join(sorted(CONDITIONS))), Location(path))
        problem = _rule_problem(item, data)
        if problem:
            raise TemplateError(_("rule {rule} {problem}").format(rule=repr(item), problem=problem),
                                Location(path))
    return rules


def _rule_problem(rule: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """What a rule lacks to be applied: an id with a text per language, its parameters."""
    languages = [key for key, words in data.items() if isinstance(words, dict)
                 and isinstance(words.get("recommendations"), dict)]
    lacking = [language for language in languages
               if rule.get("id") not in data[language]["recommendations"]]
    if not isinstance(rule.get("id"), str) or lacking:
        return _("needs an 'id' with a text under recommendations in every language "
                 "({languages})").format(languages=", ".join(lacking or languages))
    for name, allowed in PARAMETERS.get(rule["when"], {}).items():
        value = rule.get(name)
        if allowed is None:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return _("needs '{name}' with a number").format(name=name)
        elif value not in allowed:
            return _("needs '{name}' with one of {values}").format(name=name,
                                                                   values=", ".join(allowed))
    return None


def recommend(situation: Situation, rules: Sequence[Mapping[str, Any]]) -> list[Recommendation]:
    """Every recommendation the rules give for the situation, in rule order."""
    texts, sources = situation.terms.words["recommendations"], situation.terms.words["sources"]
    found = []
    for item in rules:
        for values in CONDITIONS[item["when"]](situation, item):
            found.append(Recommendation(item["id"], str(texts[item["id"]]).format(**values),
                                        str(sources.get(item["id"], ""))))
    return found


# --- conditions --------------------------------------------------------------------------------

def _pillar_low(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """The others' mean for a partner on the pillar is below green."""
    r = s.current
    for partner in rated_partners(r, [p.id for p in s.coop.partners]):
        score = trust_others(r, partner, rule["pillar"])
        if score is not None and light(score, r.scale) != "green":
            yield {"partner": s.name(partner), "score": s.fmt.score(score)}


def _perception_gap(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """A partner's self-rating exceeds the others' mean by at least `points`."""
    r = s.current
    for partner in rated_partners(r, [p.id for p in s.coop.partners]):
        for pillar in PILLARS:
            own, others = trust_self(r, partner, pillar), trust_others(r, partner, pillar)
            if own is not None and others is not None and own - others >= rule["points"]:
                yield {"partner": s.name(partner), "pillar": s.terms.label("pillars", pillar),
                       "own": s.fmt.score(own), "others": s.fmt.score(others)}


def _schedule_slipped(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """A milestone is late or overdue, or the schedule criterion is below green."""
    r = s.current
    details = []
    for milestone in s.coop.milestones:
        status, _ = r.milestones.get(milestone.id, ("", None))
        overdue = status == "open" and milestone.due <= r.end
        if status == "late" or overdue:
            word = s.terms.label("milestone_status", "late")
            details.append(f"{milestone.description}: {word}")
    score = criterion_score(r, "schedule")
    if score is not None and light(score, r.scale) != "green":
        details.append(f"{s.terms.label('criteria', 'schedule')} {s.fmt.score(score)}")
    if details:
        yield {"detail": "; ".join(details)}


def _partner_low(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """A partner rates the criterion red."""
    r = s.current
    for rater, score in r.ratings.get(rule["criterion"], {}).items():
        if light(score, r.scale) == "red":
            yield {"partner": s.name(rater), "score": s.fmt.score(score)}


def _criterion_low(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """The mean of the criterion is below green."""
    score = criterion_score(s.current, rule["criterion"])
    if score is not None and light(score, s.current.scale) != "green":
        yield {"score": s.fmt.score(score)}


def _goals_missed(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """A goal is missed or only partly achieved."""
    details = [f"{goal.description}: {s.terms.label('goal_status', s.current.goals[goal.id])}"
               for goal in s.coop.goals if s.current.goals.get(goal.id) in ("missed", "partial")]
    if details:
        yield {"detail": "; ".join(details)}


def _kpi_outside(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """A KPI is outside its tolerance band on the worse side."""
    for kpi in s.coop.kpis:
        actual = s.current.kpis.get(kpi.id)
        if actual is not None and kpi.tolerance and kpi_status(kpi, actual) == "outside":
            low, high = kpi.tolerance
            unit = f" {kpi.unit}" if kpi.unit else ""
            yield {"kpi": kpi.name, "actual": f"{s.fmt.number(actual)}{unit}",
                   "band": s.terms.text("kpi_band", low=s.fmt.number(low),
                                        high=s.fmt.number(high)) + unit}


def _measure_open(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """A measure of an earlier round is open, not reported, or in progress past its due date."""
    states = s.current.earlier_measures
    for earlier in s.earlier:
        for measure in earlier.measures:
            state = states.get(measure.id, "none")
            overdue = state == "in_progress" and measure.due is not None \
                and measure.due < s.current.date
            if state in ("open", "none") or overdue:
                label = s.terms.label("measure_status", state)
                yield {"measure": f"{measure.id} ({measure.text or measure.id})",
                       "round": str(earlier.number), "state": label}


def _not_assessed(s: Situation, rule: Mapping[str, Any]) -> Iterator[Values]:
    """A criterion was rated by nobody, or a partner rated nothing."""
    r = s.current
    if not r.ratings:
        return
    missing = [s.terms.label("criteria", c) for c in CRITERIA if c not in r.ratings]
    raters = {rater for by in r.ratings.values() for rater in by}
    silent = [p.short_name for p in s.coop.partners if p.id not in raters]
    details = [*missing, *(f"{s.terms.label('method', 'not_rated').format(names=name)}"
                           .rstrip(".") for name in silent)]
    if details:
        yield {"detail": s.fmt.join(details)}


# The parameters a condition reads from its rule: the allowed values, or None for a number.
PARAMETERS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "pillar_low": {"pillar": PILLARS},
    "perception_gap": {"points": None},
    "partner_low": {"criterion": CRITERIA},
    "criterion_low": {"criterion": CRITERIA},
}

CONDITIONS: dict[str, Condition] = {
    "pillar_low": _pillar_low,
    "perception_gap": _perception_gap,
    "schedule_slipped": _schedule_slipped,
    "partner_low": _partner_low,
    "criterion_low": _criterion_low,
    "goals_missed": _goals_missed,
    "kpi_outside": _kpi_outside,
    "measure_open": _measure_open,
    "not_assessed": _not_assessed,
}
