from __future__ import annotations

from pathlib import Path

import pytest

from coopdocs.clauses.markup import Block, make_environment, parse, render_clause, split_paragraphs
from coopdocs.errors import ClauseError
from coopdocs.fmt import Formatter

PATH = Path("clauses/test/de.md")


def render(source: str, **context: object) -> tuple[str, tuple[Block, ...]]:
    env = make_environment(Formatter("de"))
    text = render_clause(env, source, {"partners": [], **context}, PATH)
    return text.heading, text.blocks


def test_blocks_items_and_wrapping() -> None:
    heading, blocks = render("# Titel\n\nErster Satz\nläuft weiter.\n\nEinleitung:\n- eins\n"
                             "- zwei\n  fortgesetzt\n")
    assert heading == "Titel"
    assert blocks == (Block("Erster Satz läuft weiter."),
                      Block("Einleitung:", ("eins", "zwei fortgesetzt")))


def test_conditions_remove_whole_blocks() -> None:
    source = "# T\n\nA\n\n{% if show %}\nB\n\n{% endif %}\nC\n"
    assert [b.lead for b in render(source, show=False)[1]] == ["A", "C"]
    assert [b.lead for b in render(source, show=True)[1]] == ["A", "B", "C"]


@pytest.mark.parametrize("evil", [
    "- kein Punkt", "# keine Überschrift", "Zeile\n\n- neuer Absatz", "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
])
def test_data_never_changes_structure(evil: str) -> None:
    _, blocks = render("# T\n\n{{ value }}\n", value=evil)
    assert len(blocks) == 1
    assert blocks[0].items == ()
    assert blocks[0].lead == " ".join(evil.split())


def test_sandbox_blocks_attribute_escapes() -> None:
    with pytest.raises(ClauseError, match="cannot render"):
        render("# T\n\n{{ x.__class__.__mro__ }}\n", x="a")


def test_undefined_variable_is_an_error() -> None:
    with pytest.raises(ClauseError, match="'nope' is undefined"):
        render("# T\n\n{{ nope }}\n")


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(ClauseError) as caught:
        render("# T\n\n{% if %}\n")
    assert caught.value.location is not None
    assert caught.value.location.line == 3


def test_heading_required() -> None:
    with pytest.raises(ClauseError, match="must start with a heading"):
        parse("kein Titel\n", PATH)


def test_filters() -> None:
    _, blocks = render("# T\n\n{{ 1000 | money }}, {{ [\"a\", \"b\"] | names }}\n",
                       partners=[{"id": "a", "short_name": "A"}, {"id": "b", "short_name": "B"}])
    assert blocks[0].lead == "1.000,00\u00a0€, A und B"


def test_split_paragraphs() -> None:
    assert split_paragraphs("Eins\nzwei\n\n\nDrei\n") == ["Eins zwei", "Drei"]
