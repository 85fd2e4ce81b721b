"""Start-up: how long `coopdocs --help` and `coopdocs validate` of one sample take.

Baseline, in the same run: `python -c "import yaml, cerberus, click, babel.dates"`, the
libraries a validation cannot do without. Each command runs ``--runs`` times, alternating with
the baseline so that both see the same machine load; the medians are compared. Targets:
`coopdocs --help` at most 1.5x the baseline, `coopdocs validate` of one sample at most 2x.

    .venv/bin/python -m bench.startup --runs 15
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from bench.common import ROOT, machine, record

BASELINE = [sys.executable, "-c", "import yaml, cerberus, click, babel.dates"]
COMMANDS = {
    "--help": ([sys.executable, "-m", "coopdocs", "--help"], 1.5),
    "validate": ([sys.executable, "-m", "coopdocs", "-q", "validate",
                  str(ROOT / "samples/3dmp/cooperation.yaml")], 2.0),
}


def timed(command: list[str]) -> float:
    """Wall time of one run; the command must succeed."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def measure(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall times of ``command`` and of the baseline, run alternately (after a warm-up)."""
    timed(command), timed(BASELINE)
    ours, base = [], []
    for _ in range(runs):
        ours.append(timed(command))
        base.append(timed(BASELINE))
    return statistics.median(ours), statistics.median(base)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--record", action="store_true", help="add the rows to RESULTS.md")
    args = parser.parse_args()
    missed = []
    for name, (command, target) in COMMANDS.items():
        ours, base = measure(command, args.runs)
        ratio = ours / base
        verdict = "met" if ratio <= target else "MISSED"
        print(f"coopdocs {name}: {ours * 1000:.0f} ms, baseline {base * 1000:.0f} ms, "
              f"{ratio:.2f}x (target <= {target}x: {verdict})")
        if args.record:
            record("<!-- startup:rows -->", [
                f"`coopdocs {name}`", f"{base * 1000:.0f} ms", f"{ours * 1000:.0f} ms",
                f"**{ratio:.2f}x** (≤ {target}x)", str(args.runs), machine()])
        if ratio > target:
            missed.append(name)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
