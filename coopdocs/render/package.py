"""The .docx package written reproducibly: equal documents give equal bytes.

python-docx stamps each zip entry with the time of saving. ``save_reproducible`` takes the steps
of python-docx's ``OpcPackage.save`` with a zip writer of our own, which gives every entry a fixed
date and fixed attributes, and streams the rows of large report tables (``LaterRows``) into the
main document at their markers. It leans on python-docx internals (``PackageWriter``'s private
steps, the physical writer's interface), which are kept here, apart from the rendering; the
template generator (tools/make_templates.py) saves the templates with it too.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import cast

from docx.document import Document as DocumentObject
from docx.opc.packuri import PackURI
from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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
