from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from coopdocs.clauses.explain import describe_when, explain_lines
from coopdocs.clauses.library import Module, load_library, select, walk


def module(module_id: str, when: dict[str, Any], *, mandatory: bool = False) -> Module:
    return Module(module_id, 1, 0, True, mandatory, {"de": module_id.title()}, "", when, (),
                  {"de": ""}, Path("."))


DATA = {
    "kind": "horizontal",
    "fields": ["purchasing", "it"],
    "partners": [{"id": "a", "competitor_of": []}, {"id": "b", "competitor_of": ["c"]}],
    "clauses": {"it_security": {"standard": "basic"}, "include": [], "exclude": []},
}
RAW = {"kind": "horizontal", "partners": [{"id": "a"}, {"id": "b"}]}


@pytest.mark.parametrize(("condition", "included", "evidence"), [
    ({"path": "partners.*.competitor_of", "test": "nonempty"}, True,
     ("partners[1].competitor_of = [c]",)),
    ({"path": "kind", "test": "equals", "value": "horizontal"}, True, ("kind = horizontal",)),
    ({"path": "kind", "test": "equals", "value": "vertical"}, False, ()),
    ({"path": "fields", "test": "contains", "value": "it"}, True, ("fields = [purchasing, it]",)),
    ({"path": "clauses.it_security", "test": "given"}, False, ()),
    ({"path": "kind", "test": "given"}, True, ("kind = horizontal",)),
])
def test_conditions(condition: dict[str, Any], included: bool, evidence: tuple[str, ...]) -> None:
    when = {"any": [{**condition, "reason": "because"}]}
    [choice] = select({"m": module("m", when)}, DATA, RAW)
    assert (choice.included, choice.evidence) == (included, evidence)


def test_all_needs_every_condition() -> None:
    when = {"all": [{"path": "kind", "test": "given", "reason": "r1"},
                    {"path": "clauses.it_security", "test": "given", "reason": "r2"}]}
    [choice] = select({"m": module("m", when)}, DATA, RAW)
    assert not choice.included
    assert choice.reason == "not: r2 (clauses.it_security)"


def test_include_and_exclude() -> None:
    data = {**DATA, "clauses": {"include": ["opt"], "exclude": ["always", "must"]}}
    library = {"always": module("always", {"always": "x"}),
               "must": module("must", {"always": "x"}, mandatory=True),
               "opt": module("opt", {"any": []})}
    choices = {c.module.id: c for c in select(library, data, RAW)}
    assert not choices["always"].included
    assert choices["must"].included
    assert choices["opt"].included and choices["opt"].reason == "added by clauses.include"


def test_explain_lines() -> None:
    when = {"any": [{"path": "partners.*.competitor_of", "test": "nonempty",
                     "reason": "partners compete", "rule": "R-KART-0"}]}
    library = {"frame": module("frame", {"always": "every agreement"}),
               "kart": module("kart", when)}
    assert list(explain_lines(select(library, DATA, RAW))) == [
        "§ 1   in   frame  Frame",
        "           because: always: every agreement",
        "§ 2   in   kart   Kart",
        "           because: partners compete [R-KART-0]",
        "             partners[1].competitor_of = [c]",
    ]
    assert describe_when(library["kart"]) == "when partners.*.competitor_of nonempty [R-KART-0]"


def test_walk_wildcards() -> None:
    assert list(walk(DATA, "partners.*.id")) == [(("partners", 0, "id"), "a"),
                                                 (("partners", 1, "id"), "b")]
    assert list(walk(DATA, "nope.deeper")) == []


def test_module_titles_are_the_text_headings() -> None:
    """`clauses list`, explain and the README show the title the document prints."""
    for module in load_library().values():
        for language, text in module.texts.items():
            heading = text.splitlines()[0].removeprefix("# ").strip()
            if "{" not in heading:  # a heading with data (an interface's name) varies
                assert module.title[language] == heading, (module.id, language)
