"""Benchmark (b): peak memory of coopdocs batch for a network ten times larger.

    .venv/bin/python -m bench.batch.memory [--sizes 100 1000] [--jobs 2] [--rounds]

For each size a network is generated from the samples (cycled, each with its own id; with
``--rounds`` also their evaluation rounds, so reports and addenda are built too, which takes
much longer) and built as .docx by ``coopdocs batch`` in a fresh process. Measured: the peak
resident memory (max RSS) of the coordinating process and of the largest worker process.
Baseline: the smallest size. Target: flat, the largest size needs no more than 10 % more.
Rows go to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import generate_network, machine, record

# Runs coopdocs in this process, then reports its own peak memory and that of its workers.
MEASURE = """
import json, resource, sys
from coopdocs.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"own_kib": own, "workers_kib": workers}), file=sys.stderr)
"""


def peak(size: int, jobs: int, rounds: bool, folder: Path) -> tuple[float, float, float]:
    """(seconds, MiB of the coordinating process, MiB of the largest worker)."""
    net = generate_network(size, folder / f"in{size}", rounds=rounds)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURE, "-q", "batch", str(net), "-o",
                             str(folder / f"out{size}"), "--format", "docx", "--jobs", str(jobs)],
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"batch of {size} failed:\n{result.stderr}")
    figures = json.loads(result.stderr.strip().splitlines()[-1])
    return elapsed, figures["own_kib"] / 1024, figures["workers_kib"] / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", action="store_true")
    args = parser.parse_args()
    what = "agreements, reports, addenda" if args.rounds else "agreements"
    results = []
    with tempfile.TemporaryDirectory(prefix="coopdocs-bench-") as temporary:
        for size in args.sizes:
            elapsed, own, workers = peak(size, args.jobs, args.rounds, Path(temporary))
            results.append((size, elapsed, own, workers))
            print(f"N={size}: {elapsed:.1f} s, coordinator {own:.0f} MiB, "
                  f"largest worker {workers:.0f} MiB")
    base = max(results[0][2], results[0][3])
    for size, elapsed, own, workers in results:
        growth = (max(own, workers) / base - 1) * 100
        record("<!-- memory:rows -->", [
            str(size), what, f"{elapsed:.0f} s ({args.jobs} jobs)", f"{own:.0f} MiB",
            f"{workers:.0f} MiB" if args.jobs > 1 else "–", f"**{growth:+.0f} %**", machine()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
