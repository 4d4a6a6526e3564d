"""Settings shared by every profile. Everything deployment-specific comes from the environment."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from renda.env import env_bool, env_int, env_list, env_str

ROOT_DIR = Path(__file__).resolve().parents[3]
BASE_DIR = ROOT_DIR

SECRET_KEY = env_str("SECRET_KEY", "dev-insecure-key-change-me-in-production-0123456789abcdef")
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# Salt for the keys of encrypted personal-data fields (shared_apps.privacy).
SALT_KEY = env_list("FIELD_ENCRYPTION_SALT", "renda-field-encryption")
DEBUG = env_bool("DEBUG", False)
# The domain under which congresses get their default hostnames: `<slug>.<BASE_DOMAIN>`.
BASE_DOMAIN = env_str("BASE_DOMAIN", "localhost")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", f"{BASE_DOMAIN},.{BASE_DOMAIN},127.0.0.1")

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "shared_apps.identity",
    "shared_apps.bus",
    "shared_apps.bus.hub",
    "shared_apps.audit",
    "shared_apps.web",
    "shared_apps.rollups",
    "provisioning",
    # Offline image captcha for the public message form (voices), one table in the public schema.
    "captcha",
]

# Module apps (tenant_apps.*) carry a manifest; see docs/modules.md.
TENANT_APPS = [
    "guardian",
    "shared_apps.bus",
    "shared_apps.audit",
    "tenant_apps.portal",
    "tenant_apps.deputies",
    "tenant_apps.stations",
    "tenant_apps.voices",
    "tenant_apps.escalations",
    "tenant_apps.distribution",
]

INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Congress"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "renda.urls_public"
ROOT_URLCONF = "renda.urls_tenant"
# One `SET search_path` per request instead of one per cursor.
TENANT_LIMIT_SET_CALLS = True
# Media of each congress lives under MEDIA_ROOT/<schema>/.
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tenants.middleware.CongressRoutingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shared_apps.audit.middleware.RequestContextMiddleware",
    "tenants.middleware.ModuleGateMiddleware",
    "tenants.middleware.SuspendedCongressMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project-level overrides of third-party templates (the offline Redoc page).
        "DIRS": [ROOT_DIR / "platform" / "renda" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "shared_apps.web.context_processors.congress",
            ],
        },
    }
]

WSGI_APPLICATION = "renda.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/renda"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
        engine="django_tenants.postgresql_backend",
    )
}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "renda"),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Set to ".example.gov.cn" to share one session cookie across all congress hostnames;
# otherwise the single sign-on hand-off (identity.sso) carries the login across domains.
SESSION_COOKIE_DOMAIN = env_str("SESSION_COOKIE_DOMAIN") or None
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)

AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = [
    "shared_apps.identity.backends.MembershipRoleBackend",
    "guardian.backends.ObjectPermissionBackend",
]
GUARDIAN_RENDER_403 = True
ANONYMOUS_USER_NAME = None
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "identity:login"
LOGIN_REDIRECT_URL = "web:console"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [ROOT_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(ROOT_DIR / ".local" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(ROOT_DIR / ".local" / "media")))
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded images are re-encoded in memory; keep requests bounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shared_apps.identity.api.permissions.IsCongressMember"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "shared_apps.web.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "shared_apps.web.api.exceptions.structured_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Renda Cloud API",
    "DESCRIPTION": "API of a congress instance of Renda Cloud (数字人大云).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several modules have a field called `kind`: give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "PostKindEnum": "tenant_apps.portal.models.PostKind",
        "StationKindEnum": "tenant_apps.stations.models.StationKind",
        "NoticeKindEnum": "tenant_apps.distribution.models.NoticeKind",
        "EscalationStatusEnum": "tenant_apps.escalations.models.CaseStatus",
        # A message's status, and the from/to states of its timeline: one choice set, one name.
        "VoiceStatusEnum": "tenant_apps.voices.states.Status.choices",
    },
    # The default enum hook, then OpenAPI links from creates to their objects' operations.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "shared_apps.web.api.schema.add_links",
    ],
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE = {
    "purge-expired-sessions": {
        "task": "shared_apps.identity.tasks.purge_expired_sessions",
        "schedule": 60 * 60,
    },
    # Fans out to every congress with the voices module, staggered (tenant_apps.voices.tasks).
    "voices-deadlines": {
        "task": "tenant_apps.voices.tasks.sweep_all",
        "schedule": env_int("VOICES_SWEEP_SECONDS", 300),
    },
    # The bus, where no dedicated `manage.py relay` / `manage.py consume` processes run
    # (see deploy/bus.md). Both are safe to run next to the dedicated processes.
    "bus-relay": {"task": "shared_apps.bus.tasks.relay_pending", "schedule": 2.0},
    "bus-consumers": {"task": "shared_apps.bus.tasks.run_consumers", "schedule": 2.0},
    "bus-partitions": {"task": "shared_apps.bus.tasks.ensure_partitions", "schedule": 24 * 60 * 60},
    "bus-purge-relayed": {"task": "shared_apps.bus.tasks.purge_relayed", "schedule": 24 * 60 * 60},
    "bus-purge-nonces": {"task": "shared_apps.bus.tasks.purge_nonces", "schedule": 60 * 60},
    # Hot topics: yesterday's keyword counts of each congress (shared_apps.rollups.topics).
    "rollups-keywords": {"task": "shared_apps.rollups.tasks.count_keywords", "schedule": crontab(hour=1, minute=30)},
}
# Spread of one sweep's per-congress tasks over this many seconds (no thundering herd).
VOICES_SWEEP_SPREAD_SECONDS = env_int("VOICES_SWEEP_SPREAD_SECONDS", 240)
VOICES_SWEEP_BATCH = env_int("VOICES_SWEEP_BATCH", 100)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "renda-noreply@localhost")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(ROOT_DIR / ".local" / "mail"))
CAPTCHA_LENGTH = 4
CAPTCHA_IMAGE_SIZE = (120, 44)
CAPTCHA_FONT_SIZE = 30
CAPTCHA_TIMEOUT = 10

# Provisioning (provisioning/): new schemas are cloned from a template schema kept at the
# current migrations ("clone"), or built by running the migrations ("migrate": the path for
# Citus, which does not support the clone's statements on distributed schemas).
PROVISIONING_SCHEMA_METHOD = env_str("PROVISIONING_SCHEMA_METHOD", "clone")
PROVISIONING_TEMPLATE_SCHEMA = env_str("PROVISIONING_TEMPLATE_SCHEMA", "tenant_template")
# Where jobs run when started from a page or the API: "celery" (a worker) or "sync" (in the request).
PROVISIONING_DISPATCH = env_str("PROVISIONING_DISPATCH", "celery")
# Parallel jobs of one bulk level, and parallel processes of a migration rollout.
PROVISIONING_WORKERS = env_int("PROVISIONING_WORKERS", 2)
PROVISIONING_ARCHIVE_ROOT = Path(env_str("PROVISIONING_ARCHIVE_ROOT", str(ROOT_DIR / ".local" / "archives")))

LOG_FORMAT = env_str("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "renda.logs.formatter", "kind": "plain"},
        "json": {"()": "renda.logs.formatter", "kind": "json"},
    },
    "filters": {"mask_phones": {"()": "renda.logs.MaskPhoneNumbers"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["mask_phones"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
