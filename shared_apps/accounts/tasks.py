from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import SessionRecord


@shared_task(name="shared_apps.accounts.tasks.purge_session_records")
def purge_session_records() -> int:
    """Forget sessions that no longer exist (expired and purged, or logged out)."""
    settled = timezone.now() - dt.timedelta(hours=1)  # a login still being written is left alone
    gone = SessionRecord.objects.filter(created_at__lt=settled).exclude(
        session_key__in=Session.objects.values("session_key")
    )
    deleted, _ = gone.delete()
    return deleted
