"""Accounts API: sign-up, tokens, the signed-in user, reference data, employers."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.api.identity import SentSerializer, signup_accepted
from accounts.api.serializers import (
    AdministrativeUnitSerializer,
    CohortSerializer,
    EmployerSerializer,
    EmployerSignupSerializer,
    EmployerUpdateSerializer,
    EmployerVerifyInputSerializer,
    JobSeekerSignupSerializer,
    MeSerializer,
    MeUpdateSerializer,
    MyCohortDeclareSerializer,
    MyCohortSerializer,
    my_cohorts,
)
from accounts.models import AdministrativeUnit, Cohort, CohortMembership, Employer
from accounts.permissions import IsJobSeeker, IsStaff, is_employer_user, is_job_seeker_user, is_staff_user
from accounts.validators import contact_key
from jobfair.limits import SignupRateThrottle, TargetRateThrottle
from jobfair.text import fold_for_search


class SignupTargetRateThrottle(TargetRateThrottle):
    """Sign-ups aimed at one phone number (else e-mail), from wherever they come."""

    scope = "signup_target"

    def target_of(self, request):
        data = request.data if hasattr(request.data, "get") else {}
        value = data.get("phone") or data.get("email")
        return contact_key(value) if isinstance(value, str) and value.strip() else None


class JobSeekerSignupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [SignupRateThrottle, SignupTargetRateThrottle]

    @extend_schema(request=JobSeekerSignupSerializer, responses={202: SentSerializer})
    def post(self, request):
        """202 for every valid sign-up: a new account, or a phone/e-mail an account holds (its owner is told)."""
        data = JobSeekerSignupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cohorts = [(item["cohort"], item["share_with_employers"]) for item in fields.pop("cohorts", [])]
        job_seeker = services.job_seeker_signup(cohorts=cohorts, **fields)
        return signup_accepted(request, user=job_seeker.user if job_seeker else None, phone=fields.get("phone", ""))


class EmployerSignupView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [SignupRateThrottle, SignupTargetRateThrottle]

    @extend_schema(request=EmployerSignupSerializer, responses={202: SentSerializer})
    def post(self, request):
        """202 for every valid sign-up; the link sent by e-mail finishes it (employers sign in with their e-mail)."""
        data = EmployerSignupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        employer = services.employer_signup(**data.validated_data)
        return signup_accepted(request, user=employer.users.get() if employer else None, phone="")


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: MeSerializer})
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=MeUpdateSerializer, responses={200: MeSerializer})
    def patch(self, request):
        data = MeUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        user = request.user
        if is_job_seeker_user(user):
            services.job_seeker_update(job_seeker=user.job_seeker, actor=user, **changes)
        elif "language" in changes:
            user.language = changes.pop("language")
            user.save(update_fields=["language"])
        user.refresh_from_db()
        return Response(MeSerializer(user).data)


class MyCohortsView(APIView):
    """`me/cohorts/`: the groups the job seeker declared (GET), and declaring one (POST), with their consent, as the
    profile page does: a sensitive group is kept with a consent record, and sharing it with employers takes a
    consent of its own. Declaring a group again changes whether it is shared."""

    permission_classes = [IsJobSeeker]

    @extend_schema(responses={200: MyCohortSerializer(many=True)})
    def get(self, request):
        memberships = my_cohorts().filter(job_seeker=request.user.job_seeker)
        return Response(MyCohortSerializer(memberships, many=True).data)

    @extend_schema(request=MyCohortDeclareSerializer, responses={200: MyCohortSerializer, 201: MyCohortSerializer})
    def post(self, request):
        data = MyCohortDeclareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        job_seeker, cohort = request.user.job_seeker, data.validated_data["cohort"]
        declared_before = CohortMembership.objects.filter(job_seeker=job_seeker, cohort=cohort).exists()
        membership = services.cohort_membership_declare(
            job_seeker=job_seeker,
            cohort=cohort,
            share_with_employers=data.validated_data["share_with_employers"],
            actor=request.user,
        )
        return Response(
            MyCohortSerializer(my_cohorts().get(pk=membership.pk)).data,
            status=status.HTTP_200_OK if declared_before else status.HTTP_201_CREATED,
        )


class MyCohortStopSharingView(APIView):
    """`me/cohorts/{id}/stop-sharing/`: employers no longer see this group (the consent to share it withdrawn);
    the centre keeps it, to invite the person to sessions held for it."""

    permission_classes = [IsJobSeeker]

    @extend_schema(request=None, responses={200: MyCohortSerializer})
    def post(self, request, pk):
        membership = get_object_or_404(my_cohorts(), pk=pk, job_seeker=request.user.job_seeker)
        services.cohort_share_withdraw(membership=membership, actor=request.user)  # changes the row it is given
        return Response(MyCohortSerializer(membership).data)


class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = CohortSerializer
    queryset = Cohort.objects.all()
    pagination_class = None
    lookup_field = "code"
    lookup_value_regex = r"[-\w]+"  # a slug: anything else (a NUL byte would reach PostgreSQL) is a 404


class AdministrativeUnitFilter(filters.FilterSet):
    province = filters.CharFilter(field_name="province_id")
    level = filters.ChoiceFilter(choices=AdministrativeUnit.Level.choices)
    q = filters.CharFilter(method="filter_q", max_length=100)

    class Meta:
        model = AdministrativeUnit
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_name__contains=fold_for_search(value))


class AdministrativeUnitViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = AdministrativeUnitSerializer
    queryset = AdministrativeUnit.objects.all()
    filterset_class = AdministrativeUnitFilter
    lookup_field = "code"
    lookup_value_regex = "[0-9]+"  # official codes are digits; anything else (a NUL byte…) is a 404


class EmployerFilter(filters.FilterSet):
    verification = filters.ChoiceFilter(choices=Employer._meta.get_field("verification").choices)
    vsic_section = filters.CharFilter()
    ward = filters.CharFilter(field_name="ward_id")
    q = filters.CharFilter(method="filter_q", max_length=100)

    class Meta:
        model = Employer
        fields = []

    def filter_q(self, queryset, name, value):
        condition = Q()
        for word in fold_for_search(value).split()[:8]:
            condition &= Q(search_text__contains=word)
        return queryset.filter(condition)


class EmployerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff see every employer; an employer user sees only its own company."""

    permission_classes = [IsAuthenticated]
    serializer_class = EmployerSerializer
    filterset_class = EmployerFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        if is_staff_user(user):
            return Employer.objects.order_by("name", "id")
        if is_employer_user(user):
            return Employer.objects.filter(pk=user.employer_id)
        return Employer.objects.none()

    @extend_schema(request=EmployerUpdateSerializer, responses={200: EmployerSerializer})
    def partial_update(self, request, pk=None):
        employer = self.get_object()
        data = EmployerUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        employer = services.employer_update(employer=employer, actor=request.user, **data.validated_data)
        return Response(EmployerSerializer(employer).data)

    @extend_schema(request=EmployerVerifyInputSerializer, responses={200: EmployerSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsStaff])
    def verify(self, request, pk=None):
        employer = self.get_object()
        data = EmployerVerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        employer = services.employer_verify(employer=employer, actor=request.user, **data.validated_data)
        return Response(EmployerSerializer(employer).data)
