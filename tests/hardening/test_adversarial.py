"""Issue 15, the adversarial suite: a generated corpus and properties, run through the real CLI.

The corpus (``tests/hardening/corpus.py``) attacks each input kind (a cooperation; an evaluation
round with its cooperation; a network with its members) with each class of the issue, and runs
``validate`` and the commands that build from it. Whatever the input, CLI.md promises:

- never a traceback, and an exit code of 0, 1, 3 or 4 (never 5 for the user's input);
- every message line has the shape ``FILE:LINE:COL: error: …`` (or ``FILE: error: …`` for a
  problem of a whole file), located in a file that exists and at a line it has;
- nothing half-written: after a failure the output folder is absent or empty; after a success
  it holds exactly the files printed (a batch: exactly what its manifest records);
- every document built opens with python-docx, with properties Word accepts;
- what validation accepts builds, and what it refuses is not built.

The corpus covers 16 attacks × 3 kinds (47 cells; a cooperation alone has no changes): bad
characters, deep nesting, numbers without bounds, timestamps and odd dates, a timeline at the
year 9999, long strings and many partners, template/XML/mathtext syntax in texts that reach
documents and charts, Windows device names as ids, path-like ids, duplicates, merge keys,
aliases and tags, encodings, malformed changes, shares that do not sum to 100, wrong kinds.
Properties add hostile text in names, KPI names and titles (report and network report, with
their charts), mutated network files, and any bytes as a round or a network file.

The default run is bounded (2 variants per cell, 12 examples per property: under a minute on
two cores); ``COOPDOCS_ADVERSARIAL=long`` runs 20 times as many (about 13 minutes). The mode is
in the test ids (``short-…`` or ``long-…``), and the run prints it.
Run: ``.venv/bin/pytest -q tests/hardening/test_adversarial.py``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopdocs.build import Network, Options, build_network_report, check_case, summary
from coopdocs.check.validate import check_evaluation, check_network
from coopdocs.clauses.library import catalog, load_library
from coopdocs.cli import main
from coopdocs.render.docx import PROPERTY_LENGTH
from tests.hardening import corpus
from tests.hardening.corpus import Case, Expect

LONG = os.environ.get("COOPDOCS_ADVERSARIAL", "") == "long"
MODE = "long" if LONG else "short"
SCALE = 20 if LONG else 1
PER_CELL = 2 * SCALE  # variants of each attack on each input kind
LIBRARY = load_library()
CATALOG = catalog(LIBRARY)

COMMANDS = {
    "cooperation": [["validate", "cooperation.yaml"],
                    ["agreement", "cooperation.yaml", "-o", "out-agreement"]],
    "evaluation": [["validate", "cooperation.yaml", "evaluation-1.yaml"],
                   ["report", "cooperation.yaml", "evaluation-1.yaml", "-o", "out-report"],
                   ["addendum", "cooperation.yaml", "evaluation-1.yaml", "-o", "out-addendum"]],
    "network": [["validate", "network.yaml"],
                ["batch", "network.yaml", "-o", "out-batch", "--jobs", "1"]],
}
EXITS = {"validate": {0, 1}, "agreement": {0, 1, 3}, "report": {0, 1, 3}, "addendum": {0, 1, 3},
         "batch": {0, 1, 3, 4}}

# The lines a command may print on stderr (CLI.md: messages, summaries, batch progress).
LOCATED = re.compile(r"(?P<file>[^\s:][^:]*?):(?P<line>\d+):(?P<column>\d+): "
                     r"(?P<level>error|warning|info): \S")
FILE_LEVEL = re.compile(r"(?P<file>[^\s:][^:]*?): (?P<level>error|warning|info): \S")
OTHER_LINES = [re.compile(p) for p in (
    r"  hint: \S", r"\d+ errors?, \d+ warnings? in \S", r"(built|unchanged|failed) +\S",
    r"\d+ built, \d+ unchanged, \d+ failed in \S")]
# The addendum of a valid round whose measures change nothing: exit 1, in any language.
NO_CHANGE = "(`change`)"


# Known defect, pinned by ``test_a_chart_label_the_font_cannot_draw_is_said``: matplotlib warns
# (on stderr, with its source line) for each character of a chart label that the chart font
# lacks, and draws a box instead. Tolerated here, so that the other promises stay checked.
MISSING_GLYPH = r"Glyph \d+ .* missing from font"


@contextlib.contextmanager
def glyph_warnings_tolerated() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", MISSING_GLYPH, UserWarning)
        yield


def invoke(folder: Path, args: list[str]) -> Result:
    """The CLI in ``folder`` (paths in ``args`` are relative to it), in this process."""
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        with glyph_warnings_tolerated():
            return CliRunner().invoke(main, args)
    finally:
        os.chdir(cwd)


def write_case(folder: Path, case: Case) -> None:
    for name, content in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


# --- the promises -------------------------------------------------------------------------------

def assert_no_traceback(result: Result, args: list[str]) -> None:
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        raise AssertionError(f"{args}: {type(error).__name__}: {error}") from error
    assert "Traceback" not in result.stderr + result.stdout, (args, result.stderr)
    assert result.exit_code in EXITS[args[0]], (args, result.exit_code, result.stderr)


def shaped(line: str) -> bool:
    return bool(LOCATED.match(line) or FILE_LEVEL.match(line)
                or any(p.match(line) for p in OTHER_LINES))


def assert_message_shapes(folder: Path, result: Result, args: list[str]) -> None:
    """Every stderr line is a located message, a hint, a summary or a batch progress line.

    Lines as a terminal and line-based tools see them: a value with a line break must not
    split a message, and a carriage return must not overwrite it.
    """
    assert "\r" not in result.stderr, (args, result.stderr)
    for line in result.stderr.rstrip("\n").split("\n") if result.stderr else []:
        found = LOCATED.match(line) or FILE_LEVEL.match(line)
        if found is None:
            assert any(p.match(line) for p in OTHER_LINES), (args, line, result.stderr)
            continue
        where = folder / found["file"]
        assert where.exists() or where.is_symlink(), (args, line)
        if "line" in found.groupdict() and found.groupdict()["line"] and where.is_file():
            lines = len(where.read_bytes().splitlines()) + 1
            assert 1 <= int(found["line"]) <= lines, (args, line, lines)
            assert int(found["column"]) >= 1, (args, line)


def built_files(folder: Path) -> dict[str, Path]:
    return {str(p.relative_to(folder)): p for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_opens(path: Path) -> str:
    """A .docx that python-docx opens, with properties Word accepts; its text."""
    assert zipfile.is_zipfile(path), path
    document = docx.Document(str(path))
    core = document.core_properties
    for value in (core.title, core.subject, core.author, core.keywords, core.category):
        assert value is None or len(value) <= PROPERTY_LENGTH, (path.name, value)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def assert_output(folder: Path, result: Result, args: list[str]) -> list[str]:
    """Nothing half-written: no files after a failure, exactly the files printed (or, for a
    batch, recorded in its manifest) after a success. The texts of the documents built."""
    out = folder / args[args.index("-o") + 1]
    files = built_files(out) if out.exists() else {}
    if args[0] == "batch" and result.exit_code in (0, 4):
        return assert_manifest(out, files)
    if result.exit_code != 0:
        assert files == {}, (args, result.exit_code, sorted(files))
        return []
    printed = {str(Path(line).relative_to(args[args.index("-o") + 1]))
               for line in result.stdout.split()}
    assert set(files) == printed, (args, sorted(files), sorted(printed))
    return [assert_opens(path) for path in files.values()]


def assert_manifest(out: Path, files: dict[str, Path]) -> list[str]:
    """A batch's output holds exactly its manifest: every file recorded, with its digest."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    recorded = {f"{coop_id}/{name}": digest
                for coop_id, entry in manifest["cooperations"].items()
                for name, digest in entry["outputs"].items()}
    for entry in manifest.get("network_documents", {}).values():
        recorded.update(entry["outputs"])
    assert set(files) - {"manifest.json"} == set(recorded), (sorted(files), sorted(recorded))
    for name, digest in recorded.items():
        assert hashlib.sha256(files[name].read_bytes()).hexdigest() == digest, name
    return [assert_opens(path) for name, path in files.items() if name.endswith(".docx")]


@dataclass(frozen=True)
class Run:
    args: list[str]
    result: Result
    texts: list[str]

    @property
    def code(self) -> int:
        return self.result.exit_code


def run_case(folder: Path, case: Case, commands: list[list[str]] | None = None) -> list[Run]:
    """Every command of the case's kind (or ``commands``), each checked against the promises."""
    write_case(folder, case)
    runs = []
    for args in commands or COMMANDS[case.kind]:
        result = invoke(folder, args)
        assert_no_traceback(result, args)
        assert_message_shapes(folder, result, args)
        texts = assert_output(folder, result, args) if "-o" in args else []
        runs.append(Run(args, result, texts))
    return runs


def refused_build(run: Run) -> bool:
    return run.code == 1 or (run.args[0] == "batch" and run.code == 4)


def changes_nothing(build: Run) -> bool:
    """``addendum`` of a valid round whose changes amend nothing: no Nachtrag to build."""
    errors = [line for line in build.result.stderr.splitlines() if " error: " in line]
    return build.args[0] == "addendum" and bool(errors) and all(NO_CHANGE in e for e in errors)


def assert_an_error_in(case: Case, stderr: str) -> None:
    """An error is located in an attacked file (not in a template, not only in a summary).

    A network file that lists the wrong files may have the error in a file it lists, and a
    member may be refused where the network file lists it.
    """
    files = [m["file"] for line in stderr.splitlines()
             if (m := LOCATED.match(line) or FILE_LEVEL.match(line)) and m["level"] == "error"]
    assert files, stderr
    if "network.yaml" not in case.attacked:
        where = (*case.attacked, "network.yaml") if case.kind == "network" else case.attacked
        assert any(f.endswith(where) for f in files), (case.attacked, stderr)


def assert_expected(case: Case, runs: list[Run]) -> None:
    """The case's expectation, and that validation agrees with the builds."""
    validate, *builds = runs
    report = "\n".join(f"{r.args[0]}: exit {r.code}\n{r.result.stderr}" for r in runs)
    if case.expect is Expect.REFUSED:
        assert validate.code == 1, report
        assert_an_error_in(case, validate.result.stderr)
    if case.expect is Expect.BUILT:
        assert validate.code == 0, report
    for build in builds:
        if validate.code == 0 and changes_nothing(build):
            continue
        if validate.code == 0:
            assert build.code == 0, report  # valid input builds
        else:
            assert refused_build(build), report  # invalid input is not built
    if case.literal is not None:
        texts = "\n".join(t for run in builds for t in run.texts)
        assert case.literal in texts, (case.literal, report)


# --- 1. the generated corpus ----------------------------------------------------------------------

CASES = corpus.corpus(PER_CELL)


def test_the_corpus_covers_every_class_on_every_kind() -> None:
    """Each cell (kind × attack) has cases, refused ones and (where it fits) built ones."""
    cells = {(c.kind, c.attack) for c in CASES}
    assert cells == set(corpus.cells())
    assert len(cells) == len(corpus.ATTACKS) * 3 - len(corpus.NOT_APPLICABLE)
    for kind in corpus.KINDS:
        expected = {c.expect for c in CASES if c.kind == kind}
        assert expected == set(Expect), kind
    assert len({c.id for c in CASES}) == len(CASES)
    print(f"adversarial corpus: {MODE} mode, {len(CASES)} cases "
          f"({PER_CELL} per cell); COOPDOCS_ADVERSARIAL=long runs {PER_CELL * 20 // SCALE}")


@pytest.mark.parametrize("case", CASES, ids=[f"{MODE}-{c.id}" for c in CASES])
def test_corpus(case: Case, tmp_path: Path) -> None:
    assert_expected(case, run_case(tmp_path, case))


def test_the_corpus_is_the_same_every_run() -> None:
    again = corpus.case("network", "encodings", 1)
    assert again == next(c for c in CASES if c.id == again.id)


# --- 2. a few real processes ------------------------------------------------------------------

def process(folder: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coopdocs", *args], cwd=folder, text=True,
                          capture_output=True, timeout=timeout, check=False)


PROCESS_CASES = [("cooperation", "characters", 0),
                 ("network", "wrong-kinds", 0), ("evaluation", "injection", 0)]


@pytest.mark.parametrize("cell", PROCESS_CASES, ids=[f"{MODE}-{k}-{a}-{n}"
                                                     for k, a, n in PROCESS_CASES])
def test_a_real_process_keeps_the_promises(cell: tuple[str, str, int], tmp_path: Path) -> None:
    """The console entry point, outside the test runner: the same exit codes and messages."""
    case = corpus.case(*cell)
    in_process = run_case(tmp_path / "runner", case)
    (tmp_path / "process").mkdir()
    write_case(tmp_path / "process", case)
    for run in in_process:
        done = process(tmp_path / "process", *run.args)
        assert "Traceback" not in done.stderr
        assert done.returncode == run.code
        assert done.stderr.replace(str(tmp_path / "process"), "") == \
            run.result.stderr.replace(str(tmp_path / "runner"), "")


# --- 3. defects the corpus found ----------------------------------------------------------------
# Fixed ones are regression tests. Open ones are strict xfails with their reproduction: they
# fail today and pass once the defect is fixed (XPASS then fails the run: remove the mark, and
# the tolerance in the promises above that names the test).

def limited_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


ENDLESS = {
    "validate /dev/zero": ("/dev/zero", None),
    "network member /dev/zero": ("network.yaml", "/dev/zero"),
    "validate a FIFO": ("fifo.yaml", None),
}


@pytest.mark.parametrize("case", ENDLESS, ids=[f"{MODE}-{c}" for c in ENDLESS])
def test_an_endless_file_is_refused_at_the_size_limit(case: str, tmp_path: Path) -> None:
    """/dev/zero (directly, or as a network member) and a FIFO are refused as not regular files,
    located, exit 1; before, /dev/zero was read to its end (MemoryError traceback) and a FIFO
    blocked for good."""
    target, member = ENDLESS[case]
    if member is not None:
        (tmp_path / target).write_text("format: 1\nnetwork: {id: n, name: N}\ncooperations:\n"
                                       f"  - cooperation: {member}\n", encoding="utf-8")
    if target == "fifo.yaml":
        os.mkfifo(tmp_path / target)
    done = subprocess.run([sys.executable, "-m", "coopdocs", "validate", target], cwd=tmp_path,
                          text=True, capture_output=True, timeout=3 if member is None else 30,
                          check=False, preexec_fn=limited_memory)
    assert "Traceback" not in done.stderr, done.stderr[-300:]
    assert done.returncode == 1
    assert all(shaped(line) for line in done.stderr.splitlines()), done.stderr


def network_of_one(folder: Path, round_data: dict[str, Any]) -> None:
    """network.yaml with the corpus cooperation (a/) and ``round_data`` as its round."""
    (folder / "a").mkdir()
    (folder / "a" / "cooperation.yaml").write_text(corpus.dump(corpus.COOPERATION),
                                                   encoding="utf-8")
    (folder / "a" / "evaluation-1.yaml").write_text(corpus.dump(round_data), encoding="utf-8")
    (folder / "network.yaml").write_text(corpus.dump({**corpus.NETWORK, "cooperations": [
        corpus.NETWORK["cooperations"][0]]}), encoding="utf-8")


def round_changing(to: Any) -> dict[str, Any]:
    data = copy.deepcopy(corpus.ROUND)
    data["measures"][0]["change"]["to"] = to  # governance.steering_committee.meetings_per_year
    return data


@pytest.mark.parametrize("to", [4, None], ids=[f"{MODE}-the-value-it-has", f"{MODE}-null"])
def test_a_round_that_changes_nothing_does_not_fail_its_cooperation(to: int | None,
                                                                    tmp_path: Path) -> None:
    """A round whose only change amends nothing (a value set to what it is, or to null where the
    default is the value) has no Nachtrag, but the batch still builds the cooperation's
    agreement and report; before, the whole cooperation failed (exit 4)."""
    network_of_one(tmp_path, round_changing(to))
    validated = invoke(tmp_path, ["validate", "network.yaml"])
    built = invoke(tmp_path, ["batch", "network.yaml", "-o", "out", "--jobs", "1"])
    assert (validated.exit_code, built.exit_code) in ((0, 0), (1, 1), (1, 4)), built.stderr
    if built.exit_code == 0:
        assert {p.name for p in (tmp_path / "out" / "mini").iterdir()} >= {
            "mini-kooperationsvereinbarung.docx", "mini-evaluationsbericht-1.docx"}


def test_a_change_to_null_that_changes_nothing_is_located(tmp_path: Path) -> None:
    """``change: {set: governance.steering_committee.meetings_per_year, to: null}`` where the
    cooperation has the default 4: validate warns at the change (CD-EVAL-13) instead of saying
    nothing and leaving addendum to fail."""
    (tmp_path / "cooperation.yaml").write_text(corpus.dump(corpus.COOPERATION), encoding="utf-8")
    (tmp_path / "evaluation-1.yaml").write_text(corpus.dump(round_changing(None)),
                                                encoding="utf-8")
    result = invoke(tmp_path, ["validate", "cooperation.yaml", "evaluation-1.yaml"])
    assert re.search(r"^evaluation-1\.yaml:\d+:\d+: (warning|error): measures\.e1\.change",
                     result.stderr, re.MULTILINE), result.stderr


@pytest.mark.parametrize(("where", "value"), [("goals", "Zeile\nzwei"), ("goals", "x\r"),
                                              ("kpis", "x\ny")],
                         ids=[f"{MODE}-value-LF", f"{MODE}-value-CR", f"{MODE}-key-LF"])
def test_a_message_quoting_a_line_break_stays_one_line(where: str, value: str,
                                                       tmp_path: Path) -> None:
    """A value or key with a line break or carriage return is quoted as \\n / \\r, so each
    message stays one line of stderr in the FILE:LINE:COL shape."""
    data = copy.deepcopy(corpus.ROUND)
    if where == "goals":
        data["goals"]["g1"] = value
    else:
        data["kpis"][value] = 1
    (tmp_path / "cooperation.yaml").write_text(corpus.dump(corpus.COOPERATION), encoding="utf-8")
    (tmp_path / "evaluation-1.yaml").write_text(corpus.dump(data), encoding="utf-8")
    result = invoke(tmp_path, ["validate", "cooperation.yaml", "evaluation-1.yaml"])
    assert result.exit_code == 1
    assert all(shaped(line) for line in result.stderr.splitlines()), result.stderr


def network_with_aliased_id(folder: Path, tail: str = "") -> None:
    """The corpus network, whose b/ writes its id as an alias of a/'s id (``id: *t``)."""
    files = corpus.base("network")
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(corpus.dump(data), encoding="utf-8")
    text = corpus.dump(files["b/cooperation.yaml"]).replace(
        "id: zweite\ntitle: Zweite Kooperation\n", "title: &t mini\nid: *t\n")
    (folder / "b" / "cooperation.yaml").write_text(text + tail, encoding="utf-8")


def test_an_id_written_as_an_alias_is_checked_by_validate(tmp_path: Path) -> None:
    """b/cooperation.yaml starts ``title: &t mini`` / ``id: *t`` and a/ has ``id: mini``:
    the network check resolves the alias and refuses both validate and batch (exit 1)."""
    network_with_aliased_id(tmp_path)
    validated = invoke(tmp_path, ["validate", "network.yaml"])
    built = invoke(tmp_path, ["batch", "network.yaml", "-o", "out", "--jobs", "1"])
    assert validated.exit_code == 1, validated.stderr
    assert built.exit_code == 1, built.stderr  # refused by the network check, nothing built
    assert "mini" in validated.stderr and not (tmp_path / "out").exists()


def test_an_aliased_id_in_a_deeply_nested_member_is_refused_without_libyaml(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml (``SAFE_LOADER`` falling back to PyYAML's pure loader) a member whose
    id is an alias and that nests 100,000 levels deep is refused with located findings; the
    network check resolves the alias through check.sources' depth-limited loading."""
    from coopdocs.check import validate

    monkeypatch.setattr(validate, "SAFE_LOADER", yaml.SafeLoader)
    network_with_aliased_id(tmp_path, "deep: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = invoke(tmp_path, ["validate", "network.yaml"])
    assert_no_traceback(result, ["validate"])
    assert result.exit_code == 1


@pytest.mark.xfail(strict=True, reason="defect: a chart label with characters the chart font "
                   "lacks (emoji, CJK, some Arabic signs) is drawn with empty boxes, and "
                   "matplotlib's UserWarning (with coopdocs' source line) goes to stderr")
@pytest.mark.parametrize("name", ["Beta 🍕", "北京 Partner", "Einsparung ؆"],
                         ids=[f"{MODE}-emoji", f"{MODE}-cjk", f"{MODE}-arabic-sign"])
def test_a_chart_label_the_font_cannot_draw_is_said(name: str, tmp_path: Path) -> None:
    """Reproduce: ``short_name: "Beta 🍕"`` for a partner (or such a KPI name), then
    ``coopdocs report cooperation.yaml evaluation-1.yaml``: exit 0, and stderr has
    ".../coopdocs/compose/charts.py:279: UserWarning: Glyph 127829 (\\N{SLICE OF PIZZA})
    missing from font(s) Liberation Sans." followed by the source line ``fig.savefig(...)``,
    once per chart. A fix draws the character (a fallback font) or says, located, that the
    chart cannot show it."""
    coop = copy.deepcopy(corpus.COOPERATION)
    coop["partners"][1]["short_name"] = name
    write_case(tmp_path, Case("evaluation", "glyphs", 0, "", {
        "cooperation.yaml": corpus.dump(coop).encode(),
        "evaluation-1.yaml": corpus.dump(corpus.ROUND).encode()}, Expect.BUILT))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cwd = Path.cwd()
        os.chdir(tmp_path)
        try:
            result = CliRunner().invoke(main, ["report", "cooperation.yaml",
                                               "evaluation-1.yaml", "-o", "out"])
        finally:
            os.chdir(cwd)
    assert result.exit_code == 0, result.stderr
    assert [str(w.message) for w in caught if re.search(MISSING_GLYPH, str(w.message))] == []


# --- 4. properties: hostile text where it reaches documents and charts ------------------------

EXAMPLES = 12 * SCALE
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Fragments that templates, XML, matplotlib's mathtext or a word wrapper could trip over.
FRAGMENTS = st.sampled_from([
    *corpus.HOSTILE, "$", "$$", "\\", "^", "_", "{", "}", "%", "#", "&", "<", ">", "\n", "\t",
    " ", "–", "…", "\u200b", "\u202e", "\u0301", "🍕", "ﷺ", "𝔘", "Ⅻ", "\u00ad", "Ö" * 40,
    "x" * 300, "ß"])
ANY_CHARACTER = st.characters(codec=None)  # surrogates, controls, noncharacters included
HOSTILE_TEXT = st.one_of(
    st.lists(FRAGMENTS, min_size=1, max_size=6).map("".join),
    st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=40),
    st.text(ANY_CHARACTER, min_size=1, max_size=12),
)
ROUND_PLACES = {  # where a text goes: (file, key path)
    "partner short name": ("cooperation.yaml", ("partners", 1, "short_name")),
    "partner name": ("cooperation.yaml", ("partners", 2, "name")),
    "KPI name": ("cooperation.yaml", ("kpis", 0, "name")),
    "KPI unit": ("cooperation.yaml", ("kpis", 1, "unit")),
    "cooperation title": ("cooperation.yaml", ("title",)),
    "highlight": ("evaluation-1.yaml", ("highlights", 0)),
    "measure": ("evaluation-1.yaml", ("measures", 0, "text")),
}


def yaml_text(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@PROPERTY
@pytest.mark.parametrize("mode", [MODE])
@given(texts=st.dictionaries(st.sampled_from(list(ROUND_PLACES)), HOSTILE_TEXT, min_size=1,
                             max_size=4))
def test_hostile_text_gives_a_report_or_located_findings(mode: str, texts: dict[str, str]
                                                         ) -> None:
    """Text in names, KPI names, titles and round texts: the report through the CLI (charts
    included), or located errors; never an exception."""
    files = {"cooperation.yaml": copy.deepcopy(corpus.COOPERATION),
             "evaluation-1.yaml": copy.deepcopy(corpus.ROUND)}
    for place, text in texts.items():
        name, path = ROUND_PLACES[place]
        corpus.walk(files[name], path[:-1])[path[-1]] = text
    with tempfile.TemporaryDirectory() as folder:
        case = Case("evaluation", "hypothesis", 0, "", {n: yaml_text(d).encode()
                                                        for n, d in files.items()}, Expect.EITHER)
        assert_expected(case, run_case(Path(folder), case, COMMANDS["evaluation"][:2]))


NETWORK_PLACES = {
    "network name": ("network.yaml", ("network", "name")),
    "coordinator": ("network.yaml", ("network", "coordinator")),
    "first title": ("a/cooperation.yaml", ("title",)),
    "second title": ("b/cooperation.yaml", ("title",)),
    "partner name": ("b/cooperation.yaml", ("partners", 0, "name")),
}


@PROPERTY
@pytest.mark.parametrize("mode", [MODE])
@given(texts=st.dictionaries(st.sampled_from(list(NETWORK_PLACES)), HOSTILE_TEXT, min_size=1,
                             max_size=3))
def test_hostile_text_gives_a_network_report_or_located_findings(
        mode: str, texts: dict[str, str]) -> None:
    """Network and cooperation titles (the labels of the network report's charts) and partner
    names: the network report, or located errors for the file they are in; never an exception.
    """
    files = corpus.base("network")
    for place, text in texts.items():
        name, path = NETWORK_PLACES[place]
        corpus.walk(files[name], path[:-1])[path[-1]] = text
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(yaml_text(data), encoding="utf-8")
        assert_network_report(folder)


def assert_network_report(folder: Path) -> None:
    """The network file and its members checked; when all are valid, the network report."""
    checked, members = check_network(folder / "network.yaml")
    assert all(f.location is not None and f.location.line for f in checked.findings)
    if checked.data is None:
        return
    summaries = []
    for member in members:
        checking = check_case(member.cooperation, member.evaluations, CATALOG)
        for result in checking.checked:
            assert all(f.location is not None and f.location.line for f in result.findings)
        summaries += [summary(case) for case in checking.cases]
    info = checked.data["network"]
    network = Network(folder / "network.yaml", info["id"], info["name"],
                      info.get("coordinator", info["name"]), info["language"])
    with glyph_warnings_tolerated():
        name, data = build_network_report(network, summaries, [], Options())
    assert name == "netz-netzwerkbericht.docx"
    assert_opens_bytes(data)


def assert_opens_bytes(data: bytes) -> None:
    core = docx.Document(io.BytesIO(data)).core_properties
    assert len(core.title or "") <= PROPERTY_LENGTH


# --- 5. properties: mutated network files, any bytes as a round or a network ------------------

NETWORK_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.text(max_size=12),
    st.sampled_from(["a/cooperation.yaml", "b/cooperation.yaml", "a/evaluation-1.yaml",
                     "network.yaml", "a", "", "..", "/dev/null", "b/../a/cooperation.yaml"]),
    st.lists(st.sampled_from(["a/evaluation-1.yaml", "b/cooperation.yaml", "x"]), max_size=3),
    st.dates(datetime.date(2020, 1, 1), datetime.date(2035, 12, 31)),
    st.dictionaries(st.sampled_from(["cooperation", "evaluations", "id", "x"]),
                    st.text(max_size=6), max_size=2),
)


@st.composite
def mutated_network(draw: st.DrawFn) -> dict[str, Any]:
    """The network file of the corpus with 1..3 values deleted, replaced or added."""
    data: dict[str, Any] = copy.deepcopy(corpus.NETWORK)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(corpus.places(data, lambda v: True))
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = corpus.walk(data, path[:-1])
        action = draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(NETWORK_VALUES)
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(NETWORK_VALUES)
        else:
            parent.append(draw(NETWORK_VALUES))
    return data


@PROPERTY
@pytest.mark.parametrize("mode", [MODE])
@given(network=mutated_network())
def test_mutated_networks_give_a_network_report_or_located_findings(
        mode: str, network: dict[str, Any]) -> None:
    """A network file with values deleted, replaced or added: validate keeps the promises, and
    the network report is built when the file is valid."""
    files = {name: yaml_text(data).encode()
             for name, data in {**corpus.base("network"), "network.yaml": network}.items()}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        write_case(folder, Case("network", "hypothesis", 0, "", files, Expect.EITHER))
        result = invoke(folder, ["validate", "network.yaml"])
        assert_no_traceback(result, ["validate"])
        assert_message_shapes(folder, result, ["validate"])
        assert_network_report(folder)


YAML_PIECES = st.sampled_from([
    "format: 1\n", "cooperation: mini\n", "number: 1\n", "period: {start: 2026-04-01, end: ",
    "network: {id: n, name: N}\n", "cooperations:\n", "  - cooperation: a/cooperation.yaml\n",
    "measures:\n", "  - id: e1\n    change: {set: title, to: ", "- ", ": ", "&a ", "*a ", "<<: ",
    "[", "]", "{", "}", "'", '"', "\\ud83c", "\t", "\n", "#", "!!", "2026-02-30", "---\n",
    "\u0007", "\ufffe", "ä", "? ", "|\n", "1e400", ".nan"])


@settings(max_examples=60 * SCALE, deadline=None, derandomize=True)
@pytest.mark.parametrize("mode", [MODE])
@given(raw=st.one_of(st.binary(max_size=200), st.lists(YAML_PIECES, max_size=30).map(
    lambda pieces: "".join(pieces).encode()), st.text(max_size=200).map(
    lambda t: t.encode("utf-8", "surrogatepass"))),
    kind=st.sampled_from(["evaluation", "network"]))
def test_any_bytes_as_a_round_or_a_network_give_located_findings(mode: str, raw: bytes,
                                                                  kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{kind}.yaml"
        path.write_bytes(raw)
        checked = check_evaluation(path) if kind == "evaluation" else check_network(path)[0]
        assert all(f.location is not None and f.location.line for f in checked.findings)
        assert checked.findings or checked.data is not None


def test_mode_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    """Short mode is a smaller run, not a skipped one: the numbers it runs are named."""
    with capsys.disabled():
        print(f"\nadversarial suite: {MODE} mode: {len(CASES)} corpus cases, {EXAMPLES} "
              f"examples per property (COOPDOCS_ADVERSARIAL=long: ×20)")
    assert (20 if LONG else 1) == SCALE
