"""A job seeker's rights over their own data (DESIGN §4 "Sensitive data"): download all of it as JSON, and ask
for its deletion (anonymised, so the centre's statistics stay true)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import CohortMembership, ConsentRecord, JobSeeker, User
from accounts.permissions import IsJobSeeker
from sessions import selectors, services
from sessions.api.interviews import InterviewOutcomeSerializer
from sessions.api.views import REFUSAL
from sessions.models import Interview, JobSession, Notification, Registration, Vacancy


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
    outcome = InterviewOutcomeSerializer(read_only=True, allow_null=True)

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
        ]
        read_only_fields = fields


class ExportNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "channel", "address", "status", "subject", "body_text", "send_after", "sent_at"]
        read_only_fields = fields


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


class ErasureSummarySerializer(serializers.Serializer):
    registrations_cancelled = serializers.IntegerField(read_only=True)
    notifications_cancelled = serializers.IntegerField(read_only=True)
    anonymised_at = serializers.DateTimeField(read_only=True)
    detail = serializers.CharField(read_only=True)


class DataExportView(APIView):
    """`GET me/data-export/`: everything the centre holds about the signed-in job seeker, as one JSON document
    (a download): account, profile, cohort memberships, consents, registrations with their sessions, vacancies of
    interest, interviews and hiring outcomes, and the notices sent to them."""

    permission_classes = [IsJobSeeker]

    @extend_schema(responses={200: DataExportSerializer})
    def get(self, request):
        job_seeker = selectors.job_seeker_export(request.user.job_seeker)
        now = timezone.now()
        data = DataExportSerializer({"exported_at": now, "job_seeker": job_seeker}).data
        filename = f"my-data-{timezone.localtime(now):%Y%m%d}.json"
        return Response(data, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


class ErasureRequestView(APIView):
    """`POST me/erasure-request/`: the job seeker asks for the deletion of their data. Done at once (202): active
    registrations are cancelled (the waitlist moves up), pending notices cancelled, the person anonymised and the
    account closed (its tokens stop working)."""

    permission_classes = [IsJobSeeker]

    @extend_schema(request=None, responses={202: ErasureSummarySerializer, 409: REFUSAL})
    def post(self, request):
        summary = services.job_seeker_erase(job_seeker=request.user.job_seeker, actor=request.user)
        body = {
            "registrations_cancelled": summary["registrations_cancelled"],
            "notifications_cancelled": summary["notifications_cancelled"],
            "anonymised_at": summary["anonymised_at"],
            "detail": _("Your personal data has been erased and your account closed."),
        }
        return Response(ErasureSummarySerializer(body).data, status=status.HTTP_202_ACCEPTED)
