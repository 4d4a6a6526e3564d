"""Settings shared by every profile. Everything deployment-specific comes from the environment."""

import json
from datetime import timedelta
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
# Keys of the blind indexes of personal data (shared_apps.privacy), by version:
# BLIND_INDEX_KEYS="2:<new key>,1:<old key>". Independent of SECRET_KEY, so rotating SECRET_KEY
# keeps lookups by phone working; new indexes use BLIND_INDEX_VERSION (default: the highest),
# lookups try every version until `manage.py rotate_blind_index` has run (deploy/keys.md).
# Without the setting, version "0" is the unversioned index of earlier releases, keyed on the
# SECRET_KEY of the moment the settings load; production requires the setting.
BLIND_INDEX_KEYS = dict(item.split(":", 1) for item in env_list("BLIND_INDEX_KEYS")) or {"0": SECRET_KEY}
BLIND_INDEX_VERSION = env_str("BLIND_INDEX_VERSION") or max(BLIND_INDEX_KEYS, key=int)
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
    "shared_apps.accounts",
    # Login controls: lockout of repeated failures (axes), TOTP second factor (django-otp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "shared_apps.privacy",
    "shared_apps.bus",
    "shared_apps.bus.hub",
    "shared_apps.audit",
    "shared_apps.web",
    "shared_apps.rollups",
    "shared_apps.messaging",
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
    "csp.middleware.CSPMiddleware",
    # Outside everything that may answer (routing, sessions, suspension): sees every response.
    "shared_apps.web.middleware.NoStoreMiddleware",
    "tenants.middleware.CongressRoutingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "shared_apps.web.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shared_apps.identity.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shared_apps.audit.middleware.RequestContextMiddleware",
    "tenants.middleware.ModuleGateMiddleware",
    "tenants.middleware.SuspendedCongressMiddleware",
    "shared_apps.identity.middleware.SecondFactorMiddleware",
    # Last, as django-axes asks: turns a lockout during authentication into its response.
    "axes.middleware.AxesMiddleware",
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

# Content-Security-Policy (django-csp) on every response: everything from this origin only, no
# inline script anywhere (scripts are static files), images only from here (no tracking pixels
# in published posts). Style attributes (widths of progress bars, photo frames) stay allowed:
# they run no script and can load nothing from elsewhere (img-src and font-src are 'self');
# <style> elements are not. The API docs widen style-src for their bundles (urls_common).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

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
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated), e.g. the
# nginx of deploy/compose.yaml; empty trusts none. shared_apps.web.client is the one reader.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# django-ratelimit's "ip" key, and every limit of ours, use the same client address.
RATELIMIT_IP_META_KEY = "shared_apps.web.client.ratelimit_ip"
# Networks an operator allows outbound calls to despite being private (an intranet SMS bridge);
# empty by default. Congress staff cannot change it (shared_apps.web.outbound).
OUTBOUND_ALLOWED_NETWORKS = env_list("OUTBOUND_ALLOWED_NETWORKS")
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Set to ".example.gov.cn" to share one session cookie across all congress hostnames;
# otherwise the single sign-on hand-off (identity.sso) carries the login across domains.
SESSION_COOKIE_DOMAIN = env_str("SESSION_COOKIE_DOMAIN") or None
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)

AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or client before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "shared_apps.identity.backends.MembershipRoleBackend",
    "guardian.backends.ObjectPermissionBackend",
]
GUARDIAN_RENDER_403 = True
ANONYMOUS_USER_NAME = None
# The password policy (等保 口令复杂度): long enough, three character classes (Chinese characters
# count as one), not common, not close to the person's names or addresses. Django's own
# messages are translated; the complexity rule is ours (shared_apps.accounts.validators).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "display_name", "email", "phone")},
    },
    {
        "NAME": "shared_apps.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "shared_apps.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Account lifecycle (shared_apps.accounts): how long an invitation, a reset link and an SMS
# code stay valid, and how many wrong codes void one.
ACCOUNTS_INVITATION_DAYS = env_int("ACCOUNTS_INVITATION_DAYS", 7)
ACCOUNTS_RESET_LINK_MINUTES = env_int("ACCOUNTS_RESET_LINK_MINUTES", 60)
ACCOUNTS_RESET_CODE_MINUTES = env_int("ACCOUNTS_RESET_CODE_MINUTES", 10)
ACCOUNTS_CODE_ATTEMPTS = env_int("ACCOUNTS_CODE_ATTEMPTS", 5)
# Links in invitations and reset mails: https in production, http with the port in development.
SITE_SCHEME = env_str("SITE_SCHEME", "https")
SITE_PORT = env_str("SITE_PORT", "")
# An authenticated session ends after this many seconds without a request (shared_apps.identity.middleware).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
# django-axes: after AXES_FAILURE_LIMIT failed logins, the account, and separately the client
# address, are locked for AXES_COOLOFF_MINUTES; a successful login resets the account's count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "shared_apps.web.client.client_ip"
AXES_LOCKOUT_TEMPLATE = "identity/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Logins and failures go to our own audit trail (shared_apps.identity.signals), not axes' log.
AXES_DISABLE_ACCESS_LOG = True
# django-otp: the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "数字人大云")
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
        # The audited variants set the audit trail's actor once DRF knows the user.
        "shared_apps.audit.authentication.AuditedSessionAuthentication",
        "shared_apps.audit.authentication.AuditedTokenAuthentication",
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
        # Account lifecycle: how an invitation is delivered, and where it stands.
        "InvitationChannelEnum": "shared_apps.accounts.models.Channel",
        "InvitationStateEnum": "shared_apps.accounts.models.GrantState",
        # Roles in a congress, the subset an administrator may give, and a unit's part in a message.
        "MembershipRoleEnum": "shared_apps.identity.roles.Role",
        "AssignableRoleEnum": "shared_apps.identity.api.people_serializers.ASSIGNABLE_ROLE_CHOICES",
        "AssignmentRoleEnum": "tenant_apps.voices.models.AssignmentRole",
        # Where a citizen's message came from, and how an outbound message travels.
        "VoiceChannelEnum": "tenant_apps.voices.models.Channel",
        "MessageChannelEnum": "shared_apps.messaging.models.Channel",
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
    "accounts-purge-session-records": {
        "task": "shared_apps.accounts.tasks.purge_session_records",
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
    # Messages whose delivery task was lost (broker down at commit, worker died): queue again.
    "messaging-requeue": {"task": "shared_apps.messaging.tasks.requeue_due", "schedule": 60.0},
}
# Spread of one sweep's per-congress tasks over this many seconds (no thundering herd).
VOICES_SWEEP_SPREAD_SECONDS = env_int("VOICES_SWEEP_SPREAD_SECONDS", 240)
VOICES_SWEEP_BATCH = env_int("VOICES_SWEEP_BATCH", 100)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "renda-noreply@localhost")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(ROOT_DIR / ".local" / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)

# Sending messages (shared_apps.messaging, docs/messaging.md). Backend per channel: "sink"
# (development: stored and shown at /console/messages/, nothing leaves the machine),
# "smtp" (e-mail through Django's mail), "aliyun" / "tencent" (SMS), "wechat" (official
# account template messages), "disabled". The sink is the default so the demo runs offline.
MESSAGING_BACKENDS = {
    "email": env_str("MESSAGING_EMAIL_BACKEND", "sink"),
    "sms": env_str("MESSAGING_SMS_BACKEND", "sink"),
    "wechat": env_str("MESSAGING_WECHAT_BACKEND", "sink"),
}
MESSAGING_MAX_ATTEMPTS = env_int("MESSAGING_MAX_ATTEMPTS", 5)
MESSAGING_RETRY_BACKOFF_SECONDS = env_int("MESSAGING_RETRY_BACKOFF_SECONDS", 30)
# A message not picked up (or stuck "sending") this long is queued again by beat.
MESSAGING_STALE_SECONDS = env_int("MESSAGING_STALE_SECONDS", 600)
MESSAGING_QUEUE = env_str("MESSAGING_QUEUE", "celery")
MESSAGING_HTTP_TIMEOUT = env_int("MESSAGING_HTTP_TIMEOUT", 10)
MESSAGING_ALIYUN_SMS = {
    "access_key_id": env_str("MESSAGING_ALIYUN_ACCESS_KEY_ID"),
    "access_key_secret": env_str("MESSAGING_ALIYUN_ACCESS_KEY_SECRET"),
    "sign_name": env_str("MESSAGING_ALIYUN_SIGN_NAME"),
    "endpoint": env_str("MESSAGING_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/"),
    "region": env_str("MESSAGING_ALIYUN_REGION", "cn-hangzhou"),
}
MESSAGING_TENCENT_SMS = {
    "secret_id": env_str("MESSAGING_TENCENT_SECRET_ID"),
    "secret_key": env_str("MESSAGING_TENCENT_SECRET_KEY"),
    "sdk_app_id": env_str("MESSAGING_TENCENT_SDK_APP_ID"),
    "sign_name": env_str("MESSAGING_TENCENT_SIGN_NAME"),
    "endpoint": env_str("MESSAGING_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com/"),
    "region": env_str("MESSAGING_TENCENT_REGION", "ap-guangzhou"),
}
MESSAGING_WECHAT = {
    "app_id": env_str("MESSAGING_WECHAT_APP_ID"),
    "app_secret": env_str("MESSAGING_WECHAT_APP_SECRET"),
    "api_base": env_str("MESSAGING_WECHAT_API_BASE", "https://api.weixin.qq.com"),
}
# Logical template name -> the provider's template code, or {"code": ..., "fields": {param: field}}.
# As JSON, e.g. MESSAGING_SMS_TEMPLATES='{"accounts.reset_code": "SMS_123456789"}'.
MESSAGING_SMS_TEMPLATES = json.loads(env_str("MESSAGING_SMS_TEMPLATES", "{}"))
MESSAGING_WECHAT_TEMPLATES = json.loads(env_str("MESSAGING_WECHAT_TEMPLATES", "{}"))
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
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
