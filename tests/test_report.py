"""Content health (`build.py report`, `/_report/`) on fixtures with known stale and missing items."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_build_cli import run

REPORT_SITE = ROOT / "tests" / "fixtures" / "report"
TODAY = dt.datetime(2027, 3, 20, tzinfo=dt.timezone.utc)


@pytest.fixture
def report_dir(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(REPORT_SITE, tmp_path / "paths")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(TODAY.timestamp())))
    return tmp_path / "paths"


def report_json(content: Path) -> dict:
    """The fixture's links are broken on purpose: the report lists them, and like a build fails on them."""
    result = run("report", "--json", cwd=content.parent)
    assert result.returncode == 1 and "4 errors in 1 file." in result.stderr, result.stderr
    return json.loads(result.stdout)


def findings(data: dict, kind: str) -> list[str]:
    return [f"{f['subject']}: {f['message']}" for f in data["findings"] if f["kind"] == kind]


def test_json_report_has_the_documented_shape(report_dir: Path):
    data = report_json(report_dir)
    assert data["version"] == 1 and data["today"] == "2027-03-20" and data["due_within_days"] == 30
    assert set(data) == {"version", "today", "due_within_days", "summary", "paths", "providers", "findings", "errors"}
    assert data["summary"]["paths"] == 2 and data["summary"]["providers"] == 3 and data["summary"]["links_checked"]
    assert data["summary"]["findings"] == len(data["findings"]) == sum(data["summary"]["by_kind"].values())
    finding = data["findings"][0]
    assert set(finding) == {"kind", "subject", "file", "line", "column", "field", "message"}
    assert finding["file"] == "paths/overdue.yaml" and finding["line"] == 8 and finding["field"] == "review_by"
    assert data["providers"] == [{"id": "permits", "used_by": ["overdue"]}, {"id": "unused", "used_by": []},
                                 {"id": "web-only", "used_by": ["due"]}]


def test_reviews_past_and_due_within_30_days(report_dir: Path):
    data = report_json(report_dir)
    paths = {p["id"]: p for p in data["paths"]}
    assert (paths["overdue"]["review"], paths["overdue"]["days_to_review"]) == ("overdue", -19)
    assert (paths["due"]["review"], paths["due"]["days_to_review"]) == ("due", 21)
    assert paths["due"]["last_reviewed"] == "2026-10-01"  # the last-updated date of each path
    assert findings(data, "review_overdue") == ["overdue: review is overdue (review_by 2027-03-01, 19 days ago)"]
    assert findings(data, "review_due") == ["due: review is due soon (review_by 2027-04-10, in 21 days)"]


def test_missing_translations_per_language_and_field(report_dir: Path):
    data = report_json(report_dir)
    due = next(p for p in data["paths"] if p["id"] == "due")
    assert list(due["missing_translations"]) == ["sv"]
    assert due["missing_translations"]["sv"][:3] == ["title", "summary", "owner.team"]
    assert "phases[0].steps[1].title" in due["missing_translations"]["sv"]
    assert "web-only: provider 'web-only' has no Swedish text here" in findings(data, "missing_translation")


def test_providers_unused_or_missing_channels(report_dir: Path):
    data = report_json(report_dir)
    assert findings(data, "provider_unused") == ["unused: provider 'unused' is not used by any path"]
    assert findings(data, "provider_no_person") == [
        "web-only: provider 'web-only' has no phone, e-mail, chat or visit channel to reach a person"]
    assert findings(data, "provider_no_hours") == ["permits: provider 'permits': the visit channel gives no hours"]
    assert findings(data, "provider_language") == [
        "permits: provider 'permits': no channel serves in English, a language of paths using it"]


def test_steps_without_provider_or_documents_for_a_permit(report_dir: Path):
    data = report_json(report_dir)
    assert findings(data, "step_without_provider") == ["due: step 'wait' names no provider, so residents see no contact for it"]
    assert findings(data, "permit_without_documents") == [
        "due: step 'wait' involves a permit or decision but lists no documents",       # a decision date
        "overdue: step 'apply' involves a permit or decision but lists no documents",  # "permit" in the title
    ]


def test_broken_internal_links_and_anchors(report_dir: Path):
    data = report_json(report_dir)
    assert findings(data, "broken_link") == [
        "overdue: '#step-nope' points to no element with id 'step-nope' on this page (did you mean 'step-apply'?)",
        "overdue: the link '../missing/' leads to no page of the site",
        "overdue: the link '/en/missing/' leads to no page of the site",
        "overdue: 'https://paths.example.fi/fi/due/#step-gone' points to no element with id 'step-gone' on fi/due/index.html",
    ]  # '../due/#step-register' and the external link are fine
    assert [(f["line"], f["field"]) for f in data["findings"] if f["kind"] == "broken_link"] == [
        (18, "phases[0].steps[0].body.fi"), (18, "phases[0].steps[0].body.fi"), (19, "phases[0].steps[0].body.en"),
        (21, "phases[0].steps[0].links[0].url")]


def test_text_report_lists_located_findings_and_last_updated(report_dir: Path):
    result = run("report", cwd=report_dir.parent)
    assert result.returncode == 1  # the broken links
    lines = result.stdout.splitlines()
    assert lines[0] == "Content health of paths/ on 2027-03-20: 2 paths, 3 providers, 16 findings."
    assert "paths/overdue.yaml:8:12: review_by: review is overdue (review_by 2027-03-01, 19 days ago)" in lines
    assert lines[-2:] == ["  2026-03-01  review by 2027-03-01 (19 days ago)  overdue: Vanha polku",
                          "  2026-10-01  review by 2027-04-10 (in 21 days)  due: Pian tarkistettava"]


def test_content_errors_are_reported_and_links_left_unchecked(report_dir: Path):
    due = report_dir / "due.yaml"
    due.write_text(due.read_text().replace("provider: web-only", "provider: nobody"))
    result = run("report", "--json", cwd=report_dir.parent)
    assert result.returncode == 1
    assert "paths/due.yaml:16:19: phases[0].steps[0].provider: unknown provider 'nobody'" in result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["errors"] == 1 and not data["summary"]["links_checked"]
    assert data["errors"][0]["message"] == "unknown provider 'nobody'"
    assert findings(data, "review_overdue")  # the rest of the report is still there


def test_bundled_content_has_no_errors_or_broken_links(tmp_path: Path):
    result = run("report", "--json", "--paths", str(ROOT / "paths"), cwd=tmp_path)
    data = json.loads(result.stdout)
    assert result.returncode == 0 and data["errors"] == [] and findings(data, "broken_link") == []
