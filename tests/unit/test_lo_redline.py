"""The LibreOffice accept-all / reject-all tool (tests/tools) on hand-made Word redlines.

The documents are built here with python-docx + lxml, following the rules measured in the
design notes (tech-notes §4.2): replaced text is w:del + w:ins inside the same paragraph, a
whole inserted or deleted paragraph also has its paragraph mark marked (w:pPr/w:rPr/w:ins or
w:del), and the body's last paragraph is never inserted or deleted.

Without LibreOffice or the system python3-uno these tests skip with the reason;
COOPDOCS_REQUIRE_PDF=1 turns the skip into a failure.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from tests.tools.redline_check import (
    RedlineResult,
    libreoffice_redline,
    normalized,
    uno_available,
)

AUTHOR = "coopdocs"
DATE = "2026-10-15T00:00:00Z"

UNCHANGED = "Der Vertrag beginnt am 1. Januar 2027."
OLD_TERM = "Die Kündigungsfrist beträgt 30 Tage zum Monatsende."
NEW_TERM = "Die Kündigungsfrist beträgt 45 Tage zum Monatsende."
INSERTED = "Die Partner treffen sich zweimal im Jahr."
DELETED = "Streitigkeiten werden vor dem Landgericht Berlin verhandelt."
FINAL = "Änderungen bedürfen der Schriftform."


def require_uno() -> None:
    if uno_available():
        return
    reason = "LibreOffice (soffice) and the system python3-uno are required for redline checks"
    if os.environ.get("COOPDOCS_REQUIRE_PDF") == "1":
        pytest.fail(f"{reason}: COOPDOCS_REQUIRE_PDF=1")
    pytest.skip(reason)


class Redliner:
    """Builds w:ins / w:del markup with unique ids, one author and one date."""

    def __init__(self) -> None:
        self.ids: Iterator[int] = itertools.count(1)

    def mark(self, kind: str) -> etree._Element:
        element = etree.Element(qn(f"w:{kind}"))
        element.set(qn("w:id"), str(next(self.ids)))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), DATE)
        return element

    @staticmethod
    def run(text: str, *, deleted: bool = False) -> etree._Element:
        r = etree.Element(qn("w:r"))
        t = etree.SubElement(r, qn("w:delText" if deleted else "w:t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        return r

    def change(self, kind: str, text: str) -> etree._Element:
        """A w:ins or w:del wrapping one run of text."""
        wrapper = self.mark(kind)
        wrapper.append(self.run(text, deleted=kind == "del"))
        return wrapper

    def mark_paragraph(self, paragraph: Paragraph, kind: str) -> None:
        """Mark the paragraph mark itself as inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
        ppr = paragraph._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, qn("w:rPr"))
        rpr.append(self.mark(kind))


def paragraphs_docx(path: Path) -> Path:
    red = Redliner()
    document = docx.Document()
    document.add_paragraph(UNCHANGED)

    term = document.add_paragraph("Die Kündigungsfrist beträgt ")
    term._p.append(red.change("del", "30"))
    term._p.append(red.change("ins", "45"))
    term._p.append(red.run(" Tage zum Monatsende."))

    inserted = document.add_paragraph()
    inserted._p.append(red.change("ins", INSERTED))
    red.mark_paragraph(inserted, "ins")

    deleted = document.add_paragraph()
    deleted._p.append(red.change("del", DELETED))
    red.mark_paragraph(deleted, "del")

    document.add_paragraph(FINAL)
    document.save(str(path))
    return path


def table_docx(path: Path) -> Path:
    red = Redliner()
    document = docx.Document()
    document.add_paragraph("Anteile der Partner:")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Partner"
    table.cell(0, 1).text = "Anteil"
    row = table.rows[1]
    row._tr.get_or_add_trPr().append(red.mark("ins"))
    for cell, text in zip(row.cells, ("Alpha GmbH", "50 %"), strict=True):
        paragraph = cell.paragraphs[0]
        paragraph._p.append(red.change("ins", text))
        red.mark_paragraph(paragraph, "ins")
    document.add_paragraph(FINAL)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def paragraphs(tmp_path_factory: pytest.TempPathFactory) -> RedlineResult:
    require_uno()
    return libreoffice_redline(paragraphs_docx(tmp_path_factory.mktemp("lo") / "p.docx"))


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> RedlineResult:
    require_uno()
    return libreoffice_redline(table_docx(tmp_path_factory.mktemp("lo") / "t.docx"))


@pytest.mark.pdf
def test_redlines_are_counted_with_author_and_date(paragraphs: RedlineResult) -> None:
    assert paragraphs.redlines > 0
    assert len(paragraphs.details) == paragraphs.redlines
    types = {detail["type"] for detail in paragraphs.details}
    assert {"Insert", "Delete"} <= types
    for detail in paragraphs.details:
        assert detail["author"] == AUTHOR
        assert str(detail["date"]).startswith("2026-10-15T00:00")


@pytest.mark.pdf
def test_accept_all_gives_the_new_text(paragraphs: RedlineResult) -> None:
    assert normalized(paragraphs.accepted) == [UNCHANGED, NEW_TERM, INSERTED, FINAL]


@pytest.mark.pdf
def test_reject_all_gives_the_old_text(paragraphs: RedlineResult) -> None:
    assert normalized(paragraphs.rejected) == [UNCHANGED, OLD_TERM, DELETED, FINAL]


@pytest.mark.pdf
def test_no_empty_paragraph_is_left_behind(paragraphs: RedlineResult) -> None:
    """A marked paragraph mark goes away with its text (tech-notes §4.2, bugs 1 and 3)."""
    assert paragraphs.accepted == normalized(paragraphs.accepted)
    assert paragraphs.rejected == normalized(paragraphs.rejected)


@pytest.mark.pdf
def test_an_inserted_table_row_is_kept_on_accept_and_dropped_on_reject(
    table: RedlineResult,
) -> None:
    assert table.redlines > 0
    head = ["Anteile der Partner:", "Partner | Anteil"]
    assert normalized(table.accepted) == [*head, "Alpha GmbH | 50 %", FINAL]
    assert normalized(table.rejected) == [*head, FINAL]


def test_normalized_folds_whitespace_and_drops_empty_strings() -> None:
    assert normalized(["  a\u00a0 b\n", "", " \t", "c"]) == ["a b", "c"]
