"""Calendar files (iCalendar, RFC 5545) for the dated steps of a path, and the build date.

The browser writes the same format for a resident's own steps (polku.js, `calendar`);
tests/test_checklist_in_browser.py checks that both give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Iterable

PRODID = "-//Polku//Service paths//EN"
LINE_OCTETS = 75  # RFC 5545 3.1: lines longer than this are folded
REMINDER = "-P7D"  # deadlines remind a week before


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a number of seconds."""


def build_date() -> dt.date:
    """'Today' for the build: SOURCE_DATE_EPOCH (reproducible builds) when set, else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise BuildDateError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from None


def next_occurrence(month_day: str, today: dt.date) -> dt.date:
    """The next 'MM-DD' on or after today; 29 February is the 28th in other years."""
    month, day = int(month_day[:2]), int(month_day[3:])
    for year in (today.year, today.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            candidate = dt.date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: next year's date is always after today")


@dataclass(frozen=True)
class Event:
    """One all-day event: a step's date."""

    uid: str
    start: dt.date
    summary: str
    description: str
    url: str
    reminder: bool  # remind a week before (deadlines)


def calendar(name: str, stamp: str, events: Iterable[Event]) -> str:
    """A whole VCALENDAR with CRLF line ends; `stamp` is DTSTAMP in UTC (YYYYMMDDTHHMMSSZ)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}"]
    for event in sorted(events, key=lambda e: (e.start, e.uid)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.start + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
            f"URL:{event.url}",
            "TRANSP:TRANSPARENT",
        ]
        if event.reminder:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape(event.summary)}",
                      f"TRIGGER:{REMINDER}", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character,
    each as long as it can be. Cut in the encoded bytes (a loop over the characters took a
    quarter of the time of making a path's pages)."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line
    pieces, start, limit = [], 0, LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the cut goes before its character
            end -= 1
        pieces.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1  # continuation lines start with a space
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8")
