"""Accent-insensitive search: trigram GIN indexes over the folded search text (PostgreSQL only).

The `q` filters look up words with LIKE '%word%' on `search_text`, which is already lower-cased and stripped of
diacritics; a gin_trgm_ops index serves such a LIKE. SQLite, the embedded default, scans.
"""

from django.db import migrations

TABLES = {
    "jobsessions_jobsession": "session_search_trgm",
    "jobsessions_vacancy": "vacancy_search_trgm",
    "accounts_employer": "employer_search_trgm",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, index in TABLES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_text gin_trgm_ops)")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS adminunit_search_trgm ON accounts_administrativeunit "
        "USING gin (search_name gin_trgm_ops)"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in [*TABLES.values(), "adminunit_search_trgm"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_notification_preferences"),
        ("jobsessions", "0003_notifications"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
