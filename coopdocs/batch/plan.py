"""What a batch job is: one cooperation to build, with the digest of everything it depends on.

A job is plain, picklable data, so it may run in another process or on another host; its
outcome is the files it built or the messages why it could not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopdocs import __version__
from coopdocs.check.validate import Member
from coopdocs.i18n import language
from coopdocs.resources import resource_dir


@dataclass(frozen=True)
class Job:
    """Build one cooperation. Plain, picklable data: it may run in another process or host.

    ``language`` is the interface's, for the messages of a job that fails: a worker on another
    host (or started afresh) does not share the coordinator's choice. ``words`` is the
    network's, for the words of the cooperation's deadlines in its summary (the network
    report's language).
    """

    member: Member
    templates: Path | None
    clauses: Path | None
    digest: str
    language: str = "en"
    words: str = "de"


@dataclass(frozen=True)
class Outcome:
    """What a job gives back: the files it built, or the messages why it could not."""

    member: Member
    digest: str
    coop_id: str = ""
    files: tuple[tuple[str, bytes], ...] = ()
    messages: tuple[str, ...] = ()
    title: str = ""
    summary: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.messages


def digest_files(paths: Iterable[Path]) -> str:
    """SHA-256 over the names and contents of ``paths``, in order.

    A file that cannot be read counts with its error, so its job is not taken for unchanged
    and fails when it runs, with a located message, instead of stopping the whole batch here.
    """
    hasher = hashlib.sha256()
    for path in paths:
        hasher.update(str(path.name).encode())
        try:
            hasher.update(path.read_bytes())
        except OSError as exc:
            hasher.update(f"unreadable: {exc.errno}".encode())
    return hasher.hexdigest()


def tree_digest(folder: Path) -> str:
    """SHA-256 over every file of a folder (templates, clause library), by relative path."""
    hasher = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hasher.update(str(path.relative_to(folder)).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def shared_digest(templates: Path | None, clauses: Path | None, fmt: str, pdf: str) -> str:
    """What every document of a run depends on besides its own inputs, as one text.

    The version, the format, the PDF options (``pdf``, for pdf and all), the shipped templates,
    clauses and schemas, and the own templates and clauses.
    """
    return "|".join([__version__, fmt if fmt == "docx" else f"{fmt} {pdf}",
                     tree_digest(resource_dir("templates")), tree_digest(resource_dir("clauses")),
                     tree_digest(resource_dir("schemas")),
                     tree_digest(templates) if templates else "",
                     tree_digest(clauses) if clauses else ""])


def plan(members: Sequence[Member], templates: Path | None, clauses: Path | None,
         shared: str, words: str = "de") -> list[Job]:
    """One job per cooperation, with the digest of everything its documents depend on.

    ``shared`` is what all of them depend on (``shared_digest``); ``words`` the network's
    language, which the summary's deadlines are worded in. The day of the run is no part of
    it: a summary holds the deadline schedule, which is the same on every day (compose.network).
    """
    return [Job(m, templates, clauses, hashlib.sha256(
        (shared + words + digest_files([m.cooperation, *m.evaluations])).encode()).hexdigest(),
        language(), words) for m in members]
