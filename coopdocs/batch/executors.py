"""Where batch jobs run: worker processes on this machine, or a Dask distributed cluster.

An executor takes the job function and the jobs and yields their outcomes as they finish.
Closing it early (the run stopped: an output error, Ctrl-C, SIGTERM) stops the work at once.

Local workers die with their coordinator, however it ends: a worker asks Linux for SIGKILL
when its parent dies (``prctl(PR_SET_PDEATHSIG)``), and a watchdog thread checks the parent
twice a second where that is not available (or the parent died before the worker asked). A
worker left behind would otherwise wait for work that never comes, holding memory, for good.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice

from coopdocs.batch.plan import Job, Outcome
from coopdocs.errors import CoopdocsError
from coopdocs.i18n import _

Executor = Callable[[Callable[[Job], Outcome], Sequence[Job]], Generator[Outcome, None, None]]

_PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 0.5  # how often a worker checks that its coordinator still runs


def local_executor(jobs: int) -> Executor:
    """Worker processes on this machine; results in the order they finish.

    A few jobs per worker are in flight at a time, so finished results do not pile up while the
    caller writes them.
    """

    def run(function: Callable[[Job], Outcome], work: Sequence[Job]
            ) -> Generator[Outcome, None, None]:
        if jobs <= 1 or len(work) <= 1:
            yield from map(function, work)
            return
        queue = iter(work)
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=watch_coordinator,
                                   initargs=(os.getpid(), _direct_children()))
        try:
            running: set[Future[Outcome]] = {pool.submit(function, job)
                                             for job in islice(queue, 2 * jobs)}
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                running |= {pool.submit(function, job) for job in islice(queue, len(done))}
                yield from (future.result() for future in done)
        except BaseException:  # stopped early (GeneratorExit, an interrupt, an error)
            _terminate(pool)
            raise
        pool.shutdown()

    return run


def _direct_children() -> bool:
    """Whether the workers' parent is this process (not a fork server)."""
    return multiprocessing.get_start_method() != "forkserver"


def _terminate(pool: ProcessPoolExecutor) -> None:
    """End the pool now: pending jobs cancelled, the running ones' workers killed.

    ``shutdown`` alone would wait for the jobs running (a minute for a large cooperation);
    ``terminate_workers`` comes only with Python 3.14, hence the pool's own process table.
    """
    processes = list((pool._processes or {}).values())  # a private table: see above
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)


def watch_coordinator(coordinator: int, direct: bool) -> None:
    """Worker initializer: die with the coordinator, and leave signals to it.

    Ctrl-C reaches every process of the terminal's group: the coordinator stops the workers,
    so they ignore it (no traceback from each). SIGTERM gets its default action back (a forked
    worker inherits the coordinator's handler, which would turn ``terminate`` into an exception).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _ask_for_parent_death_signal()
    parent = coordinator if direct else os.getppid()
    if os.getppid() != parent:  # the coordinator died before the worker could ask
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="coopdocs-watchdog",
                     daemon=True).start()


def _ask_for_parent_death_signal() -> None:
    """SIGKILL when the parent process dies (Linux); elsewhere the watchdog does it."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch(parent: int) -> None:
    """Exit the worker as soon as its parent is gone (it is then adopted by another)."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def dask_executor(address: str) -> Executor:
    """The jobs on a Dask distributed cluster (workers need the input files at the same paths)."""

    def run(function: Callable[[Job], Outcome], work: Sequence[Job]
            ) -> Generator[Outcome, None, None]:
        try:
            from dask.distributed import Client, as_completed  # noqa: PLC0415 - optional part
        except ImportError as exc:
            raise CoopdocsError(_("--scheduler needs dask.distributed; install it with "
                                  "'.venv/bin/pip install \"dask[distributed]\"'")) from exc
        try:
            client = Client(address, timeout=30)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise CoopdocsError(_("cannot reach the Dask scheduler at {address}: {problem}")
                                .format(address=address, problem=exc)) from exc
        with client:
            futures = client.map(function, work, pure=False)
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                yield future.result()

    return run
