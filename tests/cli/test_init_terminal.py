"""coopdocs init through a real pseudo-terminal, answered as a German user would.

Each prompt ends with its key in the file, ``(partners[0].address.city)``, so the answers here
are looked up by key whatever the language of the questions. The answers are typed the German
way (``ja``/``nein``, ``31.03.2027``, ``2,5``); a bad answer is told and asked again.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pexpect
import pytest
import yaml
from click.testing import CliRunner

from coopdocs.cli import main
from coopdocs.i18n import _, language, set_language, translated
from coopdocs.questionnaire.catalogue import STEPS

PROMPT = re.compile(r"\(([^()\s]+)\)(?: \[[^\]]*\])?: $")

# By key; a list is typed in turn each time the key is asked; a key not listed gets Enter.
ANSWERS: dict[str, str | list[str]] = {
    "title": "Kundenkarte Altstadt",
    "background": "Die Kundschaft kauft in mehreren Geschäften der Altstadt ein.",
    "purpose": "Eine gemeinsame Kundenkarte, mit der die Kundschaft in vier Geschäften Punkte "
               "sammelt.",
    "kind": "3",
    "partners": "4",
    "partners[0].name": "Bäckerei Korn GmbH",
    "partners[0].legal_form": "GmbH",
    "partners[0].id": "baeckerei",
    "partners[0].register": "Amtsgericht Charlottenburg, HRB 123456 B",
    "partners[0].representative.name": "Anna Korn",
    "partners[0].representative.function": "Geschäftsführerin",
    "partners[0].address.street": "Hauptstraße 1",
    "partners[0].address.postal_code": ["1011", "10115"],
    "partners[0].address.city": "Berlin",
    "partners[0].contact.email": ["anna(at)korn", "anna@korn.example"],
    "partners[0].competitor_of": "cafe",
    "partners[1].name": "Café Bohne e.K.",
    "partners[1].legal_form": "e.K.",
    "partners[1].id": "cafe",
    "partners[1].address.street": "Hauptstraße 3",
    "partners[1].address.postal_code": "10115",
    "partners[1].address.city": "Berlin",
    "partners[2].name": "Buchhandlung Seite",
    "partners[2].legal_form": "Einzelunternehmen",
    "partners[2].id": "buch",
    "partners[2].merchant": ["vielleicht", "nein"],
    "partners[2].representative.name": "Carl Seite",
    "partners[2].address.street": "Hauptstraße 5",
    "partners[2].address.postal_code": "10115",
    "partners[2].address.city": "Berlin",
    "partners[3].name": "Blumen Flora GbR",
    "partners[3].legal_form": "GbR",
    "partners[3].id": ["baeckerei", "blumen"],
    "partners[3].address.street": "Hauptstraße 7",
    "partners[3].address.postal_code": "10115",
    "partners[3].address.city": "Berlin",
    "coordinator": "baeckerei",
    "market_share_percent": "2,5",
    "activities[0].type": "joint_marketing",
    "activities[0].description": "Gemeinsame Kundenkarte mit Punkten in allen Geschäften",
    "activities[0].brand.name": "Altstadt-Karte",
    "goals[0].description": "500 Karteninhaber im ersten Jahr",
    "goals[0].deadline": ["30.02.2027", "31.03.2027"],
    "goals[0].kpi.name": "Karteninhaber",
    "goals[0].kpi.target": "500",
    "goals[0].kpi.tolerance": ["600-800", "400 bis 800"],
    "date": "01.03.2026",
    "term.start": "01.04.2026",
    "term.minimum_months": "12",
}


@pytest.fixture
def german() -> Iterator[None]:
    """The messages in German (as the child process speaks them), for the expectations."""
    before = language()
    set_language("de")
    yield
    set_language(before)


def run_init(folder: Path,
             answers: Mapping[str, str | list[str]]) -> tuple[int | None, str, list[str]]:
    """Run coopdocs init in a pseudo-terminal under LANG=de_DE.UTF-8; exit, output, keys asked."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG="de_DE.UTF-8", PYTHONUTF8="1")
    child = pexpect.spawn(sys.executable, ["-m", "coopdocs", "init", str(folder)], env=env,
                          encoding="utf-8", timeout=60, dimensions=(50, 300))
    asked: list[str] = []
    pending = {key: list(value) if isinstance(value, list) else [value]
               for key, value in answers.items()}
    output = ""
    while child.expect([PROMPT, pexpect.EOF]) == 0:
        match = child.match
        assert isinstance(match, re.Match)
        key = match.group(1)
        asked.append(key)
        queue = pending.get(key, [])
        child.sendline(queue.pop(0) if queue else "")
        output += str(child.before) + match.group(0)
    output += str(child.before)
    child.close()
    return child.exitstatus, output, asked


def test_a_german_user_answers_in_a_terminal_and_the_file_builds(
        tmp_path: Path, german: None) -> None:
    folder = tmp_path / "kundenkarte"
    code, output, asked = run_init(folder, ANSWERS)
    assert code == 0, output
    flat = " ".join(output.split())
    for step in STEPS.values():
        assert " ".join(translated(step).split()) in flat
    # the legal form decides: a register for the GmbH and the e.K., the merchant question only
    # for the sole trader and the GbR, whom nobody registers
    assert "partners[0].register" in asked and "partners[0].merchant" not in asked
    assert "partners[2].merchant" in asked and "partners[2].register" not in asked
    assert "partners[3].merchant" in asked and "partners[3].register" not in asked

    written = folder / "cooperation.yaml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["language"] == "de"  # the default follows the interface language
    assert data["partners"][2]["represented_by"] == [{"name": "Carl Seite",
                                                      "function": "Inhaber"}]
    assert data["clauses"]["competition_law"]["market_share_percent"] == 2.5
    assert data["kpis"][0]["tolerance"] == [400, 800]
    assert str(data["goals"][0]["deadline"]) == "2027-03-31"

    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(written)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(main, ["agreement", str(written), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("kundenkarte-altstadt-kooperationsvereinbarung.docx")


def test_a_bad_answer_is_told_and_asked_again(tmp_path: Path, german: None) -> None:
    code, output, asked = run_init(tmp_path / "k", ANSWERS)
    assert code == 0, output
    for key in ("partners[0].address.postal_code", "partners[0].contact.email",
                "partners[2].merchant", "partners[3].id", "goals[0].deadline",
                "goals[0].kpi.tolerance"):
        assert asked.count(key) == 2, key
    for message in (_("a German postal code has five digits, e.g. 01067"),
                    _("enter an e-mail address like name@example.com"),
                    _("answer yes or no"),
                    _("the id '{id}' is taken by another partner; choose another").format(
                        id="baeckerei"),
                    _("enter a date as YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-05-01"),
                    _("the band must hold the target {target}, e.g. {band}").format(
                        target=500, band="400-600")):
        assert f"  ! {message}" in output
