"""Input rules on the contractual penalty and the liability cap (issue 17, items 1 and 2).

R-STD-4/4a: the penalty's overall cap is not below the amount per breach, and a fixed amount
stays proportionate to the cap. R-STD-5/5a: a liability cap is not below the insurance sums the
same agreement requires, and the annual cap is not below the cap per loss event. Each rule fires
once with its level, key path and line, and stays silent on the sound variants next to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coopdocs.check.findings import Finding, Level, format_path
from coopdocs.check.rules import RULES
from coopdocs.check.validate import check_cooperation
from coopdocs.clauses.library import catalog, load_library
from tests.conftest import MINIMAL

OWN = ("R-STD-4", "R-STD-4a", "R-STD-5", "R-STD-5a")

INSURED = "    insurance: [{type: Betriebshaftpflicht, sum: 3000000}]\n"

# name: (YAML appended to MINIMAL, code, level, key path, line)
CASES: dict[str, tuple[str, str, Level, str, int]] = {
    "penalty cap below penalty": ("clauses:\n  trade_secrets: {penalty: 10000, "
                                  "penalty_cap: 5000}\n",
                                  "R-STD-4", Level.ERROR, "clauses.trade_secrets.penalty_cap", 18),
    "penalty cap without penalty": ("clauses:\n  trade_secrets:\n    penalty_cap: 50000\n",
                                    "R-STD-4", Level.ERROR, "clauses.trade_secrets.penalty_cap",
                                    19),
    "hamburg without penalty": ("clauses:\n  trade_secrets:\n    penalty_mode: hamburg\n",
                                "R-STD-4", Level.ERROR, "clauses.trade_secrets.penalty_mode", 19),
    "penalty near its cap": ("clauses:\n  trade_secrets:\n    penalty: 20000\n"
                             "    penalty_cap: 30000\n",
                             "R-STD-4a", Level.WARNING, "clauses.trade_secrets.penalty", 19),
    "cap below insurance": ("clauses:\n  liability:\n    cap: 250000\n" + INSURED,
                            "R-STD-5", Level.WARNING, "clauses.liability.cap", 19),
    "annual cap below insurance": ("clauses:\n  liability:\n    annual_cap: 1000000\n" + INSURED,
                                   "R-STD-5", Level.WARNING, "clauses.liability.annual_cap", 19),
    "annual cap below cap": ("clauses:\n  liability:\n    cap: 500000\n    annual_cap: 400000\n",
                             "R-STD-5a", Level.ERROR, "clauses.liability.annual_cap", 20),
}

# Sound variants: none of the rules of this file fires.
SOUND: dict[str, str] = {
    "penalty with the assumed cap": "clauses:\n  trade_secrets: {penalty: 25000}\n",
    "penalty equal to its cap in hamburg mode": ("clauses:\n  trade_secrets: {penalty: 25000, "
                                                 "penalty_mode: hamburg, penalty_cap: 25000}\n"),
    "penalty at half its cap": "clauses:\n  trade_secrets: {penalty: 10000, penalty_cap: 20000}\n",
    "explicit fixed mode with penalty": ("clauses:\n  trade_secrets: {penalty: 5000, "
                                         "penalty_mode: fixed}\n"),
    "no penalty, null cap": "clauses:\n  trade_secrets: {penalty_cap: null}\n",
    "cap equal to the insurance": ("clauses:\n  liability:\n    cap: 3000000\n"
                                   "    annual_cap: 6000000\n" + INSURED),
    "cap without insurance": "clauses:\n  liability: {cap: 100000, annual_cap: 100000}\n",
}


def findings(text: str, tmp_path: Path) -> list[Finding]:
    path = tmp_path / "cooperation.yaml"
    path.write_text(MINIMAL + text, encoding="utf-8")
    return check_cooperation(path, catalog(load_library())).findings


@pytest.mark.parametrize("name", CASES, ids=list(CASES))
def test_rule_fires_with_location(name: str, tmp_path: Path) -> None:
    text, code, level, key_path, line = CASES[name]
    hits = [f for f in findings(text, tmp_path) if f.code == code]
    assert len(hits) == 1, [f.format() for f in hits]
    assert (hits[0].level, format_path(hits[0].path)) == (level, key_path)
    assert hits[0].location is not None and hits[0].location.line == line


@pytest.mark.parametrize("name", SOUND, ids=list(SOUND))
def test_sound_variants_pass(name: str, tmp_path: Path) -> None:
    found = findings(SOUND[name], tmp_path)
    assert not [f.format() for f in found if f.code in OWN]
    assert not [f.format() for f in found if f.level is Level.ERROR]


def test_messages_say_what_to_do(tmp_path: Path) -> None:
    [cap] = [f for f in findings(CASES["cap below insurance"][0], tmp_path)
             if f.code == "R-STD-5"]
    assert "250,000" in cap.message and "3,000,000" in cap.message
    assert "Betriebshaftpflicht" in cap.message and "raise cap" in cap.message
    [penalty] = [f for f in findings(CASES["penalty near its cap"][0], tmp_path)
                 if f.code == "R-STD-4a"]
    assert "§ 348 HGB" in penalty.message and "penalty_mode: hamburg" in penalty.message


def test_every_rule_of_this_file_has_a_case() -> None:
    registered = {r.code for r in RULES if r.code in OWN}
    assert registered == set(OWN) == {case[1] for case in CASES.values()}
