"""The document model: what a document says, independent of how Word shows it.

Composition produces these frozen values; rendering turns them into a template context;
later, amendments diff two of them unit by unit (§ and Absatz).
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a §: an Absatz ("(1)"), an unnumbered text, or a list item ("a)")."""

    kind: str  # "absatz" | "text" | "item"
    label: str
    text: str


@dataclass(frozen=True)
class Section:
    """A § (or the unnumbered preamble) with its paragraphs."""

    id: str
    number: str  # "§ 3", or "" for the preamble
    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Table:
    """A table of an annex: a caption, column headers and rows of text cells."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Annex:
    """An annex ("Anlage 1"): Absätze from an annex module, tables composed from the data."""

    key: str
    label: str
    title: str
    tables: tuple[Table, ...]
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Party:
    """A party in the Rubrum.

    Its name, description lines, the short name used in the text, and the word that joins it
    to the next party ("und"; empty for the last).
    """

    name: str
    lines: tuple[str, ...]
    short_name: str
    joiner: str = ""


@dataclass(frozen=True)
class Signer:
    name: str
    function: str


@dataclass(frozen=True)
class SignatureBlock:
    partner: str
    signers: tuple[Signer, ...]


@dataclass(frozen=True)
class Properties:
    """Core document properties, set explicitly after rendering."""

    title: str
    category: str
    subject: str
    author: str
    keywords: str
    language: str
    created: datetime.date


@dataclass(frozen=True)
class OpenPoint:
    """An item of a draft's "Offene Punkte und Annahmen".

    A blank (``[●]``) the input must fill before a signing version, or a value the draft
    assumed because the input did not give it: where it stands, what it is, what the draft
    says, and the input key that sets it.
    """

    kind: str  # "blank" | "assumption"
    where: str
    what: str
    value: str
    key: str
    path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class AgreementDocument:
    """The Kooperationsvereinbarung as composed from a cooperation."""

    heading: str
    title: str
    draft: bool
    header_note: str
    draft_note: str
    parties_intro: str
    parties: tuple[Party, ...]
    parties_outro: str
    sections: tuple[Section, ...]
    signature_intro: str
    signatures: tuple[SignatureBlock, ...]
    annexes: tuple[Annex, ...]
    footer: str
    properties: Properties
    open_points: tuple[OpenPoint, ...] = ()
    contents: tuple[str, ...] = ()


# --- redlines: changes marked in the text -----------------------------------------------------
# The redline (amend/redline.py) composes its text with these private-use marks: INS … INS_END
# and DEL … DEL_END around changed words, PARA_INS / PARA_DEL before a whole paragraph;
# render/tracked.py turns them into w:ins / w:del.
INS, INS_END, DEL, DEL_END = "\ue010", "\ue011", "\ue012", "\ue013"
PARA_INS, PARA_DEL = "\ue014", "\ue015"
MARKERS = INS + INS_END + DEL + DEL_END + PARA_INS + PARA_DEL


# --- reports: a flow of blocks ----------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Text:
    """A paragraph; ``style`` is a paragraph style of the report template."""

    text: str
    style: str = "Klauseltext"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    """A report table; ``tones`` colours cells ("green", "amber", "red" or "") row by row."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    tones: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Figure:
    """A chart: PNG bytes, the alt text a screen reader reads, and the caption under it."""

    png: bytes
    alt: str
    caption: str


Block = Heading | Text | Bullets | Grid | Figure


@dataclass(frozen=True)
class ReportDocument:
    """The Evaluationsbericht: a cover (label, value) list and the body as blocks."""

    heading: str
    title: str
    subtitle: str
    cover: tuple[tuple[str, str], ...]
    header_note: str
    blocks: tuple[Block, ...]
    footer: str
    page_word: str
    of_word: str
    properties: Properties


def as_data(value: Any) -> Any:
    """A document model value as dicts and lists, for a template context.

    What ``dataclasses.asdict`` gives, without deep-copying every text and date on the way (the
    values are frozen), which made it a tenth of the time of building an agreement.
    """
    kind = type(value)
    if kind is str:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: as_data(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [as_data(item) for item in value]
    if isinstance(value, dict):
        return {key: as_data(item) for key, item in value.items()}
    return value


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, None for any other type (looked up once per type)."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) \
            if dataclasses.is_dataclass(kind) else None
    return _FIELD_NAMES[kind]


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}
