import shutil
import tempfile
from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import translation

from tests import clock, factories
from tests.helpers import PINNED_NOW, on_session_day

PLAIN_STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"

# The layers of the suite (`make test-fast` runs what carries none of these).
MARKED_PATHS = {
    "tests/e2e/": "browser",
    "tests/integration/": "integration",
    "tests/topology/": "topology",
    "tests/sessions/test_concurrency.py": "concurrency",
    "tests/api/test_fuzz.py": "fuzz",
}


def pytest_report_header(config):
    moment = clock.moved_clock()
    return f"clock moved to {moment:%Y-%m-%d %H:%M} Hanoi time (scripts/test-clock.sh)" if moment else None


def pytest_configure(config):
    from django.conf import settings

    if error := clock.clock_error(datetime.now(clock.HANOI)):
        raise pytest.UsageError(error)

    # Passwords play no part in what the tests check; the production hasher would make every factory slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client and the live server speak plain HTTP on loopback (the HTTPS settings have tests of their own).
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = settings.LANGUAGE_COOKIE_SECURE = False
    settings.SECURE_PROXY_SSL_HEADER = None
    # Staff's second factor has tests of its own (tests/security/test_second_factor.py); elsewhere staff sign in
    # with the password alone, as with DEBUG on.
    settings.STAFF_2FA_REQUIRED = False
    # Hashed static names need `collectstatic`'s manifest, which a checkout has not got: the tests render pages
    # with the plain storage (the manifest storage has tests of its own, tests/test_static_files.py), and whitenoise
    # looks at an empty STATIC_ROOT (a missing one is a warning from every middleware chain built).
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC_STORAGE}}
    settings.STATIC_ROOT = tempfile.mkdtemp(prefix="jobfair-test-static-")


def pytest_unconfigure(config):
    from django.conf import settings

    shutil.rmtree(settings.STATIC_ROOT, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    root = str(config.rootpath) + "/"
    for item in items:
        path = str(item.path).removeprefix(root)
        for prefix, marker in MARKED_PATHS.items():
            if path.startswith(prefix):
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def _require_postgresql(request):
    """The suite runs on PostgreSQL (DESIGN §6): a run on anything else fails rather than skipping."""
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        assert connection.vendor == "postgresql", "make test runs on PostgreSQL: set DATABASE_URL"


@pytest.fixture(autouse=True)
def _default_language():
    """A request through LocaleMiddleware leaves its language active in the thread: each test starts afresh."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _sign_ins_outlast_the_moved_clock(settings):
    """Tests sign staff in and then move the clock to the session day: here a sign-in lasts as long as Django's
    session. The idle limit and the longest sign-in have tests of their own (tests/security/test_sign_in_lifetime.py),
    which set them back."""
    settings.SIGN_IN_IDLE_MINUTES = 60 * 24 * 365 * 10
    settings.SIGN_IN_MAX_HOURS = 24 * 365 * 10


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache, which outlives a test: each test starts from zero (the limits have
    tests of their own). The test settings' cache is the process's memory, never a shared Redis."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_session_reads():
    """The registration's read of a session is remembered for a moment (selectors.session_to_register_for): each
    test starts without the reads of the one before."""
    from sessions.selectors import forget_recent_reads

    forget_recent_reads()
    yield


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


@pytest.fixture
def job_seeker(db):
    return factories.JobSeekerFactory()


@pytest.fixture
def verified_employer(db):
    return factories.EmployerFactory(verification="verified")


@pytest.fixture
def open_session(db):
    """A published session, registration open now, 10 seats and 5 booths."""
    return factories.JobSessionFactory(job_seeker_capacity=10, employer_capacity=5)


@pytest.fixture
def on_the_day(open_session):
    """The clock half an hour into the open session, the desk open: check-ins and interviews happen then."""
    with on_session_day(open_session) as traveller:
        yield traveller


@pytest.fixture
def daytime():
    """The clock at PINNED_NOW (a weekday morning in Hanoi), still ticking: for tests about "today"."""
    with time_machine.travel(PINNED_NOW, tick=True) as traveller:
        yield traveller
