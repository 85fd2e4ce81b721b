"""The key terms (Eckpunkte): the draft agreement on one or two pages for the partners' owners.

Who takes part and what each brings, what the partners do together, the money, how they decide,
term and exit, the main duties and risks, and what is still open: each item names the § or annex
of the agreement that rules it. The summary is composed from the agreement itself (its document
model and its outline), so every "§ n" is the one the ``agreement`` command prints.

It never says more than the input and the draft do. A value the user wrote is stated as written;
a value the draft assumed (an "assumption" among the agreement's open points) is stated as the
open-points list shows it and marked as an assumption; a value that is neither is not stated.
A module the agreement leaves out gives no item. The result is a ``ReportDocument`` whose body is
blocks (a heading and bullets per topic), rendered with its own short template; where two pages
would not hold it all, it shows less of what the agreement's annexes list in full (``DETAILS``).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coopdocs.clauses.outline import Outline
from coopdocs.errors import KeyPath
from coopdocs.fmt import LANGUAGE_TAGS, Formatter, fold_whitespace
from coopdocs.model.cooperation import Contribution, Cooperation
from coopdocs.model.document import (
    AgreementDocument,
    Block,
    Bullets,
    Heading,
    OpenPoint,
    Properties,
    ReportDocument,
    Text,
)
from coopdocs.model.paths import get_at
from coopdocs.wording import Terms

# The blanks the summary names one by one; the open-points list of the draft names them all.
MOST_BLANKS = 5
# Two pages hold this many lines as ``lines`` counts them (10.5 pt Arial on A4 with the
# template's margins: 46.5 to 52.5 a page, measured on the samples' PDFs); a line holds about
# this many characters.
MOST_LINES = 93
LINE_CHARACTERS = 92


@dataclass(frozen=True)
class Detail:
    """How much the summary shows where the agreement has more than two pages hold.

    ``due_dates`` of contributions; ``goals`` one by one (else how many); the whole ``purpose``
    (else its first sentence); ``most``: at most this many of each partner's tasks and
    contributions, and how many more there are.
    """

    due_dates: bool = True
    goals: bool = True
    purpose: bool = True
    most: int | None = None


# From all to less, until the summary fits on two pages: first what the agreement's annexes
# list (dates, goals), then the purpose beyond its first sentence, then the tasks and
# contributions beyond the first ones.
_BRIEF = Detail(due_dates=False, goals=False, purpose=False)
DETAILS = (Detail(), Detail(due_dates=False), Detail(due_dates=False, goals=False), _BRIEF,
           *(dataclasses.replace(_BRIEF, most=n) for n in (3, 2, 1)))


@dataclass(frozen=True)
class SummaryInput:
    """The cooperation, the draft agreement composed from it and its outline, and the input.

    ``written`` is the input as the user wrote it (before defaults), which tells a given value
    from a default.
    """

    coop: Cooperation
    agreement: AgreementDocument
    outline: Outline
    written: Mapping[str, Any]


@dataclass(frozen=True)
class Stated:
    """A value as the summary states it, and whether the draft assumed it."""

    text: str
    assumed: bool = False


Phrase = str | None
Show = Callable[[Any], str]


@dataclass(frozen=True)
class Facts:
    """What the summary may state, and how it words and places it."""

    coop: Cooperation
    written: Mapping[str, Any]
    outline: Outline
    assumed: Mapping[KeyPath, OpenPoint]
    words: Terms
    frame: Terms
    fmt: Formatter
    detail: Detail = Detail()

    # --- values -------------------------------------------------------------------------------

    def at(self, path: KeyPath) -> Any:
        """The value at ``path`` of the cooperation (with defaults); None where there is none."""
        return get_at(self.coop.data, path)

    def given(self, path: KeyPath) -> bool:
        """Whether the user wrote a value (not null) at ``path``."""
        return get_at(self.written, path) is not None

    def stated(self, path: KeyPath, show: Show) -> Stated | None:
        """The value at ``path`` as written, or as the draft assumed it; else None."""
        if self.given(path):
            return Stated(show(self.at(path)))
        point = self.assumed.get(tuple(path))
        return Stated(point.value, assumed=True) if point is not None else None

    def phrase(self, key: str, /, **values: Stated | str | None) -> Phrase:
        """The wording ``key`` with ``values``; None when one is missing; marked when assumed."""
        if any(value is None for value in values.values()):
            return None
        texts = {name: value.text if isinstance(value, Stated) else str(value)
                 for name, value in values.items()}
        assumed = any(isinstance(value, Stated) and value.assumed for value in values.values())
        return self.mark(self.words.text(key, **texts), assumed)

    def mark(self, text: str, assumed: bool) -> str:
        return self.words.text("assumed", text=text) if assumed else text

    # --- wording of values ----------------------------------------------------------------------

    def value(self, group: str, key: Any, **values: str) -> str:
        """An enum value in words (``values`` of summary.yaml)."""
        text = str(self.words.words["values"][group][key])
        return text.format(**values) if values else text

    def quantity(self, unit: str) -> Show:
        """Show a number in ``unit`` (months, days, …) as the agreement's frame words it."""
        def show(number: Any) -> str:
            if number == 1:
                return self.frame.text(f"unit_{unit}_one")
            return self.frame.text(f"unit_{unit}", n=self.fmt.number(number))
        return show

    def money(self, value: Any) -> str:
        return self.fmt.money(value)

    def percent(self, value: Any) -> str:
        return self.fmt.percent(value)

    def yes_no(self, value: Any) -> str:
        return self.frame.text("yes" if value else "no")

    def name(self, partner_id: str) -> str:
        return self.coop.short_name(partner_id)

    def names(self, partner_ids: Iterable[str]) -> str:
        return self.fmt.join([self.name(p) for p in partner_ids])

    def shares(self, shares: Mapping[str, Any]) -> str:
        """"Brüning 26 %, Wessels 24 % und Lütke 10 %", in the order of the partners."""
        order = [p.id for p in self.coop.partners]
        ids = sorted(shares, key=lambda p: order.index(p) if p in order else len(order))
        return self.fmt.join([self.words.text("shares", name=self.name(p),
                                              share=self.percent(shares[p])) for p in ids])

    # --- places and items -----------------------------------------------------------------------

    def has(self, module: str) -> bool:
        return self.outline.included(module)

    def ref(self, modules: Sequence[str], annexes: Sequence[str] = ()) -> str:
        """"§ 9", "§§ 4 und 5, Anlage 1": the §§ and annexes of these that the agreement has."""
        sections = self.outline.refs([m for m in modules if self.has(m)], self.fmt.join)
        labels = [self.outline.annex(a) for a in annexes if self.outline.has_annex(a)]
        return ", ".join(part for part in (sections, *labels) if part)

    def item(self, label: str, ref: str, fragments: Iterable[Phrase]) -> Phrase:
        """"Label (§ n): fragment; fragment"; None without a fragment."""
        parts = [fold_whitespace(f) for f in fragments if f]
        if not parts:
            return None
        text = self.words.text("separator").join(parts)
        label_text = self.words.label("labels", label) if label in self.words.words["labels"] \
            else label
        if ref:
            return self.words.text("item", label=label_text, ref=ref, text=text)
        return self.words.text("item_plain", label=label_text, text=text)


def compose_summary(source: SummaryInput, words: Terms, frame: Terms) -> ReportDocument:
    """The Eckpunkte of the draft agreement ``source.agreement`` (``words``: summary.yaml).

    In the most detail that fits on two pages (``DETAILS``), by the estimate of ``lines``.
    """
    facts = make_facts(source, words, frame)
    for detail in DETAILS:
        facts = dataclasses.replace(facts, detail=detail)
        blocks = summary_blocks(facts, source.agreement.open_points)
        if lines(blocks) <= MOST_LINES:
            break
    coop = source.coop
    date = facts.fmt.date(coop.date)
    title = words.text("footer", title=coop.title)
    return ReportDocument(
        heading=words.text("document"), title=words.text("title", title=coop.title),
        subtitle=coop.title, cover=(), header_note=words.text("header", date=date),
        blocks=tuple(blocks), footer=title, page_word=words.text("page"),
        of_word=words.text("of"), properties=_properties(coop, words, title))


def summary_blocks(facts: Facts, points: Sequence[OpenPoint]) -> list[Block]:
    """The body: the note on what this is, then a heading and bullets per topic."""
    intro = facts.words.text("intro", date=facts.fmt.date(facts.coop.date))
    blocks: list[Block] = [Text(intro, "Vermerk")]
    for key, items in (("partners", partners(facts)), ("together", together(facts)),
                       ("money", money(facts)), ("decisions", decisions(facts)),
                       ("term", term(facts)), ("duties", duties(facts))):
        blocks += section(facts, key, items)
    return blocks + open_points(facts, points)


def lines(blocks: Sequence[Block]) -> float:
    """About how many lines of a page ``blocks`` fill (a heading with its space, one and a half)."""
    total = 0.0
    for block in blocks:
        if isinstance(block, Heading):
            total += 1.5
        elif isinstance(block, Text):
            total += math.ceil(len(block.text) / LINE_CHARACTERS) + 0.4
        elif isinstance(block, Bullets):
            total += sum(math.ceil(len(item) / (LINE_CHARACTERS - 4)) + 0.25
                         for item in block.items)
    return total


def make_facts(source: SummaryInput, words: Terms, frame: Terms) -> Facts:
    coop = source.coop
    assumed = {tuple(p.path): p for p in source.agreement.open_points
               if p.kind == "assumption" and p.path}
    return Facts(coop, source.written, source.outline, assumed, words, frame,
                 Formatter(coop.language, coop.currency))


def section(facts: Facts, key: str, items: Iterable[Phrase]) -> list[Block]:
    """A heading and its items as bullets; nothing when no item has something to say."""
    bullets = tuple(item for item in items if item)
    if not bullets:
        return []
    return [Heading(facts.words.label("headings", key), level=2), Bullets(bullets)]


def _properties(coop: Cooperation, words: Terms, title: str) -> Properties:
    author = coop.coordinator or coop.partners[0]
    return Properties(
        title=title, category=words.text("document"),
        subject=words.text("subject", names=Formatter(coop.language).join(
            [p.name for p in coop.partners])),
        author=author.name, keywords=words.text("keywords", id=coop.id),
        language=LANGUAGE_TAGS[coop.language], created=coop.date)


# --- who takes part -----------------------------------------------------------------------------

def partners(facts: Facts) -> list[Phrase]:
    """Each partner with its role, tasks (§ roles) and contributions (§ contributions)."""
    words = facts.words
    none = words.text("none_given")
    return [fold_whitespace(words.text(
        "partner", name=partner.name, role=facts.frame.label("roles", partner.role),
        tasks_ref=facts.ref(["roles"]),
        contributions_ref=facts.ref(["contributions"], ["partners"]),
        tasks=_first(facts, [t.rstrip(".") for t in partner.tasks]) or none,
        contributions=_first(facts, [_contribution(facts, c) for c in partner.contributions])
        or none)) for partner in facts.coop.partners]


def _first(facts: Facts, texts: Sequence[str]) -> str:
    """``texts`` joined, at most ``detail.most`` of them and how many more there are."""
    most = facts.detail.most
    shown = list(texts if most is None or len(texts) <= most else
                 [*texts[:most], facts.words.text("more", count=str(len(texts) - most))])
    return facts.words.text("separator").join(shown)


def _contribution(facts: Facts, contribution: Contribution) -> str:
    """"Anschubbeitrag (4.000,00 €, fällig 31.08.2026)"; the kind where nothing describes it."""
    words = facts.words
    kind = facts.frame.label("contribution_types", contribution.type)
    value = facts.money(contribution.value) if contribution.value is not None else ""
    details = [value] if value else []
    if contribution.due is not None and facts.detail.due_dates:
        details.append(words.text("due", date=facts.fmt.short_date(contribution.due)))
    text = contribution.description or kind
    return words.text("contribution_details", text=text, details=", ".join(details)) \
        if details else text


# --- what they do together ----------------------------------------------------------------------

def together(facts: Facts) -> list[Phrase]:
    """Each activity (its § and Betriebsordnung) and the goals.

    The purpose as the partners wrote it stands for the activities where none describes itself;
    with them it would say the same twice on pages that have no room for it.
    """
    data = facts.coop.data
    activities = data.get("activities", [])
    items: list[Phrase] = []
    if not any(activity.get("description") for activity in activities):
        purpose = data["purpose"] if facts.detail.purpose else first_sentence(data["purpose"])
        items.append(facts.item("purpose", facts.ref(["subject"]), [purpose]))
    for activity in activities:
        module = _activity_module(activity)
        if facts.has(module):
            items.append(facts.item(facts.words.label("activity_types", activity["type"]),
                                    facts.ref([module], [_activity_annex(activity)]),
                                    _activity(facts, activity)))
    items.append(facts.item("goals", facts.ref(["subject"], ["goals"]), _goals(facts)))
    return items


# The end of a sentence: a word of three letters or more (not "z. B.", "Nr.", "Mio.") closed by
# a full stop, then a capital. A cut elsewhere would shorten the partners' words wrongly.
_SENTENCE_END = re.compile(r"(?<=[a-zäöüß)]{3}[.!?])\s+(?=[A-ZÄÖÜ])")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` with "…" when more follows; all of it when not sure."""
    match = _SENTENCE_END.search(text)
    return f"{text[:match.start()]} …" if match else text


def _goals(facts: Facts) -> list[Phrase]:
    """Each goal with its deadline; with less detail how many goals, milestones and KPIs."""
    coop = facts.coop
    if not facts.detail.goals and coop.goals:
        return [facts.phrase("goals_brief", goals=str(len(coop.goals)),
                             milestones=str(len(coop.milestones)), kpis=str(len(coop.kpis)))]
    return [facts.phrase("goal", text=g.description, date=facts.fmt.short_date(g.deadline))
            if g.deadline else g.description for g in coop.goals]


def _activity_module(activity: Mapping[str, Any]) -> str:
    return f"op_{activity['type']}.{activity['id']}"


def _activity_annex(activity: Mapping[str, Any]) -> str:
    return f"op_{activity['type']}_annex.{activity['id']}"


def _activity(facts: Facts, activity: Mapping[str, Any]) -> list[Phrase]:
    """What an activity is, who leads it and who takes part."""
    parts: list[Phrase] = [activity.get("description")]
    if activity["type"] == "supply":
        parts.append(facts.phrase("supply", supplier=_name_of(facts, activity.get("supplier")),
                                  buyer=_name_of(facts, activity.get("buyer")),
                                  goods=activity.get("goods")))
        return parts
    if activity["type"] == "shared_platform":  # its operator runs it (the lead unless named)
        parts.append(facts.phrase("operator", name=facts.name(
            activity.get("operator") or activity["lead"])))
    else:
        parts.append(facts.phrase("lead", name=facts.name(activity["lead"])))
    everyone = [p.id for p in facts.coop.partners]
    if sorted(activity["partners"]) != sorted(everyone):
        parts.append(facts.phrase("participants", names=facts.names(activity["partners"])))
    return parts


def _name_of(facts: Facts, partner_id: str | None) -> str | None:
    return facts.name(partner_id) if partner_id else None


# --- money --------------------------------------------------------------------------------------

def money(facts: Facts) -> list[Phrase]:
    """Contributions, costs, results and the money of each activity."""
    items = [facts.item("contributions", facts.ref(["contributions"], ["partners"]),
                        _contribution_totals(facts)),
             facts.item("costs", facts.ref(["costs"]), _costs(facts)),
             facts.item("results", facts.ref(["profit_sharing"]), _results(facts))]
    for activity in facts.coop.data.get("activities", []):
        module = _activity_module(activity)
        flows = ACTIVITY_MONEY.get(activity["type"])
        if facts.has(module) and flows is not None:
            items.append(facts.item(facts.words.label("activity_types", activity["type"]),
                                    facts.ref([module], [_activity_annex(activity)]),
                                    flows(facts, activity)))
    return items


def _contribution_totals(facts: Facts) -> list[Phrase]:
    contributions = [c for p in facts.coop.partners for c in p.contributions]
    if not contributions:
        return [facts.words.text("contributions_none")]
    valued = [c.value for c in contributions if c.value is not None]
    cash = [c.value for c in contributions if c.value is not None and c.type == "money"]
    unvalued = len(contributions) - len(valued)
    return [facts.phrase("contributions_total", value=facts.money(sum(valued)))
            if valued else None,
            facts.phrase("contributions_money", value=facts.money(sum(cash))) if cash else None,
            facts.phrase("contributions_unvalued", count=str(unvalued)) if unvalued else None]


def _costs(facts: Facts) -> list[Phrase]:
    """Who bears which costs: each its own, a key, or a joint budget."""
    path = ("clauses", "costs")
    model = facts.at((*path, "model"))
    if model == "own":
        return [_model(facts, (*path, "model"), "costs_model")]
    shares = facts.shares(facts.at((*path, "allocation"))) if facts.given((*path, "allocation")) \
        else facts.words.text("costs_equal")
    parts: list[Phrase] = [facts.words.label("costs_model", model).format(shares=shares)]
    if model == "budget" and facts.given((*path, "budget")):
        parts.append(facts.phrase("costs_budget", value=facts.money(facts.at((*path, "budget")))))
    parts.append(facts.phrase("costs_settlement", interval=facts.stated(
        (*path, "settlement"), lambda v: facts.value("interval", _interval(v)))))
    return parts


def _model(facts: Facts, path: KeyPath, group: str) -> Phrase:
    """A model without parameters in words, as written or as the draft assumed it."""
    stated = facts.stated(path, lambda v: facts.words.label(group, v))
    return None if stated is None else facts.mark(stated.text, stated.assumed)


def _interval(value: str) -> str:
    """The costs' "yearly" is the intervals' "annual"."""
    return "annual" if value == "yearly" else value


def _results(facts: Facts) -> list[Phrase]:
    """Who keeps which revenue: none, own invoicing, commission or a pool."""
    path = ("clauses", "profit_sharing")
    model = facts.at((*path, "model"))
    if model in ("none", "own_invoicing"):
        return [_model(facts, (*path, "model"), "results_model")]
    if model == "commission":
        return [facts.words.label("results_model", "commission"),
                facts.phrase("commission_percent", percent=facts.stated(
                    (*path, "commission_percent"), facts.percent)),
                facts.phrase("commission_due", days=facts.stated(
                    (*path, "commission_due_days"), facts.quantity("days")))]
    shares = facts.at((*path, "shares")) or {}
    return [facts.words.label("results_model", "pool").format(shares=facts.shares(shares)),
            facts.phrase("loss_cap", value=facts.stated((*path, "loss_cap"), facts.money))]


ActivityMoney = Callable[[Facts, Mapping[str, Any]], list[Phrase]]


def _purchasing_money(facts: Facts, activity: Mapping[str, Any]) -> list[Phrase]:
    """Who pays the suppliers, rebates and the lead's fee, warehouse costs, commitments."""
    lead = facts.name(activity["lead"])
    payment = activity.get("payment") or {}
    rebates = activity.get("rebates")
    terms = (payment.get("del_credere_terms") or {}) if payment.get("del_credere") else {}
    warehouse = (activity.get("delivery") or {}).get("warehouse") or {}
    commitment = activity.get("minimum_commitment") or {}
    return [
        _show(facts, "purchasing_payment", flow=payment.get("flow"),
              show=lambda v: facts.value("payment_flow", v, lead=lead)),
        _show(facts, "payment_term", days=payment.get("term_days"), show=facts.quantity("days")),
        _show(facts, "rebates", interval=(rebates or {}).get("settlement"),
              show=lambda v: facts.value("interval", v)),
        _show(facts, "rebates_distribution", basis=(rebates or {}).get("distribution"),
              show=lambda v: facts.value("share_key", v)),
        facts.phrase("lead_fee", name=lead, percent=_percent(facts, (rebates or {}).get(
            "coordinator_fee_percent"))),
        facts.phrase("del_credere", name=lead, percent=_percent(facts, terms.get("fee_percent"))),
        _show(facts, "warehouse_costs", basis=warehouse.get("cost_key"),
              show=lambda v: facts.value("share_key", v)),
        _commitment(facts, commitment),
    ]


def _commitment(facts: Facts, commitment: Mapping[str, Any]) -> Phrase:
    kind, value = commitment.get("type"), commitment.get("value")
    if kind not in ("volume", "share_percent") or value is None:
        return None
    shown = facts.money(value) if kind == "volume" else facts.percent(value)
    return facts.phrase("minimum_commitment", value=shown)


def _sales_money(facts: Facts, activity: Mapping[str, Any]) -> list[Phrase]:
    commission = activity.get("commission") or {}
    months = commission.get("duration_months")
    shares = activity.get("work_shares")
    return [facts.phrase("sales_commission", percent=_percent(facts, commission.get(
                "rate_percent")), months=facts.quantity("months")(months)
                if months is not None else None),
            facts.phrase("work_shares", shares=facts.shares(shares)) if shares else None]


def _resources_money(facts: Facts, activity: Mapping[str, Any]) -> list[Phrase]:
    costs = activity.get("costs") or {}
    prepayment = costs.get("prepayment_monthly")
    return [_show(facts, "running_costs", basis=costs.get("key"),
                  show=lambda v: facts.value("share_key", v)),
            facts.phrase("prepayment", value=facts.money(prepayment))
            if prepayment is not None else None,
            facts.phrase("personnel_fee", text=(activity.get("personnel") or {}).get(
                "remuneration"))]


def _supply_money(facts: Facts, activity: Mapping[str, Any]) -> list[Phrase]:
    fee = (activity.get("capacity") or {}).get("fee_monthly")
    price = activity.get("price") or {}
    return [facts.phrase("capacity_fee", value=facts.money(fee)) if fee else None,
            _show(facts, "price_fixed", months=price.get("fixed_months"),
                  show=facts.quantity("months")),
            facts.value("price_adjustment", price["adjustment"])
            if price.get("adjustment") else None]


def _development_money(facts: Facts, activity: Mapping[str, Any]) -> list[Phrase]:
    plan = activity.get("cost_plan") or []
    costs = sum((Decimal(str(entry["costs"])) for entry in plan), Decimal(0))
    grant = sum((Decimal(str(entry.get("grant", 0))) for entry in plan), Decimal(0))
    return [facts.phrase("cost_plan", costs=facts.money(costs), grant=facts.money(grant))
            if plan else None,
            facts.phrase("funding", programme=activity.get("funding"))]


def _marketing_money(facts: Facts, activity: Mapping[str, Any]) -> list[Phrase]:
    budget = activity.get("budget") or {}
    annual = budget.get("annual")
    key = budget.get("key")
    return [facts.phrase("marketing_budget", value=facts.money(annual),
                         basis=facts.value("share_key", key) if key else None)
            if annual is not None else None,
            _show(facts, "payment_interval", interval=budget.get("payment_interval"),
                  show=lambda v: facts.value("interval", v))]


ACTIVITY_MONEY: dict[str, ActivityMoney] = {
    "joint_purchasing": _purchasing_money, "joint_sales": _sales_money,
    "shared_resources": _resources_money, "supply": _supply_money,
    "joint_development": _development_money, "joint_marketing": _marketing_money,
}


def _show(facts: Facts, wording: str, /, *, show: Show, **value: Any) -> Phrase:
    """The ``wording`` with its one value shown by ``show``; None without the value."""
    [(name, raw)] = value.items()
    return facts.phrase(wording, **{name: show(raw)}) if raw is not None else None


def _percent(facts: Facts, value: Any) -> str | None:
    return facts.percent(value) if value is not None else None


# --- decisions ----------------------------------------------------------------------------------

def decisions(facts: Facts) -> list[Phrase]:
    """The steering committee, the majorities (and what needs more), and disputes."""
    committee = ("governance", "steering_committee")
    votes = ("governance", "decisions")
    count = facts.fmt.number
    steering = [
        facts.phrase("steering_members", count=facts.stated((*committee, "members_per_partner"),
                                                             count)),
        facts.phrase("steering_meetings", count=facts.stated((*committee, "meetings_per_year"),
                                                             count)),
        facts.phrase("steering_chair", chair=facts.stated((*committee, "chair"),
                                                          lambda v: _chair(facts, v))),
        facts.phrase("steering_notice", days=facts.stated((*committee, "notice_days"),
                                                          facts.quantity("days"))),
    ]

    def majority(value: str) -> str:
        return facts.value("majority", value)

    ordinary = [
        facts.phrase("majority", majority=facts.stated((*votes, "majority"), majority)),
        facts.phrase("quorum", percent=facts.percent(facts.at((*votes, "quorum_percent"))))
        if facts.given((*votes, "quorum_percent")) else None,
        facts.phrase("weights", shares=facts.shares(facts.at((*votes, "weights"))))
        if facts.given((*votes, "weights")) else None,
        facts.phrase("casting_vote", value=facts.stated((*votes, "casting_vote"), facts.yes_no)),
    ]
    special = [facts.phrase(key, majority=facts.stated((*votes, key), majority))
               for key in ("amendments", "admission", "exclusion")]
    return [facts.item("steering", facts.ref(["governance"]), steering),
            facts.item("decisions", facts.ref(["decisions"]), ordinary),
            facts.item("special", facts.ref(["decisions"]), special),
            facts.item("disputes", facts.ref(["dispute"]), _disputes(facts))
            if facts.has("dispute") else None]


def _chair(facts: Facts, value: str) -> str:
    return facts.value("chair", value) if value == "rotating" else facts.name(value)


def _disputes(facts: Facts) -> list[Phrase]:
    """The escalation stages, mediation, and who decides in the end."""
    path = ("clauses", "dispute")
    stages = facts.at(("governance", "escalation")) or []
    days = facts.quantity("days")
    if stages:
        ladder = " → ".join(facts.words.text("stage", body=s["body"], days=days(s["days"]))
                            for s in stages)
        parts: list[Phrase] = [facts.phrase("stages", stages=ladder)]
    else:
        parts = [facts.phrase("default_stages", days=facts.stated((*path, "stage_days"), days))]
    mediation = facts.stated((*path, "mediation"), facts.yes_no)
    if mediation is not None and facts.at((*path, "mediation")):
        parts.append(facts.mark(facts.words.text("mediation"), mediation.assumed))
    parts.append(facts.phrase("final_stage", forum=facts.stated(
        (*path, "final"), lambda v: facts.value("final", v))))
    if facts.given((*path, "venue")):
        wording = facts.words.label("venue", facts.at((*path, "final")))
        parts.append(wording.format(place=facts.at((*path, "venue"))))
    return parts


# --- term and exit ------------------------------------------------------------------------------

def term(facts: Facts) -> list[Phrase]:
    """Start, end, notice, termination for cause; the consequences; joining and leaving."""
    path = ("term",)
    months, days = facts.quantity("months"), facts.quantity("days")
    date = facts.fmt.date
    start = facts.phrase("start", date=date(facts.at((*path, "start")))) \
        if facts.given((*path, "start")) else facts.words.text("start_signature")
    end = facts.phrase("end", date=date(facts.at((*path, "end")))) \
        if facts.given((*path, "end")) else facts.words.text("open_ended")
    minimum = facts.phrase("minimum", months=months(facts.at((*path, "minimum_months")))) \
        if facts.given((*path, "minimum_months")) and facts.at((*path, "minimum_months")) \
        else None
    notice = facts.phrase("notice", months=facts.stated((*path, "notice_months"), months),
                          to=facts.stated((*path, "notice_to"),
                                          lambda v: facts.value("notice_to", v)))
    for_cause = facts.phrase("for_cause", days=facts.stated((*path, "cure_days"), days))
    return [facts.item("term", facts.ref(["term"]), [start, end, minimum, notice, for_cause]),
            facts.item("exit", facts.ref(["exit"]), _exit(facts)) if facts.has("exit") else None,
            facts.item("accession", facts.ref(["accession"]), _accession(facts))
            if facts.has("accession") else None]


def _exit(facts: Facts) -> list[Phrase]:
    path = ("clauses", "exit")
    months = facts.quantity("months")
    wind_down = facts.stated((*path, "wind_down_months"), months)
    return [facts.phrase("wind_down", months=wind_down)
            if facts.at((*path, "wind_down_months")) or wind_down is None
            else facts.mark(facts.words.text("no_wind_down"), wind_down.assumed),
            facts.phrase("settlement", months=facts.stated((*path, "settlement_months"), months))]


def _accession(facts: Facts) -> list[Phrase]:
    path = ("clauses", "accession")
    return [facts.phrase("continuation", count=facts.stated((*path, "min_partners"),
                                                            facts.fmt.number)),
            facts.phrase("exclusion_cure", days=facts.stated((*path, "cure_days"),
                                                             facts.quantity("days")))]


# --- duties and risks ---------------------------------------------------------------------------

def duties(facts: Facts) -> list[Phrase]:
    """Confidentiality, liability, competition law, data protection and rights in results."""
    return [
        facts.item("confidentiality", facts.ref(["trade_secrets"]), _confidentiality(facts))
        if facts.has("trade_secrets") else None,
        facts.item("liability", facts.ref(["liability"]), _liability(facts))
        if facts.has("liability") else None,
        facts.item("competition", facts.ref(["competition_law"], ["annex_competition"]),
                   _competition(facts)) if facts.has("competition_law") else None,
        facts.item("data_protection", facts.ref(["data_protection"], [
            "annex_joint_control", "annex_processing"]), _data_protection(facts))
        if facts.has("data_protection") else None,
        facts.item("ip", facts.ref(["ip"]), [facts.phrase(
            "ip", results=facts.stated(("clauses", "ip", "results"), lambda v: _results_owner(
                facts, v)),
            access=facts.stated(("clauses", "ip", "access"), lambda v: facts.value(
                "ip_access", v)))]) if facts.has("ip") else None,
    ]


def _confidentiality(facts: Facts) -> list[Phrase]:
    path = ("clauses", "trade_secrets")
    parts = [facts.phrase("confidentiality_years", years=facts.stated(
        (*path, "years_after_end"), facts.quantity("years")))]
    if not facts.given((*path, "penalty")):
        return [*parts, facts.words.text("no_penalty")]
    mode = facts.at((*path, "penalty_mode"))
    return [*parts,
            facts.phrase("penalty", value=facts.money(facts.at((*path, "penalty")))),
            facts.value("penalty_mode", mode) if facts.given((*path, "penalty_mode")) else None,
            facts.phrase("penalty_cap", value=facts.stated((*path, "penalty_cap"), facts.money))]


def _liability(facts: Facts) -> list[Phrase]:
    path = ("clauses", "liability")
    cap, annual = (*path, "cap"), (*path, "annual_cap")
    parts: list[Phrase] = []
    if facts.given(cap):
        parts.append(facts.phrase("liability_cap", value=facts.money(facts.at(cap))))
        if facts.given(annual):
            parts.append(facts.phrase("liability_annual", value=facts.money(facts.at(annual))))
    else:
        parts.append(facts.words.text("no_liability_cap"))
    if facts.given((*path, "exclude_indirect")) and facts.at((*path, "exclude_indirect")):
        parts.append(facts.words.text("indirect"))
    insured = [facts.words.text("insured", kind=i["type"], value=facts.money(i["sum"]))
               for i in facts.at((*path, "insurance")) or []]
    if insured:
        parts.append(facts.phrase("insurance", kinds=facts.fmt.join(insured)))
    return parts


def _competition(facts: Facts) -> list[Phrase]:
    path = ("clauses", "competition_law")
    share = facts.at((*path, "market_share_percent"))
    return [facts.words.text("competition"),
            facts.phrase("clean_team", value=facts.stated((*path, "clean_team"), facts.yes_no)),
            facts.phrase("market_share", percent=facts.percent(share))
            if facts.given((*path, "market_share_percent")) else None]


def _data_protection(facts: Facts) -> list[Phrase]:
    """Each processing with who is responsible for it."""
    parts: list[Phrase] = []
    for processing in facts.at(("clauses", "data_protection", "processing")) or []:
        partners = list(processing["partners"])
        role = processing["role"]
        text = facts.value("processing", role, names=facts.names(partners),
                           processor=facts.name(partners[-1]),
                           controllers=facts.names(partners[:-1]))
        parts.append(facts.phrase("processing", purpose=processing["purpose"].strip(), role=text))
    return parts


def _results_owner(facts: Facts, value: str) -> str:
    assigned = facts.at(("clauses", "ip", "assigned_to"))
    return facts.value("ip_results", value, partner=facts.name(assigned) if assigned else "")


# --- open points --------------------------------------------------------------------------------

def open_points(facts: Facts, points: Sequence[OpenPoint]) -> list[Block]:
    """How many blanks and assumptions the draft has, the first blanks by name."""
    words = facts.words
    blanks = _distinct_blanks(points)
    assumed = [p for p in points if p.kind == "assumption"]
    heading = Heading(words.label("headings", "open"), level=2)
    if not assumed:
        closing = words.text("no_assumptions") + (f" {words.text('open_list')}" if blanks else "")
    else:
        closing = f"{_count(words, 'assumptions', len(assumed))} {words.text('open_list')}"
    if not blanks:
        return [heading, Text(f"{words.text('no_blanks')} {closing}")]
    named = [_blank(facts, p) for p in blanks[:MOST_BLANKS]]
    if len(blanks) > MOST_BLANKS:
        named.append(words.text("more_blanks", count=str(len(blanks) - MOST_BLANKS)))
    return [heading, Text(_count(words, "blanks", len(blanks))), Bullets(tuple(named)),
            Text(closing)]


def _blank(facts: Facts, point: OpenPoint) -> str:
    """Where a blank stands and what is missing, with the partner it concerns."""
    path = point.path
    if len(path) > 1 and path[0] == "partners" and isinstance(path[1], int) \
            and path[1] < len(facts.coop.partners):
        partner = facts.coop.partners[path[1]].short_name
        return facts.words.text("blank_partner", where=point.where, partner=partner,
                                what=point.what)
    return facts.words.text("blank", where=point.where, what=point.what)


def _distinct_blanks(points: Sequence[OpenPoint]) -> list[OpenPoint]:
    """The blanks, each input key once (a value missing in several places is one to fill)."""
    seen: set[str] = set()
    blanks = []
    for point in points:
        if point.kind == "blank" and point.key not in seen:
            seen.add(point.key)
            blanks.append(point)
    return blanks


def _count(words: Terms, key: str, n: int) -> str:
    forms = words.words[key]
    return str(forms["one"]) if n == 1 else str(forms["other"]).format(n=n)
