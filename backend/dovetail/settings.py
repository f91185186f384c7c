"""Settings, from the environment. With nothing set: SQLite + an embedded broker in ./data.

DATABASE_URL (postgres://…) and REDIS_URL (redis://…) switch to PostgreSQL and Redis;
the code paths are the same. See docs/operations.md for every variable.
"""

from pathlib import Path

import dj_database_url
from django.core.management.utils import get_random_secret_key

from backend.dovetail.env import env, env_bool, env_int

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(env("DOVETAIL_DATA_DIR", str(BASE_DIR / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    if key := env("SECRET_KEY", ""):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
PUBLIC_URL = env("PUBLIC_URL", "").rstrip("/")  # base of webhook URLs when behind a proxy

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "backend.core",
    "backend.accounts",
    "backend.flows",
    "backend.triggers",
    "backend.runs",
    "backend.blocks",
    "backend.credentials",
    "backend.sandbox",
    "backend.web",
]

MIDDLEWARE = [
    # First: /hooks/<token> goes straight to the webhook view (backend/triggers/middleware.py).
    "backend.triggers.middleware.webhook_ingress",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backend.dovetail.urls"
WSGI_APPLICATION = "backend.dovetail.wsgi.application"

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
            ]
        },
    }
]

DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    # Parameters travel beside the SQL instead of being quoted into it by psycopg in Python (a
    # 3 KB payload was escaped on every INSERT).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    # The statements every event goes through are prepared: PostgreSQL plans them once per
    # connection, not on every call (backend/core/prepared.py). `off` for PgBouncer in transaction
    # mode before 1.21, which cannot keep prepared statements.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        from backend.core.prepared import preparing_cursor

        # prepare_threshold: not None, which would leave psycopg preparing nothing; the cursor
        # chooses per statement.
        DATABASES["default"]["OPTIONS"].update(cursor_factory=preparing_cursor(), prepare_threshold=0)
else:
    DATABASES = {
        "default": {
            # Django's SQLite backend, with writers queueing on a file lock (backend/core/sqlite):
            # SQLite's own wait for its lock sleeps up to 100 ms between tries.
            "ENGINE": "backend.core.sqlite",
            "NAME": DATA_DIR / "dovetail.sqlite3",
            "OPTIONS": {
                # Why: the web server and the worker are separate processes writing the same file.
                # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN,
                # so a transaction never fails half-way with "locked"; the busy timeout is left for
                # what does not take the file lock (the sqlite3 shell, a backup).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            # Opening the file and running the PRAGMAs again for every request cost more than the
            # request's own queries.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []
WHITENOISE_USE_FINDERS = True  # serve the built frontend without a collectstatic step

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "backend.core.exception_handler.handle",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # DRF's JSON parser, refusing bodies nested deeper than backend/core/jsondepth.py allows (400).
    "DEFAULT_PARSER_CLASSES": [
        "backend.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dovetail API",
    "DESCRIPTION": "Flows, runs, blocks and webhook ingress of the Dovetail integration engine.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Failure alerts by email: printed to the log unless an SMTP server is configured.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "dovetail@localhost")

# Webhook ingress
WEBHOOK_MAX_BODY_BYTES = env_int("WEBHOOK_MAX_BODY_BYTES", 1024 * 1024)
# A webhook without an Idempotency-Key / X-Request-Id whose body equals the flow's latest event's,
# this soon after it, is the sender's retry of that delivery; later, or after another event, it is
# a new event (triggers/services.py, `_same_body_again`).
WEBHOOK_SAME_BODY_WINDOW_S = env_int("WEBHOOK_SAME_BODY_WINDOW_S", 300)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(WEBHOOK_MAX_BODY_BYTES, 2_621_440)

# Sandbox: /sandbox/inbox/<name> records what HTTP blocks send. With SANDBOX_URL set (`make run`
# sets it to this server), templates' *.example.com URLs are pointed at the inbox on import.
SANDBOX_URL = env("SANDBOX_URL", "").rstrip("/")
SANDBOX_INBOX_KEEP = env_int("SANDBOX_INBOX_KEEP", 500)  # newest requests kept per inbox
SANDBOX_INBOX_MAX_NAMES = env_int("SANDBOX_INBOX_MAX_NAMES", 50)  # the endpoint is public: inboxes are capped too
SANDBOX_INBOX_MAX_BODY_BYTES = env_int("SANDBOX_INBOX_MAX_BODY_BYTES", 64 * 1024)  # kept of each body

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport in the data folder.
REDIS_URL = env("REDIS_URL", "")
BROKER_DIR = DATA_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    (BROKER_DIR / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT = "backend.dovetail.broker:Transport"  # kombu's, publishing whole files
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR),
        "data_folder_out": str(BROKER_DIR),
        "control_folder": str(BROKER_DIR / "control"),
        # The folder is polled: kombu's default (1 s) would add a second per hop, 50 ms added ~25 ms
        # to event-to-effect; a listing of an empty folder every 10 ms costs ~1 % of a core.
        "polling_interval": 0.01,
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = env("DOVETAIL_QUEUE", "dovetail")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fix-up closes the database connection around every task unless this is set:
# a new PostgreSQL connection (a forked backend) per run. Connections are instead recycled the
# way Django does per request (CONN_MAX_AGE, health checks, errors): see dovetail/celery.py.
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "sweep-runs": {"task": "runs.sweep_runs", "schedule": env_int("SWEEP_INTERVAL_S", 15)},
    "prune-runs": {"task": "runs.prune_runs", "schedule": 3600},
    "tick-schedules": {"task": "triggers.tick_schedules", "schedule": env_int("SCHEDULE_TICK_S", 20)},
    "tick-polls": {"task": "triggers.tick_polls", "schedule": env_int("POLL_TICK_S", 15)},
}
POLL_TICK_S = env_int("POLL_TICK_S", 15)  # a failed poll is retried on the next tick, then backs off
# Publishing must not hold a webhook request when the broker is down: the sweeper covers it.
CELERY_TASK_PUBLISH_RETRY = False
BROKER_BACKOFF_S = env_int("BROKER_BACKOFF_S", 5)  # after a failed publish, leave runs to the sweeper this long
CELERY_BROKER_CONNECTION_TIMEOUT = 2

# Runs
RUN_REPUBLISH_AFTER_S = env_int("RUN_REPUBLISH_AFTER_S", 60)  # a queued run nobody took is published again
RUN_LEASE_S = env_int("RUN_LEASE_S", 30)  # a worker silent this long (beyond its step's timeout) is presumed dead
RUN_TIME_SLICE_S = env_int("RUN_TIME_SLICE_S", 5)  # then a long run yields its worker to others
# Drainers (runs/doorbell.py) counted at once: one per worker child process that may drain
# (`serve` sets it to its worker concurrency); each hands over after RUN_DRAIN_SLICE_S.
RUN_DRAINERS = env_int("RUN_DRAINERS", env_int("WORKER_CONCURRENCY", 4))
RUN_DRAIN_SLICE_S = env_int("RUN_DRAIN_SLICE_S", 5)
# A web or worker process rings the doorbell at most once per this window: the commits within
# it share one trailing ring (runs/services.py, _RingCoalescer); 0 rings for every commit.
RUN_RING_WINDOW_MS = env_int("RUN_RING_WINDOW_MS", 10)
# Runs a drainer claims at a time and advances together: one claim and one first write for the
# lot (runs/advance.py, _advance_together); their calls are still made one after the other.
RUN_DRAIN_BATCH = max(1, env_int("RUN_DRAIN_BATCH", 4))
RUN_RETENTION_DAYS = env_int("RUN_RETENTION_DAYS", 30)
SWEEP_BATCH = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Django logs the path of every 4xx/5xx answer (`Bad Request: /hooks/<token>`): for a
    # core.webhook flow the token is all that authenticates the sender.
    "filters": {"hook_tokens": {"()": "backend.core.redaction.HookTokenFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["hook_tokens"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
