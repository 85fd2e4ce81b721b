"""Tracked changes: the redline's change markers turned into Word revisions.

The redline (``amend.redline``) writes the changes between two versions into the text of one
merged document as private-use markers (``model.document.MARKERS``); that document renders with
the agreement's template like any other, and ``track_changes`` then turns the markers in the
Word XML into ``w:ins`` / ``w:del`` (author "coopdocs", the evaluation's date): within a
paragraph as runs, a whole paragraph with its paragraph mark, a whole table row with
``w:trPr``. Accepting all changes gives the version after the Nachtrag, rejecting all the
version before (tests check this with LibreOffice).

Only the markers connect the two halves: this module works on the rendered XML and knows nothing
of how the changes were found, and the composition needs no Word XML.
"""

from __future__ import annotations

import copy
import datetime
import itertools
import re
from collections.abc import Iterator

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import _Element

from coopdocs.model.document import DEL, DEL_END, INS, INS_END, MARKERS, PARA_DEL, PARA_INS

AUTHOR = "coopdocs"


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
        pieces, state = _split(run, state)
        for kind, element in pieces:
            run.addprevious(_wrap(element, kind, stamp, ids) if kind else element)
        _remove(run)


def _split(run: _Element, state: str) -> tuple[list[tuple[str, _Element]], str]:
    """The run cut at the markers: (state, new run) pieces, and the state after the run.

    A state is "", "ins" or "del"; a run may end with a marker (an inserted "d" of a label
    followed by its end), so the state after it is not that of its last piece.
    """
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
    return pieces, state


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
        if mark is not None:  # _mark_of found it above
            _mark_properties(paragraphs[index - 1]).append(mark)


def _style(paragraph: _Element) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val"), "") if style is not None else ""
