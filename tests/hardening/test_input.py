"""Issue 15, reading and checking input: what a user sees for input that broke coopdocs before.

Classes 1 (characters a document cannot hold), 3 (deep nesting), 4 (numbers without bounds),
5 (timestamps as dates), 11 (changes left out), 12 (shares that almost sum to 100),
16 (misleading messages) and 19 (Windows device names as ids). Each case runs the real CLI and
asserts the exact located message, the exit code and that nothing was written.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from coopdocs.check import sources
from coopdocs.check.schema import load_schema
from coopdocs.cli import main
from coopdocs.errors import InternalError
from coopdocs.model.changes import apply_measures
from tests.conftest import MINIMAL, WITH_GOALS

COOPERATION = WITH_GOALS

ROUND = """\
format: 1
cooperation: mini
number: 1
period: {start: 2026-04-01, end: 2026-09-30}
date: 2026-10-15
ratings:
  win_win: {alpha: 4, beta: 3}
kpis: {volume: 95}
highlights: [Rahmenvertrag früher als geplant]
measures:
  - id: e1
    text: Lenkungskreis öfter
    change: {set: governance.steering_committee.meetings_per_year, to: 6}
"""

NETWORK = """\
format: 1
network: {id: netz, name: Netzwerk Nord}
cooperations:
  - cooperation: cooperation.yaml
"""


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, content: str | bytes) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | bytes) -> list[str]:
    """The stderr lines of validating a cooperation file; it must fail and build nothing."""
    write(tmp_path, "cooperation.yaml", text)
    code, stdout, stderr = run(tmp_path, monkeypatch, "validate", "cooperation.yaml")
    assert (code, stdout) == (1, "")
    code, stdout, _ = run(tmp_path, monkeypatch, "agreement", "cooperation.yaml", "-o", "out")
    assert (code, stdout) == (1, "")
    assert not (tmp_path / "out").exists()
    return stderr.splitlines()


def round_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    """The stderr lines about an evaluation round; no report and no Nachtrag is built."""
    write(tmp_path, "cooperation.yaml", COOPERATION)
    write(tmp_path, "evaluation-1.yaml", text)
    code, stdout, stderr = run(tmp_path, monkeypatch, "validate", "cooperation.yaml",
                               "evaluation-1.yaml")
    assert (code, stdout) == (1, "")
    for command in ("report", "addendum"):
        code, stdout, _ = run(tmp_path, monkeypatch, command, "cooperation.yaml",
                              "evaluation-1.yaml", "-o", "out")
        assert (code, stdout) == (1, "")
    assert not (tmp_path / "out").exists()
    return [line for line in stderr.splitlines() if "in cooperation.yaml" not in line]


def with_title(title: str) -> str:
    return MINIMAL.replace("title: Mini-Kooperation", f"title: {title}")


# --- 1. characters a document cannot hold -------------------------------------------------------

CHARACTERS = {
    "noncharacter U+FFFE as escape": (
        with_title('"Mini\\ufffe"'),
        "cooperation.yaml:3:8: error: title: the text contains U+FFFE, which is not a character "
        "and cannot appear in a document; remove it"),
    "noncharacter U+FFFF as escape": (
        with_title('"Mini\\uFFFF"'),
        "cooperation.yaml:3:8: error: title: the text contains U+FFFF, which is not a character "
        "and cannot appear in a document; remove it"),
    "surrogate pair as JSON-style escapes": (
        with_title('"Pizza \\ud83c\\udf55"'),
        "cooperation.yaml:3:8: error: title: the text contains the escape \\ud83c\\udf55, a "
        "UTF-16 surrogate pair, which YAML reads as two halves of a character that cannot "
        "appear in a document; write the character itself (🍕) or as \\U0001F355"),
    "lone surrogate": (
        with_title('"Mini\\udf55"'),
        "cooperation.yaml:3:8: error: title: the text contains U+DF55, half of a UTF-16 "
        "surrogate pair (an escape such as \\ud83c), which cannot appear in a document; write "
        "the character itself, or as \\U followed by its eight-digit code"),
    "U+FFFE written as itself": (
        with_title("Mini\ufffe"),
        "cooperation.yaml:3:12: error: the text contains U+FFFE, which is not a character and "
        "cannot appear in a document; remove it"),
    "control character written as itself": (
        with_title("Mini\x07"),
        "cooperation.yaml:3:12: error: the text contains the control character U+0007, which "
        "cannot appear in a document; remove it"),
    "in a key": (
        MINIMAL + '"x\\ud83c": 1\n',
        "cooperation.yaml:17:1: error: the text contains U+D83C, half of a UTF-16 surrogate pair "
        "(an escape such as \\ud83c), which cannot appear in a document; write the character "
        "itself, or as \\U followed by its eight-digit code"),
    "deep in a partner": (
        MINIMAL.replace("city: Berlin", 'city: "Ber\\uffffin"'),
        "cooperation.yaml:10:66: error: partners[0].address.city: the text contains U+FFFF, "
        "which is not a character and cannot appear in a document; remove it"),
}


@pytest.mark.parametrize("case", CHARACTERS, ids=list(CHARACTERS))
def test_characters_a_document_cannot_hold_are_located(
        case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text, message = CHARACTERS[case]
    assert refused(tmp_path, monkeypatch, text) == [
        message, "1 error, 0 warnings in cooperation.yaml"]


def test_characters_in_an_evaluation_are_located(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    text = ROUND.replace("[Rahmenvertrag früher als geplant]", '["früher \\ud83d\\ude00"]')
    assert round_refused(tmp_path, monkeypatch, text) == [
        "evaluation-1.yaml:9:14: error: highlights[0]: the text contains the escape "
        "\\ud83d\\ude00, a UTF-16 surrogate pair, which YAML reads as two halves of a character "
        "that cannot appear in a document; write the character itself (😀) or as \\U0001F600",
        "1 error, 0 warnings in evaluation-1.yaml"]


def test_characters_in_a_network_are_located(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "cooperation.yaml", MINIMAL)
    write(tmp_path, "network.yaml", NETWORK.replace("Netzwerk Nord", '"Netzwerk\\uFFFE"'))
    code, stdout, stderr = run(tmp_path, monkeypatch, "validate", "network.yaml")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[0] == (
        "network.yaml:2:27: error: network.name: the text contains U+FFFE, which is not a "
        "character and cannot appear in a document; remove it")
    code, _, _ = run(tmp_path, monkeypatch, "batch", "network.yaml", "-o", "out", "--jobs", "1")
    assert code == 1
    assert not (tmp_path / "out").exists()


def test_characters_at_the_edges_of_what_xml_holds_are_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tab, U+D7FF, U+E000, U+FFFD, U+10000, U+10FFFF and 🍕 as \\U0001F355 pass and render."""
    write(tmp_path, "cooperation.yaml",
          with_title('"Mini\\t\\ud7ff\\ue000\\ufffd\\U00010000\\U0010FFFF\\U0001F355"'))
    code, stdout, stderr = run(tmp_path, monkeypatch, "agreement", "cooperation.yaml",
                               "-o", "out")
    assert code == 0, stderr
    assert stdout.split() == [str(Path("out") / "mini-kooperationsvereinbarung.docx")]


# --- 3. deep nesting ----------------------------------------------------------------------------

def block_lists(levels: int) -> str:
    return "a:\n" + "".join(" " * i + "-\n" for i in range(1, levels))


def block_maps(levels: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(levels))


NESTING = {
    "flow lists": ("a: " + "[" * 1000 + "]" * 1000 + "\n", "2:28"),
    "flow maps": ("a: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n", "2:97"),
    "block lists": (block_lists(1000), "27:26"),
    "block maps": (block_maps(1000), "26:25"),
    "100,000 flow lists": ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "2:28"),
}


@pytest.mark.parametrize("loader", ["libyaml", "PyYAML"])
@pytest.mark.parametrize("case", NESTING, ids=list(NESTING))
def test_deep_nesting_stops_at_the_limit(case: str, loader: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped at level 25 by either parser, before PyYAML's composer could overflow."""
    if loader == "PyYAML":
        monkeypatch.setattr(sources, "SAFE_LOADER", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML is built without libyaml")
    text, at = NESTING[case]
    assert refused(tmp_path, monkeypatch, "format: 1\n" + text) == [
        f"cooperation.yaml:{at}: error: the file nests deeper than 24 levels",
        "1 error, 0 warnings in cooperation.yaml"]


# --- 4. numbers without bounds ------------------------------------------------------------------

def numeric_fields(rules: Mapping[str, Any], name: str, described: str
                   ) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    """(key, rules, description of it or of the nearest described parent) of every number."""
    described = rules.get("meta", {}).get("description", described)
    if rules.get("type") in ("integer", "number"):
        yield name, rules, described
    for part in ("schema", "valuesrules"):
        child = rules.get(part)
        if isinstance(child, Mapping) and "type" in child:
            yield from numeric_fields(child, f"{name}[]", described)
        elif isinstance(child, Mapping):
            for key, field in child.items():
                yield from numeric_fields(field, f"{name}.{key}", described)


FIELDS = [(kind, *field) for kind in ("cooperation", "evaluation", "network")
          for field in numeric_fields({"type": "dict", "schema": load_schema(kind)}, kind, "")]


@pytest.mark.parametrize(("kind", "name", "rules", "description"), FIELDS,
                         ids=[field[1] for field in FIELDS])
def test_every_number_has_bounds_that_its_description_names(
        kind: str, name: str, rules: Mapping[str, Any], description: str) -> None:
    if "allowed" in rules:
        return  # a choice such as arbitrators: [1, 3]
    assert "min" in rules and "max" in rules, f"{kind}: {name} has no bounds"
    for bound in (rules["min"], rules["max"]):
        written = re.compile(rf"(?<![\d,.-]){re.escape(f'{bound:,}')}(?!\d|,\d)")
        assert written.search(description), f"{kind}: {name}: the description lacks {bound:,}"


NUMBERS = {
    "money 10**400": (
        MINIMAL + "clauses:\n  liability: {cap: 1" + "0" * 400 + "}\n",
        "cooperation.yaml:18:20: error: clauses.liability.cap: must be between 1 and "
        "1,000,000,000,000, found a number with 401 digits"),
    "money just above the bound": (
        MINIMAL.replace("    represented_by: [{name: Anna",
                        "    contributions: [{type: money, description: Kapital, due: "
                        "2026-06-30, value: 1000000000000.01}]\n    represented_by: [{name: Anna"),
        "cooperation.yaml:11:81: error: partners.alpha.contributions[0].value: must be between 0 "
        "and 1,000,000,000,000, found 1000000000000.01"),
    "negative money": (
        MINIMAL + "clauses:\n  liability: {insurance: [{type: Haftpflicht, sum: -5}]}\n",
        "cooperation.yaml:18:52: error: clauses.liability.insurance[0].sum: must be between 1 "
        "and 1,000,000,000,000, found -5"),
    "KPI target": (
        COOPERATION.replace("target: 100, tolerance: [90, 120]", "target: -1.0e+13"),
        "cooperation.yaml:23:62: error: kpis.volume.target: must be between -1,000,000,000,000 and "
        "1,000,000,000,000, found -10000000000000.0"),
    "percentage": (
        MINIMAL + "clauses:\n  competition_law: {market_share_percent: 100.5}\n",
        "cooperation.yaml:18:43: error: clauses.competition_law.market_share_percent: must be "
        "between 0 and 100, found 100.5"),
    "days": (
        MINIMAL + "clauses:\n  exit: {return_days: 5}\n",
        "cooperation.yaml:18:23: error: clauses.exit.return_days: must be between 7 and 180, "
        "found 5"),
    "infinity": (
        MINIMAL + "clauses:\n  liability: {cap: .inf}\n",
        "cooperation.yaml:18:20: error: clauses.liability.cap: '.inf' is not a finite number"),
    "minus infinity": (
        MINIMAL + "clauses:\n  trade_secrets: {penalty: -.Inf}\n",
        "cooperation.yaml:18:28: error: clauses.trade_secrets.penalty: '-.Inf' is not a finite "
        "number"),
    "not a number": (
        MINIMAL + "clauses:\n  liability: {cap: .NaN}\n",
        "cooperation.yaml:18:20: error: clauses.liability.cap: '.NaN' is not a finite number"),
    "a float beyond its range": (
        MINIMAL + "clauses:\n  liability: {cap: 1.0e+400}\n",
        "cooperation.yaml:18:20: error: clauses.liability.cap: '1.0e+400' is not a finite "
        "number"),
    "more digits than Python reads": (
        MINIMAL + "clauses:\n  liability: {cap: " + "9" * 5000 + "}\n",
        "cooperation.yaml:18:20: error: clauses.liability.cap: '"
        + "9" * 40 + "… (5,000 characters)' has too many digits to be read as a number; write "
        "a smaller number"),
}


@pytest.mark.parametrize("case", NUMBERS, ids=list(NUMBERS))
def test_numbers_out_of_bounds_are_located(case: str, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    text, message = NUMBERS[case]
    assert refused(tmp_path, monkeypatch, text) == [
        message, "1 error, 0 warnings in cooperation.yaml"]


def test_numbers_out_of_bounds_in_an_evaluation_are_located(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ROUND.replace("kpis: {volume: 95}", "kpis: {volume: 1" + "0" * 400 + "}").replace(
        "{alpha: 4, beta: 3}", "{alpha: 4, beta: 11}")
    assert round_refused(tmp_path, monkeypatch, text) == [
        "evaluation-1.yaml:7:29: error: ratings.win_win.beta: must be between 0 and 10, found 11",
        "evaluation-1.yaml:8:16: error: kpis.volume: must be between -1,000,000,000,000 and "
        "1,000,000,000,000, found a number with 401 digits",
        "2 errors, 0 warnings in evaluation-1.yaml"]


def test_numbers_at_their_bounds_are_built(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The largest amounts and KPI values the schema allows are formatted in the documents."""
    coop = COOPERATION.replace("target: 100, tolerance: [90, 120]",
                               "target: 1000000000000, tolerance: [-1000000000000, "
                               "1000000000000]")
    coop += ("clauses:\n  liability: {cap: 1000000000000, insurance: [{type: Haftpflicht, "
             "sum: 1000000000000}]}\n  trade_secrets: {penalty: 999999999999.99}\n")
    write(tmp_path, "cooperation.yaml", coop)
    write(tmp_path, "evaluation-1.yaml",
          ROUND.replace("kpis: {volume: 95}", "kpis: {volume: -1000000000000}"))
    code, stdout, stderr = run(tmp_path, monkeypatch, "agreement", "cooperation.yaml", "-o", "out")
    assert code == 0, stderr
    code, stdout, stderr = run(tmp_path, monkeypatch, "report", "cooperation.yaml",
                               "evaluation-1.yaml", "-o", "out")
    assert code == 0, stderr
    assert stdout.split() == [str(Path("out") / "mini-evaluationsbericht-1.docx")]


# --- 5. timestamps are no dates -----------------------------------------------------------------

def test_a_timestamp_as_date_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL.replace("date: 2026-03-01", "date: 2026-05-01T10:00:00+02:00")
    assert refused(tmp_path, monkeypatch, text) == [
        "cooperation.yaml:4:7: error: date: must be a date (YYYY-MM-DD), found the date and time "
        "2026-05-01T10:00:00+02:00; write the date only: 2026-05-01",
        "1 error, 0 warnings in cooperation.yaml"]


def test_a_term_ending_before_a_timestamp_start_is_a_located_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: an internal error in R-LZ-1 (datetime compared with date), exit 5."""
    text = MINIMAL + "term: {start: 2026-05-01 10:00:00, end: 2026-04-01}\n"
    assert refused(tmp_path, monkeypatch, text) == [
        "cooperation.yaml:17:15: error: term.start: must be a date (YYYY-MM-DD), found the date "
        "and time 2026-05-01T10:00:00; write the date only: 2026-05-01",
        "1 error, 0 warnings in cooperation.yaml"]


def test_a_reversed_period_with_a_timestamp_is_a_located_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: an internal error in CD-EVAL-7, exit 5."""
    text = ROUND.replace("period: {start: 2026-04-01, end: 2026-09-30}",
                         "period: {start: 2026-10-01T00:00:00Z, end: 2026-09-30}")
    assert round_refused(tmp_path, monkeypatch, text) == [
        "evaluation-1.yaml:4:17: error: period.start: must be a date (YYYY-MM-DD), found the "
        "date and time 2026-10-01T00:00:00+00:00; write the date only: 2026-10-01",
        "1 error, 0 warnings in evaluation-1.yaml"]


def test_a_timestamp_set_by_a_measure_is_located_at_the_measure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ROUND.replace("{set: governance.steering_committee.meetings_per_year, to: 6}",
                         "{set: term.end, to: 2028-06-30T12:00:00}")
    assert round_refused(tmp_path, monkeypatch, text) == [
        "evaluation-1.yaml:13:13: error: measures.e1.change: measure 'e1': with the changes of "
        "this round the cooperation is invalid at term.end: must be a date (YYYY-MM-DD), found "
        "the date and time 2028-06-30T12:00:00; write the date only: 2028-06-30; correct the "
        "value of term.end or add a measure that sets the key named [CD-EVAL-12]",
        "1 error, 0 warnings in evaluation-1.yaml"]


# --- 11. every change is applied or refused -----------------------------------------------------

def with_change(change: str) -> str:
    return ROUND.replace("{set: governance.steering_committee.meetings_per_year, to: 6}", change)


CHANGES = {
    "two lists in one add": (
        "{add: {goals: {id: g2, description: Neu}, kpis: {id: k2, name: K, target: 1}}}",
        "evaluation-1.yaml:13:19: error: measures.e1.change.add: 'add' names exactly one list "
        "(goals, milestones, kpis) with one item; found goals, kpis; give each addition a "
        "measure of its own [CD-EVAL-10]"),
    "an empty add": (
        "{add: {}}",
        "evaluation-1.yaml:13:19: error: measures.e1.change.add: 'add' names exactly one list "
        "(goals, milestones, kpis) with one item; found none; give each addition a measure of "
        "its own [CD-EVAL-10]"),
    "two lists in one remove": (
        "{remove: {goals: g1, milestones: m1}}",
        "evaluation-1.yaml:13:22: error: measures.e1.change.remove: 'remove' names exactly one "
        "list (goals, milestones, kpis) with one item; found goals, milestones; give each "
        "removal a measure of its own [CD-EVAL-10]"),
    "set format": (
        "{set: format, to: 2}",
        "evaluation-1.yaml:13:19: error: measures.e1.change.set: 'format' is the version of the "
        "file format, not a term of the agreement; a measure cannot change it [CD-EVAL-10]"),
    "set id": (
        "{set: id, to: maxi}",
        "evaluation-1.yaml:13:19: error: measures.e1.change.set: 'id' names the cooperation in "
        "its evaluations and output files; a measure cannot change it (a cooperation under a "
        "new id is a new cooperation.yaml) [CD-EVAL-10]"),
    "set all partners": (
        "{set: partners, to: []}",
        "evaluation-1.yaml:13:19: error: measures.e1.change.set: partners join and leave by "
        "add_partner and remove_partner; a measure changes one partner's key with set: "
        "partners.ID.KEY [CD-EVAL-10]"),
    "set a partner's id": (
        "{set: partners.alpha.id, to: gamma}",
        "evaluation-1.yaml:13:19: error: measures.e1.change.set: the id of partners.alpha "
        "cannot be changed by a measure: evaluations and Nachträge refer to it; remove the item "
        "and add it under the new id [CD-EVAL-10]"),
    "a goal replaced under another id": (
        "{set: goals.g1, to: {id: g9, description: Anders}}",
        "evaluation-1.yaml:13:33: error: measures.e1.change.to: the new value of goals.g1 must "
        "keep id: g1; an id cannot be changed by a measure (remove the item and add it under "
        "the new id) [CD-EVAL-10]"),
    "'to' without 'set'": (
        "{remove_partner: beta, to: 3}",
        "evaluation-1.yaml:13:36: error: measures.e1.change.to: 'to' belongs to 'set' only "
        "[CD-EVAL-10]"),
}


@pytest.mark.parametrize("case", CHANGES, ids=list(CHANGES))
def test_a_change_that_does_not_apply_is_located(case: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    change, message = CHANGES[case]
    assert round_refused(tmp_path, monkeypatch, with_change(change)) == [
        message, "1 error, 0 warnings in evaluation-1.yaml"]


def test_a_change_that_fits_only_alone_is_located(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Each change fits the cooperation before the round; applied in order, the second not."""
    text = with_change("{remove: {goals: g1}}") + "  - {id: e2, change: {remove: {goals: g1}}}\n"
    assert round_refused(tmp_path, monkeypatch, text) == [
        "evaluation-1.yaml:14:39: error: measures.e2.change.remove.goals: measure 'e2': the "
        "change does not apply after the changes before it: goals has no item with id 'g1'; "
        "known: none [CD-EVAL-10]",
        "1 error, 0 warnings in evaluation-1.yaml"]


def test_a_change_that_changes_nothing_is_a_warning(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "cooperation.yaml", COOPERATION)
    write(tmp_path, "evaluation-1.yaml", with_change("{set: term.notice_months, to: 3}"))
    code, _, stderr = run(tmp_path, monkeypatch, "validate", "--strict", "cooperation.yaml",
                          "evaluation-1.yaml")
    assert code == 1
    assert stderr.splitlines()[1:] == [
        "evaluation-1.yaml:13:43: warning: measures.e1.change.to: term.notice_months is already "
        "3; the change changes nothing, so it makes no Nachtrag: correct the value or leave the "
        "change out [CD-EVAL-13]",
        "0 errors, 1 warning in evaluation-1.yaml"]


def test_the_build_never_leaves_a_change_out() -> None:
    """A change that does not apply in a build is a bug said loudly, never skipped."""
    cooperation = yaml.safe_load(MINIMAL)
    round_ = {"number": 1, "measures": [{"id": "e1", "change": {"set": "format", "to": 2}}]}
    with pytest.raises(InternalError, match="the change of measure 'e1' of evaluation round 1 "
                       "passed validation but does not apply"):
        apply_measures(cooperation, round_, load_schema("cooperation"))


# --- 12. shares sum to exactly 100 --------------------------------------------------------------

POOL = MINIMAL + "legal_nature: internal_partnership\nclauses:\n  profit_sharing:\n" \
    "    model: pool\n"


@pytest.mark.parametrize(("shares", "total"), [
    ("{alpha: 40, beta: 59.99}", "99.99"),
    ("{alpha: 40, beta: 60.0000001}", "100.0000001"),
    ("{alpha: 33.33, beta: 66.68}", "100.01"),
])
def test_shares_that_almost_sum_to_100_are_refused(shares: str, total: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert refused(tmp_path, monkeypatch, POOL + f"    shares: {shares}\n") == [
        f"cooperation.yaml:21:13: error: clauses.profit_sharing.shares: shares sum to {total} %, "
        "not 100 % [R-FIN-2]",
        "1 error, 0 warnings in cooperation.yaml"]


def test_cost_shares_and_vote_weights_sum_to_exactly_100(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL + ("governance:\n  decisions: {weights: {alpha: 50, beta: 50.001}}\n"
                      "clauses:\n  costs: {model: allocation, allocation: {alpha: 0.1, "
                      "beta: 99.89}}\n")
    assert refused(tmp_path, monkeypatch, text) == [
        "cooperation.yaml:18:24: error: governance.decisions.weights: vote weights sum to "
        "100.001 %, not 100 % [R-GOV-6]",
        "cooperation.yaml:20:42: error: clauses.costs.allocation: cost shares sum to 99.99 %, "
        "not 100 % [R-FIN-1]",
        "2 errors, 0 warnings in cooperation.yaml"]


def test_shares_with_more_digits_than_a_number_keeps_are_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A float would drop the digits and make the sum 100; the loader refuses it instead."""
    text = POOL + "    shares: {alpha: 40.00000000000000001, beta: 60}\n"
    assert refused(tmp_path, monkeypatch, text) == [
        "cooperation.yaml:21:21: error: clauses.profit_sharing.shares.alpha: "
        "'40.00000000000000001' has more digits than a number keeps (about 15 significant "
        "digits; it would be read as 40.0); round it",
        "1 error, 0 warnings in cooperation.yaml"]


def test_decimal_shares_that_sum_to_100_pass(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    third = MINIMAL + """\
  - id: gamma
    name: Gamma AG
    legal_form: AG
    address: {street: Allee 3, postal_code: "80331", city: München}
    represented_by: [{name: Gerd Gamma, function: Vorstand}]
    role: coordinator
legal_nature: internal_partnership
clauses:
  profit_sharing: {model: pool, shares: {alpha: 33.33, beta: 33.33, gamma: 33.34}}
"""
    write(tmp_path, "cooperation.yaml", third)
    code, _, stderr = run(tmp_path, monkeypatch, "validate", "cooperation.yaml")
    assert (code, stderr) == (0, "0 errors, 0 warnings in cooperation.yaml\n")


# --- 16. messages that say what is wrong --------------------------------------------------------

def iconv_message(encoding: str) -> str:
    return (f"cooperation.yaml:1:1: error: the file is {encoding} text, but coopdocs reads UTF-8; "
            f"convert it, e.g. with 'iconv -f {encoding} -t UTF-8 cooperation.yaml > "
            "cooperation-utf8.yaml', or save it as UTF-8 in your editor")


@pytest.mark.parametrize(("codec", "bom", "encoding"), [
    ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16LE"), ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16BE"),
    ("utf-16-le", b"", "UTF-16LE"), ("utf-16-be", b"", "UTF-16BE"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32LE"), ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32BE"),
    ("utf-32-le", b"", "UTF-32LE"), ("utf-32-be", b"", "UTF-32BE"),
])
def test_utf16_and_utf32_are_named_with_how_to_convert(
        codec: str, bom: bytes, encoding: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert refused(tmp_path, monkeypatch, bom + MINIMAL.encode(codec)) == [
        iconv_message(encoding), "1 error, 0 warnings in cooperation.yaml"]


def test_converted_text_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What iconv makes of a UTF-16 file with its byte order mark (a UTF-8 one) validates."""
    converted = MINIMAL.encode("utf-16").decode("utf-16-le").encode("utf-8")
    write(tmp_path, "cooperation.yaml", converted)
    code, _, _ = run(tmp_path, monkeypatch, "validate", "cooperation.yaml")
    assert code == 0


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00\x00\x00\xd8", b"a\x00\x00\x00\x00\x00\x00\x00",
                                 b"PK\x03\x04\x00\x00binary"])
def test_binary_files_stay_binary(raw: bytes, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert refused(tmp_path, monkeypatch, raw) == [
        "cooperation.yaml:1:1: error: this is a binary file, not a YAML text file",
        "1 error, 0 warnings in cooperation.yaml"]


def test_merge_keys_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL.replace("  - id: beta\n", "  - id: beta\n    <<: {sme: true}\n")
    assert refused(tmp_path, monkeypatch, text) == [
        "cooperation.yaml:13:5: error: partners[1]: merge keys (<<) are not supported; write the "
        "keys out in full (an alias *name may stand for a whole value, e.g. address: "
        "*main_office)",
        "1 error, 0 warnings in cooperation.yaml"]


def test_a_text_cut_at_a_comma_gets_a_hint_to_quote_it(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL + "goals:\n  - {id: g1, description: Personal (1, 2 VZÄ)}\n"
    assert refused(tmp_path, monkeypatch, text) == [
        "cooperation.yaml:18:40: error: goals.g1.2 VZÄ): unknown key '2 VZÄ)'; the comma before "
        "it ends the text of 'description' inside {…}; if '2 VZÄ)' belongs to that text, put the "
        "whole text in quotes: description: \"Personal (1, 2 VZÄ)\"",
        "1 error, 0 warnings in cooperation.yaml"]


def test_an_unknown_key_with_a_colon_gets_no_quoting_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL + "goals:\n  - {id: g1, description: Personal, descripton: }\n"
    assert refused(tmp_path, monkeypatch, text)[0] == (
        "cooperation.yaml:18:37: error: goals.g1.descripton: unknown key 'descripton'; did you "
        "mean 'description'?")


# --- 19. ids that Windows cannot use as names ---------------------------------------------------

RESERVED = ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9", "com0"]


def windows_message(value: str) -> str:
    return (f"'{value}' is a device name that Windows reserves (con, prn, aux, nul, com0-com9, "
            "lpt0-lpt9): a folder or file of that name cannot be opened there, and ids become "
            f"folder and file names; choose another id, e.g. '{value}-1'")


@pytest.mark.parametrize("value", RESERVED)
def test_windows_device_names_are_refused_as_cooperation_ids(
        value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert refused(tmp_path, monkeypatch, MINIMAL.replace("id: mini", f"id: {value}")) == [
        f"cooperation.yaml:2:5: error: id: {windows_message(value)}",
        "1 error, 0 warnings in cooperation.yaml"]


def test_windows_device_names_are_refused_for_every_id(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = MINIMAL.replace("id: alpha", "id: aux").replace("id: beta", "id: nul") \
        + "goals:\n  - {id: lpt3, description: Ziel}\n"
    assert refused(tmp_path, monkeypatch, text) == [
        f"cooperation.yaml:7:9: error: partners[0].id: {windows_message('aux')}",
        f"cooperation.yaml:12:9: error: partners[1].id: {windows_message('nul')}",
        f"cooperation.yaml:18:10: error: goals[0].id: {windows_message('lpt3')}",
        "3 errors, 0 warnings in cooperation.yaml"]


def test_windows_device_names_are_refused_as_network_ids(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "cooperation.yaml", MINIMAL)
    write(tmp_path, "network.yaml", NETWORK.replace("id: netz", "id: prn"))
    code, stdout, stderr = run(tmp_path, monkeypatch, "validate", "network.yaml")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[0] == (
        f"network.yaml:2:15: error: network.id: {windows_message('prn')}")
    code, _, _ = run(tmp_path, monkeypatch, "batch", "network.yaml", "-o", "out", "--jobs", "1")
    assert code == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["con-1", "console", "com10", "lpt", "nul0"])
def test_ids_that_only_start_like_a_device_name_pass(
        value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "cooperation.yaml", MINIMAL.replace("id: mini", f"id: {value}"))
    code, _, stderr = run(tmp_path, monkeypatch, "validate", "cooperation.yaml")
    assert (code, stderr) == (0, "0 errors, 0 warnings in cooperation.yaml\n")


def test_an_id_with_a_line_break_is_refused(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """cerberus' regex ended in '$', which also matches before a final line break."""
    assert refused(tmp_path, monkeypatch, MINIMAL.replace("id: mini", 'id: "mini\\n"')) == [
        "cooperation.yaml:2:5: error: id: 'mini\\n' is not an id; use an id: lower-case letters, "
        "digits and hyphens, starting with a letter or digit (at most 64 characters)",
        "1 error, 0 warnings in cooperation.yaml"]



@pytest.mark.parametrize("separator", ["\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_every_message_is_one_line_whatever_the_value(separator: str) -> None:
    """No character str.splitlines() breaks at survives in a message (escaped instead)."""
    from coopdocs.check.findings import Finding, Level
    from coopdocs.errors import CoopdocsError, Location

    finding = Finding(Level.ERROR, f"found 'a{separator}b'", ("goals", "g1"),
                      Location(Path("evaluation.yaml"), 3, 5))
    assert len(finding.format().splitlines()) == 1
    assert len(CoopdocsError(f"x{separator}y").format().splitlines()) == 1
