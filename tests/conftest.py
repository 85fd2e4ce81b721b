"""Shared fixtures: small cooperation files written inline, the golden-file switch."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*/cooperation.yaml"))

MINIMAL = """\
format: 1
id: mini
title: Mini-Kooperation
date: 2026-03-01
purpose: Gemeinsamer Einkauf von Verpackungsmaterial.
partners:
  - id: alpha
    name: Alpha GmbH
    legal_form: GmbH
    address: {street: Hauptstraße 1, postal_code: "10115", city: Berlin}
    represented_by: [{name: Anna Alpha, function: Geschäftsführerin}]
  - id: beta
    name: Beta KG
    legal_form: KG
    address: {street: Nebenweg 2, postal_code: "20095", city: Hamburg}
    represented_by: [{name: Bernd Beta, function: Geschäftsführer}]
"""

# MINIMAL with a term, goals, milestones and KPIs, so that an evaluation round can refer to them.
WITH_GOALS = MINIMAL + """\
term: {start: 2026-04-01, end: 2028-03-31}
goals:
  - {id: g1, description: Einkaufsvolumen bündeln, kpi: volume}
milestones:
  - {id: m1, description: Rahmenvertrag mit dem ersten Lieferanten, due: 2026-09-30}
kpis:
  - {id: volume, name: Gebündeltes Volumen, unit: t, target: 100, tolerance: [90, 120]}
"""

WriteYaml = Callable[..., Path]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden text views from the current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> WriteYaml:
    """Write a YAML text (dedented) to tmp_path/<name> and return the path."""

    def write(text: str, name: str = "cooperation.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
