"""coopdocs report: what users run, and what they get for mistakes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner, Result

from coopdocs.cli import main
from tests.conftest import ROOT
from tools.make_templates import template

COOP = ROOT / "samples/3dmp/cooperation.yaml"
ROUND_1 = ROOT / "samples/3dmp/evaluation-1.yaml"
ROUND_2 = ROOT / "samples/3dmp/evaluation-2.yaml"


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_report_for_the_last_round_with_history(tmp_path: Path) -> None:
    result = invoke("report", COOP, ROUND_1, ROUND_2, "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    built = tmp_path / "big-3dmp-evaluationsbericht-2.docx"
    assert result.stdout.split() == [str(built)]
    text = "\n".join(p.text for p in docx.Document(str(built)).paragraphs)
    assert "Entwicklung seit der ersten Evaluation" in text
    assert "Stand der Maßnahmen aus früheren Evaluationen" in text
    assert len(docx.Document(str(built)).inline_shapes) == 4  # criteria, trust, KPIs, trend


def test_rounds_in_any_order_give_the_same_report(tmp_path: Path) -> None:
    first = invoke("report", COOP, ROUND_1, ROUND_2, "-o", tmp_path / "a")
    second = invoke("report", COOP, ROUND_2, ROUND_1, "-o", tmp_path / "b")
    assert first.exit_code == second.exit_code == 0
    name = "big-3dmp-evaluationsbericht-2.docx"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_english_report_name(tmp_path: Path) -> None:
    sample = ROOT / "samples/sensor-services"
    result = invoke("report", sample / "cooperation.yaml", sample / "evaluation-1.yaml",
                    "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "pumpsense-evaluation-report-1.docx")]


def test_invalid_round_builds_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "evaluation-1.yaml"
    bad.write_text(ROUND_1.read_text(encoding="utf-8").replace("gefertec: 4, flying-parts",
                                                               "gefertec: 9, flying-parts", 1),
                   encoding="utf-8")
    result = invoke("report", COOP, bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{bad}:" in result.stderr and "is outside the scale 1..5 [CD-EVAL-4]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_round_of_another_cooperation(tmp_path: Path) -> None:
    other = ROOT / "samples/einkaufsverbund/evaluation-1.yaml"
    result = invoke("report", COOP, other, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "cooperation: evaluates 'shk-einkaufsverbund', but the cooperation given with it " \
           "is 'big-3dmp'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_files_in_the_wrong_order(tmp_path: Path) -> None:
    result = invoke("report", ROUND_1, COOP, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{ROUND_1}:1:1: error: expected a cooperation here; give the cooperation.yaml " \
        "first, then its evaluation rounds" in result.stderr
    assert not (tmp_path / "out").exists()


def test_agreement_points_an_evaluation_to_report(tmp_path: Path) -> None:
    result = invoke("agreement", ROUND_1, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "this looks like an evaluation round, not a cooperation; give it after its " \
           "cooperation.yaml" in result.stderr


def test_validate_checks_rounds_against_their_cooperation() -> None:
    result = invoke("validate", COOP, ROUND_1, ROUND_2)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"0 errors, 0 warnings in {path}" for path in (COOP, ROUND_1, ROUND_2)]


def test_validate_a_round_alone_says_what_it_could_not_check() -> None:
    result = invoke("validate", ROUND_2)
    assert result.exit_code == 0
    assert f"{ROUND_2}:1:1: info: checked on its own" in result.stderr


def test_missing_template_style_is_a_located_error(tmp_path: Path) -> None:
    """A letterhead template that lacks a style the report blocks use."""
    own = tmp_path / "templates"
    own.mkdir()
    source = zipfile.ZipFile(io.BytesIO(template("report")))
    with zipfile.ZipFile(own / "report.docx", "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "word/styles.xml":
                part = part.replace(b'w:styleId="Punkt"', b'w:styleId="Liste"').replace(
                    b'w:val="Punkt"', b'w:val="Liste"')
            target.writestr(info, part)
    result = CliRunner().invoke(main, ["--templates", str(own), "report", str(COOP),
                                       str(ROUND_1), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{own / 'report.docx'}: error: the report template lacks a style" in result.stderr
    assert not (tmp_path / "out").exists()
