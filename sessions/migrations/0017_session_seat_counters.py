"""The seats a session's registrations hold and the people waiting, kept on the session row by the database.

A trigger on the registrations table moves `seats_taken` (confirmed, attended, no-show: Registration.SEAT_HOLDING)
and `waitlisted_count` whenever a registration is inserted, deleted, or changes status or session — by a service,
the admin, a bulk seed or a cascade alike. Registering then reads both on the locked session row: one statement
instead of the lock and a count over the registrations (issue 14 item 7). The counters are PositiveIntegerFields, so
PostgreSQL's CHECK (>= 0) refuses a counter gone wrong instead of keeping it.

PostgreSQL runs a PL/pgSQL function; SQLite (the embedded default) has triggers of its own syntax with the same
arithmetic. tests/sessions/test_seat_counters.py holds the counters to a count after every kind of change.
"""

from django.db import migrations, models

HOLDS_SEAT = "('confirmed', 'attended', 'no_show')"  # Registration.SEAT_HOLDING, frozen as of this migration

# An UPDATE fires the trigger only when it moves a counter (a check-in, confirmed to attended, does not).
MOVES_A_COUNTER = f"""
    OLD.session_id <> NEW.session_id
    OR (OLD.status IN {HOLDS_SEAT}) <> (NEW.status IN {HOLDS_SEAT})
    OR (OLD.status = 'waitlisted') <> (NEW.status = 'waitlisted')
"""

POSTGRESQL = f"""
CREATE FUNCTION jobsessions_registration_seat_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE jobsessions_jobsession
           SET seats_taken = seats_taken - (OLD.status IN {HOLDS_SEAT})::int,
               waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')::int
         WHERE id = OLD.session_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        UPDATE jobsessions_jobsession
           SET seats_taken = seats_taken + (NEW.status IN {HOLDS_SEAT})::int,
               waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')::int
         WHERE id = NEW.session_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER registration_seat_counters_insert AFTER INSERT ON jobsessions_registration
    FOR EACH ROW WHEN (NEW.status <> 'cancelled') EXECUTE FUNCTION jobsessions_registration_seat_counters();
CREATE TRIGGER registration_seat_counters_update AFTER UPDATE OF status, session_id ON jobsessions_registration
    FOR EACH ROW WHEN ({MOVES_A_COUNTER}) EXECUTE FUNCTION jobsessions_registration_seat_counters();
CREATE TRIGGER registration_seat_counters_delete AFTER DELETE ON jobsessions_registration
    FOR EACH ROW WHEN (OLD.status <> 'cancelled') EXECUTE FUNCTION jobsessions_registration_seat_counters();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS registration_seat_counters_insert ON jobsessions_registration;
DROP TRIGGER IF EXISTS registration_seat_counters_update ON jobsessions_registration;
DROP TRIGGER IF EXISTS registration_seat_counters_delete ON jobsessions_registration;
DROP FUNCTION IF EXISTS jobsessions_registration_seat_counters();
"""

ADD_NEW = f"""
    UPDATE jobsessions_jobsession
       SET seats_taken = seats_taken + (NEW.status IN {HOLDS_SEAT}),
           waitlisted_count = waitlisted_count + (NEW.status = 'waitlisted')
     WHERE id = NEW.session_id;
"""
TAKE_OLD = f"""
    UPDATE jobsessions_jobsession
       SET seats_taken = seats_taken - (OLD.status IN {HOLDS_SEAT}),
           waitlisted_count = waitlisted_count - (OLD.status = 'waitlisted')
     WHERE id = OLD.session_id;
"""
# A later migration that alters a column of these tables on SQLite sets the triggers aside first (see 0018).
SQLITE = [
    f"""CREATE TRIGGER registration_seat_counters_insert AFTER INSERT ON jobsessions_registration
        WHEN NEW.status <> 'cancelled' BEGIN {ADD_NEW} END;""",
    f"""CREATE TRIGGER registration_seat_counters_update AFTER UPDATE OF status, session_id ON jobsessions_registration
        WHEN {MOVES_A_COUNTER} BEGIN {TAKE_OLD} {ADD_NEW} END;""",
    f"""CREATE TRIGGER registration_seat_counters_delete AFTER DELETE ON jobsessions_registration
        WHEN OLD.status <> 'cancelled' BEGIN {TAKE_OLD} END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS registration_seat_counters_insert;",
    "DROP TRIGGER IF EXISTS registration_seat_counters_update;",
    "DROP TRIGGER IF EXISTS registration_seat_counters_delete;",
]

# The counters of the registrations already there, counted once.
COUNT_EXISTING = f"""
UPDATE jobsessions_jobsession SET
    seats_taken = (
        SELECT COUNT(*) FROM jobsessions_registration r
         WHERE r.session_id = jobsessions_jobsession.id AND r.status IN {HOLDS_SEAT}
    ),
    waitlisted_count = (
        SELECT COUNT(*) FROM jobsessions_registration r
         WHERE r.session_id = jobsessions_jobsession.id AND r.status = 'waitlisted'
    );
"""


def keep_counters(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("LOCK TABLE jobsessions_registration IN SHARE MODE;")  # no write between the two
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"seat counters: no trigger written for {vendor}")
    schema_editor.execute(COUNT_EXISTING)


def stop_keeping_counters(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    else:
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("jobsessions", "0016_notice_kinds_merged")]

    operations = [
        migrations.AddField(
            model_name="jobsession",
            name="seats_taken",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="seats taken"),
        ),
        migrations.AddField(
            model_name="jobsession",
            name="waitlisted_count",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="people waiting"),
        ),
        migrations.RunPython(keep_counters, stop_keeping_counters),
    ]
