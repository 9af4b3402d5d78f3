"""Report reads on a real PostgreSQL streaming replica (issue 14 item 4, DESIGN §8).

The replica is made by `scripts/replica.sh start` (pg_basebackup of the local cluster) on REPLICA_PORT (default
7732) and streams the test database like every other. A replica that cannot be made fails these tests; they never
skip. The stop test runs last: it stops the replica for good.
"""

import os
import subprocess
import time
from datetime import date

import pytest
from django.db import connections

from jobfair.replica import REPLICA, ReportReplicaRouter, forget_replica_health, replica_lag_seconds, reporting
from sessions.models import JobSession
from sessions.reports import figures
from tests import factories
from tests.integration.harness import BASE_DIR, wait_until
from tests.replicas import replica_database
from tests.reports import world as w

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PORT = int(os.environ.get("REPLICA_PORT", "7732"))
SCRIPT = BASE_DIR / "scripts" / "replica.sh"
EVERYTHING = (date(2024, 1, 1), date(2026, 12, 31))


def _replica(action: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), action],
        env={**os.environ, "REPLICA_PORT": str(PORT)},
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture(scope="module")
def streaming_replica(django_db_setup):
    """A running replica for the module (started unless one already runs on the port), stopped at the end."""
    if _replica("status").returncode != 0:
        started = _replica("start")
        assert started.returncode == 0, f"the replica could not be made:\n{started.stdout}\n{started.stderr}"
    yield PORT
    _replica("stop")


@pytest.fixture
def replica(streaming_replica):
    with replica_database(PORT=str(streaming_replica)) as connection:
        yield connection


def _server_of(alias: str) -> tuple[int, bool]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT inet_server_port(), pg_is_in_recovery()")
        return cursor.fetchone()


def _caught_up(replica) -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        primary_lsn = cursor.fetchone()[0]
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [primary_lsn])
        return cursor.fetchone()[0]


def test_a_report_read_is_served_by_the_streaming_replica(replica):
    w.build_world()
    on_primary = figures.summary(*EVERYTHING, ["kind"])
    wait_until(lambda: _caught_up(replica), timeout=30, what="the replica to replay the world")
    with reporting():
        alias = ReportReplicaRouter().db_for_read(JobSession)
        assert alias == REPLICA
        assert _server_of(alias) == (PORT, True)
    assert _server_of("default")[1] is False
    on_replica = figures.summary(*EVERYTHING, ["kind"])  # figures.summary reads under reporting() itself
    assert on_replica == on_primary
    assert on_replica["metrics"]["job_seekers_registered"]["value"] > 0


def test_writes_under_reporting_go_to_the_primary_while_the_replica_is_usable(replica):
    with reporting():
        assert ReportReplicaRouter().db_for_read(JobSession) == REPLICA
        assert ReportReplicaRouter().db_for_write(JobSession) == "default"
        session = factories.JobSessionFactory()  # on the read-only replica this INSERT would raise
    assert JobSession.objects.using("default").filter(pk=session.pk).exists()


def test_a_replica_lagging_beyond_the_limit_sends_report_reads_to_the_primary(replica, settings, caplog):
    settings.REPLICA_MAX_LAG_SECONDS = 1
    settings.REPLICA_CHECK_SECONDS = 0
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        factories.JobSessionFactory()  # a write on the primary the paused replica receives but does not replay
        wait_until(lambda: replica_lag_seconds() > 1, timeout=30, what="the paused replica to lag")
        forget_replica_health()
        with reporting():
            assert ReportReplicaRouter().db_for_read(JobSession) is None
            assert ReportReplicaRouter().db_for_write(JobSession) == "default"
        assert "behind (limit 1 s)" in caplog.text
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    wait_until(lambda: _caught_up(replica), timeout=30, what="the replica to catch up")
    forget_replica_health()
    with reporting():
        assert ReportReplicaRouter().db_for_read(JobSession) == REPLICA


def test_report_reads_fall_back_to_the_primary_once_the_replica_is_stopped(replica, settings, caplog):
    settings.REPLICA_CHECK_SECONDS = 3600  # the replica was found usable and is not checked again for an hour
    forget_replica_health()
    w.build_world()
    wait_until(lambda: _caught_up(replica), timeout=30, what="the replica to replay the world")
    expected = figures.summary(*EVERYTHING, ["kind"])  # on the replica, caught up: the primary's figures
    with reporting():
        assert ReportReplicaRouter().db_for_read(JobSession) == REPLICA
        assert _server_of(REPLICA) == (PORT, True)  # a connection to the replica is open in this process
    replica.close()
    stopped = _replica("stop")
    assert stopped.returncode == 0, stopped.stderr
    time.sleep(0.2)

    # Between two health checks the replica stops: the report fails there and is read again from the primary.
    assert figures.summary(*EVERYTHING, ["kind"]) == expected
    assert "Replica failed mid-report" in caplog.text
    with reporting():
        assert ReportReplicaRouter().db_for_read(JobSession) is None  # marked down until the next check

    settings.REPLICA_CHECK_SECONDS = 0
    forget_replica_health()
    on_primary = figures.summary(*EVERYTHING, ["kind"])
    with reporting():
        assert ReportReplicaRouter().db_for_read(JobSession) is None
    assert "Replica unreachable" in caplog.text
    assert on_primary["metrics"]["job_seekers_registered"]["value"] >= 0
