"""sitemap.xml, robots.txt and the Atom feeds: well-formed, complete, and every address real."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import context, pipeline, publishing

from .conftest import DEFAULT_THEME

BASE = "https://polku.example.fi/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"


def local_file(output: Path, url: str) -> Path:
    """The output file a published address is served from."""
    assert url.startswith(BASE), url
    relative = url[len(BASE):]
    return output / (relative + "index.html" if relative == "" or relative.endswith("/") else relative)


@pytest.fixture(scope="module")
def sitemap(built_example_site: Path) -> ET.Element:
    return ET.parse(built_example_site / "sitemap.xml").getroot()


def test_sitemap_lists_every_page_once_and_each_exists(sitemap: ET.Element, built_example_site: Path):
    locs = [url.findtext(f"{SITEMAP}loc") for url in sitemap.iter(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs)) == 1 + 3 + 3 * 3  # chooser, three fronts, three paths in three languages
    for loc in locs:
        assert local_file(built_example_site, loc).is_file(), loc
    assert f"{BASE}sv/cafe/" in locs


def test_sitemap_pages_name_their_language_versions(sitemap: ET.Element, built_example_site: Path):
    cafe = next(url for url in sitemap.iter(f"{SITEMAP}url") if url.findtext(f"{SITEMAP}loc") == f"{BASE}sv/cafe/")
    alternates = {link.get("hreflang"): link.get("href") for link in cafe.iter(f"{XHTML}link")}
    assert alternates == {"fi": f"{BASE}fi/cafe/", "sv": f"{BASE}sv/cafe/", "en": f"{BASE}en/cafe/"}
    assert cafe.findtext(f"{SITEMAP}lastmod") == "2026-10-12"
    for href in alternates.values():
        assert local_file(built_example_site, href).is_file()


def test_pages_carry_the_same_alternates_and_a_canonical_address(built_example_site: Path):
    html = (built_example_site / "sv" / "cafe" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}sv/cafe/">' in html
    for lang in ("fi", "sv", "en"):
        assert f'<link rel="alternate" hreflang="{lang}" href="{BASE}{lang}/cafe/">' in html


def test_robots_txt_points_to_the_sitemap(built_example_site: Path):
    robots = (built_example_site / "robots.txt").read_text()
    assert robots.splitlines() == ["User-agent: *", "Allow: /", "", f"Sitemap: {BASE}sitemap.xml"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_each_language_has_an_atom_feed_of_its_paths_newest_first(built_example_site: Path, lang: str):
    feed = ET.parse(built_example_site / lang / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert len(entries) == 3 and updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0] == "2026-10-19T00:00:00Z"
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 3 and all(i.startswith("tag:polku.example.fi,2026-") for i in ids)
    for link in feed.iter(f"{ATOM}link"):
        assert local_file(built_example_site, link.get("href")).is_file(), link.get("href")


def test_swedish_feed_speaks_swedish(built_example_site: Path):
    feed = ET.parse(built_example_site / "sv" / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}title") == "Polku – servicestigar: uppdaterade servicestigar"
    assert "Att söka en hyresbostad" in [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


def test_a_new_review_is_a_new_feed_entry(site_dir: Path):
    def entry_ids() -> list[str]:
        checked = pipeline.check_content(site_dir, DEFAULT_THEME)
        feed = publishing.feed(checked.content.site, context.listings(checked.content), checked.catalogues["en"])
        return [entry.findtext(f"{ATOM}id") for entry in ET.fromstring(feed).iter(f"{ATOM}entry")]

    before = entry_ids()
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("last_reviewed: 2026-10-01", "last_reviewed: 2026-11-02"))
    after = entry_ids()
    assert before == ["tag:paths.example.fi,2026-10-01:/en/kiosk"]
    assert after == ["tag:paths.example.fi,2026-11-02:/en/kiosk"]


def test_a_feed_without_paths_is_still_valid_and_reproducible(monkeypatch: pytest.MonkeyPatch, site_dir: Path):
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    empty = ET.fromstring(publishing.feed(checked.content.site, [], checked.catalogues["fi"]))
    day = dt.datetime.fromtimestamp(1790000000, dt.timezone.utc).date().isoformat()
    assert empty.findtext(f"{ATOM}updated") == f"{day}T00:00:00Z"
    assert empty.findall(f"{ATOM}entry") == []
