"""Benchmark (a): agreements per second of coopdocs batch against a plain docxtpl loop.

    .venv/bin/python -m bench.batch.throughput [--size 200] [--jobs 1 2]

A network of ``size`` cooperations (the samples cycled, each with its own id, no evaluation
rounds) is built as .docx agreements twice, each in a fresh Python process timed from outside:

* baseline: a plain loop that builds each agreement from scratch, one after another: stock
  ``DocxTemplate`` (its XML clean-up and Jinja compilation on every render), every clause text
  compiled, every wording file read and every schema validator built anew for each document;
* coopdocs: ``coopdocs batch --format docx --jobs N``, whose workers compile templates once.

Both write the same bytes (checked), so they do the same work. The figure is agreements per
second per core, coopdocs against the baseline (target: at least 5x). Rows go to RESULTS.md.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

import yaml
from docxtpl import DocxTemplate

from bench.common import generate_network, machine, record
from coopdocs import resources
from coopdocs.build import Options, build_outputs, check_cooperations
from coopdocs.check import schema
from coopdocs.clauses import markup
from coopdocs.clauses.library import catalog, load_library
from coopdocs.render import docx as render


def plain_loop(network: Path, output: Path) -> None:
    """Every agreement of ``network`` from scratch into ``output/<id>/``."""
    library = load_library()
    entries = yaml.safe_load(network.read_text(encoding="utf-8"))["cooperations"]
    with mock.patch.object(render, "_Template", DocxTemplate):
        for entry in entries:
            _forget_compiled()
            checking = check_cooperations([network.parent / entry["cooperation"]],
                                          catalog(library))
            [case] = checking.cases
            [(name, data)] = build_outputs(case, library, "agreement", Options())
            coop_id = case.cooperation.data["id"]
            (output / coop_id).mkdir(parents=True)
            (output / coop_id / name).write_bytes(data)


def _forget_compiled() -> None:
    """Clear what coopdocs keeps between documents (compiled templates, read files, validators)."""
    for cached in (markup.make_environment, markup._compiled, render._environment,
                   render._patched, resources._parsed):
        cached.cache_clear()
    schema._local.__dict__.clear()


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed


def same_agreements(ours: Path, theirs: Path) -> bool:
    files = sorted(p.relative_to(theirs) for p in theirs.rglob("*.docx"))
    return bool(files) and all((ours / f).read_bytes() == (theirs / f).read_bytes()
                               for f in files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--baseline", nargs=2, type=Path, metavar=("NETWORK", "OUTPUT"),
                        help=argparse.SUPPRESS)  # the baseline's own process
    args = parser.parse_args()
    if args.baseline:
        plain_loop(*args.baseline)
        return 0
    with tempfile.TemporaryDirectory(prefix="coopdocs-bench-") as temporary:
        folder = Path(temporary)
        net = generate_network(args.size, folder / "in", rounds=False)
        base_out = folder / "baseline"
        base = timed([sys.executable, "-m", "bench.batch.throughput", "--baseline", str(net),
                      str(base_out)])
        print(f"N={args.size}: plain docxtpl loop {base:.1f} s, {args.size / base:.1f}/s")
        for jobs in args.jobs:
            out = folder / f"jobs{jobs}"
            ours = timed([sys.executable, "-m", "coopdocs", "-q", "batch", str(net), "-o",
                          str(out), "--format", "docx", "--jobs", str(jobs)])
            if not same_agreements(out, base_out):
                raise SystemExit("coopdocs and the baseline built different agreements")
            ratio = base / ours / jobs
            print(f"  coopdocs --jobs {jobs}: {ours:.1f} s, {args.size / ours:.1f}/s, "
                  f"{ratio:.1f}x per core")
            record("<!-- throughput:rows -->", [
                str(args.size), f"{base:.1f} s ({args.size / base:.1f}/s)",
                f"{ours:.1f} s ({args.size / ours:.1f}/s, {jobs} jobs)", f"**{ratio:.1f}x**",
                machine()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
