"""Celery tasks of the rollups: the daily keyword counts behind the dashboard's hot topics."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone
from django_tenants.utils import schema_context

from . import topics


@shared_task(name="shared_apps.rollups.tasks.count_keywords", ignore_result=True)
def count_keywords(day: str | None = None) -> int:
    """Yesterday's keyword counts in every congress with the voices module on.

    Runs in each congress's schema; only counts (``topics.keywords_counted``) leave it.
    """
    from tenant_apps.voices.tasks import congresses_with_voices

    target = dt.date.fromisoformat(day) if day else timezone.localdate() - dt.timedelta(days=1)
    published = 0
    for schema in congresses_with_voices():
        with schema_context(schema):
            published += topics.count_day_in_current_congress(target)
    return published
