"""coopdocs batch: the network report's deadlines and ``<network id>-fristen.ics`` (issue 21).

The cooperations' documents do not depend on the day; the report and the calendar do. A rerun
on a later day builds no cooperation again and still gives what ``coopdocs deadlines`` gives
for that day, from the summaries kept in the manifest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import docx
import icalendar
import pytest
import vobject  # type: ignore[import-untyped]  # no stubs
from click.testing import CliRunner, Result

from coopdocs.cli import main
from tests.conftest import ROOT

NETWORK = ROOT / "samples" / "network" / "network.yaml"


def run(*args: object) -> Result:
    return CliRunner().invoke(main, ["--lang", "de", *map(str, args)])


def deadlines_ics(today: str, tmp: Path) -> bytes:
    """What ``coopdocs deadlines`` writes for the network on ``today``."""
    target = tmp / f"deadlines-{today}.ics"
    result = run("deadlines", NETWORK, "--format", "ics", "--today", today, "-o", target)
    assert result.exit_code == 0, result.stderr
    return target.read_bytes()


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    result = run("batch", NETWORK, "-o", out, "--jobs", "2", "--today", "2026-12-07")
    assert result.exit_code == 0, result.stderr
    assert str(out / "big-fristen.ics") in result.stdout.splitlines()
    return out


def test_the_calendar_is_written_next_to_the_report_and_listed(built: Path) -> None:
    calendar = built / "big-fristen.ics"
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["network_documents"]["calendar"]
    assert entry["outputs"] == {calendar.name: hashlib.sha256(calendar.read_bytes()).hexdigest()}
    assert (built / "big-netzwerkbericht.docx").is_file()


def test_the_calendar_is_what_the_deadlines_command_gives(built: Path, tmp_path: Path) -> None:
    data = (built / "big-fristen.ics").read_bytes()
    assert data == deadlines_ics("2026-12-07", tmp_path)
    parsed = icalendar.Calendar.from_ical(data)
    events = list(parsed.walk("VEVENT"))
    assert events and all(e.get("UID") and e.get("DTSTART") and e.get("SUMMARY") for e in events)
    [again] = list(vobject.readComponents(data.decode("utf-8")))
    assert len(again.vevent_list) == len(events)
    assert {str(e["UID"]) for e in events} == {e.uid.value for e in again.vevent_list}


def test_the_report_shows_the_deadlines_as_on_the_day(built: Path) -> None:
    text = paragraphs(built / "big-netzwerkbericht.docx")
    assert "Fristen der nächsten zwölf Monate" in text
    assert any(t.startswith("Stand: 7. Dezember 2026. Aufgeführt ist") for t in text)
    assert "Überfällig" in text and "Anstehend" in text
    assert "Fristen vom 7. Dezember 2026 bis zum 7. Dezember 2027" in text
    cells = [c.text for t in docx.Document(str(built / "big-netzwerkbericht.docx")).tables
             for row in t.rows for c in row.cells]
    assert "Letzter Tag für die ordentliche Kündigung zum 31. März 2027" in cells


def test_a_rerun_on_the_same_day_keeps_both(built: Path) -> None:
    before = {p: p.read_bytes() for p in (built / "big-fristen.ics",
                                          built / "big-netzwerkbericht.docx")}
    result = run("batch", NETWORK, "-o", built, "--jobs", "1", "--today", "2026-12-07")
    assert result.exit_code == 0, result.stderr
    assert "0 erstellt, 6 unverändert" in result.stderr
    assert not any(str(p) in result.stdout.splitlines() for p in before)
    assert all(p.read_bytes() == data for p, data in before.items())


def test_a_later_day_remakes_report_and_calendar_from_kept_summaries(built: Path,
                                                                     tmp_path: Path) -> None:
    later = "2029-02-01"
    result = run("batch", NETWORK, "-o", built, "--jobs", "1", "--today", later)
    assert result.exit_code == 0, result.stderr
    assert "0 erstellt, 6 unverändert" in result.stderr  # no cooperation depends on the day
    assert (built / "big-fristen.ics").read_bytes() == deadlines_ics(later, tmp_path)
    text = paragraphs(built / "big-netzwerkbericht.docx")
    assert any(t.startswith("Stand: 1. Februar 2029.") for t in text)
