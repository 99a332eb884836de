"""The feedback form in Debian's chromium, against the real receiver: JavaScript off and on."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from scripts.chromium import serve
from scripts.receiver import start, stop, stored

from .conftest import DEFAULT_THEME

pytestmark = pytest.mark.browser

THANKS = "Thank you for your feedback. We read every message."


def build(site_dir: Path, output: Path, receiver_url: str) -> None:
    site = site_dir / "site.yaml"
    site.write_text(site.read_text().split("feedback:")[0]
                    + f"feedback: {{send_to: receiver, url: '{receiver_url}/feedback', steps: true}}\n")
    assert isinstance(pipeline.build(site_dir, output, DEFAULT_THEME), pipeline.Built)


@pytest.fixture
def site(site_dir: Path, tmp_path: Path):
    """The test site on one loopback port and its receiver on another, as on two hosts."""
    output, db = tmp_path / "output", tmp_path / "feedback.db"
    build(site_dir, output, "http://127.0.0.1:9")  # the receiver's port is known only once it runs
    headers: dict[str, str] = {}
    with serve(output, extra_headers=headers) as base:
        receiver = start(output, db, "--allow-origin", base.rstrip("/"))
        # As a strict host serves the site: only its own scripts and styles, posting only to the receiver.
        headers["Content-Security-Policy"] = (f"default-src 'self'; script-src 'self'; style-src 'self'; "
                                              f"connect-src {receiver.url}; form-action {receiver.url}")
        try:
            build(site_dir, output, receiver.url)  # same paths and steps; the form now posts to it
            yield {"page": base + "en/kiosk/", "db": db, "receiver": receiver.url}
        finally:
            stop(receiver)


def new_page(browser, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript)
    # The thank-you page takes its stylesheet from the published site, which is not reachable here.
    context.route("https://paths.example.fi/**", lambda route: route.abort())
    return context, context.new_page()


def test_without_javascript_the_form_posts_and_the_receiver_thanks_with_a_page(browser, site):
    context, page = new_page(browser, javascript=False)
    try:
        page.goto(site["page"])
        form = page.locator("section.feedback form")
        form.get_by_label("No").check()
        form.get_by_label("What could we do better? (optional)").fill("Which office is the permit from?")
        form.get_by_label("Your e-mail address, if you would like a reply (optional)").fill("asukas@example.fi")
        form.get_by_role("button", name="Send feedback").click()
        page.wait_for_url(site["receiver"] + "/feedback/thanks?**")
        assert page.locator("h1").inner_text() == "Thank you for your feedback"
        back = page.get_by_role("link", name="Back to the guide: Opening a kiosk")
        assert back.get_attribute("href") == "https://paths.example.fi/en/kiosk/#feedback"
    finally:
        context.close()
    [row] = stored(site["db"])
    assert (row["path"], row["step"], row["lang"], row["useful"], row["comment"], row["email"]) == (
        "kiosk", None, "en", 0, "Which office is the permit from?", "asukas@example.fi")


def test_with_javascript_the_thanks_is_announced_in_place(browser, site):
    context, page = new_page(browser, javascript=True)
    errors: list[str] = []  # CSP violations would show here
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        assert "script-src 'self'" in page.goto(site["page"]).headers["content-security-policy"]
        form = page.locator("section.feedback form")
        form.get_by_label("Yes").check()
        form.get_by_label("What could we do better? (optional)").fill("Clear steps, thank you.")
        form.get_by_role("button", name="Send feedback").click()
        status = page.locator("#feedback-status")
        status.filter(has_text=THANKS).wait_for()
        assert page.url == site["page"] and status.get_attribute("role") == "status"
        assert not form.is_visible()
        assert page.evaluate("document.activeElement.id") == "feedback-status"
    finally:
        context.close()
    assert errors == []
    assert [(row["useful"], row["comment"]) for row in stored(site["db"])] == [(1, "Clear steps, thank you.")]


def test_a_failed_send_says_so_and_the_form_can_be_sent_again(browser, site):
    context, page = new_page(browser, javascript=True)
    try:
        page.goto(site["page"])
        page.route(site["receiver"] + "/feedback", lambda route: route.abort())
        step = page.locator("#step-food-notice details")
        step.locator("summary").click()
        form = step.locator("form")
        form.get_by_label("No").check()
        form.get_by_label("What could we do better? (optional)").fill("Where is the floor plan form?")
        form.get_by_role("button", name="Send feedback").click()
        status = page.locator("#feedback-step-food-notice-status")
        status.filter(has_text="Sorry, your feedback could not be sent.").wait_for()
        assert form.is_visible()
        assert form.get_by_label("What could we do better? (optional)").input_value() == "Where is the floor plan form?"

        page.unroute(site["receiver"] + "/feedback")
        form.get_by_role("button", name="Send feedback").click()
        status.filter(has_text=THANKS).wait_for()
    finally:
        context.close()
    assert [(row["step"], row["useful"]) for row in stored(site["db"])] == [("food-notice", 0)]


def test_the_honeypot_is_skipped_by_the_keyboard(browser, site):
    context, page = new_page(browser, javascript=True)
    try:
        page.goto(site["page"])
        page.locator("#feedback-email").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Send feedback"
        hidden = page.locator("#feedback-website")
        assert page.evaluate("el => el.closest('[aria-hidden=true]') !== null", hidden.element_handle())
    finally:
        context.close()
