"""The input formats as JSON Schema (draft 2020-12), generated from the cerberus schemas.

Editors check and complete YAML against a JSON Schema (VS Code's YAML extension, through a
``# yaml-language-server: $schema=…`` line); coopdocs checks it against ``schemas/*.yaml`` with
cerberus. Generating the one from the other keeps them from drifting apart: each cerberus rule
maps to the JSON Schema keyword that gives the same verdict on the same data
(tests/unit/test_json_schema.py compares both on every sample and on structural mistakes):

- ``type``: string, integer, number, boolean, dict → object, list → array; ``date`` → a string
  of format ``date`` (YAML has dates, JSON has none: an editor sees ``2026-03-01`` as text);
  ``slug`` was already expanded to text with the id pattern by ``load_schema``.
- ``schema`` of a dict → ``properties`` with ``additionalProperties: false`` (coopdocs'
  validator refuses unknown keys: cerberus' default, never relaxed in check/schema.py) and
  ``required`` (a key with a ``default`` is never missing: cerberus fills it in first); of a
  list → ``items``. ``keysrules`` → ``propertyNames``, ``valuesrules`` →
  ``additionalProperties``, ``anyof`` → ``anyOf``.
- ``allowed`` → ``enum`` (of the items for a list); ``regex`` → ``pattern``, anchored at both
  ends (coopdocs matches the whole text) and written so that ECMA-262, the dialect editors
  use, reads it the same as Python; ``min``/``max`` → ``minimum``/``maximum``;
  ``minlength``/``maxlength`` and ``empty: false`` → the length keywords of the type.
- ``nullable`` adds ``null``; so does a ``default`` of a key (cerberus puts the default in
  place of an empty value), except inside an ``anyof``, where cerberus fills in nothing.
  ``meta.description`` → ``description``; ``default`` → ``default``.
  The rest of ``meta`` (assumptions, value labels) is for the documents and stays out.

The descriptions are what an editor shows when the pointer rests on a key, so they speak the
interface language (``--lang``, the environment) like every other message: written in English in
the schemas, collected into the catalog by tools/i18n.py, translated here when the schema is
written. The README's format reference reads the schemas themselves and stays English.

A cerberus rule without a counterpart here raises ValueError, so a new rule in a schema cannot
silently drop out of the editors' checks. What JSON Schema cannot tell apart (a date from a text
in quotes, 1 from 1.0, YAML 1.1 words such as ``no``) is listed in the README; there the editor
is more lenient or stricter, and ``coopdocs validate`` decides.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from typing import Any

from coopdocs import __version__
from coopdocs.check.schema import load_schema
from coopdocs.i18n import N_, translated

KINDS = ("cooperation", "evaluation", "network")
DRAFT = "https://json-schema.org/draft/2020-12/schema"
FORMAT = 1

# The file an editor reads, by kind: ``coopdocs schema KIND -o`` writes it next to the YAML
# files and their first line names it (init writes both).
FILE_NAMES = {kind: f"{kind}.schema.json" for kind in KINDS}

_TITLES = {
    "cooperation": "coopdocs cooperation.yaml (format 1)",
    "evaluation": "coopdocs evaluation-N.yaml (format 1)",
    "network": "coopdocs network.yaml (format 1)",
}
_DESCRIPTIONS = {
    "cooperation": N_("A cooperation of companies: partners, activities, goals, governance and "
                      "the options of the agreement's clauses."),
    "evaluation": N_("One evaluation round of a cooperation: ratings, KPIs, goals, milestones "
                     "and the measures that follow, with the changes of the agreement."),
    "network": N_("A network of cooperations, each with its evaluation rounds, built together "
                  "by coopdocs batch."),
}

_JSON_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "date": "string",
    "dict": "object",
    "list": "array",
}
# Length keywords by cerberus type: (minimum, maximum).
_LENGTHS = {
    "string": ("minLength", "maxLength"),
    "list": ("minItems", "maxItems"),
    "dict": ("minProperties", "maxProperties"),
}
_RULES = frozenset({"type", "meta", "default", "required", "nullable", "schema", "keysrules",
                    "valuesrules", "anyof", "allowed", "regex", "min", "max", "minlength",
                    "maxlength", "empty"})

# The end of the text, in a form Python and ECMA-262 read alike: ``$`` also matches before a
# final line break in Python, ``\Z`` is no ECMA-262 escape.
_END = r"(?![\s\S])"
_PYTHON_END = re.compile(r"(?<!\\)((?:\\\\)*)\\Z")


def schema_id(kind: str) -> str:
    """The ``$id`` of a kind's schema: a URN that changes only with the input format."""
    return f"urn:coopdocs:schema:{kind}:{FORMAT}"


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of the input files of ``kind`` (cooperation, evaluation or network)."""
    if kind not in KINDS:
        raise ValueError(f"no schema for {kind!r}; one of {', '.join(KINDS)}")
    top = {
        "$schema": DRAFT,
        "$id": schema_id(kind),
        "$comment": f"Generated by coopdocs {__version__} from schemas/{kind}.yaml; write it "
                    f"again with: coopdocs schema {kind} -o {FILE_NAMES[kind]}",
        "title": _TITLES[kind],
        "description": translated(_DESCRIPTIONS[kind]),
        **_mapping(load_schema(kind), kind),
    }
    return dict(sorted(top.items()))


def render(kind: str) -> bytes:
    """The schema as the UTF-8 bytes of a JSON file: indented, the same for the same version."""
    text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False)
    return f"{text}\n".encode()


def _mapping(fields: Mapping[str, Mapping[str, Any]], where: str, *,
             defaults: bool = True) -> dict[str, Any]:
    """The keywords of a dict with known keys: the keys in schema order, no others.

    ``defaults``: whether cerberus fills in the defaults here (not inside an ``anyof``).
    """
    return {
        "type": "object",
        "properties": {name: _rules(rules, f"{where}.{name}", key=True, defaults=defaults)
                       for name, rules in fields.items()},
        "required": [name for name, rules in fields.items()
                     if rules.get("required") and not (defaults and "default" in rules)],
        "additionalProperties": False,
    }


def _rules(rules: Mapping[str, Any], where: str, *, key: bool = False,
           defaults: bool = True) -> dict[str, Any]:
    """The JSON Schema of one cerberus rules mapping; ``key``: the rules of a dict's key.

    ``defaults``: whether cerberus fills in defaults here; it does not inside an ``anyof``.
    """
    unknown = sorted(set(rules) - _RULES)
    if unknown:
        raise ValueError(f"{where}: the cerberus rule {unknown[0]!r} has no JSON Schema "
                         f"counterpart in coopdocs/check/json_schema.py")
    kinds = _kinds(rules, where)
    with_default = key and defaults and "default" in rules
    nullable = bool(rules.get("nullable")) or with_default
    out: dict[str, Any] = {}
    description = rules.get("meta", {}).get("description")
    if description:
        out["description"] = translated(description)
    if with_default:
        out["default"] = _json_value(rules["default"])
    out.update(_type(kinds, nullable, "anyof" in rules))
    if "anyof" in rules:
        members = [_rules(member, f"{where}.anyof", defaults=False)
                   for member in rules["anyof"]]
        out["anyOf"] = [*members, {"type": "null"}] if nullable else members
    out.update(_values(rules, kinds, nullable, where))
    out.update(_lengths(rules, kinds))
    out.update(_inner(rules, kinds, where, defaults=defaults))
    return dict(sorted(out.items()))


def _kinds(rules: Mapping[str, Any], where: str) -> list[str]:
    """The cerberus types of ``rules`` ([] when any value will do)."""
    kinds = rules.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    unknown = [kind for kind in kinds if kind not in _JSON_TYPES]
    if unknown:
        raise ValueError(f"{where}: the cerberus type {unknown[0]!r} has no JSON Schema "
                         f"counterpart in coopdocs/check/json_schema.py")
    if "date" in kinds and len(kinds) > 1:
        raise ValueError(f"{where}: a date among other types cannot be told apart in JSON")
    return kinds


def _type(kinds: list[str], nullable: bool, anyof: bool) -> dict[str, Any]:
    if not kinds:
        # cerberus refuses an empty value unless the rules allow it, whatever the type
        return {} if nullable or anyof else {"not": {"type": "null"}}
    types = list(dict.fromkeys(_JSON_TYPES[kind] for kind in kinds))
    if nullable:
        types.append("null")
    out: dict[str, Any] = {"type": types[0] if len(types) == 1 else types}
    if kinds == ["date"]:
        out["format"] = "date"
    return out


def _values(rules: Mapping[str, Any], kinds: list[str], nullable: bool,
            where: str) -> dict[str, Any]:
    """``enum``, ``pattern``, ``minimum`` and ``maximum``."""
    out: dict[str, Any] = {}
    if "allowed" in rules and kinds != ["list"]:
        out["enum"] = [*map(_json_value, rules["allowed"]), *([None] if nullable else [])]
    if "regex" in rules:
        out["pattern"] = ecma_pattern(rules["regex"])
    if "min" in rules:
        out["minimum"] = rules["min"]
    if "max" in rules:
        out["maximum"] = rules["max"]
    if "allowed" in rules and kinds == ["list"] and "schema" in rules:
        raise ValueError(f"{where}: 'allowed' and 'schema' on one list")
    return out


def _lengths(rules: Mapping[str, Any], kinds: list[str]) -> dict[str, Any]:
    """The length keywords of each type ``rules`` allows (of all three when any value will do)."""
    out: dict[str, Any] = {}
    low = rules.get("minlength")
    if rules.get("empty") is False:
        low = max(low or 0, 1)
    for kind in kinds or list(_LENGTHS):
        if kind not in _LENGTHS:
            continue
        shortest, longest = _LENGTHS[kind]
        if low is not None:
            out[shortest] = low
        if "maxlength" in rules:
            out[longest] = rules["maxlength"]
    return out


def _inner(rules: Mapping[str, Any], kinds: list[str], where: str, *,
           defaults: bool) -> dict[str, Any]:
    """The rules of what a dict or list holds."""
    out: dict[str, Any] = {}
    if "schema" in rules:
        if kinds == ["dict"] and "valuesrules" not in rules:
            out.update(_mapping(rules["schema"], where, defaults=defaults))
            del out["type"]
        elif kinds == ["list"]:
            out["items"] = _rules(rules["schema"], f"{where}[]", defaults=defaults)
        else:
            raise ValueError(f"{where}: 'schema' needs the type dict or list")
    if kinds == ["list"] and "allowed" in rules:
        out["items"] = {"enum": [_json_value(value) for value in rules["allowed"]]}
    if "keysrules" in rules:
        out["propertyNames"] = _rules(rules["keysrules"], f"{where}.keys", defaults=defaults)
    if "valuesrules" in rules:
        out["additionalProperties"] = _rules(rules["valuesrules"], f"{where}.values",
                                             defaults=defaults)
    return out


def ecma_pattern(regex: str) -> str:
    """A cerberus ``regex`` as a JSON Schema ``pattern``: the whole text must match it.

    ``pattern`` finds a match anywhere and coopdocs requires the whole text to match
    (``re.fullmatch``), so the pattern is anchored; the end is written as a lookahead that
    Python (which jsonschema uses) and ECMA-262 (which editors use) read alike.
    """
    body = _PYTHON_END.sub(lambda found: found.group(1) + _END, regex)
    return f"^(?:{body}){_END}"


def _json_value(value: Any) -> Any:
    """A default or allowed value as JSON has it: a date as its ISO text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return value
