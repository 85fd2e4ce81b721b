"""Locale formatting through babel: dates, money, percentages, numbers and "A, B und C" lists."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from coopdocs.i18n import language

LOCALES = {"de": "de_DE", "en": "en_GB"}  # babel locales of the document languages
# BCP 47 language tags of the document languages, for the documents' properties (dc:language).
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}
# Runs of whitespace other than a single space (not \s: no-break spaces stay, 250.000,00 €). A
# single space is left alone rather than replaced by itself: prose has one between every word.
_WHITESPACE = re.compile(r" [ \t\r\n\f\v]+|[\t\r\n\f\v][ \t\r\n\f\v]*")


def fold_whitespace(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space; no-break spaces stay.

    Most texts have nothing to fold: printable (no tabs or breaks, no other kind of space), no
    double space, no space at either end; they are returned as they are, without the regex.
    """
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _WHITESPACE.sub(" ", text).strip()


def typed_date(value: datetime.date) -> str:
    """A date as the user types it: 31.03.2027 in German, 2027-03-31 in English."""
    return value.strftime("%d.%m.%Y") if language() == "de" else value.isoformat()


def is_number(value: Any) -> bool:
    """A number of the input: an int or a float, never a boolean (YAML ``true`` is no 1)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Formatter:
    """Formats values for one document language and currency."""

    language: str = "de"
    currency: str = "EUR"

    @property
    def locale(self) -> str:
        return LOCALES[self.language]

    def date(self, value: datetime.date) -> str:
        """``2026-04-01`` → "1. April 2026"."""
        return format_date(value, format="long", locale=self.locale)

    def short_date(self, value: datetime.date) -> str:
        """``2026-04-01`` → "01.04.2026" (tables); in English "1 Apr 2026"."""
        return format_date(value, format="medium", locale=self.locale)

    def money(self, value: float | int | Decimal) -> str:
        """``250000`` → "250.000,00 €"; in English "EUR 250,000.00" (the code, as contracts do)."""
        if self.locale.startswith("en"):
            return format_currency(Decimal(str(value)), self.currency,
                                   format="¤¤\u00a0#,##0.00", locale=self.locale)
        return format_currency(Decimal(str(value)), self.currency, locale=self.locale)

    def number(self, value: float | int | Decimal) -> str:
        """``5000000`` → "5.000.000"; ``2.5`` → "2,5"."""
        return format_decimal(Decimal(str(value)), locale=self.locale)

    def score(self, value: float) -> str:
        """A mean score with one decimal: ``2.5`` → "2,5", ``3`` → "3,0"."""
        rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return format_decimal(rounded, format="0.0", locale=self.locale)

    def percent(self, value: float | int | Decimal) -> str:
        """``40`` → "40 %" (German typography keeps a space before the sign)."""
        number = self.number(value)
        return f"{number}\u00a0%" if self.language == "de" else f"{number}%"

    def join(self, items: Sequence[str]) -> str:
        """``["A", "B", "C"]`` → "A, B und C"."""
        return format_list(list(items), locale=self.locale) if items else ""
