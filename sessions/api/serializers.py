"""Explicit input and output serializers of the sessions API (field names of DESIGN §5)."""

from rest_framework import serializers

from accounts.models import AdministrativeUnit, Cohort, JobSeeker
from sessions.models import JobSession, Registration, SessionFormat, SessionKind, Vacancy, Venue
from sessions.selectors import seats_remaining, waitlist_position


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
        return seats_remaining(session, session.registered_count)


class SessionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    format = serializers.ChoiceField(choices=SessionFormat.choices)
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all(), required=False, allow_null=True)
    ward = CodeRelatedField(queryset=AdministrativeUnit.objects.filter(level="ward"), required=False, allow_null=True)
    online_url = serializers.URLField(required=False, allow_blank=True, max_length=200)
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


class RegistrationOutputSerializer(serializers.ModelSerializer):
    vacancies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    waitlist_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "job_seeker",
            "status",
            "source",
            "vacancies",
            "waitlist_position",
            "check_in_code",
            "created_at",
            "confirmed_at",
            "cancelled_at",
            "checked_in_at",
        ]
        read_only_fields = fields

    def get_waitlist_position(self, registration) -> int | None:
        positions = self.context.get("waitlist_positions")
        if positions is not None:
            return positions.get(registration.pk)
        return waitlist_position(registration)


class RegistrationInputSerializer(serializers.Serializer):
    job_seeker = serializers.PrimaryKeyRelatedField(
        queryset=JobSeeker.objects.filter(anonymised_at__isnull=True), required=False
    )
    vacancies = serializers.PrimaryKeyRelatedField(queryset=Vacancy.objects.all(), many=True, required=False)


class CheckInInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64)
