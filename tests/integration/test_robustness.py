"""Property tests: any mutation of a real sample is either reported or built, never a crash.

Validation must turn every malformed input into findings (no exception), and every input that
validates must render: a clause text that trips over an optional field is a bug. Derandomized,
so CI sees the same examples every run.
"""

from __future__ import annotations

import copy
import datetime
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopdocs.build import Options, build_outputs, check_case, check_cooperations
from coopdocs.check.schema import load_schema, rules_at
from coopdocs.check.validate import check_cooperation
from coopdocs.clauses.library import catalog, load_library
from tests.conftest import SAMPLES

LIBRARY = load_library()
CATALOG = catalog(LIBRARY)
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
ORIGINALS = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in SAMPLES]

VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(-1, 200, allow_nan=False),
    st.text(max_size=12), st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31)),
    st.lists(st.text(max_size=6), max_size=3),
    st.dictionaries(st.text(min_size=1, max_size=6), st.integers(0, 100), max_size=2),
)


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if prefix:
        yield prefix
    children = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in children:
        yield from paths(child, (*prefix, key))


def parent_of(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


Edit = Callable[[Any, tuple[Any, ...]], None]


def edited(draw: st.DrawFn, most: int, edit: Edit, original: Any = None) -> dict[str, Any]:
    """A copy of a sample (``original``, else a cooperation sample) with ``edit(parent, path)``
    applied at 1..most random places."""
    source = original if original is not None else draw(st.sampled_from(ORIGINALS))
    data: dict[str, Any] = copy.deepcopy(source)
    for _ in range(draw(st.integers(1, most))):
        path = draw(st.sampled_from(list(paths(data))))
        edit(parent_of(data, path), path)
    return data


def mutation(draw: st.DrawFn) -> Edit:
    """An edit that deletes, replaces or adds a value at a place."""

    def mutate(parent: Any, path: tuple[Any, ...]) -> None:
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = draw(VALUES)

    return mutate


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    return edited(draw, 3, mutation(draw))


@PROPERTY
@given(data=mutated())
def test_mutated_samples_are_reported_or_built(data: dict[str, Any]) -> None:
    assert_reported_or_built(data)


def assert_reported_or_built(data: dict[str, Any]) -> None:
    """Findings with locations, or (when valid) a rendered agreement; never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cooperation.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        checking = check_cooperations([path], CATALOG)
        assert all(f.location is not None for c in checking.checked for f in c.findings)
        for case in checking.cases:
            [(name, docx)] = build_outputs(case, LIBRARY, "agreement", Options())
            assert name.endswith(".docx") and docx.startswith(b"PK")


def valid_alternative(draw: st.DrawFn, rules: Mapping[str, Any]) -> Any:
    kind, item = rules.get("type"), rules.get("schema", {})
    if "allowed" in rules:
        return draw(st.sampled_from(rules["allowed"]))
    if kind == "boolean":
        return draw(st.booleans())
    if kind in ("integer", "number"):
        low, high = rules.get("min", 0), rules.get("max", 10**6)
        return draw(st.integers(int(low), int(high)))
    if kind == "list" and "allowed" in item:
        return draw(st.lists(st.sampled_from(item["allowed"]), unique=True))
    return None


@st.composite
def varied(draw: st.DrawFn) -> dict[str, Any]:
    def vary(parent: Any, path: tuple[Any, ...]) -> None:
        rules = rules_at(load_schema("cooperation"), path)
        value = valid_alternative(draw, rules)
        if value is not None:
            parent[path[-1]] = value
        elif isinstance(parent, dict) and not rules.get("required"):
            del parent[path[-1]]

    return edited(draw, 4, vary)


@PROPERTY
@given(data=varied())
def test_valid_variations_are_reported_or_built(data: dict[str, Any]) -> None:
    assert_reported_or_built(data)


YAML_PIECES = st.sampled_from(["format: 1\n", "id: x\n", "partners:\n", "  - id: a\n", "- ", ": ",
                               "&a ", "*a ", "[", "]", "{", "}", "'", '"', "\t", "\n", "#", "!!",
                               "2026-02-30", "---\n", "...\n", "\u0007", "ä", "? ", "|\n"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(raw=st.one_of(st.binary(max_size=200), st.lists(YAML_PIECES, max_size=30).map(
    lambda pieces: "".join(pieces).encode()), st.text(max_size=200).map(str.encode)))
def test_any_bytes_give_located_findings(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cooperation.yaml"
        path.write_bytes(raw)
        checked = check_cooperation(path, CATALOG)
        assert all(f.location is not None and f.location.line for f in checked.findings)
        assert checked.findings or checked.data is not None


ROUND_SAMPLES = sorted(SAMPLES[0].parent.parent.glob("*/evaluation-*.yaml"))
ROUNDS = [(path.parent / "cooperation.yaml", yaml.safe_load(path.read_text(encoding="utf-8")))
          for path in ROUND_SAMPLES]


@st.composite
def mutated_round(draw: st.DrawFn) -> tuple[Path, dict[str, Any]]:
    """An evaluation sample with 1..3 deletions, replacements or additions."""
    cooperation, original = draw(st.sampled_from(ROUNDS))
    return cooperation, edited(draw, 3, mutation(draw), original)


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated_round())
def test_mutated_rounds_are_reported_or_built(case: tuple[Path, dict[str, Any]]) -> None:
    """A mutated round gives located findings, or (when valid) a report; never an exception."""
    cooperation, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "evaluation.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        checking = check_case(cooperation, [path], CATALOG)
        assert all(f.location is not None for f in checking.checked[1].findings)
        for valid in checking.cases:
            [(name, docx)] = build_outputs(valid, LIBRARY, "report", Options())
            assert name.endswith(".docx") and docx.startswith(b"PK")
