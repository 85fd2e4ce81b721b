"""Structural validation against the cerberus schemas in ``schemas/``.

Cerberus reports errors as a tree; coopdocs flattens it to leaf errors and turns each into a
Finding with the key path, the position in the file and a message that says what to do.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

import cerberus
import cerberus.errors as cerr
import cerberus.schema
import yaml

from coopdocs.check.findings import Finding, Level
from coopdocs.check.mistakes import suggest
from coopdocs.check.sources import Source
from coopdocs.errors import KeyPath
from coopdocs.i18n import N_, _, language, translated
from coopdocs.resources import SAFE_LOADER, resource_dir

# Device names Windows reserves in every folder, also before an extension ("con.txt"): a file
# or folder named so cannot be opened there, and ids become folder and file names. An id has
# no dot, so the slug pattern refuses the bare names.
_DEVICES = r"con|prn|aux|nul|com[0-9]|lpt[0-9]"
RESERVED = re.compile(rf"(?:{_DEVICES})(?:\..*)?", re.IGNORECASE)
SLUG = re.compile(rf"(?!(?:{_DEVICES})\Z)[a-z0-9][a-z0-9-]{{0,63}}")

_TYPE_WORDS = {
    "string": N_("text"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "date": N_("a date (YYYY-MM-DD)"),
    "list": N_("a list"),
    "dict": N_("a mapping of keys"),
    "slug": N_("an id: lower-case letters, digits and hyphens, starting with a letter or digit "
               "(at most 64 characters)"),
}


class _Validator(cerberus.Validator):  # type: ignore[misc]
    """Cerberus with stricter integers, dates and regexes.

    Integers exclude booleans (YAML ``true`` is not 1); dates exclude timestamps
    (``2026-05-01T10:00:00+02:00`` is no date: its time and zone would be lost); a regex
    matches the whole text (cerberus' own ``$`` lets an id with a line break at its end pass).
    """

    types_mapping = cerberus.Validator.types_mapping.copy()
    types_mapping["integer"] = cerberus.TypeDefinition("integer", (int,), (bool,))
    types_mapping["date"] = cerberus.TypeDefinition(
        "date", (datetime.date,), (datetime.datetime,))

    def _validate_regex(self, pattern: str, field: str, value: Any) -> None:
        """{'type': 'string'}"""  # noqa: D400, D415 (cerberus reads it as the rule's schema)
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            self._error(field, cerr.REGEX_MISMATCH)


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """The schema ``schemas/<kind>.yaml`` as a cerberus rules mapping, read once per process.

    ``type: slug`` (an id) is shorthand for text matching the id pattern. Callers must not
    change the mapping.
    """
    path = resource_dir("schemas") / f"{kind}.yaml"
    schema: dict[str, Any] = _expand_slugs(
        yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER))
    return schema


def _expand_slugs(node: Any) -> Any:
    if isinstance(node, dict):
        expanded = {key: _expand_slugs(value) for key, value in node.items()}
        if expanded.get("type") == "slug":
            expanded.update(type="string", regex=SLUG.pattern)
        return expanded
    if isinstance(node, list):
        return [_expand_slugs(item) for item in node]
    return node


_local = threading.local()


def _validator(kind: str) -> _Validator:
    """One validator per schema and thread, built without cerberus checking the schema.

    cerberus checks a schema against its own rules when a validator is built (about 100 ms for
    the cooperation schema, half of what `coopdocs validate` would take). The shipped schemas
    are fixed, so tests/unit/test_schema.py checks them (``checked_validator``) and a command
    only expands them. A validator keeps the state of its last run, so threads (a Dask
    worker's) each have their own.
    """
    validators: dict[str, _Validator] = _local.__dict__.setdefault("validators", {})
    if kind not in validators:
        validator = _Validator()
        expanded = cerberus.schema.DefinitionSchema.expand(copy.deepcopy(load_schema(kind)))
        validator.schema = _CheckedSchema(validator, expanded)
        validators[kind] = validator
    return validators[kind]


def checked_validator(kind: str) -> _Validator:
    """A validator built the way cerberus builds one, checking the schema (for tests)."""
    return _Validator(load_schema(kind))


class _CheckedSchema(cerberus.schema.DefinitionSchema):  # type: ignore[misc]
    """A schema cerberus has expanded and checked once; its copies skip both.

    cerberus copies the schema for every document it normalizes, and each copy expands, hashes
    and checks the whole schema again: half the time of checking a cooperation.
    """

    @classmethod
    def expand(cls, schema: Any) -> Any:
        return schema

    def validate(self, schema: Any = None) -> None:
        return None


def check(source: Source, kind: str) -> tuple[list[Finding], dict[str, Any]]:
    """Validate ``source.data``; return the findings and the document with defaults applied."""
    schema = load_schema(kind)
    validator = _validator(kind)
    validator.validate(source.data)
    normalized: dict[str, Any] = validator.document or {}
    leaves = _leaf_errors(validator._errors)
    findings = [_finding(source, schema, error) for error in leaves]
    return findings + _octal_findings(source, {finding.path for finding in findings}), normalized


def _octal_findings(source: Source, reported: set[KeyPath]) -> list[Finding]:
    """Numbers written with a leading 0 (``012``), which YAML reads as octal (10).

    Nobody means octal in a cooperation file; the value would silently differ from the text.
    """
    findings = []
    for path, written in source.written.items():
        if path not in reported and _OCTAL.fullmatch(written):
            value = int(written.replace("_", ""), 8)
            message = _("{written} starts with 0, so YAML reads it as the octal number {value}; "
                        "write it without the leading zeros, or, if it is a text, put it in "
                        "quotes: {suggestion}").format(
                written=written, value=value,
                suggestion=suggest(path[-1] if path else None, written))
            findings.append(Finding(Level.ERROR, message, path, source.locate(path)))
    return findings


_OCTAL = re.compile(r"[-+]?0[0-7_]+")


def _leaf_errors(errors: cerr.ErrorList) -> Iterator[cerr.ValidationError]:
    for error in errors:
        if error.is_group_error:
            yield from _leaf_errors(error.child_errors)
        else:
            yield error


def _finding(source: Source, schema: Mapping[str, Any], error: cerr.ValidationError) -> Finding:
    path: KeyPath = tuple(error.document_path)
    if error.code == cerr.UNKNOWN_FIELD.code:
        known = _known_keys(schema, path[:-1])
        message = _unknown_key_message(path, known, source.hints.get(path))
        return Finding(Level.ERROR, message, path, source.locate(path, key=True))
    if error.code == cerr.REQUIRED_FIELD.code:
        return Finding(Level.ERROR, _("missing required key; add it"), path,
                       source.locate(path[:-1]))
    if error.code in (cerr.MIN_VALUE.code, cerr.MAX_VALUE.code):
        message = _range_message(error.value, _rules_of(schema, error.schema_path[:-1]))
        return Finding(Level.ERROR, message, path, source.locate(path))
    message = _syntax_message(error, path, source.written.get(path)) or _value_message(error)
    return Finding(Level.ERROR, message, path, source.locate(path))


def _syntax_message(error: cerr.ValidationError, path: KeyPath, written: str | None
                    ) -> str | None:
    """A wrong type that is plainly a mistake of YAML syntax, with the fix; None otherwise.

    An unquoted ``12346``, ``01067``, ``NO`` or ``2026-01-01`` is a number, boolean or date to
    YAML, and ``Einkauf: Verpackung`` a key with a value; where text is expected, quotes fix
    it. ``name:Alpha`` and ``-Alpha`` are texts where a mapping or a list item was meant.
    """
    if error.code != cerr.BAD_TYPE.code:
        return None
    key = path[-1] if path else None
    if error.constraint == "string" and written is not None:
        return _text_expected(error.value, key, written)
    value = error.value
    if error.constraint == "dict" and isinstance(value, str) and _NO_SPACE.fullmatch(value):
        return _("must be a mapping of keys, found the text '{text}'; a colon needs a space "
                 "after it: write {fixed}").format(text=_text(value),
                                                   fixed=_NO_SPACE.sub(r"\1: \2", value))
    if error.constraint == "list" and isinstance(value, str) and _NO_DASH_SPACE.match(value):
        return _("must be a list, found the text '{text}'; a list item needs a space after its "
                 "dash: write - {item}").format(text=_text(value), item=_text(value[1:]))
    return None


def _text_expected(value: Any, key: str | int | None, written: str) -> str:
    suggestion = suggest(key, written)
    if isinstance(value, dict):
        word = written.split(":", maxsplit=1)[0].rsplit(" ", maxsplit=1)[-1]
        return _("must be text, found a key with a value: the colon followed by a space after "
                 "'{word}' starts a key; if the colon belongs to the text, put the whole text in "
                 "quotes: {suggestion}").format(word=word, suggestion=suggestion)
    found = _describe(value)
    if found.endswith(f" {written}"):
        return _("must be text, found {found}; put it in quotes: {suggestion}").format(
            found=found, suggestion=suggestion)
    return _("must be text, found {written}, which YAML reads as {found}; put it in quotes: "
             "{suggestion}").format(written=written, found=found, suggestion=suggestion)


# "name:Alpha": a key and its value without the space after the colon (not "https://…")
_NO_SPACE = re.compile(r"([^\W\d][\w.-]*):([^\s/:].*)", re.DOTALL)
_NO_DASH_SPACE = re.compile(r"-[^\s\d-]")


def _unknown_key_message(path: KeyPath, known: list[str], hint: str | None = None) -> str:
    key = str(path[-1])
    glued = _NO_SPACE.fullmatch(key)
    if hint is None and glued and glued.group(1) in known:
        hint = _("a colon needs a space after it: write {fixed}").format(
            fixed=f"{glued.group(1)}: {glued.group(2)}")
    if hint is None:
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        hint = _("did you mean '{key}'?").format(key=close[0]) if close \
            else _("known keys here: {keys}").format(keys=", ".join(known))
    return _("unknown key '{key}'; {hint}").format(key=key, hint=hint)


def _rules_of(schema: Mapping[str, Any], schema_path: tuple[Any, ...]) -> Mapping[str, Any]:
    """The rules at a cerberus schema path (``partners, schema, schema, id``); {} if none."""
    rules: Any = schema
    for part in schema_path:
        rules = rules.get(part) if isinstance(rules, Mapping) else None
    return rules if isinstance(rules, Mapping) else {}


def _range_message(value: Any, rules: Mapping[str, Any]) -> str:
    """"must be between 1 and 60, found 61": both bounds, so one fix is enough."""
    low, high = rules.get("min"), rules.get("max")
    if low is not None and high is not None:
        message = _("must be between {low} and {high}, found {value}")
    elif low is not None:
        message = _("must be at least {low}, found {value}")
    else:
        message = _("must be at most {high}, found {value}")
    return message.format(low=_number(low), high=_number(high), value=_number(value))


def _number(value: Any, *, grouped: bool = True) -> str:
    """A number as a message shows it, a very long one by its length.

    Thousands grouped and the decimal mark as the message's language writes them: German
    "1.000.000" and "11,5", English "1,000,000" and "11.5".
    """
    if isinstance(value, float):
        return _localized(str(value))
    if not isinstance(value, int) or isinstance(value, bool):
        return str(value)
    digits = len(str(abs(value)))
    if digits > _MOST_DIGITS_SHOWN:
        return _("a number with {count} digits").format(count=_localized(f"{digits:,}"))
    return _localized(f"{value:,}") if grouped else str(value)


_GERMAN_MARKS = str.maketrans(",.", ".,")


def _localized(number: str) -> str:
    """An English-formatted number (``1,000.5``) with German marks when coopdocs speaks German."""
    if language() != "de":
        return number
    return number.translate(_GERMAN_MARKS)


_MOST_DIGITS_SHOWN = 18


def rules_at(schema: Mapping[str, Any], path: KeyPath) -> Mapping[str, Any]:
    """The schema rules of the value at ``path`` ({} where the schema has none)."""
    rules: Mapping[str, Any] = {"type": "dict", "schema": schema}
    for part in path:
        inner = rules.get("schema", {})
        rules = inner if isinstance(part, int) else inner.get(part, {})
    return rules


def field_rules(schema: Mapping[str, Any], dotted: str) -> Mapping[str, Any] | None:
    """The rules of a field by dotted path, stepping through lists (``partners.role``).

    None when the schema has no such field.
    """
    rules: Mapping[str, Any] = {"type": "dict", "schema": schema}
    for part in dotted.split("."):
        while rules.get("type") == "list" and isinstance(rules.get("schema"), Mapping):
            rules = rules["schema"]
        found = rules.get("schema", {}).get(part) if rules.get("type") == "dict" else None
        if not isinstance(found, Mapping):
            return None
        rules = found
    return rules


def _known_keys(schema: Mapping[str, Any], path: KeyPath) -> list[str]:
    rules = rules_at(schema, path)
    return sorted(rules.get("schema", {}) if rules.get("type") == "dict" else {})


def _regex_message(value: Any, pattern: str) -> str:
    if pattern == SLUG.pattern and RESERVED.fullmatch(str(value)):
        return _("'{value}' is a device name that Windows reserves (con, prn, aux, nul, "
                 "com0-com9, lpt0-lpt9): a folder or file of that name cannot be opened there, "
                 "and ids become folder and file names; choose another id, e.g. '{value}-1'"
                 ).format(value=value)
    if pattern == SLUG.pattern:
        return _("'{value}' is not an id; use {form}").format(
            value=_text(value), form=translated(_TYPE_WORDS["slug"]))
    return _("'{value}' does not have the expected form ({pattern})").format(
        value=_text(value), pattern=pattern)


_MESSAGES: dict[int, Callable[[Any, Any], str]] = {
    cerr.BAD_TYPE.code: lambda v, c: _("must be {kind}, found {found}").format(
        kind=_type_words(c), found=_describe(v)),
    cerr.UNALLOWED_VALUE.code: lambda v, c: _allowed_message(v, list(c)),
    cerr.UNALLOWED_VALUES.code: lambda v, c: _allowed_message(v, list(c)),
    cerr.MIN_VALUE.code: lambda v, c: _range_message(v, {"min": c}),
    cerr.MAX_VALUE.code: lambda v, c: _range_message(v, {"max": c}),
    cerr.MIN_LENGTH.code: lambda v, c: _("needs at least {least} entries, found {count}").format(
        least=c, count=len(v)),
    cerr.MAX_LENGTH.code: lambda v, c: _(
        "allows at most {most} entries or characters, found {count}").format(most=c, count=len(v)),
    cerr.EMPTY_NOT_ALLOWED.code: lambda v, c: _("must not be empty"),
    cerr.NOT_NULLABLE.code: lambda v, c: _("must have a value (it is empty)"),
    cerr.REGEX_MISMATCH.code: _regex_message,
}


def _type_words(kind: Any) -> str:
    return translated(_TYPE_WORDS[kind]) if kind in _TYPE_WORDS else str(kind)


def _value_message(error: cerr.ValidationError) -> str:
    message = _MESSAGES.get(error.code)
    if message is None:
        return _("invalid value {value} ({rule})").format(value=_describe(error.value),
                                                          rule=error.rule)
    text = message(error.value, error.constraint)
    if error.constraint == "date" and isinstance(error.value, datetime.datetime):
        text = _("{message}; write the date only: {date}").format(
            message=text, date=error.value.date().isoformat())
    return text


def _allowed_message(value: Any, allowed: list[Any]) -> str:
    shown = value if not isinstance(value, list) else next(
        (v for v in value if v not in allowed), value
    )
    close = difflib.get_close_matches(str(shown), [str(a) for a in allowed], n=1, cutoff=0.6)
    if close:
        return _("must be one of {allowed}; found '{value}'; did you mean '{close}'?").format(
            allowed=", ".join(map(str, allowed)), value=shown, close=close[0])
    return _("must be one of {allowed}; found '{value}'").format(
        allowed=", ".join(map(str, allowed)), value=shown)


_KINDS: tuple[tuple[type, Callable[[Any], str]], ...] = (
    (bool, lambda v: _("the boolean {value}").format(value=str(v).lower())),
    (str, lambda v: _("the text '{value}'").format(value=_text(v))),
    (datetime.datetime, lambda v: _("the date and time {value}").format(value=v.isoformat())),
    (datetime.date, lambda v: _("the date {value}").format(value=v.isoformat())),
    (int, lambda v: _("the number {value}").format(value=_number(v, grouped=False))),
    (float, lambda v: _("the number {value}").format(value=v)),
    (list, lambda v: _("a list")),
    (dict, lambda v: _("a mapping")),
)


def _text(value: Any) -> str:
    """A text as a one-line message shows it: line breaks and tabs written as escapes."""
    return re.sub(r"[\n\r\t\x85\u2028\u2029]", lambda found: repr(found.group())[1:-1],
                  str(value))


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing (null)")
    describe = next((d for kind, d in _KINDS if isinstance(value, kind)), repr)
    return describe(value)
