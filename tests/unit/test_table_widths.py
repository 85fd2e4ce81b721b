"""Table columns sized to their content (render.columns.fit_columns)."""

from __future__ import annotations

import docx
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Cm, Emu

from coopdocs.render.columns import _cell_text, fit_columns, text_width

WIDTH = Emu(int(Cm(16)))


def _document(rows: list[list[str]]) -> DocumentObject:
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    return document


def _grid(document: DocumentObject) -> list[int]:
    grid = document.tables[0]._tbl.tblGrid
    return [int(str(col.get(qn("w:w")))) for col in grid.findall(qn("w:gridCol"))]


def test_columns_fill_the_width_and_follow_their_content() -> None:
    document = _document([["Datum", "Maßnahme", "Betrag"],
                          ["1. April 2026", "Gemeinsame Ausschreibung der Rohstoffe für alle "
                           "Partner des Verbunds mit Rahmenvertrag", "250.000,00 €"]])
    fit_columns(document.tables[0], WIDTH)
    grid = _grid(document)
    assert abs(sum(grid) - WIDTH.twips) <= len(grid)
    assert grid[1] > grid[0] and grid[1] > grid[2]  # the running text takes the spare width
    assert grid[0] * 635 >= text_width("April") and grid[2] * 635 >= text_width("250.000,00")
    for row in document.tables[0].rows:  # every cell carries its column's width
        assert [cell.width.twips for cell in row.cells] == grid


def test_merged_cells_are_sized_through_the_grid() -> None:
    document = _document([["Kopf über zwei Spalten", ""], ["links", "rechts, etwas länger"]])
    table = document.tables[0]
    table.cell(0, 0).merge(table.cell(0, 1))
    fit_columns(table, WIDTH)
    grid = _grid(document)
    assert len(grid) == 2 and abs(sum(grid) - WIDTH.twips) <= 2
    assert [cell.width.twips for cell in table.rows[1].cells] == grid


def test_cell_text_reads_like_python_docx() -> None:
    document = _document([["eins\tzwei\ndrei", "x"]])
    cell = document.tables[0].cell(0, 0)
    cell.add_paragraph("zweiter Absatz")
    assert _cell_text(cell._tc) == cell.text == "eins\tzwei\ndrei\nzweiter Absatz"


def test_a_cell_without_a_width_gets_one() -> None:
    document = _document([["Partner", "Rolle"], ["Müller & Söhne GmbH", "Koordinator"]])
    table = document.tables[0]
    bare = table.cell(1, 1)._tc
    assert bare.tcPr is not None
    bare.remove(bare.tcPr)
    fit_columns(table, WIDTH)
    assert table.cell(1, 1).width is not None
    assert table.cell(1, 1).width.twips == _grid(document)[1]
