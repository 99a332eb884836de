"""Spreading a build's per-page work over the machine's cores.

Worker processes are forked from the build, so they start with everything it has made
(page contexts, compiled templates) and receive only short task lists.
Starting them costs tens of milliseconds, so small batches run in the build's own process.
Where fork is not available or not safe (Windows, macOS), everything runs in-process.
Results come back in task order, so output never depends on which worker did what.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Sequence, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

# Starting the pool costs about 50 ms; below this many tasks a worker is not worth it.
MIN_TASKS_PER_WORKER = 8
# Several chunks per worker even out files that take longer than others.
CHUNKS_PER_WORKER = 4


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def workers_for(tasks: int, jobs: int | None, per_worker: int = MIN_TASKS_PER_WORKER) -> int:
    """How many worker processes `tasks` tasks are worth, each at least `per_worker` of
    them: 0 means run them in-process."""
    jobs = available_cores() if jobs is None else jobs
    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin" or jobs < 2:
        return 0
    workers = min(jobs, tasks // per_worker)
    return workers if workers >= 2 else 0


def map_shared(function: Callable[[S, T], R], shared: S, tasks: Sequence[T], jobs: int | None = None,
               per_worker: int = MIN_TASKS_PER_WORKER) -> list[R]:
    """`function(shared, task)` for every task, in worker processes when that pays; results
    in task order. Workers inherit `shared` through fork, so only tasks and results travel."""
    global _job
    workers = workers_for(len(tasks), jobs, per_worker)
    if not workers:
        return [function(shared, task) for task in tasks]
    count = min(len(tasks), workers * CHUNKS_PER_WORKER)
    chunks = [list(tasks[i * len(tasks) // count:(i + 1) * len(tasks) // count]) for i in range(count)]
    _job = (function, shared)
    # Objects the build already holds need no collecting in the workers; frozen, the
    # collector neither scans them nor writes to their pages (which fork shares). A caller
    # that keeps objects frozen itself (the live preview) unfreezes them when it sees fit.
    caller_froze = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for chunk in pool.map(_run_chunk, chunks) for result in chunk]
    finally:
        if not caller_froze:
            gc.unfreeze()
        _job = None


# The function and data of the running map_shared, as the forked workers find them.
_job: tuple[Callable[[Any, Any], Any], Any] | None = None


def _run_chunk(chunk: list[Any]) -> list[Any]:
    assert _job is not None
    function, shared = _job
    return [function(shared, task) for task in chunk]
