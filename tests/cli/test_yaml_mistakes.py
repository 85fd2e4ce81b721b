"""Issue 19 item 2: the YAML mistakes people make by hand, told in words with the fix.

Network managers write cooperation.yaml in a text editor. For each common mistake, ``coopdocs
validate`` names the line and column and says what to do, with the corrected line where it can:
quotes around a postal code, a text with a colon or a leading @, a tab, a list item or key out of
line, a missing space after a colon or dash, an unclosed quote or bracket. Each case runs the real
CLI and asserts the exact located message, exit code 1 and that nothing else is printed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.cli import main
from tests.conftest import MINIMAL

TASKS = "    tasks:\n      - Einkauf der Verpackung\n"
ANNA = "[{name: Anna Alpha, function: Geschäftsführerin}]"
MEETINGS = "governance:\n  steering_committee:\n    meetings_per_year: 4\n"


def change(old: str, new: str) -> str:
    """MINIMAL with ``old`` (found exactly once) replaced by ``new``."""
    assert MINIMAL.count(old) == 1, old
    return MINIMAL.replace(old, new)


def validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    """The stderr lines of ``coopdocs validate``; it must fail with exit 1 and no traceback."""
    (tmp_path / "cooperation.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "cooperation.yaml"])
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert (result.exit_code, result.stdout) == (1, "")
    return result.stderr.splitlines()


# name: (the file, where the error is, its key path and message)
CASES: dict[str, tuple[str, str, str]] = {
    "unquoted postal code": (
        change('postal_code: "10115"', "postal_code: 12346"),
        "10:51",
        "partners.alpha.address.postal_code: must be text, found the number 12346; put it in "
        'quotes: postal_code: "12346"'),
    "postal code with a leading zero": (
        change('postal_code: "10115"', "postal_code: 01067"),
        "10:51",
        "partners.alpha.address.postal_code: must be text, found 01067, which YAML reads as "
        'the number 567; put it in quotes: postal_code: "01067"'),
    "no read as a boolean": (
        change("city: Berlin}", "city: Berlin, country: NO}"),
        "10:83",
        "partners.alpha.address.country: must be text, found NO, which YAML reads as the "
        'boolean false; put it in quotes: country: "NO"'),
    "yes read as a boolean": (
        change("title: Mini-Kooperation", "title: yes"),
        "3:8",
        "title: must be text, found yes, which YAML reads as the boolean true; put it in "
        'quotes: title: "yes"'),
    "on read as a boolean": (
        change("city: Berlin}", "city: on}"),
        "10:66",
        "partners.alpha.address.city: must be text, found on, which YAML reads as the boolean "
        'true; put it in quotes: city: "on"'),
    "off read as a boolean": (
        change("city: Berlin}", "city: off}"),
        "10:66",
        "partners.alpha.address.city: must be text, found off, which YAML reads as the boolean "
        'false; put it in quotes: city: "off"'),
    "a date where text is expected": (
        change("title: Mini-Kooperation", "title: 2026-01-01"),
        "3:8",
        'title: must be text, found the date 2026-01-01; put it in quotes: title: "2026-01-01"'),
    "a number that loses its zero": (
        change("title: Mini-Kooperation", "title: 1.10"),
        "3:8",
        "title: must be text, found 1.10, which YAML reads as the number 1.1; put it in "
        'quotes: title: "1.10"'),
    "an octal number where a number is expected": (
        MINIMAL + MEETINGS.replace(": 4", ": 012"),
        "19:24",
        "governance.steering_committee.meetings_per_year: 012 starts with 0, so YAML reads it "
        "as the octal number 10; write it without the leading zeros, or, if it is a text, put "
        'it in quotes: meetings_per_year: "012"'),
    "colon in a task text": (
        MINIMAL + TASKS.replace("Einkauf der", "Einkauf: der"),
        "18:9",
        "partners.beta.tasks[0]: must be text, found a key with a value: the colon followed by "
        "a space after 'Einkauf' starts a key; if the colon belongs to the text, put the whole "
        'text in quotes: "Einkauf: der Verpackung"'),
    "colon in a task text inside [...]": (
        MINIMAL + "    tasks: [Einkauf: Verpackung]\n",
        "17:13",
        "partners.beta.tasks[0]: must be text, found a key with a value: the colon followed by "
        "a space after 'Einkauf' starts a key; if the colon belongs to the text, put the whole "
        'text in quotes: "Einkauf: Verpackung"'),
    "colon in a text after its key": (
        change("purpose: Gemeinsamer Einkauf", "purpose: Einkauf: Gemeinsam"),
        "5:17",
        "the colon followed by a space after 'Einkauf' starts a key, but this text is a value "
        "already; if the colon belongs to the text, put the whole text in quotes: purpose: "
        '"Einkauf: Gemeinsam von Verpackungsmaterial."'),
    "colon in a text inside {...}": (
        change("city: Berlin}", "city: Berlin: Mitte}"),
        "10:72",
        "the colon followed by a space after 'Berlin' starts a key, but this text is a value "
        "already; if the colon belongs to the text, put the whole text in quotes: city: "
        '"Berlin: Mitte"'),
    "tab indentation": (
        change("    legal_form: KG", "\tlegal_form: KG"),
        "14:1",
        "this line is indented with a tab; YAML indents with spaces only: replace the tab with "
        "spaces"),
    "tab after spaces": (
        change("    legal_form: KG", "  \tlegal_form: KG"),
        "14:3",
        "this line is indented with a tab; YAML indents with spaces only: replace the tab with "
        "spaces"),
    "value starting with @": (
        change("title: Mini-Kooperation", "title: @Mini"),
        "3:8",
        "YAML reads @ at the start of a value as a sign reserved for YAML itself; if it "
        'belongs to the text, put the whole text in quotes: title: "@Mini"'),
    "value starting with *": (
        change("title: Mini-Kooperation", "title: *Mini Kooperation"),
        "3:8",
        "YAML reads * at the start of a value as a reference to another value (an alias); if "
        'it belongs to the text, put the whole text in quotes: title: "*Mini Kooperation"'),
    "value starting with * and a space": (
        change("title: Mini-Kooperation", "title: * Mini"),
        "3:8",
        "YAML reads * at the start of a value as a reference to another value (an alias); if "
        'it belongs to the text, put the whole text in quotes: title: "* Mini"'),
    "value starting with &": (
        change("title: Mini-Kooperation", "title: & Co"),
        "3:8",
        "YAML reads & at the start of a value as a name for the value (an anchor); if it "
        'belongs to the text, put the whole text in quotes: title: "& Co"'),
    "value starting with !": (
        change("title: Mini-Kooperation", "title: !Mini"),
        "3:8",
        "title: YAML reads ! at the start of a value as a type (a tag); if it belongs to the "
        'text, put the whole text in quotes: title: "!Mini"'),
    "list item starting with !": (
        MINIMAL + "excluded:\n  - !wichtig Preise\n",
        "18:5",
        "excluded[0]: YAML reads ! at the start of a value as a type (a tag); if it belongs to "
        'the text, put the whole text in quotes: "!wichtig Preise"'),
    "value starting with |": (
        change("title: Mini-Kooperation", "title: | Mini"),
        "3:8",
        "YAML reads | at the start of a value as the start of a text block on the lines below; "
        'if it belongs to the text, put the whole text in quotes: title: "| Mini"'),
    "value starting with >": (
        change("title: Mini-Kooperation", "title: > Mini"),
        "3:8",
        "YAML reads > at the start of a value as the start of a text block on the lines below; "
        'if it belongs to the text, put the whole text in quotes: title: "> Mini"'),
    "value starting with %": (
        change("title: Mini-Kooperation", "title: %Mini"),
        "3:8",
        "YAML reads % at the start of a value as a sign reserved for YAML itself; if it "
        'belongs to the text, put the whole text in quotes: title: "%Mini"'),
    "value starting with a backtick": (
        change("title: Mini-Kooperation", "title: `Mini`"),
        "3:8",
        "YAML reads ` at the start of a value as a sign reserved for YAML itself; if it "
        'belongs to the text, put the whole text in quotes: title: "`Mini`"'),
    "value starting with a colon": (
        change("title: Mini-Kooperation", "title: : Mini"),
        "3:8",
        "YAML reads : at the start of a value as the colon of a key; if it belongs to the "
        'text, put the whole text in quotes: title: ": Mini"'),
    "value starting with a colon inside {...}": (
        change("{name: Anna Alpha", "{name: :Anna Alpha"),
        "11:29",
        "YAML reads : at the start of a value as the colon of a key; if it belongs to the "
        'text, put the whole text in quotes: name: ":Anna Alpha"'),
    "value starting with a dash": (
        change("title: Mini-Kooperation", "title: - Mini"),
        "3:8",
        "YAML reads - at the start of a value as a list item; if it belongs to the text, put "
        'the whole text in quotes: title: "- Mini"'),
    "comma inside {...}": (
        MINIMAL + "goals:\n  - {id: g1, description: Personal (1, 2 VZÄ)}\n",
        "18:40",
        "goals.g1.2 VZÄ): unknown key '2 VZÄ)'; the comma before it ends the text of "
        "'description' inside {…}; if '2 VZÄ)' belongs to that text, put the whole text in "
        'quotes: description: "Personal (1, 2 VZÄ)"'),
    "missing space after a colon": (
        change("title: Mini-Kooperation", "title:Mini-Kooperation"),
        "3:6",
        "a colon needs a space after it: write title: Mini-Kooperation"),
    "missing space after a nested colon": (
        change("    legal_form: KG", "    legal_form:KG"),
        "14:15",
        "a colon needs a space after it: write legal_form: KG"),
    "missing space on the last line": (
        MINIMAL + "kind:vertical\n",
        "17:5",
        "a colon needs a space after it: write kind: vertical"),
    "missing space in a list item": (
        change(ANNA, "\n      - name:Anna Alpha\n        function: Chefin"),
        "12:13",
        "a colon needs a space after it: write name: Anna Alpha"),
    "missing space in the last key of a list item": (
        change(ANNA, "\n      - function: Chefin\n        name:Anna Alpha"),
        "13:13",
        "a colon needs a space after it: write name: Anna Alpha"),
    "missing colon": (
        change("title: Mini", "title Mini"),
        "3:1",
        "this line has no colon after its key; write the key, a colon and a space, then the "
        "value, or, if the line continues the text of the line above, indent it further"),
    "missing space after a dash": (
        change("  - id: beta", "  -id: beta"),
        "12:3",
        "a list item needs a space after its dash: write - id: beta"),
    "missing space after the first dash": (
        change("  - id: alpha", "  -id: alpha"),
        "7:3",
        "a list item needs a space after its dash: write - id: alpha"),
    "list item indented too far": (
        change("  - id: beta", "   - id: beta"),
        "12:4",
        "this list item is not lined up with the items before it: its dash (-) is in column 4, "
        "theirs in column 3 (line 7); move it to column 3"),
    "list item indented too little": (
        change("  - id: beta", " - id: beta"),
        "12:2",
        "this list item is not lined up with the items before it: its dash (-) is in column 2, "
        "theirs in column 3 (line 7); move it to column 3"),
    "nested list item indented too little": (
        change(ANNA, "\n      - name: Anna Alpha\n        function: X\n     - name: Bob"),
        "14:6",
        "this list item is not lined up with the items before it: its dash (-) is in column 6, "
        "theirs in column 7 (line 12); move it to column 7"),
    "key deeper than its siblings": (
        change("    legal_form: KG", "      legal_form: KG"),
        "14:7",
        "the key 'legal_form' starts in column 7, to the right of 'name' on line 13 (column "
        "5), so YAML reads it as part of the value of 'name'; move it to column 5"),
    "key shallower than its siblings": (
        change("    legal_form: KG", "   legal_form: KG"),
        "14:4",
        "the key 'legal_form' is not lined up with 'name' on line 13: it starts in column 4, "
        "'name' in column 5; move it to column 5"),
    "key at the column of the dashes": (
        change("    legal_form: KG", "  legal_form: KG"),
        "14:3",
        "the key 'legal_form' is not lined up with 'name' on line 13: it starts in column 3, "
        "'name' in column 5; move it to column 5"),
    "top-level key indented": (
        change("date: 2026", " date: 2026"),
        "4:2",
        "the key 'date' starts in column 2, to the right of 'title' on line 3 (column 1), so "
        "YAML reads it as part of the value of 'title'; move it to column 1"),
    "first line indented": (
        " " + MINIMAL,
        "1:2",
        "the first line is indented, but the keys of the top level start in column 1; remove "
        "the spaces before it"),
    "text block line indented too little": (
        change("purpose: Gemeinsamer Einkauf",
               "purpose: |\n    Gemeinsamer Einkauf\n "),
        "7:3",
        "this line is indented less than the first line of the text block above it (line 6, "
        "column 5), so the block ends before it; indent the lines of a text block at least as "
        "far as its first line"),
    "unclosed double quote": (
        change("title: Mini-Kooperation", 'title: "Mini-Kooperation'),
        "3:8",
        'the quote " that opens this text is not closed on its line, so the text runs on to '
        'line 10; add the closing " where the text ends'),
    "unclosed single quote": (
        change("title: Mini-Kooperation", "title: 'Mini-Kooperation"),
        "3:8",
        "the quote ' that opens this text is never closed; add the closing ' where the text "
        "ends"),
    "unclosed quote inside {...}": (
        change('postal_code: "10115"', 'postal_code: "10115'),
        "10:51",
        'the quote " that opens this text is not closed on its line, so the text runs on to '
        'line 15; add the closing " where the text ends'),
    "text after the closing quote": (
        change("name: Beta KG", 'name: "Beta" KG'),
        "13:18",
        "the text goes on after its closing quote; put the whole text in quotes: name: "
        '\'"Beta" KG\''),
    "backslash in double quotes": (
        change("title: Mini-Kooperation", 'title: "C:\\Daten"'),
        "3:11",
        "a backslash (\\) in double quotes starts an escape such as \\n; write \\\\ for a "
        "backslash, or put the text in single quotes ('…') instead"),
    "unclosed [ of a text": (
        change("purpose: Gemeinsamer", "purpose: [Gemeinsamer"),
        "5:10",
        "the [ here is never closed; add ] after its last entry, or, if [ belongs to the text, "
        'put the whole text in quotes: purpose: "[Gemeinsamer Einkauf von Verpackungsmaterial."'),
    "unclosed {": (
        change("city: Berlin}", "city: Berlin"),
        "10:14",
        "the { here is never closed; add } after its last entry"),
    "unclosed [": (
        change("Geschäftsführer}]", "Geschäftsführer}"),
        "16:21",
        "the [ here is never closed; add ] after its last entry"),
    "] closing a {": (
        change("Geschäftsführer}]", "Geschäftsführer]"),
        "16:66",
        "this ] does not match the { on line 16, column 22; close that { with }"),
    "a } too many": (
        change("city: Berlin}", "city: Berlin}}"),
        "10:73",
        "this } closes nothing; remove it, or add the { it belongs to"),
    "a stray comma": (
        change("    legal_form: KG", "    , legal_form: KG"),
        "14:5",
        "this comma separates nothing; remove it (commas separate the entries of {…} and […] "
        "only)"),
    "duplicate key": (
        change("    legal_form: KG", "    legal_form: KG\n    legal_form: KG"),
        "15:5",
        "partners[1].legal_form: duplicate key 'legal_form' (first at line 14); keep one of "
        "them"),
    "a second document": (
        MINIMAL + "---\nkind: vertical\n",
        "17:1",
        "a line --- starts a second document, but a file holds one; remove the ---"),
    "a mistake without a plain explanation": (
        MINIMAL + "kpis:\n  - {id: k1, target: 8[}\n",
        "18:23",
        "not valid YAML: expected ',' or '}', but got '[' (while parsing a flow mapping at "
        "line 18)"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_mistake_is_told_with_its_line_and_fix(case: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    text, where, message = CASES[case]
    assert validate(tmp_path, monkeypatch, text) == [
        f"cooperation.yaml:{where}: error: {message}",
        "1 error, 0 warnings in cooperation.yaml"]


def test_each_key_cut_off_at_a_comma_is_told_the_whole_text(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL + "goals:\n  - {id: g1, description: Personal, Einkauf, Logistik}\n"
    hint = ("the comma before it ends the text of 'description' inside {{…}}; if '{key}' belongs "
            'to that text, put the whole text in quotes: description: "Personal, Einkauf, '
            'Logistik"')
    assert validate(tmp_path, monkeypatch, text) == [
        "cooperation.yaml:18:37: error: goals.g1.Einkauf: unknown key 'Einkauf'; "
        + hint.format(key="Einkauf"),
        "cooperation.yaml:18:46: error: goals.g1.Logistik: unknown key 'Logistik'; "
        + hint.format(key="Logistik"),
        "2 errors, 0 warnings in cooperation.yaml"]


def test_a_key_glued_to_its_value_inside_braces_is_told_the_space(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = change("{street: Nebenweg", "{street:Nebenweg")
    assert validate(tmp_path, monkeypatch, text) == [
        "cooperation.yaml:15:14: error: partners.beta.address.street: missing required key; "
        "add it",
        "cooperation.yaml:15:15: error: partners.beta.address.street:Nebenweg 2: unknown key "
        "'street:Nebenweg 2'; a colon needs a space after it: write street: Nebenweg 2",
        "2 errors, 0 warnings in cooperation.yaml"]


# case: the wrong text in its file, which the fix the message proposes replaces
FIXES = {
    "unquoted postal code": "postal_code: 12346",
    "postal code with a leading zero": "postal_code: 01067",
    "no read as a boolean": "country: NO",
    "yes read as a boolean": "title: yes",
    "a date where text is expected": "title: 2026-01-01",
    "a number that loses its zero": "title: 1.10",
    "colon in a task text": "Einkauf: der Verpackung",
    "colon in a task text inside [...]": "Einkauf: Verpackung",
    "colon in a text after its key": "purpose: Einkauf: Gemeinsam von Verpackungsmaterial.",
    "colon in a text inside {...}": "city: Berlin: Mitte",
    "value starting with @": "title: @Mini",
    "value starting with *": "title: *Mini Kooperation",
    "value starting with !": "title: !Mini",
    "list item starting with !": "!wichtig Preise",
    "value starting with |": "title: | Mini",
    "value starting with a backtick": "title: `Mini`",
    "value starting with a colon inside {...}": "name: :Anna Alpha",
    "value starting with a dash": "title: - Mini",
    "comma inside {...}": "description: Personal (1, 2 VZÄ)",
    "missing space after a colon": "title:Mini-Kooperation",
    "missing space in a list item": "name:Anna Alpha",
    "missing space after a dash": "-id: beta",
    "text after the closing quote": 'name: "Beta" KG',
    "unclosed [ of a text": "purpose: [Gemeinsamer Einkauf von Verpackungsmaterial.",
}


@pytest.mark.parametrize("case", FIXES)
def test_the_fix_a_message_proposes_makes_the_file_valid(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The line a message tells to write, written instead of the wrong one, validates."""
    text, _, message = CASES[case]
    proposed = re.split(r"in quotes: |: write ", message, maxsplit=1)[1]
    assert text.count(FIXES[case]) == 1
    (tmp_path / "cooperation.yaml").write_text(text.replace(FIXES[case], proposed),
                                               encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "cooperation.yaml"])
    assert (result.exit_code, result.stderr) == (0, "0 errors, 0 warnings in cooperation.yaml\n")
