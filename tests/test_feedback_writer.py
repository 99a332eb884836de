"""Group commit: concurrent submissions share transactions; a failed commit fails only its batch."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import sqlite3

from feedback.submission import Submission
from feedback.writer import Writer

NOW = dt.datetime(2026, 9, 7, 9, tzinfo=dt.timezone.utc)


def run(coroutine):
    """asyncio.run in a thread of its own: the browser tests keep an event loop in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def submission(n: int) -> Submission:
    return Submission("kiosk", None, "fi", "a2e0af81a75d2d76", True, f"#{n}", None)


class Store:
    def __init__(self, fail_first: bool = False):
        self.batches: list[list[str]] = []
        self.fail_first = fail_first

    def add_many(self, batch):
        if self.fail_first:
            self.fail_first = False
            raise sqlite3.OperationalError("disk I/O error")
        self.batches.append([s.comment for s, _ in batch])
        start = sum(map(len, self.batches[:-1]))
        return list(range(start + 1, start + 1 + len(batch)))


async def submit_all(writer: Writer, count: int) -> list:
    task = asyncio.create_task(writer.run())
    try:
        return await asyncio.gather(*(writer.add(submission(n), NOW) for n in range(count)), return_exceptions=True)
    finally:
        task.cancel()


def test_submissions_waiting_together_are_committed_together():
    store = Store()
    ids = run(submit_all(Writer(store, max_batch=10), 25))  # type: ignore[arg-type]
    assert ids == list(range(1, 26))
    assert [len(batch) for batch in store.batches] == [10, 10, 5]
    assert [comment for batch in store.batches for comment in batch] == [f"#{n}" for n in range(25)]


def test_a_failed_commit_fails_its_batch_and_the_writer_goes_on():
    store = Store(fail_first=True)
    results = run(submit_all(Writer(store, max_batch=4), 6))  # type: ignore[arg-type]
    assert [type(r).__name__ for r in results[:4]] == ["OperationalError"] * 4
    assert results[4:] == [1, 2]


def test_a_request_that_went_away_does_not_stop_the_writer():
    store = Store()

    async def scenario() -> int:
        writer = Writer(store)  # type: ignore[arg-type]
        task = asyncio.create_task(writer.run())
        gone = asyncio.create_task(writer.add(submission(0), NOW))
        await asyncio.sleep(0)
        gone.cancel()
        result = await writer.add(submission(1), NOW)
        task.cancel()
        return result

    assert run(scenario()) == 2
    # What arrived is kept even if its sender stopped waiting for the answer.
    assert [comment for batch in store.batches for comment in batch] == ["#0", "#1"]
