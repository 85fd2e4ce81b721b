"""Validation of input files: load → top level and format → schema → domain rules.

Every problem becomes a Finding; nothing here raises for bad user input, so a command can
print all findings of all files at once and then fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopdocs.clauses import Library, catalog
from coopdocs.errors import InputError, Location
from coopdocs.findings import Finding, Level, has_errors, sort_findings
from coopdocs.model import enrich
from coopdocs.rules import run_rules
from coopdocs.schema import check as check_schema
from coopdocs.sources import Source, load

SUPPORTED_FORMATS = (1,)


@dataclass(frozen=True)
class Checked:
    """The outcome of validating one file; ``data`` is set only when there is no error."""

    path: Path
    findings: list[Finding]
    source: Source | None = None
    data: dict[str, Any] | None = field(default=None)

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def detect_kind(data: Any) -> str:
    """cooperation, evaluation or network, from the keys a file has."""
    if isinstance(data, dict) and "network" in data:
        return "network"
    if isinstance(data, dict) and "cooperation" in data and "partners" not in data:
        return "evaluation"
    return "cooperation"


def check_cooperation(path: Path, library: Library) -> Checked:
    """Validate a cooperation file against the schema and the domain rules."""
    try:
        source = load(path)
    except InputError as exc:
        return Checked(path, [_input_finding(exc, path)])
    findings = _check_top(source, "cooperation")
    if findings:
        return Checked(path, findings, source)
    schema_findings, normalized = check_schema(source, "cooperation")
    rule_findings = run_rules(source, normalized, catalog(library))
    findings = sort_findings(schema_findings + rule_findings)
    data = enrich(normalized) if not has_errors(findings) else None
    return Checked(path, findings, source, data)


def _check_top(source: Source, expected: str) -> list[Finding]:
    data = source.data
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value ({data!r})"
        return [Finding(Level.ERROR, f"the top level must be a mapping of keys (format: 1, id: "
                        f"…), found {found}", (), Location(source.path, 1, 1))]
    kind = detect_kind(data)
    if kind != expected:
        article = "an" if kind[0] in "aeiou" else "a"
        return [Finding(Level.ERROR, f"this looks like {article} {kind} file; {kind} files are "
                        "not supported by this version of coopdocs yet", (),
                        Location(source.path, 1, 1))]
    return _check_format(source)


def _check_format(source: Source) -> list[Finding]:
    if "format" not in source.data:
        return [Finding(Level.ERROR, "missing required key 'format'; start the file with "
                        "'format: 1'", (), Location(source.path, 1, 1))]
    value = source.data["format"]
    if value in SUPPORTED_FORMATS and not isinstance(value, bool):
        return []
    supported = ", ".join(map(str, SUPPORTED_FORMATS))
    return [Finding(Level.ERROR, f"unsupported format {value!r}; this version of coopdocs reads "
                    f"format {supported}", ("format",), source.locate(("format",)))]


def _input_finding(exc: InputError, path: Path) -> Finding:
    return Finding(Level.ERROR, exc.message, exc.path, exc.location or Location(path))
