"""The survey database: its tables, the engine for a URL, the default file, the migrations.

The tables are SQLAlchemy 2 declarative classes with typed ``Mapped[...]`` columns: mypy checks
every column the store reads or writes, and the store still writes its optimistic
``UPDATE … WHERE version = ?`` as a plain statement (``sqlalchemy.update``), which the ORM's
unit of work would hide. The classes describe the schema for the code; Alembic's migrations
(``migrations/versions``) create it, and ``migrate`` runs them in code when a store opens, so a
new version of coopdocs upgrades an old database and there is no separate setup step.

Where the data lives: ``--db URL``, else ``COOPDOCS_DB``, else an SQLite file in the user's data
folder (platformdirs), embedded and with nothing to install. ``postgresql://…`` uses psycopg 3;
a plain file path is an SQLite file. SQLite is set up for a web server that writes from several
threads: foreign keys on, write-ahead log (readers never wait for the writer), a busy timeout
(a writer waits for another instead of failing), and ``BEGIN IMMEDIATE`` for transactions that
write, so two writers queue at the start rather than one failing when it upgrades its read lock.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry

from coopdocs.errors import CoopdocsError
from coopdocs.i18n import _

ENVIRONMENT = "COOPDOCS_DB"
APP_NAME = "coopdocs"
DEFAULT_FILE = "survey.sqlite3"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# How long an SQLite writer waits for another before it gives up (milliseconds).
BUSY_TIMEOUT_MS = 30_000
# Execution option that marks a transaction as one that writes (SQLite: BEGIN IMMEDIATE).
WRITES = "coopdocs_writes"

# Lengths of the text columns: ids as the cooperation schema allows them, names and e-mail
# addresses with room to spare, a SHA-256 in hex.
ID_LENGTH = 100
NAME_LENGTH = 300
HASH_LENGTH = 64


class SurveyError(CoopdocsError):
    """A survey request that cannot be done as asked (round exists, round closed, conflict).

    The user's mistake or a race another user won; the message says what to do.
    """


class DatabaseError(SurveyError):
    """The survey database cannot be opened or used (a server down, a file not writable)."""

    exit_code = 3


class Base(DeclarativeBase):
    # Constraint names fixed by convention, so a migration can name what it changes.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


class RoundRow(Base):
    """An evaluation round: the cooperation as it was frozen when the round was opened."""

    __tablename__ = "survey_round"
    __table_args__ = (UniqueConstraint("cooperation_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cooperation_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    number: Mapped[int] = mapped_column(Integer)
    cooperation: Mapped[str] = mapped_column(Text)  # JSON (dumps), dates tagged
    settled: Mapped[str] = mapped_column(Text, server_default="[]")  # JSON list of milestone ids
    coordinator_token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    closes: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RespondentRow(Base):
    """A partner asked in a round: its contact, its link's hash and its answers so far."""

    __tablename__ = "respondent"
    __table_args__ = (UniqueConstraint("round_id", "partner"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"))
    partner: Mapped[str] = mapped_column(String(ID_LENGTH))
    partner_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    contact_name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    contact_email: Mapped[str] = mapped_column(String(NAME_LENGTH))
    token_hash: Mapped[str] = mapped_column(String(HASH_LENGTH), unique=True, index=True)
    state: Mapped[str] = mapped_column(String(16))  # open | draft | submitted
    answers: Mapped[str] = mapped_column(Text)  # JSON
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SettingRow(Base):
    """A value the server keeps across restarts (the CSRF secret)."""

    __tablename__ = "setting"

    name: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- where the database is ----------------------------------------------------------------------

def default_path() -> Path:
    """The default SQLite file: ``survey.sqlite3`` in the user's data folder for coopdocs."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILE


def chosen_url(url: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The database asked for: ``url``, else ``COOPDOCS_DB``, else the default SQLite file."""
    return url or environ.get(ENVIRONMENT) or str(default_path())


def engine_url(text: str) -> URL:
    """The SQLAlchemy URL for what a user wrote.

    ``postgresql://…`` (or ``postgres://…``) gets the psycopg 3 driver; ``sqlite:///path`` is
    taken as written; anything without ``://`` is the path of an SQLite file. Other databases
    are refused: coopdocs is tested with SQLite and PostgreSQL only.
    """
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().absolute()))
    try:
        url = make_url(text)
    except (ArgumentError, ValueError) as exc:
        raise SurveyError(_("cannot read the database URL '{url}'").format(url=text),
                          hint=_("write postgresql://USER@HOST/DATABASE, sqlite:///PATH or the "
                                 "path of an SQLite file")) from exc
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return url
    raise SurveyError(_("unsupported database '{backend}' in the database URL").format(
        backend=backend), hint=_("use PostgreSQL (postgresql://…) or SQLite (sqlite:///PATH or "
                                 "the path of a file)"))


def shown(url: URL) -> str:
    """A URL to show in a message: without its password."""
    return url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    """An engine for ``url``; for SQLite the folder is created and the connections set up."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        folder = Path(url.database).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(_("cannot create the folder of the survey database {folder}: "
                                  "{reason}").format(folder=folder,
                                                     reason=exc.strerror or exc)) from exc
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    """Foreign keys, the write-ahead log and the busy timeout, on every new connection.

    The driver's own transaction handling is turned off (``isolation_level = None``) so that
    ``_sqlite_begin`` decides how a transaction begins.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: no corruption on a crash
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """``BEGIN IMMEDIATE`` when the transaction writes (the write lock at once), else ``BEGIN``."""
    writes = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


# --- migrations ---------------------------------------------------------------------------------

_MIGRATING = threading.Lock()

def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration built in code: the scripts inside the package, this connection.

    No alembic.ini: the scripts are found next to this module, in a checkout and in an
    installed wheel alike.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (``upgrade head``); nothing to do when it is.

    Alembic keeps its running migration in a module-wide proxy, so threads of one process
    migrate one after the other; processes are kept apart by the database (migrations/env.py).
    """
    with _MIGRATING, engine.connect() as connection:
        connection.execution_options(**{WRITES: True})
        command.upgrade(alembic_config(connection), "head")
        connection.commit()


# --- JSON ---------------------------------------------------------------------------------------

_DATE = "$date"


def dumps(value: Any) -> str:
    """``value`` as JSON text, keys sorted; a date becomes ``{"$date": "2026-04-01"}``.

    The frozen cooperation holds dates (term, deadlines) that its readers expect as dates.
    """
    return json.dumps(value, default=_encode, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def loads(text: str) -> Any:
    """The value ``dumps`` wrote, dates back as dates."""
    return json.loads(text, object_hook=_decode)


def _encode(value: object) -> object:
    if isinstance(value, date) and not isinstance(value, datetime):
        return {_DATE: value.isoformat()}
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


def _decode(value: dict[str, Any]) -> object:
    if len(value) == 1 and isinstance(value.get(_DATE), str):
        return date.fromisoformat(value[_DATE])
    return value


def utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive value (SQLite keeps no offset) is taken as UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
