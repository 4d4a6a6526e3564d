"""Production profile: must pass `manage.py check --deploy` without warnings."""

from renda.env import env_bool, env_int, env_str

from .base import *  # noqa: F403

DEBUG = False
if SECRET_KEY.startswith("dev-insecure"):  # noqa: F405
    raise RuntimeError("SECRET_KEY must be set in production")
if env_str("BLIND_INDEX_KEYS") == "":
    # Keyed on SECRET_KEY, the index would break at the first SECRET_KEY rotation (deploy/keys.md).
    raise RuntimeError("BLIND_INDEX_KEYS must be set in production")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
LOGGING["handlers"]["console"]["formatter"] = env_str("LOG_FORMAT", "json")  # noqa: F405
# Production sends for real: e-mail over SMTP; SMS and WeChat fail visibly until a provider is set.
MESSAGING_BACKENDS = {
    "email": env_str("MESSAGING_EMAIL_BACKEND", "smtp"),
    "sms": env_str("MESSAGING_SMS_BACKEND", "disabled"),
    "wechat": env_str("MESSAGING_WECHAT_BACKEND", "disabled"),
}
