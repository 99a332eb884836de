"""Debian's chromium driven by Playwright, and a quiet local server for built sites.

Shared by the screenshot script and the browser tests. Playwright cannot download its
own browsers on our machines, so it drives /usr/bin/chromium; the network is closed,
so chromium's background services are switched off.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from pathlib import Path
from typing import Any, Iterator

from generator import headers

CHROMIUM = os.environ.get("POLKU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
    *(["--no-sandbox"] if os.geteuid() == 0 else []),
]


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """A headless chromium, driven from the calling thread (a Playwright object belongs to
    the thread that made it), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


# Text a host compresses for browsers that ask (Lighthouse measures what crosses the wire).
_COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the headers the site's `_headers` file gives them, and text
    gzipped for clients that accept it, as a host would.

    `_headers` is read on every request, so a site rebuilt while served gets its new
    headers; `extra` headers (e.g. a test's own policy) replace those of the same name.
    """

    def __init__(self, *args, base_path: str, extra: dict[str, str], **kwargs):  # type: ignore[no-untyped-def]
        self.base_path = base_path
        self.extra = extra
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        """The site lives under its base path, as published; anything else is not found."""
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / ".outside-the-base-path")
        return super().translate_path("/" + path[len(self.base_path):])

    def send_head(self):  # type: ignore[no-untyped-def]
        """The file as SimpleHTTPRequestHandler sends it, or gzipped when it is text and the
        client accepts gzip."""
        url_path = self.path.split("?", 1)[0]
        file = Path(self.translate_path(url_path))
        if file.is_dir() and url_path.endswith("/"):
            file = file / "index.html"
        kind = self.guess_type(str(file))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not file.is_file() \
                or not kind.startswith(_COMPRESSED_TYPES):
            return super().send_head()  # also the redirect from a folder to its slash, and 404s
        body = gzip.compress(file.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        headers_file = Path(self.directory) / headers.HEADERS_FILE
        rules = headers.parse_headers_file(headers_file.read_text()) if headers_file.is_file() else []
        url_path = "/" + self.path.split("?", 1)[0][len(self.base_path):]
        for name, value in headers.headers_for(rules, url_path):
            if name.lower() not in {key.lower() for key in self.extra}:
                self.send_header(name, value)
        for name, value in self.extra.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass


@contextlib.contextmanager
def serve(directory: Path, base_path: str = "/", extra_headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `directory` at `base_path` on a free loopback port, applying its `_headers`.

    Yields the site's URL (ending in `base_path`). `extra_headers` may be filled in after
    the server started.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory), base_path=base_path,
                                extra={} if extra_headers is None else extra_headers)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
