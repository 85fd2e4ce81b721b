"""The survey's store: rounds, respondents and their answers, one transaction per call.

Every method opens its own transaction and ends it before it returns, so a server stopped
mid-request loses nothing that was confirmed and leaves nothing half-written; the values it
returns are frozen copies, never live rows. Two partners saving at once touch different rows
and both land. One partner saving from two browser tabs is caught by the version: ``save``
says which version it changes, the update takes effect only while the row still has it
(``UPDATE … WHERE id = ? AND version = ?``), and the loser is told to reload instead of
silently overwriting the other tab.

Links are tokens (``tokens``) handed out once, by ``open_round`` and ``renew_token``; the
database keeps only their SHA-256 and every lookup goes by the hash, so no raw token is ever
stored or logged.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import InterfaceError as DriverInterfaceError
from sqlalchemy.orm import Session

from coopdocs.i18n import _
from coopdocs.survey.db import (
    WRITES,
    DatabaseError,
    RespondentRow,
    RoundRow,
    SettingRow,
    SurveyError,
    chosen_url,
    dumps,
    engine_url,
    loads,
    make_engine,
    migrate,
    shown,
    utc,
)
from coopdocs.survey.export import RoundData
from coopdocs.survey.tokens import new_token, token_hash

__all__ = ["STATES", "Answers", "DatabaseError", "Issued", "Respondent", "Round", "Store",
           "SurveyError"]

Answers = dict[str, Any]

# A respondent's states: not yet saved, saved as a draft, submitted (counts in the export).
STATES = ("open", "draft", "submitted")

_SECRET = "csrf_secret"
_SECRET_BYTES = 32


@dataclass(frozen=True)
class Issued:
    """The raw tokens of a new round: shown once, never stored (partner id -> token)."""

    coordinator: str
    partners: dict[str, str]


@dataclass(frozen=True)
class Round:
    """A round as stored: what it asks about (``data``), when it was opened and closed."""

    id: int
    data: RoundData
    created_at: datetime
    closed_at: datetime | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Respondent:
    """A partner asked in a round: contact, state (open|draft|submitted), answers, version."""

    id: int
    round_id: int
    partner: str
    partner_name: str
    contact_name: str
    contact_email: str
    state: str
    answers: Answers
    version: int
    updated_at: datetime | None
    submitted_at: datetime | None


class Store:
    """The survey database behind the commands and the web server."""

    def __init__(self, engine: Engine, where: str):
        self._engine = engine
        self._where = where

    @classmethod
    def connect(cls, url: str | None = None) -> Store:
        """The store at ``url`` (None: ``COOPDOCS_DB``, else the default SQLite file), migrated.

        Opening an older database upgrades it; a new one gets its tables. A database that
        cannot be reached is a DatabaseError (exit 3) naming it, without its password.
        """
        address = engine_url(chosen_url(url))
        where = shown(address)
        engine = make_engine(address)
        try:
            migrate(engine)
        except (OperationalError, DriverInterfaceError) as exc:
            engine.dispose()
            raise _unavailable(where, exc) from exc
        return cls(engine, where)

    @property
    def where(self) -> str:
        """The database as a message names it (its URL without the password)."""
        return self._where

    def dispose(self) -> None:
        """Close the connections of the pool (at the end of a command or of the server)."""
        self._engine.dispose()

    @contextlib.contextmanager
    def _transaction(self, *, writes: bool) -> Iterator[Session]:
        """A session whose transaction commits at the end of the block, or rolls back."""
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                session.connection(execution_options={WRITES: writes})
                yield session
        except (OperationalError, DriverInterfaceError) as exc:
            raise _unavailable(self._where, exc) from exc

    # --- rounds ---------------------------------------------------------------------------------

    def open_round(self, data: RoundData, contacts: Mapping[str, tuple[str, str, str]]) -> Issued:
        """Create round ``data.number`` of ``data.cooperation_id`` with one respondent per partner.

        ``contacts``: partner id -> (partner name, contact name, contact e-mail). Returns the
        raw tokens, the only time they exist; a round that exists already is a SurveyError.
        """
        issued = Issued(new_token(), {partner: new_token() for partner in contacts})
        refused = SurveyError(_("round {number} of '{cooperation}' exists already in the survey "
                                "database {db}").format(number=data.number,
                                                         cooperation=data.cooperation_id,
                                                         db=self._where),
                              hint=_("use 'coopdocs survey status' to see it, or open the next "
                                     "round"))
        try:
            with self._transaction(writes=True) as session:
                if self._round_row(session, data.cooperation_id, data.number) is not None:
                    raise refused
                row = RoundRow(
                    cooperation_id=data.cooperation_id, number=data.number,
                    cooperation=dumps(dict(data.cooperation)), settled=dumps(list(data.settled)),
                    coordinator_token_hash=token_hash(issued.coordinator),
                    period_start=data.period_start, period_end=data.period_end,
                    closes=data.closes, language=data.language,
                    created_at=utc(_now()), closed_at=None)
                session.add(row)
                session.flush()
                session.add_all(RespondentRow(
                    round_id=row.id, partner=partner, partner_name=name, contact_name=contact,
                    contact_email=email, token_hash=token_hash(issued.partners[partner]),
                    state="open", answers=dumps({}), version=0, updated_at=None,
                    submitted_at=None)
                    for partner, (name, contact, email) in contacts.items())
        except IntegrityError as exc:  # opened by another process at the same moment
            raise refused from exc
        return issued

    def round(self, cooperation_id: str, number: int) -> Round | None:
        """Round ``number`` of a cooperation (None when it was never opened)."""
        with self._transaction(writes=False) as session:
            row = self._round_row(session, cooperation_id, number)
            return None if row is None else _round(row)

    def round_by_id(self, round_id: int) -> Round | None:
        """The round with this database id (None when there is none)."""
        with self._transaction(writes=False) as session:
            row = session.get(RoundRow, round_id)
            return None if row is None else _round(row)

    def round_by_coordinator_token(self, token: str) -> Round | None:
        """The round whose coordinator link carries ``token`` (looked up by its hash)."""
        with self._transaction(writes=False) as session:
            row = session.scalars(select(RoundRow).where(
                RoundRow.coordinator_token_hash == token_hash(token))).one_or_none()
            return None if row is None else _round(row)

    def close(self, round_id: int, now: datetime) -> Round:
        """Close a round: no answer changes after ``now``. Closing a closed round keeps it."""
        with self._transaction(writes=True) as session:
            row = session.get(RoundRow, round_id)
            if row is None:
                raise _no_round(round_id)
            if row.closed_at is None:
                row.closed_at = utc(now)
            return _round(row)

    @staticmethod
    def _round_row(session: Session, cooperation_id: str, number: int) -> RoundRow | None:
        return session.scalars(select(RoundRow).where(
            RoundRow.cooperation_id == cooperation_id, RoundRow.number == number)).one_or_none()

    # --- respondents ----------------------------------------------------------------------------

    def respondent_by_token(self, token: str) -> tuple[Round, Respondent] | None:
        """The respondent whose link carries ``token``, with its round (looked up by hash)."""
        with self._transaction(writes=False) as session:
            found = session.execute(
                select(RespondentRow, RoundRow)
                .join(RoundRow, RoundRow.id == RespondentRow.round_id)
                .where(RespondentRow.token_hash == token_hash(token))).one_or_none()
            if found is None:
                return None
            respondent, round_ = found
            return _round(round_), _respondent(respondent)

    def respondents(self, round_id: int) -> list[Respondent]:
        """The respondents of a round, in the order the round was opened with (partners)."""
        with self._transaction(writes=False) as session:
            rows = session.scalars(select(RespondentRow).where(
                RespondentRow.round_id == round_id).order_by(RespondentRow.id))
            return [_respondent(row) for row in rows]

    def save(self, respondent_id: int, answers: Answers, *, submit: bool,
             expected_version: int, now: datetime) -> Respondent:
        """Store a respondent's answers as a draft, or submitted; the new version is returned.

        Refused (SurveyError) when the round is closed, and when the respondent's version is no
        longer ``expected_version`` (saved meanwhile from another tab: reload, then change).
        A draft saved after submitting withdraws the submission until it is submitted again:
        the export takes only what a partner submitted.
        """
        moment = utc(now)
        values: dict[str, Any] = {
            "answers": dumps(answers), "version": expected_version + 1, "updated_at": moment,
            "state": "submitted" if submit else "draft",
            "submitted_at": moment if submit else None,
        }
        open_rounds = select(RoundRow.id).where(RoundRow.closed_at.is_(None))
        with self._transaction(writes=True) as session:
            changed = session.execute(
                update(RespondentRow)
                .where(RespondentRow.id == respondent_id,
                       RespondentRow.version == expected_version,
                       RespondentRow.round_id.in_(open_rounds))
                .values(**values)
                .execution_options(synchronize_session=False))
            if getattr(changed, "rowcount", 0) != 1:
                raise _refusal(session, respondent_id)
            row = session.get(RespondentRow, respondent_id)
            if row is None:  # pragma: no cover - updated a moment ago in this transaction
                raise _no_respondent(respondent_id)
            return _respondent(row)

    def renew_token(self, round_id: int, partner: str | None) -> str:
        """A new link for a partner (None: for the coordinator); the old one stops working."""
        token = new_token()
        with self._transaction(writes=True) as session:
            if partner is None:
                changed = session.execute(
                    update(RoundRow).where(RoundRow.id == round_id)
                    .values(coordinator_token_hash=token_hash(token))
                    .execution_options(synchronize_session=False))
            else:
                changed = session.execute(
                    update(RespondentRow)
                    .where(RespondentRow.round_id == round_id, RespondentRow.partner == partner)
                    .values(token_hash=token_hash(token))
                    .execution_options(synchronize_session=False))
            if getattr(changed, "rowcount", 0) != 1:
                if partner is None:
                    raise _no_round(round_id)
                raise SurveyError(_("partner '{partner}' is not asked in this round").format(
                    partner=partner))
        return token

    # --- settings -------------------------------------------------------------------------------

    def secret(self) -> bytes:
        """The server's secret (CSRF), made once and kept in the database for every process."""
        with self._transaction(writes=False) as session:
            row = session.get(SettingRow, _SECRET)
            if row is not None:
                return bytes.fromhex(row.value)
        with contextlib.suppress(IntegrityError), self._transaction(writes=True) as session:
            if session.get(SettingRow, _SECRET) is None:
                session.add(SettingRow(name=_SECRET, value=secrets.token_hex(_SECRET_BYTES)))
        with self._transaction(writes=False) as session:  # ours, or another process's
            row = session.get(SettingRow, _SECRET)
            if row is None:  # pragma: no cover - written just before
                raise DatabaseError(_("the survey database {db} keeps no secret").format(
                    db=self._where))
            return bytes.fromhex(row.value)


def _now() -> datetime:
    return datetime.now().astimezone()


def _round(row: RoundRow) -> Round:
    data = RoundData(cooperation_id=row.cooperation_id, number=row.number,
                     period_start=row.period_start, period_end=row.period_end,
                     closes=row.closes, language=row.language,
                     cooperation=loads(row.cooperation),
                     settled=tuple(loads(row.settled)))
    return Round(row.id, data, utc(row.created_at),
                 None if row.closed_at is None else utc(row.closed_at))


def _respondent(row: RespondentRow) -> Respondent:
    return Respondent(
        id=row.id, round_id=row.round_id, partner=row.partner, partner_name=row.partner_name,
        contact_name=row.contact_name, contact_email=row.contact_email, state=row.state,
        answers=loads(row.answers), version=row.version,
        updated_at=None if row.updated_at is None else utc(row.updated_at),
        submitted_at=None if row.submitted_at is None else utc(row.submitted_at))


def _refusal(session: Session, respondent_id: int) -> SurveyError:
    """Why an update of a respondent changed nothing: gone, round closed, or saved meanwhile."""
    row = session.get(RespondentRow, respondent_id)
    if row is None:
        return _no_respondent(respondent_id)
    round_ = session.get(RoundRow, row.round_id)
    if round_ is not None and round_.closed_at is not None:
        return SurveyError(_("the round is closed; answers can no longer be changed"))
    return SurveyError(_("the answers were changed meanwhile (in another window?); reload the "
                         "page and make your change again"))


def _no_round(round_id: int) -> SurveyError:
    return SurveyError(_("there is no survey round {id} in the database").format(id=round_id))


def _no_respondent(respondent_id: int) -> SurveyError:
    return SurveyError(_("there is no respondent {id} in the database").format(id=respondent_id))


def _unavailable(where: str, exc: Exception) -> DatabaseError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return DatabaseError(_("cannot use the survey database {db}: {reason}").format(
        db=where, reason=reason[0] if reason else type(exc).__name__),
        hint=_("check --db or COOPDOCS_DB, and that the database server runs"))
