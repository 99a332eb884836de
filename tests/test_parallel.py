"""Spreading work over processes: only when it pays, and results always in task order."""

from __future__ import annotations

import gc
import os

from generator import parallel


def _pid_and_square(offset: int, number: int) -> tuple[int, int]:
    return os.getpid(), number * number + offset


def test_small_batches_run_in_process():
    assert parallel.workers_for(parallel.MIN_TASKS_PER_WORKER * 2 - 1, jobs=2) == 0
    assert parallel.workers_for(1000, jobs=1) == 0
    results = parallel.map_shared(_pid_and_square, 0, [1, 2, 3], jobs=2)
    assert results == [(os.getpid(), 1), (os.getpid(), 4), (os.getpid(), 9)]


def test_large_batches_use_workers_share_data_and_keep_order():
    tasks = list(range(parallel.MIN_TASKS_PER_WORKER * 2))
    assert parallel.workers_for(len(tasks), jobs=2) == 2
    results = parallel.map_shared(_pid_and_square, 100, tasks, jobs=2)
    assert [value for _, value in results] == [n * n + 100 for n in tasks]
    assert os.getpid() not in {pid for pid, _ in results}


def test_workers_never_exceed_jobs_or_cores():
    assert parallel.workers_for(10_000, jobs=3) == 3
    assert parallel.workers_for(100, jobs=2, per_worker=50) == 2
    assert parallel.workers_for(99, jobs=2, per_worker=50) == 0
    assert 0 <= parallel.workers_for(10_000, jobs=None) <= parallel.available_cores()


def test_objects_the_caller_froze_stay_frozen_and_none_are_left_frozen_otherwise():
    """The live preview keeps what it holds frozen between its full collections."""
    tasks = list(range(parallel.MIN_TASKS_PER_WORKER * 2))
    gc.unfreeze()  # whatever an earlier test (a preview's) left frozen
    parallel.map_shared(_pid_and_square, 0, tasks, jobs=2)
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        parallel.map_shared(_pid_and_square, 0, tasks, jobs=2)
        # Not an exact count: a frozen object freed meanwhile leaves the permanent generation.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
