"""The receiver for the tests: the fixture site's origin and a valid submission to vary."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Any, Iterator

from scripts import receiver as process
from scripts.receiver import Receiver, stored  # noqa: F401 - re-exported for the tests

from .conftest import DEFAULT_THEME, FIXTURE_SITE

SITE_ORIGIN = "https://paths.example.fi"  # base_url of tests/fixtures/site


@contextlib.contextmanager
def running(site: Path, db: Path, *options: str) -> Iterator[Receiver]:
    receiver = process.start(site, db, "--allow-origin", SITE_ORIGIN, *options)
    try:
        yield receiver
    finally:
        process.stop(receiver)


def post(url: str, data: Any, origin: str | None = SITE_ORIGIN, **options: Any) -> process.Answer:
    return process.post(url, data, origin, **options)


def fields(**changes: Any) -> dict[str, Any]:
    """A valid submission about the fixture site's kiosk path, with `changes` applied (None removes)."""
    base = {"path": "kiosk", "lang": "en", "version": kiosk_version("en"), "useful": "yes", "comment": "", "email": "",
            "website": ""}
    base.update(changes)
    return {name: value for name, value in base.items() if value is not None}


@functools.cache
def kiosk_version(lang: str) -> str:
    from generator import pipeline
    from generator.feedback_index import content_version

    checked = pipeline.check_content(FIXTURE_SITE, DEFAULT_THEME)
    return next(content_version(p.value, lang) for p in checked.content.paths if p.value.id == "kiosk")
