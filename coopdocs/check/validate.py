"""Validation of input files: load → top level and format → schema → domain rules.

Every problem becomes a Finding; nothing here raises for bad user input, so a command can
print all findings of all files at once and then fail.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopdocs.check.findings import Finding, Level, format_path, has_errors, sort_findings
from coopdocs.check.rules import Catalog, run_rules
from coopdocs.check.schema import check as check_schema
from coopdocs.check.schema import load_schema
from coopdocs.check.sources import Source, load
from coopdocs.errors import InputError, KeyPath, Location
from coopdocs.model.changes import apply_measures
from coopdocs.model.cooperation import enrich

SUPPORTED_FORMATS = (1,)


@dataclass(frozen=True)
class Valid:
    """A file that validated without errors: its source and its normalized data, never None.

    For a cooperation ``data`` is enriched (model.cooperation.enrich); for an evaluation round
    and a network it is the document with the schema's defaults applied.
    """

    path: Path
    source: Source
    data: dict[str, Any]
    kind: str = "cooperation"

    @property
    def number(self) -> int:
        """The ``number`` of an evaluation round (to order rounds)."""
        number: int = self.data["number"]
        return number


@dataclass(frozen=True)
class Checked:
    """The outcome of validating one file; ``data`` is set only when there is no error."""

    path: Path
    findings: list[Finding]
    source: Source | None = None
    data: dict[str, Any] | None = field(default=None)
    kind: str = "cooperation"

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)

    @property
    def valid(self) -> Valid | None:
        """The file as valid data, or None when it has an error."""
        if self.data is None or self.source is None:
            return None
        return Valid(self.path, self.source, self.data, self.kind)


def detect_kind(data: Any) -> str:
    """cooperation, evaluation or network, from the keys a file has."""
    if isinstance(data, dict) and "network" in data:
        return "network"
    if isinstance(data, dict) and "cooperation" in data and "partners" not in data:
        return "evaluation"
    return "cooperation"


def check_cooperation(path: Path, catalog: Catalog) -> Checked:
    """Validate a cooperation file against the schema and the domain rules."""
    try:
        source = load(path)
    except InputError as exc:
        return Checked(path, [_input_finding(exc, path)])
    return _cooperation(source, catalog)


def _cooperation(source: Source, catalog: Catalog) -> Checked:
    findings = _check_top(source, "cooperation")
    if findings:
        return Checked(source.path, findings, source)
    findings, data = _check_content(source, catalog)
    return Checked(source.path, findings, source, data)


def _check_content(source: Source, catalog: Catalog
                   ) -> tuple[list[Finding], dict[str, Any] | None]:
    """Schema and rules of a cooperation; the enriched data when there is no error."""
    schema_findings, normalized = check_schema(source, "cooperation")
    rule_findings = run_rules(source, normalized, catalog,
                              malformed=has_errors(schema_findings))
    findings = sort_findings(schema_findings + rule_findings)
    return findings, enrich(normalized) if not has_errors(findings) else None


def check_file(path: Path, catalog: Catalog) -> Checked:
    """Validate a file of whatever kind its content shows (cooperation or evaluation)."""
    try:
        source = load(path)
    except InputError as exc:
        return Checked(path, [_input_finding(exc, path)])
    kind = detect_kind(source.data)
    if kind == "evaluation":
        return _evaluation(source)
    if kind == "network":
        return check_network(path)[0]
    return _cooperation(source, catalog)


def check_evaluation(path: Path) -> Checked:
    """Validate an evaluation round on its own: format and schema."""
    try:
        source = load(path)
    except InputError as exc:
        return Checked(path, [_input_finding(exc, path)], kind="evaluation")
    return _evaluation(source)


def _evaluation(source: Source) -> Checked:
    findings = _check_top(source, "evaluation")
    if findings:
        return Checked(source.path, findings, source, kind="evaluation")
    findings, normalized = check_schema(source, "evaluation")
    data = normalized if not has_errors(findings) else None
    return Checked(source.path, sort_findings(findings), source, data, "evaluation")


def check_rounds(cooperation: Checked, rounds: Sequence[Checked], catalog: Catalog
                 ) -> list[Checked]:
    """The rounds with the findings of checking them against the cooperation and each other.

    Rounds are checked in the order of their numbers, each against the cooperation as amended
    by the rounds before it (so a later round may rate a partner an earlier one added). The
    changes of each round are applied to the cooperation as written (model.changes), and the
    result must pass the schema and every rule again; a change that breaks it is reported at
    the measure that made it. The amended cooperation itself is not kept here: the build
    computes it in a step of its own (amend.states).
    """
    if cooperation.data is None or cooperation.source is None:
        return list(rounds)
    valid = sorted((r.valid for r in rounds if r.valid is not None), key=lambda r: r.number)
    numbers = [(r.number, str(r.path)) for r in valid]
    written: dict[str, Any] = cooperation.source.data
    amended: dict[str, Any] = cooperation.data
    earlier: list[Mapping[str, Any]] = []
    results: dict[Path, Checked] = {}
    schema = load_schema("cooperation")
    for current in valid:
        context = {"cooperation": amended, "rounds": numbers, "path": str(current.path),
                   "earlier": list(earlier)}
        found = run_rules(current.source, current.data, catalog, kind="evaluation",
                          context=context)
        candidate = apply_measures(written, current.data, schema)
        broken, after = _check_content(Source(cooperation.path, candidate), catalog)
        found += _amendment_findings(current, broken)
        if after is not None:  # else later rounds are checked against the last valid state
            written, amended = candidate, after
        findings = sort_findings([*_findings_of(rounds, current.path), *found])
        results[current.path] = Checked(current.path, findings, current.source,
                                        current.data if not has_errors(findings) else None,
                                        "evaluation")
        earlier.append(current.data)
    return [results.get(r.path, r) for r in rounds]


def _findings_of(rounds: Sequence[Checked], path: Path) -> list[Finding]:
    return next(r.findings for r in rounds if r.path == path)


def _amendment_findings(checked: Valid, broken: Sequence[Finding]) -> list[Finding]:
    """The errors of the amended cooperation, located at the measure that caused them."""
    changing = [(i, m["change"]) for i, m in enumerate(checked.data["measures"]) if "change" in m]
    findings = []
    for finding in (f for f in broken if f.level is Level.ERROR):
        index = _culprit(changing, finding.path)
        where = format_path(finding.path) or "the cooperation"
        path = ("measures", index, "change")
        measure = checked.data["measures"][index]["id"] if changing else "?"
        findings.append(Finding(
            Level.ERROR, f"measure '{measure}': with the changes of this round the cooperation is "
            f"invalid at {where}: {finding.message}"
            f"{f' [{finding.code}]' if finding.code else ''}; change the measures so that the "
            "amended cooperation is complete", path, checked.source.locate(path), "CD-EVAL-12"))
    return findings


def _culprit(changing: Sequence[tuple[int, Mapping[str, Any]]], path: KeyPath) -> int:
    """The measure whose change most likely broke ``path`` (the last one touching it)."""
    touched = [i for i, change in changing if _touches(change, path)]
    return (touched or [i for i, _ in changing] or [0])[-1]


def _touches(change: Mapping[str, Any], path: KeyPath) -> bool:
    top = path[0] if path else None
    if "set" in change:
        return str(change["set"]).split(".")[0] == top
    if "add_partner" in change or "remove_partner" in change:
        return top in ("partners", "clauses", "governance")
    section = next(iter((change.get("add") or change.get("remove") or {}).keys()), None)
    return section == top


def _check_top(source: Source, expected: str) -> list[Finding]:
    data = source.data
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value ({data!r})"
        return [Finding(Level.ERROR, f"the top level must be a mapping of keys (format: 1, id: "
                        f"…), found {found}", (), Location(source.path, 1, 1))]
    kind = detect_kind(data)
    if kind != expected:
        return [Finding(Level.ERROR, _KIND_MESSAGES[kind], (), Location(source.path, 1, 1))]
    return _check_format(source)


_KIND_MESSAGES = {
    "network": "this looks like a network file, not a cooperation; build it with "
               "'coopdocs batch network.yaml'",
    "evaluation": "this looks like an evaluation round, not a cooperation; give it after its "
                  "cooperation.yaml, e.g. 'coopdocs report cooperation.yaml evaluation-1.yaml'",
    "cooperation": "this looks like a cooperation, not an evaluation round (it has partners); "
                   "an evaluation names its cooperation with 'cooperation: ID'",
}


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


def check_paths(paths: Sequence[Path], catalog: Catalog) -> list[Checked]:
    """Files of any kind, as ``coopdocs validate`` checks them: a network with its members."""
    networks = [path for path in paths if _kind_of(path) == "network"]
    checked = check_files([path for path in paths if path not in networks], catalog)
    return checked + check_network_members(networks, catalog)


def _kind_of(path: Path) -> str:
    """The kind of a file by its content (one that does not load: checking it says why)."""
    try:
        return detect_kind(load(path).data)
    except InputError:
        return "cooperation"


def check_network_members(paths: Sequence[Path], catalog: Catalog) -> list[Checked]:
    """Every network file of ``paths`` followed by its members, each checked with its rounds."""
    results: list[Checked] = []
    for path in paths:
        checked, members = check_network(path)
        results.append(checked)
        for member in members:
            results.extend(check_files([member.cooperation, *member.evaluations], catalog))
    return results


def check_files(paths: Sequence[Path], catalog: Catalog) -> list[Checked]:
    """Validate files of any kind; evaluations also against the cooperation given with them.

    An evaluation is matched to the cooperation with its id, or to the only cooperation given.
    Alone, it is checked on its own, and an info finding says so. A network file is checked
    with its own structure; ``check_network_members`` also checks its cooperations.
    """
    checked = [check_file(path, catalog) for path in paths]
    cooperations = [c for c in checked if c.kind == "cooperation"]
    evaluations = [c for c in checked if c.kind == "evaluation"]
    by_path: dict[Path, Checked] = {}
    for coop in cooperations:
        rounds = [e for e in evaluations if _belongs(e, coop, cooperations)]
        for result in check_rounds(coop, rounds, catalog):
            by_path[result.path] = result
    return [by_path.get(c.path, _alone(c) if c.kind == "evaluation" else c) for c in checked]


def _belongs(evaluation: Checked, coop: Checked, cooperations: Sequence[Checked]) -> bool:
    if len(cooperations) == 1:
        return True
    named = evaluation.source.data.get("cooperation") if evaluation.source else None
    return coop.data is not None and named == coop.data["id"]


def _alone(evaluation: Checked) -> Checked:
    if evaluation.data is None:
        return evaluation
    note = Finding(Level.INFO, "checked on its own; give the cooperation.yaml with it to check "
                   "partners, KPIs, goals and milestones against the cooperation", (),
                   Location(evaluation.path, 1, 1))
    return dataclasses.replace(evaluation, findings=[note, *evaluation.findings])


@dataclass(frozen=True)
class Member:
    """One cooperation of a network: its files, resolved against the network file."""

    cooperation: Path
    evaluations: tuple[Path, ...]


def check_network(path: Path) -> tuple[Checked, list[Member]]:
    """Validate a network file: format, schema, and that every listed file exists."""
    try:
        source = load(path)
    except InputError as exc:
        return Checked(path, [_input_finding(exc, path)], kind="network"), []
    findings = _check_top(source, "network")
    if findings:
        return Checked(path, findings, source, kind="network"), []
    findings, normalized = check_schema(source, "network")
    if has_errors(findings):
        return Checked(path, sort_findings(findings), source, None, "network"), []
    members: list[Member] = []
    seen: dict[Path, int] = {}
    for i, item in enumerate(normalized["cooperations"]):
        files = [("cooperation",), *(("evaluations", j) for j in range(len(item["evaluations"])))]
        resolved = []
        for key in files:
            value = item[key[0]] if len(key) == 1 else item["evaluations"][key[1]]
            file = (path.parent / value).resolve()
            at = ("cooperations", i, *key)
            if not file.is_file():
                findings.append(Finding(Level.ERROR, f"file not found: {file}; paths are relative "
                                        "to the network file", at, source.locate(at)))
            elif file in seen and key == ("cooperation",):
                findings.append(Finding(Level.ERROR, f"cooperation {value} is listed twice (also "
                                        f"as cooperations[{seen[file]}])", at, source.locate(at)))
            seen.setdefault(file, i)
            resolved.append(file)
        members.append(Member(resolved[0], tuple(resolved[1:])))
    ok = not has_errors(findings)
    return (Checked(path, sort_findings(findings), source, normalized if ok else None, "network"),
            members if ok else [])
