"""Domain rules: checks across fields that a schema cannot express.

Each rule is a small generator registered with its code (R-* from the research catalogue where
one exists, CD-* for coopdocs' own), level, what it checks and its source; the README's rule
table is generated from this registry. Rules read the normalized document and yield hits (key
path + message); ``run_rules`` turns hits into located findings.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coopdocs.findings import Finding, KeyPath, Level
from coopdocs.model import competitor_map, is_merchant, venue_allowed
from coopdocs.sources import Source


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


Check = Callable[[RuleInput], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    level: Level
    checks: str
    source: str
    check: Check


RULES: list[Rule] = []


def rule(code: str, level: Level, checks: str, source: str) -> Callable[[Check], Check]:
    """Register a rule function under its code."""

    def register(check: Check) -> Check:
        RULES.append(Rule(code, level, checks, source, check))
        return check

    return register


def run_rules(source: Source, data: Mapping[str, Any], catalog: Catalog) -> list[Finding]:
    """Every finding of every rule on ``data``.

    A rule that cannot run because the data is malformed is skipped: the schema has already
    reported that problem with its location.
    """
    findings = []
    for r in RULES:
        try:
            hits = list(r.check(RuleInput(data, catalog)))
        except (KeyError, TypeError, AttributeError, ValueError, IndexError, ArithmeticError):
            continue
        for hit in hits:
            location = source.locate(hit.path, key=hit.key)
            findings.append(Finding(r.level, hit.message, hit.path, location, r.code))
    return findings


# --- helpers -----------------------------------------------------------------------------------

def _partners(d: RuleInput) -> list[dict[str, Any]]:
    return [p for p in d.data.get("partners", []) if isinstance(p, dict)]


def _partner_ids(d: RuleInput) -> list[str]:
    ids = (p["id"] for p in _partners(d) if isinstance(p.get("id"), str))
    return list(dict.fromkeys(ids))


def _clause(d: RuleInput, module: str) -> dict[str, Any]:
    options: dict[str, Any] = d.data.get("clauses", {}).get(module, {})
    return options


def _unknown_id(value: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known) or 'none'}"
    return f"unknown {what} id '{value}'; {hint}"


def _refs(path: KeyPath, values: Iterable[Any], known: list[str], what: str) -> Iterator[Hit]:
    for i, value in enumerate(values):
        if isinstance(value, str) and value not in known:
            yield Hit((*path, i), _unknown_id(value, known, what))


def _ref(path: KeyPath, value: Any, known: list[str], what: str) -> Iterator[Hit]:
    if isinstance(value, str) and value not in known:
        yield Hit(path, _unknown_id(value, known, what))


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


# --- partners and ids --------------------------------------------------------------------------

@rule("CD-PART-1", Level.ERROR, "A cooperation has at least two partners.", "FORMAT.md §1")
def at_least_two_partners(d: RuleInput) -> Iterator[Hit]:
    partners = d.data.get("partners")
    if isinstance(partners, list) and len(partners) < 2:
        yield Hit(("partners",), f"a cooperation needs at least 2 partners, found {len(partners)}")


@rule("CD-ID-1", Level.ERROR, "Ids are unique within partners, goals, milestones and KPIs.",
      "FORMAT.md")
def unique_ids(d: RuleInput) -> Iterator[Hit]:
    for section in ("partners", "goals", "milestones", "kpis"):
        seen: dict[str, int] = {}
        for i, item in enumerate(d.data.get(section, [])):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                yield Hit((section, i, "id"),
                          f"duplicate id '{item_id}' (also {section}[{seen[item_id]}]); "
                          "ids must be unique")
            seen.setdefault(item_id, i)


@rule("CD-REF-1", Level.ERROR, "Every reference to a partner, KPI or module id resolves.",
      "FORMAT.md")
def references_resolve(d: RuleInput) -> Iterator[Hit]:
    ids = _partner_ids(d)
    for i, partner in enumerate(_partners(d)):
        rivals = partner.get("competitor_of", [])
        yield from _refs(("partners", i, "competitor_of"), rivals, ids, "partner")
        if partner.get("id") in rivals:
            yield Hit(("partners", i, "competitor_of"), "a partner cannot compete with itself")
    kpi_ids = [k.get("id") for k in d.data.get("kpis", [])]
    for i, goal in enumerate(d.data.get("goals", [])):
        yield from _ref(("goals", i, "kpi"), goal.get("kpi"), kpi_ids, "KPI")
        yield from _ref(("goals", i, "owner"), goal.get("owner"), ids, "partner")
    for i, milestone in enumerate(d.data.get("milestones", [])):
        yield from _ref(("milestones", i, "owner"), milestone.get("owner"), ids, "partner")
    yield from _clause_references(d, ids)


def _clause_references(d: RuleInput, ids: list[str]) -> Iterator[Hit]:
    chair = d.data.get("governance", {}).get("steering_committee", {}).get("chair", "rotating")
    if chair != "rotating":
        yield from _ref(("governance", "steering_committee", "chair"), chair, ids, "partner")
        if any(p.get("id") == chair and p.get("role") == "associated" for p in _partners(d)):
            yield Hit(("governance", "steering_committee", "chair"),
                      f"'{chair}' is an associated partner without a vote and cannot chair the "
                      "steering committee")
    base: KeyPath = ("clauses", "it_security", "interfaces")
    for i, interface in enumerate(_clause(d, "it_security").get("interfaces", [])):
        yield from _ref((*base, i, "provider"), interface.get("provider"), ids, "partner")
        yield from _refs((*base, i, "users"), interface.get("users", []), ids, "partner")
    base = ("clauses", "data_protection", "processing")
    for i, processing in enumerate(_clause(d, "data_protection").get("processing", [])):
        yield from _refs((*base, i, "partners"), processing.get("partners", []), ids, "partner")
    for key in _clause(d, "profit_sharing").get("shares", {}):
        if key not in ids:
            yield Hit(("clauses", "profit_sharing", "shares", key),
                      _unknown_id(key, ids, "partner"), key=True)
    yield from _ref(("clauses", "ip", "assigned_to"), _clause(d, "ip").get("assigned_to"), ids,
                    "partner")
    modules = sorted(d.catalog.modules)
    for key in ("include", "exclude"):
        yield from _refs(("clauses", key), d.data.get("clauses", {}).get(key, []), modules,
                         "clause module")


# --- options -----------------------------------------------------------------------------------

@rule("CD-OPT-1", Level.ERROR, "Options that need a companion option have it.",
      "schemas/cooperation.yaml")
def companion_options(d: RuleInput) -> Iterator[Hit]:
    sharing = _clause(d, "profit_sharing")
    if sharing.get("model") == "commission" and "commission_percent" not in sharing:
        yield Hit(("clauses", "profit_sharing", "model"),
                  "model 'commission' needs clauses.profit_sharing.commission_percent")
    ip = _clause(d, "ip")
    if ip.get("results") == "assigned" and "assigned_to" not in ip:
        yield Hit(("clauses", "ip", "results"),
                  "results 'assigned' needs clauses.ip.assigned_to (the receiving partner's id)")


@rule("CD-KPI-1", Level.ERROR, "A KPI's tolerance band [low, high] is ordered and holds the "
      "target.", "seed 004 (Toleranzbänder)")
def tolerance_bands(d: RuleInput) -> Iterator[Hit]:
    for i, kpi in enumerate(d.data.get("kpis", [])):
        band = kpi.get("tolerance")
        if not band:
            continue
        low, high = band
        if low > high:
            yield Hit(("kpis", i, "tolerance"), f"the band [{low}, {high}] must be [low, high]")
        elif not low <= kpi["target"] <= high:
            yield Hit(("kpis", i, "tolerance"),
                      f"the band [{low}, {high}] must contain the target {kpi['target']}")


@rule("CD-MOD-1", Level.ERROR, "Mandatory clause modules are not excluded; no module is both "
      "included and excluded.", "docs/clause-modules.md")
def module_choices(d: RuleInput) -> Iterator[Hit]:
    clauses = d.data.get("clauses", {})
    for i, module in enumerate(clauses.get("exclude", [])):
        if module in d.catalog.mandatory:
            yield Hit(("clauses", "exclude", i),
                      f"module '{module}' is mandatory and cannot be excluded")
        if module in clauses.get("include", []):
            yield Hit(("clauses", "exclude", i),
                      f"module '{module}' is both included and excluded; keep one")
        if module == "dispute" and clauses.get("dispute", {}).get("final") == "arbitration":
            yield Hit(("clauses", "exclude", i),
                      "clauses.dispute.final is arbitration, which the dispute module agrees; "
                      "keep the module or choose final: court")


@rule("CD-LANG-1", Level.ERROR, "Every clause module has a text in the document language.",
      "docs/clause-modules.md")
def texts_in_language(d: RuleInput) -> Iterator[Hit]:
    language = d.data.get("language", "de")
    missing = sorted(m for m, langs in d.catalog.languages.items() if language not in langs)
    if missing:
        yield Hit(("language",),
                  f"no '{language}' text yet for the clause modules {', '.join(missing)}; "
                  "use language: de or add the texts with --clauses")


# --- finance, term, form -----------------------------------------------------------------------

@rule("R-FIN-2", Level.ERROR, "Profit shares of a pool sum to exactly 100 %, every partner listed "
      "(0 allowed).", "arithmetic; research A.10")
def shares_sum_to_100(d: RuleInput) -> Iterator[Hit]:
    sharing = _clause(d, "profit_sharing")
    path: KeyPath = ("clauses", "profit_sharing")
    if sharing.get("model") != "pool":
        if "shares" in sharing:
            yield Hit((*path, "shares"), "shares are only used with model 'pool'; remove them")
        return
    shares = sharing.get("shares")
    if not shares:
        yield Hit((*path, "model"), "model 'pool' needs shares (partner id: percent, sum 100)")
        return
    numbers = [v for v in shares.values()
               if isinstance(v, (int, float)) and not isinstance(v, bool)]
    total = sum((Decimal(str(v)) for v in numbers), Decimal(0))
    if abs(total - 100) > Decimal("0.01"):
        yield Hit((*path, "shares"), f"shares sum to {total:f} %, not 100 %")
    missing = [pid for pid in _partner_ids(d) if pid not in shares]
    if missing:
        yield Hit((*path, "shares"),
                  f"no share for {', '.join(missing)}; list every partner (0 is allowed)")


@rule("R-LZ-1", Level.ERROR, "Term consistent: start before end; notice and minimum term fit into "
      "a fixed term.", "logic; research A.18")
def term_consistent(d: RuleInput) -> Iterator[Hit]:
    term = d.data.get("term", {})
    end = term.get("end")
    if not isinstance(end, datetime.date):
        return
    start = term.get("start", d.data.get("date"))
    label = "term.start" if "start" in term else "the agreement date"
    if end <= start:
        yield Hit(("term", "end"), f"the end {end.isoformat()} must be after {label} "
                  f"{start.isoformat()}")
        return
    months = _months_between(start, end)
    if term.get("notice_months", 3) >= months:
        yield Hit(("term", "notice_months"),
                  f"a notice of {term.get('notice_months', 3)} months does not fit into a fixed "
                  f"term of {months} months; shorten the notice or extend term.end")
    if term.get("minimum_months", 0) > months:
        yield Hit(("term", "minimum_months"),
                  f"the minimum term of {term['minimum_months']} months is longer than the fixed "
                  f"term of {months} months")


@rule("R-FORM-4", Level.ERROR, "A venue clause (Gerichtsstand) only if all partners are merchants "
      "or one has no seat in Germany.", "§ 38 ZPO; research A.22")
def venue_needs_merchants(d: RuleInput) -> Iterator[Hit]:
    dispute = _clause(d, "dispute")
    if "venue" not in dispute or dispute.get("final", "court") != "court":
        return
    partners = _partners(d)
    if venue_allowed(partners):
        return
    others = [p["id"] for p in partners if not is_merchant(p)]
    if others:
        yield Hit(("clauses", "dispute", "venue"),
                  f"a venue clause needs all partners to be merchants (§ 38 ZPO), but "
                  f"{', '.join(others)} is not; remove the venue (the statutory courts apply)")


@rule("R-KART-0", Level.ERROR, "Partners that compete ⇒ the competition-law module cannot be "
      "excluded.", "§ 1 GWB, Art. 101 AEUV; research A.17")
def competition_law_kept(d: RuleInput) -> Iterator[Hit]:
    excluded = d.data.get("clauses", {}).get("exclude", [])
    if "competition_law" not in excluded:
        return
    rivals = competitor_map(_partners(d))
    if any(rivals.values()):
        i = excluded.index("competition_law")
        yield Hit(("clauses", "exclude", i),
                  "partners compete with each other (competitor_of), so the competition-law "
                  "module cannot be excluded")


@rule("R-GOV-1", Level.WARNING, "More than two partners: exactly one coordinator.",
      "research A.5; KIW checklist")
def one_coordinator(d: RuleInput) -> Iterator[Hit]:
    partners = _partners(d)
    coordinators = [i for i, p in enumerate(partners) if p.get("role") == "coordinator"]
    if len(coordinators) > 1:
        for i in coordinators[1:]:
            yield Hit(("partners", i, "role"), "more than one coordinator; name exactly one")
    elif len(partners) > 2 and not coordinators:
        yield Hit(("partners",), f"{len(partners)} partners but no coordinator; give one partner "
                  "role: coordinator")


@rule("R-GOV-2", Level.WARNING, "No single partner can decide alone through quorum and majority.",
      "research A.8")
def no_single_decider(d: RuleInput) -> Iterator[Hit]:
    voters = [p for p in _partners(d) if p.get("role") != "associated"]
    decisions = d.data.get("governance", {}).get("decisions", {})
    quorum, majority = decisions.get("quorum_percent"), decisions.get("majority", "simple")
    if quorum is None or majority == "unanimous":
        return  # "more than half" never lets one of several partners decide alone
    if len(voters) >= 2 and quorum * len(voters) <= 100:
        yield Hit(("governance", "decisions"),
                  f"with {len(voters)} voting partners, a quorum of {quorum} % lets one partner "
                  "decide alone; raise quorum_percent or choose majority: unanimous")


@rule("R-GBR-2", Level.WARNING, "A profit pool in a coordination contract points to a "
      "partnership (GbR).", "§ 705 BGB; research A.0")
def pool_in_coordination(d: RuleInput) -> Iterator[Hit]:
    if (d.data.get("legal_nature", "coordination") == "coordination"
            and _clause(d, "profit_sharing").get("model") == "pool"):
        yield Hit(("clauses", "profit_sharing", "model"),
                  "a profit pool brings a coordination contract close to a partnership (GbR) "
                  "with joint liability; consider legal_nature: internal_partnership or "
                  "own_invoicing, and have it reviewed")


@rule("R-GBR-5", Level.WARNING, "An internal partnership without agreed shares falls back to "
      "per-head shares.", "§ 709 Abs. 3 BGB; research A.0")
def partnership_shares(d: RuleInput) -> Iterator[Hit]:
    if (d.data.get("legal_nature") == "internal_partnership"
            and not _clause(d, "profit_sharing").get("shares")):
        yield Hit(("legal_nature",), "an internal partnership without agreed shares splits "
                  "results per head (§ 709 Abs. 3 BGB); set clauses.profit_sharing")


@rule("R-FIN-3", Level.WARNING, "Every contribution has a due date.", "research A.6")
def contributions_due(d: RuleInput) -> Iterator[Hit]:
    for i, partner in enumerate(_partners(d)):
        for j, contribution in enumerate(partner.get("contributions", [])):
            if "due" not in contribution:
                yield Hit(("partners", i, "contributions", j),
                          "the contribution has no due date; add due: YYYY-MM-DD")


@rule("R-DS-2", Level.ERROR, "Joint controllership and processing need at least two partners.",
      "Art. 26, 28 DSGVO; research A.14")
def processing_parties(d: RuleInput) -> Iterator[Hit]:
    processing = _clause(d, "data_protection").get("processing", [])
    for i, entry in enumerate(processing):
        if entry.get("role") != "separate_controllers" and len(entry.get("partners", [])) < 2:
            yield Hit(("clauses", "data_protection", "processing", i, "partners"),
                      f"role '{entry['role']}' needs at least two partners")


@rule("R-EVAL-1", Level.ERROR, "A planned evaluation needs at least one goal with KPI and "
      "deadline.", "research A.4, A.20")
def measurable_goal(d: RuleInput) -> Iterator[Hit]:
    if "evaluation" not in d.data:
        return
    goals = d.data.get("goals", [])
    if not any(g.get("kpi") and g.get("deadline") for g in goals):
        yield Hit(("evaluation",), "an evaluation is planned but no goal has a kpi and a "
                  "deadline; add one to goals")


@rule("R-STREIT-3", Level.WARNING, "Arbitration names its seat.", "§ 1043 ZPO; research A.21")
def arbitration_seat(d: RuleInput) -> Iterator[Hit]:
    dispute = _clause(d, "dispute")
    if dispute.get("final") == "arbitration" and "venue" not in dispute:
        yield Hit(("clauses", "dispute", "final"), "arbitration without clauses.dispute.venue: "
                  "the seat will be the coordinator's (or first partner's) city; name it")
