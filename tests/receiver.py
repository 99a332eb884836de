"""The feedback receiver as residents' browsers meet it: a real server process on loopback.

`running()` starts `python -m feedback server` on a free port of 127.0.0.1 and stops it
afterwards; `post()` sends one submission with the standard library's HTTP client.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import json
import os
import select
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE_ORIGIN = "https://paths.example.fi"  # base_url of tests/fixtures/site
FORM = "application/x-www-form-urlencoded"
START_TIMEOUT = 60  # seconds; a cold start on a busy CI machine is slow, a healthy one takes about one


@dataclass
class Receiver:
    url: str  # e.g. http://127.0.0.1:41234
    process: subprocess.Popen

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port or 0)

    def logs(self) -> str:
        """Everything the server wrote to stderr (call after it stopped)."""
        return self.process.stderr.read() if self.process.stderr else ""


def start(site: Path, db: Path, *options: str) -> Receiver:
    command = [sys.executable, "-m", "feedback", "server", "--site", str(site), "--db", f"sqlite:///{db}",
               "--host", "127.0.0.1", "--port", "0", *options]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
    line = process.stdout.readline() if ready else ""
    if "http://" not in line:
        process.kill()
        raise RuntimeError(f"receiver did not start: {line}{process.stderr.read()}")
    address = line.split("http://", 1)[1].split("/", 1)[0]
    return Receiver(f"http://{address}", process)


def stop(receiver: Receiver) -> None:
    if receiver.process.poll() is None:
        receiver.process.terminate()
        try:
            receiver.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            receiver.process.kill()
            receiver.process.wait()


@contextlib.contextmanager
def running(site: Path, db: Path, *options: str) -> Iterator[Receiver]:
    receiver = start(site, db, "--allow-origin", SITE_ORIGIN, *options)
    try:
        yield receiver
    finally:
        stop(receiver)


def fields(**changes: Any) -> dict[str, Any]:
    """A valid submission about the fixture site's kiosk path, with `changes` applied (None removes)."""
    base = {"path": "kiosk", "lang": "en", "version": kiosk_version(), "useful": "yes", "comment": "", "email": "",
            "website": ""}
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


@functools.cache
def kiosk_version() -> str:
    from generator import pipeline
    from generator.feedback_index import content_version

    checked = pipeline.check_content(ROOT / "tests" / "fixtures" / "site", ROOT / "themes" / "default")
    return next(content_version(p.value) for p in checked.content.paths if p.value.id == "kiosk")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def request(url: str, method: str = "POST", path: str = "/feedback", body: bytes = b"",
            headers: dict[str, str] | None = None, connection: http.client.HTTPConnection | None = None) -> Answer:
    parts = urlsplit(url)
    own = connection is None
    connection = connection or http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8"))
    finally:
        if own:
            connection.close()


def post(url: str, data: dict[str, Any] | bytes | str, origin: str | None = SITE_ORIGIN, as_json: bool = False,
         accept_json: bool = True, content_type: str | None = None, extra_headers: dict[str, str] | None = None,
         connection: http.client.HTTPConnection | None = None) -> Answer:
    """One submission: a form (default) or JSON body, as a browser or feedback.js would send it."""
    if isinstance(data, dict):
        body = (json.dumps(data) if as_json else urlencode(data)).encode("utf-8")
    else:
        body = data.encode("utf-8") if isinstance(data, str) else data
    headers = {"Content-Type": content_type or ("application/json" if as_json else FORM), **(extra_headers or {})}
    if origin is not None:
        headers["Origin"] = origin
    if accept_json:
        headers["Accept"] = "application/json"
    return request(url, body=body, headers=headers, connection=connection)


def stored(db: Path) -> list[sqlite3.Row]:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute("SELECT * FROM feedback ORDER BY id").fetchall()
