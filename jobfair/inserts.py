"""New rows inserted by one statement whose SQL is written once per model and row count (`insert_new`).

Django builds an INSERT's SQL again for each `save()` or `bulk_create()`: it walks every field through its compiler.
On a job day the registration inserts three kinds of rows (the registration, its audit event, its notices) for
thousands of people within minutes, and there building the statements cost more of the processor than anything
else the registration does (bench/http: 0.3 ms of 4.8 for each registration, in-process). `insert_new` does what
`bulk_create` does for rows that are plain values and new (no conflict clause, no expressions): each field's
`pre_save` (automatic timestamps) and `get_db_prep_save`, one statement, the primary keys read back.
"""

import functools

from django.db import connections, router
from django.db.models import Field, Model


@functools.cache
def _insert_sql(model: type[Model], alias: str, rows: int) -> tuple[str, tuple[Field, ...]]:
    meta = model._meta
    quote = connections[alias].ops.quote_name
    fields = tuple(field for field in meta.concrete_fields if field is not meta.auto_field)
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"
        f" VALUES {', '.join([row] * rows)} RETURNING {quote(meta.pk.column)}"
    )
    return sql, fields


def insert_new(objects: list[Model]) -> None:
    """Insert new, unsaved instances of one model in one statement and set their primary keys, as
    `bulk_create(objects)` does. Model signals are not sent (none of the models it writes has a receiver). A
    database constraint refused raises IntegrityError as `save()` would."""
    if not objects:
        return
    model = type(objects[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    sql, fields = _insert_sql(model, alias, len(objects))
    params = []
    for obj in objects:
        obj._prepare_related_fields_for_save(operation_name="insert_new")  # a parent saved after it was assigned
        params += [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = cursor.fetchall()
    for obj, (key,) in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = alias
