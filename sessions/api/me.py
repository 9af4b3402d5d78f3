"""A job seeker's rights over their own data (DESIGN §4 "Sensitive data"): download all of it as JSON, and ask
for its deletion (anonymised, so the centre's statistics stay true)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import Kind, record_access
from accounts.permissions import IsJobSeeker
from sessions import services
from sessions.api.views import REFUSAL
from sessions.data_export import DataExportSerializer, job_seeker_data


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
        now = timezone.now()
        data = job_seeker_data(request.user.job_seeker, exported_at=now)
        record_access(request, Kind.EXPORT, job_seeker_ids=[request.user.job_seeker.pk], format="json")
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
