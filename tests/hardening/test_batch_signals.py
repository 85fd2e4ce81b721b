"""Issue 15, class 14: the workers of ``coopdocs batch`` end with it, however it ends.

A real coordinator process (tests/hardening/slow_batch.py) runs a network whose ``slow…``
cooperations hang in their workers; the test kills or stops the coordinator and checks, by the
workers' pids, that none is left. Every wait is bounded.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopdocs.batch import run as batch_run
from coopdocs.batch.plan import Job, Outcome
from coopdocs.cli import main
from tests.conftest import ROOT

IMBISS = ROOT / "samples" / "imbiss-cafe" / "cooperation.yaml"
STARTUP = 60.0  # seconds for the coordinator to build the fast ones and start the slow ones
GONE = 5.0  # seconds for the workers to be gone once the coordinator is
Start = Callable[..., tuple[subprocess.Popen[bytes], list[int]]]


def network(folder: Path, names: list[str]) -> Path:
    """A network of imbiss cooperations, one per name (``slow…`` ones hang in slow_batch)."""
    lines = ["format: 1", "network: {id: netz, name: Netz}", "cooperations:"]
    for name in names:
        (folder / name).mkdir(parents=True)
        (folder / name / "cooperation.yaml").write_text(IMBISS.read_text(encoding="utf-8").replace(
            "id: imbiss-cafe", f"id: coop-{name}", 1), encoding="utf-8")
        lines.append(f"  - cooperation: {name}/cooperation.yaml")
    path = folder / "network.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by its new parent, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[1])


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:.0f} s")
        time.sleep(0.05)


@pytest.fixture
def coordinator(tmp_path: Path) -> Iterator[Start]:
    """Start the batch; yield it with the pids of the workers that hang. Leaves nothing running."""
    started = tmp_path / "started"
    started.mkdir()
    processes: list[subprocess.Popen[bytes]] = []
    workers: list[int] = []

    def start(names: list[str], *, watchdog_only: bool = False
              ) -> tuple[subprocess.Popen[bytes], list[int]]:
        net = network(tmp_path / "in", names)
        environment = {**os.environ, "COOPDOCS_TEST_STARTED": str(started),
                       "COOPDOCS_TEST_WATCHDOG_ONLY": "1" if watchdog_only else ""}
        # files, not pipes: workers left behind would hold a pipe open, and reading it hang
        with (tmp_path / "stdout").open("wb") as stdout, \
                (tmp_path / "stderr").open("wb") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-c", "from tests.hardening.slow_batch import main; main()",
                 "batch", str(net), "-o", str(tmp_path / "out"), "--jobs", "2"],
                cwd=ROOT, env=environment, stdout=stdout, stderr=stderr)
        processes.append(process)
        slow = sum(name.startswith("slow") for name in names)
        wait_for(lambda: len(list(started.iterdir())) == slow or process.poll() is not None,
                 STARTUP, "the slow jobs did not start")
        assert process.poll() is None, (tmp_path / "stderr").read_text(encoding="utf-8")
        workers.extend(int(p.name) for p in started.iterdir())
        assert all(parent_of(pid) == process.pid for pid in workers)
        return process, list(workers)

    try:
        yield start
    finally:  # should the test have failed: only the processes this test started
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        for process in processes:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


@pytest.mark.parametrize("watchdog_only", [False, True], ids=["parent-death-signal", "watchdog"])
def test_workers_die_when_the_coordinator_is_killed(
        coordinator: Start, watchdog_only: bool) -> None:
    process, workers = coordinator(["slow1", "slow2"], watchdog_only=watchdog_only)
    assert len(workers) == 2 and all(alive(pid) for pid in workers)
    process.kill()
    process.wait(timeout=10)
    wait_for(lambda: not any(alive(pid) for pid in workers), GONE,
             "workers were still running after the coordinator was killed")


def test_sigterm_stops_the_batch_like_ctrl_c_and_keeps_the_manifest_whole(
        tmp_path: Path, coordinator: Start) -> None:
    out = tmp_path / "out"
    manifest = out / "manifest.json"

    def built() -> list[str]:
        try:
            return sorted(json.loads(manifest.read_text(encoding="utf-8"))["cooperations"])
        except (OSError, ValueError):
            return []

    process, workers = coordinator(["a", "b", "slow1", "slow2"])
    wait_for(lambda: built() == ["coop-a", "coop-b"], STARTUP, "a and b were not written")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 143
    stderr = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert stderr.splitlines()[-1] == (
        f"error: the batch was stopped (SIGTERM); {manifest} lists the cooperations written "
        "completely; run the command again to build the rest")
    assert "Traceback" not in stderr
    wait_for(lambda: not any(alive(pid) for pid in workers), GONE,
             "workers were still running after SIGTERM")
    assert sorted(p.name for p in out.iterdir()) == ["coop-a", "coop-b", "manifest.json"]
    entries = json.loads(manifest.read_text(encoding="utf-8"))["cooperations"]
    for coop_id, entry in entries.items():
        assert {name: hashlib.sha256((out / coop_id / name).read_bytes()).hexdigest()
                for name in entry["outputs"]} == entry["outputs"]
        assert sorted(p.name for p in (out / coop_id).iterdir()) == sorted(entry["outputs"])


def test_ctrl_c_stops_the_batch_with_exit_130(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(job: Job) -> Outcome:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_run, "run_job", interrupted)
    net = network(tmp_path / "in", ["a"])
    result = CliRunner().invoke(main, ["batch", str(net), "-o", str(tmp_path / "out"),
                                       "--jobs", "1"])
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == (
        f"error: the batch was stopped (Ctrl-C); {tmp_path / 'out' / 'manifest.json'} lists "
        "the cooperations written completely; run the command again to build the rest")
