"""What is wrong with YAML that does not parse, in words a person who writes it by hand can act on.

Network managers write cooperation files in a text editor; PyYAML describes the state of its
parser ("expected <block end>, but found '<block sequence start>'"), not the mistake. Each
explainer here looks at the parser's error, the tokens the scanner read before it and the lines
of the file, and either recognizes one common mistake or passes: a tab, a value that starts with a
character YAML reserves, a colon or a quote inside a text, an unclosed quote or bracket, a missing
space after a colon or a dash, a line out of line with the lines it belongs to. The message names
the fix, with the corrected line where it can be told; what no explainer recognizes keeps the
parser's own words (sources.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import yaml
from yaml.tokens import (
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
    ScalarToken,
    Token,
    ValueToken,
)

from coopdocs.i18n import N_, _, translated

# What YAML reads a character as at the start of a value, so the value must be in quotes.
MEANINGS = {
    "@": N_("a sign reserved for YAML itself"),
    "`": N_("a sign reserved for YAML itself"),
    "%": N_("a sign reserved for YAML itself"),
    "*": N_("a reference to another value (an alias)"),
    "&": N_("a name for the value (an anchor)"),
    "!": N_("a type (a tag)"),
    "|": N_("the start of a text block on the lines below"),
    ">": N_("the start of a text block on the lines below"),
    ":": N_("the colon of a key"),
    "-": N_("a list item"),
    "?": N_("a key"),
}
_VALUE_START = re.compile(r"(?:^\s*|[:-]\s+|[\[{,]\s*)$")
_AFTER_KEY = re.compile(r"(?::\s+|[\[{,]\s*)$")
# The key at the start of a line's content: quoted, or plain up to ": " (or ":" at the end)
_KEY = re.compile(r"""("[^"]*"|'[^']*'|[^\s#'"\[\]{},:|>!&*@`%-][^#]*?|-[^\s#][^#]*?):(?:\s|$)""")
# A key written without the space after its colon: "name:Alpha" (not "https://…" or "10:30")
_NO_SPACE = re.compile(r"([^\W\d][\w.-]*):([^\s/:])")
_DASH_NO_SPACE = re.compile(r"-(?=[^\s\d-])")
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_FLOW_STARTS = (FlowMappingStartToken, FlowSequenceStartToken)
_FLOW_ENDS = (FlowMappingEndToken, FlowSequenceEndToken)
_CLOSING = {"{": "}", "[": "]"}


@dataclass(frozen=True)
class Mistake:
    """A mistake in words with its fix, and where it is (1-based line and column)."""

    message: str
    line: int
    column: int


@dataclass(frozen=True)
class _Failure:
    """A parse error with what led to it; lines and columns are 0-based, as PyYAML counts."""

    problem: str
    context: str
    at: yaml.Mark
    opened: yaml.Mark | None
    lines: Sequence[str]
    tokens: Sequence[Token]

    def line(self, number: int) -> str:
        return self.lines[number] if 0 <= number < len(self.lines) else ""


def explain(error: yaml.MarkedYAMLError, text: str) -> Mistake | None:
    """The common mistake behind a parse error, said in words with its fix; None if none fits."""
    at = error.problem_mark or error.context_mark
    if at is None:
        return None
    failure = _Failure(error.problem or "", error.context or "", at, error.context_mark,
                       _LINE_BREAK.split(text), _tokens_before(text, at.index))
    for explainer in _EXPLAINERS:
        mistake = explainer(failure)
        if mistake is not None:
            return mistake
    return None


def starts_with_indicator(character: str, key: str | int | None, text: str) -> str:
    """The message for a text that starts with a character YAML reads as syntax (``@Alpha``)."""
    return _("YAML reads {character} at the start of a value as {meaning}; if it belongs to the "
             "text, put the whole text in quotes: {suggestion}").format(
        character=character, meaning=translated(MEANINGS[character]), suggestion=suggest(key, text))


def suggest(key: str | int | None, text: str) -> str:
    """``key: "text"`` (only ``"text"`` for a list item), quoted so that YAML reads it back."""
    quoted = quote(text)
    return f"{key}: {quoted}" if isinstance(key, str) else quoted


def quote(text: str) -> str:
    """``text`` in double quotes, or in single quotes when it holds double quotes only."""
    if '"' in text and "'" not in text:
        return f"'{text}'"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _tokens_before(text: str, index: int) -> list[Token]:
    """The tokens PyYAML's scanner reads before ``index`` (it may stop earlier, at its error)."""
    tokens: list[Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _mistake(message: str, line: int, column: int) -> Mistake:
    return Mistake(message, line + 1, column + 1)


# --- the explainers, in the order they are tried ------------------------------------------------


def _tab(failure: _Failure) -> Mistake | None:
    if "'\\t'" not in failure.problem:
        return None
    before = failure.line(failure.at.line)[: failure.at.column]
    if before.strip(" \t"):
        message = _("there is a tab here; YAML separates with spaces only: replace the tab with "
                    "a space")
    else:
        message = _("this line is indented with a tab; YAML indents with spaces only: replace "
                    "the tab with spaces")
    return _mistake(message, failure.at.line, failure.at.column)


def _escape(failure: _Failure) -> Mistake | None:
    if not failure.problem.startswith("found unknown escape character"):
        return None
    message = _("a backslash (\\) in double quotes starts an escape such as \\n; write \\\\ for "
                "a backslash, or put the text in single quotes ('…') instead")
    return _mistake(message, failure.at.line, max(failure.at.column - 1, 0))


def _unclosed_quote(failure: _Failure) -> Mistake | None:
    if failure.context == "while scanning a quoted scalar" and failure.opened is not None:
        start = failure.opened
        message = _("the quote {quote} that opens this text is never closed; add the closing "
                    "{quote} where the text ends")
    else:
        last = _last_scalar(failure)
        if last is None or last.style not in ('"', "'") or not (
                last.start_mark.line < last.end_mark.line == failure.at.line):
            return None
        start = last.start_mark
        message = _("the quote {quote} that opens this text is not closed on its line, so the "
                    "text runs on to line {line}; add the closing {quote} where the text ends")
    quote_mark = failure.line(start.line)[start.column: start.column + 1]
    return _mistake(message.format(quote=quote_mark, line=failure.at.line + 1),
                    start.line, start.column)


def _text_after_quote(failure: _Failure) -> Mistake | None:
    """``name: "Zur Sonne" GmbH``: the quotes end before the text does."""
    last = _last_scalar(failure)
    if last is None or last.style not in ('"', "'") or "'<scalar>'" not in failure.problem \
            or last.end_mark.line != failure.at.line:
        return None
    line = failure.line(failure.at.line)
    whole = _value_text(line, last.start_mark.column, flow=_in_flow(failure.tokens))
    message = _("the text goes on after its closing quote; put the whole text in quotes: "
                "{suggestion}").format(suggestion=suggest(_key_before(failure.tokens[:-1]), whole))
    return _mistake(message, failure.at.line, failure.at.column)


def _indicator(failure: _Failure) -> Mistake | None:
    """A value that starts with @, `, %, *, &, |, >, : and the like."""
    scanning = failure.context in ("while scanning an anchor", "while scanning an alias",
                                   "while scanning a block scalar", "while scanning a tag",
                                   "while parsing a tag")
    mark = failure.opened if scanning else failure.at
    if mark is None:
        return None
    line = failure.line(mark.line)
    character = line[mark.column: mark.column + 1]
    before = line[: mark.column]
    starts = _AFTER_KEY if character in "-?:" else _VALUE_START
    if character not in MEANINGS or not starts.search(before):
        return None
    tokens = [token for token in failure.tokens if token.start_mark.index < mark.index]
    text = _value_text(line, mark.column, flow=_in_flow(tokens))
    message = starts_with_indicator(character, _key_before(tokens), text)
    return _mistake(message, mark.line, mark.column)


def _dash_without_space(failure: _Failure) -> Mistake | None:
    """``-id: alpha``: a list item without the space after its dash."""
    for number in (failure.at.line, _run_on_start(failure)):
        if number is None:
            continue
        line = failure.line(number)
        indent = len(line) - len(line.lstrip(" "))
        if _DASH_NO_SPACE.match(line, indent) and not line.startswith("---"):
            fixed = f"- {_content(line, indent + 1)}"
            message = _("a list item needs a space after its dash: write {fixed}").format(
                fixed=fixed)
            return _mistake(message, number, indent)
    return None


def _missing_space(failure: _Failure) -> Mistake | None:
    """``name:Alpha``: a key without the space after its colon."""
    for number in (_key_line(failure), _run_on_start(failure), failure.at.line):
        line = failure.line(number) if number is not None else ""
        found = _NO_SPACE.match(line, _content_start(line))
        if number is not None and found:
            fixed = f"{found.group(1)}: {_content(line, found.start(2))}"
            message = _("a colon needs a space after it: write {fixed}").format(fixed=fixed)
            return _mistake(message, number, found.end(1))
    return None


def _missing_colon(failure: _Failure) -> Mistake | None:
    """``format 1``: a line without the colon after its key (or a text run on unindented)."""
    number = _key_line(failure)
    if number is None:
        number = _run_on_start(failure)
        here = _levels(failure.line(failure.at.line))
        if number is None or not here or here[-1].indent != _content_start(failure.line(number)):
            return None
    line = failure.line(number)
    start = _content_start(line)
    if ":" in re.sub(r""""[^"]*"|'[^']*'""", "", _content(line, start)):
        return None
    message = _("this line has no colon after its key; write the key, a colon and a space, then "
                "the value, or, if the line continues the text of the line above, indent it "
                "further")
    return _mistake(message, number, start)


def _key_line(failure: _Failure) -> int | None:
    """The line of a key whose colon the scanner looked for in vain."""
    if failure.context == "while scanning a simple key" and failure.opened is not None:
        return int(failure.opened.line)
    return None


def _indented_start(failure: _Failure) -> Mistake | None:
    """`` format: 1`` as the first line: the top level starts in column 1."""
    if not failure.problem.startswith("expected '<document start>'"):
        return None
    first = next((number for number, line in enumerate(failure.lines)
                  if line.strip() and not line.lstrip().startswith("#")), None)
    if first is None or first >= failure.at.line or not failure.line(first).startswith(" "):
        return None
    message = _("the first line is indented, but the keys of the top level start in column 1; "
                "remove the spaces before it")
    return _mistake(message, first, _content_start(failure.line(first), dashes=False))


def _text_block_indent(failure: _Failure) -> Mistake | None:
    """A line of a ``|`` or ``>`` text block indented less than the block's first line."""
    last = _last_scalar(failure)
    line = failure.line(failure.at.line)
    if last is None or last.style not in ("|", ">") \
            or failure.at.column != _content_start(line, dashes=False) \
            or not failure.problem.startswith("expected <block end>"):
        return None
    first = next((number for number in range(last.start_mark.line + 1, failure.at.line)
                  if failure.line(number).strip()), None)
    if first is None:
        return None
    column = _content_start(failure.line(first), dashes=False)
    if failure.at.column >= column:
        return None
    message = _("this line is indented less than the first line of the text block above it "
                "(line {line}, column {column}), so the block ends before it; indent the lines "
                "of a text block at least as far as its first line").format(
        line=first + 1, column=column + 1)
    return _mistake(message, failure.at.line, failure.at.column)


def _colon_in_text(failure: _Failure) -> Mistake | None:
    """``purpose: Einkauf: Verpackung``: a colon and a space inside a text."""
    flow = failure.problem.startswith("expected ',' or") and failure.problem.endswith("':'")
    if failure.problem != "mapping values are not allowed here" and not flow:
        return None
    line = failure.line(failure.at.line)
    before = line[: failure.at.column]
    if flow:
        before = re.split(r"[\[{,]", before)[-1]
    found = _KEY.search(before, _content_start(before))
    if found is None:
        return None
    start = failure.at.column - len(before) + found.end()  # where the value starts in line
    start += len(line[start:]) - len(line[start:].lstrip(" "))
    whole = _value_text(line, start, flow=flow)
    message = _("the colon followed by a space after '{word}' starts a key, but this text is a "
                "value already; if the colon belongs to the text, put the whole text in quotes: "
                "{suggestion}").format(word=before[found.end():].strip().split(" ")[-1],
                                       suggestion=suggest(_unquoted(found.group(1)), whole))
    return _mistake(message, failure.at.line, failure.at.column)


def _bracket(failure: _Failure) -> Mistake | None:
    """An unclosed ``{`` or ``[``, or one closed by the other kind of bracket."""
    opened = failure.opened
    if not failure.context.startswith("while parsing a flow") or opened is None \
            or not failure.problem.startswith("expected ','"):
        return None
    bracket = failure.line(opened.line)[opened.column: opened.column + 1]
    if bracket not in _CLOSING:
        return None
    closer = failure.line(failure.at.line)[failure.at.column: failure.at.column + 1]
    if closer in _CLOSING.values() and closer != _CLOSING[bracket]:
        message = _("this {closer} does not match the {bracket} on line {line}, column {column}; "
                    "close that {bracket} with {expected}").format(
            closer=closer, bracket=bracket, line=opened.line + 1, column=opened.column + 1,
            expected=_CLOSING[bracket])
        return _mistake(message, failure.at.line, failure.at.column)
    if failure.at.line == opened.line and "<stream end>" not in failure.problem:
        return None
    line = failure.line(opened.line)
    text = _value_text(line, opened.column, flow=False)
    if _AFTER_KEY.search(line[: opened.column]) and not re.search(r"[\[\]{}]|: ", text[1:]):
        key = next((level.name for level in reversed(_levels(line)) if level.name), None)
        message = _("the {bracket} here is never closed; add {closer} after its last entry, or, if "
                    "{bracket} belongs to the text, put the whole text in quotes: {suggestion}")
    else:
        key = None
        message = _("the {bracket} here is never closed; add {closer} after its last entry")
    return _mistake(message.format(bracket=bracket, closer=_CLOSING[bracket],
                                   suggestion=suggest(key, text)), opened.line, opened.column)


def _run_on(failure: _Failure) -> Mistake | None:
    """A key indented deeper than the key before it, whose value is on its line: one text."""
    start = _run_on_start(failure)
    if start is None:
        return None
    here, there = _levels(failure.line(failure.at.line)), _levels(failure.line(start))
    key = next((level for level in here if level.name), None)
    other = next((level for level in reversed(there) if level.name), None)
    if key is None or other is None or key.indent <= other.indent:
        return None
    message = _("the key '{key}' starts in column {found}, to the right of '{other}' on line "
                "{line} (column {expected}), so YAML reads it as part of the value of '{other}'; "
                "move it to column {expected}").format(
        key=key.name, found=key.indent + 1, other=other.name, line=start + 1,
        expected=other.indent + 1)
    return _mistake(message, failure.at.line, key.indent)


def _misaligned(failure: _Failure) -> Mistake | None:
    """A list item or a key that is not lined up with the items or keys it belongs to."""
    line = failure.line(failure.at.line)
    if not failure.problem.startswith("expected <block end>") \
            or failure.at.column != _content_start(line, dashes=False):
        return None
    levels = _levels(line)
    if not levels:
        return None
    first = levels[0]
    fitting = [level for level in _outline(failure) if level.dash == first.dash
               and (level.dash or level.name)]
    if not fitting:
        return None
    sibling = min(fitting, key=lambda level: abs(level.indent - first.indent))
    if first.dash:
        message = _("this list item is not lined up with the items before it: its dash (-) is in "
                    "column {found}, theirs in column {expected} (line {line}); move it to column "
                    "{expected}")
    else:
        message = _("the key '{key}' is not lined up with '{other}' on line {line}: it starts in "
                    "column {found}, '{other}' in column {expected}; move it to column "
                    "{expected}")
    return _mistake(message.format(key=first.name, other=sibling.name, line=sibling.line + 1,
                                   found=first.indent + 1, expected=sibling.indent + 1),
                    failure.at.line, first.indent)


def _stray_closer(failure: _Failure) -> Mistake | None:
    """A ``}``, ``]`` or comma where no ``{…}`` or ``[…]`` is open."""
    found = failure.line(failure.at.line)[failure.at.column: failure.at.column + 1]
    if not failure.problem.startswith("expected <block end>") or found not in ("}", "]", ","):
        return None
    if found == ",":
        message = _("this comma separates nothing; remove it (commas separate the entries of "
                    "{{…}} and […] only)").format()
    else:
        message = _("this {closer} closes nothing; remove it, or add the {opener} it belongs to"
                    ).format(closer=found, opener="{" if found == "}" else "[")
    return _mistake(message, failure.at.line, failure.at.column)


def _second_document(failure: _Failure) -> Mistake | None:
    if failure.context != "expected a single document in the stream":
        return None
    message = _("a line --- starts a second document, but a file holds one; remove the ---")
    return _mistake(message, failure.at.line, failure.at.column)


_EXPLAINERS: tuple[Callable[[_Failure], Mistake | None], ...] = (
    _tab, _escape, _unclosed_quote, _text_after_quote, _indicator, _dash_without_space,
    _missing_space, _missing_colon, _indented_start, _text_block_indent, _colon_in_text,
    _bracket, _run_on, _misaligned, _stray_closer, _second_document,
)


# --- lines and tokens ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Level:
    """A column where a line opens something: a list item's dash, or a key (``name``)."""

    line: int
    indent: int
    dash: bool
    name: str = ""


def _levels(line: str, number: int = 0) -> list[_Level]:
    """The dashes and the key a line starts with: ``  - id: x`` has a dash at 2 and a key at 4."""
    levels, position = [], len(line) - len(line.lstrip(" "))
    while line[position: position + 2] == "- " or line[position:].rstrip() == "-":
        levels.append(_Level(number, position, dash=True))
        position = len(line) - len(line[position + 1:].lstrip(" "))
    found = _KEY.match(line, position)
    if found:
        levels.append(_Level(number, position, dash=False, name=_unquoted(found.group(1))))
    return levels


def _outline(failure: _Failure) -> list[_Level]:
    """The levels above the failing line that it may belong to, nearest first.

    Going up from the line, a level counts when it is left of every level seen so far: the
    lines a key or an item holds are to its right. Lines inside a text or a ``{…}`` that spans
    lines are not structure and are skipped.
    """
    skipped = _inner_lines(failure.tokens)
    outline: list[_Level] = []
    leftmost = len(failure.line(failure.at.line)) + 1_000
    for number in range(failure.at.line - 1, -1, -1):
        if number in skipped:
            continue
        for level in reversed(_levels(failure.line(number), number)):
            if level.indent < leftmost:
                outline.append(level)
                leftmost = level.indent
    return outline


def _inner_lines(tokens: Sequence[Token]) -> set[int]:
    """Lines that continue a text or a ``{…}``/``[…]`` begun on an earlier line."""
    inner: set[int] = set()
    depth, opened = 0, 0
    for token in tokens:
        start, end = token.start_mark.line, token.end_mark.line
        if depth and start != opened:
            inner.add(start)
        if isinstance(token, ScalarToken):
            inner.update(range(start + 1, end + 1))
        if isinstance(token, _FLOW_STARTS):
            opened = start if depth == 0 else opened
            depth += 1
        elif isinstance(token, _FLOW_ENDS):
            depth = max(depth - 1, 0)
    return inner


def _last_scalar(failure: _Failure) -> ScalarToken | None:
    last = failure.tokens[-1] if failure.tokens else None
    return last if isinstance(last, ScalarToken) else None


def _run_on_start(failure: _Failure) -> int | None:
    """The line a plain text starts on that runs on into the failing line, if there is one."""
    last = _last_scalar(failure)
    if last is None or last.style \
            or not last.start_mark.line < last.end_mark.line == failure.at.line:
        return None
    return int(last.start_mark.line)


def _key_before(tokens: Sequence[Token]) -> str | None:
    """The key whose value comes next: ``title`` in ``title: @x``; None for a list item."""
    if len(tokens) >= 2 and isinstance(tokens[-1], ValueToken) \
            and isinstance(tokens[-2], ScalarToken):
        return str(tokens[-2].value)
    return None


def _in_flow(tokens: Sequence[Token]) -> bool:
    depth = 0
    for token in tokens:
        depth += isinstance(token, _FLOW_STARTS) - isinstance(token, _FLOW_ENDS)
    return depth > 0


def _value_text(line: str, column: int, *, flow: bool) -> str:
    """The text of a value from ``column`` to a comment or the end of the line.

    In ``{…}`` or ``[…]`` the text ends at the next comma or closing bracket.
    """
    rest = line[column:]
    end = re.search(r"[,\]}]|\s#", rest) if flow else re.search(r"\s#", rest)
    return (rest[: end.start()] if end else rest).rstrip()


def _content_start(line: str, *, dashes: bool = True) -> int:
    """Where a line's content starts: after its indentation (and its list dashes)."""
    found = re.match(r"\s*(?:-\s+)*" if dashes else r"\s*", line)
    return found.end() if found else 0


def _content(line: str, start: int) -> str:
    return _value_text(line, start, flow=False).strip()


def _unquoted(key: str) -> str:
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'" else key
