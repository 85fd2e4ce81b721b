"""Word rendering: the only module that imports docxtpl.

Templates render in Jinja's immutable sandbox (``sandbox.PlainDataSandbox``) with autoescape and
``StrictUndefined``, and a plain-data context (tech-notes §1): ``Müller & Söhne <GmbH>`` and
``{{ 7*7 }}`` in the data appear literally. Core properties are set after rendering (autoescape
would double-escape them), table columns are sized to their content, and the zip is written with
fixed metadata so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, cast

import jinja2
from docx.document import Document as DocumentObject
from docx.opc.packuri import PackURI
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter
from docx.oxml.ns import nsmap, qn
from docx.oxml.table import CT_Tc
from docx.shared import Cm, Emu
from docx.table import Table
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from lxml import etree
from lxml.etree import SubElement

from coopdocs.clauses.sandbox import PlainDataSandbox
from coopdocs.errors import Location, TemplateError
from coopdocs.fmt import fold_whitespace
from coopdocs.model.document import Block, Properties
from coopdocs.render.blocks import BODY_ANCHOR, insert_blocks, set_widths

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
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


def render_docx(template: Path, context: Mapping[str, Any], properties: Properties,
                blocks: Sequence[Block] = (),
                post: Callable[[DocumentObject], None] | None = None) -> bytes:
    """Render ``template`` with ``context``; return reproducible .docx bytes.

    ``blocks`` (a report's body) replace the paragraph where the template prints ``{{ body }}``;
    ``post`` finishes the rendered document (the redline's tracked changes).
    """
    env = _environment()
    document = _Template(str(template))
    try:
        document.render(plain({**context, "body": BODY_ANCHOR}), jinja_env=env)
    except (jinja2.TemplateError, KeyError, ValueError) as exc:
        raise TemplateError(f"cannot render the Word template: {exc}", Location(template)) from exc
    docx = document.docx
    _set_properties(docx, properties)
    later = {rows.table: rows for rows in insert_blocks(docx, blocks, template)} if blocks \
        else {}
    width = _text_width(docx)
    rows_xml: dict[bytes, Iterable[bytes]] = {}
    for table in docx.tables:
        rows = later.get(table._tbl)
        widths = fit_columns(table, width, rows.texts if rows else ())
        if rows:
            rows_xml[rows.marker] = rows.xml(widths)
    if post is not None:
        post(docx)
    return save_reproducible(docx, rows_xml)


_W_BODY = qn("w:body")


class _CachingEnvironment(PlainDataSandbox):
    """The sandbox for Word templates, keeping every compiled template part.

    A template's XML is the same for every document, and compiling it costs more than rendering
    it (tech-notes §1.12); the data differs only in the context.
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> jinja2.Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) > 256:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


@cache
def _environment() -> _CachingEnvironment:
    return _CachingEnvironment()


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl with its XML clean-up (patch_xml, a series of regexes) done once per part."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched(src_xml)

    def map_tree(self, tree: etree._Element) -> None:
        """Put the rendered body's content into a body element that python-docx made.

        docxtpl parses the rendered body with a plain lxml parser and puts that element into the
        document. While anything still holds it, lxml hands out that plain element for the body
        instead of python-docx's ``CT_Body``, and ``docx.tables`` fails (``tbl_lst``); Dask's
        sampling profiler holds the frames of running tasks, so on a Dask worker this happened
        now and then.
        """
        root = self.docx.element
        body = SubElement(root, _W_BODY)  # made in place, so of python-docx's class
        body.attrib.update(tree.attrib)
        body.extend(list(tree))
        root.replace(root.find(_W_BODY), body)  # the first body is the template's

    def resolve_listing(self, xml: str) -> str:
        """Resolve docxtpl's tab, break and page-break characters in text, when there are any.

        Its regexes visit every run of the document, and our data never has these characters
        (``plain`` folds whitespace), so a look for the characters, then for them inside a text
        element, usually shows there is nothing to do.
        """
        if not any(char in xml for char in "\t\a\n\f") or _LISTING.search(xml) is None:
            return xml
        resolved: str = super().resolve_listing(xml)
        return resolved


_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


@lru_cache(maxsize=256)
def _patched(src_xml: str) -> str:
    patched: str = DocxTemplate.patch_xml(None, src_xml)
    return patched


def plain(value: Any) -> Any:
    """Fold whitespace in every string: data must not add line breaks or tabs to the layout."""
    if type(value) is str:
        return fold_whitespace(value)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, str):  # a subclass of str, rarely
        return fold_whitespace(value)
    return value


def _set_properties(docx: DocumentObject, properties: Properties) -> None:
    moment = datetime.datetime.combine(properties.created, datetime.time(12, 0))
    core = docx.core_properties
    core.title = properties.title
    core.subject = properties.subject
    core.author = properties.author
    core.keywords = properties.keywords
    core.language = properties.language
    core.category = properties.category
    core.comments = ""
    core.last_modified_by = "coopdocs"
    core.revision = 1
    core.created = moment
    core.modified = moment


def _text_width(docx: DocumentObject) -> Emu:
    section = docx.sections[0]
    margins = (section.left_margin or 0) + (section.right_margin or 0)
    return Emu(int((section.page_width or 0) - margins))


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


def save_reproducible(docx: DocumentObject, rows: Mapping[bytes, Iterable[bytes]] | None = None
                      ) -> bytes:
    """The .docx bytes with fixed zip timestamps: equal documents give equal bytes.

    The steps of python-docx's ``OpcPackage.save`` with a zip writer of our own, instead of
    saving and then rewriting the zip (which compresses every part twice). ``rows`` are table
    rows to write where the main document has their marker (``LaterRows``).
    """
    package = docx.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    zipped = _ReproducibleZip(buffer, docx.part.partname, rows or {})
    writer = cast(PhysPkgWriter, zipped)  # python-docx's factory class cannot be subclassed
    PackageWriter._write_content_types_stream(writer, parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(writer, package.rels)  # type: ignore[no-untyped-call]
    PackageWriter._write_parts(writer, parts)
    zipped.close()
    return buffer.getvalue()


class _ReproducibleZip:
    """python-docx's physical package writer, with a fixed date and attributes per entry.

    The main document is streamed into the zip with the rows that go at each marker.
    """

    def __init__(self, stream: io.BytesIO, main: PackURI,
                 rows: Mapping[bytes, Iterable[bytes]]) -> None:
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self._main = main
        self._rows = rows

    def write(self, uri: PackURI, blob: bytes) -> None:
        if uri != self._main or not self._rows:
            self._zip.writestr(_entry(uri.membername), blob)
            return
        with self._zip.open(_entry(uri.membername), "w") as entry:
            for piece in _MARKER.split(blob):
                if piece in self._rows:
                    for row in self._rows[piece]:
                        entry.write(row)
                else:
                    entry.write(piece)

    def close(self) -> None:
        self._zip.close()


_MARKER = re.compile(rb"(<!--coopdocs:rows:\d+-->)")


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o600 << 16
    entry.create_system = 0
    return entry

