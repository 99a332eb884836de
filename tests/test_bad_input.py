"""The bad-input corpus: each broken file must produce exactly its expected, located errors.

A file named `site__x.yaml` or `providers__x.yaml` is tried as site.yaml or providers.yaml;
any other file is tried as a path file. Expected output sits beside it in `x.yaml.expected`
(regenerate with `pytest --update-golden` and review the diff).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.errors import summary

from .conftest import DEFAULT_THEME, FIXTURE_SITE, compare_golden

CORPUS = Path(__file__).resolve().parent / "bad_input"
CASES = sorted(CORPUS.glob("*.yaml"))


def _place(case: Path, content: Path) -> None:
    for shared in ("site.yaml", "providers.yaml"):
        shutil.copy(FIXTURE_SITE / shared, content / shared)
    prefix, _, rest = case.name.partition("__")
    target = f"{prefix}.yaml" if rest else case.name
    shutil.copy(case, content / target)


def test_corpus_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_bad_input_is_reported_exactly(case: Path, tmp_path: Path, monkeypatch, update_golden: bool):
    content = tmp_path / "paths"
    content.mkdir()
    _place(case, content)
    monkeypatch.chdir(tmp_path)
    checked = pipeline.check_content(Path("paths"), DEFAULT_THEME)
    assert checked.errors, "a broken file must produce at least one error"
    report = "\n".join(error.format() for error in checked.errors) + "\n" + summary(checked.errors, True) + "\n"
    compare_golden(report, case.with_name(case.name + ".expected"), update_golden)
