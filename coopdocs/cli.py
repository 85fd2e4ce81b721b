"""The command line: click commands only.

Each command parses its options, calls the library, prints findings and built paths, and maps
errors to the exit codes of CLI.md. This is the one place that prints or exits. The library is
imported inside the commands, so that a command loads only what it uses (``--help`` loads click
alone; ``validate`` no Word, PDF, chart or Dask code).
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from coopdocs import __version__
from coopdocs.errors import CoopdocsError, InvalidInputError
from coopdocs.i18n import N_, _, ngettext, set_language, translated

if TYPE_CHECKING:
    from coopdocs.batch.manifest import Run
    from coopdocs.batch.run import Progress
    from coopdocs.build import Checking
    from coopdocs.check.rules import Catalog
    from coopdocs.check.validate import Checked
    from coopdocs.clauses.library import Library

F = TypeVar("F", bound=Callable[..., Any])

class _Path(click.Path):
    """click's Path whose name ("file", "directory") is said in the interface's language.

    click names the kind of path at import, before the language is known; the name appears
    in the usage line and in errors ("File 'x.yaml' does not exist").
    """

    @property
    def name(self) -> str:
        return translated(self._name)

    @name.setter
    def name(self, value: str) -> None:
        self._name = value


_FILE = _Path(exists=True, dir_okay=False, path_type=Path)
_DIR = _Path(file_okay=False, path_type=Path)


@dataclass(frozen=True)
class Settings:
    quiet: bool
    verbose: bool
    clauses: Path | None
    templates: Path | None

    def library(self) -> Library:
        from coopdocs.clauses.library import load_library  # noqa: PLC0415 - see module doc

        return load_library(self.clauses)

    def catalog(self, library: Library) -> Catalog:
        from coopdocs.clauses.library import catalog  # noqa: PLC0415 - see module doc

        return catalog(library)


def handles_errors(command: F) -> F:
    """Print a CoopdocsError as ``location: error: message`` and exit with its code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InvalidInputError as exc:
            sys.exit(exc.exit_code)
        except CoopdocsError as exc:
            settings = click.get_current_context().find_object(Settings)
            _print_error(exc, verbose=bool(settings and settings.verbose))
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def _print_error(exc: CoopdocsError, *, verbose: bool) -> None:
    click.echo(exc.format(), err=True)
    if verbose and exc.__cause__ is not None:
        click.echo("".join(traceback.format_exception(exc.__cause__)), err=True)


def output_options(command: F) -> F:
    """-o/--output, --format and --pdfa, the same on every command that builds documents."""
    command = click.option("--pdfa", is_flag=True,
                           help="PDF/A-2b for archiving (with --format pdf or all).")(command)
    command = click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "all"]),
                           default="docx", show_default=True,
                           help="Output format: Word, PDF (LibreOffice) or both.")(command)
    return click.option("-o", "--output", type=_DIR, default=Path("out"), show_default=True,
                        help="Folder for the documents.")(command)


# --- the language of messages and help ---------------------------------------------------------
#
# Help texts are written in English (docstrings and help=) and translated when shown, so a
# command's help follows --lang even though click builds it at import; click's own messages
# ("Usage:", "No such option") go through the same catalog (coopdocs.i18n, tools/i18n.py).

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types")
for _module in _CLICK_MODULES:
    vars(click)[_module].__dict__.update(_=_, ngettext=ngettext)

# Global options, accepted before or after the command (CLI.md): name -> takes a value.
_GLOBAL = {"-q": False, "--quiet": False, "-v": False, "--verbose": False, "--lang": True,
           "--clauses": True, "--templates": True}


def hoisted(args: Sequence[str]) -> list[str]:
    """``args`` with the global options given after the command moved before it.

    ``coopdocs batch net.yaml -q`` is read as ``coopdocs -q batch net.yaml``; nothing after
    ``--`` is moved, and a value of another option is never taken for a global option.
    """
    front: list[str] = []
    rest: list[str] = []
    tokens = list(args)
    index, seen_command = 0, False
    while index < len(tokens):
        token = tokens[index]
        if token == "--":
            rest += tokens[index:]
            break
        name = token.split("=", 1)[0]
        if name in _GLOBAL and (seen_command or not rest):
            takes = _GLOBAL[name] and "=" not in token
            front += tokens[index:index + 1 + takes]
            index += 1 + takes
            continue
        seen_command = seen_command or not token.startswith("-")
        rest.append(token)
        index += 1
    return front + rest


def _language_in(args: Sequence[str]) -> str | None:
    """The value of --lang in ``args`` (None when not given)."""
    for index, token in enumerate(args):
        if token == "--":
            break
        if token.startswith("--lang="):
            return token.split("=", 1)[1]
        if token == "--lang" and index + 1 < len(args):
            return args[index + 1]
    return None


@contextlib.contextmanager
def _translated(command: click.Command) -> Iterator[None]:
    """The help of ``command``, its options and its subcommands in the current language."""
    items: list[Any] = [command, *command.params]
    if isinstance(command, click.Group):
        items += list(command.commands.values())
    saved = [(item, item.help) for item in items]
    metavars = (command.options_metavar, getattr(command, "subcommand_metavar", ""))
    for item in items:
        if item.help:
            item.help = translated(item.help)
    command.options_metavar = _("[OPTIONS]")
    if isinstance(command, click.Group):
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    try:
        yield
    finally:
        for item, text in saved:
            item.help = text
        command.options_metavar = metavars[0]
        if isinstance(command, click.Group):
            command.subcommand_metavar = str(metavars[1])


class _Translated(click.Command):
    """Help and usage line (also a usage error's) in the language of the interface."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self):
            super().format_help(ctx, formatter)

    def get_usage(self, ctx: click.Context) -> str:
        with _translated(self):
            return super().get_usage(ctx)


class TranslatedCommand(_Translated):
    """A command whose help and usage line are shown in the language of the interface."""


class TranslatedGroup(_Translated, click.Group):
    """A group whose help and whose commands' help are shown in the interface's language."""

    command_class = TranslatedCommand


TranslatedGroup.group_class = TranslatedGroup


class MainGroup(TranslatedGroup):
    """The coopdocs command: global options anywhere, the language chosen before parsing."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        chosen = _language_in(args)
        set_language(chosen if chosen in ("de", "en") else None)
        return super().parse_args(ctx, hoisted(args))


@click.group(cls=MainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="coopdocs")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and built paths.")
@click.option("-v", "--verbose", is_flag=True, help="Add the cause of an error.")
@click.option("--lang", type=click.Choice(["de", "en"]),
              help="Language of messages and help. Default: German when LC_ALL, LC_MESSAGES "
                   "or LANG starts with de, else English.")
@click.option("--clauses", type=_DIR, help="Extra clause library that adds or overrides modules.")
@click.option("--templates", type=_DIR, help="Own Word templates (e.g. a letterhead).")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool, lang: str | None,
         clauses: Path | None, templates: Path | None) -> None:
    """coopdocs: cooperation agreements for German SMEs, from YAML to Word.

    \b
    Example:
      coopdocs validate samples/3dmp/cooperation.yaml
      coopdocs agreement samples/3dmp/cooperation.yaml -o out/
    """
    ctx.obj = Settings(quiet, verbose, clauses, templates)


@main.command()
@click.argument("folder", metavar="[DIR]", required=False, default=Path("."), type=_DIR)
@click.option("--answers", type=_FILE,
              help="Take the answers from this YAML file instead of asking (for scripts).")
@click.option("--force", is_flag=True, help="Overwrite an existing cooperation.yaml.")
@click.pass_obj
@handles_errors
def init(settings: Settings, folder: Path, answers: Path | None, force: bool) -> None:
    """Write a commented cooperation.yaml from a guided questionnaire.

    The questions follow the Kreislauf des Vertrauens, steps 1 to 4: needs, partners,
    structures (activities, governance) and business relationship (goals and KPIs, term,
    evaluation). The file validates and builds; what was not asked appears in the draft as
    [●]. DIR (default: the current folder) is created if needed; cooperation.schema.json
    next to the file lets editors complete the keys. --answers takes the answers from a YAML
    file whose keys are those shown with the questions.

    \b
    Examples:
      coopdocs init kundenkarte/
      coopdocs init kundenkarte/ --answers answers.yaml
    """
    import datetime  # noqa: PLC0415 - see module doc

    from coopdocs.check.sources import load  # noqa: PLC0415
    from coopdocs.i18n import language  # noqa: PLC0415
    from coopdocs.publish.output import write_files  # noqa: PLC0415
    from coopdocs.questionnaire import session  # noqa: PLC0415
    from coopdocs.questionnaire.interview import interview  # noqa: PLC0415

    session.refuse_overwrite(folder, force=force)
    steps = interview(datetime.date.today(), language())
    if answers is None:
        result = session.converse(steps, _ask, click.echo)
    else:
        result, warnings = session.from_answers(load(answers), steps)
        for warning in warnings:
            click.echo(warning.format(), err=True)
    for path in write_files(folder, session.files(result)):
        click.echo(str(path))
    if not settings.quiet:
        for line in session.next_steps(folder / session.FILE_NAME):
            click.echo(line, err=True)


def _ask(text: str) -> str:
    """One answer typed at the terminal (empty when Enter alone is pressed)."""
    return str(click.prompt(text, default="", show_default=False))


@main.command()
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_obj
@handles_errors
def validate(settings: Settings, files: tuple[Path, ...], strict: bool) -> None:
    """Check cooperation, evaluation and network files; print every error and warning.

    An evaluation given with its cooperation is also checked against it (partners, KPIs,
    goals, milestones, term) and against the other rounds given. A network file is checked
    with every cooperation and round it lists.

    \b
    Examples:
      coopdocs validate samples/3dmp/cooperation.yaml
      coopdocs validate samples/3dmp/cooperation.yaml samples/3dmp/evaluation-*.yaml
    """
    from coopdocs.check.findings import has_errors  # noqa: PLC0415 - see module doc
    from coopdocs.check.validate import check_paths  # noqa: PLC0415

    checked = check_paths(files, settings.catalog(settings.library()))
    for result in checked:
        _report(settings, result)
    if any(has_errors(c.findings, strict=strict) for c in checked):
        sys.exit(1)


@main.command()
@click.argument("cooperation", type=_FILE)
@click.pass_obj
@handles_errors
def explain(settings: Settings, cooperation: Path) -> None:
    """List every clause module: in or out, and why.

    \b
    Example:
      coopdocs explain samples/einkaufsverbund/cooperation.yaml
    """
    from coopdocs.build import check_cooperations, prepare  # noqa: PLC0415 - see module doc
    from coopdocs.clauses.explain import explain_lines  # noqa: PLC0415

    library = settings.library()
    [case] = _cases(settings, check_cooperations([cooperation], settings.catalog(library)))
    for line in explain_lines(prepare(case.cooperation, library).choices):
        click.echo(line)


@main.command()
@click.argument("cooperations", nargs=-1, required=True, type=_FILE)
@output_options
@click.option("--final", is_flag=True, help="Signing version without the 'Entwurf' marking.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_obj
@handles_errors
def agreement(settings: Settings, cooperations: tuple[Path, ...], output: Path, fmt: str,
              pdfa: bool, final: bool, strict: bool) -> None:
    """Build the Kooperationsvereinbarung (a draft unless --final).

    \b
    Examples:
      coopdocs agreement samples/3dmp/cooperation.yaml -o out/
      coopdocs agreement samples/*/cooperation.yaml --format all --pdfa
    """
    from coopdocs.build import Options, build_outputs, check_cooperations  # noqa: PLC0415

    library = settings.library()
    checking = check_cooperations(cooperations, settings.catalog(library), strict=strict)
    options = Options(settings.templates, final)
    files = [file for case in _cases(settings, checking)
             for file in build_outputs(case, library, "agreement", options)]
    _write(output, files, fmt, pdfa)


@main.command("summary")
@click.argument("cooperations", nargs=-1, required=True, type=_FILE)
@output_options
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_obj
@handles_errors
def summary_command(settings: Settings, cooperations: tuple[Path, ...], output: Path, fmt: str,
                    pdfa: bool, strict: bool) -> None:
    """Build the key terms (Eckpunkte) of the draft agreement on one or two pages.

    For the owners and managers of the partners: who takes part, what each does and
    contributes, what they do together, the money, how they decide, term and exit, the main
    duties and risks and what is still open, each item with its § of the agreement. Values
    the draft assumed are marked as assumptions.

    \b
    Examples:
      coopdocs summary samples/3dmp/cooperation.yaml -o out/
      coopdocs summary samples/*/cooperation.yaml --format pdf
    """
    from coopdocs.build import Options, build_outputs, check_cooperations  # noqa: PLC0415

    library = settings.library()
    checking = check_cooperations(cooperations, settings.catalog(library), strict=strict)
    files = [file for case in _cases(settings, checking)
             for file in build_outputs(case, library, "summary", Options(settings.templates))]
    _write(output, files, fmt, pdfa)


@main.command()
@click.argument("cooperation", type=_FILE)
@click.argument("evaluations", nargs=-1, required=True, type=_FILE)
@output_options
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_obj
@handles_errors
def report(settings: Settings, cooperation: Path, evaluations: tuple[Path, ...], output: Path,
           fmt: str, pdfa: bool, strict: bool) -> None:
    """Build the Evaluationsbericht for the last evaluation round given.

    Earlier rounds given before it are its history: trends and the state of their measures.

    \b
    Examples:
      coopdocs report samples/3dmp/cooperation.yaml samples/3dmp/evaluation-1.yaml
      coopdocs report samples/3dmp/cooperation.yaml samples/3dmp/evaluation-*.yaml --format all
    """
    _build_case(settings, "report", cooperation, evaluations, output, fmt, pdfa,
                final=False, strict=strict)


@main.command()
@click.argument("cooperation", type=_FILE)
@click.argument("evaluations", nargs=-1, required=True, type=_FILE)
@output_options
@click.option("--final", is_flag=True, help="Signing version of the Nachtrag, without 'Entwurf'.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_obj
@handles_errors
def addendum(settings: Settings, cooperation: Path, evaluations: tuple[Path, ...], output: Path,
             fmt: str, pdfa: bool, final: bool, strict: bool) -> None:
    """Build Nachtrag Nr. n, the Lesefassung and the redline for the last round given.

    Earlier rounds given with it are applied first, as earlier Nachträge; only measures with a
    `change` amend the agreement. The redline shows the agreement before and after Nachtrag n
    as Word tracked changes.

    \b
    Example:
      coopdocs addendum samples/3dmp/cooperation.yaml samples/3dmp/evaluation-*.yaml -o out/
    """
    _build_case(settings, "addendum", cooperation, evaluations, output, fmt, pdfa,
                final=final, strict=strict)


def _build_case(settings: Settings, want: str, cooperation: Path, evaluations: Sequence[Path],
                output: Path, fmt: str, pdfa: bool, *, final: bool, strict: bool) -> None:
    """Check a cooperation with its rounds and build what ``want`` names for the last round."""
    from coopdocs.build import Options, build_outputs, check_case  # noqa: PLC0415

    library = settings.library()
    checking = check_case(cooperation, evaluations, settings.catalog(library), strict=strict)
    [case] = _cases(settings, checking)
    files = build_outputs(case, library, "report" if want == "report" else "addendum",
                          Options(settings.templates, final))
    _write(output, files, fmt, pdfa)


def _write(output: Path, files: list[tuple[str, bytes]], fmt: str, pdfa: bool) -> None:
    """Write the documents in the formats asked for (all or none); list them on stdout."""
    from coopdocs.publish.output import write_files  # noqa: PLC0415 - see module doc
    from coopdocs.publish.pdf import PdfOptions, in_formats  # noqa: PLC0415

    for path in write_files(output, in_formats(files, fmt, PdfOptions(pdfa=pdfa))):
        click.echo(str(path))


@main.command()
@click.argument("network", type=_FILE)
@output_options
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Local worker processes (default: the number of CPUs).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Run on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786.")
@click.option("--force", is_flag=True, help="Rebuild cooperations whose inputs did not change.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="The day (YYYY-MM-DD) the network report's deadlines and calendar are "
                   "computed for, instead of today.")
@click.pass_obj
@handles_errors
def batch(settings: Settings, network: Path, output: Path, fmt: str, pdfa: bool,
          jobs: int | None, scheduler: str | None, force: bool, today: Any) -> None:
    """Build every document of every cooperation of a network.

    Per cooperation the agreement, a report per evaluation round and, for rounds with changes,
    Nachtrag, Lesefassung and redline, in OUTPUT/<cooperation id>/; the network report with
    the deadlines of the next twelve months and its calendar (<network id>-fristen.ics); with
    PDF one bundled PDF with a bookmark per document; manifest.json records the SHA-256 of
    inputs and outputs, and unchanged cooperations are not built again. A cooperation that
    fails is reported and the others are built (exit 4).

    \b
    Example:
      coopdocs batch samples/network/network.yaml --format all -o out/network
    """
    from coopdocs.batch.executors import dask_executor, local_executor  # noqa: PLC0415
    from coopdocs.batch.run import Settings as BatchSettings  # noqa: PLC0415
    from coopdocs.batch.run import build_network, read_network  # noqa: PLC0415
    from coopdocs.publish.pdf import PdfOptions  # noqa: PLC0415

    checked, described, members = read_network(network)
    if checked.findings:
        _report(settings, checked)
    if described is None:
        raise InvalidInputError("invalid input")
    executor = (dask_executor(scheduler) if scheduler
                else local_executor(jobs or os.cpu_count() or 1))
    try:
        with _stop_on_sigterm(), _progress(settings, len(members)) as progress:
            run, written = build_network(
                described, members,
                BatchSettings(output, fmt, PdfOptions(pdfa=pdfa), executor, settings.templates,
                              settings.clauses, force, today.date() if today else None),
                progress)
    except KeyboardInterrupt as exc:
        _stopped(output, exc)
    for path in written:
        click.echo(str(path))
    _batch_summary(settings, run, network)


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the batch is, so that it stops as on Ctrl-C."""


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Handle SIGTERM like Ctrl-C: the workers end, the manifest stays whole.

    A second SIGTERM while the batch stops ends it at once (the default action). Signal
    handlers belong to the main thread; elsewhere (a test's thread) SIGTERM stays as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stopped(output: Path, exc: KeyboardInterrupt) -> NoReturn:
    """Say that the batch was stopped and what is kept; exit 143 for SIGTERM, 130 for Ctrl-C."""
    terminated = isinstance(exc, _Terminated)
    message = _("the batch was stopped ({signal}); {manifest} lists the cooperations written "
                "completely; run the command again to build the rest").format(
                    signal="SIGTERM" if terminated else "Ctrl-C", manifest=output / "manifest.json")
    click.echo(CoopdocsError(message).format(), err=True)
    sys.exit(128 + (signal.SIGTERM if terminated else signal.SIGINT))


def _batch_summary(settings: Settings, run: Run, network: Path) -> None:
    """Every failure with its messages, the counts, and exit 4 when a cooperation failed."""
    for outcome in run.failed:
        for message in outcome.messages:
            click.echo(message, err=True)
    if not settings.quiet:
        click.echo(_("{built} built, {unchanged} unchanged, {failed} failed in {network}").format(
            built=len(run.built), unchanged=len(run.unchanged), failed=len(run.failed),
            network=network), err=True)
    if run.failed:
        sys.exit(4)


@main.command()
@click.argument("source", metavar="NETWORK|COOPERATION", type=_FILE)
@click.argument("evaluations", nargs=-1, type=_FILE)
@click.option("--within", metavar="PERIOD",
              help="Only deadlines up to this far ahead, e.g. 30d, 12w, 6m or 1y (overdue ones "
                   "are always listed).")
@click.option("--format", "fmt", type=click.Choice(["text", "ics", "json"]), default="text",
              show_default=True, help="A table, an iCalendar file (RFC 5545) or JSON.")
@click.option("-o", "--output", type=_Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of printing.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="DATE",
              help="Compute as on this day (YYYY-MM-DD) instead of today.")
@click.pass_obj
@handles_errors
def deadlines(settings: Settings, source: Path, evaluations: tuple[Path, ...], within: str | None,
              fmt: str, output: Path | None, today: Any) -> None:
    """List what is due when: notice, evaluations, milestones, measures, effective dates.

    For a network file, every cooperation it lists with its evaluation rounds; for a
    cooperation, the rounds given after it. Sorted by date, overdue ones first; the exit code
    is 0 also when something is overdue, for use from cron. The iCalendar file has one event per
    deadline with stable UIDs, so importing a new file updates the events.

    \b
    Examples:
      coopdocs deadlines samples/network/network.yaml --within 90d
      coopdocs deadlines samples/3dmp/cooperation.yaml samples/3dmp/evaluation-*.yaml \\
        --format ics -o fristen.ics
    """
    import datetime  # noqa: PLC0415 - see module doc

    from coopdocs import i18n  # noqa: PLC0415
    from coopdocs.batch import deadlines as listing  # noqa: PLC0415
    from coopdocs.build import Checking  # noqa: PLC0415

    day = today.date() if today is not None else datetime.date.today()
    until = None
    if within is not None:
        try:
            until = listing.horizon(within, day)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--within'") from exc
    library = settings.library()
    inputs = listing.read_inputs(source, evaluations, settings.catalog(library))
    cases = _cases(settings, Checking(inputs.checked, inputs.cases))
    words = listing.deadline_words(settings.templates, i18n.language())
    found = listing.select([item for case in cases for item in listing.case_deadlines(
        case, library, day, words, settings.templates)], until)
    name = inputs.network or (found[0].name if found else source.stem)
    if fmt == "ics":
        data = listing.as_ics(found, day, words, inputs.network or _title(cases, name))
    elif fmt == "json":
        data = listing.as_json(found, day, until).encode()
    else:
        data = _deadline_text(found, words).encode()
    if output is None:
        click.echo(data, nl=False)
    else:
        output.write_bytes(data)
        click.echo(str(output))


def _title(cases: Sequence[Any], fallback: str) -> str:
    """The cooperation's title, for the calendar's name."""
    return str(cases[0].states[-1].data["title"]) if len(cases) == 1 else fallback


def _deadline_text(found: Sequence[Any], words: Any) -> str:
    """The table of deadlines and a line that says how many are overdue."""
    from coopdocs.batch.deadlines import as_table  # noqa: PLC0415 - see module doc

    if not found:
        return str(words.text("none")) + "\n"
    overdue = sum(1 for item in found if item.deadline.overdue)
    import shutil  # noqa: PLC0415 - see module doc

    width = max(80, shutil.get_terminal_size((100, 24)).columns)
    return as_table(found, words, width=width) + "\n" + _(
        "{overdue} overdue, {upcoming} upcoming").format(
            overdue=overdue, upcoming=len(found) - overdue) + "\n"


@main.command()
@click.argument("kind", type=click.Choice(["cooperation", "evaluation", "network"]),
                default="cooperation")
@click.option("-o", "--output", type=_Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of printing it.")
@handles_errors
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of a cooperation, evaluation or network file.

    Editors read it to complete and check the keys as you type: VS Code with the YAML
    extension does so in a file whose first line names the schema file, e.g.
    "# yaml-language-server: $schema=cooperation.schema.json". coopdocs validate stays the
    full check (the rules, and YAML's dates and numbers as coopdocs reads them).

    \b
    Examples:
      coopdocs schema
      coopdocs schema evaluation -o evaluation.schema.json
    """
    from coopdocs.check.json_schema import render  # noqa: PLC0415 - see module doc

    data = render(kind)
    if output is None:
        click.echo(data, nl=False)
        return
    from coopdocs.publish.output import make_folder, write_atomic  # noqa: PLC0415

    make_folder(output.parent)
    click.echo(str(write_atomic(output, data)))


@main.group()
def clauses() -> None:
    """Browse the clause library."""


@clauses.command("list")
@click.pass_obj
@handles_errors
def clauses_list(settings: Settings) -> None:
    """List every module: id, title, when it is included, version.

    \b
    Example:
      coopdocs clauses list
    """
    from coopdocs.clauses.explain import module_rows  # noqa: PLC0415 - see module doc

    for line in module_rows(settings.library()):
        click.echo(line)


@clauses.command("show")
@click.argument("module_id")
@click.pass_obj
@handles_errors
def clauses_show(settings: Settings, module_id: str) -> None:
    """Show one module: title, rule, options read, version, text.

    \b
    Example:
      coopdocs clauses show liability
    """
    from coopdocs.clauses.explain import module_details  # noqa: PLC0415 - see module doc

    for line in module_details(settings.library(), module_id):
        click.echo(line)


@clauses.command("check")
@click.pass_obj
@handles_errors
def clauses_check(settings: Settings) -> None:
    """Compile every clause text of the library (and of --clauses DIR); report syntax errors.

    Commands compile only the texts they render; this compiles them all, so a broken text in
    an own library is found before an agreement needs it.

    \b
    Example:
      coopdocs --clauses my-clauses/ clauses check
    """
    from coopdocs.clauses.markup import check_texts  # noqa: PLC0415 - see module doc

    library = settings.library()
    errors = check_texts(library)
    for error in errors:
        click.echo(error.format(), err=True)
    if not settings.quiet:
        texts = sum(len(module.texts) for module in library.values())
        click.echo(_("{errors} in {texts} of {modules}").format(
            errors=ngettext("{n} error", "{n} errors", len(errors)).format(n=len(errors)),
            # Translators: after "in" (German: dative, "in 3 Klauseltexten")
            texts=ngettext("{n} clause text", "{n} clause texts", texts).format(n=texts),
            # Translators: after "of" (German: dative, "von 2 Modulen")
            modules=ngettext("{n} module", "{n} modules", len(library)).format(n=len(library))),
            err=True)
    if errors:
        sys.exit(1)


# --- the evaluation survey ----------------------------------------------------------------------

_DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def db_option(command: F) -> F:
    """--db URL, the same on every survey command."""
    return click.option(
        "--db", metavar="URL",
        help="Survey database: postgresql://USER@HOST/NAME or an SQLite file (default: "
             "COOPDOCS_DB, else survey.sqlite3 in the user's data folder).")(command)


def round_option(command: F) -> F:
    """--round N, the number of the evaluation round a survey command is about."""
    return click.option("--round", "number", type=click.IntRange(1, 1000), required=True,
                        help="Number of the evaluation round.")(command)


@contextlib.contextmanager
def _survey_store(db: str | None) -> Iterator[Any]:
    """The survey store at ``db`` (migrated), closed when the command ends."""
    from coopdocs.survey.store import Store  # noqa: PLC0415 - see module doc

    store = Store.connect(db)
    try:
        yield store
    finally:
        store.dispose()


@main.group()
def survey() -> None:
    """The evaluation survey: every partner answers in the browser, coopdocs collects the round.

    open creates a round with one personal link per partner (and one for the coordinator),
    serve runs the web pages, status shows who has answered what, link replaces a lost link,
    export writes evaluation-N.yaml for report and addendum. The answers are kept in a
    database: --db URL, else COOPDOCS_DB, else an SQLite file in the user's data folder.
    """


@survey.command("open")
@click.argument("cooperation", type=_FILE)
@click.argument("evaluations", nargs=-1, type=_FILE)
@round_option
@click.option("--period", nargs=2, type=click.DateTime(_DATE_FORMATS), metavar="START END",
              help="Period the round evaluates. Default: from the day after the last round's "
                   "period (or the start of the term) to --closes (or today).")
@click.option("--closes", type=click.DateTime(_DATE_FORMATS), metavar="DATE",
              help="Last day for answers, shown on the pages.")
@click.option("--base-url", metavar="URL",
              help="Address of the survey pages in the links (default: http://127.0.0.1:8400, "
                   "where coopdocs survey serve answers).")
@db_option
@click.option("-o", "--output", type=_Path(dir_okay=False, path_type=Path),
              help="Write the links to this file (readable only by you) instead of printing "
                   "them.")
@click.pass_obj
@handles_errors
def survey_open(settings: Settings, cooperation: Path, evaluations: tuple[Path, ...],
                number: int, period: tuple[Any, Any] | None, closes: Any, base_url: str | None,
                db: str | None, output: Path | None) -> None:
    """Open an evaluation round: one personal link per partner, one for the coordinator.

    The round asks about the cooperation as amended by the earlier rounds given (a partner
    that left is not asked, one that joined is); --round N must follow them. The links are
    shown only now: the database keeps only their hashes.

    \b
    Examples:
      coopdocs survey open samples/3dmp/cooperation.yaml samples/3dmp/evaluation-*.yaml --round 3
      coopdocs survey open cooperation.yaml --round 1 --closes 2027-04-15 -o links.txt
    """
    import datetime  # noqa: PLC0415 - see module doc

    from coopdocs.build import check_case  # noqa: PLC0415
    from coopdocs.check.findings import Finding, Level  # noqa: PLC0415
    from coopdocs.errors import Location  # noqa: PLC0415
    from coopdocs.survey import rounds  # noqa: PLC0415

    [case] = _cases(settings, check_case(cooperation, evaluations,
                                         settings.catalog(settings.library())))
    data = rounds.round_data(case, number, today=datetime.date.today(),
                             period=(period[0].date(), period[1].date()) if period else None,
                             closes=closes.date() if closes else None)
    with _survey_store(db) as store:
        opened = rounds.open_round(store, data)
    for note in opened.notes:
        click.echo(Finding(Level.WARNING, note, location=Location(cooperation)).format(),
                   err=True)
    _hand_out(rounds.links_text(opened, base_url or rounds.DEFAULT_BASE_URL), output)


@survey.command("link")
@click.argument("cooperation", type=_FILE)
@round_option
@click.option("--partner", metavar="ID", help="Id of the partner whose link is renewed.")
@click.option("--coordinator", is_flag=True, help="Renew the coordinator's link instead.")
@click.option("--base-url", metavar="URL",
              help="Address of the survey pages in the link (default: http://127.0.0.1:8400).")
@db_option
@click.option("-o", "--output", type=_Path(dir_okay=False, path_type=Path),
              help="Write the link to this file (readable only by you) instead of printing it.")
@click.pass_obj
@handles_errors
def survey_link(settings: Settings, cooperation: Path, number: int, partner: str | None,
                coordinator: bool, base_url: str | None, db: str | None,
                output: Path | None) -> None:
    """Give a partner (or the coordinator) a new link for a link that was lost.

    The old link stops working at once; the answers saved under it stay and open with the new
    link. Like the first links, the new one is shown only now.

    \b
    Examples:
      coopdocs survey link samples/3dmp/cooperation.yaml --round 3 --partner flying-parts
      coopdocs survey link samples/3dmp/cooperation.yaml --round 3 --coordinator -o k.txt
    """
    from coopdocs.build import check_case  # noqa: PLC0415 - see module doc
    from coopdocs.survey import rounds  # noqa: PLC0415

    if (partner is None) == (not coordinator):
        raise click.UsageError(_("give either --partner ID or --coordinator"))
    [case] = _cases(settings, check_case(cooperation, (), settings.catalog(settings.library())))
    with _survey_store(db) as store:
        round_ = rounds.stored_round(store, rounds.cooperation_id(case), number)
        text = rounds.renewed_link(store, round_, partner,
                                   base_url or rounds.DEFAULT_BASE_URL)
    _hand_out(text, output)


def _hand_out(links: str, output: Path | None) -> None:
    """Print the links, or write them to a file only the user can read; then the reminder."""
    from coopdocs.survey import rounds  # noqa: PLC0415 - see module doc

    if output is None:
        click.echo(links, nl=False)
    else:
        click.echo(str(rounds.write_private(output, links)))
    click.echo(rounds.links_warning(), err=True)


@survey.command("status")
@click.argument("cooperation", type=_FILE)
@round_option
@db_option
@click.pass_obj
@handles_errors
def survey_status(settings: Settings, cooperation: Path, number: int, db: str | None) -> None:
    """Show who has answered what: per partner its state, questions answered, last change.

    \b
    Example:
      coopdocs survey status samples/3dmp/cooperation.yaml --round 3
    """
    from coopdocs.build import check_case  # noqa: PLC0415 - see module doc
    from coopdocs.survey import rounds  # noqa: PLC0415

    [case] = _cases(settings, check_case(cooperation, (), settings.catalog(settings.library())))
    with _survey_store(db) as store:
        round_ = rounds.stored_round(store, rounds.cooperation_id(case), number)
        rows = rounds.status_rows(round_, store.respondents(round_.id))
    for line in rounds.status_lines(round_, rows):
        click.echo(line)


@survey.command("export")
@click.argument("cooperation", type=_FILE)
@click.argument("evaluations", nargs=-1, type=_FILE)
@round_option
@click.option("-o", "--output", type=_Path(dir_okay=False, path_type=Path),
              help="Write evaluation-N.yaml to this file instead of printing it.")
@db_option
@click.pass_obj
@handles_errors
def survey_export(settings: Settings, cooperation: Path, evaluations: tuple[Path, ...],
                  number: int, output: Path | None, db: str | None) -> None:
    """Write the round's submitted answers as evaluation-N.yaml, a comment on each value.

    The file is checked with the cooperation and the earlier rounds given, like coopdocs
    validate; report and addendum build from it once the steering committee has added its
    measures. Drafts are not exported, only named in the header.

    \b
    Example:
      coopdocs survey export cooperation.yaml evaluation-1.yaml --round 2 -o evaluation-2.yaml
    """
    import datetime  # noqa: PLC0415 - see module doc

    from coopdocs.build import check_case  # noqa: PLC0415
    from coopdocs.publish.output import make_folder, write_atomic  # noqa: PLC0415
    from coopdocs.survey import rounds  # noqa: PLC0415

    catalog = settings.catalog(settings.library())
    [case] = _cases(settings, check_case(cooperation, evaluations, catalog))
    rounds.check_number(case, number)
    with _survey_store(db) as store:
        round_ = rounds.stored_round(store, rounds.cooperation_id(case), number)
        text = rounds.export_text(store, round_, today=datetime.date.today())
    if output is None:
        click.echo(text, nl=False)
        return
    make_folder(output.parent)
    write_atomic(output, text.encode("utf-8"))
    _cases(settings, check_case(cooperation, (*evaluations, output), catalog))
    click.echo(str(output))


@survey.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than 127.0.0.1 only with TLS or behind a "
                   "reverse proxy.")
@click.option("--port", type=click.IntRange(1, 65535), default=8400, show_default=True,
              help="Port to listen on.")
@click.option("--base-url", metavar="URL",
              help="Public address of the pages, as in the links (behind a reverse proxy: "
                   "its https address).")
@db_option
@click.option("--certfile", type=_FILE, help="TLS certificate (PEM) to serve HTTPS directly.")
@click.option("--keyfile", type=_FILE, help="Private key of --certfile (PEM).")
@click.pass_obj
@handles_errors
def survey_serve(settings: Settings, host: str, port: int, base_url: str | None,
                 db: str | None, certfile: Path | None, keyfile: Path | None) -> None:
    """Run the survey's web pages until stopped with Ctrl+C.

    Partners open their personal links, the coordinator the coordinator link. Listens on
    127.0.0.1 only, unless --host says otherwise; for the internet, run it behind a reverse
    proxy with TLS and give its address with --base-url.

    \b
    Examples:
      coopdocs survey serve
      coopdocs survey serve --base-url https://survey.example.org
    """
    from coopdocs.survey.serve import ServeOptions, proxy_advice, serve  # noqa: PLC0415

    if keyfile is not None and certfile is None:
        raise click.BadParameter(_("--keyfile needs --certfile"), param_hint="'--keyfile'")
    options = ServeOptions(host, port, base_url, certfile, keyfile)
    advice = proxy_advice(options)
    if advice:
        click.echo(_("warning: {advice}").format(advice=advice), err=True)
    with _survey_store(db) as store:
        if not settings.quiet:
            click.echo(_("Serving the survey on {url} (database {db}); Ctrl+C stops it.").format(
                url=options.public_url, db=store.where), err=True)
        serve(store, options)


def _cases(settings: Settings, checking: Checking) -> list[Any]:
    """The cases to build, after printing the findings; InvalidInputError when one has errors."""
    for result in checking.checked:
        if result.findings:
            _report(settings, result)
    if not checking.ok:
        raise InvalidInputError("invalid input")
    return checking.cases


def _report(settings: Settings, checked: Checked) -> None:
    from coopdocs.check.findings import Level, summary  # noqa: PLC0415 - see module doc

    for finding in checked.findings:
        if not (settings.quiet and finding.level is Level.INFO):
            click.echo(finding.format(), err=True)
    if not settings.quiet:
        click.echo(summary(checked.findings, str(checked.path)), err=True)


# The batch's progress events (batch.run), as the progress lines say them.
_EVENTS = {"built": N_("built"), "unchanged": N_("unchanged"), "failed": N_("failed")}


@contextlib.contextmanager
def _progress(settings: Settings, total: int) -> Iterator[Progress]:
    """Batch progress on stderr: a bar on a terminal, a line per cooperation otherwise.

    Nothing with -q. Each cooperation counts once, whether built, unchanged or failed.
    """
    words = {event: translated(word) for event, word in _EVENTS.items()}
    width = max(len(word) for word in words.values())
    if settings.quiet:
        yield lambda event, name: None
    elif not sys.stderr.isatty():
        yield lambda event, name: click.echo(f"{words.get(event, event):<{width}} {name}",
                                             err=True)
    else:
        with click.progressbar(length=total, label="coopdocs batch", file=sys.stderr,
                               show_pos=True, item_show_func=lambda item: item) as bar:
            yield lambda event, name: bar.update(1, f"{words.get(event, event)} {name}")
