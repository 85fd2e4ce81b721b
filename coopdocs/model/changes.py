"""Changes to a cooperation, as the measures of an evaluation carry them (FORMAT.md §2).

A change is one operation: ``{set: PATH, to: VALUE}``, ``{add_partner: PARTNER}``,
``{remove_partner: ID}``, ``{add: {goals|milestones|kpis: ITEM}}`` or ``{remove: {LIST: ID}}``.
``PATH`` is a dotted key path into the cooperation in which list items are named by their id
(``partners.gefertec.role``). Applying the changes of rounds 1..n in order to the cooperation
gives the cooperation as amended by Nachtrag n. Everything here works on plain data.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from coopdocs.errors import KeyPath

OPERATIONS = ("set", "add_partner", "remove_partner", "add", "remove")
LISTS = ("goals", "milestones", "kpis")


class ChangeError(ValueError):
    """A change that does not fit the cooperation; the message says what to do."""


def operations(change: Mapping[str, Any]) -> list[str]:
    """The operations a change names (a valid change names exactly one)."""
    return [op for op in OPERATIONS if op in change]


def target(data: Mapping[str, Any], schema: Mapping[str, Any], dotted: str) -> KeyPath:
    """The key path in ``data`` that ``dotted`` names; list items are found by their id.

    Raises ChangeError when a key is not in the schema or an id is not in the list.
    """
    parts = dotted.split(".")
    node: Any = data
    rules: Mapping[str, Any] = {"type": "dict", "schema": schema}
    path: list[str | int] = []
    for i, part in enumerate(parts):
        where = ".".join(parts[:i]) or "the cooperation"
        if rules.get("type") == "list" and isinstance(rules.get("schema"), Mapping):
            items = node if isinstance(node, list) else []
            ids = [item.get("id") for item in items if isinstance(item, Mapping)]
            if part not in ids:
                raise ChangeError(f"{where} has no item with id '{part}'; "
                                  f"{_hint(part, [i for i in ids if isinstance(i, str)])}")
            path.append(ids.index(part))
            node, rules = items[ids.index(part)], rules["schema"]
            continue
        if rules.get("type") != "dict":
            raise ChangeError(f"{where} is a single value and has no key '{part}'")
        children = rules.get("schema")
        if isinstance(children, Mapping) and children:
            if part not in children:
                raise ChangeError(f"{where} has no key '{part}'; {_hint(part, sorted(children))}")
            rules = children[part]
        else:
            rules = rules.get("valuesrules", {})
        path.append(part)
        node = node.get(part) if isinstance(node, Mapping) else None
    return tuple(path)


def apply_changes(data: Mapping[str, Any], schema: Mapping[str, Any],
                  changes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A copy of ``data`` with ``changes`` applied in order; ChangeError for one that cannot be."""
    result: dict[str, Any] = copy.deepcopy(dict(data))
    for change in changes:
        _apply(result, schema, change)
    return result


def apply_measures(written: Mapping[str, Any], evaluation: Mapping[str, Any],
                   schema: Mapping[str, Any]) -> dict[str, Any]:
    """The cooperation as written with the change of every measure of a round that applies.

    A change that does not fit is left out here: validation reports it at its measure
    (CD-EVAL-10), and a round with such an error is never built.
    """
    result = dict(written)
    for measure in evaluation["measures"]:
        if "change" in measure:
            try:
                result = apply_changes(result, schema, [measure["change"]])
            except (ChangeError, KeyError, TypeError, ValueError, AttributeError):
                continue
    return result


def _apply(data: dict[str, Any], schema: Mapping[str, Any], change: Mapping[str, Any]) -> None:
    ops = operations(change)
    if len(ops) != 1:
        raise ChangeError(f"a change names exactly one of {', '.join(OPERATIONS)}")
    op = ops[0]
    value = copy.deepcopy(change[op])
    if op == "set":
        _set(data, target(data, schema, value), copy.deepcopy(change.get("to")))
    elif op == "add_partner":
        data.setdefault("partners", []).append(value)
    elif op == "remove_partner":
        data["partners"] = _without(data.get("partners", []), value, "partners")
    elif op == "add":
        [(name, item)] = value.items()
        data.setdefault(name, []).append(item)
    else:
        [(name, item_id)] = value.items()
        data[name] = _without(data.get(name, []), item_id, name)


def _set(data: dict[str, Any], path: KeyPath, value: Any) -> None:
    node: Any = data
    for part in path[:-1]:
        if isinstance(part, str) and not isinstance(node.get(part), (dict, list)):
            node[part] = {}
        node = node[part]
    node[path[-1]] = value


def _without(items: list[Any], item_id: str, name: str) -> list[Any]:
    ids = [item.get("id") for item in items if isinstance(item, Mapping)]
    if item_id not in ids:
        raise ChangeError(f"{name} has no item with id '{item_id}'; "
                          f"{_hint(item_id, [i for i in ids if isinstance(i, str)])}")
    return [item for item in items if not (isinstance(item, Mapping) and item.get("id") == item_id)]


def _hint(value: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else f"known: {', '.join(known) or 'none'}"
