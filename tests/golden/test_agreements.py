"""Golden text views of every sample's agreement (tests/golden/<sample>.agreement.txt).

Run ``pytest --update-golden`` to rewrite them after an intended change; a failing run keeps the
.docx in tests/golden/_failed/ for a person to open.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.build import prepare
from coopdocs.clauses.library import load_library
from coopdocs.cli import main
from tests.conftest import SAMPLES
from tests.golden.compare import GOLDEN, assert_golden
from tests.support.cases import case_of
from tests.support.textview import text_view


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.parent.name for s in SAMPLES])
def test_agreement_text_view(sample: Path, tmp_path: Path, update_golden: bool) -> None:
    result = CliRunner().invoke(main, ["agreement", str(sample), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    built = Path(result.stdout.strip())
    assert_golden(text_view(built), f"{sample.parent.name}.agreement.txt", built,
                  update=update_golden)


def test_every_sample_is_covered() -> None:
    assert {p.name for p in GOLDEN.glob("*.agreement.txt")} == {
        f"{s.parent.name}.agreement.txt" for s in SAMPLES}


def test_samples_together_use_every_module_and_language() -> None:
    library = load_library()
    used: set[str] = set()
    languages: set[str] = set()
    for sample in SAMPLES:
        prepared = prepare(case_of(sample, library=library).cooperation, library)
        used.update(c.module.id for c in prepared.choices if c.included)
        languages.add(prepared.coop.language)
    assert sorted(set(library) - used) == []
    assert languages == {"de", "en"}
