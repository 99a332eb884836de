"""The page weight budget, on the bundled example site: what a resident's phone downloads.

- the HTML of every page at most 14 KiB gzipped, so it arrives in the first round trip
  (TCP's initial congestion window is ten packets, about 14 KiB);
- all CSS together at most 20 KiB gzipped, all JavaScript of assets/ at most 10 KiB; only
  the search page loads assets/search.js, which loads the Pagefind bundle (pagefind/) when
  someone searches, so neither counts;
- no web fonts, and no asset (stylesheet, script, image, icon…) from another site.

Sizes are gzip at level 6, what web servers commonly use.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.load import load_file
from generator.model import SiteConfig

from .conftest import ROOT

KIB = 1024
HTML_BUDGET, CSS_BUDGET, JS_BUDGET = 14 * KIB, 20 * KIB, 10 * KIB
LAZY_SEARCH = ("pagefind/", "assets/search.js")
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
# <link rel> values that make the browser download something.
FETCHING_RELS = {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "manifest", "preload", "modulepreload", "prefetch"}
ASSET_ATTRIBUTES = {"script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"),
                    "audio": ("src",), "track": ("src",), "iframe": ("src",), "embed": ("src",), "object": ("data",),
                    "input": ("src",)}


@pytest.fixture
def site(built_example_site: Path) -> Path:
    return built_example_site


def gzipped(file: Path) -> int:
    return len(gzip.compress(file.read_bytes(), compresslevel=6))


def files(site: Path, suffix: str) -> list[Path]:
    return [file for file in sorted(site.rglob(f"*{suffix}"))
            if not file.relative_to(site).as_posix().startswith(LAZY_SEARCH)]


def test_every_page_arrives_in_the_first_round_trip(site: Path):
    pages = files(site, ".html")
    assert len(pages) >= 10
    too_heavy = {page.relative_to(site).as_posix(): gzipped(page) for page in pages if gzipped(page) > HTML_BUDGET}
    assert too_heavy == {}


def test_stylesheets_and_scripts_stay_within_budget(site: Path):
    scripts = files(site, ".js")
    assert {file.name for file in scripts} >= {"polku.js", "feedback.js"}
    assert 0 < sum(gzipped(file) for file in files(site, ".css")) <= CSS_BUDGET
    assert sum(gzipped(file) for file in scripts) <= JS_BUDGET


def test_no_web_fonts(site: Path):
    assert [file.name for file in site.rglob("*") if file.suffix.lower() in FONT_SUFFIXES] == []
    for stylesheet in files(site, ".css"):
        assert "@font-face" not in stylesheet.read_text(encoding="utf-8")


def test_every_asset_comes_from_the_site_itself(site: Path):
    settings = load_file(ROOT / "paths" / "site.yaml", "site.yaml").data
    own_host = urlsplit(SiteConfig.model_validate(settings).base_url).netloc
    foreign = []
    for page in files(site, ".html"):
        finder = _AssetFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        foreign += [(page.relative_to(site).as_posix(), url) for url in finder.urls if _is_foreign(url, own_host)]
    for stylesheet in files(site, ".css"):
        text = stylesheet.read_text(encoding="utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        foreign += [(stylesheet.name, url) for url in urls if _is_foreign(url, own_host)]
    assert foreign == []


def test_the_asset_check_would_notice_a_third_party_asset():
    finder = _AssetFinder()
    finder.feed('<link rel="stylesheet" href="https://cdn.example.com/x.css"><link rel="canonical" href="https://a.fi/">'
                '<script src="//cdn.example.com/x.js"></script><img srcset="/a.png 1x, https://img.example.com/b.png 2x">'
                '<a href="https://elsewhere.example.com/">a link is not an asset</a>')
    assert [url for url in finder.urls if _is_foreign(url, "polku.example.fi")] == [
        "https://cdn.example.com/x.css", "//cdn.example.com/x.js", "https://img.example.com/b.png"]


def _is_foreign(url: str, own_host: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme == "data":
        return False
    return bool(parts.netloc) and parts.netloc != own_host


class _AssetFinder(HTMLParser):
    """Collects the URLs a browser would download to show a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            if FETCHING_RELS & set(values.get("rel", "").lower().split()):
                self.urls.append(values.get("href", ""))
            return
        for name in ASSET_ATTRIBUTES.get(tag, ()):
            if name == "srcset":
                self.urls += [candidate.split()[0] for candidate in values.get(name, "").split(",") if candidate.strip()]
            elif values.get(name):
                self.urls.append(values[name])
