"""Referrals to a next step (issue 15 items 4 and 6): staff record and move on anyone's; a job seeker reads their
own and records one themselves (a course they signed up for, counselling they went to). Writes go through
sessions.services.referrals, which checks what each kind needs and audits every step."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import JobSeeker
from accounts.permissions import IsJobSeeker, IsStaff
from sessions import selectors, services
from sessions.api.views import REFUSAL
from sessions.models import Interview, Referral


class ReferralSerializer(serializers.ModelSerializer):
    session_code = serializers.CharField(source="session.code", read_only=True, allow_null=True)
    vacancy_title = serializers.CharField(source="vacancy.title", read_only=True, allow_null=True)
    recorded_by_the_person = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id", "job_seeker", "kind", "status", "training_provider", "course", "session", "session_code",
            "vacancy", "vacancy_title", "interview", "follow_up_on", "note", "recorded_by_the_person",
            "created_at", "status_changed_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_recorded_by_the_person(self, referral) -> bool:
        person = referral.job_seeker
        return referral.referred_by_id is not None and referral.referred_by_id == person.user_id


class ReferralInputSerializer(serializers.Serializer):
    """What a referral names; which of these a kind needs is the service's rule (a 400 says which is missing)."""

    kind = serializers.ChoiceField(choices=Referral.Kind.choices)
    training_provider = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    course = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    session = serializers.PrimaryKeyRelatedField(queryset=selectors.session_list(), required=False, allow_null=True)
    vacancy = serializers.PrimaryKeyRelatedField(queryset=selectors.vacancy_list(), required=False, allow_null=True)
    follow_up_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OwnReferralInputSerializer(ReferralInputSerializer):
    """A next step the person took themselves, as the web's form takes it: a vacancy they apply for is a
    registration, not this."""

    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in Referral.Kind if k != Referral.Kind.VACANCY])


class StaffReferralInputSerializer(ReferralInputSerializer):
    job_seeker = serializers.PrimaryKeyRelatedField(queryset=JobSeeker.objects.filter(anonymised_at__isnull=True))
    interview = serializers.PrimaryKeyRelatedField(queryset=Interview.objects.all(), required=False, allow_null=True)


class ReferralStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    note = serializers.CharField(max_length=2000, required=False)


def _referrals():
    return Referral.objects.select_related("job_seeker", "session", "vacancy").order_by("-created_at", "-id")


class ReferralViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Staff: every referral, filtered by person, kind or status; record one; move one on
    (referred → attended → completed / dropped)."""

    permission_classes = [IsStaff]
    serializer_class = ReferralSerializer
    filterset_fields = ["job_seeker", "kind", "status"]

    def get_queryset(self):
        return _referrals()

    @extend_schema(request=StaffReferralInputSerializer, responses={201: ReferralSerializer})
    def create(self, request):
        data = StaffReferralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = services.referral_create(actor=request.user, **data.validated_data)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReferralStatusSerializer, responses={200: ReferralSerializer, 409: REFUSAL})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        data = ReferralStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = services.referral_set_status(referral=self.get_object(), actor=request.user, **data.validated_data)
        return Response(ReferralSerializer(referral).data)


class MyReferralsView(generics.ListCreateAPIView):
    """`me/referrals/`: the signed-in job seeker's referrals, latest first; POST records one they took themselves."""

    permission_classes = [IsJobSeeker]
    serializer_class = ReferralSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Referral.objects.none()
        return _referrals().filter(job_seeker=self.request.user.job_seeker)

    @extend_schema(request=OwnReferralInputSerializer, responses={201: ReferralSerializer})
    def post(self, request, *args, **kwargs):
        data = OwnReferralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = services.referral_create(
            job_seeker=request.user.job_seeker, actor=request.user, **data.validated_data
        )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)
