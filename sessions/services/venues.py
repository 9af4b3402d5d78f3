"""Venues of the centre and external places."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_changes, snapshot
from accounts.models import User
from accounts.services import audit_log
from jobfair.changes import assign_changes
from sessions.models import JobSession, SessionStatus, Venue

VENUE_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "kind",
        "address",
        "ward",
        "booth_count",
        "seat_capacity",
        "accessible",
        "accessibility_notes",
        "is_active",
    }
)


def _clean_venue(venue: Venue) -> None:
    from jobfair.text import normalize_name, normalize_text

    venue.name = normalize_name(venue.name or "")
    venue.address = normalize_text(venue.address or "")
    venue.accessibility_notes = normalize_text(venue.accessibility_notes or "")
    errs = {}
    if not venue.name:
        errs["name"] = _("Enter the name of the venue.")
    if not venue.address:
        errs["address"] = _("Enter the street address of the venue.")
    if venue.kind not in Venue.Kind.values:
        errs["kind"] = _("Unknown kind of venue.")
    if venue.ward_id is None or venue.ward.level != "ward":
        errs["ward"] = _("Choose a ward or commune, not a province.")
    if errs:
        raise ValidationError(errs)


def venue_create(*, actor: User | None, **fields) -> Venue:
    """Staff add a job exchange floor or an external place for mobile sessions."""
    unknown = set(fields) - VENUE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"venue_create() got unexpected fields: {sorted(unknown)}")
    venue = Venue(**fields)
    _clean_venue(venue)
    with transaction.atomic():
        venue.save()
        audit_log(actor=actor, action="venue.create", obj=venue)
    return venue


def venue_update(*, venue: Venue, actor: User | None, **changes) -> Venue:
    """Change a venue. The sessions already planned there keep their own booth and seat capacities, and follow it
    to a new ward."""
    unknown = set(changes) - VENUE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"venue_update() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        venue = Venue.objects.select_for_update().get(pk=venue.pk)
        before = snapshot(venue)
        changed, _relations = assign_changes(venue, changes)
        if not changed:
            return venue
        _clean_venue(venue)
        venue.save(update_fields=[*changed, "updated_at"])
        if "ward" in changed:
            # A session's ward is its venue's; the held and cancelled ones keep the ward they were reported in.
            JobSession.objects.filter(venue=venue).exclude(
                status__in=(SessionStatus.COMPLETED, SessionStatus.CANCELLED)
            ).update(ward=venue.ward, updated_at=timezone.now())
        audit_changes(actor=actor, action="venue.update", obj=venue, before=before, fields=changed)
    return venue
