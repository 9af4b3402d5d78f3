"""A job seeker's data as one JSON document (DESIGN §4 "Sensitive data"): what the API's `me/data-export/` returns
and the web page "my data" downloads. Everything the centre holds: account, profile, cohort memberships, consents,
registrations with their sessions, vacancies of interest, interviews and hiring outcomes, the notices sent, referrals
to a next step, the sessions they asked to hear about, their answers to the question after a session, and who
else read their personal data."""

from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import CohortMembership, ConsentRecord, JobSeeker, PersonalDataAccess, User
from sessions import selectors
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Notification,
    Referral,
    Registration,
    RegistrationAlert,
    Vacancy,
)


class HiringOutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = HiringOutcome
        fields = [
            "status",
            "start_date",
            "monthly_salary",
            "reported_at",
            "employed_at_30_days",
            "employed_at_90_days",
        ]
        read_only_fields = fields


class ExportAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "email", "phone", "language", "date_joined", "last_login"]
        read_only_fields = fields


class ExportProfileSerializer(serializers.ModelSerializer):
    ward = serializers.CharField(source="ward_id", read_only=True, allow_null=True)

    class Meta:
        model = JobSeeker
        fields = [
            "id",
            "full_name",
            "citizen_id",
            "date_of_birth",
            "sex",
            "phone",
            "email",
            "address",
            "ward",
            "general_education",
            "qualification",
            "major",
            "wanted_occupation",
            "wanted_salary",
            "working_arrangement",
            "experience",
            "skills",
            "accessibility_needs",
            "needs_wheelchair_access",
            "needs_sign_language",
            "needs_visual_assistance",
            "language",
            "notify_by_email",
            "notify_by_sms",
            "allow_employer_suggestions",
            "invite_for_groups",
            "invite_for_matches",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ExportCohortMembershipSerializer(serializers.ModelSerializer):
    cohort = serializers.CharField(source="cohort_id", read_only=True)
    cohort_name = serializers.CharField(source="cohort.name", read_only=True)
    sensitive = serializers.BooleanField(source="cohort.sensitive", read_only=True)

    class Meta:
        model = CohortMembership
        fields = [
            "cohort",
            "cohort_name",
            "sensitive",
            "share_with_employers",
            "evidence_note",
            "verified_at",
            "created_at",
        ]
        read_only_fields = fields


class ExportConsentSerializer(serializers.ModelSerializer):
    cohort = serializers.CharField(source="cohort_id", read_only=True, allow_null=True)

    class Meta:
        model = ConsentRecord
        fields = ["purpose", "cohort", "text_version", "given_at", "withdrawn_at"]
        read_only_fields = fields


class ExportSessionSerializer(serializers.ModelSerializer):
    venue = serializers.CharField(source="venue.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = JobSession
        fields = ["id", "code", "title", "kind", "format", "status", "starts_at", "ends_at", "venue", "online_url"]
        read_only_fields = fields


class ExportVacancySerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = Vacancy
        fields = ["id", "title", "employer", "employer_name"]
        read_only_fields = fields


class ExportInterviewSerializer(serializers.ModelSerializer):
    vacancy = ExportVacancySerializer(read_only=True)
    outcome = HiringOutcomeSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Interview
        fields = ["id", "vacancy", "result", "notes", "outcome", "created_at"]
        read_only_fields = fields


class ExportRegistrationSerializer(serializers.ModelSerializer):
    session = ExportSessionSerializer(read_only=True)
    vacancies = ExportVacancySerializer(many=True, read_only=True)
    interviews = ExportInterviewSerializer(many=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "status",
            "source",
            "vacancies",
            "interviews",
            "check_in_code",
            "created_at",
            "confirmed_at",
            "promoted_at",
            "cancelled_at",
            "checked_in_at",
            "no_show_followed_up_at",
        ]
        read_only_fields = fields


class ExportNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "channel", "address", "status", "subject", "body_text", "send_after", "sent_at"]
        read_only_fields = fields


class ExportReferralSerializer(serializers.ModelSerializer):
    session = serializers.CharField(source="session.code", read_only=True, allow_null=True)
    vacancy = serializers.CharField(source="vacancy.title", read_only=True, allow_null=True)
    employer = serializers.CharField(source="vacancy.employer.name", read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "kind",
            "status",
            "training_provider",
            "course",
            "session",
            "vacancy",
            "employer",
            "follow_up_on",
            "note",
            "created_at",
            "status_changed_at",
        ]
        read_only_fields = fields


class ExportRegistrationAlertSerializer(serializers.ModelSerializer):
    session = serializers.CharField(source="session.code", read_only=True)

    class Meta:
        model = RegistrationAlert
        fields = ["session", "created_at", "notified_at"]
        read_only_fields = fields


class ExportDataAccessSerializer(serializers.ModelSerializer):
    """Who read the person's data: the reader's role and company, never a staff member's name or address."""

    reader_role = serializers.CharField(source="actor_role", read_only=True)
    reader_company = serializers.CharField(source="actor_employer.name", read_only=True, allow_null=True)

    class Meta:
        model = PersonalDataAccess
        fields = ["at", "kind", "reader_role", "reader_company", "where"]
        read_only_fields = fields


class ExportSurveyAnswerSerializer(serializers.Serializer):
    """An invitation to the question after a session, and the person's answer (rating, comment) once given."""

    session = serializers.IntegerField()
    session_code = serializers.CharField()
    invited_at = serializers.DateTimeField()
    rating = serializers.IntegerField(allow_null=True)
    comment = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)


def _survey_answers(registrations) -> list[dict]:
    """From the registrations the export has loaded with their invitation: no query more."""
    answers = []
    for registration in registrations:
        try:
            invitation = registration.survey_invitation
        except ObjectDoesNotExist:
            continue
        answers.append(
            {
                "session": registration.session_id,
                "session_code": registration.session.code,
                "invited_at": invitation.created_at,
                "rating": invitation.rating,
                "comment": invitation.comment,
                "answered_at": invitation.answered_at,
            }
        )
    return answers


class DataExportSerializer(serializers.Serializer):
    exported_at = serializers.DateTimeField(read_only=True)
    account = ExportAccountSerializer(source="job_seeker.user", read_only=True, allow_null=True)
    profile = ExportProfileSerializer(source="job_seeker", read_only=True)
    cohort_memberships = ExportCohortMembershipSerializer(
        source="job_seeker.cohort_memberships.all", many=True, read_only=True
    )
    consents = ExportConsentSerializer(source="job_seeker.consents.all", many=True, read_only=True)
    registrations = ExportRegistrationSerializer(source="job_seeker.registrations.all", many=True, read_only=True)
    notifications = ExportNotificationSerializer(source="job_seeker.notifications.all", many=True, read_only=True)
    referrals = ExportReferralSerializer(source="job_seeker.referrals.all", many=True, read_only=True)
    registration_alerts = ExportRegistrationAlertSerializer(
        source="job_seeker.registration_alerts.all",
        many=True,
        read_only=True,
        help_text="Sessions you asked to be told about when their registration opens",
    )
    survey_answers = serializers.SerializerMethodField(help_text="The question after each session: your answers")
    seen_by = ExportDataAccessSerializer(
        source="job_seeker.data_accesses.all", many=True, read_only=True, help_text="Who else read your personal data"
    )

    @extend_schema_field(ExportSurveyAnswerSerializer(many=True))
    def get_survey_answers(self, data) -> list:
        return ExportSurveyAnswerSerializer(_survey_answers(data["job_seeker"].registrations.all()), many=True).data


def job_seeker_data(job_seeker: JobSeeker, *, exported_at: datetime) -> dict:
    """The whole document, stamped with the moment of the export."""
    return DataExportSerializer(
        {"exported_at": exported_at, "job_seeker": selectors.job_seeker_export(job_seeker)}
    ).data
