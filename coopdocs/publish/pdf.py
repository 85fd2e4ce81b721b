"""PDF output: LibreOffice converts the .docx files, many per start, one profile per worker.

Measured in ../shared/design/tech-notes.md §2: one soffice start costs about 0.9 s, a further
file in the same start about 0.1 s; two processes sharing a profile lose files silently. So the
files are split into one batch per worker, every worker runs one ``soffice --convert-to`` for its
whole batch with a private, locked profile, and every expected PDF is checked afterwards (the
exit code of soffice is not reliable) by reading it with pypdf. A batch that times out or misses
files is run once more for the missing ones; then the conversion fails with exit 3 and nothing
is written. All of one conversion's runs share one deadline (``DEADLINE_SECONDS``), after which
the hanging soffice is killed with its process group.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from coopdocs.errors import ExternalToolError
from coopdocs.i18n import N_, _, translated

# Translated where it is shown.
INSTALL_HINT = N_("install LibreOffice Writer and the fonts the templates use: 'bash setup.sh "
                  "samples' does it, or on Debian 'apt-get install libreoffice-writer-nogui "
                  "fonts-liberation2 fonts-crosextra-carlito'")

# Seconds one soffice start may take: a fixed start-up allowance plus a per-file allowance.
START_SECONDS = 60.0
FILE_SECONDS = 20.0
# Seconds one conversion (every soffice start and retry of one ``convert`` call together) may
# take before LibreOffice is stopped and the conversion fails (exit 3): a hanging LibreOffice
# would otherwise be waited for twice the allowance above, half an hour for 48 documents. A
# batch group of 48 documents converts in well under a minute.
DEADLINE_SECONDS = 240.0
# Seconds to wait for a killed soffice to be gone.
_REAP_SECONDS = 10.0


class ConversionTimeout(ExternalToolError):
    """LibreOffice did not finish within ``DEADLINE_SECONDS`` and was stopped.

    Distinct from other failures: a caller that would convert the same files again in smaller
    groups (a batch isolating a document LibreOffice cannot convert) should not wait again.
    """


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
        raise ExternalToolError(_("PDF output needs LibreOffice, which is not installed; "
                                  "{install}").format(install=translated(INSTALL_HINT)))
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
    """Convert the files into ``outdir``; the PDFs in the order of ``docx_files``.

    All workers and their retries share one deadline, ``DEADLINE_SECONDS`` from now.
    """
    executable = soffice()
    count = max(1, min(workers or default_workers(), len(docx_files)))
    batches = [list(docx_files[i::count]) for i in range(count)]
    deadline = time.monotonic() + DEADLINE_SECONDS
    with ThreadPoolExecutor(count) as pool:
        undone = list(pool.map(
            lambda batch: _convert_batch(executable, batch, outdir, options, deadline), batches))
    _raise_undone([u for u in undone if u.files])
    return [outdir / f"{path.stem}.pdf" for path in docx_files]


@dataclass(frozen=True)
class _Undone:
    """What one worker left unconverted, and why (no files: it converted all of them)."""

    files: tuple[Path, ...] = ()
    failure: str = ""  # how the last soffice run failed, e.g. "exit 1: crashed"
    damaged: tuple[str, ...] = ()  # "name.pdf: what pypdf said" for a PDF that is broken
    out_of_time: bool = False


def _convert_batch(executable: str, batch: list[Path], outdir: Path, options: PdfOptions,
                   deadline: float) -> _Undone:
    with _profile() as profile:
        missing = batch
        failure, problems = "", dict[Path, str | None]()
        for _attempt in range(2):
            if time.monotonic() >= deadline:
                return _Undone(tuple(missing), failure, _damaged(problems), out_of_time=True)
            failure = _run(executable, profile, missing, outdir, options, deadline=deadline)
            problems = {p: _pdf_problem(outdir / f"{p.stem}.pdf") for p in missing}
            missing = [p for p in missing if problems[p]]
            if not missing:
                return _Undone()
    return _Undone(tuple(missing), failure, _damaged(problems),
                   out_of_time=time.monotonic() >= deadline)


def _damaged(problems: dict[Path, str | None]) -> tuple[str, ...]:
    return tuple(f"{path.stem}.pdf: {problem}" for path, problem in problems.items()
                 if problem and problem != _NOT_WRITTEN)


def _raise_undone(undone: Sequence[_Undone]) -> None:
    """One ExternalToolError naming every file that was not converted, with what to try."""
    if not undone:
        return
    names = ", ".join(path.name for u in undone for path in u.files)
    if any(u.out_of_time for u in undone):
        raise ConversionTimeout(
            _("LibreOffice did not convert {files} to PDF within {seconds} s and was stopped")
            .format(files=names, seconds=f"{DEADLINE_SECONDS:.0f}"),
            hint=_("LibreOffice may hang: close every LibreOffice window, end any 'soffice' "
                   "process that is left and try again; on a slow machine, convert fewer "
                   "documents at a time"))
    install = translated(INSTALL_HINT)
    damaged = [item for u in undone for item in u.damaged]
    if damaged:
        raise ExternalToolError(
            _("LibreOffice wrote a damaged PDF for {files} ({problems})").format(
                files=names, problems="; ".join(damaged)),
            hint=_("check that the files open in LibreOffice, or {install}").format(
                install=install))
    failure = next((u.failure for u in undone if u.failure), "")
    if failure:
        raise ExternalToolError(_("LibreOffice did not convert {files} to PDF ({failure}); check "
                                  "that the files open in LibreOffice, or {install}").format(
                                      files=names, failure=failure, install=install))
    raise ExternalToolError(_("LibreOffice did not convert {files} to PDF; check that the files "
                              "open in LibreOffice, or {install}").format(files=names,
                                                                          install=install))


def _run(executable: str, profile: Path, files: list[Path], outdir: Path,
         options: PdfOptions, *, deadline: float) -> str:
    """Run one soffice for ``files``; what went wrong ("exit 1: crashed"), "" when it ran.

    soffice runs in a process group of its own (its launcher starts ``soffice.bin``), so that
    when it takes too long the whole group is killed, not only the launcher.
    """
    command = [executable, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nologo", "--convert-to", options.filter(),
               "--outdir", str(outdir), *map(str, files)]
    timeout = min(START_SECONDS + FILE_SECONDS * len(files), deadline - time.monotonic())
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        return str(exc.strerror)
    try:
        _output, stderr = process.communicate(timeout=max(timeout, 0.0))
    except subprocess.TimeoutExpired:
        return _("it took longer than {seconds} s").format(seconds=f"{timeout:.0f}")
    finally:
        _stop(process)
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        if detail:
            return _("exit {code}: {detail}").format(code=process.returncode, detail=detail[0])
        return _("exit {code}").format(code=process.returncode)
    return ""


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill the process group of a soffice that has not ended (a timeout, an interrupt)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=_REAP_SECONDS)


_NOT_WRITTEN = "not written"


def _pdf_problem(path: Path) -> str | None:
    """What is wrong with the PDF at ``path``; None when pypdf reads it and it has pages.

    soffice's exit code says little, and a converter that stops half-way can leave a file that
    starts like a PDF and is not one; reading the page tree is cheap and finds that.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return _NOT_WRITTEN
    with path.open("rb") as stream:
        if stream.read(5) != b"%PDF-":
            return _("not a PDF file")
    try:
        with _quiet_pypdf():
            pages = len(PdfReader(path, strict=False).pages)
    except Exception as exc:  # whatever pypdf fails on, the file is broken
        return str(exc) or type(exc).__name__
    return None if pages else _("it has no pages")


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's warnings about a broken file (logged) from this thread off the console.

    The file is reported as damaged anyway; other threads' pypdf messages pass.
    """
    thread = threading.get_ident()

    def other_threads(record: logging.LogRecord) -> bool:
        return record.thread != thread

    logger = logging.getLogger("pypdf")
    logger.addFilter(other_threads)
    try:
        yield
    finally:
        logger.removeFilter(other_threads)


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
