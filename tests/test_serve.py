"""The live preview end to end: a real server on a free loopback port, real file edits, real watcher."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from generator import pipeline
from generator.serve import PreviewServer

from .conftest import DEFAULT_THEME, ROOT


def fetch(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def eventually(check: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Wait for the watcher and rebuild to catch up (a deadline, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def preview(site_dir: Path, monkeypatch) -> Iterator[PreviewServer]:
    monkeypatch.chdir(site_dir.parent)
    with PreviewServer(Path("paths"), DEFAULT_THEME, port=0, log=lambda line: None) as server:
        yield server


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))


def page_shows(preview: PreviewServer, page: str, text: str) -> Callable[[], bool]:
    return lambda: text in fetch(preview.url + page)[1]


def test_an_edit_is_served_after_the_next_build_event(preview: PreviewServer, site_dir: Path):
    events = http.client.HTTPConnection("127.0.0.1", int(preview.url.rsplit(":", 1)[1].strip("/")), timeout=15)
    events.request("GET", "/_polku/events")
    stream = events.getresponse()
    assert stream.headers["Content-Type"] == "text/event-stream"
    first = _next_build(stream)

    edit(site_dir / "kiosk.yaml", "Open the doors", "Open the doors wide")
    assert _next_build(stream) > first
    status, html, _ = fetch(preview.url + "en/kiosk/")
    assert status == 200 and "Open the doors wide" in html
    events.close()


def _next_build(stream: http.client.HTTPResponse) -> int:
    while True:
        line = stream.readline().decode()
        if line.startswith("data: "):
            return int(line.removeprefix("data: "))


def test_pages_carry_the_reload_script_and_a_strict_csp(preview: PreviewServer):
    status, html, headers = fetch(preview.url + "fi/kiosk/")
    assert status == 200
    assert re.search(r'<script src="/_polku/reload.js" data-generation="\d+" defer></script>\n</head>', html)
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Cache-Control"] == "no-store"
    script = fetch(preview.url + "_polku/reload.js")
    assert script[0] == 200 and "EventSource" in script[1] and script[2]["Content-Type"].startswith("text/javascript")


def test_the_preview_never_touches_output_and_a_real_build_has_no_reload_script(preview: PreviewServer, site_dir: Path, tmp_path: Path):
    assert not (site_dir.parent / "output").exists()
    assert Path(preview.output_dir).is_dir() and not Path(preview.output_dir).is_relative_to(site_dir.parent)
    built = pipeline.build(site_dir, tmp_path / "real", DEFAULT_THEME)
    assert isinstance(built, pipeline.Built)
    for file in (tmp_path / "real").rglob("*"):
        assert not file.is_file() or b"_polku" not in file.read_bytes()


def test_broken_content_shows_every_error_and_recovers_by_itself(preview: PreviewServer, site_dir: Path):
    kiosk = site_dir / "kiosk.yaml"
    good = kiosk.read_text()
    kiosk.write_text(good.replace("chosen: food", "chosen: fod").replace("provider: permits", "provider: nobody"))
    eventually(lambda: fetch(preview.url + "en/kiosk/")[0] == 500, "the error page")
    status, html, _ = fetch(preview.url + "en/kiosk/")
    assert "The preview could not be built" in html and "2 errors in 1 file" in html
    assert "paths/kiosk.yaml:51:41" in html and "phases[0].steps[1].when.chosen" in html
    assert "unknown answer &#39;fod&#39; for question &#39;sells&#39;" in html and "did you mean &#39;food&#39;?" in html
    assert 'src="/_polku/reload.js"' in html  # so the error page reloads itself when fixed
    assert fetch(preview.url + "fi/")[0] == 500  # every page, not a stale one
    assert "Esikatselua ei voitu koota" in fetch(preview.url + "fi/")[1]  # in the page's language
    assert fetch(preview.url + "assets/style.css")[0] == 200  # the error page keeps its styles

    kiosk.write_text(good)
    eventually(lambda: fetch(preview.url + "en/kiosk/")[0] == 200, "recovery")


def test_deleted_renamed_and_half_saved_files_never_stop_the_server(preview: PreviewServer, site_dir: Path):
    kiosk = site_dir / "kiosk.yaml"
    good = kiosk.read_bytes()
    kiosk.write_bytes(good[:200])  # half saved
    eventually(lambda: fetch(preview.url + "en/")[0] == 500, "the error page for a truncated file")
    kiosk.write_bytes(b"")
    eventually(page_shows(preview, "en/", "the file is empty"), "the error for an empty file")
    kiosk.unlink()
    eventually(lambda: fetch(preview.url + "en/")[0] == 200, "the site without the path")
    assert fetch(preview.url + "en/kiosk/")[0] == 404
    (site_dir / "stall.yaml").write_bytes(good)  # renamed back in: its id no longer matches
    eventually(page_shows(preview, "en/", "differs from the file name"), "the id mismatch")
    os.rename(site_dir / "stall.yaml", kiosk)
    eventually(lambda: fetch(preview.url + "en/kiosk/")[0] == 200, "recovery after the rename")


def test_unsafe_and_missing_addresses_get_the_404_page(preview: PreviewServer):
    for address in ("nowhere/", "..%2F..%2Fetc%2Fpasswd", "fi/kiosk/../../../../etc/hostname"):
        status, html, _ = fetch(preview.url + address)
        assert status == 404 and "Page not found" in html
    conn = http.client.HTTPConnection("127.0.0.1", int(preview.url.rsplit(":", 1)[1].strip("/")))
    conn.request("GET", "/fi")
    response = conn.getresponse()
    assert response.status == 301 and response.headers["Location"] == "/fi/"


@pytest.mark.browser
def test_the_open_tab_reloads_itself_under_a_strict_csp(preview: PreviewServer, site_dir: Path, browser):
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(preview.url + "en/kiosk/")
    page.evaluate("window.polkuMarker = 1")  # gone after a reload
    edit(site_dir / "kiosk.yaml", "Open the doors", "Open the doors wide")
    page.get_by_role("heading", name="Step 2: Open the doors wide").wait_for(timeout=15000)
    assert page.evaluate("window.polkuMarker") is None

    edit(site_dir / "kiosk.yaml", "provider: permits", "provider: nobody")
    page.get_by_role("heading", name="The preview could not be built").wait_for(timeout=15000)
    edit(site_dir / "kiosk.yaml", "provider: nobody", "provider: permits")
    page.get_by_role("heading", name="Step 2: Open the doors wide").wait_for(timeout=15000)
    for tool in ("_report/?lang=en", "_map/kiosk/?lang=en"):  # the preview's own pages, inline SVG included
        page.goto(preview.url + tool)
    assert page.locator("svg[role=img]").is_visible()
    assert violations == []
    page.close()


def test_serve_command_runs_until_interrupted_and_cleans_up(site_dir: Path):
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"], cwd=site_dir.parent,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        url = re.search(r"Preview at (http://127\.0\.0\.1:\d+/)", "".join(lines)).group(1)
        assert fetch(url + "en/kiosk/")[0] == 200
        preview_dirs = [Path(p) for p in re.findall(r"files in (\S+)\)", "".join(lines))]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert preview_dirs and not any(directory.exists() for directory in preview_dirs)


def test_serve_refuses_a_missing_content_directory(tmp_path: Path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--paths", "nowhere", "--port", "0"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_report_page_in_the_preview(preview: PreviewServer):
    status, html, _ = fetch(preview.url + "_report/?lang=en")
    assert status == 200 and "<h1>Content health</h1>" in html
    assert "step &#39;street-permit&#39; involves a permit or decision but lists no documents" in html
    assert '<a href="/_map/kiosk/">Map' in html
    assert "Sisällön kunto" in fetch(preview.url + "_report/")[1]  # the site's first language by default


def test_map_pages_in_the_preview(preview: PreviewServer):
    status, html, _ = fetch(preview.url + "_map/?lang=en")
    assert status == 200 and '<a href="/_map/kiosk/">Opening a kiosk</a>' in html
    status, html, _ = fetch(preview.url + "_map/kiosk/?lang=en")
    assert status == 200 and "<h1>Map: Opening a kiosk</h1>" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert '<a href="/en/kiosk/#step-food-notice">(and) Food premises notification</a>' in html
    assert fetch(preview.url + "_map/nothing/")[0] == 404


@pytest.mark.parametrize("broken", ["messages/en.yaml", "templates/base.html"])
def test_a_broken_theme_still_gets_an_error_page(site_dir: Path, tmp_path: Path, monkeypatch, broken: str):
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    monkeypatch.chdir(site_dir.parent)
    with PreviewServer(Path("paths"), theme, port=0, log=lambda line: None) as preview:
        file = theme / broken
        good = file.read_text()
        file.write_text(good.replace('"Last updated"', "[") if broken.endswith(".yaml") else good.replace("{% block content %}", "{% block content %"))
        eventually(lambda: fetch(preview.url + "en/")[0] == 500, "the error page")
        status, html, _ = fetch(preview.url + "en/")
        assert "could not be built" in html and broken.rsplit("/", 1)[-1] in html
        file.write_text(good)
        eventually(lambda: fetch(preview.url + "en/")[0] == 200, "recovery")


def test_serve_reports_a_port_in_use(site_dir: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", port], cwd=site_dir.parent,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
