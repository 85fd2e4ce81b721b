"""The Word template: built by tools/make_templates.py, every variable it uses is provided."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coopdocs import build
from coopdocs.cli import main
from tests.conftest import ROOT
from tools import make_templates


@pytest.mark.parametrize("name", ["agreement", "report"])
def test_committed_template_matches_its_generator(name: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "templates").mkdir()
    monkeypatch.setattr(make_templates, "ROOT", tmp_path)
    make_templates.main()
    fresh = zipfile.ZipFile(tmp_path / "templates" / f"{name}.docx")
    committed = zipfile.ZipFile(ROOT / "templates" / f"{name}.docx")
    for part in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/footer1.xml"):
        assert fresh.read(part) == committed.read(part), f"{part}: run tools/make_templates.py"


SAMPLE = ROOT / "samples" / "3dmp"
# template: the build function that makes its context, the command that renders it, and what
# render_docx adds itself (the anchor of the report's blocks)
TEMPLATE_USES = {
    "agreement": ("agreement_context", ["agreement", str(SAMPLE / "cooperation.yaml")], set()),
    "report": ("report_context", ["report", str(SAMPLE / "cooperation.yaml"),
                                  str(SAMPLE / "evaluation-1.yaml")], {"body"}),
}


@pytest.mark.parametrize("name", TEMPLATE_USES)
def test_template_uses_only_provided_variables(name: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Every variable a template prints is in the context the build gives it."""
    function, command, added = TEMPLATE_USES[name]
    captured: dict[str, object] = {}
    real = getattr(build, function)

    def spy(*args: object) -> dict[str, object]:
        context: dict[str, object] = real(*args)
        captured.update(context)
        return context

    monkeypatch.setattr(build, function, spy)
    result = CliRunner().invoke(main, [*command, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    template = DocxTemplate(str(ROOT / "templates" / f"{name}.docx"))
    used = template.get_undeclared_template_variables(jinja_env=env)
    assert used and used <= {*captured, *added}, used - set(captured)
