"""A plain-text view of a .docx: one line per paragraph (with its style) and per table row.

Golden tests compare these views with checked-in files, so a reviewer sees every change of
wording, numbering or structure as a readable diff.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def text_view(path: Path) -> str:
    """Header, body (paragraphs and table rows in order), footer and core properties."""
    document = docx.Document(str(path))
    lines = [f"header: {_header(document)}"]
    lines.extend(_body(document))
    lines.append(f"footer: {document.sections[0].footer.paragraphs[0].text}")
    props = document.core_properties
    lines.append(f"properties: title={props.title!r} author={props.author!r} "
                 f"subject={props.subject!r} keywords={props.keywords!r}")
    return "\n".join(lines) + "\n"


def _header(document: DocumentObject) -> str:
    return " / ".join(p.text for p in document.sections[0].header.paragraphs)


def _body(document: DocumentObject) -> Iterator[str]:
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            if paragraph.text.strip():
                style = paragraph.style.name if paragraph.style is not None else "?"
                yield f"[{style}] {paragraph.text.replace(chr(9), ' ')}"
        elif element.tag == qn("w:tbl"):
            for row in Table(element, document).rows:
                yield "| " + " | ".join(cell.text for cell in row.cells) + " |"
