"""Running it in production (issue 14 item 3, DESIGN §8): the request id, JSON log lines (the formatter is
python-json-logger's, in settings.LOGGING), health and readiness for
the load balancer, Prometheus metrics (private); Sentry is jobfair/sentry.py.

Metrics across gunicorn workers: the request-latency histogram lives in each worker; with PROMETHEUS_MULTIPROC_DIR
set (deploy/gunicorn.conf.py sets it up and clears dead workers) prometheus-client's multiprocess mode sums the
workers' files at scrape time. Everything about the data (registrations, booth decisions, the outbox, failures) is
read from the database at scrape time, so it is the same whichever worker answers and survives restarts.
"""

import contextvars
import logging
import time
import uuid

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

REQUEST_ID_HEADER = "X-Request-ID"
MAX_REQUEST_ID_LENGTH = 100
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

REQUEST_LATENCY = Histogram(
    "jobfair_request_latency_seconds",
    "Time to answer a request, by view",
    ["view", "method", "status"],
)

# Attempts by outcome: a refusal (closed, not eligible, …) leaves no row, so the attempts are counted as they end
# (confirmed and waitlisted once committed); summed across workers in multiprocess mode like the latency.
REGISTRATION_ATTEMPTS = Counter(
    "jobfair_registration_attempts",
    "Registration attempts by outcome (confirmed, waitlisted, refused)",
    ["outcome"],
)


def count_registration_attempt(outcome: str) -> None:
    REGISTRATION_ATTEMPTS.labels(outcome).inc()


def _incoming_request_id(request) -> str:
    """nginx's id when it sent a usable one, else a new one."""
    value = request.META.get("HTTP_X_REQUEST_ID", "").strip()
    if value and len(value) <= MAX_REQUEST_ID_LENGTH and value.isascii() and value.isprintable():
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Takes X-Request-ID from nginx or makes one; it is in the response header and in every log line of the
    request. Also times the request for the latency histogram."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _incoming_request_id(request)
        token = current_request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match and match.view_name else "unresolved"
        REQUEST_LATENCY.labels(view, request.method, str(response.status_code)).observe(time.perf_counter() - started)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


def healthz(request):
    """The process answers; no database (a load balancer must not take every node out for one database hiccup)."""
    return JsonResponse({"status": "ok"})


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


_migrations_applied = False


def _check_migrations():
    # Loading the migration graph reads every migration file; once this code's migrations are all applied they stay
    # applied until the process is replaced by a new release, so probes after the first answer from memory.
    global _migrations_applied
    if _migrations_applied:
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")
    _migrations_applied = True


def _check_redis():
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2).ping()


def oldest_due_notification_age_seconds(now=None) -> float:
    from sessions.models import Notification

    now = now or timezone.now()
    oldest = (
        Notification.objects.filter(status=Notification.Status.PENDING, send_after__lte=now)
        .order_by("send_after")
        .values_list("send_after", flat=True)
        .first()
    )
    return (now - oldest).total_seconds() if oldest else 0.0


def _check_outbox_lag():
    lag = oldest_due_notification_age_seconds()
    if lag > settings.READY_MAX_OUTBOX_LAG_SECONDS:
        raise RuntimeError(f"oldest due notice waits {lag:.0f} s (bound {settings.READY_MAX_OUTBOX_LAG_SECONDS} s)")


@never_cache
def readyz(request):
    """Ready for traffic: database, migrations, Redis (when configured), outbox lag. 200 or 503, each check named."""
    checks = [("database", _check_database), ("migrations", _check_migrations)]
    if settings.REDIS_URL:
        checks.append(("redis", _check_redis))
    checks.append(("outbox_lag", _check_outbox_lag))
    results, ready, database_ok = {}, True, True
    for name, check in checks:
        if not database_ok and name in ("migrations", "outbox_lag"):
            results[name] = {"ok": False, "error": "database unreachable"}
            continue
        try:
            check()
            results[name] = {"ok": True}
        except Exception as error:  # any failure means not ready; the body says which and why
            ready = False
            database_ok = database_ok and name != "database"
            results[name] = {"ok": False, "error": str(error)[:200]}
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": results}, status=200 if ready else 503)


class DatabaseFiguresCollector:
    """Figures read from the database at scrape time: the same from every worker and node."""

    def collect(self):
        from django.db.models import Count

        from sessions.models import Notification, Participation, Registration

        registrations = GaugeMetricFamily(
            "jobfair_registrations", "Registrations by status (outcome)", labels=["status"]
        )
        for row in Registration.objects.values("status").annotate(n=Count("id")).order_by():
            registrations.add_metric([row["status"]], row["n"])
        yield registrations
        booths = GaugeMetricFamily("jobfair_booth_decisions", "Booth requests by status (decision)", labels=["status"])
        for row in Participation.objects.values("status").annotate(n=Count("id")).order_by():
            booths.add_metric([row["status"]], row["n"])
        yield booths
        outbox = GaugeMetricFamily("jobfair_outbox_notifications", "Outbox rows by status", labels=["status"])
        for row in Notification.objects.values("status").annotate(n=Count("id")).order_by():
            outbox.add_metric([row["status"]], row["n"])
        yield outbox
        yield GaugeMetricFamily(
            "jobfair_outbox_oldest_due_age_seconds",
            "Age of the oldest due notice still waiting",
            value=oldest_due_notification_age_seconds(),
        )
        failures = GaugeMetricFamily(
            "jobfair_notification_failures", "Notices ended as failed, by channel", labels=["channel"]
        )
        failed = Notification.objects.filter(status=Notification.Status.FAILED)
        for row in failed.values("channel").annotate(n=Count("id")).order_by():
            failures.add_metric([row["channel"]], row["n"])
        yield failures


def _metrics_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    return bool(token) and request.headers.get("Authorization", "") == f"Bearer {token}"


def metrics(request):
    """Private: only with `Authorization: Bearer $METRICS_TOKEN`; without a token set, it does not exist (404)."""
    if not _metrics_allowed(request):
        raise Http404
    registry = CollectorRegistry()
    if settings.PROMETHEUS_MULTIPROC_DIR:
        multiprocess.MultiProcessCollector(registry, path=str(settings.PROMETHEUS_MULTIPROC_DIR))
    else:
        registry.register(REQUEST_LATENCY)
        registry.register(REGISTRATION_ATTEMPTS)
    registry.register(DatabaseFiguresCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
