"""Settings for every environment, read from environment variables, top to bottom once.

With nothing set, the project runs on its embedded default: SQLite in var/, Celery tasks
run in-process, email written to var/mail/, DEBUG on and a secret and two keys generated
once into var/. Setting DATABASE_URL and REDIS_URL switches to PostgreSQL and a real broker.
PRODUCTION=true is a deployment: it requires every secret, refuses DEBUG, and turns on
secure cookies, the HTTPS redirect, HSTS and hashed static file names.
"""

import base64
import datetime
import hashlib
import ipaddress
import secrets
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # everything the embedded default writes; never committed

env = environ.Env()

# --- Production or not --------------------------------------------------------------------
# The one switch a deployment sets; security follows it, never DEBUG.
PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG must be off when PRODUCTION is on: it shows settings and code to anyone."
    )


def _local_value(name: str, make) -> str:
    """Return a development value kept in var/`name`, made once by `make()` so it survives a restart."""
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


# Older versions derived the two keys below from SECRET_KEY. A development folder made then
# (it has var/secret_key already) gets its key files written once from that derivation, so
# its database stays readable; from then on each key lives in its own file, apart from the secret.
_LEGACY_SECRET = (VAR_DIR / "secret_key").read_text().strip() if (VAR_DIR / "secret_key").exists() else ""

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        # Production has no default secret: refuse to boot rather than sign with a known one.
        raise ImproperlyConfigured("SECRET_KEY must be set when PRODUCTION is on.")
    SECRET_KEY = _local_value("secret_key", lambda: secrets.token_urlsafe(50))


def _new_fernet_key() -> str:
    if _LEGACY_SECRET:
        digest = hashlib.sha256(f"field-encryption:{_LEGACY_SECRET}".encode()).digest()
        return base64.urlsafe_b64encode(digest).decode()
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _new_identity_key() -> str:
    return f"identity:{_LEGACY_SECRET}" if _LEGACY_SECRET else secrets.token_urlsafe(50)


# Keys of the fields encrypted at rest (narratives, document numbers, phones, case notes, hold
# reasons): Fernet keys, comma-separated; the first encrypts, all decrypt. Rotate by putting a
# new key first, running `manage.py rotate_field_keys`, then removing the old one. Independent
# of SECRET_KEY, so that rotating a leaked secret leaves every record readable.
_FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
# Key of the digests that duplicate checks and the document/phone search compare
# (intake.matching). Changing it needs `manage.py rebuild_match_keys`. Independent of SECRET_KEY.
_IDENTITY_HASH_KEY = env.str("IDENTITY_HASH_KEY", default="")
if PRODUCTION:
    # As for SECRET_KEY: production never runs on a key it did not choose.
    _missing = [
        name
        for name, value in (
            ("FIELD_ENCRYPTION_KEYS", _FIELD_ENCRYPTION_KEYS),
            ("IDENTITY_HASH_KEY", _IDENTITY_HASH_KEY),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            f"{' and '.join(_missing)} must be set when PRODUCTION is on (see docs/operations.md, Keys)."
        )
FIELD_ENCRYPTION_KEYS = _FIELD_ENCRYPTION_KEYS or [_local_value("field_encryption_key", _new_fernet_key)]
IDENTITY_HASH_KEY = _IDENTITY_HASH_KEY or _local_value("identity_hash_key", _new_identity_key)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts.admin_site.AdminSiteConfig",  # django.contrib.admin with the site of accounts/admin_site.py
    "accounts.admin_sections.StaffAccountsConfig",  # django.contrib.auth, named for the admin
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # 1,000 in the case list's capped count
    "whitenoise.runserver_nostatic",  # runserver serves static files the way production does
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_filters",
    "rules.apps.RulesConfig",
    "simple_history",
    "intake",
    "cases",
    "django_otp",  # its Device, throttling and TOTP; the devices themselves are accounts' models
    "accounts.admin_sections.SignInLockoutsConfig",  # axes: lockout after repeated failed sign-ins
    "csp",
    "accounts",
    "survivor_texts",  # consent and rights read to survivors in their language, versioned
    "referrals",  # referrals between organisations: services offered, consent-gated, least data
    "offline_desk",  # the surge desk without a connection: sealed on the device, synced once
    "reporting",  # dashboards, exports and anonymised releases: no models of its own
    "exchange",  # HTCDS files from other organisations: uploaded, dry-run, imported all or nothing
    "demo",  # the demo generator (seed_demo, demo_logins): synthetic data, no models
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Once signed in, the language saved on the account wins over the browser's (LocaleMiddleware).
    "accounts.middleware.UserLanguageMiddleware",
    # Every page needs a login unless its view opts out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each change in the history
    "cases.access_log.middleware.RefusedAccessLogMiddleware",  # every refused access goes into the access log
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outermost of these, so that every answer below gets the policy and the no-store rule,
    # the session policy's and the second factor's redirects included.
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "accounts.middleware.SecondFactorMiddleware",  # request.user.is_verified(), as django-otp's
    "accounts.middleware.SessionPolicyMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cases.context_processors.staff_role",
                "cases.notifications.context_processors.inbox",  # the unread count in a liaison's navigation
                "accounts.context_processors.two_factor",
            ],
        },
    },
    {
        # Only the case list's rows: measured faster there than Django's engine (docs/performance.md).
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja2_environment.environment"},
    },
]

# Form widgets drawn from Django's own Jinja2 widget templates, faster than its template language.
FORM_RENDERER = "config.form_renderer.WidgetRenderer"

# --- Database -------------------------------------------------------------------------
# DATABASE_URL unset or empty: the embedded SQLite database in var/.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # services own their transactions
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # WAL lets the dev server read while a seed or a request writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Two database roles in production (docs/operations.md, "Database roles"): DATABASE_URL is the
# application's role, which reads and writes rows but owns no table, so it cannot switch off the
# access log's triggers; DATABASE_OWNER_URL is the role that owns the tables and runs the
# migrations (the `owner` alias: `manage.py migrate` uses it, then grants the application's role
# its rights). Without DATABASE_OWNER_URL one role does both, as on SQLite.
if env.str("DATABASE_OWNER_URL", default=""):
    DATABASES["owner"] = {
        **DATABASES["default"],
        **env.db("DATABASE_OWNER_URL"),
        "CONN_MAX_AGE": 0,  # used by migrations and commands only
        "TEST": {"MIRROR": "default"},  # tests have one test database, reached as `default`
    }
MIGRATION_DATABASE = "owner" if "owner" in DATABASES else "default"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and access ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes sees every sign-in attempt first, to refuse those it has locked out.
    "accounts.backends.LockoutBackend",
    # Survivor-record permissions are decided by the access policy in cases/access.py
    # alone; the model backend answers only the permissions that policy does not define
    # (the admin site's accounts, organisations and vocabularies).
    "rules.permissions.ObjectPermissionBackend",
    "cases.access.PolicyAwareModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # memory-hard: slows offline guessing on GPUs
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # still verifies older hashes, upgraded at next login
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Two-factor authentication (TOTP) for every account, the admin site included: a person who
# passed the password is sent to type its code, or, not enrolled yet, to enrol an authenticator
# app with the one-time enrolment code an administrator issued them (accounts.enrolment).
# Only a demo switches it off (the Makefile's `run` does), and its sign-in page then says so.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Mae Sot case intake"  # the name the authenticator app lists the account under
# An enrolment code works this many hours after it is issued, and for this many wrong tries.
ENROLMENT_CODE_LIFETIME_HOURS = env.int("ENROLMENT_CODE_LIFETIME_HOURS", default=72)
ENROLMENT_CODE_ATTEMPTS = 5

# Lockout: 5 failed sign-ins with one username from one address pause that pair for 15 minutes.
# Keyed on the pair, so one person's mistakes do not lock out a whole office behind one
# address, and guessing one account's password from one place is still stopped. Unknown
# usernames are counted and locked the same way, so the lockout says nothing about accounts.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a successful sign-in clears that pair's earlier failures
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # says what to do, not whether the account exists
AXES_CLIENT_IP_CALLABLE = "cases.client_address.client_address"  # the access log's too
# The username as the lockout stores it: cut to its table's column, whatever a request posts.
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"
AXES_VERBOSE = False  # no banner at every start; its log lines mask usernames and addresses
# How many reverse proxies stand in front of the application, each appending to X-Forwarded-For:
# the client's address is read that many entries from the end, never from what the client wrote.
# Production runs behind the TLS-terminating proxy docs/operations.md asks for; the embedded
# default is reached directly.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0)
# The addresses (or networks) of those proxies. X-Forwarded-For is read only from a request
# that arrived from one of them: a client reaching the application directly, whatever header it
# writes, is known by its own address, for the lockout and the access log alike. By default
# only this machine (loopback), where the documented proxy runs; docker/compose.yaml sets the
# address its containers see the host's proxy connect from.
try:
    TRUSTED_PROXIES = [
        str(ipaddress.ip_network(entry, strict=False))
        for entry in env.list("TRUSTED_PROXIES", default=["127.0.0.0/8", "::1"])
    ]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error

# --- Sessions and security headers ------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day at most
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions end after 30 minutes without a request and 8 hours after sign-in, and at the next
# request once the account is deactivated or its role, organisation or admin status changes
# (accounts.session_policy). Signing out deletes the session from the store.
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = SESSION_COOKIE_AGE  # the working day
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Secure by default in production: a deployer should not have to remember these. The proxy
# in front must overwrite X-Forwarded-Proto (and X-Forwarded-For), never pass a client's on.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_SSL_REDIRECT = PRODUCTION and env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# Content-Security-Policy: everything from this origin, nothing inline, no third party. Scripts
# are static files (JSON data goes in <script type="application/json">, which is not run).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap draws its form controls' icons as data: SVG
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
# The languages of the people who use the system at the border: Thai and Burmese staff, the
# embassies' Chinese, Vietnamese, Indonesian, Hindi and Filipino liaisons. The names are
# translated for lists read in one language; the switcher shows each in its own (name_local).
LANGUAGES = [
    ("en", _("English")),
    ("th", _("Thai")),
    ("my", _("Burmese")),
    ("zh-hans", _("Simplified Chinese")),
    ("vi", _("Vietnamese")),
    ("id", _("Indonesian")),
    ("hi", _("Hindi")),
    ("fil", _("Filipino")),
]
# Django knows every language above but Filipino: its name and direction, for the switcher and
# get_language_info, added to Django's LANG_INFO when the apps load (accounts.apps).
EXTRA_LANG_INFO = {
    "fil": {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"},
}
# Our catalogues (locale/<ll>, written by the translators), then the country and language names
# generated from pycountry's ISO catalogues (`make messages`), which come second so that a name
# our translators chose wins over the generated one.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "config" / "i18n" / "locale"]
# The language a visitor chose on the sign-in page, before any account is known: a year long,
# like Django's default; not sensitive (a language code), sent only to this site over HTTPS.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Asia/Bangkok"  # the border town where the work happens; stored in UTC
USE_I18N = True
USE_TZ = True
# One way to write dates, times and numbers per language (config/formats/en/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static files (vendored, served by WhiteNoise: no CDN) --------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Outside production the files are served from the apps' folders, DEBUG on or off: the demo
# runs with DEBUG off (`make run`), so that a visitor sees the app's error pages, not Django's.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production serves hashed, compressed copies (collectstatic); elsewhere the files as they are.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Forms ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery and the cache -------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:  # shared by every worker; without Redis, each process keeps its own (LocMem)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "intake",
        }
    }
# The dashboard's figures are kept this long for the next visit (0: computed at every visit);
# beat recomputes the unfiltered ones each minute (reporting.dashboards.snapshots).
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=90)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None  # tasks write their outcome to the database, not to a result store
# Without a broker, tasks run in-process when queued, so a new user needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker is redelivered, so tasks are idempotent
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# With the broker down, a request queueing a delivery gives up after one quick retry instead of
# kombu's default of retrying for broker_connection_timeout: the sweep queues it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULE = {
    # Anonymise the cases closed longer ago than the retention period, every night.
    "retention-sweep": {"task": "cases.tasks.retention_sweep", "schedule": crontab(hour=2, minute=30)},
    # The dashboard coordinators land on, computed before they ask for it.
    "dashboard-figures": {"task": "reporting.tasks.dashboard_figures_refresh", "schedule": 60.0},
    # Re-queue outbox rows a broker outage or a lost worker left undelivered.
    "notification-sweep": {"task": "cases.tasks.notification_sweep", "schedule": 60.0},
    # Each liaison's digest of their queue, at the start of the working day in Mae Sot.
    "notification-digests": {
        "task": "cases.tasks.notification_digests_queue",
        "schedule": crontab(hour=7, minute=0),
    },
    # Sessions the policy ended are deleted at once; those simply abandoned are swept every hour.
    "sessions-clear": {"task": "accounts.tasks.sessions_clear", "schedule": 3600.0},
    # Uploaded HTCDS files neither confirmed nor cancelled are deleted once expired (24 h).
    "import-uploads-expire": {"task": "exchange.tasks.uploads_expired_delete", "schedule": 3600.0},
}

# --- Notifications and email --------------------------------------------------------------
# EMAIL_URL (e.g. smtp+tls://user:pass@host:587) or, unset, one file per email in var/mail/.
_EMAIL = env.email_url("EMAIL_URL") if env.str("EMAIL_URL", default="") else {}
EMAIL_BACKEND = _EMAIL.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = _EMAIL["EMAIL_FILE_PATH"] if _EMAIL else VAR_DIR / "mail"
EMAIL_HOST = _EMAIL.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _EMAIL.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _EMAIL.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _EMAIL.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = _EMAIL.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _EMAIL.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Case intake <no-reply@localhost>")
# Rows younger than this are left to their own task by the sweep.
NOTIFICATION_SWEEP_GRACE_SECONDS = env.int("NOTIFICATION_SWEEP_GRACE_SECONDS", default=60)
# Emails link back to the application: its public address. Behind a proxy this is usually
# the origin already trusted for CSRF, so that is the default after SITE_URL itself.
SITE_URL = env.str("SITE_URL", default=(CSRF_TRUSTED_ORIGINS or ["http://127.0.0.1:8000"])[0])

# --- Retention ----------------------------------------------------------------------------
# Closed cases are anonymised this many days after closing (cases.erasure.retention_sweep).
RETENTION_DAYS_AFTER_CLOSE = env.int("RETENTION_DAYS_AFTER_CLOSE", default=730)

# --- Logging: no survivor data is ever logged; only ids and event kinds ----------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Demo -------------------------------------------------------------------------------
# The password given to the demo personas by seed_demo. Never used outside a demo.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="mae-sot-demo-2026")
