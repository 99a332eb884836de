"""Calendar files: RFC 5545 lines, escaping and folding, next yearly dates, the build date."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import ics

TODAY = dt.date(2027, 3, 1)


def event(uid: str = "cafe-terrace-permit-deadline-20270401@polku.example.fi", start: dt.date = dt.date(2027, 4, 1),
          reminder: bool = True, summary: str = "Deadline: Apply for a terrace permit") -> ics.Event:
    return ics.Event(uid, start, summary, "Starting a café, restaurant; or bar\nhttps://polku.example.fi/en/cafe/#step-x",
                     "https://polku.example.fi/en/cafe/#step-x", reminder)


def test_calendar_is_read_back_by_a_calendar_library():
    text = ics.calendar("Starting a café: dates", "20261012T000000Z",
                        [event(), event("b@polku.example.fi", dt.date(2027, 3, 2), reminder=False)])
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["PRODID"] == ics.PRODID and calendar["VERSION"] == "2.0"
    first, second = calendar.walk("VEVENT")
    assert first["UID"] == "b@polku.example.fi"  # sorted by date
    assert second.decoded("DTSTART") == dt.date(2027, 4, 1)
    assert second.decoded("DTEND") == dt.date(2027, 4, 2)  # all-day: the end is exclusive
    assert second["DESCRIPTION"] == "Starting a café, restaurant; or bar\nhttps://polku.example.fi/en/cafe/#step-x"
    assert second.decoded("DTSTAMP") == dt.datetime(2026, 10, 12, tzinfo=dt.timezone.utc)
    (alarm,) = second.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -dt.timedelta(days=7)
    assert not first.walk("VALARM")


def test_lines_end_in_crlf_and_all_day_dates_are_values_of_type_date():
    text = ics.calendar("Dates", "20261012T000000Z", [event()])
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART;VALUE=DATE:20270401\r\n" in text


def test_text_values_are_escaped():
    assert ics.escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "ä" * 80
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece.removeprefix(" ") if i else piece for i, piece in enumerate(pieces)) == line
    assert ics.fold("SHORT:line") == "SHORT:line"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=400))
def test_folding_keeps_every_character_and_the_octet_limit(text):
    pieces = ics.fold(text).split("\r\n ")
    assert "".join(pieces) == text
    assert len(pieces[0].encode()) <= 75 and all(len(p.encode()) <= 74 for p in pieces[1:])
    # Each piece as long as it can be: the next one's first character would not fit.
    assert all(len(piece.encode()) + len(after[0].encode()) > (75 if i == 0 else 74)
               for i, (piece, after) in enumerate(zip(pieces, pieces[1:])))


@pytest.mark.parametrize("month_day, expected", [
    ("03-01", dt.date(2027, 3, 1)),   # today counts
    ("04-29", dt.date(2027, 4, 29)),
    ("02-28", dt.date(2028, 2, 28)),  # passed this year
    ("02-29", dt.date(2028, 2, 29)),  # a leap year next
])
def test_next_occurrence_of_a_yearly_date(month_day, expected):
    assert ics.next_occurrence(month_day, TODAY) == expected


def test_29_february_is_the_28th_in_other_years():
    assert ics.next_occurrence("02-29", dt.date(2026, 1, 5)) == dt.date(2026, 2, 28)
    assert ics.next_occurrence("02-29", dt.date(2028, 2, 29)) == dt.date(2028, 2, 29)


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert ics.build_date() == dt.date(2026, 9, 21)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before, built, after = dt.date.today(), ics.build_date(), dt.date.today()
    assert built in (before, after)  # the clock, read once (midnight may pass in between)


def test_a_malformed_source_date_epoch_is_an_error(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ics.BuildDateError, match="SOURCE_DATE_EPOCH='yesterday' is not a number"):
        ics.build_date()
