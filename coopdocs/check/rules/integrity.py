"""coopdocs' own rules (CD-*): the file is complete and consistent in itself."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from coopdocs.check.findings import Level
from coopdocs.check.rules.core import (
    Hit,
    RuleInput,
    options,
    partner_ids,
    partners_of,
    ref,
    refs,
    rule,
    unknown_id,
)
from coopdocs.errors import KeyPath
from coopdocs.i18n import _

# --- partners and ids --------------------------------------------------------------------------

@rule("CD-PART-1", Level.ERROR, "A cooperation has at least two partners.", "FORMAT.md §1")
def at_least_two_partners(d: RuleInput) -> Iterator[Hit]:
    partners = d.data.get("partners")
    if isinstance(partners, list) and len(partners) < 2:
        yield Hit(("partners",), _("a cooperation needs at least 2 partners, found {count}")
                  .format(count=len(partners)))


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
                          _("duplicate id '{id}' (also {path}[{index}]); ids must be unique")
                          .format(id=item_id, path=section, index=seen[item_id]))
            seen.setdefault(item_id, i)


@rule("CD-REF-1", Level.ERROR, "Every reference to a partner, KPI or module id resolves.",
      "FORMAT.md")
def references_resolve(d: RuleInput) -> Iterator[Hit]:
    ids = partner_ids(d)
    for i, partner in enumerate(partners_of(d)):
        rivals = partner.get("competitor_of", [])
        yield from refs(("partners", i, "competitor_of"), rivals, ids, "partner")
        if partner.get("id") in rivals:
            yield Hit(("partners", i, "competitor_of"), _("a partner cannot compete with itself"))
    kpi_ids = [k.get("id") for k in d.data.get("kpis", [])]
    for i, goal in enumerate(d.data.get("goals", [])):
        yield from ref(("goals", i, "kpi"), goal.get("kpi"), kpi_ids, "KPI")
        yield from ref(("goals", i, "owner"), goal.get("owner"), ids, "partner")
    for i, milestone in enumerate(d.data.get("milestones", [])):
        yield from ref(("milestones", i, "owner"), milestone.get("owner"), ids, "partner")
    yield from _clause_references(d, ids)


def _clause_references(d: RuleInput, ids: list[str]) -> Iterator[Hit]:
    chair = d.data.get("governance", {}).get("steering_committee", {}).get("chair", "rotating")
    if chair != "rotating":
        yield from ref(("governance", "steering_committee", "chair"), chair, ids, "partner")
        if any(p.get("id") == chair and p.get("role") == "associated" for p in partners_of(d)):
            yield Hit(("governance", "steering_committee", "chair"),
                      _("'{partner}' is an associated partner without a vote and cannot chair "
                        "the steering committee").format(partner=chair))
    base: KeyPath = ("clauses", "it_security", "interfaces")
    for i, interface in enumerate(options(d, "it_security").get("interfaces", [])):
        yield from ref((*base, i, "provider"), interface.get("provider"), ids, "partner")
        yield from refs((*base, i, "users"), interface.get("users", []), ids, "partner")
    base = ("clauses", "data_protection", "processing")
    for i, processing in enumerate(options(d, "data_protection").get("processing", [])):
        yield from refs((*base, i, "partners"), processing.get("partners", []), ids, "partner")
    yield from _keys_resolve(("clauses", "profit_sharing", "shares"),
                             options(d, "profit_sharing").get("shares", {}), ids)
    yield from ref(("clauses", "ip", "assigned_to"), options(d, "ip").get("assigned_to"), ids,
                   "partner")
    for key in ("general_contractor", "agent"):
        yield from ref(("clauses", "external", key), options(d, "external").get(key), ids,
                       "partner")
    yield from _keys_resolve(("clauses", "costs", "allocation"),
                             options(d, "costs").get("allocation", {}), ids)
    decisions = d.data.get("governance", {}).get("decisions", {})
    yield from _keys_resolve(("governance", "decisions", "weights"),
                             decisions.get("weights", {}), ids)
    modules = sorted(d.catalog.modules)
    for key in ("include", "exclude"):
        yield from refs(("clauses", key), d.data.get("clauses", {}).get(key, []), modules,
                         "clause module")


def _keys_resolve(path: KeyPath, mapping: Mapping[str, Any], ids: list[str]) -> Iterator[Hit]:
    for key in mapping:
        if key not in ids:
            yield Hit((*path, key), unknown_id(key, ids, "partner"), key=True)


# --- options -----------------------------------------------------------------------------------

@rule("CD-CONTRIB-1", Level.ERROR, "A contribution other than money says what is "
      "contributed.", "FORMAT.md §1; research A.6")
def contributions_described(d: RuleInput) -> Iterator[Hit]:
    for i, partner in enumerate(partners_of(d)):
        for n, contribution in enumerate(partner.get("contributions", [])):
            if contribution.get("type") != "money" and not contribution.get("description"):
                yield Hit(("partners", i, "contributions", n),
                          _("a contribution of type {type} needs a description of what is "
                            "contributed (only for money the value says it)").format(
                              type=contribution.get("type")))


@rule("CD-OPT-1", Level.ERROR, "Options that need a companion option have it.",
      "schemas/cooperation.yaml")
def companion_options(d: RuleInput) -> Iterator[Hit]:
    sharing = options(d, "profit_sharing")
    if sharing.get("model") == "commission" and "commission_percent" not in sharing:
        yield Hit(("clauses", "profit_sharing", "model"),
                  _("model 'commission' needs clauses.profit_sharing.commission_percent"))
    costs = options(d, "costs")
    if costs.get("model") == "budget" and "budget" not in costs:
        yield Hit(("clauses", "costs", "model"),
                  _("model 'budget' needs clauses.costs.budget (the annual joint budget)"))
    external = options(d, "external")
    if external.get("contracting") == "general_contractor" and "general_contractor" not in external:
        yield Hit(("clauses", "external", "contracting"),
                  _("contracting 'general_contractor' needs clauses.external.general_contractor "
                    "(the contracting partner's id)"))
    ip = options(d, "ip")
    if ip.get("results") == "assigned" and "assigned_to" not in ip:
        yield Hit(("clauses", "ip", "results"),
                  _("results 'assigned' needs clauses.ip.assigned_to (the receiving partner's id)"))


@rule("CD-KPI-1", Level.ERROR, "A KPI's tolerance band [low, high] is ordered and holds the "
      "target.", "seed 004 (Toleranzbänder)")
def tolerance_bands(d: RuleInput) -> Iterator[Hit]:
    for i, kpi in enumerate(d.data.get("kpis", [])):
        band = kpi.get("tolerance")
        if not band:
            continue
        low, high = band
        if low > high:
            yield Hit(("kpis", i, "tolerance"),
                      _("the band [{low}, {high}] must be [low, high]").format(low=low, high=high))
        elif not low <= kpi["target"] <= high:
            yield Hit(("kpis", i, "tolerance"),
                      _("the band [{low}, {high}] must contain the target {target}").format(
                          low=low, high=high, target=kpi["target"]))


@rule("CD-MOD-1", Level.ERROR, "Mandatory clause modules are not excluded; no module is both "
      "included and excluded.", "docs/clause-modules.md")
def module_choices(d: RuleInput) -> Iterator[Hit]:
    clauses = d.data.get("clauses", {})
    for i, module in enumerate(clauses.get("exclude", [])):
        if module in d.catalog.mandatory:
            yield Hit(("clauses", "exclude", i),
                      _("module '{module}' is mandatory and cannot be excluded").format(
                          module=module))
        if module in clauses.get("include", []):
            yield Hit(("clauses", "exclude", i),
                      _("module '{module}' is both included and excluded; keep one").format(
                          module=module))
        if module == "dispute" and clauses.get("dispute", {}).get("final") == "arbitration":
            yield Hit(("clauses", "exclude", i),
                      _("clauses.dispute.final is arbitration, which the dispute module agrees; "
                        "keep the module or choose final: court"))


@rule("CD-LANG-1", Level.ERROR, "Every clause module has a text in the document language.",
      "docs/clause-modules.md")
def texts_in_language(d: RuleInput) -> Iterator[Hit]:
    language = d.data.get("language", "de")
    missing = sorted(m for m, langs in d.catalog.languages.items() if language not in langs)
    if missing:
        yield Hit(("language",),
                  _("no '{language}' text yet for the clause modules {modules}; use language: "
                    "de or add the texts with --clauses").format(
                      language=language, modules=", ".join(missing)))


