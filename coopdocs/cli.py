"""The command line: click commands only.

Each command parses its options, calls the library, prints findings and built paths, and maps
errors to the exit codes of CLI.md. This is the one place that prints or exits.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from coopdocs import __version__
from coopdocs.batch.run import Network, Progress, build_network, dask_executor, local_executor
from coopdocs.batch.run import Settings as BatchSettings
from coopdocs.build import (
    Prepared,
    build_addendum,
    build_agreement,
    build_report,
    output_names,
    prepare,
)
from coopdocs.check.findings import Level, has_errors, summary
from coopdocs.check.sources import load
from coopdocs.check.validate import (
    Checked,
    Member,
    check_cooperation,
    check_files,
    check_network,
    check_network_members,
    detect_kind,
)
from coopdocs.clauses.explain import explain_lines, module_details, module_rows
from coopdocs.clauses.library import Library, load_library
from coopdocs.errors import CoopdocsError, InvalidInputError, Location
from coopdocs.publish.output import write_files
from coopdocs.publish.pdf import PdfOptions, in_formats

F = TypeVar("F", bound=Callable[..., Any])

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_DIR = click.Path(file_okay=False, path_type=Path)


@dataclass(frozen=True)
class Settings:
    quiet: bool
    verbose: bool
    clauses: Path | None
    templates: Path | None

    def library(self) -> Library:
        return load_library(self.clauses)


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
    where = f"{exc.location}: " if exc.location else ""
    click.echo(f"{where}error: {exc.message}", err=True)
    if exc.hint:
        click.echo(f"  hint: {exc.hint}", err=True)
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coopdocs")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and built paths.")
@click.option("-v", "--verbose", is_flag=True, help="Add the cause of an error.")
@click.option("--clauses", type=_DIR, help="Extra clause library that adds or overrides modules.")
@click.option("--templates", type=_DIR, help="Own Word templates (e.g. a letterhead).")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool, clauses: Path | None,
         templates: Path | None) -> None:
    """coopdocs: cooperation agreements for German SMEs, from YAML to Word.

    \b
    Example:
      coopdocs validate samples/3dmp/cooperation.yaml
      coopdocs agreement samples/3dmp/cooperation.yaml -o out/
    """
    ctx.obj = Settings(quiet, verbose, clauses, templates)


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
    library = settings.library()
    networks = [f for f in files if detect_kind(_peek(f)) == "network"]
    checked = check_files([f for f in files if f not in networks], library)
    checked += check_network_members(networks, library)
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
    library = settings.library()
    [prepared] = _prepare_all(settings, library, (cooperation,), strict=False)
    for line in explain_lines(prepared.choices):
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
    library = settings.library()
    prepared = _prepare_all(settings, library, cooperations, strict=strict)
    _refuse_collisions(prepared)
    files = [build_agreement(p, final=final, templates=settings.templates) for p in prepared]
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
    library = settings.library()
    prepared, rounds = _prepare_rounds(settings, library, cooperation, evaluations, strict=strict)
    files = [build_report(prepared, rounds, library, templates=settings.templates)]
    _write(output, files, fmt, pdfa)


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
    library = settings.library()
    prepared, rounds = _prepare_rounds(settings, library, cooperation, evaluations, strict=strict)
    files = build_addendum(prepared, rounds, library, templates=settings.templates, final=final)
    _write(output, files, fmt, pdfa)


def _write(output: Path, files: list[tuple[str, bytes]], fmt: str, pdfa: bool) -> None:
    """Write the documents in the formats asked for, and list the files written on stdout."""
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
@click.pass_obj
@handles_errors
def batch(settings: Settings, network: Path, output: Path, fmt: str, pdfa: bool,
          jobs: int | None, scheduler: str | None, force: bool) -> None:
    """Build every document of every cooperation of a network.

    Per cooperation the agreement, a report per evaluation round and, for rounds with changes,
    Nachtrag, Lesefassung and redline, in OUTPUT/<cooperation id>/; with PDF one bundled PDF
    with a bookmark per document; manifest.json records the SHA-256 of inputs and outputs, and
    unchanged cooperations are not built again. A cooperation that fails is reported and the
    others are built (exit 4).

    \b
    Example:
      coopdocs batch samples/network/network.yaml --format all -o out/network
    """
    described, members = _network(settings, network)
    executor = (dask_executor(scheduler) if scheduler
                else local_executor(jobs or os.cpu_count() or 1))
    with _progress(settings, len(members)) as progress:
        run, written = build_network(
            described, members,
            BatchSettings(output, fmt, PdfOptions(pdfa=pdfa), executor, settings.templates,
                          settings.clauses, force),
            progress)
    for path in written:
        click.echo(str(path))
    for outcome in run.failed:
        for message in outcome.messages:
            click.echo(message, err=True)
    if not settings.quiet:
        click.echo(f"{len(run.built)} built, {len(run.unchanged)} unchanged, {len(run.failed)} "
                   f"failed in {network}", err=True)
    if run.failed:
        sys.exit(4)


def _network(settings: Settings, path: Path) -> tuple[Network, list[Member]]:
    """The network file checked (findings reported) and what a batch needs of it.

    The checked file itself (with the position of every key, for messages) is not kept: with
    a thousand cooperations it is a megabyte a batch run would hold to the end.
    """
    checked, members = check_network(path)
    if checked.findings:
        _report(settings, checked)
    if checked.data is None:
        raise InvalidInputError("invalid input")
    info = checked.data["network"]
    return Network(path, info["id"], info["name"], info.get("coordinator", info["name"]),
                   info["language"]), members


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
    for line in module_details(settings.library(), module_id):
        click.echo(line)


def _check_all(settings: Settings, library: Library, files: Sequence[Path], *,
               report_clean: bool) -> list[Checked]:
    """Validate every file and report its findings (and, with ``report_clean``, clean files)."""
    checked = [check_cooperation(path, library) for path in files]
    for result in checked:
        if result.findings or report_clean:
            _report(settings, result)
    return checked


def _report(settings: Settings, checked: Checked) -> None:
    for finding in checked.findings:
        if not (settings.quiet and finding.level is Level.INFO):
            click.echo(finding.format(), err=True)
    if not settings.quiet:
        click.echo(summary(checked.findings, str(checked.path)), err=True)


def _prepare_all(settings: Settings, library: Library, files: Sequence[Path], *, strict: bool
                 ) -> list[Prepared]:
    """Validate every file (reporting all findings); stop before anything is built."""
    checked = _check_all(settings, library, files, report_clean=False)
    if any(has_errors(c.findings, strict=strict) for c in checked):
        raise InvalidInputError("invalid input")
    return [prepare(c, library) for c in checked]


def _prepare_rounds(settings: Settings, library: Library, cooperation: Path,
                    evaluations: Sequence[Path], *, strict: bool
                    ) -> tuple[Prepared, list[Checked]]:
    """Validate a cooperation and its rounds together (reporting all findings); stop on errors."""
    checked = check_files((cooperation, *evaluations), library)
    coop, rounds = checked[0], checked[1:]
    for result in checked:
        if result.findings:
            _report(settings, result)
    _expect_kinds(coop, rounds)
    if any(has_errors(c.findings, strict=strict) for c in checked):
        raise InvalidInputError("invalid input")
    return prepare(coop, library), rounds


@contextlib.contextmanager
def _progress(settings: Settings, total: int) -> Iterator[Progress]:
    """Batch progress on stderr: a bar on a terminal, a line per cooperation otherwise.

    Nothing with -q. Each cooperation counts once, whether built, unchanged or failed.
    """
    if settings.quiet:
        yield lambda event, name: None
    elif not sys.stderr.isatty():
        yield lambda event, name: click.echo(f"{event:<9} {name}", err=True)
    else:
        with click.progressbar(length=total, label="coopdocs batch", file=sys.stderr,
                               show_pos=True, item_show_func=lambda item: item) as bar:
            yield lambda event, name: bar.update(1, f"{event} {name}")


def _peek(path: Path) -> object:
    """The data of a file, to tell its kind; None when it does not load (validate reports it)."""
    try:
        return load(path).data
    except CoopdocsError:
        return None


def _expect_kinds(coop: Checked, rounds: Sequence[Checked]) -> None:
    """The cooperation first, then evaluation rounds; anything else is a usage mistake."""
    wrong = [(c.path, "a cooperation") for c in [coop] if c.kind != "cooperation"]
    wrong += [(r.path, "an evaluation round") for r in rounds if r.kind != "evaluation"]
    if wrong:
        path, expected = wrong[0]
        raise CoopdocsError(f"expected {expected} here; give the cooperation.yaml first, then "
                            "its evaluation rounds", Location(path))


def _refuse_collisions(prepared: Sequence[Prepared]) -> None:
    names = output_names(prepared)
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CoopdocsError(f"several inputs would write {', '.join(duplicates)}; "
                            "give each cooperation its own id")
