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


def test_after_every_edit_the_preview_has_what_a_clean_build_makes(preview: PreviewBuild, site_dir: Path,
                                                                   tmp_path: Path):
    """Edits one after the other, each kept apart by what it changes (one language's text,
    an undo, what is not text, a provider, site.yaml, a broken link and its fix): the
    preview's files after each are a clean build's (the search index is brought up to date
    in the background, and is left out)."""
    edits = [
        ("kiosk.yaml", "Missä kioski on?", "Missä kioskisi on?", False),  # Finnish text: only Finnish pages
        ("kiosk.yaml", "Where is the kiosk?", "Where is your kiosk?", False),
        ("kiosk.yaml", "Missä kioskisi on?", "Missä kioski on?", False),  # undone: the Finnish pages as first made
        ("kiosk.yaml", "review_by: 2027-", "review_by: 2028-", False),  # not text: every language
        ("providers.yaml", '"08:15"', '"08:30"', False),
        ("kiosk.yaml", "Tee **perustamisilmoitus**.", "Tee [ilmoitus](../nowhere/).", True),  # a broken link
        ("kiosk.yaml", "Tee [ilmoitus](../nowhere/).", "Tee **perustamisilmoitus**.", False),
        ("site.yaml", "Testipolut", "Testipolut 2", False),
    ]
    preview.rebuild()
    for index, (name, old, new, broken) in enumerate(edits):
        file = site_dir / name
        text = file.read_text(encoding="utf-8")
        assert old in text
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        rebuilt = preview.rebuild()
        assert bool(rebuilt.errors) == broken, (name, new, rebuilt.errors)
        if broken:
            assert [error.message for error in rebuilt.errors] == ["the link '../nowhere/' leads to no page of the site"]
            continue
        clean = tmp_path / f"clean {index}"
        assert isinstance(pipeline.build(site_dir, clean, DEFAULT_THEME), pipeline.Built)
        expected = {name: data for name, data in files(clean).items()
                    if not name.startswith("pagefind/") and name != ".polku-output"}
        assert {name: data for name, data in files(tmp_path / "preview").items()
                if not name.startswith("pagefind/")} == expected, (name, new)
        if name == "kiosk.yaml" and index < 3:  # one language's text: the other's pages were not written
            other = "en" if new.startswith("Missä") else "fi"
            assert not any(changed.startswith(f"{other}/kiosk/") for changed in rebuilt.changed)
