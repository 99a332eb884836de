"""Editors' Markdown to safe HTML: CommonMark rendered by pyromark, then sanitised with nh3.

pyromark wraps pulldown-cmark (Rust), which follows the CommonMark specification: the
same Markdown GitHub, GitLab and VS Code's preview show an editor, and about a hundred
times faster than Python-Markdown (see "Performance" in README.md). Sanitising after
rendering means nothing an editor writes, raw HTML included, can add scripts, event
handlers, styles or links with schemes outside the allow-list.
"""

from __future__ import annotations

import re

import nh3
import pyromark

from .model import ALLOWED_URL_SCHEMES

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "ol": {"start"}}

# Plain CommonMark: extensions (tables, footnotes, …) would make tags the allow-list drops.
_MARKDOWN = pyromark.Markdown()
# One Cleaner for every text: building the allow-list once is most of nh3's cost per call.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)
# Headings written in Markdown or as raw HTML; escaped text (&lt;h1) can never look like one.
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)


def render_markdown(source: str, heading_level: int = 4) -> str:
    """Markdown to sanitised HTML; an editor's '#' becomes `<h{heading_level}>`.

    The text sits below a heading of the page (a step's h3, the page's h1), so its own
    headings are shifted to keep the page's outline in order.
    """
    html = _MARKDOWN.html(source)
    shift = heading_level - 1
    if shift:
        html = _HEADING_TAG.sub(lambda tag: f"<{tag[1]}h{min(int(tag[2]) + shift, 6)}", html)
    return _CLEANER.clean(html).strip("\n")
