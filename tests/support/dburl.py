from urllib.parse import quote

from django.conf import settings


def url_for_child_processes() -> str:
    """The test database as a DATABASE_URL for server and worker processes (TCP or socket)."""
    db = settings.DATABASES["default"]
    host = quote(db.get("HOST") or "", safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db.get('USER') or 'postgres'}@{host}{port}/{db['NAME']}"
