"""Findings in German: the level word and the message translated, the shape of the line kept.

``FILE:LINE:COL: Fehler: KEY.PATH: message [CODE]`` — file, place, key path and rule code stay
as they are, so an editor still jumps to the place and the code still names the rule; only the
words a reader reads are German. The summary line counts with German plurals.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.check.findings import Finding, Level, summary
from coopdocs.check.validate import check_files
from coopdocs.clauses.library import catalog, load_library
from coopdocs.cli import main
from coopdocs.errors import Location
from coopdocs.i18n import set_language
from tests.conftest import ROOT


@pytest.fixture
def german() -> Iterator[None]:
    """The interface in German for one test, English again after it."""
    set_language("de")
    yield
    set_language("en")


def reversed_period(tmp_path: Path) -> tuple[Path, Path]:
    """The 3DMP sample with the period of round 1 ending before it starts (CD-EVAL-7)."""
    folder = tmp_path / "3dmp"
    shutil.copytree(ROOT / "samples" / "3dmp", folder)
    first = folder / "evaluation-1.yaml"
    text = first.read_text(encoding="utf-8")
    assert "end: 2026-09-30}" in text
    first.write_text(text.replace("end: 2026-09-30}", "end: 2026-03-30}", 1), encoding="utf-8")
    return folder / "cooperation.yaml", first


@pytest.mark.usefixtures("german")
def test_an_error_line_keeps_its_shape_in_german(tmp_path: Path) -> None:
    cooperation, first = reversed_period(tmp_path)
    checked = check_files([cooperation, first], catalog(load_library()))
    [finding] = [f for f in checked[1].findings if f.code == "CD-EVAL-7"]
    assert finding.format() == (
        f"{first}:5:34: Fehler: period.end: der Zeitraum endet (2026-03-30), bevor er beginnt "
        "(2026-04-01) [CD-EVAL-7]")


@pytest.mark.usefixtures("german")
def test_every_level_has_its_german_word() -> None:
    where = Location(Path("cooperation.yaml"), 7, 3)
    lines = [Finding(level, "…", ("partners", 0, "role"), where, "R-X-1",
                     named="partners.gefertec.role").format()
             for level in (Level.ERROR, Level.WARNING, Level.INFO)]
    assert lines == [
        "cooperation.yaml:7:3: Fehler: partners.gefertec.role: … [R-X-1]",
        "cooperation.yaml:7:3: Warnung: partners.gefertec.role: … [R-X-1]",
        "cooperation.yaml:7:3: Hinweis: partners.gefertec.role: … [R-X-1]",
    ]


@pytest.mark.usefixtures("german")
def test_the_summary_line_counts_in_german() -> None:
    def findings(errors: int, warnings: int) -> list[Finding]:
        return [Finding(Level.ERROR, "…")] * errors + [Finding(Level.WARNING, "…")] * warnings

    assert summary(findings(2, 1), "cooperation.yaml") == "2 Fehler, 1 Warnung in cooperation.yaml"
    assert summary(findings(1, 0), "evaluation-1.yaml") == \
        "1 Fehler, 0 Warnungen in evaluation-1.yaml"
    assert summary(findings(0, 3), "network.yaml") == "0 Fehler, 3 Warnungen in network.yaml"


def test_the_same_lines_stay_english_without_german(tmp_path: Path) -> None:
    cooperation, first = reversed_period(tmp_path)
    checked = check_files([cooperation, first], catalog(load_library()))
    [finding] = [f for f in checked[1].findings if f.code == "CD-EVAL-7"]
    assert finding.format() == (
        f"{first}:5:34: error: period.end: the period ends (2026-03-30) before it starts "
        "(2026-04-01) [CD-EVAL-7]")
    assert summary(checked[1].findings, "evaluation-1.yaml") == \
        "1 error, 0 warnings in evaluation-1.yaml"


def test_validate_with_lang_de_prints_german_lines(tmp_path: Path) -> None:
    cooperation, first = reversed_period(tmp_path)
    try:
        result = CliRunner().invoke(main, ["--lang", "de", "validate", str(cooperation),
                                           str(first)])
    finally:
        set_language("en")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"0 Fehler, 0 Warnungen in {cooperation}",
        f"{first}:5:34: Fehler: period.end: der Zeitraum endet (2026-03-30), bevor er beginnt "
        "(2026-04-01) [CD-EVAL-7]",
        f"1 Fehler, 0 Warnungen in {first}",
    ]


def test_bounds_in_german_messages_use_german_number_marks() -> None:
    """"zwischen -1.000.000.000.000 und …", not the English thousands separator."""
    from coopdocs.check.schema import _number
    from coopdocs.i18n import speaking

    with speaking("de"):
        assert (_number(-1_000_000_000_000), _number(11.5)) == ("-1.000.000.000.000", "11,5")
    assert (_number(-1_000_000_000_000), _number(11.5)) == ("-1,000,000,000,000", "11.5")
