"""Browser helpers shared by the whole-site tests: page addresses and short-lived tabs."""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

from .conftest import BuiltSite


def page_url(site: BuiltSite, page: str) -> str:
    """The address a reader uses: folders for index pages (fi/cafe/), file names otherwise."""
    return site.url + (page.removesuffix("index.html") if page.endswith("index.html") else page)


@contextlib.contextmanager
def open_page(browser: Any, javascript: bool, **options: Any) -> Iterator[Any]:
    """One tab in a fresh context, reused for every page of a test, then closed."""
    context = browser.new_context(java_script_enabled=javascript, **options)
    try:
        yield context.new_page()
    finally:
        context.close()
