"""The PDF engine's pure parts: export filter and private profiles (conversion: integration)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coopdocs.publish import pdf


def test_filter_uses_the_json_form_with_tags_and_bookmarks() -> None:
    head, _, options = pdf.PdfOptions().filter().partition("Export:")
    assert head == "pdf:writer_pdf_"
    parsed = json.loads(options)
    assert parsed["UseTaggedPDF"]["value"] == "true"
    assert parsed["ExportBookmarks"]["value"] == "true"
    assert "SelectPdfVersion" not in parsed


def test_pdfa_selects_pdfa_2b() -> None:
    options = json.loads(pdf.PdfOptions(pdfa=True).filter().split("Export:", 1)[1])
    assert options["SelectPdfVersion"] == {"type": "long", "value": "2"}


def test_concurrent_workers_never_share_a_profile(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pdf._profile() as first, pdf._profile() as second:
        assert first != second
    with pdf._profile() as again:
        assert again == first  # a released profile is reused, so it stays warm


def test_no_files_need_no_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert pdf.to_pdf([], pdf.PdfOptions()) == []
    assert pdf.in_formats([("a.docx", b"x")], "docx", pdf.PdfOptions()) == [("a.docx", b"x")]
