"""What follows in a cooperation when a partner leaves or joins (FORMAT.md §2, R-FIN-4).

Every field that names a partner is marked in the schema with ``meta.partner``:

- ``list`` (ids: the participants of an activity, the partners of a processing): a leaving
  partner is taken out of the list;
- ``keys`` (a mapping by partner id, e.g. opening hours): its entry goes;
- ``shares`` (percentages by partner id that sum to 100: pool, cost key, vote weights, work
  shares, quotas): its share is spread over the others in proportion to their shares, rounded to
  hundredths so that they still sum to exactly 100 (or the shares the change gives with
  ``shares_after``);
- ``one`` (one partner: a goal's owner, a lead, a provider, a chair): only the partners can say
  who takes over; it stays a choice, which validation asks for with the YAML to paste.

A list the partner cannot simply leave is a choice as well: one that would fall below its
minimum, and a processing on behalf of others whose processor (its last partner) leaves.
``follow_exit`` changes the cooperation (plain data) and returns the plan: what it changed and
what it leaves to the partners. Everything here works on plain data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from coopdocs.errors import KeyPath
from coopdocs.model.paths import value_at

# Lists whose items are named by a key of their own when they have no id.
DEFAULT_IDS = {"activities": "type"}
# Processings need two partners; on behalf of others (processor) the last one processes.
_PROCESSING = ("clauses", "data_protection", "processing")


@dataclass(frozen=True)
class FollowOn:
    """One consequence of a partner leaving: ``how`` is removed, renormalised, given or choice.

    ``before``/``after`` are the values at ``path`` (``after`` is None for a choice, which the
    partners make with a measure of their own).
    """

    path: KeyPath
    before: Any
    after: Any
    how: str
    partner: str


def item_name(items_path: KeyPath, item: Any) -> str | None:
    """The name a set path uses for a list item: its id (activities: their type by default)."""
    if not isinstance(item, Mapping):
        return None
    name = item.get("id")
    if name is None and items_path and items_path[-1] in DEFAULT_IDS:
        name = item.get(DEFAULT_IDS[str(items_path[-1])])
    return name if isinstance(name, str) else None


def dotted(data: Mapping[str, Any], path: KeyPath) -> str:
    """The set path of ``path`` (list items by id): ``goals.g2.owner``; ``[0]`` without an id.

    An item keeps its position where its id cannot name it: when the path goes on to the id
    itself (a finding about the id) or another item of the list has the same id.
    """
    text = ""
    node: Any = data
    for index, part in enumerate(path):
        if isinstance(part, int):
            items = node if isinstance(node, list) else []
            item = items[part] if 0 <= part < len(items) else None
            name = item_name(path[:index], item)
            unique = name is not None and \
                [item_name(path[:index], other) for other in items].count(name) == 1
            naming = unique and path[index + 1:index + 2] != ("id",)
            text += f".{name}" if naming else f"[{part}]"
            node = item
        else:
            text += f".{part}" if text else part
            node = node.get(part) if isinstance(node, Mapping) else None
    return text


def references(data: Mapping[str, Any], schema: Mapping[str, Any], partner: str
               ) -> Iterator[tuple[KeyPath, str, Mapping[str, Any]]]:
    """(path, kind, rules) of every place in ``data`` that names ``partner``."""
    yield from _walk(data, {"type": "dict", "schema": schema}, (), partner)


def _walk(node: Any, rules: Mapping[str, Any], path: KeyPath, partner: str
          ) -> Iterator[tuple[KeyPath, str, Mapping[str, Any]]]:
    kind = rules.get("meta", {}).get("partner") if isinstance(rules.get("meta"), Mapping) \
        else None
    if kind is not None:
        if _names(node, kind, partner):
            yield path, str(kind), rules
        return
    inner = rules.get("schema")
    if isinstance(node, Mapping) and isinstance(inner, Mapping):
        for key, value in node.items():
            if key in inner:
                yield from _walk(value, inner[key], (*path, key), partner)
    elif isinstance(node, list) and isinstance(inner, Mapping):
        for index, item in enumerate(node):
            yield from _walk(item, inner, (*path, index), partner)


def _names(value: Any, kind: str, partner: str) -> bool:
    if kind == "one":
        return bool(value == partner)
    if kind == "list":
        return isinstance(value, list) and partner in value
    return isinstance(value, Mapping) and partner in value


def follow_exit(data: dict[str, Any], schema: Mapping[str, Any], partner: str,
                shares_after: Mapping[str, Any] | None = None) -> list[FollowOn]:
    """Take ``partner`` out of every field that names it; the plan of what changed.

    ``data`` (the cooperation without the partner) is changed in place. ``shares_after`` are
    the pool shares (clauses.profit_sharing.shares) the change gives instead of re-normalised
    ones.
    """
    plan: list[FollowOn] = []
    for path, kind, rules in list(references(data, schema, partner)):
        value = value_at(data, path)
        after = _without(data, path, kind, rules, partner=partner, shares_after=shares_after)
        if after is None:
            plan.append(FollowOn(path, value, None, "choice", partner))
            continue
        how = ("given" if shares_after is not None and path == _POOL else
               "renormalised" if kind == "shares" else "removed")
        _put(data, path, after)
        plan.append(FollowOn(path, value, after, how, partner))
    return plan


_POOL: KeyPath = ("clauses", "profit_sharing", "shares")


def _without(data: Mapping[str, Any], path: KeyPath, kind: str, rules: Mapping[str, Any], *,
             partner: str, shares_after: Mapping[str, Any] | None) -> Any:
    """The value without ``partner``; None where the partners must choose."""
    value = value_at(data, path)
    if kind == "one":
        return None
    if kind == "list":
        rest = [item for item in value if item != partner]
        if path[:3] == _PROCESSING and not _processing_follows(data, path, value, partner):
            return None
        return rest if len(rest) >= max(int(rules.get("minlength", 1)), 1) else None
    if kind == "shares":
        if path == _POOL and shares_after is not None:
            return dict(shares_after)
        return renormalised(value, partner)
    return {key: item for key, item in value.items() if key != partner}


def _processing_follows(data: Mapping[str, Any], path: KeyPath, partners: list[Any],
                        partner: str) -> bool:
    """Whether a processing goes on without ``partner``: two remain, and not its processor."""
    item = value_at(data, path[:-1])
    processor = isinstance(item, Mapping) and item.get("role") == "processor"
    return len(partners) > 2 and not (processor and partners[-1] == partner)


def renormalised(shares: Mapping[str, Any], partner: str) -> dict[str, int | float]:
    """The shares without ``partner``, scaled to sum to exactly 100 (hundredths).

    The remaining shares keep their proportions (equal shares when all of them are 0); the
    hundredths lost to rounding go to the largest remainders, in the order of the partners.
    """
    rest = {key: Decimal(str(value)) for key, value in shares.items() if key != partner}
    if not rest:
        return {}
    total = sum(rest.values(), Decimal(0))
    raw = ({k: v * 100 / total for k, v in rest.items()} if total
           else {k: Decimal(100) / len(rest) for k in rest})
    cent = Decimal("0.01")
    rounded = {k: v.quantize(cent, rounding=ROUND_DOWN) for k, v in raw.items()}
    missing = int((Decimal(100) - sum(rounded.values(), Decimal(0))) / cent)
    for key in sorted(raw, key=lambda k: raw[k] - rounded[k], reverse=True)[:missing]:
        rounded[key] += cent
    return {k: int(v) if v == v.to_integral_value() else float(v) for k, v in rounded.items()}


def _put(data: Any, path: KeyPath, value: Any) -> None:
    value_at(data, path[:-1])[path[-1]] = value
