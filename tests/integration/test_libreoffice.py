"""PDF output through coopdocs' LibreOffice engine, checked by reading the PDFs (pypdf, pdffonts).

Without LibreOffice these tests skip locally with the reason; COOPDOCS_REQUIRE_PDF=1 (set by
.ci/run) turns the skip into a failure. Assertions are on extracted text, page counts,
bookmarks and metadata, never on layout bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from coopdocs.cli import main
from tests.conftest import ROOT, SAMPLES


def require_libreoffice() -> None:
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if os.environ.get("COOPDOCS_REQUIRE_PDF") == "1":
        pytest.fail("LibreOffice (soffice) is required: COOPDOCS_REQUIRE_PDF=1")
    pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every sample, built with --format all in one call (all PDFs converted together)."""
    require_libreoffice()
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(main, ["agreement", *map(str, SAMPLES), "--format", "all",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    built = [Path(line) for line in result.stdout.splitlines()]
    assert sorted(p.suffix for p in built) == [".docx"] * len(SAMPLES) + [".pdf"] * len(SAMPLES)
    return {p.stem: p for p in built if p.suffix == ".pdf"}


def normalized_text(pdf: Path) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def english(stem: str) -> bool:
    return "cooperation-agreement" in stem


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(getattr(item, "title", "")).replace("\u00a0", " "))

    walk(reader.outline)
    return titles


@pytest.mark.pdf
def test_every_agreement_converts(pdfs: dict[str, Path]) -> None:
    assert len(pdfs) == len(SAMPLES)
    for pdf in pdfs.values():
        assert pdf.read_bytes().startswith(b"%PDF-")
        assert len(PdfReader(pdf).pages) >= 10


FRAME = {
    "de": ("Entwurf vom", "Seite {} von {}", "§ 1 Begriffsbestimmungen",
           "Unterschriften der Partner"),
    "en": ("Draft of", "page {} of {}", "§ 1 Definitions", "Signatures of the Partners"),
}


@pytest.mark.pdf
def test_draft_marking_and_page_numbers_on_every_page(pdfs: dict[str, Path]) -> None:
    for stem, pdf in pdfs.items():
        draft, page_of, first, signatures = FRAME["en" if english(stem) else "de"]
        reader = PdfReader(pdf)
        pages = len(reader.pages)
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text()
            assert draft in text, (stem, number)
            assert page_of.format(number, pages) in text, (stem, number)
        text = normalized_text(pdf)
        assert first in text, stem
        assert signatures in text, stem


@pytest.mark.pdf
def test_bookmarks_follow_the_headings(pdfs: dict[str, Path]) -> None:
    for stem, pdf in pdfs.items():
        reader = PdfReader(pdf)
        titles = outline_titles(reader)
        sections = [t for t in titles if re.match(r"§ \d+ ", t)]
        numbers = [int(t.split()[1]) for t in sections]
        assert numbers == list(range(1, len(numbers) + 1)), stem
        annex = "Annex" if english(stem) else "Anlage"
        assert f"{annex} 1: " in " ".join(titles), stem
        text = normalized_text(pdf)
        assert all(title in text for title in sections), stem


@pytest.mark.pdf
def test_document_properties_and_tags(pdfs: dict[str, Path]) -> None:
    reader = PdfReader(pdfs["big-3dmp-kooperationsvereinbarung"])
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Kooperationsvereinbarung 3DMP-Serienfertigung Titan"
    assert metadata.author == "GEFERTEC GmbH"
    assert metadata.subject == ("Kooperationsvereinbarung zwischen GEFERTEC GmbH und "
                                "flying-parts GmbH")
    assert "big-3dmp" in str(metadata.get("/Keywords"))
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject) and "/StructTreeRoot" in root  # tagged PDF
    english_metadata = PdfReader(pdfs["pumpsense-cooperation-agreement"]).metadata
    assert english_metadata is not None
    assert english_metadata.title == "Cooperation Agreement PumpSense Condition Monitoring"


@pytest.mark.pdf
def test_pdf_uses_only_shipped_fonts(pdfs: dict[str, Path]) -> None:
    if shutil.which("pdffonts") is None:
        if os.environ.get("COOPDOCS_REQUIRE_PDF") == "1":
            pytest.fail("pdffonts (poppler-utils) is required: COOPDOCS_REQUIRE_PDF=1")
        pytest.skip("pdffonts (poppler-utils) is not installed")
    for pdf in pdfs.values():
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "LiberationSans" in fonts
        assert "DejaVu" not in fonts


@pytest.mark.pdf
def test_pdfa_is_identified_in_the_xmp(tmp_path: Path) -> None:
    require_libreoffice()
    sample = ROOT / "samples/imbiss-cafe/cooperation.yaml"
    result = CliRunner().invoke(main, ["agreement", str(sample), "--format", "pdf", "--pdfa",
                                       "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    [pdf] = [Path(line) for line in result.stdout.splitlines()]
    assert list(tmp_path.iterdir()) == [pdf]  # --format pdf writes no .docx
    xmp = PdfReader(pdf).xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")


def test_missing_libreoffice_is_exit_3_and_writes_nothing(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["agreement", str(SAMPLES[0]), "--format", "all",
                                       "-o", str(out)])
    assert result.exit_code == 3
    assert result.stderr.startswith("error: PDF output needs LibreOffice, which is not "
                                     "installed; install LibreOffice Writer")
    assert not out.exists()


def test_failing_libreoffice_is_exit_3_and_writes_nothing(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A soffice that runs but produces nothing (as with a shared profile) is caught."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "soffice").write_text("#!/bin/sh\necho 'crashed' >&2\nexit 1\n", encoding="utf-8")
    (fake / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["agreement", str(SAMPLES[0]), "--format", "pdf",
                                       "-o", str(out)])
    assert result.exit_code == 3
    assert "did not convert" in result.stderr and "exit 1: crashed" in result.stderr
    assert not out.exists()


@pytest.fixture(scope="module")
def report_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The report of the last round of every sample with evaluations, as PDF."""
    require_libreoffice()
    out = tmp_path_factory.mktemp("report-pdf")
    built: list[Path] = []
    for folder in sorted(ROOT.glob("samples/*")):
        rounds = sorted(folder.glob("evaluation-*.yaml"))
        if rounds:
            result = CliRunner().invoke(main, ["report", str(folder / "cooperation.yaml"),
                                               *map(str, rounds), "--format", "pdf",
                                               "-o", str(out)])
            assert result.exit_code == 0, result.stderr
            built.extend(Path(line) for line in result.stdout.splitlines())
    return built


@pytest.mark.pdf
def test_reports_convert_with_charts_bookmarks_and_properties(report_pdfs: list[Path]) -> None:
    assert len(report_pdfs) >= 3
    for pdf in report_pdfs:
        reader = PdfReader(pdf)
        text = normalized_text(pdf)
        de = "evaluationsbericht" in pdf.stem
        pages = len(reader.pages)
        assert f"{'Seite' if de else 'page'} {pages} {'von' if de else 'of'} {pages}" in text
        assert ("Zusammenfassung" if de else "Summary") in outline_titles(reader)
        figures = set(re.findall(r"(?:Abbildung|Figure) (\d+):", text))
        assert len(figures) >= 3, f"{pdf.name}: {figures}"
        metadata = reader.metadata
        assert metadata is not None and metadata.title
        assert metadata.title.startswith("Evaluationsbericht Nr." if de else
                                         "Evaluation Report No.")
        root = reader.trailer["/Root"]
        assert isinstance(root, DictionaryObject)
        alts = figure_alts(root["/StructTreeRoot"])
        assert len(alts) == len(figures), f"{pdf.name}: every chart has alt text in the PDF"
        for alt in alts:  # LibreOffice joins the caption (title) and the description
            assert alt.startswith("Abbildung" if de else "Figure") and " - " in alt, alt


def figure_alts(node: object) -> list[str]:
    """The /Alt text of every /Figure element of a PDF structure tree."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, DictionaryObject):
        own = [str(node["/Alt"])] if node.get("/S") == "/Figure" and "/Alt" in node else []
        return own + (figure_alts(node["/K"]) if "/K" in node else [])
    if isinstance(node, list):
        return [alt for item in node for alt in figure_alts(item)]
    return []
