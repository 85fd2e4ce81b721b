"""One question as data, and the parsing of one answer to it.

An answer comes as typed text (the terminal) or as a YAML value (an answers file); both go
through ``parse``, so a script gets the same checks as a person. A bad answer raises
``AnswerError`` with a message that says what to type instead; the conversation shows it and
asks again, the answers file reports it at the key.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from coopdocs.check.schema import SLUG
from coopdocs.errors import KeyPath
from coopdocs.fmt import typed_date
from coopdocs.i18n import _, language, translated

# A check of an answer against the answers before it: None when fine, else what is wrong.
Check = Callable[[Any], str | None]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_YES = frozenset({"y", "yes", "j", "ja", "true", "1"})
_NO = frozenset({"n", "no", "nein", "false", "0"})
# "400-600", "400 bis 600", "400 to 600", "400..600", "400; 600" (a minus may lead each number)
_BAND = re.compile(r"\s*(-?[\d.,]+)\s*(?:-|–|\.\.|…|;|bis|to)\s*(-?[\d.,]+)\s*", re.IGNORECASE)


class Kind(Enum):
    """What an answer is; decides how it is parsed and shown."""

    TEXT = "text"
    TEXTS = "texts"  # several texts, separated by ";" when typed
    ID = "id"
    IDS = "ids"  # several ids of the choices, separated by "," when typed
    DATE = "date"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    COUNT = "count"  # how many items a list gets; in an answers file, the list's length
    EMAIL = "email"
    POSTAL_CODE = "postal_code"
    BAND = "band"  # a tolerance band: the lowest and the highest acceptable value


@dataclass(frozen=True)
class Choice:
    """One choice: the value written to the file, and what it means.

    ``label`` is a message marked with N_ and translated where shown, unless ``translated`` is
    False (a partner's name).
    """

    value: str
    label: str = ""
    translated: bool = True


@dataclass(frozen=True)
class Question:
    """One question: where its answer goes, how it is asked, what it accepts.

    ``text``, ``hint`` and ``empty`` (what an empty answer to an optional question means) are
    English messages marked with N_; ``params`` fill their placeholders after translation.
    ``low`` and ``high`` bound numbers, counts, the number of ids and the length of a text.
    ``check`` compares the answer with earlier ones.
    """

    path: KeyPath
    text: str
    kind: Kind
    step: int
    required: bool = True
    default: Any = None
    choices: tuple[Choice, ...] = ()
    low: float | None = None
    high: float | None = None
    hint: str = ""
    empty: str = ""
    params: tuple[tuple[str, str], ...] = ()
    check: Check | None = None

    def title(self) -> str:
        """The question in the current language, its placeholders filled in."""
        return translated(self.text).format(**dict(self.params))

    def help(self) -> str:
        """The hint in the current language ("" when there is none)."""
        return translated(self.hint).format(**dict(self.params)) if self.hint else ""


class AnswerError(Exception):
    """An answer that cannot be taken; ``message`` says what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MissingAnswerError(AnswerError):
    """A required question got no answer."""


def parse(question: Question, raw: object) -> Any:
    """The value of ``raw`` (typed text or a YAML value) as an answer to ``question``.

    Empty means the default, or None for an optional question. Raises AnswerError.
    """
    if _is_empty(raw):
        if question.default is not None or not question.required:
            return question.default
        raise MissingAnswerError(_("an answer is needed"))
    value = _PARSERS[question.kind](question, raw)
    problem = question.check(value) if question.check else None
    if problem:
        raise AnswerError(problem)
    return value


def shown(question: Question, value: Any) -> str:
    """A value as the terminal shows it (the default in brackets), as the user would type it.

    A German user sees German dates (31.03.2027) and decimal commas (2,5).
    """
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return typed_date(value)
    if question.kind is Kind.BAND:
        return f"{local_number(value[0])}-{local_number(value[1])}"
    if isinstance(value, list | tuple):
        return ("; " if question.kind is Kind.TEXTS else ", ").join(str(v) for v in value)
    if isinstance(value, float | int):
        return local_number(value)
    return str(value)


def local_number(value: float | Decimal) -> str:
    """A number as the user types it: 2,5 in German, 2.5 in English (no exponent)."""
    text = _number_text(value)
    return text.replace(".", ",") if language() == "de" else text


def _is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _text(question: Question, raw: object) -> str:
    if isinstance(raw, dict | list | bool):
        raise AnswerError(_("enter a text"))
    text = " ".join(str(raw).split()) if "\n" not in str(raw) else str(raw).strip()
    if question.high is not None and len(text) > question.high:
        raise AnswerError(_("at most {count} characters, please shorten it").format(
            count=int(question.high)))
    return text


def _texts(question: Question, raw: object) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw).split(";")
    texts = [_text(question, item) for item in items if not _is_empty(item)]
    if not texts:
        raise MissingAnswerError(_("an answer is needed"))
    return texts


def _id(question: Question, raw: object) -> str:
    text = str(raw).strip()
    if not isinstance(raw, str) or not SLUG.fullmatch(text):
        raise AnswerError(_("an id has lower-case letters, digits and hyphens and starts with a "
                            "letter or digit, e.g. baeckerei-korn"))
    return text


def _ids(question: Question, raw: object) -> list[str]:
    items = raw if isinstance(raw, list) else str(raw).split(",")
    ids = [str(item).strip() for item in items if not _is_empty(item)]
    known = [choice.value for choice in question.choices]
    unknown = [item for item in ids if item not in known]
    if unknown:
        raise AnswerError(_("unknown id '{id}'; choose from: {ids}").format(
            id=unknown[0], ids=", ".join(known)))
    unique = list(dict.fromkeys(ids))
    if question.low is not None and len(unique) < question.low:
        raise AnswerError(_("name at least {count} of: {ids}").format(
            count=int(question.low), ids=", ".join(known)))
    return unique


def _date(question: Question, raw: object) -> datetime.date:
    if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
        return raw
    text = str(raw).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise AnswerError(_("enter a date as YYYY-MM-DD or DD.MM.YYYY, e.g. 2026-05-01"))


def _integer(question: Question, raw: object) -> int:
    text = str(raw).strip()
    if isinstance(raw, bool) or not re.fullmatch(r"-?\d{1,12}", text):
        raise AnswerError(_within(question, whole=True))
    value = int(text)
    if not _in_range(question, value):
        raise AnswerError(_within(question, whole=True))
    return value


def _number(question: Question, raw: object) -> int | float:
    value = _decimal(raw)
    if value is None or not _in_range(question, value):
        raise AnswerError(_within(question, whole=False))
    return int(value) if value == value.to_integral_value() else float(value)


def _decimal(raw: object) -> Decimal | None:
    """A number typed with a decimal point or comma ("2,5"), or given as a YAML number."""
    if isinstance(raw, bool):
        return None
    text = str(raw).strip().replace(",", ".") if isinstance(raw, str) else str(raw)
    if not re.fullmatch(r"-?\d{1,13}(\.\d{1,6})?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None


def _in_range(question: Question, value: int | Decimal) -> bool:
    low, high = question.low, question.high
    return (low is None or value >= Decimal(str(low))) and (
        high is None or value <= Decimal(str(high)))


def _within(question: Question, *, whole: bool) -> str:
    low, high = _number_text(question.low or 0), _number_text(question.high or 0)
    if whole:
        return _("enter a whole number from {low} to {high}").format(low=low, high=high)
    return _("enter a number from {low} to {high} (a decimal comma is fine)").format(
        low=low, high=high)


def _boolean(question: Question, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().lower()
    if word in _YES or word in _NO:
        return word in _YES
    raise AnswerError(_("answer yes or no"))


def _choice(question: Question, raw: object) -> str:
    text = str(raw).strip()
    values = [choice.value for choice in question.choices]
    if text.isdigit() and 1 <= int(text) <= len(values) and text not in values:
        return values[int(text) - 1]
    if text in values:
        return text
    raise AnswerError(_("choose one of: {choices} (or its number)").format(
        choices=", ".join(values)))


def _count(question: Question, raw: object) -> int:
    return _integer(question, raw)


def _email(question: Question, raw: object) -> str:
    text = str(raw).strip()
    if not _EMAIL.fullmatch(text):
        raise AnswerError(_("enter an e-mail address like name@example.com"))
    return text


def _postal_code(question: Question, raw: object) -> str:
    if not isinstance(raw, str):
        raise AnswerError(_("a postal code is text: put it in quotes, e.g. \"01067\""))
    text = raw.strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 -]{1,11}", text):
        raise AnswerError(_("enter the postal code, e.g. 01067"))
    return text


def _band(question: Question, raw: object) -> list[int | float]:
    pair = _band_pair(raw)
    if pair is None:
        raise AnswerError(_("enter the lowest and the highest acceptable value, e.g. 400-600"))
    low, high = pair
    if low > high:
        raise AnswerError(_("the lowest value comes first, e.g. 400-600"))
    return [int(v) if v == v.to_integral_value() else float(v) for v in (low, high)]


def _band_pair(raw: object) -> tuple[Decimal, Decimal] | None:
    if isinstance(raw, list | tuple):
        items: Sequence[object] = raw
    else:
        match = _BAND.fullmatch(str(raw))
        items = match.groups() if match else ()
    if len(items) != 2:
        return None
    low, high = _decimal(items[0]), _decimal(items[1])
    return (low, high) if low is not None and high is not None else None


def _number_text(value: float | Decimal | int) -> str:
    """12 → "12", 2.5 → "2.5" (no trailing zeros, no exponent)."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text


_PARSERS: dict[Kind, Callable[[Question, object], Any]] = {
    Kind.TEXT: _text,
    Kind.TEXTS: _texts,
    Kind.ID: _id,
    Kind.IDS: _ids,
    Kind.DATE: _date,
    Kind.INTEGER: _integer,
    Kind.NUMBER: _number,
    Kind.BOOLEAN: _boolean,
    Kind.CHOICE: _choice,
    Kind.COUNT: _count,
    Kind.EMAIL: _email,
    Kind.POSTAL_CODE: _postal_code,
    Kind.BAND: _band,
}
