"""Coverage of the clause library against the schema (issue 3, scope 5).

Every field a clause text uses is declared in the schema and in its module's ``reads``; every
``reads`` entry is used by the module's texts; every schema field is read by some module or by
the document frame (``CODE_READS``). An undeclared variable or an unused option fails here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from coopdocs.check.schema import field_rules, load_schema
from coopdocs.clauses.library import Module, load_library
from coopdocs.compose.agreement import CODE_READS, DERIVED_FIELDS
from tests.support.usage import fields_used

LIBRARY = load_library()
SCHEMA = load_schema("cooperation")
TEXTS = [(m, lang) for m in LIBRARY.values() for lang in sorted(m.texts)]


def schema_leaves(fields: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """Every field that holds a value (not a mapping of further fields), as a dotted path."""
    for name, rules in fields.items():
        path = f"{prefix}{name}"
        item = rules.get("schema") if rules.get("type") == "list" else rules
        if isinstance(item, Mapping) and item.get("type") == "dict" and "schema" in item:
            yield from schema_leaves(item["schema"], f"{path}.")
        elif rules.get("type") == "dict" and "schema" in rules:
            yield from schema_leaves(rules["schema"], f"{path}.")
        else:
            yield path


def deepest(paths: set[str]) -> set[str]:
    """The paths no other path extends (``a.b`` when ``a`` and ``a.b`` are both used)."""
    return {p for p in paths if not any(q.startswith(p + ".") for q in paths)}


def covered(path: str, declared: tuple[str, ...] | set[str]) -> bool:
    return any(path == d or path.startswith(d + ".") or d.startswith(path + ".")
               for d in declared)


@pytest.mark.parametrize(("module", "language"), TEXTS, ids=[f"{m.id}-{lang}" for m, lang in TEXTS])
def test_text_uses_only_declared_fields(module: Module, language: str) -> None:
    used = deepest(fields_used(module, language))
    undeclared = sorted(p for p in used
                        if field_rules(SCHEMA, p) is None and p not in DERIVED_FIELDS)
    assert not undeclared, f"{module.id}/{language}.md uses fields the schema lacks: {undeclared}"
    unread = sorted(p for p in used if field_rules(SCHEMA, p) is not None
                    and not covered(p, module.reads) and not _general(p))
    assert not unread, f"{module.id}/{language}.md uses {unread}; add them to reads"


@pytest.mark.parametrize("module", list(LIBRARY.values()), ids=list(LIBRARY))
def test_every_declared_read_is_a_schema_field_used_by_the_text(module: Module) -> None:
    used: set[str] = set().union(*(fields_used(module, lang) for lang in module.texts))
    for path in module.reads:
        assert field_rules(SCHEMA, path) is not None, f"{module.id}: reads unknown field {path}"
        assert covered(path, used), f"{module.id}: declares {path} in reads but never uses it"


def test_every_schema_field_is_read_somewhere() -> None:
    read = {path for m in LIBRARY.values() for path in m.reads} | set(CODE_READS)
    unread = sorted(p for p in schema_leaves(SCHEMA) if not covered(p, read))
    assert not unread, f"schema fields that no module or frame reads: {unread}"


def test_frame_reads_are_schema_fields() -> None:
    assert [p for p in CODE_READS if field_rules(SCHEMA, p) is None] == []


GENERAL = {"title", "date", "id", "language", "currency", "partners", "partners.id",
           "partners.name", "partners.short_name", "partners.address_line"}


def _general(path: str) -> bool:
    """Fields every text may use without declaring them: the agreement's and partners' names."""
    return path in GENERAL
