"""coopdocs batch: every document of every cooperation of a network, in parallel, incrementally.

One job per cooperation builds what ``build.build_outputs`` gives for "all" (the agreement, the
report of every round with the rounds before it as history and, for every round with changes,
Nachtrag, Lesefassung and redline). Jobs run in local worker processes or on a Dask distributed
cluster (batch.executors) and return plain (name, bytes) pairs; a job that fails returns its
messages instead, and the others go on.

Results are written as they come, a few dozen documents at a time (with PDF: converted in one
LibreOffice batch per group), so memory stays flat however large the network. ``manifest.json``
(batch.manifest) records the SHA-256 of every input, template, clause module and output and is
brought up to date after each group, so an unchanged cooperation is not built again; files are
written atomically, each cooperation's all or none, so an interrupted run leaves no half files
and the next run completes the rest. The network report and the bundle are made again only
when what they show changed. An output folder that cannot be written (full, read-only) stops
the batch with a located error; it is no cooperation's fault, and would fail every one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coopdocs.batch.executors import Executor
from coopdocs.batch.manifest import (
    MANIFEST,
    Built,
    Run,
    document_entry,
    documents_of,
    entry_text,
    is_current,
    read_manifest,
    summaries,
    unchanged,
    write_manifest,
)
from coopdocs.batch.plan import Job, Outcome, plan, shared_digest
from coopdocs.build import (
    STEMS,
    Network,
    Options,
    build_network_calendar,
    build_network_report,
    build_outputs,
    case_versions,
    check_case,
    summary,
    template_file,
)
from coopdocs.check.findings import Level
from coopdocs.check.validate import Checked, Member, check_network
from coopdocs.clauses.library import Library, catalog, load_library
from coopdocs.errors import CoopdocsError, Location
from coopdocs.i18n import _, set_language
from coopdocs.publish.bundle import Group, bundle
from coopdocs.publish.output import writable_folder, write_atomic, write_files
from coopdocs.publish.pdf import ConversionTimeout, PdfOptions, in_formats, to_pdf
from coopdocs.wording import load_terms

# Documents written (and converted to PDF) together: LibreOffice starts once per group and
# worker (about a second), and at most this many documents are held in memory.
GROUP_DOCUMENTS = 48


def read_network(path: Path) -> tuple[Checked, Network | None, list[Member]]:
    """The network file checked, what its report and bundle say of it, and its members.

    The checked file itself (with the position of every key, for messages) is for reporting
    only: with a thousand cooperations it is a megabyte a batch run should not hold to the end.
    """
    checked, members = check_network(path)
    if checked.data is None:
        return checked, None, []
    info = checked.data["network"]
    return checked, Network(path, info["id"], info["name"], info.get("coordinator", info["name"]),
                            info["language"]), members


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
        set_language(job.language)  # a worker's messages in the language the batch speaks
        return _build(job)


def _build(job: Job) -> Outcome:
    member = job.member
    try:
        library = _library(job.clauses)
        checking = check_case(member.cooperation, member.evaluations, catalog(library))
        if not checking.ok:
            return Outcome(member, job.digest, messages=tuple(
                f.format() for c in checking.checked for f in c.findings
                if f.level is Level.ERROR))
        [case] = checking.cases
        versions = case_versions(case, library, job.templates)
        files = build_outputs(case, library, "all", Options(job.templates), versions=versions)
        data = case.cooperation.data
        return Outcome(member, job.digest, data["id"], tuple(files), title=data["title"],
                       summary=summary(case, library, templates=job.templates,
                                       language=job.words, versions=versions))
    except CoopdocsError as exc:
        return Outcome(member, job.digest,
                       messages=(exc.format(Location(member.cooperation)),))
    except Exception as exc:  # a bug in one job must not stop the network
        return Outcome(member, job.digest, messages=(CoopdocsError(
            _("internal error while building ({error}: {detail}); please report it with this "
              "file").format(error=type(exc).__name__, detail=exc)
        ).format(Location(member.cooperation)),))


def with_pdfs(outcomes: Sequence[Outcome], fmt: str, options: PdfOptions
              ) -> tuple[list[Outcome], list[Outcome]]:
    """The outcomes with their PDFs added (``fmt`` pdf or all), converted in one batch.

    When the batch fails, each cooperation is converted on its own, so one document that
    LibreOffice cannot convert fails only its cooperation. A LibreOffice that hung is not asked
    again: the ConversionTimeout stops the batch (the manifest lists what was written), so the
    wait per group stays bounded by the conversion deadline.
    """
    if fmt == "docx" or not outcomes:
        return list(outcomes), []
    try:
        pdfs = to_pdf([f for o in outcomes for f in o.files], options)
        by_name = dict(pdfs)
        return [_formats(o, by_name, fmt) for o in outcomes], []
    except ConversionTimeout:
        raise
    except CoopdocsError:
        if len(outcomes) == 1:
            raise
    done, failed = [], []
    for outcome in outcomes:
        try:
            done.append(_formats(outcome, dict(to_pdf(outcome.files, options)), fmt))
        except ConversionTimeout:
            raise
        except CoopdocsError as exc:
            message = CoopdocsError(exc.message).format(Location(outcome.member.cooperation))
            failed.append(Outcome(outcome.member, outcome.digest, outcome.coop_id,
                                  messages=(message,)))
    return done, failed


def _formats(outcome: Outcome, pdfs: dict[str, bytes], fmt: str) -> Outcome:
    converted = [(name[:-5] + ".pdf", pdfs[name[:-5] + ".pdf"]) for name, _ in outcome.files]
    files = [*(outcome.files if fmt == "all" else ()), *converted]
    return Outcome(outcome.member, outcome.digest, outcome.coop_id, tuple(files),
                   title=outcome.title, summary=outcome.summary)


@dataclass(frozen=True)
class Settings:
    """How a batch runs: output, formats, executor, own templates and clauses, rebuild all.

    ``today`` is the reference day of the network report's deadlines and of the calendar
    (``--today``; default: the day the batch runs).
    """

    output: Path
    fmt: str
    options: PdfOptions
    executor: Executor
    templates: Path | None = None
    clauses: Path | None = None
    force: bool = False
    today: datetime.date | None = None


Progress = Callable[[str, str], None]  # (unchanged|built|failed, cooperation id or file)


def build_network(network: Network, members: Sequence[Member], settings: Settings,
                  progress: Progress) -> tuple[Run, list[Path]]:
    """Build every cooperation (skipping unchanged ones), write them, the manifest and bundle.

    A located CoopdocsError when the output folder cannot be written: the batch stops, and the
    manifest lists the cooperations written before.
    """
    output = writable_folder(settings.output)
    shared = shared_digest(settings.templates, settings.clauses, settings.fmt,
                           repr(settings.options))
    run = Run()
    settings = dataclasses.replace(settings, today=settings.today or datetime.date.today())
    todo = _changed_jobs(members, settings, shared, run, progress, words=network.language)
    written = _build_changed(todo, network, run, settings, progress)
    written.sort(key=lambda path: path.parent.name)  # by cooperation, whatever finished first
    written += network_documents(network, shared, run, settings)
    write_manifest(output, network.path, run)  # now with the network documents' digests
    return run, [*written, output / MANIFEST]


def _build_changed(todo: Sequence[Job], network: Network, run: Run, settings: Settings,
                   progress: Progress) -> list[Path]:
    """Run the jobs and write their documents a group at a time, as they finish."""
    written: list[Path] = []
    group: list[Outcome] = []
    # closing: when writing fails or the run is interrupted, the workers are stopped at once
    with contextlib.closing(settings.executor(run_job, todo)) as outcomes:
        for outcome in outcomes:
            if not outcome.ok:
                _fail(run, outcome, progress)
                continue
            group.append(outcome)
            if sum(len(o.files) for o in group) >= GROUP_DOCUMENTS:
                written += write_group(group, network=network, run=run, settings=settings,
                                       progress=progress)
                group = []
    return written + write_group(group, network=network, run=run, settings=settings,
                                 progress=progress)


def _fail(run: Run, outcome: Outcome, progress: Progress) -> None:
    run.failed.append(outcome)
    progress("failed", str(outcome.member.cooperation))


def _changed_jobs(members: Sequence[Member], settings: Settings, shared: str, run: Run,
                  progress: Progress, *, words: str) -> list[Job]:
    """The jobs of the cooperations to build; the unchanged ones are kept in ``run``.

    ``words``: the network's language, which the summaries' deadlines are worded in.
    """
    previous = {} if settings.force else read_manifest(settings.output)
    run.previous = documents_of(previous)
    todo = []
    for job in plan(members, settings.templates, settings.clauses, shared, words):
        done = unchanged(job, previous, settings.output)
        if done is None:
            todo.append(job)
        else:
            coop_id, entry = done
            run.unchanged.append(coop_id)
            run.kept[coop_id] = entry_text(entry)
            run.owners[coop_id] = str(job.member.cooperation)
            progress("unchanged", coop_id)
    return todo


def write_group(group: Sequence[Outcome], *, network: Network, run: Run, settings: Settings,
                progress: Progress) -> list[Path]:
    """Write the documents of ``group`` (with their PDFs), then bring the manifest up to date.

    The files are written before the manifest names them, so after an interruption the manifest
    lists only complete cooperations, and the next run builds the others. Each cooperation's
    files are written all or none (publish.output).
    """
    converted, broken = with_pdfs(group, settings.fmt, settings.options)
    for outcome in broken:
        _fail(run, outcome, progress)
    written: list[Path] = []
    try:
        for outcome in sorted(converted, key=lambda o: o.coop_id):
            written += _write_cooperation(outcome, run, settings, progress)
    except BaseException:  # record what is complete, then stop (a write error, an interrupt)
        with contextlib.suppress(CoopdocsError):
            write_manifest(settings.output, network.path, run)
        raise
    write_manifest(settings.output, network.path, run)
    return written


def _write_cooperation(outcome: Outcome, run: Run, settings: Settings,
                       progress: Progress) -> list[Path]:
    """Write one cooperation's documents into its folder, unless its id is taken this run.

    Two cooperation files with the same id would write into the same folder: the network check
    refuses them, and this keeps the rule should a file change while the batch runs.
    """
    owner = run.owners.get(outcome.coop_id)
    if owner is not None and owner != str(outcome.member.cooperation):
        message = _("the cooperation id '{id}' is also the id of {owner}; give each cooperation "
                    "its own id (nothing was written for this file)").format(
                        id=outcome.coop_id, owner=owner)
        _fail(run, dataclasses.replace(outcome, files=(), messages=(
            CoopdocsError(message).format(Location(outcome.member.cooperation)),)), progress)
        return []
    try:
        written = write_files(settings.output / outcome.coop_id, outcome.files)
    except CoopdocsError as exc:
        raise CoopdocsError(_("{problem} for cooperation '{id}'; the batch stopped "
                              "(manifest.json lists the cooperations written before); run it "
                              "again to build the rest").format(problem=exc.message,
                                                                id=outcome.coop_id),
                            exc.location, exc.hint) from exc
    run.built.append(Built.of(outcome))
    run.owners[outcome.coop_id] = str(outcome.member.cooperation)
    progress("built", outcome.coop_id)
    return written


def network_documents(network: Network, shared: str, run: Run, settings: Settings
                      ) -> list[Path]:
    """The network report, its calendar and (with PDF) the bundle, each made when inputs changed.

    Their inputs are what the manifest says of the cooperations (summaries; for the bundle the
    SHA-256 of every PDF), the failures, the network, ``shared`` and, for the report and the
    calendar, the reference day of their deadlines (a rerun on another day makes them again,
    and only them: the cooperations' documents do not depend on the day); an unchanged rerun
    of a large network would otherwise spend most of its time converting and merging them.
    """
    output = settings.output
    today = settings.today or datetime.date.today()
    coops = summaries(output / MANIFEST)
    failed = [str(o.member.cooperation) for o in run.failed]
    about = [network.id, network.name, network.coordinator, network.language]
    digest = _digest(shared, about, coops, failed, today.isoformat())
    written: list[Path] = []
    if not _kept(run, "report", digest, output):
        report = network_report(network, coops, failed, settings)
        written += write_files(output, report)
        run.documents["report"] = document_entry(digest, report)
    digest = _digest(shared, about, coops, today.isoformat())
    if not _kept(run, "calendar", digest, output):
        calendar = [build_network_calendar(network, coops, today, Options(settings.templates))]
        written += write_files(output, calendar)
        run.documents["calendar"] = document_entry(digest, calendar)
    if settings.fmt != "docx":
        report_pdfs = sorted(n for n in _outputs(run, "report") if n.endswith(".pdf"))
        digest = _digest(shared, about, _outputs(run, "report"), _bundled(output / MANIFEST))
        if not _kept(run, "bundle", digest, output):
            pdfs = [(name, (output / name).read_bytes()) for name in report_pdfs]
            path = write_bundle(output, network, output / MANIFEST, pdfs, settings.templates)
            run.documents["bundle"] = document_entry(digest, [(path.name, path.read_bytes())])
            written.append(path)
    return written


def _digest(*parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _kept(run: Run, kind: str, digest: str, output: Path) -> bool:
    """Whether the document ``kind`` is on disk as made from inputs with ``digest``; kept then."""
    entry = run.previous.get(kind)
    if not isinstance(entry, dict) or not is_current(entry, digest, output):
        return False
    run.documents[kind] = entry_text(entry)
    return True


def _outputs(run: Run, kind: str) -> dict[str, str]:
    outputs: dict[str, str] = json.loads(run.documents[kind])["outputs"]
    return outputs


def _bundled(manifest: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """What the bundle shows of each cooperation: id, title and its PDFs with their SHA-256."""
    entries = json.loads(manifest.read_text(encoding="utf-8"))["cooperations"]
    return [(coop_id, entry.get("title") or "", sorted(
        (name, sha) for name, sha in entry["outputs"].items() if name.endswith(".pdf")))
        for coop_id, entry in entries.items()]


def network_report(network: Network, summaries: Sequence[Mapping[str, Any]],
                   failed: Sequence[str], settings: Settings) -> list[tuple[str, bytes]]:
    """``<network id>-netzwerkbericht.docx`` (and its PDF) from the summaries in the manifest."""
    report = build_network_report(network, summaries, failed, Options(settings.templates),
                                  today=settings.today)
    return in_formats([report], settings.fmt, settings.options)


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
