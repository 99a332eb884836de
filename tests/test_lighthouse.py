"""Lighthouse scores 100 for accessibility, best practices and SEO on each kind of page.

One page of every template of the bundled example site, in each language, served with
the site's own headers and gzipped as a host would serve it. Performance is left to
`python -m benchmarks.lighthouse`, which audits every page in all four categories: its
score depends on how busy the machine is, and tests must not depend on timing.
"""

from __future__ import annotations

import pytest

from scripts import lighthouse
from scripts.chromium import serve

CATEGORIES = ("accessibility", "best-practices", "seo")
PAGES = [
    "",                              # the language choice
    "404.html",
    "fi/",                           # a front page with its path cards
    "fi/cafe/",                      # the largest guide page, with questions
    "sv/rental-housing/",
    "en/school-application/",
    "fi/cafe/checklist/",
    "sv/search/",
    "en/accessibility/",             # the accessibility statement
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def audits(served_example_site: str) -> dict[str, lighthouse.Audit]:
    results = lighthouse.audit([served_example_site + page for page in PAGES], CATEGORIES, browsers=2)
    return {page: result for page, result in zip(PAGES, results)}


@pytest.mark.parametrize("page", PAGES)
def test_page_scores_100(audits: dict[str, lighthouse.Audit], page: str):
    result = audits[page]
    assert result.problem is None
    assert result.scores == dict.fromkeys(CATEGORIES, 100), result.failing


def test_the_audit_notices_a_page_that_falls_short(tmp_path):
    """A page with no language, character set, description or image text."""
    (tmp_path / "index.html").write_text("<!doctype html><title>Short</title><img src='dot.svg'>", encoding="utf-8")
    (tmp_path / "dot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>",
                                      encoding="utf-8")
    with serve(tmp_path) as base:
        [result] = lighthouse.audit([base], CATEGORIES)
    assert all(score < 100 for score in result.scores.values()), result.scores
    failing = {entry.split(" ")[0] for entry in result.failing}
    assert {"html-has-lang", "charset", "meta-description", "image-alt"} <= failing
