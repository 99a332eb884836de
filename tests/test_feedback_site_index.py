"""The built site's feedback-index.json as the receiver reads it, and re-reads it after a build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from feedback import protocol
from feedback.site_index import LiveIndex, SiteIndexError, load


def test_addresses_and_titles(built_fixture_site: Path):
    index = load(built_fixture_site)
    assert index.origin == "https://paths.example.fi"
    assert index.page_url("kiosk", "en") == "https://paths.example.fi/en/kiosk/#feedback"
    assert index.page_url("kiosk", "fi", "register") == "https://paths.example.fi/fi/kiosk/#step-register"
    assert index.home_url("sv") == "https://paths.example.fi/fi/"  # not a site language: the default
    assert index.title("kiosk") == "Kioskin perustaminen"
    assert index.title("kiosk", "register", "en") == "Register the company"
    assert index.title("gone", "step") == "step"
    assert index.message("en", "feedback_back", title="X") == "Back to the guide: X"


def test_a_missing_or_foreign_index_is_a_usage_error(tmp_path: Path):
    with pytest.raises(SiteIndexError, match="not found: build the site first"):
        load(tmp_path)
    (tmp_path / protocol.INDEX_FILE).write_text('{"format": 99}')
    with pytest.raises(SiteIndexError, match="not a feedback index of format 2"):
        load(tmp_path)
    (tmp_path / protocol.INDEX_FILE).write_text('{"format": 2, "paths": []}')
    with pytest.raises(SiteIndexError, match="damaged"):
        load(tmp_path)


def test_an_index_from_an_older_build_without_the_receivers_messages_is_refused(built_fixture_site: Path, tmp_path: Path):
    data = json.loads((built_fixture_site / protocol.INDEX_FILE).read_text())
    del data["messages"]["en"]["feedback_error_later"]
    (tmp_path / protocol.INDEX_FILE).write_text(json.dumps(data))
    with pytest.raises(SiteIndexError, match="lacks the messages feedback_error_later; rebuild the site"):
        load(tmp_path)


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_rebuilt_site_is_picked_up_without_a_restart(built_fixture_site: Path, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built_fixture_site, site)
    clock = Clock()
    live = LiveIndex(site, clock)
    data = json.loads((site / protocol.INDEX_FILE).read_text())
    data["paths"]["kiosk-2"] = {**data["paths"]["kiosk"]}
    replacement = site / "new.json"
    replacement.write_text(json.dumps(data))
    replacement.replace(site / protocol.INDEX_FILE)  # a build swaps files in whole
    assert "kiosk-2" not in live.current().paths  # checked at most once a second
    clock.now += 2
    assert "kiosk-2" in live.current().paths


def test_a_broken_new_index_keeps_the_old_one(built_fixture_site: Path, tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(built_fixture_site, site)
    clock = Clock()
    live = LiveIndex(site, clock)
    (site / protocol.INDEX_FILE).unlink()
    (site / protocol.INDEX_FILE).write_text("{")
    clock.now += 2
    assert "kiosk" in live.current().paths
