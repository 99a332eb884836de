"""The accessibility gate: WCAG 2.2 AA on every page the build produces, in every language.

Every page of each built site (the example in paths/ and the test site; or the content given
with --site-paths DIR) is visited with JavaScript off and on, with answers chosen, and
checked with axe-core and with the behaviour axe cannot see: keyboard, focus, target size,
reflow, headings, languages, forms, the live region and print. See accessibility_probes.py.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from .accessibility_probes import Findings, survey
from .conftest import BuiltSite

pytestmark = pytest.mark.browser

MODES = ["no-javascript", "javascript"]

_surveys: dict[tuple[str, str], Findings] = {}


@pytest.fixture(params=MODES)
def findings(request: pytest.FixtureRequest, browser, built_site: BuiltSite) -> Findings:
    """Every probe's problems for one site in one mode, measured once per test session."""
    key = (built_site.url, request.param)
    if key not in _surveys:
        _surveys.update(_survey_both_modes(browser, built_site))
    return _surveys[key]


def _survey_both_modes(browser: Any, site: BuiltSite) -> dict[tuple[str, str], Findings]:
    """Both modes side by side, the second in a browser of its own on another thread (a
    Playwright object belongs to the thread that made it): the browser does the work, one
    page at a time per mode, so on two cores this halves the gate's time."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        second = pool.submit(_survey_in_own_browser, site, MODES[1])
        first = survey(browser, site, MODES[0])
        return {(site.url, MODES[0]): first, (site.url, MODES[1]): second.result()}


def _survey_in_own_browser(site: BuiltSite, mode: str) -> Findings:
    from scripts import chromium

    with chromium.browser() as browser:
        return survey(browser, site, mode)


# What each probe checks on every page, as a resident would notice it failing.
CHECKS = {
    "axe": "axe-core finds no violation of WCAG 2.0, 2.1 or 2.2 at level A or AA",
    "skip link": "the skip link comes first and moves the focus into the main content",
    "keyboard order": "Tab follows the reading order through questions and steps",
    "focus visible": "every focus stop is visibly focused and not hidden behind other content",
    "target size": "targets are at least 24 px, or spaced apart, or links in a sentence",
    "reflow": "no horizontal scrolling at 320 px, at 200 % zoom or with 200 % text",
    "headings": "one h1, and headings in order",
    "languages": "the page, and text in another language, are marked with lang",
    "forms": "form controls have labels, and choices are grouped with legends",
    "print": "printing shows the checklist without navigation",
}


@pytest.mark.parametrize("probe", CHECKS, ids=[probe.replace(" ", "-") for probe in CHECKS])
def test_every_page(findings: Findings, probe: str):
    assert findings.problems[probe] == [], CHECKS[probe]


@pytest.mark.parametrize("findings", ["no-javascript"], indirect=True)
def test_colours_have_enough_contrast_in_the_dark_scheme_too(findings: Findings):
    assert findings.problems["axe dark"] == []


@pytest.mark.parametrize("findings", ["javascript"], indirect=True)
def test_live_region_announces_how_many_steps_apply(findings: Findings):
    assert findings.answered_pages > 0, "no page has questions to answer"
    if not findings.personalised_pages:
        pytest.skip("answering shows and hides no steps (the theme has no step-filtering JavaScript), "
                    "so there is no count to announce")
    assert findings.problems["live region"] == []


# ---------------------------------------------------------------- the probes themselves

BROKEN_STYLE = """
.tiny { display: inline-block; width: 10px; height: 10px; overflow: hidden; }
.wide { width: 2000px; }
.plain:focus, .plain:focus-visible { outline: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
"""
# Each page breaks some rules on purpose; every probe must notice.
BROKEN_PAGES = {
    "order.html": """<!doctype html><html lang="de"><head><title>Order</title><link rel="stylesheet" href="s.css"></head>
<body><a href="#nowhere">Jump</a><main id="main"><h2>First</h2><h4>Skipped</h4>
<p lang="xx">Text</p><p><a href="fi.html" hreflang="fi">Suomeksi</a></p>
<input type="text" id="q"><input type="radio" name="c" id="c"><label for="c">Choice</label>
<fieldset><input type="radio" name="r" id="r1"><label for="r1">R</label></fieldset>
<p><a href="#a" class="tiny">a</a><a href="#b" class="tiny">b</a></p><div class="wide">Wide</div>
<div class="visually-hidden" aria-hidden="true"><label for="trap">Leave empty</label><input id="trap" tabindex="-1"></div>
<button tabindex="2">Early</button><nav>Navigation</nav></main></body></html>""",
    "steps.html": """<!doctype html><html lang="en"><head><title>Steps</title><script src="hide.js"></script></head>
<body><a href="#main">Skip</a><main id="main"><h1>Steps</h1>
<fieldset><legend>Where?</legend><input type="radio" name="w" id="w1"><label for="w1">Indoors</label></fieldset>
<ol class="steps"><li>One</li><li>Two</li></ol></main></body></html>""",
    "announced.html": """<!doctype html><html lang="en"><head><title>Announced</title><script src="hide.js"></script></head>
<body><a href="#main">Skip</a><main id="main"><h1>Steps</h1><p role="status" id="count"></p>
<fieldset><legend>Where?</legend><input type="radio" name="w" id="w1"><label for="w1">Indoors</label></fieldset>
<ol class="steps"><li>One</li><li>Two</li></ol></main></body></html>""",
    "focus.html": """<!doctype html><html lang="en"><head><title>Focus</title><link rel="stylesheet" href="s.css"></head>
<body><a href="#main">Skip</a><main id="main"><h1>Focus</h1><p><a href="#x" class="plain">Invisible focus</a></p></main>
</body></html>""",
}


def test_the_probes_catch_what_they_look_for(browser, tmp_path):
    from scripts.chromium import serve

    (tmp_path / "s.css").write_text(BROKEN_STYLE)
    (tmp_path / "hide.js").write_text("document.addEventListener('change', () => {"
                                      " document.querySelector('ol.steps > li:last-child').hidden = true;"
                                      " const count = document.getElementById('count');"
                                      " if (count) count.textContent = '1 step applies to you'; });")
    for name, html in BROKEN_PAGES.items():
        (tmp_path / name).write_text(html)
    with serve(tmp_path) as url:
        found = survey(browser, BuiltSite(tmp_path, url, ["focus.html", "order.html"], ["en", "fi"]), "no-javascript").problems
        live = survey(browser, BuiltSite(tmp_path, url, ["announced.html", "steps.html"], ["en", "fi"]), "javascript")
    assert live.personalised_pages == 2
    assert live.problems["live region"] == [
        "steps.html: answering changes the steps, but no live region (aria-live or role=status) says how many apply"]
    assert found["skip link"] == ["order.html: the first Tab goes to <button>, not a link to the main content"]
    assert found["keyboard order"][0] == 'order.html: <button> "Early" has tabindex="2", which breaks the reading order'
    assert found["focus visible"] == ['focus.html: <a href="#x"> "Invisible focus" looks the same focused and unfocused']
    assert found["headings"] == ["order.html: 0 h1 headings; a page needs exactly one",
                                 'order.html: the first heading is <h2> "First", not the h1',
                                 'order.html: h2 is followed by <h4> "Skipped": a level is skipped']
    assert "order.html: <html lang=\"de\">; the page is in 'en'" in found["languages"]
    assert 'order.html: <p> "Text" has lang="xx", not a language of the site' in found["languages"]
    assert found["languages"][-1] == ('order.html: <a href="fi.html"> "Suomeksi" leads to the fi version'
                                      ' but its text is marked lang="de"')
    assert found["forms"] == ["order.html: <input#q> has no label", "order.html: <input#c> is a choice outside any fieldset",
                              'order.html: a fieldset (<fieldset> "R") does not start with a legend']
    assert 'order.html: <a href="#a"> "a" is 10×10 px, too close to another target (at 320 px)' in found["target size"]
    assert not any("trap" in problem or "Leave empty" in problem for problem in found["target size"])  # hidden from all
    assert [problem.split(":")[1] for problem in found["reflow"]] == [" at 320 px", " at 200 % zoom", " at 200 % text size"]
    assert found["print"][0] == 'order.html: <nav> "Navigation" is printed'
    assert [problem.split(" ")[1] for problem in found["axe"]] == ["label", "target-size", "valid-lang"]
