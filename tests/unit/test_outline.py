from __future__ import annotations

from pathlib import Path

import pytest

from coopdocs.clauses.library import Choice, Module
from coopdocs.clauses.markup import Block
from coopdocs.clauses.outline import Outline, make_outline, number_blocks
from coopdocs.errors import ClauseError
from coopdocs.fmt import Formatter
from coopdocs.model.document import Paragraph


def module(module_id: str, *, numbered: bool = True) -> Module:
    return Module(module_id, 1, 0, numbered, False, {"de": module_id}, "", {"always": "x"}, (),
                  {"de": ""}, Path("."))


def test_numbers_only_included_numbered_modules() -> None:
    choices = [Choice(module("preamble", numbered=False), True, "x"),
               Choice(module("a"), True, "x"), Choice(module("b"), False, "x"),
               Choice(module("c"), True, "x")]
    outline = make_outline(choices, ["partners", "goals"], "Anlage")
    nbsp = "\u00a0"  # "§ 1" never breaks across lines
    assert (outline.ref("a"), outline.ref("c")) == (f"§{nbsp}1", f"§{nbsp}2")
    assert outline.included("c") and not outline.included("b")
    assert outline.annex("goals") == f"Anlage{nbsp}2"
    join = Formatter("de").join
    assert outline.refs(["c", "b", "a"], join) == f"§§{nbsp}1 und 2"
    assert outline.refs(["b", "c"], join) == f"§{nbsp}2"
    assert outline.refs(["b"], join) == ""
    with pytest.raises(ClauseError, match="guard the reference with included"):
        outline.ref("b")
    with pytest.raises(ClauseError, match="has_annex"):
        outline.annex("data")


def test_unnumbered_module_keeps_plain_paragraphs() -> None:
    assert number_blocks([Block("A"), Block("B")], numbered_module=False) == (
        Paragraph("text", "", "A"), Paragraph("text", "", "B"))


def test_absatz_numbering() -> None:
    assert number_blocks([Block("Nur einer")]) == (Paragraph("text", "", "Nur einer"),)
    assert number_blocks([Block("A"), Block("B:", ("x", "y"))]) == (
        Paragraph("absatz", "(1)", "A"),
        Paragraph("absatz", "(2)", "B:"),
        Paragraph("item", "a)", "x"),
        Paragraph("item", "b)", "y"),
    )


def test_refs_are_in_the_order_of_the_agreement() -> None:
    outline = Outline({"a": "10", "b": "7", "c": "7a", "d": "2"}, {}, "Anlage")
    assert outline.refs(["a", "b", "c", "d"], ", ".join) == "§§\u00a02, 7, 7a, 10"
