"""Report reads on the streaming replica (DESIGN §8).

Code that reads for a report runs inside ``reporting()`` (a context manager and decorator); while it is active the
router sends reads to the ``replica`` alias when ``DATABASE_REPLICA_URL`` configured one and the replica is
usable: reachable, and no more than ``REPLICA_MAX_LAG_SECONDS`` behind. Otherwise the reads stay on the primary
(logged). Writes and migrations always go to the primary. The health is checked at most every
``REPLICA_CHECK_SECONDS`` per process.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import ContextDecorator, suppress
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.connection import ConnectionDoesNotExist

REPLICA = "replica"
logger = logging.getLogger(__name__)
_reporting: ContextVar[bool] = ContextVar("reporting", default=False)
_health_lock = threading.Lock()
_health: dict = {"checked_at": None, "usable": False}


class reporting(ContextDecorator):
    """Reads inside go to the replica when it is usable. A decorated report that fails on the replica (it stopped
    between two health checks) is marked down at once and read again from the primary: the person asking gets the
    report, never an error."""

    def _recreate_cm(self):
        return type(self)()  # one token per call: a decorated function may run in several threads at once

    def __enter__(self):
        self._token = _reporting.set(True)
        return self

    def __exit__(self, *exc):
        _reporting.reset(self._token)
        return False

    def __call__(self, func):
        @wraps(func)
        def read(*args, **kwargs):
            try:
                with self._recreate_cm():
                    return func(*args, **kwargs)
            except DatabaseError as error:
                if not _replica_in_use():
                    raise
                logger.warning("Replica failed mid-report, read again from the primary: %s", error)
                mark_replica_down()
                return func(*args, **kwargs)  # outside reporting(): on the primary

        return read


def replica_lag_seconds(alias: str = REPLICA) -> float:
    """Seconds the replica is behind: 0 when it replayed all it received (on an idle primary the replay time
    grows), infinite when it received WAL but replayed no transaction since it started; 0 on a primary."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
            " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, 'Infinity') END"
        )
        return float(cursor.fetchone()[0])


def _check() -> bool:
    try:
        lag = replica_lag_seconds()
    except DatabaseError as error:
        logger.warning("Replica unreachable, reports read from the primary: %s", error)
        connections[REPLICA].close()
        return False
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        logger.warning(
            "Replica %.1f s behind (limit %s s), reports read from the primary", lag, settings.REPLICA_MAX_LAG_SECONDS
        )
        return False
    return True


def replica_usable() -> bool:
    try:
        connections[REPLICA]
    except ConnectionDoesNotExist:
        return False  # no DATABASE_REPLICA_URL
    with _health_lock:
        now = time.monotonic()
        checked_at = _health["checked_at"]
        if checked_at is None or now - checked_at >= settings.REPLICA_CHECK_SECONDS:
            _health.update(usable=_check(), checked_at=time.monotonic())
        return _health["usable"]


def forget_replica_health() -> None:
    _health.update(checked_at=None, usable=False)


def _replica_in_use() -> bool:
    with _health_lock:
        return bool(_health["usable"])


def mark_replica_down() -> None:
    """Until the next health check, reports read from the primary; the broken connection is dropped."""
    with _health_lock:
        _health.update(usable=False, checked_at=time.monotonic())
    with suppress(ConnectionDoesNotExist, DatabaseError):
        connections[REPLICA].close()


class ReportReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reporting.get() and replica_usable():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS
