"""Working days and deadlines: public holidays and make-up days, corrected per congress.

The national calendar comes from `chinese-calendar` (the State Council's yearly notice); a
congress adds its own corrections as CalendarDay rows. Years the library does not know yet
fall back to Monday-Friday until the congress enters them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import chinese_calendar
from django.conf import settings

from . import cached
from .models import CalendarDay, DeadlineUnit

_MAX_SCAN_DAYS = 3660


def _national_is_working(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # chinese_calendar covers 2004-2026 only: later years fall back to Mon-Fri
        return day.weekday() < 5


def congress_overrides() -> dict[dt.date, bool]:
    """The congress's own calendar days (cached: every submission computes a deadline)."""
    return cached.read_through("calendar", lambda: dict(CalendarDay.objects.values_list("date", "is_working_day")))


def forget_overrides(**_kwargs) -> None:
    cached.forget("calendar")


class WorkCalendar:
    """A congress's calendar: national rules with its overrides, loaded once per use."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None):
        self._overrides = overrides

    @property
    def overrides(self) -> dict[dt.date, bool]:
        # Loaded on first use: a deadline in hours or calendar days never needs them.
        if self._overrides is None:
            self._overrides = congress_overrides()
        return self._overrides

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return _national_is_working(day)

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The end of the ``days``-th working day after ``start``'s date (23:59:59 local time).

        A message received on a holiday starts counting from the next working day, as
        offices do: the day of receipt itself does not count.
        """
        tz = ZoneInfo(settings.TIME_ZONE)
        day = start.astimezone(tz).date()
        counted = 0
        for _i in range(_MAX_SCAN_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
                if counted >= days:
                    break
        return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)

    def deadline(self, start: dt.datetime, amount: int, unit: str) -> dt.datetime:
        if unit == DeadlineUnit.HOURS:
            return start + dt.timedelta(hours=amount)
        if unit == DeadlineUnit.DAYS:
            return start + dt.timedelta(days=amount)
        return self.add_working_days(start, amount)

    def working_days_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Working days after ``start``'s date up to and including ``end``'s date."""
        tz = ZoneInfo(settings.TIME_ZONE)
        day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
        count = 0
        while day < last:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def year(self, year: int) -> list[tuple[dt.date, bool, bool]]:
        """(date, is working day, overridden) for the non-ordinary days of ``year``: holidays on
        weekdays, working weekends, and every override."""
        rows = []
        day = dt.date(year, 1, 1)
        while day.year == year:
            working = self.is_working_day(day)
            ordinary = working == (day.weekday() < 5)
            if not ordinary or day in self.overrides:
                rows.append((day, working, day in self.overrides))
            day += dt.timedelta(days=1)
        return rows


def national_day_name(day: dt.date) -> str:
    try:
        _on, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:  # a year chinese_calendar does not cover: no national holiday name
        return ""
    by_value = {h.value: h.chinese for h in chinese_calendar.Holiday}
    return by_value.get(name, name or "")
