"""The redline: two versions of an agreement as one Word document with tracked changes.

``compose_redline`` merges the document models of the version before and after a Nachtrag unit
by unit (§ by id, Absatz by its stable label, party and signature by name, annex by key, table
row by content); changed text is diffed word by word. Changes are written into the text as
private-use markers, the merged model renders with the agreement's template like any other
document, and ``track_changes`` turns the markers into ``w:ins`` / ``w:del`` (author
"coopdocs", the evaluation's date): within a paragraph as runs, a whole paragraph with its
paragraph mark, a whole table row with ``w:trPr``. Accepting all changes gives the version after
the Nachtrag, rejecting all the version before (tests check this with LibreOffice).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import difflib
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element

from coopdocs.amend.diff import merged_order
from coopdocs.amend.versions import Version
from coopdocs.fmt import Formatter
from coopdocs.model.document import (
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

INS, INS_END, DEL, DEL_END = "\ue010", "\ue011", "\ue012", "\ue013"
PARA_INS, PARA_DEL = "\ue014", "\ue015"
MARKERS = INS + INS_END + DEL + DEL_END + PARA_INS + PARA_DEL
AUTHOR = "coopdocs"
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
        parties=tuple(_merge(old.parties, new.parties, lambda p: p.name, _party)),
        sections=tuple(_merge(old.sections, new.sections, lambda s: s.id, _section)),
        signatures=tuple(_merge(old.signatures, new.signatures, lambda s: s.partner,
                                _signature)),
        annexes=tuple(_merge(old.annexes, new.annexes, lambda a: a.key, _annex)),
    )
    return framed(merged, after, words)


def framed(document: AgreementDocument, after: Version, words: Terms) -> AgreementDocument:
    """``document`` with the redline's title, header and note (also for comparing versions)."""
    assert after.round is not None
    fmt = Formatter(after.coop.language, after.coop.currency)
    number = str(after.number)
    return dataclasses.replace(
        document,
        heading=words.text("redline"),
        title=words.text("redline_title", title=after.coop.title, number=number),
        draft=True,
        header_note=words.text("redline_header", number=number),
        draft_note=words.text("redline_note", number=number, date=fmt.date(after.round.date)),
        properties=dataclasses.replace(
            document.properties, created=after.round.date,
            title=words.text("redline_title", title=after.coop.title, number=number)),
    )


def _merge(old: Sequence[T], new: Sequence[T], key: Callable[[T], str],
           pair: Callable[[T | None, T | None], T]) -> Iterator[T]:
    """Units of both versions in the new order (old-only ones at their old place), paired."""
    before = {key(u): u for u in old}
    after = {key(u): u for u in new}
    for k in merged_order([key(u) for u in old], [key(u) for u in new]):
        yield pair(before.get(k), after.get(k))


def _party(old: Party | None, new: Party | None) -> Party:
    if old is None or new is None:
        whole = PARA_INS if old is None else PARA_DEL
        party = new or old
        assert party is not None
        return Party(whole + party.name, tuple(whole + line for line in party.lines),
                     whole + party.short_name, whole + party.joiner if party.joiner else "")
    return Party(marked(old.name, new.name), tuple(_lines(old.lines, new.lines)),
                 marked(old.short_name, new.short_name), marked(old.joiner, new.joiner))


def _lines(old: Sequence[str], new: Sequence[str]) -> Iterator[str]:
    for _op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new,
                                                       autojunk=False).get_opcodes():
        pairs = min(i2 - i1, j2 - j1)
        yield from (marked(old[i1 + k], new[j1 + k]) for k in range(pairs))
        yield from (PARA_DEL + line for line in old[i1 + pairs:i2])
        yield from (PARA_INS + line for line in new[j1 + pairs:j2])


def _section(old: Section | None, new: Section | None) -> Section:
    if old is None or new is None:
        whole = PARA_INS if old is None else PARA_DEL
        section = new or old
        assert section is not None
        return Section(section.id, "", whole + section.heading, tuple(
            dataclasses.replace(p, text=whole + p.text) for p in section.paragraphs))
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


def _signature(old: SignatureBlock | None, new: SignatureBlock | None) -> SignatureBlock:
    if old is None or new is None:
        whole = PARA_INS if old is None else PARA_DEL
        block = new or old
        assert block is not None
        return SignatureBlock(whole + block.partner, tuple(
            Signer(whole + s.name, s.function) for s in block.signers))
    signers = list(_merge(old.signers, new.signers, lambda s: s.name, _signer))
    return SignatureBlock(new.partner, tuple(signers))


def _signer(old: Signer | None, new: Signer | None) -> Signer:
    if old is None or new is None:
        signer = new or old
        assert signer is not None
        return Signer((PARA_INS if old is None else PARA_DEL) + signer.name, signer.function)
    return Signer(new.name, marked(old.function, new.function))


def _annex(old: Annex | None, new: Annex | None) -> Annex:
    if old is None or new is None:
        whole = PARA_INS if old is None else PARA_DEL
        annex = new or old
        assert annex is not None
        return Annex(annex.key, whole + annex.label, annex.title, tuple(
            _whole_table(t, whole) for t in annex.tables), tuple(
            dataclasses.replace(p, text=whole + p.text) for p in annex.paragraphs))
    tables = list(_merge(old.tables, new.tables, lambda t: t.caption, _table))
    return Annex(new.key, marked(old.label, new.label), marked(old.title, new.title),
                 tuple(tables), tuple(_paragraphs(old.paragraphs, new.paragraphs)))


def _whole_table(table: Table, whole: str) -> Table:
    return dataclasses.replace(table, rows=tuple(tuple(whole + c for c in row)
                                                 for row in table.rows))


def _table(old: Table | None, new: Table | None) -> Table:
    if old is None or new is None:
        table = new or old
        assert table is not None
        return _whole_table(table, PARA_INS if old is None else PARA_DEL)
    rows: list[tuple[str, ...]] = []
    matcher = difflib.SequenceMatcher(a=old.rows, b=new.rows, autojunk=False)
    for _op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1)
        rows += [tuple(marked(o, n) for o, n in zip(old.rows[i1 + k], new.rows[j1 + k],
                                                    strict=False)) for k in range(pairs)]
        rows += [tuple(PARA_DEL + c for c in row) for row in old.rows[i1 + pairs:i2]]
        rows += [tuple(PARA_INS + c for c in row) for row in new.rows[j1 + pairs:j2]]
    return Table(new.caption, new.header, tuple(rows))


# --- markers → tracked changes ------------------------------------------------------------------

def track_changes(docx: DocumentObject, date: datetime.date) -> None:
    """Turn the markers in ``docx`` into ``w:ins`` / ``w:del`` revisions."""
    stamp = f"{date.isoformat()}T00:00:00Z"
    ids = iter(range(1, 1_000_000))
    body = docx.element.body
    for paragraph in list(body.iter(qn("w:p"))):
        _track_paragraph(paragraph, stamp, ids)
    for row in body.iter(qn("w:tr")):
        _track_row(row, stamp, ids)
    _follow_signature_lines(body, stamp, ids)
    _shift_inserted_marks(body)


def _revision(tag: str, stamp: str, ids: Iterator[int]) -> _Element:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(next(ids)))
    element.set(qn("w:author"), AUTHOR)
    element.set(qn("w:date"), stamp)
    return element


def _text(paragraph: _Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _track_paragraph(paragraph: _Element, stamp: str, ids: Iterator[int]) -> None:
    text = _text(paragraph)
    if not any(m in text for m in MARKERS):
        return
    whole = PARA_INS if PARA_INS in text else PARA_DEL if PARA_DEL in text else ""
    if whole:
        _mark_paragraph(paragraph, "w:ins" if whole == PARA_INS else "w:del", stamp, ids)
        return
    state = ""
    for run in list(paragraph.iter(qn("w:r"))):
        pieces = _split(run, state)
        state = pieces[-1][0] if pieces else state
        for kind, element in pieces:
            run.addprevious(_wrap(element, kind, stamp, ids) if kind else element)
        _remove(run)


def _split(run: _Element, state: str) -> list[tuple[str, _Element]]:
    """The run cut at the markers: (state, new run) pieces; state is "", "ins" or "del"."""
    pieces: list[tuple[str, _Element]] = []
    properties = run.find(qn("w:rPr"))
    for child in run:
        if child.tag == qn("w:rPr"):
            continue
        if child.tag != qn("w:t"):
            pieces.append((state, _run(properties, child)))
            continue
        for token in re.split(f"([{MARKERS}])", child.text or ""):
            if token in (INS, DEL):
                state = "ins" if token == INS else "del"
            elif token in (INS_END, DEL_END):
                state = ""
            elif token:
                text = OxmlElement("w:t")
                text.text = token
                text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                pieces.append((state, _run(properties, text)))
    return pieces


def _run(properties: _Element | None, child: _Element) -> _Element:
    run = OxmlElement("w:r")
    if properties is not None:
        run.append(copy.deepcopy(properties))
    run.append(child)
    return run


def _remove(element: _Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _wrap(run: _Element, kind: str, stamp: str, ids: Iterator[int]) -> _Element:
    wrapper = _revision(f"w:{kind}", stamp, ids)
    if kind == "del":
        for text in run.findall(qn("w:t")):
            text.tag = qn("w:delText")
    wrapper.append(run)
    return wrapper


def _mark_paragraph(paragraph: _Element, tag: str, stamp: str, ids: Iterator[int]) -> None:
    """Every run and the paragraph mark of ``paragraph`` inserted or deleted."""
    for text in paragraph.iter(qn("w:t")):
        text.text = (text.text or "").translate({ord(m): None for m in MARKERS})
    for run in list(paragraph.iter(qn("w:r"))):
        parent = run.getparent()
        if parent is None or parent.tag in (qn("w:ins"), qn("w:del")):
            continue
        run.addprevious(_wrap(copy.deepcopy(run), tag[2:], stamp, ids))
        parent.remove(run)
    _mark_properties(paragraph).append(_revision(tag, stamp, ids))


def _mark_properties(paragraph: _Element) -> _Element:
    """The run properties of the paragraph mark (``w:pPr/w:rPr``), made where missing."""
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = OxmlElement("w:pPr")
        paragraph.insert(0, properties)
    run_properties = properties.find(qn("w:rPr"))
    if run_properties is None:
        run_properties = OxmlElement("w:rPr")
        properties.append(run_properties)
    return run_properties


def _track_row(row: _Element, stamp: str, ids: Iterator[int]) -> None:
    """A row whose every cell was inserted (or deleted) is an inserted (deleted) row."""
    marks = {_row_mark(cell) for cell in row.iter(qn("w:tc"))}
    if len(marks) != 1 or "" in marks:
        return
    properties = row.find(qn("w:trPr"))
    if properties is None:
        properties = OxmlElement("w:trPr")
        row.insert(0 if row.find(qn("w:tblPrEx")) is None else 1, properties)
    properties.append(_revision(marks.pop(), stamp, ids))


def _row_mark(cell: _Element) -> str:
    paragraph = cell.find(qn("w:p"))
    return _mark_of(paragraph) if paragraph is not None else ""


def _follow_signature_lines(body: _Element, stamp: str, ids: Iterator[int]) -> None:
    """The template's signature line ("____  ____") shares the change of the signer under it."""
    paragraphs = list(body.iter(qn("w:p")))
    for line, signer in itertools.pairwise(paragraphs):
        mark = _mark_of(signer)
        if mark and _style(line) == "Unterschrift" and not _mark_of(line):
            _mark_paragraph(line, mark, stamp, ids)


def _mark_of(paragraph: _Element) -> str:
    """"w:ins" or "w:del" when the paragraph mark is inserted or deleted, else ""."""
    run_properties = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    if run_properties is None:
        return ""
    return next((t for t in ("w:ins", "w:del") if run_properties.find(qn(t)) is not None), "")


def _shift_inserted_marks(body: _Element) -> None:
    """Mark inserted paragraphs the way Word records typing them after a paragraph.

    For paragraphs P1..Pk inserted after a paragraph Q, the marks of Q and P1..Pk-1 are
    inserted and Pk keeps Q's original mark. (Marking P1..Pk's own marks makes LibreOffice join
    Q with the paragraph after Pk on reject-all.)
    """
    paragraphs = list(body.iterchildren(qn("w:p")))
    for index, paragraph in enumerate(paragraphs):
        if index == 0 or _mark_of(paragraph) != "w:ins" or _mark_of(paragraphs[index - 1]):
            continue
        if paragraphs[index - 1].getnext() is not paragraph:
            continue
        last = index
        while last + 1 < len(paragraphs) and _mark_of(paragraphs[last + 1]) == "w:ins" \
                and paragraphs[last].getnext() is paragraphs[last + 1]:
            last += 1
        mark = paragraphs[last].find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}")
        assert mark is not None
        _mark_properties(paragraphs[index - 1]).append(mark)


def _style(paragraph: _Element) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""
