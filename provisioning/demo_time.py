"""Time for the demo province: a seeded history of the past twelve months.

The demo's messages and duty records go through the modules' real services, which stamp
everything they write (timelines, audit entries, deadlines, event payloads and the outbox's
``occurred_at``) with ``timezone.now()``. Running each step under :func:`clock` makes that
"now" the moment the step happened in the story, so the events are published with their
real dates and the dashboard's trend (built from the events) shows the history the
congresses' own statistics show.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone


@contextmanager
def clock(moment: dt.datetime) -> Iterator[dt.datetime]:
    """``timezone.now()`` answers ``moment`` inside the block (demo seeding only, single thread)."""
    if timezone.is_naive(moment):
        raise ValueError("the demo clock needs an aware datetime")
    if moment > dt.datetime.now(tz=dt.UTC):  # the real clock, also inside another clock()
        raise ValueError(f"the demo clock cannot run ahead of today: {moment.isoformat()}")
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield moment
    finally:
        timezone.now = real


@dataclass(frozen=True)
class Window:
    start: dt.datetime
    end: dt.datetime

    def at(self, fraction: float) -> dt.datetime:
        return self.start + (self.end - self.start) * min(max(fraction, 0.0), 1.0)

    def day(self, rng: random.Random) -> dt.date:
        return timezone.localtime(self.at(rng.random())).date()


def _month_start(moment: dt.datetime, back: int) -> dt.datetime:
    year, month = divmod(moment.year * 12 + moment.month - 1 - back, 12)
    return moment.replace(year=year, month=month + 1, day=1, hour=0, minute=0, second=0, microsecond=0)


def past_year(now: dt.datetime | None = None) -> Window:
    """From the first day of the month eleven months ago up to an hour ago: the twelve months
    the dashboard shows by default, this month included."""
    now = timezone.localtime(now or timezone.now())
    return Window(_month_start(now, 11) + dt.timedelta(hours=9), now - dt.timedelta(hours=1))


def this_year(now: dt.datetime | None = None) -> Window:
    """The current calendar year up to an hour ago (duty activity is counted per year)."""
    now = timezone.localtime(now or timezone.now())
    start = now.replace(month=1, day=1, hour=9, minute=0, second=0, microsecond=0)
    return Window(min(start, now - dt.timedelta(hours=2)), now - dt.timedelta(hours=1))


def rng_for(region_code: str, topic: str) -> random.Random:
    """A generator of its own for each congress and topic: the same demo every time, and a
    different one in every congress."""
    return random.Random(zlib.crc32(f"{region_code}:{topic}".encode()))
