"""coopdocs batch: a network built in parallel, incrementally, with failures isolated."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pty
import shutil
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from dask import distributed
from pypdf import PdfReader, PdfWriter

from coopdocs.batch import run as batch_module
from coopdocs.batch.plan import Job, Outcome
from coopdocs.build import Network
from coopdocs.cli import main
from tests.conftest import ROOT
from tests.integration.test_libreoffice import outline_titles, require_libreoffice
from tests.support.textview import text_view

SAMPLES = ROOT / "samples"
FIXTURE = ROOT / "tests" / "fixtures" / "amend"


def network(folder: Path, *, broken: bool = False) -> Path:
    """A network of three cooperations (copied, so tests may change them) and maybe a bad one."""
    for name, source in (("3dmp", SAMPLES / "3dmp"), ("mini", FIXTURE)):
        shutil.copytree(source, folder / name)
    (folder / "imbiss").mkdir()
    shutil.copy(SAMPLES / "imbiss-cafe" / "cooperation.yaml", folder / "imbiss")
    lines = ["format: 1", "network: {id: test, name: Testnetz, coordinator: Netzwerkbüro}",
             "cooperations:",
             "  - cooperation: 3dmp/cooperation.yaml",
             "    evaluations: [3dmp/evaluation-1.yaml, 3dmp/evaluation-2.yaml]",
             "  - cooperation: imbiss/cooperation.yaml",
             "  - cooperation: mini/cooperation.yaml",
             "    evaluations: [mini/evaluation-1.yaml, mini/evaluation-2.yaml]"]
    if broken:
        (folder / "bad.yaml").write_text("format: 1\nid: bad\ntitle: Kaputt\n", encoding="utf-8")
        lines.append("  - cooperation: bad.yaml")
    path = folder / "network.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def batch(*args: object) -> Result:
    return CliRunner().invoke(main, ["batch", *map(str, args)])


def test_builds_every_document_and_a_manifest(tmp_path: Path) -> None:
    net = network(tmp_path / "in")
    out = tmp_path / "out"
    result = batch(net, "-o", out, "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (out / "big-3dmp").iterdir()) == sorted(
        [f"big-3dmp-{kind}-{n}.docx" for kind in ("evaluationsbericht", "nachtrag",
                                                  "lesefassung", "redline") for n in (1, 2)]
        + ["big-3dmp-kooperationsvereinbarung.docx", "big-3dmp-eckpunkte.docx"])
    assert len(list((out / "mini").iterdir())) == 10
    assert sorted(p.name for p in (out / "imbiss-cafe").iterdir()) == [
        "imbiss-cafe-eckpunkte.docx", "imbiss-cafe-kooperationsvereinbarung.docx"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["cooperations"]["big-3dmp"]
    agreement = out / "big-3dmp" / "big-3dmp-kooperationsvereinbarung.docx"
    assert entry["outputs"][agreement.name] == hashlib.sha256(agreement.read_bytes()).hexdigest()
    source = tmp_path / "in" / "3dmp" / "cooperation.yaml"
    assert entry["inputs"][str(source)] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert "3 built, 0 unchanged, 0 failed" in result.stderr


def test_rerun_is_incremental_and_force_rebuilds(tmp_path: Path) -> None:
    net = network(tmp_path / "in")
    out = tmp_path / "out"
    assert batch(net, "-o", out, "--jobs", "1").exit_code == 0
    again = batch(net, "-o", out)
    assert "0 built, 3 unchanged, 0 failed" in again.stderr
    evaluation = tmp_path / "in" / "mini" / "evaluation-2.yaml"
    evaluation.write_text(evaluation.read_text(encoding="utf-8").replace(
        "Die Beta KG scheidet aus.", "Die Beta KG scheidet zum Jahresende aus."), encoding="utf-8")
    (out / "imbiss-cafe" / "imbiss-cafe-kooperationsvereinbarung.docx").unlink()
    changed = batch(net, "-o", out)
    assert "2 built, 1 unchanged, 0 failed" in changed.stderr
    assert "built     mini" in changed.stderr and "built     imbiss-cafe" in changed.stderr
    assert "3 built, 0 unchanged" in batch(net, "-o", out, "--force").stderr
    # a cooperation taken out of the network leaves the manifest (and report and bundle)
    net.write_text("\n".join(net.read_text(encoding="utf-8").splitlines()[:5]) + "\n",
                   encoding="utf-8")
    assert "0 built, 1 unchanged" in batch(net, "-o", out).stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["cooperations"]) == ["big-3dmp"]


def test_a_failing_cooperation_does_not_stop_the_others(tmp_path: Path) -> None:
    net = network(tmp_path / "in", broken=True)
    out = tmp_path / "out"
    result = batch(net, "-o", out)
    assert result.exit_code == 4
    bad = tmp_path / "in" / "bad.yaml"
    assert f"{bad}:1:1: error: date: missing required key; add it" in result.stderr
    assert "3 built, 0 unchanged, 1 failed" in result.stderr
    assert (out / "big-3dmp").is_dir() and not (out / "bad").exists()
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["failed"] == [str(bad)]


def test_invalid_network_file_is_located_and_builds_nothing(tmp_path: Path) -> None:
    net = tmp_path / "network.yaml"
    net.write_text("format: 1\nnetwork: {id: x, name: X}\ncooperations:\n"
                   "  - cooperation: fehlt/cooperation.yaml\n", encoding="utf-8")
    result = batch(net, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{net}:4:18: error: cooperations[0].cooperation: file not found:" in result.stderr
    assert not (tmp_path / "out").exists()


def same_documents(one: Path, other: Path) -> None:
    names = sorted(p.relative_to(one) for p in one.rglob("*.docx"))
    assert names and names == sorted(p.relative_to(other) for p in other.rglob("*.docx"))
    for name in names:
        assert (one / name).read_bytes() == (other / name).read_bytes(), name


def test_dask_cluster_gives_the_same_documents(tmp_path: Path) -> None:
    """The jobs on a Dask scheduler (a LocalCluster, workers as threads) give the same bytes."""
    net = network(tmp_path / "in")
    assert batch(net, "-o", tmp_path / "local", "--jobs", "1").exit_code == 0
    cluster = distributed.LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    with cluster:
        result = batch(net, "-o", tmp_path / "dask", "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 0, result.stderr
    same_documents(tmp_path / "local", tmp_path / "dask")


def test_dask_worker_processes_give_the_same_documents(tmp_path: Path) -> None:
    """A scheduler and a worker started as their own processes, as on a cluster of machines.

    (Worker processes that a LocalCluster spawns from inside pytest re-import the test session
    and break python-docx's element classes there; ``dask worker`` processes are what users run.)
    """
    net = network(tmp_path / "in")
    assert batch(net, "-o", tmp_path / "local", "--jobs", "1").exit_code == 0
    address_file = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    processes = [subprocess.Popen([*dask, "scheduler", "--port", "0", "--no-dashboard",
                                   "--scheduler-file", str(address_file)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(600):  # the scheduler writes its file when it listens; read it whole
            try:
                address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
                break
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        else:
            pytest.fail("the Dask scheduler did not write its address within a minute")
        processes.append(subprocess.Popen(
            [*dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        result = batch(net, "-o", tmp_path / "dask", "--scheduler", address)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.wait(timeout=60)
    assert result.exit_code == 0, result.stderr
    same_documents(tmp_path / "local", tmp_path / "dask")


@pytest.mark.pdf
def test_bundle_has_a_bookmark_per_document_under_its_cooperation(tmp_path: Path) -> None:
    require_libreoffice()
    net = network(tmp_path / "in")
    out = tmp_path / "out"
    result = batch(net, "-o", out, "--format", "all")
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(out / "test-gesamt.pdf")
    pdfs = [*sorted(out.rglob("*/*.pdf")), out / "test-netzwerkbericht.pdf"]
    assert len(reader.pages) == sum(len(PdfReader(p).pages) for p in pdfs)
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == ["Testnetz", "Kooperation 3DMP-Serienfertigung Titan",
                   "Kooperation Imbiss AKL und Café Egmont", "Mini-Kooperation"]
    titles = outline_titles(reader)
    assert "Nachtrag Nr. 2 zur Kooperationsvereinbarung „Kooperation 3DMP-Serienfertigung " \
           "Titan“ vom 16. März 2026 in der Fassung des Nachtrags Nr. 1 (Evaluation vom " \
           "15. Oktober 2026)" in titles
    assert "Netzwerkbericht Testnetz" in titles
    assert len(titles) == len(pdfs) + 4  # the network report's PDF is in the output folder
    assert reader.page_labels[0] == "test netzwerkbericht 1"
    assert "big-3dmp kooperationsvereinbarung 1" in reader.page_labels
    assert reader.metadata is not None and reader.metadata.title == "Testnetz – Gesamtdokument"


def test_validate_checks_a_network_with_its_members(tmp_path: Path) -> None:
    net = network(tmp_path / "in", broken=True)
    result = CliRunner().invoke(main, ["validate", str(net)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"0 errors, 0 warnings in {net}" in lines
    assert f"0 errors, 0 warnings in {tmp_path / 'in' / '3dmp' / 'evaluation-2.yaml'}" in lines
    assert f"{tmp_path / 'in' / 'bad.yaml'}:1:1: error: date: missing required key; add it" \
        in lines


def test_network_report_shows_who_cooperates_with_whom(tmp_path: Path) -> None:
    net = network(tmp_path / "in", broken=True)
    out = tmp_path / "out"
    assert batch(net, "-o", out).exit_code == 4
    report = out / "test-netzwerkbericht.docx"
    text = text_view(report)
    assert "[Title] Netzwerkbericht Testnetz" in text
    assert "| Kooperation 3DMP-Serienfertigung Titan | vertikal | 2 | 01.04.2026 – 31.03.2028 | " \
           "15.04.2027 | 3,8 (grün) |" in text
    assert "| Gamma AG |  |  | ● |" in text  # joined the mini cooperation in round 1
    assert str(tmp_path / "in" / "bad.yaml") in text  # named as not built
    assert len(docx.Document(str(report)).inline_shapes) == 2
    # an unchanged rerun still reports every cooperation (summaries come from the manifest)
    assert batch(net, "-o", out).exit_code == 4
    assert text_view(report) == text


def test_progress_is_a_bar_on_a_terminal_lines_otherwise_and_nothing_quiet(tmp_path: Path
                                                                           ) -> None:
    net = network(tmp_path / "in")
    leader, follower = pty.openpty()
    run = subprocess.run([sys.executable, "-m", "coopdocs", "batch", str(net), "-o",
                          str(tmp_path / "tty"), "--jobs", "1"], stdout=subprocess.PIPE,
                         stderr=follower, check=False, timeout=600)
    os.close(follower)
    shown = b""
    with contextlib.suppress(OSError):  # EIO once everything written is read
        while chunk := os.read(leader, 65536):
            shown += chunk
    os.close(leader)
    assert run.returncode == 0
    terminal = shown.decode("utf-8")
    assert "coopdocs batch  [####################################]  3/3" in terminal
    assert "built     " not in terminal  # the bar, not the lines
    assert run.stdout.decode().splitlines()[-1] == str(tmp_path / "tty" / "manifest.json")
    lines = batch(net, "-o", tmp_path / "plain", "--jobs", "1").stderr.splitlines()
    assert sorted(lines[:3]) == ["built     big-3dmp", "built     imbiss-cafe", "built     mini"]
    quiet = CliRunner().invoke(main, ["-q", "batch", str(net), "-o", str(tmp_path / "quiet")])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_an_interrupted_run_leaves_whole_files_and_the_next_run_completes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    net = network(tmp_path / "in")
    out = tmp_path / "out"
    real_job = batch_module.run_job
    started: list[str] = []

    def interrupted_at_the_third(job: Job) -> Outcome:
        started.append(job.member.cooperation.parent.name)
        if len(started) == 3:
            raise KeyboardInterrupt
        return real_job(job)

    monkeypatch.setattr(batch_module, "GROUP_DOCUMENTS", 1)  # each cooperation written alone
    monkeypatch.setattr(batch_module, "run_job", interrupted_at_the_third)
    assert batch(net, "-o", out, "--jobs", "1").exit_code != 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    finished = sorted(manifest["cooperations"])
    assert len(finished) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted([*finished, "manifest.json"])
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    monkeypatch.setattr(batch_module, "run_job", real_job)
    rerun = batch(net, "-o", out, "--jobs", "1")
    assert "1 built, 2 unchanged, 0 failed" in rerun.stderr


def test_an_english_network_bundle_is_named_and_titled_in_english(tmp_path: Path) -> None:
    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(blank)
    (tmp_path / "pumpsense").mkdir()
    (tmp_path / "pumpsense" / "pumpsense-cooperation-agreement.pdf").write_bytes(blank.getvalue())
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"cooperations": {"pumpsense": {
        "title": "PumpSense", "outputs": {"pumpsense-cooperation-agreement.pdf": "-"}}}}),
        encoding="utf-8")
    network = Network(tmp_path / "network.yaml", "north", "North Network",
                                   "Network Office", "en")
    path = batch_module.write_bundle(tmp_path, network, manifest, [], None)
    assert path == tmp_path / "north-bundle.pdf"
    metadata = PdfReader(path).metadata
    assert metadata is not None and metadata.title == "North Network – All Documents"
    assert metadata.subject == "All documents of the network North Network"
