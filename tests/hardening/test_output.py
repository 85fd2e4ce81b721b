"""Issue 15, producing documents: long properties, edge dates, literal chart text, damaged and
hanging PDF conversion, unreadable own clauses and templates.

Each test asserts what the user sees: the message (with its location and hint), the exit code and
what is on disk afterwards. Run: ``.venv/bin/pytest -q tests/hardening/test_output.py``.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import sys
import textwrap
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter

from coopdocs.build import Network, Options, build_network_report
from coopdocs.cli import main
from coopdocs.compose import charts
from coopdocs.compose.report import add_months
from coopdocs.publish import bundle, pdf
from coopdocs.render.docx import PROPERTY_LENGTH, shorten
from tests.cli.test_overrides import MEETINGS
from tests.conftest import MINIMAL, ROOT

SAMPLES = ROOT / "samples"
INSTALL = pdf.INSTALL_HINT


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def sample(tmp_path: Path, name: str, replacements: dict[str, str]) -> Path:
    """A copy of samples/<name> in tmp_path with texts replaced (each must occur)."""
    folder = tmp_path / name
    shutil.copytree(SAMPLES / name, folder)
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for old, new in replacements.items():
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder


def all_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- class 2: document properties over 255 characters --------------------------------------------

WORDS = "Gesellschaft für additive Fertigung und zerspanende Nachbearbeitung von Titanbauteilen "


@pytest.mark.parametrize(("text", "expected"), [
    ("Kurzer Titel", "Kurzer Titel"),
    ("a" * PROPERTY_LENGTH, "a" * PROPERTY_LENGTH),
    ("wort " * 60, ("wort " * 50).strip() + "…"),
    ("Müller, " * 40, ("Müller, " * 31).rstrip(", ") + "…"),
    ("x" * 300, "x" * 254 + "…"),
])
def test_a_property_is_cut_at_a_word_boundary(text: str, expected: str) -> None:
    assert shorten(text) == expected
    assert len(shorten(text)) <= PROPERTY_LENGTH


@pytest.fixture(scope="module")
def long_names(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """3DMP with a 200-character title and partner names of about 370 characters each."""
    tmp_path = tmp_path_factory.mktemp("long")
    title = ("Kooperation " + WORDS * 3)[:199].rsplit(" ", 1)[0]
    folder = sample(tmp_path, "3dmp", {
        "title: Kooperation 3DMP-Serienfertigung Titan": f"title: {title}",
        "name: GEFERTEC GmbH": f"name: GEFERTEC {WORDS * 4}GmbH",
        "name: flying-parts GmbH": f"name: flying-parts {WORDS * 4}GmbH",
    })
    return folder, f"GEFERTEC {WORDS * 4}GmbH"


def test_every_document_kind_builds_with_long_names(tmp_path: Path,
                                                    long_names: tuple[Path, str]) -> None:
    folder, name = long_names
    coop, first = folder / "cooperation.yaml", folder / "evaluation-1.yaml"
    out = tmp_path / "out"
    for command in (["agreement", str(coop)], ["report", str(coop), str(first)],
                    ["addendum", str(coop), str(first)]):
        result = invoke(*command, "-o", str(out))
        assert result.exit_code == 0, result.stderr
    built = sorted(p.name for p in out.iterdir())
    assert built == ["big-3dmp-evaluationsbericht-1.docx", "big-3dmp-kooperationsvereinbarung.docx",
                     "big-3dmp-lesefassung-1.docx", "big-3dmp-nachtrag-1.docx",
                     "big-3dmp-redline-1.docx"]
    for path in out.iterdir():
        core = docx.Document(str(path)).core_properties
        for value in (core.title, core.subject, core.author, core.keywords, core.category):
            assert 0 < len(value) <= PROPERTY_LENGTH, (path.name, value)
    agreement = out / "big-3dmp-kooperationsvereinbarung.docx"
    core = docx.Document(str(agreement)).core_properties
    assert core.subject.startswith(f"Kooperationsvereinbarung zwischen GEFERTEC {WORDS}")
    assert core.subject.endswith("…") and not core.subject.endswith(" …")
    assert f"Kooperationsvereinbarung zwischen {name}".startswith(core.subject[:-1])
    assert name in all_text(agreement)  # the document keeps the full name


def test_network_report_and_bundle_keep_long_names(tmp_path: Path) -> None:
    name = "Netzwerk " + WORDS * 4
    network = Network(tmp_path / "network.yaml", "netz", name, "Büro " + WORDS * 4)
    file_name, data = build_network_report(network, [], [], Options())
    core = docx.Document(io.BytesIO(data)).core_properties
    assert file_name == "netz-netzwerkbericht.docx"
    assert core.title == shorten(f"Netzwerkbericht {name}") and core.title.endswith("…")
    assert len(core.author) <= PROPERTY_LENGTH
    # A PDF has no such limit: the bundle keeps the whole title.
    page = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.write(page)
    merged = bundle.bundle([bundle.Group(name, "netz", (("a.pdf", page.getvalue()),))],
                           title=name, author=name, subject=name)
    metadata = PdfReader(io.BytesIO(merged)).metadata
    assert metadata is not None and metadata.title == name


# --- class 6: edge dates --------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "months", "expected"), [
    (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
    (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
    (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
    (datetime.date(9999, 6, 15), 6, datetime.date(9999, 12, 15)),
    (datetime.date(9999, 7, 15), 6, None),
    (datetime.date(9999, 12, 31), 36, None),
    (datetime.date(1, 1, 1), -1, None),
])
def test_adding_months_never_fails(day: datetime.date, months: int,
                                   expected: datetime.date | None) -> None:
    assert add_months(day, months) == expected


def test_report_of_a_round_in_9999_builds_without_a_next_date(tmp_path: Path) -> None:
    folder = sample(tmp_path, "sensor-services", {
        "period: {start: 2026-07-01, end: 2026-12-31}":
            "period: {start: 9999-01-01, end: 9999-06-30}",
        "date: 2027-01-15": "date: 9999-07-15", "approved: 2027-01-28": "approved: 9999-07-20"})
    out = tmp_path / "out"
    result = invoke("report", str(folder / "cooperation.yaml"), str(folder / "evaluation-1.yaml"),
                    "-o", str(out))
    assert result.exit_code == 0, result.stderr
    report = out / "pumpsense-evaluation-report-1.docx"
    assert result.stdout == f"{report}\n"
    assert ("Next evaluation: due – (interval under the cooperation agreement: 6 months)."
            in all_text(report).splitlines())


# --- class 7: chart text is literal ---------------------------------------------------------------

LITERAL = ("Data $5 and $6 Ltd", r"$\frac{1}{0}$", r"a\$b $x$", "$$", "Kosten $")


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The figures the charts save, to read the texts matplotlib drew."""
    from matplotlib.figure import Figure

    figures: list[Any] = []
    save = Figure.savefig

    def keep(self: Figure, *args: Any, **kwargs: Any) -> None:
        save(self, *args, **kwargs)
        figures.append(self)

    monkeypatch.setattr(Figure, "savefig", keep)
    yield figures


def shown(figure: Any) -> list[str]:
    """Each text of the figure as drawn; a text drawn as mathtext fails the test."""
    from matplotlib.text import Text

    texts = []
    for artist in figure.findobj(Text):
        text, is_math = artist._preprocess_math(artist.get_text())
        assert not is_math, text
        texts.append(text)
    return texts


def _bars() -> None:
    series = [charts.Series(label, (1.0, None), charts.partner_colour(i))
              for i, label in enumerate(LITERAL)]
    charts.grouped_bars(["$a$ Kriterium", "$b$"], series, (1, 5), axis_label="$y$ Achse",
                        missing_label="$none$")


def _trust() -> None:
    panels = [charts.TrustPanel(label, "#000000", (3.0, None), (4.0, None)) for label in LITERAL]
    charts.trust_panels(["$p$", "$q$"], panels, (1, 5), others_label="$o$", own_label="$s$",
                        missing_label="$none$")


def _trend() -> None:
    series = [charts.Series(label, (3.0, 4.0), "#000000") for label in LITERAL]
    charts.trend_lines(["$r1$", "$r2$"], series, (1, 5), axis_label="$y$")


def _kpis() -> None:
    panels = [charts.KpiPanel(label, 10, (8, 12), (9.0, 13.0), lower_is_better=True)
              for label in LITERAL]
    charts.kpi_panels(panels, ["$r1$", "$r2$"], target_label="$t$", band_label="$b$",
                      actual_label="$a$")


@pytest.mark.parametrize("draw", [_bars, _trust, _trend, _kpis])
def test_chart_text_is_drawn_as_written(draw: Callable[[], None], drawn: list[Any]) -> None:
    draw()
    texts = shown(drawn[-1])
    for label in LITERAL:
        assert label in texts
    assert "$r1$" in texts or "$a$ Kriterium" in texts or "$p$" in texts


def test_report_with_dollars_in_names_builds(tmp_path: Path) -> None:
    folder = sample(tmp_path, "sensor-services", {
        "short_name: Sensorik Havelland": r"short_name: '$\frac$ Sensorik'",
        "name: Monitored pumps": "name: Data $5 and $6 Ltd"})
    out = tmp_path / "out"
    result = invoke("report", str(folder / "cooperation.yaml"), str(folder / "evaluation-1.yaml"),
                    "-o", str(out))
    assert result.exit_code == 0, result.stderr
    text = all_text(out / "pumpsense-evaluation-report-1.docx")
    assert "Data $5 and $6 Ltd" in text and r"$\frac$ Sensorik" in text


def test_network_report_with_dollars_in_titles_builds() -> None:
    summaries = [{"id": f"k{i}", "title": title, "kind": "", "partners": [["a", "A"]],
                  "start": "2026-04-01", "end": "", "rounds": 1, "open_measures": 0,
                  "last": {"number": 1, "date": "2027-03-01", "score": 3.0, "scale": [1, 5],
                           "light": "amber"},
                  "kpis": {"on_target": 1, "in_band": 0, "outside": 1, "not_measured": 0}}
                 for i, title in enumerate(LITERAL)]
    network = Network(Path("network.yaml"), "netz", "Netz", "Büro")
    _, data = build_network_report(network, summaries, [], Options())
    assert len(docx.Document(io.BytesIO(data)).inline_shapes) == 2


# --- classes 13 and 17: a converter that writes a damaged PDF or hangs ----------------------------

def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """A ``soffice`` on PATH running ``body`` (Python; ``outdir``, ``files`` and ``log`` given).

    Each start appends a line to the log it returns.
    """
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "soffice.log"
    script = folder / "soffice"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        "args = sys.argv[1:]\n"
        "outdir = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "files = [pathlib.Path(a) for a in args[args.index('--outdir') + 2:]]\n"
        f"log = pathlib.Path({str(log)!r})\n"
        "with log.open('a') as stream: stream.write('start\\n')\n"
        + textwrap.dedent(body), encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # own LibreOffice profiles
    return log


def coop_file(tmp_path: Path) -> Path:
    path = tmp_path / "cooperation.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


DAMAGED = """\
for f in files:
    (outdir / (f.stem + '.pdf')).write_bytes(b'%PDF-1.7\\n' + b'garbage ' * 100)
"""


def test_a_damaged_pdf_is_exit_3_and_nothing_is_written(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    log = fake_soffice(tmp_path, monkeypatch, DAMAGED)
    out = tmp_path / "out"
    result = invoke("agreement", str(coop_file(tmp_path)), "--format", "all", "-o", str(out))
    assert result.exit_code == 3
    first, hint = result.stderr.splitlines()
    assert first.startswith("error: LibreOffice wrote a damaged PDF for "
                            "mini-kooperationsvereinbarung.docx (mini-kooperationsvereinbarung"
                            ".pdf: ")
    assert hint == f"  hint: check that the files open in LibreOffice, or {INSTALL}"
    assert log.read_text(encoding="utf-8") == "start\nstart\n"  # tried once more
    assert not out.exists()


@pytest.mark.parametrize(("data", "problem"), [
    (None, "not written"),
    (b"", "not written"),
    (b"<html>", "not a PDF file"),
])
def test_what_is_wrong_with_a_pdf(tmp_path: Path, data: bytes | None, problem: str) -> None:
    path = tmp_path / "a.pdf"
    if data is not None:
        path.write_bytes(data)
    assert pdf._pdf_problem(path) == problem


def test_a_good_pdf_passes(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.write(tmp_path / "a.pdf")
    assert pdf._pdf_problem(tmp_path / "a.pdf") is None


HANGING = """\
import subprocess
child = subprocess.Popen(['sleep', '60'])
(log.parent / 'child.pid').write_text(str(child.pid))
child.wait()
"""


def is_gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for its parent counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def test_a_hanging_libreoffice_is_stopped_at_the_deadline(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    log = fake_soffice(tmp_path, monkeypatch, HANGING)
    monkeypatch.setattr(pdf, "DEADLINE_SECONDS", 2.0)
    out = tmp_path / "out"
    started = time.monotonic()
    result = invoke("agreement", str(coop_file(tmp_path)), "--format", "pdf", "-o", str(out))
    elapsed = time.monotonic() - started
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "error: LibreOffice did not convert mini-kooperationsvereinbarung.docx to PDF within 2 s "
        "and was stopped",
        "  hint: LibreOffice may hang: close every LibreOffice window, end any 'soffice' process "
        "that is left and try again; on a slow machine, convert fewer documents at a time"]
    assert elapsed < 8, elapsed
    assert log.read_text(encoding="utf-8") == "start\n"  # no second start after the deadline
    child = int((tmp_path / "child.pid").read_text(encoding="utf-8"))
    for _ in range(50):
        if is_gone(child):
            break
        time.sleep(0.1)
    assert is_gone(child), "the converter's child process survived"
    assert not out.exists()


def test_one_deadline_covers_every_attempt_and_worker(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each start's own allowance (1 s here) would allow a retry; the shared deadline does not."""
    log = fake_soffice(tmp_path, monkeypatch, HANGING)
    monkeypatch.setattr(pdf, "DEADLINE_SECONDS", 1.5)
    monkeypatch.setattr(pdf, "START_SECONDS", 1.0)
    monkeypatch.setattr(pdf, "FILE_SECONDS", 0.0)
    files = [tmp_path / f"d{i}.docx" for i in range(3)]
    for path in files:
        path.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(pdf.ConversionTimeout) as caught:
        pdf.convert(files, tmp_path, pdf.PdfOptions(), workers=2)
    assert time.monotonic() - started < 4
    assert caught.value.exit_code == 3
    assert caught.value.message.startswith(
        "LibreOffice did not convert d0.docx, d2.docx, d1.docx to PDF within 2 s")
    assert log.read_text(encoding="utf-8").count("start") <= 4  # two workers, two starts each


# --- class 15: unreadable own clause modules and templates ----------------------------------------

MODULE = MEETINGS  # the own module of tests/cli/test_overrides.py
TEXT = "# Werksordnung\n\nBesuche auf dem Gelände sind anzumelden.\n"


def library(tmp_path: Path, meta: bytes, text: bytes) -> Path:
    folder = tmp_path / "lib" / "site_rules"
    folder.mkdir(parents=True)
    (folder / "module.yaml").write_bytes(meta)
    (folder / "de.md").write_bytes(text)
    return folder


def agreement_with(tmp_path: Path, *options: str) -> Result:
    return invoke(*options, "agreement", str(coop_file(tmp_path)), "-o", str(tmp_path / "out"))


SAVE_AS = ("  hint: in an editor: 'Save as' with the encoding UTF-8; or 'iconv -f windows-1252 -t "
           "utf-8' for a Windows or Latin-1 file")


@pytest.mark.parametrize(("meta", "text", "file", "message"), [
    (MODULE.replace("Visits", "Besuche über").encode("latin-1"), TEXT.encode(), "module.yaml",
     ":7:18: error: module.yaml is not UTF-8 text (byte 0xFC); save it as UTF-8"),
    (MODULE.encode(), TEXT.encode("latin-1"), "de.md",
     ":3:20: error: de.md is not UTF-8 text (byte 0xE4); save it as UTF-8"),
    (MODULE.encode("utf-16"), TEXT.encode(), "module.yaml",
     ":1:1: error: module.yaml is UTF-16 text, not UTF-8; save it as UTF-8"),
])
def test_own_clause_file_that_is_not_utf8_is_located(tmp_path: Path, meta: bytes, text: bytes,
                                                     file: str, message: str) -> None:
    folder = library(tmp_path, meta, text)
    result = agreement_with(tmp_path, "--clauses", str(tmp_path / "lib"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{folder / file}{message}"
    assert lines[1:] == ([] if "UTF-16" in message else [SAVE_AS])
    assert not (tmp_path / "out").exists()


def test_own_clause_files_with_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    library(tmp_path, b"\xef\xbb\xbf" + MODULE.encode(), b"\xef\xbb\xbf" + TEXT.encode())
    result = agreement_with(tmp_path, "--clauses", str(tmp_path / "lib"))
    assert result.exit_code == 0, result.stderr
    assert "Besuche auf dem Gelände sind anzumelden." in all_text(
        tmp_path / "out/mini-kooperationsvereinbarung.docx")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("title: {de: Werksordnung, en: Site rules}", "title: Werksordnung",
     ":6:1: error: 'title' in module.yaml must be a text per language ({de: …, en: …})"),
    ("version: 1", "version: eins", ":2:1: error: 'version' in module.yaml must be a whole number"),
    ("reads: [title]", "reads: title", ":10:1: error: 'reads' in module.yaml must be a list of "
     "field paths"),
    ("  always: the partners share a campus", "  any: [{path: partners, test: more_than, "
     "reason: many, value: viele}]", ":8:1: error: bad condition {'path': 'partners', 'test': "
     "'more_than', 'reason': 'many', 'value': 'viele'} in 'when'; a condition has path, test and "
     "reason (and a number as value for more_than); tests: given, nonempty, true, equals, "
     "contains, more_than"),
    ("when:\n", "when: [x]\n", ":8:1: error: 'when' in module.yaml must be a mapping with "
     "always, any or all (any and all hold lists of conditions)"),
])
def test_own_module_of_the_wrong_shape_is_located(tmp_path: Path, old: str, new: str,
                                                  message: str) -> None:
    meta = MODULE.replace(old, new)
    if old == "when:\n":
        meta = meta.replace("  always: the partners share a campus\n", "")
    folder = library(tmp_path, meta.encode(), TEXT.encode())
    for command in (["agreement", str(coop_file(tmp_path)), "-o", str(tmp_path / "out")],
                    ["clauses", "list"]):
        result = invoke("--clauses", str(tmp_path / "lib"), *command)
        assert result.exit_code == 1
        assert result.stderr == f"{folder / 'module.yaml'}{message}\n"
    assert not (tmp_path / "out").exists()


REPLACE = ("  hint: save the template in Word or LibreOffice as 'Word 2007–365 (.docx)', or "
           "remove it from the --templates folder to use the shipped one")


def not_a_docx(kind: str) -> bytes:
    """A file named .docx that is not a Word document of the given kind."""
    if kind == "text":
        return "Briefkopf der Müller GmbH".encode("latin-1")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = buffer.getvalue()
    return data[:len(data) // 2] if kind == "truncated" else data


@pytest.mark.parametrize("kind", ["text", "zip", "truncated"])
def test_own_agreement_template_that_is_no_docx_is_located(tmp_path: Path, kind: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "agreement.docx").write_bytes(not_a_docx(kind))
    result = agreement_with(tmp_path, "--templates", str(templates))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{templates / 'agreement.docx'}: error: agreement.docx is not a Word document (.docx), "
        "or it is damaged", REPLACE]
    assert not (tmp_path / "out").exists()


def test_own_report_template_that_is_no_docx_is_located(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.docx").write_bytes(not_a_docx("text"))
    folder = SAMPLES / "sensor-services"
    result = invoke("--templates", str(templates), "report", str(folder / "cooperation.yaml"),
                    str(folder / "evaluation-1.yaml"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{templates / 'report.docx'}: error: report.docx is not a Word document (.docx), or it "
        "is damaged", REPLACE]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("terms.yaml", "de:\n  page: Blatt für Blatt\n".encode("latin-1"),
     ":2:16: error: terms.yaml is not UTF-8 text (byte 0xFC); save it as UTF-8\n" + SAVE_AS),
    ("terms.yaml", b"de:\n  page: [Blatt\n",
     ":3:1: error: terms.yaml is not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ("terms.yaml", b"de:\n  draft_header: 'Entwurf vom {datum}'\n",
     ":2:3: error: de.draft_header: has the placeholder {datum}, which this text does not know "
     "(it knows: {date})\n  hint: compare it with the shipped {shipped}"),
    ("terms.yaml", b"de:\n  draft_header: 'Entwurf {date'\n",
     ":2:3: error: de.draft_header: has a '{' or '}' that is no placeholder; write '{{' or '}}' "
     "for one\n  hint: compare it with the shipped {shipped}"),
    ("terms.yaml", b"de: Blatt\n",
     ":1:1: error: de: must be a mapping of keys (agreement, draft_header, final_header, …)\n"
     "  hint: compare it with the shipped {shipped}"),
    ("terms.yaml", b"- de\n",
     ":1:1: error: the file: must be a mapping of keys (de, en, …)\n"
     "  hint: compare it with the shipped {shipped}"),
])
def test_own_wording_that_cannot_be_used_is_located(tmp_path: Path, name: str, data: bytes,
                                                    message: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / name).write_bytes(data)
    result = agreement_with(tmp_path, "--templates", str(templates))
    assert result.exit_code == 1
    shipped = ROOT / "templates" / name
    assert result.stderr == f"{templates / name}{message.replace('{shipped}', str(shipped))}\n"
    assert not (tmp_path / "out").exists()


def test_own_recommendation_rule_without_its_parameter_is_reported(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.yaml").write_text(
        "rules:\n  - {id: EV-TRUST-1, when: pillar_low, pillar: kompetenz}\n", encoding="utf-8")
    folder = SAMPLES / "sensor-services"
    result = invoke("--templates", str(templates), "report", str(folder / "cooperation.yaml"),
                    str(folder / "evaluation-1.yaml"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{templates / 'report.yaml'}: error: rule {{'id': 'EV-TRUST-1', 'when': 'pillar_low', "
        "'pillar': 'kompetenz'} needs 'pillar' with one of competence, integrity, "
        "benevolence\n")
    assert not (tmp_path / "out").exists()


def without_sections(source: Path, target: Path) -> None:
    """``source`` without its section properties (legal: Word then takes its default page)."""
    document = docx.Document(str(source))
    body = document.element.body
    for section in body.findall(qn("w:sectPr")):
        body.remove(section)
    document.save(str(target))


def test_own_templates_without_a_page_section_are_used(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in ("agreement.docx", "report.docx"):
        without_sections(ROOT / "templates" / name, templates / name)
    folder = SAMPLES / "sensor-services"
    coop, first = folder / "cooperation.yaml", folder / "evaluation-1.yaml"
    out = tmp_path / "out"
    for command in (["agreement", str(coop)], ["report", str(coop), str(first)]):
        result = invoke("--templates", str(templates), *command, "-o", str(out))
        assert result.exit_code == 0, result.stderr
    report = docx.Document(str(out / "pumpsense-evaluation-report-1.docx"))
    assert len(report.tables) > 5


def test_a_batch_group_does_not_wait_again_for_a_hanging_libreoffice(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """After a ConversionTimeout the cooperations of the group are not converted one by one."""
    from coopdocs.batch import run as batch_run
    from coopdocs.batch.plan import Outcome
    from coopdocs.check.validate import Member
    from coopdocs.publish.pdf import ConversionTimeout, PdfOptions

    calls: list[int] = []

    def hanging(files: Any, options: PdfOptions) -> list[tuple[str, bytes]]:
        calls.append(len(files))
        raise ConversionTimeout("LibreOffice did not convert a.docx, b.docx to PDF within 240 s")

    monkeypatch.setattr(batch_run, "to_pdf", hanging)
    outcomes = [Outcome(Member(Path(f"{n}/cooperation.yaml"), ()), "d", n,
                        ((f"{n}-kooperationsvereinbarung.docx", b"PK"),)) for n in ("a", "b")]
    with pytest.raises(ConversionTimeout):
        batch_run.with_pdfs(outcomes, "pdf", PdfOptions())
    assert calls == [2]
