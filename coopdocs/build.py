"""The build pipeline, step by step as in ARCHITECTURE.md.

load → validate → model → select → number → compose → render → write.
Commands call these functions; each step takes and returns plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coopdocs.clauses import Choice, Library, select
from coopdocs.compose.agreement import compose_agreement
from coopdocs.compose.terms import Terms, load_terms
from coopdocs.docmodel import AgreementDocument
from coopdocs.model import Cooperation, build_cooperation
from coopdocs.render import render_docx
from coopdocs.resources import resource_dir
from coopdocs.validate import Checked

# Output file stems per language (CLI.md); the contract users' scripts rely on.
STEMS = {
    "de": {"agreement": "kooperationsvereinbarung"},
    "en": {"agreement": "cooperation-agreement"},
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
    context = asdict(document)
    context["sections"] = [
        {**asdict(section), "heading": section.heading} for section in document.sections
    ]
    context.update(
        and_word=terms.text("and"), place_date=terms.text("place_date"),
        page_word=terms.text("page"), of_word=terms.text("of"),
    )
    return context


def output_names(prepared: Sequence[Prepared]) -> list[str]:
    """The file names a build of ``prepared`` writes (to detect collisions up front)."""
    return [agreement_name(p.coop) for p in prepared]
