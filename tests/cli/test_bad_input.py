"""Bad input through the real CLI: exact messages on stderr, exit codes, nothing built."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.cli import main
from tests.conftest import MINIMAL


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str | bytes, name: str = "cooperation.yaml") -> None:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


CASES: dict[str, tuple[str | bytes, list[str]]] = {
    "unknown key": (
        MINIMAL.replace("title:", "titel:"),
        ["cooperation.yaml:1:1: error: title: missing required key; add it",
         "cooperation.yaml:3:1: error: titel: unknown key 'titel'; did you mean 'title'?",
         "2 errors, 0 warnings in cooperation.yaml"],
    ),
    "unknown nested key with suggestion": (
        MINIMAL.replace("    legal_form: KG", "    legal_fom: KG"),
        ["cooperation.yaml:12:5: error: partners.beta.legal_form: missing required key; add it",
         "cooperation.yaml:14:5: error: partners.beta.legal_fom: unknown key 'legal_fom'; "
         "did you mean 'legal_form'?",
         "2 errors, 0 warnings in cooperation.yaml"],
    ),
    "wrong type": (
        MINIMAL.replace('postal_code: "10115"', "postal_code: 10115"),
        ["cooperation.yaml:10:51: error: partners.alpha.address.postal_code: must be text, "
         'found the number 10115; put it in quotes: postal_code: "10115"',
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "date as text": (
        MINIMAL.replace("date: 2026-03-01", "date: im März"),
        ["cooperation.yaml:4:7: error: date: must be a date (YYYY-MM-DD), found the text "
         "'im März'",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "invalid date": (
        MINIMAL.replace("date: 2026-03-01", "date: 2026-02-30"),
        ["cooperation.yaml:4:7: error: date: invalid date '2026-02-30': day is out of range "
         "for month; write dates as YYYY-MM-DD",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "not allowed value": (
        MINIMAL + "kind: vertikal\n",
        ["cooperation.yaml:17:7: error: kind: must be one of vertical, horizontal, lateral; "
         "found 'vertikal'; did you mean 'vertical'?",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "duplicate id": (
        MINIMAL.replace("  - id: beta", "  - id: alpha"),
        ["cooperation.yaml:12:9: error: partners[1].id: duplicate id 'alpha' (also "
         "partners[0]); ids must be unique [CD-ID-1]",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "dangling reference": (
        MINIMAL + "goals:\n  - {id: g1, description: Ziel, owner: gamma}\n",
        ["cooperation.yaml:18:40: error: goals.g1.owner: unknown partner id 'gamma'; known: "
         "alpha, beta [CD-REF-1]",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "shares not 100": (
        MINIMAL + "legal_nature: internal_partnership\nclauses:\n  profit_sharing:\n"
        "    model: pool\n    shares: {alpha: 40, beta: 50}\n",
        ["cooperation.yaml:21:13: error: clauses.profit_sharing.shares: shares sum to 90 %, "
         "not 100 % [R-FIN-2]",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "malformed YAML": (
        MINIMAL.replace("purpose: Gemeinsamer", "purpose: [Gemeinsamer"),
        ["cooperation.yaml:5:10: error: the [ here is never closed; add ] after its last "
         "entry, or, if [ belongs to the text, put the whole text in quotes: purpose: "
         '"[Gemeinsamer Einkauf von Verpackungsmaterial."',
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "empty file": (
        "# nur ein Kommentar\n",
        ["cooperation.yaml:1:1: error: the file is empty; a cooperation description starts "
         "with 'format: 1'",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "list instead of mapping": (
        "- format: 1\n- id: x\n",
        ["cooperation.yaml:1:1: error: the top level must be a mapping of keys (format: 1, "
         "id: …), found a list",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "unsupported format": (
        MINIMAL.replace("format: 1", "format: 2"),
        ["cooperation.yaml:1:9: error: format: unsupported format 2; this version of coopdocs "
         "reads format 1",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "binary file": (
        b"PK\x03\x04\x00\x00binary",
        ["cooperation.yaml:1:1: error: this is a binary file, not a YAML text file",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "not utf-8": (
        MINIMAL.encode("utf-8").replace(b"Verpackungsmaterial", b"Verpackungsmaterial \xe4"),
        ["cooperation.yaml:5:54: error: the file is not UTF-8 text; save it as UTF-8",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "alias bomb": (
        "format: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
                  for p, c in zip("abcde", "bcdef", strict=True)),
        ["cooperation.yaml:2:29: error: the file expands to more than 50,000 values; YAML "
         "aliases (*name) that repeat large parts are not allowed",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
    "evaluation file": (
        "format: 1\ncooperation: mini\nnumber: 1\n",
        ["cooperation.yaml:1:1: error: date: missing required key; add it",
         "cooperation.yaml:1:1: error: period: missing required key; add it",
         "2 errors, 0 warnings in cooperation.yaml"],
    ),
    "control character": (
        MINIMAL.replace("title: Mini-Kooperation", 'title: "Mini\\u0007"'),
        ["cooperation.yaml:3:8: error: title: the text contains the control character U+0007, "
         "which cannot appear in a document; remove it",
         "1 error, 0 warnings in cooperation.yaml"],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_validate_reports_exactly(case: str, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    text, expected = CASES[case]
    write(tmp_path, text)
    code, stdout, stderr = run(tmp_path, monkeypatch, "validate", "cooperation.yaml")
    assert stderr.splitlines() == expected
    assert (code, stdout) == (1, "")


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_agreement_builds_nothing_for_bad_input(case: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, CASES[case][0])
    code, stdout, stderr = run(tmp_path, monkeypatch, "agreement", "cooperation.yaml",
                               "-o", "out")
    assert code == 1
    assert stdout == ""
    assert "Traceback" not in stderr
    assert not (tmp_path / "out").exists()


def test_all_findings_of_a_file_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (MINIMAL.replace("title:", "titel:").replace('"20095"', "20095")
            + "goals:\n  - {id: g1, description: Ziel, owner: gamma}\n")
    write(tmp_path, text)
    code, _, stderr = run(tmp_path, monkeypatch, "validate", "cooperation.yaml")
    assert code == 1
    assert [line.split(": ")[2] for line in stderr.splitlines()[:-1]] == [
        "title", "titel", "partners.beta.address.postal_code", "goals.g1.owner"]
    assert stderr.splitlines()[-1] == "4 errors, 0 warnings in cooperation.yaml"


def test_missing_file_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, stdout, stderr = run(tmp_path, monkeypatch, "validate", "nope.yaml")
    assert code == 2
    assert stdout == ""
    assert "Error: Invalid value for 'FILES...': File 'nope.yaml' does not exist." in stderr


def test_warnings_pass_unless_strict(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL + "  - id: gamma\n    name: Gamma AG\n    legal_form: AG\n" \
        "    address: {street: Allee 3, postal_code: \"80331\", city: München}\n" \
        "    represented_by: [{name: Gerd Gamma, function: Vorstand}]\n"
    write(tmp_path, text)
    code, _, stderr = run(tmp_path, monkeypatch, "validate", "cooperation.yaml")
    assert code == 0
    assert stderr.splitlines() == [
        "cooperation.yaml:7:3: warning: partners: 3 partners but no coordinator; give one "
        "partner role: coordinator [R-GOV-1]",
        "0 errors, 1 warning in cooperation.yaml",
    ]
    code, _, _ = run(tmp_path, monkeypatch, "validate", "--strict", "cooperation.yaml")
    assert code == 1


def test_valid_file_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, MINIMAL)
    code, stdout, stderr = run(tmp_path, monkeypatch, "validate", "cooperation.yaml")
    assert (code, stdout, stderr) == (0, "", "0 errors, 0 warnings in cooperation.yaml\n")


def test_python_module_entry_point_reports_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "cooperation.yaml").write_text("- 1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "coopdocs", "validate", "cooperation.yaml"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("cooperation.yaml:1:1: error: the top level must be")
    assert "Traceback" not in result.stderr
