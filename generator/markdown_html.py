"""Editors' Markdown to safe HTML: rendered with Python-Markdown, then sanitised with nh3.

Sanitising after rendering means nothing an editor writes, raw HTML included, can add
scripts, event handlers, styles or links with schemes outside the allow-list.
"""

from __future__ import annotations

from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .model import ALLOWED_URL_SCHEMES

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "h2", "h3", "h4", "h5", "h6"}
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang"}, "ol": {"start"}}

class _ShiftHeadings(Treeprocessor):
    def __init__(self, md: markdown.Markdown, shift: int):
        super().__init__(md)
        self.shift = shift

    def run(self, root: Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1].isdigit():
                element.tag = f"h{min(int(element.tag[1]) + self.shift, 6)}"


class _HeadingShift(Extension):
    def __init__(self, shift: int):
        super().__init__()
        self.shift = shift

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API name
        md.treeprocessors.register(_ShiftHeadings(md, self.shift), "polku-heading-shift", 5)


@lru_cache(maxsize=None)
def _renderer(heading_level: int) -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists", _HeadingShift(heading_level - 1)], output_format="html")


def render_markdown(source: str, heading_level: int = 4) -> str:
    """Markdown to sanitised HTML; an editor's '#' becomes `<h{heading_level}>`.

    The text sits below a heading of the page (a step's h3, the page's h1), so its own
    headings are shifted to keep the page's outline in order.
    """
    renderer = _renderer(heading_level)
    renderer.reset()
    html = renderer.convert(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
