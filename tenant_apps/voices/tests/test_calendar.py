"""Deadlines on the working-day calendar: holidays, make-up working days, the congress's own days."""

import datetime as dt
from zoneinfo import ZoneInfo

from tenant_apps.voices import setup
from tenant_apps.voices.models import DeadlineUnit
from tenant_apps.voices.workcalendar import WorkCalendar

SH = ZoneInfo("Asia/Shanghai")


def test_five_working_days_over_national_day_count_the_make_up_saturday():
    # 2026: 1-7 October off; Saturday 10 October is a make-up working day.
    start = dt.datetime(2026, 9, 30, 16, 0, tzinfo=SH)
    due = WorkCalendar({}).deadline(start, 5, DeadlineUnit.WORKING_DAYS)
    # 8 Oct (Thu), 9 Oct (Fri), 10 Oct (Sat, make-up), 12 Oct (Mon), 13 Oct (Tue).
    assert due == dt.datetime(2026, 10, 13, 23, 59, 59, tzinfo=SH)


def test_a_congress_holiday_and_make_up_day_move_the_deadline(db, in_congress):
    start = dt.datetime(2026, 9, 30, 16, 0, tzinfo=SH)
    with in_congress("T1"):
        setup.set_calendar_day(dt.date(2026, 10, 12), kind="holiday", note="本地调休")
        setup.set_calendar_day(dt.date(2026, 10, 11), kind="working", note="补班")
        calendar = WorkCalendar()
        assert not calendar.is_working_day(dt.date(2026, 10, 12))
        assert calendar.is_working_day(dt.date(2026, 10, 11))
        # 8, 9, 10, 11 (make-up Sunday), 13 October.
        assert calendar.deadline(start, 5, DeadlineUnit.WORKING_DAYS).date() == dt.date(2026, 10, 13)
        setup.set_calendar_day(dt.date(2026, 10, 11), kind="national")
        assert WorkCalendar().deadline(start, 5, DeadlineUnit.WORKING_DAYS).date() == dt.date(2026, 10, 14)
    with in_congress("T2"):
        # Another congress keeps the national calendar.
        assert WorkCalendar().is_working_day(dt.date(2026, 10, 12))


def test_hours_and_calendar_days():
    start = dt.datetime(2026, 10, 1, 9, 0, tzinfo=SH)
    calendar = WorkCalendar({})
    assert calendar.deadline(start, 24, DeadlineUnit.HOURS) == start + dt.timedelta(hours=24)
    assert calendar.deadline(start, 15, DeadlineUnit.DAYS) == start + dt.timedelta(days=15)


def test_years_the_library_does_not_know_fall_back_to_weekdays():
    calendar = WorkCalendar({})
    assert calendar.is_working_day(dt.date(2031, 3, 3))  # a Monday
    assert not calendar.is_working_day(dt.date(2031, 3, 2))  # a Sunday


def test_working_days_between():
    calendar = WorkCalendar({})
    start = dt.datetime(2026, 9, 30, 10, 0, tzinfo=SH)
    assert calendar.working_days_between(start, dt.datetime(2026, 10, 9, 10, 0, tzinfo=SH)) == 2
