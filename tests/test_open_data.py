"""Open data: every path as JSON that validates against the JSON Schema published beside it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator import open_data, pipeline
from generator.model import Path as PathModel

from .conftest import DEFAULT_THEME

BASE = "https://polku.example.fi/"


def load(site: Path, name: str) -> dict:
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def validator(site: Path, name: str) -> jsonschema.Validator:
    schema = load(site, name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path_id", ["cafe", "school-application", "rental-housing"])
def test_each_path_validates_against_the_published_schema(built_example_site: Path, path_id: str):
    document = load(built_example_site, f"{path_id}.json")
    errors = [error.message for error in validator(built_example_site, "path.schema.json").iter_errors(document)]
    assert errors == []
    assert document["$schema"] == f"{BASE}data/path.schema.json"
    assert document["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert document["path"]["id"] == path_id
    assert sorted(document["pages"]) == ["en", "fi", "sv"]


def test_the_data_is_the_content_in_every_language(built_example_site: Path):
    document = load(built_example_site, "cafe.json")
    assert document["path"]["title"]["sv"] == "Att starta ett kafé eller en restaurang"
    assert PathModel.model_validate(document["path"]).id == "cafe"  # it reads back as a path
    used = {step["provider"] for phase in document["path"]["phases"] for step in phase["steps"] if "provider" in step}
    assert {provider["id"] for provider in document["providers"]} == used


def test_the_catalogue_lists_every_path_with_working_addresses(built_example_site: Path):
    catalogue = load(built_example_site, "index.json")
    assert [] == [error.message for error in validator(built_example_site, "index.schema.json").iter_errors(catalogue)]
    assert [entry["id"] for entry in catalogue["paths"]] == ["cafe", "rental-housing", "school-application"]
    for entry in catalogue["paths"]:
        assert (built_example_site / entry["data"].removeprefix(BASE)).is_file()
        for page in entry["pages"].values():
            assert (built_example_site / page.removeprefix(BASE) / "index.html").is_file()


def test_schema_rejects_what_the_model_rejects(built_example_site: Path):
    document = load(built_example_site, "cafe.json")
    document["path"]["phases"][0]["steps"][0]["required"] = "yes"
    document["path"]["owner"]["emial"] = "typo@example.fi"
    messages = [error.message for error in validator(built_example_site, "path.schema.json").iter_errors(document)]
    assert any("'yes' is not of type 'boolean'" in message for message in messages)
    assert any("'emial' was unexpected" in message for message in messages)


def test_path_pages_link_to_their_data(built_example_site: Path):
    html = (built_example_site / "sv" / "cafe" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/json" href="../../data/cafe.json">' in html
    assert '<a href="../../data/cafe.json" type="application/json">Den här anvisningen som öppna data (JSON)</a>' in html


def test_nothing_is_published_without_a_licence(site_dir: Path):
    site = site_dir / "site.yaml"
    site.write_text(site.read_text().split("open_data_licence:")[0])
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    assert open_data.open_data_files(checked.content) == {}

