"""Categories, calendar days and the public headline are cached per congress: a committed change
is seen at once, a rolled-back one is never remembered (real commits through `committed`)."""

import datetime as dt

from django.core.cache import cache
from django.db import transaction
from django_tenants.utils import schema_context

from tenant_apps.voices import cached, setup, taxonomy
from tenant_apps.voices.models import CalendarDay, Category
from tenant_apps.voices.taxonomy import ensure_defaults
from tenant_apps.voices.workcalendar import WorkCalendar, congress_overrides

DAY = dt.date(2026, 12, 14)  # a Monday: an ordinary working day nationally


def _cached_value(name: str):
    return cache.get(cached._key(name))


def test_category_change_is_seen_after_commit(world, committed):
    with schema_context(world.congresses["T2"].schema_name):
        ensure_defaults()
        help_ = taxonomy.submittable("help")
        assert _cached_value("categories") is not None  # read outside a transaction: remembered
        before = help_.deadline_amount
        try:
            with transaction.atomic():
                setup.save_category(
                    Category.objects.get(pk=help_.pk), code="help", name=help_.name, parent=None,
                    deadline_amount=before + 3, deadline_unit=help_.deadline_unit, extra_fields=[],
                )
            assert taxonomy.submittable("help").deadline_amount == before + 3
            with transaction.atomic():
                Category.objects.filter(pk=help_.pk).update(is_active=False)
                taxonomy.forget()
                assert taxonomy.submittable("help") is None  # read inside the transaction...
                transaction.set_rollback(True)
            assert _cached_value("categories") is None  # ...was not remembered
            assert taxonomy.submittable("help") is not None
        finally:
            Category.objects.filter(pk=help_.pk).update(deadline_amount=before, is_active=True)
            taxonomy.forget()


def test_calendar_change_is_seen_after_commit_and_rollback_is_forgotten(world, committed):
    with schema_context(world.congresses["T2"].schema_name):
        assert DAY not in congress_overrides()
        assert _cached_value("calendar") is not None
        try:
            setup.set_calendar_day(DAY, kind="holiday", note="测试")
            assert WorkCalendar().is_working_day(DAY) is False
            with transaction.atomic():
                setup.set_calendar_day(DAY, kind="national")
                assert WorkCalendar().is_working_day(DAY) is True
                transaction.set_rollback(True)
            assert WorkCalendar().is_working_day(DAY) is False
        finally:
            CalendarDay.objects.filter(date=DAY).delete()
        assert WorkCalendar().is_working_day(DAY) is True


def test_nothing_is_cached_inside_a_transaction(world, db):
    with schema_context(world.congresses["T2"].schema_name):
        cache.delete(cached._key("calendar"))
        congress_overrides()
        assert _cached_value("calendar") is None
