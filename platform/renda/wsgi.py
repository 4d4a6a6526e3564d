"""WSGI entry point. `platform/` must be on sys.path (gunicorn: --pythonpath platform)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.production")

application = get_wsgi_application()
