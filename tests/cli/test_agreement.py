"""coopdocs agreement: outputs, overrides and failures a user can run into."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import yaml
from click.testing import CliRunner, Result

from coopdocs.cli import main
from tests.conftest import MINIMAL, ROOT

SAMPLE = ROOT / "samples/3dmp/cooperation.yaml"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_several_inputs_one_call(tmp_path: Path) -> None:
    samples = sorted(ROOT.glob("samples/*/cooperation.yaml"))
    result = invoke("agreement", *map(str, samples), "-o", str(tmp_path))
    assert result.exit_code == 0
    assert sorted(result.stdout.split()) == sorted(str(p) for p in tmp_path.glob("*.docx"))
    assert len(result.stdout.split()) == len(samples)


def test_one_invalid_input_builds_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("format: 1", "format: 7"), encoding="utf-8")
    result = invoke("agreement", str(SAMPLE), str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{bad}:1:9: error: format: unsupported format 7" in result.stderr
    assert not (tmp_path / "out").exists()


def test_same_id_twice_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copy(SAMPLE, copy)
    result = invoke("agreement", str(SAMPLE), str(copy), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr == ("error: several inputs would write "
                             "big-3dmp-kooperationsvereinbarung.docx; give each cooperation its "
                             "own id\n")
    assert not (tmp_path / "out").exists()


def test_output_path_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("not a folder", encoding="utf-8")
    result = invoke("agreement", str(SAMPLE), "-o", str(target))
    assert result.exit_code == 2
    assert f"Invalid value for '-o' / '--output': Directory '{target}' is a file." in result.stderr
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_output_folder_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = tmp_path / "file" / "out"
    result = invoke("agreement", str(SAMPLE), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{target}: error: cannot create the output folder: Not a directory\n"
        "  hint: a part of the path is a file, not a folder; choose another folder with -o\n")


def test_own_terms_through_templates_dir(tmp_path: Path) -> None:
    terms = yaml.safe_load((ROOT / "templates/terms.yaml").read_text(encoding="utf-8"))
    terms["de"]["draft_header"] = "Vertraulicher Entwurf der Kanzlei vom {date}"
    (tmp_path / "terms.yaml").write_text(yaml.safe_dump(terms, allow_unicode=True),
                                         encoding="utf-8")
    result = invoke("--templates", str(tmp_path), "agreement", str(SAMPLE), "-o",
                    str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(result.stdout.strip())
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Vertraulicher Entwurf der Kanzlei vom 16. März 2026"


def test_broken_own_terms_are_located(tmp_path: Path) -> None:
    (tmp_path / "terms.yaml").write_text("de: [unclosed\n", encoding="utf-8")
    result = invoke("--templates", str(tmp_path), "agreement", str(SAMPLE), "-o",
                    str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr == (f"{tmp_path / 'terms.yaml'}:2:1: error: terms.yaml is not valid "
                             "YAML: expected ',' or ']', but got '<stream end>'\n")
    assert "Traceback" not in result.stderr


def test_quiet_and_verbose(tmp_path: Path) -> None:
    path = tmp_path / "cooperation.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    quiet = invoke("-q", "validate", str(path))
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    (tmp_path / "terms.yaml").write_text("de: [unclosed\n", encoding="utf-8")
    verbose = invoke("-v", "--templates", str(tmp_path), "agreement", str(path), "-o",
                     str(tmp_path / "out"))
    assert verbose.exit_code == 1
    assert "yaml.parser.ParserError" in verbose.stderr
