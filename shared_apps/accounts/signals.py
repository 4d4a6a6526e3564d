"""Remember which session belongs to whom at every login (Django's, SSO hand-offs, axes-guarded)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts.record_session")
def _record_session(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    from .services import remember_session

    remember_session(user, session)
