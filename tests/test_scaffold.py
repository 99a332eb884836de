"""`build.py new <id>`: a commented path file in every site language that builds as it is."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema

from generator import pipeline
from generator.model import Grouping, SiteConfig, Text
from generator.scaffold import render

from .conftest import DEFAULT_THEME, ROOT
from .test_build_cli import run
from .test_schema import yaml_as_editors_see_it


def test_new_path_builds_at_once_with_its_pages(site_dir: Path, tmp_path: Path):
    result = run("new", "parking-permit", cwd=site_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Created paths/parking-permit.yaml.")
    built = pipeline.build(site_dir, tmp_path / "out", DEFAULT_THEME)
    assert isinstance(built, pipeline.Built), getattr(built, "errors", built)
    page = (tmp_path / "out" / "en" / "parking-permit" / "index.html").read_text()
    assert "New service path" in page and "Applies to you if you chose the second option" in page


def test_new_path_is_commented_and_dated_from_source_date_epoch(site_dir: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21
    run("new", "parking-permit", cwd=site_dir.parent)
    text = (site_dir / "parking-permit.yaml").read_text()
    assert text.splitlines()[0].startswith("# yaml-language-server: $schema=")
    assert "last_reviewed: 2026-09-21\nreview_by: 2027-03-22\n" in text
    assert "# provider: permits" in text  # the providers there are, for the editor to pick
    assert "docs/editing.md" in text


def test_new_path_has_every_site_language_and_fits_the_schema():
    site = SiteConfig(languages=["fi", "sv", "en"], life_events=[Grouping(id="moving", title=Text({"fi": "Muutto", "sv": "Flytt", "en": "Moving"}))])
    text = render("moving-home", site, [], "../schema/path.schema.json", dt.date(2026, 1, 1))
    data = yaml_as_editors_see_it(text)
    assert data["languages"] == ["fi", "sv", "en"]
    assert set(data["title"]) == {"fi", "sv", "en"} and data["title"]["sv"] == "Ny servicestig"
    schema = json.loads((ROOT / "schema" / "path.schema.json").read_text())
    assert list(jsonschema.Draft7Validator(schema).iter_errors(data)) == []


def test_new_refuses_to_overwrite_and_checks_the_id(site_dir: Path):
    kiosk = (site_dir / "kiosk.yaml").read_text()
    for args, message in ((["new", "kiosk"], "already exists"), (["new", "Kiosk_2"], "is not a valid id"),
                          (["new", "providers"], "reserved for providers.yaml")):
        result = run(*args, cwd=site_dir.parent)
        assert result.returncode == 2 and message in result.stderr
    assert (site_dir / "kiosk.yaml").read_text() == kiosk


def test_new_needs_a_life_event_to_put_the_path_in(tmp_path: Path):
    (tmp_path / "paths").mkdir()
    result = run("new", "first-path", cwd=tmp_path)
    assert result.returncode == 2 and "defines no life_events" in result.stderr
    assert not (tmp_path / "paths" / "first-path.yaml").exists()
