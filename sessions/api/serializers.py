"""Explicit input and output serializers of the sessions API (field names of DESIGN §5)."""

import functools

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import AdministrativeUnit, Cohort, JobSeeker
from sessions.models import (
    ONLINE_LINK_MAX,
    JobSession,
    Registration,
    RegistrationAlert,
    SessionFormat,
    SessionKind,
    SessionStatus,
    Vacancy,
    Venue,
)
from sessions.selectors import registration_online_rooms, seats_left, seats_remaining, waitlist_position


class CodeRelatedField(serializers.SlugRelatedField):
    """Reference data by its code (cohort "disabled", province "01", ward "00070")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)


class SessionOutputSerializer(serializers.ModelSerializer):
    venue = serializers.PrimaryKeyRelatedField(read_only=True)
    ward = serializers.CharField(source="ward_id", read_only=True, allow_null=True)
    target_cohorts = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    linked_provinces = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    registered_count = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)
    employers_count = serializers.IntegerField(read_only=True)
    vacancies_total = serializers.IntegerField(read_only=True)
    seats_remaining = serializers.SerializerMethodField()

    class Meta:
        model = JobSession
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "format",
            "status",
            "venue",
            "ward",
            "online_url",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "employer_capacity",
            "job_seeker_capacity",
            "target_cohorts",
            "cohort_only",
            "linked_provinces",
            "theme",
            "description",
            "co_organisers",
            "cancel_reason",
            "seats_remaining",
            "registered_count",
            "waitlist_count",
            "employers_count",
            "vacancies_total",
        ]
        read_only_fields = fields

    def get_seats_remaining(self, session) -> int | None:
        return seats_remaining(session)


# Where a row of `JobSession.objects.values()` holds what SessionOutputSerializer reads from a model instance.
SESSION_ROW_SOURCES = {"venue": "venue_id", "ward": "ward_id"}
SESSION_ROW_LISTS = ("target_cohorts", "linked_provinces")  # codes, from selectors.session_codes


def session_row_columns() -> list[str]:
    """The columns (and count annotations) a values() query reads for session_rows_data."""
    skipped = {*SESSION_ROW_LISTS, "seats_remaining"}
    return [SESSION_ROW_SOURCES.get(name, name) for name in SessionOutputSerializer.Meta.fields if name not in skipped]


@functools.cache
def _session_output_fields():
    """SessionOutputSerializer's fields, built once per process: a ModelSerializer builds them from the model on each
    instance, and formatting a value (to_representation) keeps no state in the field."""
    return SessionOutputSerializer().fields


def session_rows_data(rows, cohorts: dict, provinces: dict) -> list[dict]:
    """What SessionOutputSerializer(many=True).data gives, from values() rows annotated with the counts
    (selectors.session_with_counts) and the codes of selectors.session_codes: the serializer's own fields format
    each value, without a model instance, a related manager or a query per row."""
    fields = _session_output_fields()

    def formatted(name):
        field, source = fields[name], SESSION_ROW_SOURCES.get(name, name)
        return lambda row: None if row[source] is None else field.to_representation(row[source])

    read_otherwise = {
        "venue": lambda row: row["venue_id"],
        "ward": lambda row: None if row["ward_id"] is None else str(row["ward_id"]),
        "target_cohorts": lambda row: cohorts.get(row["id"], []),
        "linked_provinces": lambda row: provinces.get(row["id"], []),
        "seats_remaining": lambda row: seats_left(row["job_seeker_capacity"], row["registered_count"]),
    }
    getters = [(name, read_otherwise.get(name) or formatted(name)) for name in SessionOutputSerializer.Meta.fields]
    return [{name: get(row) for name, get in getters} for row in rows]


class SessionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    format = serializers.ChoiceField(choices=SessionFormat.choices)
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all(), required=False, allow_null=True)
    ward = CodeRelatedField(queryset=AdministrativeUnit.objects.filter(level="ward"), required=False, allow_null=True)
    online_url = serializers.URLField(required=False, allow_blank=True, max_length=ONLINE_LINK_MAX)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    registration_opens_at = serializers.DateTimeField(required=False)
    registration_closes_at = serializers.DateTimeField(required=False)
    employer_capacity = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    job_seeker_capacity = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, allow_null=True)
    target_cohorts = CodeRelatedField(queryset=Cohort.objects.all(), many=True, required=False)
    cohort_only = serializers.BooleanField(required=False)
    linked_provinces = CodeRelatedField(
        queryset=AdministrativeUnit.objects.filter(level="province"), many=True, required=False
    )
    theme = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    co_organisers = serializers.CharField(max_length=2_000, required=False, allow_blank=True)


class SessionCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2_000)


class SessionScheduleInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all())
    weekdays = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=6), min_length=1)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    kind = serializers.ChoiceField(choices=SessionKind.choices, default=SessionKind.PERIODIC)
    employer_capacity = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    job_seeker_capacity = serializers.IntegerField(min_value=0, max_value=1_000_000, required=False, allow_null=True)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class OnlineRoomSerializer(serializers.Serializer):
    """The online interview room of an employer whose vacancy the person registered for."""

    employer = serializers.IntegerField(source="employer_id", read_only=True)
    employer_name = serializers.CharField(read_only=True)
    booth_label = serializers.CharField(read_only=True)
    online_room_url = serializers.URLField(read_only=True)


_MOMENT = serializers.DateTimeField(read_only=True)  # DRF's own formatting of a moment, in the current time zone


class RegistrationAlertSerializer(serializers.ModelSerializer):
    asked_at = serializers.DateTimeField(source="created_at", read_only=True)
    told_at = serializers.DateTimeField(
        source="notified_at", read_only=True, allow_null=True, help_text="When the opening was announced to the person."
    )

    class Meta:
        model = RegistrationAlert
        fields = ["id", "session", "asked_at", "told_at"]
        read_only_fields = fields


class RegistrationOutputSerializer(serializers.ModelSerializer):
    """A registration as the API gives it. The fields below say what it holds (the OpenAPI schema is made from them);
    `to_representation` writes the same answer out directly: DRF would copy these 16 fields and walk them for every
    registration answered, which cost more than the rest of the answer (tests/api/test_registration_answer.py holds
    the two to the same output)."""

    status = serializers.SerializerMethodField(
        help_text="The registration's status; `cancelled` also when its session was cancelled (see session_status)."
    )
    session_status = serializers.ChoiceField(source="session.status", choices=SessionStatus.choices, read_only=True)
    session_cancel_reason = serializers.CharField(
        source="session.cancel_reason", read_only=True, help_text="Why the session was cancelled (empty otherwise)."
    )
    vacancies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    waitlist_position = serializers.SerializerMethodField()
    online_rooms = serializers.SerializerMethodField(
        help_text="At an online or hybrid session, while the person holds a seat: the online interview rooms of the "
        "employers whose vacancies the person registered for (nobody else sees them)."
    )

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "job_seeker",
            "status",
            "session_status",
            "session_cancel_reason",
            "source",
            "vacancies",
            "waitlist_position",
            "check_in_code",
            "short_code",
            "online_rooms",
            "created_at",
            "confirmed_at",
            "cancelled_at",
            "checked_in_at",
        ]
        read_only_fields = fields

    def to_representation(self, registration):
        session = registration.session
        moments = ("created_at", "confirmed_at", "cancelled_at", "checked_in_at")
        return {
            "id": registration.pk,
            "session": registration.session_id,
            "job_seeker": registration.job_seeker_id,
            "status": self.get_status(registration),
            "session_status": session.status,
            "session_cancel_reason": session.cancel_reason,
            "source": registration.source,
            "vacancies": [vacancy.pk for vacancy in registration.vacancies.all()],
            "waitlist_position": self.get_waitlist_position(registration),
            "check_in_code": registration.check_in_code,
            "short_code": registration.short_code,
            "online_rooms": self.get_online_rooms(registration),
            **{name: _moment(getattr(registration, name)) for name in moments},
        }

    @extend_schema_field(serializers.ChoiceField(choices=Registration.Status.choices))
    def get_status(self, registration) -> str:
        # a registration at a cancelled session is void, whatever it was (confirmed, waitlisted)
        if registration.session.status == SessionStatus.CANCELLED:
            return Registration.Status.CANCELLED
        return registration.status

    def get_waitlist_position(self, registration) -> int | None:
        if registration.session.status == SessionStatus.CANCELLED:
            return None
        positions = self.context.get("waitlist_positions")
        if positions is not None:
            return positions.get(registration.pk)
        return waitlist_position(registration)

    @extend_schema_field(OnlineRoomSerializer(many=True))
    def get_online_rooms(self, registration) -> list[dict]:
        rooms = self.context.get("online_rooms")
        listed = rooms.get(registration.pk, []) if rooms is not None else registration_online_rooms(registration)
        return OnlineRoomSerializer(listed, many=True).data if listed else []


def _moment(value):
    return None if value is None else _MOMENT.to_representation(value)


class RegistrationInputSerializer(serializers.Serializer):
    job_seeker = serializers.PrimaryKeyRelatedField(
        queryset=JobSeeker.objects.filter(anonymised_at__isnull=True), required=False
    )
    vacancies = serializers.PrimaryKeyRelatedField(queryset=Vacancy.objects.all(), many=True, required=False)


class CheckInInputSerializer(serializers.Serializer):
    """The long code of the QR alone, or the session and the desk code a person reads out (any case; spaces and
    dashes ignored: "k7m-q2p")."""

    code = serializers.CharField(max_length=64, required=False, help_text="The check-in code of the QR.")
    short_code = serializers.CharField(
        max_length=16, required=False, help_text="The desk code (6 characters), unique within its session."
    )
    session = serializers.PrimaryKeyRelatedField(
        queryset=JobSession.objects.all(), required=False, help_text="The session of the desk code (with short_code)."
    )

    def validate(self, attrs):
        if attrs.get("code"):
            return attrs
        if not attrs.get("short_code"):
            # neither code: the QR's code is the one asked for (DRF's own "This field is required.")
            raise serializers.ValidationError(
                {"code": [self.fields["code"].error_messages["required"]]}, code="required"
            )
        if attrs.get("session") is None:
            raise serializers.ValidationError({"session": [_("Name the session of the desk code.")]}, code="required")
        return attrs
