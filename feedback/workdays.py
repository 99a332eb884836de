"""Working days for the service promise: weekends off, and by default Finnish public holidays.

Holidays come from the `holidays` package (Finland: New Year, Epiphany, Easter, May Day,
Ascension, Midsummer, All Saints', Independence Day, Christmas), which also counts
Midsummer Eve and Christmas Eve, as Finnish offices do.
"""

from __future__ import annotations

import datetime as dt

import holidays as holiday_calendars

ONE_DAY = dt.timedelta(days=1)


class WorkingDays:
    def __init__(self, public_holidays: bool = True):
        self._holidays = holiday_calendars.country_holidays("FI") if public_holidays else {}

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def add(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start`: when a reply promised on `start` is due."""
        day = start
        while days > 0:
            day += ONE_DAY
            days -= self.is_working_day(day)
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start`, up to and including `end` (0 if `end` is not later)."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count
