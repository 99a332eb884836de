"""Shared fixtures: the small test site, and the --update-golden switch for expected files."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).resolve().parent / "fixtures" / "site"
EXAMPLE_SITE = ROOT / "paths"
SITE_IDS = {EXAMPLE_SITE: "example", FIXTURE_SITE: "fixture"}
DEFAULT_THEME = ROOT / "themes" / "default"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite expected-output files from the current output (review the diff!)")
    parser.addoption("--site-paths", action="append", type=Path, default=[], metavar="DIR",
                     help="run the whole-site checks (accessibility, headers, links) on this content directory "
                          "instead of the example and test sites; may be given several times")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests asking for `built_site` run once per built site: by default the example and the test site."""
    if "built_site" in metafunc.fixturenames:
        given = metafunc.config.getoption("--site-paths")
        dirs = [path.resolve() for path in given] or [EXAMPLE_SITE, FIXTURE_SITE]
        ids = [SITE_IDS.get(path, path.name) for path in dirs]
        metafunc.parametrize("built_site", dirs, ids=ids, indirect=True, scope="session")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A writable copy of the small test site, as paths/ under a temporary working directory."""
    target = tmp_path / "paths"
    shutil.copytree(FIXTURE_SITE, target)
    return target


def files_of(root: Path) -> dict[str, bytes]:
    """Every file below `root` with its bytes, by relative path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


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
    from scripts import chromium

    with chromium.browser() as launched:
        yield launched


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


@dataclass(frozen=True)
class BuiltSite:
    """A content directory built and served with its own `_headers`, as a host would."""

    output: Path
    url: str
    pages: list[str]  # every HTML file of the build, '/'-separated, relative to `url`
    languages: list[str]  # the site's languages, the default first

    def language_of(self, page: str) -> str:
        """The language a page is written in: its folder's, or the default for the root pages."""
        folder = page.split("/", 1)[0]
        return folder if folder in self.languages else self.languages[0]


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One built site per parameter (see pytest_generate_tests); its pages come from the build."""
    from generator import pipeline
    from scripts.chromium import serve

    content: Path = request.param
    output = tmp_path_factory.mktemp("site") / "output"
    checked = pipeline.check_content(content, DEFAULT_THEME)
    result = checked if checked.errors else pipeline.publish(checked, output, DEFAULT_THEME)
    if isinstance(result, pipeline.Checked):
        pytest.fail("the site does not build:\n" + "\n".join(error.format() for error in result.errors))
    pages = sorted(file.relative_to(output).as_posix() for file in output.rglob("*.html"))
    settings = checked.content.site
    with serve(output, urlsplit(settings.base_url).path or "/") as url:
        yield BuiltSite(output, url, pages, settings.languages)
