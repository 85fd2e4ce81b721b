"""coopdocs batch: every document of every cooperation of a network, in parallel, incrementally.

One job per cooperation builds its agreement, the report of every round (with the rounds before
it as history) and, for every round with changes, Nachtrag, Lesefassung and redline. Jobs run in
local worker processes or on a Dask distributed cluster and return plain (name, bytes) pairs; a
job that fails returns its messages instead, and the others go on.

Results are written as they come, a few dozen documents at a time (with PDF: converted in one
LibreOffice batch per group), so memory stays flat however large the network. ``manifest.json``
records the SHA-256 of every input, template, clause module and output and is brought up to date
after each group, so an unchanged cooperation is not built again; files are written atomically,
so an interrupted run leaves no half files and the next run completes the rest.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from coopdocs import __version__
from coopdocs.build import (
    STEMS,
    build_addendum,
    build_agreement,
    build_report,
    prepare,
    report_context,
    template_file,
)
from coopdocs.check.findings import Level
from coopdocs.check.validate import Member, check_files, round_number
from coopdocs.clauses.library import Library, load_library
from coopdocs.compose.network import compose_network_report, summarize
from coopdocs.errors import CoopdocsError
from coopdocs.model.cooperation import build_cooperation
from coopdocs.model.evaluation import build_round
from coopdocs.publish.bundle import Group, bundle
from coopdocs.publish.output import write_atomic, write_files
from coopdocs.publish.pdf import PdfOptions, in_formats, to_pdf
from coopdocs.render.docx import render_docx
from coopdocs.resources import resource_dir
from coopdocs.wording import load_terms

MANIFEST = "manifest.json"
# Documents written (and converted to PDF) together: LibreOffice starts once per group and
# worker (about a second), and at most this many documents are held in memory.
GROUP_DOCUMENTS = 48


@dataclass(frozen=True)
class Job:
    """Build one cooperation. Plain, picklable data: it may run in another process or host."""

    member: Member
    templates: Path | None
    clauses: Path | None
    digest: str


@dataclass(frozen=True)
class Outcome:
    """What a job gives back: the files it built, or the messages why it could not."""

    member: Member
    digest: str
    coop_id: str = ""
    files: tuple[tuple[str, bytes], ...] = ()
    messages: tuple[str, ...] = ()
    title: str = ""
    summary: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.messages


@dataclass(frozen=True)
class Built:
    """A cooperation whose documents are written, with its manifest entry as JSON text.

    A run keeps an entry per cooperation until it ends; as text, an entry of a thousand takes a
    quarter of the memory of the dicts it is made of.
    """

    coop_id: str
    entry: str

    @classmethod
    def of(cls, outcome: Outcome) -> Built:
        member = outcome.member
        return cls(outcome.coop_id, entry_text({
            "title": outcome.title,
            "summary": outcome.summary,
            "digest": outcome.digest,
            "inputs": {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
                       for p in (member.cooperation, *member.evaluations)},
            "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outcome.files},
        }))


@dataclass
class Run:
    """The state of a batch run, for the summary and the manifest.

    ``kept`` are the manifest entries (JSON text) of the unchanged cooperations.
    """

    built: list[Built] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)


def digest_files(paths: Iterable[Path]) -> str:
    """SHA-256 over the names and contents of ``paths``, in order."""
    hasher = hashlib.sha256()
    for path in paths:
        hasher.update(str(path.name).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def tree_digest(folder: Path) -> str:
    """SHA-256 over every file of a folder (templates, clause library), by relative path."""
    hasher = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hasher.update(str(path.relative_to(folder)).encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def plan(members: Sequence[Member], templates: Path | None, clauses: Path | None,
         fmt: str) -> list[Job]:
    """One job per cooperation, with the digest of everything its documents depend on."""
    shared = "|".join([__version__, fmt, tree_digest(resource_dir("templates")),
                       tree_digest(resource_dir("clauses")), tree_digest(resource_dir("schemas")),
                       tree_digest(templates) if templates else "",
                       tree_digest(clauses) if clauses else ""])
    return [Job(m, templates, clauses, hashlib.sha256(
        (shared + digest_files([m.cooperation, *m.evaluations])).encode()).hexdigest())
        for m in members]


@cache
def _library(clauses: Path | None) -> Library:
    """The clause library, loaded once per worker process."""
    return load_library(clauses)


# python-docx parses with one module-wide lxml parser and docxtpl templates keep state, so
# neither may run in two threads at once; a Dask worker with several threads builds one
# cooperation at a time (pure-Python work would not run in parallel under the GIL anyway).
_ONE_BUILD_AT_A_TIME = threading.Lock()


def run_job(job: Job) -> Outcome:
    """Validate and build one cooperation; never raises for a problem of its input."""
    with _ONE_BUILD_AT_A_TIME:
        return _build(job)


def _build(job: Job) -> Outcome:
    member = job.member
    try:
        library = _library(job.clauses)
        checked = check_files([member.cooperation, *member.evaluations], library)
        messages = tuple(f.format() for c in checked for f in c.findings if f.level is Level.ERROR)
        if messages:
            return Outcome(member, job.digest, messages=messages)
        coop = checked[0]
        rounds = sorted(checked[1:], key=round_number)
        prepared = prepare(coop, library)
        files = [build_agreement(prepared, final=False, templates=job.templates)]
        for n in range(1, len(rounds) + 1):
            files.append(build_report(prepared, rounds[:n], library, templates=job.templates))
            if any("change" in m for m in (rounds[n - 1].data or {})["measures"]):
                files.extend(build_addendum(prepared, rounds[:n], library,
                                            templates=job.templates))
        current = build_cooperation(rounds[-1].amended) if rounds and rounds[-1].amended \
            else prepared.coop
        summary = summarize(current, [build_round(r.path, r.data) for r in rounds if r.data])
        return Outcome(member, job.digest, prepared.coop.id, tuple(files),
                       title=prepared.coop.title, summary=summary)
    except CoopdocsError as exc:
        where = f"{exc.location}: " if exc.location else f"{member.cooperation}: "
        return Outcome(member, job.digest, messages=(f"{where}error: {exc.message}",))
    except Exception as exc:  # a bug in one job must not stop the network
        return Outcome(member, job.digest, messages=(
            f"{member.cooperation}: error: internal error while building "
            f"({type(exc).__name__}: {exc}); please report it with this file",))


Executor = Callable[[Callable[[Job], Outcome], Sequence[Job]], Iterator[Outcome]]


def local_executor(jobs: int) -> Executor:
    """Worker processes on this machine; results in the order they finish.

    A few jobs per worker are in flight at a time, so finished results do not pile up while the
    caller writes them.
    """

    def run(function: Callable[[Job], Outcome], work: Sequence[Job]) -> Iterator[Outcome]:
        if jobs <= 1 or len(work) <= 1:
            yield from map(function, work)
            return
        queue = iter(work)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            running: set[Future[Outcome]] = {pool.submit(function, job)
                                             for job in islice(queue, 2 * jobs)}
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                running |= {pool.submit(function, job) for job in islice(queue, len(done))}
                yield from (future.result() for future in done)

    return run


def dask_executor(address: str) -> Executor:
    """The jobs on a Dask distributed cluster (workers need the input files at the same paths)."""

    def run(function: Callable[[Job], Outcome], work: Sequence[Job]) -> Iterator[Outcome]:
        try:
            from dask.distributed import Client, as_completed  # noqa: PLC0415 - optional part
        except ImportError as exc:
            raise CoopdocsError("--scheduler needs dask.distributed; install it with "
                                "'.venv/bin/pip install \"dask[distributed]\"'") from exc
        try:
            client = Client(address, timeout=30)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise CoopdocsError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        with client:
            futures = client.map(function, work, pure=False)
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                yield future.result()

    return run


def read_manifest(output: Path) -> dict[str, object]:
    path = output / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def unchanged(job: Job, manifest: dict[str, object], output: Path
              ) -> tuple[str, dict[str, Any]] | None:
    """The cooperation's id and entry when its inputs and outputs are as the manifest records.

    None when the manifest has no entry with the same digest, or an output is missing or changed.
    """
    entries = manifest.get("cooperations", {})
    if not isinstance(entries, dict):
        return None
    for coop_id, entry in entries.items():
        if not isinstance(entry, dict) or entry.get("digest") != job.digest:
            continue
        outputs = entry.get("outputs", {})
        if isinstance(outputs, dict) and outputs and all(
                (output / coop_id / name).is_file()
                and hashlib.sha256((output / coop_id / name).read_bytes()).hexdigest() == sha
                for name, sha in outputs.items()):
            return str(coop_id), entry
    return None


def with_pdfs(outcomes: Sequence[Outcome], fmt: str, options: PdfOptions
              ) -> tuple[list[Outcome], list[Outcome]]:
    """The outcomes with their PDFs added (``fmt`` pdf or all), converted in one batch.

    When the batch fails, each cooperation is converted on its own, so one document that
    LibreOffice cannot convert fails only its cooperation.
    """
    if fmt == "docx" or not outcomes:
        return list(outcomes), []
    try:
        pdfs = to_pdf([f for o in outcomes for f in o.files], options)
        by_name = dict(pdfs)
        return [_formats(o, by_name, fmt) for o in outcomes], []
    except CoopdocsError:
        if len(outcomes) == 1:
            raise
    done, failed = [], []
    for outcome in outcomes:
        try:
            done.append(_formats(outcome, dict(to_pdf(outcome.files, options)), fmt))
        except CoopdocsError as exc:
            message = f"{outcome.member.cooperation}: error: {exc.message}"
            failed.append(Outcome(outcome.member, outcome.digest, outcome.coop_id,
                                  messages=(message,)))
    return done, failed


def _formats(outcome: Outcome, pdfs: dict[str, bytes], fmt: str) -> Outcome:
    converted = [(name[:-5] + ".pdf", pdfs[name[:-5] + ".pdf"]) for name, _ in outcome.files]
    files = [*(outcome.files if fmt == "all" else ()), *converted]
    return Outcome(outcome.member, outcome.digest, outcome.coop_id, tuple(files),
                   title=outcome.title, summary=outcome.summary)


def write_manifest(output: Path, network: Path, run: Run) -> Path:
    """``manifest.json``: version, inputs and outputs with SHA-256 per cooperation.

    Cooperations no longer listed, or failing now, drop out. The text is what ``json.dumps``
    with an indent of two gives, assembled from the entries' JSON text.
    """
    entries = {**run.kept, **{built.coop_id: built.entry for built in run.built}}
    failed = sorted(str(o.member.cooperation) for o in run.failed)

    def pieces() -> Iterator[str]:  # a piece at a time: the text of a thousand is a megabyte
        yield f'{{\n  "coopdocs": {_json(__version__)},\n  "network": {_json(str(network))},\n'
        if not entries:
            yield '  "cooperations": {},\n'
        else:
            yield '  "cooperations": {\n'
            separator = ""
            for coop_id in sorted(entries):
                yield f"{separator}    {_json(coop_id)}: {entries[coop_id]}"
                separator = ",\n"
            yield "\n  },\n"
        yield f'  "failed": {_json(failed, depth=1)}\n}}\n'

    return write_atomic(output / MANIFEST, (piece.encode("utf-8") for piece in pieces()))


def entry_text(entry: Mapping[str, Any]) -> str:
    """A manifest entry as JSON, indented as it stands in ``manifest.json``."""
    return _json(entry, depth=2)


def _json(value: Any, depth: int = 0) -> str:
    """``value`` as JSON with an indent of two, its lines after the first ``depth`` levels in."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


@dataclass(frozen=True)
class Settings:
    """How a batch runs: output, formats, executor, own templates and clauses, rebuild all."""

    output: Path
    fmt: str
    options: PdfOptions
    executor: Executor
    templates: Path | None = None
    clauses: Path | None = None
    force: bool = False


@dataclass(frozen=True)
class Network:
    """The network file and what the bundle says about it."""

    path: Path
    id: str
    name: str
    coordinator: str
    language: str = "de"


Progress = Callable[[str, str], None]  # (unchanged|built|failed, cooperation id or file)


def build_network(network: Network, members: Sequence[Member], settings: Settings,
                  progress: Progress) -> tuple[Run, list[Path]]:
    """Build every cooperation (skipping unchanged ones), write them, the manifest and bundle."""
    output = settings.output
    previous = {} if settings.force else read_manifest(output)
    run = Run()
    todo = []
    for job in plan(members, settings.templates, settings.clauses, settings.fmt):
        done = unchanged(job, previous, output)
        if done is None:
            todo.append(job)
        else:
            coop_id, entry = done
            run.unchanged.append(coop_id)
            run.kept[coop_id] = entry_text(entry)
            progress("unchanged", coop_id)
    written: list[Path] = []
    group: list[Outcome] = []

    def write(group: Sequence[Outcome]) -> list[Path]:
        return write_group(group, network=network, run=run, settings=settings,
                           progress=progress)

    for outcome in settings.executor(run_job, todo):
        if not outcome.ok:
            run.failed.append(outcome)
            progress("failed", str(outcome.member.cooperation))
            continue
        group.append(outcome)
        if sum(len(o.files) for o in group) >= GROUP_DOCUMENTS:
            written += write(group)
            group = []
    written += write(group)
    written.sort(key=lambda path: path.parent.name)  # by cooperation, whatever finished first
    manifest = output / MANIFEST
    report = network_report(network, manifest, run, settings)
    written.extend(write_files(output, report))
    if settings.fmt != "docx":
        written.append(write_bundle(output, network, manifest,
                                    [f for f in report if f[0].endswith(".pdf")],
                                    settings.templates))
    return run, [*written, manifest]


def write_group(group: Sequence[Outcome], *, network: Network, run: Run, settings: Settings,
                progress: Progress) -> list[Path]:
    """Write the documents of ``group`` (with their PDFs), then bring the manifest up to date.

    The files are written before the manifest names them, so after an interruption the manifest
    lists only complete cooperations, and the next run builds the others.
    """
    converted, broken = with_pdfs(group, settings.fmt, settings.options)
    for outcome in broken:
        run.failed.append(outcome)
        progress("failed", str(outcome.member.cooperation))
    written: list[Path] = []
    for outcome in sorted(converted, key=lambda o: o.coop_id):
        written += write_files(settings.output / outcome.coop_id, outcome.files)
        run.built.append(Built.of(outcome))
        progress("built", outcome.coop_id)
    write_manifest(settings.output, network.path, run)
    return written


def network_report(network: Network, manifest: Path, run: Run, settings: Settings
                   ) -> list[tuple[str, bytes]]:
    """``<network id>-netzwerkbericht.docx`` (and its PDF) from the summaries in the manifest."""
    words = load_terms(template_file("report.yaml", settings.templates), network.language)
    document = compose_network_report(network.name, network.coordinator, summaries(manifest),
                                      [str(o.member.cooperation) for o in run.failed], words)
    files = [(f"{network.id}-{STEMS[network.language]['network_report']}.docx",
              render_docx(template_file("report.docx", settings.templates),
                          report_context(document), document.properties, document.blocks))]
    return in_formats(files, settings.fmt, settings.options)


def summaries(manifest: Path) -> list[Mapping[str, Any]]:
    """The summary of each cooperation in the manifest, without the rest of its entry.

    The hashes of inputs and outputs are dropped while the file is parsed: with a thousand
    cooperations they would be most of what the report holds in memory.
    """
    def lean(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        return {key: value for key, value in pairs if key not in ("inputs", "outputs")}

    with manifest.open(encoding="utf-8") as stream:
        entries = json.load(stream, object_pairs_hook=lean)["cooperations"]
    return [e["summary"] for e in entries.values() if e.get("summary")]


def write_bundle(output: Path, network: Network, manifest: Path,
                 report: Sequence[tuple[str, bytes]], templates: Path | None) -> Path:
    """``<network id>-gesamt.pdf``: the network report, then each cooperation's PDFs.

    An English network's bundle is ``<network id>-bundle.pdf`` (CLI.md).
    """
    entries = json.loads(manifest.read_text(encoding="utf-8"))["cooperations"]
    groups = [Group(network.name, network.id, tuple(report))] if report else []
    for coop_id, entry in entries.items():
        pdfs = tuple((n, (output / coop_id / n).read_bytes()) for n in entry["outputs"]
                     if n.endswith(".pdf") and (output / coop_id / n).is_file())
        if pdfs:
            groups.append(Group(entry.get("title") or coop_id, coop_id, pdfs))
    words = load_terms(template_file("report.yaml", templates), network.language)
    data = bundle(groups, title=words.text("network_bundle_title", name=network.name),
                  author=network.coordinator,
                  subject=words.text("network_bundle_subject", name=network.name))
    return write_atomic(output / f"{network.id}-{STEMS[network.language]['bundle']}.pdf", data)
