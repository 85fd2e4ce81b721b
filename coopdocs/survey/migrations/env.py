"""Alembic's environment for the survey database, run in code by ``db.migrate``.

The connection comes from the caller (``config.attributes["connection"]``); there is no
alembic.ini and no logging set-up, so migrating prints nothing. On PostgreSQL a transaction
lock keeps two processes that open the same new database at once (the server and a command)
from both creating the tables; SQLite's ``BEGIN IMMEDIATE`` does the same there.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from coopdocs.survey.db import Base

# An arbitrary fixed key for PostgreSQL's advisory lock: "coopdocs survey migrations".
LOCK_KEY = 0x636F6F70646F6373


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    if not isinstance(connection, Connection):
        raise TypeError("db.migrate passes the connection to migrate")
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        context.run_migrations()


run_migrations_online()
