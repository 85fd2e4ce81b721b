"""The shipped schemas: cerberus' own check passes, so commands may skip it at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coopdocs.check.schema import _validator, checked_validator
from tests.conftest import ROOT

INPUTS = {
    "cooperation": sorted(ROOT.glob("samples/*/cooperation.yaml")),
    "evaluation": sorted(ROOT.glob("samples/*/evaluation-*.yaml")),
    "network": [ROOT / "samples/network/network.yaml"],
}


@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_each_shipped_schema_passes_cerberus_own_check(kind: str) -> None:
    checked_validator(kind)  # raises cerberus.SchemaError for a rule cerberus does not know


@pytest.mark.parametrize(("kind", "path"), [(k, p) for k, paths in INPUTS.items() for p in paths],
                         ids=lambda value: value.name if isinstance(value, Path) else value)
def test_the_validator_commands_use_agrees_with_a_checked_one(kind: str, path: Path) -> None:
    """Same verdict, same errors and the same normalized document, valid input or not."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    broken = {**data, "format": "eins", "unknown_key": 1}
    for document in (data, broken):
        fast, checked = _validator(kind), checked_validator(kind)
        assert fast.validate(document) == checked.validate(document)
        assert fast.errors == checked.errors
        assert fast.document == checked.document
