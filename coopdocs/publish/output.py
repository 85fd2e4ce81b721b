"""Writing outputs: all of a command's files or none, and never a half-written file.

The documents of one command belong together (a Nachtrag without its redline misleads), so
``write_files`` first writes every file into a staging folder inside the output folder (the
same file system, so a rename moves a file without copying it), and only then renames each
into place. When anything fails, the files already renamed are taken back: one that replaced
an older file gets the older file back (kept as a hard link, or a copy, until the end), a new
one is removed. Readers see the old file or the whole new one, never a half one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coopdocs.errors import CoopdocsError, Location
from coopdocs.i18n import N_, _, translated

# What to do about a failed write, by its errno; the hint is printed under the message, in the
# language of the interface (``_hint``).
_SPACE = N_("free space on the disk (or choose another folder with -o), then run the command "
            "again")
_DENIED = N_("you may not write in this folder; choose another one with -o")
_HINTS = {
    errno.ENOSPC: _SPACE,
    errno.EDQUOT: _SPACE,
    errno.EFBIG: _SPACE,
    errno.EACCES: _DENIED,
    errno.EPERM: _DENIED,
    errno.EROFS: N_("the folder is on a read-only file system; choose another one with -o"),
    errno.EISDIR: N_("a folder has the name of this file; move or rename that folder"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder; choose another folder with -o"),
    errno.EEXIST: N_("a part of the path is a file, not a folder; choose another folder with -o"),
    errno.ENAMETOOLONG: N_("choose an output folder with a shorter path"),
}


def _hint(exc: OSError) -> str | None:
    """What to do about a failed write, in the language of the interface (None: no advice)."""
    hint = _HINTS.get(exc.errno or 0)
    return translated(hint) if hint else None


def make_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed; a located error when it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CoopdocsError(_("cannot create the output folder: {reason}").format(
            reason=_reason(exc)), Location(folder), _hint(exc)) from exc
    return folder


def writable_folder(folder: Path) -> Path:
    """``make_folder``, then make sure files can be written there (before a long build)."""
    make_folder(folder)
    probe = _staging_folder(folder)
    with contextlib.suppress(OSError):
        probe.rmdir()
    return folder


def write_files(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write each (name, bytes) into ``folder``: all of them, or none (and the old files stay).

    Raises a located CoopdocsError that says nothing was written.
    """
    make_folder(folder)
    if not files:
        return []
    staging = _staging_folder(folder)
    commit = _Commit(staging)
    try:
        staged = [_stage(staging, name, data) for name, data in files]
        return [commit.move(path, folder / path.name) for path in staged]
    except OSError as exc:
        problems = commit.undo()
        raise _write_error(exc, folder, problems) from exc
    except BaseException:  # an interrupt (Ctrl-C, SIGTERM) takes back what was moved, too
        commit.undo()
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _staging_folder(folder: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=".coopdocs-", suffix=".tmp", dir=folder))
    except OSError as exc:
        raise CoopdocsError(_("cannot write in the output folder: {reason}; nothing was "
                              "written").format(reason=_reason(exc)),
                            Location(folder), _hint(exc)) from exc


def _stage(staging: Path, name: str, data: bytes) -> Path:
    path = staging / name
    try:
        _write_new(path, data)
    except OSError as exc:
        exc.filename = name  # the file the user knows, not its staged copy
        raise
    return path


def _write_new(path: Path, data: bytes) -> None:
    """Write a new file (the one place a file's bytes are written; tests make it fail)."""
    with path.open("xb") as stream:
        stream.write(data)
    os.chmod(path, 0o644)


@dataclass
class _Commit:
    """The files moved into place so far, and how to take each back."""

    staging: Path
    # (target, the older file kept in the staging folder, or None when the target was new)
    moved: list[tuple[Path, Path | None]] = field(default_factory=list)

    def move(self, staged: Path, target: Path) -> Path:
        """Rename ``staged`` onto ``target``, keeping an older file there to restore."""
        kept = None
        try:
            kept = self._keep(target)
            os.replace(staged, target)
        except OSError as exc:
            exc.filename = str(target)
            if kept is not None:
                kept.unlink(missing_ok=True)
            raise
        self.moved.append((target, kept))
        return target

    def _keep(self, target: Path) -> Path | None:
        """A hard link (or copy) of the file at ``target``, None when there is none."""
        if not (target.is_symlink() or target.is_file()):
            return None  # nothing there, or a folder: the rename itself will say so
        kept = self.staging / f".old-{len(self.moved)}"
        try:
            os.link(target, kept, follow_symlinks=False)
        except OSError:  # a file system without hard links
            shutil.copy2(target, kept, follow_symlinks=False)
        return kept

    def undo(self) -> list[Path]:
        """Take back every move, newest first; the targets that could not be restored."""
        problems = []
        for target, kept in reversed(self.moved):
            try:
                if kept is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(kept, target)
            except OSError:
                problems.append(target)
        self.moved.clear()
        return problems


def _write_error(exc: OSError, folder: Path, problems: Sequence[Path]) -> CoopdocsError:
    """The message for a failed write: which file, why, and that nothing was written."""
    where = Location(folder / Path(exc.filename).name) if exc.filename else Location(folder)
    if problems:
        names = ", ".join(str(path) for path in problems)
        return CoopdocsError(_("cannot write the file: {reason}; the files written before it "
                               "could not all be taken back: {files}").format(
                                   reason=_reason(exc), files=names), where, _hint(exc))
    return CoopdocsError(_("cannot write the file: {reason}; nothing was written").format(
        reason=_reason(exc)), where, _hint(exc))


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    ``data`` may come in pieces (a large manifest), which are written as they come. A failure
    leaves the old file as it was and raises a located CoopdocsError.
    """
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                stream.writelines(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        raise CoopdocsError(_("cannot write the file: {reason}; nothing was written").format(
            reason=_reason(exc)), Location(path), _hint(exc)) from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # gone after the rename; left over after a failure
    return path
