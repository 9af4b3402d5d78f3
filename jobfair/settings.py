"""Settings for the job-fair system, read from the environment (DESIGN §2).

Every default makes `make run` work on a fresh machine: SQLite, no Redis, mail to the console.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The built-in key only serves DEBUG: with DEBUG off the servers refuse to start on it (jobfair/production.py).
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# HTTPS (issue 11 item 3): on by default whenever DEBUG is off, each one a setting of its own. Behind nginx, which
# terminates TLS, the proxy's X-Forwarded-Proto tells Django the request came over HTTPS.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("SECURE_PROXY_SSL_HEADER", default=not DEBUG) else None
)
# How many proxies in front of the app append to X-Forwarded-For (nginx: 1). The client address of every limit,
# lockout and audit row is read from the chain only that far (jobfair/addresses.py); 0 trusts no header at all.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The centre's own venue networks (CIDR, comma-separated), whose Wi-Fi puts a hall full of people behind one address
# on a session day: limits and lockouts per address do not count them; those per account and per phone or e-mail do.
# A typing slip stops the start (ipaddress refuses it) instead of silently exempting nothing.
VENUE_NETWORKS = [str(ipaddress.ip_network(n.strip(), strict=False)) for n in env.list("VENUE_NETWORKS", default=[])]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own static files — no page has an inline script, and
# Swagger UI loads its setup as a file (SpectacularSwaggerSplitView). Styles allow inline ones: Swagger UI, htmx and
# the QR scanner set element styles; a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): the camera for the desk's QR scanner, nothing else.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",  # the widget templates, for the site's form renderer (jobfair.forms.SiteFormRenderer)
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",  # refresh tokens rotate and can be revoked (issue 11 item 4)
    "django_filters",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",  # staff's authenticator app (issue 11 item 5)
    "django_otp.plugins.otp_static",  # their recovery codes
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "sessions.apps.JobSessionsConfig",
]

MIDDLEWARE = [
    "jobfair.observability.RequestIdMiddleware",  # first: the request id is in every log line and the answer
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, hashed and compressed, from every web node
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jobfair.middleware.VietnameseFirstMiddleware",  # web pages: Vietnamese unless the language switch says else
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.StaffSecondFactorMiddleware",  # staff: nothing but the second factor until it is given
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sign_in_lifetime.SignInLifetimeMiddleware",  # staff and employers: signed out when idle or too long
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jobfair.middleware.PrivateResponsesMiddleware",
    "jobfair.middleware.UnholdableInputMiddleware",  # a DataError or an overflowed date: 400, not 500
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its page
]

ROOT_URLCONF = "jobfair.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jobfair" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jobfair.context_processors.centre",
            ],
        },
    },
]

WSGI_APPLICATION = "jobfair.wsgi.application"
ASGI_APPLICATION = "jobfair.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A busy timeout lets the embedded default serve a web request and a scheduler thread at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# Report reads go to a streaming replica when one is configured (jobfair/replica.py, DESIGN §8).
if DATABASE_REPLICA_URL := env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["jobfair.replica.ReportReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=30)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes checks the lockout before any password is tried (web login, admin login and the token endpoint alike).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailOrPhoneBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.ContactSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our messages, then Vietnamese for the libraries' own API messages (DRF, simplejwt, django-filter ship few or none):
# jobfair/locale_vendor is written by hand, not by makemessages.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "jobfair" / "locale_vendor"]
FORMAT_MODULE_PATH = ["jobfair.formats"]  # NUMBER_GROUPING for Vietnamese
# The language switch of the web pages is remembered for a year (Django's default cookie ends with the browser).
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LOGIN_URL = "accounts:login"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "jobfair" / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Hashed, compressed names (whitenoise) whenever DEBUG is off; `collectstatic` writes the manifest at deploy.
# DEBUG (`make run`) and the tests (tests/conftest.py) keep the plain storage, so a checkout without `collectstatic`
# renders pages. Whitenoise caches a hashed name for good and any other for its default minute.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if not env.str("EMAIL_URL", default="") and EMAIL_CONFIG["EMAIL_BACKEND"].endswith("console.EmailBackend"):
    # Development without a mail server: one line per message, the whole message in MAIL_LOG_FILE.
    EMAIL_BACKEND = "jobfair.mail.OneLineConsoleEmailBackend"
MAIL_LOG_FILE = env.path("MAIL_LOG_FILE", default=BASE_DIR / "var" / "mail.log")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # a hung mail server must not hold a worker forever
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Trung tâm Dịch vụ việc làm <no-reply@localhost>")

REDIS_URL = env.str("REDIS_URL", default="")

# Celery (DESIGN §4): JSON only, late acks, one message at a time; future reminders wait as outbox rows, so no
# countdown ever comes near the visibility timeout.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Tasks sit next to the code they run; the worker imports these modules to know them.
CELERY_IMPORTS = (
    "sessions.notifications.delivery",
    "sessions.notifications.outbox",
    "sessions.notifications.invitations",
    "sessions.services.scheduling",
    "sessions.services.surveys",
)
CELERY_BEAT_SCHEDULE = {
    "sweep-due-notifications": {"task": "notifications.sweep", "schedule": 60.0},
    "complete-ended-sessions": {"task": "sessions.complete_ended", "schedule": 300.0},
    "schedule-outcome-requests": {"task": "notifications.schedule_outcome_requests", "schedule": 3600.0},
    "announce-registration-openings": {"task": "notifications.announce_registration_openings", "schedule": 60.0},
    "follow-up-no-shows": {"task": "notifications.follow_up_no_shows", "schedule": 60.0},
    "write-session-invitations": {"task": "notifications.write_session_invitations", "schedule": 60.0},
    "send-survey-invitations": {"task": "surveys.send_invitations", "schedule": 60.0},
}

# Notices (DESIGN §4 "Reminders"). Times are local (Asia/Ho_Chi_Minh).
NOTIFY_DAY_BEFORE_AT = env.str("NOTIFY_DAY_BEFORE_AT", default="08:00")
NOTIFY_HOURS_BEFORE = env.int("NOTIFY_HOURS_BEFORE", default=2)
NOTIFY_OUTCOME_REQUEST_AFTER_DAYS = env.int("NOTIFY_OUTCOME_REQUEST_AFTER_DAYS", default=3)
NOTIFY_OUTCOME_REQUEST_REPEAT_DAYS = env.int("NOTIFY_OUTCOME_REQUEST_REPEAT_DAYS", default=7)
NOTIFY_OUTCOME_REQUEST_MAX = env.int("NOTIFY_OUTCOME_REQUEST_MAX", default=3)
SMS_QUIET_HOURS = (env.str("SMS_QUIET_FROM", default="21:00"), env.str("SMS_QUIET_UNTIL", default="07:00"))
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=6)
NOTIFY_RETRY_BASE_SECONDS = env.float("NOTIFY_RETRY_BASE_SECONDS", default=30.0)
NOTIFY_RETRY_MAX_SECONDS = env.float("NOTIFY_RETRY_MAX_SECONDS", default=1800.0)
NOTIFY_CLAIM_TIMEOUT_SECONDS = env.int("NOTIFY_CLAIM_TIMEOUT_SECONDS", default=300)
NOTIFY_SWEEP_BATCH = env.int("NOTIFY_SWEEP_BATCH", default=500)
# A committed notice asks the workers for a sweep (delivery.ask_for_sweep); while one waits, no other is asked for.
# Should its message be lost, the next ask comes after this, and beat's minute sweep sends the notice meanwhile.
NOTIFY_SWEEP_ASKED_SECONDS = env.int("NOTIFY_SWEEP_ASKED_SECONDS", default=60)
# No-shows (issue 15 item 3): each gets one kind message after the session, with the next sessions that fit them;
# one that ended longer ago than this is not written to any more (a backlog is not sent late). The rebook link in
# the message works this many days.
NO_SHOW_FOLLOW_UP_WITHIN_DAYS = env.int("NO_SHOW_FOLLOW_UP_WITHIN_DAYS", default=3)
NO_SHOW_FOLLOW_UP_SESSIONS = 3
REBOOK_LINK_DAYS = env.int("REBOOK_LINK_DAYS", default=30)
# Invitations to published sessions (issue 15 item 2) are spaced so many a minute, across sessions, to spare the SMS
# gateway and the mail server when a session is published to thousands.
INVITATIONS_PER_MINUTE = env.int("INVITATIONS_PER_MINUTE", default=300)
# The question after a session (issue 15 item 5): its link takes one answer for this many days after completion.
SURVEY_OPEN_DAYS = env.int("SURVEY_OPEN_DAYS", default=30)

# SMS: "console" prints (development); "http" posts JSON to SMS_URL with SMS_TOKEN as a bearer token.
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
SMS_URL = env.str("SMS_URL", default="")
SMS_TOKEN = env.str("SMS_TOKEN", default="")
SMS_SENDER = env.str("SMS_SENDER", default="VIECLAM")
SMS_TIMEOUT_SECONDS = env.float("SMS_TIMEOUT_SECONDS", default=10.0)

# The public address in notices; by default the development server's, so its links work under `make run`.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.str('PORT', default='8000')}")

# JSON lines with the request id whenever DEBUG is off (or LOG_FORMAT=json); plain text under `make run`.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "jobfair.observability.RequestIdLogFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Every inline task run would log a line (the embedded scheduler ticks every few seconds).
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # every failed sign-in would log lines; lockouts are warnings
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.JWTAuthentication",  # simplejwt's, the job seeker read with the user
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["jobfair.api.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "jobfair.api.PageNumberPaginationWithSize",
    "DEFAULT_FILTER_BACKENDS": ["jobfair.api.FilterWhenAsked"],
    "DEFAULT_SCHEMA_CLASS": "jobfair.schema.AutoSchema",  # drf-spectacular's, blank and null read-only fields told
    "EXCEPTION_HANDLER": "jobfair.api.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "DEFAULT_THROTTLE_RATES": {
        # Per client address, and per phone number or e-mail aimed at ("_target"): jobfair/limits.py.
        "signup": env.str("THROTTLE_SIGNUP", default="20/hour"),
        "signup_target": env.str("THROTTLE_SIGNUP_TARGET", default="5/hour"),
        "password_reset": env.str("THROTTLE_PASSWORD_RESET", default="10/hour"),
        "password_reset_target": env.str("THROTTLE_PASSWORD_RESET_TARGET", default="3/hour"),
        "password_change": env.str("THROTTLE_PASSWORD_CHANGE", default="10/hour"),
        "password_change_target": env.str("THROTTLE_PASSWORD_CHANGE_TARGET", default="5/hour"),
        "sms_code": env.str("THROTTLE_SMS_CODE", default="10/hour"),
        "sms_code_target": env.str("THROTTLE_SMS_CODE_TARGET", default="3/hour"),
        "token": env.str("THROTTLE_TOKEN", default="30/minute"),
        "registration": env.str("THROTTLE_REGISTRATION", default="60/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Job-fair management API",
    "DESCRIPTION": "Public contract of the centre's job-exchange sessions (DESIGN §5).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One enum name per choice set: several models have a `status`, `kind` or `purpose` of their own.
    "ENUM_NAME_OVERRIDES": {
        "SessionStatusEnum": "sessions.models.SessionStatus",
        "SessionKindEnum": "sessions.models.SessionKind",
        "RegistrationStatusEnum": "sessions.models.Registration.Status",
        "ParticipationStatusEnum": "sessions.models.Participation.Status",
        "VacancyStatusEnum": "sessions.models.Vacancy.Status",
        "HiringOutcomeStatusEnum": "sessions.models.HiringOutcome.Status",
        "NotificationStatusEnum": "sessions.models.Notification.Status",
        "NotificationKindEnum": "sessions.models.Notification.Kind",
        "VenueKindEnum": "sessions.models.Venue.Kind",
        "ReferralKindEnum": "sessions.models.Referral.Kind",
        "ReferralStatusEnum": "sessions.models.Referral.Status",
        "WorkPurposeEnum": "sessions.models.WorkPurpose",
        "ConsentPurposeEnum": "accounts.models.ConsentPurpose",
        "GeneralEducationEnum": "accounts.models.GeneralEducation",
        "QualificationEnum": "accounts.models.Qualification",
    },
}
# Sign-in lockout (django-axes, issue 11 item 2): after LOGIN_FAILURE_LIMIT failures for one account, or from one
# client address, sign-in is refused for LOGIN_LOCKOUT_MINUTES — the right password too — on the web login, the admin
# login and the token endpoint. Staff lift a lockout by deleting its row in the admin ("Access attempts").
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
# either one: per account and per address; an address of VENUE_NETWORKS per account only
AXES_LOCKOUT_PARAMETERS = "jobfair.limits.lockout_parameters"
# Not axes' reset on success: it deletes the address's rows too, so that signing in to one's own account would wipe
# the count of guesses at another's from the same address. A sign-in clears only its account's failures
# (accounts.backends.forget_own_failures).
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed sign-in on the record: when, which login, from where
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lockout ends when it said it would
AXES_CLIENT_IP_CALLABLE = "jobfair.addresses.client_address"
AXES_USERNAME_CALLABLE = "accounts.backends.login_key_of_credentials"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"  # a page in the person's language, with the centre's phone
# Staff and employers (who read other people's personal data) are signed out after this long without a request, or
# this long after signing in (ASVS 3.3.2 level 2; accounts/sign_in_lifetime.py).
SIGN_IN_IDLE_MINUTES = env.int("SIGN_IN_IDLE_MINUTES", default=30)
SIGN_IN_MAX_HOURS = env.int("SIGN_IN_MAX_HOURS", default=12)

# Staff's second factor (django-otp, issue 11 item 5): staff and superusers give a code of their authenticator app
# (TOTP) or a recovery code after the password, on the web (staff console, admin) and on the token endpoint. Required
# whenever DEBUG is off unless STAFF_2FA=off is set explicitly; off by default with DEBUG (the demo of `make run`).
STAFF_2FA_REQUIRED = env.str("STAFF_2FA", default="off" if DEBUG else "on").strip().lower() != "off"
STAFF_RECOVERY_CODES = 10

# Tokens (issue 11 item 4): access tokens are short; a refresh token is used once (it rotates, the old one is
# blacklisted) and can be revoked by logging out. Every token carries a fingerprint of the password hash, so a password
# change or reset (any path: web, admin, API) ends every token of that user; an inactive user's tokens are refused.
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "CHECK_REVOKE_TOKEN": True,
    "TOKEN_REFRESH_SERIALIZER": "accounts.api.tokens.RevocableRefreshSerializer",
    "TOKEN_OBTAIN_SERIALIZER": "accounts.api.tokens.SecondFactorTokenSerializer",
}

# Shared cache (throttling counters): Redis when configured, else per-process memory.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Domain settings.
# The regional minimum monthly wage (VND) below which a reported salary is flagged to staff: Region I (Hà Nội's urban
# districts) from 2026-01-01 is 5,310,000 (Decree 293/2025/NĐ-CP); a centre in another region sets its own.
MINIMUM_MONTHLY_WAGE = env.int("MINIMUM_MONTHLY_WAGE", default=5_310_000)
# The desk opens this many minutes before a session starts (people queue early) and closes at its end.
CHECK_IN_OPENS_MINUTES_BEFORE = env.int("CHECK_IN_OPENS_MINUTES_BEFORE", default=60)
# Province lists start with it (accounts/data/vn-administrative-units-2025.csv: 01 is Thành phố Hà Nội).
CENTRE_PROVINCE_CODE = env.str("CENTRE_PROVINCE_CODE", default="01")
JOBFAIR_CENTRE_NAME = env.str("CENTRE_NAME", default="Trung tâm Dịch vụ việc làm Hà Nội")
OTP_TOTP_ISSUER = JOBFAIR_CENTRE_NAME  # the name staff's authenticator app shows
# Contact shown in the footer of every page. The phone and e-mail defaults are placeholders: set the real ones.
JOBFAIR_CENTRE_ADDRESS = env.str("CENTRE_ADDRESS", default="215 Trung Kính, phường Yên Hòa, Hà Nội")
JOBFAIR_CENTRE_PHONE = env.str("CENTRE_PHONE", default="024 3784 5566")
JOBFAIR_CENTRE_EMAIL = env.str("CENTRE_EMAIL", default="lienhe@vieclamhanoi.vn")

# Health and metrics (issue 14 item 3, jobfair/observability.py).
READY_MAX_OUTBOX_LAG_SECONDS = env.int("READY_MAX_OUTBOX_LAG_SECONDS", default=600)
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")  # unset: /metrics answers 404
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if SENTRY_DSN:  # here, as Sentry asks, so the web app, the worker, beat and commands all report
    from jobfair.sentry import init_sentry

    init_sentry(SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)
