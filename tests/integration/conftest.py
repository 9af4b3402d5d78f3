"""Fixtures of the integration tests: real Redis, a real Celery worker subprocess, a loopback SMTP server and a
loopback SMS gateway (DESIGN §4 "Nothing lost, nothing twice", §6).

The tests are transactional (`django_db(transaction=True)`): what the test process writes is committed, so the
worker — a separate process connected to the same test database — sees it. Redis that cannot be reached fails
the tests; it never skips them.
"""

import os
from contextlib import contextmanager
from urllib.parse import quote

import pytest
import redis
from django.db import connection

from jobfair.celery import app as celery_app
from sessions.notifications import delivery
from tests.integration.harness import SmsGateway, SmtpSink, WorkerProcess

SMS_TOKEN = "integ-sms-token"
# Quiet hours that never apply (the window is the single minute 23:59): the tests must not depend on the clock.
QUIET_FROM, QUIET_UNTIL = "23:59", "00:00"
# What the worker subprocess gets besides the database, Redis, SMTP and SMS addresses.
WORKER_SETTINGS = {
    "NOTIFY_RETRY_BASE_SECONDS": "0.2",
    "NOTIFY_RETRY_MAX_SECONDS": "2",
    "NOTIFY_CLAIM_TIMEOUT_SECONDS": "5",
    "NOTIFY_MAX_ATTEMPTS": "4",
    "SMS_TIMEOUT_SECONDS": "5",
    "SMS_QUIET_FROM": QUIET_FROM,
    "SMS_QUIET_UNTIL": QUIET_UNTIL,
    "DEBUG": "false",
    "LOG_LEVEL": "INFO",
}
CLAIM_TIMEOUT = float(WORKER_SETTINGS["NOTIFY_CLAIM_TIMEOUT_SECONDS"])
MAX_ATTEMPTS = int(WORKER_SETTINGS["NOTIFY_MAX_ATTEMPTS"])
WORKER_CONCURRENCY = int(os.environ.get("INTEG_WORKER_CONCURRENCY", "2"))
KOMBU_UNACKED_KEYS = ("unacked", "unacked_index", "unacked_mutex")


def _redis_url() -> str:
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = _redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is not reachable at {url} (DESIGN §6: a missing Redis fails the run): {exc}")
    return url


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
    yield client
    client.close()


@pytest.fixture(scope="package")
def smtp_server():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="package")
def sms_gateway():
    gateway = SmsGateway().start()
    yield gateway
    gateway.stop()


def worker_database_url() -> str:
    """The test database (test_…) that pytest-django created, as a DATABASE_URL for the worker subprocess."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


@pytest.fixture(scope="package")
def worker_process(django_db_setup, redis_url, smtp_server, sms_gateway, tmp_path_factory):
    """One worker for the package; a test that kills it starts it again, and `worker` restarts a dead one."""
    assert connection.settings_dict["NAME"].startswith("test_"), "the worker must use the test database"
    env = {
        "DJANGO_SETTINGS_MODULE": "jobfair.settings",
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_URL": smtp_server.url,
        "SMS_BACKEND": "http",
        "SMS_URL": sms_gateway.url,
        "SMS_TOKEN": SMS_TOKEN,
        **WORKER_SETTINGS,
    }
    env.pop("CELERY_BROKER_URL", None)
    process = WorkerProcess(
        env, log_path=tmp_path_factory.mktemp("worker") / "worker.log", concurrency=WORKER_CONCURRENCY
    )
    process.start()
    yield process
    process.stop()


def reset_producer_pool(app) -> None:
    """Forget the pool of the previous broker URL that Celery caches on the app (kombu keeps the pools, per URL)."""
    app._pool = None
    app.amqp._producer_pool = None


def purge(client) -> None:
    """An empty queue, and no sweep marked as asked for (its message went with the queue)."""
    celery_app.control.purge()
    client.delete(*KOMBU_UNACKED_KEYS, delivery.SWEEP_ASKED_KEY)


@contextmanager
def publishing_to(url: str, *, empty: bool = True):
    """The test process publishes to the Redis at `url` (instead of running tasks inline), on an empty queue
    unless `empty` is false; the other tests find Celery as they left it."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=url, task_always_eager=False)
    reset_producer_pool(celery_app)
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        if empty:
            purge(client)
        yield celery_app
    finally:
        client.close()
        celery_app.conf.update(saved)
        reset_producer_pool(celery_app)


@pytest.fixture
def celery_on_redis(redis_url):
    with publishing_to(redis_url) as app:
        yield app


@pytest.fixture
def worker(worker_process, celery_on_redis, smtp_server, sms_gateway, settings):
    """A running worker, an empty queue, empty mailboxes; the test process's SMS quiet hours match the worker's."""
    settings.SMS_QUIET_HOURS = (QUIET_FROM, QUIET_UNTIL)
    if not worker_process.alive():
        worker_process.start()
    smtp_server.clear()
    sms_gateway.reset()
    return worker_process
