"""gunicorn settings for Renda Cloud (`gunicorn -c deploy/gunicorn.conf.py renda.wsgi`)."""

import multiprocessing
import os

pythonpath = "platform"
wsgi_app = "renda.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync" if threads == 1 else "gthread"
# Long enough for Excel exports; the slow work itself belongs in Celery.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
# Both logs in the application's format (LOG_FORMAT, json by default), phone numbers masked.
logger_class = "renda.logs.GunicornLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
