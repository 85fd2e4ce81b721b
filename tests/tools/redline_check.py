"""Check Word tracked changes with LibreOffice, from pytest (the venv python).

``libreoffice_redline(path)`` runs ``lo_redline.py`` (next to this file) with the system
python, which has LibreOffice's ``uno`` module, and returns what LibreOffice sees: the number
of redlines, their details, and the body text with all changes accepted and all rejected (one
string per paragraph, one per table row with cells joined by " | "; see lo_redline.py).
``uno_available()`` says whether that can work here. ``normalized()`` is the usual way to
compare the texts: whitespace folded, empty paragraphs dropped.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().with_name("lo_redline.py")
SYSTEM_PYTHON = Path(os.environ.get("COOPDOCS_UNO_PYTHON", "/usr/bin/python3"))
TIMEOUT = 180.0
# The venv's settings must not leak into the system python.
_VENV_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")


class RedlineCheckError(RuntimeError):
    """LibreOffice could not give the accepted and rejected text of a document."""


@dataclass(frozen=True)
class RedlineResult:
    redlines: int
    accepted: list[str]
    rejected: list[str]
    details: list[dict[str, Any]]


def _environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in _VENV_VARIABLES}


@functools.cache
def uno_available() -> bool:
    """True when soffice is on PATH and the system python can import uno."""
    if shutil.which("soffice") is None or not SYSTEM_PYTHON.is_file():
        return False
    try:
        probe = subprocess.run([str(SYSTEM_PYTHON), "-c", "import uno"], env=_environment(),
                               capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def _strings(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RedlineCheckError(f"lo_redline.py: {key!r} is not a list of strings")
    return list(value)


def libreoffice_redline(path: Path) -> RedlineResult:
    """Redline count, details, accept-all and reject-all body text of a .docx."""
    with tempfile.TemporaryDirectory(prefix="redline_check_") as tmp:
        out = Path(tmp) / "result.json"
        command = [str(SYSTEM_PYTHON), str(SCRIPT), str(Path(path).resolve()), str(out)]
        try:
            done = subprocess.run(command, env=_environment(), capture_output=True, text=True,
                                  timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as error:
            raise RedlineCheckError(f"lo_redline.py timed out after {TIMEOUT:.0f} s on {path}"
                                    ) from error
        if done.returncode != 0 or not out.is_file():
            message = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
            raise RedlineCheckError(message)
        data = json.loads(out.read_text(encoding="utf-8"))
    details = data.get("redline_details")
    if not isinstance(data.get("redlines"), int) or not isinstance(details, list):
        raise RedlineCheckError("lo_redline.py wrote an unexpected result")
    return RedlineResult(redlines=data["redlines"], accepted=_strings(data["accepted"], "accepted"),
                         rejected=_strings(data["rejected"], "rejected"),
                         details=[dict(item) for item in details])


def normalized(texts: Iterable[str]) -> list[str]:
    """Whitespace (including no-break spaces and newlines) folded to one space; empties dropped."""
    folded = (re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip() for text in texts)
    return [text for text in folded if text]
