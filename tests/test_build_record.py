"""The no-op fast path and the memo: an unchanged build writes nothing, and after any change
the output equals a clean build's byte for byte, though only what changed was made again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

import build
from generator import build_record, links, load

from .conftest import DEFAULT_THEME, ROOT, files_of


@pytest.fixture
def workspace(site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test site with its own copy of the default theme, built once with the cache on."""
    shutil.copytree(DEFAULT_THEME, tmp_path / "themes" / "default")
    monkeypatch.setattr(build, "HERE", tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert build.main(["build"]) == 0
    return tmp_path


def stamps(folder: Path) -> dict[str, int]:
    return {file.relative_to(folder).as_posix(): file.stat().st_mtime_ns for file in folder.rglob("*") if file.is_file()}


def test_an_unchanged_build_writes_nothing_and_says_what_the_last_one_said(workspace: Path, capsys):
    capsys.readouterr()
    before = stamps(workspace)
    assert build.main(["build"]) == 0
    assert stamps(workspace) == before
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith("Built 12 pages into output/ (0 files written, ")
    assert said[0].endswith(" unchanged: nothing changed since the last build).")


def test_an_unchanged_build_answers_without_importing_the_model_or_the_templates(site_dir: Path):
    """Importing pydantic, the model and Jinja would take about as long as the rest of the no-op check."""
    heavy = ("pydantic", "jinja2", "generator.model", "generator.pipeline")
    script = f"import sys, build; code = build.main(['build']); print(code, [m for m in {heavy!r} if m in sys.modules])"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1790000000"}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", script], cwd=site_dir.parent, env=env, capture_output=True, text=True, timeout=120)
        return done.stdout.splitlines()[-1]

    assert run() == f"0 {list(heavy)}"
    assert run() == "0 []"


def edit(file: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        target = root / file
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def rename_path(root: Path) -> None:
    (root / "paths" / "kiosk.yaml").rename(root / "paths" / "kiosk-stand.yaml")
    edit("paths/kiosk-stand.yaml", "id: kiosk", "id: kiosk-stand")(root)


def delete_path(root: Path) -> None:
    (root / "paths" / "kiosk.yaml").unlink()


EDITS = {
    "content": edit("paths/kiosk.yaml", "en: Opening a kiosk", "en: Opening a small kiosk"),
    "provider": edit("paths/providers.yaml", '"08:15"', '"08:30"'),
    "site.yaml": edit("paths/site.yaml", "Testipolut", "Testipolut 2"),
    "template": edit("themes/default/templates/base.html", "</footer>", "<p>edited</p></footer>"),
    "catalogue": edit("themes/default/messages/en.yaml", "Skip to", "Jump to"),
    "stylesheet": edit("themes/default/static/style.css", "}", "} /* edited */"),
    "rename a path": rename_path,
    "delete a path": delete_path,
}


@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_every_edit_gives_what_a_clean_build_gives(workspace: Path, change: Callable[[Path], None]):
    before = files_of(workspace / "output")
    change(workspace)
    result = build.main(["build"])
    assert build.main(["build", "--no-cache", "--output", "clean"]) == result
    if result == 0:
        assert files_of(workspace / "output") == files_of(workspace / "clean")
        assert files_of(workspace / "output") != before


def test_an_edit_reads_no_other_path_file(workspace: Path, monkeypatch: pytest.MonkeyPatch):
    """Its checks, warnings, listing and pages are in the memo: parsing and validating every
    file again took half of a one-path edit's time."""
    second = (workspace / "paths" / "kiosk.yaml").read_text(encoding="utf-8").replace("id: kiosk", "id: kiosk-two", 1)
    (workspace / "paths" / "kiosk-two.yaml").write_text(second, encoding="utf-8")
    assert build.main(["build"]) == 0
    read: list[str] = []
    real = load._values
    monkeypatch.setattr(load, "_values", lambda text: read.append(text) or real(text))
    EDITS["content"](workspace)
    assert build.main(["build"]) == 0
    assert any("id: kiosk\n" in text for text in read)  # the edited file
    assert not any("id: kiosk-two" in text for text in read)
    assert build.main(["build", "--no-cache", "--output", "clean"]) == 0
    assert files_of(workspace / "output") == files_of(workspace / "clean")


def test_an_unchanged_path_is_checked_again_against_a_changed_provider(workspace: Path, capsys):
    edit("paths/providers.yaml", "id: permits", "id: permit-services")(workspace)
    capsys.readouterr()
    assert build.main(["build"]) == 1
    error = capsys.readouterr().err
    assert "paths/kiosk.yaml:52:19: phases[0].steps[1].provider: unknown provider 'permits' (did you mean 'permit-services'?)" in error
    assert build.main(["build", "--no-cache", "--output", "clean"]) == 1
    assert capsys.readouterr().err == error


def test_check_after_a_build_looks_again_only_at_the_links_of_pages_that_changed(
        workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    looked_at: list[str] = []
    real = links.LinkChecker._check_page
    monkeypatch.setattr(links.LinkChecker, "_check_page",
                        lambda self, page, *rest: looked_at.append(page) or real(self, page, *rest))
    assert build.main(["check"]) == 0
    assert looked_at == []
    edit("paths/kiosk.yaml", "Submit the **start-up notification**.",
         "Submit the [start-up notification](../no-such-path/).")(workspace)
    capsys.readouterr()
    assert build.main(["check"]) == 1
    assert "no-such-path" in capsys.readouterr().err
    assert looked_at and all(page.startswith("en/kiosk/") for page in looked_at)


def test_an_edited_output_file_is_rebuilt(workspace: Path):
    page = workspace / "output" / "fi" / "kiosk" / "index.html"
    built = page.read_bytes()
    page.write_bytes(b"tampered")
    assert build.main(["build"]) == 0
    assert page.read_bytes() == built


def test_the_build_date_is_part_of_the_fingerprint(workspace: Path, monkeypatch: pytest.MonkeyPatch):
    options = {"file_urls": False}
    today = build_record.fingerprint(workspace / "paths", DEFAULT_THEME, workspace / "output", options)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1790000000 + 86400))
    assert build_record.fingerprint(workspace / "paths", DEFAULT_THEME, workspace / "output", options) != today


def test_no_cache_keeps_no_record(site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    assert build.main(["build", "--no-cache"]) == 0
    assert not (tmp_path / ".cache").exists()
    assert build.main(["build", "--cache", "elsewhere"]) == 0
    assert (tmp_path / "elsewhere" / build_record.RECORD_FILE).is_file()
