"""The feedback receiver as a separate process on loopback, and a plain HTTP client for it.

Shared by the tests and the benchmark: `start()` runs `python -m feedback server` on a
free port of 127.0.0.1 and returns once it listens; `post()` sends one submission as a
browser (form) or feedback.js (form, asking for JSON) would; `stored()` reads the rows.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import select
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
FORM = "application/x-www-form-urlencoded"
START_TIMEOUT = 60  # seconds; a healthy start takes about one, a cold one on a busy machine longer


@dataclass
class Receiver:
    url: str  # e.g. http://127.0.0.1:41234
    process: subprocess.Popen
    db: Path
    output: str = ""  # what it printed after starting, collected when it stops


def start(site: Path, db: Path, *options: str) -> Receiver:
    command = [sys.executable, "-m", "feedback", "server", "--site", str(site), "--db", f"sqlite:///{db}",
               "--host", "127.0.0.1", "--port", "0", *options]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT)
    line = process.stdout.readline() if ready else ""  # type: ignore[union-attr]
    if "http://" not in line:
        process.kill()
        raise RuntimeError(f"the receiver did not start: {line}{process.stderr.read()}")  # type: ignore[union-attr]
    address = line.split("http://", 1)[1].split("/", 1)[0]
    return Receiver(f"http://{address}", process, db)


def stop(receiver: Receiver, kill: bool = False) -> None:
    """Stop as systemd would (SIGTERM, then SIGKILL if it hangs), or at once with `kill`."""
    process = receiver.process
    if kill:
        process.kill()
    elif process.poll() is None:
        process.terminate()
    try:
        out, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    receiver.output = out + err


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)


def connect(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)


def request(url: str, method: str = "POST", path: str = "/feedback", body: bytes = b"",
            headers: dict[str, str] | None = None, connection: http.client.HTTPConnection | None = None) -> Answer:
    """One request; on the given keep-alive `connection`, or on a new one closed afterwards."""
    own = connection is None
    connection = connection or connect(url)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8"))
    finally:
        if own:
            connection.close()


def post(url: str, data: dict[str, Any] | bytes | str, origin: str | None, as_json: bool = False,
         accept_json: bool = True, content_type: str | None = None, extra_headers: dict[str, str] | None = None,
         connection: http.client.HTTPConnection | None = None) -> Answer:
    """One submission: a form (default) or a JSON body, from the page at `origin`."""
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
