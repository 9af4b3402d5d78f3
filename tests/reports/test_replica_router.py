"""The report router (DESIGN §8): report reads on the `replica` alias, everything else and every write on the
primary, the primary when the replica cannot be reached. The replica here mirrors the test database (TEST MIRROR);
tests/integration/test_replica.py runs the same paths against a real streaming replica."""

from datetime import date

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from jobfair.replica import REPLICA, ReportReplicaRouter, reporting
from sessions.models import JobSession
from sessions.reports import figures
from tests.replicas import replica_database
from tests.reports import world as w

CLOSED_PORT = "7799"
EVERYTHING = (date(2024, 1, 1), date(2026, 12, 31))


@pytest.mark.django_db
def test_report_reads_go_to_the_replica_and_other_reads_to_the_primary():
    router = ReportReplicaRouter()
    with replica_database():
        with reporting():
            assert router.db_for_read(JobSession) == REPLICA
        assert router.db_for_read(JobSession) is None


@pytest.mark.django_db
def test_reads_stay_on_the_primary_without_a_configured_replica():
    with reporting():
        assert ReportReplicaRouter().db_for_read(JobSession) is None


@pytest.mark.django_db
def test_writes_and_migrations_never_go_to_the_replica():
    router = ReportReplicaRouter()
    with replica_database(), reporting():
        assert router.db_for_write(JobSession) == "default"
        assert router.allow_migrate(REPLICA, "sessions") is False
        assert router.allow_migrate("default", "sessions") is True


@pytest.mark.django_db
def test_an_unreachable_replica_sends_report_reads_to_the_primary_and_is_logged(caplog, settings):
    settings.REPLICA_CHECK_SECONDS = 60
    with replica_database(PORT=CLOSED_PORT), reporting():
        assert ReportReplicaRouter().db_for_read(JobSession) is None
    assert "Replica unreachable" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_summary_is_read_on_the_replica_with_the_primarys_figures():
    w.build_world()
    on_primary = figures.summary(*EVERYTHING, ["kind"])
    with (
        replica_database() as replica,
        CaptureQueriesContext(replica) as replica_queries,
        CaptureQueriesContext(connections["default"]) as primary_queries,
    ):
        on_replica = figures.summary(*EVERYTHING, ["kind"])
    assert len(replica_queries) > 0
    assert len(primary_queries) == 0
    assert on_replica == on_primary
    assert on_replica["metrics"]["job_seekers_registered"]["value"] > 0
