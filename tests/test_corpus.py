"""The benchmark corpus: valid content, the same bytes every time, one path editable."""

from __future__ import annotations

from pathlib import Path

from benchmarks import corpus
from generator import pipeline

from .conftest import DEFAULT_THEME, files_of


def test_corpus_passes_check(tmp_path: Path):
    corpus.generate(4, tmp_path / "paths")
    checked = pipeline.check_content(tmp_path / "paths", DEFAULT_THEME)
    assert checked.errors == []
    assert checked.content is not None and len(checked.content.paths) == 4


def test_corpus_is_deterministic_and_grows_by_adding_paths(tmp_path: Path):
    corpus.generate(3, tmp_path / "a")
    corpus.generate(3, tmp_path / "b")
    corpus.generate(4, tmp_path / "c")
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
    smaller, larger = files_of(tmp_path / "a"), files_of(tmp_path / "c")
    assert {name: larger[name] for name in smaller} == smaller
    assert len(larger) == len(smaller) + 1


def test_paths_have_the_promised_shape(tmp_path: Path):
    corpus.generate(1, tmp_path)
    text = (tmp_path / f"{corpus.path_id(0)}.yaml").read_text()
    assert text.count("\n      - id: step-") == corpus.PHASES * corpus.STEPS_PER_PHASE
    assert 12_000 < len(text.encode()) < 30_000
    for part in ("when:", "provider:", "documents:", "cost:", "fi: |", "en: |"):
        assert part in text


def test_edit_changes_one_sentence_of_one_path(tmp_path: Path):
    corpus.generate(2, tmp_path)
    before = files_of(tmp_path)
    edited = corpus.edit_one_path(tmp_path, "indeed")
    after = files_of(tmp_path)
    assert [name for name in before if before[name] != after[name]] == [edited.name]
    assert after[edited.name].replace(b" indeed", b"", 1) == before[edited.name]
