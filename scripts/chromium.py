"""Debian's chromium driven by Playwright, and a quiet local server for built sites.

Shared by the screenshot script and the browser tests. Playwright cannot download its
own browsers on our machines, so it drives /usr/bin/chromium; the network is closed,
so chromium's background services are switched off.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM = os.environ.get("POLKU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
    *(["--no-sandbox"] if os.geteuid() == 0 else []),
]


def launch(playwright):  # type: ignore[no-untyped-def]
    """A headless chromium browser from a started `sync_playwright()`."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass


@contextlib.contextmanager
def serve(directory: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `directory` on a free loopback port; yields the base URL.

    `headers` are sent with every response (e.g. a Content-Security-Policy); the dict may
    be filled in after the server started.
    """
    handler = functools.partial(type("Handler", (_QuietHandler,), {"extra_headers": {} if headers is None else headers}),
                                directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
