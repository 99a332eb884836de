"""Working days for the five-day promise: weekends and Finnish public holidays off."""

from __future__ import annotations

import datetime as dt

from feedback.workdays import WorkingDays

D = dt.date


def test_a_reply_promised_on_friday_is_due_the_next_friday():
    days = WorkingDays()
    assert days.add(D(2026, 9, 4), 5) == D(2026, 9, 11)
    assert days.between(D(2026, 9, 4), D(2026, 9, 11)) == 5
    assert days.between(D(2026, 9, 4), D(2026, 9, 14)) == 6


def test_easter_and_may_day_are_not_working_days():
    days = WorkingDays()
    # Thursday before Easter 2026: Good Friday 3 April and Easter Monday 6 April are off.
    assert days.add(D(2026, 4, 2), 5) == D(2026, 4, 13)
    assert not days.is_working_day(D(2026, 5, 1))
    assert not days.is_working_day(D(2026, 12, 24))  # Christmas Eve, as Finnish offices keep it
    assert WorkingDays(public_holidays=False).add(D(2026, 4, 2), 5) == D(2026, 4, 9)


def test_nothing_is_overdue_on_the_same_day_or_before():
    days = WorkingDays()
    assert days.between(D(2026, 9, 4), D(2026, 9, 4)) == 0
    assert days.between(D(2026, 9, 4), D(2026, 9, 1)) == 0
