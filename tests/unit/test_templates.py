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

TEMPLATE = ROOT / "templates" / "agreement.docx"


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


def test_template_uses_only_provided_variables(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    captured: dict[str, object] = {}
    real = build.agreement_context

    def spy(*args: object) -> dict[str, object]:
        context = real(*args)  # type: ignore[arg-type]
        captured.update(context)
        return context

    monkeypatch.setattr(build, "agreement_context", spy)
    sample = ROOT / "samples" / "3dmp" / "cooperation.yaml"
    result = CliRunner().invoke(main, ["agreement", str(sample), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    used = DocxTemplate(str(TEMPLATE)).get_undeclared_template_variables(jinja_env=env)
    assert used and used <= set(captured), used - set(captured)


def test_report_template_uses_only_provided_variables(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    captured: dict[str, object] = {}
    real = build.report_context

    def spy(*args: object) -> dict[str, object]:
        context = real(*args)  # type: ignore[arg-type]
        captured.update(context)
        return context

    monkeypatch.setattr(build, "report_context", spy)
    sample = ROOT / "samples" / "3dmp"
    result = CliRunner().invoke(main, ["report", str(sample / "cooperation.yaml"),
                                       str(sample / "evaluation-1.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    template = DocxTemplate(str(ROOT / "templates" / "report.docx"))
    used = template.get_undeclared_template_variables(jinja_env=env)
    assert used and used <= {*captured, "body"}, used - set(captured)
