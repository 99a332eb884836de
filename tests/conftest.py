"""Shared fixtures: the small test site, and the --update-golden switch for expected files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "site"
DEFAULT_THEME = ROOT / "themes" / "default"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite expected-output files from the current output (review the diff!)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A writable copy of the small test site, as paths/ under a temporary working directory."""
    target = tmp_path / "paths"
    shutil.copytree(FIXTURE_SITE, target)
    return target


def compare_golden(actual: str, expected_file: Path, update: bool) -> None:
    if update or not expected_file.exists():
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"{expected_file} did not exist; written now, review it and run again")
    assert actual == expected_file.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test site, built once per test session."""
    from generator import pipeline

    output = tmp_path_factory.mktemp("built") / "output"
    result = pipeline.build(FIXTURE_SITE, output, DEFAULT_THEME)
    assert isinstance(result, pipeline.Built), getattr(result, "errors", result)
    return output


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium for the whole session (see scripts/install-test-deps.sh)."""
    from playwright.sync_api import sync_playwright

    from scripts.chromium import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def served_fixture_site(built_fixture_site: Path):
    from scripts.chromium import serve

    with serve(built_fixture_site) as base:
        yield base


# The bundled example site is built "on" this day (SOURCE_DATE_EPOCH), so its calendar
# files are the same in every run; browser tests set the browser's clock to it.
EXAMPLE_BUILD_EPOCH = 1790000000  # 2026-09-21


@pytest.fixture(scope="session")
def built_example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example site (paths/, in Finnish, Swedish and English), built once."""
    from generator import pipeline

    output = tmp_path_factory.mktemp("example") / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EXAMPLE_BUILD_EPOCH))
        result = pipeline.build(ROOT / "paths", output, DEFAULT_THEME)
    assert isinstance(result, pipeline.Built), getattr(result, "errors", result)
    return output


@pytest.fixture(scope="session")
def served_example_site(built_example_site: Path):
    """The example site served on a free port."""
    from scripts.chromium import serve

    with serve(built_example_site) as base:
        yield base
