"""Stage 4b: checklist pages and their downloads, as the build writes them (every step)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from generator import checklist, context, pipeline

from .conftest import DEFAULT_THEME


def build(site_dir: Path, today: dt.date = dt.date(2027, 3, 1)):
    checked = pipeline.check_content(site_dir, DEFAULT_THEME)
    assert not checked.errors
    pages, files = checklist.build(checked.content, context.build_pages(checked.content, checked.catalogues), today,
                                   checked.catalogues)
    return {page.output: page for page in pages}, files


@pytest.fixture
def built(site_dir: Path):
    return build(site_dir)


def test_one_checklist_per_path_page_with_its_downloads_named_in_the_language(built):
    pages, files = built
    assert sorted(pages) == ["en/kiosk/checklist/index.html", "fi/kiosk/checklist/index.html"]
    assert sorted(files) == ["en/kiosk/checklist/kiosk-calendar.ics", "en/kiosk/checklist/kiosk-checklist.txt",
                             "fi/kiosk/checklist/kiosk-kalenteri.ics", "fi/kiosk/checklist/kiosk-muistilista.txt"]
    page = pages["en/kiosk/checklist/index.html"].context
    assert page["path"]["text_file"] == "kiosk-checklist.txt"
    assert page["path"]["guide_url"] == "../"
    assert page["canonical_url"] == "https://paths.example.fi/en/kiosk/checklist/"
    assert page["alternates"][0]["url"] == "../../../fi/kiosk/checklist/"


def test_the_text_file_lists_every_step_with_what_it_needs(built):
    text = built[1]["en/kiosk/checklist/kiosk-checklist.txt"].decode()
    assert text.startswith("# Checklist: Opening a kiosk\n\nhttps://paths.example.fi/en/kiosk/\n\nLast updated 1 October 2026\n")
    assert "\n- [ ] 1. Register the company\n  - Cost: €60\n" in text
    assert ("\n- [ ] and: Food premises notification\n  - Applies to you if you sell food\n"
            "  - You will need:\n    - Floor plan\n  - Deadline: 29 April every year\n  - Decision: in May\n") in text
    assert "  - Handled by: Permit services; Phone: +358 9 310 10000; E-service: https://asiointi.example.fi/luvat\n" in text
    assert "\n- [ ] 2. Open the doors\n" in text
    assert text.endswith("## Who to contact\n\n- Permit services\n  - Visit: Testikatu 1, 00100 Helsinki (Mon–Fri 8:15–16:00)\n"
                         "  - Phone: +358 9 310 10000 (Mon–Thu 9:00–15:00)\n  - E-mail: luvat@example.fi\n"
                         "  - E-service: https://asiointi.example.fi/luvat\n")


def test_the_calendar_has_the_dated_steps_and_yearly_ones_at_their_next_date(built):
    calendar = icalendar.Calendar.from_ical(built[1]["en/kiosk/checklist/kiosk-calendar.ics"].decode())
    events = [(e["UID"], e.decoded("DTSTART"), str(e["SUMMARY"])) for e in calendar.walk("VEVENT")]
    assert events == [
        ("kiosk-food-notice-deadline-20270429@paths.example.fi", dt.date(2027, 4, 29), "Deadline: Food premises notification"),
        ("kiosk-open-doors-starts-20270501@paths.example.fi", dt.date(2027, 5, 1), "Starts: Open the doors"),
    ]  # the decision "in May" has no day, so it is not an event
    assert str(calendar["X-WR-CALNAME"]) == "Opening a kiosk: dates"
    food = calendar.walk("VEVENT")[0]
    assert str(food["URL"]) == "https://paths.example.fi/en/kiosk/#step-food-notice"
    assert food.decoded("DTSTAMP") == dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)  # last_reviewed, not the clock


def test_dates_already_past_are_left_out_and_yearly_ones_move_on(site_dir: Path):
    _, files = build(site_dir, today=dt.date(2027, 5, 2))
    calendar = icalendar.Calendar.from_ical(files["en/kiosk/checklist/kiosk-calendar.ics"].decode())
    assert [e.decoded("DTSTART") for e in calendar.walk("VEVENT")] == [dt.date(2028, 4, 29)]


def test_no_calendar_when_no_step_has_a_day(site_dir: Path):
    kiosk = site_dir / "kiosk.yaml"
    kiosk.write_text(kiosk.read_text().replace('- {kind: deadline, yearly: "04-29"}\n', "")
                     .replace("- {kind: starts, date: 2027-05-01}", "- {kind: starts, month: 5}"))
    pages, files = build(site_dir)
    assert not [name for name in files if name.endswith(".ics")]
    assert pages["en/kiosk/checklist/index.html"].context["path"]["calendar_file"] is None


def test_the_browser_gets_the_same_pieces_the_build_put_together(built):
    pages, files = built
    data = pages["fi/kiosk/checklist/index.html"].context["path"]["personal"]["checklist"]
    assert data["text"]["steps"]["food-notice"]["if"] == "Koskee sinua, jos myyt ruokaa"
    assert data["text"]["questions"][0] == {"id": "sells", "label": "Mitä myyt?",
                                            "options": {"food": "Ruokaa", "tobacco": "Tupakkaa"}}
    assert [(e["step"], e["date"], e["yearly"]) for e in data["calendar"]["events"]] == [
        ("food-notice", None, "04-29"), ("open-doors", "2027-05-01", None)]
    assert data["calendar"]["host"] == "paths.example.fi"
    steps = [s for phase in pages["fi/kiosk/checklist/index.html"].context["path"]["phases"] for s in phase["steps"]]
    assert checklist.static_text(data["text"], steps) == files["fi/kiosk/checklist/kiosk-muistilista.txt"].decode()
