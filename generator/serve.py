"""`build.py serve`: a local live preview that rebuilds on save and reloads the open tab.

- The site is built into a temporary preview directory (never the real output/), removed
  when the server stops, by `PreviewBuild.rebuild()` (preview_build.py), which redoes only
  what the changed files touch.
- `watchfiles` (Rust `notify`: inotify, FSEvents, ReadDirectoryChangesW) reports changes in
  the content directory and the theme; events until `debounce_ms` (25) pass without another
  make one rebuild, so an editor's save (truncate, write, rename: a few ms) is built once, whole
  (`_watch`).
  Polling (`polling=True`, for network drives) was measured slower and missed same-size edits
  made within one second (benchmarks/serve_latency.py --polling).
- The server is the standard library's threading HTTP server: one local user, a handful of
  requests, and server-sent events need nothing more (no ASGI stack to install).
- HTML responses get one `<script src="/_polku/reload.js">` before `</head>`, only here, at
  serving time; the script listens to `/_polku/events` and reloads when a newer build exists.
  Pages are served with `Content-Security-Policy: default-src 'self'`, as a strict host would.
- While the content has errors every page shows the error page, which recovers by itself.
"""

from __future__ import annotations

import http.server
import mimetypes
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

import watchfiles

from . import render
from .preview_build import PreviewBuild, Rebuilt, State
from .preview_pages import PREVIEW_FILES, PreviewPages

EVENTS = "/_polku/events"
OWN_FILES = {"/_polku/reload.js": "reload.js", "/_polku/preview.css": "preview.css"}
CSP = "default-src 'self'; base-uri 'none'; frame-ancestors 'none'"
KEEP_ALIVE_SECONDS = 15.0
WATCH_STEP_MS = 5  # how often watchfiles looks for changes (see PreviewServer._watch)


class PreviewServer:
    """The preview: a build, a watcher thread and an HTTP server thread. Use as a context manager."""

    def __init__(self, content_dir: Path, theme_dir: Path, host: str = "127.0.0.1", port: int = 8000,
                 debounce_ms: int = 25, polling: bool = False, log: Callable[[str], None] = print):
        self.content_dir = content_dir
        self.theme_dir = theme_dir
        self.address = (host, port)
        self.debounce_ms = debounce_ms
        self.polling = polling
        self.log = log
        self.output_dir = Path(tempfile.mkdtemp(prefix="polku-preview-"))
        self.build = PreviewBuild(content_dir, theme_dir, self.output_dir)
        self.pages = PreviewPages(theme_dir)
        self.url = ""
        self._stop = threading.Event()
        self._new_build = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._httpd: _HTTPServer | None = None

    def __enter__(self) -> "PreviewServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> str:
        """Build once, then serve and watch in background threads; returns the preview's URL."""
        self.rebuild(None)
        self._httpd = _HTTPServer(self.address, _Handler, self)
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host}:{port}/"
        for target in (self._httpd.serve_forever, self._watch):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self.url

    def stop(self) -> None:
        self._stop.set()
        with self._new_build:
            self._new_build.notify_all()  # ends open event streams
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self.build.stop()
        shutil.rmtree(self.output_dir, ignore_errors=True)

    def rebuild(self, changed: set[Path] | None) -> Rebuilt:
        rebuilt = self.build.rebuild()
        with self._new_build:
            self._new_build.notify_all()
        self._log_rebuild(rebuilt, changed)
        return rebuilt

    def wait_for_build(self, after: int, timeout: float) -> int:
        """The build generation once it differs from `after` (or the timeout or stop passed)."""
        with self._new_build:
            self._new_build.wait_for(lambda: self.build.state.generation != after or self._stop.is_set(), timeout)
        return self.build.state.generation

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _watch(self) -> None:
        """Rebuild once `debounce_ms` pass without another change; if watching fails (a folder
        vanished), retry.

        watchfiles looks for changes every WATCH_STEP_MS and hands them over once a look finds
        nothing new; asked again, it waits at most the rest of `debounce_ms` and hands over
        nothing if nothing came. So a rebuild starts about `debounce_ms` after the last change,
        wherever in a step that change fell (with steps of `debounce_ms` it started 25–50 ms
        after a save, 49 ms when saves came in step with them, as the benchmark's do)."""
        while not self._stop.is_set():
            pending: set[Path] = set()
            try:
                for changes in watchfiles.watch(
                    self.content_dir, self.theme_dir, stop_event=self._stop, step=WATCH_STEP_MS,
                    rust_timeout=self.debounce_ms - WATCH_STEP_MS, yield_on_timeout=True,  # with the step: debounce_ms
                    force_polling=self.polling, poll_delay_ms=self.debounce_ms, raise_interrupt=False,
                ):
                    if changes:
                        pending |= {Path(path) for _, path in changes}
                    elif pending:  # nothing more came: the save is complete
                        self.rebuild(pending)
                        pending = set()
            except Exception as exc:  # noqa: BLE001 - a vanished folder must not end the preview
                self.log(f"watching stopped ({type(exc).__name__}: {exc}); trying again")
                self.rebuild(None)
                self._stop.wait(0.5)

    def _log_rebuild(self, rebuilt: Rebuilt, changed: set[Path] | None) -> None:
        took = f"{rebuilt.seconds * 1000:.0f} ms"
        if rebuilt.errors:
            for error in rebuilt.errors:
                self.log(error.format())
            noun = "error" if len(rebuilt.errors) == 1 else "errors"
            self.log(f"{time.strftime('%H:%M:%S')} {len(rebuilt.errors)} {noun} ({took}); "
                     "the browser shows them until they are fixed")
        elif changed is None:
            self.log(f"{time.strftime('%H:%M:%S')} built {rebuilt.pages} pages in {took}")
        elif rebuilt.changed:
            self.log(f"{time.strftime('%H:%M:%S')} rebuilt in {took}: {', '.join(rebuilt.changed[:5])}"
                     + (f" and {len(rebuilt.changed) - 5} more" if len(rebuilt.changed) > 5 else ""))


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive

    def __init__(self, address: tuple[str, int], handler: type, preview: PreviewServer):
        super().__init__(address, handler)
        self.preview = preview


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the standard library's name
        pass  # rebuilds are logged; requests would drown them

    def _respond(self, send_body: bool) -> None:
        preview = self.server.preview
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == EVENTS:
            return self._events(preview)
        if path in OWN_FILES:
            file = PREVIEW_FILES / OWN_FILES[path]
            return self._send(200, file.read_bytes(), _content_type(file.name), send_body)
        state = preview.build.state  # read before any file, so a page is never newer than its number
        lang = preview.pages.language(state, parse_qs(url.query).get("lang", [_first_segment(path)])[0])
        try:
            if state.errors and _is_page(path):
                return self._page(500, preview.pages.errors(state, lang), state, send_body)
            if path == "/_report/" and lang:
                return self._page(200, preview.pages.report(state, lang), state, send_body)
            if path == "/_map/" and lang:
                return self._page(200, preview.pages.maps(state, lang), state, send_body)
            if path.startswith("/_map/") and path.endswith("/") and lang:
                html = preview.pages.path_map(state, lang, path.removeprefix("/_map/").strip("/"))
                if html is not None:
                    return self._page(200, html, state, send_body)
            self._file(preview, state, path, send_body)
        except render.ThemeError as exc:
            self._send(500, f"{exc}\n".encode(), "text/plain; charset=utf-8", send_body)

    def _file(self, preview: PreviewServer, state: State, path: str, send_body: bool) -> None:
        root = preview.output_dir.resolve()
        target = (root / path.lstrip("/")).resolve()
        if root != target and root not in target.parents:
            return self._not_found(preview, state, send_body)
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            target = target / "index.html"
        try:
            data = target.read_bytes()
        except OSError:
            return self._not_found(preview, state, send_body)
        if target.suffix == ".html":
            return self._page(200, data, state, send_body)
        self._send(200, data, _content_type(target.name), send_body)

    def _not_found(self, preview: PreviewServer, state: State, send_body: bool) -> None:
        try:
            data = (preview.output_dir / "404.html").read_bytes()
        except OSError:
            data = b"<!doctype html><title>404</title><p>Not found</p>"
        self._page(404, data, state, send_body)

    def _page(self, status: int, html: bytes, state: State, send_body: bool) -> None:
        tag = f'<script src="/_polku/reload.js" data-generation="{state.generation}" defer></script>\n'
        html = html.replace(b"</head>", tag.encode() + b"</head>", 1)
        self._send(status, html, "text/html; charset=utf-8", send_body, {"Content-Security-Policy": CSP})

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, data: bytes, content_type: str, send_body: bool,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _events(self, preview: PreviewServer) -> None:
        """Server-sent events: the build number now, then each new one, until the tab or server goes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent: int | None = None
        try:
            self.wfile.write(b"retry: 500\n\n")
            while not preview.stopping:
                generation = preview.build.state.generation
                if generation != sent:
                    self.wfile.write(f"event: build\ndata: {generation}\n\n".encode())
                    sent = generation
                else:
                    self.wfile.write(b": still here\n\n")  # finds closed tabs
                self.wfile.flush()
                preview.wait_for_build(sent, KEEP_ALIVE_SECONDS)
        except OSError:
            pass  # the tab was closed or reloaded


def _is_page(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


def _first_segment(path: str) -> str:
    return path.strip("/").split("/", 1)[0]


def _content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return guessed + "; charset=utf-8" if guessed.startswith("text/") or guessed.endswith(("javascript", "svg+xml")) else guessed


def run(content_dir: Path, theme_dir: Path, host: str, port: int) -> int:
    """Serve until Ctrl+C; the command line's `serve`."""
    server = PreviewServer(content_dir, theme_dir, host, port, log=lambda line: print(line, flush=True))
    try:
        url = server.start()
    except OSError as exc:
        server.stop()
        print(f"build.py: error: cannot serve on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"Preview at {url} (files in {server.output_dir})", flush=True)
    print(f"Content health: {url}_report/  Path maps: {url}_map/  Ctrl+C stops.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("Stopping the preview.", flush=True)
    finally:
        server.stop()
    return 0
