"""Settings shared by every environment. Safe for production: DEBUG off, secrets from the
environment. dev.py and test.py add their conveniences; production.py adds hardening."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None, *, required=False):
    """Read a setting from the environment; refuse to start when a required one is missing."""
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name, default=False):
    return str(env(name, str(default))).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "coursesite",
    "accounts",
    "home",
    "lessons",
    "quizzes",
    "circles",
    "toolkit",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales: the admin's Locales screen
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",  # editors pin pages to a search (lessons.search)
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # allauth.usersessions' session list uses it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a body: no uploads outside /admin/, small bodies everywhere.
    "coursesite.middleware.RequestSizeLimitMiddleware",
    "coursesite.middleware.ContentSecurityPolicyMiddleware",
    "coursesite.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (/es/... is Spanish, the rest English): never
    # from the browser's settings or a cookie, so one address always shows one language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coursesite.middleware.AdminAccessMiddleware",
    "coursesite.middleware.StaffSecondFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After the others, so a kept page still passes through every middleware above
    # (coursesite/http_cache.py); then the site and its settings for a page that is rendered.
    "coursesite.http_cache.SharedPageCacheMiddleware",
    "coursesite.http_cache.SharedContentMiddleware",
]

ROOT_URLCONF = "coursesite.urls"
WSGI_APPLICATION = "coursesite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL via psycopg 3 in production), an SQLite file by default.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work during a write; IMMEDIATE transactions take the write lock up
    # front, so concurrent writers queue on busy_timeout instead of failing with "locked".
    # Connections are kept (DB_CONN_MAX_AGE) as with PostgreSQL: opening one and running the
    # pragmas below cost more than most requests' queries.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Cache: Redis when REDIS_URL is set (shared by every app server), else files on this machine,
# shared by all of its processes (gunicorn workers, management commands): an invalidation
# made by one process is seen by the others, and rate limits count in one place.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # coursesite.cache: short timeouts, and this process's memory while Redis is down or frozen.
    CACHES = {
        "default": {
            "BACKEND": "coursesite.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "coursesite"),
            "FALLBACK_SECONDS": float(env("REDIS_FALLBACK_SECONDS", "5")),
            # What may be stale after an outage (coursesite.http_cache's content version).
            "RECOVERY_DELETE": ["content:version"],
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
# Sessions are read from the cache and written through to the database, so losing the cache
# signs nobody out and loses no visitor's progress (which lives in their session).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Whole public pages (lessons seen by visitors without cookies) are kept this long on the
# server; a publish replaces them at once.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
# How long browsers and shared proxies may keep such a page (Cache-Control: public, max-age).
PUBLIC_PAGE_MAX_AGE = int(env("PUBLIC_PAGE_MAX_AGE", "300"))
# A caching proxy in front (Varnish, nginx with a purge module): publishing or unpublishing a
# page purges its address there (wagtail.contrib.frontend_cache), e.g. FRONTEND_CACHE_PURGE_URL=
# http://127.0.0.1:8080 for an HTTP PURGE endpoint. Unset: no proxy to purge.
if env("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django's and allauth's, each reading the signed-in user with a flag for "in any group"
# (accounts.backends), so a family member's page needs no query for their groups.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en"
# English at the site's root, Spanish under /es/ (coursesite/urls.py, i18n_patterns).
LANGUAGES = [("en", "English"), ("es", "Español")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = env("TIME_ZONE", "America/New_York")
USE_I18N = True
# This site's words for Wagtail's workflow messages ("clinical review", not "moderation").
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
FORMAT_MODULE_PATH = ["coursesite.formats"]  # one time format everywhere: "12:35 PM"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files; hashed ones are cached for a year
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies (issue 14): a form outside /admin/ is a few kilobytes and uploads no file
# (coursesite.middleware.RequestSizeLimitMiddleware answers 413 otherwise); the editor's page
# forms stay under 2 MB of fields, its documents and images under 20 MB. Uploads over 1 MB go to
# a temporary file rather than memory. The proxy's client_max_body_size matches (README).
PUBLIC_MAX_BODY_BYTES = int(env("PUBLIC_MAX_BODY_BYTES", str(64 * 1024)))
ADMIN_MAX_BODY_BYTES = int(env("ADMIN_MAX_BODY_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = 15 * 1024 * 1024

# Email: console in development; SMTP settings from the environment in production.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Family course <no-reply@localhost>")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))  # a stuck mail server must not hold a worker
# Every message goes through a queue in the database (coursesite.mail), sent by
# `manage.py db_worker --backend mail --queue-name mail`; a failed send is tried again after
# each of these waits (seconds), about a day in all. Wagtail's own background work (search
# and reference index) stays immediate, held back only inside a bulk change such as a course
# load and then run once per object (coursesite/task_batches.py).
TASKS = {
    "default": {"BACKEND": "coursesite.task_batches.BatchingImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail"]},
}
MAIL_RETRY_DELAYS = [30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600]

# django-allauth: email + password accounts at /accounts/.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"  # a URL name: My learning in the language of the sign-in page
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# Mail through the queue; equal work for known and unknown addresses (accounts/adapter.py).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.forms.user_display"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# The site's name in emails (accounts/adapter.py): no health word, an inbox is often shared.
SITE_NAME = "Family course"
# Mandatory verification is what makes enumeration prevention complete: sign-up with a known
# or an unknown address both end on "enter the code we emailed you", never on "you are signed
# in". By code rather than link, so the new learner stays in the same browser session: visitor
# progress is merged and ?next= (a care-circle invitation) is kept.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's default rate limits (ACCOUNT_RATE_LIMITS) stay on; they count in the cache above,
# so run with REDIS_URL when more than one process serves the site.
# A password change keeps this session and ends every other one (Django's session auth hash
# plus coursesite.sessions, which also deletes them); logging out ends every session of the account.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Email the account owner when the password, email address or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# The site's other guessable secrets (coursesite.throttle): wrong guesses allowed per client
# address and per session, and over how many seconds.
THROTTLES = {
    "join_code": (10, 15 * 60),
    "certificate_code": (20, 15 * 60),
}
# Behind a proxy, allauth must know which X-Forwarded-For entry is the client (rate limits).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))

# Second factor (allauth.mfa): authenticator apps (TOTP) with recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Family course"
# Staff (anyone who can open the Wagtail admin) must pass a second factor first
# (coursesite.middleware.StaffSecondFactorMiddleware). dev.py turns it off for the demo accounts.
STAFF_MFA_REQUIRED = True

# Wagtail
WAGTAIL_SITE_NAME = "Family course: Klonopin withdrawal"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt"]
# Documents are always served through Wagtail's view (never straight from /media/), so the rule
# "public only once a reviewed page uses it" (lessons.wagtail_hooks) cannot be bypassed.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Clinical review: an approved lesson is published with the reviewer and date stamped on it.
WAGTAIL_FINISH_WORKFLOW_ACTION = "lessons.workflows.publish_with_review_stamp"
# No autosave in the page editor: a lesson's draft changes only when its editor saves or submits
# it, so a submission refused (e.g. for a missing Sources block) leaves the previous draft, and
# the refused changes stay in the form to fix (issue 18).
WAGTAIL_AUTOSAVE_INTERVAL = 0
# The admin signs in through allauth (rate limits, second factor); /admin/login/ redirects
# there (coursesite/urls.py) and passwords are managed at /accounts/, not in the admin.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No third-party requests from the admin either: no Gravatar, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Content-Security-Policy (django-csp 4). The public site runs no inline script or style and
# loads nothing from other sites. data: images are the allauth TOTP QR code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (under /admin/) still ships inline scripts and styles (wagtail/wagtail#1288)
# and shows page previews in a same-origin iframe, so it gets these directives instead.
# Only signed-in staff who passed a second factor reach it.
CONTENT_SECURITY_POLICY_ADMIN_REPLACE = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}
# An editor's preview of a page: the strict policy, but the admin may frame it.
CONTENT_SECURITY_POLICY_PREVIEW_REPLACE = {"frame-ancestors": ["'self'"]}
# Browser features the site never uses.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "same-origin"
# Messages ("Lesson marked complete", "Welcome, <name>") are kept in the session, never in a
# cookie of their own: nothing personal travels in a readable cookie (issue 14).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Logs go to stdout (12-factor); the process manager collects them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "filters": {"one_line_for_client_errors": {"()": "coursesite.log_filters.OneLineForClientErrors"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A 403 or 404 is one line, not a traceback (coursesite/log_filters.py).
        "django.request": {
            "handlers": ["console"],
            "level": "INFO",
            "propagate": False,
            "filters": ["one_line_for_client_errors"],
        },
        # Background-task chatter (search index, reference index) is noise at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
