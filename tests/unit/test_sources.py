from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from coopdocs.check.sources import MAX_BYTES, load
from coopdocs.errors import InputError


def test_positions_of_keys_and_values(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("a: 1\nb:\n  - {c: x}\n  - d: 2026-04-01\n", encoding="utf-8")
    source = load(path)
    assert source.data == {"a": 1, "b": [{"c": "x"}, {"d": datetime.date(2026, 4, 1)}]}
    assert source.keys[("b", 1, "d")] == (4, 5)
    assert source.values[("b", 1, "d")] == (4, 8)
    assert str(source.locate(("b", 0, "missing"))) == f"{path}:3:5"


@pytest.mark.parametrize(("text", "message"), [
    ("a: 1\na: 2\n", "duplicate key 'a' (first at line 1); keep one of them"),
    ("1: x\n", "keys must be plain text (quote keys like yes, no, on or numbers)"),
    ("a: !!binary aGk=\n", "unsupported YAML tag tag:yaml.org,2002:binary"),
    ("a: !custom x\n", "YAML reads ! at the start of a value as a type (a tag); if it belongs "
                         'to the text, put the whole text in quotes: a: "!custom x"'),
    ("a: .nan\n", "'.nan' is not a finite number"),
    ("a: 2026-13-01\n", "invalid date '2026-13-01': month must be in 1..12; write dates as "
                        "YYYY-MM-DD"),
    ('a: "x\\u0085"\n', "the text contains the control character U+0085, which cannot appear in "
                         "a document; remove it"),
])
def test_rejected_values(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    assert caught.value.message == message


def test_nesting_limit(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 40 + "]" * 40 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="nests deeper than 24 levels"):
        load(path)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="more than the limit of 1,048,576"):
        load(path)


def test_recursive_alias_fails_fast(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("a: &x [*x]\n", encoding="utf-8")
    with pytest.raises(InputError):
        load(path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: Ä\n".encode())
    assert load(path).data == {"a": "Ä"}
