"""build.py as editors and CI use it: exit codes, messages, and never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                            capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr
    return result


def test_check_passes_on_good_content_and_writes_nothing(site_dir: Path):
    result = run("check", cwd=site_dir.parent)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "1 paths checked: no errors.",
        "Translations (each file against its source language):",
        "  kiosk.yaml (fi →) en up to date",
        "  providers.yaml (fi →) en up to date",
        "  site.yaml (fi →) en up to date",
        "Translations: all up to date.",
    ]
    assert not (site_dir.parent / "output").exists()


def test_every_error_of_every_file_is_printed_with_a_summary(site_dir: Path):
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("chosen: food", "chosen: fod").replace("en: Open the doors", "sv: Öppna dörrarna"))
    (site_dir / "providers.yaml").write_text((site_dir / "providers.yaml").read_text().replace('"08:15"', '"8:75"'))
    result = run("build", cwd=site_dir.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "paths/kiosk.yaml:51:41: phases[0].steps[1].when.chosen: unknown answer 'fod' for question 'sells' (did you mean 'food'?)",
        "paths/kiosk.yaml:72:16: phases[1].steps[0].title: missing English translation (add 'en:'; this file's languages are fi, en)",
        'paths/providers.yaml:8:36: providers[0].channels[0].opening_hours[0].opens: \'8:75\' is not a time (write times on a 24-hour clock in quotes, e.g. "08:15" or "8.15")',
        "3 errors in 2 files; nothing was written.",
    ]
    assert not (site_dir.parent / "output").exists()


def test_build_writes_the_site_and_reports_what_it_did(site_dir: Path):
    result = run("build", "--output", "site", cwd=site_dir.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built 12 pages into site/")
    assert (site_dir.parent / "site" / "en" / "kiosk" / "index.html").is_file()
    assert (site_dir.parent / "site" / "en" / "kiosk" / "checklist" / "kiosk-checklist.txt").is_file()


def test_usage_errors_exit_2(site_dir: Path):
    assert run("check", "--paths", "nowhere", cwd=site_dir.parent).returncode == 2
    assert run("check", "--theme", "nope", cwd=site_dir.parent).returncode == 2
    assert run("frobnicate", cwd=site_dir.parent).returncode == 2
    (site_dir.parent / "notes").mkdir()
    (site_dir.parent / "notes" / "todo.txt").write_text("mine")
    refused = run("build", "--output", "notes", cwd=site_dir.parent)
    assert refused.returncode == 2
    assert "was not made by Polku" in refused.stderr
    assert (site_dir.parent / "notes" / "todo.txt").read_text() == "mine"


def test_file_urls_build_a_copy_to_open_from_disk(site_dir: Path):
    result = run("build", "--file-urls", "--output", "local", cwd=site_dir.parent)
    assert result.returncode == 0, result.stderr
    page = (site_dir.parent / "local" / "en" / "kiosk" / "index.html").read_text()
    assert '<a class="site-name" href="../index.html">' in page


ALWAYS_TRUE = ("paths/kiosk.yaml:51:15: warning: phases[0].steps[1].when: this condition is always true, so the "
               "step always applies (remove 'when', or check which answers it lists)")


def _always_true(site_dir: Path) -> None:
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace("when: {question: sells, chosen: food}",
                                               "when: {any: [{question: place, chosen: [indoors, outdoors]}]}"))


def test_warnings_are_printed_and_do_not_fail(site_dir: Path):
    _always_true(site_dir)
    checked = run("check", cwd=site_dir.parent)
    assert checked.returncode == 0
    assert checked.stderr.splitlines() == [ALWAYS_TRUE]
    assert checked.stdout.splitlines()[0] == "1 paths checked: no errors, 1 warning in 1 file."
    built = run("build", cwd=site_dir.parent)
    assert built.returncode == 0 and built.stderr.splitlines() == [ALWAYS_TRUE]
    assert (site_dir.parent / "output" / "en" / "kiosk" / "index.html").is_file()


def test_strict_makes_warnings_fail_and_write_nothing(site_dir: Path):
    _always_true(site_dir)
    checked = run("check", "--strict", cwd=site_dir.parent)
    assert checked.returncode == 1 and checked.stdout == ""
    assert checked.stderr.splitlines() == [ALWAYS_TRUE, "1 warning in 1 file, failing because of --strict."]
    built = run("build", "--strict", cwd=site_dir.parent)
    assert built.returncode == 1
    assert built.stderr.splitlines()[-1] == "1 warning in 1 file, failing because of --strict; nothing was written."
    assert not (site_dir.parent / "output").exists()


def test_a_malformed_source_date_epoch_is_a_usage_error(site_dir: Path):
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build"], cwd=site_dir.parent, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "SOURCE_DATE_EPOCH": "soon"})
    assert result.returncode == 2
    assert result.stderr == ("build.py: error: SOURCE_DATE_EPOCH='soon' is not a number of seconds since 1970\n")
