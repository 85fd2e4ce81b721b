"""The build pipeline, step by step as in ARCHITECTURE.md.

load → validate → model → select → number → compose → render → write.
Commands call these functions; each step takes and returns plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopdocs.amend.addendum import compose_addendum, compose_reading
from coopdocs.amend.redline import compose_redline, track_changes
from coopdocs.amend.versions import agreement_versions
from coopdocs.check.validate import Checked, round_number
from coopdocs.clauses.library import Choice, Library, select
from coopdocs.compose.agreement import compose_agreement
from coopdocs.compose.recommend import Situation, load_rules, recommend
from coopdocs.compose.report import ReportInput, compose_report
from coopdocs.errors import CoopdocsError, Location
from coopdocs.fmt import Formatter
from coopdocs.model.cooperation import Cooperation, build_cooperation
from coopdocs.model.document import AgreementDocument, ReportDocument, as_data
from coopdocs.model.evaluation import build_round
from coopdocs.render.docx import render_docx
from coopdocs.resources import resource_dir
from coopdocs.wording import Terms, load_terms

# Output file stems per language (CLI.md); the contract users' scripts rely on.
STEMS = {
    "de": {"agreement": "kooperationsvereinbarung", "report": "evaluationsbericht",
           "addendum": "nachtrag", "consolidated": "lesefassung", "redline": "redline",
           "network_report": "netzwerkbericht", "bundle": "gesamt"},
    "en": {"agreement": "cooperation-agreement", "report": "evaluation-report",
           "addendum": "addendum", "consolidated": "consolidated", "redline": "redline",
           "network_report": "network-report", "bundle": "bundle"},
}


@dataclass(frozen=True)
class Prepared:
    """A valid cooperation with its module selection, ready to compose."""

    checked: Checked
    coop: Cooperation
    choices: list[Choice]


def prepare(checked: Checked, library: Library) -> Prepared:
    """Model and module selection for a file that validated without errors."""
    assert checked.data is not None and checked.source is not None
    coop = build_cooperation(checked.data)
    return Prepared(checked, coop, select(library, coop.data, checked.source.data))


def template_file(name: str, templates: Path | None) -> Path:
    """A template by name: from ``--templates DIR`` when it has one, else the shipped one."""
    if templates is not None and (templates / name).is_file():
        return templates / name
    return resource_dir("templates") / name


def build_agreement(prepared: Prepared, *, final: bool, templates: Path | None
                    ) -> tuple[str, bytes]:
    """The agreement as (file name, .docx bytes)."""
    coop = prepared.coop
    terms = load_terms(template_file("terms.yaml", templates), coop.language)
    document = compose_agreement(coop, prepared.choices, terms, final=final)
    data = render_docx(template_file("agreement.docx", templates),
                       agreement_context(document, terms), document.properties)
    return agreement_name(coop), data


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
    )
    return context


def build_report(prepared: Prepared, rounds: Sequence[Checked], library: Library, *,
                 templates: Path | None) -> tuple[str, bytes]:
    """The Evaluationsbericht of the last of ``rounds`` (valid, in any order) as .docx bytes."""
    document = compose_report_document(prepared, rounds, library, templates=templates)
    data = render_docx(template_file("report.docx", templates), report_context(document),
                       document.properties, document.blocks)
    coop = prepared.coop
    number = max(round_number(r) for r in rounds if r.data is not None)
    return report_name(coop, number), data


def compose_report_document(prepared: Prepared, rounds: Sequence[Checked], library: Library, *,
                            templates: Path | None) -> ReportDocument:
    """The report's document model: the cooperation as it stood in the last round, its rounds."""
    ordered = sorted((r for r in rounds if r.data is not None), key=round_number)
    assert ordered and all(r.data is not None for r in ordered)
    coop, choices = prepared.coop, prepared.choices
    if len(ordered) > 1 and ordered[-2].amended is not None:
        written, data = ordered[-2].amended_written or {}, ordered[-2].amended
        coop = build_cooperation(data)
        choices = select(library, data, written)
    agreement_terms = load_terms(template_file("terms.yaml", templates), coop.language)
    agreement = compose_agreement(coop, choices, agreement_terms)
    wording = template_file("report.yaml", templates)
    terms = load_terms(wording, coop.language)
    evaluations = tuple(build_round(r.path, r.data) for r in ordered if r.data is not None)
    situation = Situation(coop, evaluations[-1], evaluations[:-1], terms,
                          Formatter(coop.language, coop.currency))
    recommendations = tuple(recommend(situation, load_rules(wording)))
    return compose_report(ReportInput(coop, agreement, library, evaluations, recommendations),
                          terms)


def report_name(coop: Cooperation, number: int) -> str:
    """``<id>-evaluationsbericht-<n>.docx`` (CLI.md; English stems for ``language: en``)."""
    return f"{coop.id}-{STEMS[coop.language]['report']}-{number}.docx"


def report_context(document: ReportDocument) -> dict[str, Any]:
    """The report template's context: the frame; the body comes as blocks."""
    return {
        "title": document.title,
        "subtitle": document.subtitle,
        "cover": [list(row) for row in document.cover], "header_note": document.header_note,
        "footer": document.footer, "page_word": document.page_word,
        "of_word": document.of_word,
    }


def build_addendum(prepared: Prepared, rounds: Sequence[Checked], library: Library, *,
                   templates: Path | None, final: bool = False) -> list[tuple[str, bytes]]:
    """Nachtrag, Lesefassung and redline for the last of ``rounds`` (valid, any order)."""
    coop = prepared.coop
    frame = load_terms(template_file("terms.yaml", templates), coop.language)
    words = load_terms(template_file("addendum.yaml", templates), coop.language)
    versions = agreement_versions(coop, prepared.choices, rounds, library, frame,
                                  repealed=words.text("repealed"))
    number = versions[-1].number
    if not versions[-1].changes:
        last = max(rounds, key=round_number)
        raise CoopdocsError(words.text("no_changes", number=str(number)), Location(last.path))
    template = template_file("agreement.docx", templates)
    documents = {
        "addendum": compose_addendum(versions, number, frame, words, final=final),
        "consolidated": compose_reading(versions, number, words),
    }
    files = [(f"{coop.id}-{STEMS[coop.language][kind]}-{number}.docx",
              render_docx(template, agreement_context(document, frame), document.properties))
             for kind, document in documents.items()]
    redline = compose_redline(versions[-2], versions[-1], words)
    date = versions[-1].round.date if versions[-1].round else coop.date
    files.append((f"{coop.id}-{STEMS[coop.language]['redline']}-{number}.docx",
                  render_docx(template, agreement_context(redline, frame), redline.properties,
                              post=lambda docx: track_changes(docx, date))))
    return files


def output_names(prepared: Sequence[Prepared]) -> list[str]:
    """The file names a build of ``prepared`` writes (to detect collisions up front)."""
    return [agreement_name(p.coop) for p in prepared]
