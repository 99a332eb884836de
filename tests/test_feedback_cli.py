"""The feedback commands of build.py (and `python -m feedback`): exit codes and messages."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest

import build
from feedback import cli
from feedback.store import Store
from feedback.submission import Submission

from .receiver import kiosk_version


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/feedback.db"
    store = Store(url)
    for email in ("a@example.fi", None):
        store.add(Submission("kiosk", "register", "en", kiosk_version("en"), False, "Which form?", email),
                  dt.datetime(2026, 9, 1, 9, tzinfo=dt.timezone.utc))
    store.close()
    return url


def test_report_prints_the_table_and_writes_html_and_csv(db, built_fixture_site, tmp_path, capsys):
    html, table, items = tmp_path / "report.html", tmp_path / "table.csv", tmp_path / "items.csv"
    code = build.main(["feedback-report", "--db", db, "--site", str(built_fixture_site), "--html", str(html),
                       "--csv", str(table), "--items-csv", str(items), "--today", "2026-09-09"])
    out = capsys.readouterr().out
    assert code == 0
    assert "2 answers; 1 awaiting a reply, 1 overdue." in out
    assert f"Wrote {html}, {table}, {items}." in out
    assert "Opening a kiosk" not in out and "Kioskin perustaminen" in out  # the site's default language
    assert html.read_text().count("<tr") > 3 and items.read_text(encoding="utf-8-sig").startswith("id,received,")


def test_report_refuses_to_publish_residents_addresses(db, built_fixture_site, capsys):
    code = build.main(["feedback-report", "--db", db, "--site", str(built_fixture_site),
                       "--html", str(built_fixture_site / "report.html")])
    assert code == 2
    assert "is inside the published site" in capsys.readouterr().err
    assert not (built_fixture_site / "report.html").exists()


def test_reply_marks_items_and_reports_unknown_ids(db, capsys):
    assert build.main(["feedback-reply", "--db", db, "1", "7"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "#1: marked replied\n" and captured.err == "#7: no such feedback\n"
    assert build.main(["feedback-reply", "--db", db, "1"]) == 0
    assert capsys.readouterr().out == "#1: already replied\n"
    assert cli.main(["reply", "--db", db, "--undo", "1"]) == 0
    assert capsys.readouterr().out == "#1: marked awaiting a reply\n"


def test_the_database_can_come_from_the_environment(db, monkeypatch, capsys):
    monkeypatch.setenv("POLKU_FEEDBACK_DB", db)
    assert build.main(["feedback-reply", "2"]) == 0
    assert capsys.readouterr().out == "#2: marked replied\n"


def test_server_usage_errors_are_one_line_each(built_fixture_site, tmp_path, capsys):
    assert build.main(["feedback-server", "--site", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith(f"build.py: error: {tmp_path}/feedback-index.json not found: build the site first")
    assert build.main(["feedback-server", "--site", str(built_fixture_site), "--db", "postgresql://db/feedback"]) == 2
    assert "unsupported database URL 'postgresql://db/feedback'" in capsys.readouterr().err
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = str(busy.getsockname()[1])
        assert cli.main(["server", "--site", str(built_fixture_site), "--db", f"sqlite:///{tmp_path}/f.db",
                         "--port", port]) == 2
    assert capsys.readouterr().err.startswith(f"python -m feedback: error: cannot listen on 127.0.0.1:{port}:")


@pytest.mark.parametrize("arguments, message", [
    (["feedback-report", "--today", "9.9.2026"], "'9.9.2026' is not a date; write YYYY-MM-DD"),
    (["feedback-report", "--recent", "-1"], "'-1' is not a whole number 0 or more"),
    (["feedback-server", "--rate-limit", "0"], "'0' is not a whole number 1 or more"),
    (["feedback-server", "--port", "70000"], "'70000' is not a whole number from 0 to 65535"),
])
def test_bad_option_values_are_usage_errors(arguments, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        build.main(arguments)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
