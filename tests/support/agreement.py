"""An agreement's body text, by § heading: built through the build API and read with python-docx.

Tests of clause text build an agreement from a cooperation file (``read_agreement``) and look at
one § (``section``) or an annex (``annex``) as plain text, one paragraph per line.

A draft also lists its "Offene Punkte und Annahmen" in two tables: the blanks ([●]) with where
they stand, what is missing and the input key that fills them, and the values it assumed. Read
them from an ``Agreement`` (``blanks``, ``assumptions``, ``blank_places``, ``assumed``) or
straight from a cooperation file (``open_points``, ``blank_places``, ``assumptions``,
``assumed``). A place is "§ 6 Abs. 2", "Anlage 3" (English "Annex 3") or a part of the frame
such as "Eingang (Parteien)"; ``missing_blanks`` checks the keys a test expects at a kind of place.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph as DocxParagraph

from coopdocs.build import Options, build_outputs
from coopdocs.clauses.library import Library
from tests.support.cases import case_of

_HEADING = re.compile(r"§ \d+ |Unterschriften|Signatures|Anlage \d+|Annex \d+")
# the first two header cells of the open-points tables (blanks and assumptions), German, English
_OPEN_POINTS = (["Nr.", "Stelle"], ["No.", "Place"])


@dataclass(frozen=True)
class Blank:
    """One blank of the draft's open points: where it stands, what is missing, its input key."""

    where: str
    what: str
    key: str


@dataclass(frozen=True)
class Assumption:
    """One assumption of the draft: where it stands, what it is, the value assumed, its key.

    ``key`` is the input key that sets it, or for a value a module's text states without a field
    "Klauseltext „<module>“ (eigene Fassung mit --clauses)".
    """

    where: str
    what: str
    value: str
    key: str

    def places(self) -> set[str]:
        """The §§ ("§ 7") and annexes ("Anlage 5") that ``where`` names."""
        annexes = set(re.findall(r"(?:Anlage|Annex) \d+", self.where))
        rest = re.sub(r"(?:Anlage|Annex) \d+", "", self.where)
        sections = {f"§ {n}" for n in re.findall(r"\d+[a-z]?", rest)} if "§" in rest else set()
        return annexes | sections


class Agreement:
    """The body text of one generated agreement, by § heading, and its open points."""

    def __init__(self, data: bytes, language: str) -> None:
        document = docx.Document(io.BytesIO(data))
        self.language = language
        paragraphs = [p for p in document.paragraphs if p.text.strip()]
        # the table of contents repeats the headings: kept apart, so a § is found by its heading
        self.contents = [p.text for p in paragraphs if _style(p) == "Verzeichnis"]
        self.lines = [p.text.replace("\u00a0", " ") for p in paragraphs
                      if _style(p) != "Verzeichnis"]
        self.text = "\n".join(self.lines)
        self.headings = [line for line in self.lines if re.match(r"§ \d+ ", line)]
        # the rows of the open-points tables, number first: 4 cells a blank, 5 an assumption
        self.open_points = [[cell.text.replace("\u00a0", " ") for cell in row.cells]
                            for table in document.tables
                            if [cell.text for cell in table.rows[0].cells][:2] in _OPEN_POINTS
                            for row in table.rows[1:]]

    @property
    def blanks(self) -> list[Blank]:
        """The draft's blanks in the order of its list: a key again for each place it stands
        at and each time the text there asks for it."""
        return [Blank(*row[1:]) for row in self.open_points if len(row) == 4]

    @property
    def assumptions(self) -> list[Assumption]:
        """The values the draft assumed, in the order of its list."""
        return [Assumption(*row[1:]) for row in self.open_points if len(row) == 5]

    @property
    def blank_places(self) -> dict[str, list[str]]:
        """Input key → the places of its blanks, in the order of the draft's list."""
        places: dict[str, list[str]] = {}
        for blank in self.blanks:
            places.setdefault(blank.key, []).append(blank.where)
        return places

    @property
    def assumed(self) -> dict[str, Assumption]:
        """Input key → the draft's assumption for it (the last row of a key listed twice)."""
        return {row.key: row for row in self.assumptions}

    def section(self, title: str) -> str:
        """The text of the § whose heading starts with ``title`` ("" when there is none)."""
        return self._part(rf"§ \d+ {re.escape(title)}")

    def annex(self, title: str) -> str:
        """The text of the annex whose title starts with ``title`` ("" when there is none)."""
        return self._part(rf"(Anlage|Annex) [\w.-]+: {re.escape(title)}")

    def has(self, title: str) -> bool:
        return any(re.match(rf"§ \d+ {re.escape(title)}", h) for h in self.headings)

    def _part(self, pattern: str) -> str:
        start = next((i for i, line in enumerate(self.lines) if re.match(pattern, line)), None)
        if start is None:
            return ""
        end = next((i for i in range(start + 1, len(self.lines))
                    if _HEADING.match(self.lines[i])), len(self.lines))
        return "\n".join(self.lines[start + 1:end])


def read_agreement(cooperation: Path, *, library: Library | None = None,
                   final: bool = False) -> Agreement:
    """Build the agreement of ``cooperation`` (a valid file) and read it."""
    case = case_of(cooperation, library=library)
    [(name, data)] = build_outputs(case, library or _library(), "agreement",
                                   Options(final=final))
    return Agreement(data, "en" if "cooperation-agreement" in name else "de")


def open_points(cooperation: Path, *, library: Library | None = None) -> list[list[str]]:
    """The rows of the draft's open-points tables (German or English), each with its number."""
    return read_agreement(cooperation, library=library).open_points


def blank_places(cooperation: Path, *, library: Library | None = None) -> dict[str, list[str]]:
    """Input key → the places of its blanks in the draft of ``cooperation``."""
    return read_agreement(cooperation, library=library).blank_places


def assumptions(cooperation: Path, *, library: Library | None = None) -> list[Assumption]:
    """The values the draft of ``cooperation`` assumed, in the order of its list."""
    return read_agreement(cooperation, library=library).assumptions


def assumed(cooperation: Path, *, library: Library | None = None) -> dict[str, Assumption]:
    """Input key → the assumption the draft of ``cooperation`` lists for it."""
    return read_agreement(cooperation, library=library).assumed


def missing_blanks(places: Mapping[str, Sequence[str]], keys: Iterable[str], *, at: str = "",
                   under: str = "") -> list[str]:
    """Those of ``keys`` for which ``places`` (``blank_places``) lists no blank at a place that
    starts with ``at`` ("§", "Anlage "; anywhere when empty): [] when each is listed there.

    ``under`` is put before each key ("activities[0]."); the keys come back as given.
    """
    return [key for key in keys
            if not any(place.startswith(at) for place in places.get(under + key, ()))]


def _library() -> Library:
    from coopdocs.clauses.library import load_library
    return load_library()


def _style(paragraph: DocxParagraph) -> str:
    return paragraph.style.name if paragraph.style is not None else ""
