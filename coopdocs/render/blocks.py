"""Report blocks → Word paragraphs, tables and pictures, inserted where the template says.

The report template prints ``{{ body }}`` in a paragraph of its own; docxtpl renders it to
``BODY_ANCHOR``, and the blocks are inserted before that paragraph, which is then removed. The
blocks are built with python-docx, which escapes all text, and use the template's styles.

A table with more than ``LATER_ROWS`` rows (a network report has one per cooperation) keeps only
its header in the document tree; its other rows are ``LaterRows``, built one at a time while the
document is saved, so a table of a thousand rows does not hold a thousand rows of XML elements
in memory. The bytes are the same as when every row is in the tree.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import cast

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.shared import Cm, Emu
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from lxml.etree import SubElement, _Element

from coopdocs.errors import Location, TemplateError
from coopdocs.i18n import _
from coopdocs.model.document import Block, Bullets, Figure, Grid, Heading, Text

BODY_ANCHOR = "coopdocs:body"
FIGURE_WIDTH = Cm(16)
_HEADER_FILL = "DCE3EC"
STYLES = ("Heading 1", "Heading 2", "Klauseltext", "Vermerk", "Punkt", "Tabellenüberschrift",
          "Tabelle", "Tabellenkopf", "Table Grid", "Bild", "Abbildung")
_TONES = {"green": "D9EAD3", "amber": "FCE8B2", "red": "F4CCCC"}


LATER_ROWS = 40


@dataclass(frozen=True)
class LaterRows:
    """The body rows of a large table, built as XML when the document is saved.

    ``table`` holds the header row and, where the body rows go, the comment ``marker``.
    """

    marker: bytes
    table: CT_Tbl
    texts: Sequence[Sequence[str]]
    fills: Sequence[Sequence[str]]
    style_id: str | None

    def xml(self, widths: Sequence[Emu]) -> Iterator[bytes]:
        """Each row as XML, as it would be serialised in the document.

        A row is built in the table itself (so it has the document's namespaces), serialised
        without the namespace declarations that a fragment repeats, and taken out again.
        """
        for texts, fills in zip(self.texts, self.fills, strict=True):
            row = _row(self.table, texts, fills, self.style_id, header=False)
            set_widths(row.tc_lst, widths)
            data = etree.tostring(row, encoding="utf-8")
            self.table.remove(row)
            start = data.index(b">")
            yield _NAMESPACE_DECLARATION.sub(b"", data[:start]) + data[start:]


_NAMESPACE_DECLARATION = re.compile(rb' xmlns:\w+="[^"]*"')


def set_widths(cells: Sequence[CT_Tc], widths: Sequence[Emu]) -> None:
    """Each cell's ``w:tcW`` as its column's width (a cell without one gets one)."""
    for tc, size in zip(cells, widths, strict=False):
        tcw = tc.find(_TCW)
        if tcw is None:
            tc.width = size  # python-docx puts the new elements where the schema wants them
        else:
            tcw.set(_W_TYPE, "dxa")
            tcw.set(_W_W, str(size.twips))


def insert_blocks(docx: DocumentObject, blocks: Sequence[Block], template: Path
                  ) -> list[LaterRows]:
    """Put ``blocks`` where the template's ``{{ body }}`` paragraph is, then drop that paragraph.

    Returns the rows of large tables, which the caller writes when it saves the document.
    """
    anchor = next((p for p in docx.paragraphs if p.text.strip() == BODY_ANCHOR), None)
    if anchor is None:
        raise TemplateError(_("the report template has no paragraph that prints {{ body }}; add "
                              "one where the report's content goes"), Location(template))
    new = _Paragraphs(docx)
    later: list[LaterRows] = []
    try:
        for block in blocks:
            for element in _elements(new, block, later):
                anchor._p.addprevious(element)
    except KeyError as exc:  # python-docx: a style the template does not define
        raise TemplateError(_("the report template lacks a style the report uses: {problem}; "
                              "styles used: {styles}").format(problem=exc,
                                                             styles=", ".join(STYLES)),
                            Location(template)) from exc
    parent = anchor._p.getparent()
    if parent is not None:  # the anchor paragraph stands in the body
        parent.remove(anchor._p)
    return later


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


def _elements(new: _Paragraphs, block: Block, later: list[LaterRows]) -> Iterator[_Element]:
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
        yield _table(new, block, later)._tbl
    elif isinstance(block, Figure):
        yield from _figure(new, block)


def _table(new: _Paragraphs, grid: Grid, later: list[LaterRows]) -> Table:
    """A table of ``grid``: a header row repeated on each page, rows that do not split, tones.

    python-docx gives the table and its properties; the rows are built as XML elements directly,
    as python-docx would build them cell by cell (which took most of the time of a network
    report with a row per cooperation). A large table's body rows are left for later.
    """
    docx = new.docx
    table = _add_table(docx, len(grid.header))
    table.style = docx.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl = table._tbl
    _row(tbl, grid.header, [_HEADER_FILL] * len(grid.header), new.style_id("Tabellenkopf"),
         header=True)
    style_id = new.style_id("Tabelle")
    fills = [[_TONES.get(t, "") for t in tones] for tones in
             (tones for _, tones in zip_longest(grid.rows, grid.tones[:len(grid.rows)],
                                                fillvalue=()))]
    if len(grid.rows) > LATER_ROWS:
        marker = f"coopdocs:rows:{len(later)}"
        tbl.append(etree.Comment(marker))
        later.append(LaterRows(f"<!--{marker}-->".encode(), tbl, grid.rows, fills, style_id))
    else:
        for texts, row_fills in zip(grid.rows, fills, strict=True):
            _row(tbl, texts, row_fills, style_id, header=False)
    return table


def _add_table(docx: DocumentObject, columns: int) -> Table:
    """An empty table at the end of the body (its widths are fitted later).

    python-docx sizes a new table to the last section's page, and fails when a template has no
    section (Word then takes its default page); such a table starts at the figures' width.
    """
    table: Table = (docx.add_table(rows=0, cols=columns) if docx.sections
                    else docx._body.add_table(0, columns, FIGURE_WIDTH))
    return table


def _row(tbl: CT_Tbl, texts: Sequence[str], fills: Sequence[str], style_id: str | None, *,
         header: bool) -> CT_Row:
    row = cast(CT_Row, SubElement(tbl, _W_TR))
    properties = SubElement(row, _W_TRPR)
    SubElement(properties, _W_CANTSPLIT)
    if header:
        SubElement(properties, _W_TBLHEADER)
    for text, fill in zip_longest(texts, fills[:len(texts)], fillvalue=""):
        cell = SubElement(row, _W_TC)
        cell_properties = SubElement(cell, _W_TCPR)
        SubElement(cell_properties, _W_TCW, {_W_TYPE: "dxa", _W_W: "0"})  # sized later
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
    return row


(_W_TR, _W_TRPR, _W_CANTSPLIT, _W_TBLHEADER, _W_TC, _W_TCPR, _W_TCW, _W_SHD, _W_P, _W_PPR,
 _W_PSTYLE, _W_R, _W_T) = (qn(f"w:{tag}") for tag in (
    "tr", "trPr", "cantSplit", "tblHeader", "tc", "tcPr", "tcW", "shd", "p", "pPr", "pStyle",
    "r", "t"))
_W_TYPE, _W_W, _W_VAL, _W_COLOR, _W_FILL = (qn(f"w:{name}") for name in (
    "type", "w", "val", "color", "fill"))
_TCW = f"{_W_TCPR}/{_W_TCW}"


def _figure(new: _Paragraphs, figure: Figure) -> Iterator[_Element]:
    paragraph = new.add("", "Bild")
    shape = paragraph.add_run().add_picture(io.BytesIO(figure.png), width=FIGURE_WIDTH)
    properties = shape._inline.docPr
    properties.set("descr", figure.alt)
    properties.set("title", figure.caption)
    yield paragraph._p
    yield new.add(figure.caption, "Abbildung")._p
