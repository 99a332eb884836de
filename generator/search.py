"""Site search: a Pagefind index of the rendered path pages, one index per language.

Pagefind (https://pagefind.app) reads each page's `<html lang>` and builds a separate,
stemmed index per language, which its script fetches piece by piece in the browser, so
search works on any static host with no server code. Only the parts of a page marked
`data-pagefind-body` are indexed (the path pages' main content).

The index is built from the pages in the staging folder of the next output, once every
page is there and the links are checked, and added to it before it is swapped in, so a
failed index leaves the previous site exactly as it was.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from fnmatch import fnmatch
from pathlib import Path

from .context import SEARCH_BUNDLE

# Pagefind's ready-made interfaces; the theme has its own small script instead.
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
ENTRY = "pagefind-entry.json"
BINARY_VARIABLE = "PAGEFIND_BINARY_PATH"  # where the pagefind package looks for another program
INSTALL_HINT = "install it with: python -m pip install 'pagefind[bin]', or set search: false in site.yaml"


class SearchError(Exception):
    """The search index could not be built (Pagefind missing or failing)."""


def pagefind_binary() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise SearchError(f"Pagefind is not installed; {INSTALL_HINT}") from None
    try:
        binary = get_executable()
    except FileNotFoundError:
        binary = None
    if binary is None or not binary.is_file():
        raise SearchError(f"the Pagefind program was not found; {INSTALL_HINT}")
    return binary


def build_index(site: Path, keep_index_url: bool, in_background: bool = False) -> dict[str, bytes]:
    """The search bundle for the HTML pages in the folder `site`, as `pagefind/…` output files.

    `keep_index_url` makes result links end in index.html, for sites that link that way.
    `in_background` runs Pagefind at the lowest priority (where `nice` exists), so that it
    takes only the processor time that nothing else wants (the preview's rebuilds).
    """
    binary = pagefind_binary()
    nice = shutil.which("nice") if in_background else None
    with tempfile.TemporaryDirectory(prefix="polku-search-") as scratch:
        bundle = Path(scratch) / "bundle"
        # Only the guide pages (fi/cafe/index.html) carry data-pagefind-body: reading just
        # pages at that depth gives the same index in two thirds of the time.
        command = ([nice, "-n", "19"] if nice else []) + [str(binary), "--site", str(site), "--output-path", str(bundle), "--silent", "--glob", "*/*/index.html"]
        if keep_index_url:
            command.append("--keep-index-url")
        try:
            subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
        except subprocess.CalledProcessError as exc:
            detail = (exc.stderr or exc.stdout or "").strip().splitlines()
            raise SearchError(f"Pagefind failed: {detail[-1] if detail else f'exit status {exc.returncode}'}") from None
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchError(f"Pagefind could not be run: {exc}") from None
        return {
            f"{SEARCH_BUNDLE}/{file.relative_to(bundle).as_posix()}": _reproducible(file)
            for file in sorted(bundle.rglob("*"))
            if file.is_file() and not any(fnmatch(file.name, pattern) for pattern in UNUSED)
        }


def _reproducible(file: Path) -> bytes:
    """The file's bytes; Pagefind lists the languages in its entry file in random order."""
    if file.name != ENTRY:
        return file.read_bytes()
    entry = json.loads(file.read_bytes())
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
