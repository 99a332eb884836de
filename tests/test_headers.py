"""Security headers: the `_headers` file, the nginx snippet, and every page under the strict CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import headers
from generator.model import Feedback, SiteConfig

from .conftest import ROOT, BuiltSite
from .pages import open_page, page_url

MODES = {"javascript": True, "no-javascript": False}


def test_policy_allows_only_the_sites_own_files():
    policy = headers.content_security_policy(SiteConfig(search=False))
    assert policy.startswith("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';")
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "base-uri 'none'" in policy and "frame-ancestors 'none'" in policy


def test_search_may_compile_webassembly_but_never_evaluate_scripts():
    policy = headers.content_security_policy(SiteConfig(search=True))
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy
    assert "'unsafe-eval'" not in policy and "unsafe-inline" not in policy


def test_feedback_service_may_receive_answers():
    site = SiteConfig(feedback=Feedback(send_to="endpoint", url="https://palaute.example.fi/polku"))
    policy = headers.content_security_policy(site)
    assert "connect-src 'self' https://palaute.example.fi;" in policy
    assert "form-action 'self' https://palaute.example.fi;" in policy


def test_feedback_by_mail_adds_no_origin():
    assert headers.content_security_policy(SiteConfig(feedback=Feedback(send_to="mailto"))) \
        == headers.content_security_policy(SiteConfig())


def test_strict_transport_security_only_for_https_sites():
    assert "Strict-Transport-Security" in headers.security_headers(SiteConfig(base_url="https://polku.example.fi/"))
    assert "Strict-Transport-Security" not in headers.security_headers(SiteConfig(base_url="http://intra.example.fi/"))


def test_headers_file_applies_every_header_to_every_file():
    site = SiteConfig()
    rules = headers.parse_headers_file(headers.headers_file(site).decode())
    assert dict(headers.headers_for(rules, "/fi/cafe/")) == headers.security_headers(site)
    assert dict(headers.headers_for(rules, "/assets/style.css")) == headers.security_headers(site)


def test_exact_and_prefix_patterns():
    rules = headers.parse_headers_file("# comment\n/fi/*\n  X-A: 1\n/404.html\n  X-B: 2\n")
    assert headers.headers_for(rules, "/fi/cafe/") == [("X-A", "1")]
    assert headers.headers_for(rules, "/404.html") == [("X-B", "2")]
    assert headers.headers_for(rules, "/en/") == []


def test_build_writes_the_headers_file(built_fixture_site: Path):
    text = (built_fixture_site / headers.HEADERS_FILE).read_text()
    assert text.splitlines()[1] == "/*"
    assert "  Content-Security-Policy: default-src 'none';" in text


def test_nginx_snippet_matches_the_headers_of_a_default_site():
    snippet = (ROOT / "docs" / "nginx.conf").read_text()
    found = dict(re.findall(r'^add_header (\S+) "(.*)" always;$', snippet, flags=re.M))
    assert found == headers.security_headers(SiteConfig())


# ---------------------------------------------------------------- in the browser


@pytest.mark.browser
@pytest.mark.parametrize("mode", MODES)
def test_every_page_loads_under_the_policy_without_console_errors(browser, built_site: BuiltSite, mode: str):
    problems: list[str] = []
    at = [""]  # the page being loaded, for the listeners
    with open_page(browser, MODES[mode]) as tab:
        tab.on("console", lambda message: problems.append(f"{at[0]}: console {message.type}: {message.text}")
               if message.type in ("error", "warning") else None)
        tab.on("pageerror", lambda error: problems.append(f"{at[0]}: {error}"))
        # Leaving a page aborts its late requests (the favicon): that is no failure of the page.
        tab.on("requestfailed", lambda request: problems.append(f"{at[0]}: {request.url}: {request.failure}")
               if request.failure != "net::ERR_ABORTED" else None)
        tab.on("response", lambda response: problems.append(f"{at[0]}: {response.url}: HTTP {response.status}")
               if response.status >= 400 else None)
        for page in built_site.pages:
            at[0] = page
            response = tab.goto(page_url(built_site, page))
            assert response is not None and response.ok, page
            if "content-security-policy" not in response.headers:
                problems.append(f"{page}: served without the Content-Security-Policy header")
    assert problems == []


def test_referrer_policy_lets_a_feedback_form_post_to_another_origin():
    # Under same-origin a cross-origin form post carries `Origin: null`, which the receiver refuses.
    posting = SiteConfig(feedback=Feedback(send_to="receiver", url="https://palaute.example.fi/feedback"))
    assert headers.security_headers(posting)["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers.security_headers(SiteConfig())["Referrer-Policy"] == "same-origin"
