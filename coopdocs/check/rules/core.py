"""The rule registry: ``@rule`` registers a check, ``run_rules`` turns its hits into findings.

Rules read the normalized document (defaults applied) and, for "did the user choose this", the
file as written (``given``); they yield hits (key path + message), never raise for user data.
A rule checks one kind of file: a cooperation, or an evaluation, which also sees its cooperation
and the other rounds given with it through ``context``.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from coopdocs.check.findings import Finding, Level
from coopdocs.check.sources import Source
from coopdocs.errors import InternalError, KeyPath, Location
from coopdocs.i18n import N_, _, translated


@dataclass(frozen=True)
class Hit:
    """One violation: where (key path; the key itself with ``key=True``) and what to do."""

    path: KeyPath
    message: str
    key: bool = False


@dataclass(frozen=True)
class Catalog:
    """What the rules know about the clause library: module ids, mandatory ones, languages."""

    modules: frozenset[str]
    mandatory: frozenset[str]
    languages: Mapping[str, frozenset[str]]


@dataclass(frozen=True)
class RuleInput:
    data: Mapping[str, Any]
    catalog: Catalog
    given: Mapping[str, Any]
    context: Mapping[str, Any] = field(default_factory=dict)


Check = Callable[[RuleInput], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    checks: str
    source: str
    check: Check
    kind: str = "cooperation"


RULES: list[Rule] = []


def rule(code: str, level: Level, checks: str, source: str, *, kind: str = "cooperation"
         ) -> Callable[[Check], Check]:
    """Register a rule function under its code, for files of ``kind``."""

    def register(check: Check) -> Check:
        RULES.append(Rule(code, level, checks, source, check, kind))
        return check

    return register


def run_rules(source: Source, data: Mapping[str, Any], catalog: Catalog, *,
              kind: str = "cooperation", context: Mapping[str, Any] | None = None,
              malformed: bool = False) -> list[Finding]:
    """Every finding of every rule for ``kind`` on ``data``.

    Rules are written for data that passed the schema. On data the schema rejected
    (``malformed``), a rule that stumbles over the rejected part is passed over: the schema has
    reported that part with its location, and the rule runs once it is fixed. On data that
    passed the schema, a rule that raises is a bug in coopdocs, never a skipped check: an
    InternalError names the rule.
    """
    findings = []
    for r in (r for r in RULES if r.kind == kind):
        try:
            hits = list(r.check(RuleInput(data, catalog, source.data, context or {})))
        except Exception as exc:
            if malformed and isinstance(exc, _STUMBLES):
                continue
            raise InternalError(
                _("internal error in rule {code} ({error}: {detail}); this is a bug in coopdocs, "
                  "please report it with this file").format(
                    code=r.code, error=type(exc).__name__, detail=exc),
                Location(source.path)) from exc
        for hit in hits:
            location = source.locate(hit.path, key=hit.key)
            findings.append(Finding(r.level, hit.message, hit.path, location, r.code))
    return findings


# What a rule raises when it reads a value of the wrong shape.
_STUMBLES = (KeyError, TypeError, AttributeError, ValueError, IndexError, ArithmeticError)


# --- helpers -----------------------------------------------------------------------------------

def partners_of(d: RuleInput) -> list[dict[str, Any]]:
    return [p for p in d.data.get("partners", []) if isinstance(p, dict)]


def partner_ids(d: RuleInput) -> list[str]:
    ids = (p["id"] for p in partners_of(d) if isinstance(p.get("id"), str))
    return list(dict.fromkeys(ids))


def options(d: RuleInput, module: str) -> dict[str, Any]:
    options: dict[str, Any] = d.data.get("clauses", {}).get(module, {})
    return options


def exclusion(d: RuleInput, module: str) -> KeyPath | None:
    """The key path of ``module`` in ``clauses.exclude``, or None when it is not excluded."""
    excluded = d.data.get("clauses", {}).get("exclude", [])
    return ("clauses", "exclude", excluded.index(module)) if module in excluded else None


# The message of an unknown id, one whole sentence per kind of thing (``what``), so that a
# translation can inflect it; the hint after the semicolon is a sentence of its own.
_UNKNOWN = {
    "partner": N_("unknown partner id '{value}'; {hint}"),
    "participant": N_("unknown participant id '{value}'; {hint}"),
    "KPI": N_("unknown KPI id '{value}'; {hint}"),
    "goal": N_("unknown goal id '{value}'; {hint}"),
    "milestone": N_("unknown milestone id '{value}'; {hint}"),
    "earlier measure": N_("unknown earlier measure id '{value}'; {hint}"),
    "clause module": N_("unknown clause module id '{value}'; {hint}"),
}


def unknown_id(value: str, known: list[str], what: str) -> str:
    """The message for ``value``, not among the ``known`` ids of a ``what`` (e.g. "partner")."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        hint = _("did you mean '{close}'?").format(close=close[0])
    elif known:
        hint = _("known: {known}").format(known=", ".join(known))
    else:
        hint = _("known: none")
    if what in _UNKNOWN:
        return translated(_UNKNOWN[what]).format(value=value, hint=hint)
    return _("unknown {what} id '{value}'; {hint}").format(what=what, value=value, hint=hint)


def refs(path: KeyPath, values: Iterable[Any], known: list[str], what: str) -> Iterator[Hit]:
    for i, value in enumerate(values):
        if isinstance(value, str) and value not in known:
            yield Hit((*path, i), unknown_id(value, known, what))


def ref(path: KeyPath, value: Any, known: list[str], what: str) -> Iterator[Hit]:
    if isinstance(value, str) and value not in known:
        yield Hit(path, unknown_id(value, known, what))


def months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


