"""Report blocks → Word paragraphs, tables and pictures, inserted where the template says.

The report template prints ``{{ body }}`` in a paragraph of its own; docxtpl renders it to
``BODY_ANCHOR``, and the blocks are inserted before that paragraph, which is then removed. The
blocks are built with python-docx, which escapes all text, and use the template's styles.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from lxml.etree import _Element

from coopdocs.docmodel import Block, Bullets, Figure, Grid, Heading, Text
from coopdocs.errors import Location, TemplateError

BODY_ANCHOR = "coopdocs:body"
FIGURE_WIDTH = Cm(16)
_HEADER_FILL = "DCE3EC"
STYLES = ("Heading 1", "Heading 2", "Klauseltext", "Vermerk", "Punkt", "Tabellenüberschrift",
          "Tabelle", "Tabellenkopf", "Table Grid", "Bild", "Abbildung")
_TONES = {"green": "D9EAD3", "amber": "FCE8B2", "red": "F4CCCC"}


def insert_blocks(docx: DocumentObject, blocks: Sequence[Block], template: Path) -> None:
    """Put ``blocks`` where the template's ``{{ body }}`` paragraph is, then drop that paragraph."""
    anchor = next((p for p in docx.paragraphs if p.text.strip() == BODY_ANCHOR), None)
    if anchor is None:
        raise TemplateError("the report template has no paragraph that prints {{ body }}; add "
                            "one where the report's content goes", Location(template))
    try:
        for block in blocks:
            for element in _elements(docx, block):
                anchor._p.addprevious(element)
    except KeyError as exc:  # python-docx: a style the template does not define
        raise TemplateError(f"the report template lacks a style the report uses: {exc}; "
                            f"styles used: {', '.join(STYLES)}", Location(template)) from exc
    parent = anchor._p.getparent()
    assert parent is not None
    parent.remove(anchor._p)


def _elements(docx: DocumentObject, block: Block) -> Iterator[_Element]:
    """The XML elements of one block (created at the end of the body, then moved)."""
    if isinstance(block, Heading):
        yield docx.add_paragraph(block.text, style=f"Heading {block.level}")._p
    elif isinstance(block, Text):
        yield docx.add_paragraph(block.text, style=block.style)._p
    elif isinstance(block, Bullets):
        for item in block.items:
            paragraph = docx.add_paragraph(style="Punkt")
            paragraph.add_run("•")
            paragraph.add_run().add_tab()
            paragraph.add_run(item)
            yield paragraph._p
    elif isinstance(block, Grid):
        yield docx.add_paragraph(block.caption, style="Tabellenüberschrift")._p
        yield _table(docx, block)._tbl
    elif isinstance(block, Figure):
        yield from _figure(docx, block)


def _table(docx: DocumentObject, grid: Grid) -> Table:
    table: Table = docx.add_table(rows=1 + len(grid.rows), cols=len(grid.header))
    table.style = docx.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head, body = docx.styles["Tabellenkopf"], docx.styles["Tabelle"]  # a lookup reads them all
    rows = table.rows
    for row, texts, style in [(rows[0], grid.header, head),
                              *((r, t, body) for r, t in zip(rows[1:], grid.rows, strict=True))]:
        for cell, text in zip(row.cells, texts, strict=True):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = style
        row_properties = row._tr.get_or_add_trPr()
        row_properties.append(OxmlElement("w:cantSplit"))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    _shade(table.rows[0].cells, [_HEADER_FILL] * len(grid.header))
    for row, tones in zip(table.rows[1:], grid.tones, strict=False):
        _shade(row.cells, [_TONES.get(tone, "") for tone in tones])
    return table


def _shade(cells: Sequence[object], fills: Sequence[str]) -> None:
    for cell, fill in zip(cells, fills, strict=False):
        if fill:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), fill)
            cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _figure(docx: DocumentObject, figure: Figure) -> Iterator[_Element]:
    paragraph = docx.add_paragraph(style="Bild")
    shape = paragraph.add_run().add_picture(io.BytesIO(figure.png), width=FIGURE_WIDTH)
    properties = shape._inline.docPr
    properties.set("descr", figure.alt)
    properties.set("title", figure.caption)
    yield paragraph._p
    yield docx.add_paragraph(figure.caption, style="Abbildung")._p
