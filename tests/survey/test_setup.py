"""setup.sh's private PostgreSQL for the test run: it starts, serves coopdocs_test, and is gone.

`bash setup.sh test` starts the server the PostgreSQL tests use (start_test_postgres) and stops
and removes it when it exits (stop_test_postgres in an EXIT trap). Sourced, setup.sh only
defines its functions, so the two are run here alone, in a bash of their own, as CI runs them.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import psycopg
import pytest

from tests.conftest import ROOT
from tests.survey.conftest import unavailable

SCRIPT = """
source setup.sh
trap stop_test_postgres EXIT
start_test_postgres
echo "url=$COOPDOCS_TEST_POSTGRES"
echo "dir=$TEST_PG_DIR"
.venv/bin/python -c 'import os, psycopg
with psycopg.connect(os.environ["COOPDOCS_TEST_POSTGRES"]) as db:
    print("database=" + db.execute("select current_database()").fetchone()[0])'
"""


def require_postgresql() -> None:
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or not shutil.which("bash"):
        unavailable("PostgreSQL is not installed (Debian package postgresql)",
                    "COOPDOCS_REQUIRE_POSTGRES")


def test_setup_starts_a_private_postgresql_and_removes_it() -> None:
    require_postgresql()
    environment = {k: v for k, v in os.environ.items() if k != "COOPDOCS_TEST_POSTGRES"}
    run = subprocess.run(["bash", "-c", SCRIPT], cwd=ROOT, env=environment, capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    said = dict(re.findall(r"^(url|dir|database)=(.*)$", run.stdout, re.MULTILINE))
    assert said["database"] == "coopdocs_test"
    assert re.fullmatch(r"postgresql://postgres@127\.0\.0\.1:\d+/coopdocs_test", said["url"])
    assert not Path(said["dir"]).exists()  # removed on exit
    with pytest.raises(psycopg.OperationalError):  # and stopped
        psycopg.connect(said["url"], connect_timeout=5).close()


def test_setup_fails_loudly_with_the_log_when_postgresql_does_not_start() -> None:
    require_postgresql()
    script = """
source setup.sh
trap 'made=$TEST_PG_DIR; stop_test_postgres; echo "dir=$made"' EXIT
free_port() { echo "$TAKEN_PORT"; }
start_test_postgres
echo "not reached"
"""
    with socket.socket() as taken:  # the port the server is given is already in use
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        run = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True,
                             env={**os.environ, "TAKEN_PORT": str(taken.getsockname()[1])},
                             timeout=120, check=False)
    assert run.returncode != 0
    assert "not reached" not in run.stdout
    assert "the test PostgreSQL did not start (log above)" in run.stderr
    assert "could not bind" in run.stderr  # PostgreSQL's own log
    made = re.findall(r"^dir=(.+)$", run.stdout, re.MULTILINE)
    assert made and not Path(made[0]).exists()  # removed after the failure too
