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
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph
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
    new = _Paragraphs(docx)
    try:
        for block in blocks:
            for element in _elements(new, block):
                anchor._p.addprevious(element)
    except KeyError as exc:  # python-docx: a style the template does not define
        raise TemplateError(f"the report template lacks a style the report uses: {exc}; "
                            f"styles used: {', '.join(STYLES)}", Location(template)) from exc
    parent = anchor._p.getparent()
    assert parent is not None
    parent.remove(anchor._p)


class _Paragraphs:
    """New paragraphs in the template's styles, each style looked up once.

    python-docx reads every style of the template each time a style is set by name or object,
    which made a table of a few hundred rows take a second.
    """

    def __init__(self, docx: DocumentObject) -> None:
        self.docx = docx
        self._ids: dict[str, str | None] = {}
        self._default = docx.styles.default(WD_STYLE_TYPE.PARAGRAPH)

    def add(self, text: str, style: str) -> Paragraph:
        """A paragraph at the end of the body; KeyError for a style the template lacks."""
        paragraph = self.docx.add_paragraph(text)
        self.style(paragraph, style)
        return paragraph

    def style(self, paragraph: Paragraph, name: str) -> None:
        if name not in self._ids:
            style = self.docx.styles[name]
            self._ids[name] = None if style == self._default else style.style_id
        paragraph._p.style = self._ids[name]  # as python-docx: none for the default style


def _elements(new: _Paragraphs, block: Block) -> Iterator[_Element]:
    """The XML elements of one block (created at the end of the body, then moved)."""
    if isinstance(block, Heading):
        yield new.add(block.text, f"Heading {block.level}")._p
    elif isinstance(block, Text):
        yield new.add(block.text, block.style)._p
    elif isinstance(block, Bullets):
        for item in block.items:
            paragraph = new.add("", "Punkt")
            paragraph.add_run("•")
            paragraph.add_run().add_tab()
            paragraph.add_run(item)
            yield paragraph._p
    elif isinstance(block, Grid):
        yield new.add(block.caption, "Tabellenüberschrift")._p
        yield _table(new, block)._tbl
    elif isinstance(block, Figure):
        yield from _figure(new, block)


def _table(new: _Paragraphs, grid: Grid) -> Table:
    docx = new.docx
    table: Table = docx.add_table(rows=1 + len(grid.rows), cols=len(grid.header))
    table.style = docx.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = table.rows
    for row, texts, style in [(rows[0], grid.header, "Tabellenkopf"),
                              *((r, t, "Tabelle") for r, t in zip(rows[1:], grid.rows,
                                                                  strict=True))]:
        for cell, text in zip(row.cells, texts, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.text = text
            new.style(paragraph, style)
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


def _figure(new: _Paragraphs, figure: Figure) -> Iterator[_Element]:
    paragraph = new.add("", "Bild")
    shape = paragraph.add_run().add_picture(io.BytesIO(figure.png), width=FIGURE_WIDTH)
    properties = shape._inline.docPr
    properties.set("descr", figure.alt)
    properties.set("title", figure.caption)
    yield paragraph._p
    yield new.add(figure.caption, "Abbildung")._p
