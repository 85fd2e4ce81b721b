"""Benchmark: an unchanged rerun of coopdocs batch against the cold run of the same network.

    .venv/bin/python bench/batch/run.py [--size 50] [--jobs 2]

A network of ``size`` cooperations is generated from the samples (cycled, each with its own id,
with its evaluation rounds). The cold run builds every document (.docx); the rerun finds every
cooperation unchanged through manifest.json. Target: the rerun takes at most 5 % of the cold
run. The row is appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from click.testing import CliRunner

from coopdocs.cli import main as cli

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "RESULTS.md"
MARKER = "<!-- batch:rows -->"


def network(size: int, folder: Path) -> Path:
    """``size`` cooperations cycled from the samples (with their rounds), ids made unique."""
    samples = sorted(p.parent for p in ROOT.glob("samples/*/cooperation.yaml"))
    lines = ["format: 1", "network: {id: bench, name: Benchmark-Netz}", "cooperations:"]
    for i in range(size):
        source = samples[i % len(samples)]
        target = folder / f"c{i:03d}"
        shutil.copytree(source, target)
        data = yaml.safe_load((target / "cooperation.yaml").read_text(encoding="utf-8"))
        old = data["id"]
        data["id"] = f"{old}-{i:03d}"
        (target / "cooperation.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                 encoding="utf-8")
        rounds = sorted(target.glob("evaluation-*.yaml"))
        for path in rounds:
            path.write_text(path.read_text(encoding="utf-8").replace(
                f"cooperation: {old}", f"cooperation: {data['id']}"), encoding="utf-8")
        lines.append(f"  - cooperation: c{i:03d}/cooperation.yaml")
        if rounds:
            lines.append("    evaluations: [" + ", ".join(f"c{i:03d}/{p.name}" for p in rounds)
                         + "]")
    path = folder / "network.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed(*args: str) -> float:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["-q", "batch", *args])
    if result.exit_code != 0:
        raise SystemExit(f"batch failed: {result.stderr}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopdocs-bench-") as temporary:
        folder = Path(temporary)
        net = network(args.size, folder / "in")
        out = str(folder / "out")
        cold = timed(str(net), "-o", out, "--jobs", str(args.jobs))
        rerun = timed(str(net), "-o", out, "--jobs", str(args.jobs))
    share = rerun / cold * 100
    print(f"N={args.size}: cold {cold:.1f} s, unchanged rerun {rerun:.2f} s: {share:.1f} %")
    row = (f"| {datetime.date.today().isoformat()} | {args.size} | {cold:.1f} s "
           f"({args.jobs} jobs) | {rerun:.2f} s | **{share:.1f} %** | {os.cpu_count()} cores, "
           f"{platform.system()} |")
    text = RESULTS.read_text(encoding="utf-8")
    if MARKER not in text:
        print(f"{RESULTS} has no {MARKER}; row not recorded", file=sys.stderr)
        return 0
    RESULTS.write_text(text.replace(MARKER, row + "\n" + MARKER), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
