"""The whole build: output written all or nothing, reproducible, and only changes rewritten."""

from __future__ import annotations

import os
from pathlib import Path

from generator import pipeline, write

from .conftest import DEFAULT_THEME


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _build(site_dir: Path, output: Path) -> pipeline.Built:
    result = pipeline.build(site_dir, output, DEFAULT_THEME)
    assert isinstance(result, pipeline.Built), getattr(result, "errors", result)
    return result


def test_build_writes_every_page_for_every_language(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    files = set(_tree(output))
    for expected in ("index.html", "404.html", "fi/index.html", "en/index.html",
                     "fi/kiosk/index.html", "en/kiosk/index.html", "assets/style.css", write.MARKER):
        assert expected in files


def test_failed_build_leaves_previous_output_exactly_as_it_was(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    before = _tree(output)
    stamps = {p: p.stat().st_mtime_ns for p in output.rglob("*")}
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("provider: permits", "provider: nobody"))
    (site_dir / "broken.yaml").write_text("id: broken\ntitle: [\n")

    result = pipeline.build(site_dir, output, DEFAULT_THEME)

    assert isinstance(result, pipeline.Checked)
    assert {e.file.rsplit("/", 1)[-1] for e in result.errors} == {"kiosk.yaml", "broken.yaml"}
    assert _tree(output) == before
    assert {p: p.stat().st_mtime_ns for p in output.rglob("*")} == stamps
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "paths"]  # no staging left behind


def test_same_input_gives_byte_identical_output(site_dir: Path, tmp_path: Path):
    _build(site_dir, tmp_path / "a")
    _build(site_dir, tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_unchanged_files_are_not_rewritten(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    page = output / "fi" / "kiosk" / "index.html"
    inode = page.stat().st_ino
    result = _build(site_dir, output)
    assert result.written == 0
    assert page.stat().st_ino == inode


def test_edited_path_rewrites_only_its_pages(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    style = (output / "assets" / "style.css").stat().st_ino
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("Avaa ovet", "Avaa ovet juhlallisesti"))
    result = _build(site_dir, output)
    assert result.written == 1
    assert "Avaa ovet juhlallisesti" in (output / "fi" / "kiosk" / "index.html").read_text()
    assert (output / "assets" / "style.css").stat().st_ino == style


def test_removed_path_disappears_from_output(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    (site_dir / "kiosk.yaml").unlink()
    _build(site_dir, output)
    assert not (output / "fi" / "kiosk").exists()
    assert "kiosk" not in (output / "fi" / "index.html").read_text()


def test_interrupted_swap_is_recovered(site_dir: Path, tmp_path: Path):
    output = tmp_path / "out"
    _build(site_dir, output)
    os.rename(output, tmp_path / ".out.old")  # as if the build died between the two renames
    (tmp_path / ".out.new-x").mkdir()
    _build(site_dir, output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "paths"]


def test_a_site_without_site_yaml_is_told_it_needs_an_accessibility_statement(site_dir: Path, tmp_path: Path):
    (site_dir / "site.yaml").unlink()
    result = pipeline.build(site_dir, tmp_path / "out", DEFAULT_THEME)
    assert isinstance(result, pipeline.Checked)
    error = next(error for error in result.errors if error.file.endswith("paths/site.yaml"))
    assert error.message == "site.yaml is missing"
    assert "accessibility statement" in error.hint
    assert not (tmp_path / "out").exists()
