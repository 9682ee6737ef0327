"""Settings for every environment, read from environment variables.

With nothing set, the project runs on its embedded default: SQLite in var/, Celery tasks
run in-process, email written to var/mail/, DEBUG on and a secret generated once into
var/. Setting DATABASE_URL and REDIS_URL switches to PostgreSQL and a real broker.
"""

import base64
import hashlib
import ipaddress
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # everything the embedded default writes; never committed

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)


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
    if not DEBUG:
        # Production has no default secret: refuse to boot rather than sign with a known one.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
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
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
# Key of the digests that duplicate checks and the document/phone search compare
# (intake.matching). Changing it needs `manage.py rebuild_match_keys`. Independent of SECRET_KEY.
IDENTITY_HASH_KEY = env.str("IDENTITY_HASH_KEY", default="")
if not DEBUG:
    # As for SECRET_KEY: production never runs on a key it did not choose.
    _missing = [name for name in ("FIELD_ENCRYPTION_KEYS", "IDENTITY_HASH_KEY") if not globals()[name]]
    if _missing:
        raise ImproperlyConfigured(
            f"{' and '.join(_missing)} must be set when DEBUG is off (see README, Configuration)."
        )
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_local_value("field_encryption_key", _new_fernet_key)]
IDENTITY_HASH_KEY = IDENTITY_HASH_KEY or _local_value("identity_hash_key", _new_identity_key)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts.admin_site.AdminSiteConfig",  # django.contrib.admin with the site of accounts/admin_site.py
    "django.contrib.auth",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view opts out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each change in the history
    "cases.access_log.middleware.RefusedAccessLogMiddleware",  # every refused access goes into the access log
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
    {
        # Only for templates drawn many times a page (config/jinja2_environment.py).
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja2_environment.environment"},
    },
]

FORM_RENDERER = "config.form_renderer.WidgetRenderer"

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
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
# Two database roles in production (README, "Database roles"): DATABASE_URL is the application's
# role, which reads and writes rows but owns no table, so it cannot switch off the access log's
# triggers; DATABASE_OWNER_URL is the role that owns the tables and runs the migrations (the
# `owner` alias: `manage.py migrate` uses it, then grants the application's role its rights).
# Without DATABASE_OWNER_URL one role does both, as on SQLite.
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

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("th", _("Thai"))]
TIME_ZONE = "Asia/Bangkok"  # the border town where the work happens; stored in UTC
USE_I18N = True
USE_TZ = True

# --- Static files (vendored, served by WhiteNoise: no CDN) --------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
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
# beat recomputes the unfiltered ones each minute (cases.dashboards.snapshots).
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

# --- Email ------------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Case intake <no-reply@localhost>")

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day at most
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # Secure by default in production: a deployer should not have to remember these.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

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

# --- Repatriation notifications (issue 4): beat schedule, links in emails, inbox count ---------
from celery.schedules import crontab  # noqa: E402

# Closed cases are anonymised this many days after closing (cases.erasure.retention_sweep).
RETENTION_DAYS_AFTER_CLOSE = env.int("RETENTION_DAYS_AFTER_CLOSE", default=730)

CELERY_BEAT_SCHEDULE = {
    # Anonymise the cases closed longer ago than the retention period, every night.
    "retention-sweep": {"task": "cases.tasks.retention_sweep", "schedule": crontab(hour=2, minute=30)},
    # The dashboard coordinators land on, computed before they ask for it.
    "dashboard-figures": {"task": "cases.tasks.dashboard_figures_refresh", "schedule": 60.0},
    # Re-queue outbox rows a broker outage or a lost worker left undelivered.
    "notification-sweep": {"task": "cases.tasks.notification_sweep", "schedule": 60.0},
    # Each liaison's digest of their queue, at the start of the working day in Mae Sot.
    "notification-digests": {
        "task": "cases.tasks.notification_digests_queue",
        "schedule": crontab(hour=7, minute=0),
    },
}
# With the broker down, a request queueing a delivery gives up after one quick retry instead of
# kombu's default of retrying for broker_connection_timeout: the sweep queues it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# Rows younger than this are left to their own task by the sweep.
NOTIFICATION_SWEEP_GRACE_SECONDS = env.int("NOTIFICATION_SWEEP_GRACE_SECONDS", default=60)
# Emails link back to the application: its public address. Behind a proxy this is usually
# the origin already trusted for CSRF, so that is the default after SITE_URL itself.
SITE_URL = env.str("SITE_URL", default=(CSRF_TRUSTED_ORIGINS or ["http://127.0.0.1:8000"])[0])
# The unread count in a liaison's navigation.
TEMPLATES[0]["OPTIONS"]["context_processors"].append("cases.notifications.context_processors.inbox")
# --- end of repatriation notifications -------------------------------------------------------

# --- Accounts and sessions (issue 6): second factor, lockout, session policy, headers --------
import datetime  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

# Two-factor authentication (TOTP) for every account, the admin site included: a person who
# passed the password is sent to type its code, or, not enrolled yet, to enrol an authenticator
# app with the one-time enrolment code an administrator issued them (accounts.enrolment).
# Only a demo switches it off (the Makefile's `run` does), and its sign-in page then says so.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Mae Sot case intake"  # the name the authenticator app lists the account under
# An enrolment code works this many hours after it is issued, and for this many wrong tries.
ENROLMENT_CODE_LIFETIME_HOURS = env.int("ENROLMENT_CODE_LIFETIME_HOURS", default=72)
ENROLMENT_CODE_ATTEMPTS = 5

INSTALLED_APPS += [
    "django_otp",  # its Device, throttling and TOTP; the devices themselves are accounts' models
    "axes",
    "csp",
    "accounts",
]
MIDDLEWARE += [
    # Outermost of these, so that every answer below gets the policy and the no-store rule,
    # the session policy's and the second factor's redirects included.
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "accounts.middleware.SecondFactorMiddleware",  # request.user.is_verified(), as django-otp's
    "accounts.middleware.SessionPolicyMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]
# django-axes sees every sign-in attempt first, to refuse those it has locked out.
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutBackend", *AUTHENTICATION_BACKENDS]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("accounts.context_processors.two_factor")

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
# Production (DEBUG off) runs behind the TLS-terminating proxy the README asks for; the
# embedded default is reached directly.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0 if DEBUG else 1)
# The addresses (or networks) of those proxies. X-Forwarded-For is read only from a request
# that arrived from one of them: a client reaching the application directly, whatever header it
# writes, is known by its own address, for the lockout and the access log alike. By default
# only this machine (loopback), where the README's proxy runs; docker/compose.yaml sets the
# address its containers see the host's proxy connect from.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.0/8", "::1"])
try:
    TRUSTED_PROXIES = [str(ipaddress.ip_network(entry, strict=False)) for entry in TRUSTED_PROXIES]
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error

# Sessions end after 30 minutes without a request and 8 hours after sign-in, and at the next
# request once the account is deactivated or its role, organisation or admin status changes
# (accounts.session_policy). Signing out deletes the session from the store.
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_ABSOLUTE_TIMEOUT = SESSION_COOKIE_AGE  # the working day set above
# Sessions the policy ended are deleted at once; those simply abandoned are swept every hour.
CELERY_BEAT_SCHEDULE["sessions-clear"] = {"task": "accounts.tasks.sessions_clear", "schedule": 3600.0}

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
# --- end of accounts and sessions ------------------------------------------------------------
