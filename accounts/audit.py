"""The trail of who changed what: every service writes its event with the change itself."""

from accounts.models import AuditEvent, User


def audit_log(*, actor: User | None, action: str, obj, **data) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )
