"""Reports API (staff): a session's result sheet, the summary of a period against the plan (JSON, .xlsx or .csv)
and the plan targets.

`?format=` picks the file type of the summary and of the result sheet. DRF would read that parameter to choose
a renderer (URL_FORMAT_OVERRIDE) and answer 404 for `xlsx`/`csv`, which no renderer knows; these views use a
content negotiation that ignores it (always JSON for the API's own answers, errors included) and return the files
as plain Django responses. The global setting stays as it is, so `/api/schema/?format=json` keeps working.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from jobfair.dates import add_years
from sessions import services
from sessions.models import JobSession, PlanMetric, PlanTarget, Referral, SurveyInvitation
from sessions.reports import exports, figures

FORMATS = ("json", *exports.FORMATS)


class IgnoreFormatParameter(BaseContentNegotiation):
    """Always the first renderer (JSON): `?format=` belongs to the view here, not to DRF."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


# --- serializers -----------------------------------------------------------------------------------------------


class FileFormatSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=FORMATS, required=False, default="json", help_text="json, xlsx or csv")


class SummaryQuerySerializer(FileFormatSerializer):
    date_from = serializers.DateField(
        help_text="First day of the period (local date of the session's start).",
        validators=[figures.validate_report_day],
    )
    date_to = serializers.DateField(
        help_text="Last day of the period, included. At most 10 years after date_from.",
        validators=[figures.validate_report_day],
    )
    group_by = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=f"Breakdowns, comma-separated or repeated: {', '.join(figures.DIMENSIONS)}.",
    )

    def validate_group_by(self, value):
        try:
            return figures.parse_group_by(value)
        except ValueError:
            raise serializers.ValidationError(
                _("Unknown breakdown; choose from: %(choices)s.") % {"choices": ", ".join(figures.DIMENSIONS)}
            ) from None

    def validate(self, attrs):
        if attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": [_("The end of the period is before its start.")]})
        if attrs["date_to"] >= add_years(attrs["date_from"], figures.MAX_YEARS):
            raise serializers.ValidationError(
                {"date_to": [_("The period is at most %(years)d years.") % {"years": figures.MAX_YEARS}]}
            )
        return attrs


class MetricTotalSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True, help_text="The plan for the period, when one is set.")
    achieved_percent = serializers.DecimalField(
        max_digits=9, decimal_places=1, allow_null=True, help_text='Share of the plan achieved, e.g. "126.9".'
    )


class PlanPeriodSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(allow_null=True)


class BreakdownRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='Bucket code; "none" (cohort) or "unknown" when the attribute is missing.')
    label = serializers.CharField()
    metrics = serializers.DictField(child=serializers.IntegerField())


class ReferralCountSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Referral.Kind.choices)
    label = serializers.CharField()
    referred = serializers.IntegerField()
    attended = serializers.IntegerField()
    completed = serializers.IntegerField()
    dropped = serializers.IntegerField()
    total = serializers.IntegerField()


class SurveyFiguresSerializer(serializers.Serializer):
    label = serializers.CharField()
    invited = serializers.IntegerField(help_text="Invitations sent (attendees, or booths that attended).")
    answers = serializers.IntegerField()
    average = serializers.DecimalField(
        max_digits=2,
        decimal_places=1,
        allow_null=True,
        help_text='Average rating 1–5, e.g. "4.3"; null without answers.',
    )
    distribution = serializers.DictField(child=serializers.IntegerField(), help_text='Answers per rating, "1" to "5".')


class SurveyByRespondentSerializer(serializers.Serializer):
    job_seeker = SurveyFiguresSerializer()
    employer = SurveyFiguresSerializer()


class SurveyCommentSerializer(serializers.Serializer):
    respondent = serializers.ChoiceField(choices=SurveyInvitation.Respondent.choices)
    respondent_label = serializers.CharField()
    employer = serializers.CharField(allow_null=True, help_text="The employer's name for an employer's answer.")
    rating = serializers.IntegerField()
    comment = serializers.CharField()
    answered_at = serializers.DateTimeField()


class SessionSurveySerializer(serializers.Serializer):
    figures = SurveyByRespondentSerializer()
    comments = SurveyCommentSerializer(many=True)


class SummarySerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    plan_period = PlanPeriodSerializer(
        allow_null=True, help_text="The year or quarter whose plan targets apply; null for any other period."
    )
    metrics = serializers.DictField(child=MetricTotalSerializer())
    group_by = serializers.ListField(child=serializers.ChoiceField(choices=figures.DIMENSIONS))
    breakdown_metrics = serializers.DictField(
        child=serializers.ListField(child=serializers.ChoiceField(choices=PlanMetric.choices)),
        help_text="For each breakdown, the metrics it is computed for.",
    )
    breakdowns = serializers.DictField(child=BreakdownRowSerializer(many=True))
    referrals = ReferralCountSerializer(
        many=True, help_text="Referrals made in the period, per kind: how many, and where they stand now by status."
    )
    survey = SurveyByRespondentSerializer(help_text="The question after the session, over the period's sessions.")


class SheetSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class SheetMetricSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.IntegerField()


class SheetBoothSerializer(serializers.Serializer):
    employer = serializers.IntegerField()
    name = serializers.CharField()
    vsic_section = serializers.CharField()
    booth_label = serializers.CharField()
    vacancies_total = serializers.IntegerField()
    interviewed = serializers.IntegerField()
    passed_at_session = serializers.IntegerField()
    started_work = serializers.IntegerField()


class SessionSheetSerializer(serializers.Serializer):
    session = SheetSessionSerializer()
    counted = serializers.BooleanField(help_text="False for a cancelled session (it counts in no report).")
    metrics = serializers.DictField(child=SheetMetricSerializer())
    employers = SheetBoothSerializer(many=True)
    survey = SessionSurveySerializer(help_text="The question after the session: figures and comments.")


class PlanTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["id", "year", "quarter", "metric", "target", "note", "created_by", "created_at", "updated_at"]
        read_only_fields = fields


class PlanTargetInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False, allow_null=True, default=None)
    metric = serializers.ChoiceField(choices=PlanMetric.choices)
    target = serializers.IntegerField(min_value=1, max_value=services.PLAN_TARGET_MAX)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# --- views ----------------------------------------------------------------------------------------------------

BAD_INPUT = OpenApiResponse(description="Bad input: field errors.")


FILE_RESPONSES = {
    (200, exports.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
    (200, "text/csv"): OpenApiTypes.STR,
    400: BAD_INPUT,
}
FORMAT_PARAMETER = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=list(FORMATS), description="json (default), xlsx, csv"
)


class SessionReportView(APIView):
    permission_classes = [IsStaff]
    content_negotiation_class = IgnoreFormatParameter

    @extend_schema(
        operation_id="reports_session_sheet",
        parameters=[FORMAT_PARAMETER],
        responses={(200, "application/json"): SessionSheetSerializer, **FILE_RESPONSES},
    )
    def get(self, request, pk: int):
        query = FileFormatSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        session = get_object_or_404(JobSession, pk=pk)
        if query.validated_data["format"] != "json":
            return exports.sheet_file(session, query.validated_data["format"])
        return Response(SessionSheetSerializer(figures.session_result_sheet(session)).data)


class SummaryReportView(APIView):
    permission_classes = [IsStaff]
    content_negotiation_class = IgnoreFormatParameter

    @extend_schema(
        operation_id="reports_summary",
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("date_to", OpenApiTypes.DATE, required=True),
            OpenApiParameter(
                "group_by",
                OpenApiTypes.STR,
                description=f"Comma-separated or repeated: {', '.join(figures.DIMENSIONS)}.",
            ),
            FORMAT_PARAMETER,
        ],
        responses={(200, "application/json"): SummarySerializer, **FILE_RESPONSES},
    )
    def get(self, request):
        params = request.query_params
        query = SummaryQuerySerializer(
            data={
                **{name: params[name] for name in ("date_from", "date_to", "format") if name in params},
                "group_by": ",".join(params.getlist("group_by")),
            }
        )
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if data["format"] != "json":
            return exports.summary_file(data["date_from"], data["date_to"], data["group_by"], data["format"])
        report = figures.summary(data["date_from"], data["date_to"], data["group_by"])
        return Response(SummarySerializer(report).data)


class PlanTargetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The plan: yearly (quarter null) and quarterly targets per metric. POST sets one (creates or updates)."""

    permission_classes = [IsStaff]
    serializer_class = PlanTargetSerializer
    queryset = PlanTarget.objects.all()
    # ?year=2026, ?quarter=2, ?quarter__isnull=true (the yearly rows), ?metric=interviewed
    filterset_fields = {"year": ["exact"], "quarter": ["exact", "isnull"], "metric": ["exact"]}

    @extend_schema(
        request=PlanTargetInputSerializer,
        responses={200: PlanTargetSerializer, 201: PlanTargetSerializer, 400: BAD_INPUT},
    )
    def create(self, request):
        data = PlanTargetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan, created = services.plan_target_set(actor=request.user, **data.validated_data)
        return Response(
            PlanTargetSerializer(plan).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
