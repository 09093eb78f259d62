"""Settings shared by every environment, read from the process environment (and `.env`).

The embedded default needs no server: SQLite for the database and kombu's filesystem transport
for Celery. Setting DATABASE_URL / CELERY_BROKER_URL / REDIS_URL moves to PostgreSQL and Redis.
"""

from pathlib import Path

from hub.config.settings.env import BASE_DIR, VAR_DIR, env

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-change-me-0123456789abcdef0123456789abcdef")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "hub.core",
    "hub.accounts",
    "hub.catalog",
    "hub.inventory",
    "currency",
    "channels",
    "i18n",
    "listings",
    "fulfilment",
    "hub.audit",
    "hub.backup",
]

MIDDLEWARE = [
    # First: request id for the logs, HTTP metrics by route and status (hub.core.observability).
    "hub.core.observability.middleware.ObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hub.core.uploads.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hub.audit.context.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login lock-out (hub.config.settings.integrations.accounts) into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hub.config.urls"
WSGI_APPLICATION = "hub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.accounts.context_processors.current_account",
                "hub.config.navigation.navigation",
            ],
        },
    },
]

# --- database ----------------------------------------------------------------------------------
# SQLite by default. WAL lets the web server and workers read while one writes; IMMEDIATE
# transactions take the write lock at BEGIN, so read-modify-write blocks serialise instead of
# failing with "database is locked" halfway through.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hub.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_hub")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked (e-mail, address) pair before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "hub" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- files -----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "hub" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    # Images and feed files go to S3 through boto3 (django-storages) when a bucket is configured.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env("AWS_S3_REGION_NAME", default="us-east-1"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": None,
            "file_overwrite": False,
            # The bucket stays private: every URL is presigned and expires (hub.core.media).
            "querystring_auth": True,
            "querystring_expire": env.int("MEDIA_SIGNED_URL_SECONDS", default=7 * 24 * 3600),
        },
    }
# Spreadsheet and exchange-file uploads larger than this are refused with a 400.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
# Account media are private (hub.core.media): signed URLs for marketplaces and API clients last this long.
MEDIA_SIGNED_URL_SECONDS = env.int("MEDIA_SIGNED_URL_SECONDS", default=7 * 24 * 3600)
# Before anything is read (hub.core.uploads): a body whose Content-Length is over REQUEST_MAX_BYTES
# is refused (413), and a file part is stopped while streaming once it passes UPLOAD_FILE_MAX_BYTES.
UPLOAD_FILE_MAX_BYTES = env.int("UPLOAD_FILE_MAX_BYTES", default=max(UPLOAD_MAX_BYTES, IMAGE_MAX_BYTES))
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=UPLOAD_FILE_MAX_BYTES + 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "hub.core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- mail ------------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="hub@localhost")
# Production: EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the SMTP server below.
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
INVITATION_TTL_DAYS = env.int("INVITATION_TTL_DAYS", default=14)

# --- cache (shared by processes when Redis is configured) -----------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- REST API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "hub.core.api.parsers.DecimalJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "hub.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "hub.core.api.schema.HubAutoSchema",
    "EXCEPTION_HANDLER": "hub.core.api.exception_handler.api_exception_handler",
    # Per token/user and per address, rates in API_THROTTLE_RATES (integrations/audit.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "hub.core.api.throttling.TokenRateThrottle",
        "hub.core.api.throttling.AddressRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"login": env("LOGIN_THROTTLE_RATE", default="60/min")},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Crossborder Hub API",
    "DESCRIPTION": (
        "One catalog, many marketplaces. Account-scoped endpoints live under "
        "`/api/accounts/{account_pk}/`; another account's ids answer 404."
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc are served from drf-spectacular-sidecar's bundled files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind` or `status`; name each enum after what it is.
    "ENUM_NAME_OVERRIDES": {
        "AttributeKindEnum": "hub.catalog.models.AttributeKind",
        "WarehouseKindEnum": "hub.inventory.models.WarehouseKind",
        "ProductStatusEnum": "hub.catalog.models.ProductStatus",
        "StockMovementReasonEnum": "hub.inventory.models.MovementReason",
        "RoleEnum": "hub.accounts.roles.Role",
        "GlossaryKindEnum": "i18n.models.GlossaryKind",
        "TranslationStatusEnum": "i18n.models.TranslationStatus",
    },
}

# --- Celery ------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_DIR = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(CELERY_BROKER_DIR / "control"),
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# django-celery-beat's database scheduler behind a Redis lock: a second beat stands by (hub.core.observability.beat).
CELERY_BEAT_SCHEDULER = "hub.core.observability.beat:GuardedDatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- logging -----------------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # JSON lines (python-json-logger) with request_id, task_id and job_id (hub.core.observability.logs).
        "json": {"()": "hub.core.observability.logs.JsonFormatter"},
    },
    "filters": {"context": {"()": "hub.core.observability.logs.ContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env("LOG_FORMAT", default="json") == "json" else "plain",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Health: /api/health/ is public (up/down); /api/health/details/ answers staff or this bearer token.
HEALTH_TOKEN = env("HEALTH_TOKEN", default="")
# Beat is reported "warning" when no periodic task ran within twice its interval plus this.
HEALTH_BEAT_GRACE_SECONDS = env.int("HEALTH_BEAT_GRACE_SECONDS", default=300)
# How long /api/health/details/ waits for a worker to answer a ping.
HEALTH_WORKER_TIMEOUT_SECONDS = env.float("HEALTH_WORKER_TIMEOUT_SECONDS", default=1.5)
# More checks for /api/health/details/ (dotted paths to functions returning HealthCheck or a list of them).
HEALTH_CHECKS: list[str] = []

# --- per-app settings ------------------------------------------------------------------------------
from hub.config.settings.integrations.accounts import *  # noqa: E402, F403
from hub.config.settings.integrations.audit import *  # noqa: E402, F403
from hub.config.settings.integrations.channels import *  # noqa: E402, F403
from hub.config.settings.integrations.currency import *  # noqa: E402, F403
from hub.config.settings.integrations.fulfilment import *  # noqa: E402, F403
from hub.config.settings.integrations.i18n import *  # noqa: E402, F403
from hub.config.settings.integrations.listings import *  # noqa: E402, F403
from hub.config.settings.integrations.ops import *  # noqa: E402, F403
from hub.config.settings.integrations.reports import *  # noqa: E402, F403

# Each app's settings file may contribute beat entries (`BEAT_SCHEDULE_<APP> = {...}`) and health
# checks (`HEALTH_CHECKS_<APP> = [...]`); they are merged here so no app edits another's file.
for _name, _value in list(globals().items()):
    if _name.startswith("BEAT_SCHEDULE_"):
        CELERY_BEAT_SCHEDULE.update(_value)
    elif _name.startswith("HEALTH_CHECKS_"):
        HEALTH_CHECKS.extend(_value)
