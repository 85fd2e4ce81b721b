"""Golden text views of every sample's agreement (tests/golden/<sample>.agreement.txt).

Run ``pytest --update-golden`` to rewrite them after an intended change; a failing run keeps the
.docx in tests/golden/_failed/ for a person to open.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.cli import main
from coopdocs.textview import text_view
from tests.conftest import SAMPLES

GOLDEN = Path(__file__).parent
FAILED = GOLDEN / "_failed"


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.parent.name for s in SAMPLES])
def test_agreement_text_view(sample: Path, tmp_path: Path, update_golden: bool) -> None:
    result = CliRunner().invoke(main, ["agreement", str(sample), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    built = Path(result.stdout.strip())
    view = text_view(built)
    golden = GOLDEN / f"{sample.parent.name}.agreement.txt"
    if update_golden:
        golden.write_text(view, encoding="utf-8")
    if not golden.exists() or golden.read_text(encoding="utf-8") != view:
        FAILED.mkdir(exist_ok=True)
        shutil.copy(built, FAILED / built.name)
    assert golden.exists(), f"no golden file; run pytest --update-golden ({golden})"
    assert view == golden.read_text(encoding="utf-8")


def test_every_sample_is_covered() -> None:
    assert len(SAMPLES) >= 3
