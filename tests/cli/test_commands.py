"""explain and clauses: what a user sees for the samples and the shipped library."""

from __future__ import annotations

from click.testing import CliRunner

from coopdocs.clauses.library import load_library
from coopdocs.cli import main
from tests.conftest import ROOT


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_explain_gives_number_state_and_reason() -> None:
    code, stdout, _ = invoke("explain", str(ROOT / "samples/einkaufsverbund/cooperation.yaml"))
    assert code == 0
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "competition_law" in line)
    assert lines[start].split()[:4] == ["§", "17", "in", "competition_law"]
    assert lines[start + 1].strip() == "because: partners compete with each other [R-KART-0]"
    assert lines[start + 2].strip().startswith("partners[0].competitor_of = [")
    assert len([line for line in lines if line[6:9] in ("in ", "out")]) == len(load_library())


def test_explain_shows_each_activity_with_the_field_that_selected_it() -> None:
    code, stdout, _ = invoke("explain", str(ROOT / "samples/3dmp/cooperation.yaml"))
    assert code == 0
    lines = stdout.splitlines()
    for key, index, kind in (("op_supply.teilefertigung", 0, "supply"),
                             ("op_joint_development.entwicklung", 1, "joint_development")):
        start = next(i for i, line in enumerate(lines) if key in line)
        assert lines[start].split()[2:4] == ["in", key]
        assert lines[start + 2].strip() == f"activities[{index}].type = {kind}"


def test_explain_shows_modules_that_are_out() -> None:
    code, stdout, _ = invoke("explain", str(ROOT / "samples/imbiss-cafe/cooperation.yaml"))
    assert code == 0
    out = [line.split()[1] for line in stdout.splitlines() if line.startswith("      out")]
    assert out == ["op_joint_purchasing", "op_joint_sales", "op_supply", "op_joint_development",
                   "op_joint_marketing", "op_shared_platform", "data_protection", "it_security",
                   "ip", "competition_law", "accession", "annex_joint_control",
                   "annex_processing", "annex_interface", "annex_competition", "annex_accession",
                   "op_joint_purchasing_annex", "op_joint_sales_annex", "op_supply_annex",
                   "op_joint_development_annex", "op_joint_marketing_annex",
                   "op_shared_platform_annex"]


def test_explain_refuses_invalid_input(tmp_path: object) -> None:
    code, stdout, stderr = invoke("explain", str(ROOT / "tests/conftest.py"))
    assert code == 1
    assert stdout == ""
    assert "error:" in stderr


def test_clauses_list_shows_every_module() -> None:
    code, stdout, _ = invoke("clauses", "list")
    assert code == 0
    for module in load_library().values():
        assert any(line.startswith(module.id) and f"v{module.version}" in line
                   for line in stdout.splitlines())


def test_clauses_show() -> None:
    code, stdout, _ = invoke("clauses", "show", "competition_law")
    assert code == 0
    assert "included:  when partners.*.competitor_of nonempty [R-KART-0]" in stdout
    assert "reads:" in stdout and "clauses.competition_law.clean_team" in stdout


def test_clauses_show_unknown() -> None:
    code, stdout, stderr = invoke("clauses", "show", "haftung")
    assert (code, stdout) == (1, "")
    assert stderr == "error: no clause module 'haftung'; see 'coopdocs clauses list'\n"


def test_help_keeps_the_examples_as_written() -> None:
    """Click keeps a block after a real backspace (\\b) as written; a raw r-docstring broke that."""
    from click.testing import CliRunner

    from coopdocs.cli import main

    for command in ("validate", "explain", "agreement", "report", "addendum", "batch"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "\\b" not in result.output, command
        lines = result.output.splitlines()
        start = next(i for i, line in enumerate(lines) if line.strip().startswith("Example"))
        assert lines[start + 1].strip().startswith("coopdocs "), (command, lines[start + 1])
