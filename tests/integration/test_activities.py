"""Every activity type builds in German and English and converts in LibreOffice.

The samples hold each of the seven types; every one is built in both languages (the sample's
`language` switched), converted to PDF in one LibreOffice call, and read back: each activity's
operating § and Betriebsordnung are there with their heading in the document's language, and
no template syntax, Python list or dict, or internal key leaks into the text.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from coopdocs.build import (
    Case,
    Options,
    build_outputs,
    check_cooperations,
    prepare,
    template_file,
)
from coopdocs.clauses.library import catalog, load_library
from coopdocs.compose.agreement import compose_agreement
from coopdocs.publish.pdf import PdfOptions, to_pdf
from coopdocs.wording import load_terms
from tests.conftest import SAMPLES
from tests.integration.test_libreoffice import require_libreoffice

TYPES = ("joint_purchasing", "joint_sales", "shared_resources", "supply", "joint_development",
         "joint_marketing", "shared_platform")
LIBRARY = load_library()


def with_activities() -> list[Path]:
    return [s for s in SAMPLES if "activities" in yaml.safe_load(s.read_text(encoding="utf-8"))]


Built = dict[tuple[str, str], tuple[str, list[str]]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """(sample, language) → the text of its PDF and the headings of its activities' §§ and
    annexes (from the document model), for every sample with activities."""
    require_libreoffice()
    folder = tmp_path_factory.mktemp("activities")
    files: list[tuple[str, bytes]] = []
    keys: list[tuple[str, str]] = []
    headings: list[list[str]] = []
    for sample in with_activities():
        for language in ("de", "en"):
            data = yaml.safe_load(sample.read_text(encoding="utf-8"))
            data["language"] = language
            path = folder / f"{sample.parent.name}-{language}.yaml"
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
            checking = check_cooperations([path], catalog(LIBRARY))
            assert checking.ok, [f.format() for c in checking.checked for f in c.findings]
            [case] = checking.cases
            [(name, docx)] = build_outputs(case, LIBRARY, "agreement", Options())
            files.append((f"{sample.parent.name}-{language}-{name}", docx))
            keys.append((sample.parent.name, language))
            headings.append(activity_headings(case))
    pdfs = to_pdf(files, PdfOptions())
    return {key: (" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
                           if not is_open_points(page.extract_text())),
                  found) for key, (_, pdf), found in zip(keys, pdfs, headings, strict=True)}


def is_open_points(page: str) -> bool:
    """A page of the draft's open points: it names input keys (``activities[0].goods``) on
    purpose; its table repeats its header on every page."""
    return any(header in page for header in ("Festlegen mit", "Set with"))


def activity_headings(case: Case) -> list[str]:
    """"§ 6 Gemeinsame Nutzung von Räumen", "Anlage 3: Betriebsordnung …" of the activities."""
    prepared = prepare(case.cooperation, LIBRARY)
    terms = load_terms(template_file("terms.yaml", None), prepared.coop.language)
    document = compose_agreement(prepared.coop, prepared.choices, terms)
    return ([s.heading for s in document.sections if s.id.startswith("op_")]
            + [f"{a.label}: {a.title}" for a in document.annexes if a.key.startswith("op_")])


def plain(text: str) -> str:
    """Text as pypdf reads it back: one space for any run of spaces, hyphens left out (a
    hyphen at a line end is not kept by the extraction)."""
    joined = re.sub(r"-\s*\n\s*", "", text)
    return re.sub(r"\s+", " ", joined.replace("\u00a0", " ").replace("-", "").replace("\u00ad", ""))


def test_the_samples_hold_every_activity_type() -> None:
    types = {a["type"] for s in with_activities()
             for a in yaml.safe_load(s.read_text(encoding="utf-8"))["activities"]}
    assert types == set(TYPES)


@pytest.mark.pdf
def test_every_activity_builds_converts_and_reads_in_both_languages(built: Built) -> None:
    for sample in with_activities():
        activities = yaml.safe_load(sample.read_text(encoding="utf-8"))["activities"]
        for language in ("de", "en"):
            raw, headings = built[(sample.parent.name, language)]
            text = plain(raw)
            assert len(headings) == 2 * len(activities), (sample.parent.name, headings)
            for heading in headings:
                assert plain(heading) in text, heading
            for leak in ("{{", "{%", "[]", "{'", "['", "op_", "activities["):
                assert leak not in text, (sample.parent.name, language, leak)
