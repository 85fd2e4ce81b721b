"""The answers of the questionnaire → the cooperation, as ``cooperation.yaml`` holds it.

Most answers already sit where the cooperation keeps them (the questions' paths follow the
format); this puts the rest in place: the representative into ``represented_by``, the
coordinator into its partner's ``role``, each goal's KPI into ``kpis`` with an id the goal
refers to, the combined market share into ``clauses.competition_law``. Unanswered optional
questions leave their key out, so the draft marks the gap with [●] (or the default applies).
Keys come in the order of the format reference, so the file reads top to bottom like the
agreement.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coopdocs.questionnaire.interview import Answers, slug, unique

FORMAT = 1
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def cooperation(answers: Answers) -> dict[str, Any]:
    """The cooperation described by ``answers`` (plain data, keys in the format's order)."""
    goals, kpis = _goals_and_kpis(answers["goals"])
    data: dict[str, Any] = {
        "format": FORMAT,
        "id": answers["id"],
        "title": answers["title"],
        "language": answers["language"],
        "date": answers["date"],
        "kind": answers.get("kind"),
        "background": answers.get("background"),
        "purpose": answers["purpose"],
        "excluded": answers.get("excluded"),
        "term": _present(answers["term"]),
        "partners": [_partner(p, answers.get("coordinator")) for p in answers["partners"]],
        "activities": [_activity(a) for a in answers["activities"]],
        "goals": goals,
        "kpis": kpis,
        "governance": answers["governance"],
        "evaluation": answers["evaluation"],
        "clauses": _clauses(answers),
    }
    return {key: value for key, value in data.items() if value not in _EMPTY}


def _partner(answers: Answers, coordinator: str | None) -> dict[str, Any]:
    representative = answers.get("representative")
    partner = {
        "id": answers["id"],
        "name": answers["name"],
        "legal_form": answers["legal_form"],
        "general_partner": answers.get("general_partner"),
        "address": answers["address"],
        "register": answers.get("register"),
        "represented_by": [representative] if representative else None,
        "contact": _present(answers.get("contact") or {}),
        "merchant": answers.get("merchant"),
        "role": "coordinator" if answers["id"] == coordinator else None,
        "competitor_of": answers.get("competitor_of"),
        "tasks": answers.get("tasks"),
    }
    return _present(partner)


def _activity(answers: Answers) -> dict[str, Any]:
    """The activity; an empty ``competition`` stays: it says the facts are still to come."""
    activity = _present({"id": answers["id"], **answers})
    if "competition" in answers:
        activity.setdefault("competition", {})
    return activity


def _goals_and_kpis(answers: list[Answers]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    goals: list[dict[str, Any]] = []
    kpis: list[dict[str, Any]] = []
    for number, answer in enumerate(answers, start=1):
        kpi = answer.get("kpi")
        kpi_id = None
        if kpi:
            kpi_id = unique(slug(kpi["name"]) or f"kpi-{number}", [k["id"] for k in kpis])
            kpis.append(_present({"id": kpi_id, **kpi}))
        goals.append(_present({"id": f"g{number}", "description": answer["description"],
                               "kpi": kpi_id, "deadline": answer.get("deadline"),
                               "owner": answer.get("owner")}))
    return goals, kpis


def _clauses(answers: Answers) -> dict[str, Any]:
    share = answers.get("market_share_percent")
    return {"competition_law": {"market_share_percent": share}} if share is not None else {}


def _present(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` without the keys whose answer is empty (None, "", [] or {}), at every depth."""
    kept = {key: _pruned(value) for key, value in data.items()}
    return {key: value for key, value in kept.items() if value not in _EMPTY}


def _pruned(value: Any) -> Any:
    if isinstance(value, Mapping):
        return _present(value)
    if isinstance(value, list):
        return [_present(item) if isinstance(item, Mapping) else item for item in value]
    return value
