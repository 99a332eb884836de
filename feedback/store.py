"""Stored feedback: SQLite in WAL mode, schema versioned with PRAGMA user_version.

A submission is acknowledged only after its transaction is committed with
`synchronous=FULL`, so what the receiver confirmed survives a crash or a power cut.
Submissions arriving together share a transaction (see writer.py): one wait for the
disk serves them all.
No IP address or other client detail is ever written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .submission import Submission

# Each entry upgrades the schema by one version; never edit one that has shipped, add another.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            received_at TEXT NOT NULL,                       -- UTC, e.g. 2026-05-04T09:30:00Z
            path TEXT NOT NULL,
            step TEXT,                                       -- NULL: about the whole path
            lang TEXT NOT NULL,
            version TEXT NOT NULL,                           -- content version of the page read
            useful INTEGER NOT NULL CHECK (useful IN (0, 1)),
            comment TEXT,
            email TEXT,                                      -- only if the resident wants a reply
            replied_at TEXT                                  -- set by feedback-reply
        )""",
        "CREATE INDEX feedback_by_path ON feedback (path, step, received_at)",
    ),
)


class StoreError(Exception):
    """The database cannot be used: a wrong URL, a newer schema, an unwritable file."""


@dataclass(frozen=True)
class Item(Submission):
    """A stored submission: its id, when it arrived and when an editor replied."""

    id: int
    received_at: dt.datetime
    replied_at: dt.datetime | None


def sqlite_file(url: str) -> Path:
    """'sqlite:///feedback.db' (relative) or 'sqlite:////var/lib/polku/feedback.db' (absolute)."""
    scheme, sep, rest = url.partition(":///")
    if scheme != "sqlite" or not sep or not rest or rest == ":memory:":
        raise StoreError(f"unsupported database URL '{url}' (write sqlite:///relative/file.db or sqlite:////absolute/file.db)")
    return Path(rest)


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _from_text(text: str | None) -> dt.datetime | None:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc) if text else None


class Store:
    """One connection, used by one thread at a time (the lock makes sure of it)."""

    def __init__(self, url: str):
        self.file = sqlite_file(url)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.file, isolation_level=None, check_same_thread=False, timeout=10)
            self.journal_mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot use the database {self.file}: {exc}") from None
        self._lock = threading.Lock()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"the database {self.file} has schema version {version}, newer than this Polku knows "
                             f"({len(MIGRATIONS)}); upgrade Polku")
        for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
            with self._transaction():
                for statement in statements:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {number}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._db.execute("PRAGMA user_version").fetchone()[0]

    def add(self, submission: Submission, received_at: dt.datetime) -> int:
        """Store one submission; returns its id once it is committed to disk."""
        return self.add_many([(submission, received_at)])[0]

    def add_many(self, batch: list[tuple[Submission, dt.datetime]]) -> list[int]:
        """Store submissions in one transaction, so they share one wait for the disk."""
        with self._lock, self._transaction():
            return [
                int(self._db.execute(
                    "INSERT INTO feedback (received_at, path, step, lang, version, useful, comment, email)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (utc_text(received_at), submission.path, submission.step, submission.lang, submission.version,
                     int(submission.useful), submission.comment, submission.email),
                ).lastrowid or 0)
                for submission, received_at in batch
            ]

    def check(self) -> None:
        """Raises sqlite3.Error if the database cannot be read (for the health check)."""
        with self._lock:
            self._db.execute("SELECT 1 FROM feedback LIMIT 1").fetchall()

    def items(self) -> list[Item]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, received_at, path, step, lang, version, useful, comment, email, replied_at"
                " FROM feedback ORDER BY id").fetchall()
        return [Item(id=row[0], received_at=_from_text(row[1]), path=row[2], step=row[3], lang=row[4],  # type: ignore[arg-type]
                     version=row[5], useful=bool(row[6]), comment=row[7], email=row[8], replied_at=_from_text(row[9]))
                for row in rows]

    def mark_replied(self, ids: Iterable[int], when: dt.datetime | None) -> dict[int, str]:
        """Set (or with `when=None` clear) the reply time; returns what happened to each id."""
        outcome: dict[int, str] = {}
        with self._lock, self._transaction():
            for item_id in ids:
                row = self._db.execute("SELECT replied_at FROM feedback WHERE id = ?", (item_id,)).fetchone()
                if row is None:
                    outcome[item_id] = "unknown"
                elif (row[0] is not None) == (when is not None):
                    outcome[item_id] = "already"
                else:
                    outcome[item_id] = "changed"
                    self._db.execute("UPDATE feedback SET replied_at = ? WHERE id = ?",
                                     (utc_text(when) if when else None, item_id))
        return outcome

    def close(self) -> None:
        with self._lock:
            self._db.close()
