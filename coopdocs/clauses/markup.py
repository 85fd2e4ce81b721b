"""Clause texts: render a module's Markdown subset with Jinja, then parse it into Absätze.

Rendering runs in Jinja's immutable sandbox (``sandbox.PlainDataSandbox``) with
``StrictUndefined``. Every value printed with ``{{ }}`` passes ``_finalize``: its whitespace is
folded and it is wrapped in two private-use characters, so the parser can tell template structure
("# ", "- ", blank lines) from data. Data can therefore never start a heading, an Absatz or a list
item, and is never evaluated as a template.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import StrictUndefined, pass_context
from jinja2.runtime import Context

from coopdocs.clauses.library import Library
from coopdocs.clauses.sandbox import PlainDataSandbox
from coopdocs.errors import ClauseError, Location
from coopdocs.fmt import Formatter, fold_whitespace
from coopdocs.i18n import _

OPEN, CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class Block:
    """One Absatz: a lead-in text and its list items (either may be empty, not both)."""

    lead: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClauseText:
    """A rendered module: heading without number, and its Absätze."""

    heading: str
    blocks: tuple[Block, ...]


@cache
def make_environment(fmt: Formatter) -> PlainDataSandbox:
    """The sandboxed Jinja environment for clause texts, with coopdocs' filters.

    One per language and currency and process; it is never changed after it is made, so the
    texts compiled in it can be kept (``_compiled``).
    """
    env = PlainDataSandbox(
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        date=fmt.date, money=fmt.money, percent=fmt.percent, number=fmt.number,
        join_and=fmt.join, names=_names(fmt), paragraphs=split_paragraphs,
    )
    return env


def render_clause(env: jinja2.Environment, source: str, context: Mapping[str, Any],
                  path: Path) -> ClauseText:
    """Render one clause text and parse it; errors name the clause file (and line)."""
    try:
        template = _compiled(env, source)
    except jinja2.TemplateSyntaxError as exc:
        raise ClauseError(_("template syntax: {problem}").format(problem=exc.message),
                          Location(path, exc.lineno, 1)) from exc
    try:
        rendered = template.render(context)
    except ClauseError as exc:
        where = exc.location or Location(path, _failing_line(exc), 1)
        raise ClauseError(exc.message, where, exc.hint) from exc
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError) as exc:
        raise ClauseError(_("cannot render the clause text: {problem}").format(problem=exc),
                          Location(path, _failing_line(exc), 1)) from exc
    return parse(rendered, path)


def _failing_line(exc: BaseException) -> int | None:
    """The line of the clause text where rendering failed.

    Jinja rewrites the traceback so that template frames carry the template's own line numbers
    under the file name "<template>"; the innermost one is where the error happened.
    """
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@lru_cache(maxsize=1024)
def _compiled(env: jinja2.Environment, source: str) -> jinja2.Template:
    """A clause text compiled once per environment: compiling costs more than rendering."""
    return env.from_string(source)


def check_syntax(source: str, path: Path) -> None:
    """A located ClauseError for a clause text that is not valid template syntax.

    The text is parsed as rendering parses it (same environment options), so the line an error
    names is the same here and when an agreement renders the text.
    """
    try:
        make_environment(Formatter("de")).parse(source)
    except jinja2.TemplateSyntaxError as exc:
        raise ClauseError(_("template syntax: {problem}").format(problem=exc.message),
                          Location(path, exc.lineno, 1)) from exc


def check_texts(library: Library) -> list[ClauseError]:
    """The syntax error of every clause text of ``library`` that has one, in library order.

    Loading a library reads the texts without compiling them (a command compiles only the texts
    it renders); ``coopdocs clauses check`` and the tests compile them all with this.
    """
    errors = []
    for module in library.values():
        for language, text in sorted(module.texts.items()):
            try:
                check_syntax(text, module.folder / f"{language}.md")
            except ClauseError as exc:
                errors.append(exc)
    return errors


def parse(text: str, path: Path) -> ClauseText:
    """Split rendered text into heading and blocks (see docs/clause-modules.md)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip()), None)
    if start is None or not lines[start].startswith("# "):
        raise ClauseError(_("the text must start with a heading line '# Title'"),
                          Location(path, 1, 1))
    heading = _clean(lines[start][2:])
    blocks = [_block(chunk) for chunk in _chunks(lines[start + 1:])]
    return ClauseText(heading, tuple(b for b in blocks if b.lead or b.items))


def split_paragraphs(text: str) -> list[str]:
    """A multi-paragraph text (blank lines between paragraphs) as a list of paragraphs."""
    return [p for p in (fold_whitespace(chunk) for chunk in
                        re.split(r"\n\s*\n", text)) if p]


def _finalize(value: Any) -> str:
    text = str(value).replace(OPEN, "").replace(CLOSE, "")
    return OPEN + fold_whitespace(text) + CLOSE


def _chunks(lines: Sequence[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            chunks[-1].append(line.strip())
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def _block(lines: list[str]) -> Block:
    lead: list[str] = []
    items: list[list[str]] = []
    for line in lines:
        if line.startswith("- "):
            items.append([line[2:]])
        elif items:
            items[-1].append(line)
        else:
            lead.append(line)
    return Block(_clean(" ".join(lead)), tuple(_clean(" ".join(i)) for i in items))


def _clean(text: str) -> str:
    text = text.replace(OPEN, "").replace(CLOSE, "")
    return fold_whitespace(text)


def _names(fmt: Formatter) -> Callable[..., str]:
    @pass_context
    def names(context: Context, ids: Sequence[str]) -> str:
        by_id = {p["id"]: p["short_name"] for p in context["partners"]}
        return fmt.join([by_id[i] for i in ids])

    return names
