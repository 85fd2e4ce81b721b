"""Reference tables generated from the definitions, so the documentation cannot drift.

``format_reference`` reads the cerberus schema (types, defaults, allowed values, descriptions);
``rules_reference`` reads the rule registry; ``modules_reference`` the clause library;
``recommendations_reference`` the report's recommendation rules.
``tools/gen_docs.py`` writes them into README.md; a test fails when the README is out of date.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from coopdocs.check.rules import RULES
from coopdocs.check.rules.catalogue import COVERED
from coopdocs.clauses.explain import describe_when
from coopdocs.clauses.library import load_library
from coopdocs.compose.recommend import CONDITIONS
from coopdocs.resources import resource_dir

_ALTERNATIVES = " \\| "


def format_reference(kind: str = "cooperation") -> str:
    """A Markdown table of every field of ``schemas/<kind>.yaml``."""
    path = resource_dir("schemas") / f"{kind}.yaml"
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    lines = ["| key | type | required / default | description |", "|---|---|---|---|"]
    lines.extend(_rows(schema, ""))
    return "\n".join(lines) + "\n"


_HOW = {
    "input": "validation of the input",
    "text": "a test over the generated agreement of every sample",
    "amendment": "validation of the cooperation as amended by each Nachtrag",
    "undecidable": "not decidable from the input",
}


def rules_reference() -> str:
    """A Markdown table of every rule: code, level, what it checks, how it is kept, source."""
    rows = [(r.code, r.level.value, r.checks, _HOW["input"], r.source) for r in RULES]
    rows.extend(
        (c.code, c.level.value, c.checks, _HOW[c.how] + (f": {c.note}" if c.note else ""),
         c.source)
        for c in COVERED
    )
    lines = ["| code | level | checks | kept by | source |", "|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: _code_order(r[0])):
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def _code_order(code: str) -> tuple[str, int, str]:
    """R-RS-1, R-RS-1a, R-RS-2, … R-RS-10: by prefix, number, then the letter of a split rule."""
    prefix, _, number = code.rpartition("-")
    digits = number.rstrip("abcdefghijklmnopqrstuvwxyz")
    return prefix, int(digits), number[len(digits):]


def recommendations_reference() -> str:
    """A Markdown table of the report's recommendation rules (templates/report.yaml)."""
    data = yaml.safe_load((resource_dir("templates") / "report.yaml").read_text(encoding="utf-8"))
    english = data["en"]
    lines = ["| rule | when | recommendation (English wording) | source |", "|---|---|---|---|"]
    for item in data["rules"]:
        params = ", ".join(f"{k}: {v}" for k, v in item.items() if k not in ("id", "when"))
        meaning = (CONDITIONS[item["when"]].__doc__ or "").strip()
        when = f"{meaning} ({params})" if params else meaning
        lines.append("| " + " | ".join(_cell(str(cell)) for cell in (
            item["id"], when, english["recommendations"][item["id"]],
            english["sources"][item["id"]])) + " |")
    return "\n".join(lines) + "\n"


def modules_reference() -> str:
    """A Markdown table of the shipped clause modules: place, id, title, when it is in."""
    lines = ["| place | id | title (de / en) | included |", "|---|---|---|---|"]
    for module in load_library().values():
        place = ("Anlage" if module.annex else "§" if module.numbered else "Präambel")
        kind = " (mandatory)" if module.mandatory else ""
        title = f"{module.title['de']} / {module.title['en']}"
        lines.append(f"| {place} | `{module.id}`{kind} | {_cell(title)} | "
                     f"{_cell(describe_when(module))} |")
    return "\n".join(lines) + "\n"


def _rows(fields: Mapping[str, Any], prefix: str) -> Iterator[str]:
    for name, rules in fields.items():
        key = f"{prefix}{name}"
        yield (f"| `{key}` | {_type(rules)} | {_requirement(rules)} | "
               f"{_cell(rules.get('meta', {}).get('description', ''))} |")
        yield from _children(rules, key)


def _children(rules: Mapping[str, Any], key: str) -> Iterator[str]:
    if rules.get("type") == "dict" and "schema" in rules:
        yield from _rows(rules["schema"], f"{key}.")
    for alternative in rules.get("anyof", []):  # e.g. an id, or the long form as a mapping
        if alternative.get("type") == "dict" and "schema" in alternative:
            yield from _rows(alternative["schema"], f"{key}.")
    item = rules.get("schema", {})
    if rules.get("type") == "list" and item.get("type") == "dict":
        yield from _rows(item["schema"], f"{key}[].")


def _type(rules: Mapping[str, Any]) -> str:
    if "anyof" in rules:
        return " or ".join(_type(alternative) for alternative in rules["anyof"])
    kind = str(rules.get("type", ""))
    item = rules.get("schema", {})
    if kind == "list" and isinstance(item, Mapping) and "type" in item:
        kind = f"list of {item['type']}"
        allowed = item.get("allowed")
    else:
        allowed = rules.get("allowed")
    return f"{kind}: {_ALTERNATIVES.join(map(str, allowed))}" if allowed else kind


def _requirement(rules: Mapping[str, Any]) -> str:
    if rules.get("required"):
        return "required"
    if "default" not in rules:
        return "optional"
    default = rules["default"]
    shown = "none" if default is None else yaml.safe_dump(default, default_flow_style=True).strip()
    return f"default `{shown.removesuffix('...').strip()}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
