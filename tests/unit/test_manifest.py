"""manifest.json: assembled from entries kept as text, it reads as json.dumps writes it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from coopdocs import __version__
from coopdocs.batch.manifest import (
    Built,
    Run,
    document_entry,
    documents_of,
    entry_text,
    write_manifest,
)
from coopdocs.batch.plan import Outcome
from coopdocs.check.validate import Member

ENTRY = {"title": "Kooperation „Süd“ <&>", "summary": {"partners": [["a", "Müller & Söhne"]],
                                                      "last": None, "kpis": {}, "rounds": 0},
         "digest": "ab" * 32, "inputs": {"in/c.yaml": "cd" * 32}, "outputs": {}}


@pytest.mark.parametrize(("built", "kept", "failed"), [
    ({}, {}, []),
    ({"b": ENTRY}, {}, []),
    ({"b": ENTRY, "a": {**ENTRY, "outputs": {"a.docx": "ef" * 32}}}, {"c": ENTRY}, ["x.yaml"]),
])
def test_the_manifest_is_json_dumps_with_an_indent_of_two(
        tmp_path: Path, built: dict[str, dict[str, object]], kept: dict[str, dict[str, object]],
        failed: list[str]) -> None:
    run = Run(built=[Built(k, entry_text(v)) for k, v in built.items()],
              unchanged=list(kept), kept={k: entry_text(v) for k, v in kept.items()},
              failed=[Outcome(Member(Path(f), ()), "", messages=("error",)) for f in failed])
    path = write_manifest(tmp_path, Path("netz/network.yaml"), run)
    expected = {"coopdocs": __version__, "network": "netz/network.yaml",
                "cooperations": dict(sorted({**kept, **built}.items())), "failed": failed}
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == expected
    assert text == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_the_network_documents_are_written_once_there_and_read_as_json_dumps(tmp_path: Path
                                                                             ) -> None:
    whole = {"digest": "78" * 32, "outputs": {"n-gesamt.pdf": "9a" * 32}}
    run = Run(built=[Built("b", entry_text(ENTRY))],
              documents={"report": document_entry("12" * 32, [
                  ("n-netzwerkbericht.docx", b"docx"), ("n-netzwerkbericht.pdf", b"pdf")]),
                  "bundle": entry_text(whole)})
    report = {"digest": "12" * 32, "outputs": {
        "n-netzwerkbericht.docx": hashlib.sha256(b"docx").hexdigest(),
        "n-netzwerkbericht.pdf": hashlib.sha256(b"pdf").hexdigest()}}
    text = write_manifest(tmp_path, Path("n.yaml"), run).read_text(encoding="utf-8")
    expected = {"coopdocs": __version__, "network": "n.yaml", "cooperations": {"b": ENTRY},
                "failed": [], "network_documents": {"bundle": whole, "report": report}}
    assert text == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert documents_of(json.loads(text)) == expected["network_documents"]
    assert documents_of({"network_documents": ["not", "a", "mapping"]}) == {}
