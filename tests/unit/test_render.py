"""Rendering through the CLI with a tiny clause library: escaping, bytes, properties, marks."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from coopdocs.clauses.library import load_library
from coopdocs.cli import main
from coopdocs.errors import ClauseError
from coopdocs.render import docx as render
from tests.conftest import MINIMAL

MODULE = """\
id: probe
version: 1
order: 1
numbered: true
mandatory: false
title: {de: Probe, en: Probe}
summary: A module for tests.
when: {always: tests}
reads: []
"""

TEXT = """\
# Probe

Die Partner {{ partners | map(attribute="id") | list | names }} vereinbaren dies am
{{ coop.date | date }}.

Der Titel lautet {{ coop.title }}.
"""

EVIL = "Müller & Söhne <GmbH> {{ 7*7 }} {% raw %}x{% endraw %} {_{ y }_}"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "clauses" / "probe"
    folder.mkdir(parents=True)
    (folder / "module.yaml").write_text(MODULE, encoding="utf-8")
    (folder / "de.md").write_text(TEXT, encoding="utf-8")
    return tmp_path / "clauses"


def build(tmp_path: Path, library: Path, text: str, *extra: str) -> Path:
    source = tmp_path / "cooperation.yaml"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--clauses", str(library), "agreement", str(source),
                                       "-o", str(tmp_path / "out"), *extra])
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out" / "mini-kooperationsvereinbarung.docx"
    assert result.stdout == f"{out}\n"
    return out


def texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_special_characters_appear_literally(tmp_path: Path, library: Path) -> None:
    text = MINIMAL.replace("title: Mini-Kooperation", f"title: '{EVIL}'").replace(
        "name: Alpha GmbH", f"name: '{EVIL}'")
    out = build(tmp_path, library, text)
    paragraphs = texts(out)
    [subtitle] = [p.text for p in docx.Document(str(out)).paragraphs
                  if p.style is not None and p.style.name == "Subtitle"]
    # docxtpl turns its escape syntax {_{ }_} into {{ }} in the output; nothing is evaluated.
    assert subtitle == EVIL.replace("{_{", "{{").replace("}_}", "}}")
    assert f"(2)\tDer Titel lautet {subtitle}." in paragraphs
    assert docx.Document(str(out)).core_properties.title == f"Kooperationsvereinbarung {EVIL}"


def test_same_input_same_bytes(tmp_path: Path, library: Path) -> None:
    first = hashlib.sha256(build(tmp_path, library, MINIMAL).read_bytes()).hexdigest()
    second = hashlib.sha256(build(tmp_path, library, MINIMAL).read_bytes()).hexdigest()
    assert first == second


def test_properties_and_draft_marking(tmp_path: Path, library: Path) -> None:
    document = docx.Document(str(build(tmp_path, library, MINIMAL)))
    props = document.core_properties
    assert (props.title, props.author, props.language) == (
        "Kooperationsvereinbarung Mini-Kooperation", "Alpha GmbH", "de-DE")
    assert props.subject == "Kooperationsvereinbarung zwischen Alpha GmbH und Beta KG"
    assert props.created is not None and props.created.date().isoformat() == "2026-03-01"
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Entwurf vom 1. März 2026 – nicht zur Unterzeichnung"


def test_final_has_no_draft_marking(tmp_path: Path, library: Path) -> None:
    signable = MINIMAL
    for name, register in (("Anna Alpha", "Amtsgericht Charlottenburg, HRB 1 B"),
                           ("Bernd Beta", "Amtsgericht Hamburg, HRA 2")):
        line = f"    represented_by: [{{name: {name}, function: "
        added = f"    register: {register}\n    contact: {{name: {name}}}\n"
        signable = signable.replace(line, added + line)
    document = docx.Document(str(build(tmp_path, library, signable, "--final")))
    assert document.sections[0].header.paragraphs[0].text == "Mini-Kooperation"
    assert not any("Entwurf" in p.text for p in document.paragraphs)
    assert "Endfassung" in document.core_properties.keywords


def test_coordinator_is_author(tmp_path: Path, library: Path) -> None:
    text = MINIMAL.replace("name: Beta KG", "name: Beta KG\n    role: coordinator")
    assert docx.Document(str(build(tmp_path, library, text))).core_properties.author == "Beta KG"


def test_broken_user_module_is_located(tmp_path: Path, library: Path) -> None:
    (library / "probe" / "de.md").write_text("# Probe\n\n{{ coop.nope }}\n", encoding="utf-8")
    source = tmp_path / "cooperation.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(main, ["--clauses", str(library), "agreement", str(source),
                                       "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{library / 'probe' / 'de.md'}:3:1: error: cannot render the "
                                    "clause text: 'dict object' has no attribute 'nope'")
    assert not (tmp_path / "out" / "mini-kooperationsvereinbarung.docx").exists()


def test_module_metadata_errors_are_located(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "module.yaml").write_text(textwrap.dedent("""\
        id: other
        version: 1
        """), encoding="utf-8")
    with pytest.raises(ClauseError, match=r"module\.yaml lacks order"):
        load_library(tmp_path)


def test_a_held_reference_to_docxtpls_parse_does_not_break_rendering(
        tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask's sampling profiler holds the frames of running tasks, and with them docxtpl's
    plainly parsed body; the document must still get python-docx's body (and the same bytes)."""
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    expected = build(tmp_path / "a", library, MINIMAL).read_bytes()
    held: list[object] = []
    original = render._Template.map_tree

    def holding(self: render._Template, tree: etree._Element) -> None:
        held.append(tree)
        original(self, tree)

    monkeypatch.setattr(render._Template, "map_tree", holding)
    assert build(tmp_path / "b", library, MINIMAL).read_bytes() == expected
    assert held
