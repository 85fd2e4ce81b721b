"""What a partner is asked in a round of the evaluation survey, from the cooperation alone.

Who reports what (seed 000, "5. Evaluation": the evaluation is done by all partners together):

- every partner answers the six criteria of Schritt 1 and rates every partner, itself included
  (its self-assessment), on the three pillars of trust (seed 003, "Die drei Säulen des
  Vertrauens"); "I cannot judge" is an answer of its own, not a gap;
- the actual value of a KPI is reported by the owner of the first goal that names the KPI
  (``goals[].kpi`` and ``owner``); a goal and a milestone by their ``owner``;
- what has no owner, and a KPI no goal names, is reported by the coordinator (``role:
  coordinator``), else by the first partner; an owner who is no partner of the round (it left)
  counts as no owner;
- everyone writes the free texts: highlights, difficulties, reflection (Schritt 2), needs.

The questions are written here in English and marked for translation; the survey shows them in
the round's language (``coopdocs.i18n.speaking``). Everything here is pure: no database, no web.

The round keeps its cooperation as JSON (dates as ISO texts); ``cooperation_data`` turns it back
into the data the rest of coopdocs reads (dates at the schema's date fields), and
``plain_json`` is the way there.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from coopdocs.check.schema import load_schema
from coopdocs.i18n import N_
from coopdocs.model.evaluation import CRITERIA, PILLARS

Answers = dict[str, Any]
TEXTS = ("highlights", "difficulties", "reflection", "needs")
DEFAULT_SCALE = (1, 5)
# The answer "kann ich nicht beurteilen": stored as None, never as a score.
CANNOT_JUDGE = N_("I cannot judge")
# The ends of the scale as the report names them (5 = "trifft voll zu").
SCALE_ENDS = (N_("does not apply"), N_("fully applies"))
GOAL_STATES = {"achieved": N_("achieved"), "partial": N_("partly achieved"),
               "missed": N_("missed")}
MILESTONE_STATES = {"done": N_("reached"), "late": N_("late"), "open": N_("still open"),
                    "dropped": N_("dropped")}


@dataclass(frozen=True)
class Criterion:
    """A Schritt 1 criterion: the seed's question, a hint what to think of, a short name."""

    key: str
    question: str
    hint: str
    name: str = ""


@dataclass(frozen=True)
class Pillar:
    """A pillar of trust, described for rating a partner (oneself included)."""

    key: str
    name: str
    description: str


@dataclass(frozen=True)
class KpiQuestion:
    """The actual value of a KPI the partner reports, with what it is measured against."""

    id: str
    name: str
    unit: str
    target: float | None
    tolerance: tuple[float, float] | None
    better: str | None


@dataclass(frozen=True)
class GoalQuestion:
    id: str
    description: str
    deadline: datetime.date | None


@dataclass(frozen=True)
class MilestoneQuestion:
    id: str
    description: str
    due: datetime.date | None


@dataclass(frozen=True)
class TextQuestion:
    """A free text: one item per line."""

    key: str
    question: str
    hint: str


# Seed 000, "5. Evaluation, Schritt 1", in English (the German of the seed is in the catalog):
# criterion → question, hint, short name.
_CRITERIA = {
    "win_win": (N_("Could a win-win situation be created, so that all cooperation partners "
                   "benefit equally?"),
                N_("Think of every partner, not just your own company."),
                N_("Win-win situation")),
    "cost_benefit": (N_("Does the cost/benefit calculation work out for everyone?"),
                     N_("The effort each partner puts in, weighed against what it gains from "
                        "the cooperation."),
                     N_("Cost/benefit")),
    "individual_goals": (N_("Could all cooperation partners realise their individual goals "
                            "within the cooperation?"),
                         N_("The goals with which each partner entered the cooperation."),
                         N_("Individual goals")),
    "shared_goals": (N_("Could all goals and sub-goals set together be achieved?"),
                     N_("The cooperation goals, agreements and milestones set at the start."),
                     N_("Shared goals")),
    "schedule": (N_("Was the schedule kept?"),
                 N_("The agreed milestones and dates of the period."),
                 N_("Schedule")),
    "task_distribution": (N_("Was the distribution of tasks sensible, so that work could be "
                             "done effectively everywhere?"),
                          N_("How the agreement divides the tasks among the partners."),
                          N_("Distribution of tasks")),
}
CRITERION_QUESTIONS = tuple(Criterion(key, *_CRITERIA[key]) for key in CRITERIA)

# Seed 003, "Die drei Säulen des Vertrauens", turned from advice to a partner into questions
# about the partner rated: pillar → name, description.
_PILLARS = {
    "competence": (N_("Competence"),
                   N_("The partner's abilities: can you rely on the partner having the "
                      "expertise needed to reach the shared goal? Experience, or a reputation "
                      "earned in other collaborations, is evidence of it.")),
    "integrity": (N_("Integrity"),
                  N_("Whether the partner's words and deeds match: does it keep agreements and "
                     "promises, even small ones such as calling back at the agreed time, and "
                     "is it fair and discreet in negotiations?")),
    "benevolence": (N_("Benevolence"),
                    N_("Whether the partner wants all partners to benefit equally from the "
                       "cooperation, with nobody having to expect disadvantages: is it open to "
                       "the concerns of its business partners and does it take them into "
                       "account?")),
}
PILLAR_QUESTIONS = tuple(Pillar(key, *_PILLARS[key]) for key in PILLARS)

TEXT_QUESTIONS: tuple[TextQuestion, ...] = (
    TextQuestion("highlights", N_("What else went particularly well?"),
                 N_("One point per line.")),
    TextQuestion("difficulties", N_("What caused particular difficulties?"),
                 N_("One point per line.")),
    TextQuestion("reflection", N_("What could be the reasons for success or failure? Also "
                                  "think of soft factors such as communication, reliability and "
                                  "commitment, of unused synergies, and of structures or "
                                  "instruments that could improve the cooperation."),
                 N_("Step 2 of the evaluation: the reflection. One point per line.")),
    TextQuestion("needs", N_("Which new or changed needs should the next round of the "
                             "cooperation address?"),
                 N_("One point per line.")),
)

@dataclass(frozen=True)
class PartnerForm:
    """Everything one partner is asked in a round, in the order the page shows it.

    ``rated`` are the partners it rates on trust, (id, name), the others first and itself last.
    """

    partner: str
    partner_name: str
    scale: tuple[int, int]
    criteria: tuple[Criterion, ...]
    pillars: tuple[Pillar, ...]
    rated: tuple[tuple[str, str], ...]
    kpis: tuple[KpiQuestion, ...]
    goals: tuple[GoalQuestion, ...]
    milestones: tuple[MilestoneQuestion, ...]
    texts: tuple[TextQuestion, ...] = TEXT_QUESTIONS


def partner_form(cooperation: Mapping[str, Any], partner: str,
                 scale: tuple[int, int] = DEFAULT_SCALE, *,
                 settled: Collection[str] = ()) -> PartnerForm:
    """The form of ``partner`` (a partner id of ``cooperation``); KeyError for another id.

    ``settled``: milestones an earlier round reported reached or dropped, not asked again.
    """
    coop = cooperation_data(cooperation)
    names = partner_names(coop)
    if partner not in names:
        raise KeyError(partner)
    own = {key.split(".", 1)[1] for key, who in reporters(coop, settled).items()
           if who == partner}
    rated = (*((p, n) for p, n in names.items() if p != partner), (partner, names[partner]))
    return PartnerForm(
        partner=partner, partner_name=names[partner], scale=scale,
        criteria=CRITERION_QUESTIONS, pillars=PILLAR_QUESTIONS, rated=rated,
        kpis=tuple(_kpi(k) for k in _items(coop, "kpis") if k["id"] in own),
        goals=tuple(GoalQuestion(g["id"], str(g.get("description", "")), g.get("deadline"))
                    for g in _items(coop, "goals") if g["id"] in own),
        milestones=tuple(MilestoneQuestion(m["id"], str(m.get("description", "")), m.get("due"))
                         for m in _items(coop, "milestones") if m["id"] in own))


def _kpi(kpi: Mapping[str, Any]) -> KpiQuestion:
    band = kpi.get("tolerance")
    return KpiQuestion(kpi["id"], str(kpi.get("name", kpi["id"])), str(kpi.get("unit", "")),
                       kpi.get("target"), (band[0], band[1]) if band else None,
                       kpi.get("better"))


def _items(cooperation: Mapping[str, Any], section: str) -> list[Mapping[str, Any]]:
    return [item for item in cooperation.get(section) or [] if isinstance(item, Mapping)
            and isinstance(item.get("id"), str)]


def partner_names(cooperation: Mapping[str, Any]) -> dict[str, str]:
    """Partner id → name, in the order of the cooperation."""
    return {p["id"]: str(p.get("name", p["id"])) for p in _items(cooperation, "partners")}


def reporters(cooperation: Mapping[str, Any], settled: Collection[str] = ()
              ) -> dict[str, str]:
    """``kpis.<id>``, ``goals.<id>``, ``milestones.<id>`` → the partner who reports it.

    Milestones in ``settled`` (reached or dropped by an earlier round's account) are not asked:
    a round reports what happened in its period, and a second date for a milestone reached
    long ago would contradict the earlier round.
    """
    partners = list(partner_names(cooperation))
    if not partners:
        return {}
    fallback = next((p["id"] for p in _items(cooperation, "partners")
                     if p.get("role") == "coordinator"), partners[0])

    def owner(item: Mapping[str, Any]) -> str:
        return item["owner"] if item.get("owner") in partners else fallback

    goals = _items(cooperation, "goals")
    by_kpi: dict[str, str] = {}
    for goal in goals:
        if goal.get("kpi") and goal.get("owner") in partners:
            by_kpi.setdefault(goal["kpi"], goal["owner"])
    found = {f"kpis.{k['id']}": by_kpi.get(k["id"], fallback)
             for k in _items(cooperation, "kpis")}
    found |= {f"goals.{g['id']}": owner(g) for g in goals}
    found |= {f"milestones.{m['id']}": owner(m) for m in _items(cooperation, "milestones")
              if m["id"] not in settled}
    return found


def questions(form: PartnerForm) -> list[str]:
    """The question keys of ``form`` in the order of the page.

    ``ratings.<criterion>``, ``trust.<rated>.<pillar>``, ``kpis.<id>``, ``goals.<id>``,
    ``milestones.<id>``, then the free texts.
    """
    return [*(f"ratings.{c.key}" for c in form.criteria),
            *(f"trust.{rated}.{p.key}" for rated, _name in form.rated for p in form.pillars),
            *(f"kpis.{k.id}" for k in form.kpis), *(f"goals.{g.id}" for g in form.goals),
            *(f"milestones.{m.id}" for m in form.milestones), *(t.key for t in form.texts)]


def answered(form: PartnerForm, answers: Answers) -> dict[str, bool]:
    """Question key → whether ``answers`` answer it ("I cannot judge" is an answer)."""
    return {key: _answered(answers, key) for key in questions(form)}


def _answered(answers: Answers, key: str) -> bool:
    section, _dot, rest = key.partition(".")
    if section in TEXTS:
        return bool(answers.get(section))
    if section == "trust":
        rated, _dot, pillar = rest.rpartition(".")
        return pillar in (answers.get("trust") or {}).get(rated, {})
    given = answers.get(section) or {}
    if section == "ratings":
        return rest in given
    value = given.get(rest)
    return bool(value.get("status")) if isinstance(value, Mapping) else value not in (None, "")


# --- the cooperation kept as JSON ---------------------------------------------------------------

def plain_json(value: Any) -> Any:
    """``value`` with every date as its ISO text (tuples as lists): what JSON can keep."""
    if isinstance(value, Mapping):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def cooperation_data(cooperation: Mapping[str, Any]) -> dict[str, Any]:
    """The cooperation with the ISO texts at the schema's date fields as dates again.

    A round keeps its cooperation as JSON; the rules and the questions compare dates. Data that
    has dates already is returned equal.
    """
    revived: dict[str, Any] = _revive(cooperation, {"type": "dict",
                                                    "schema": load_schema("cooperation")})
    return revived


def _revive(value: Any, rules: Mapping[str, Any]) -> Any:
    inner = rules.get("schema")
    if isinstance(value, Mapping):
        fields = inner if isinstance(inner, Mapping) and rules.get("type") == "dict" else {}
        return {k: _revive(v, fields.get(k, {})) for k, v in value.items()}
    if isinstance(value, list):
        item = inner if isinstance(inner, Mapping) and rules.get("type") == "list" else {}
        return [_revive(v, item) for v in value]
    if isinstance(value, str) and rules.get("type") == "date":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value
