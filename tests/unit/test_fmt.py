from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopdocs.fmt import Formatter, fold_whitespace

NBSP = "\u00a0"


@pytest.mark.parametrize(("method", "value", "expected"), [
    ("date", datetime.date(2026, 4, 1), "1. April 2026"),
    ("date", datetime.date(2026, 3, 1), "1. März 2026"),
    ("money", 250000, f"250.000,00{NBSP}€"),
    ("money", Decimal("1234.5"), f"1.234,50{NBSP}€"),
    ("percent", 40, f"40{NBSP}%"),
    ("percent", 12.5, f"12,5{NBSP}%"),
    ("number", 5000000, "5.000.000"),
])
def test_german(method: str, value: object, expected: str) -> None:
    assert getattr(Formatter("de"), method)(value) == expected


def test_lists() -> None:
    assert Formatter("de").join(["A", "B", "C"]) == "A, B und C"
    assert Formatter("de").join(["A"]) == "A"
    assert Formatter("en").join(["A", "B", "C"]) == "A, B and C"


def test_other_currency_and_english() -> None:
    assert Formatter("de", "CHF").money(10) == f"10,00{NBSP}CHF"
    assert Formatter("en").date(datetime.date(2026, 4, 1)) == "1 April 2026"
    assert Formatter("en").money(250000) == "EUR\u00a0250,000.00"
    assert Formatter("en", "CHF").money(2000000) == "CHF\u00a02,000,000.00"


@given(st.text(alphabet=st.sampled_from(["a", "ü", " ", "\t", "\n", "\r", "\xa0", "\u2009",
                                         "\u2028", "€", "§", "\x0b"]), max_size=12))
def test_fold_whitespace_is_the_regex_and_strip(text: str) -> None:
    """The shortcut for texts with nothing to fold gives what the regex and strip give."""
    assert fold_whitespace(text) == re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()


def test_fold_whitespace_keeps_inner_no_break_spaces() -> None:
    assert fold_whitespace(" 250.000,00\xa0€ \n\t Netto ") == "250.000,00\xa0€ Netto"
    assert fold_whitespace("Müller & Söhne") == "Müller & Söhne"
