"""PDF output: LibreOffice converts the .docx files, many per start, one profile per worker.

Measured in ../shared/design/tech-notes.md §2: one soffice start costs about 0.9 s, a further
file in the same start about 0.1 s; two processes sharing a profile lose files silently. So the
files are split into one batch per worker, every worker runs one ``soffice --convert-to`` for its
whole batch with a private, locked profile, and every expected PDF is checked afterwards (the
exit code of soffice is not reliable). A batch that times out or misses files is run once more
for the missing ones; then the conversion fails with exit 3 and nothing is written.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from coopdocs.errors import ExternalToolError

INSTALL_HINT = ("install LibreOffice Writer and the fonts the templates use: 'bash setup.sh "
                "samples' does it, or on Debian 'apt-get install libreoffice-writer-nogui "
                "fonts-liberation2 fonts-crosextra-carlito'")

# Seconds one soffice start may take: a fixed start-up allowance plus a per-file allowance.
START_SECONDS = 60.0
FILE_SECONDS = 20.0


@dataclass(frozen=True)
class PdfOptions:
    """How LibreOffice exports: always tagged with bookmarks; PDF/A-2b on request."""

    pdfa: bool = False

    def filter(self) -> str:
        """The ``--convert-to`` argument (the JSON form; LibreOffice ignores the legacy form)."""
        options = {
            "UseTaggedPDF": {"type": "boolean", "value": "true"},
            "ExportBookmarks": {"type": "boolean", "value": "true"},
        }
        if self.pdfa:
            options["SelectPdfVersion"] = {"type": "long", "value": "2"}
        return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def soffice() -> str:
    """The LibreOffice executable; exit 3 with what to install when there is none."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise ExternalToolError(f"PDF output needs LibreOffice, which is not installed; "
                                f"{INSTALL_HINT}")
    return found


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def in_formats(files: Sequence[tuple[str, bytes]], fmt: str, options: PdfOptions
               ) -> list[tuple[str, bytes]]:
    """The .docx files for ``docx``, their PDFs for ``pdf``, both for ``all``.

    The PDFs are made before anything is written, so a failed conversion writes nothing.
    """
    pdfs = to_pdf(files, options) if fmt in ("pdf", "all") else []
    return [*(files if fmt in ("docx", "all") else []), *pdfs]


def to_pdf(files: Sequence[tuple[str, bytes]], options: PdfOptions, *,
           workers: int | None = None) -> list[tuple[str, bytes]]:
    """(name.pdf, bytes) for every (name.docx, bytes), converted together."""
    if not files:
        return []
    with tempfile.TemporaryDirectory(prefix="coopdocs-pdf-") as temporary:
        source, target = Path(temporary, "docx"), Path(temporary, "pdf")
        source.mkdir()
        target.mkdir()
        paths = []
        for name, data in files:
            path = source / name
            path.write_bytes(data)
            paths.append(path)
        pdfs = convert(paths, target, options, workers=workers)
        return [(pdf.name, pdf.read_bytes()) for pdf in pdfs]


def convert(docx_files: Sequence[Path], outdir: Path, options: PdfOptions, *,
            workers: int | None = None) -> list[Path]:
    """Convert the files into ``outdir``; the PDFs in the order of ``docx_files``."""
    executable = soffice()
    count = max(1, min(workers or default_workers(), len(docx_files)))
    batches = [list(docx_files[i::count]) for i in range(count)]
    with ThreadPoolExecutor(count) as pool:
        list(pool.map(lambda batch: _convert_batch(executable, batch, outdir, options), batches))
    return [outdir / f"{path.stem}.pdf" for path in docx_files]


def _convert_batch(executable: str, batch: list[Path], outdir: Path, options: PdfOptions
                   ) -> None:
    with _profile() as profile:
        missing = batch
        failure = ""
        for _attempt in range(2):
            failure = _run(executable, profile, missing, outdir, options)
            missing = [p for p in missing if not _is_pdf(outdir / f"{p.stem}.pdf")]
            if not missing:
                return
    names = ", ".join(p.name for p in missing)
    raise ExternalToolError(f"LibreOffice did not convert {names} to PDF{failure}; check that "
                            f"the files open in LibreOffice, or {INSTALL_HINT}")


def _run(executable: str, profile: Path, files: list[Path], outdir: Path,
         options: PdfOptions) -> str:
    """Run one soffice for ``files``; a short description of a failure, "" when it ran."""
    command = [executable, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nologo", "--convert-to", options.filter(),
               "--outdir", str(outdir), *map(str, files)]
    timeout = START_SECONDS + FILE_SECONDS * len(files)
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f" (it took longer than {timeout:.0f} s)"
    except OSError as exc:
        return f" ({exc.strerror})"
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        return f" (exit {result.returncode}{': ' + detail[0] if detail else ''})"
    return ""


def _is_pdf(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size == 0:
        return False
    with path.open("rb") as stream:
        return stream.read(5) == b"%PDF-"


@contextlib.contextmanager
def _profile() -> Iterator[Path]:
    """A LibreOffice profile no other process uses right now, kept warm between runs.

    Profiles live in the user's cache folder, one per slot; a slot is taken with an exclusive
    lock, so concurrent coopdocs processes and workers never share one.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "coopdocs"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        cache = Path(tempfile.gettempdir()) / f"coopdocs-{os.getuid()}"
        cache.mkdir(parents=True, exist_ok=True)
    slot = 0
    while True:
        lock = (cache / f"lo-profile-{slot}.lock").open("w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            slot += 1
            continue
        try:
            yield cache / f"lo-profile-{slot}"
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
        return
