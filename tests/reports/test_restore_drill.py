"""Backups restore (DESIGN §8): a seeded database dumped with pg_dump -Fc and restored into a fresh database gives
the same period summary."""

import subprocess
from datetime import date

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from sessions.reports import figures
from tests.replicas import replica_database
from tests.reports import world as w

EVERYTHING = (date(2024, 1, 1), date(2026, 12, 31))


def _pg(*args):
    subprocess.run(args, check=True, capture_output=True)


@pytest.mark.django_db(transaction=True)
def test_a_restored_dump_gives_the_same_period_summary(tmp_path):
    w.build_world()
    source = connections["default"].settings_dict
    where = ["-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432), "-U", source["USER"] or "postgres"]
    restored = f"{source['NAME']}_restored"
    dump = tmp_path / "jobfair.dump"
    _pg("pg_dump", *where, "-Fc", "--no-owner", "-f", str(dump), source["NAME"])
    _pg("dropdb", *where, "--if-exists", restored)
    _pg("createdb", *where, restored)
    try:
        _pg("pg_restore", *where, "--no-owner", "-d", restored, str(dump))
        original = figures.summary(*EVERYTHING, figures.DIMENSIONS)
        # The restored database read through the report alias: the same code path, another database.
        with replica_database(NAME=restored) as restored_db, CaptureQueriesContext(restored_db) as read_there:
            from_restore = figures.summary(*EVERYTHING, figures.DIMENSIONS)
    finally:
        _pg("dropdb", *where, "--if-exists", restored)
    assert len(read_there) > 0
    assert from_restore == original
    assert original["metrics"]["job_seekers_registered"]["value"] > 0
    assert original["metrics"]["interviewed"]["value"] > 0
