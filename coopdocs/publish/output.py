"""Writing outputs: atomically, so a failed build never leaves a partial file behind."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from coopdocs.errors import CoopdocsError, Location


def write_files(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write each (name, bytes) into ``folder`` via a temporary file and a rename."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CoopdocsError(f"cannot create the output folder: {exc.strerror}",
                            Location(folder)) from exc
    return [write_atomic(folder / name, data) for name, data in files]


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    ``data`` may come in pieces (a large manifest), which are written as they come.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                stream.writelines(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CoopdocsError(f"cannot write the file: {exc.strerror}", Location(path)) from exc
    return path
