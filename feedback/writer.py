"""Group commit: submissions arriving together are stored in one transaction.

Each commit waits for the disk (synchronous=FULL), which bounds a single writer to a few
hundred commits a second. Requests therefore hand their submission to one writer task
and wait; while a batch is being committed the next one gathers, so under load many
submissions share each wait. A request is answered only after its batch is on disk.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from starlette.concurrency import run_in_threadpool

from .store import Store
from .submission import Submission

Pending = tuple[Submission, dt.datetime, "asyncio.Future[int]"]


class Writer:
    def __init__(self, store: Store, max_batch: int = 256):
        self._store = store
        self._max_batch = max_batch
        self._queue: asyncio.Queue[Pending] = asyncio.Queue()

    async def add(self, submission: Submission, received_at: dt.datetime) -> int:
        """Store one submission; returns its id once it is committed (raises sqlite3.Error if not)."""
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((submission, received_at, future))
        return await future

    async def run(self) -> None:
        """The writer task: runs until cancelled."""
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                ids = await run_in_threadpool(self._store.add_many, [(s, when) for s, when, _ in batch])
            except Exception as exc:  # noqa: BLE001 - every waiting request must hear of it
                for _, _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for (_, _, future), item_id in zip(batch, ids):
                if not future.done():  # the client may have gone away meanwhile
                    future.set_result(item_id)
