"""``manifest.json``: the SHA-256 of every input and output per cooperation, and its summary.

An unchanged cooperation (same digest, outputs still as recorded) is not built again; the
network report and the bundle read the manifest, not the documents.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopdocs import __version__
from coopdocs.batch.plan import Job, Outcome
from coopdocs.publish.output import write_atomic

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Built:
    """A cooperation whose documents are written, with its manifest entry as JSON text.

    A run keeps an entry per cooperation until it ends; as text, an entry of a thousand takes a
    quarter of the memory of the dicts it is made of.
    """

    coop_id: str
    entry: str

    @classmethod
    def of(cls, outcome: Outcome) -> Built:
        member = outcome.member
        return cls(outcome.coop_id, entry_text({
            "title": outcome.title,
            "summary": outcome.summary,
            "digest": outcome.digest,
            "inputs": {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
                       for p in (member.cooperation, *member.evaluations)},
            "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outcome.files},
        }))


@dataclass
class Run:
    """The state of a batch run, for the summary and the manifest.

    ``kept`` are the manifest entries (JSON text) of the unchanged cooperations.
    """

    built: list[Built] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)


def read_manifest(output: Path) -> dict[str, object]:
    path = output / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def unchanged(job: Job, manifest: dict[str, object], output: Path
              ) -> tuple[str, dict[str, Any]] | None:
    """The cooperation's id and entry when its inputs and outputs are as the manifest records.

    None when the manifest has no entry with the same digest, or an output is missing or changed.
    """
    entries = manifest.get("cooperations", {})
    if not isinstance(entries, dict):
        return None
    for coop_id, entry in entries.items():
        if not isinstance(entry, dict) or entry.get("digest") != job.digest:
            continue
        outputs = entry.get("outputs", {})
        if isinstance(outputs, dict) and outputs and all(
                (output / coop_id / name).is_file()
                and hashlib.sha256((output / coop_id / name).read_bytes()).hexdigest() == sha
                for name, sha in outputs.items()):
            return str(coop_id), entry
    return None


def write_manifest(output: Path, network: Path, run: Run) -> Path:
    """``manifest.json``: version, inputs and outputs with SHA-256 per cooperation.

    Cooperations no longer listed, or failing now, drop out. The text is what ``json.dumps``
    with an indent of two gives, assembled from the entries' JSON text.
    """
    entries = {**run.kept, **{built.coop_id: built.entry for built in run.built}}
    failed = sorted(str(o.member.cooperation) for o in run.failed)

    def pieces() -> Iterator[str]:  # a piece at a time: the text of a thousand is a megabyte
        yield f'{{\n  "coopdocs": {_json(__version__)},\n  "network": {_json(str(network))},\n'
        if not entries:
            yield '  "cooperations": {},\n'
        else:
            yield '  "cooperations": {\n'
            separator = ""
            for coop_id in sorted(entries):
                yield f"{separator}    {_json(coop_id)}: {entries[coop_id]}"
                separator = ",\n"
            yield "\n  },\n"
        yield f'  "failed": {_json(failed, depth=1)}\n}}\n'

    return write_atomic(output / MANIFEST, (piece.encode("utf-8") for piece in pieces()))


def entry_text(entry: Mapping[str, Any]) -> str:
    """A manifest entry as JSON, indented as it stands in ``manifest.json``."""
    return _json(entry, depth=2)


def _json(value: Any, depth: int = 0) -> str:
    """``value`` as JSON with an indent of two, its lines after the first ``depth`` levels in."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


def summaries(manifest: Path) -> list[Mapping[str, Any]]:
    """The summary of each cooperation in the manifest, without the rest of its entry.

    The hashes of inputs and outputs are dropped while the file is parsed: with a thousand
    cooperations they would be most of what the report holds in memory.
    """
    def lean(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        return {key: value for key, value in pairs if key not in ("inputs", "outputs")}

    with manifest.open(encoding="utf-8") as stream:
        entries = json.load(stream, object_pairs_hook=lean)["cooperations"]
    return [e["summary"] for e in entries.values() if e.get("summary")]
