"""Rules for an evaluation round, checked against its cooperation and the other rounds given.

``context`` holds ``cooperation`` (the cooperation as amended by the earlier rounds given),
``rounds`` (number and file of every round given together) and ``earlier`` (the data of the
rounds before this one). Ids are checked against the amended cooperation, so a later round may
rate a partner that an earlier round's measure added.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from typing import Any

from coopdocs.check.findings import Level
from coopdocs.check.rules.core import Hit, RuleInput, rule, unknown_id
from coopdocs.check.schema import load_schema, rules_at
from coopdocs.errors import KeyPath
from coopdocs.fmt import is_number
from coopdocs.i18n import N_, _, translated
from coopdocs.model.changes import (
    ChangeError,
    effective,
    joining,
    leaving,
    list_item,
    long_form,
    operation,
    operations,
    set_path,
    target,
)
from coopdocs.model.paths import value_at


def _coop(d: RuleInput) -> Mapping[str, Any]:
    coop: Mapping[str, Any] = d.context["cooperation"]
    return coop


def _ids(d: RuleInput, section: str) -> list[str]:
    return [item["id"] for item in _coop(d).get(section, []) if isinstance(item, Mapping)]


@rule("CD-EVAL-1", Level.ERROR, "An evaluation names the cooperation it evaluates.",
      "FORMAT.md §2", kind="evaluation")
def same_cooperation(d: RuleInput) -> Iterator[Hit]:
    expected = _coop(d)["id"]
    if d.data["cooperation"] != expected:
        yield Hit(("cooperation",), _("evaluates '{evaluated}', but the cooperation given with "
                                      "it is '{expected}'; give the matching cooperation.yaml or "
                                      "correct the id").format(
            evaluated=d.data["cooperation"], expected=expected))


@rule("CD-EVAL-2", Level.ERROR, "Every rater, rated partner and measure owner is a partner of "
      "the cooperation (as amended by the earlier rounds).", "FORMAT.md §2", kind="evaluation")
def known_partners(d: RuleInput) -> Iterator[Hit]:
    partners = _ids(d, "partners")
    for criterion, scores in d.data["ratings"].items():
        for rater in scores:
            if rater not in partners:
                yield Hit(("ratings", criterion, rater), unknown_id(rater, partners, "partner"),
                          key=True)
    for rater, rated in d.data["trust"].items():
        if rater not in partners:
            yield Hit(("trust", rater), unknown_id(rater, partners, "partner"), key=True)
        for other in rated:
            if other not in partners:
                yield Hit(("trust", rater, other), unknown_id(other, partners, "partner"),
                          key=True)
    for i, measure in enumerate(d.data["measures"]):
        owner = measure.get("owner")
        if owner is not None and owner not in partners:
            yield Hit(("measures", i, "owner"), unknown_id(owner, partners, "partner"))


@rule("CD-EVAL-3", Level.ERROR, "Every KPI, goal and milestone assessed is one of the "
      "cooperation's (as amended by the earlier rounds).", "FORMAT.md §2", kind="evaluation")
def known_items(d: RuleInput) -> Iterator[Hit]:
    for section, what in (("kpis", "KPI"), ("goals", "goal"), ("milestones", "milestone")):
        known = _ids(d, section)
        for item_id in d.data[section]:
            if item_id not in known:
                yield Hit((section, item_id), unknown_id(item_id, known, what), key=True)


@rule("CD-EVAL-4", Level.ERROR, "The scale runs from worst to best, is the same in all rounds "
      "given together, and every score lies within it.", "FORMAT.md §2", kind="evaluation")
def scores_in_scale(d: RuleInput) -> Iterator[Hit]:
    low, high = d.data["scale"]
    if low >= high:
        yield Hit(("scale",), _("the scale must run from the worst to the best score, e.g. "
                                "[1, 5]; found [{low}, {high}]").format(low=low, high=high))
        return
    earlier = d.context["earlier"]
    if earlier and list(earlier[0]["scale"]) != [low, high]:
        yield Hit(("scale",), _("round {round} uses the scale {scale}; rounds are compared, so "
                                "they use the same scale").format(
            round=earlier[0]["number"], scale=earlier[0]["scale"]))
    scores: list[tuple[KeyPath, Any]] = [
        (("ratings", c, r), v) for c, by in d.data["ratings"].items() for r, v in by.items()]
    scores += [(("trust", r, o, p), v) for r, by in d.data["trust"].items()
               for o, pillars in by.items() for p, v in pillars.items()]
    for path, value in scores:
        if not low <= value <= high:
            yield Hit(path, _("score {value} is outside the scale {low}..{high}").format(
                value=value, low=low, high=high))


@rule("CD-EVAL-5", Level.ERROR, "Rounds given together are numbered 1..n without gaps or "
      "repeats.", "FORMAT.md §2", kind="evaluation")
def round_numbers(d: RuleInput) -> Iterator[Hit]:
    rounds: list[tuple[int, str]] = d.context["rounds"]
    number = d.data["number"]
    numbers = [n for n, _path in rounds]
    first = next(path for n, path in rounds if n == number)
    if first != d.context["path"]:
        yield Hit(("number",), _("round {round} is given twice (also in {file}); give each "
                                 "round once").format(round=number, file=first))
    elif len(rounds) > 1 and number > 1 and number - 1 not in numbers:
        yield Hit(("number",), _("round {round} is missing; the rounds given together must be "
                                 "numbered 1..{last} without gaps").format(
            round=number - 1, last=max(numbers)))


@rule("CD-EVAL-6", Level.INFO, "A round given alone after round 1 has no history: the report "
      "shows no trends and no state of earlier measures.", "CLI.md (report)", kind="evaluation")
def history_given(d: RuleInput) -> Iterator[Hit]:
    if len(d.context["rounds"]) == 1 and d.data["number"] > 1:
        yield Hit(("number",), _("rounds 1..{last} are not given; give their files before this "
                                 "one to show trends and the state of earlier measures").format(
            last=d.data["number"] - 1))


@rule("CD-EVAL-7", Level.ERROR, "The period starts before it ends, and the evaluation does not "
      "take place before the period starts.", "FORMAT.md §2", kind="evaluation")
def period_order(d: RuleInput) -> Iterator[Hit]:
    start, end = d.data["period"]["start"], d.data["period"]["end"]
    if start > end:
        yield Hit(("period", "end"), _("the period ends ({end}) before it starts "
                                       "({start})").format(end=end, start=start))
    elif d.data["date"] < start:
        yield Hit(("date",), _("the evaluation ({date}) is dated before the period it evaluates "
                               "starts ({start})").format(date=d.data["date"], start=start))


@rule("CD-EVAL-8", Level.WARNING, "The period lies within the term of the cooperation and after "
      "the period of the previous round.", "FORMAT.md §2", kind="evaluation")
def period_in_term(d: RuleInput) -> Iterator[Hit]:
    coop = _coop(d)
    start, end = d.data["period"]["start"], d.data["period"]["end"]
    term = coop.get("term", {})
    begin: datetime.date = term.get("start") or coop["date"]
    if start < begin:
        yield Hit(("period", "start"), _("the period starts before the cooperation ({begin}); "
                                         "evaluate only time under the agreement").format(
            begin=begin))
    if term.get("end") and end > term["end"]:
        yield Hit(("period", "end"), _("the period ends after the term of the cooperation "
                                       "({end}); check the dates or extend the term by a "
                                       "Nachtrag").format(end=term["end"]))
    earlier = d.context["earlier"]
    if earlier and start <= earlier[-1]["period"]["end"]:
        yield Hit(("period", "start"), _("the period overlaps round {round}, which ends on "
                                         "{end}").format(round=earlier[-1]["number"],
                                                         end=earlier[-1]["period"]["end"]))


@rule("CD-EVAL-9", Level.ERROR, "Measure ids are unique across all rounds, and earlier_measures "
      "names measures of earlier rounds.", "FORMAT.md §2; research D.5 (traceability)",
      kind="evaluation")
def measure_ids(d: RuleInput) -> Iterator[Hit]:
    earlier = {m["id"]: r["number"] for r in d.context["earlier"] for m in r["measures"]}
    seen: set[str] = set()
    for i, measure in enumerate(d.data["measures"]):
        if measure["id"] in seen:
            yield Hit(("measures", i, "id"), _("measure id '{id}' is used twice in this round; "
                                               "give each measure its own id").format(
                id=measure["id"]))
        elif measure["id"] in earlier:
            yield Hit(("measures", i, "id"), _("measure id '{id}' is already used in round "
                                               "{round}; ids stay unique across rounds so later "
                                               "rounds and the Nachträge can refer to them").format(
                id=measure["id"], round=earlier[measure["id"]]))
        seen.add(measure["id"])
    if not d.context["earlier"] and d.data["number"] > 1:
        return
    for measure_id in d.data["earlier_measures"]:
        if measure_id not in earlier:
            yield Hit(("earlier_measures", measure_id),
                      unknown_id(measure_id, sorted(earlier), "earlier measure"), key=True)


@rule("CD-EVAL-10", Level.ERROR, "A measure says what is to be done: a text, a change, or "
      "both; a change is one operation that fits the cooperation.", "FORMAT.md §2",
      kind="evaluation")
def changes_fit(d: RuleInput) -> Iterator[Hit]:
    for i, measure in enumerate(d.data["measures"]):
        change = measure.get("change")
        if change is None:
            if not measure.get("text"):
                yield Hit(("measures", i), _("a measure needs a text or a change; say what is "
                                             "to be done"))
            continue
        yield from _change_hits(d, ("measures", i, "change"), change)


def _change_hits(d: RuleInput, path: tuple[str | int, ...], change: Mapping[str, Any]
                 ) -> Iterator[Hit]:
    try:
        op = operation(change)
    except ChangeError as exc:  # a misplaced 'to' is located at its key
        yield Hit((*path, *exc.at), str(exc), key=bool(exc.at))
        return
    try:
        effective(change)
        yield from _operation_hits(d, (*path, op), op, change)
    except ChangeError as exc:
        yield Hit((*path, *exc.at), str(exc))


def _operation_hits(d: RuleInput, path: tuple[str | int, ...], op: str,
                    change: Mapping[str, Any]) -> Iterator[Hit]:
    """What makes the operation unfit for the cooperation; a ChangeError for the rest."""
    value = change[op]
    if op == "set":
        set_path(_coop(d), load_schema("cooperation"), value, change["to"])
    elif op == "remove_partner":
        partner = leaving(change)["id"]
        if partner not in _ids(d, "partners"):
            at = (*path, "id") if isinstance(value, Mapping) else path
            yield Hit(at, unknown_id(partner, _ids(d, "partners"), "partner"))
    elif op == "add_partner":
        yield from _joining_hits(d, path, change)
    elif op in ("add", "remove"):
        name, item = list_item(op, value)
        yield from _item_hits(d, (*path, name), op, name, item)


_JOINING = ("partner", "effective", "contributions", "shares_after")


def _joining_hits(d: RuleInput, path: tuple[str | int, ...], change: Mapping[str, Any]
                  ) -> Iterator[Hit]:
    """A new partner that is one already, and keys of the long form it does not have."""
    accession = joining(change)
    inner = (*path, "partner") if long_form(change) else path
    if accession["partner"].get("id") in _ids(d, "partners"):
        yield Hit((*inner, "id"), _("partner '{id}' is already a partner").format(
            id=accession["partner"]["id"]))
    if inner == path:
        return
    for key in change["add_partner"]:
        if key not in _JOINING:
            yield Hit((*path, key), _("unknown key '{key}' in the long form of add_partner "
                                      "(known: {known}); the new partner's own keys go under "
                                      "partner").format(key=key, known=", ".join(_JOINING)),
                      key=True)
    contributions = accession.get("contributions")
    if contributions is not None and not (isinstance(contributions, list) and all(
            isinstance(c, Mapping) for c in contributions)):
        yield Hit((*path, "contributions"), _("contributions is a list of contributions, e.g. "
                                              "[{type: money, value: 10000, due: 2027-01-31}]"))
    shares = accession.get("shares_after")
    if shares is not None and not isinstance(shares, Mapping):
        yield Hit((*path, "shares_after"), _("shares_after gives the pool shares after the "
                                             "accession by partner id, e.g. {gefertec: 35, "
                                             "flying-parts: 45, lumics: 20}"))


def _item_hits(d: RuleInput, path: tuple[str | int, ...], op: str, name: str, item: Any
               ) -> Iterator[Hit]:
    known = _ids(d, name)
    what = {"goals": "goal", "milestones": "milestone", "kpis": "KPI"}[name]
    if op == "remove" and item not in known:
        yield Hit(path, unknown_id(item, known, what))
    elif op == "add" and item.get("id") in known:
        yield Hit((*path, "id"), translated(_EXISTS[name]).format(id=item["id"]))
    elif op == "add" and not isinstance(item.get("id"), str):
        yield Hit(path, translated(_NEEDS_ID[name]))


# An item added to a list under an id it has already, and one added without an id, by list.
_EXISTS = {"goals": N_("goal '{id}' already exists; use 'set' to change it"),
           "milestones": N_("milestone '{id}' already exists; use 'set' to change it"),
           "kpis": N_("KPI '{id}' already exists; use 'set' to change it")}
_NEEDS_ID = {"goals": N_("the new goal needs an id"),
             "milestones": N_("the new milestone needs an id"),
             "kpis": N_("the new KPI needs an id")}


@rule("CD-EVAL-11", Level.WARNING, "Every partner rates the Schritt 1 criteria.",
      "FORMAT.md §2; seed 000 (Schritt 5: von allen Beteiligten bewertet)", kind="evaluation")
def every_partner_rates(d: RuleInput) -> Iterator[Hit]:
    ratings = d.data["ratings"]
    if not ratings:
        return
    raters = {rater for scores in ratings.values() for rater in scores}
    for partner in _ids(d, "partners"):
        if partner not in raters:
            yield Hit(("ratings",), _("partner '{id}' rated no criterion; the report shows its "
                                      "view as not assessed").format(id=partner), key=True)



@rule("R-NET-2", Level.WARNING, "A joining competitor triggers a new competition-law check and "
      "onboarding to data protection and the interfaces, in the same round.",
      "research A.19, C.4 (N-5)", kind="evaluation")
def joining_competitor(d: RuleInput) -> Iterator[Hit]:
    partners = _ids(d, "partners")
    sets = [str(m["change"]["set"]) for m in d.data["measures"]
            if isinstance(m.get("change"), Mapping) and "set" in m["change"]]
    clauses = _coop(d).get("clauses", {})
    needed = {"clauses.competition_law": True,
              "clauses.data_protection.processing": bool(
                  clauses.get("data_protection", {}).get("processing")),
              "clauses.it_security.interfaces": bool(
                  clauses.get("it_security", {}).get("interfaces"))}
    missing = [path for path, applies in needed.items()
               if applies and not any(s.startswith(path) for s in sets)]
    for i, measure in enumerate(d.data["measures"]):
        joining = (measure.get("change") or {}).get("add_partner")
        if not isinstance(joining, Mapping) or not missing:
            continue
        rivals = [p for p in joining.get("competitor_of", []) if p in partners]
        if rivals:
            yield Hit(("measures", i, "change", "add_partner"), _(
                "'{id}' competes with {rivals}; this round has no 'set' measure for {keys}: "
                "review the competition-law self-assessment and decide in which processings and "
                "interfaces the new partner takes part").format(
                id=joining.get("id"), rivals=", ".join(rivals), keys=", ".join(missing)))


@rule("CD-EVAL-13", Level.WARNING, "A change changes something: a 'set' to the value the "
      "cooperation already has (written or by default) makes no Nachtrag.", "FORMAT.md §2",
      kind="evaluation")
def changes_change(d: RuleInput) -> Iterator[Hit]:
    for i, measure in enumerate(d.data["measures"]):
        change = measure.get("change") or {}
        if operations(change) != ["set"] or "to" not in change:
            continue
        try:
            path = target(_coop(d), load_schema("cooperation"), change["set"])
            current = value_at(_coop(d), path)
        except (ChangeError, KeyError, IndexError):
            continue  # CD-EVAL-10 reports a path that does not fit; a missing value changes
        if current == change["to"] and type(current) is type(change["to"]):
            yield Hit(("measures", i, "change", "to"), _(
                "{key} is already {value}; the change changes nothing, so it makes no Nachtrag: "
                "correct the value or leave the change out").format(
                key=change["set"], value=_shown(current)))
        elif change["to"] is None and _default(path) == current and current is not None:
            yield Hit(("measures", i, "change", "to"), _(
                "null sets {key} back to its default {value}, which it already has; the change "
                "changes nothing, so it makes no Nachtrag: correct the value or leave the change "
                "out").format(key=change["set"], value=_shown(current)))


def _default(path: KeyPath) -> Any:
    """The schema default of the field at ``path`` (None without one, or when null is a value)."""
    rules = rules_at(load_schema("cooperation"), path)
    return None if rules.get("nullable") else rules.get("default")


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "true" if value is True else "false" if value is False else str(value)


# The texts of a cooperation the partners wrote themselves, where a number can be stated twice.
_TEXTS = ("purpose", "background", "goals.*.description", "milestones.*.description",
          "kpis.*.name", "partners.*.tasks.*", "activities.*.description")


@rule("CD-EVAL-14", Level.WARNING, "A change that replaces a number leaves no text of the "
      "cooperation stating the old number (a goal still saying 'mindestens 800' after the "
      "target went to 500).", "issue 18 item 7", kind="evaluation")
def no_stale_numbers(d: RuleInput) -> Iterator[Hit]:
    changed_in_round = {str(m["change"].get("set", "")) for m in d.data["measures"]
                        if isinstance(m.get("change"), Mapping)}
    for i, measure in enumerate(d.data["measures"]):
        change = measure.get("change") or {}
        if operations(change) != ["set"] or not is_number(change.get("to")):
            continue
        try:
            old = value_at(_coop(d), target(_coop(d), load_schema("cooperation"), change["set"]))
        except (ChangeError, KeyError, IndexError):
            continue
        if not is_number(old) or old == change["to"]:
            continue
        for where, text in _user_texts(_coop(d)):
            if not any(written.startswith(where) for written in changed_in_round if written) \
                    and _states(text, old):
                yield Hit(("measures", i, "change", "to"), _(
                    "{where} still says {old}, the value {key} had before this change: update "
                    "that text in the same round (a measure with change: {{set: {where}, to: …}}) "
                    "so the amended agreement does not state both").format(
                    where=where, old=_shown(old), key=change["set"]))


def _user_texts(coop: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(set path, text) of the texts the partners wrote, list items named by id."""
    for pattern in _TEXTS:
        yield from _texts_at(coop, pattern.split("."), ())


def _texts_at(node: Any, parts: list[str], path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if not parts:
        if isinstance(node, str):
            yield ".".join(path), node
        return
    head, rest = parts[0], parts[1:]
    if head == "*" and isinstance(node, list):
        for n, item in enumerate(node):
            name = str(item.get("id", n)) if isinstance(item, Mapping) else str(n)
            yield from _texts_at(item, rest, (*path, name))
    elif isinstance(node, Mapping) and head in node:
        yield from _texts_at(node[head], rest, (*path, head))


def _states(text: str, number: float) -> bool:
    """Whether ``text`` states ``number``: as written, or grouped the German or English way.

    Numbers below 10 are left out: a 4 or a 6 stands in too many texts for other reasons
    ("Ti-6Al-4V", "4 Sitzungen") to be a sign of a stale value.
    """
    if abs(number) < 10:
        return False
    forms = {f"{number:g}"}
    if float(number).is_integer() and abs(number) >= 1000:
        forms |= {f"{int(number):,}", f"{int(number):,}".replace(",", ".")}
    if not float(number).is_integer():
        forms.add(f"{number:g}".replace(".", ","))
    return any(re.search(rf"(?<![\w.,]){re.escape(form)}(?!\w|[.,]\d)", text)
               for form in forms)


# --- when a change takes effect (issue 18 item 1) -----------------------------------------------

_MONTHS = {name: n for n, names in enumerate(
    (("januar", "january"), ("februar", "february"), ("märz", "march"), ("april",),
     ("mai", "may"), ("juni", "june"), ("juli", "july"), ("august",),
     ("september",), ("oktober", "october"), ("november",), ("dezember", "december")),
    start=1) for name in names}
# "zum 31. Dezember 2027", "ab dem 1. Januar 2028", "mit Ablauf des 31.12.2027", "with effect
# from 1 January 2028", "as of 31 December 2027"; not "bis zum" (a deadline, not a date of effect)
_WHEN = re.compile(
    r"(?<!bis )\b(?:zum|ab(?: dem)?|mit Ablauf des|mit Wirkung (?:zum|vom|ab(?: dem)?)|"
    r"with effect from|effective(?: from| as of)?|as of|as from|from the end of)\s+"
    r"(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{1,2})\.?\s+([A-Za-zäÄ]+)\s+(\d{4}))",
    re.IGNORECASE)


def stated_dates(text: str) -> list[datetime.date]:
    """The dates a measure's text names as the date its change takes effect."""
    found = []
    for match in _WHEN.finditer(text):
        day, month, year, day2, month_name, year2 = match.groups()
        try:
            if day:
                found.append(datetime.date(int(year), int(month), int(day)))
            elif month_name.lower() in _MONTHS:
                found.append(datetime.date(int(year2), _MONTHS[month_name.lower()], int(day2)))
        except ValueError:
            continue  # "30. Februar": not a date; nothing to compare
    return found


@rule("CD-EVAL-17", Level.WARNING, "A measure whose text names the date its change takes effect "
      "('scheidet zum 31. Dezember 2027 aus') gives that date as the change's effective; "
      "otherwise the Nachtrag makes the change effective on signature.",
      "FORMAT.md §2; issue 18 item 1; research C.4 (N-6)", kind="evaluation")
def effective_as_stated(d: RuleInput) -> Iterator[Hit]:
    for i, measure in enumerate(d.data["measures"]):
        change = measure.get("change")
        text = measure.get("text")
        if not isinstance(change, Mapping) or not isinstance(text, str):
            continue
        try:
            given = effective(change)
        except ChangeError:
            continue  # CD-EVAL-10 says what is wrong with the date
        stated = stated_dates(text)
        if not stated or given in stated:
            continue
        at = _effective_key(change)
        shown = stated[0].isoformat()
        if given is None:
            yield Hit(("measures", i, "change"), _(
                "the text says the change takes effect on {date}, but the change has no "
                "effective date, so the Nachtrag would make it effective on signature: add "
                "{key}: {date}").format(date=shown, key=at))
        else:
            yield Hit(("measures", i, "change", *at.split(".")[1:]), _(
                "the text says the change takes effect on {date}, but {key} is {given}: make "
                "them agree").format(date=shown, key=at, given=given.isoformat()))


def _effective_key(change: Mapping[str, Any]) -> str:
    """Where the effective date of ``change`` goes: in the long form of a partner change."""
    op = long_form(change)
    return f"change.{op}.effective" if op else "change.effective"


@rule("R-AUS-2", Level.WARNING, "A change takes effect no earlier than its Nachtrag is agreed: "
      "an effective date before the evaluation applies only between the partners and only when "
      "agreed expressly.", "activities.md §9 (R-AUS-2); research C.4 (N-6)", kind="evaluation")
def not_retroactive(d: RuleInput) -> Iterator[Hit]:
    for i, measure in enumerate(d.data["measures"]):
        change = measure.get("change")
        if not isinstance(change, Mapping):
            continue
        try:
            given = effective(change)
        except ChangeError:
            continue
        if given is not None and given < d.data["date"]:
            yield Hit(("measures", i, "change"), _(
                "the change takes effect on {effective}, before the evaluation of {date} and so "
                "before the Nachtrag can be signed: a retroactive change binds only the partners "
                "among themselves and third parties not at all; give a date after the signing, "
                "or make sure the partners agree to it expressly").format(
                effective=given.isoformat(), date=d.data["date"].isoformat()))


@rule("R-AUS-5", Level.WARNING, "A partner leaving a cooperation with a profit pool or shared "
      "costs says how the running year is settled (settlement: time_pro_rata or "
      "closing_accounts).", "activities.md §9 (R-AUS-5)", kind="evaluation")
def exit_settled(d: RuleInput) -> Iterator[Hit]:
    clauses = _coop(d).get("clauses", {})
    pool = clauses.get("profit_sharing", {}).get("model") == "pool"
    costs = clauses.get("costs", {}).get("model") in ("allocation", "budget")
    if not (pool or costs):
        return
    for i, measure in enumerate(d.data["measures"]):
        change = measure.get("change")
        if not isinstance(change, Mapping) or operations(change) != ["remove_partner"]:
            continue
        exit_ = leaving(change)
        if exit_.get("settlement") is None:
            message = translated(_UNSETTLED[pool, costs])
            yield Hit(("measures", i, "change", "remove_partner"), message.format(id=exit_["id"]))


# A partner leaving without a settlement of the running year: (profit pool?, shared costs?) →
# what to say.
_UNSETTLED = {
    (True, False): N_(
        "'{id}' leaves the profit pool without a settlement of the running year; the Nachtrag "
        "then settles by closing accounts as at the day of leaving under the exit §: say so or "
        "choose time_pro_rata with the long form {{id: {id}, effective: DATE, settlement: "
        "time_pro_rata}}"),
    (False, True): N_(
        "'{id}' leaves the shared costs without a settlement of the running year; the Nachtrag "
        "then settles by closing accounts as at the day of leaving under the exit §: say so or "
        "choose time_pro_rata with the long form {{id: {id}, effective: DATE, settlement: "
        "time_pro_rata}}"),
    (True, True): N_(
        "'{id}' leaves the profit pool and the shared costs without a settlement of the running "
        "year; the Nachtrag then settles by closing accounts as at the day of leaving under the "
        "exit §: say so or choose time_pro_rata with the long form {{id: {id}, effective: DATE, "
        "settlement: time_pro_rata}}"),
}


@rule("R-AUS-4", Level.WARNING, "A leaving coordinator has a successor named in the same round.",
      "activities.md §9 (R-AUS-4)", kind="evaluation")
def coordinator_succeeded(d: RuleInput) -> Iterator[Hit]:
    partners = {p.get("id"): p for p in _coop(d).get("partners", []) if isinstance(p, Mapping)}
    named = [str(m["change"].get("set")) for m in d.data["measures"]
             if isinstance(m.get("change"), Mapping) and "set" in m["change"]]
    successor = any(path.startswith("partners.") and path.endswith(".role") for path in named)
    for i, measure in enumerate(d.data["measures"]):
        change = measure.get("change")
        if not isinstance(change, Mapping) or operations(change) != ["remove_partner"]:
            continue
        gone = leaving(change)["id"]
        if partners.get(gone, {}).get("role") != "coordinator" or successor:
            continue
        rest = [p for p in partners if p != gone]
        yield Hit(("measures", i, "change", "remove_partner"), _(
            "'{id}' is the coordinator; without a successor the amended agreement has none and "
            "the chair of the steering committee takes on its tasks: to name one, add to the "
            "measures of this round: {paste} (one of {partners})").format(
            id=gone, partners=", ".join(map(str, rest)),
            paste=f"- {{id: {measure['id']}-koordination, change: {{set: partners."
                  f"{rest[0] if rest else 'ID'}.role, to: coordinator}}}}"))
