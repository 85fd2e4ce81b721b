"""Ask LibreOffice for the text of a .docx with all tracked changes accepted and all rejected.

Run with the SYSTEM Python, which has LibreOffice's ``uno`` module (Debian: python3-uno); the
project venv has no ``uno``::

    /usr/bin/python3 tests/tools/lo_redline.py FILE.docx OUT.json [--timeout SECONDS]

It starts its own headless ``soffice`` with a private user profile in a temporary directory,
listening on a private pipe, loads a copy of the document (in that directory, so no lock file
ever appears next to FILE.docx) hidden and writes OUT.json::

    {
      "redlines": 3,                    # tracked changes LibreOffice sees in the document
      "redline_details": [              # one per redline, in LibreOffice's order
        {"type": "Insert", "author": "coopdocs", "date": "2026-10-15T00:00:00",
         "comment": "", "text": "45"}, ...],
      "accepted": ["paragraph", "cell | cell", ...],   # body after .uno:AcceptAllTrackedChanges
      "rejected": [...]                                # body after .uno:RejectAllTrackedChanges
    }

Body text: one string per top-level paragraph of the main text, in document order, exactly as
LibreOffice reports it (empty paragraphs included as ""). A table contributes one string per
row: the row's cells left to right, joined with " | "; a cell's own paragraphs are joined with
"\\n" (LibreOffice's cell string). Headers, footers, footnotes, frames and shapes are not
included. "text" in a detail is the redline's range as a string (best effort, null when
LibreOffice cannot give one, e.g. for a table-row change).

Exit status 0 on success; on any failure a one-line "lo_redline: ..." message on stderr and
exit status 1 (2 for bad arguments). soffice is always shut down (terminated through UNO,
killed when it hangs) and the temporary profile is always removed. A watchdog kills soffice
when the whole run exceeds --timeout (default 150 s), so no UNO call can hang forever.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]  # system python3-uno, invisible to the venv

CONNECT_TIMEOUT = 60.0
SHUTDOWN_TIMEOUT = 20.0
DEFAULT_TIMEOUT = 150.0
CELL_NAME = re.compile(r"([A-Z]+)(\d+)(.*)")


class RedlineToolError(Exception):
    """A failure with a message meant for the user."""


def prop(name: str, value: object) -> Any:
    pv = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    pv.Name = name
    pv.Value = value
    return pv


def find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise RedlineToolError("LibreOffice (soffice) is not on PATH")


class Office:
    """A private headless soffice: its own profile, its own pipe, one UNO connection."""

    def __init__(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="lo_redline_"))
        self.pipe = f"coopdocs_lo_redline_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        self.process: subprocess.Popen[bytes] | None = None
        self.context: Any = None
        self.desktop: Any = None

    def start(self) -> None:
        profile = (self.workdir / "profile").as_uri()
        self.process = subprocess.Popen(
            [find_soffice(), "--headless", "--invisible", "--nologo", "--norestore",
             "--nodefault", "--nolockcheck", "--nofirststartwizard",
             f"-env:UserInstallation={profile}",
             f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.connect()

    def connect(self) -> None:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + CONNECT_TIMEOUT
        last_error = "no attempt"
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RedlineToolError(
                    f"soffice exited with status {self.process.returncode} before accepting "
                    "a connection")
            try:
                self.context = resolver.resolve(url)
            except Exception as error:  # NoConnectException until soffice listens
                last_error = str(error) or type(error).__name__
                time.sleep(0.1)
                continue
            self.desktop = self.context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", self.context)
            return
        raise RedlineToolError(
            f"could not connect to soffice within {CONNECT_TIMEOUT:.0f} s: {last_error}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def close(self) -> None:
        """Terminate the desktop, kill soffice if it hangs, remove the profile. Never raises."""
        try:
            if self.desktop is not None:
                # the bridge may go away before terminate() returns
                with contextlib.suppress(Exception):
                    self.desktop.terminate()
            if self.process is not None:
                try:
                    self.process.wait(timeout=SHUTDOWN_TIMEOUT)
                except subprocess.TimeoutExpired:
                    self.kill()
                    self.process.wait(timeout=SHUTDOWN_TIMEOUT)
                if self.process.poll() is None:
                    self.kill()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
            for socket in self.sockets():  # what a killed soffice leaves behind
                with contextlib.suppress(OSError):
                    socket.unlink(missing_ok=True)

    def sockets(self) -> list[Path]:
        """LibreOffice's pipe sockets in /tmp: ours, and the one for the profile.

        The profile's is named after the MD5 of the profile URL in UTF-16-LE, each byte in hex
        without zero padding (desktop/source/app/officeipcthread.cxx; checked on 7.4.7).
        """
        url = (self.workdir / "profile").as_uri()
        digest = hashlib.md5(url.encode("utf-16-le"), usedforsecurity=False).digest()
        names = (self.pipe, "SingleOfficeIPC_" + "".join(f"{byte:x}" for byte in digest))
        return [Path("/tmp", f"OSL_PIPE_{os.getuid()}_{name}") for name in names]

    def load(self, path: Path) -> Any:
        try:
            doc = self.desktop.loadComponentFromURL(
                path.resolve().as_uri(), "_blank", 0, (prop("Hidden", True),))
        except Exception as error:  # IllegalArgumentException for an unreadable file
            raise RedlineToolError(f"LibreOffice could not load it: {error}") from error
        if doc is None or not doc.supportsService("com.sun.star.text.TextDocument"):
            if doc is not None:
                doc.close(True)
            raise RedlineToolError("LibreOffice did not load it as a text document")
        return doc

    def dispatch(self, doc: Any, command: str) -> None:
        helper = self.context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.context)
        frame = doc.getCurrentController().getFrame()
        helper.executeDispatch(frame, command, "", 0, ())


def iso_date(value: Any) -> str | None:
    if value is None or not int(value.Year):
        return None
    return (f"{int(value.Year):04d}-{int(value.Month):02d}-{int(value.Day):02d}"
            f"T{int(value.Hours):02d}:{int(value.Minutes):02d}:{int(value.Seconds):02d}")


def redline_text(redline: Any) -> str | None:
    try:
        start = redline.getPropertyValue("RedlineStart")
        end = redline.getPropertyValue("RedlineEnd")
        cursor = start.getText().createTextCursorByRange(start)
        cursor.gotoRange(end, True)
        return str(cursor.getString())
    except Exception:
        return None


def redline_value(redline: Any, name: str) -> Any:
    try:
        return redline.getPropertyValue(name)
    except Exception:
        return None


def redlines(doc: Any) -> list[dict[str, object]]:
    details: list[dict[str, object]] = []
    enumeration = doc.getRedlines().createEnumeration()
    while enumeration.hasMoreElements():
        redline = enumeration.nextElement()
        comment = redline_value(redline, "RedlineComment")
        details.append({
            "type": str(redline_value(redline, "RedlineType")),
            "author": str(redline_value(redline, "RedlineAuthor") or ""),
            "date": iso_date(redline_value(redline, "RedlineDateTime")),
            "comment": str(comment) if comment else "",
            "text": redline_text(redline),
        })
    return details


def cell_order(name: str) -> tuple[int, int, str]:
    """Sort key for a cell name: row, column, sub-cell ("B2" → (2, 2, ""))."""
    match = CELL_NAME.fullmatch(name)
    if match is None:
        return (sys.maxsize, 0, name)
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return (int(match.group(2)), column, match.group(3))


def table_rows(table: Any) -> list[str]:
    rows: dict[int, list[tuple[tuple[int, int, str], str]]] = {}
    for name in table.getCellNames():
        key = cell_order(str(name))
        rows.setdefault(key[0], []).append((key, str(table.getCellByName(name).getString())))
    return [" | ".join(text for _, text in sorted(cells)) for _, cells in sorted(rows.items())]


def body_text(doc: Any) -> list[str]:
    out: list[str] = []
    enumeration = doc.getText().createEnumeration()
    while enumeration.hasMoreElements():
        element = enumeration.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            out.extend(table_rows(element))
        elif element.supportsService("com.sun.star.text.Paragraph"):
            out.append(str(element.getString()))
    return out


def resolved_text(office: Office, path: Path, command: str) -> list[str]:
    doc = office.load(path)
    try:
        office.dispatch(doc, command)
        left = len(redlines(doc))
        if left:
            raise RedlineToolError(f"{left} redline(s) left after {command}")
        return body_text(doc)
    finally:
        doc.close(True)


def run(office: Office, source: Path) -> dict[str, object]:
    # Work on a private copy: LibreOffice writes a lock file next to what it opens, and a
    # killed soffice leaves it behind, which makes every later load of that file fail.
    path = office.workdir / f"document{source.suffix}"
    try:
        shutil.copyfile(source, path)
        office.start()
        doc = office.load(path)
        try:
            details = redlines(doc)
        finally:
            doc.close(True)
        accepted = resolved_text(office, path, ".uno:AcceptAllTrackedChanges")
        rejected = resolved_text(office, path, ".uno:RejectAllTrackedChanges")
    finally:
        office.close()
    return {"redlines": len(details), "redline_details": details,
            "accepted": accepted, "rejected": rejected}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Accept-all / reject-all text of a .docx")
    parser.add_argument("docx", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="kill soffice after this many seconds in all (default 150)")
    args = parser.parse_args(argv)
    if not args.docx.is_file():
        print(f"lo_redline: no such file: {args.docx}", file=sys.stderr)
        return 2
    office = Office()
    expired = threading.Event()

    def watchdog() -> None:
        expired.set()
        office.kill()

    timer = threading.Timer(args.timeout, watchdog)
    timer.daemon = True
    timer.start()
    try:
        result = run(office, args.docx)
    except Exception as error:
        reason = f"timed out after {args.timeout:g} s" if expired.is_set() else str(error)
        print(f"lo_redline: {args.docx}: {reason or type(error).__name__}", file=sys.stderr)
        return 1
    finally:
        timer.cancel()
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
