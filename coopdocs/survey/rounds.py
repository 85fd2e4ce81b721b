"""``coopdocs survey open``, ``status`` and ``export`` as library functions the CLI calls.

A round asks about the cooperation as it stands when the round opens: the cooperation file as
amended by the earlier rounds given with it (``build.Case.states``, the same states ``report``
and ``addendum`` build from), so a partner that left is not asked and one that joined is. The
CLI validates the files (``build.check_case``) and prints their findings; what is here takes
the valid case, works on the store and returns text and plain values, never printing.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coopdocs.build import Case
from coopdocs.errors import Location
from coopdocs.fmt import Formatter
from coopdocs.i18n import N_, _, language, translated
from coopdocs.survey.db import SurveyError
from coopdocs.survey.export import Response, RoundData, evaluation_yaml
from coopdocs.survey.questions import answered, partner_form
from coopdocs.survey.store import Issued, Respondent, Round, Store

# The default address of the web pages in the links: `coopdocs survey serve` on this machine.
DEFAULT_BASE_URL = "http://127.0.0.1:8400"

# A respondent's state as the status table says it.
STATE_WORDS = {"open": N_("not started"), "draft": N_("draft"), "submitted": N_("submitted")}

# partner id -> (partner name, contact name, contact e-mail), as Store.open_round takes them
Contacts = dict[str, tuple[str, str, str]]


@dataclass(frozen=True)
class Opened:
    """A round just opened: what it asks about, who is asked, the raw tokens of the links."""

    data: RoundData
    contacts: Contacts
    issued: Issued
    notes: tuple[str, ...]  # warnings for the user (a partner without a contact person)


# --- open ---------------------------------------------------------------------------------------

def round_data(case: Case, number: int, *, period: tuple[datetime.date, datetime.date] | None,
               closes: datetime.date | None, today: datetime.date) -> RoundData:
    """Round ``number`` of the valid ``case``: the cooperation as amended by its rounds.

    With earlier rounds given, ``number`` must follow the last of them. The period defaults to
    the day after the last round's period (or the start of the term) up to ``closes`` (or
    today).
    """
    check_number(case, number)
    cooperation = case.states[-1].data
    start, end = period or (_period_start(case), closes or today)
    if end < start:
        raise SurveyError(_("the period of round {number} would end ({end}) before it starts "
                            "({start})").format(number=number, end=end.isoformat(),
                                                start=start.isoformat()),
                          hint=_("give the period with --period START END"))
    if closes is not None and closes < start:
        raise SurveyError(_("--closes {closes} is before the start of the period ({start})")
                          .format(closes=closes.isoformat(), start=start.isoformat()))
    return RoundData(cooperation_id=str(cooperation["id"]), number=number,
                     period_start=start, period_end=end, closes=closes,
                     language=str(cooperation.get("language") or "de"),
                     cooperation=cooperation, settled=settled_milestones(case))


def settled_milestones(case: Case) -> tuple[str, ...]:
    """Milestones an earlier round reported reached (done, or late with a date) or dropped."""
    settled: dict[str, None] = {}
    for round_ in case.rounds:
        for item, state in (round_.data.get("milestones") or {}).items():
            status = state.get("status")
            if status in ("done", "dropped") or (status == "late" and state.get("date")):
                settled[item] = None
    return tuple(settled)


def _period_start(case: Case) -> datetime.date:
    """The day after the last round's period, else the start of the term."""
    if case.rounds:
        end: datetime.date = case.rounds[-1].data["period"]["end"]
        return end + datetime.timedelta(days=1)
    start = case.states[-1].data.get("term", {}).get("start")
    if not isinstance(start, datetime.date):
        raise SurveyError(_("the cooperation has no term.start to begin the period of the "
                            "first round with"),
                          hint=_("give the period with --period START END"))
    return start


def contacts(cooperation: Mapping[str, Any]) -> tuple[Contacts, tuple[str, ...]]:
    """Who is asked, per partner: (partner name, contact name, e-mail); and the notes.

    The contact is ``partners[].contact``; a partner without one is asked by its name, and a
    note says so (its link is to be given to someone there by hand).
    """
    found: Contacts = {}
    notes: list[str] = []
    for partner in cooperation.get("partners", []):
        contact = partner.get("contact") or {}
        name = str(partner.get("name") or partner["id"])
        if not contact.get("name"):
            notes.append(_("partner '{partner}' has no contact person in the cooperation "
                           "(partners[].contact); give its link to the right person there")
                         .format(partner=partner["id"]))
        found[str(partner["id"])] = (name, str(contact.get("name") or name),
                                     str(contact.get("email") or ""))
    return found, tuple(notes)


def open_round(store: Store, data: RoundData) -> Opened:
    """Open the round in the store: one respondent per partner of the frozen cooperation."""
    asked, notes = contacts(data.cooperation)
    if not asked:
        raise SurveyError(_("the cooperation has no partners to ask"))
    return Opened(data, asked, store.open_round(data, asked), notes)


def links_text(opened: Opened, base_url: str) -> str:
    """The links to hand out: one line per partner (name, contact, link), then the coordinator.

    Each partner gets only its own line; the coordinator link opens the progress page, closes
    the round and downloads the export.
    """
    base = base_url.rstrip("/")
    data = opened.data
    lines = [_round_title(data), ""]
    for partner, (name, contact, email) in opened.contacts.items():
        who = f"{contact} <{email}>" if email else contact
        lines.append(f"{name} ({who}): {base}/r/{opened.issued.partners[partner]}")
    lines += ["", _("Coordinator (progress, close, export): {link}").format(
        link=f"{base}/k/{opened.issued.coordinator}")]
    return "\n".join(lines) + "\n"


def renewed_link(store: Store, round_: Round, partner: str | None, base_url: str) -> str:
    """A new link for ``partner`` (None: the coordinator's), as a line to hand out.

    For a link that was lost or reached the wrong person: the old link stops working at once;
    the answers saved under it stay and open with the new one.
    """
    base = base_url.rstrip("/")
    if partner is None:
        token = store.renew_token(round_.id, None)
        return _("Coordinator (progress, close, export): {link}").format(
            link=f"{base}/k/{token}") + "\n"
    asked = {r.partner: r for r in store.respondents(round_.id)}
    if partner not in asked:
        raise SurveyError(_("partner '{partner}' is not asked in round {number}").format(
            partner=partner, number=round_.data.number),
            hint=_("partners asked: {partners}").format(partners=", ".join(asked)))
    token = store.renew_token(round_.id, partner)
    respondent = asked[partner]
    who = (f"{respondent.contact_name} <{respondent.contact_email}>"
           if respondent.contact_email else respondent.contact_name)
    return f"{respondent.partner_name} ({who}): {base}/r/{token}\n"


def links_warning() -> str:
    """The reminder printed with the links: they exist only now."""
    return _("Note: these links are shown only now; the survey database keeps only their "
             "hashes. Send each partner its own link in a personal message and keep the "
             "coordinator link: whoever has a link can read and change what it opens.")


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path``, readable only by its owner, whole or not at all.

    The links open confidential answers, so the file is not for the other users of the
    computer: it is created with mode 0600 under a temporary name, then renamed into place.
    """
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        raise SurveyError(_("cannot write the file: {reason}; nothing was written").format(
            reason=exc.strerror or exc), Location(path)) from exc
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)  # gone after the rename; left over after a failure
    return path


def _round_title(data: RoundData, closed_at: datetime.datetime | None = None) -> str:
    fmt = Formatter(language())
    if closed_at is not None:
        closes = _(", closed on {time}").format(time=_local(closed_at))
    elif data.closes:
        closes = _(", open until {date}").format(date=fmt.short_date(data.closes))
    else:
        closes = ""
    return _("Survey round {number} of '{title}' ({id}), period {start} to {end}{closes}").format(
        number=data.number, title=data.cooperation.get("title", data.cooperation_id),
        id=data.cooperation_id, start=fmt.short_date(data.period_start),
        end=fmt.short_date(data.period_end), closes=closes)


# --- status -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatusRow:
    """One partner's progress: state, questions answered of its questions, last change."""

    partner: str
    partner_name: str
    contact: str
    state: str
    answered: int
    questions: int
    updated_at: datetime.datetime | None


def stored_round(store: Store, cooperation_id: str, number: int) -> Round:
    """Round ``number`` of a cooperation from the store; a SurveyError when it was not opened."""
    found = store.round(cooperation_id, number)
    if found is None:
        raise SurveyError(_("round {number} of '{cooperation}' was not opened in the survey "
                            "database {db}").format(number=number, cooperation=cooperation_id,
                                                    db=store.where),
                          hint=_("open it with 'coopdocs survey open', or give the database it "
                                 "was opened in with --db or COOPDOCS_DB"))
    return found


def status_rows(round_: Round, respondents: Sequence[Respondent]) -> list[StatusRow]:
    """Each respondent's progress, counted against the questions of its own form."""
    rows = []
    for respondent in respondents:
        form = partner_form(round_.data.cooperation, respondent.partner,
                            settled=round_.data.settled)
        done = answered(form, respondent.answers)
        rows.append(StatusRow(respondent.partner, respondent.partner_name,
                              respondent.contact_name, respondent.state,
                              sum(done.values()), len(done), respondent.updated_at))
    return rows


def status_lines(round_: Round, rows: Sequence[StatusRow]) -> list[str]:
    """The status table (partner, state, answered x/y, last change) and a summary line."""
    header = (_("partner"), _("state"), _("answered"), _("last change"))
    table = [header] + [(
        row.partner_name, translated(STATE_WORDS.get(row.state, row.state)),
        f"{row.answered}/{row.questions}",
        "–" if row.updated_at is None else _local(row.updated_at))
        for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = [_round_title(round_.data, round_.closed_at), ""]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
              .rstrip() for line in table]
    submitted = sum(row.state == "submitted" for row in rows)
    lines.append("")
    lines.append(_("{submitted} of {total} partners submitted").format(
        submitted=submitted, total=len(rows)))
    return lines


def _local(moment: datetime.datetime) -> str:
    """A moment in the local time of this computer, to the minute: ``10.04.2027, 14:03``.

    Dated as the title line above it and the pages are (``Formatter.short_date``).
    """
    local = moment.astimezone()
    return f"{Formatter(language()).short_date(local.date())}, {local:%H:%M}"


# --- export -------------------------------------------------------------------------------------

def responses(respondents: Sequence[Respondent]) -> list[Response]:
    """The store's respondents as the export takes them."""
    return [Response(partner=r.partner, partner_name=r.partner_name, contact=r.contact_name,
                     state=r.state, answers=r.answers, submitted_at=r.submitted_at)
            for r in respondents]


def export_text(store: Store, round_: Round, *, today: datetime.date) -> str:
    """The round as evaluation-N.yaml text (FORMAT.md §2): only submitted answers count."""
    return evaluation_yaml(round_.data, responses(store.respondents(round_.id)), today=today)


def check_number(case: Case, number: int) -> None:
    """With earlier rounds given, ``number`` must follow them (as when the round was opened)."""
    if case.rounds and number != len(case.rounds) + 1:
        raise SurveyError(_("--round {number} does not follow the earlier rounds given: the "
                            "next round is {next}").format(number=number,
                                                           next=len(case.rounds) + 1),
                          hint=_("give --round {next}, or the evaluation files of all earlier "
                                 "rounds").format(next=len(case.rounds) + 1))


def cooperation_id(case: Case) -> str:
    """The id of the case's cooperation (the key of its rounds in the store)."""
    return str(case.cooperation.data["id"])
