"""Clause texts avoid two traps: a printed value loses its outer spaces, and a literal [●]
is a blank nobody can fill (blanks go through ``blank(key, label)``).

Every value printed with ``{{ }}`` has its whitespace folded (so data can never start an Absatz
or a list item), which also strips a leading or trailing space. A text that prints a literal
such as ``{{ " und Ausscheiden" if … }}`` therefore glues the words together ("Beendigungund
Ausscheiden"); such optional words are written with ``{% if %} und Ausscheiden{% endif %}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from coopdocs.clauses.library import load_library
from coopdocs.clauses.markup import make_environment, render_clause
from coopdocs.fmt import Formatter

TEXTS = [(m.id, lang) for m in load_library().values() for lang in sorted(m.texts)]


@pytest.mark.parametrize(("module_id", "language"), TEXTS, ids=[f"{m}-{lang}" for m, lang in TEXTS])
def test_no_printed_literal_relies_on_an_outer_space(module_id: str, language: str) -> None:
    text = load_library()[module_id].texts[language]
    found = spaced_literals(text)
    assert found == [], f"{module_id}/{language}.md: use {{% if %}} for optional words: {found}"


@pytest.mark.parametrize(("module_id", "language"), TEXTS, ids=[f"{m}-{lang}" for m, lang in TEXTS])
def test_every_blank_is_recorded_with_its_input_key(module_id: str, language: str) -> None:
    """A draft lists each [●] with the key that fills it, and --final refuses while one remains:
    a literal [●] would be listed nowhere and could never be filled (issue 17, item 15)."""
    text = load_library()[module_id].texts[language]
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if "●" in line]
    assert lines == [], f"{module_id}/{language}.md: write blank(key, label) on lines {lines}"


def spaced_literals(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every printed text literal with a space at either end."""
    tree = jinja2.Environment().parse(source)
    return [(const.lineno, const.value) for output in tree.find_all(nodes.Output)
            for expression in output.nodes if not isinstance(expression, nodes.TemplateData)
            for const in _printed(expression)
            if isinstance(const.value, str) and const.value != const.value.strip(" ")]


def _printed(node: nodes.Node) -> Iterator[nodes.Const]:
    """The literals an expression may print as a whole: itself, or a branch of an if-else."""
    if isinstance(node, nodes.Const):
        yield node
    elif isinstance(node, nodes.CondExpr):
        yield from _printed(node.expr1)
        if node.expr2 is not None:
            yield from _printed(node.expr2)


def test_the_trap_is_real() -> None:
    """What the lint guards against: the printed literal's space is gone."""
    env = make_environment(Formatter("de"))
    text = render_clause(env, '# Kopf{{ " und Fuß" }}\n\nText{% if x %} und mehr{% endif %}.\n',
                         {"x": True}, Path("t.md"))
    assert text.heading == "Kopfund Fuß"
    assert text.blocks[0].lead == "Text und mehr."
    assert spaced_literals('A{{ " und Fuß" if x else "" }}') == [(1, " und Fuß")]
    assert spaced_literals('A{{ "Fuß" if x else "" }} {{ y | join(", ") }}') == []
