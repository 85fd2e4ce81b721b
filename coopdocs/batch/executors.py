"""Where batch jobs run: worker processes on this machine, or a Dask distributed cluster.

An executor takes the job function and the jobs and yields their outcomes as they finish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice

from coopdocs.batch.plan import Job, Outcome
from coopdocs.errors import CoopdocsError

Executor = Callable[[Callable[[Job], Outcome], Sequence[Job]], Iterator[Outcome]]


def local_executor(jobs: int) -> Executor:
    """Worker processes on this machine; results in the order they finish.

    A few jobs per worker are in flight at a time, so finished results do not pile up while the
    caller writes them.
    """

    def run(function: Callable[[Job], Outcome], work: Sequence[Job]) -> Iterator[Outcome]:
        if jobs <= 1 or len(work) <= 1:
            yield from map(function, work)
            return
        queue = iter(work)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            running: set[Future[Outcome]] = {pool.submit(function, job)
                                             for job in islice(queue, 2 * jobs)}
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                running |= {pool.submit(function, job) for job in islice(queue, len(done))}
                yield from (future.result() for future in done)

    return run


def dask_executor(address: str) -> Executor:
    """The jobs on a Dask distributed cluster (workers need the input files at the same paths)."""

    def run(function: Callable[[Job], Outcome], work: Sequence[Job]) -> Iterator[Outcome]:
        try:
            from dask.distributed import Client, as_completed  # noqa: PLC0415 - optional part
        except ImportError as exc:
            raise CoopdocsError("--scheduler needs dask.distributed; install it with "
                                "'.venv/bin/pip install \"dask[distributed]\"'") from exc
        try:
            client = Client(address, timeout=30)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise CoopdocsError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        with client:
            futures = client.map(function, work, pure=False)
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                yield future.result()

    return run
