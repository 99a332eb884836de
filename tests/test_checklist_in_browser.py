"""The checklist page in a real browser: filtered by the resident's answers, printable on
A4, and downloadable as text and as a calendar, written in the browser."""

from __future__ import annotations

import datetime as dt
import urllib.request

import icalendar
import pytest

from .conftest import EXAMPLE_BUILD_EPOCH
from .test_personalise_in_browser import answer, visible_steps

pytestmark = pytest.mark.browser

BUILD_DAY = dt.datetime.fromtimestamp(EXAMPLE_BUILD_EPOCH, dt.timezone.utc).date()


@pytest.fixture
def context(browser):
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def at(page, day: dt.date) -> None:
    """Fix the browser's clock (noon, local time) before the page loads."""
    page.clock.set_fixed_time(dt.datetime(day.year, day.month, day.day, 12))


def download(page, selector: str) -> tuple[str, bytes]:
    with page.expect_download() as event:
        page.click(selector)
    path = event.value.path()
    return event.value.suggested_filename, path.read_bytes()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - our own local test server
        return response.read()


def test_the_guide_passes_the_answers_to_the_checklist(page, served_example_site):
    page.goto(served_example_site + "en/cafe/")
    answer(page, {"premises": ["change-of-owner"], "details": ["alcohol"]})
    guide = visible_steps(page)
    page.click("#checklist-link")
    page.wait_for_url("**/en/cafe/checklist/#a=premises:change-of-owner;details:alcohol")
    assert visible_steps(page) == guide
    assert page.inner_text("#your-answers dl") == (
        "What kind of café or restaurant are you starting?\nAn existing café or restaurant changes owner\n"
        "Tell us more about your café or restaurant\nI sell or serve alcohol")
    assert page.is_hidden("#checklist-scope")
    assert page.inner_text("#result") == "16 steps apply to you."
    assert page.get_attribute("#change-answers", "href") == "../#a=premises:change-of-owner;details:alcohol"


def test_ticks_made_on_the_checklist_show_in_the_guide(page, served_example_site):
    page.goto(served_example_site + "en/school-application/checklist/")
    page.check("#done-neighbourhood-school")
    assert page.get_attribute("#step-explore-schools", "aria-current") == "step"
    page.click("#guide-link")
    page.wait_for_url("**/en/school-application/")
    assert page.is_checked("#done-neighbourhood-school")


def test_print_shows_a_clean_list_with_boxes_to_tick(page, served_example_site):
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(served_example_site + "en/cafe/checklist/#a=premises:change-of-owner;details:alcohol")
    page.check("#done-business-plan")
    page.emulate_media(media="print")
    for chrome in (".breadcrumb", ".downloads", ".lang-nav", "#change-answers", ".skip-link", ".badge--next"):
        assert page.locator(chrome).first.is_hidden(), chrome
    assert page.is_visible("#your-answers") and page.is_checked("#done-business-plan")
    assert page.is_hidden("#step-alcohol-licence") is False and page.is_hidden("#step-tobacco-licence")
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_printing_without_javascript_has_every_step_and_a_box_drawn_for_each(browser, served_example_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_example_site + "en/cafe/checklist/")
        page.emulate_media(media="print")
        assert len(visible_steps(page)) == 21
        box = page.evaluate("""getComputedStyle(document.querySelector("#step-business-plan .step__title"), "::after")
            .borderTopStyle""")
        assert box == "solid"
    finally:
        context.close()


def test_the_downloaded_text_has_the_residents_steps_answers_and_ticks(page, served_example_site):
    page.goto(served_example_site + "en/cafe/checklist/#a=premises:change-of-owner;details:alcohol")
    page.check("#done-business-plan")
    name, data = download(page, "#download-text")
    text = data.decode("utf-8")
    assert name == "cafe-checklist.txt"
    assert ("\n## Your answers\n\n- What kind of café or restaurant are you starting?: An existing café or restaurant "
            "changes owner\n- Tell us more about your café or restaurant: I sell or serve alcohol\n") in text
    assert "\n- [x] 1. Make a business plan and ask for advice\n" in text
    assert "\n- [ ] 4. Apply for a licence to serve alcohol\n  - Shown because you said: you sell alcohol\n" in text
    assert "\n- [ ] or: Continue with the company you already have\n" in text
    assert "tobacco sales licence" not in text and "Apply for a building permit" not in text
    assert text.count("\n- [") == 16


def test_the_downloaded_calendar_has_the_residents_dates_from_today_on(page, served_example_site):
    at(page, dt.date(2027, 3, 15))
    page.goto(served_example_site + "en/school-application/checklist/#a=situation:starting-school;language:finnish;support:")
    name, data = download(page, "#download-calendar")
    assert name == "school-application-calendar.ics"
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(data.decode())
    events = [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in calendar.walk("VEVENT")]
    # application opened on 27 January: next year's; the deadline of 29 April still ahead this year
    assert [day for _, day in events] == sorted(day for _, day in events)
    assert {day for _, day in events} == {dt.date(2027, 4, 29), dt.date(2028, 1, 27)}
    assert all(day >= dt.date(2027, 3, 15) for _, day in events)
    deadline = next(e for e in calendar.walk("VEVENT") if e.decoded("DTSTART") == dt.date(2027, 4, 29))
    assert deadline.walk("VALARM") and str(deadline["UID"]).endswith("-20270429@polku.example.fi")


@pytest.mark.parametrize("path", ["cafe", "school-application"])
def test_with_nothing_answered_the_browser_writes_the_files_the_build_wrote(page, served_example_site, path):
    at(page, BUILD_DAY)
    page.goto(served_example_site + f"en/{path}/checklist/")
    _, text = download(page, "#download-text")
    _, calendar = download(page, "#download-calendar")
    assert text == fetch(served_example_site + f"en/{path}/checklist/{path}-checklist.txt")
    assert calendar == fetch(served_example_site + f"en/{path}/checklist/{path}-calendar.ics")


def test_no_calendar_link_when_none_of_the_residents_steps_has_a_day_ahead(page, served_fixture_site):
    at(page, dt.date(2027, 6, 1))  # after the kiosk opens on 1 May 2027
    page.goto(served_fixture_site + "en/kiosk/checklist/#a=sells:tobacco;place:indoors")
    assert page.is_hidden("#download-calendar")
    page.goto(served_fixture_site + "en/kiosk/checklist/#a=sells:food;place:indoors")
    assert page.is_visible("#download-calendar")  # the yearly food deadline comes round again


def test_without_javascript_the_checklist_and_its_files_have_every_step(browser, served_example_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_example_site + "en/rental-housing/checklist/")
        assert len(visible_steps(page)) == 17
        assert page.is_visible("#checklist-scope") and page.is_hidden("#your-answers")
        assert page.locator("#download-calendar").count() == 0  # no step of this path has a day
        href = page.get_attribute("#download-text", "href")
        assert fetch(served_example_site + "en/rental-housing/checklist/" + href).decode().count("\n- [ ] ") == 17
    finally:
        context.close()
