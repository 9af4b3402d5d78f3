"""The trail of who changed what: every service writes its event with the change itself.

An update service also says what the values were and became (issue 12 item 3): it takes a `snapshot(obj)` before it
changes anything and writes `audit_changes(..., before=snapshot)`, which stores `changes={"field": [old, new], …}`
in the event's data. Values are stored as people read them (a related row by its name, a date as ISO text); secrets
(passwords, one-time codes, the QR token) only as "changed"."""

from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.utils import timezone

from accounts.models import AuditEvent, User
from jobfair.inserts import insert_new

# Never written into the trail: what changed is recorded, the value is not.
SECRET_FIELDS = frozenset({"password", "code_hash", "check_in_code"})
HIDDEN = "***"


def audit_log(*, actor: User | None, action: str, obj, **data) -> AuditEvent:
    event = AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )
    insert_new([event])  # every change writes one: its statement is written once (jobfair.inserts)
    return event


def _tracked(field) -> bool:
    """The fields a person sets: not the automatic timestamps nor the derived, non-editable ones (search text)."""
    return field.editable and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)


def snapshot(obj, m2m_fields=()) -> dict:
    """The values of `obj` now (no query), and of the named many-to-many fields (one query each)."""
    values = {field.name: getattr(obj, field.attname) for field in obj._meta.concrete_fields if _tracked(field)}
    for name in m2m_fields:
        values[name] = frozenset(getattr(obj, name).values_list("pk", flat=True))
    return values


def _plain(value):
    if isinstance(value, datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.isoformat(timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _shown(field, raw):
    """A value as it is stored in the trail: related rows by their name, everything else as plain JSON."""
    if raw is None:
        return None
    if field.many_to_many:
        related = field.related_model._base_manager.filter(pk__in=raw)
        return sorted(str(item) for item in related)
    if field.is_relation:
        related = field.related_model._base_manager.filter(pk=raw).first()
        return str(related) if related is not None else str(raw)
    return _plain(raw)


def changes_since(obj, before: dict) -> dict[str, list]:
    """{"field": [old, new]} for each field of the snapshot whose value is now different."""
    opts = obj._meta
    after = snapshot(obj, m2m_fields=[name for name in before if opts.get_field(name).many_to_many])
    changes = {}
    for name, old in before.items():
        new = after.get(name)
        if old == new:
            continue
        if name in SECRET_FIELDS:
            changes[name] = [HIDDEN, HIDDEN]
        else:
            field = opts.get_field(name)
            changes[name] = [_shown(field, old), _shown(field, new)]
    return changes


def audit_changes(*, actor: User | None, action: str, obj, before: dict, **data) -> AuditEvent:
    """The event of an update, with the old → new values of what changed since `before` (a `snapshot`)."""
    return audit_log(actor=actor, action=action, obj=obj, changes=changes_since(obj, before), **data)
