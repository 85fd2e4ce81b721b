from __future__ import annotations

import re
from pathlib import Path

import yaml

from coopdocs.check.rules import RULES
from tools.gen_docs import README, generated_readme
from tools.reference import format_reference, rules_reference


def test_readme_tables_are_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert text == generated_readme(text), "run: .venv/bin/python tools/gen_docs.py"


def test_every_field_is_described() -> None:
    rows = format_reference().splitlines()[2:]
    assert rows
    assert all(not row.endswith("|  |") for row in rows), [r for r in rows if r.endswith("|  |")]


def test_every_rule_is_listed() -> None:
    table = rules_reference()
    assert all(f"| {rule.code} |" in table for rule in RULES)


def test_readme_quick_start_has_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Quick start")
    block = text[start:].split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.splitlines()] == [
        "bash setup.sh samples", "bash setup.sh test"]
    ci = (Path(README).parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "exec bash setup.sh test" in ci


def test_readme_names_the_files_the_samples_build() -> None:
    text = README.read_text(encoding="utf-8")
    ids = {yaml.safe_load(p.read_text(encoding="utf-8"))["id"]
           for p in Path(README).parent.glob("samples/*/cooperation.yaml")}
    for name in re.findall(r"([a-z0-9-]+)-kooperationsvereinbarung\.docx", text):
        assert name in ids | {"<id>"}, name
