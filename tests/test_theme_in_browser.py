"""The default theme in a real browser (Debian's chromium): what the test site's kiosk page shows.

Reflow, keyboard and the rest of WCAG on every page are checked in test_accessibility.py."""

from __future__ import annotations


import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


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


def test_the_skip_link_is_off_screen_until_focused_and_then_fits_a_phone(browser, served_example_site: str):
    """The 404 page's skip link, in three languages, is wider than a phone: none of it may show."""
    context = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        page = context.new_page()
        for url in ("404.html", "fi/cafe/"):
            page.goto(served_example_site + url)
            box = page.locator(".skip-link").bounding_box()
            assert box["x"] + box["width"] <= 0, url
            page.keyboard.press("Tab")
            box = page.locator(".skip-link:focus").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, url
    finally:
        context.close()
