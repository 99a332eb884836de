"""feedback-index.json in the built site: what the receiver and the report know about each path."""

from __future__ import annotations

import json
from pathlib import Path

from feedback import protocol
from generator import pipeline
from generator.feedback_index import content_version, index_json

from .conftest import DEFAULT_THEME


def checked(site_dir: Path) -> pipeline.Checked:
    result = pipeline.check_content(site_dir, DEFAULT_THEME)
    assert not result.errors
    return result


def test_the_built_site_has_the_index(built_fixture_site: Path):
    index = json.loads((built_fixture_site / protocol.INDEX_FILE).read_text(encoding="utf-8"))
    assert (index["format"], index["base_url"], index["languages"]) == (2, "https://paths.example.fi/", ["fi", "en"])
    kiosk = index["paths"]["kiosk"]
    assert list(kiosk["steps"]) == ["register", "food-notice", "street-permit", "open-doors"]
    assert kiosk["steps"]["register"] == {"fi": "Rekisteröi yritys", "en": "Register the company"}
    assert kiosk["languages"] == ["fi", "en"] and kiosk["reply_within_working_days"] == 5
    assert set(index["messages"]["fi"]) == set(protocol.RECEIVER_MESSAGES)
    assert index["messages"]["en"]["feedback_back"] == "Back to the guide: {title}"  # filled in by the receiver


def test_the_content_version_follows_the_content_as_read_in_its_language_and_nothing_else(site_dir: Path):
    first = checked(site_dir)

    def versions(result: pipeline.Checked) -> dict[str, str]:
        return {lang: content_version(result.content.paths[0].value, lang) for lang in ("fi", "en")}

    before = versions(first)
    assert all(len(version) == 16 for version in before.values()) and before["fi"] != before["en"]
    again = checked(site_dir)
    assert again.content.paths[0].value.provider_ids  # a cached property, kept beside the fields: not content
    assert versions(again) == before
    assert index_json(first.content, first.catalogues) == index_json(first.content, first.catalogues)
    assert json.loads(index_json(first.content, first.catalogues))["paths"]["kiosk"]["version"] == before

    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("en: Open the doors", "en: Open the door"))
    after = versions(checked(site_dir))
    assert after["en"] != before["en"] and after["fi"] == before["fi"]  # a Finnish reader read the same
    kiosk.write_text(kiosk.read_text().replace("date: 2027-05-01", "date: 2027-05-02"))
    assert all(version != after[lang] for lang, version in versions(checked(site_dir)).items())  # not text: both
