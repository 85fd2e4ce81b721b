"""Report tables: a large table's rows are built while saving, with the same bytes."""

from __future__ import annotations

import datetime
import io
import zipfile

import docx
import pytest

from coopdocs.model.document import Block, Grid, Heading, Properties, Text
from coopdocs.render import blocks as render_blocks
from coopdocs.render.docx import render_docx
from coopdocs.resources import resource_dir

TEMPLATE = resource_dir("templates") / "report.docx"
CONTEXT = {"title": "Netzwerkbericht", "subtitle": "Testnetz", "cover": [["Stand", "heute"]],
           "header_note": "", "footer": "Netzwerkbüro", "page_word": "Seite", "of_word": "von"}
PROPERTIES = Properties("Netzwerkbericht", "Bericht", "Testnetz", "Netzwerkbüro", "",
                        "de-DE", datetime.date(2026, 11, 21))


def _blocks(rows: int) -> list[Block]:
    grid = Grid("Übersicht", ("Kooperation", "Partner", "Stand"),
                tuple((f"Kooperation {i} <&>", "Müller & Söhne\tGmbH" if i == 3 else
                       f"Partner {i}, Partner {i + 1}", "" if i % 7 == 0 else f"{i},0")
                      for i in range(rows)),
                tuple(("", "", "red" if i % 5 == 0 else "green") for i in range(rows - 2)))
    return [Heading("Kooperationen"), grid, Text("Ende.")]


@pytest.mark.parametrize("rows", [render_blocks.LATER_ROWS + 1, 3 * render_blocks.LATER_ROWS])
def test_later_rows_give_the_same_document(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    later = render_docx(TEMPLATE, CONTEXT, PROPERTIES, _blocks(rows))
    monkeypatch.setattr(render_blocks, "LATER_ROWS", rows)  # every row in the tree
    in_tree = render_docx(TEMPLATE, CONTEXT, PROPERTIES, _blocks(rows))
    assert later == in_tree
    body = zipfile.ZipFile(io.BytesIO(later)).read("word/document.xml")
    assert b"coopdocs:rows" not in body and b"xmlns:w" not in body.split(b"<w:tr>", 1)[1]
    table = docx.Document(io.BytesIO(later)).tables[-1]
    assert len(table.rows) == rows + 1
    assert table.cell(4, 1).text == "Müller & Söhne\tGmbH"
    assert table.cell(1, 0).text == "Kooperation 0 <&>"
    widths = {c.width for c in table.columns}
    assert all(cell.width in widths for cell in table.rows[-1].cells)
