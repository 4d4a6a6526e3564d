"""The Renda Cloud Django project (settings, URLconfs, WSGI/ASGI, Celery)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
