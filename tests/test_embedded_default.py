"""`make run`'s embedded default: a fresh SQLite database migrates to the last migration, and registering there
works, seat counters and all (the suite itself runs on PostgreSQL)."""

import sys

from tests.security.test_deploy_settings import run

REGISTER_TWO = """
import django
django.setup()
from rest_framework.test import APIClient
from tests import factories

session = factories.JobSessionFactory(job_seeker_capacity=1)
answers = []
for _ in range(2):
    client = APIClient()
    client.force_authenticate(factories.JobSeekerFactory().user)
    response = client.post(f"/api/v1/sessions/{session.pk}/registrations/", {}, format="json", secure=True)
    answers.append(f"{response.status_code} {response.json().get('status')}")
session.refresh_from_db()
print(answers, session.seats_taken, session.waitlisted_count)
"""


def test_a_fresh_sqlite_database_migrates_and_takes_registrations(tmp_path):
    embedded = {
        "DEBUG": "true",
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    migrated = run([sys.executable, "manage.py", "migrate", "--noinput"], **embedded)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    registered = run([sys.executable, "-c", REGISTER_TWO], **embedded)
    assert registered.returncode == 0, registered.stdout + registered.stderr
    # the lines before the last are the notices the inline sweep sent (SMS to the console outside the quiet hours)
    assert registered.stdout.strip().splitlines()[-1] == "['201 confirmed', '201 waitlisted'] 1 1"
