"""`check --external`: links to other sites, checked against a local server that misbehaves on purpose."""

from __future__ import annotations

import http.server
import re
import threading
from pathlib import Path

import pytest

from generator.external_links import check_urls

from .test_build_cli import run

STOP = threading.Event()  # set when the server stops, so the hanging handlers return


class _Handler(http.server.BaseHTTPRequestHandler):
    """/ok, /missing (404), /broken (500), /no-head (405 to HEAD), /moved (302 to /ok),
    /silent (never answers) and /drip (answers one byte at a time, forever)."""

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/no-head":
            self._status(405)
        else:
            self.do_GET()

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path in ("/ok", "/no-head"):
            self._status(200)
        elif self.path == "/missing":
            self._status(404)
        elif self.path == "/broken":
            self._status(500)
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/silent":
            STOP.wait()
        elif self.path == "/drip":
            while not STOP.wait(0.05):
                self.wfile.write(b"H")
                self.wfile.flush()

    def _status(self, code: int) -> None:
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass


@pytest.fixture(scope="module")
def server():
    STOP.clear()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    STOP.set()
    httpd.shutdown()
    httpd.server_close()


def test_working_links_including_redirects_and_servers_refusing_head(server: str):
    results = check_urls([f"{server}/ok", f"{server}/moved", f"{server}/no-head"], timeout=5)
    assert {url.rsplit("/", 1)[1]: (r.ok, r.status) for url, r in results.items()} == {
        "ok": (True, 200), "moved": (True, 200), "no-head": (True, 200)}


def test_broken_links_say_what_the_server_answered(server: str):
    results = check_urls([f"{server}/missing", f"{server}/broken"], timeout=5)
    assert results[f"{server}/missing"].problem == "HTTP 404 Not Found"
    assert results[f"{server}/broken"].problem == "HTTP 500 Internal Server Error"


def test_servers_that_never_finish_answering_cost_only_the_time_limit(server: str):
    # The limit leaves a busy CI runner ample time for /ok, which answers at once.
    results = check_urls([f"{server}/silent", f"{server}/drip", f"{server}/ok"], timeout=2, concurrency=2)
    assert results[f"{server}/silent"].problem == "no answer within 2 s"
    assert results[f"{server}/drip"].problem == "no answer within 2 s"
    assert results[f"{server}/ok"].ok


def test_refused_connection(server: str):
    import socket

    with socket.socket() as closed:  # a port that was free a moment ago: nothing listens there
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    assert check_urls([f"http://127.0.0.1:{port}/"], timeout=2)[f"http://127.0.0.1:{port}/"].problem == "connection refused"


def test_each_address_is_checked_once():
    assert len(check_urls(["http://127.0.0.1:9/x"] * 3, timeout=1)) == 1


# ---------------------------------------------------------------- on the command line


def _link_to(site_dir: Path, server: str, kiosk_link: str) -> None:
    """Point the test site's links to other sites at the local server: the kiosk's guide at
    `kiosk_link`, every other one at /ok."""
    for name in ("kiosk.yaml", "providers.yaml", "site.yaml"):
        file = site_dir / name
        text = re.sub(r"(?<!base_url: )https://[a-z.]+\.example\.fi/\S*", f"{server}/ok", file.read_text())
        file.write_text(text)
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace(f"url: {server}/ok", f"url: {server}{kiosk_link}", 1))


def test_check_external_reports_broken_links_where_they_are_written_and_passes(site_dir: Path, server: str):
    _link_to(site_dir, server, "/missing")
    result = run("check", "--external", "--timeout", "5", cwd=site_dir.parent)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"paths/kiosk.yaml:46:18: phases[0].steps[0].links[0].url: {server}/missing: HTTP 404 Not Found"]
    assert result.stdout.splitlines()[-1] == "2 links to other sites checked: 1 broken."


def test_strict_external_fails_on_a_broken_link(site_dir: Path, server: str):
    _link_to(site_dir, server, "/missing")
    assert run("check", "--external", "--strict-external", "--timeout", "5", cwd=site_dir.parent).returncode == 1


def test_check_external_passes_when_every_link_works(site_dir: Path, server: str):
    _link_to(site_dir, server, "/ok")
    result = run("check", "--external", "--strict-external", "--timeout", "5", cwd=site_dir.parent)
    assert result.returncode == 0, result.stderr


def test_external_options_are_validated(site_dir: Path):
    assert run("check", "--external", "--concurrency", "0", cwd=site_dir.parent).returncode == 2
