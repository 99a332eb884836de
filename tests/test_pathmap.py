"""Path maps: the right structure for the café, accessible SVG, a text equivalent, same bytes every time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import pathmap, pipeline

from .conftest import DEFAULT_THEME, ROOT
from .test_build_cli import run

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def bundled() -> pipeline.Checked:
    checked = pipeline.check_content(ROOT / "paths", DEFAULT_THEME)
    assert not checked.errors
    return checked


@pytest.fixture(scope="module")
def cafe(bundled: pipeline.Checked) -> pathmap.PathMap:
    path = next(p.value for p in bundled.content.paths if p.value.id == "cafe")
    return pathmap.build_map(path, bundled.catalogues["en"])


def test_cafe_map_has_its_questions_answers_and_steps_phase_by_phase(cafe: pathmap.PathMap):
    assert [q.id for q in cafe.questions] == ["premises", "details"]
    assert sum(len(q.options) for q in cafe.questions) == 7
    assert [p.id for p in cafe.phases] == ["preparation", "before-opening", "after-opening"]
    assert len(cafe.steps()) == 21
    assert [s.label for s in cafe.phases[0].steps][:3] == ["1.", "2.", "(or)"]  # numbered as on the page


def test_answers_switch_steps_on_and_off_as_their_conditions_say(cafe: pathmap.PathMap):
    options = {o.id: o for q in cafe.questions for o in q.options}
    assert options["new-premises"].on == ["new-premises-permit", "final-inspection"]  # also inside an 'any'
    assert options["alcohol"].on == ["alcohol-licence"]
    assert options["change-of-owner"].on == ["close-previous-permits"]
    assert options["change-of-owner"].off == ["housing-company-consent"]  # under a 'not'
    assert options["no-music"].off == ["music-licence"]
    assert cafe.dead_ends() == []
    assert cafe.steps()["business-plan"].applies_if is None
    assert cafe.steps()["alcohol-licence"].applies_if == "you sell alcohol"


def test_an_answer_that_changes_nothing_is_a_dead_end(bundled: pipeline.Checked, site_dir: Path):
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("            - not: {question: sells, chosen: tobacco}\n", ""))
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    drawn = pathmap.build_map(checked.content.paths[0].value, checked.catalogues["en"])
    assert [o.id for o in drawn.dead_ends()] == ["tobacco", "indoors"]
    svg = pathmap.svg(drawn, checked.catalogues["en"])
    assert svg.count("changes no step") == 2 and 'stroke-dasharray="4 3"' in svg
    assert "**changes no step**" in pathmap.markdown(drawn, checked.catalogues["en"])


def test_svg_is_an_accessible_image_with_one_line_per_switch(cafe: pathmap.PathMap, bundled: pipeline.Checked):
    root = ET.fromstring(pathmap.svg(cafe, bundled.catalogues["en"]))
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Map: Starting a café or restaurant"
    assert desc.text == "2 questions with 7 answers in all; 21 steps. Steps that depend on the answers: 8."
    switches = sum(len(o.on) + len(o.off) for q in cafe.questions for o in q.options)
    edges = [p for p in root.iter(f"{SVG}path") if p.get("marker-end")]
    assert len(edges) == switches + 2  # and the legend's two samples
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "7. Apply for a licence to serve alcohol" in texts
    assert "style=" not in pathmap.svg(cafe, bundled.catalogues["en"])  # nothing a strict CSP would block


def test_layout_is_deterministic(bundled: pipeline.Checked):
    path = next(p.value for p in bundled.content.paths if p.value.id == "cafe")
    t = bundled.catalogues["fi"]
    first = pathmap.svg(pathmap.build_map(path, t), t)
    assert first == pathmap.svg(pathmap.build_map(path, t), t)
    assert "Kartta: Kahvilan tai ravintolan perustaminen" in first


def test_text_equivalent_says_the_same_in_words(cafe: pathmap.PathMap, bundled: pipeline.Checked):
    text = pathmap.markdown(cafe, bundled.catalogues["en"])
    assert "  - *I sell or serve alcohol*: switches on: 7. Apply for a licence to serve alcohol" in text
    assert "switches off: 4. Ask the housing company to consent to a restaurant" in text
    assert "- 1. Make a business plan and ask for advice – for everyone" in text
    assert re.search(r"^### After opening$", text, re.M)


def test_map_command_writes_svg_and_words(site_dir: Path):
    result = run("map", "kiosk", "--lang", "en", cwd=site_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Wrote kiosk-map.svg and kiosk-map.md.\n"
    assert (site_dir.parent / "kiosk-map.svg").read_text().startswith("<svg ")
    assert "# Map: Opening a kiosk" in (site_dir.parent / "kiosk-map.md").read_text()
    unknown = run("map", "kiosc", cwd=site_dir.parent)
    assert unknown.returncode == 2 and "did you mean 'kiosk'?" in unknown.stderr


def test_map_command_reports_the_path_s_own_errors(site_dir: Path):
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("chosen: food", "chosen: fod"))
    result = run("map", "kiosk", cwd=site_dir.parent)
    assert result.returncode == 1 and "unknown answer 'fod'" in result.stderr
    assert not (site_dir.parent / "kiosk-map.svg").exists()
