"""Every setting of Pamong. Environment-specific modules only override.

Settings are read from the environment (config/env.py); the defaults are
those of the embedded mode: SQLite under ./var, tasks in-process, no Redis.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env, secret

VAR_DIR = Path(env.str("PAMONG_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
# The embedded default works out of the box; production.py refuses to start
# without a real SECRET_KEY.
SECRET_KEY = secret("SECRET_KEY", default="") or "embedded-insecure-key-change-me"
# HMAC key of the audit hash chain and its checkpoints (PAMONG_AUDIT_KEY or PAMONG_AUDIT_KEY_FILE).
# Empty: derived from SECRET_KEY, for local and test use; `check --deploy` refuses that (pamong.audit.E001).
PAMONG_AUDIT_KEY = secret("PAMONG_AUDIT_KEY", default="") or ""
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pamong.core",
    "pamong.audit",
    "pamong.accounts",
    "pamong.people",
    "pamong.workcalendar",
    "pamong.approvals",
    "pamong.letters",
    "pamong.leave",
    "pamong.performance",
    "pamong.personnel_changes",
    "pamong.development",
    "pamong.attendance",
    "pamong.discipline",
    "pamong.mobility",
    "pamong.feedback",
    "pamong.forum",
    "pamong.api",
    "pamong.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pamong.core.locale.ChosenLanguageMiddleware",
    # Early, before anything reads request.POST: a non-JSON body under /api/ is a 415 envelope (pamong.api).
    "pamong.api.middleware.ApiJsonBodyMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, the first to read request.POST: an oversize upload becomes a clear 413 (core.uploads).
    "pamong.core.uploads.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The actor's groups, permissions, employee record and roles from the shared cache (pamong.people.actor_cache).
    "pamong.people.actor_cache.ActorCacheMiddleware",
    "pamong.accounts.middleware.SessionLimitsMiddleware",
    "pamong.accounts.middleware.LoginRequiredMiddleware",
    "pamong.accounts.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pamong.audit.middleware.AuditContextMiddleware",
    "pamong.people.middleware.PemdaTimezoneMiddleware",
    "pamong.core.middleware.NoStoreMiddleware",
    # A DomainError no view handled (the disk is full…) is a clear page, not a 500 (pamong.core.storage).
    "pamong.core.middleware.DomainErrorMiddleware",
    "pamong.api.middleware.ApiErrorEnvelopeMiddleware",
    # Last: it must see a failed login after the authentication backends.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "pamong" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pamong.people.context_processors.navigation",
                "pamong.accounts.context_processors.mfa_step",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]
# Django's widget templates, written in Python for the common widgets (same markup; pamong.core.form_renderer).
FORM_RENDERER = "pamong.core.form_renderer.FastRenderer"

# --- Database -----------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL selects PostgreSQL in production.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pamong.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers up front: no "database is
    # locked" half-way through a transaction (reliability-security.md §6.5).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# An optional PostgreSQL read replica for reports (statistics, recaps): pamong.core.db_router.
if env.str("PAMONG_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("PAMONG_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
PAMONG_READ_REPLICA = "replica" in DATABASES
DATABASE_ROUTERS = ["pamong.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
# A file cache is shared by every process of the embedded mode (import
# progress is polled by another request); Redis in production.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Dates and numbers read the Indonesian way in both UI languages ("6 Desember 2026", "06-12-2026", "1.234,5"):
# config/formats/{id,en}. Typed dates are parsed by pamong.core.dates, never by the browser's date picker.
FORMAT_MODULE_PATH = ["config.formats"]
# Stored instants are UTC; each Pemda displays them in its own zone.
TIME_ZONE = "Asia/Makassar"

# --- Static and uploaded files ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "pamong" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "pamong.core.staticfinders.XStaticFinder",
]
# Uploaded documents are private: no MEDIA_URL route exists; they are served
# only by an authorised download view (reliability-security.md G20).
MEDIA_ROOT = VAR_DIR / "private-media"
MEDIA_URL = "/private-media-not-served/"
# Uploads: FileSystemStorage that cleans up and says so when the disk is full (pamong.core.storage).
STORAGES = {
    "default": {"BACKEND": "pamong.core.storage.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The non-file part of a body; the API sends documents base64-encoded in JSON, so it is the API's file cap too.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Only the spill-to-disk threshold: a larger upload streams to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024 + 512 * 1024
# LimitedUploadHandler stops reading a multipart body once a file passes its limit (pamong.core.uploads).
FILE_UPLOAD_HANDLERS = [
    "pamong.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
PAMONG_UPLOAD_MAX_BYTES = env.int("PAMONG_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)  # one document
PAMONG_UPLOAD_MAX_REQUEST_BYTES = env.int("PAMONG_UPLOAD_MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
PAMONG_SHEET_MAX_BYTES = env.int("PAMONG_SHEET_MAX_BYTES", default=30 * 1024 * 1024)  # employee import sheet
# Zip-based spreadsheets are checked from the central directory before openpyxl opens them.
PAMONG_SHEET_MAX_UNCOMPRESSED_BYTES = env.int("PAMONG_SHEET_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
PAMONG_SHEET_MAX_RATIO = env.int("PAMONG_SHEET_MAX_RATIO", default=100)
PAMONG_SHEET_MAX_MEMBERS = env.int("PAMONG_SHEET_MAX_MEMBERS", default=500)
PAMONG_SHEET_MAX_COLUMNS = env.int("PAMONG_SHEET_MAX_COLUMNS", default=200)
PAMONG_SHEET_MAX_CELLS = env.int("PAMONG_SHEET_MAX_CELLS", default=5_000_000)

# --- Background tasks ------------------------------------------------------
# Without a broker, tasks run in-process ("inline"); with one, in Celery.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = "UTC"
# "thread": in the embedded mode long jobs (imports) run on a background
# thread so the page can show progress; "eager": synchronously (tests).
PAMONG_INLINE_TASKS = env.str("PAMONG_INLINE_TASKS", default="thread")

# --- Email -------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="pamong@localhost")
# Seconds the actor's facts (roles, permissions, employee record) and the menu's task and notice counts are cached
# per user (0: read afresh on every request). Any audited change, save of a watched model or change of groups
# replaces the cache's version at once; the time only bounds writes nothing sees (pamong.people.actor_cache).
PAMONG_TASK_COUNTS_CACHE_SECONDS = env.int("PAMONG_TASK_COUNTS_CACHE_SECONDS", default=120)
# Seconds a leader's performance dashboard figures may be served from the cache (its page says from when; 0: never).
PAMONG_DASHBOARD_CACHE_SECONDS = env.int("PAMONG_DASHBOARD_CACHE_SECONDS", default=300)
# E-learning uploads (issue #11): a lesson's video file, and a course package (zip) imported from another agency.
PAMONG_VIDEO_MAX_BYTES = env.int("PAMONG_VIDEO_MAX_BYTES", default=200 * 1024 * 1024)
PAMONG_COURSE_PACKAGE_MAX_BYTES = env.int("PAMONG_COURSE_PACKAGE_MAX_BYTES", default=300 * 1024 * 1024)
# Attendance (issue #12): the largest machine export accepted on the import page (a month of 50,000 employees' ZKTeco
# log is about 90 MB).
PAMONG_PUNCH_IMPORT_MAX_BYTES = env.int("PAMONG_PUNCH_IMPORT_MAX_BYTES", default=200 * 1024 * 1024)
# Approval notices are always shown in the app; also e-mailed when this is on.
PAMONG_NOTIFY_EMAIL = env.bool("PAMONG_NOTIFY_EMAIL", default=False)
PAMONG_SITE_URL = env.str("PAMONG_SITE_URL", default="")

# Personal data protection (UU 27/2022). The privacy notice shown at /privacy/ (plain text, paragraphs separated
# by blank lines; empty: a built-in notice), the data protection officer named in it, and how many years after
# the end of service the documents of a former employee are kept before purge_retained_documents deletes them.
PAMONG_PRIVACY_NOTICE = env.str("PAMONG_PRIVACY_NOTICE", default="")
PAMONG_DPO_NAME = env.str("PAMONG_DPO_NAME", default="")
PAMONG_DPO_EMAIL = env.str("PAMONG_DPO_EMAIL", default="")
PAMONG_RETENTION_YEARS_AFTER_SERVICE = env.int("PAMONG_RETENTION_YEARS_AFTER_SERVICE", default=5)

from config.settings.components.auth import *  # noqa: E402,F403
from config.settings.components.logging import *  # noqa: E402,F403
from config.settings.components.security import *  # noqa: E402,F403
