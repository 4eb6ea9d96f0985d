"""Cổng settings: everything that varies between installations is read from the environment here.

Environment variables (all optional):
  CONG_DATA_DIR      where all state lives (SQLite db, media, cache, secret key); default ./var
  CONG_SECRET_KEY    secret key; otherwise read from $CONG_DATA_DIR/secret_key (``./cong demo`` creates it).
                     A production start fails with a clear message when neither exists.
  CONG_DEBUG         "1" for development mode (never in production)
  CONG_ALLOWED_HOSTS comma-separated host names; default "localhost,.localhost,127.0.0.1,[::1]"
  CONG_BASE_URL      public base URL, used in feeds, sitemaps, Open Graph and emails
  CONG_HTTPS         "1" when served over HTTPS behind a proxy that sets X-Forwarded-Proto
  DATABASE_URL       e.g. postgres://postgres@127.0.0.1:5432/cong; default SQLite (WAL) in the data dir
  REDIS_URL          e.g. redis://127.0.0.1:6379/0; switches the shared cache to Redis
  DATABASE_REPLICA_URLS, CONG_REPLICA_MAX_LAG, CONG_REPLICA_PIN_SECONDS   streaming replicas for
                     anonymous reads (docs/scaling.md)
  CONG_MEDIA_DIR     uploads; default $CONG_DATA_DIR/media (a shared directory with several app hosts)
  CONG_WORKERS       number of server worker processes (granian); default one per CPU
  CONG_THREADS       threads per server process; default 2
  CONG_PAGE_CACHE, CONG_PAGE_CACHE_SECONDS, CONG_PAGE_CACHE_LOCAL, CONG_PROXY_CACHE_SECONDS,
  CONG_FRONTEND_CACHE_URL   the page cache and the nginx in front of it (docs/caching.md)
  CONG_SERVE_MEDIA   "0" when a front proxy (nginx) serves /media/ itself; default on
  CONG_CLIENT_IP_HEADER  only behind the shipped nginx: HTTP_X_REAL_IP (older name CONG_STATS_IP_HEADER)
  CONG_RATE_LIMIT, CONG_RATE_LIMITS  the app's request limits (docs/security.md)
  CONG_FILE_CACHE_MAX_ENTRIES  files of the file cache before it culls (default 20000)
  CONG_QA_RETENTION_MONTHS  months after the answer before an asker's personal data is removed (12)
  CONG_EMAIL_HOST    SMTP server for workflow notifications (+ CONG_EMAIL_PORT/_USER/_PASSWORD/_TLS/_FROM);
                     without it mails go to the server log and the admin's password reset is off
  CONG_2FA_OPTIONAL_ROLES, CONG_ADMIN_ALLOWED_NETWORKS, CONG_AUDIT_RETENTION_DAYS, CONG_LOGIN_FAILURE_LIMIT,
  CONG_LOGIN_COOLOFF_MINUTES   admin sign-in security (docs/security.md)
  CONG_BACKUP_DIR, CONG_BACKUP_AT, CONG_BACKUP_KEEP_DAILY, CONG_BACKUP_KEEP_WEEKLY,
  CONG_BACKUP_PASSPHRASE_FILE, CONG_BACKUP_GPG_RECIPIENT   backups (docs/operations.md)
  CONG_METRICS_ALLOWED, CONG_METRICS_TOKEN, CONG_MIN_FREE_DISK_MB   /metrics and /readyz
  CONG_LOG_FORMAT    "json" for one JSON object per log line
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cong.hardening.static import static_headers


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


PROJECT_DIR = Path(__file__).resolve().parent
# docs/ of the source tree: the editors' guide is shown inside the admin (Trợ giúp → Hướng dẫn biên tập).
DOCS_DIR = Path(env_str("CONG_DOCS_DIR") or PROJECT_DIR.parent.parent / "docs")
BASE_DIR = Path.cwd()
DATA_DIR = Path(env_str("CONG_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("CONG_DEBUG")
TESTING = env_bool("CONG_TESTING")
if TESTING and "cong.settings_test" not in sys.modules:
    # CONG_TESTING relaxes start-up checks (secret key, static manifest, mail); only the test settings
    # (which set it themselves) may use it, never a production start.
    raise ImproperlyConfigured(
        "CONG_TESTING is set, but this is not the test suite. Remove CONG_TESTING from the environment "
        "(it is only for cong.settings_test, which ./cong test uses)."
    )


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
# ".localhost" (any name under it, e.g. so-y-te.localhost) resolves to loopback in browsers and curl:
# the demo's component sites (docs/sites.md). A production portal sets its own names.
ALLOWED_HOSTS = env_list("CONG_ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
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
    "cong.reports",
    "cong.editorial",
    "cong.accounts",
    "cong.ops",
    "cong.migrate_nukeviet",
    "cong.hardening",
    "csp",
    "cong.participation",
    "cong.organisation",
    "cong.sites",
    "cong.i18n",
    "cong.navigation",
    "cong.syndication",
    "altcha_django",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with Cổng's user views (roles a non-superuser may grant: cong.accounts).
    "cong.accounts.users_app.UsersConfig",
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

# The page cache comes first: a hit skips everything below (docs/caching.md). A public page's language
# comes from its path alone (/en/... English, everything else Vietnamese: cong.i18n.middleware), never
# from Accept-Language or a cookie, so the cache key (the path) decides it and no "Vary" is needed;
# the admin's language comes from AdminLanguageMiddleware and each editor's own choice.
# Right under it: security headers (stored with each cached page, and on the stats fast lane and the
# static files below) and the request limits (hits cost nothing, so they are never limited).
MIDDLEWARE = [
    "cong.pagecache.middleware.PageCacheMiddleware",
    # Which database this request may read from (primary or a replica: cong.core.replicas).
    "cong.core.replicas.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cong.hardening.headers.SecurityHeadersMiddleware",
    # Allows the EMC tracking script's origin in the CSP of the pages that load it (cong.navigation).
    "cong.navigation.middleware.TrackingCspMiddleware",
    # 400 for a NUL in the path or query (PostgreSQL cannot look it up; cong.hardening.requests).
    "cong.hardening.requests.RejectNulMiddleware",
    "cong.hardening.ratelimit.RateLimitMiddleware",
    # The language of public pages, from the path (/en/...), before anything resolves a URL.
    "cong.i18n.middleware.PathLanguageMiddleware",
    "cong.pagecache.middleware.RouteCacheMiddleware",
    "cong.stats.middleware.StatsHitMiddleware",
    "cong.accounts.middleware.AdminNetworkMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cong.editorial.middleware.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cong.accounts.middleware.AdminSessionMiddleware",
    "cong.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Names the route of the request for the latency histogram (cong.ops.metrics).
    "cong.ops.metrics.RouteNameMiddleware",
    # Turns a lockout noticed during sign-in into the Vietnamese lockout page (cong.accounts).
    "axes.middleware.AxesMiddleware",
    # Old NukeViet addresses (/vi/news/.../x-123.html): only looked at when the response is a 404, and
    # placed after (inside) Wagtail's redirects so that a NukeViet address not found falls through to them.
    "cong.migrate_nukeviet.middleware.LegacyAddressMiddleware",
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
                "django.template.context_processors.i18n",
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
# Streaming replicas for anonymous reads (cong.core.replicas, docs/scaling.md): replica1, replica2, ...
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", ""), start=1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=600, conn_health_checks=True),
        "TEST": {"MIRROR": "default"},
    }
    DATABASES[f"replica{_number}"].setdefault("OPTIONS", {})["connect_timeout"] = 2
DATABASE_ROUTERS = ["cong.core.replicas.PrimaryReplicaRouter"]
# A replica further behind than this (seconds) is not read from.
REPLICA_MAX_LAG = float(env_str("CONG_REPLICA_MAX_LAG") or 5)
# After a write (POST...), the browser reads from the primary for this long (cookie cong_primary).
REPLICA_PIN_SECONDS = int(env_str("CONG_REPLICA_PIN_SECONDS") or 15)
REPLICA_EXCLUDE = ("/admin/", "/accounts/", "/healthz", "/readyz", "/metrics")
# Writes that do not pin: the visitor counter's beacons (they set no cookie, docs/stats.md).
REPLICA_PIN_EXCLUDE = ("/stats/",)
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
            # Bounded: past MAX_ENTRIES files, Django deletes 1/CULL_FREQUENCY of them (the page
            # cache's generation is not among them: it lives in its own file, docs/caching.md).
            "OPTIONS": {
                "MAX_ENTRIES": int(env_str("CONG_FILE_CACHE_MAX_ENTRIES") or 20000),
                "CULL_FREQUENCY": 3,
            },
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Anonymous full-page cache (cong.pagecache, docs/caching.md), in the shared cache above.
PAGECACHE_ENABLED = env_bool("CONG_PAGE_CACHE", default=True)
PAGECACHE_ALIAS = "default"
PAGECACHE_MAX_AGE = int(env_str("CONG_PAGE_CACHE_SECONDS") or 86400)
# How long nginx may serve its microcached copy before revalidating with the app (deploy/nginx.conf).
PAGECACHE_PROXY_MAX_AGE = int(env_str("CONG_PROXY_CACHE_SECONDS") or 2)
PAGECACHE_EXCLUDE = (
    "/admin/",
    "/stats/",
    "/documents/",
    "/static/",
    "/media/",
    "/healthz",
    "/readyz",
    "/metrics",
)
# Only a genuine message cookie (signed) or a real editor's session bypasses the cache; a forged
# cookie is served from the cache like everyone else (cong.pagecache.store.has_private_state).
PAGECACHE_BYPASS_COOKIES = ("messages",)
# A longer query string is never looked up nor stored (answered uncached).
PAGECACHE_MAX_QUERY_LENGTH = 1024
# Single host with the file cache: the generation lives in PAGECACHE_GENERATION_FILE, out of reach of
# the cache's culling. With Redis it is a key without expiry (docs/caching.md: maxmemory-policy).
PAGECACHE_SHARED_GENERATION = bool(REDIS_URL)
# The front nginx, asked to refetch a published page and its parents (e.g. http://127.0.0.1:8080).
PAGECACHE_FRONTEND_URL = env_str("CONG_FRONTEND_CACHE_URL")
# Fragments ({% fragment %}) and image renditions are kept in each process's memory: fragment keys
# carry the generation, rendition keys the image's file hash, so neither can go stale.
# Recent entries are also kept in each process's memory, checked against the generation in Redis on
# every request (exact across app hosts), or with the file cache against a counter mapped from this file.
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
# Content in Vietnamese (default, no URL prefix) and English under /en/ (docs/i18n.md): each English
# page is a translation of a Vietnamese one (Wagtail's locales, "Dịch" action of simple_translation).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
# With several app hosts: one directory they all mount (NFS...), docs/scaling.md.
MEDIA_ROOT = Path(env_str("CONG_MEDIA_DIR") or DATA_DIR / "media").resolve()
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
WHITENOISE_ADD_HEADERS_FUNCTION = static_headers
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Wagtail ------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env_str("CONG_SITE_NAME", "Cổng Thông tin điện tử")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Uploads (docs/security.md, "Nội dung và tệp tải lên"): allow-listed types checked by content in the
# admin forms (cong.core.uploads); documents only through the serve view, always as an attachment.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpeg", "jpg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "cong.core.uploads.ImageForm"
WAGTAILDOCS_EXTENSIONS = [
    "7z", "csv", "doc", "docx", "odp", "ods", "odt", "pdf", "ppt", "pptx", "rar", "rtf", "txt", "xls", "xlsx", "zip",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cong.core.uploads.DocumentForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
# No Gravatar: the admin would send a hash of every editor's e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor ask wagtail.org for new releases from every superuser's browser (upgrades: docs/operations.md).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Login-restricted pages send readers to the admin's sign-in (with its allow-list, limits and 2FA).
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
# The dashboard's "what's new" banner links to Wagtail's English guide; ours is under Trợ giúp.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Wagtail's login form with a translated "Password" label (cong.editorial.forms) and the lockout
# message (cong.accounts.forms).
WAGTAILADMIN_USER_LOGIN_FORM = "cong.accounts.forms.LoginForm"
# Vietnamese-aware search on SQLite FTS5 / PostgreSQL (docs/search.md); also behind the admin and API v2.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cong.search.backend"}}
# /tim-kiem/ and /api/v2/tim-kiem/ count at most this many results ("Hơn 1.000 kết quả") and list the
# first this many (a multiple of the 20 per page); fewer are counted exactly (docs/search.md §4).
SEARCH_COUNT_LIMIT = 1000
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
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# Content-Security-Policy (django-csp 4; docs/security.md). Public pages: our own origin only, no
# inline script or style; JSON-LD is allowed by hash (cong.hardening.headers). No nonces: a cached page
# would replay its nonce to everyone.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": (),
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        # The proof-of-work widget (ALTCHA) runs its hashing in Web Workers it builds from blob: URLs;
        # only a script already allowed by script-src can create one.
        "worker-src": [_SELF, "blob:"],
        "media-src": [_SELF],
        "frame-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],
    },
}
# The Wagtail admin has inline scripts (date pickers, inline panels) and inline styles of its own.
CSP_ADMIN_PREFIXES = ("/admin/",)
CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [_SELF, "'unsafe-inline'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:"],
}
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "interest-cohort", "magnetometer", "microphone", "midi", "payment",
        "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking", "browsing-topics",
    )
)  # fmt: skip

# Request limits when no nginx is in front (cong.hardening.ratelimit; nginx has its own limit_req).
# CONG_RATE_LIMITS overrides rules as "name=requests/seconds,...", e.g. "search=60/60,api=0/60" (0: off).
RATE_LIMIT_ENABLED = env_bool("CONG_RATE_LIMIT", default=not TESTING)
RATE_LIMIT_DEFAULTS = {
    "search": (30, 60),
    "suggest": (120, 60),  # /tim-kiem/goi-y/: one request per pause in typing, apart from searches
    "documents": (30, 60),
    "api": (120, 60),
    "stats": (120, 60),
    "login": (10, 60),
}
RATE_LIMITS = env_str("CONG_RATE_LIMITS")
# Redis: the shared cache. File cache: a small directory of its own (Django's file cache lists its
# whole directory on every write, so the counters stay out of the big page cache).
RATE_LIMIT_CACHE = "default" if REDIS_URL else "ratelimit"
if not REDIS_URL:
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "ratelimit",
        "OPTIONS": {"MAX_ENTRIES": 10000},
    }
RATE_LIMIT_DOCUMENTS_PREFIX = "/van-ban/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Admin sign-in: lockout, two-factor, sessions, networks, audit (cong.accounts, docs/security.md) ----
# django-axes counts failed sign-ins per account and per client address and locks either out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env_str("CONG_LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = float(env_str("CONG_LOGIN_COOLOFF_MINUTES") or 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Axes keeps no raw address: a keyed hash of it, written as an fd00::/8 address (cong.accounts.lockout).
AXES_CLIENT_IP_CALLABLE = "cong.accounts.lockout.client_pseudonym"
AXES_LOCKOUT_CALLABLE = "cong.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in Wagtail's audit log instead
AXES_VERBOSE = False
# TOTP second factor for every admin user; these roles (group names) may go without it.
TWO_FACTOR_OPTIONAL_ROLES = env_list("CONG_2FA_OPTIONAL_ROLES", "")
OTP_TOTP_ISSUER = env_str("CONG_SITE_NAME", "Cổng Thông tin điện tử")
# Admin sessions: 8 hours at most from sign-in, 30 minutes without a request.
ADMIN_SESSION_MAX_SECONDS = 8 * 3600
ADMIN_SESSION_IDLE_SECONDS = 30 * 60
SESSION_COOKIE_AGE = ADMIN_SESSION_MAX_SECONDS
# Optional: only these networks (CIDRs) reach /admin/; the address is read as the visitor counter reads it.
ADMIN_ALLOWED_NETWORKS = env_list("CONG_ADMIN_ALLOWED_NETWORKS", "")
# Audit log retention (days): at least a year, whatever is configured.
AUDIT_RETENTION_MIN_DAYS = 365
AUDIT_RETENTION_DAYS = int(env_str("CONG_AUDIT_RETENTION_DAYS") or AUDIT_RETENTION_MIN_DAYS)
if AUDIT_RETENTION_DAYS < AUDIT_RETENTION_MIN_DAYS:
    raise ImproperlyConfigured(
        f"CONG_AUDIT_RETENTION_DAYS={AUDIT_RETENTION_DAYS}: the audit log is kept at least "
        f"{AUDIT_RETENTION_MIN_DAYS} days."
    )

# --- E-mail (workflow notifications) ------------------------------------------------------------------
# Without CONG_EMAIL_HOST, mails are written to the server log instead of being lost.
EMAIL_HOST = env_str("CONG_EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# A reset link written to the server log would let whoever reads the log take over the account: without
# a mail server, the admin's "forgot password" is off in production (system check cong.W001 says so at
# start); Quản trị sets a new password for the user instead.
WAGTAIL_PASSWORD_RESET_ENABLED = bool(EMAIL_HOST) or DEBUG or TESTING
EMAIL_PORT = int(env_str("CONG_EMAIL_PORT") or 587)
EMAIL_HOST_USER = env_str("CONG_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("CONG_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("CONG_EMAIL_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("CONG_EMAIL_FROM", "cong@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging (no access log: it would keep raw IP addresses) -----------------------------------------
# CONG_LOG_FORMAT=json: one JSON object per line (time, level, logger, message, exception) for a log shipper.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "cong.ops.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if env_str("CONG_LOG_FORMAT").lower() == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("CONG_LOG_LEVEL", "WARNING")},
}

# --- Client address -------------------------------------------------------------------------------------
# Behind the shipped nginx only (it overwrites X-Real-IP with the real peer): the META key holding the
# client address, HTTP_X_REAL_IP. Used only inside hashes (visitor counter, request limits).
# CONG_STATS_IP_HEADER is the older name of the same setting.
CLIENT_IP_HEADER = env_str("CONG_CLIENT_IP_HEADER") or env_str("CONG_STATS_IP_HEADER")

# --- Visitor statistics (docs/stats.md) ----------------------------------------------------------------
# One client address (IPv6: its /64) counts as at most this many visitors a day, however many
# User-Agents it sends (each User-Agent falls into one of this many buckets, keyed by the day's salt).
STATS_VISITORS_PER_ADDRESS = 8

# --- Serving ------------------------------------------------------------------------------------------
# ./cong serve (granian): one process per CPU, each with a few threads for requests that wait on the
# database (docs/deploy.md explains the choice).
SERVER_WORKERS = int(env_str("CONG_WORKERS") or os.cpu_count() or 1)
SERVER_THREADS = int(env_str("CONG_THREADS") or 2)

# --- Operations (cong.ops, docs/operations.md) -----------------------------------------------------------
# ./cong scheduler takes a backup every day at CONG_BACKUP_AT (local time, e.g. "02:30") into
# CONG_BACKUP_DIR and keeps the newest of each of the last N days and M weeks.
BACKUP_DIR = Path(env_str("CONG_BACKUP_DIR") or DATA_DIR / "backups").resolve()
BACKUP_AT = env_str("CONG_BACKUP_AT")
BACKUP_KEEP_DAILY = int(env_str("CONG_BACKUP_KEEP_DAILY") or 7)
BACKUP_KEEP_WEEKLY = int(env_str("CONG_BACKUP_KEEP_WEEKLY") or 4)
# Encrypt scheduled backups (gpg): a file holding a passphrase, or a public key's id in the keyring.
BACKUP_PASSPHRASE_FILE = env_str("CONG_BACKUP_PASSPHRASE_FILE")
BACKUP_GPG_RECIPIENT = env_str("CONG_BACKUP_GPG_RECIPIENT")
# /metrics: the client addresses (networks) allowed, and/or a bearer token.
METRICS_ALLOWED = env_list("CONG_METRICS_ALLOWED", "127.0.0.1,::1")
METRICS_TOKEN = env_str("CONG_METRICS_TOKEN")
# /readyz fails below this much free space in the data dir.
MIN_FREE_DISK_MB = int(env_str("CONG_MIN_FREE_DISK_MB") or 500)
# A scheduler heartbeat older than this makes /readyz report "degraded".
SCHEDULER_MAX_AGE = 180
# Prometheus metrics of several server processes are summed from files here (prometheus_client's
# multiprocess mode); ./cong serve empties it at start. Not in the test suite (one process).
METRICS_DIR = DATA_DIR / "metrics"
if not TESTING and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    METRICS_DIR.mkdir(exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(METRICS_DIR)

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
