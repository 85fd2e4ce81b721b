"""``manifest.json``: the SHA-256 of every input and output per cooperation, and its summary.

An unchanged cooperation (same digest, outputs still as recorded) is not built again; the
network report, its calendar and the bundle read the manifest, not the documents. They have
entries of the same shape under ``network_documents`` (written once they exist), so an
unchanged rerun does not convert and merge them again either.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopdocs import __version__
from coopdocs.batch.plan import Job, Outcome
from coopdocs.publish.output import write_atomic

MANIFEST = "manifest.json"
NETWORK_DOCUMENTS = "network_documents"


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

    ``kept`` are the manifest entries (JSON text) of the unchanged cooperations; ``documents``
    the entries of the network report and the bundle written or kept by this run, ``previous``
    those the manifest had before it.
    """

    built: list[Built] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)
    previous: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # cooperation id -> its file, this run


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
        if is_current(entry, job.digest, output / str(coop_id)):
            return str(coop_id), entry
    return None


def is_current(entry: object, digest: str, folder: Path) -> bool:
    """Whether ``entry`` has ``digest`` and its outputs are in ``folder`` as it records them."""
    if not isinstance(entry, dict) or entry.get("digest") != digest:
        return False
    outputs = entry.get("outputs", {})
    return isinstance(outputs, dict) and bool(outputs) and all(
        isinstance(sha, str) and _sha256(folder / str(name)) == sha
        for name, sha in outputs.items())


def _sha256(path: Path) -> str | None:
    """The SHA-256 of a file, None when it is not a file that can be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def documents_of(manifest: Mapping[str, object]) -> dict[str, Any]:
    """The entries of the network report and the bundle in a manifest read before the run."""
    documents = manifest.get(NETWORK_DOCUMENTS, {})
    return dict(documents) if isinstance(documents, dict) else {}


def document_entry(digest: str, files: Sequence[tuple[str, bytes]]) -> str:
    """The manifest entry (JSON text) of the network report or the bundle."""
    return _json({"digest": digest, "outputs": {
        name: hashlib.sha256(data).hexdigest() for name, data in files}}, depth=2)


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
        yield f'  "failed": {_json(failed, depth=1)}'
        if run.documents:  # the network report, calendar and bundle, once they are written
            yield f',\n  "{NETWORK_DOCUMENTS}": {{\n'
            yield ",\n".join(f"    {_json(kind)}: {run.documents[kind]}"
                              for kind in sorted(run.documents))
            yield "\n  }"
        yield "\n}\n"

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
