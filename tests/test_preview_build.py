"""The preview's rebuild: the same site as `build`, only changed files written, errors kept apart."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from generator import pipeline
from generator.preview_build import PreviewBuild

from .conftest import DEFAULT_THEME


@pytest.fixture
def preview(site_dir: Path, tmp_path: Path) -> Iterator[PreviewBuild]:
    """The test site's preview; its background search stopped at the end."""
    made = PreviewBuild(site_dir, DEFAULT_THEME, tmp_path / "preview")
    yield made
    made.stop()


def files(folder: Path) -> dict[str, bytes]:
    return {file.relative_to(folder).as_posix(): file.read_bytes() for file in sorted(folder.rglob("*")) if file.is_file()}


def test_rebuild_writes_what_build_writes_and_only_the_files_that_changed(preview: PreviewBuild, site_dir: Path,
                                                                          tmp_path: Path):
    first = preview.rebuild()
    assert first.errors == () and first.generation == 1 and first.pages > 0
    assert isinstance(pipeline.build(site_dir, tmp_path / "real", DEFAULT_THEME), pipeline.Built)
    preview.wait_for_search()
    real = files(tmp_path / "real")
    real.pop(".polku-output")  # build's mark on its own output folder
    assert files(tmp_path / "preview") == real

    assert preview.rebuild().changed == ()  # nothing changed: nothing written
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("Open the doors", "Open the doors wide"))
    edited = preview.rebuild()
    assert "en/kiosk/index.html" in edited.changed and "assets/style.css" not in edited.changed
    assert edited.generation == 2


def test_errors_keep_the_last_good_site_and_a_fix_recovers(preview: PreviewBuild, site_dir: Path, tmp_path: Path):
    preview.rebuild()
    page = tmp_path / "preview" / "en" / "kiosk" / "index.html"
    good_page = page.read_bytes()
    kiosk = site_dir / "kiosk.yaml"
    good = kiosk.read_text()
    kiosk.write_text(good.replace("provider: permits", "provider: nobody"))
    broken = preview.rebuild()
    assert [error.message for error in broken.errors] == ["unknown provider 'nobody'"]
    assert preview.state.errors == broken.errors and page.read_bytes() == good_page
    kiosk.unlink()  # a deleted file is just another change
    assert preview.rebuild().errors == () and not page.exists()
    kiosk.write_text(good)
    assert preview.rebuild().errors == () and page.read_bytes() == good_page
