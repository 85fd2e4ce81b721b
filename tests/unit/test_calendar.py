"""The iCalendar export (publish.calendar) of the samples' deadlines, read back by two parsers.

Every sample's file and the sample network's parse with ``icalendar`` and with ``vobject``;
every event has a UID, an all-day DTSTART and a SUMMARY; the same day gives the same bytes, and
a moved date keeps the event's UID, so a calendar that imports the new file updates the event.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import icalendar
import pytest
import vobject  # type: ignore[import-untyped]  # no stubs

from coopdocs.batch.deadlines import as_ics, case_deadlines, deadline_words, read_inputs, select
from coopdocs.clauses.library import catalog, load_library
from coopdocs.publish.calendar import Entry, calendar_bytes, event_uid
from tests.conftest import ROOT

D = datetime.date
LIBRARY = load_library()
TODAY = D(2027, 6, 1)
INPUTS = [*[(p, tuple(sorted(p.parent.glob("evaluation-*.yaml"))))
            for p in sorted((ROOT / "samples").glob("*/cooperation.yaml"))],
          (ROOT / "samples" / "network" / "network.yaml", ())]


def ics_of(path: Path, rounds: tuple[Path, ...], today: D = TODAY, language: str = "de") -> bytes:
    inputs = read_inputs(path, rounds, catalog(LIBRARY))
    assert inputs.cases, [f.format() for c in inputs.checked for f in c.findings]
    words = deadline_words(None, language)
    listed = select([i for case in inputs.cases
                     for i in case_deadlines(case, LIBRARY, today, words)], None)
    return as_ics(listed, today, words, inputs.network or path.parent.name)


@pytest.mark.parametrize(("path", "rounds"), INPUTS,
                         ids=[p.parent.name for p, _ in INPUTS])
def test_every_sample_exports_a_calendar_two_parsers_read(path: Path,
                                                          rounds: tuple[Path, ...]) -> None:
    data = ics_of(path, rounds)
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert events
    assert str(calendar["PRODID"]).startswith("-//coopdocs//")
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    for event in events:
        assert str(event["SUMMARY"]) and isinstance(event.decoded("DTSTART"), D)
        assert not isinstance(event.decoded("DTSTART"), datetime.datetime)  # all day
        assert event.decoded("DTSTAMP") == datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC)
        assert "\n" in str(event["DESCRIPTION"])
    [parsed] = list(vobject.readComponents(io.StringIO(data.decode("utf-8"))))
    read = parsed.contents["vevent"]
    assert sorted(v.uid.value for v in read) == sorted(uids)
    assert all(v.dtstart.value and v.summary.value for v in read)


def test_the_same_day_gives_the_same_bytes_and_a_later_day_the_same_uids() -> None:
    path, rounds = ROOT / "samples" / "einkaufsverbund" / "cooperation.yaml", tuple(
        sorted((ROOT / "samples" / "einkaufsverbund").glob("evaluation-*.yaml")))
    first = ics_of(path, rounds, D(2029, 8, 1))
    assert ics_of(path, rounds, D(2029, 8, 1)) == first
    later = ics_of(path, rounds, D(2029, 9, 1))
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")}
    again = {str(e["UID"]) for e in icalendar.Calendar.from_ical(later).walk("VEVENT")}
    assert uids == again  # nothing done or passed in between: the same events


def test_a_notice_deadline_alarms_two_weeks_ahead() -> None:
    path = ROOT / "samples" / "einkaufsverbund" / "cooperation.yaml"
    calendar = icalendar.Calendar.from_ical(ics_of(path, (), D(2029, 8, 1)))
    alarms = {category(e): [a.decoded("TRIGGER") for a in e.walk("VALARM")]
              for e in calendar.walk("VEVENT")}
    assert alarms["Kündigungsfrist"] == [-datetime.timedelta(days=14)]
    assert alarms["Evaluation"] == [-datetime.timedelta(days=14)]
    notice = next(e for e in calendar.walk("VEVENT") if category(e) == "Kündigungsfrist")
    [alarm] = notice.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(notice["SUMMARY"]) == (
        "Letzter Tag für die ordentliche Kündigung zum 31. Dezember 2030 (§\u00a019)")
    assert "SHK-Einkaufsverbund Münsterland (shk-einkaufsverbund)" in str(notice["DESCRIPTION"])


def category(event: icalendar.cal.Component) -> str:
    value = event["CATEGORIES"].to_ical()
    return value.decode() if isinstance(value, bytes) else str(value)


def test_a_moved_date_keeps_its_uid(tmp_path: Path) -> None:
    source = ROOT / "samples" / "einkaufsverbund" / "cooperation.yaml"
    moved = tmp_path / "cooperation.yaml"
    text = source.read_text(encoding="utf-8")
    assert "due: 2027-03-31, owner: bruening" in text
    moved.write_text(text.replace("due: 2027-03-31, owner: bruening",
                                  "due: 2027-05-31, owner: bruening"), encoding="utf-8")
    dates = []
    for path in (source, moved):
        events = icalendar.Calendar.from_ical(ics_of(path, (), D(2026, 12, 1))).walk("VEVENT")
        dates.append({str(e["UID"]): e.decoded("DTSTART") for e in events})
    uid = event_uid("shk-einkaufsverbund", "milestone", "m3")
    assert (dates[0][uid], dates[1][uid]) == (D(2027, 3, 31), D(2027, 5, 31))
    assert dates[0].keys() == dates[1].keys()


def test_uids_come_from_what_not_when() -> None:
    entry = Entry("c", "milestone", "m1", D(2027, 1, 1), "S", "D", "Meilenstein")
    first = calendar_bytes([entry], stamp=D(2026, 1, 1), name="N")
    moved = calendar_bytes([Entry("c", "milestone", "m1", D(2027, 2, 1), "S", "D", "Meilenstein")],
                           stamp=D(2026, 1, 1), name="N")
    uid = event_uid("c", "milestone", "m1")
    assert uid in first.decode() and uid in moved.decode()
    assert event_uid("c", "milestone", "m2") != uid != event_uid("d", "milestone", "m1")
    done = calendar_bytes([Entry("c", "milestone", "m1", D(2027, 1, 1), "S", "D", "M", True)],
                          stamp=D(2026, 1, 1), name="N")
    assert b"VALARM" in first and b"VALARM" not in done
