"""Golden text views of the sample reports (tests/golden/<sample>.report-<n>.txt).

Every sample with evaluations gets the report of each round, built with the rounds before it
as history. ``pytest --update-golden`` rewrites them after an intended change.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from coopdocs.cli import main
from tests.conftest import ROOT
from tests.golden.compare import GOLDEN, assert_golden
from tests.support.textview import text_view

CASES = [(rounds[0].parent, rounds[:n]) for folder in sorted(ROOT.glob("samples/*"))
         if (rounds := sorted(folder.glob("evaluation-*.yaml")))
         for n in range(1, len(rounds) + 1)]


def _id(case: tuple[Path, list[Path]]) -> str:
    return f"{case[0].name}-{len(case[1])}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_report_text_view(case: tuple[Path, list[Path]], tmp_path: Path,
                          update_golden: bool) -> None:
    folder, rounds = case
    result = CliRunner().invoke(main, ["report", str(folder / "cooperation.yaml"),
                                       *map(str, rounds), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    built = Path(result.stdout.strip())
    assert_golden(text_view(built) + _figures(built), f"{_id(case)}.report.txt", built,
                  update=update_golden)


def _figures(path: Path) -> str:
    """The alt text of every picture: what a screen reader reads instead of the chart."""
    document = docx.Document(str(path))
    return "".join(f"figure: {shape._inline.docPr.get('descr')}\n"
                   for shape in document.inline_shapes)


def test_every_report_is_covered() -> None:
    assert {p.name for p in GOLDEN.glob("*.report.txt")} == {
        f"{_id(c)}.report.txt" for c in CASES}


def test_samples_include_two_rounds_and_both_languages() -> None:
    assert max(len(rounds) for _, rounds in CASES) >= 2
    assert {"3dmp", "sensor-services"} <= {folder.name for folder, _ in CASES}
