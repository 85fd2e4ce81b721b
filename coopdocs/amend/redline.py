"""The redline: two versions of an agreement merged into one document with the changes marked.

``compose_redline`` merges the document models of the version before and after a Nachtrag unit
by unit: § by id, party and signature by name, annex by key. Inside a § or an annex, Absätze are
paired by their stable label or their text, list items by their text alone and table rows by
their text or first cell, so a list whose items were re-lettered after an insertion shows the
one inserted item and, for the others, only the changed letter. Changed text is marked word by
word where a few words changed (a number, a name: what a lawyer checks); a text of which more
than half the words changed is shown deleted as a whole and inserted as a whole, because deleted
and inserted words taking turns ("word soup") cannot be read. Changes are written into the text
as private-use markers (``model.document``), and the merged model renders with the agreement's
template like any other document; ``render.tracked`` turns the markers into Word's tracked
changes.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
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

# A word is a run of letters and digits, with inner dots, commas, slashes and hyphens, so that a
# number ("1.000,50"), a date ("31.12.2027") or "SHK-Verbund" changes as one token; punctuation
# and spaces are tokens of their own ("Kottmann," is "Kottmann" and ",").
_WORD = r"\w+(?:[.,/-]\w+)*"
_TOKENS = re.compile(rf"\s+|{_WORD}|[^\w\s]")
_WORDS = re.compile(_WORD)
# More than this share of changed words, and a text is shown deleted and inserted as a whole.
REWRITTEN = 0.5
# Changes with fewer kept words than this between them are read as one stretch; a stretch in which
# deletions and insertions take turns more often than ``_TURNS`` is shown as one replacement.
_NEAR = 3
_TURNS = 2
# What the same label adds to the likeness of two Absätze (or the same first cell to two table
# rows): enough to pair them when their texts are unalike, less than a likely text match elsewhere.
_SAME_LABEL = 0.25
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class _Piece:
    """A stretch of two compared texts: kept (``old == new``) or changed."""

    kept: bool
    old: str
    new: str

    @property
    def size(self) -> int:
        """The words of the longer side."""
        return max(_count(self.old), _count(self.new))


def marked(old: str, new: str) -> str:
    """``new`` with the changes from ``old`` marked.

    A side that is empty makes the whole paragraph inserted or deleted. Where more than half the
    words changed, the old text is deleted and the new one inserted as a whole (one deletion, one
    insertion); otherwise the changed words are marked where they stand.
    """
    if old == new:
        return new
    if not old:
        return PARA_INS + new
    if not new:
        return PARA_DEL + old
    if changed_share(old, new) > REWRITTEN:
        return _replaced(old, new)
    return "".join(p.new if p.kept else _replaced(p.old, p.new) for p in _pieces(old, new))


def changed_share(old: str, new: str) -> float:
    """The share of words that changed from ``old`` to ``new``: 0 for the same text, up to 1.

    Each changed stretch counts the words of its longer side, measured against the longer text:
    one number replaced in a sentence of ten words is 0.1, a new sentence for an old one near 1.
    """
    if old == new:
        return 0.0
    total = max(_count(old), _count(new))
    if not total:
        return 1.0
    changed = sum(piece.size for piece in _pieces(old, new) if not piece.kept)
    return min(1.0, changed / total)


def accepted(text: str) -> str:
    """The text after accepting every marked change (for tests and checks)."""
    if text.startswith(PARA_DEL):
        return ""
    return re.sub(f"{DEL}[^{DEL_END}]*{DEL_END}", "", text).translate(
        {ord(m): None for m in MARKERS})


def rejected(text: str) -> str:
    """The text after rejecting every marked change: the old text (for tests and checks)."""
    if text.startswith(PARA_INS):
        return ""
    return re.sub(f"{INS}[^{INS_END}]*{INS_END}", "", text).translate(
        {ord(m): None for m in MARKERS})


def _count(text: str) -> int:
    return len(_WORDS.findall(text))


def _replaced(old: str, new: str) -> str:
    """``old`` marked deleted, then ``new`` marked inserted (either may be empty)."""
    return (DEL + old + DEL_END if old else "") + (INS + new + INS_END if new else "")


@functools.lru_cache(maxsize=4096)
def _pieces(old: str, new: str) -> tuple[_Piece, ...]:
    """The kept and changed stretches of two texts, compared token by token.

    Cached: pairing paragraphs compares a text with its candidates, and the pair found is then
    compared again to mark it.
    """
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    pieces: list[_Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        piece = _Piece(op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2]))
        if pieces and pieces[-1].kept == piece.kept:
            last = pieces.pop()
            piece = _Piece(piece.kept, last.old + piece.old, last.new + piece.new)
        pieces.append(piece)
    return tuple(_untangled(_absorbed(pieces)))


def _absorbed(pieces: list[_Piece]) -> list[_Piece]:
    """``pieces`` where a kept stretch no longer than the changes on both sides joins them.

    Kept spaces, commas or a single "und" between two changed words make deletions and
    insertions take turns ("[-30-]{+40+} % [-zu-]{+und+}"); one deletion and one insertion of
    the stretch read better (the semantic clean-up of diff-match-patch, counted in words).
    """
    index = 1
    while index < len(pieces) - 1:
        before, kept, after = pieces[index - 1:index + 2]
        if kept.kept and not before.kept and not after.kept \
                and kept.size <= min(before.size, after.size):
            pieces[index - 1:index + 2] = [_Piece(False, before.old + kept.old + after.old,
                                                  before.new + kept.new + after.new)]
            index = 1
        else:
            index += 1
    return pieces


def _untangled(pieces: list[_Piece]) -> list[_Piece]:
    """``pieces`` where a stretch of changes that take turns too often is one change.

    What the clean-up leaves can still be word soup where a sentence was rewritten inside a
    longer paragraph: deletions and insertions taking turns with a word or two kept between
    them ("„[-assoziierter Partner-]{+Beginn+}“ ist [-ein-]{+der+} …"). Such a stretch is
    deleted and inserted as a whole; a replacement (deletion then insertion) is one change.
    """
    result: list[_Piece] = []
    for stretch in _stretches(pieces):
        changes = stretch[::2]
        turns = sum(1 for one, other in itertools.pairwise(changes)
                    if (one.old or other.old) and (one.new or other.new))
        if turns > _TURNS:
            result.append(_Piece(False, "".join(p.old for p in stretch),
                                 "".join(p.new for p in stretch)))
        else:
            result += stretch
    return result


def _stretches(pieces: list[_Piece]) -> Iterator[list[_Piece]]:
    """``pieces`` cut into stretches: a kept piece alone, or changes with little kept between."""
    stretch: list[_Piece] = []
    for index, piece in enumerate(pieces):
        near = 0 < index < len(pieces) - 1 and piece.size < _NEAR
        if piece.kept and not (near and stretch):
            if stretch:
                yield stretch
            stretch = []
            yield [piece]
        else:
            stretch.append(piece)
    if stretch:
        yield stretch


def alike(old: str, new: str) -> float:
    """How alike two texts are: 1 for the same text, 0 when more than half the words changed."""
    if old == new:
        return 1.0
    words, others = Counter(_WORDS.findall(old)), Counter(_WORDS.findall(new))
    if (words & others).total() < max(words.total(), others.total()) * (1 - REWRITTEN):
        return 0.0  # no more words can be kept than the two texts share: spare the matcher
    share = changed_share(old, new)
    return 0.0 if share > REWRITTEN else 1.0 - share


def _matched(old: Sequence[T], new: Sequence[T], likeness: Callable[[T, T], float],
             pair: Callable[[T, T], R], whole: Callable[[T, str], R]) -> Iterator[R]:
    """Units of both versions aligned by content, in order.

    A unit paired with one of the other version is ``pair``-ed; one left over is marked
    ``whole`` as deleted or inserted, the deleted before the inserted at the same place.
    """
    aligned = _aligned(old, new, likeness)
    yield from _marked(aligned, pair, whole)


def _marked(pairs: Iterable[tuple[T | None, T | None]], pair: Callable[[T, T], R],
            whole: Callable[[T, str], R]) -> Iterator[R]:
    """Each (old, new) unit ``pair``-ed, or marked ``whole`` as inserted or deleted."""
    for was, now in pairs:
        if was is not None and now is not None:
            yield pair(was, now)
        elif now is not None:
            yield whole(now, PARA_INS)
        elif was is not None:
            yield whole(was, PARA_DEL)


def _aligned(old: Sequence[T], new: Sequence[T], likeness: Callable[[T, T], float]
             ) -> Iterator[tuple[T | None, T | None]]:
    """The pairing of ``old`` and ``new`` units that keeps their order and is most alike.

    A longest common subsequence weighted by ``likeness`` (0: never paired), so an item that
    moved down one letter pairs with its old self, not with the item that took its letter. The
    same units at the start and the end pair without comparing the rest.
    """
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    yield from ((unit, unit) for unit in new[:start])
    yield from _best_pairs(old[start:len(old) - end], new[start:len(new) - end], likeness)
    yield from ((unit, unit) for unit in new[len(new) - end:])


def _best_pairs(old: Sequence[T], new: Sequence[T], likeness: Callable[[T, T], float]
                ) -> Iterator[tuple[T | None, T | None]]:
    score = [[likeness(was, now) for now in new] for was in old]
    best = _best_totals(score, len(old), len(new))
    gone: list[T] = []
    came: list[T] = []
    i = j = 0
    while i < len(old) or j < len(new):
        if i < len(old) and j < len(new) and score[i][j] > 0 \
                and best[i][j] == best[i + 1][j + 1] + score[i][j]:
            yield from _left_over(gone, came)
            yield old[i], new[j]
            i, j = i + 1, j + 1
        elif i < len(old) and (j == len(new) or best[i][j] == best[i + 1][j]):
            gone.append(old[i])
            i += 1
        else:
            came.append(new[j])
            j += 1
    yield from _left_over(gone, came)


def _best_totals(score: list[list[float]], rows: int, columns: int) -> list[list[float]]:
    """``best[i][j]``: the greatest total likeness of a pairing of ``old[i:]`` and ``new[j:]``."""
    best = [[0.0] * (columns + 1) for _ in range(rows + 1)]
    for i in reversed(range(rows)):
        for j in reversed(range(columns)):
            paired = best[i + 1][j + 1] + score[i][j] if score[i][j] > 0 else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    return best


def _left_over(gone: list[T], came: list[T]) -> Iterator[tuple[T | None, T | None]]:
    """The unpaired units since the last pair (and empties both lists)."""
    yield from ((unit, None) for unit in gone)
    yield from ((None, unit) for unit in came)
    gone.clear()
    came.clear()


def compose_redline(before: Version, after: Version, words: Terms) -> AgreementDocument:
    """The merged document of two versions, changes marked, framed as a redline."""
    return framed(merge_documents(before.document, after.document), after, words)


def merge_documents(old: AgreementDocument, new: AgreementDocument) -> AgreementDocument:
    """``new`` with the changes from ``old`` marked, not yet framed as a redline.

    Accepting every change gives ``new`` again, rejecting every change ``old``.
    """
    return dataclasses.replace(
        new,
        parties=tuple(_merge(old.parties, new.parties, lambda p: p.name, _party, _whole_party)),
        sections=tuple(_merge(old.sections, new.sections, lambda s: s.id, _section,
                              _whole_section)),
        signatures=tuple(_merge(old.signatures, new.signatures, lambda s: s.partner,
                                _signature, _whole_signature)),
        annexes=tuple(_merge(old.annexes, new.annexes, lambda a: a.key, _annex, _whole_annex)),
    )


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
    order = merged_order([key(u) for u in old], [key(u) for u in new])
    yield from _marked(((before.get(k), after.get(k)) for k in order), pair, whole)


def _party(old: Party, new: Party) -> Party:
    return Party(marked(old.name, new.name),
                 tuple(_matched(old.lines, new.lines, alike, marked, _whole_line)),
                 marked(old.short_name, new.short_name), marked(old.joiner, new.joiner))


def _whole_party(party: Party, whole: str) -> Party:
    return Party(whole + party.name, tuple(whole + line for line in party.lines),
                 whole + party.short_name, whole + party.joiner if party.joiner else "")


def _whole_line(line: str, whole: str) -> str:
    return whole + line


def _whole_section(section: Section, whole: str) -> Section:
    return Section(section.id, "", whole + section.heading, tuple(
        _whole_paragraph(p, whole) for p in section.paragraphs))


def _section(old: Section, new: Section) -> Section:
    return Section(new.id, "", marked(old.heading, new.heading),
                   tuple(_paragraphs(old.paragraphs, new.paragraphs)))


# --- paragraphs: Absätze by label or text, their list items by text ---------------------------

_Block = tuple[Paragraph, ...]  # an Absatz (or unnumbered text) and its list items


def _paragraphs(old: Sequence[Paragraph], new: Sequence[Paragraph]) -> Iterator[Paragraph]:
    """The paragraphs of both versions, paired and marked.

    Absätze pair by their stable label or, where one moved, by their text; the list items of a
    paired Absatz pair by their text alone, since a letter says nothing once an item was
    inserted or removed before it (b) becomes c)).
    """
    for block in _matched(_blocks(old), _blocks(new), _block_likeness, _block, _whole_block):
        yield from block


def _blocks(paragraphs: Sequence[Paragraph]) -> list[_Block]:
    """Each Absatz or unnumbered text with the list items after it (a leading item alone)."""
    blocks: list[list[Paragraph]] = []
    for paragraph in paragraphs:
        if paragraph.kind == "item" and blocks and blocks[-1][0].kind != "item":
            blocks[-1].append(paragraph)
        else:
            blocks.append([paragraph])
    return [tuple(block) for block in blocks]


def _block_likeness(old: _Block, new: _Block) -> float:
    """How alike two blocks' heads are; an Absatz keeping its label is alike enough to pair."""
    was, now = old[0], new[0]
    if was.kind != now.kind:
        return 0.0
    label = _SAME_LABEL if was.kind == "absatz" and was.label == now.label else 0.0
    return alike(was.text, now.text) + label


def _block(old: _Block, new: _Block) -> list[Paragraph]:
    items = _matched(old[1:], new[1:], _item_likeness, _paragraph, _whole_items)
    return [*_paragraph(old[0], new[0]), *itertools.chain.from_iterable(items)]


def _whole_block(block: _Block, whole: str) -> list[Paragraph]:
    return [_whole_paragraph(paragraph, whole) for paragraph in block]


def _whole_items(item: Paragraph, whole: str) -> list[Paragraph]:
    return [_whole_paragraph(item, whole)]


def _item_likeness(old: Paragraph, new: Paragraph) -> float:
    return alike(old.text, new.text) if old.kind == new.kind else 0.0


def _paragraph(old: Paragraph, new: Paragraph) -> list[Paragraph]:
    """A paired paragraph: its text marked, a changed label marked where it changed.

    A re-lettered item whose text stayed shows only its new letter ("[-b-]{+c+})"). Where a
    label cannot be marked (see ``_label``), the old paragraph is deleted and the new inserted.
    """
    label = new.label if old.label == new.label else _label(old.label, new.label)
    if label is None:
        return [_whole_paragraph(old, PARA_DEL), _whole_paragraph(new, PARA_INS)]
    return [dataclasses.replace(new, label=label, text=marked(old.text, new.text))]


def _label(old: str, new: str) -> str | None:
    """A changed label with the characters that changed marked: "(5)" to "(6)" is "([-5-]{+6+})".

    The label must end in kept text: ``render.tracked`` carries the change of a run's last piece
    on into the runs after it (the tab and the paragraph's text), so a label ending in an
    insertion would mark the whole text inserted. Labels end with ")"; for a pair that does not
    end alike, None.
    """
    end = _common_start(old[::-1], new[::-1])
    if not end:
        return None
    start = _common_start(old[:-end], new[:-end])
    return old[:start] + _replaced(old[start:-end], new[start:-end]) + old[-end:]


def _common_start(one: str, other: str) -> int:
    """How many characters two strings share at their start."""
    return next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
                min(len(one), len(other)))


def _whole_paragraph(paragraph: Paragraph, whole: str) -> Paragraph:
    return dataclasses.replace(paragraph, text=whole + paragraph.text)


# --- signatures and annexes --------------------------------------------------------------------

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
        _whole_paragraph(p, whole) for p in annex.paragraphs))


def _annex(old: Annex, new: Annex) -> Annex:
    tables = list(_merge(old.tables, new.tables, lambda t: t.caption, _table, _whole_table))
    return Annex(new.key, marked(old.label, new.label), marked(old.title, new.title),
                 tuple(tables), tuple(_paragraphs(old.paragraphs, new.paragraphs)))


def _whole_table(table: Table, whole: str) -> Table:
    return dataclasses.replace(table, rows=tuple(_whole_row(row, whole) for row in table.rows))


def _table(old: Table, new: Table) -> Table:
    """Rows paired by their text (a row keeping its first cell, the partner or goal, pairs)."""
    rows = _matched(old.rows, new.rows, _row_likeness, _row, _whole_row)
    return Table(new.caption, new.header, tuple(rows))


_Row = tuple[str, ...]


def _row_likeness(old: _Row, new: _Row) -> float:
    if len(old) != len(new):
        return 0.0
    key = _SAME_LABEL if old and old[0] == new[0] else 0.0
    return alike(" ".join(old), " ".join(new)) + key


def _row(old: _Row, new: _Row) -> _Row:
    return tuple(marked(was, now) for was, now in zip(old, new, strict=True))


def _whole_row(row: _Row, whole: str) -> _Row:
    return tuple(whole + cell for cell in row)
