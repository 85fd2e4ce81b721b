"""Safe YAML loading that keeps the line and column of every key and value.

PyYAML composes the document into a node graph (aliases stay shared nodes, so composing a
"billion laughs" file is cheap); coopdocs then walks the graph itself, counting every value it
visits after alias expansion and the nesting depth, and fails fast past the limits. PyYAML's own
composer recurses once per level, so it is stopped at the depth limit too, before it could
overflow the stack. Only the plain YAML types are accepted; duplicate keys, non-text keys, merge
keys, NaN and infinity, numbers with more digits than a float keeps, and every character an XML
document (a .docx) cannot hold are errors, each with its line, column and key path. A file that
does not parse is told by the hand-written mistake behind it where mistakes.py recognizes one.
"""

from __future__ import annotations

import codecs
import decimal
import errno
import math
import os
import re
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from coopdocs.check.mistakes import explain, starts_with_indicator, suggest
from coopdocs.errors import InputError, KeyPath, Location
from coopdocs.i18n import _
from coopdocs.resources import SAFE_LOADER

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 24
MAX_VALUES = 50_000

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
# Characters a document cannot hold: control characters (except tab and line breaks, which
# YAML text may hold), halves of UTF-16 surrogate pairs (a double-quoted "\ud83c\udf55" gives
# two of them, not one character) and the noncharacters U+FFFE and U+FFFF, which XML 1.0 lacks.
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# UTF-32 before UTF-16: a UTF-32LE byte order mark starts like a UTF-16LE one
_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32LE"), (codecs.BOM_UTF32_BE, "UTF-32BE"),
         (codecs.BOM_UTF16_LE, "UTF-16LE"), (codecs.BOM_UTF16_BE, "UTF-16BE"))
# without a mark: the NUL bytes of a first ASCII character (YAML 1.2, 5.2), which bytes are zero
_BY_ZEROS = {(True, True, True, False): "UTF-32BE", (False, True, True, True): "UTF-32LE",
             (True, False): "UTF-16BE", (False, True): "UTF-16LE"}


@dataclass(frozen=True)
class Source:
    """A loaded input file: plain data plus the position of every key and value.

    ``hints`` holds, by key path, what to tell about a key that is likely a mistake of YAML
    syntax (a text cut at a comma inside ``{…}``), for the message that reports the key.
    ``written`` holds, by key path, the text as the file writes it of a value YAML did not read
    as text although it may be meant as one: an unquoted number, boolean or date (``01067``,
    ``NO``) and a one-line key with a value (``Einkauf: Verpackung``), for the message that
    says to put it in quotes.
    """

    path: Path
    data: Any
    values: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)
    hints: Mapping[KeyPath, str] = field(default_factory=dict)
    written: Mapping[KeyPath, str] = field(default_factory=dict)

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
            _("the file is empty; a cooperation description starts with 'format: 1'"),
            Location(path, 1, 1),
        )
    root = _compose(path, text)
    walker = _Walker(path)
    data = walker.walk(root, (), 0)
    return Source(path, data, walker.values, walker.keys, walker.hints, walker.written)


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file, at most one more than ``MAX_BYTES``.

    Only a regular file is read: a device such as /dev/zero never ends and a FIFO may never
    deliver, so reading either to its end would exhaust the memory or wait for good.
    """
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise InputError(_("this is not a regular file (a device, a pipe or a socket); "
                               "give the path of a YAML file"), Location(path))
        with path.open("rb") as stream:
            return stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(_("cannot read the file: {reason}").format(reason=exc.strerror),
                         Location(path)) from exc


def _read_text(path: Path) -> str:
    raw = read_limited(path)
    if len(raw) > MAX_BYTES:
        raise InputError(
            _("the file has {size} bytes, more than the limit of {limit}; split it or remove "
              "what does not belong to the cooperation").format(
                size=f"{path.stat().st_size:,}", limit=f"{MAX_BYTES:,}"),
            Location(path, 1, 1),
        )
    _refuse_wide_text(path, raw)
    if b"\x00" in raw:
        raise InputError(_("this is a binary file, not a YAML text file"), Location(path, 1, 1))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            _("the file is not UTF-8 text; save it as UTF-8"), Location(path, line, column)
        ) from exc


def _refuse_wide_text(path: Path, raw: bytes) -> None:
    """A UTF-16 or UTF-32 text is named as such, with the command that converts it."""
    encoding = _wide_encoding(raw)
    if encoding is None:
        return
    raise InputError(
        _("the file is {encoding} text, but coopdocs reads UTF-8; convert it, e.g. with "
          "'{command}', or save it as UTF-8 in your editor").format(
            encoding=encoding,
            command=f"iconv -f {encoding} -t UTF-8 {path.name} > "
                    f"{path.stem}-utf8{path.suffix}"),
        Location(path, 1, 1),
    )


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32 (with byte order), or None for anything else.

    Told by the byte order mark or by the NUL bytes of an ASCII start; bytes that do not decode
    as that encoding, or hold NUL characters, are not such a text after all.
    """
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if encoding is None:
        zeros = tuple(byte == 0 for byte in raw[:4])
        encoding = _BY_ZEROS.get(zeros) or _BY_ZEROS.get(zeros[:2])
    if encoding is None:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding if "\x00" not in text else None


def _has_content(text: str) -> bool:
    lines = (line.strip() for line in text.splitlines())
    return any(line and not line.startswith("#") and line != "---" for line in lines)


class _TooDeepError(Exception):
    """The composer reached a node deeper than MAX_DEPTH (at ``mark``)."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(mark)
        self.mark = mark


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, stopped at the depth limit.

    Its composer calls itself once per level of nesting, so 1,000 levels (libyaml refuses
    those, and its error sends the file here for the message) would overflow the stack before
    the walker could count them.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.depth > MAX_DEPTH:
            raise _TooDeepError(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _compose(path: Path, text: str) -> Node:
    try:
        node = _parse(text)
    except _TooDeepError as exc:
        raise InputError(_too_deep(), Location(path, exc.mark.line + 1, exc.mark.column + 1)
                         ) from None
    except yaml.reader.ReaderError as exc:
        raise InputError(_character_message(chr(exc.character)),
                         _index_location(path, text, exc.position)) from exc
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, text, exc) from exc
    except yaml.YAMLError as exc:
        raise InputError(_("not valid YAML: {problem}").format(problem=exc),
                         Location(path, 1, 1)) from exc
    if node is None:
        raise InputError(_("the file is empty"), Location(path, 1, 1))
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
    return yaml.compose(text, Loader=_DepthLimitedLoader)


def _syntax_error(path: Path, text: str, exc: yaml.MarkedYAMLError) -> InputError:
    """The common mistake behind a parse error in words (mistakes.py), else the parser's."""
    mistake = explain(exc, text)
    if mistake is not None:
        return InputError(mistake.message, Location(path, mistake.line, mistake.column))
    return InputError(_yaml_message(exc), _mark_location(path, exc))


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "syntax error"
    if exc.context and exc.context_mark is not None:
        return _("not valid YAML: {problem} ({context} at line {line})").format(
            problem=problem, context=exc.context, line=exc.context_mark.line + 1)
    return _("not valid YAML: {problem}").format(problem=problem)


def _mark_location(path: Path, exc: yaml.MarkedYAMLError) -> Location:
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Location(path, 1, 1)
    return Location(path, mark.line + 1, mark.column + 1)


def _index_location(path: Path, text: str, index: int) -> Location:
    line_start = text.rfind("\n", 0, index) + 1
    return Location(path, text.count("\n", 0, index) + 1, index - line_start + 1)


def _too_deep() -> str:
    return _("the file nests deeper than {depth} levels").format(depth=MAX_DEPTH)


class _Walker:
    """Turns a node graph into plain data, recording positions and enforcing the limits."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.values: dict[KeyPath, tuple[int, int]] = {}
        self.keys: dict[KeyPath, tuple[int, int]] = {}
        self.hints: dict[KeyPath, str] = {}
        self.written: dict[KeyPath, str] = {}
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
            value = self._scalar(node, path)
        except InputError as exc:
            raise InputError(exc.message, exc.location, path=path) from exc.__cause__
        if not isinstance(value, str) and _plain(node) and node.tag != f"{_TAG}null":
            self.written[path] = str(node.value)
        return value

    def _check_limits(self, node: Node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_VALUES:
            raise InputError(
                _("the file expands to more than {limit} values; YAML aliases (*name) that "
                  "repeat large parts are not allowed").format(limit=f"{MAX_VALUES:,}"),
                self._at(node),
            )
        if depth > MAX_DEPTH:
            raise InputError(_too_deep(), self._at(node))

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        self._check_tag(node, "map")
        result: dict[str, Any] = {}
        pairs: list[tuple[str, Node, Node]] = []
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key in result:
                first = self.keys[(*path, key)][0]
                raise InputError(
                    _("duplicate key '{key}' (first at line {line}); keep one of them").format(
                        key=key, line=first),
                    self._at(key_node), path=(*path, key),
                )
            self.keys[(*path, key)] = _position(key_node)
            result[key] = self.walk(value_node, (*path, key), depth + 1)
            pairs.append((key, key_node, value_node))
        if node.flow_style:
            self.hints.update({(*path, key): hint for key, hint in _cut_hints(pairs).items()})
        if len(pairs) == 1 and _one_line(*pairs[0]):
            self.written[path] = _key_and_value(pairs[0][0], pairs[0][2])
        return result

    def _key(self, node: Node, path: KeyPath) -> str:
        if node.tag == f"{_TAG}merge":
            raise InputError(
                _("merge keys (<<) are not supported; write the keys out in full (an alias "
                  "*name may stand for a whole value, e.g. address: *main_office)"),
                self._at(node), path=path,
            )
        if not isinstance(node, ScalarNode) or node.tag != f"{_TAG}str":
            raise InputError(
                _("keys must be plain text (quote keys like yes, no, on or numbers)"),
                self._at(node), path=path,
            )
        _check_characters(str(node.value), self._at(node), path)
        return str(node.value)

    def _scalar(self, node: Node, path: KeyPath) -> Any:
        if isinstance(node, ScalarNode) and node.tag.startswith("!") and not node.style:
            # a text that starts with "!" (YAML reads a local tag), not a YAML type
            written = f"{node.tag} {node.value}".rstrip()
            raise InputError(starts_with_indicator("!", path[-1] if path else None, written),
                             self._at(node))
        if not isinstance(node, ScalarNode) or node.tag not in _SCALAR_TAGS:
            raise InputError(_unsupported(node), self._at(node))
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, yaml.constructor.ConstructorError) as exc:
            raise InputError(_scalar_message(node, exc), self._at(node)) from exc
        if isinstance(value, float):
            _check_float(node.value, value, self._at(node))
        if isinstance(value, str):
            _check_characters(value, self._at(node))
        return value

    def _check_tag(self, node: Node, kind: str) -> None:
        if node.tag != f"{_TAG}{kind}":
            raise InputError(_unsupported(node), self._at(node))

    def _at(self, node: Node) -> Location:
        return Location(self.path, *_position(node))


def _unsupported(node: Node) -> str:
    return _("unsupported YAML tag {tag}").format(tag=node.tag)


def _position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _plain(node: Node) -> bool:
    """Whether a node is a scalar written without quotes (style libyaml: "", PyYAML: None)."""
    return isinstance(node, ScalarNode) and not node.style


def _cut_hints(pairs: list[tuple[str, Node, Node]]) -> dict[str, str]:
    """Hints for the keys of ``{…}`` that are likely the rest of a text cut at commas.

    In ``{a: x, y, z}`` the commas end the text x, and y and z become keys without a value:
    each value node is empty and starts where its key ends (``y:`` would put it after the
    colon). Each such key is told the whole text, ``x, y, z``.
    """
    hints: dict[str, str] = {}
    text: tuple[str, str] | None = None  # the key and plain text the next keys may continue
    run: list[str] = []
    for key, key_node, value_node in pairs:
        if text is not None and _bare(key_node, value_node):
            run.append(key)
            continue
        hints.update(_run_hints(text, run))
        text = (key, str(value_node.value)) if _plain(value_node) \
            and value_node.tag == f"{_TAG}str" else None
        run = []
    hints.update(_run_hints(text, run))
    return hints


def _bare(key: Node, value: Node) -> bool:
    """A key without a colon and value: its empty value starts where the key ends."""
    return (_plain(key) and isinstance(value, ScalarNode) and value.tag == f"{_TAG}null"
            and value.start_mark.index == key.end_mark.index)


def _run_hints(text: tuple[str, str] | None, run: list[str]) -> dict[str, str]:
    if text is None or not run:
        return {}
    name, whole = text[0], ", ".join([text[1], *run])
    return {key: _("the comma before it ends the text of '{name}' inside {{…}}; if '{key}' "
                   "belongs to that text, put the whole text in quotes: {suggestion}").format(
        name=name, key=key, suggestion=suggest(name, whole)) for key in run}


def _one_line(key: str, key_node: Node, value_node: Node) -> bool:
    """``Einkauf: Verpackung`` on one line, both plain: likely a text with ": " in it."""
    return (_plain(key_node) and _plain(value_node)
            and key_node.start_mark.line == value_node.end_mark.line)


def _key_and_value(key: str, value_node: Node) -> str:
    return f"{key}: {value_node.value}".rstrip()


def _scalar_message(node: ScalarNode, exc: Exception) -> str:
    shown = _shorten(str(node.value))
    if node.tag == f"{_TAG}timestamp":
        return _("invalid date '{text}': {reason}; write dates as YYYY-MM-DD").format(
            text=shown, reason=exc)
    if node.tag == f"{_TAG}int" and len(str(node.value)) > sys.get_int_max_str_digits():
        return _("'{text}' has too many digits to be read as a number; write a smaller number"
                 ).format(text=shown)
    return _("invalid value '{text}': {reason}").format(text=shown, reason=exc)


def _shorten(text: str, most: int = 40) -> str:
    if len(text) <= most:
        return text
    return _("{start}… ({count} characters)").format(start=text[:most], count=f"{len(text):,}")


def _check_float(text: str, value: float, location: Location) -> None:
    """A float is finite and is the number written: no digits lost that the text has.

    Sums such as "shares sum to 100" are compared exactly on the numbers as written
    (``Decimal(str(value))``); that is only true when the float keeps every digit of the text.
    """
    shown = _shorten(text)
    if not math.isfinite(value):
        raise InputError(_("'{text}' is not a finite number").format(text=shown), location)
    try:
        written = decimal.Decimal(text.replace("_", ""))
    except decimal.InvalidOperation:
        return  # base 60 (1:30.5): YAML 1.1's own notation, read as it says
    if written != decimal.Decimal(repr(value)):
        raise InputError(_("'{text}' has more digits than a number keeps (about 15 significant "
                           "digits; it would be read as {value}); round it").format(
            text=shown, value=repr(value)), location)


def _check_characters(value: str, location: Location, path: KeyPath = ()) -> None:
    found = _UNFIT.search(value)
    if found:
        pair = _PAIR.match(value, found.start())
        message = _pair_message(pair.group()) if pair else _character_message(found.group())
        raise InputError(message, location, path=path)


def _character_message(character: str) -> str:
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return _("the text contains {code}, half of a UTF-16 surrogate pair (an escape such "
                 "as \\ud83c), which cannot appear in a document; write the character itself, "
                 "or as \\U followed by its eight-digit code").format(code=f"U+{code:04X}")
    if code in (0xFFFE, 0xFFFF):
        return _("the text contains {code}, which is not a character and cannot appear in a "
                 "document; remove it").format(code=f"U+{code:04X}")
    return _("the text contains the control character {code}, which cannot appear in a "
             "document; remove it").format(code=f"U+{code:04X}")


def _pair_message(pair: str) -> str:
    character = pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    escapes = "".join(f"\\u{ord(half):04x}" for half in pair)
    return _("the text contains the escape {escapes}, a UTF-16 surrogate pair, which YAML reads "
             "as two halves of a character that cannot appear in a document; write the "
             "character itself ({character}) or as {escape}").format(
        escapes=escapes, character=character, escape=f"\\U{ord(character):08X}")
