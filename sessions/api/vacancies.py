"""Vacancies API: anyone finds open vacancies; an employer posts and edits its own, staff any employer's.

Who sees what: the public (and job seekers) see open vacancies of verified employers; an employer user also sees
every vacancy of its own (closed ones, and all of them while the centre has not verified it yet); staff see all.
Writing: an employer only its own vacancies (the employer is taken from the signed-in user, never from the body;
another employer's vacancy answers 404); staff name the `employer` when posting.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response

from accounts.models import (
    MONTHLY_SALARY_MAX,
    AdministrativeUnit,
    Cohort,
    Employer,
    Experience,
    GeneralEducation,
    Qualification,
    WorkingArrangement,
)
from accounts.permissions import is_employer_user, is_staff_user
from sessions import selectors, services
from sessions.api.serializers import CodeRelatedField
from sessions.filters import VacancyFilter
from sessions.models import ContractType, Vacancy, WorkPurpose

BENEFITS = [
    "meals",
    "social_insurance",
    "life_insurance",
    "severance",
    "childcare",
    "shuttle_bus",
    "travel_allowance",
    "dormitory",
    "housing_allowance",
    "training",
    "disability_access",
    "promotion",
]
RECRUITMENT_METHODS = ["in_person", "phone", "online_interview", "cv"]


class VacancyOutputSerializer(serializers.ModelSerializer):
    employer = serializers.PrimaryKeyRelatedField(read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    ward = serializers.CharField(source="ward_id", read_only=True)
    priority_cohorts = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text="Cohort codes")
    benefits = serializers.ListField(child=serializers.CharField(), read_only=True)
    recruitment_methods = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "employer",
            "employer_name",
            "title",
            "occupation",
            "quantity",
            "description",
            "min_education",
            "min_qualification",
            "major",
            "experience",
            "working_arrangement",
            "purpose",
            "contract_type",
            "ward",
            "salary_min",
            "salary_max",
            "salary_negotiable",
            "benefits",
            "priority_cohorts",
            "disability_accessible",
            "recruitment_methods",
            "deadline",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class VacancyInputSerializer(serializers.Serializer):
    """What an employer writes. `employer` is read only for employers (their own company, from their account);
    staff must give it when posting. `status` (open/closed) can only be changed, not set when posting."""

    employer = serializers.PrimaryKeyRelatedField(
        queryset=Employer.objects.all(), required=False, help_text="Staff only: the employer the vacancy is for."
    )
    title = serializers.CharField(max_length=255)
    occupation = serializers.RegexField(r"^[0-9]{1,5}$", help_text="VSCO 2020 occupation code (1-5 digits)")
    quantity = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    description = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    min_education = serializers.ChoiceField(choices=GeneralEducation.choices, required=False, allow_blank=True)
    min_qualification = serializers.ChoiceField(choices=Qualification.choices, required=False, allow_blank=True)
    major = serializers.CharField(max_length=120, required=False, allow_blank=True)
    experience = serializers.ChoiceField(choices=Experience.choices, required=False)
    working_arrangement = serializers.ChoiceField(choices=WorkingArrangement.choices, required=False)
    purpose = serializers.ChoiceField(choices=WorkPurpose.choices, required=False)
    contract_type = serializers.ChoiceField(choices=ContractType.choices, required=False, allow_blank=True)
    ward = CodeRelatedField(queryset=AdministrativeUnit.objects.filter(level="ward"))
    salary_min = serializers.IntegerField(min_value=0, max_value=MONTHLY_SALARY_MAX, required=False, allow_null=True)
    salary_max = serializers.IntegerField(min_value=0, max_value=MONTHLY_SALARY_MAX, required=False, allow_null=True)
    salary_negotiable = serializers.BooleanField(required=False)
    benefits = serializers.ListField(
        child=serializers.ChoiceField(choices=BENEFITS), required=False, max_length=len(BENEFITS)
    )
    priority_cohorts = CodeRelatedField(queryset=Cohort.objects.all(), many=True, required=False)
    disability_accessible = serializers.BooleanField(required=False)
    recruitment_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=RECRUITMENT_METHODS), required=False, max_length=len(RECRUITMENT_METHODS)
    )
    deadline = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if "employer" in self.fields and request is not None and not is_staff_user(request.user):
            del self.fields["employer"]  # an employer posts for itself: whatever the body says is ignored

    def validate_benefits(self, value):
        return list(dict.fromkeys(value))

    def validate_recruitment_methods(self, value):
        return list(dict.fromkeys(value))


class VacancyUpdateSerializer(VacancyInputSerializer):
    """A change of a vacancy; `status` closes ("closed") or reopens ("open") it. The employer cannot change."""

    employer = None
    status = serializers.ChoiceField(choices=Vacancy.Status.choices, required=False)


class CanPostVacancies(BasePermission):
    """Reading is for everyone; posting and changing for employer users and staff."""

    def has_permission(self, request, view):
        if view.action in ("list", "retrieve"):
            return True
        return is_staff_user(request.user) or is_employer_user(request.user)


class VacancyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [CanPostVacancies]
    serializer_class = VacancyOutputSerializer
    filterset_class = VacancyFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        if self.action == "partial_update":  # an employer changes only its own: another's answers 404
            return selectors.vacancies_changeable_by(self.request.user)
        return selectors.vacancies_visible_to(self.request.user)

    def _output(self, vacancy, status_code=status.HTTP_200_OK):
        vacancy = selectors.vacancy_list(include_all=True).get(pk=vacancy.pk)
        return Response(VacancyOutputSerializer(vacancy).data, status=status_code)

    @extend_schema(request=VacancyInputSerializer, responses={201: VacancyOutputSerializer})
    def create(self, request):
        data = VacancyInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        chosen = fields.pop("employer", None)
        if is_staff_user(request.user):
            if chosen is None:
                raise ValidationError({"employer": [_("Choose the employer the vacancy is for.")]})
            employer = chosen
        elif is_employer_user(request.user):
            employer = request.user.employer  # never from the body
        else:  # pragma: no cover - refused by the permission
            raise PermissionDenied()
        vacancy = services.vacancy_create(actor=request.user, employer=employer, **fields)
        return self._output(vacancy, status.HTTP_201_CREATED)

    @extend_schema(request=VacancyUpdateSerializer(partial=True), responses={200: VacancyOutputSerializer})
    def partial_update(self, request, pk=None):
        vacancy = self.get_object()
        data = VacancyUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        vacancy = services.vacancy_update(vacancy=vacancy, actor=request.user, **data.validated_data)
        return self._output(vacancy)
