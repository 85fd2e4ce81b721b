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

# A third partner, as a list item of ``partners``: ``MINIMAL + GAMMA`` is a network of three
# (gamma last), ``MINIMAL.replace("partners:\n", "partners:\n" + GAMMA, 1)`` puts it first.
GAMMA = """\
  - id: gamma
    name: Gamma AG
    legal_form: AG
    address: {street: Allee 3, postal_code: "80331", city: München}
    represented_by: [{name: Gerd Gamma, function: Vorstand}]
"""

# Four partners of different legal forms (GmbH, e.K., GmbH & Co. KG, GbR) with every party
# datum a signing version needs: the frame of its draft has no blank.
COMPLETE = """\
format: 1
id: komplett
title: Kooperation Radregion
date: 2026-03-01
purpose: Gemeinsame Vermarktung von Radtouren.
partners:
  - id: alpha
    name: Alpha GmbH
    legal_form: GmbH
    address: {street: Friedrichstraße 100, postal_code: "10117", city: Berlin}
    register: Amtsgericht Charlottenburg, HRB 123456 B
    represented_by: [{name: Anna Alpha, function: Geschäftsführerin}]
    contact: {name: Anna Alpha, email: anna@alpha.example}
  - id: velo
    name: Velo Hoffmann e.K.
    legal_form: e.K.
    address: {street: Radweg 5, postal_code: "01067", city: Dresden}
    register: Amtsgericht Dresden, HRA 4711
    represented_by: [{name: Peter Hoffmann, function: Inhaber}]
    contact: {name: Peter Hoffmann, email: peter@velo.example}
  - id: muster
    name: Muster Touristik GmbH & Co. KG
    legal_form: GmbH & Co. KG
    general_partner: Muster Verwaltungs GmbH
    address: {street: Am Markt 1, postal_code: "04109", city: Leipzig}
    register: Amtsgericht Leipzig, HRA 999
    represented_by:
      - name: Max Muster
        function: >-
          Geschäftsführer der Muster Verwaltungs GmbH und zugleich Leiter des Bereichs
          Vertrieb und Marketing
    contact: {name: Max Muster, email: max@muster.example}
  - id: gbr
    name: Hof Sonnental GbR
    legal_form: GbR
    address: {street: Sonnental 3, postal_code: "01796", city: Pirna}
    represented_by:
      - {name: Jana Sonne, function: Gesellschafterin}
      - {name: Jens Sonne, function: Gesellschafter}
    contact: {name: Jana Sonne, email: jana@sonnental.example}
"""

# COMPLETE where alpha names velo as its competitor (the clean-team and market-share details of
# an activity between them apply) ...
RIVALS = COMPLETE.replace(
    "    contact: {name: Anna Alpha, email: anna@alpha.example}\n",
    "    contact: {name: Anna Alpha, email: anna@alpha.example}\n    competitor_of: [velo]\n")
# ... and where each of the two names the other.
COMPETING = (COMPLETE
             .replace("  - id: alpha\n", "  - id: alpha\n    competitor_of: [velo]\n")
             .replace("  - id: velo\n", "  - id: velo\n    competitor_of: [alpha]\n"))

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


@pytest.fixture(autouse=True)
def english_interface(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read coopdocs' messages in English unless they choose German themselves.

    The interface language follows LC_ALL/LC_MESSAGES/LANG; a German machine must not turn
    every pinned message into German. Tests of German output set --lang de or LANG.
    """
    from coopdocs.i18n import set_language

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
