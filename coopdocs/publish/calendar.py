"""Deadlines as an iCalendar file (RFC 5545) that Outlook, Thunderbird or a phone imports.

One all-day VEVENT per deadline. The file is reproducible: the same deadlines and the same
``stamp`` give the same bytes (no clock, no random UID, events in a fixed order), so a cron job
can compare files and a test can compare runs.

The UID of an event is derived from what the deadline is (cooperation id, kind, key), never from
its date: a calendar that imports a regenerated file replaces the event with the same UID, so a
date that moved (an evaluation after a new round, a notice deadline after the minimum term)
updates the event the user already has instead of adding a second one beside the stale one.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import Alarm, Calendar, Event

from coopdocs.compose.deadlines import Deadline
from coopdocs.wording import Terms

PRODID = "-//coopdocs//Fristen//DE"
UID_DOMAIN = "coopdocs.invalid"  # RFC 2606: a domain that names no one's host
# Days before the date an alarm sounds, by kind of deadline. A notice deadline (and the end of a
# fixed term, the last moment to agree on what comes after it) need two weeks to prepare a
# decision of every partner; the evaluation needs the partners' assessments ready. The other
# tasks get a reminder the day before. A date that is only a fact (a change taking effect) or
# that is done has no alarm.
ALARM_DAYS = {"notice": 14, "term_end": 14, "evaluation": 14}
DEFAULT_ALARM_DAYS = 1
NO_ALARM = frozenset({"effective"})


@dataclass(frozen=True)
class Entry:
    """One event: what the calendar shows of a deadline.

    ``cooperation`` (id), ``kind`` and ``key`` (``Deadline.what``) name it for its UID;
    ``summary`` and ``description`` are the words, ``category`` the name of its kind.
    """

    cooperation: str
    kind: str
    key: str
    date: datetime.date
    summary: str
    description: str
    category: str
    done: bool = False


def deadline_entry(cooperation: tuple[str, str], deadline: Deadline, summary: str, *,
                   who: str, action: str, category: str, words: Terms) -> Entry:
    """The event of ``deadline`` of ``cooperation`` (id, title), worded by ``words``.

    The description says the cooperation, for whom, the place and what to do (deadlines.yaml),
    the same for ``coopdocs deadlines`` and for batch's calendar.
    """
    coop_id, title = cooperation
    description = words.text("description", cooperation=f"{title} ({coop_id})", who=who,
                             ref=deadline.ref or "–", action=action)
    return Entry(coop_id, deadline.kind, deadline.what, deadline.date, summary, description,
                 category, deadline.done)


def event_uid(cooperation: str, kind: str, key: str) -> str:
    """A stable, deterministic UID from what a deadline is (not when): see the module doc."""
    digest = hashlib.sha256(f"{cooperation}\x1f{kind}\x1f{key}".encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def calendar_bytes(entries: Sequence[Entry], *, stamp: datetime.date, name: str,
                   language: str = "de") -> bytes:
    """The iCalendar file of ``entries``; ``stamp`` is its DTSTAMP and LAST-MODIFIED.

    ``stamp`` is the day the deadlines were computed for (``--today``), at midnight UTC, so a
    file regenerated on a later day is newer and a calendar takes its events as updates.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    moment = datetime.datetime.combine(stamp, datetime.time(0, 0), tzinfo=datetime.UTC)
    seen: set[str] = set()
    for entry in sorted(entries, key=lambda e: (e.date, e.cooperation, e.kind, e.key)):
        uid = event_uid(entry.cooperation, entry.kind, entry.key)
        if uid in seen:
            continue
        seen.add(uid)
        calendar.add_component(_event(entry, uid, moment, language))
    return bytes(calendar.to_ical())


def _event(entry: Entry, uid: str, moment: datetime.datetime, language: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", moment)
    event.add("last-modified", moment)
    event.add("dtstart", entry.date)  # a DATE value: an all-day event
    event.add("dtend", entry.date + datetime.timedelta(days=1))
    event.add("summary", entry.summary, parameters={"language": language})
    event.add("description", entry.description, parameters={"language": language})
    event.add("categories", [entry.category])
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    if not entry.done and entry.kind not in NO_ALARM:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry.summary)
        alarm.add("trigger", -datetime.timedelta(
            days=ALARM_DAYS.get(entry.kind, DEFAULT_ALARM_DAYS)))
        event.add_component(alarm)
    return event
