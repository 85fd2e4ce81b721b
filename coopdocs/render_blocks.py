"""Report blocks → Word paragraphs, tables and pictures, inserted where the template says.

The report template prints ``{{ body }}`` in a paragraph of its own; docxtpl renders it to
``BODY_ANCHOR``, and the blocks are inserted before that paragraph, which is then removed. The
blocks are built with python-docx, which escapes all text, and use the template's styles.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from itertools import zip_longest
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement, _Element

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
        paragraph._p.style = self.style_id(name)

    def style_id(self, name: str) -> str | None:
        """The id of a paragraph style; None for the default style, as python-docx sets it."""
        if name not in self._ids:
            style = self.docx.styles[name]
            self._ids[name] = None if style == self._default else style.style_id
        return self._ids[name]


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
    """A table of ``grid``: a header row repeated on each page, rows that do not split, tones.

    python-docx gives the table and its properties; the rows are built as XML elements directly,
    as python-docx would build them cell by cell (which took most of the time of a network
    report with a row per cooperation).
    """
    docx = new.docx
    table: Table = docx.add_table(rows=0, cols=len(grid.header))
    table.style = docx.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _row(new, table, grid.header, "Tabellenkopf", [_HEADER_FILL] * len(grid.header), header=True)
    for texts, tone in zip_longest(grid.rows, grid.tones[:len(grid.rows)], fillvalue=()):
        _row(new, table, texts, "Tabelle", [_TONES.get(t, "") for t in tone], header=False)
    return table


def _row(new: _Paragraphs, table: Table, texts: Sequence[str], style: str,
         fills: Sequence[str], *, header: bool) -> None:
    row = SubElement(table._tbl, _W_TR)
    properties = SubElement(row, _W_TRPR)
    SubElement(properties, _W_CANTSPLIT)
    if header:
        SubElement(properties, _W_TBLHEADER)
    style_id = new.style_id(style)
    for text, fill in zip_longest(texts, fills[:len(texts)], fillvalue=""):
        cell = SubElement(row, _W_TC)
        cell_properties = SubElement(cell, _W_TCPR)
        SubElement(cell_properties, _W_TCW, {_W_TYPE: "dxa", _W_W: "0"})  # fit_columns sizes it
        if fill:
            SubElement(cell_properties, _W_SHD, {_W_VAL: "clear", _W_COLOR: "auto", _W_FILL: fill})
        paragraph = SubElement(cell, _W_P)
        paragraph_properties = SubElement(paragraph, _W_PPR)
        if style_id is not None:
            SubElement(paragraph_properties, _W_PSTYLE, {_W_VAL: style_id})
        run = SubElement(paragraph, _W_R)
        if text and text == text.strip() and "\t" not in text and "\n" not in text:
            SubElement(run, _W_T).text = text
        elif text:
            run.text = text  # python-docx: tabs and breaks as elements, spaces preserved


(_W_TR, _W_TRPR, _W_CANTSPLIT, _W_TBLHEADER, _W_TC, _W_TCPR, _W_TCW, _W_SHD, _W_P, _W_PPR,
 _W_PSTYLE, _W_R, _W_T) = (qn(f"w:{tag}") for tag in (
    "tr", "trPr", "cantSplit", "tblHeader", "tc", "tcPr", "tcW", "shd", "p", "pPr", "pStyle",
    "r", "t"))
_W_TYPE, _W_W, _W_VAL, _W_COLOR, _W_FILL = (qn(f"w:{name}") for name in (
    "type", "w", "val", "color", "fill"))


def _figure(new: _Paragraphs, figure: Figure) -> Iterator[_Element]:
    paragraph = new.add("", "Bild")
    shape = paragraph.add_run().add_picture(io.BytesIO(figure.png), width=FIGURE_WIDTH)
    properties = shape._inline.docPr
    properties.set("descr", figure.alt)
    properties.set("title", figure.caption)
    yield paragraph._p
    yield new.add(figure.caption, "Abbildung")._p
