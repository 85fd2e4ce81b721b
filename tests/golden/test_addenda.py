"""Golden text views of Nachtrag and Lesefassung for every sample round with changes
(tests/golden/<sample>-<n>.nachtrag.txt and .lesefassung.txt).

``pytest --update-golden`` rewrites them after an intended change; read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.cli import main
from tests.conftest import ROOT
from tests.golden.compare import GOLDEN, assert_golden
from tests.golden.test_reports import CASES, _id
from tests.support.textview import text_view


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_addendum_text_views(case: tuple[Path, list[Path]], tmp_path: Path,
                             update_golden: bool) -> None:
    folder, rounds = case
    result = CliRunner().invoke(main, ["addendum", str(folder / "cooperation.yaml"),
                                       *map(str, rounds), "-o", str(tmp_path)])
    if result.exit_code == 1 and "keine Maßnahme mit einer Änderung" in result.stderr:
        pytest.skip("this round changes nothing in the agreement")
    assert result.exit_code == 0, result.stderr
    built = {Path(p).stem.rsplit("-", 2)[-2]: Path(p) for p in result.stdout.split()}
    for kind in ("nachtrag", "lesefassung"):
        if kind not in built:  # English names
            kind_en = {"nachtrag": "addendum", "lesefassung": "consolidated"}[kind]
            built[kind] = built[kind_en]
        assert_golden(text_view(built[kind]), f"{_id(case)}.{kind}.txt", built[kind],
                      update=update_golden)


def test_every_addendum_view_belongs_to_a_case() -> None:
    names = {f"{_id(c)}.{kind}.txt" for c in CASES for kind in ("nachtrag", "lesefassung")}
    assert {p.name for p in GOLDEN.glob("*.nachtrag.txt")} | {
        p.name for p in GOLDEN.glob("*.lesefassung.txt")} <= names


def test_samples_have_two_rounds_with_changes() -> None:
    assert len([c for c in CASES if c[0] == ROOT / "samples" / "3dmp"]) == 2
