"""Which cooperation fields a clause text reads, found in its template syntax tree.

The coverage test uses this to keep three things in step: the fields a text uses, the ``reads``
its module.yaml declares and the fields the schema defines. Paths are dotted schema paths
without list indices (``partners.role``, ``clauses.liability.cap``).

Names are resolved to paths: ``coop`` is the root, ``opt`` is ``clauses.<module>``, ``item`` is
the list of the module's ``each``; ``partners``, ``coordinator`` and ``partner(...)`` are
partners; ``{% set x = … %}`` and ``{% for x in … %}`` bind names to the path of their value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import jinja2
from jinja2 import nodes

from coopdocs.clauses.library import Module
from coopdocs.compose.agreement import HELPER_FIELDS

_PARTNER_NAMES = ("partners", "coordinator")


def fields_used(module: Module, language: str) -> set[str]:
    """Every dotted field path the module's text in ``language`` reads."""
    tree = jinja2.Environment().parse(module.texts[language])
    scope: dict[str, str] = {"coop": "", "opt": f"clauses.{module.id}"}
    for name in _PARTNER_NAMES:
        scope[name] = "partners"
    if module.each:
        scope["item"] = module.each
    used: set[str] = set()
    _visit(tree, scope, used)
    for node in tree.find_all((nodes.Name, nodes.Call)):
        used.update(_helper_fields(node))
    return {path for path in used if path}


def _helper_fields(node: nodes.Node) -> tuple[str, ...]:
    """Fields read through a context helper, such as ``venue_allowed`` or ``has_annex("goals")``."""
    if isinstance(node, nodes.Name):
        return HELPER_FIELDS.get(node.name, ())
    if (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)
            and node.node.name in ("annex", "has_annex") and node.args
            and isinstance(node.args[0], nodes.Const)):
        return HELPER_FIELDS.get(f"annex:{node.args[0].value}", ())
    return ()


def _visit(node: nodes.Node, scope: dict[str, str], used: set[str]) -> None:
    if isinstance(node, (nodes.Assign, nodes.For)):
        value = node.iter if isinstance(node, nodes.For) else node.node
        path = _path(value, scope)
        if path is not None:
            used.add(path)
            for name in _targets(node.target):
                scope[name] = path
        elif isinstance(node, nodes.For):
            for name in _targets(node.target):
                scope.pop(name, None)
    for child in node.iter_child_nodes():
        path = _path(child, scope)
        if path is not None:
            used.add(path)
        _visit(child, scope, used)


def _targets(target: nodes.Node) -> Iterator[str]:
    if isinstance(target, nodes.Name):
        yield target.name
    elif isinstance(target, nodes.Tuple):
        for item in target.items:
            yield from _targets(item)


def _path(node: nodes.Node, scope: Mapping[str, str]) -> str | None:
    """The field path an expression stands for, or None when it is not a field."""
    if isinstance(node, nodes.Name):
        return scope.get(node.name)
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        return _member(node, scope)
    if isinstance(node, nodes.Filter) and node.node is not None and node.name in _PASSING:
        return _path(node.node, scope)
    if isinstance(node, nodes.Call):
        return _call(node, scope)
    return None


def _call(node: nodes.Call, scope: Mapping[str, str]) -> str | None:
    """``partner(id)`` is a partner; ``x.get("key")`` is x's field ``key``."""
    if isinstance(node.node, nodes.Name) and node.node.name == "partner":
        return "partners"
    if isinstance(node.node, nodes.Getattr) and node.node.attr in _VALUE_METHODS:
        return _path(node.node.node, scope)
    if isinstance(node.node, nodes.Getattr) and node.node.attr == "get" and node.args:
        base = _path(node.node.node, scope)
        key = node.args[0]
        if base is not None and isinstance(key, nodes.Const) and isinstance(key.value, str):
            return f"{base}.{key.value}" if base else key.value
    return None


# Methods a text may call on data (mappings, texts, lists); they are not fields.
_METHODS = ("get", "items", "keys", "values")
# Text and list methods whose result stands for the value they are called on.
_VALUE_METHODS = ("rstrip", "strip", "lower", "upper", "index", "count")

# Filters whose result still stands for (items of) the field they filter.
_PASSING = ("selectattr", "rejectattr", "list", "first", "last", "sort", "reverse", "unique")


def _member(node: nodes.Getattr | nodes.Getitem, scope: Mapping[str, str]) -> str | None:
    """``x.attr`` or ``x["key"]`` extends x's path; ``x[0]`` (an item) keeps the list's path."""
    base = _path(node.node, scope)
    if base is None:
        return None
    if isinstance(node, nodes.Getattr) and node.attr in _METHODS + _VALUE_METHODS:
        return None  # x.get, x.items …: the call is resolved by _call or reads x itself
    if isinstance(node, nodes.Getattr):
        key: object = node.attr
    elif isinstance(node.arg, nodes.Const):
        key = node.arg.value
    else:
        return None
    if not isinstance(key, str):
        return base
    return f"{base}.{key}" if base else key
