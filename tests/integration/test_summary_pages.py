"""The key terms (Eckpunkte) of every sample fit on one or two pages, as LibreOffice lays them out.

Every cooperation of samples/ (the single ones and the network's) is built with
``coopdocs summary --format pdf`` in one call and read back with pypdf: its page count, the
page numbers in the footer, and the text of its last heading (nothing cut off at the end).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from coopdocs.cli import main
from tests.conftest import ROOT, SAMPLES
from tests.integration.test_libreoffice import require_libreoffice

COOPERATIONS = [*SAMPLES, *sorted((ROOT / "samples" / "network").glob("*/*/cooperation.yaml"))]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PdfReader]:
    require_libreoffice()
    out = tmp_path_factory.mktemp("summary")
    result = CliRunner().invoke(main, ["summary", *map(str, COOPERATIONS), "--format", "pdf",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    paths = [Path(line) for line in result.stdout.split()]
    assert len(paths) == len(COOPERATIONS) and all(p.suffix == ".pdf" for p in paths)
    assert not list(out.glob("*.docx"))
    return {path.stem: PdfReader(path) for path in paths}


@pytest.mark.pdf
def test_every_sample_has_one_or_two_pages(pdfs: dict[str, PdfReader]) -> None:
    pages = {name: len(reader.pages) for name, reader in pdfs.items()}
    assert len(pages) == len(COOPERATIONS)
    assert all(1 <= n <= 2 for n in pages.values()), pages


@pytest.mark.pdf
def test_pages_are_numbered_and_the_open_points_close_the_summary(
        pdfs: dict[str, PdfReader]) -> None:
    for name, reader in pdfs.items():
        texts = [page.extract_text() for page in reader.pages]
        total = len(texts)
        english = name.endswith("key-terms")
        for number, text in enumerate(texts, start=1):
            footer = f"page {number} of {total}" if english else f"Seite {number} von {total}"
            assert footer in text, (name, number)
        last = texts[-1]
        heading = "Open points" if english else "Offene Punkte"
        closing = "cooperation.yaml that sets it." if english else "der sie festlegt."
        assert heading in last and last.rstrip().splitlines()[-1] != heading, name
        assert closing in last.replace("\n", " ").replace("- ", ""), name


@pytest.mark.pdf
def test_the_english_sample_is_titled_in_english(pdfs: dict[str, PdfReader]) -> None:
    reader = pdfs["pumpsense-key-terms"]
    assert reader.metadata is not None
    assert reader.metadata.title == "Key Terms PumpSense Condition Monitoring"
    assert "Key Terms of the Cooperation Agreement" in reader.pages[0].extract_text()
