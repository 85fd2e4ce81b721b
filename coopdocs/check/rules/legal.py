"""Legal rules from the research catalogue (R-*) that can be decided from the input."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from coopdocs.check.findings import Level
from coopdocs.check.rules.core import (
    Hit,
    RuleInput,
    exclusion,
    months_between,
    options,
    partner_ids,
    partners_of,
    rule,
)
from coopdocs.errors import KeyPath
from coopdocs.i18n import _, language
from coopdocs.model.cooperation import is_merchant, venue_allowed

# --- finance, term, form -----------------------------------------------------------------------

@rule("R-FIN-2", Level.ERROR, "Profit shares of a pool sum to exactly 100 % (compared as "
      "decimals, no tolerance), every partner listed (0 allowed).",
      "arithmetic; research A.10")
def shares_sum_to_100(d: RuleInput) -> Iterator[Hit]:
    sharing = options(d, "profit_sharing")
    path: KeyPath = ("clauses", "profit_sharing")
    if sharing.get("model") != "pool":
        if "shares" in sharing:
            yield Hit((*path, "shares"),
                      _("shares are only used with model 'pool'; remove them"))
        return
    shares = sharing.get("shares")
    if not shares:
        yield Hit((*path, "model"),
                  _("model 'pool' needs shares (partner id: percent, sum 100)"))
        return
    yield from _sum_to_100(d, (*path, "shares"), shares,
                           _("shares sum to {total} %, not 100 %"))


@rule("R-LZ-1", Level.ERROR, "Term consistent: start before end; notice and minimum term fit into "
      "a fixed term.", "logic; research A.18")
def term_consistent(d: RuleInput) -> Iterator[Hit]:
    term = d.data.get("term", {})
    end = term.get("end")
    if not isinstance(end, datetime.date):
        return
    start = term.get("start", d.data.get("date"))
    if end <= start:
        message = (_("the end {end} must be after term.start {start}") if "start" in term
                   else _("the end {end} must be after the agreement date {start}"))
        yield Hit(("term", "end"), message.format(end=end.isoformat(), start=start.isoformat()))
        return
    months = months_between(start, end)
    if term.get("notice_months", 3) >= months:
        yield Hit(("term", "notice_months"),
                  _("a notice of {notice} months does not fit into a fixed term of {months} "
                    "months; shorten the notice or extend term.end").format(
                      notice=term.get("notice_months", 3), months=months))
    if term.get("minimum_months", 0) > months:
        yield Hit(("term", "minimum_months"),
                  _("the minimum term of {minimum} months is longer than the fixed term of "
                    "{months} months").format(minimum=term["minimum_months"], months=months))


@rule("R-FORM-4", Level.ERROR, "A venue clause (Gerichtsstand) only if all partners are merchants "
      "or one has no seat in Germany.", "§ 38 ZPO; research A.22")
def venue_needs_merchants(d: RuleInput) -> Iterator[Hit]:
    dispute = options(d, "dispute")
    if "venue" not in dispute or dispute.get("final", "court") != "court":
        return
    partners = partners_of(d)
    if venue_allowed(partners):
        return
    others = [p["id"] for p in partners if not is_merchant(p)]
    if others:
        yield Hit(("clauses", "dispute", "venue"),
                  _("a venue clause needs all partners to be merchants (§ 38 ZPO), but "
                    "{partners} is not; remove the venue (the statutory courts apply)").format(
                      partners=", ".join(others)))


@rule("R-GOV-1", Level.WARNING, "More than two partners: exactly one coordinator.",
      "research A.5; KIW checklist")
def one_coordinator(d: RuleInput) -> Iterator[Hit]:
    partners = partners_of(d)
    coordinators = [i for i, p in enumerate(partners) if p.get("role") == "coordinator"]
    if len(coordinators) > 1:
        for i in coordinators[1:]:
            yield Hit(("partners", i, "role"),
                      _("more than one coordinator; name exactly one"))
    elif len(partners) > 2 and not coordinators:
        yield Hit(("partners",), _("{count} partners but no coordinator; give one partner "
                                   "role: coordinator").format(count=len(partners)))


@rule("R-GOV-2", Level.WARNING, "No single partner can decide alone through quorum and majority.",
      "research A.8")
def no_single_decider(d: RuleInput) -> Iterator[Hit]:
    voters = [p for p in partners_of(d) if p.get("role") != "associated"]
    decisions = d.data.get("governance", {}).get("decisions", {})
    quorum, majority = decisions.get("quorum_percent"), decisions.get("majority", "simple")
    if quorum is None or majority == "unanimous":
        return  # "more than half" never lets one of several partners decide alone
    if len(voters) >= 2 and quorum * len(voters) <= 100:
        yield Hit(("governance", "decisions"),
                  _("with {voters} voting partners, a quorum of {quorum} % lets one partner "
                    "decide alone; raise quorum_percent or choose majority: unanimous").format(
                      voters=len(voters), quorum=quorum))


@rule("R-GBR-2", Level.WARNING, "A profit pool or joint budget in an explicit coordination "
      "contract points to a partnership (GbR).", "§ 705 BGB; research A.0")
def pool_in_coordination(d: RuleInput) -> Iterator[Hit]:
    if d.data.get("legal_nature") != "coordination" or "legal_nature" not in d.given:
        return  # without an explicit choice R-GBR-1 asks for one
    if options(d, "profit_sharing").get("model") == "pool":
        yield Hit(("clauses", "profit_sharing", "model"),
                  _("a profit pool brings a coordination contract close to a partnership (GbR) "
                    "with joint liability; consider legal_nature: internal_partnership or "
                    "own_invoicing, and have it reviewed"))
    if options(d, "costs").get("model") == "budget":
        yield Hit(("clauses", "costs", "model"),
                  _("a joint budget in a coordination contract points to joint assets of a "
                    "partnership (GbR); keep it as a trust account of one partner (the costs § "
                    "says so) or choose legal_nature: internal_partnership"))


@rule("R-GBR-5", Level.WARNING, "An internal partnership without agreed shares falls back to "
      "per-head shares.", "§ 709 Abs. 3 BGB; research A.0")
def partnership_shares(d: RuleInput) -> Iterator[Hit]:
    if (d.data.get("legal_nature") == "internal_partnership"
            and not options(d, "profit_sharing").get("shares")):
        yield Hit(("legal_nature",), _("an internal partnership without agreed shares splits "
                                       "results per head (§ 709 Abs. 3 BGB); set "
                                       "clauses.profit_sharing"))


@rule("R-FIN-3", Level.WARNING, "Every contribution has a due date, and a value in an internal "
      "partnership (where values decide shares).", "§ 709 BGB; research A.6")
def contributions_due(d: RuleInput) -> Iterator[Hit]:
    partnership = d.data.get("legal_nature") == "internal_partnership"
    for i, partner in enumerate(partners_of(d)):
        for j, contribution in enumerate(partner.get("contributions", [])):
            if "due" not in contribution:
                yield Hit(("partners", i, "contributions", j),
                          _("the contribution has no due date; add due: YYYY-MM-DD"))
            elif partnership and "value" not in contribution:
                yield Hit(("partners", i, "contributions", j),
                          _("in an internal partnership the agreed values of the contributions "
                            "decide shares and settlement (§ 709 BGB); add value"))


@rule("R-EVAL-1", Level.ERROR, "A planned evaluation needs at least one goal with KPI and "
      "deadline.", "research A.4, A.20")
def measurable_goal(d: RuleInput) -> Iterator[Hit]:
    if "evaluation" not in d.data:
        return
    goals = d.data.get("goals", [])
    if not any(g.get("kpi") and g.get("deadline") for g in goals):
        yield Hit(("evaluation",), _("an evaluation is planned but no goal has a kpi and a "
                                     "deadline; add one to goals"))


@rule("R-STREIT-3", Level.WARNING, "Arbitration names its seat.", "§ 1043 ZPO; research A.21")
def arbitration_seat(d: RuleInput) -> Iterator[Hit]:
    dispute = options(d, "dispute")
    if dispute.get("final") == "arbitration" and "venue" not in dispute:
        yield Hit(("clauses", "dispute", "final"),
                  _("arbitration without clauses.dispute.venue: the seat will be the "
                    "coordinator's (or first partner's) city; name it"))


# --- legal nature, money, decisions, networks ---------------------------------------------------

@rule("R-GBR-1", Level.WARNING, "A common purpose with a profit pool or joint budget needs an "
      "explicit choice of legal_nature.", "§ 705 BGB; research A.0")
def legal_nature_chosen(d: RuleInput) -> Iterator[Hit]:
    if "legal_nature" in d.given:
        return
    pooled = options(d, "profit_sharing").get("model") == "pool"
    budget = options(d, "costs").get("model") == "budget"
    if pooled or budget:
        message = (_("a profit pool for a common purpose is likely a partnership (GbR, § 705 "
                     "BGB); choose legal_nature explicitly (coordination or "
                     "internal_partnership)") if pooled else
                   _("a joint budget for a common purpose is likely a partnership (GbR, § 705 "
                     "BGB); choose legal_nature explicitly (coordination or "
                     "internal_partnership)"))
        yield Hit(("clauses", "profit_sharing" if pooled else "costs", "model"), message)


@rule("R-GBR-3", Level.WARNING, "A partner with power of agency for all partners indicates an "
      "Außen-GbR.", "§ 705 Abs. 2, § 721 BGB; research A.0, A.11")
def agent_for_all(d: RuleInput) -> Iterator[Hit]:
    if "agent" in options(d, "external"):
        yield Hit(("clauses", "external", "agent"),
                  _("a partner acting for all partners towards third parties suggests a "
                    "partnership taking part in legal transactions (Außen-GbR) with joint and "
                    "several liability (§ 721 BGB); limit the power to named tasks or remove "
                    "agent, and have it reviewed"))


@rule("R-GBR-4", Level.WARNING, "Joint contracting with customers (above all under a joint "
      "name) points to a GbR with legal capacity and unlimited joint liability.",
      "§ 705 Abs. 3, §§ 421, 427, 721 BGB; research A.11")
def joint_contracts(d: RuleInput) -> Iterator[Hit]:
    external = options(d, "external")
    if external.get("contracting") != "joint":
        return
    if external.get("appearance") == "joint_name":
        yield Hit(("clauses", "external", "contracting"),
                  _("a common name together with joint contracts makes the law presume a "
                    "partnership with legal capacity (§ 705 Abs. 3 BGB): every partner would be "
                    "liable for everything without limit (§ 721 BGB), whatever this agreement "
                    "says internally; choose each_partner or general_contractor, or found a "
                    "company"))
    else:
        yield Hit(("clauses", "external", "contracting"),
                  _("contracting jointly makes the partners joint and several debtors of the "
                    "customer (§ 427 BGB) and can form a partnership with legal capacity; prefer "
                    "each_partner or general_contractor, or agree split liability with each "
                    "customer"))


@rule("R-FIN-1", Level.ERROR, "Cost-allocation shares sum to exactly 100 % (compared as "
      "decimals), every partner listed (0 allowed), only with a shared-cost model.",
      "arithmetic; research A.9")
def cost_shares(d: RuleInput) -> Iterator[Hit]:
    costs = options(d, "costs")
    path: KeyPath = ("clauses", "costs", "allocation")
    allocation = costs.get("allocation")
    if allocation is None:
        return
    if costs.get("model", "own") == "own":
        yield Hit(path, _("with model 'own' each partner bears its own costs; remove allocation "
                          "or choose model allocation or budget"))
        return
    yield from _sum_to_100(d, path, allocation, _("cost shares sum to {total} %, not 100 %"))


@rule("R-GOV-4", Level.WARNING, "Amendments by majority reach the partners' core area only with "
      "their consent.", "Kernbereichslehre; research A.8")
def majority_amendments(d: RuleInput) -> Iterator[Hit]:
    amendments = d.data.get("governance", {}).get("decisions", {}).get("amendments", "unanimous")
    if amendments != "unanimous":
        yield Hit(("governance", "decisions", "amendments"),
                  _("amending the agreement by majority is limited: changes to a partner's "
                    "contributions, shares, liability or exit rights still need its consent (the "
                    "decisions § says so); prefer unanimous unless the network is large"))


@rule("R-GOV-6", Level.ERROR, "Vote weights sum to exactly 100 % (compared as decimals), every "
      "voting partner listed, none for associated partners.", "arithmetic; research A.8")
def vote_weights(d: RuleInput) -> Iterator[Hit]:
    weights = d.data.get("governance", {}).get("decisions", {}).get("weights")
    if weights is None:
        return
    path: KeyPath = ("governance", "decisions", "weights")
    associated = [p["id"] for p in partners_of(d) if p.get("role") == "associated"]
    for pid in associated:
        if weights.get(pid):
            yield Hit((*path, pid), _("'{partner}' is an associated partner without a vote; "
                                      "give it no weight").format(partner=pid), key=True)
    voters = [pid for pid in partner_ids(d) if pid not in associated]
    yield from _sum_to_100(d, path, weights, _("vote weights sum to {total} %, not 100 %"),
                           expected=voters)


@rule("R-NET-1", Level.WARNING, "More than two partners: the accession, withdrawal and exclusion "
      "module is kept.", "research A.19")
def network_accession(d: RuleInput) -> Iterator[Hit]:
    where = exclusion(d, "accession")
    if where and len(partners_of(d)) > 2:
        yield Hit(where,
                  _("{count} partners form a network that partners join and leave; without the "
                    "accession module there is no procedure for it").format(
                      count=len(partners_of(d))))


@rule("R-NET-4", Level.WARNING, "The minimum number of partners to continue is not above the "
      "number of partners.", "research A.19")
def minimum_partners(d: RuleInput) -> Iterator[Hit]:
    minimum = options(d, "accession").get("min_partners", 2)
    if minimum > len(partners_of(d)):
        yield Hit(("clauses", "accession", "min_partners"),
                  _("min_partners {minimum} is more than the {count} partners: the cooperation "
                    "would have to be wound up at once; lower it").format(
                      minimum=minimum, count=len(partners_of(d))))


@rule("R-LZ-3", Level.WARNING, "The consequences of the end (wind-down) are regulated.",
      "research A.18")
def exit_regulated(d: RuleInput) -> Iterator[Hit]:
    where = exclusion(d, "exit")
    if where:
        yield Hit(where,
                  _("without the exit module nothing says how ongoing orders, material, data "
                    "and joint costs are settled when the cooperation or a partner's "
                    "participation ends"))


@rule("R-FORM-2", Level.ERROR, "Contributions of land or GmbH shares need notarial form, which "
      "coopdocs cannot give.", "§ 311b BGB, § 15 GmbHG; research B")
def notarial_contributions(d: RuleInput) -> Iterator[Hit]:
    for i, partner in enumerate(partners_of(d)):
        for j, contribution in enumerate(partner.get("contributions", [])):
            text = str(contribution.get("description", "")).lower()
            if any(word in text for word in _NOTARIAL):
                yield Hit(("partners", i, "contributions", j, "description"),
                          _("a contribution of land or of shares in a GmbH needs a notarial "
                            "deed (§ 311b BGB, § 15 GmbHG); contribute its use instead (e.g. a "
                            "lease) or have the transfer notarised separately"))


# --- standard terms: contractual penalty, liability cap (issue 17, activities.md §11) ----------

_SECRETS: KeyPath = ("clauses", "trade_secrets")
_LIABILITY: KeyPath = ("clauses", "liability")


@rule("R-STD-4", Level.ERROR, "A contractual penalty's overall cap is not below the amount per "
      "breach; its mode and cap come with an amount per breach.",
      "§§ 307, 339 BGB, § 348 HGB; BGH VII ZR 210/01; activities.md §11")
def penalty_cap_consistent(d: RuleInput) -> Iterator[Hit]:
    secrets = options(d, "trade_secrets")
    penalty, cap = secrets.get("penalty"), secrets.get("penalty_cap")
    if penalty is None:
        written = d.given.get("clauses", {}).get("trade_secrets", {})
        for key in ("penalty_mode", "penalty_cap"):
            if isinstance(written, Mapping) and key in written and written[key] is not None:
                yield Hit((*_SECRETS, key),
                          _("{key} has no effect without penalty (the amount per breach, or "
                            "with penalty_mode hamburg the most the affected partner may set per "
                            "breach); set penalty or remove {key}").format(key=key))
        return
    if cap is not None and cap < penalty:
        yield Hit((*_SECRETS, "penalty_cap"),
                  _("the overall cap {cap} is below the penalty of {penalty} per breach, so not "
                    "even one breach could be paid in full; raise penalty_cap to at least penalty "
                    "(the draft assumes five times penalty when penalty_cap is not given)").format(
                      cap=_amount(cap), penalty=_amount(penalty)))


@rule("R-STD-4a", Level.WARNING, "A fixed contractual penalty stays proportionate: one breach "
      "forfeits at most half of the overall cap.",
      "§ 307 BGB, § 348 HGB; BGH VII ZR 210/01; activities.md §11")
def penalty_proportionate(d: RuleInput) -> Iterator[Hit]:
    secrets = options(d, "trade_secrets")
    penalty, cap = secrets.get("penalty"), secrets.get("penalty_cap")
    if penalty is None or cap is None or secrets.get("penalty_mode", "fixed") != "fixed":
        return
    if penalty <= cap < 2 * penalty:
        yield Hit((*_SECRETS, "penalty"),
                  _("a single breach forfeits {penalty}, more than half of the overall cap "
                    "{cap}: a fixed amount must fit even the lightest typical breach, and between "
                    "merchants a court cannot reduce it (§ 348 HGB), so in standard terms the "
                    "whole penalty may fail (§ 307 BGB); lower penalty, raise penalty_cap or "
                    "choose penalty_mode: hamburg (the amount is then set per case and reviewable "
                    "by the court)").format(penalty=_amount(penalty), cap=_amount(cap)))


@rule("R-STD-5", Level.WARNING, "A liability cap (per loss event or per contract year) is not "
      "below an insurance sum the same agreement requires.",
      "§ 307 BGB (cap must cover the typical foreseeable damage); activities.md §11")
def cap_below_insurance(d: RuleInput) -> Iterator[Hit]:
    liability = options(d, "liability")
    insurance = [entry for entry in liability.get("insurance", []) if "sum" in entry]
    if not insurance:
        return
    highest = max(insurance, key=lambda entry: entry["sum"])
    for key in ("cap", "annual_cap"):
        cap = liability.get(key)
        if cap is not None and cap < highest["sum"]:
            message = (
                _("the cap of {cap} per loss event is below the insurance cover of {cover} per "
                  "event the agreement requires ({insurance}): insuring such sums suggests the "
                  "typical foreseeable damage is higher, and in standard terms a cap below that "
                  "damage is void (§ 307 BGB): only the limit to the typical foreseeable damage "
                  "would remain; raise {key} to at least {cover} or have the amount reviewed")
                if key == "cap" else
                _("the cap of {cap} per contract year is below the insurance cover of {cover} "
                  "per event the agreement requires ({insurance}): insuring such sums suggests "
                  "the typical foreseeable damage is higher, and in standard terms a cap below "
                  "that damage is void (§ 307 BGB): only the limit to the typical foreseeable "
                  "damage would remain; raise {key} to at least {cover} or have the amount "
                  "reviewed"))
            yield Hit((*_LIABILITY, key), message.format(
                cap=_amount(cap), cover=_amount(highest["sum"]), insurance=highest["type"],
                key=key))


@rule("R-STD-5a", Level.ERROR, "The liability cap per contract year is not below the cap per "
      "loss event.", "logic; activities.md §11")
def annual_cap_consistent(d: RuleInput) -> Iterator[Hit]:
    liability = options(d, "liability")
    cap, annual = liability.get("cap"), liability.get("annual_cap")
    if cap is not None and annual is not None and annual < cap:
        yield Hit((*_LIABILITY, "annual_cap"),
                  _("the cap of {annual} per contract year is below the cap of {cap} per loss "
                    "event, so the cap per event never applies in full; raise annual_cap to at "
                    "least cap or remove cap").format(annual=_amount(annual), cap=_amount(cap)))


def _amount(value: float) -> str:
    """A sum as written in the messages: 250000 → "250,000", 12.5 → "12.5".

    In German "250.000" and "12,5": read with English separators, "250,000" would be 250.
    """
    english = f"{value:,.2f}".removesuffix(".00")
    return english.translate(_GERMAN_SEPARATORS) if language() == "de" else english


_GERMAN_SEPARATORS = str.maketrans({",": ".", ".": ","})


_NOTARIAL = ("grundstück", "grundeigentum", "erbbaurecht", "geschäftsanteil", "gmbh-anteil",
             "land parcel", "real estate", "share in a gmbh", "shares in a gmbh")


def _sum_to_100(d: RuleInput, path: KeyPath, shares: Mapping[str, Any], wrong_sum: str,
                expected: list[str] | None = None) -> Iterator[Hit]:
    """Shares sum to exactly 100, compared as decimals without a tolerance.

    ``wrong_sum`` is the message of a sum other than 100, translated, with ``{total}`` in it.

    ``Decimal(str(value))`` is the number as written: a float keeps the shortest text that
    reads back as it, and the loader refuses a number with more digits than a float keeps
    (check.sources), so 33.33 + 33.33 + 33.34 is 100 and 99.99 or 100.0000001 are not.
    """
    numbers = [v for v in shares.values()
               if isinstance(v, (int, float)) and not isinstance(v, bool)]
    total = sum((Decimal(str(v)) for v in numbers), Decimal(0))
    if total != 100:
        yield Hit(path, wrong_sum.format(total=f"{total.normalize():f}"))
    missing = [pid for pid in (expected if expected is not None else partner_ids(d))
               if pid not in shares]
    if missing:
        yield Hit(path, _("no share for {partners}; list every partner (0 is allowed)").format(
            partners=", ".join(missing)))
