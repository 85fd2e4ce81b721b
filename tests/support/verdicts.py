"""The verdicts of the generated JSON Schema and of coopdocs' own schema check, side by side.

Both are asked about the same data, as coopdocs reads it from YAML; for jsonschema, dates become
their ISO text (JSON has no dates, and an editor's YAML 1.2 reads ``2026-03-01`` as text). Each
verdict is the set of key paths with an error, written as coopdocs writes them: a missing key
at the key, an unknown key at the key, a bad key of a mapping at that key.

Some values JSON cannot tell apart from others ("blind"): a date from its ISO text, and a whole
float (1.0) from an integer. Where such a value sits in a place that takes only the one, the
verdicts may differ there and nowhere else; those places are left out of the comparison (and
tests/unit/test_json_schema.py pins each such difference).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from coopdocs.check.json_schema import json_schema
from coopdocs.check.schema import check, load_schema
from coopdocs.check.sources import Source
from coopdocs.errors import KeyPath

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@cache
def validator(kind: str) -> Draft202012Validator:
    """A jsonschema validator of the generated schema that checks the ``date`` format too."""
    return Draft202012Validator(json_schema(kind),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def as_json(value: Any) -> Any:
    """``value`` as an editor's JSON Schema sees it: dates (and timestamps) as ISO text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    return value


def json_errors(kind: str, data: Any) -> set[KeyPath]:
    """The key paths jsonschema finds errors at."""
    return _json_verdict(kind, data)[0]


def _json_verdict(kind: str, data: Any) -> tuple[set[KeyPath], set[KeyPath]]:
    """The key paths with an error, and the places where no alternative of an ``anyOf`` fits."""
    found: set[KeyPath] = set()
    any_of: set[KeyPath] = set()
    for error in validator(kind).iter_errors(as_json(data)):
        path = tuple(error.absolute_path)
        if error.validator == "required":
            found |= {(*path, key) for key in error.validator_value if key not in error.instance}
        elif error.validator == "additionalProperties" and error.validator_value is False:
            known = error.schema.get("properties", {})
            found |= {(*path, key) for key in error.instance if key not in known}
        elif "propertyNames" in error.schema_path:  # the instance is the key
            found.add((*path, error.instance))
        else:
            found.add(path)
            if error.validator == "anyOf":
                any_of.add(path)
    return found, any_of


def coopdocs_errors(kind: str, data: Any) -> set[KeyPath]:
    """The key paths coopdocs' schema check (cerberus) finds errors at."""
    findings, _ = check(Source(Path(f"{kind}.yaml"), data), kind)
    return {finding.path for finding in findings}


def compared(kind: str, data: Any) -> tuple[set[KeyPath], set[KeyPath]]:
    """(jsonschema's, coopdocs') error paths, without the places JSON is blind to.

    coopdocs names each failed alternative of an ``anyof`` inside it; jsonschema names the
    place, so those are named by the place.
    """
    theirs, places = _json_verdict(kind, data)
    ours = {next((place for place in places if path[:len(place)] == place), path)
            for path in coopdocs_errors(kind, data)}
    return ({p for p in theirs if not blind(kind, data, p)},
            {p for p in ours if not blind(kind, data, p)})


def blind(kind: str, data: Any, path: KeyPath) -> bool:
    """Whether the value at ``path`` is one JSON cannot tell from what its place takes."""
    try:
        value = _at(data, path)
    except (KeyError, IndexError, TypeError):
        return False
    types = types_at(kind, path)
    if isinstance(value, datetime.date):
        return bool(types) and "date" not in types
    if isinstance(value, str):
        return "date" in types and _ISO_DATE.fullmatch(value) is not None
    if type(value) is float and value.is_integer():
        return "integer" in types and "number" not in types
    return False


def types_at(kind: str, path: KeyPath) -> set[str]:
    """The cerberus types the schema allows at ``path`` (empty when it says nothing)."""
    candidates: list[Mapping[str, Any]] = [{"type": "dict", "schema": load_schema(kind)}]
    for part in path:
        candidates = [inner for rules in _alternatives(candidates)
                      for inner in _inner(rules, part)]
    return {kind for rules in _alternatives(candidates) for kind in _types(rules)}


def _alternatives(candidates: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [alternative for rules in candidates
            for alternative in (rules, *rules.get("anyof", ()))]


def _inner(rules: Mapping[str, Any], part: Any) -> list[Mapping[str, Any]]:
    inner = rules.get("schema")
    kinds = _types(rules)
    if isinstance(part, int):
        return [inner] if "list" in kinds and isinstance(inner, Mapping) else []
    if "dict" not in kinds:
        return []
    if isinstance(inner, Mapping) and part in inner:
        return [inner[part]]
    return [rules["valuesrules"]] if "valuesrules" in rules else []


def _types(rules: Mapping[str, Any]) -> list[str]:
    kinds = rules.get("type", [])
    return [kinds] if isinstance(kinds, str) else list(kinds)


def _at(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data
