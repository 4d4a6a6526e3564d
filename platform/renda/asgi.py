"""ASGI entry point. `platform/` must be on sys.path."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.production")

application = get_asgi_application()
