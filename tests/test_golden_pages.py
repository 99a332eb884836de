"""Whole built pages compared with reviewed copies in tests/golden/.

After an intended change to templates or context, run `pytest --update-golden` and
review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import compare_golden

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = ["index.html", "404.html", "en/index.html", "en/kiosk/index.html", "fi/kiosk/index.html",
         "en/kiosk/checklist/index.html", "en/kiosk/checklist/kiosk-checklist.txt",
         "en/accessibility/index.html", "fi/accessibility/index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_built_page_matches_golden_copy(page: str, built_fixture_site: Path, update_golden: bool):
    actual = (built_fixture_site / page).read_text(encoding="utf-8")
    compare_golden(actual, GOLDEN / page.replace("/", "__"), update_golden)
