from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import SignOnSession


@shared_task(name="shared_apps.identity.tasks.purge_expired_sessions")
def purge_expired_sessions() -> int:
    """Delete sessions past their expiry date (public schema), and the sign-on records of
    sessions that are gone. Returns how many sessions were removed."""
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    SignOnSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()
    return deleted
