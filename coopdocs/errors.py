"""The one error root of coopdocs and the location every user-facing message carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coopdocs.i18n import _

# A key path into a YAML document: keys and list indices (``partners, 0, name``).
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Location:
    """Where something is: a file, optionally a 1-based line and column."""

    file: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return str(self.file)
        return f"{self.file}:{self.line}:{self.column or 1}"


# Every character str.splitlines() breaks a line at, written as an escape.
_LINE_BREAKS = {ord(c): f"\\u{ord(c):04x}" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}
_LINE_BREAKS.update({ord("\n"): "\\n", ord("\r"): "\\r"})


def one_line(text: str) -> str:
    """A message on one line: line breaks in quoted values written as backslash escapes.

    A value with a line break would otherwise split the message over several lines, and a
    carriage return overwrite it on a terminal.
    """
    return text.translate(_LINE_BREAKS)


class CoopdocsError(Exception):
    """Root of every error coopdocs raises for a user to read.

    The CLI catches it once, prints ``location: error: message`` and exits with ``exit_code``.
    """

    exit_code = 1

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def format(self, where: Location | None = None) -> str:
        """``location: error: message`` (CLI.md), with the hint on an indented line.

        ``where`` stands in for a missing location (a batch names the cooperation's file).
        """
        location = self.location or where
        message = one_line(self.message)
        label = _("error")  # the level word of findings (check.findings), "Fehler" in German
        text = f"{location}: {label}: {message}" if location else f"{label}: {message}"
        if not self.hint:
            return text
        return f"{text}\n  " + _("hint: {hint}").format(hint=self.hint)


class InputError(CoopdocsError):
    """An input file cannot be read as what it claims to be (size, encoding, YAML syntax).

    ``path`` is the key path of the offending value, where there is one.
    """

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None,
                 path: KeyPath = ()):
        super().__init__(message, location, hint)
        self.path = path


class InvalidInputError(CoopdocsError):
    """Validation found errors; the findings have been reported separately."""


class IncompleteError(CoopdocsError):
    """A signing version was asked for while the input still lacks data it needs.

    ``lines`` are the formatted findings, one per missing item, with its location and key path.
    """

    def __init__(self, message: str, lines: list[str]):
        super().__init__(message)
        self.lines = lines

    def format(self, where: Location | None = None) -> str:
        return "\n".join([*self.lines, one_line(self.message)])


class ClauseError(CoopdocsError):
    """A clause module is broken (bad metadata, template syntax, unknown variable)."""


class TemplateError(CoopdocsError):
    """A Word template cannot be rendered."""


class InternalError(CoopdocsError):
    """A bug in coopdocs, not in the input: said loudly, with what failed, never skipped."""

    exit_code = 5


class ExternalToolError(CoopdocsError):
    """An external part (LibreOffice) is missing or failed."""

    exit_code = 3
