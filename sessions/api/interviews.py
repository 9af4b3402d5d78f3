"""Interviews and hiring outcomes API: an employer records them for its own vacancies, staff for any.

An employer sees and changes only the interviews for its own vacancies (another's answers 404). When recording
one, the vacancy must be its own and the registration one at a session where it holds an approved booth; any
other id is refused as a bad choice (400), not found out.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import MONTHLY_SALARY_MAX
from accounts.permissions import IsEmployer, IsJobSeeker, IsStaff
from sessions import selectors, services
from sessions.api.views import REFUSAL
from sessions.data_export import HiringOutcomeSerializer
from sessions.models import HiringOutcome, Interview, Registration, Vacancy


class InterviewOutputSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="registration.session_id", read_only=True)
    outcome = HiringOutcomeSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Interview
        fields = ["id", "registration", "session", "vacancy", "result", "notes", "outcome", "created_at", "updated_at"]
        read_only_fields = fields


class MyInterviewSerializer(serializers.ModelSerializer):
    """An interview as the person interviewed sees it, as on their results page: where, with whom, for what, and
    what came of it (the employer's notes are the employer's)."""

    session = serializers.IntegerField(source="registration.session_id", read_only=True)
    session_title = serializers.CharField(source="registration.session.title", read_only=True)
    session_starts_at = serializers.DateTimeField(source="registration.session.starts_at", read_only=True)
    employer_name = serializers.CharField(source="vacancy.employer.name", read_only=True)
    vacancy_title = serializers.CharField(source="vacancy.title", read_only=True)
    outcome = HiringOutcomeSerializer(read_only=True, allow_null=True)
    not_hired = serializers.BooleanField(
        source="ended_in_no_job",
        read_only=True,
        help_text="Failed at the session, or reported not hired after it: me/matches/, the next sessions and "
        "me/referrals/ are the next steps.",
    )

    class Meta:
        model = Interview
        fields = [
            "id",
            "session",
            "session_title",
            "session_starts_at",
            "employer_name",
            "vacancy",
            "vacancy_title",
            "result",
            "outcome",
            "not_hired",
        ]
        read_only_fields = fields


class InterviewInputSerializer(serializers.Serializer):
    registration = serializers.PrimaryKeyRelatedField(queryset=Registration.objects.none())
    vacancy = serializers.PrimaryKeyRelatedField(queryset=Vacancy.objects.none())
    result = serializers.ChoiceField(
        choices=Interview.Result.choices, required=False, help_text="Default: pending, or unchanged when recorded"
    )
    notes = serializers.CharField(
        max_length=5_000, required=False, allow_blank=True, help_text="Default: empty, or unchanged when recorded"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = request.user if request is not None else None
        if user is not None:
            # another employer's candidate or vacancy answers exactly as an unknown id
            self.fields["registration"].queryset = selectors.registrations_interviewable_by(user)
            self.fields["vacancy"].queryset = selectors.vacancies_changeable_by(user)


class InterviewUpdateSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=Interview.Result.choices, required=False)
    notes = serializers.CharField(max_length=5_000, required=False, allow_blank=True)


class OutcomeInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=HiringOutcome.Status.choices)
    start_date = serializers.DateField(required=False, allow_null=True)
    monthly_salary = serializers.IntegerField(
        min_value=0, max_value=MONTHLY_SALARY_MAX, required=False, allow_null=True
    )


class InterviewFilter(filters.FilterSet):
    session = filters.NumberFilter(field_name="registration__session_id")
    vacancy = filters.NumberFilter(field_name="vacancy_id")
    result = filters.ChoiceFilter(choices=Interview.Result.choices)

    class Meta:
        model = Interview
        fields = []


class InterviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaff | IsEmployer]
    serializer_class = InterviewOutputSerializer
    filterset_class = InterviewFilter
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self):
        return selectors.interviews_visible_to(self.request.user)

    def _output(self, interview, status_code=status.HTTP_200_OK):
        interview = selectors.interview_list().get(pk=interview.pk)
        return Response(InterviewOutputSerializer(interview).data, status=status_code)

    @extend_schema(
        request=InterviewInputSerializer,
        responses={200: InterviewOutputSerializer, 201: InterviewOutputSerializer, 409: REFUSAL},
        description="Record an interview (201), or update the one already recorded for this registration and "
        "vacancy (200).",
    )
    def create(self, request):
        data = InterviewInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        # Recording again updates the interview; what the request leaves out stays as it was.
        existing = Interview.objects.filter(registration=fields["registration"], vacancy=fields["vacancy"]).first()
        interview, created = services.interview_record(
            registration=fields["registration"],
            vacancy=fields["vacancy"],
            actor=request.user,
            result=fields.get("result", existing.result if existing else Interview.Result.PENDING),
            notes=fields.get("notes", existing.notes if existing else ""),
        )
        return self._output(interview, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=InterviewUpdateSerializer, responses={200: InterviewOutputSerializer, 409: REFUSAL})
    def partial_update(self, request, pk=None):
        interview = self.get_object()
        data = InterviewUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        interview, _created = services.interview_record(
            registration=interview.registration,
            vacancy=interview.vacancy,
            actor=request.user,
            result=data.validated_data.get("result", interview.result),
            notes=data.validated_data.get("notes", interview.notes),
        )
        return self._output(interview)

    @extend_schema(
        request=OutcomeInputSerializer,
        responses={200: HiringOutcomeSerializer, 201: HiringOutcomeSerializer, 409: REFUSAL},
        description="Record (201) or correct (200) what came of the interview.",
    )
    @action(detail=True, methods=["put"])
    def outcome(self, request, pk=None):
        interview = self.get_object()
        data = OutcomeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome, created = services.hiring_outcome_record(
            interview=interview, actor=request.user, **data.validated_data
        )
        return Response(
            HiringOutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class MyInterviewsView(generics.ListAPIView):
    """`me/interviews/`: the signed-in job seeker's interviews and what came of them, latest session first."""

    permission_classes = [IsJobSeeker]
    serializer_class = MyInterviewSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Interview.objects.none()
        return selectors.job_seeker_interviews(self.request.user.job_seeker)
