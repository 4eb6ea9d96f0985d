"""Cổng settings: everything that varies between installations is read from the environment here.

Environment variables (all optional):
  CONG_DATA_DIR      where all state lives (SQLite db, media, cache, secret key); default ./var
  CONG_SECRET_KEY    secret key; otherwise read from $CONG_DATA_DIR/secret_key (``./cong demo`` creates it).
                     A production start fails with a clear message when neither exists.
  CONG_DEBUG         "1" for development mode (never in production)
  CONG_ALLOWED_HOSTS comma-separated host names; default "localhost,127.0.0.1,[::1],testserver"
  CONG_BASE_URL      public base URL, used in feeds, sitemaps, Open Graph and emails
  CONG_HTTPS         "1" when served over HTTPS behind a proxy that sets X-Forwarded-Proto
  DATABASE_URL       e.g. postgres://postgres@127.0.0.1:5432/cong; default SQLite (WAL) in the data dir
  REDIS_URL          e.g. redis://127.0.0.1:6379/0; switches the shared cache to Redis
  CONG_WORKERS       number of server worker processes (granian); default one per CPU
  CONG_THREADS       threads per server process; default 2
  CONG_PAGE_CACHE, CONG_PAGE_CACHE_SECONDS, CONG_PAGE_CACHE_LOCAL, CONG_PROXY_CACHE_SECONDS,
  CONG_FRONTEND_CACHE_URL   the page cache and the nginx in front of it (docs/caching.md)
  CONG_SERVE_MEDIA   "0" when a front proxy (nginx) serves /media/ itself; default on
  CONG_QA_RETENTION_MONTHS  months after the answer before an asker's personal data is removed (12)
  CONG_EMAIL_HOST    SMTP server for workflow notifications (+ CONG_EMAIL_PORT/_USER/_PASSWORD/_TLS/_FROM);
                     without it mails go to the server log
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


PROJECT_DIR = Path(__file__).resolve().parent
BASE_DIR = Path.cwd()
DATA_DIR = Path(env_str("CONG_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("CONG_DEBUG")
TESTING = env_bool("CONG_TESTING")


def _secret_key() -> str:
    key = env_str("CONG_SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if DEBUG or TESTING:
        return "insecure-development-key-never-use-in-production"
    raise ImproperlyConfigured(
        "Cổng has no secret key. Set CONG_SECRET_KEY in the environment or write one to "
        f"{key_file} (./cong demo creates it for you)."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("CONG_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CONG_CSRF_TRUSTED_ORIGINS", "")
BASE_URL = env_str("CONG_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL

INSTALLED_APPS = [
    # Cổng's own apps come first so that their templates and translations win.
    "cong.core",
    "cong.news",
    "cong.banners",
    "cong.demo",
    "cong.a11y",
    "cong.pagecache",
    "cong.documents",
    "cong.search",
    "cong.stats",
    "cong.editorial",
    "cong.participation",
    "altcha_django",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.api.v2",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# The page cache comes first: a hit skips everything below (docs/caching.md). Public pages are always
# Vietnamese, so there is no LocaleMiddleware (it would add "Vary: Accept-Language" to every page);
# the admin's language comes from AdminLanguageMiddleware and each editor's own choice.
MIDDLEWARE = [
    "cong.pagecache.middleware.PageCacheMiddleware",
    "cong.pagecache.middleware.RouteCacheMiddleware",
    "cong.stats.middleware.StatsHitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cong.editorial.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cong.urls"
WSGI_APPLICATION = "cong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "cong.sqlite3",
            "OPTIONS": {
                # WAL lets readers go on while one writer writes; IMMEDIATE transactions take the
                # write lock up front, so concurrent workers wait (busy_timeout) instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            # Keep each server thread's connection (and its PRAGMAs) instead of reopening per request.
            "CONN_MAX_AGE": 600,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CONG_CACHE_PREFIX", "cong")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    # Shared by every worker process (unlike per-process memory).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Anonymous full-page cache (cong.pagecache, docs/caching.md), in the shared cache above.
PAGECACHE_ENABLED = env_bool("CONG_PAGE_CACHE", default=True)
PAGECACHE_ALIAS = "default"
PAGECACHE_MAX_AGE = int(env_str("CONG_PAGE_CACHE_SECONDS") or 86400)
# How long nginx may serve its microcached copy before revalidating with the app (deploy/nginx.conf).
PAGECACHE_PROXY_MAX_AGE = int(env_str("CONG_PROXY_CACHE_SECONDS") or 2)
PAGECACHE_EXCLUDE = ("/admin/", "/stats/", "/documents/", "/static/", "/media/")
PAGECACHE_BYPASS_COOKIES = ("messages",)
# The front nginx, asked to refetch a published page and its parents (e.g. http://127.0.0.1:8080).
PAGECACHE_FRONTEND_URL = env_str("CONG_FRONTEND_CACHE_URL")
# Fragments ({% fragment %}) and image renditions are kept in each process's memory: fragment keys
# carry the generation, rendition keys the image's file hash, so neither can go stale.
# Recent entries are also kept in each process's memory, checked against a generation counter mapped
# from this file (docs/caching.md); turn off when several app hosts share one Redis.
PAGECACHE_LOCAL = env_bool("CONG_PAGE_CACHE_LOCAL", default=True)
PAGECACHE_LOCAL_ALIAS = "fragments"
PAGECACHE_GENERATION_FILE = DATA_DIR / "pagecache.generation"
PAGECACHE_FRAGMENTS = True
PAGECACHE_FRAGMENT_ALIAS = "fragments"
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "cong-fragments",
    "OPTIONS": {"MAX_ENTRIES": 3000},
}
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "cong-renditions",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
# --- end of page cache settings

# --- Language and time --------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

# --- Static and media files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
SERVE_MEDIA = env_bool("CONG_SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env_str("CONG_SITE_NAME", "Cổng Thông tin điện tử")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No Gravatar: the admin would send a hash of every editor's e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's login form with a translated "Password" label (cong.editorial.forms).
WAGTAILADMIN_USER_LOGIN_FORM = "cong.editorial.forms.LoginForm"
# Vietnamese-aware search on SQLite FTS5 / PostgreSQL (docs/search.md); also behind the admin and API v2.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cong.search.backend"}}
WAGTAILAPI_BASE_URL = BASE_URL
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

# --- Security -----------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
if env_bool("CONG_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- E-mail (workflow notifications) ------------------------------------------------------------------
# Without CONG_EMAIL_HOST, mails are written to the server log instead of being lost.
EMAIL_HOST = env_str("CONG_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(env_str("CONG_EMAIL_PORT") or 587)
EMAIL_HOST_USER = env_str("CONG_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("CONG_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("CONG_EMAIL_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("CONG_EMAIL_FROM", "cong@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging (no access log: it would keep raw IP addresses) -----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CONG_LOG_LEVEL", "WARNING")},
}

# --- Visitor statistics (docs/stats.md) ----------------------------------------------------------------
# Behind a proxy: the META key holding the client address, e.g. HTTP_X_REAL_IP (used only inside a hash).
STATS_IP_HEADER = env_str("CONG_STATS_IP_HEADER")

# --- Serving ------------------------------------------------------------------------------------------
# ./cong serve (granian): one process per CPU, each with a few threads for requests that wait on the
# database (docs/deploy.md explains the choice).
SERVER_WORKERS = int(env_str("CONG_WORKERS") or os.cpu_count() or 1)
SERVER_THREADS = int(env_str("CONG_THREADS") or 2)

# --- Citizen participation: questions, ratings, polls (docs/participation.md) -----------------------
# Months after the answer before the asker's name, e-mail, phone and attachment are removed
# (./cong expire_personal_data, run daily by the scheduler).
QA_RETENTION_MONTHS = int(env_str("CONG_QA_RETENTION_MONTHS") or 12)
# Proof of work (ALTCHA, self-hosted): challenges signed with a key derived from SECRET_KEY, solved
# payloads single-use (kept in the shared cache until they expire), widget served from our static files.
ALTCHA_HMAC_SECRET = hashlib.blake2b(b"cong-altcha", key=SECRET_KEY.encode()[:64]).hexdigest()
ALTCHA_CHALLENGE = {"expires_seconds": 1200}
ALTCHA_WIDGET_JS_SOURCE = "vendored"
ALTCHA_WIDGET_I18N = True
ALTCHA_CHALLENGE_ENDPOINT_RATELIMIT = "cong.participation.abuse.challenge_gate"
if not REDIS_URL:
    # The file cache's add() is not atomic; every stored question, rating and vote also carries the
    # hash of its challenge under a unique constraint, so a racing replay still fails in the database.
    SILENCED_SYSTEM_CHECKS = ["altcha.W017"]
