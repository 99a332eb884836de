"""The feedback receiver as a real server process on 127.0.0.1: what it stores and what it refuses."""

from __future__ import annotations

import http.client
import socket
import sqlite3
import threading
from pathlib import Path
from urllib.parse import urlencode

import pytest

from feedback import protocol, server
from feedback.ratelimit import RateLimiter
from feedback.site_index import LiveIndex
from feedback.store import Store

from scripts.receiver import connect, request, start, stop

from .receiver import SITE_ORIGIN, fields, post, running, stored


@pytest.fixture(scope="module")
def receiver(built_fixture_site: Path, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("receiver") / "feedback.db"
    with running(built_fixture_site, db, "--rate-limit", "100000") as server:
        yield server


def count(receiver) -> int:
    return len(stored(receiver.db))


def test_a_form_posted_without_javascript_is_stored_and_thanked_in_the_residents_language(receiver):
    before = count(receiver)
    answer = post(receiver.url, fields(lang="fi", step="register", useful="no", comment="Mikä on Y-tunnus?\r\nKiitos",
                                       email="asukas@example.fi"), accept_json=False)
    assert answer.status == 303
    rows = stored(receiver.db)
    assert len(rows) == before + 1
    row = dict(rows[-1])
    assert {k: row[k] for k in ("path", "step", "lang", "useful", "comment", "email", "replied_at")} == {
        "path": "kiosk", "step": "register", "lang": "fi", "useful": 0, "comment": "Mikä on Y-tunnus?\nKiitos",
        "email": "asukas@example.fi", "replied_at": None}

    page = request(receiver.url, "GET", answer.headers["location"])
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="fi">' in page.body and "<h1>Kiitos palautteestasi</h1>" in page.body
    assert "Yrityspalvelut käsittelee palautteet ja vastaa 5 työpäivän kuluessa." in page.body
    assert '<a href="https://paths.example.fi/fi/kiosk/#step-register">Takaisin ohjeeseen: Kioskin perustaminen</a>' in page.body
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_a_json_submission_is_acknowledged_after_it_is_stored(receiver):
    answer = post(receiver.url, fields(comment="Clear, thanks."), as_json=True)
    assert (answer.status, answer.json()) == (201, {"ok": True, "message": "Thank you for your feedback. We read every message."})
    assert answer.headers["access-control-allow-origin"] == SITE_ORIGIN
    assert dict(stored(receiver.db)[-1])["comment"] == "Clear, thanks."


def test_the_database_has_no_place_for_client_details(receiver):
    post(receiver.url, fields(comment="from behind a proxy"), extra_headers={"X-Forwarded-For": "203.0.113.7",
                                                                            "User-Agent": "Agent/7.7"})
    columns = set(dict(stored(receiver.db)[-1]))
    assert columns == {"id", "received_at", "path", "step", "lang", "version", "useful", "comment", "email", "replied_at"}
    for file in receiver.db.parent.iterdir():  # the database and its write-ahead log
        data = file.read_bytes()
        assert b"203.0.113.7" not in data and b"Agent/7.7" not in data


LONG = "x" * (protocol.COMMENT_MAX + 1)


@pytest.mark.parametrize("body, options, status, error, problem_fields", [
    (fields(comment=LONG), {}, 422, "invalid", ["comment"]),
    (fields(comment="y" * 40_000), {}, 413, "too_large", []),
    (fields(useful=True, lang=1), {"as_json": True}, 422, "invalid", ["lang", "useful"]),
    (fields(path="kiosk-2"), {}, 422, "invalid", ["path"]),
    (fields(step="register-twice"), {}, 422, "invalid", ["step"]),
    (fields(lang="sv"), {}, 422, "invalid", ["lang"]),
    ({}, {}, 422, "invalid", ["path", "lang", "version", "useful"]),
    (fields(useful=None, version=None), {}, 422, "invalid", ["version", "useful"]),
    (fields(website="https://cheap-pills.example"), {}, 422, "invalid", ["website"]),
    (fields(email="not-an-address"), {}, 422, "invalid", ["email"]),
    (fields(comment="bell\x07"), {}, 422, "invalid", ["comment"]),
    ({**fields(), "sells": "food"}, {}, 422, "invalid", ["sells"]),  # a resident's answer must never get in
    ("path=kiosk&path=other", {}, 422, "invalid", ["path"]),
    ('{"path": "kiosk",', {"as_json": True}, 400, "malformed", []),
    ('["kiosk", "en"]', {"as_json": True}, 400, "malformed", []),
    ("path=%FF%FE&lang=en", {}, 400, "malformed", []),
    ("path=kiosk&lang", {}, 400, "malformed", []),
    (urlencode(fields()), {"content_type": "text/plain"}, 415, "media_type", []),
    (fields(), {"origin": "https://paths.example.fi.evil.example"}, 403, "origin", []),
    (fields(), {"origin": None}, 403, "origin", []),
], ids=["comment-too-long", "body-too-large", "wrong-types", "unknown-path", "unknown-step", "language-not-of-path",
        "empty", "missing-fields", "honeypot", "bad-email", "control-character", "unknown-field", "repeated-field",
        "malformed-json", "json-not-object", "bad-encoding", "malformed-form", "wrong-media-type", "wrong-origin",
        "no-origin"])
def test_bad_input_is_refused_with_a_clear_error_and_nothing_is_stored(receiver, body, options, status, error, problem_fields):
    before = count(receiver)
    answer = post(receiver.url, body, **options)
    assert answer.status == status, answer.body
    result = answer.json()
    assert result["ok"] is False and result["error"] == error and result["detail"]
    assert sorted(p["field"] for p in result["problems"]) == sorted(problem_fields)
    assert result["message"]  # what the form shows the resident
    assert count(receiver) == before


def test_the_resident_is_told_what_to_fix_in_their_language_without_javascript(receiver):
    answer = post(receiver.url, fields(lang="fi", useful=None, email="asukas(at)example.fi"), accept_json=False)
    assert answer.status == 422 and '<html lang="fi">' in answer.body
    assert "<li>Valitse Kyllä tai Ei.</li>" in answer.body
    assert "<li>Tarkista sähköpostiosoite. Kirjoita se muodossa nimi@example.fi.</li>" in answer.body
    assert 'href="https://paths.example.fi/fi/kiosk/#feedback"' in answer.body


def test_a_too_long_comment_is_explained_with_the_limit(receiver):
    answer = post(receiver.url, fields(comment=LONG))
    assert answer.json()["message"] == "The comment is too long. Please write at most 2000 characters."
    assert answer.json()["problems"] == [{"field": "comment", "message": "too long: 2001 characters, at most 2000"}]


def test_a_comment_of_the_full_length_with_browser_newlines_is_accepted(receiver):
    # Browsers count a newline as one character against maxlength but send it as CR LF.
    comment = ("a" * 99 + "\n") * 20
    answer = post(receiver.url, fields(comment=comment.replace("\n", "\r\n")))
    assert answer.status == 201
    assert dict(stored(receiver.db)[-1])["comment"] == comment.strip()


def test_cors_preflight_is_answered_only_for_the_site(receiver):
    def preflight(origin: str):
        return request(receiver.url, "OPTIONS", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                          "Access-Control-Request-Headers": "content-type"})
    allowed = preflight(SITE_ORIGIN)
    assert allowed.status == 200 and allowed.headers["access-control-allow-origin"] == SITE_ORIGIN
    assert "POST" in allowed.headers["access-control-allow-methods"]
    refused = preflight("https://elsewhere.example")
    assert refused.status == 400 and "access-control-allow-origin" not in refused.headers


def test_health(receiver):
    answer = request(receiver.url, "GET", "/health")
    assert (answer.status, answer.json()) == (200, {"status": "ok", "paths": 1})


def test_other_methods_and_addresses(receiver):
    assert request(receiver.url, "GET", "/feedback").status == 405
    assert request(receiver.url, "GET", "/").status == 404


def test_thank_you_page_for_an_unknown_path_links_to_the_front_page(receiver):
    page = request(receiver.url, "GET", "/feedback/thanks?path=nope&lang=xx")
    assert page.status == 200 and '<html lang="fi">' in page.body
    assert '<a href="https://paths.example.fi/fi/">Testipolut</a>' in page.body.split("<main", 1)[1]


def test_rate_limit_per_client(built_fixture_site: Path, tmp_path: Path):
    db = tmp_path / "feedback.db"
    with running(built_fixture_site, db, "--rate-limit", "3") as server:
        answers = [post(server.url, fields(comment=f"#{n}", lang="fi" if n == 3 else "en")) for n in range(4)]
    assert [a.status for a in answers] == [201, 201, 201, 429]
    assert int(answers[-1].headers["retry-after"]) >= 1
    assert answers[-1].json()["message"].startswith("Yhteydestäsi on lähetetty lyhyessä ajassa monta viestiä.")
    assert [row["comment"] for row in stored(db)] == ["#0", "#1", "#2"]


def test_client_addresses_stay_out_of_the_logs(built_fixture_site: Path, tmp_path: Path):
    server = start(built_fixture_site, tmp_path / "feedback.db", "--allow-origin", SITE_ORIGIN, "--log-level", "debug")
    try:
        post(server.url, fields(), extra_headers={"X-Forwarded-For": "198.51.100.23"})
        post(server.url, fields(email="bad"), extra_headers={"X-Forwarded-For": "198.51.100.23"})
    finally:
        stop(server)
    logs = server.output
    assert "Finished server process" in logs and "198.51.100.23" not in logs


CLIENTS, EACH = 50, 20


def test_concurrent_clients_every_accepted_submission_is_stored_exactly_once(built_fixture_site: Path, tmp_path: Path):
    db = tmp_path / "feedback.db"
    acknowledged: list[str] = []
    refused: list[str] = []
    lock = threading.Lock()

    def client(number: int, url: str) -> None:
        connection = connect(url)
        try:
            for n in range(EACH):
                comment = f"client {number} submission {n}"
                answer = post(url, fields(comment=comment, useful="yes" if n % 3 else "no"), connection=connection)
                with lock:
                    (acknowledged if answer.status == 201 else refused).append(comment)
        finally:
            connection.close()

    with running(built_fixture_site, db, "--rate-limit", "100000") as server:
        threads = [threading.Thread(target=client, args=(number, server.url)) for number in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    assert not refused and len(acknowledged) == CLIENTS * EACH
    comments = [row["comment"] for row in stored(db)]
    assert sorted(comments) == sorted(acknowledged)  # each exactly once, nothing else


def test_a_crash_loses_nothing_that_was_acknowledged(built_fixture_site: Path, tmp_path: Path):
    db = tmp_path / "feedback.db"
    acknowledged: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()

    def client(number: int, url: str) -> None:
        for n in range(200):
            comment = f"client {number} submission {n}"
            try:
                answer = post(url, fields(comment=comment))
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this submission was never acknowledged
            if answer.status != 201:
                return
            with lock:
                acknowledged.append(comment)
                if len(acknowledged) >= 100:
                    enough.set()

    first = start(built_fixture_site, db, "--allow-origin", SITE_ORIGIN, "--rate-limit", "100000")
    threads = [threading.Thread(target=client, args=(number, first.url)) for number in range(8)]
    for thread in threads:
        thread.start()
    try:
        assert enough.wait(timeout=120)
    finally:
        stop(first, kill=True)  # no graceful shutdown: as if the process died mid-run
    for thread in threads:
        thread.join(timeout=60)
    before_restart = len(acknowledged)

    with running(built_fixture_site, db, "--rate-limit", "100000") as second:
        client(99, second.url)
    assert len(acknowledged) > before_restart
    comments = [row["comment"] for row in stored(db)]
    assert all(comments.count(comment) == 1 for comment in acknowledged)
    assert set(comments) <= {f"client {c} submission {n}" for c in [*range(8), 99] for n in range(200)}


class BrokenStore(Store):
    """A database whose disk is full: nothing can be written or read."""

    def add_many(self, batch):
        raise sqlite3.OperationalError("database or disk is full")

    def check(self) -> None:
        raise sqlite3.OperationalError("disk I/O error")


def test_a_storage_failure_is_reported_and_not_acknowledged(built_fixture_site: Path, tmp_path: Path):
    receiver = server.Receiver(LiveIndex(built_fixture_site), BrokenStore(f"sqlite:///{tmp_path}/feedback.db"),
                               RateLimiter(1000), frozenset({SITE_ORIGIN}))
    sock = server.bind("127.0.0.1", 0)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    running_server = server.server(receiver, log_level="critical")
    thread = threading.Thread(target=running_server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        answer = post(url, fields(lang="fi"))
        health = request(url, "GET", "/health")
    finally:
        running_server.should_exit = True
        thread.join(timeout=30)
    assert (answer.status, answer.json()["error"], answer.headers["retry-after"]) == (503, "storage", "30")
    assert answer.json()["message"] == "Palautettasi ei juuri nyt voitu tallentaa. Yritä hetken kuluttua uudelleen."
    assert (health.status, health.json()) == (503, {"status": "error", "database": "unusable"})
    assert stored(tmp_path / "feedback.db") == []


def test_the_listening_socket_is_tcp_so_answers_are_not_held_back():
    # asyncio sets TCP_NODELAY only on IPPROTO_TCP sockets; without it each answer waits ~40 ms.
    with server.bind("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP
