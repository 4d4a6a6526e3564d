from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(name="shared_apps.identity.tasks.purge_expired_sessions")
def purge_expired_sessions() -> int:
    """Delete sessions past their expiry date (public schema). Returns how many were removed."""
    deleted, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
