"""Legal rules on liability, secrets, data, interfaces and competition law, decided from input.

R-HAFT, R-GEH, R-DS, R-IT and R-KART (and CD-DS-1, the ids of the processings); rules about
coopdocs' own clause text are tests over the generated agreements (see
``coopdocs.check.rules.catalogue``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from coopdocs.check.findings import Level
from coopdocs.check.rules.core import Hit, RuleInput, exclusion, options, partners_of, rule
from coopdocs.i18n import _, ngettext
from coopdocs.model.cooperation import competitor_map


@rule("R-KART-0", Level.ERROR, "Partners that compete ⇒ the competition-law module cannot be "
      "excluded.", "§ 1 GWB, Art. 101 AEUV; research A.17")
def competition_law_kept(d: RuleInput) -> Iterator[Hit]:
    where = exclusion(d, "competition_law")
    if where and _competitors(d):
        yield Hit(where,
                  _("partners compete with each other (competitor_of), so the competition-law "
                    "module cannot be excluded"))




@rule("R-DS-2", Level.ERROR, "Joint controllership and processing need at least two partners.",
      "Art. 26, 28 DSGVO; research A.14")
def processing_parties(d: RuleInput) -> Iterator[Hit]:
    processing = options(d, "data_protection").get("processing", [])
    for i, entry in enumerate(processing):
        if entry.get("role") != "separate_controllers" and len(set(entry.get("partners", []))) < 2:
            yield Hit(("clauses", "data_protection", "processing", i, "partners"),
                      _("role '{role}' needs at least two different partners").format(
                          role=entry["role"]))




@rule("R-DS-3", Level.ERROR, "Processing on behalf names the controller(s) and, last, the "
      "processor, each once.", "Art. 28 DSGVO; research A.14")
def processor_parties(d: RuleInput) -> Iterator[Hit]:
    for i, entry in _processing(d, "processor"):
        listed = entry.get("partners", [])
        where = ("clauses", "data_protection", "processing", i, "partners")
        if len(listed) < 2:
            yield Hit(where, _("role 'processor' needs the controller(s) first and the "
                               "processing partner last, so at least two partners"))
            continue
        for j, pid in enumerate(listed):
            if pid in listed[:j]:
                message = (_("'{partner}' is listed twice; the processor cannot be its own "
                             "controller: for the data of its own business it is controller "
                             "without a processing agreement")
                           if j == len(listed) - 1 else
                           _("'{partner}' is listed twice; name each controller once"))
                yield Hit((*where, j), message.format(partner=pid))


@rule("R-DS-5", Level.WARNING, "A processor that competes with a partner it processes data for "
      "keeps that partner's data away from its own business (hub-and-spoke).",
      "Art. 28 DSGVO; § 1 GWB, Art. 101 AEUV; Horizontal Guidelines 2023 (indirect exchange)")
def processor_of_competitor(d: RuleInput) -> Iterator[Hit]:
    rivals = competitor_map(partners_of(d))
    for i, entry in _processing(d, "processor"):
        listed = entry.get("partners", [])
        if len(listed) < 2:
            continue
        processor, controllers = listed[-1], listed[:-1]
        competing = [c for c in dict.fromkeys(controllers)
                     if c != processor and c in rivals.get(processor, set())]
        if competing:
            yield Hit(("clauses", "data_protection", "processing", i, "partners"),
                      _("'{processor}' processes the data of its competitor(s) {competitors}: "
                        "the agreement obliges it to separate each partner's data and to keep its "
                        "own sales and pricing staff away from them, so that no competitively "
                        "sensitive information flows through it (hub-and-spoke); check that its "
                        "systems and staff can do so, or choose a processor that does not compete "
                        "with them").format(processor=processor,
                                            competitors=", ".join(repr(c) for c in competing)))


@rule("CD-DS-1", Level.ERROR, "Processing and interface ids are unique.", "FORMAT.md §1b")
def unique_processing_ids(d: RuleInput) -> Iterator[Hit]:
    for module, key in (("data_protection", "processing"), ("it_security", "interfaces")):
        seen: dict[str, int] = {}
        for i, entry in enumerate(options(d, module).get(key, [])):
            item_id = entry.get("id") if isinstance(entry, Mapping) else None
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                yield Hit(("clauses", module, key, i, "id"),
                          _("duplicate id '{id}' (also {path}[{index}]); ids must be unique")
                          .format(id=item_id, path=f"clauses.{module}.{key}",
                                  index=seen[item_id]))
            seen.setdefault(item_id, i)


@rule("R-DS-1", Level.ERROR, "Personal data processed in the cooperation ⇒ the data protection "
      "module (role per processing) is kept.", "Art. 26, 28 DSGVO; research A.14")
def data_protection_kept(d: RuleInput) -> Iterator[Hit]:
    where = exclusion(d, "data_protection")
    if where and options(d, "data_protection").get("processing"):
        yield Hit(where,
                  _("the cooperation lists processing of personal data, so the data protection "
                    "module cannot be excluded"))


@rule("R-DS-4", Level.WARNING, "A processor does not also decide on the purpose of the same "
      "processing (that is joint control).", "Art. 26, 28 DSGVO; research A.14")
def processor_not_controller(d: RuleInput) -> Iterator[Hit]:
    joint = {(str(e.get("purpose")), pid) for _, e in _processing(d, "joint_controllers")
             for pid in e.get("partners", [])}
    for i, entry in _processing(d, "processor"):
        processor = entry.get("partners", [None])[-1]
        if (str(entry.get("purpose")), processor) in joint:
            yield Hit(("clauses", "data_protection", "processing", i, "role"),
                      _("'{processor}' is processor and joint controller for the purpose "
                        "'{purpose}'; whoever co-decides the purpose is a joint controller, so "
                        "choose one role").format(processor=processor,
                                                  purpose=entry.get("purpose")))


def _processing(d: RuleInput, role: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for i, entry in enumerate(options(d, "data_protection").get("processing", [])):
        if entry.get("role") == role:
            yield i, entry


@rule("R-HAFT-7", Level.WARNING, "A liability cap is covered by the required insurance.",
      "research A.12")
def cap_insured(d: RuleInput) -> Iterator[Hit]:
    liability = options(d, "liability")
    cap, insurance = liability.get("cap"), liability.get("insurance", [])
    if cap is None or not insurance:
        return
    highest = max(entry["sum"] for entry in insurance)
    if cap > highest:
        yield Hit(("clauses", "liability", "cap"),
                  _("the cap {cap} is above the highest required insurance cover {cover}: a "
                    "partner could owe more than its insurance pays; raise the cover or lower the "
                    "cap").format(cap=cap, cover=highest))


@rule("R-GEH-1", Level.WARNING, "Information is exchanged ⇒ the confidentiality and trade "
      "secrets module is kept.", "§ 2 Nr. 1 GeschGehG; research A.13")
def secrets_protected(d: RuleInput) -> Iterator[Hit]:
    where = exclusion(d, "trade_secrets")
    if where and _exchanges_information(d):
        yield Hit(where,
                  _("the partners exchange know-how, data or interfaces; without the trade secrets "
                    "module there are no 'appropriate secrecy measures' (§ 2 GeschGehG) and the "
                    "information loses its protection"))


@rule("R-GEH-2", Level.WARNING, "Equipment, know-how or interfaces are shared ⇒ an express "
      "reverse-engineering ban.", "§ 3 Abs. 1 Nr. 2 GeschGehG; research A.13")
def reverse_engineering_banned(d: RuleInput) -> Iterator[Hit]:
    secrets = options(d, "trade_secrets")
    if secrets.get("reverse_engineering_ban", True) is False and _exchanges_information(d):
        yield Hit(("clauses", "trade_secrets", "reverse_engineering_ban"),
                  _("without the ban, a partner may lawfully reverse-engineer samples, equipment "
                    "or software it received (§ 3 GeschGehG); set reverse_engineering_ban: true"))


@rule("R-GEH-3", Level.WARNING, "Confidentiality survives the end for at least two years.",
      "research A.13")
def confidentiality_survives(d: RuleInput) -> Iterator[Hit]:
    years = options(d, "trade_secrets").get("years_after_end", 5)
    if years < 2:
        yield Hit(("clauses", "trade_secrets", "years_after_end"),
                  ngettext("confidentiality ends {years} years after the cooperation; "
                           "information still valuable then becomes free to use; choose at least "
                           "2 years",
                           "confidentiality ends {years} years after the cooperation; "
                           "information still valuable then becomes free to use; choose at least "
                           "2 years", years).format(years=years))


def _exchanges_information(d: RuleInput) -> bool:
    shared = {"knowhow", "equipment", "access"}
    contributes = any(c.get("type") in shared for p in partners_of(d)
                      for c in p.get("contributions", []))
    return bool(contributes or options(d, "it_security").get("interfaces")
                or "research" in d.data.get("fields", []))


@rule("R-IT-1", Level.WARNING, "Every interface names its authentication and specification.",
      "BSI; research A.15")
def interface_terms(d: RuleInput) -> Iterator[Hit]:
    for i, interface in enumerate(options(d, "it_security").get("interfaces", [])):
        missing = [key for key in ("auth", "spec") if key not in interface]
        if missing:
            message = (_("the interface '{name}' has no {key}; the annex then requires the "
                         "provider to document it before go-live; name it (auth: e.g. mTLS, "
                         "spec: e.g. OpenAPI 3.1, version 2.0)") if len(missing) == 1 else
                       _("the interface '{name}' has no {key} and no {other}; the annex then "
                         "requires the provider to document it before go-live; name it (auth: "
                         "e.g. mTLS, spec: e.g. OpenAPI 3.1, version 2.0)"))
            yield Hit(("clauses", "it_security", "interfaces", i),
                      message.format(name=interface.get("name"), key=missing[0],
                                     other=missing[-1]))


@rule("R-IT-2", Level.INFO, "Interface shutdown or incompatible change is announced in time for "
      "a migration (3 months or more).", "research A.15")
def interface_notice(d: RuleInput) -> Iterator[Hit]:
    for i, interface in enumerate(options(d, "it_security").get("interfaces", [])):
        months = interface.get("deprecation_months", 6)
        if months < 3:
            yield Hit(("clauses", "it_security", "interfaces", i, "deprecation_months"),
                      ngettext("{months} months' notice rarely suffices to migrate an "
                               "integration; consider 3 to 6",
                               "{months} months' notice rarely suffices to migrate an "
                               "integration; consider 3 to 6", months).format(months=months))


_SENSITIVE = ("prices", "capacities", "customers", "forecasts")


@rule("R-IT-3", Level.ERROR, "No prices, capacities, customer data or forecasts through "
      "interfaces between competitors.", "§ 1 GWB, Art. 101 AEUV; research A.15, A.17")
def interface_between_competitors(d: RuleInput) -> Iterator[Hit]:
    rivals = competitor_map(partners_of(d))
    for i, interface in enumerate(options(d, "it_security").get("interfaces", [])):
        ends = [interface.get("provider"), *interface.get("users", [])]
        pair = _("'{first}' and '{second}'")
        competing = sorted({pair.format(first=a, second=b) for a in ends for b in ends
                            if a != b and b in rivals.get(a, set()) and str(a) < str(b)})
        sensitive = [k for k in interface.get("data_kinds", []) if k in _SENSITIVE]
        if competing and sensitive:
            yield Hit(("clauses", "it_security", "interfaces", i, "data_kinds"),
                      _("{pairs} compete and share this interface; {kinds} must not flow "
                        "between them (blacklist of competition law); remove them or route them "
                        "through a clean team in aggregated form").format(
                          pairs=", ".join(competing), kinds=", ".join(sensitive)))


@rule("R-KART-2", Level.WARNING, "Competitors exchange sensitive information only through a clean "
      "team.", "research A.17")
def clean_team(d: RuleInput) -> Iterator[Hit]:
    if _competitors(d) and options(d, "competition_law").get("clean_team", True) is False:
        yield Hit(("clauses", "competition_law", "clean_team"),
                  _("partners compete; without a clean team every employee may see the other's "
                    "sensitive data; set clean_team: true unless no such data is exchanged"))


@rule("R-KART-3", Level.WARNING, "Competitors rely on § 3 GWB (Mittelstandskartell) only when all "
      "are SMEs and trade between member states is not affected.", "§ 3 GWB; research A.17")
def sme_privilege(d: RuleInput) -> Iterator[Hit]:
    if not _competitors(d):
        return
    large = [p["id"] for p in partners_of(d) if p.get("sme") is False]
    if options(d, "competition_law").get("cross_border"):
        yield Hit(("clauses", "competition_law", "cross_border"),
                  _("the cooperation can affect trade between member states: Art. 101 TFEU applies "
                    "and § 3 GWB does not help; the self-assessment must rest on Art. 101(3) TFEU; "
                    "have it reviewed"))
    elif large:
        yield Hit(("partners",), _("{partners} is not an SME: the Mittelstandskartell (§ 3 GWB) "
                                   "is not available; the self-assessment must rest on § 2 GWB; "
                                   "have it reviewed").format(partners=", ".join(large)))


# safe harbours by field: joint purchasing/commercialisation 15 %, specialisation (production)
# 20 %, research and development 25 % (Horizontal Guidelines 2023, block exemptions)
_SME_PRACTICE = 15  # § 3 GWB: competition not substantially impaired, in practice 10–15 %
_THRESHOLDS = {"purchasing": 15, "sales": 15, "marketing": 15, "production": 20, "research": 25}


@rule("R-KART-4", Level.WARNING, "Competitors state their combined market share, and it stays "
      "within the safe harbour of their kind of cooperation.", "research A.17")
def market_share(d: RuleInput) -> Iterator[Hit]:
    if not _competitors(d):
        return
    share = options(d, "competition_law").get("market_share_percent")
    fields = [f for f in d.data.get("fields", []) if f in _THRESHOLDS]
    if share is None:
        yield Hit(("partners",), _("partners compete but clauses.competition_law."
                                   "market_share_percent is not given; determine the combined "
                                   "share in the relevant market before starting"))
        return
    limit = min((_THRESHOLDS[f] for f in fields), default=None)
    if limit is None and share > _SME_PRACTICE:
        yield Hit(("clauses", "competition_law", "market_share_percent"),
                  _("a combined share of {share} % is above the roughly {limit} % up to which "
                    "the Mittelstandskartell (§ 3 GWB) is usually accepted; an individual "
                    "assessment is needed; have it reviewed").format(
                      share=share, limit=_SME_PRACTICE))
    elif limit is not None and share > limit:
        yield Hit(("clauses", "competition_law", "market_share_percent"),
                  _("a combined share of {share} % is above the {limit} % safe harbour for "
                    "{fields}; an individual assessment (Art. 101(3) TFEU / § 2 GWB) is needed; "
                    "have it reviewed").format(share=share, limit=limit,
                                               fields=", ".join(fields)))


def _competitors(d: RuleInput) -> bool:
    return any(competitor_map(partners_of(d)).values())



