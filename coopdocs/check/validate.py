"""Validation of input files: load → top level and format → schema → domain rules.

Every problem becomes a Finding; nothing here raises for bad user input, so a command can
print all findings of all files at once and then fail.
"""

from __future__ import annotations

import dataclasses
import errno
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coopdocs.check.amended import round_findings
from coopdocs.check.findings import Finding, Level, has_errors, named_by_ids, sort_findings
from coopdocs.check.rules import Catalog, run_rules
from coopdocs.check.schema import check as check_schema
from coopdocs.check.schema import load_schema
from coopdocs.check.sources import Source, load, read_limited
from coopdocs.errors import CoopdocsError, InputError, Location
from coopdocs.i18n import N_, _, translated
from coopdocs.model.changes import apply_fitting
from coopdocs.model.cooperation import enrich
from coopdocs.resources import SAFE_LOADER

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
    findings = named_by_ids(sort_findings(schema_findings + rule_findings), source.data)
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
    return Checked(source.path, named_by_ids(sort_findings(findings), source.data), source, data,
                   "evaluation")


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
        applied = apply_fitting(written, current.data, schema)
        broken, after = _check_content(Source(cooperation.path, applied.data), catalog)
        found = named_by_ids([*found, *round_findings(
            current.source, current.data, applied, broken=broken, found=found, schema=schema)],
            current.source.data)
        candidate = applied.data
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


def _check_top(source: Source, expected: str) -> list[Finding]:
    data = source.data
    if not isinstance(data, dict):
        message = (_("the top level must be a mapping of keys (format: 1, id: …), found a list")
                   if isinstance(data, list) else
                   _("the top level must be a mapping of keys (format: 1, id: …), found a single "
                     "value ({value})").format(value=repr(data)))
        return [Finding(Level.ERROR, message, (), Location(source.path, 1, 1))]
    kind = detect_kind(data)
    if kind != expected:
        return [Finding(Level.ERROR, translated(_KIND_MESSAGES[kind]), (),
                        Location(source.path, 1, 1))]
    return _check_format(source)


_KIND_MESSAGES = {
    "network": N_("this looks like a network file, not a cooperation; build it with "
                  "'coopdocs batch network.yaml'"),
    "evaluation": N_("this looks like an evaluation round, not a cooperation; give it after its "
                     "cooperation.yaml, e.g. 'coopdocs report cooperation.yaml "
                     "evaluation-1.yaml'"),
    "cooperation": N_("this looks like a cooperation, not an evaluation round (it has "
                      "partners); an evaluation names its cooperation with 'cooperation: ID'"),
}


def _check_format(source: Source) -> list[Finding]:
    if "format" not in source.data:
        return [Finding(Level.ERROR, _("missing required key 'format'; start the file with "
                                       "'format: 1'"), (), Location(source.path, 1, 1))]
    value = source.data["format"]
    if value in SUPPORTED_FORMATS and not isinstance(value, bool):
        return []
    supported = ", ".join(map(str, SUPPORTED_FORMATS))
    message = _("unsupported format {value}; this version of coopdocs reads format "
                "{supported}").format(value=repr(value), supported=supported)
    return [Finding(Level.ERROR, message, ("format",), source.locate(("format",)))]


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
            files = check_files([member.cooperation, *member.evaluations], catalog)
            results.extend(_as_listed(result, "cooperation" if i == 0 else "evaluation", path)
                           for i, result in enumerate(files))
    return results


def _as_listed(checked: Checked, expected: str, network: Path) -> Checked:
    """``checked``, with an error when it is not of the kind the network lists it as."""
    if checked.kind == expected or not checked.source:
        return checked  # a file that does not load says why already
    message = translated(_MISLISTED[expected, checked.kind]).format(network=network)
    problem = Finding(Level.ERROR, message, (), Location(checked.path, 1, 1))
    return dataclasses.replace(checked, findings=[problem, *checked.findings], data=None)


# A file listed as one kind that is another: (listed as, is) → what to say.
_MISLISTED = {
    ("cooperation", "evaluation"): N_(
        "{network} lists this file as a cooperation, but it is an evaluation round; list the "
        "cooperation.yaml, then its evaluation rounds"),
    ("cooperation", "network"): N_(
        "{network} lists this file as a cooperation, but it is a network file; list the "
        "cooperation.yaml, then its evaluation rounds"),
    ("evaluation", "cooperation"): N_(
        "{network} lists this file as an evaluation round, but it is a cooperation; list the "
        "cooperation.yaml, then its evaluation rounds"),
    ("evaluation", "network"): N_(
        "{network} lists this file as an evaluation round, but it is a network file; list the "
        "cooperation.yaml, then its evaluation rounds"),
}


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
    note = Finding(Level.INFO, _("checked on its own; give the cooperation.yaml with it to "
                                 "check partners, KPIs, goals and milestones against the "
                                 "cooperation"), (), Location(evaluation.path, 1, 1))
    return dataclasses.replace(evaluation, findings=[note, *evaluation.findings])


@dataclass(frozen=True)
class Member:
    """One cooperation of a network: its files, resolved against the network file."""

    cooperation: Path
    evaluations: tuple[Path, ...]


def check_network(path: Path) -> tuple[Checked, list[Member]]:
    """Validate a network file: format, schema, and the files it lists.

    Every listed path must lead to a file other than the network file itself; a cooperation
    file may be listed once, and no two may have the same id (they would write into the same
    folder, one over the other). A file that is there but cannot be read (a folder, no
    permission) is its cooperation's problem: checking or building it says so, and a batch
    builds the others.
    """
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
    members, problems = _network_members(source, normalized["cooperations"])
    findings += problems
    ok = not has_errors(findings)
    return (Checked(path, sort_findings(findings), source, normalized if ok else None, "network"),
            members if ok else [])


def _network_members(source: Source, items: Sequence[Mapping[str, Any]]
                     ) -> tuple[list[Member], list[Finding]]:
    """The members of a network, and the findings about the files it lists."""
    members: list[Member] = []
    findings: list[Finding] = []
    seen: dict[Path, int] = {}  # every file listed, with the first cooperation listing it
    ids: dict[str, int] = {}  # the id of every cooperation file, with where it is listed
    for i, item in enumerate(items):
        values = [item["cooperation"], *item["evaluations"]]
        keys = [("cooperation",), *(("evaluations", j) for j in range(len(values) - 1))]
        files = []
        for key, value in zip(keys, values, strict=True):
            file, problem = _listed_file(source.path, value)
            if problem is None and key == ("cooperation",):
                problem = _listed_before(file, i, seen, items) or _same_id(file, i, ids, items)
            if problem is not None:
                at = ("cooperations", i, *key)
                findings.append(Finding(Level.ERROR, problem, at, source.locate(at)))
            seen.setdefault(file, i)
            files.append(file)
        members.append(Member(files[0], tuple(files[1:])))
    return members, findings


def _listed_before(file: Path, index: int, seen: Mapping[Path, int],
                   items: Sequence[Mapping[str, Any]]) -> str | None:
    if file not in seen:
        return None
    return _("cooperation {file} is listed twice (also as cooperations[{index}])").format(
        file=items[index]["cooperation"], index=seen[file])


def _listed_file(network: Path, value: str) -> tuple[Path, str | None]:
    """A path listed in a network file, resolved, and what is wrong with it (or None).

    Only what is wrong with the path itself is the network file's problem; a file that is
    there but cannot be read is left to the cooperation that lists it.
    """
    joined = network.parent / value
    try:
        joined.stat()
    except OSError as exc:
        return joined, _path_problem(exc, joined, value)
    file = Path(os.path.realpath(joined))
    if file == Path(os.path.realpath(network)):
        return file, _("this is the network file itself; list the cooperation.yaml files of "
                       "the network (and their evaluation rounds) here")
    return file, None


def _path_problem(exc: OSError, joined: Path, value: str) -> str | None:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return _("file not found: {file}; paths are relative to the network file").format(
            file=os.path.realpath(joined))
    if exc.errno == errno.ELOOP:
        return _("cannot follow {path}: its symbolic links form a loop; list the file "
                 "itself").format(path=value)
    if exc.errno == errno.ENAMETOOLONG:
        return _("the path is too long for the file system (a folder or file name may have at "
                 "most 255 bytes); use shorter names")
    return None


def _same_id(file: Path, index: int, ids: dict[str, int],
             items: Sequence[Mapping[str, Any]]) -> str | None:
    """A problem when the cooperation in ``file`` has the id of one listed before it."""
    coop_id = _peek_id(file)
    if coop_id is None:
        return None
    first = ids.setdefault(coop_id, index)
    if first == index:
        return None
    return _("{file} has the id '{id}', as {other} (cooperations[{index}]) has; their "
             "documents would overwrite each other, so give each cooperation its own id").format(
        file=items[index]["cooperation"], id=coop_id, other=items[first]["cooperation"],
        index=first)


def _peek_id(file: Path) -> str | None:
    """The top-level ``id`` of a YAML file, read only as far as it; None when there is none.

    Checking a network must stay cheap for a thousand cooperations (a full load takes 20
    times as long), so the file is parsed only up to its id; an id written as an alias is
    resolved by loading the file. A broken file is left to the batch.
    """
    depth, is_key, found = 0, True, False
    try:
        text = read_limited(file).decode("utf-8-sig")
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                if found or (depth == 0 and not isinstance(event, yaml.MappingStartEvent)):
                    return None  # the id is no text, or the file no mapping
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                is_key = is_key if depth != 1 else not is_key  # a nested value ended
            elif depth == 1 and isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                if found:
                    return event.value if isinstance(event, yaml.ScalarEvent) \
                        else _loaded_id(file)
                found = is_key and isinstance(event, yaml.ScalarEvent) and event.value == "id"
                is_key = not is_key
    except (CoopdocsError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return None


def _loaded_id(file: Path) -> str | None:
    """The top-level ``id`` of a whole file (aliases resolved), if it is a text.

    The file is loaded as any input is (check.sources: depth, size and alias limits), so a
    hostile member fails its own check rather than the network's.
    """
    try:
        data = load(file).data
    except InputError:
        return None
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) else None
