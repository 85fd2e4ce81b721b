"""The cooperation as plain, frozen data, built from a validated and normalized document.

``enrich`` adds the derived partner fields the clause texts use (short name, merchant status,
symmetric competitor lists, one-line address); ``build_cooperation`` wraps the result in frozen
dataclasses for the Python side. No I/O here.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Legal forms that are merchants by form (Formkaufmann, § 6 HGB) or registered merchants (e.K.).
MERCHANT_FORMS = (
    "GmbH", "gGmbH", "UG", "AG", "KG", "OHG", "oHG", "KGaA", "SE", "eG", "e.K.", "e.Kfm.", "e.Kfr.",
)


@dataclass(frozen=True)
class Representative:
    name: str
    function: str


@dataclass(frozen=True)
class Contribution:
    type: str
    description: str
    value: Decimal | None
    due: datetime.date | None


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    short_name: str
    legal_form: str
    address_line: str
    register: str | None
    represented_by: tuple[Representative, ...]
    merchant: bool
    role: str
    tasks: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    contact: str | None
    city: str = ""
    general_partner: str | None = None

    @property
    def form(self) -> str:
        """How the Rubrum names the party (``form_kind``)."""
        return form_kind(self.legal_form)


@dataclass(frozen=True)
class Goal:
    id: str
    description: str
    kpi: str | None
    deadline: datetime.date | None
    owner: str | None


@dataclass(frozen=True)
class Milestone:
    id: str
    description: str
    due: datetime.date
    owner: str | None


@dataclass(frozen=True)
class Kpi:
    id: str
    name: str
    unit: str
    target: Decimal
    tolerance: tuple[Decimal, Decimal] | None
    better: str


@dataclass(frozen=True)
class Cooperation:
    """A validated cooperation. ``data`` is the enriched document the clause texts read."""

    id: str
    title: str
    language: str
    date: datetime.date
    currency: str
    partners: tuple[Partner, ...]
    goals: tuple[Goal, ...]
    milestones: tuple[Milestone, ...]
    kpis: tuple[Kpi, ...]
    data: dict[str, Any]

    @property
    def coordinator(self) -> Partner | None:
        return next((p for p in self.partners if p.role == "coordinator"), None)

    def partner(self, partner_id: str) -> Partner:
        return next(p for p in self.partners if p.id == partner_id)

    def short_name(self, partner_id: str) -> str:
        """The short name of a partner; the id itself for one that is not (or no longer) in."""
        return next((p.short_name for p in self.partners if p.id == partner_id), partner_id)


def enrich(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the normalized document with the derived partner fields filled in."""
    data = copy.deepcopy(document)
    partners: list[dict[str, Any]] = data["partners"]
    rivals = competitor_map(partners)
    for partner in partners:
        partner.setdefault("short_name", short_name(partner["name"], partner["legal_form"]))
        partner["merchant"] = is_merchant(partner)
        partner["competitor_of"] = sorted(rivals[partner["id"]], key=_order(partners))
        partner["address_line"] = address_line(partner["address"])
        partner["form"] = form_kind(partner["legal_form"])
    for activity in data.get("activities", []):
        _activity_defaults(activity, partners)
    return data


def _activity_defaults(activity: dict[str, Any], partners: list[dict[str, Any]]) -> None:
    """The defaults FORMAT.md §1a gives an activity: id = type, all partners, a lead.

    The lead is the coordinator when it takes part, else the first participant; a platform's
    operator is its lead unless given.
    """
    activity.setdefault("id", activity["type"])
    activity.setdefault("partners", [p["id"] for p in partners])
    coordinator = next((p["id"] for p in partners if p["role"] == "coordinator"), None)
    activity.setdefault("lead", coordinator if coordinator in activity["partners"]
                        else activity["partners"][0])


def build_cooperation(data: dict[str, Any]) -> Cooperation:
    """Frozen dataclasses over an enriched document."""
    return Cooperation(
        id=data["id"],
        title=data["title"],
        language=data["language"],
        date=data["date"],
        currency=data["currency"],
        partners=tuple(_partner(p) for p in data["partners"]),
        goals=tuple(_goal(g) for g in data["goals"]),
        milestones=tuple(_milestone(m) for m in data["milestones"]),
        kpis=tuple(_kpi(k) for k in data["kpis"]),
        data=data,
    )


def short_name(name: str, legal_form: str) -> str:
    """"GEFERTEC GmbH" with legal form "GmbH" → "GEFERTEC"; otherwise the full name."""
    stripped = name.removesuffix(legal_form).rstrip(" ,")
    return stripped if stripped and stripped != name else name


def is_merchant(partner: dict[str, Any]) -> bool:
    """A partner's ``merchant`` flag, or by default what its legal form says."""
    return bool(partner.get("merchant", is_merchant_form(partner.get("legal_form", ""))))


def is_merchant_form(legal_form: str) -> bool:
    """Whether a legal form makes its holder a merchant (e.g. "GmbH & Co. KG" → True)."""
    words = legal_form.replace("&", " ").split()
    return any(form in words for form in MERCHANT_FORMS)


# Legal forms whose holder is entered in a register (Handels-, Genossenschafts-, Partnerschafts-,
# Vereins- or Gesellschaftsregister): a signing version names register court and number.
REGISTERED_FORMS = (*MERCHANT_FORMS, "PartG", "PartGmbB", "e.V.", "eGbR")


def form_kind(legal_form: str) -> str:
    """How a party is named and represented.

    ``sole_trader`` (the owner is the party: e.K., e.Kfm., e.Kfr., Einzelunternehmen),
    ``gmbh_co_kg`` (represented by its general partner), ``gbr`` (by its partners) or
    ``company``.
    """
    compact = legal_form.replace(" ", "")
    words = legal_form.replace("&", " ").split()
    if "e.K" in compact or "Einzel" in legal_form:
        return "sole_trader"
    if "KG" in words and any(form in words for form in ("GmbH", "UG", "AG", "SE")):
        return "gmbh_co_kg"
    if "GbR" in words or "eGbR" in words or "bürgerlichenRechts" in compact:
        return "gbr"
    return "company"


def is_registered_form(legal_form: str) -> bool:
    """Whether a legal form is entered in a public register (so a Rubrum names the entry)."""
    words = legal_form.replace("&", " ").split()
    return any(form in words for form in REGISTERED_FORMS)


def address_line(address: dict[str, Any]) -> str:
    """"Musterstraße 1, 12681 Berlin" (the country only when it is not Germany)."""
    line = f"{address['street']}, {address['postal_code']} {address['city']}"
    country = address.get("country", "DE")
    return line if country == "DE" else f"{line}, {country}"


def venue_allowed(partners: list[dict[str, Any]]) -> bool:
    """Whether a venue clause is allowed (§ 38 ZPO).

    It is when all partners are merchants, or when one has no seat in Germany.
    """
    if any(p.get("address", {}).get("country", "DE") != "DE" for p in partners):
        return True
    return all(is_merchant(p) for p in partners)


def competitor_map(partners: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Competitor relation made symmetric, restricted to known partner ids."""
    ids = {p["id"] for p in partners}
    rivals: dict[str, set[str]] = {pid: set() for pid in ids}
    for partner in partners:
        for other in partner.get("competitor_of", []):
            if other in ids and other != partner["id"]:
                rivals[partner["id"]].add(other)
                rivals[other].add(partner["id"])
    return rivals


def _order(partners: list[dict[str, Any]]) -> Any:
    index = {p["id"]: i for i, p in enumerate(partners)}
    return index.__getitem__


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _partner(p: dict[str, Any]) -> Partner:
    contact = p.get("contact")
    return Partner(
        id=p["id"],
        name=p["name"],
        short_name=p["short_name"],
        legal_form=p["legal_form"],
        address_line=p["address_line"],
        register=p.get("register"),
        represented_by=tuple(Representative(r["name"], r["function"])
                             for r in p.get("represented_by", ())),
        merchant=p["merchant"],
        role=p["role"],
        tasks=tuple(p["tasks"]),
        contributions=tuple(
            Contribution(c["type"], c.get("description", ""), _money(c.get("value")), c.get("due"))
            for c in p["contributions"]
        ),
        contact=_contact_line(contact) if contact else None,
        city=p["address"]["city"],
        general_partner=p.get("general_partner"),
    )


def _contact_line(contact: dict[str, Any]) -> str:
    parts = [contact["name"], contact.get("email"), contact.get("phone")]
    return ", ".join(str(part) for part in parts if part)


def _goal(g: dict[str, Any]) -> Goal:
    return Goal(g["id"], g["description"], g.get("kpi"), g.get("deadline"), g.get("owner"))


def _milestone(m: dict[str, Any]) -> Milestone:
    return Milestone(m["id"], m["description"], m["due"], m.get("owner"))


def _kpi(k: dict[str, Any]) -> Kpi:
    band = k.get("tolerance")
    tolerance = (Decimal(str(band[0])), Decimal(str(band[1]))) if band else None
    return Kpi(k["id"], k["name"], k["unit"], Decimal(str(k["target"])), tolerance, k["better"])
