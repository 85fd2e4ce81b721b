"""The bundle: every PDF of a batch run in one file (pypdf).

A bookmark per document nested under its cooperation, page labels that restart per document,
and the network's metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle


@dataclass(frozen=True)
class Group:
    """The PDFs of one cooperation, in reading order: (name, bytes)."""

    title: str
    label: str
    pdfs: tuple[tuple[str, bytes], ...]


def bundle(groups: Sequence[Group], *, title: str, author: str, subject: str) -> bytes:
    """One PDF: for each group a bookmark with one child bookmark per document."""
    writer = PdfWriter()
    for group in groups:
        parent = None
        for name, data in group.pdfs:
            reader = PdfReader(io.BytesIO(data))
            start = len(writer.pages)
            for page in reader.pages:
                writer.add_page(page)
            if parent is None:
                parent = writer.add_outline_item(title=group.title, page_number=start)
            document = str(reader.metadata.title) if reader.metadata and reader.metadata.title \
                else name
            writer.add_outline_item(title=document, page_number=start, parent=parent)
            writer.set_page_label(start, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL,
                                  prefix=f"{group.label} {_short(name)} ")
    writer.add_metadata({"/Title": title, "/Author": author, "/Subject": subject,
                         "/Creator": "coopdocs"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _short(name: str) -> str:
    """"big-3dmp-nachtrag-2.pdf" → "nachtrag-2" (the document part of the file name)."""
    stem = name.rsplit(".", 1)[0]
    parts = stem.split("-")
    tail = [p for p in parts[-2:] if p]
    return "-".join(tail) if tail[-1].isdigit() else tail[-1]
