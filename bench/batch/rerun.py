"""Benchmark (c): an unchanged rerun of coopdocs batch against the cold run of the same network.

    .venv/bin/python -m bench.batch.rerun [--size 50] [--jobs 2] [--format docx|pdf|all]

A network of ``size`` cooperations is generated from the samples (cycled, each with its own id,
with its evaluation rounds). The cold run builds every document (``--format``, .docx by
default); the rerun finds every cooperation unchanged through manifest.json, and with PDF also
the network report and the bundle. Target: the rerun takes at most 5 % of the cold run. The row
is appended to bench/RESULTS.md (not with ``--no-record``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from bench.common import generate_network, machine, record
from coopdocs.cli import main as cli


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
    parser.add_argument("--format", dest="fmt", choices=["docx", "pdf", "all"], default="docx")
    parser.add_argument("--no-record", action="store_true",
                        help="Print the figures only; leave bench/RESULTS.md as it is.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coopdocs-bench-") as temporary:
        folder = Path(temporary)
        net = generate_network(args.size, folder / "in")
        options = [str(net), "-o", str(folder / "out"), "--jobs", str(args.jobs),
                   "--format", args.fmt]
        cold = timed(*options)
        rerun = timed(*options)
    share = rerun / cold * 100
    print(f"N={args.size} ({args.fmt}): cold {cold:.1f} s, unchanged rerun {rerun:.2f} s: "
          f"{share:.1f} %")
    if not args.no_record:
        size = str(args.size) if args.fmt == "docx" else f"{args.size} ({args.fmt})"
        record("<!-- batch:rows -->", [size,
                                       f"{cold:.1f} s ({args.jobs} jobs)", f"{rerun:.2f} s",
                                       f"**{share:.1f} %**", machine()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
