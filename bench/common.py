"""What the benchmarks share: generated networks and recording a result row in RESULTS.md."""

from __future__ import annotations

import datetime
import os
import platform
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"


def generate_network(size: int, folder: Path, *, rounds: bool = True) -> Path:
    """A network.yaml of ``size`` cooperations cycled from the samples, each with its own id.

    With ``rounds`` each cooperation brings its sample's evaluation rounds (so the batch builds
    reports and, for rounds with changes, Nachtrag, Lesefassung and redline); without, it is
    the cooperation alone and the batch builds its agreement.
    """
    samples = sorted(p.parent for p in ROOT.glob("samples/*/cooperation.yaml"))
    lines = ["format: 1", "network: {id: bench, name: Benchmark-Netz}", "cooperations:"]
    for i in range(size):
        source = samples[i % len(samples)]
        target = folder / f"c{i:04d}"
        target.mkdir(parents=True)
        data = yaml.safe_load((source / "cooperation.yaml").read_text(encoding="utf-8"))
        old, data["id"] = data["id"], f"{data['id']}-{i:04d}"
        (target / "cooperation.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                 encoding="utf-8")
        lines.append(f"  - cooperation: {target.name}/cooperation.yaml")
        evaluations = sorted(source.glob("evaluation-*.yaml")) if rounds else []
        for path in evaluations:
            shutil.copy(path, target / path.name)
            (target / path.name).write_text(path.read_text(encoding="utf-8").replace(
                f"cooperation: {old}", f"cooperation: {data['id']}"), encoding="utf-8")
        if evaluations:
            lines.append("    evaluations: [" + ", ".join(
                f"{target.name}/{p.name}" for p in evaluations) + "]")
    path = folder / "network.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def machine() -> str:
    return f"{os.cpu_count()} cores, {platform.system()}"


def record(marker: str, cells: list[str]) -> None:
    """Append a table row (today's date, then ``cells``) before ``marker`` in RESULTS.md."""
    row = "| " + " | ".join([datetime.date.today().isoformat(), *cells]) + " |"
    text = RESULTS.read_text(encoding="utf-8")
    if marker not in text:
        print(f"{RESULTS} has no {marker}; row not recorded: {row}", file=sys.stderr)
        return
    RESULTS.write_text(text.replace(marker, row + "\n" + marker), encoding="utf-8")
