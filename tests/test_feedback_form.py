""""Was this useful?" on path pages: a form to the receiver or an endpoint, or mailto: links."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from feedback import protocol
from generator import context, pipeline, render

from .conftest import DEFAULT_THEME


def configure(site_dir: Path, feedback: str) -> None:
    site = site_dir / "site.yaml"
    site.write_text(site.read_text().split("feedback:")[0] + feedback)


def page(site_dir: Path, output: str = "en/kiosk/index.html") -> context.Page:
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    assert not checked.errors, checked.errors
    return next(p for p in context.build_pages(checked.content, checked.catalogues) if p.output == output)


def html(site_dir: Path, output: str = "en/kiosk/index.html") -> str:
    return render.render_pages([page(site_dir, output)], DEFAULT_THEME)[output].decode()


class Forms(HTMLParser):
    """The name of every field in each form, and the feedback script, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.scripts: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({**attributes, "fields": []})
        elif tag in ("input", "textarea", "select") and self.forms:
            self.forms[-1]["fields"].append(attributes.get("name"))
        elif tag == "script" and "feedback" in (attributes.get("src") or ""):
            self.scripts.append(attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.forms[-1]["closed"] = True


def parse(text: str) -> Forms:
    forms = Forms()
    forms.feed(text)
    return forms


def test_receiver_forms_carry_only_the_feedback_fields(site_dir: Path):
    forms = parse(html(site_dir))
    answers, *feedback = forms.forms
    assert answers["id"] == "answers"  # the resident's answers live in a form of their own, never posted
    assert len(feedback) == 1 + 4  # the path and each of its four steps
    for form in feedback:
        assert form["method"] == "post" and form["action"] == "https://palaute.example.fi/feedback"
        assert set(form["fields"]) <= set(protocol.FIELDS)
        assert form["data-feedback-status"]
    [script] = forms.scripts  # once, and not inline
    assert (script["src"], script["data-thanks"]) == ("../../assets/feedback.js", "Thank you for your feedback. We read every message.")
    assert script["data-failed"].endswith("or send it by e-mail to yritys@example.fi.")


def test_hidden_fields_say_which_page_step_language_and_version(site_dir: Path):
    path = page(site_dir).context["path"]
    version = path["feedback"]["hidden"][-1]["value"]
    assert path["feedback"]["hidden"] == [{"name": "path", "value": "kiosk"}, {"name": "lang", "value": "en"},
                                          {"name": "version", "value": version}]
    step = path["phases"][0]["steps"][1]["feedback"]
    assert step["id"] == "feedback-step-food-notice"
    assert step["hidden"][1] == {"name": "step", "value": "food-notice"}
    assert path["feedback"]["promise"] == "Business services handles feedback and replies within 5 working days."


def test_per_step_feedback_can_be_switched_off(site_dir: Path):
    configure(site_dir, "feedback: {send_to: receiver, url: 'https://palaute.example.fi/feedback'}\n")
    path = page(site_dir).context["path"]
    assert all(step["feedback"] is None for phase in path["phases"] for step in phase["steps"])
    assert 'class="step-feedback"' not in html(site_dir)


def test_another_endpoint_gets_a_plain_form_without_the_script(site_dir: Path):
    configure(site_dir, "feedback: {send_to: endpoint, url: 'https://lomakkeet.example.fi/palaute'}\n")
    forms = parse(html(site_dir))
    assert [form["action"] for form in forms.forms[1:]] == ["https://lomakkeet.example.fi/palaute"]
    assert "data-feedback-status" not in forms.forms[1] and forms.scripts == []


def test_mailto_links_to_the_owner_when_nothing_is_configured(site_dir: Path):
    configure(site_dir, "feedback: {steps: true}\n")
    path = page(site_dir).context["path"]
    assert path["feedback"]["mail"]["yes"] == (
        "mailto:yritys@example.fi?subject=Feedback%20on%20the%20guide%3A%20Opening%20a%20kiosk"
        "&body=Was%20this%20useful%3F%20Yes.")
    assert path["feedback"]["mail"]["give"].endswith("Opening%20a%20kiosk")
    step = path["phases"][0]["steps"][0]["feedback"]
    assert step["mail"]["no"].startswith("mailto:yritys@example.fi?subject=Feedback%20on%20the%20guide%3A%20Opening"
                                         "%20a%20kiosk%2C%20step%20%E2%80%9CRegister%20the%20company%E2%80%9D")
    forms = parse(html(site_dir))
    assert [form["id"] for form in forms.forms] == ["answers"] and forms.scripts == []


@pytest.mark.parametrize("lang, question, send", [("fi", "Oliko tästä ohjeesta hyötyä?", "Lähetä palaute"),
                                                   ("en", "Was this guide useful?", "Send feedback")])
def test_the_form_speaks_the_page_language(site_dir: Path, lang: str, question: str, send: str):
    text = html(site_dir, f"{lang}/kiosk/index.html")
    assert f'<legend><h2 id="feedback" class="feedback__question">{question}</h2></legend>' in text
    assert f'<button type="submit" class="button">{send}</button>' in text
