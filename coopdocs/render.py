"""Word rendering: the only module that imports docxtpl.

Templates render in ``ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)``
with a plain-data context (tech-notes §1): ``Müller & Söhne <GmbH>`` and ``{{ 7*7 }}`` in the data
appear literally. Core properties are set after rendering (autoescape would double-escape them),
table columns are sized to their content, and the zip is rewritten with fixed metadata so the
same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.table import Table
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coopdocs.docmodel import Block, Properties
from coopdocs.errors import Location, TemplateError
from coopdocs.fmt import fold_whitespace
from coopdocs.render_blocks import BODY_ANCHOR, insert_blocks

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CHAR_WIDTH = 110_000  # EMU per character of 9 pt table text, a little generous
_PADDING = 2  # characters of cell margin


def render_docx(template: Path, context: Mapping[str, Any], properties: Properties,
                blocks: Sequence[Block] = ()) -> bytes:
    """Render ``template`` with ``context``; return reproducible .docx bytes.

    ``blocks`` (a report's body) replace the paragraph where the template prints ``{{ body }}``.
    """
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    document = DocxTemplate(str(template))
    try:
        document.render(plain({**context, "body": BODY_ANCHOR}), jinja_env=env)
    except (jinja2.TemplateError, KeyError, ValueError) as exc:
        raise TemplateError(f"cannot render the Word template: {exc}", Location(template)) from exc
    docx = document.docx
    _set_properties(docx, properties)
    if blocks:
        insert_blocks(docx, blocks, template)
    for table in docx.tables:
        fit_columns(table, _text_width(docx))
    buffer = io.BytesIO()
    docx.save(buffer)
    return normalize_zip(buffer.getvalue())


def plain(value: Any) -> Any:
    """Fold whitespace in every string: data must not add line breaks or tabs to the layout."""
    if isinstance(value, str):
        return fold_whitespace(value)
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
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


def fit_columns(table: Table, width: Emu) -> None:
    """Size the columns of ``table`` to their content.

    Each column first gets its longest unbreakable token (split at ordinary spaces only, so
    "400,00 €" stays whole), then the spare width in proportion to how much longer its texts are.
    """
    rows = table.rows
    if not rows:
        return
    columns = list(zip(*([cell.text for cell in row.cells] for row in rows), strict=False))
    need = [max(_longest_token(text) for text in column) + _PADDING for column in columns]
    want = [max(len(text) for text in column) + _PADDING for column in columns]
    capacity = width / _CHAR_WIDTH
    spare = max(0.0, capacity - sum(need))
    extra = [w - n for w, n in zip(want, need, strict=True)]
    shares = [n + spare * e / (sum(extra) or 1) for n, e in zip(need, extra, strict=True)]
    widths = [Emu(int(width * share / sum(shares))) for share in shares]
    _apply_widths(table, widths)


def _longest_token(text: str) -> int:
    return max((len(token) for token in text.split(" ")), default=0)


def _apply_widths(table: Table, widths: list[Emu]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, size in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(size.twips)))
    for row in table.rows:
        for cell, size in zip(row.cells, widths, strict=False):
            cell.width = size


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a .docx zip with fixed timestamps and attributes, keeping the entry order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
