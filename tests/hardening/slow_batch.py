"""``coopdocs batch`` whose jobs for ``slow*`` cooperations hang, for the signal tests.

    python -c "from tests.hardening.slow_batch import main; main()" batch NETWORK ...

A job whose cooperation file lies in a folder named ``slow…`` writes ``<pid>`` into
``$COOPDOCS_TEST_STARTED`` (a folder) and sleeps for ten minutes; the others build as usual.
Every cooperation is written as soon as it is built (one per group), so the manifest shows
which are complete. The job function lives in this module (imported by name), so the worker
processes find it whatever their start method.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from coopdocs.batch import executors
from coopdocs.batch import run as batch_run
from coopdocs.batch.plan import Job, Outcome
from coopdocs.cli import main as cli

_real_job = batch_run.run_job


def slow_job(job: Job) -> Outcome:
    if job.member.cooperation.parent.name.startswith("slow"):
        started = Path(os.environ["COOPDOCS_TEST_STARTED"])
        (started / f"{os.getpid()}").write_text(str(job.member.cooperation), encoding="utf-8")
        time.sleep(600)
    return _real_job(job)


def main() -> None:
    """Run the CLI with the slow jobs; ``COOPDOCS_TEST_WATCHDOG_ONLY=1``: no parent-death signal.

    (Forked workers inherit the patched module; the watchdog alone must then end them.)
    """
    batch_run.run_job = slow_job
    batch_run.GROUP_DOCUMENTS = 1
    if os.environ.get("COOPDOCS_TEST_WATCHDOG_ONLY"):
        executors._ask_for_parent_death_signal = lambda: None
    cli()
