"""Where the site may be written: Polku never replaces a directory it did not make."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import write


def test_refuses_a_non_empty_directory_it_did_not_make(tmp_path: Path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(write.OutputError, match="was not made by Polku"):
        write.check_output_dir(tmp_path, [])


def test_refuses_an_output_that_contains_the_sources(tmp_path: Path):
    sources = tmp_path / "paths"
    sources.mkdir()
    with pytest.raises(write.OutputError, match="contains"):
        write.check_output_dir(tmp_path, [sources])


def test_accepts_an_empty_or_missing_directory_and_its_own_output(tmp_path: Path):
    write.check_output_dir(tmp_path / "missing", [])
    write.check_output_dir(tmp_path, [])
    write.write_site({"a/index.html": b"x"}, tmp_path / "site")
    write.check_output_dir(tmp_path / "site", [])


def test_write_site_replaces_the_tree_exactly(tmp_path: Path):
    out = tmp_path / "site"
    write.write_site({"a.html": b"1", "old/b.html": b"2"}, out)
    written, unchanged = write.write_site({"a.html": b"1", "new.html": b"3"}, out)
    assert (written, unchanged) == (1, 1)  # new.html written; a.html kept
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        write.MARKER, "a.html", "new.html"]
