"""Every sample agreement converts to PDF with LibreOffice, with the text a reader expects.

Without LibreOffice these tests skip locally; COOPDOCS_REQUIRE_PDF=1 (set by .ci/run) turns
the skip into a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from coopdocs.cli import main
from tests.conftest import SAMPLES

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if SOFFICE is None:
        if os.environ.get("COOPDOCS_REQUIRE_PDF") == "1":
            pytest.fail("LibreOffice (soffice) is required: COOPDOCS_REQUIRE_PDF=1")
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(main, ["agreement", *map(str, SAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    docx_files = sorted(out.glob("*.docx"))
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf", "--outdir", str(out), *map(str, docx_files)],
        check=True, capture_output=True, timeout=300,
    )
    return {p.stem: p.with_suffix(".pdf") for p in docx_files}


def normalized_text(pdf: Path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_every_agreement_converts(pdfs: dict[str, Path]) -> None:
    assert len(pdfs) == len(SAMPLES)
    for pdf in pdfs.values():
        assert pdf.exists() and pdf.stat().st_size > 10_000
        assert len(PdfReader(pdf).pages) >= 3


FRAME = {
    "de": ("Entwurf vom", "Seite {} von {}", "§ 1 Begriffsbestimmungen",
           "Unterschriften der Partner"),
    "en": ("Draft of", "page {} of {}", "§ 1 Definitions", "Signatures of the Partners"),
}


def test_pdf_shows_draft_marking_page_numbers_and_sections(pdfs: dict[str, Path]) -> None:
    for stem, pdf in pdfs.items():
        draft, page_of, first, signatures = FRAME["en" if "cooperation-agreement" in stem else "de"]
        reader = PdfReader(pdf)
        pages = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text()
            assert draft in text, (stem, number)
            assert page_of.format(number, pages) in text, (stem, number)
        text = normalized_text(pdf)
        assert first in text, stem
        assert signatures in text, stem


def test_pdf_uses_only_shipped_fonts(pdfs: dict[str, Path]) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    for pdf in pdfs.values():
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "LiberationSans" in fonts
        assert "DejaVu" not in fonts
