"""The German catalog of coopdocs' own words, with Babel's gettext tooling.

    .venv/bin/python tools/i18n.py extract    # coopdocs/locale/coopdocs.pot from the sources
    .venv/bin/python tools/i18n.py update     # carry new messages into the German catalog
    .venv/bin/python tools/i18n.py merge F..  # take the translations of PO fragments F
    .venv/bin/python tools/i18n.py compile    # coopdocs.mo (setup.sh runs it)
    .venv/bin/python tools/i18n.py check      # exit 1 listing every message without German

Messages are those marked with ``_``, ``N_`` and ``ngettext`` in coopdocs, and click's own
(usage errors, "Usage:", "Show this message and exit."), which coopdocs shows through its
catalog (cli.py); besides, the help texts of the commands, the reasons and summaries of the
clause modules (``clauses show``) and the descriptions of the input formats' keys
(schemas/*.yaml), which ``coopdocs schema`` gives editors. tests/unit/test_i18n.py fails on a
message without a translation.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coopdocs"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "coopdocs.pot"
GERMAN = LOCALE / "de" / "LC_MESSAGES" / "coopdocs.po"
COMPILED = GERMAN.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# click's modules whose messages reach a coopdocs user (usage errors and help)
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types")
_FIXED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)  # stable headers, stable diffs
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sdr]|%[sdr]")


def _sources() -> Iterator[Path]:
    yield from sorted(p for p in PACKAGE.rglob("*.py") if "locale" not in p.parts)
    click_dir = Path(click.__file__).resolve().parent
    yield from (click_dir / f"{name}.py" for name in CLICK_MODULES)


def template() -> Catalog:
    """Every marked message of coopdocs and click, and every help text of the commands."""
    catalog = Catalog(project="coopdocs", charset="utf-8", creation_date=_FIXED,
                      revision_date=_FIXED, fuzzy=False)
    for path in _sources():
        for _line, message, comments, context in extract_from_file(
                "python", str(path), keywords=KEYWORDS, comment_tags=("Translators:",)):
            catalog.add(message, auto_comments=comments, context=context)
    for path in sorted(PACKAGE.rglob("templates/*.html")):  # the survey's pages (Jinja2)
        for _line, message, comments, context in extract_from_file(
                "jinja2.ext:babel_extract", str(path), keywords=KEYWORDS,
                comment_tags=("Translators:",)):
            catalog.add(message, auto_comments=comments, context=context)
    for text in help_texts():
        catalog.add(text, auto_comments=["help text"])
    for text in module_reasons():
        catalog.add(text, auto_comments=["why a clause module is in (clauses/*/module.yaml)"])
    for text in module_summaries():
        catalog.add(text, auto_comments=["what a clause module regulates (clauses/*/module.yaml)"])
    for text in schema_descriptions():
        catalog.add(text, auto_comments=["what a key means, shown by editors (schemas/*.yaml)"])
    return catalog


def schema_descriptions() -> Iterator[str]:
    """The ``meta.description`` of every key of the input formats, in schema order.

    ``coopdocs schema`` (and ``init``, which writes the schema) translates them: editors show
    them on hover. Every rules mapping may have one: a key's, a list item's, an alternative's.
    """
    import yaml  # noqa: PLC0415 - only this tool reads schema files as plain YAML

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            meta = node.get("meta")
            if isinstance(meta, dict) and isinstance(meta.get("description"), str):
                yield meta["description"]
            for key, value in node.items():
                if key != "meta":
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for path in sorted((ROOT / "schemas").glob("*.yaml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")))


def module_reasons() -> Iterator[str]:
    """The reasons of the shipped clause modules' rules, which `explain` shows.

    An own library's reasons (--clauses) are shown as written; these are translated.
    """
    import yaml  # noqa: PLC0415 - only this tool reads module files as plain YAML

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("always", "reason") and isinstance(value, str):
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for path in sorted((ROOT / "clauses").glob("*/module.yaml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")).get("when", {}))


def module_summaries() -> Iterator[str]:
    """The ``summary`` of every shipped clause module, which ``clauses show`` prints.

    Lawyers and network managers read it in the interface's language; an own library's
    summaries (--clauses) are shown as written, like its reasons.
    """
    import yaml  # noqa: PLC0415 - only this tool reads module files as plain YAML

    for path in sorted((ROOT / "clauses").glob("*/module.yaml")):
        summary = yaml.safe_load(path.read_text(encoding="utf-8")).get("summary")
        if isinstance(summary, str) and summary:
            yield summary


def help_texts() -> Iterator[str]:
    """The help of every command, group and option, exactly as click keeps it.

    Help is written as docstrings and ``help=``; click cleans it up at import, and the CLI
    translates the cleaned text when it shows it, so that is the message to translate.
    """
    from coopdocs.cli import main as command  # noqa: PLC0415 - the tool reads the CLI

    pending: list[click.Command] = [command]
    while pending:
        current = pending.pop(0)
        for item in (current, *current.params):
            text = getattr(item, "help", None)
            if text:
                yield text
        if isinstance(current, click.Group):
            pending += [current.commands[name] for name in sorted(current.commands)]


def _write(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, no_location=True, omit_header=False,
             sort_output=False, include_previous=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def german() -> Catalog:
    with GERMAN.open("rb") as handle:
        return read_po(handle, locale="de", domain="coopdocs")


def extract() -> None:
    _write(template(), TEMPLATE)


def update() -> None:
    """The German catalog with every message of the template (translations kept)."""
    catalog = german() if GERMAN.is_file() else Catalog(locale="de", project="coopdocs",
                                                         creation_date=_FIXED)
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.revision_date = _FIXED
    catalog.fuzzy = False  # the header: its charset must reach the compiled catalog
    catalog.project, catalog.version = "coopdocs", ""
    catalog.last_translator = catalog.language_team = "coopdocs <coopdocs@example.com>"
    _write(catalog, GERMAN)


def merge(fragments: Sequence[Path]) -> None:
    """Take the translations of PO fragments for the messages of the German catalog."""
    catalog = german()
    for fragment in fragments:
        with fragment.open("rb") as handle:
            for message in read_po(handle, locale="de"):
                if message.id and message.string and message.id in catalog:
                    catalog[message.id].string = message.string
                    catalog[message.id].flags.discard("fuzzy")
    _write(catalog, GERMAN)


def compile_catalog() -> None:
    buffer = io.BytesIO()
    write_mo(buffer, german(), use_fuzzy=False)
    COMPILED.write_bytes(buffer.getvalue())


def missing() -> list[str]:
    """Every message of the sources without a German translation, or with other placeholders."""
    catalog = german()
    problems = []
    for message in template():
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        ids = _texts(message.id)
        strings = _texts(found.string) if found is not None else ()
        if found is None or found.fuzzy or not strings or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
        elif {p for s in strings for p in _PLACEHOLDER.findall(s)} != \
                {p for i in ids for p in _PLACEHOLDER.findall(i)}:
            problems.append(f"placeholders differ: {ids[0]!r} -> {strings[0]!r}")
    return problems


def _texts(value: object) -> tuple[str, ...]:
    """A message id or translation as its forms (one, or singular and plurals)."""
    if isinstance(value, (tuple, list)):
        return tuple(str(v or "") for v in value)
    return (str(value or ""),)


def main(argv: Sequence[str]) -> int:
    command, *rest = argv or ["check"]
    if command == "check":
        problems = missing()
        print("\n".join(problems) or "every message has a German translation")
        return 1 if problems else 0
    actions = {"extract": extract, "update": update, "compile": compile_catalog}
    if command == "merge":
        merge([Path(p) for p in rest])
    elif command in actions:
        actions[command]()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
