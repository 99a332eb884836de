"""Stage 4: page contexts — numbering, wording, formats and links resolved per language."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from generator import context, pipeline
from generator.model import SiteConfig

from .conftest import DEFAULT_THEME
from .samples import add_swedish_to_site


@pytest.fixture
def pages(site_dir: Path) -> dict[str, context.Page]:
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    assert not checked.errors
    return {page.output: page for page in context.build_pages(checked.content, checked.catalogues)}


def steps(page: context.Page) -> list[dict]:
    return [step for phase in page.context["path"]["phases"] for step in phase["steps"]]


def test_one_page_per_path_and_language_plus_search_statement_root_and_404(pages):
    assert sorted(pages) == ["404.html", "en/accessibility/index.html", "en/kiosk/index.html",
                             "en/search/index.html", "fi/accessibility/index.html",
                             "fi/kiosk/index.html", "fi/search/index.html", "index.html"]


def test_a_front_page_shows_each_path_by_its_card_grouped_by_life_event(site_dir: Path):
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    site, catalogues, listed = checked.content.site, checked.catalogues, context.listings(checked.content)
    page = context.index_page(site, catalogues["en"], catalogues, listed, lambda path: f"the card of {path.id}")
    assert page.output == "en/index.html" and page.context["statement_url"] == "accessibility/"
    assert [(group["title"], group["cards"]) for group in page.context["groups"]] == [("Business", ["the card of kiosk"])]
    assert context.card_values(site, catalogues["en"], listed[0])["item"] == {
        "title": "Opening a kiosk", "summary": "Permits and notifications for a kiosk.", "url": "kiosk/",
        "audience": ["Businesses"]}


def test_and_or_steps_share_the_number_of_the_step_before(pages):
    en = steps(pages["en/kiosk/index.html"])
    assert [(s["number"], s["label"]) for s in en] == [(1, "1"), (1, "and"), (1, "or"), (2, "2")]
    assert [s["label"] for s in steps(pages["fi/kiosk/index.html"])] == ["1", "ja", "tai", "2"]


def test_conditions_are_put_in_words(pages):
    en = steps(pages["en/kiosk/index.html"])
    assert en[0]["applies_if"] is None
    assert en[1]["applies_if"] == "you sell food"
    assert en[2]["applies_if"] == "you chose “Outdoors” and you did not choose “Tobacco”"
    assert steps(pages["fi/kiosk/index.html"])[2]["applies_if"] == "valitsit ”Ulkona” ja et valinnut vaihtoehtoa ”Tupakkaa”"


def test_money_dates_and_durations_follow_the_language(pages):
    en, fi = steps(pages["en/kiosk/index.html"]), steps(pages["fi/kiosk/index.html"])
    assert en[0]["cost"]["text"] == "€60"
    assert fi[0]["cost"]["text"] == "60\xa0€"
    assert en[2]["cost"]["text"] == "€120–€340.50"
    assert [(d["label"], d["text"], d["iso"]) for d in en[1]["dates"]] == [
        ("Deadline", "29 April every year", None), ("Decision", "in May", None)]
    assert en[3]["dates"][0]["text"] == "1 May 2027" and en[3]["dates"][0]["iso"] == "2027-05-01"
    assert fi[1]["duration"]["text"] == "noin 4 viikkoa"


def test_provider_details_are_formatted_for_the_reader(pages):
    provider = pages["fi/kiosk/index.html"].context["path"]["providers"][0]
    visit, phone = provider["channels"][0], provider["channels"][1]
    assert visit["address_lines"] == ["Testikatu 1", "00100 Helsinki"]
    assert visit["hours"] == [{"days": "ma–pe", "days_long": "maanantai–perjantai", "time": "8.15–16.00"}]
    assert visit["exceptions"][0]["text"] == "suljettu"
    assert visit["languages"] == "Suomi, Svenska, English"
    assert phone["href"] == "tel:+358931010000"
    quick = steps(pages["en/kiosk/index.html"])[1]["provider"]["quick"]
    assert [c["type"] for c in quick] == ["phone", "e-service"]


def test_topic_grid_groups_steps_by_topic_then_phase(pages):
    grid = pages["en/kiosk/index.html"].context["path"]["topics"]
    assert [(t["title"], [(c["phase"], [s["title"] for s in c["steps"]]) for c in t["phases"]]) for t in grid] == [
        ("Premises", [("Preparation", ["Food premises notification"])])]


def test_links_between_pages_are_relative(pages):
    page = pages["en/kiosk/index.html"].context
    assert page["home_url"] == "../"
    assert page["assets"] == "../../assets/"
    assert page["alternates"] == [{"lang": "fi", "name": "Suomi", "url": "../../fi/kiosk/", "available": True,
                                   "text": "Suomi"}]
    assert page["search_url"] == "../search/"
    assert page["feed_url"] == "../feed.xml"
    assert page["canonical_url"] == "https://paths.example.fi/en/kiosk/"
    assert pages["index.html"].context["choices"][0]["url"] == "fi/"


def test_404_links_are_absolute_because_it_is_served_at_any_depth(pages):
    page = pages["404.html"].context
    assert page["assets"] == "/assets/"
    assert [choice["url"] for choice in page["choices"]] == ["/fi/", "/en/"]


def test_file_urls_for_opening_the_site_from_disk():
    urls = context.Urls(SiteConfig(clean_urls=False), "en/kiosk")
    assert urls.page("fi/kiosk") == "../../fi/kiosk/index.html"
    assert urls.page("en") == "../index.html"
    assert context.Urls(SiteConfig(), "").page("") == ""


def test_switcher_says_when_a_path_is_not_in_a_language_and_offers_its_front_page(site_dir: Path):
    add_swedish_to_site(site_dir / "site.yaml")
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    assert not checked.errors
    pages = {page.output: page for page in context.build_pages(checked.content, checked.catalogues)}
    assert "sv/kiosk/index.html" not in pages and "sv/search/index.html" in pages
    switcher = pages["fi/kiosk/index.html"].context["alternates"]
    assert switcher == [
        {"lang": "sv", "name": "Svenska", "url": "../../sv/", "available": False,
         "text": "Svenska – anvisningen finns inte på svenska"},
        {"lang": "en", "name": "English", "url": "../../en/kiosk/", "available": True, "text": "English"},
    ]
    assert [v["lang"] for v in pages["fi/kiosk/index.html"].context["versions"]] == ["fi", "en"]


def test_search_page_knows_where_the_index_is(pages):
    search = pages["fi/search/index.html"].context
    assert search["search"] == {"bundle": "../../pagefind/"}
    assert search["title"] == "Haku – Testipolut"
    assert [alternate["url"] for alternate in search["alternates"]] == ["../../en/search/"]


def test_accessibility_statement_in_each_language(pages):
    en = pages["en/accessibility/index.html"].context["statement"]
    assert en["status"] == "The website meets the accessibility requirements in part."
    assert [(g["title"], g["criteria"], g["fix_by"]) for g in en["gaps"]] == [("Maps", "WCAG 1.1.1", "31 March 2027")]
    assert en["reply"] == "We reply within 14 days."
    assert en["contact"]["name"] == "Test City"  # no name given: the organisation handles feedback
    assert en["authority"]["url"] == "https://valvonta.example.fi/"
    fi = pages["fi/accessibility/index.html"].context["statement"]
    assert fi["status"] == "Sivusto täyttää saavutettavuusvaatimukset osittain."
    assert fi["method"] == "Seloste perustuu itsearvioon, jonka on tehnyt Testikaupunki."


def test_every_page_links_to_the_statement_in_its_language(pages):
    assert pages["en/kiosk/index.html"].context["statement_url"] == "../accessibility/"
    assert pages["fi/search/index.html"].context["statement_url"] == "../accessibility/"
    assert [c["statement_url"] for c in pages["index.html"].context["choices"]] == ["fi/accessibility/", "en/accessibility/"]
    assert [c["statement_url"] for c in pages["404.html"].context["choices"]] == ["/fi/accessibility/", "/en/accessibility/"]


def test_third_party_assessment_names_the_assessor(site_dir: Path):
    site = (site_dir / "site.yaml").read_text().replace(
        "method: self-assessment", "method: third-party\n  assessor: {fi: Arvioija Oy, en: Assessor Ltd}")
    (site_dir / "site.yaml").write_text(site)
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    page = next(p for p in context.build_pages(checked.content, checked.catalogues) if p.output == "en/accessibility/index.html")
    assert page.context["statement"]["method"] == "The statement is based on an assessment by an outside expert: Assessor Ltd."


@pytest.mark.parametrize("target, here", [("fi/cafe", "fi"), ("", "fi/cafe/checklist"), ("assets/", "fi/cafe"),
                                          ("fi/cafe", "fi/cafe"), ("data/cafe.json", ""), ("en", "fi/cafe")])
def test_links_between_folders_are_relative_as_posixpath_makes_them(target, here):
    assert context._relative(target, here) == posixpath.relpath(target or ".", here or ".")
