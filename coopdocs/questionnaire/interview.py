"""The interview of ``coopdocs init``: which question comes next, given the answers so far.

``interview`` is a generator: it yields one ``Question`` (the template from ``catalogue`` with
its place filled in: the path, the partner's name, the partners to choose from) and receives
the parsed answer, so it can decide what comes next (a register only for registered legal
forms, a general partner only for a GmbH & Co. KG, market shares only where competitors act
together, the landlord's consent only for leased premises). It returns the answers as nested
plain data whose keys are the questions' paths; the answers file of ``--answers`` has the same
shape.

The steps are those of the Kreislauf des Vertrauens: 1 needs, 2 partners, 3 structures (what the
partners do together, how they decide), 4 business relationship (goals and KPIs, term,
evaluation). Only the key fields are asked; the draft marks every other detail with [●] and
lists it under "Offene Punkte und Annahmen".
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
from collections.abc import Generator, Iterable, Sequence
from typing import Any

from coopdocs.errors import KeyPath
from coopdocs.fmt import typed_date
from coopdocs.i18n import N_, _
from coopdocs.model.cooperation import form_kind, is_merchant_form, is_registered_form
from coopdocs.questionnaire.answers import Check, Choice, Question, local_number
from coopdocs.questionnaire.catalogue import BOARD_FORMS, FUNCTIONS, QUESTIONS

Answers = dict[str, Any]
Interview = Generator[Question, Any, Answers]


def ask(path: KeyPath, **changes: Any) -> Question:
    """The question at ``path``: its template from QUESTIONS with ``changes`` applied.

    ``params`` may be given as a mapping; it fills the placeholders of text and hint.
    """
    template = QUESTIONS[".".join(str(part) for part in path if isinstance(part, str))]
    params = changes.pop("params", {})
    return dataclasses.replace(template, path=path, params=tuple(params.items()), **changes)


def interview(today: datetime.date, language: str) -> Interview:
    """Every question of ``coopdocs init``, one at a time; returns the answers.

    ``today`` is the default date of the agreement; ``language`` (de or en) the default
    language of the documents.
    """
    answers: Answers = {}
    answers["language"] = yield ask(("language",), default=language)
    yield from _needs(answers)
    yield from _partners(answers)
    yield from _structures(answers)
    yield from _relationship(answers, today)
    return answers


# --- step 1 ---------------------------------------------------------------------------------

def _needs(answers: Answers) -> Generator[Question, Any, None]:
    answers["title"] = yield ask(("title",))
    answers["id"] = yield ask(("id",), default=slug(answers["title"]) or "kooperation")
    for key in ("background", "purpose", "excluded", "kind"):
        answers[key] = yield ask((key,))


# --- step 2 ---------------------------------------------------------------------------------

def _partners(answers: Answers) -> Generator[Question, Any, None]:
    count = yield ask(("partners",))
    partners: list[Answers] = []
    for index in range(count):
        partners.append((yield from _partner(index, partners, answers["language"])))
    answers["partners"] = partners
    yield from _competitors(partners)
    ids = partner_choices(partners)
    if count > 2:
        answers["coordinator"] = yield ask(("coordinator",), choices=ids)
    if any(p.get("competitor_of") for p in partners):
        answers["market_share_percent"] = yield ask(("market_share_percent",))


def _partner(index: int, others: Sequence[Answers],
             language: str) -> Generator[Question, Any, Answers]:
    at = ("partners", index)
    partner: Answers = {}
    partner["name"] = yield ask((*at, "name"), params={"number": str(index + 1)})
    named = {"name": partner["name"]}
    form = partner["legal_form"] = yield ask((*at, "legal_form"), params=named)
    taken = {other["id"] for other in others}
    partner["id"] = yield ask((*at, "id"), params=named,
                              default=unique(slug(_short(partner["name"], form)), taken),
                              check=_free_id(taken))
    yield from _registration(partner, at)
    yield from _representative(partner, at, language)
    partner["address"] = yield from _address(at, named)
    yield from _contact(partner, at)
    partner["tasks"] = yield ask((*at, "tasks"), params=named)
    return partner


def _registration(partner: Answers, at: KeyPath) -> Generator[Question, Any, None]:
    """Merchant status and register: asked as the legal form makes them matter."""
    named = {"name": partner["name"]}
    form = partner["legal_form"]
    merchant = is_merchant_form(form)
    if not merchant:
        merchant = partner["merchant"] = yield ask((*at, "merchant"), params=named)
    if merchant or is_registered_form(form):
        partner["register"] = yield ask((*at, "register"), params=named)
    if form_kind(form) == "gmbh_co_kg":
        partner["general_partner"] = yield ask((*at, "general_partner"), params=named)


def _representative(partner: Answers, at: KeyPath,
                    language: str) -> Generator[Question, Any, None]:
    name = yield ask((*at, "representative", "name"), params={"name": partner["name"]})
    if name:
        function = yield ask((*at, "representative", "function"), params={"person": name},
                             default=function_of(partner["legal_form"], language))
        partner["representative"] = {"name": name, "function": function}


def _address(at: KeyPath, named: dict[str, str]) -> Generator[Question, Any, Answers]:
    where = (*at, "address")
    country = yield ask((*where, "country"), params=named, check=_country)
    street = yield ask((*where, "street"), params=named)
    postal_code = yield ask((*where, "postal_code"),
                            check=_german_postal_code if country == "DE" else None)
    city = yield ask((*where, "city"))
    return {"street": street, "postal_code": postal_code, "city": city, "country": country}


def _contact(partner: Answers, at: KeyPath) -> Generator[Question, Any, None]:
    signer = (partner.get("representative") or {}).get("name")
    name = yield ask((*at, "contact", "name"), params={"name": partner["name"]}, default=signer)
    if name:
        email = yield ask((*at, "contact", "email"), params={"person": name})
        partner["contact"] = {"name": name, "email": email}


def _competitors(partners: list[Answers]) -> Generator[Question, Any, None]:
    """Who competes with whom: each partner is asked about the partners after it."""
    for index, partner in enumerate(partners[:-1]):
        partner["competitor_of"] = yield ask(
            ("partners", index, "competitor_of"), choices=partner_choices(partners[index + 1:]),
            params={"name": partner["name"]})


# --- step 3 ---------------------------------------------------------------------------------

def _structures(answers: Answers) -> Generator[Question, Any, None]:
    count = yield ask(("activities",))
    activities: list[Answers] = []
    for index in range(count):
        activities.append((yield from _activity(index, answers, activities)))
    answers["activities"] = activities
    yield from _governance(answers)


def _activity(index: int, answers: Answers,
              before: Sequence[Answers]) -> Generator[Question, Any, Answers]:
    at = ("activities", index)
    kind = yield ask((*at, "type"), params={"number": str(index + 1)})
    activity: Answers = {"type": kind, "id": unique(kind.replace("_", "-"),
                                                    {a["id"] for a in before})}
    activity["description"] = yield ask((*at, "description"))
    if kind == "supply":
        yield from _supply(activity, at, answers["partners"])
    else:
        chosen = yield from _taking_part(activity, at, answers)
        yield from _DETAILS[kind](activity, at, chosen)
    yield from _competition(activity, at, answers)
    return activity


def _taking_part(activity: Answers, at: KeyPath,
                 answers: Answers) -> Generator[Question, Any, tuple[Choice, ...]]:
    """Who takes part, and who runs the activity (a platform: who operates it)."""
    everyone = partner_choices(answers["partners"])
    taking_part = yield ask((*at, "partners"), choices=everyone,
                            default=[choice.value for choice in everyone])
    activity["partners"] = taking_part
    chosen = tuple(choice for choice in everyone if choice.value in taking_part)
    runner = "operator" if activity["type"] == "shared_platform" else "lead"
    activity[runner] = yield ask((*at, runner), choices=chosen,
                                 default=_lead_default(answers, taking_part))
    return chosen


def _lead_default(answers: Answers, taking_part: Sequence[str]) -> str:
    coordinator = answers.get("coordinator")
    return str(coordinator) if coordinator in taking_part else taking_part[0]


def _supply(activity: Answers, at: KeyPath,
            partners: Sequence[Answers]) -> Generator[Question, Any, None]:
    everyone = partner_choices(partners)
    supplier = yield ask((*at, "supplier"), choices=everyone)
    others = tuple(choice for choice in everyone if choice.value != supplier)
    buyer = yield ask((*at, "buyer"), choices=others)
    activity.update(supplier=supplier, buyer=buyer, partners=[supplier, buyer])
    activity["goods"] = yield ask((*at, "goods"))


def _purchasing(activity: Answers, at: KeyPath,
                chosen: tuple[Choice, ...]) -> Generator[Question, Any, None]:
    activity["categories"] = yield ask((*at, "categories"))
    activity["model"] = yield ask((*at, "model"))


def _sales(activity: Answers, at: KeyPath,
           chosen: tuple[Choice, ...]) -> Generator[Question, Any, None]:
    activity["mode"] = yield ask((*at, "mode"))
    if activity["mode"] == "referral":
        rate = yield ask((*at, "commission", "rate_percent"))
        activity["commission"] = {"rate_percent": rate}


def _resources(activity: Answers, at: KeyPath,
               chosen: tuple[Choice, ...]) -> Generator[Question, Any, None]:
    """One shared resource (more can be added to the file); premises need their keepers."""
    where = (*at, "resources", 0)
    name = yield ask((*where, "name"))
    resource: Answers = {"id": slug(name) or "resource", "name": name}
    resource["kind"] = yield ask((*where, "kind"))
    resource["holder"] = yield ask((*where, "holder"), choices=chosen,
                                   default=activity["lead"])
    resource["legal_basis"] = yield ask((*where, "legal_basis"))
    if resource["legal_basis"] == "lease" and resource["kind"] in ("premises", "storage"):
        resource["landlord_consent"] = yield ask((*where, "landlord_consent"))
    activity["resources"] = [resource]
    if resource["kind"] == "premises":
        for key in ("house_rights", "safety_duties"):
            activity[key] = yield ask((*at, key), choices=chosen, default=resource["holder"])


def _development(activity: Answers, at: KeyPath,
                 chosen: tuple[Choice, ...]) -> Generator[Question, Any, None]:
    activity["results_ownership"] = yield ask((*at, "results_ownership"))


def _marketing(activity: Answers, at: KeyPath,
               chosen: tuple[Choice, ...]) -> Generator[Question, Any, None]:
    name = yield ask((*at, "brand", "name"))
    if name:
        owner = yield ask((*at, "brand", "owner"), choices=chosen, default=activity["lead"])
        activity["brand"] = {"name": name, "owner": owner}


def _platform(activity: Answers, at: KeyPath,
              chosen: tuple[Choice, ...]) -> Generator[Question, Any, None]:
    activity["components"] = yield ask((*at, "components"))


_DETAILS = {
    "joint_purchasing": _purchasing,
    "joint_sales": _sales,
    "shared_resources": _resources,
    "joint_development": _development,
    "joint_marketing": _marketing,
    "shared_platform": _platform,
}


def _competition(activity: Answers, at: KeyPath,
                 answers: Answers) -> Generator[Question, Any, None]:
    """Market shares (and for joint offers the necessity) where competitors act together.

    The combined market share given for the partners is the default of an activity's.
    """
    rivals = rivals_among(answers["partners"], activity["partners"])
    share = answers.get("market_share_percent")
    kind = activity["type"]
    if not rivals or kind == "shared_resources" or activity.get("mode") == "referral":
        return
    names = {"names": _("{first} and {second}").format(first=rivals[0], second=rivals[1])}
    if kind == "joint_sales":
        case_group = yield ask((*at, "necessity", "case_group"))
        rationale = yield ask((*at, "necessity", "rationale"))
        activity["necessity"] = {"case_group": case_group, "rationale": rationale}
    if kind == "joint_purchasing":
        shares = (*at, "competition", "market_shares")
        purchasing = yield ask((*shares, "purchasing_percent"), params=names, default=share)
        selling = yield ask((*shares, "selling_percent"), default=share)
        activity["competition"] = {"market_shares": {"purchasing_percent": purchasing,
                                                     "selling_percent": selling}}
    else:
        given = yield ask((*at, "competition", "market_share_percent"), params=names,
                          default=share)
        activity["competition"] = {"market_share_percent": given}


def _governance(answers: Answers) -> Generator[Question, Any, None]:
    committee = ("governance", "steering_committee")
    decisions = ("governance", "decisions")
    chairs = (Choice("rotating", N_("rotating yearly, in the order of the partners")),
              *partner_choices(answers["partners"]))
    governance: Answers = {"steering_committee": {}, "decisions": {}}
    for key in ("members_per_partner", "meetings_per_year"):
        governance["steering_committee"][key] = yield ask((*committee, key))
    governance["steering_committee"]["chair"] = yield ask((*committee, "chair"), choices=chairs)
    for key in ("majority", "amendments"):
        governance["decisions"][key] = yield ask((*decisions, key))
    answers["governance"] = governance


# --- step 4 ---------------------------------------------------------------------------------

def _relationship(answers: Answers, today: datetime.date) -> Generator[Question, Any, None]:
    count = yield ask(("goals",))
    owners = partner_choices(answers["partners"])
    goals: list[Answers] = []
    for index in range(count):
        goals.append((yield from _goal(index, owners)))
    answers["goals"] = goals
    answers["date"] = yield ask(("date",), default=today)
    answers["term"] = yield from _term(answers["date"])
    answers["evaluation"] = yield from _evaluation(answers["term"]["start"])


def _goal(index: int, owners: tuple[Choice, ...]) -> Generator[Question, Any, Answers]:
    """A goal; the first must be measurable (a KPI and a deadline), for the evaluation."""
    at = ("goals", index)
    first = index == 0
    goal: Answers = {"description": (yield ask((*at, "description"),
                                               params={"number": str(index + 1)}))}
    goal["deadline"] = yield ask((*at, "deadline"), required=first)
    goal["owner"] = yield ask((*at, "owner"), choices=owners)
    name = yield ask((*at, "kpi", "name"), required=first)
    if name:
        goal["kpi"] = yield from _kpi((*at, "kpi"), name)
    return goal


def _kpi(at: KeyPath, name: str) -> Generator[Question, Any, Answers]:
    named = {"kpi": name}
    kpi: Answers = {"name": name}
    kpi["unit"] = yield ask((*at, "unit"), params=named)
    target = kpi["target"] = yield ask((*at, "target"), params=named)
    kpi["better"] = yield ask((*at, "better"), params=named)
    kpi["tolerance"] = yield ask((*at, "tolerance"), params=named, default=band_around(target),
                                 check=_holds(target))
    return kpi


def _term(date: datetime.date) -> Generator[Question, Any, Answers]:
    start = yield ask(("term", "start"), default=date)
    end = yield ask(("term", "end"), check=_after(start))
    term: Answers = {"start": start, "end": end}
    if end is None:
        term["minimum_months"] = yield ask(("term", "minimum_months"))
    term["notice_months"] = yield ask(("term", "notice_months"), check=_fits(start, end))
    term["notice_to"] = yield ask(("term", "notice_to"))
    return term


def _evaluation(start: datetime.date) -> Generator[Question, Any, Answers]:
    interval = yield ask(("evaluation", "interval_months"))
    first_due = yield ask(("evaluation", "first_due"), default=add_months(start, interval),
                          check=_after(start))
    return {"interval_months": interval, "first_due": first_due}


# --- checks against earlier answers ---------------------------------------------------------

def _free_id(taken: Iterable[str]) -> Check:
    used = set(taken)

    def check(value: str) -> str | None:
        return (_("the id '{id}' is taken by another partner; choose another").format(id=value)
                if value in used else None)

    return check


def _country(value: str) -> str | None:
    return None if re.fullmatch(r"[A-Z]{2}", value) else _(
        "enter the two capital letters of the country, e.g. DE or AT")


def _german_postal_code(value: str) -> str | None:
    return None if re.fullmatch(r"\d{5}", value) else _(
        "a German postal code has five digits, e.g. 01067")


def _after(start: datetime.date) -> Check:
    def check(value: datetime.date) -> str | None:
        return None if value > start else _("the date must be after the start, {start}").format(
            start=typed_date(start))

    return check


def _fits(start: datetime.date, end: datetime.date | None) -> Check:
    def check(value: int) -> str | None:
        if end is None or value < months_between(start, end):
            return None
        return _("a notice of {months} months does not fit into the fixed term; choose "
                 "fewer months").format(months=value)

    return check


def _holds(target: float) -> Check:
    def check(value: list[float]) -> str | None:
        if value[0] <= target <= value[1]:
            return None
        return _("the band must hold the target {target}, e.g. {band}").format(
            target=local_number(target),
            band="-".join(local_number(v) for v in band_around(target)))

    return check


# --- small helpers --------------------------------------------------------------------------

def slug(text: str) -> str:
    """An id from a name: "Bäckerei Korn" → "baeckerei-korn" (at most 40 characters)."""
    text = text.lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:40].strip("-")


def unique(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … when it is taken."""
    used = set(taken)
    base = base or "partner"
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _short(name: str, legal_form: str) -> str:
    """The name without its legal form: "Bäckerei Korn GmbH" → "Bäckerei Korn"."""
    stripped = name.removesuffix(legal_form).rstrip(" ,")
    return stripped or name


def function_of(legal_form: str, language: str) -> str:
    """The usual function of who signs for a partner of this legal form."""
    words = FUNCTIONS.get(language, FUNCTIONS["de"])
    if any(form in legal_form.split() for form in BOARD_FORMS):
        return words["board"]
    return words[form_kind(legal_form)]


def partner_choices(partners: Sequence[Answers]) -> tuple[Choice, ...]:
    """The partners as choices: the id, labelled with the name."""
    return tuple(Choice(p["id"], p["name"], translated=False) for p in partners)


def rivals_among(partners: Sequence[Answers], taking_part: Sequence[str]) -> list[str]:
    """The names of the first two participants that compete, or [] when none do."""
    names = {p["id"]: p["name"] for p in partners}
    for partner in partners:
        for other in partner.get("competitor_of") or ():
            if partner["id"] in taking_part and other in taking_part:
                return [names[partner["id"]], names[other]]
    return []


def band_around(target: float) -> list[int | float]:
    """A first tolerance band: the target ± 20 % (rounded to whole numbers above 10)."""
    spread = abs(target) * 0.2 or 1
    low, high = target - spread, target + spread
    if abs(target) >= 10:
        return [round(low), round(high)]
    return [round(low, 2), round(high, 2)]


def add_months(date: datetime.date, months: int) -> datetime.date:
    """``date`` plus ``months`` calendar months (the day clipped to the month's end)."""
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")  # pragma: no cover


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end``."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
