"""Writing output and the batch (issue 15, classes 8, 9, 10 and 18): what the user sees.

8: a command writes all its files or none, and older files stay; 9: output folder problems are
located errors; 10: network files (same ids, self-reference, paths that cannot be followed,
members that cannot be read); 18: an unchanged rerun does not make the network report and the
bundle again.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfWriter

from coopdocs.batch import run as batch_run
from coopdocs.check import validate as validate_module
from coopdocs.cli import main
from coopdocs.publish import output as output_module
from coopdocs.publish.bundle import bundle as real_bundle
from coopdocs.publish.pdf import PdfOptions
from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
AMEND = ROOT / "tests" / "fixtures" / "amend"
IMBISS = SAMPLES / "imbiss-cafe" / "cooperation.yaml"
FULL_DISK = ("cannot write the file: No space left on device; nothing was written\n"
             "  hint: free space on the disk (or choose another folder with -o), then run the "
             "command again\n")


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``folder``, by relative path."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def cooperation(folder: Path, coop_id: str, text: str | None = None) -> Path:
    """The imbiss sample with its own id, in ``folder``/cooperation.yaml."""
    folder.mkdir(parents=True)
    path = folder / "cooperation.yaml"
    original = IMBISS.read_text(encoding="utf-8")
    path.write_text(text or original.replace("id: imbiss-cafe", f"id: {coop_id}", 1),
                    encoding="utf-8")
    return path


def network(folder: Path, *listed: str, name: str = "network.yaml") -> Path:
    path = folder / name
    path.write_text("format: 1\nnetwork: {id: netz, name: Netz}\ncooperations:\n" + "".join(
        f"  - cooperation: {item}\n" for item in listed), encoding="utf-8")
    return path


def failing_on(name_end: str, error: int) -> Callable[[Path, bytes], None]:
    """A stand-in for writing a staged file: half of it, then ``error``, for ``name_end``."""
    real = output_module._write_new

    def write(path: Path, data: bytes) -> None:
        if path.name.endswith(name_end):
            path.write_bytes(data[: len(data) // 2])
            raise OSError(error, os.strerror(error))
        real(path, data)

    return write


# --- 8: all files or none -----------------------------------------------------------------------

def test_a_full_disk_during_addendum_writes_nothing_and_keeps_the_older_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mini-nachtrag-2.docx").write_bytes(b"the Nachtrag of yesterday")
    monkeypatch.setattr(output_module, "_write_new", failing_on("redline-2.docx", errno.ENOSPC))
    result = invoke("addendum", AMEND / "cooperation.yaml", AMEND / "evaluation-1.yaml",
                    AMEND / "evaluation-2.yaml", "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"{out / 'mini-redline-2.docx'}: {'error: ' + FULL_DISK}"
    assert result.stdout == ""
    assert tree(out) == {"mini-nachtrag-2.docx": b"the Nachtrag of yesterday"}


def test_a_failed_rename_takes_back_the_files_already_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "mini-nachtrag-2.docx").write_bytes(b"old Nachtrag")
    (out / "mini-redline-2.docx").write_bytes(b"old redline")
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        if str(target).endswith("mini-lesefassung-2.docx"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = invoke("addendum", AMEND / "cooperation.yaml", AMEND / "evaluation-1.yaml",
                    AMEND / "evaluation-2.yaml", "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (f"{out / 'mini-lesefassung-2.docx'}: error: cannot write the file: "
                             "Input/output error; nothing was written\n")
    # the Nachtrag was in place already: the old one is back
    assert tree(out) == {"mini-nachtrag-2.docx": b"old Nachtrag",
                         "mini-redline-2.docx": b"old redline"}


def test_agreement_whose_second_target_is_a_folder_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "imbiss-cafe-kooperationsvereinbarung.docx").mkdir(parents=True)
    (out / "imbiss-cafe-kooperationsvereinbarung.docx" / "notes.txt").write_text("mine")
    result = invoke("agreement", SAMPLES / "3dmp" / "cooperation.yaml", IMBISS, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{out / 'imbiss-cafe-kooperationsvereinbarung.docx'}: error: cannot write the file: "
        "Is a directory; nothing was written\n"
        "  hint: a folder has the name of this file; move or rename that folder\n")
    assert tree(out) == {"imbiss-cafe-kooperationsvereinbarung.docx": None,
                         "imbiss-cafe-kooperationsvereinbarung.docx/notes.txt": b"mine"}


def test_a_full_disk_in_a_batch_stops_it_with_whole_cooperations_in_the_manifest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = cooperation(tmp_path / "in" / "one", "eins")
    cooperation(tmp_path / "in" / "two", "zwei")
    net = network(tmp_path / "in", "one/cooperation.yaml", "two/cooperation.yaml")
    out = tmp_path / "out"
    monkeypatch.setattr(batch_run, "GROUP_DOCUMENTS", 1)
    monkeypatch.setattr(output_module, "_write_new", failing_on("zwei-kooperationsvereinbarung"
                                                                ".docx", errno.ENOSPC))
    result = invoke("batch", net, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    target = out / "zwei" / "zwei-kooperationsvereinbarung.docx"
    assert result.stderr.endswith(
        f"{target}: error: cannot write the file: No space left on device; nothing was written "
        "for cooperation 'zwei'; the batch stopped (manifest.json lists the cooperations written "
        "before); run it again to build the rest\n"
        "  hint: free space on the disk (or choose another folder with -o), then run the command "
        "again\n")
    assert "Traceback" not in result.stderr
    assert sorted(tree(out)) == ["eins", "eins/eins-eckpunkte.docx",
                                 "eins/eins-kooperationsvereinbarung.docx", "manifest.json", "zwei"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["cooperations"]) == ["eins"]
    assert list(manifest["cooperations"]["eins"]["inputs"]) == [str(one)]


# --- 9: output folder problems --------------------------------------------------------------------

def read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make ``folder`` refuse new files and folders, as a read-only folder does for a user.

    (The tests run as root, who may write anywhere; so the system calls are refused here.)
    """
    real_mkdir, real_open = os.mkdir, os.open

    def refused(path: Any) -> bool:
        return Path(os.fsdecode(path)).parent == folder

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if refused(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        real_mkdir(path, *args, **kwargs)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if refused(path) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", open_)


READ_ONLY = ("error: cannot write in the output folder: Permission denied; nothing was written\n"
             "  hint: you may not write in this folder; choose another one with -o\n")


@pytest.mark.parametrize("command", [
    ["agreement", IMBISS],
    ["report", AMEND / "cooperation.yaml", AMEND / "evaluation-1.yaml"],
    ["addendum", AMEND / "cooperation.yaml", AMEND / "evaluation-1.yaml"],
])
def test_a_read_only_output_folder_is_a_located_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: Sequence[object]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    read_only(monkeypatch, out)
    result = invoke(*command, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == f"{out}: {READ_ONLY}"
    assert tree(out) == {}


def test_a_read_only_output_folder_stops_a_batch_before_it_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cooperation(tmp_path / "in" / "one", "eins")
    net = network(tmp_path / "in", "one/cooperation.yaml")
    out = tmp_path / "out"
    out.mkdir()
    read_only(monkeypatch, out)
    monkeypatch.setattr(batch_run, "run_job", lambda job: pytest.fail("built"))
    result = invoke("batch", net, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"{out}: {READ_ONLY}")
    assert tree(out) == {}


def test_a_batch_where_every_cooperation_fails_into_a_new_folder(tmp_path: Path) -> None:
    bad = tmp_path / "in" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text("format: 1\nid: bad\n", encoding="utf-8")
    net = network(tmp_path / "in", "bad.yaml")
    out = tmp_path / "new" / "out"
    result = invoke("batch", net, "-o", out)
    assert result.exit_code == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == f"0 built, 0 unchanged, 1 failed in {net}"
    assert sorted(tree(out)) == ["manifest.json", "netz-fristen.ics", "netz-netzwerkbericht.docx"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["cooperations"], manifest["failed"]) == ({}, [str(bad)])


@pytest.mark.parametrize("command", [["agreement", IMBISS], ["batch", "NETWORK"]])
def test_an_output_folder_under_a_file_is_a_located_error(tmp_path: Path,
                                                          command: list[object]) -> None:
    cooperation(tmp_path / "in" / "one", "eins")
    net = network(tmp_path / "in", "one/cooperation.yaml")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = tmp_path / "file" / "out"
    result = invoke(*[net if part == "NETWORK" else part for part in command], "-o", target)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"{target}: error: cannot create the output folder: Not a directory\n"
        "  hint: a part of the path is a file, not a folder; choose another folder with -o\n")
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_an_output_folder_that_is_a_file_is_a_usage_error_for_batch(tmp_path: Path) -> None:
    cooperation(tmp_path / "in" / "one", "eins")
    net = network(tmp_path / "in", "one/cooperation.yaml")
    (tmp_path / "out").write_text("x", encoding="utf-8")
    result = invoke("batch", net, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert f"Invalid value for '-o' / '--output': Directory '{tmp_path / 'out'}' is a file." \
        in result.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == "x"


# --- 10: network files ----------------------------------------------------------------------------

def test_two_cooperations_with_the_same_id_are_a_located_error(tmp_path: Path) -> None:
    cooperation(tmp_path / "in" / "a", "gleich")
    cooperation(tmp_path / "in" / "b", "gleich")
    net = network(tmp_path / "in", "a/cooperation.yaml", "b/cooperation.yaml")
    message = (f"{net}:5:18: error: cooperations[1].cooperation: b/cooperation.yaml has the id "
               "'gleich', as a/cooperation.yaml (cooperations[0]) has; their documents would "
               "overwrite each other, so give each cooperation its own id")
    for command in (["batch", net, "-o", tmp_path / "out"], ["validate", net]):
        result = invoke(*command)
        assert result.exit_code == 1, command
        assert result.stderr.splitlines()[0] == message
    assert not (tmp_path / "out").exists()


def test_an_id_the_network_check_cannot_see_fails_the_second_cooperation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's own check: an id the network check did not see (simulated: its quick id
    peek gives up) is found when the cooperation is built; nothing is lost."""
    monkeypatch.setattr(validate_module, "_peek_id", lambda file: None)
    first = cooperation(tmp_path / "in" / "a", "imbiss-cafe")
    text = IMBISS.read_text(encoding="utf-8").replace("id: imbiss-cafe\n", "", 1).replace(
        "title: Kooperation Imbiss AKL und Café Egmont", "title: &same imbiss-cafe", 1)
    text += "id: *same\n"
    second = cooperation(tmp_path / "in" / "b", "", text)
    net = network(tmp_path / "in", "a/cooperation.yaml", "b/cooperation.yaml")
    out = tmp_path / "out"
    result = invoke("batch", net, "-o", out, "--jobs", "1")
    assert result.exit_code == 4, result.stderr
    assert (f"{second}: error: the cooperation id 'imbiss-cafe' is also the id of {first}; give "
            "each cooperation its own id (nothing was written for this file)") in result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["cooperations"]["imbiss-cafe"]["inputs"]) == [str(first)]
    assert manifest["failed"] == [str(second)]
    assert manifest["cooperations"]["imbiss-cafe"]["title"] != "imbiss-cafe"


def test_a_network_listing_itself_is_a_located_error(tmp_path: Path) -> None:
    cooperation(tmp_path / "in" / "a", "eins")
    net = network(tmp_path / "in", "a/cooperation.yaml", "network.yaml")
    message = (f"{net}:5:18: error: cooperations[1].cooperation: this is the network file "
               "itself; list the cooperation.yaml files of the network (and their evaluation "
               "rounds) here")
    for command in (["batch", net, "-o", tmp_path / "out"], ["validate", net]):
        result = invoke(*command)
        assert result.exit_code == 1, command
        assert result.stderr.splitlines()[0] == message
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_another_network_listed_as_a_cooperation_is_an_error_of_that_member(tmp_path: Path
                                                                            ) -> None:
    cooperation(tmp_path / "in" / "a", "eins")
    other = network(tmp_path / "in", "a/cooperation.yaml", name="other.yaml")
    net = network(tmp_path / "in", "a/cooperation.yaml", "other.yaml")
    result = invoke("validate", net)
    assert result.exit_code == 1
    assert (f"{other}:1:1: error: {net} lists this file as a cooperation, but it is a network "
            "file; list the cooperation.yaml, then its evaluation rounds") in result.stderr
    batch = invoke("batch", net, "-o", tmp_path / "out", "--jobs", "1")
    assert batch.exit_code == 4
    assert "1 built, 0 unchanged, 1 failed" in batch.stderr


@pytest.mark.parametrize(("listed", "message"), [
    ("loop", "cannot follow loop: its symbolic links form a loop; list the file itself"),
    ("x" * 300 + ".yaml", "the path is too long for the file system (a folder or file name may "
     "have at most 255 bytes); use shorter names"),
    ("missing/cooperation.yaml", "file not found: {in}/missing/cooperation.yaml; paths are "
     "relative to the network file"),
])
def test_paths_that_cannot_be_followed_are_located_errors(tmp_path: Path, listed: str,
                                                          message: str) -> None:
    folder = tmp_path / "in"
    cooperation(folder / "a", "eins")
    (folder / "loop").symlink_to("loop2")
    (folder / "loop2").symlink_to("loop")
    net = network(folder, "a/cooperation.yaml", listed)
    for command in (["batch", net, "-o", tmp_path / "out"], ["validate", net]):
        result = invoke(*command)
        assert result.exit_code == 1, command
        assert result.stderr.splitlines()[0] == (
            f"{net}:5:18: error: cooperations[1].cooperation: "
            + message.replace("{in}", str(folder.resolve())))
    assert not (tmp_path / "out").exists()


def test_a_folder_listed_as_a_cooperation_fails_only_that_cooperation(tmp_path: Path) -> None:
    cooperation(tmp_path / "in" / "a", "eins")
    (tmp_path / "in" / "folder.yaml").mkdir()
    net = network(tmp_path / "in", "a/cooperation.yaml", "folder.yaml")
    out = tmp_path / "out"
    result = invoke("batch", net, "-o", out, "--jobs", "1")
    assert result.exit_code == 4
    assert f"{tmp_path / 'in' / 'folder.yaml'}: error: cannot read the file: Is a directory\n" \
        in result.stderr
    assert "1 built, 0 unchanged, 1 failed" in result.stderr
    assert (out / "eins" / "eins-kooperationsvereinbarung.docx").is_file()
    validate = invoke("validate", net)
    assert validate.exit_code == 1
    assert f"{tmp_path / 'in' / 'folder.yaml'}: error: cannot read the file: Is a directory" \
        in validate.stderr


def test_an_unreadable_cooperation_fails_only_that_cooperation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cooperation(tmp_path / "in" / "a", "eins")
    locked = cooperation(tmp_path / "in" / "b", "zwei")
    net = network(tmp_path / "in", "a/cooperation.yaml", "b/cooperation.yaml")
    real_bytes, real_open = Path.read_bytes, Path.open

    def denied(path: Path) -> PermissionError:  # as for a user without permission (root here)
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def read_bytes(path: Path) -> bytes:
        if path == locked:
            raise denied(path)
        return real_bytes(path)

    def open_(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path == locked:
            raise denied(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "open", open_)
    out = tmp_path / "out"
    result = invoke("batch", net, "-o", out, "--jobs", "1")
    assert result.exit_code == 4
    assert f"{locked}: error: cannot read the file: Permission denied\n" in result.stderr
    assert "1 built, 0 unchanged, 1 failed" in result.stderr
    assert sorted(tree(out)) == ["eins", "eins/eins-eckpunkte.docx",
                                 "eins/eins-kooperationsvereinbarung.docx", "manifest.json",
                                 "netz-fristen.ics", "netz-netzwerkbericht.docx"]


# --- 18: unchanged reruns keep the network report and the bundle ------------------------------

def blank_pdf(text: bytes) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Subject": hashlib.sha256(text).hexdigest()})
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """PDFs made without LibreOffice (a blank page each), and the names of all converted."""
    converted: list[str] = []

    def to_pdf(files: Sequence[tuple[str, bytes]], options: PdfOptions
               ) -> list[tuple[str, bytes]]:
        converted.extend(name for name, _ in files)
        return [(name[:-5] + ".pdf", blank_pdf(data)) for name, data in files]

    def in_formats(files: Sequence[tuple[str, bytes]], fmt: str, options: PdfOptions
                   ) -> list[tuple[str, bytes]]:
        return [*files, *to_pdf(files, options)] if fmt == "all" else list(files)

    monkeypatch.setattr(batch_run, "to_pdf", to_pdf)
    monkeypatch.setattr(batch_run, "in_formats", in_formats)
    return converted


def test_an_unchanged_rerun_keeps_the_network_report_and_the_bundle(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, conversions: list[str]) -> None:
    bundled: list[str] = []

    def bundle(groups: Any, **kwargs: str) -> bytes:
        bundled.append(kwargs["title"])
        return real_bundle(groups, **kwargs)

    monkeypatch.setattr(batch_run, "bundle", bundle)
    one = cooperation(tmp_path / "in" / "one", "eins")
    cooperation(tmp_path / "in" / "two", "zwei")
    net = network(tmp_path / "in", "one/cooperation.yaml", "two/cooperation.yaml")
    out = tmp_path / "out"
    report, pdf, whole = (out / "netz-netzwerkbericht.docx", out / "netz-netzwerkbericht.pdf",
                          out / "netz-gesamt.pdf")

    def run(*options: str) -> Result:
        conversions.clear()
        bundled.clear()
        result = invoke("batch", net, "-o", out, "--format", "all", "--jobs", "1", *options)
        assert result.exit_code == 0, result.stderr
        return result

    run()
    assert conversions == ["eins-kooperationsvereinbarung.docx", "eins-eckpunkte.docx",
                           "zwei-kooperationsvereinbarung.docx", "zwei-eckpunkte.docx",
                           report.name]
    assert bundled == ["Netz – Gesamtdokument"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    recorded = manifest["network_documents"]
    assert sorted(recorded) == ["bundle", "calendar", "report"]
    assert recorded["report"]["outputs"] == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (report, pdf)}
    assert recorded["bundle"]["outputs"] == {whole.name: hashlib.sha256(
        whole.read_bytes()).hexdigest()}
    stamps = {p: p.stat().st_mtime_ns for p in (report, pdf, whole)}

    again = run()  # nothing changed: nothing converted, nothing merged, nothing written
    assert (conversions, bundled) == ([], [])
    assert again.stdout == f"{out / 'manifest.json'}\n"
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest

    whole.unlink()  # a document gone is made again, and only that
    run()
    assert (conversions, bundled) == ([], ["Netz – Gesamtdokument"])
    assert whole.is_file()

    one.write_text(one.read_text(encoding="utf-8").replace("Kooperation Imbiss", "Kooperation "
                                                           "Imbiss und Café", 1),
                   encoding="utf-8")
    run()  # a cooperation changed: its summary and its PDF, so the report and the bundle
    assert conversions == ["eins-kooperationsvereinbarung.docx", "eins-eckpunkte.docx",
                           report.name]
    assert bundled == ["Netz – Gesamtdokument"]

    run("--pdfa")  # other PDF options: every PDF again
    assert len(conversions) == 5 and bundled == ["Netz – Gesamtdokument"]


def test_a_docx_rerun_keeps_the_network_report(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cooperation(tmp_path / "in" / "one", "eins")
    net = network(tmp_path / "in", "one/cooperation.yaml")
    out = tmp_path / "out"
    assert invoke("batch", net, "-o", out).exit_code == 0
    monkeypatch.setattr(batch_run, "build_network_report",
                        lambda *args: pytest.fail("the network report was made again"))
    again = invoke("batch", net, "-o", out)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == f"{out / 'manifest.json'}\n"
