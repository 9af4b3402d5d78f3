"""Booths (participations) and the candidates an employer sees at a session.

Booths: an employer asks for a booth at a published session with the vacancies it brings (201 new, 200 when its
request is already active); staff approve (a booth, or the booth waitlist when all are taken) or reject; the
employer or staff withdraw. An employer sees only its own booths; another's answers 404.

Candidates (DESIGN §4 "Sensitive data"): see `SessionCandidatesView`.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import record_candidates_seen
from accounts.models import age_band
from accounts.permissions import IsEmployer, IsStaff, is_staff_user
from sessions import selectors, services
from sessions.api.views import REFUSAL
from sessions.data_export import HiringOutcomeSerializer
from sessions.models import ONLINE_LINK_MAX, BoothNeed, Interview, Participation, Registration, Vacancy

SESSION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The session's id")


# --- booths ---------------------------------------------------------------------------------------------------


class ParticipationOutputSerializer(serializers.ModelSerializer):
    session_code = serializers.CharField(source="session.code", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    vacancies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Participation
        fields = [
            "id",
            "session",
            "session_code",
            "employer",
            "employer_name",
            "status",
            "booth_label",
            "vacancies",
            "online_room_url",
            "recruiter_count",
            "needs",
            "attended",
            "decision_note",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(component_name="StaffParticipation")
class StaffParticipationOutputSerializer(ParticipationOutputSerializer):
    """Staff also see their own notes on the booth; an employer never does."""

    class Meta(ParticipationOutputSerializer.Meta):
        fields = [*ParticipationOutputSerializer.Meta.fields, "staff_notes"]
        read_only_fields = fields


class ParticipationApplyInputSerializer(serializers.Serializer):
    vacancies = serializers.PrimaryKeyRelatedField(
        queryset=Vacancy.objects.all(), many=True, help_text="Ids of the employer's own open vacancies"
    )
    recruiter_count = serializers.IntegerField(required=False, default=1, help_text="Recruiters coming (1–20)")
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=BoothNeed.choices),
        required=False,
        default=list,
        help_text="table, power; screen only at online or hybrid sessions",
    )


class StaffParticipationUpdateInputSerializer(serializers.Serializer):
    booth_label = serializers.CharField(max_length=20, required=False, help_text="The booth number (approved booths)")
    staff_notes = serializers.CharField(max_length=2_000, required=False, allow_blank=True)


class ParticipationApproveInputSerializer(serializers.Serializer):
    booth_label = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="Empty: the first free number (01, 02…)"
    )


class ParticipationOnlineRoomInputSerializer(serializers.Serializer):
    online_room_url = serializers.URLField(max_length=ONLINE_LINK_MAX, allow_blank=True)


class ParticipationRejectInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2_000, required=False, allow_blank=True, default="")


class SessionParticipationApplyView(APIView):
    """`POST sessions/{id}/participations/`: an employer (verified by the centre) asks for a booth."""

    permission_classes = [IsEmployer]

    @extend_schema(
        parameters=[SESSION_ID],
        request=ParticipationApplyInputSerializer,
        responses={200: ParticipationOutputSerializer, 201: ParticipationOutputSerializer, 409: REFUSAL},
    )
    def post(self, request, pk):
        session = get_object_or_404(selectors.session_lookup(), pk=pk)
        data = ParticipationApplyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participation, created = services.participation_apply(
            session=session,
            employer=request.user.employer,
            vacancies=data.validated_data["vacancies"],
            recruiter_count=data.validated_data["recruiter_count"],
            needs=data.validated_data["needs"],
            actor=request.user,
        )
        participation = selectors.participation_list().get(pk=participation.pk)
        return Response(
            ParticipationOutputSerializer(participation).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ParticipationFilter(filters.FilterSet):
    session = filters.NumberFilter(field_name="session_id")
    status = filters.ChoiceFilter(choices=Participation.Status.choices)

    class Meta:
        model = Participation
        fields = []


class ParticipationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsStaff | IsEmployer]
    serializer_class = ParticipationOutputSerializer
    filterset_class = ParticipationFilter

    def get_queryset(self):
        return selectors.participations_visible_to(self.request.user).order_by("-created_at", "-id")

    def get_serializer_class(self):
        return StaffParticipationOutputSerializer if is_staff_user(self.request.user) else ParticipationOutputSerializer

    def _output(self, participation):
        return Response(self.get_serializer_class()(self.get_queryset().get(pk=participation.pk)).data)

    @extend_schema(
        request=StaffParticipationUpdateInputSerializer,
        responses={200: StaffParticipationOutputSerializer, 409: REFUSAL},
    )
    def partial_update(self, request, pk=None):
        """Staff set an approved booth's number (a number another booth of the session holds: 409
        `booth_number_taken`) and their notes on any booth."""
        participation = self.get_object()  # another employer's booth: 404, as everywhere
        if not is_staff_user(request.user):
            raise PermissionDenied()
        data = StaffParticipationUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            if "staff_notes" in data.validated_data:
                services.participation_set_staff_notes(
                    participation=participation, actor=request.user, staff_notes=data.validated_data["staff_notes"]
                )
            if "booth_label" in data.validated_data:
                services.participation_set_booth_number(
                    participation=participation, actor=request.user, booth_label=data.validated_data["booth_label"]
                )
        return self._output(participation)

    @extend_schema(
        request=ParticipationApproveInputSerializer, responses={200: ParticipationOutputSerializer, 409: REFUSAL}
    )
    @action(detail=True, methods=["post"], permission_classes=[IsStaff])
    def approve(self, request, pk=None):
        participation = self.get_object()
        data = ParticipationApproveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participation = services.participation_approve(
            participation=participation,
            actor=request.user,
            booth_label=data.validated_data.get("booth_label", "").strip(),
        )
        return self._output(participation)

    @extend_schema(
        request=ParticipationRejectInputSerializer, responses={200: ParticipationOutputSerializer, 409: REFUSAL}
    )
    @action(detail=True, methods=["post"], permission_classes=[IsStaff])
    def reject(self, request, pk=None):
        participation = self.get_object()
        data = ParticipationRejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participation = services.participation_reject(
            participation=participation, actor=request.user, note=data.validated_data["note"]
        )
        return self._output(participation)

    @extend_schema(request=None, responses={200: ParticipationOutputSerializer, 409: REFUSAL})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        participation = services.participation_withdraw(participation=self.get_object(), actor=request.user)
        return self._output(participation)

    @extend_schema(
        request=ParticipationOnlineRoomInputSerializer, responses={200: ParticipationOutputSerializer, 409: REFUSAL}
    )
    @action(detail=True, methods=["post"], url_path="online-room")
    def online_room(self, request, pk=None):
        """The online interview room of an approved booth at an online or hybrid session (the employer its own,
        staff any); an empty link takes it away. Only the people registered for the employer's vacancies see it."""
        participation = self.get_object()
        data = ParticipationOnlineRoomInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participation = services.participation_set_online_room(
            participation=participation, actor=request.user, online_room_url=data.validated_data["online_room_url"]
        )
        return self._output(participation)


# --- candidates -----------------------------------------------------------------------------------------------


class CandidateInterviewSerializer(serializers.ModelSerializer):
    outcome = HiringOutcomeSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Interview
        fields = ["id", "vacancy", "result", "notes", "outcome"]
        read_only_fields = fields


class CandidateSerializer(serializers.Serializer):
    """A candidate as an employer sees them: what it needs to judge and contact the person, nothing more."""

    registration = serializers.IntegerField(source="pk", read_only=True)
    job_seeker = serializers.IntegerField(source="job_seeker_id", read_only=True)
    full_name = serializers.CharField(source="job_seeker.full_name", read_only=True)
    sex = serializers.CharField(source="job_seeker.sex", read_only=True)
    age_band = serializers.SerializerMethodField()
    phone = serializers.CharField(source="job_seeker.phone", read_only=True)
    email = serializers.CharField(source="job_seeker.email", read_only=True)
    general_education = serializers.CharField(source="job_seeker.general_education", read_only=True)
    qualification = serializers.CharField(source="job_seeker.qualification", read_only=True)
    major = serializers.CharField(source="job_seeker.major", read_only=True)
    experience = serializers.CharField(source="job_seeker.experience", read_only=True)
    skills = serializers.CharField(source="job_seeker.skills", read_only=True)
    wanted_occupation = serializers.CharField(source="job_seeker.wanted_occupation", read_only=True)
    wanted_salary = serializers.IntegerField(source="job_seeker.wanted_salary", read_only=True, allow_null=True)
    working_arrangement = serializers.CharField(source="job_seeker.working_arrangement", read_only=True)
    status = serializers.ChoiceField(choices=Registration.Status.choices, read_only=True)
    vacancies = serializers.SerializerMethodField(help_text="Vacancies of interest (an employer: only its own)")
    cohorts = serializers.SerializerMethodField(
        help_text="Cohort codes (an employer: only those the person agreed to show employers)"
    )
    interviews = serializers.SerializerMethodField(help_text="Interviews (an employer: only for its own vacancies)")

    def get_age_band(self, registration) -> str | None:
        return age_band(
            registration.job_seeker.date_of_birth, timezone.localtime(registration.session.starts_at).date()
        )

    def get_vacancies(self, registration) -> list[int]:
        return [vacancy.pk for vacancy in registration.listed_vacancies]

    def get_cohorts(self, registration) -> list[str]:
        return [membership.cohort_id for membership in registration.job_seeker.listed_memberships]

    @extend_schema_field(CandidateInterviewSerializer(many=True))
    def get_interviews(self, registration):
        return CandidateInterviewSerializer(registration.listed_interviews, many=True).data


class CandidateCohortMembershipSerializer(serializers.Serializer):
    cohort = serializers.CharField(source="cohort_id", read_only=True)
    sensitive = serializers.BooleanField(source="cohort.sensitive", read_only=True)
    share_with_employers = serializers.BooleanField(read_only=True)
    verified = serializers.SerializerMethodField()

    def get_verified(self, membership) -> bool:
        return membership.verified_at is not None


@extend_schema_serializer(component_name="Candidate")
class StaffCandidateSerializer(CandidateSerializer):
    """Staff see everything, sensitive cohorts and identifiers included. The fields below are absent from an
    employer's view (so they are not marked required)."""

    # Output only; declared writable so that the schema does not mark them as always present.
    citizen_id = serializers.CharField(source="job_seeker.citizen_id", required=False, allow_null=True)
    date_of_birth = serializers.DateField(source="job_seeker.date_of_birth", required=False, allow_null=True)
    address = serializers.CharField(source="job_seeker.address", required=False)
    ward = serializers.CharField(source="job_seeker.ward_id", required=False, allow_null=True)
    accessibility_needs = serializers.CharField(source="job_seeker.accessibility_needs", required=False)
    needs_wheelchair_access = serializers.BooleanField(source="job_seeker.needs_wheelchair_access", required=False)
    needs_sign_language = serializers.BooleanField(source="job_seeker.needs_sign_language", required=False)
    needs_visual_assistance = serializers.BooleanField(source="job_seeker.needs_visual_assistance", required=False)
    source = serializers.ChoiceField(choices=Registration.Source.choices, required=False)
    checked_in_at = serializers.DateTimeField(required=False, allow_null=True)
    cohort_memberships = CandidateCohortMembershipSerializer(
        source="job_seeker.listed_memberships", many=True, required=False
    )


class CandidateFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Registration.Status.choices)
    vacancy = filters.NumberFilter(method="filter_vacancy", help_text="Interested in or interviewed for this vacancy")
    employer = filters.NumberFilter(
        method="filter_employer", help_text="Staff only: the candidates of this employer's vacancies"
    )

    class Meta:
        model = Registration
        fields = []

    def filter_vacancy(self, queryset, name, value):
        interested = Registration.vacancies.through.objects.filter(registration_id=OuterRef("pk"), vacancy_id=value)
        interviewed = Interview.objects.filter(registration_id=OuterRef("pk"), vacancy_id=value)
        return queryset.filter(Exists(interested) | Exists(interviewed))

    def filter_employer(self, queryset, name, value):
        if not is_staff_user(getattr(self.request, "user", None)):
            return queryset  # an employer's list is already its own; another's would tell who else they applied to
        interested = Registration.vacancies.through.objects.filter(
            registration_id=OuterRef("pk"), vacancy__employer_id=value
        )
        interviewed = Interview.objects.filter(registration_id=OuterRef("pk"), vacancy__employer_id=value)
        return queryset.filter(Exists(interested) | Exists(interviewed))


class SessionCandidatesView(generics.ListAPIView):
    """`GET sessions/{id}/candidates/`: who registered for the session, redacted for employers (DESIGN §4).

    - Staff: every registrant who has not cancelled, with everything (citizen ID, date of birth, street address,
      accessibility needs, every cohort with its sensitive and sharing flags).
    - An employer with an APPROVED booth at the session: only the registrants (not cancelled; waitlisted ones
      included, they may still get a seat) who registered interest in one of its vacancies or were interviewed for
      one. Never the citizen ID, date of birth (an age band instead), street address or ward, nor accessibility
      needs (they tell of a disability). Cohorts: only the memberships the person agreed to show employers
      (`share_with_employers`), sensitive or not. Vacancies and interviews: only the employer's own.
      Phone and e-mail are shown: registering interest in an employer's vacancy at a job-exchange session is asking
      that employer to consider and contact you; this is what the session is for.
    - An employer without an approved booth at the session (none, applied, waitlisted, rejected, withdrawn):
      403 — the session itself is public, so hiding it would tell nothing; a session that does not exist (or is
      a draft) answers 404. Job seekers: 403.
    """

    permission_classes = [IsStaff | IsEmployer]
    filterset_class = CandidateFilter

    def get_serializer_class(self):
        return StaffCandidateSerializer if is_staff_user(self.request.user) else CandidateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        user = self.request.user
        session = get_object_or_404(selectors.session_lookup(include_drafts=is_staff_user(user)), pk=self.kwargs["pk"])
        if not selectors.sees_candidates(user, session):
            raise PermissionDenied(_("Only employers with an approved booth at this session see its candidates."))
        return selectors.candidates_visible_to(user, session)

    @extend_schema(parameters=[SESSION_ID], responses={200: StaffCandidateSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        record_candidates_seen(request, page)  # issue 11 item 7: who saw whose contact details
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
