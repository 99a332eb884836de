"""Many new path files checked in workers: the same findings and site, fewer objects held."""

from __future__ import annotations

from pathlib import Path

import pytest

import build
from benchmarks import corpus
from generator import parallel, pipeline, prevalidate, translations
from generator.memo import Memo

from .conftest import DEFAULT_THEME, files_of

MANY = 2 * prevalidate.FILES_PER_WORKER + 8  # enough for two workers


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers are used on any machine that can fork, as on CI's two cores."""
    monkeypatch.setattr(parallel, "available_cores", lambda: 2)


def lean_check(content: Path, memo: Memo, locate: bool = True) -> pipeline.Checked:
    return pipeline.check_content(content, DEFAULT_THEME, memo, pipeline.Lean((None, locate)))


def with_mistakes(content: Path) -> None:
    """Add a file that is not YAML, one that fails validation and one that names an unknown provider."""
    text = (content / f"{corpus.path_id(0)}.yaml").read_text()
    (content / "broken.yaml").write_text("id: [unclosed\n")
    (content / "invalid.yaml").write_text(text.replace(f"id: {corpus.path_id(0)}", "id: invalid\ncolour: blue"))
    provider = text.split("provider: ", 1)[1].split("\n", 1)[0]
    (content / "unknown.yaml").write_text(text.replace(f"id: {corpus.path_id(0)}", "id: unknown")
                                          .replace(f"provider: {provider}", "provider: nobody-at-all"))


def test_many_new_files_are_checked_in_workers_with_the_findings_of_a_check_in_one_process(tmp_path: Path):
    content = tmp_path / "paths"
    corpus.generate(MANY, content)
    with_mistakes(content)
    memo = Memo()
    lean = lean_check(content, memo)
    whole = pipeline.check_content(content, DEFAULT_THEME, Memo())
    assert {Path(error.file).name for error in lean.errors} == {"broken.yaml", "invalid.yaml", "unknown.yaml"}
    assert lean.errors == whole.errors
    assert lean.warnings == whole.warnings
    assert lean.content is not None and whole.content is not None
    assert translations.report(lean.content, None, None, True, memo) == translations.report(whole.content, None)
    # The valid files (the one naming an unknown provider too) were read only by the workers.
    assert len(lean.content.paths) == MANY + 1
    assert not any(located.doc.read for located in lean.content.paths)


def test_a_site_checked_in_workers_renders_the_same_without_its_paths_read_in_the_build(tmp_path: Path):
    content = tmp_path / "paths"
    corpus.generate(MANY, content)
    memo = Memo()
    lean = lean_check(content, memo, locate=False)
    translations.report(lean.content, None, None, False, memo)
    lean_site = pipeline.render_site(lean, DEFAULT_THEME, memo=memo)
    assert pipeline.check_links(lean, lean_site, memo) == []
    whole = pipeline.check_content(content, DEFAULT_THEME)
    assert lean_site.files == pipeline.render_site(whole, DEFAULT_THEME).files
    assert lean.content is not None and not any(located.doc.read for located in lean.content.paths)


def test_a_few_new_files_are_read_in_the_build_and_kept(tmp_path: Path):
    """Not worth workers; the live preview's edits are such."""
    content = tmp_path / "paths"
    corpus.generate(3, content)
    checked = lean_check(content, Memo())
    assert checked.content is not None and len(checked.content.paths) == 3
    assert all(located.doc.read for located in checked.content.paths)


def test_files_an_earlier_build_found_valid_go_to_workers_for_what_the_memo_lacks(tmp_path: Path):
    """`check` after a build: the translation findings with their places."""
    content = tmp_path / "paths"
    corpus.generate(MANY, content)
    memo = Memo()
    lean_check(content, memo, locate=False)
    memo.forget_unused()
    checked = lean_check(content, memo, locate=True)
    assert checked.content is not None
    report = translations.report(checked.content, None, None, True, memo)
    assert not any(located.doc.read for located in checked.content.paths)
    assert report == translations.report(pipeline.check_content(content, DEFAULT_THEME).content, None)
    assert report.findings and all(finding.where is not None for finding in report.findings)


def test_files_an_earlier_build_found_valid_are_not_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    content = tmp_path / "paths"
    corpus.generate(MANY, content)
    memo = Memo()
    lean_check(content, memo)
    memo.forget_unused()
    monkeypatch.setattr(prevalidate, "_facts_of", lambda job, index: pytest.fail("checked again"))
    again = lean_check(content, memo)
    assert again.errors == [] and again.content is not None and len(again.content.paths) == MANY


def test_builds_checked_in_workers_give_what_a_build_in_one_process_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    corpus.generate(MANY, tmp_path / "paths")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert build.main(["build"]) == 0
    corpus.edit_one_path(tmp_path / "paths")
    assert build.main(["build"]) == 0
    assert build.main(["check"]) == 0
    monkeypatch.setattr(prevalidate, "FILES_PER_WORKER", 10 * MANY)  # every file read in the build's process
    assert build.main(["build", "--no-cache", "--output", "clean"]) == 0
    assert files_of(tmp_path / "output") == files_of(tmp_path / "clean")
