"""SQLite storage: WAL, versioned schema, durable inserts, replies."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from feedback.store import MIGRATIONS, Store, StoreError, sqlite_file
from feedback.submission import Submission

SUBMISSION = Submission(path="kiosk", step=None, lang="fi", version="a2e0af81a75d2d76", useful=True,
                        comment="Selkeä.", email="asukas@example.fi")
NOON = dt.datetime(2026, 5, 4, 12, 0, tzinfo=dt.timezone.utc)


def test_database_urls():
    assert sqlite_file("sqlite:///feedback.db") == Path("feedback.db")
    assert sqlite_file("sqlite:////var/lib/polku/feedback.db") == Path("/var/lib/polku/feedback.db")
    for url in ("feedback.db", "postgresql://db/feedback", "sqlite://feedback.db", "sqlite:///", "sqlite:///:memory:"):
        with pytest.raises(StoreError, match="unsupported database URL"):
            sqlite_file(url)


def test_a_new_database_is_created_in_wal_mode_with_the_current_schema(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path}/new/feedback.db")
    assert (store.journal_mode, store.schema_version) == ("wal", len(MIGRATIONS))
    store.add(SUBMISSION, NOON)
    store.close()
    reopened = Store(f"sqlite:///{tmp_path}/new/feedback.db")  # not migrated twice
    [item] = reopened.items()
    assert (item.id, item.received_at, item.path, item.step, item.useful, item.comment, item.email, item.replied_at) == (
        1, NOON, "kiosk", None, True, "Selkeä.", "asukas@example.fi", None)
    reopened.close()


def test_received_times_are_stored_in_utc(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path}/feedback.db")
    helsinki_morning = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    store.add(SUBMISSION, helsinki_morning)
    store.close()
    with sqlite3.connect(tmp_path / "feedback.db") as db:
        assert db.execute("SELECT received_at FROM feedback").fetchone() == ("2026-05-04T06:30:00Z",)


def test_a_database_from_a_newer_polku_is_left_alone(tmp_path: Path):
    with sqlite3.connect(tmp_path / "feedback.db") as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="schema version 2, newer than this Polku knows"):
        Store(f"sqlite:///{tmp_path}/feedback.db")


def test_an_unusable_file_is_a_clear_error(tmp_path: Path):
    (tmp_path / "not-a-db").write_text("hello, this is not SQLite" * 100)
    with pytest.raises(StoreError, match="cannot use the database"):
        Store(f"sqlite:///{tmp_path}/not-a-db")


def test_marking_replied_and_undoing_it(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path}/feedback.db")
    first, second = store.add(SUBMISSION, NOON), store.add(SUBMISSION, NOON)
    assert store.mark_replied([first, 99], NOON) == {first: "changed", 99: "unknown"}
    assert store.mark_replied([first, second], NOON) == {first: "already", second: "changed"}
    assert [item.replied_at for item in store.items()] == [NOON, NOON]
    assert store.mark_replied([first], None) == {first: "changed"}
    assert [item.replied_at for item in store.items()] == [None, NOON]
    store.close()
