"""Rules of the operating core: what the partners do together (``activities``, FORMAT.md §1a).

The codes are those of the research (``activities.md``): R-ACT-* for every activity, R-EK-* joint
purchasing, R-VK-* joint sales, R-RS-* shared resources, R-LF-* supply, R-FE-* joint development,
R-MK-* joint marketing, R-PF-* shared platform; CD-ACT-* are coopdocs' own. Each rule sees an
activity with its defaults (``id`` = type, ``partners`` = all, ``lead`` = coordinator or first
participant) as the agreement prints it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from coopdocs.check.findings import Level
from coopdocs.check.rules.core import Hit, RuleInput, partner_ids, partners_of, rule, unknown_id
from coopdocs.check.schema import load_schema
from coopdocs.errors import KeyPath
from coopdocs.i18n import _

# The activity each field of `fields:` needs (R-ACT-4); `it` is also met by interfaces.
FIELD_ACTIVITIES = {"purchasing": "joint_purchasing", "sales": "joint_sales",
                    "research": "joint_development", "it": "shared_platform"}
# Safe harbours of the Horizontal Guidelines 2023 and VO (EU) 2023/1066, per activity type.
SAFE_HARBOUR = {"joint_sales": 15, "joint_marketing": 15, "joint_development": 25}
JOINT_OFFERS = ("bidding_consortium", "lead_contractor", "joint_catalogue")


def activities(d: RuleInput) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """(key path, activity with its defaults) of every activity."""
    ids = partner_ids(d)
    coordinator = next((p["id"] for p in partners_of(d) if p.get("role") == "coordinator"), None)
    for i, given in enumerate(d.data.get("activities", [])):
        participants = given.get("partners") or ids
        lead = given.get("lead") or (coordinator if coordinator in participants
                                     else participants[0] if participants else None)
        yield ("activities", i), {"id": given["type"], **given, "partners": participants,
                                  "lead": lead}


def of_type(d: RuleInput, kind: str) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    return ((path, a) for path, a in activities(d) if a["type"] == kind)


def competitors_among(d: RuleInput, ids: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs of ``ids`` that compete (partners.competitor_of, either direction)."""
    rivals = {(p["id"], other) for p in partners_of(d) for other in p.get("competitor_of", [])}
    return [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]
            if (a, b) in rivals or (b, a) in rivals]


def _name(d: RuleInput, partner: str) -> str:
    found = next((p for p in partners_of(d) if p["id"] == partner), None)
    return str(found.get("short_name") or found["name"]) if found else partner


def _sum(values: Mapping[str, Any]) -> Decimal:
    return sum((Decimal(str(v)) for v in values.values()), Decimal(0))


def _and(items: Sequence[str]) -> str:
    """``items`` (activity types: data, kept as written) joined by the current language's "and"."""
    joined = "".join(items[:1])
    for item in items[1:]:
        # Translators: joins two activity types, e.g. "joint_sales and supply"
        joined = _("{first} and {second}").format(first=joined, second=item)
    return joined


# --- every activity ----------------------------------------------------------------------------

@rule("CD-ACT-1", Level.ERROR, "Activity ids are unique.", "FORMAT.md §1a")
def unique_ids(d: RuleInput) -> Iterator[Hit]:
    seen: dict[str, KeyPath] = {}
    for path, activity in activities(d):
        if activity["id"] in seen:
            where = "id" if "id" in d.data["activities"][path[1]] else "type"
            yield Hit((*path, where), _("a second activity '{id}' (the first is "
                                        "activities[{first}]); give each its own id").format(
                id=activity["id"], first=seen[activity["id"]][1]))
        seen.setdefault(activity["id"], path)


@rule("CD-ACT-2", Level.ERROR, "An activity has only the fields of its type.", "FORMAT.md §1a")
def fields_of_type(d: RuleInput) -> Iterator[Hit]:
    owners = _field_types()
    for path, activity in activities(d):
        given = d.data["activities"][path[1]]
        for key in given:
            types = owners.get(key)
            if types and activity["type"] not in types:
                yield Hit((*path, key), _("'{key}' is a field of {types}, not of {type}; remove "
                                          "it or change the type").format(
                    key=key, types=_and(types), type=activity["type"]), key=True)
        competition = given.get("competition") or {}
        for key in competition:
            types = owners.get(f"competition.{key}")
            if types and activity["type"] not in types:
                yield Hit((*path, "competition", key), _("'competition.{key}' is for {types}, "
                                                         "not for {type}; remove it").format(
                    key=key, types=_and(types), type=activity["type"]), key=True)


def _field_types() -> dict[str, tuple[str, ...]]:
    """Field → the activity types it belongs to (``meta.activity`` in the schema)."""
    fields = load_schema("cooperation")["activities"]["schema"]["schema"]
    owners = {key: tuple(rules["meta"]["activity"]) for key, rules in fields.items()
              if "activity" in rules.get("meta", {})}
    competition = fields["competition"]["schema"]
    owners.update({f"competition.{key}": tuple(rules["meta"]["activity"])
                   for key, rules in competition.items() if "activity" in rules.get("meta", {})})
    return owners


@rule("R-ACT-1", Level.ERROR, "At least two partners take part in an activity, its lead among "
      "them, and every partner it names is one of the cooperation's.",
      "activities.md §1")
def participants_known(d: RuleInput) -> Iterator[Hit]:
    known = partner_ids(d)
    for path, activity in activities(d):
        given = d.data["activities"][path[1]]
        for i, partner in enumerate(given.get("partners", [])):
            if partner not in known:
                yield Hit((*path, "partners", i), unknown_id(partner, known, "partner"))
        if "lead" in given and given["lead"] not in activity["partners"]:
            yield Hit((*path, "lead"), _("the lead '{lead}' does not take part in the "
                                         "activity; add it to partners or choose one of "
                                         "{participants}").format(
                lead=given["lead"], participants=", ".join(activity["partners"])))
        yield from _named_partners(d, path, given, activity["partners"])


# Fields that name one participant (a partner id), and those whose keys are participants.
_ONE_PARTNER = (("supplier",), ("buyer",), ("operator",), ("delivery", "warehouse", "operator"),
                ("hygiene", "cleaning_by"), ("safety_duties",), ("house_rights",))
_KEYED_BY_PARTNER = (("work_shares",), ("usage", "quota"), ("opening_hours",))
# lists whose items name the partner they belong to in ``by``
_LISTS_BY_PARTNER = (("software",), ("work_packages",), ("milestones",), ("cost_plan",),
                     ("exploitation_plan",), ("background", "listed"), ("pos", "registers"))
_JOINT = "joint"  # house rights and cleaning may lie with all participants together


def _named_partners(d: RuleInput, path: KeyPath, given: Mapping[str, Any],
                    participants: Sequence[str]) -> Iterator[Hit]:
    for keys in _ONE_PARTNER:
        value = _at(given, keys)
        if isinstance(value, str) and value != _JOINT and value not in participants:
            yield Hit((*path, *keys), unknown_id(value, list(participants), "participant"))
    for keys in _KEYED_BY_PARTNER:
        mapping = _at(given, keys)
        for key in mapping if isinstance(mapping, Mapping) else {}:
            if key not in participants and not (keys == ("opening_hours",)
                                                and key == "shared_area"):
                yield Hit((*path, *keys, key), unknown_id(key, list(participants),
                                                          "participant"), key=True)
    for i, resource in enumerate(given.get("resources", [])):
        if resource.get("holder") not in participants:
            yield Hit((*path, "resources", i, "holder"),
                      unknown_id(str(resource.get("holder")), list(participants), "participant"))
    yield from _listed_partners(path, given, participants)


def _listed_partners(path: KeyPath, given: Mapping[str, Any], participants: Sequence[str]
                     ) -> Iterator[Hit]:
    """The ``by`` of each item of the lists that name a partner per item."""
    for keys in _LISTS_BY_PARTNER:
        items = _at(given, keys)
        for i, item in enumerate(items if isinstance(items, list) else []):
            by = item.get("by") if isinstance(item, Mapping) else None
            if by is not None and by not in participants:
                yield Hit((*path, *keys, i, "by"),
                          unknown_id(str(by), list(participants), "participant"))


def _at(mapping: Mapping[str, Any], keys: Sequence[str]) -> Any:
    node: Any = mapping
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


@rule("R-ACT-2", Level.ERROR, "Competitors doing an activity together state its competition-law "
      "facts (competition: market shares, information firewall).", "activities.md §1; HGL 2023")
def competition_facts(d: RuleInput) -> Iterator[Hit]:
    for path, activity in activities(d):
        if activity["type"] not in ("joint_purchasing", "joint_sales", "joint_development",
                                    "joint_marketing") or "competition" in activity:
            continue
        if activity["type"] == "joint_sales" and activity.get("mode") == "referral":
            continue
        pairs = competitors_among(d, activity["partners"])
        if pairs:
            a, b = pairs[0]
            yield Hit((*path, "type"), _(
                "{first} and {second} compete and do {type} together: add 'competition:' with "
                "the joint market share(s) (and, where a participant sees the others' data, the "
                "information firewall) for the competition-law assessment").format(
                first=_name(d, a), second=_name(d, b), type=activity["type"]))


@rule("R-ACT-3", Level.WARNING, "Money of third parties or of the partners flows through one "
      "partner: check the partnership (GbR) and payment-services (ZAG) questions.",
      "activities.md §1; § 1 ZAG")
def money_through_one(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        flow = (activity.get("payment") or {}).get("flow")
        if flow in ("central_settlement", "coordinator_invoices"):
            yield Hit((*path, "payment", "flow"), _(
                "with '{flow}' the partners' money passes through {lead}: collecting it to pay "
                "suppliers may be a payment service under the ZAG (Finanztransfergeschäft); "
                "have it checked, or let each partner pay the suppliers directly").format(
                flow=flow, lead=_name(d, activity["lead"])))


@rule("R-ACT-4", Level.WARNING, "A field of cooperation (purchasing, sales, research, IT) has "
      "its activity, so the agreement regulates how it is done.", "activities.md §1")
def fields_have_activities(d: RuleInput) -> Iterator[Hit]:
    present = {a["type"] for _path, a in activities(d)}
    interfaces = (d.data.get("clauses", {}).get("it_security") or {}).get("interfaces")
    for i, field in enumerate(d.data.get("fields", [])):
        needed = FIELD_ACTIVITIES.get(field)
        if needed is None or needed in present or (field == "it" and interfaces):
            continue
        yield Hit(("fields", i), _(
            "'{field}' is a field of the cooperation, but no activity says how it is done: add "
            "an activity of type {type} (FORMAT.md §1a) so the agreement has its operating §, "
            "or remove the field").format(field=field, type=needed))


# --- joint purchasing --------------------------------------------------------------------------

@rule("R-EK-1", Level.WARNING, "A purchasing lead that competes with the other participants "
      "keeps their data behind a clean team with named members.",
      "HGL 2023 ch. 6; activities.md §2")
def purchasing_firewall(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        lead = activity["lead"]
        rivals = [b if a == lead else a for a, b in competitors_among(d, activity["partners"])
                  if lead in (a, b)]
        firewall = (activity.get("competition") or {}).get("info_firewall") or {}
        if rivals and not (firewall.get("clean_team") and firewall.get("members")):
            yield Hit((*path, "lead"), _(
                "the lead {lead} competes with {rivals} and sees their order volumes: set "
                "competition.info_firewall with clean_team: true and the members' names (or "
                "choose a lead that does not compete)").format(
                lead=_name(d, lead), rivals=", ".join(_name(d, r) for r in rivals)))


@rule("R-EK-2", Level.WARNING, "Joint purchasing by competitors: shares of at most 15 % on both "
      "the purchasing and the selling market (soft safe harbour).", "HGL 2023 ch. 4")
def purchasing_shares(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        if not competitors_among(d, activity["partners"]):
            continue
        shares = (activity.get("competition") or {}).get("market_shares") or {}
        for market in ("purchasing_percent", "selling_percent"):
            value = shares.get(market)
            at = (*path, "competition", "market_shares", market)
            if value is None:
                yield Hit((*path, "competition") if "competition" in activity else (*path, "type"),
                          _("competitors buy together: state "
                            "competition.market_shares.{market}; the soft safe harbour needs at "
                            "most 15 % on both markets").format(market=market))
            elif value > 15:
                yield Hit(at, _("{value} % is above the 15 % safe harbour for joint "
                                "purchasing: the arrangement needs an individual assessment "
                                "under Art. 101(3) TFEU; have it reviewed").format(value=value))


@rule("R-EK-4", Level.ERROR, "Zentralregulierung says why a partner's payment to the lead "
      "discharges its debt (assignment or collection authority).", "§§ 362, 398 BGB")
def settlement_discharge(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        payment = activity.get("payment") or {}
        if payment.get("flow") == "central_settlement" and "discharge" not in payment:
            yield Hit((*path, "payment", "flow"), _(
                "with central_settlement a partner's payment to the lead discharges its debt to "
                "the supplier only by assignment or a collection authority: set "
                "payment.discharge to assignment or collection_authority"))


@rule("R-EK-5", Level.WARNING, "A Delkredere names its fee, cap and security.", "§ 394 HGB")
def del_credere(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        payment = activity.get("payment") or {}
        terms = payment.get("del_credere_terms") or {}
        missing = [k for k in ("fee_percent", "cap", "security") if k not in terms]
        if payment.get("del_credere") and missing:
            yield Hit((*path, "payment", "del_credere"), _(
                "the lead guarantees the partners' payments: agree its fee, a cap and the "
                "partners' security (payment.del_credere_terms: {missing} missing) before "
                "signing").format(missing=", ".join(missing)))


@rule("R-EK-6", Level.WARNING, "Where the receiver of goods is not the buyer, defects are "
      "reported within 48 hours so the buyer keeps its § 377 HGB rights.", "§ 377 HGB")
def report_in_time(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        inspection = activity.get("inspection") or {}
        indirect = (inspection.get("notice_by") == "lead"
                    or (activity.get("delivery") or {}).get("mode") == "drop_ship_to_customer")
        if indirect and inspection.get("report_hours", 0) > 48:
            yield Hit((*path, "inspection", "report_hours"), _(
                "{hours} hours leave too little of the buyer's time to give notice without "
                "delay (§ 377 HGB): at most 48").format(hours=inspection["report_hours"]))


@rule("R-EK-7", Level.WARNING, "A purchasing commitment stays proportionate: at most 80 % of a "
      "partner's needs, with an opt-out.", "HGL 2023 ch. 4")
def commitment_proportionate(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        commitment = activity.get("minimum_commitment") or {}
        if commitment.get("type", "none") == "none":
            continue
        if commitment.get("type") == "share_percent" and commitment.get("value", 0) > 80:
            yield Hit((*path, "minimum_commitment", "value"), _(
                "a commitment of {value} % of a partner's needs may foreclose suppliers: at "
                "most 80 %").format(value=commitment["value"]))
        elif not commitment.get("opt_out"):
            yield Hit((*path, "minimum_commitment"), _("a purchasing commitment without opt-out "
                                                       "may foreclose suppliers: set opt_out: "
                                                       "true"))


@rule("R-EK-8", Level.WARNING, "The lead's share of supplier rebates is disclosed.",
      "§ 667 BGB; § 299 StGB")
def rebate_fee_disclosed(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        rebates = activity.get("rebates")
        if rebates is not None and "coordinator_fee_percent" not in rebates:
            yield Hit((*path, "rebates"), _("say which share of the rebates the lead keeps "
                                            "(rebates.coordinator_fee_percent, 0 for none), so "
                                            "it is disclosed"))


@rule("R-EK-9", Level.WARNING, "Goods in a central warehouse are stored labelled per partner.",
      "§§ 929 ff., 948 BGB")
def warehouse_segregation(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_purchasing"):
        delivery = activity.get("delivery") or {}
        if delivery.get("mode") == "central_warehouse" and not delivery.get("segregation"):
            yield Hit((*path, "delivery", "mode"), _(
                "goods of several partners in one warehouse mix and title becomes joint "
                "(§ 948 BGB): set delivery.segregation: true and label them per partner"))


# --- joint sales -------------------------------------------------------------------------------

@rule("R-VK-1", Level.ERROR, "Competitors offer jointly only with a documented necessity (none "
      "could offer alone).", "BGH KRB 3/83; HGL 2023 ch. 5")
def bid_necessity(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_sales"):
        if activity.get("mode") in JOINT_OFFERS and "necessity" not in activity:
            pairs = competitors_among(d, activity["partners"])
            if pairs:
                a, b = pairs[0]
                yield Hit((*path, "mode"), _(
                    "{first} and {second} compete: a joint offer ({mode}) is a cartel unless "
                    "none of them could make it alone; set necessity with case_group and the "
                    "facts (rationale), or sell separately").format(
                    first=_name(d, a), second=_name(d, b), mode=activity["mode"]))


@rule("R-VK-3", Level.WARNING, "Joint commercialisation by competitors: at most 15 % joint "
      "market share (soft safe harbour).", "HGL 2023 ch. 5")
def sales_share(d: RuleInput) -> Iterator[Hit]:
    yield from _share_rule(d, "joint_sales")


@rule("R-FE-1", Level.WARNING, "Joint R&D by competitors: at most 25 % joint market share "
      "(VO (EU) 2023/1066).", "VO (EU) 2023/1066 Art. 6")
def development_share(d: RuleInput) -> Iterator[Hit]:
    yield from _share_rule(d, "joint_development")


@rule("R-MK-8", Level.WARNING, "Joint marketing by competitors: at most 15 % joint market share "
      "(soft safe harbour for commercialisation).", "HGL 2023 ch. 5")
def marketing_share(d: RuleInput) -> Iterator[Hit]:
    yield from _share_rule(d, "joint_marketing")


def _share_rule(d: RuleInput, kind: str) -> Iterator[Hit]:
    limit = SAFE_HARBOUR[kind]
    for path, activity in of_type(d, kind):
        if activity.get("mode") == "referral" or not competitors_among(d, activity["partners"]):
            continue
        share = (activity.get("competition") or {}).get("market_share_percent")
        if share is None:
            at = (*path, "competition") if "competition" in activity else (*path, "type")
            yield Hit(at, _("competitors do {type} together: state "
                            "competition.market_share_percent (safe harbour: {limit} %)").format(
                type=kind, limit=limit))
        elif share > limit:
            yield Hit((*path, "competition", "market_share_percent"), _(
                "{share} % is above the {limit} % safe harbour for {type}: the arrangement "
                "needs an individual assessment; have it reviewed").format(
                share=share, limit=limit, type=kind))


@rule("R-VK-4", Level.WARNING, "A bidding ARGE makes the partners jointly and severally liable "
      "to the customer: internal recourse and insurance are agreed.", "§§ 721, 421, 426 BGB")
def arge_liability(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_sales"):
        if activity.get("external_form") == "arge_gbr":
            yield Hit((*path, "external_form"), _(
                "as an ARGE the partners are jointly and severally liable to the customer "
                "(§ 721 BGB): check the work shares for the internal recourse and that each "
                "partner's insurance covers its part"))


@rule("R-VK-5", Level.ERROR, "Customer protection covers at most 24 months after the end.",
      "§ 138 BGB; BGH KZR 54/08")
def customer_protection(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_sales"):
        months = (activity.get("customer_protection") or {}).get("after_months")
        if months is not None and months > 24:
            yield Hit((*path, "customer_protection", "after_months"), _(
                "{months} months is a disguised non-compete and void: at most 24").format(
                months=months))


@rule("R-VK-6", Level.WARNING, "A referral commission is statemented at least quarterly.",
      "§ 87c HGB analog")
def commission_statement(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_sales"):
        if activity.get("mode") != "referral":
            continue
        commission = activity.get("commission")
        if commission is None:
            yield Hit((*path, "mode"), _("a referral needs its commission: set commission "
                                         "with rate_percent, duration_months and statement"))
        elif "statement" not in commission:
            yield Hit((*path, "commission"), _("say how often commission is statemented "
                                               "(statement: monthly or quarterly)"))


@rule("R-VK-7", Level.WARNING, "A referrer that negotiates for the other is a commercial agent "
      "(§§ 84 ff. HGB).", "§§ 84, 87c, 89b HGB")
def referrer_agent(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_sales"):
        if (activity.get("commission") or {}).get("referrer_activity") == "negotiates":
            yield Hit((*path, "commission", "referrer_activity"), _(
                "a referrer that negotiates is a commercial agent: the mandatory rules "
                "(statement § 87c, indemnity § 89b HGB) apply; have the agency terms reviewed"))


@rule("R-VK-9", Level.ERROR, "Work shares of a joint offer sum to exactly 100 %.", "arithmetic")
def work_shares_sum(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_sales"):
        shares = activity.get("work_shares")
        if shares and _sum(shares) != 100:
            yield Hit((*path, "work_shares"), _("the work shares sum to {total} %, not "
                                                "100 %").format(total=_sum(shares)))


# --- shared resources --------------------------------------------------------------------------

@rule("R-RS-1", Level.ERROR, "Leased premises used by another partner need the landlord's "
      "consent; refused consent blocks, pending consent becomes a condition.", "§ 540 BGB")
def landlord_consent(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_resources"):
        for i, resource in enumerate(activity.get("resources", [])):
            if resource.get("landlord_consent") == "refused":
                yield Hit((*path, "resources", i, "landlord_consent"), _(
                    "the landlord refused consent: letting another partner use the premises "
                    "breaches the lease (§ 540 BGB) and allows termination; obtain consent or "
                    "share other premises"))


@rule("R-RS-1a", Level.WARNING, "Pending landlord consent: the shared use starts only when it "
      "is granted.", "§ 540 BGB")
def landlord_consent_pending(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_resources"):
        for i, resource in enumerate(activity.get("resources", [])):
            if resource.get("landlord_consent") == "pending":
                yield Hit((*path, "resources", i, "landlord_consent"), _(
                    "consent is pending: the agreement makes it a condition of the shared use; "
                    "record it (granted) once the landlord has agreed in writing"))


@rule("R-RS-2", Level.ERROR, "Food businesses sharing premises say who does what for hygiene.",
      "Art. 5 VO (EG) 852/2004; LMHV")
def hygiene_given(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_resources"):
        if activity.get("food_business") and "hygiene" not in activity:
            yield Hit((*path, "food_business"), _("food is handled in shared premises: set "
                                                  "hygiene (cleaning_by, cleaning_frequency, "
                                                  "pest_control)"))


@rule("R-RS-3", Level.ERROR, "Shared premises have a holder of the Hausrecht.", "§§ 858, 1004 BGB")
def house_rights(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_resources"):
        premises = [r for r in activity.get("resources", []) if r.get("kind") == "premises"]
        if premises and "house_rights" not in activity:
            yield Hit((*path, "resources"), _("shared premises need a holder of the "
                                              "Hausrecht: set house_rights to joint or a "
                                              "partner id"), key=True)


@rule("R-RS-4", Level.ERROR, "Shared premises have a partner responsible for their safety "
      "(Verkehrssicherungspflicht).", "§ 823 BGB")
def safety_duties(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_resources"):
        premises = [r for r in activity.get("resources", []) if r.get("kind") == "premises"]
        if premises and "safety_duties" not in activity:
            yield Hit((*path, "resources"), _(
                "someone must keep the shared premises safe for guests (floors, light, winter "
                "service): set safety_duties to a partner id"), key=True)


@rule("R-RS-5", Level.WARNING, "Staff working for both partners: no hidden temporary agency "
      "work.", "§§ 1, 9, 10 AÜG")
def personnel(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_resources"):
        staff = [i for i, r in enumerate(activity.get("resources", []))
                 if r.get("kind") == "personnel"]
        if activity.get("personnel_model") == "service_contract" or staff:
            at = (*path, "personnel_model") if "personnel_model" in activity \
                else (*path, "resources", staff[0])
            yield Hit(at, _("staff of one partner working for the other must stay under "
                            "their own employer's instructions with their own supervisor and a "
                            "defined service; otherwise it is temporary agency work needing a "
                            "permit (AÜG)"))


@rule("R-RS-6", Level.ERROR, "Shares of use sum to exactly 100 %.", "arithmetic")
def quota_sum(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_resources"):
        quota = (activity.get("usage") or {}).get("quota")
        if quota and _sum(quota) != 100:
            yield Hit((*path, "usage", "quota"), _("the shares of use sum to {total} %, not "
                                                   "100 %").format(total=_sum(quota)))


# --- supply ------------------------------------------------------------------------------------

@rule("CD-ACT-3", Level.ERROR, "A supply names its supplier and its buyer, two different "
      "participants.", "FORMAT.md §1a")
def supply_parties(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "supply"):
        for role in ("supplier", "buyer"):
            if role not in activity:
                yield Hit((*path, "type"), _("a supply needs its {role}: set {role} to a "
                                             "partner id").format(role=role))
        if activity.get("supplier") and activity.get("supplier") == activity.get("buyer"):
            yield Hit((*path, "buyer"), _("supplier and buyer are the same partner"))


@rule("R-LF-3", Level.WARNING, "Forecasts have a binding (frozen) zone.",
      "practice; activities.md §5")
def frozen_zone(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "supply"):
        forecast = activity.get("forecast")
        if forecast is not None and "frozen_weeks" not in forecast:
            yield Hit((*path, "forecast"), _(
                "say how many weeks before delivery a forecast binds (forecast.frozen_weeks), "
                "so the supplier may produce and order material at the buyer's risk"))


@rule("R-LF-4", Level.WARNING, "A price adjustment names its index and works both ways.",
      "§ 307 BGB; PrKG")
def price_index(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "supply"):
        price = activity.get("price") or {}
        if price.get("adjustment") == "cost_element" and not price.get("index"):
            yield Hit((*path, "price", "adjustment"), _(
                "a cost-element adjustment needs its published index (price.index) and the "
                "share of the price it applies to (price.share_percent), or it is not "
                "transparent (§ 307 BGB)"))


@rule("R-LF-6", Level.WARNING, "A supply between competitors is a horizontal production "
      "agreement.", "VO (EU) 2023/1067")
def supply_between_competitors(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "supply"):
        pair = [p for p in (activity.get("supplier"), activity.get("buyer")) if p]
        if len(pair) == 2 and competitors_among(d, pair):
            yield Hit((*path, "supplier"), _(
                "supplier and buyer compete: the supply is a horizontal production or "
                "specialisation agreement (VO (EU) 2023/1067, 20 % market share); have it "
                "assessed"))


@rule("R-LF-9", Level.WARNING, "Recall and field-action costs are allocated.", "ProdHaftG")
def recall_allocated(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "supply"):
        if "recall" not in activity:
            yield Hit((*path, "type"), _("say who bears recall costs (recall: by_cause); "
                                         "tort law does not allocate them"))


# --- joint development -------------------------------------------------------------------------

@rule("R-FE-5", Level.WARNING, "Publications of results are announced in advance.",
      "§ 3 PatG (novelty)")
def publication_rules(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_development"):
        if "publication" not in activity:
            yield Hit((*path, "type"), _("a publication before a patent filing destroys "
                                         "novelty: set publication.notice_days (and "
                                         "max_delay_days)"))


@rule("R-FE-6", Level.WARNING, "Employee inventions are claimed by their employer.",
      "§§ 5, 6 ArbnErfG")
def employee_inventions(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_development"):
        if "employee_inventions" not in activity:
            yield Hit((*path, "type"), _("unclaimed inventions stay with the employee and the "
                                         "partners cannot grant the agreed access: set "
                                         "employee_inventions: claim_all"))


# --- joint marketing ---------------------------------------------------------------------------

@rule("R-MK-2", Level.ERROR, "A joint brand is owned by one partner, never by the cooperation.",
      "§ 7 MarkenG; § 721 BGB")
def brand_owner(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_marketing"):
        owner = (activity.get("brand") or {}).get("owner")
        if owner is not None and owner not in activity["partners"]:
            yield Hit((*path, "brand", "owner"), _(
                "'{owner}' is not a participant: a brand held by the cooperation itself makes it "
                "a partnership with legal capacity (rechtsfähige GbR, § 721 BGB) liable with "
                "every partner's assets; let one participant own it and license it to the "
                "others ({participants})").format(
                owner=owner, participants=", ".join(activity["partners"])))


@rule("R-MK-4", Level.ERROR, "Competitors advertise no joint prices.", "§ 1 GWB; HGL 2023 ch. 5")
def joint_prices(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_marketing"):
        if activity.get("price_advertising") == "joint_prices" \
                and competitors_among(d, activity["partners"]):
            yield Hit((*path, "price_advertising"), _(
                "competitors advertising joint prices fix prices: use own_prices_only (each "
                "advertises its own prices)"))


@rule("R-MK-6", Level.WARNING, "A joint brand says what happens to it when a partner leaves "
      "and at the end.", "§ 30 MarkenG")
def brand_exit(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "joint_marketing"):
        if "brand" in activity and "brand_fate_on_end" not in activity:
            yield Hit((*path, "brand"), _("say what becomes of the brand at the end "
                                          "(brand_fate_on_end) and how long a leaving partner "
                                          "may use up material (phase_out_months)"))


# --- shared platform ---------------------------------------------------------------------------

@rule("R-PF-1", Level.ERROR, "Several partners on one cash register platform: each sale is "
      "recorded on the taxpayer's own system with its own TSE.", "§ 146a AO; KassenSichV")
def tse_per_taxpayer(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_platform"):
        pos = activity.get("pos") or {}
        if pos.get("used") and not pos.get("tse_per_taxpayer"):
            yield Hit((*path, "pos"), _(
                "each partner is a taxpayer with its own recording duty: set "
                "pos.tse_per_taxpayer: true (each partner's sales on its own system and TSE), "
                "or have a tax adviser confirm another set-up"))


@rule("R-PF-4", Level.WARNING, "Software with open-source parts has a policy and an SBOM.",
      "licence compliance; CRA")
def oss_policy(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_platform"):
        oss = activity.get("oss")
        if oss is None:
            yield Hit((*path, "type"), _("say how open-source software is handled "
                                         "(oss.policy, oss.sbom); a licence breach can stop the "
                                         "whole platform"))
        elif not oss.get("sbom"):
            yield Hit((*path, "oss"), _("keep a software bill of materials per release "
                                        "(oss.sbom: true)"))


@rule("R-PF-5", Level.WARNING, "A platform used by the partners has service levels.",
      "activities.md §8")
def platform_sla(d: RuleInput) -> Iterator[Hit]:
    for path, activity in of_type(d, "shared_platform"):
        if "sla" not in activity:
            yield Hit((*path, "type"), _("set sla (availability_percent, support_hours, "
                                         "response_hours) so the partners know what the "
                                         "operator owes"))
