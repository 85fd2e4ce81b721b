"""The JSON Schema and coopdocs' schema check agree on broken samples and on hostile inputs.

Every place of every sample (each key path once, list items by their first) is broken once: a
value of another kind, out of range, empty, too long, no id; every mapping also gets an unknown
key, and each key is taken away once. jsonschema (with the generated schema) and coopdocs'
cerberus check must find errors at the same key paths, apart from the places JSON cannot tell
(tests/support/verdicts.py). The hardening corpus adds the attacks of issue 15.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from coopdocs.check.sources import load
from coopdocs.check.validate import detect_kind
from coopdocs.errors import InputError, KeyPath
from tests.conftest import ROOT
from tests.hardening.corpus import corpus
from tests.support.verdicts import compared

SAMPLES = sorted((ROOT / "samples").rglob("*.yaml"))

# Values put in place of a sample's value, taken in turn.
VALUES: list[Any] = ["x", "", "Nicht Gültig!", 7, -10**13, 10**13, 0.5, True, None, [], {},
                     ["x"], {"zz": 1}, "a" * 301, "con", "ok-id", -1, 101, "2026-13-01",
                     datetime.datetime(2026, 1, 1, 10, 0)]


@dataclass(frozen=True)
class Change:
    path: KeyPath
    value: Any  # _GONE: the key is taken away

    def overlaps(self, other: Change) -> bool:
        """Whether one change is inside the other (then one could hide the other's error)."""
        shorter = min(len(self.path), len(other.path))
        return self.path[:shorter] == other.path[:shorter]


_GONE = object()
BATCH = 8  # changes per document: each at its own place, so each error is found at its path


def places(node: Any, path: KeyPath = ()) -> Iterator[KeyPath]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from places(value, (*path, index))


def at(data: Any, path: KeyPath) -> Any:
    for part in path:
        data = data[part]
    return data


def sample_changes() -> Iterator[tuple[str, Any, list[Change]]]:
    """(kind, data, changes) of each sample: each place once (by its key path without list
    positions) given another value, each key once taken away, each mapping an unknown key."""
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    turn = 0
    for file in SAMPLES:
        data = load(file).data
        kind = detect_kind(data)
        changes = []
        for path in list(places(data))[1:]:
            place = (kind, tuple("[]" if isinstance(p, int) else p for p in path))
            if place in seen:
                continue
            seen.add(place)
            changes.append(Change(path, VALUES[turn % len(VALUES)]))
            turn += 1
            if isinstance(path[-1], str):
                changes.append(Change(path, _GONE))
            if isinstance(at(data, path), dict):
                changes.append(Change((*path, "zz_unknown"), 1))
        yield kind, data, changes


def batches(changes: list[Change]) -> Iterator[list[Change]]:
    """The changes in groups of up to BATCH, none inside another of its group."""
    pending = list(changes)
    while pending:
        batch: list[Change] = []
        for change in pending:
            if len(batch) < BATCH and not any(change.overlaps(done) for done in batch):
                batch.append(change)
        pending = [change for change in pending if all(change is not b for b in batch)]
        yield batch


def changed(data: Any, batch: list[Change]) -> Any:
    result = copy.deepcopy(data)
    for change in batch:
        parent = at(result, change.path[:-1])
        if change.value is _GONE:
            del parent[change.path[-1]]
        else:
            parent[change.path[-1]] = change.value
    return result


def test_broken_samples_are_judged_alike() -> None:
    differ = []
    count = errors = 0
    for kind, data, changes in sample_changes():
        for batch in batches(changes):
            theirs, ours = compared(kind, changed(data, batch))
            count += len(batch)
            errors += len(ours)
            if theirs != ours:
                differ.append(f"{kind} {[(c.path, c.value) for c in batch]}: jsonschema "
                              f"{sorted(map(str, theirs - ours))}, coopdocs "
                              f"{sorted(map(str, ours - theirs))}")
    assert differ == []
    assert count > 2000
    assert errors > 1000  # most changes break the file


@pytest.mark.parametrize("case", corpus(3), ids=lambda case: case.id)
def test_hostile_inputs_are_judged_alike(case: Any, tmp_path: Path) -> None:
    for name, content in case.files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        try:
            data = load(path).data
        except InputError:  # not YAML coopdocs reads: no schema is asked
            continue
        if not isinstance(data, dict) or data.get("format") != 1:
            continue
        theirs, ours = compared(detect_kind(data), data)
        assert theirs == ours, name
