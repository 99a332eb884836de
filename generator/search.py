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
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Collection, Iterable

from .context import SEARCH_BUNDLE

# Pagefind's ready-made interfaces; the theme has its own small script instead.
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")
ENTRY_FILE = f"{SEARCH_BUNDLE}/pagefind-entry.json"
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


def build_index(site: Path, keep_index_url: bool, languages: Collection[str],
                in_background: bool = False) -> dict[str, dict[str, bytes]]:
    """Each of `languages`' part of the search bundle for the HTML pages in the folder `site`:
    its `pagefind/…` files, with an entry file that lists that language alone (`join` makes
    the bundle of several). Each language is indexed by its own Pagefind run, the runs side by
    side, one per processor.

    Pagefind indexes every language on its own, so the parts joined are byte for byte the
    bundle of one run over all of them (tests/test_search.py); an edit in one language then
    makes only that language's part again, in half the time on a bilingual site.

    `keep_index_url` makes result links end in index.html, for sites that link that way.
    `in_background` runs Pagefind at the lowest priority (where `nice` exists), so that it
    takes only the processor time that nothing else wants (the preview's rebuilds).
    """
    binary = pagefind_binary()
    nice = shutil.which("nice") if in_background else None

    def index(lang: str) -> dict[str, bytes]:
        return _index_language(site, lang, ([nice, "-n", "19"] if nice else []) + [str(binary)], keep_index_url)

    with ThreadPoolExecutor(max_workers=side_by_side(site, languages)) as pool:
        return dict(zip(languages, pool.map(index, languages)))


# Pagefind holds about eight times the bytes of the pages it indexes (388 MB for 47 MB of
# guide pages, 3.7 GB for 470 MB); a little more, to be safe.
MEMORY_PER_PAGE_BYTE = 9


def side_by_side(site: Path, languages: Collection[str]) -> int:
    """How many languages to index at once: one per processor, as long as the memory they
    are expected to need fits in what the machine has available. A large site on a small
    machine is indexed a language at a time rather than not at all (two runs side by side
    at 10,000 paths need 7.4 GB)."""
    most = max(1, min(len(languages), os.cpu_count() or 1))
    available = available_memory()
    if available is None or most == 1:
        return most
    needs = sorted((MEMORY_PER_PAGE_BYTE * sum(page.stat().st_size for page in site.glob(f"{lang}/*/index.html"))
                    for lang in languages), reverse=True)
    count = 1
    while count < most and sum(needs[:count + 1]) <= available:
        count += 1
    return count


def available_memory() -> int | None:
    """Bytes the system can give without swapping (Linux's MemAvailable); None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


def _index_language(site: Path, lang: str, program: list[str], keep_index_url: bool) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="polku-search-") as scratch:
        bundle = Path(scratch) / "bundle"
        # Only the guide pages (fi/cafe/index.html) carry data-pagefind-body: reading just
        # pages at that depth gives the same index in two thirds of the time.
        command = program + ["--site", str(site), "--output-path", str(bundle), "--silent", "--glob", f"{lang}/*/index.html"]
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
            f"{SEARCH_BUNDLE}/{file.relative_to(bundle).as_posix()}": file.read_bytes()
            for file in sorted(bundle.rglob("*"))
            if file.is_file() and not any(fnmatch(file.name, pattern) for pattern in UNUSED)
        }


def join(parts: Iterable[dict[str, bytes]]) -> dict[str, bytes]:
    """The bundle of several languages' parts: all their files (Pagefind's script and shared
    files are the same in each) and one entry file listing every language."""
    files: dict[str, bytes] = {}
    entries = []
    for part in parts:
        files.update(part)
        entries.append(part[ENTRY_FILE])
    if entries:
        files[ENTRY_FILE] = join_entries(entries)
    return files


def join_entries(entries: Iterable[bytes]) -> bytes:
    """One entry file from each language's: Pagefind's version and settings, every language
    (written with sorted keys: Pagefind lists the languages in random order)."""
    joined: dict[str, Any] = {}
    for entry in entries:
        record = json.loads(entry)
        languages = {**joined.get("languages", {}), **record["languages"]}
        joined = {**record, "languages": languages}
    return json.dumps(joined, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
