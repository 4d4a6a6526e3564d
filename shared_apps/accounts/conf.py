"""Settings of the account lifecycle, with defaults (override in the Django settings)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings


def invitation_ttl() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "ACCOUNTS_INVITATION_DAYS", 7))


def reset_link_ttl() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "ACCOUNTS_RESET_LINK_MINUTES", 60))


def reset_code_ttl() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "ACCOUNTS_RESET_CODE_MINUTES", 10))


def code_attempts() -> int:
    return getattr(settings, "ACCOUNTS_CODE_ATTEMPTS", 5)


def invitation_code_digits() -> int:
    # An invitation code lives for days: two more digits than a reset code's minutes.
    return getattr(settings, "ACCOUNTS_INVITATION_CODE_DIGITS", 8)


def reset_code_digits() -> int:
    return getattr(settings, "ACCOUNTS_RESET_CODE_DIGITS", 6)


def reset_requests_per_hour() -> int:
    return getattr(settings, "ACCOUNTS_RESET_REQUESTS_PER_HOUR", 5)


def reset_request_interval() -> int:
    """Seconds between two reset requests for one identifier (an SMS costs money)."""
    return getattr(settings, "ACCOUNTS_RESET_REQUEST_INTERVAL", 60)
