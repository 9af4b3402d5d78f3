"""No two sessions overlap at one venue: a PostgreSQL exclusion constraint.

SQLite (the embedded default) has no exclusion constraints; there the service's own check is the guard.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE jobsessions_jobsession ADD CONSTRAINT session_no_venue_overlap EXCLUDE USING gist (
    venue_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (venue_id IS NOT NULL AND status <> 'cancelled');
"""
DROP = "ALTER TABLE jobsessions_jobsession DROP CONSTRAINT IF EXISTS session_no_venue_overlap;"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("jobsessions", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
