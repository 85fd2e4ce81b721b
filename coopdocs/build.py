"""The build API: which documents a cooperation gets, and the pipeline that makes each.

check → amend (states) → model → select → number → compose → render, as docs/architecture.md
draws it. The CLI commands and the batch workers both call ``check_case`` (or
``check_cooperations``) and then ``build_outputs``, so the document set exists once; the
network report is ``build_network_report``. Every step takes and returns plain values; nothing
here prints or exits.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from coopdocs.amend.addendum import compose_addendum, compose_reading
from coopdocs.amend.landing import landings, measure_units
from coopdocs.amend.redline import compose_redline
from coopdocs.amend.states import State, amended_states
from coopdocs.amend.versions import Version, agreement_versions
from coopdocs.check.findings import Finding, Level, has_errors, sort_findings
from coopdocs.check.rules import Catalog
from coopdocs.check.sources import Source
from coopdocs.check.validate import Checked, Valid, check_cooperation, check_files
from coopdocs.clauses.library import Choice, Library, load_library, select
from coopdocs.compose.agreement import agreement_outline, compose_agreement
from coopdocs.compose.deadlines import (
    Deadline,
    Described,
    add_months,
    category,
    cooperation_deadlines,
    describe,
    with_former_partners,
)
from coopdocs.compose.network import (
    SCHEDULE_YEARS,
    compose_network_report,
    deadline_schedule,
    due_on,
    schedule_data,
    summarize,
)
from coopdocs.compose.open_points import point_tables
from coopdocs.compose.recommend import Situation, load_rules, recommend
from coopdocs.compose.report import ReportInput, compose_report
from coopdocs.compose.summary import SummaryInput, compose_summary
from coopdocs.errors import CoopdocsError, IncompleteError, Location
from coopdocs.fmt import Formatter
from coopdocs.i18n import _, ngettext
from coopdocs.model.cooperation import Cooperation, build_cooperation
from coopdocs.model.document import AgreementDocument, ReportDocument, as_data
from coopdocs.model.evaluation import Round, build_round
from coopdocs.publish.calendar import calendar_bytes, deadline_entry
from coopdocs.render.docx import render_docx
from coopdocs.render.tracked import track_changes
from coopdocs.resources import resource_dir
from coopdocs.wording import Terms, load_terms

# Output file stems per language (CLI.md); the contract users' scripts rely on.
STEMS = {
    "de": {"agreement": "kooperationsvereinbarung", "report": "evaluationsbericht",
           "addendum": "nachtrag", "consolidated": "lesefassung", "redline": "redline",
           "network_report": "netzwerkbericht", "bundle": "gesamt", "summary": "eckpunkte",
           "deadlines": "fristen"},
    "en": {"agreement": "cooperation-agreement", "report": "evaluation-report",
           "addendum": "addendum", "consolidated": "consolidated", "redline": "redline",
           "network_report": "network-report", "bundle": "bundle", "summary": "key-terms",
           "deadlines": "deadlines"},
}

# What to build: one command's documents, or ("all") every document of a cooperation, as a
# batch builds it: the agreement and its key terms (Eckpunkte), the report of each round and,
# for each round with changes, Nachtrag, Lesefassung and redline.
Want = Literal["agreement", "summary", "report", "addendum", "all"]
File = tuple[str, bytes]


@dataclass(frozen=True)
class Options:
    """How documents are built: own templates (``--templates``) and signing versions."""

    templates: Path | None = None
    final: bool = False


@dataclass(frozen=True)
class Case:
    """A valid cooperation with its valid evaluation rounds, in the order of their numbers."""

    cooperation: Valid
    rounds: tuple[Valid, ...] = ()

    @cached_property
    def states(self) -> list[State]:
        """The cooperation as written and as amended by each round (amend.states), made once."""
        return amended_states(self.cooperation, self.rounds)


@dataclass(frozen=True)
class Checking:
    """Every file checked (for its findings) and, when none has an error, the cases to build."""

    checked: list[Checked]
    cases: list[Case]

    @property
    def ok(self) -> bool:
        return bool(self.cases)


@dataclass(frozen=True)
class Prepared:
    """A cooperation as the documents print it, with its clause modules and why each is in."""

    coop: Cooperation
    choices: list[Choice]
    written: dict[str, Any]


# --- checking inputs ----------------------------------------------------------------------------

def check_case(cooperation: Path, evaluations: Sequence[Path], catalog: Catalog, *,
               strict: bool = False) -> Checking:
    """Validate a cooperation with its rounds (each against the others).

    Every problem is a finding, including files of the wrong kind (the cooperation first, then
    its evaluation rounds); with ``strict`` a warning fails like an error.
    """
    checked = [_of_kind(c, "cooperation" if i == 0 else "evaluation")
               for i, c in enumerate(check_files((cooperation, *evaluations), catalog))]
    if any(has_errors(c.findings, strict=strict) for c in checked):
        return Checking(checked, [])
    valid = [c.valid for c in checked if c.valid is not None]
    return Checking(checked, [Case(valid[0], tuple(sorted(valid[1:], key=lambda r: r.number)))])


def _of_kind(checked: Checked, expected: str) -> Checked:
    """``checked``, with an error when the file is not of the kind its place asks for."""
    if checked.kind == expected:
        return checked
    message = (_("expected a cooperation here; give the cooperation.yaml first, then its "
                 "evaluation rounds") if expected == "cooperation" else
               _("expected an evaluation round here; give the cooperation.yaml first, then its "
                 "evaluation rounds"))
    wrong = Finding(Level.ERROR, message, (), Location(checked.path, 1, 1))
    return dataclasses.replace(checked, findings=[wrong, *checked.findings], data=None)


def check_cooperations(paths: Sequence[Path], catalog: Catalog, *, strict: bool = False
                       ) -> Checking:
    """Validate cooperation files on their own; CoopdocsError when two would write one file."""
    checked = [check_cooperation(path, catalog) for path in paths]
    if any(has_errors(c.findings, strict=strict) for c in checked):
        return Checking(checked, [])
    cases = [Case(c.valid) for c in checked if c.valid is not None]
    _refuse_collisions(cases)
    return Checking(checked, cases)


def _refuse_collisions(cases: Sequence[Case]) -> None:
    names = [agreement_name(build_cooperation(case.cooperation.data)) for case in cases]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise CoopdocsError(_("several inputs would write {files}; give each cooperation its "
                              "own id").format(files=", ".join(duplicates)))


# --- building -----------------------------------------------------------------------------------

def prepare(state: Valid | State, library: Library) -> Prepared:
    """The model and the clause selection of a valid cooperation (or of an amended state)."""
    written = state.source.data if isinstance(state, Valid) else state.written
    return Prepared(build_cooperation(state.data), select(library, state.data, written), written)


def build_outputs(case: Case, library: Library, want: Want, options: Options, *,
                  versions: Sequence[Version] | None = None) -> list[File]:
    """The documents ``want`` names for ``case``, as (file name, .docx bytes).

    A report and an addendum are those of the last round; an addendum of a round without
    changes is a CoopdocsError. ``versions``: the case's ``case_versions`` when the caller has
    them already (a batch job, which also summarises the case).
    """
    states = case.states
    last = len(case.rounds)
    source = case.cooperation.source
    if want == "agreement":
        return [build_agreement(prepare(states[0], library), options, source)]
    if want == "summary":
        return [build_summary(prepare(states[0], library), options)]
    versions = list(versions or case_versions(case, library, options.templates))
    if want == "report":
        return [_report(case, versions, last, library, options)]
    if want == "addendum":
        return _addendum(case, versions, last, options)
    prepared = prepare(states[0], library)
    files = [build_agreement(prepared, options, source), build_summary(prepared, options)]
    for n in range(1, last + 1):
        files.append(_report(case, versions, n, library, options))
        if any("change" in measure for measure in case.rounds[n - 1].data["measures"]):
            files.extend(_addendum(case, versions, n, options, required=False))
    return files


def case_versions(case: Case, library: Library, templates: Path | None) -> list[Version]:
    """The agreement as signed and as amended by each round of ``case`` (amend.versions)."""
    coop = build_cooperation(case.states[0].data)
    frame = load_terms(template_file("terms.yaml", templates), coop.language)
    words = load_terms(template_file("addendum.yaml", templates), coop.language)
    return agreement_versions(case.states, case.rounds, library, frame,
                              repealed=words.text("repealed"))


def template_file(name: str, templates: Path | None) -> Path:
    """A template by name: from ``--templates DIR`` when it has one, else the shipped one."""
    if templates is not None and (templates / name).is_file():
        return templates / name
    return resource_dir("templates") / name


def build_agreement(prepared: Prepared, options: Options, source: Source) -> File:
    """The Kooperationsvereinbarung: a draft with its open points, or a signing version.

    A signing version (``options.final``) is refused with an IncompleteError while a blank
    ([●]) remains.
    """
    coop = prepared.coop
    terms = load_terms(template_file("terms.yaml", options.templates), coop.language)
    document = compose_agreement(coop, prepared.choices, terms, final=options.final,
                                 written=prepared.written)
    if options.final:
        refuse_blanks(document, source)
    data = render_docx(template_file("agreement.docx", options.templates),
                       agreement_context(document, terms), document.properties)
    return agreement_name(coop), data


def build_summary(prepared: Prepared, options: Options) -> File:
    """The Eckpunkte: the draft agreement's key terms on one or two pages, each with its §."""
    document = summary_document(prepared, options.templates)
    data = render_docx(template_file("summary.docx", options.templates),
                       report_context(document), document.properties, document.blocks)
    coop = prepared.coop
    return f"{coop.id}-{STEMS[coop.language]['summary']}.docx", data


def summary_document(prepared: Prepared, templates: Path | None) -> ReportDocument:
    """The key terms' document model, composed from the draft agreement and its outline.

    So the § numbers are the agreement's, and its open points say which values the input gave
    and which the draft assumed.
    """
    coop = prepared.coop
    frame = load_terms(template_file("terms.yaml", templates), coop.language)
    outline = agreement_outline(coop, prepared.choices, frame)
    agreement = compose_agreement(coop, prepared.choices, frame, outline=outline,
                                  written=prepared.written)
    words = load_terms(template_file("summary.yaml", templates), coop.language)
    return compose_summary(SummaryInput(coop, agreement, outline, prepared.written), words,
                           frame)


def refuse_blanks(document: AgreementDocument, source: Source) -> None:
    """An IncompleteError naming each blank of ``document`` with its place and key path."""
    blanks = [p for p in document.open_points if p.kind == "blank"]
    if not blanks:
        return
    findings, seen = [], set()
    for point in blanks:
        if point.path in seen:
            continue
        seen.add(point.path)
        findings.append(Finding(
            Level.ERROR, _("a signing version needs this, the input lacks it: {what} (shown as "
                           "[●] in {where}); set it, or build a draft without --final").format(
                               what=point.what, where=point.where),
            point.path, source.locate(point.path, key=True), "CD-FINAL-1"))
    raise IncompleteError(ngettext("{count} missing item for a signing version in {file}; "
                                   "nothing was built",
                                   "{count} missing items for a signing version in {file}; "
                                   "nothing was built", len(findings)).format(
                                       count=len(findings), file=source.path),
                          [f.format() for f in sort_findings(findings)])


def agreement_name(coop: Cooperation) -> str:
    """``<id>-kooperationsvereinbarung.docx`` (CLI.md; English stems for ``language: en``)."""
    return f"{coop.id}-{STEMS[coop.language]['agreement']}.docx"


def agreement_context(document: AgreementDocument, terms: Terms) -> dict[str, Any]:
    """The template context: the document model as plain data plus frame words."""
    context: dict[str, Any] = as_data(document)
    for section, data in zip(document.sections, context["sections"], strict=True):
        data["heading"] = section.heading  # a property, which as_data leaves out
    context.update(
        place_date=terms.text("place_date"),
        page_word=terms.text("page"), of_word=terms.text("of"),
        open_points=as_data(point_tables(document.open_points, terms)) if document.draft else [],
        open_points_title=terms.text("open_points_title", title=document.title),
        open_points_intro=terms.text("open_points_intro"),
        contents_title=terms.text("contents_title"),
    )
    return context


def _report(case: Case, versions: Sequence[Version], number: int, library: Library,
            options: Options) -> File:
    """The Evaluationsbericht of round ``number`` (1-based position in ``case.rounds``)."""
    document = compose_report_document(case.rounds[:number], case.states[number - 1], library,
                                       templates=options.templates, after=versions[number])
    data = render_docx(template_file("report.docx", options.templates), report_context(document),
                       document.properties, document.blocks)
    coop = build_cooperation(case.states[0].data)
    return f"{coop.id}-{STEMS[coop.language]['report']}-{case.rounds[number - 1].number}.docx", data


def compose_report_document(rounds: Sequence[Valid], state: State, library: Library, *,
                            templates: Path | None, after: Version) -> ReportDocument:
    """The report of the last of ``rounds``.

    ``state`` is the cooperation as it stood then, ``after`` the agreement as the round's
    measures amend it, which says where each measure lands.
    """
    prepared = prepare(state, library)
    coop = prepared.coop
    agreement_terms = load_terms(template_file("terms.yaml", templates), coop.language)
    agreement = compose_agreement(coop, prepared.choices, agreement_terms)
    wording = template_file("report.yaml", templates)
    terms = load_terms(wording, coop.language)
    evaluations = tuple(build_round(r.path, r.data) for r in rounds)
    situation = Situation(coop, evaluations[-1], evaluations[:-1], terms,
                          Formatter(coop.language, coop.currency))
    recommendations = tuple(recommend(situation, load_rules(wording)))
    placed = dict(landings(measure_units(after.sources), evaluations[-1].measures,
                           after.document, terms))
    return compose_report(ReportInput(coop, agreement, library, evaluations, recommendations,
                                      placed, _round_deadlines(state, after, evaluations,
                                                               templates)), terms)


def _round_deadlines(state: State, after: Version, rounds: Sequence[Round],
                     templates: Path | None) -> tuple[tuple[Deadline, Described], ...]:
    """The deadlines as on the last round's date, with their words, for its report.

    Of the cooperation as the round amends it (``after``), placed by that agreement's § numbers,
    with the rounds up to it: what ``coopdocs deadlines`` with ``--today`` the round's date
    says, so the report and the calendar agree.
    """
    data = after.coop.data
    words = load_terms(template_file("deadlines.yaml", templates), after.coop.language)
    named = with_former_partners(data, [state.data])
    found = cooperation_deadlines(data, after.outline.numbers, rounds[-1].date,
                                  annex_labels=after.outline.annexes, rounds=rounds)
    return tuple((d, describe(d, named, words)) for d in found)


def report_context(document: ReportDocument) -> dict[str, Any]:
    """The report template's context: the frame; the body comes as blocks."""
    return {
        "title": document.title,
        "subtitle": document.subtitle,
        "cover": [list(row) for row in document.cover], "header_note": document.header_note,
        "footer": document.footer, "page_word": document.page_word,
        "of_word": document.of_word,
    }


def _addendum(case: Case, versions: Sequence[Version], number: int, options: Options, *,
              required: bool = True) -> list[File]:
    """Nachtrag, Lesefassung and redline of round ``number`` (1-based in ``case.rounds``).

    A round whose changes amend nothing (a value set to what it is) has no Nachtrag: an error
    at its first change when one was asked for, nothing in a batch, which still builds the
    round's report.
    """
    coop = build_cooperation(case.states[0].data)
    frame = load_terms(template_file("terms.yaml", options.templates), coop.language)
    words = load_terms(template_file("addendum.yaml", options.templates), coop.language)
    versions = list(versions[:number + 1])
    current = versions[-1]
    if not current.changes:
        if not required:
            return []
        raise CoopdocsError(words.text("no_changes", number=str(current.number)),
                            _first_change(case.rounds[number - 1]))
    template = template_file("agreement.docx", options.templates)
    documents = {
        "addendum": compose_addendum(versions, current.number, frame, words,
                                     final=options.final),
        "consolidated": compose_reading(versions, current.number, words),
    }
    stem = f"{coop.id}-{{kind}}-{current.number}.docx"
    files = [(stem.format(kind=STEMS[coop.language][kind]),
              render_docx(template, agreement_context(document, frame), document.properties))
             for kind, document in documents.items()]
    redline = compose_redline(versions[-2], current, words)
    files.append((stem.format(kind=STEMS[coop.language]["redline"]),
                  render_docx(template, agreement_context(redline, frame), redline.properties,
                              post=lambda docx: track_changes(docx, current.date))))
    return files


def _first_change(round_: Valid) -> Location:
    """Where the first change of a round's measures stands (the round itself without one)."""
    measures = round_.data["measures"]
    index = next((i for i, measure in enumerate(measures) if "change" in measure), None)
    if index is None:
        return Location(round_.path)
    return round_.source.locate(("measures", index, "change")) or Location(round_.path)


def summary(case: Case, library: Library | None = None, *, templates: Path | None = None,
            language: str | None = None, versions: Sequence[Version] | None = None
            ) -> dict[str, Any]:
    """What the network report needs of a cooperation (as it stands after its last round).

    With its deadline schedule, worded in ``language`` (the network's; default the
    cooperation's), placed by the § numbers of the agreement as the last round amends it
    (``versions``: the case's ``case_versions``, when the caller has them already; ``library``:
    the clause library they are built with, the shipped one by default).
    """
    current = case.states[-1]
    rounds = [build_round(r.path, r.data) for r in case.rounds]
    outline = (versions or case_versions(case, library or load_library(), templates))[-1].outline
    coop = build_cooperation(current.data)
    words = load_terms(template_file("deadlines.yaml", templates), language or coop.language)
    named = with_former_partners(current.data, [s.data for s in case.states[:-1]])

    def deadlines_on(day: datetime.date) -> list[Deadline]:
        return cooperation_deadlines(current.data, outline.numbers, day,
                                     annex_labels=outline.annexes, rounds=rounds)

    def worded(deadline: Deadline) -> tuple[str, str]:
        described = describe(deadline, named, words)
        return described.label or described.title, described.action

    start = case.states[0].data["date"]
    latest = max([start, current.data.get("term", {}).get("start") or start,
                  *(r.date for r in rounds)])
    until = (add_months(latest, 12 * SCHEDULE_YEARS)
             if latest.year <= datetime.MAXYEAR - SCHEDULE_YEARS else datetime.date.max)
    names = {p["id"]: p.get("short_name") or p["name"] for p in named["partners"]}
    return summarize(coop, rounds, schedule_data(deadline_schedule(deadlines_on, start, until),
                                                 until, worded, names))


# --- the network report -------------------------------------------------------------------------

@dataclass(frozen=True)
class Network:
    """A network as its report and bundle name it."""

    path: Path
    id: str
    name: str
    coordinator: str
    language: str = "de"


def build_network_report(network: Network, summaries: Sequence[Any], failed: Sequence[str],
                         options: Options, *, today: datetime.date | None = None) -> File:
    """``<network id>-netzwerkbericht.docx`` from the summaries of its cooperations.

    ``today``: the reference day of its deadlines (compose.network).
    """
    words = load_terms(template_file("report.yaml", options.templates), network.language)
    document = compose_network_report(network.name, network.coordinator, summaries, failed,
                                      words, today=today)
    return (f"{network.id}-{STEMS[network.language]['network_report']}.docx",
            render_docx(template_file("report.docx", options.templates),
                        report_context(document), document.properties, document.blocks))


def build_network_calendar(network: Network, summaries: Sequence[Any], today: datetime.date,
                           options: Options) -> File:
    """``<network id>-fristen.ics``: every deadline of the network that applies on ``today``.

    The same deadlines as the network report's (overdue ones and all later ones, not only the
    next twelve months'), from the same summaries, with ``today`` as the file's time stamp: the
    same inputs and day give the same bytes, the same as ``coopdocs deadlines`` gives for the
    network file in the network's language (batch.deadlines).
    """
    words = load_terms(template_file("deadlines.yaml", options.templates), network.language)
    entries = [deadline_entry((due.coop_id, due.coop_title), due.deadline, due.title(words),
                              who=words.join(list(due.who)) if due.who
                              else words.text("all_partners"),
                              action=due.action, category=category(due.deadline, words),
                              words=words)
               for due in due_on(summaries, today)]
    return (f"{network.id}-{STEMS[network.language]['deadlines']}.ics",
            calendar_bytes(entries, stamp=today, name=words.text("calendar", name=network.name),
                           language=network.language))
