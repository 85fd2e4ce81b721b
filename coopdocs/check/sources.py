"""Safe YAML loading that keeps the line and column of every key and value.

PyYAML composes the document into a node graph (aliases stay shared nodes, so composing a
"billion laughs" file is cheap); coopdocs then walks the graph itself, counting every value it
visits after alias expansion and the nesting depth, and fails fast past the limits. Only the plain
YAML types are accepted; duplicate keys, non-text keys, control characters and NaN are errors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coopdocs.errors import InputError, KeyPath, Location
from coopdocs.resources import SAFE_LOADER

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 24
MAX_VALUES = 50_000

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
# control characters, except tab and line breaks, which YAML text may hold
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Source:
    """A loaded input file: plain data plus the position of every key and value."""

    path: Path
    data: Any
    values: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: KeyPath, *, key: bool = False) -> Location:
        """Location of ``path`` (its key with ``key=True``), else of its nearest existing parent."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            position = table.get(prefix) or self.values.get(prefix)
            if position:
                return Location(self.path, *position)
        return Location(self.path, 1, 1)


def load(path: Path) -> Source:
    """Read and parse ``path``; raise InputError with a location for anything unreadable."""
    text = _read_text(path)
    if not _has_content(text):
        raise InputError(
            "the file is empty; a cooperation description starts with 'format: 1'",
            Location(path, 1, 1),
        )
    root = _compose(path, text)
    walker = _Walker(path)
    data = walker.walk(root, (), 0)
    return Source(path, data, walker.values, walker.keys)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", Location(path)) from exc
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"the file has {len(raw):,} bytes, more than the limit of {MAX_BYTES:,}; "
            "split it or remove what does not belong to the cooperation",
            Location(path, 1, 1),
        )
    if b"\x00" in raw:
        raise InputError("this is a binary file, not a YAML text file", Location(path, 1, 1))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            "the file is not UTF-8 text; save it as UTF-8", Location(path, line, column)
        ) from exc


def _has_content(text: str) -> bool:
    lines = (line.strip() for line in text.splitlines())
    return any(line and not line.startswith("#") and line != "---" for line in lines)


def _compose(path: Path, text: str) -> Node:
    try:
        node = _parse(text)
    except yaml.MarkedYAMLError as exc:
        raise InputError(_yaml_message(exc), _mark_location(path, exc)) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", Location(path, 1, 1)) from exc
    if node is None:
        raise InputError("the file is empty", Location(path, 1, 1))
    return node


def _parse(text: str) -> Node | None:
    """The node graph, by libyaml when it is there; an error is told by PyYAML's own parser.

    Both give the same nodes and positions, but their messages differ; the pure-Python parser's
    are the ones users (and the tests) know.
    """
    if SAFE_LOADER is not yaml.SafeLoader:
        try:
            node: Node | None = yaml.compose(text, Loader=SAFE_LOADER)
        except yaml.YAMLError:
            pass
        else:
            return node
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "syntax error"
    if exc.context and exc.context_mark is not None:
        return f"not valid YAML: {problem} ({exc.context} at line {exc.context_mark.line + 1})"
    return f"not valid YAML: {problem}"


def _mark_location(path: Path, exc: yaml.MarkedYAMLError) -> Location:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Location(path, 1, 1)
    return Location(path, mark.line + 1, mark.column + 1)


class _Walker:
    """Turns a node graph into plain data, recording positions and enforcing the limits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.values: dict[KeyPath, tuple[int, int]] = {}
        self.keys: dict[KeyPath, tuple[int, int]] = {}
        self.constructor = yaml.SafeLoader("")

    def walk(self, node: Node, path: KeyPath, depth: int) -> Any:
        self._check_limits(node, depth)
        self.values.setdefault(path, _position(node))
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            self._check_tag(node, "seq")
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self._scalar(node)
        except InputError as exc:
            raise InputError(exc.message, exc.location, path=path) from exc.__cause__

    def _check_limits(self, node: Node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_VALUES:
            raise InputError(
                f"the file expands to more than {MAX_VALUES:,} values; YAML aliases (*name) "
                "that repeat large parts are not allowed",
                self._at(node),
            )
        if depth > MAX_DEPTH:
            raise InputError(
                f"the file nests deeper than {MAX_DEPTH} levels", self._at(node)
            )

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        self._check_tag(node, "map")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in result:
                first = self.keys[(*path, key)][0]
                raise InputError(
                    f"duplicate key '{key}' (first at line {first}); keep one of them",
                    self._at(key_node), path=(*path, key),
                )
            self.keys[(*path, key)] = _position(key_node)
            result[key] = self.walk(value_node, (*path, key), depth + 1)
        return result

    def _key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode) or node.tag != f"{_TAG}str":
            raise InputError(
                "keys must be plain text (quote keys like yes, no, on or numbers)", self._at(node)
            )
        return str(node.value)

    def _scalar(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode) or node.tag not in _SCALAR_TAGS:
            raise InputError(f"unsupported YAML tag {node.tag}", self._at(node))
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            raise InputError(_scalar_message(node, exc), self._at(node)) from exc
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"'{node.value}' is not a finite number", self._at(node))
        if isinstance(value, str):
            _check_characters(value, self._at(node))
        return value

    def _check_tag(self, node: Node, kind: str) -> None:
        if node.tag != f"{_TAG}{kind}":
            raise InputError(f"unsupported YAML tag {node.tag}", self._at(node))

    def _at(self, node: Node) -> Location:
        return Location(self.path, *_position(node))


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar_message(node: ScalarNode, exc: Exception) -> str:
    if node.tag == f"{_TAG}timestamp":
        return f"invalid date '{node.value}': {exc}; write dates as YYYY-MM-DD"
    return f"invalid value '{node.value}': {exc}"


def _check_characters(value: str, location: Location) -> None:
    found = _CONTROL.search(value)
    if found:
        raise InputError(
            f"the text contains the control character U+{ord(found.group()):04X}, which cannot "
            "appear in a document; remove it",
            location,
        )
