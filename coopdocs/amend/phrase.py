"""The phrase whose replacement turns one text of an Absatz into the next.

A Nachtrag that changes "12 Stunden" to "24 Stunden" in a long Absatz says so in one line
("… wird die Angabe „12 Stunden“ durch die Angabe „24 Stunden“ ersetzt", research C.2) instead
of re-enacting the Absatz. ``replaced_phrase`` finds that phrase: the changed stretch of the
text, widened to whole words, with the unit that follows a changed number ("Stunden", "€",
"%") or the "§" before it, and widened further until it occurs only once in the text the command
points to, so that replacing it there gives exactly the new text. Where one short phrase cannot
say the change (several stretches changed far apart, a phrase that would start or end in
punctuation, a phrase that is most of the text), it gives None and the Absatz is re-enacted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Words (numbers keep their separators: "3.000.000,00", "31.12.2027"), runs of white space, and
# single marks. A phrase starts and ends with a word, so it never splits one.
_TOKEN = re.compile(r"\w+(?:[.,/]\w+)*|\s+|[^\w\s]")
_NUMBER = re.compile(r"\d[\d.,]*")
# Signs that follow a number like a unit word ("25 %", "3.000.000,00 €").
_SIGNS = frozenset("€%$£")
# Marks that stand before a number and belong to it ("§ 7").
_PREFIXES = frozenset({"§", "§§"})
# Words that may follow a number without being what it counts ("12 bis 14", "2 and 3").
_CONNECTORS = frozenset({"bis", "und", "oder", "sowie", "to", "and", "or"})
# A longer phrase is no longer a small change; the Absatz is re-enacted instead.
MAX_WORDS = 10
# How often a phrase is widened by a word to make it occur only once.
_WIDEN = 6


@dataclass(frozen=True)
class Phrase:
    """The replaced phrase (``old``) and its replacement (``new``)."""

    old: str
    new: str


def replaced_phrase(old: str, new: str, *, within: str | None = None) -> Phrase | None:
    """The one phrase of ``old`` whose replacement gives ``new``, or None.

    ``within`` is the whole text the command points to (an Absatz with its items when ``old``
    is its lead-in); the phrase occurs there exactly once. None when the texts are equal or one
    short phrase cannot say the change.
    """
    before, after = _tokens(old), _tokens(new)
    if before == after:
        return None
    head, tail = _shared(before, after)
    widened = _to_words(before, after, head, tail)
    if widened is None:
        return None
    head, tail = _with_unit(before, after, *_narrowed(before, after, *widened))
    unique = _unique(before, after, head, tail, _tokens(within if within is not None else old))
    if unique is None:
        return None
    head, tail = unique
    replaced, replacing = _span(before, head, tail), _span(after, head, tail)
    if not _small(replaced, before) or not _small(replacing, after):
        return None
    return Phrase("".join(replaced), "".join(replacing))


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _span(tokens: Sequence[str], head: int, tail: int) -> Sequence[str]:
    return tokens[head:len(tokens) - tail]


def _shared(before: Sequence[str], after: Sequence[str]) -> tuple[int, int]:
    """How many tokens both texts share at the start and at the end (not overlapping)."""
    limit = min(len(before), len(after))
    head = 0
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, tail


def _is_word(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or token[0] == "_" or token in _SIGNS)


def _to_words(before: Sequence[str], after: Sequence[str], head: int, tail: int
              ) -> tuple[int, int] | None:
    """The changed stretch widened until both of its versions start and end with a word.

    Widening takes shared tokens, so both versions grow alike; None when it runs out of text.
    """
    def starts(h: int, t: int) -> bool:
        return all(span and _is_word(span[0])
                   for span in (_span(before, h, t), _span(after, h, t)))

    def ends(h: int, t: int) -> bool:
        return all(span and _is_word(span[-1])
                   for span in (_span(before, h, t), _span(after, h, t)))

    while not starts(head, tail) and head > 0:
        head -= 1
    while not ends(head, tail) and tail > 0:
        tail -= 1
    return (head, tail) if starts(head, tail) and ends(head, tail) else None


def _narrowed(before: Sequence[str], after: Sequence[str], head: int, tail: int
              ) -> tuple[int, int]:
    """Without a word both versions share at an edge, when it is not all of one of them.

    Where words are only inserted, the prefix and the suffix compete for the space between
    them, and the stretch can take a shared word on each side ("Kooperation an" for an insertion
    after "Kooperation"); one of them is enough.
    """
    old, new = _span(before, head, tail), _span(after, head, tail)
    if len(old) > 2 and len(new) > 2 and old[-1] == new[-1] and old[-2].isspace() \
            and new[-2].isspace() and _is_word(old[-3]) and _is_word(new[-3]):
        return head, tail + 2
    return head, tail


def _with_unit(before: Sequence[str], after: Sequence[str], head: int, tail: int
               ) -> tuple[int, int]:
    """A changed number together with its unit ("24 Stunden") and a "§" before it ("§ 7").

    The reader sees what the number counts, and "12" alone would occur in many texts.
    """
    ends_in_number = any(_NUMBER.fullmatch(span[-1])
                         for span in (_span(before, head, tail), _span(after, head, tail)))
    starts_with_number = any(_NUMBER.fullmatch(span[0])
                             for span in (_span(before, head, tail), _span(after, head, tail)))
    if starts_with_number and head >= 2 and before[head - 1].isspace() \
            and before[head - 2] in _PREFIXES:
        return head - 2, tail  # "§ 7 gilt": what follows a § number is no unit
    following = before[len(before) - tail:]
    if ends_in_number and len(following) >= 2 and following[0].isspace() \
            and _is_unit(following[1]):
        tail -= 2
    return head, tail


def _is_unit(token: str) -> bool:
    return token in _SIGNS or (token.isalpha() and token.lower() not in _CONNECTORS)


def _unique(before: Sequence[str], after: Sequence[str], head: int, tail: int,
            scope: Sequence[str]) -> tuple[int, int] | None:
    """The phrase widened by whole words, to the right first, until it occurs once in ``scope``."""
    for step in range(_WIDEN + 1):
        if _count(scope, _span(before, head, tail)) == 1:
            return head, tail
        if step == _WIDEN:
            break
        if tail > 0 and (step % 2 == 0 or head == 0):
            tail = _next_word_end(before, tail)
        elif head > 0:
            head = _previous_word_start(before, head)
        else:
            break
    return None


def _next_word_end(tokens: Sequence[str], tail: int) -> int:
    """``tail`` moved right past the next word (and the marks and spaces before it)."""
    tail -= 1
    while tail > 0 and not _is_word(tokens[len(tokens) - tail - 1]):
        tail -= 1
    return tail


def _previous_word_start(tokens: Sequence[str], head: int) -> int:
    """``head`` moved left past the previous word (and the marks and spaces after it)."""
    head -= 1
    while head > 0 and not _is_word(tokens[head]):
        head -= 1
    return head


def _count(scope: Sequence[str], phrase: Sequence[str]) -> int:
    """How often ``phrase`` occurs in ``scope``, token by token (whole words only)."""
    size = len(phrase)
    return sum(1 for i in range(len(scope) - size + 1) if list(scope[i:i + size]) == list(phrase))


def _small(phrase: Sequence[str], text: Sequence[str]) -> bool:
    """A few words, and not most of the text (then the text itself is re-enacted)."""
    words = sum(1 for token in phrase if token[0].isalnum())
    total = sum(1 for token in text if token[0].isalnum())
    return words <= MAX_WORDS and words * 2 <= total
