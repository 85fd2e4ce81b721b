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
import re
import zipfile
from collections.abc import Mapping
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

from coopdocs.docmodel import Properties
from coopdocs.errors import Location, TemplateError

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")  # not \s: keep no-break spaces (250.000,00 €)
_MIN_WEIGHT, _MAX_WEIGHT = 4, 42


def render_docx(template: Path, context: Mapping[str, Any], properties: Properties) -> bytes:
    """Render ``template`` with ``context``; return reproducible .docx bytes."""
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    document = DocxTemplate(str(template))
    try:
        document.render(plain(context), jinja_env=env)
    except (jinja2.TemplateError, KeyError, ValueError) as exc:
        raise TemplateError(f"cannot render the Word template: {exc}", Location(template)) from exc
    docx = document.docx
    _set_properties(docx, properties)
    for table in docx.tables:
        fit_columns(table, _text_width(docx))
    buffer = io.BytesIO()
    docx.save(buffer)
    return normalize_zip(buffer.getvalue())


def plain(value: Any) -> Any:
    """Fold whitespace in every string: data must not add line breaks or tabs to the layout."""
    if isinstance(value, str):
        return _WHITESPACE.sub(" ", value).strip()
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
    core.category = properties.title.split(" ")[0]
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
    """Give each column a share of ``width`` by the longest text in it (within bounds)."""
    rows = table.rows
    if not rows:
        return
    columns = len(rows[0].cells)
    weights = [_MIN_WEIGHT] * columns
    for row in rows:
        for i, cell in enumerate(row.cells[:columns]):
            longest = max((len(word) * 2 for word in cell.text.split()), default=0)
            weights[i] = max(weights[i], min(_MAX_WEIGHT, max(len(cell.text) // 3, longest)))
    total = sum(weights)
    widths = [Emu(int(width * w / total)) for w in weights]
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, size in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(size.twips)))
    for row in rows:
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
