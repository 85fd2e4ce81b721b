"""The redline: two versions of an agreement merged into one document with the changes marked.

``compose_redline`` merges the document models of the version before and after a Nachtrag unit
by unit (§ by id, Absatz by its stable label, party and signature by name, annex by key, table
row by content); changed text is diffed word by word. Changes are written into the text as
private-use markers (``model.document``), and the merged model renders with the agreement's
template like any other document; ``render.tracked`` turns the markers into Word's tracked
changes.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from coopdocs.amend.diff import merged_order
from coopdocs.amend.versions import Version
from coopdocs.fmt import Formatter
from coopdocs.model.document import (
    DEL,
    DEL_END,
    INS,
    INS_END,
    MARKERS,
    PARA_DEL,
    PARA_INS,
    AgreementDocument,
    Annex,
    Paragraph,
    Party,
    Section,
    SignatureBlock,
    Signer,
    Table,
)
from coopdocs.wording import Terms

_WORDS = re.compile(r"\s+|[^\s]+")
T = TypeVar("T")


def marked(old: str, new: str) -> str:
    """``new`` with the word-level changes from ``old`` marked.

    A side that is empty makes the whole paragraph inserted or deleted.
    """
    if old == new:
        return new
    if not old:
        return PARA_INS + new
    if not new:
        return PARA_DEL + old
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            parts.append(DEL + "".join(a[i1:i2]) + DEL_END)
        if j2 > j1:
            parts.append(INS + "".join(b[j1:j2]) + INS_END)
    return "".join(parts)


def accepted(text: str) -> str:
    """The text after accepting every marked change (for tests and checks)."""
    if text.startswith(PARA_DEL):
        return ""
    return re.sub(f"{DEL}[^{DEL_END}]*{DEL_END}", "", text).translate(
        {ord(m): None for m in MARKERS})


def compose_redline(before: Version, after: Version, words: Terms) -> AgreementDocument:
    """The merged document of two versions, changes marked, framed as a redline."""
    old, new = before.document, after.document
    merged = dataclasses.replace(
        new,
        parties=tuple(_merge(old.parties, new.parties, lambda p: p.name, _party, _whole_party)),
        sections=tuple(_merge(old.sections, new.sections, lambda s: s.id, _section,
                              _whole_section)),
        signatures=tuple(_merge(old.signatures, new.signatures, lambda s: s.partner,
                                _signature, _whole_signature)),
        annexes=tuple(_merge(old.annexes, new.annexes, lambda a: a.key, _annex, _whole_annex)),
    )
    return framed(merged, after, words)


def framed(document: AgreementDocument, after: Version, words: Terms) -> AgreementDocument:
    """``document`` with the redline's title, header and note (also for comparing versions)."""
    fmt = Formatter(after.coop.language, after.coop.currency)
    number = str(after.number)
    return dataclasses.replace(
        document,
        heading=words.text("redline"),
        title=words.text("redline_title", title=after.coop.title, number=number),
        draft=True,
        open_points=(),  # the draft's open points belong to the agreement, not a comparison
        contents=(),
        header_note=words.text("redline_header", number=number),
        draft_note=words.text("redline_note", number=number, date=fmt.date(after.date)),
        properties=dataclasses.replace(
            document.properties, created=after.date,
            title=words.text("redline_title", title=after.coop.title, number=number)),
    )


def _merge(old: Sequence[T], new: Sequence[T], key: Callable[[T], str],
           pair: Callable[[T, T], T], whole: Callable[[T, str], T]) -> Iterator[T]:
    """Units of both versions in the new order (old-only ones at their old place).

    A unit both versions have is ``pair``-ed; one that only one has is marked ``whole`` as
    inserted or deleted.
    """
    before = {key(u): u for u in old}
    after = {key(u): u for u in new}
    for k in merged_order([key(u) for u in old], [key(u) for u in new]):
        was, now = before.get(k), after.get(k)
        if was is not None and now is not None:
            yield pair(was, now)
        elif now is not None:
            yield whole(now, PARA_INS)
        elif was is not None:
            yield whole(was, PARA_DEL)


def _party(old: Party, new: Party) -> Party:
    return Party(marked(old.name, new.name), tuple(_lines(old.lines, new.lines)),
                 marked(old.short_name, new.short_name), marked(old.joiner, new.joiner))


def _whole_party(party: Party, whole: str) -> Party:
    return Party(whole + party.name, tuple(whole + line for line in party.lines),
                 whole + party.short_name, whole + party.joiner if party.joiner else "")


def _lines(old: Sequence[str], new: Sequence[str]) -> Iterator[str]:
    for _op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new,
                                                       autojunk=False).get_opcodes():
        pairs = min(i2 - i1, j2 - j1)
        yield from (marked(old[i1 + k], new[j1 + k]) for k in range(pairs))
        yield from (PARA_DEL + line for line in old[i1 + pairs:i2])
        yield from (PARA_INS + line for line in new[j1 + pairs:j2])


def _whole_section(section: Section, whole: str) -> Section:
    return Section(section.id, "", whole + section.heading, tuple(
        dataclasses.replace(p, text=whole + p.text) for p in section.paragraphs))


def _section(old: Section, new: Section) -> Section:
    return Section(new.id, "", marked(old.heading, new.heading),
                   tuple(_paragraphs(old.paragraphs, new.paragraphs)))


def _paragraphs(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> Iterator[Paragraph]:
    """Paragraphs paired by their stable labels (an item by its Absatz and its own label)."""
    a, b = _keys(old), _keys(new)
    for _op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            yield dataclasses.replace(new[j1 + k], text=marked(old[i1 + k].text,
                                                               new[j1 + k].text))
        for paragraph in old[i1 + pairs:i2]:
            yield dataclasses.replace(paragraph, text=PARA_DEL + paragraph.text)
        for paragraph in new[j1 + pairs:j2]:
            yield dataclasses.replace(paragraph, text=PARA_INS + paragraph.text)


def _keys(paragraphs: Sequence[Paragraph]) -> list[str]:
    keys, absatz = [], ""
    for paragraph in paragraphs:
        if paragraph.kind == "absatz":
            absatz = paragraph.label
            keys.append(absatz)
        elif paragraph.kind == "item":
            keys.append(f"{absatz}{paragraph.label}")
        else:
            absatz = ""
            keys.append(paragraph.text)
    return keys


def _whole_signature(block: SignatureBlock, whole: str) -> SignatureBlock:
    return SignatureBlock(whole + block.partner, tuple(
        Signer(whole + s.name, s.function) for s in block.signers))


def _signature(old: SignatureBlock, new: SignatureBlock) -> SignatureBlock:
    signers = list(_merge(old.signers, new.signers, lambda s: s.name, _signer, _whole_signer))
    return SignatureBlock(new.partner, tuple(signers))


def _whole_signer(signer: Signer, whole: str) -> Signer:
    return Signer(whole + signer.name, signer.function)


def _signer(old: Signer, new: Signer) -> Signer:
    return Signer(new.name, marked(old.function, new.function))


def _whole_annex(annex: Annex, whole: str) -> Annex:
    return Annex(annex.key, whole + annex.label, annex.title, tuple(
        _whole_table(t, whole) for t in annex.tables), tuple(
        dataclasses.replace(p, text=whole + p.text) for p in annex.paragraphs))


def _annex(old: Annex, new: Annex) -> Annex:
    tables = list(_merge(old.tables, new.tables, lambda t: t.caption, _table, _whole_table))
    return Annex(new.key, marked(old.label, new.label), marked(old.title, new.title),
                 tuple(tables), tuple(_paragraphs(old.paragraphs, new.paragraphs)))


def _whole_table(table: Table, whole: str) -> Table:
    return dataclasses.replace(table, rows=tuple(tuple(whole + c for c in row)
                                                 for row in table.rows))


def _table(old: Table, new: Table) -> Table:
    rows: list[tuple[str, ...]] = []
    matcher = difflib.SequenceMatcher(a=old.rows, b=new.rows, autojunk=False)
    for _op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1)
        rows += [tuple(marked(o, n) for o, n in zip(old.rows[i1 + k], new.rows[j1 + k],
                                                    strict=False)) for k in range(pairs)]
        rows += [tuple(PARA_DEL + c for c in row) for row in old.rows[i1 + pairs:i2]]
        rows += [tuple(PARA_INS + c for c in row) for row in new.rows[j1 + pairs:j2]]
    return Table(new.caption, new.header, tuple(rows))
