"""Table columns sized to their content, measured in the font's glyph widths.

``render_docx`` fits every table of a rendered document into the width between the page
margins: each column gets its widest unbreakable token, then a share of the spare width, and the
widths are written into the table's grid and cells with autofit off, not left to the word
processor. The text is measured here in the advance widths of the table font (Arial, which
LibreOffice replaces with the metric-compatible Liberation Sans). It works on python-docx tables
alone, so it needs neither docxtpl nor the template, and it also sizes the rows of a large
report table that are written only when the document is saved (``LaterRows``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from docx.document import Document as DocumentObject
from docx.oxml.ns import nsmap, qn
from docx.oxml.table import CT_Tc
from docx.shared import Cm, Emu
from docx.table import Table
from lxml import etree

from coopdocs.render.blocks import set_widths

# Table text: 9 pt; glyph advance widths of Arial / Liberation Sans (metric-compatible) in 1/1000
# em, from the font's metrics; letters not listed count as a wide upper- or a lower-case letter.
_TABLE_PT = 9
_BOLD_MARGIN = 1.1  # header cells are bold, about 5–10 % wider
_PADDING = 160_000  # EMU: the left and right cell margins (2 × 0.19 cm) and a little air
_PROSE_NEED = Emu(int(Cm(4)))
_UPPER, _LOWER = 722, 556
_GLYPHS = {
    **dict.fromkeys(" !,./:;[]\\|Iiljtf'", 278), **dict.fromkeys("ijl", 222),
    **dict.fromkeys("()-r„“”‚‘’*", 333), **dict.fromkeys("ckszvxy", 500),
    **dict.fromkeys("0123456789#$_€§–abdeghnopquäöü?", 556), **dict.fromkeys("mM", 833),
    **dict.fromkeys("wCDHNRUÜ", 722), **dict.fromkeys("AEBKPSVXYÄ", 667),
    **dict.fromkeys("FTZß", 611), **dict.fromkeys("GOQÖ", 778), "W": 944, "%": 889,
    "&": 667, "@": 1015, "—": 1000, "L": 556, "J": 500, "+": 584, "=": 584, "<": 584, ">": 584,
}


# The text width of an A4 page with 2.5 cm margins: for a template that does not say its own.
_DEFAULT_WIDTH = Emu(int(Cm(16)))


def text_area_width(docx: DocumentObject) -> Emu:
    """The width between the margins of the first section's page: what the tables fill.

    A template without a section (Word then takes its default page) or without a page width
    gets ``_DEFAULT_WIDTH``.
    """
    if not docx.sections:
        return _DEFAULT_WIDTH
    section = docx.sections[0]
    if not section.page_width:
        return _DEFAULT_WIDTH
    margins = (section.left_margin or 0) + (section.right_margin or 0)
    width = int(section.page_width - margins)
    return Emu(width) if width > 0 else _DEFAULT_WIDTH


def fit_columns(table: Table, width: Emu, more: Sequence[Sequence[str]] = ()) -> list[Emu]:
    """Size the columns of ``table`` to their content, measured in the font's glyph widths.

    ``more`` are the texts of rows that are not in the table yet (``LaterRows``); the widths
    are returned for them.

    Each column first gets its widest unbreakable token (split at spaces and after hyphens, so
    "400,00 €" stays whole), then the spare width in proportion to how much wider its texts are.
    A column of running text needs no more than ``_PROSE_NEED`` for a single long word (it may
    break there). When the tokens still do not fit side by side, only the widest columns give
    way, so short columns such as dates and numbers stay whole.
    """
    cells = _grid(table)
    if not cells:
        return []
    texts = [*([_cell_text(tc) for tc in row] for row in cells), *more]
    columns = list(zip(*texts, strict=False))
    want = [max(text_width(text) for text in column) + _PADDING for column in columns]
    need = [max(_widest_token(text) for text in column) + _PADDING for column in columns]
    need = [min(n, _PROSE_NEED) if w > 3 * n else n for n, w in zip(need, want, strict=True)]
    need = _capped(need, width)
    spare = max(0, width - sum(need))
    extra = [max(0, w - n) for w, n in zip(want, need, strict=True)]
    shares = [n + spare * e / (sum(extra) or 1) for n, e in zip(need, extra, strict=True)]
    widths = [Emu(int(width * share / sum(shares))) for share in shares]
    _apply_widths(table, cells, widths)
    return widths


def _capped(need: list[int], capacity: int) -> list[int]:
    """``need`` with the largest values lowered to one cap, so that the sum fits ``capacity``."""
    if sum(need) <= capacity:
        return need
    low, high = 0, max(need)
    while high - low > 1000:  # EMU: far below a printer's resolution
        cap = (low + high) // 2
        low, high = (cap, high) if sum(min(n, cap) for n in need) <= capacity else (low, cap)
    return [min(n, low) for n in need]


class _Widths(dict[str, int]):
    """Glyph widths by character; a letter not in the table counts as upper- or lower-case."""

    def __missing__(self, char: str) -> int:
        width = self[char] = _UPPER if char.isupper() else _LOWER
        return width


_WIDTHS = _Widths(_GLYPHS)


def text_width(text: str) -> int:
    """Width of ``text`` in table type (9 pt Arial/Liberation Sans, bold-safe), in EMU."""
    units = sum(map(_WIDTHS.__getitem__, text))
    return int(units / 1000 * _TABLE_PT * 12700 * _BOLD_MARGIN)


def _widest_token(text: str) -> int:
    """The widest word; a long hyphenated word may break after its hyphens ("e1-|lenkung")."""
    words = text.split(" ")
    tokens = [part for word in words
              for part in (word.replace("-", "- ").split(" ") if len(word) > 12 else [word])]
    return max((text_width(token) for token in tokens), default=0)


def _grid(table: Table) -> list[list[CT_Tc]]:
    """The cells of each row, one per grid column.

    A table without spanned or merged cells has them as they are; otherwise python-docx works
    them out from the grid (slower: it builds a cell object per grid position).
    """
    tbl = table._tbl
    if _SPANS(tbl):
        return [[cell._tc for cell in row.cells] for row in table.rows]
    return [tr.tc_lst for tr in tbl.tr_lst]


# Compiled once: python-docx's ``xpath`` compiles its expression on every call.
_SPANS = etree.XPath("./w:tr/w:tc/w:tcPr/w:gridSpan | ./w:tr/w:tc/w:tcPr/w:vMerge",
                     namespaces=nsmap)
_TEXTS = etree.XPath(" | ".join(f"{run}/w:{part}" for run in ("w:r", "w:hyperlink/w:r")
                                for part in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")),
                     namespaces=nsmap)


def _cell_text(tc: CT_Tc) -> str:
    """The text of a cell as python-docx's ``_Cell.text`` gives it: paragraphs on lines.

    Each run's text elements as ``CT_R.text`` reads them (a tab as a tab, a break as a line).
    """
    return "\n".join("".join(map(str, cast(list[etree._Element], _TEXTS(p)))) for p in tc.p_lst)


def _apply_widths(table: Table, cells: list[list[CT_Tc]], widths: list[Emu]) -> None:
    """Each grid column and each cell gets its width."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, size in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(size.twips))
    for row in cells:
        set_widths(row, widths)
