"""Changes to a cooperation, as the measures of an evaluation carry them (FORMAT.md §2).

A change is one operation: ``{set: PATH, to: VALUE}``, ``{add_partner: PARTNER}``,
``{remove_partner: ID}``, ``{add: {goals|milestones|kpis: ITEM}}`` or ``{remove: {LIST: ID}}``,
optionally with ``effective: DATE``. ``PATH`` is a dotted key path into the cooperation in which
list items are named by their id (``partners.gefertec.role``). ``remove_partner`` and
``add_partner`` also have long forms with the date, the settlement, contributions and the pool
shares after the change (``leaving``, ``joining``). A partner leaving takes the cooperation with
it (model.follow): it leaves every list and key, shares are re-normalised, and what only the
partners can decide stays a choice. Applying the changes of rounds 1..n in order to the
cooperation gives the cooperation as amended by Nachtrag n. Everything here works on plain data.

A change is applied or refused with a ChangeError, never left out: validation applies each
round's changes with ``apply_fitting`` and reports every refusal at its measure, and the build
applies validated rounds with ``apply_measures``, where a refusal is a bug (InternalError).
"""

from __future__ import annotations

import copy
import datetime
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coopdocs.errors import InternalError, KeyPath
from coopdocs.i18n import N_, _, translated
from coopdocs.model.follow import FollowOn, follow_exit, item_name

OPERATIONS = ("set", "add_partner", "remove_partner", "add", "remove")
LISTS = ("goals", "milestones", "kpis")

# Keys of the cooperation no measure may set, and why.
FIXED = {
    "format": N_("'format' is the version of the file format, not a term of the agreement; a "
                 "measure cannot change it"),
    "id": N_("'id' names the cooperation in its evaluations and output files; a measure cannot "
             "change it (a cooperation under a new id is a new cooperation.yaml)"),
    "partners": N_("partners join and leave by add_partner and remove_partner; a measure "
                   "changes one partner's key with set: partners.ID.KEY"),
}


class ChangeError(ValueError):
    """A change that does not fit the cooperation; the message says what to do.

    ``at`` is the key path of the part of the change at fault (``("set",)``), to locate it.
    """

    def __init__(self, message: str, at: KeyPath = ()) -> None:
        super().__init__(message)
        self.at = at


def operations(change: Mapping[str, Any]) -> list[str]:
    """The operations a change names (a valid change names exactly one)."""
    return [op for op in OPERATIONS if op in change]


def operation(change: Mapping[str, Any]) -> str:
    """The one operation of ``change``.

    ChangeError when it names none or several, or when ``to`` is missing for ``set`` or given
    for another operation (where it would be ignored).
    """
    ops = operations(change)
    if len(ops) != 1:
        message = (_("a change names exactly one of {operations}; found {found}") if ops else
                   _("a change names exactly one of {operations}; found none"))
        raise ChangeError(message.format(operations=", ".join(OPERATIONS), found=", ".join(ops)))
    if ops[0] == "set" and "to" not in change:
        raise ChangeError(_("'set' needs 'to' with the new value"))
    if ops[0] != "set" and "to" in change:
        raise ChangeError(_("'to' belongs to 'set' only"), ("to",))
    return ops[0]


def list_item(op: str, value: Any) -> tuple[str, Any]:
    """The list and the item (or id) of an ``add`` or ``remove``: exactly one of each."""
    names = list(value) if isinstance(value, Mapping) else []
    if len(names) != 1:
        message = translated(_NOT_ONE_LIST[op == "add", bool(names)])
        raise ChangeError(message.format(op=op, lists=", ".join(LISTS),
                                         found=", ".join(map(str, names))), (op,))
    [(name, item)] = value.items()
    if name not in LISTS:
        raise ChangeError(_("'{op}' works on {lists}; found '{name}'").format(
            op=op, lists=", ".join(LISTS), name=name), (op, name))
    return str(name), item


# An add or remove that names no list or several: (an addition?, any found?) → what to say.
_NOT_ONE_LIST = {
    (True, True): N_("'{op}' names exactly one list ({lists}) with one item; found {found}; give "
                     "each addition a measure of its own"),
    (True, False): N_("'{op}' names exactly one list ({lists}) with one item; found none; give "
                      "each addition a measure of its own"),
    (False, True): N_("'{op}' names exactly one list ({lists}) with one item; found {found}; "
                      "give each removal a measure of its own"),
    (False, False): N_("'{op}' names exactly one list ({lists}) with one item; found none; "
                       "give each removal a measure of its own"),
}


def target(data: Mapping[str, Any], schema: Mapping[str, Any], dotted: str) -> KeyPath:
    """The key path in ``data`` that ``dotted`` names; list items are found by their id.

    Raises ChangeError when a key is not in the schema, an id is not in the list, or the key
    is one no measure may set (FIXED, the id of a list item).
    """
    parts = dotted.split(".")
    if dotted in FIXED:
        raise ChangeError(translated(FIXED[dotted]), ("set",))
    node: Any = data
    rules: Mapping[str, Any] = {"type": "dict", "schema": schema}
    path: list[str | int] = []
    for i, part in enumerate(parts):
        where = ".".join(parts[:i])  # empty at the top: the cooperation
        if _is_item_list(rules):
            node, rules = _item(node, rules, part, where, path)
            if parts[i + 1:] == ["id"]:
                raise ChangeError(_("the id of {item} cannot be changed by a measure: "
                                    "evaluations and Nachträge refer to it; remove the item and "
                                    "add it under the new id").format(item=f"{where}.{part}"),
                                  ("set",))
            continue
        rules = _child_rules(rules, part, where)
        path.append(part)
        node = node.get(part) if isinstance(node, Mapping) else None
    return tuple(path)


def _is_item_list(rules: Mapping[str, Any]) -> bool:
    return rules.get("type") == "list" and isinstance(rules.get("schema"), Mapping)


def _item(node: Any, rules: Mapping[str, Any], part: str, where: str, path: list[str | int]
          ) -> tuple[Any, Mapping[str, Any]]:
    items = node if isinstance(node, list) else []
    ids = [item_name(tuple(path), item) for item in items]
    if part not in ids:
        raise ChangeError(_("{where} has no item with id '{id}'; {hint}").format(
            where=where, id=part, hint=_hint(part, [i for i in ids if isinstance(i, str)])),
            ("set",))
    path.append(ids.index(part))
    return items[ids.index(part)], rules["schema"]


def _child_rules(rules: Mapping[str, Any], part: str, where: str) -> Mapping[str, Any]:
    if rules.get("type") != "dict":
        raise ChangeError(_("{where} is a single value and has no key '{key}'").format(
            where=where, key=part), ("set",))
    children = rules.get("schema")
    if isinstance(children, Mapping) and children:
        if part not in children:
            message = (_("{where} has no key '{key}'; {hint}") if where else
                       _("the cooperation has no key '{key}'; {hint}"))
            raise ChangeError(message.format(where=where, key=part,
                                             hint=_hint(part, sorted(children))), ("set",))
        found: Mapping[str, Any] = children[part]
        return found
    values: Mapping[str, Any] = rules.get("valuesrules", {})
    return values


def set_path(data: Mapping[str, Any], schema: Mapping[str, Any], dotted: str, value: Any
             ) -> KeyPath:
    """The key path ``{set: dotted, to: value}`` writes; a whole list item keeps its id."""
    path = target(data, schema, dotted)
    item_id = dotted.rsplit(".", 1)[-1]
    if isinstance(path[-1], int) and isinstance(value, Mapping) and value.get("id") != item_id:
        raise ChangeError(_("the new value of {key} must keep id: {id}; an id cannot be changed "
                            "by a measure (remove the item and add it under the new id)").format(
            key=dotted, id=item_id), ("to",))
    return path


def apply_changes(data: Mapping[str, Any], schema: Mapping[str, Any],
                  changes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A copy of ``data`` with ``changes`` applied in order; ChangeError for one that cannot be."""
    result: dict[str, Any] = copy.deepcopy(dict(data))
    for change in changes:
        if not isinstance(change, Mapping):
            raise ChangeError(_("a change is a mapping with one operation, e.g. {set: PATH, "
                                "to: VALUE}"))
        _apply(result, schema, change)
    return result


@dataclass
class Applied:
    """A round applied: the cooperation, the changes refused and what followed from each.

    ``refused`` holds (index of the measure, reason); ``plans`` the follow-on changes of a
    partner leaving by the index of its measure (model.follow).
    """

    data: dict[str, Any]
    refused: list[tuple[int, ChangeError]] = field(default_factory=list)
    plans: dict[int, list[FollowOn]] = field(default_factory=dict)


def apply_fitting(written: Mapping[str, Any], evaluation: Mapping[str, Any],
                  schema: Mapping[str, Any]) -> Applied:
    """The cooperation with every change of a round that fits, and those that do not.

    Changes are applied in the order of the measures; each one that does not fit is returned
    with the index of its measure and the reason, for validation to report.
    """
    applied = Applied(copy.deepcopy(dict(written)))
    for index, measure in enumerate(evaluation["measures"]):
        change = measure.get("change")
        if change is None:
            continue
        if not isinstance(change, Mapping):
            applied.refused.append((index, ChangeError(_(
                "a change is a mapping with one operation, e.g. {set: PATH, to: VALUE}"))))
            continue
        trial = copy.deepcopy(applied.data)
        try:
            plan = _apply(trial, schema, change)
        except ChangeError as exc:
            applied.refused.append((index, exc))
            continue
        applied.data = trial
        if plan:
            applied.plans[index] = plan
    return applied


def apply_measures(written: Mapping[str, Any], evaluation: Mapping[str, Any],
                   schema: Mapping[str, Any]) -> dict[str, Any]:
    """The cooperation as written with the change of every measure of a validated round.

    Validation refuses a round with a change that does not apply (``apply_fitting``), so one
    here is a bug: it is said loudly, never left out of the Nachtrag.
    """
    applied = apply_fitting(written, evaluation, schema)
    if applied.refused:
        index, exc = applied.refused[0]
        measure = evaluation["measures"][index].get("id", index)
        raise InternalError(_("internal error: the change of measure '{measure}' of evaluation "
                              "round {round} passed validation but does not apply ({reason}); "
                              "this is a bug in coopdocs, please report it").format(
            measure=measure, round=evaluation.get("number"), reason=exc))
    return applied.data


# --- partners leaving and joining ---------------------------------------------------------------

def leaving(change: Mapping[str, Any]) -> dict[str, Any]:
    """The exit of ``remove_partner`` in its long form: {id, effective, reason, settlement, …}.

    The short form (an id) gives {id}; ``effective`` may stand in the change or in the long form.
    """
    value = change["remove_partner"]
    exit_ = dict(value) if isinstance(value, Mapping) else {"id": value}
    if not isinstance(exit_.get("id"), str):
        raise ChangeError(_("remove_partner names the leaving partner by its id: "
                            "remove_partner: ID, or remove_partner: {id: ID, effective: DATE, …}"),
                          ("remove_partner",))
    return {**exit_, "effective": _given_date(change)}


def joining(change: Mapping[str, Any]) -> dict[str, Any]:
    """The accession of ``add_partner`` in its long form.

    {partner, effective, contributions, shares_after}; the short form (the partner itself)
    gives {partner}.
    """
    value = change["add_partner"]
    if not isinstance(value, Mapping):
        raise ChangeError(_("add_partner gives the new partner with the keys of a partner in "
                            "cooperation.yaml (id, name, legal_form, address, …), or "
                            "{partner: {…}, effective: DATE, contributions: […]}"),
                          ("add_partner",))
    accession = dict(value) if long_form(change) else {"partner": dict(value)}
    if not isinstance(accession["partner"], Mapping):
        raise ChangeError(_("add_partner.partner gives the new partner with the keys of a "
                            "partner in cooperation.yaml"), ("add_partner", "partner"))
    return {**accession, "effective": _given_date(change)}


def long_form(change: Mapping[str, Any]) -> str | None:
    """The partner operation of ``change`` given in its long form, if any.

    ``remove_partner: {id: …}`` and ``add_partner: {partner: {…}}``; the short forms (an id, the
    partner itself) give None.
    """
    if isinstance(change.get("remove_partner"), Mapping):
        return "remove_partner"
    joined = change.get("add_partner")
    return "add_partner" if isinstance(joined, Mapping) and "partner" in joined else None


def effective(change: Mapping[str, Any]) -> datetime.date | None:
    """When ``change`` takes effect (None: when the Nachtrag does).

    ``effective`` of the change, or of the long form of a partner leaving or joining; both
    given and different is a ChangeError.
    """
    dates: list[tuple[KeyPath, Any]] = [(("effective",), change.get("effective"))]
    op = long_form(change)
    if op is not None:
        dates.append(((op, "effective"), change[op].get("effective")))
    given = [(at, d) for at, d in dates if d is not None]
    for at, date in given:
        if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
            raise ChangeError(_("effective is a date (YYYY-MM-DD), e.g. 2027-01-01; found "
                                "{found}").format(found=repr(date)), at)
    if len({d for _at, d in given}) > 1:
        raise ChangeError(_("the change gives two different effective dates; give it once"),
                          given[-1][0])
    return given[0][1] if given else None


def _given_date(change: Mapping[str, Any]) -> datetime.date | None:
    """``effective(change)``, or None where it is malformed (validation reports it)."""
    try:
        return effective(change)
    except ChangeError:
        return None


def _join(data: dict[str, Any], accession: Mapping[str, Any]) -> None:
    """Add the partner with the contributions it makes on joining, and the pool shares after."""
    partner = copy.deepcopy(dict(accession["partner"]))
    contributions = accession.get("contributions") or []
    if contributions:
        partner["contributions"] = [*partner.get("contributions", []),
                                    *copy.deepcopy(list(contributions))]
    data.setdefault("partners", []).append(partner)
    if accession.get("shares_after") is not None:
        clauses = data.setdefault("clauses", {})
        clauses.setdefault("profit_sharing", {})["shares"] = dict(accession["shares_after"])


def _apply(data: dict[str, Any], schema: Mapping[str, Any], change: Mapping[str, Any]
           ) -> list[FollowOn]:
    """Apply ``change`` to ``data`` in place; what followed from it (a partner leaving)."""
    op = operation(change)
    effective(change)  # two different dates are refused before anything changes
    value = copy.deepcopy(change[op])
    if op == "set":
        if not isinstance(value, str):
            raise ChangeError(_("'set' needs a dotted key path, e.g. "
                                "governance.steering_committee.meetings_per_year"), ("set",))
        _set(data, set_path(data, schema, value, change["to"]), copy.deepcopy(change["to"]))
    elif op == "add_partner":
        _join(data, joining(change))
    elif op == "remove_partner":
        exit_ = leaving(change)
        data["partners"] = _without(data.get("partners", []), exit_["id"], "partners", (op,))
        return follow_exit(data, schema, exit_["id"], exit_.get("shares_after"))
    elif op == "add":
        name, item = list_item(op, value)
        data.setdefault(name, []).append(item)
    else:
        name, item_id = list_item(op, value)
        data[name] = _without(data.get(name, []), item_id, name, (op, name))
    return []


def _set(data: dict[str, Any], path: KeyPath, value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        if isinstance(part, str) and not isinstance(node.get(part), (dict, list)):
            node[part] = {}
        node = node[part]
    node[path[-1]] = value


def _without(items: list[Any], item_id: Any, name: str, at: KeyPath) -> list[Any]:
    ids = [item.get("id") for item in items if isinstance(item, Mapping)]
    if item_id not in ids:
        raise ChangeError(_("{where} has no item with id '{id}'; {hint}").format(
            where=name, id=item_id, hint=_hint(str(item_id), [i for i in ids
                                                               if isinstance(i, str)])), at)
    return [item for item in items if not (isinstance(item, Mapping) and item.get("id") == item_id)]


def _hint(value: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    if close:
        return _("did you mean '{close}'?").format(close=close[0])
    return _("known: {known}").format(known=", ".join(known)) if known else _("known: none")
