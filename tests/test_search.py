"""Site search: a Pagefind index per language, a search page that works under a strict CSP,
and a way on when search cannot run (no JavaScript, or the site opened from disk)."""

from __future__ import annotations

import fnmatch
import json
import os
import subprocess
from pathlib import Path

import pytest

from generator import pipeline, search, write
from generator.memo import Memo

from .conftest import DEFAULT_THEME, files_of
from .test_build_cli import run

STRICT = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# What README.md tells publishers to send for the search pages and the index: WebAssembly.
WITH_WASM = STRICT.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")


def test_one_index_per_language_holding_only_the_path_pages(built_example_site: Path):
    entry = json.loads((built_example_site / "pagefind" / "pagefind-entry.json").read_text())
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 3, "fi": 3, "sv": 3}


def test_only_what_the_search_page_uses_is_published(built_example_site: Path):
    names = {file.name for file in (built_example_site / "pagefind").iterdir()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.sv.pagefind"} <= names
    assert not [name for name in names if "-ui." in name or name == "pagefind-highlight.js"]


def test_every_language_has_a_search_page_and_a_form_on_its_front_page(built_example_site: Path):
    front = (built_example_site / "sv" / "index.html").read_text(encoding="utf-8")
    assert '<form class="search-form" role="search" action="search/" method="get"' in front
    page = (built_example_site / "sv" / "search" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/search.js" defer></script>' in page
    assert 'data-one="{n} träff för ”{query}”"' in page
    assert "search.js" not in front  # the script is loaded only where it is used


def test_search_can_be_switched_off(site_dir: Path, tmp_path: Path):
    (site_dir / "site.yaml").write_text((site_dir / "site.yaml").read_text() + "search: false\n")
    result = pipeline.build(site_dir, tmp_path / "out", DEFAULT_THEME)
    assert isinstance(result, pipeline.Built)
    assert not (tmp_path / "out" / "pagefind").exists() and not (tmp_path / "out" / "fi" / "search").exists()
    assert "search" not in (tmp_path / "out" / "fi" / "index.html").read_text()


def test_a_missing_pagefind_is_a_clear_error_and_leaves_the_site_alone(site_dir: Path, monkeypatch: pytest.MonkeyPatch):
    assert run("build", cwd=site_dir.parent).returncode == 0
    output = site_dir.parent / "output"
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(site_dir / "no-such-pagefind"))
    with pytest.raises(search.SearchError, match=r"pip install 'pagefind\[bin\]'"):
        search.pagefind_binary()
    failed = run("build", cwd=site_dir.parent)
    assert failed.returncode == 1
    assert failed.stderr.startswith("build.py: search index: the Pagefind program was not found")
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert (output / write.MARKER).is_file()


def test_the_languages_indexed_apart_make_the_bundle_of_one_run_over_all(built_example_site: Path, tmp_path: Path):
    whole = tmp_path / "whole"
    subprocess.run([str(search.pagefind_binary()), "--site", str(built_example_site), "--output-path", str(whole),
                    "--silent", "--glob", "*/*/index.html"], check=True, capture_output=True)
    expected = {f"pagefind/{file.relative_to(whole).as_posix()}": file.read_bytes()
                for file in whole.rglob("*") if file.is_file() and not fnmatch.fnmatch(file.name, "pagefind*ui*")
                and file.name != "pagefind-highlight.js"}
    entry = json.loads(expected.pop(search.ENTRY_FILE))
    joined = search.join(search.build_index(built_example_site, False, ["fi", "sv", "en"]).values())
    assert json.loads(joined.pop(search.ENTRY_FILE)) == entry
    assert joined == expected


def test_languages_are_indexed_side_by_side_only_while_their_memory_fits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for lang, size in (("fi", 3000), ("sv", 2000), ("en", 1000)):
        (tmp_path / lang / "cafe").mkdir(parents=True)
        (tmp_path / lang / "cafe" / "index.html").write_bytes(b"x" * size)
    (tmp_path / "fi" / "index.html").write_bytes(b"x" * 10**6)  # a front page: not indexed
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    need = search.MEMORY_PER_PAGE_BYTE
    for available, expected in ((None, 2), (10**9, 2), (need * 5000, 2), (need * 4999, 1), (0, 1)):
        monkeypatch.setattr(search, "available_memory", lambda: available)
        assert search.side_by_side(tmp_path, ["fi", "sv", "en"]) == expected, available
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(search, "available_memory", lambda: need * 6000)
    assert search.side_by_side(tmp_path, ["fi", "sv", "en"]) == 3
    assert search.available_memory() is None or search.available_memory() > 0


def test_an_edit_shown_in_one_language_indexes_only_that_language_again(site_dir: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    indexed: list[list[str]] = []
    real = search.build_index
    monkeypatch.setattr(search, "build_index", lambda site, keep, languages: indexed.append(list(languages))
                        or real(site, keep, languages))
    memo, output = Memo(), tmp_path / "out"
    known = pipeline.build(site_dir, output, DEFAULT_THEME, memo=memo).digests
    kiosk = site_dir / "kiosk.yaml"  # its Finnish summary: on its Finnish pages, on no English one
    kiosk.write_text(kiosk.read_text(encoding="utf-8").replace("Luvat ja ilmoitukset", "Luvat", 1), encoding="utf-8")
    pipeline.build(site_dir, output, DEFAULT_THEME, memo=memo, known=known)
    assert indexed == [["fi", "en"], ["fi"]]
    pipeline.build(site_dir, tmp_path / "clean", DEFAULT_THEME)
    assert files_of(output) == files_of(tmp_path / "clean")


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def served_example(built_example_site: Path):
    from scripts.chromium import serve

    with serve(built_example_site) as base:
        yield base


def _with_csp(route) -> None:  # type: ignore[no-untyped-def]
    """Serve every file with the site's strict policy; WebAssembly only where search needs it."""
    response = route.fetch()
    url = route.request.url
    policy = WITH_WASM if "/search/" in url or "/pagefind/" in url else STRICT
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})


@pytest.mark.browser
def test_a_swedish_search_finds_the_swedish_page_under_a_strict_csp(browser, served_example: str):
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.route("**/*", _with_csp)

    page.goto(served_example + "sv/")
    page.get_by_label("Sök bland servicestigarna").fill("hyresgaranti")
    page.get_by_label("Sök bland servicestigarna").press("Enter")
    page.locator("#search-list a").first.wait_for(timeout=15_000)

    assert page.url.endswith("/sv/search/?q=hyresgaranti")
    assert page.locator("#search-status").inner_text() == "1 träff för ”hyresgaranti”"
    assert page.locator("#search-list a").first.get_attribute("href").endswith("/sv/rental-housing/")
    assert page.locator("#search-list mark").first.inner_text().lower().startswith("hyresgarant")
    assert page.get_by_label("Sök bland servicestigarna").input_value() == "hyresgaranti"
    assert problems == []
    context.close()


@pytest.mark.browser
def test_a_query_with_no_match_says_so(browser, served_example: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_example + "en/search/?q=zebracrossingxyz")
    page.locator("#search-status", has_text="No results").wait_for()
    assert page.locator("#search-list li").count() == 0
    context.close()


@pytest.mark.browser
def test_without_javascript_the_search_page_leads_to_the_list_of_all_paths(browser, served_example: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_example + "fi/search/?q=kahvila")
    link = page.get_by_role("link", name="etusivulta")
    assert link.is_visible()
    link.click()
    assert page.url.endswith("/fi/")
    assert page.get_by_role("link", name="Kahvilan tai ravintolan perustaminen").is_visible()
    context.close()


@pytest.mark.browser
def test_opened_from_disk_the_search_page_explains_and_keeps_the_way_on(browser, built_example_site: Path):
    context = browser.new_context()
    page = context.new_page()
    page.goto((built_example_site / "sv" / "search" / "index.html").as_uri() + "?q=kafé")
    page.locator("#search-status", has_text="Sökningen kunde inte laddas.").wait_for()
    assert page.get_by_role("link", name="startsidan").is_visible()
    context.close()
