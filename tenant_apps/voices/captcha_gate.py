"""The offline image captcha (django-simple-captcha) shown once a rate limit is hit."""

from __future__ import annotations

from captcha.models import CaptchaStore
from django.urls import reverse
from django.utils import timezone


def new_challenge() -> dict:
    key = CaptchaStore.generate_key()
    return {"key": key, "image_url": reverse("voices:captcha", args=[key])}


def solved(key: str, value: str) -> bool:
    """True once per challenge: a solved challenge is deleted so it cannot be replayed."""
    if not key or not value:
        return False
    deleted, _rows = CaptchaStore.objects.filter(
        hashkey=key, response=value.strip().lower(), expiration__gt=timezone.now()
    ).delete()
    return deleted > 0
