from __future__ import annotations

from pathlib import Path

import pytest

from coopdocs.clauses import Choice, Module
from coopdocs.docmodel import Paragraph
from coopdocs.errors import ClauseError
from coopdocs.markup import Block
from coopdocs.outline import make_outline, number_blocks


def module(module_id: str, *, numbered: bool = True) -> Module:
    return Module(module_id, 1, 0, numbered, False, {"de": module_id}, "", {"always": "x"}, (),
                  {"de": ""}, Path("."))


def test_numbers_only_included_numbered_modules() -> None:
    choices = [Choice(module("preamble", numbered=False), True, "x"),
               Choice(module("a"), True, "x"), Choice(module("b"), False, "x"),
               Choice(module("c"), True, "x")]
    outline = make_outline(choices, ["partners", "goals"], "Anlage")
    assert (outline.ref("a"), outline.ref("c")) == ("§ 1", "§ 2")
    assert outline.included("c") and not outline.included("b")
    assert outline.annex("goals") == "Anlage 2"
    with pytest.raises(ClauseError, match="guard the reference with included"):
        outline.ref("b")
    with pytest.raises(ClauseError, match="has_annex"):
        outline.annex("data")


def test_absatz_numbering() -> None:
    assert number_blocks([Block("Nur einer")]) == (Paragraph("text", "", "Nur einer"),)
    assert number_blocks([Block("A"), Block("B:", ("x", "y"))]) == (
        Paragraph("absatz", "(1)", "A"),
        Paragraph("absatz", "(2)", "B:"),
        Paragraph("item", "a)", "x"),
        Paragraph("item", "b)", "y"),
    )
