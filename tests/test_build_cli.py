"""build.py as editors and CI use it: exit codes, messages, and never a traceback."""

from __future__ import annotations

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
    assert result.stdout == "1 paths checked: no errors.\n"
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
    assert result.stdout.startswith("Built 8 pages into site/")
    assert (site_dir.parent / "site" / "en" / "kiosk" / "index.html").is_file()


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
