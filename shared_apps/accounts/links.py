"""Absolute URLs for messages: a person opens them from a mail client or a phone, not a page."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tenants.models import Congress


def site_origin(congress: Congress | None) -> str:
    """The congress's own site when there is one, else the platform site."""
    hostname = congress.primary_domain_name() if congress is not None else None
    if hostname is None:
        platform = Congress.objects.filter(schema_name="public").first()
        hostname = (platform.primary_domain_name() if platform else None) or settings.BASE_DOMAIN
    scheme = getattr(settings, "SITE_SCHEME", "https")
    port = str(getattr(settings, "SITE_PORT", "") or "")
    default = "443" if scheme == "https" else "80"
    suffix = f":{port}" if port and port != default else ""
    return f"{scheme}://{hostname}{suffix}"


def absolute(congress: Congress | None, url_name: str, **kwargs) -> str:
    # Both URLconfs mount the account pages at the same paths.
    path = reverse(url_name, kwargs=kwargs or None, urlconf="renda.urls_public")
    return site_origin(congress) + path
