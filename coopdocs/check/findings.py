"""Findings: what validation reports, with level, rule code, key path and location."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from coopdocs.errors import KeyPath, Location, one_line
from coopdocs.i18n import N_, _, ngettext, translated
from coopdocs.model.follow import dotted


class Level(StrEnum):
    """How serious a finding is. Errors stop every build; warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# The level as a reader sees it: the value in English, its translation in another language.
_LEVEL_WORDS = {Level.ERROR: N_("error"), Level.WARNING: N_("warning"), Level.INFO: N_("info")}


@dataclass(frozen=True)
class Finding:
    """One problem in an input file.

    ``named`` is the key path as a reader of the file names it, list items by their id
    (``partners.gefertec.name``, as measures name them); ``format_path`` of ``path`` without it.
    """

    level: Level
    message: str
    path: KeyPath = ()
    location: Location | None = None
    code: str | None = None
    named: str = ""

    def format(self) -> str:
        """Render as ``FILE:LINE:COL: error: KEY.PATH: message [CODE]``.

        The level word is in the current language (``Fehler`` in German); the shape, the key
        path and the rule code stay as they are, so an editor still jumps to the place and the
        rule code still names the rule the README lists.
        """
        parts = [str(self.location)] if self.location else []
        parts.append(translated(_LEVEL_WORDS[self.level]))
        if self.path:
            parts.append(self.named or format_path(self.path))
        text = ": ".join(parts) + ": " + self.message
        return one_line(f"{text} [{self.code}]" if self.code else text)


def format_path(path: KeyPath) -> str:
    """``('partners', 0, 'name')`` → ``partners[0].name``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def named_by_ids(findings: Iterable[Finding], data: Mapping[str, Any]) -> list[Finding]:
    """``findings`` with their key paths named by the ids of the list items in ``data``."""
    return [f if f.named or not f.path else dataclasses.replace(f, named=dotted(data, f.path))
            for f in findings]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """File order: by line and column; findings without a line first."""

    def key(finding: Finding) -> tuple[int, int]:
        loc = finding.location
        return (loc.line or 0, loc.column or 0) if loc else (0, 0)

    return sorted(findings, key=key)


def has_errors(findings: Sequence[Finding], *, strict: bool = False) -> bool:
    """Whether the findings stop a build (warnings count too with ``strict``)."""
    stopping = {Level.ERROR, Level.WARNING} if strict else {Level.ERROR}
    return any(f.level in stopping for f in findings)


def summary(findings: Sequence[Finding], name: str) -> str:
    """``2 errors, 1 warning in cooperation.yaml`` (``2 Fehler, 1 Warnung in …`` in German)."""
    errors = sum(f.level is Level.ERROR for f in findings)
    warnings = sum(f.level is Level.WARNING for f in findings)
    return _("{errors}, {warnings} in {file}").format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        file=name)
