"""Benchmark: coopdocs' PDF engine against one ``soffice --convert-to pdf`` per file.

    .venv/bin/python -m bench.pdf.run [--sizes 12 50] [--workers N]

Both sides convert the same .docx files: N agreements built from the samples (cycled, each with
its own id). The baseline is what a script without coopdocs does: one soffice process per file,
one after another, with one warm profile (a shared profile cannot run in parallel, see
tech-notes §2.1). coopdocs converts all files in one call: one batch per worker, each with its
own profile. The ratio baseline/coopdocs of one run is printed and appended as a table row to
bench/RESULTS.md (target: at least 8x at N = 50 on 2 cores).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.common import ROOT, machine, record
from coopdocs.build import Options, build_outputs, check_cooperations
from coopdocs.clauses.library import catalog, load_library
from coopdocs.publish.pdf import PdfOptions, convert, default_workers, soffice


def agreements(count: int, folder: Path) -> list[Path]:
    """``count`` .docx agreements, cycling through the samples with distinct ids."""
    library = load_library()
    samples = sorted(ROOT.glob("samples/*/cooperation.yaml"))
    paths = []
    for i in range(count):
        data = yaml.safe_load(samples[i % len(samples)].read_text(encoding="utf-8"))
        data["id"] = f"{data['id']}-{i:03d}"
        source = folder / f"input-{i:03d}.yaml"
        source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        [case] = check_cooperations([source], catalog(library)).cases
        [(name, docx)] = build_outputs(case, library, "agreement", Options())
        path = folder / name
        path.write_bytes(docx)
        paths.append(path)
    return paths


def baseline(files: list[Path], outdir: Path, profile: Path) -> float:
    start = time.perf_counter()
    for path in files:
        subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(path)],
                       check=True, capture_output=True, timeout=300)
    elapsed = time.perf_counter() - start
    assert all((outdir / f"{p.stem}.pdf").stat().st_size > 0 for p in files)
    return elapsed


def engine(files: list[Path], outdir: Path, workers: int) -> float:
    start = time.perf_counter()
    convert(files, outdir, PdfOptions(), workers=workers)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 50])
    parser.add_argument("--workers", type=int, default=default_workers())
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="coopdocs-bench-") as temporary:
        folder = Path(temporary)
        profile = folder / "baseline-profile"
        (folder / "warm").mkdir()
        warm = agreements(1, folder / "warm")
        baseline(warm, folder / "warm", profile)  # create the baseline's profile first
        engine(warm, folder / "warm", args.workers)  # and the engine's
        for size in args.sizes:
            work = folder / f"n{size}"
            work.mkdir()
            files = agreements(size, work)
            ours, theirs = work / "engine", work / "baseline"
            ours.mkdir()
            theirs.mkdir()
            t_engine = engine(files, ours, args.workers)
            t_base = baseline(files, theirs, profile)
            ratio = t_base / t_engine
            rows.append((size, t_base, t_engine, ratio))
            print(f"N={size}: one soffice per file {t_base:.1f} s, coopdocs {t_engine:.1f} s "
                  f"({args.workers} workers): {ratio:.1f}x")
    record_rows(rows, args.workers)
    return 0


def record_rows(rows: list[tuple[int, float, float, float]], workers: int) -> None:
    version = subprocess.run([soffice(), "--version"], capture_output=True, text=True,
                             check=False).stdout.strip().split(" ")[1:2]
    for n, base, ours, ratio in rows:
        record("<!-- pdf:rows -->", [str(n), f"{base:.1f} s", f"{ours:.1f} s ({workers} workers)",
                                     f"**{ratio:.1f}x**",
                                     f"{machine()}, LibreOffice {' '.join(version)}"])


if __name__ == "__main__":
    sys.exit(main())
