"""The translation report: missing languages, outdated and unaccepted translations, the lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import pipeline, translations
from generator.memo import Memo

from .conftest import DEFAULT_THEME
from .samples import add_swedish_to_site
from .test_build_cli import run


def report(site_dir: Path) -> translations.Report:
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    assert not checked.errors, checked.errors
    lock, damaged = translations.read_lock(site_dir, "translations.lock")
    return translations.report(checked.content, lock, damaged)


def accept(site_dir: Path, *languages: str) -> None:
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    lock, _ = translations.read_lock(site_dir, "")
    translations.write_lock(site_dir, translations.accept(checked.content, lock, languages))


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(result: translations.Report) -> list[tuple[str, str, str, str]]:
    return [(f.file, f.where.field, f.lang, f.kind) for f in result.findings]


def test_accepted_translations_are_up_to_date(site_dir: Path):
    result = report(site_dir)
    assert result.findings == [] and result.problems == 0
    assert translations.format_report(result)[-1] == "Translations: all up to date."


def test_a_changed_source_text_makes_its_translation_outdated(site_dir: Path):
    edit(site_dir / "kiosk.yaml", "Rekisteröi yritys", "Rekisteröi yrityksesi")
    result = report(site_dir)
    assert found(result) == [("kiosk.yaml", "phases[0].steps[0].title.en", "en", "outdated")]
    where = result.findings[0].where
    assert (where.line, where.column) == (41, 48)
    assert "the Finnish text has changed since this English translation was accepted" in where.message


def test_an_edited_translation_is_not_accepted_until_accepted(site_dir: Path):
    edit(site_dir / "kiosk.yaml", "Register the company", "Register your company")
    assert found(report(site_dir)) == [("kiosk.yaml", "phases[0].steps[0].title.en", "en", "not accepted")]
    accept(site_dir)
    assert report(site_dir).findings == []


def test_rewrapping_or_reordering_texts_changes_nothing(site_dir: Path):
    edit(site_dir / "kiosk.yaml", "title: {fi: Kioskin perustaminen,", "title: {fi: \"Kioskin   perustaminen\",")
    indoors = "      - id: indoors\n        label: {fi: Sisällä, en: Indoors}\n"
    outdoors = "      - id: outdoors\n        label: {fi: Ulkona, en: Outdoors}\n"
    edit(site_dir / "kiosk.yaml", indoors + outdoors, outdoors + indoors)
    assert report(site_dir).findings == []


def test_a_site_language_the_path_lacks_is_missing(site_dir: Path):
    add_swedish_to_site(site_dir / "site.yaml")
    result = report(site_dir)
    assert ("kiosk.yaml", "languages", "sv", "missing") in found(result)
    lines = translations.format_report(result)
    assert "  kiosk.yaml (fi →) en up to date; sv missing" in lines
    assert lines[-1] == "Translations: 8 not accepted, 1 missing."


def test_accepting_one_language_keeps_the_others_as_they_were(site_dir: Path):
    edit(site_dir / "kiosk.yaml", "Rekisteröi yritys", "Rekisteröi yrityksesi")
    accept(site_dir, "sv")  # nothing in Swedish: English stays outdated
    assert [kind for *_, kind in found(report(site_dir))] == ["outdated"]
    accept(site_dir, "en")
    assert report(site_dir).findings == []


def test_without_a_record_every_translation_is_unconfirmed(site_dir: Path):
    (site_dir / translations.LOCK_FILE).unlink()
    result = report(site_dir)
    assert not result.recorded and result.problems > 0
    assert translations.format_report(result)[-1].startswith("Translations are not recorded yet")


def test_built_in_defaults_are_not_the_editors_to_translate(site_dir: Path):
    """Without `name` in site.yaml the site is called by Polku's own name for it, in every
    language: nothing there for an editor to translate or accept."""
    (site_dir / "translations.lock").unlink()
    edit(site_dir / "site.yaml", "name: {fi: Testipolut, en: Test paths}\n", "")
    fields = {(file, field) for file, field, _, _ in found(report(site_dir))}
    assert ("site.yaml", "organisation.en") in fields
    assert not any(file == "site.yaml" and field.startswith("name") for file, field in fields)


def test_the_lock_is_sorted_json_that_diffs_line_by_line(site_dir: Path):
    accept(site_dir)
    first = (site_dir / translations.LOCK_FILE).read_text(encoding="utf-8")
    data = json.loads(first)
    pairs = data["fingerprints"]["kiosk.yaml"]["en"]
    assert pairs == sorted(pairs) and all(len(pair) == 25 for pair in pairs)
    accept(site_dir)
    assert (site_dir / translations.LOCK_FILE).read_text(encoding="utf-8") == first


@pytest.mark.parametrize("content", ["{not json", '{"fingerprints": {"kiosk.yaml": {"en": [42]}}}', "[]"])
def test_a_damaged_lock_is_reported_not_a_crash(site_dir: Path, content: str):
    (site_dir / translations.LOCK_FILE).write_text(content)
    result = report(site_dir)
    assert result.damaged is not None and result.problems == 1
    assert "the translation record is damaged" in translations.format_report(result)[0]


# ---------------------------------------------------------------- command line


def test_check_prints_the_report_and_strict_fails_on_it(site_dir: Path):
    edit(site_dir / "kiosk.yaml", "Avaa ovet", "Avaa ovet juhlallisesti")
    relaxed = run("check", cwd=site_dir.parent)
    assert relaxed.returncode == 0
    assert ("paths/kiosk.yaml:72:50: phases[1].steps[0].title.en: outdated: the Finnish text has changed since this "
            "English translation was accepted (update it, then run `python build.py translations --accept --lang en`)"
            ) in relaxed.stdout.splitlines()
    strict = run("check", "--strict-translations", cwd=site_dir.parent)
    assert strict.returncode == 1
    assert strict.stderr == "Translations: 1 outdated. Failing because of --strict-translations.\n"
    refused = run("build", "--strict-translations", cwd=site_dir.parent)
    assert refused.returncode == 1 and not (site_dir.parent / "output").exists()


def test_build_mentions_translation_problems_but_builds(site_dir: Path):
    edit(site_dir / "kiosk.yaml", "Avaa ovet", "Avaa ovet juhlallisesti")
    result = run("build", cwd=site_dir.parent)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "Translations: 1 outdated. See `python build.py check`."


def test_translations_accept_records_and_reports(site_dir: Path):
    edit(site_dir / "kiosk.yaml", "Avaa ovet", "Avaa ovet juhlallisesti")
    accepted = run("translations", "--accept", "--lang", "en", cwd=site_dir.parent)
    assert accepted.returncode == 0
    assert accepted.stdout == "Accepted 30 English translations; recorded in paths/translations.lock.\n"
    assert run("translations", cwd=site_dir.parent).stdout.splitlines()[-1] == "Translations: all up to date."


def test_translations_usage_errors(site_dir: Path):
    assert run("translations", "--accept", "--lang", "de", cwd=site_dir.parent).returncode == 2
    assert run("translations", "--lang", "en", cwd=site_dir.parent).returncode == 2


def test_a_memo_never_hides_an_edited_text_or_record(site_dir: Path):
    memo = Memo()

    def judged() -> list[tuple[str, str, str, str]]:
        checked = pipeline.check_content(site_dir, DEFAULT_THEME, memo)
        lock, damaged = translations.read_lock(site_dir, "translations.lock")
        return found(translations.report(checked.content, lock, damaged, memo=memo))

    assert judged() == []
    edit(site_dir / "kiosk.yaml", "Register the company", "Register your company")
    assert judged() == [("kiosk.yaml", "phases[0].steps[0].title.en", "en", "not accepted")]
    accept(site_dir)  # only translations.lock changes
    assert judged() == []
