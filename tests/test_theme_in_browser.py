"""The default theme in a real browser (Debian's chromium): phone width, keyboard, print."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "en/", "fi/", "en/kiosk/", "fi/kiosk/", "en/kiosk/checklist/", "404.html"]


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("url", PAGES)
def test_no_horizontal_scrolling_at_320_px(page, served_fixture_site: str, url: str):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(served_fixture_site + url)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_skip_link_is_the_first_stop_and_moves_to_main(page, served_fixture_site: str):
    page.goto(served_fixture_site + "en/kiosk/")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.getAttribute('href')]")
    assert focused == ["A", "#main"]
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_every_step_and_its_condition_show_without_javascript(page, served_fixture_site: str):
    page.goto(served_fixture_site + "en/kiosk/")
    titles = page.locator("ol.steps > li h3").all_inner_texts()
    # each heading reads marker then title: "Step 1: 1 Register…", "and Food premises…"
    assert [t.split("\n")[-1].strip() for t in titles] == [
        "Register the company", "Food premises notification", "Street permit", "Open the doors"]
    assert [t.split("\n")[0].strip() for t in titles] == ["Step 1:", "and", "or", "Step 2:"]
    assert page.get_by_text("Applies to you if you sell food").is_visible()


def test_print_hides_questions_and_navigation(page, served_fixture_site: str):
    page.goto(served_fixture_site + "en/kiosk/")
    page.emulate_media(media="print")
    assert not page.locator("form").first.is_visible()
    assert page.locator("ol.steps").first.is_visible()
