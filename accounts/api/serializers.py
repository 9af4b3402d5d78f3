"""Explicit input and output serializers of the accounts API (field names of DESIGN §5)."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import (
    MONTHLY_SALARY_MAX,
    AdministrativeUnit,
    Cohort,
    CohortMembership,
    Employer,
    Experience,
    GeneralEducation,
    JobSeeker,
    Language,
    Ownership,
    Qualification,
    Sex,
    User,
    Verification,
    VsicSection,
    WorkforceSize,
    WorkingArrangement,
)
from accounts.services import JOB_SEEKER_PROFILE_FIELDS
from accounts.validators import validate_date_of_birth


class CodeRelatedField(serializers.SlugRelatedField):
    """Reference data by its code (cohort "disabled", province "01", ward "00070")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)


def ward_field(**kwargs):
    return CodeRelatedField(queryset=AdministrativeUnit.objects.filter(level="ward"), **kwargs)


class CohortSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Cohort
        fields = ["code", "name", "name_vi", "name_en", "sensitive"]
        read_only_fields = fields


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province_id", read_only=True, allow_null=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "level", "unit_type", "province"]
        read_only_fields = fields


class CohortDeclarationSerializer(serializers.Serializer):
    cohort = CodeRelatedField(queryset=Cohort.objects.all())
    share_with_employers = serializers.BooleanField(default=False)


class JobSeekerSignupSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, write_only=True, style={"input_type": "password"})
    full_name = serializers.CharField(max_length=120)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    citizen_id = serializers.CharField(max_length=20, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True, validators=[validate_date_of_birth])
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    ward = ward_field(required=False, allow_null=True)
    accept_terms = serializers.BooleanField()
    cohorts = CohortDeclarationSerializer(many=True, required=False)
    language = serializers.ChoiceField(choices=Language.choices, default=Language.VI)
    general_education = serializers.ChoiceField(choices=GeneralEducation.choices, required=False, allow_blank=True)
    qualification = serializers.ChoiceField(choices=Qualification.choices, required=False, allow_blank=True)


class EmployerSignupSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, write_only=True, style={"input_type": "password"})
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=255)
    tax_code = serializers.CharField(max_length=20)
    ward = ward_field()
    vsic_section = serializers.ChoiceField(choices=VsicSection.choices)
    ownership = serializers.ChoiceField(choices=Ownership.choices)
    contact_name = serializers.CharField(max_length=120)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    workforce_size = serializers.ChoiceField(choices=WorkforceSize.choices, required=False, allow_blank=True)
    main_products = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class EmployerSerializer(serializers.ModelSerializer):
    ward = serializers.CharField(source="ward_id", read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "tax_code",
            "ownership",
            "vsic_section",
            "main_products",
            "workforce_size",
            "address",
            "ward",
            "phone",
            "email",
            "website",
            "contact_name",
            "verification",
            "verified_at",
            "language",
            "notify_by_email",
            "notify_by_sms",
            "created_at",
        ]
        read_only_fields = fields


class EmployerUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255, required=False)
    ownership = serializers.ChoiceField(choices=Ownership.choices, required=False)
    vsic_section = serializers.ChoiceField(choices=VsicSection.choices, required=False)
    main_products = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    workforce_size = serializers.ChoiceField(choices=WorkforceSize.choices, required=False, allow_blank=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    ward = ward_field(required=False)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=120, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    notify_by_email = serializers.BooleanField(required=False)
    notify_by_sms = serializers.BooleanField(required=False)


class EmployerVerifyInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[Verification.VERIFIED, Verification.REJECTED])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MyCohortSerializer(serializers.ModelSerializer):
    """A group the job seeker declared, as they see it."""

    cohort = serializers.CharField(source="cohort_id", read_only=True, help_text="The cohort's code.")
    name = serializers.CharField(source="cohort.name", read_only=True)
    sensitive = serializers.BooleanField(source="cohort.sensitive", read_only=True)
    verified = serializers.SerializerMethodField(help_text="Checked by the centre's staff.")
    declared_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = CohortMembership
        fields = ["id", "cohort", "name", "sensitive", "share_with_employers", "verified", "declared_at"]
        read_only_fields = fields

    def get_verified(self, membership) -> bool:
        return membership.verified_at is not None


class MyCohortDeclareSerializer(CohortDeclarationSerializer):
    consent = serializers.BooleanField(
        help_text="The person agrees that the centre keeps this group, to invite them to sessions held for it."
    )

    def validate_consent(self, consent):
        if not consent:
            raise serializers.ValidationError(_("The centre keeps a group only with your consent: send consent true."))
        return consent


class MyProfileSerializer(serializers.ModelSerializer):
    """The job seeker's profile as PATCH me/ writes it (the language aside: the user's own field), with what
    identifies them (set at sign-up, corrected by staff) and the groups they declared. The citizen ID is not given
    back: only whether one is on file."""

    ward = serializers.CharField(source="ward_id", read_only=True, allow_null=True)
    has_citizen_id = serializers.SerializerMethodField()
    cohorts = MyCohortSerializer(source="cohort_memberships", many=True, read_only=True)

    class Meta:
        model = JobSeeker
        fields = [
            "full_name",
            "date_of_birth",
            "sex",
            "has_citizen_id",
            "phone",
            "email",
            "ward",
            "address",
            # what the profile's service writes (the web's form and PATCH me/ alike), the language aside: the user's
            *sorted(JOB_SEEKER_PROFILE_FIELDS - {"full_name", "ward", "address", "language"}),
            "cohorts",
        ]
        read_only_fields = fields

    def get_has_citizen_id(self, job_seeker) -> bool:
        return bool(job_seeker.citizen_id)


class MeSerializer(serializers.ModelSerializer):
    employer = serializers.PrimaryKeyRelatedField(read_only=True)
    phone_verified = serializers.BooleanField(source="phone_is_verified", read_only=True)
    email_verified = serializers.BooleanField(source="email_is_verified", read_only=True)
    job_seeker = serializers.SerializerMethodField()
    profile = serializers.SerializerMethodField(help_text="A job seeker's profile (null for staff and employers).")

    class Meta:
        model = User
        fields = [
            "id",
            "role",
            "username",
            "email",
            "email_verified",
            "phone",
            "phone_verified",
            "language",
            "employer",
            "job_seeker",
            "profile",
        ]
        read_only_fields = fields

    def get_job_seeker(self, user) -> int | None:
        job_seeker = getattr(user, "job_seeker", None)
        return job_seeker.pk if job_seeker is not None else None

    @extend_schema_field(MyProfileSerializer(allow_null=True))
    def get_profile(self, user) -> dict | None:
        job_seeker = getattr(user, "job_seeker", None)
        if job_seeker is None:
            return None
        prefetch_related_objects([job_seeker], Prefetch("cohort_memberships", queryset=my_cohorts()))
        return MyProfileSerializer(job_seeker).data


def my_cohorts():
    """The groups a person declared, in the order declared, each with its cohort."""
    return CohortMembership.objects.select_related("cohort").order_by("id")


class MeUpdateSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    full_name = serializers.CharField(max_length=120, required=False)
    ward = ward_field(required=False, allow_null=True)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    general_education = serializers.ChoiceField(choices=GeneralEducation.choices, required=False, allow_blank=True)
    qualification = serializers.ChoiceField(choices=Qualification.choices, required=False, allow_blank=True)
    major = serializers.CharField(max_length=120, required=False, allow_blank=True)
    wanted_occupation = serializers.RegexField(r"^[0-9]{1,5}$", required=False, allow_blank=True)
    wanted_salary = serializers.IntegerField(min_value=0, max_value=MONTHLY_SALARY_MAX, required=False, allow_null=True)
    working_arrangement = serializers.ChoiceField(choices=WorkingArrangement.choices, required=False, allow_blank=True)
    experience = serializers.ChoiceField(choices=Experience.choices, required=False, allow_blank=True)
    skills = serializers.CharField(max_length=4000, required=False, allow_blank=True)  # as the web's profile form
    accessibility_needs = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    needs_wheelchair_access = serializers.BooleanField(required=False)
    needs_sign_language = serializers.BooleanField(required=False)
    needs_visual_assistance = serializers.BooleanField(required=False)
    notify_by_email = serializers.BooleanField(required=False)
    notify_by_sms = serializers.BooleanField(required=False)
    allow_employer_suggestions = serializers.BooleanField(
        required=False, help_text="Employers whose vacancies fit may see the person as a suggested candidate."
    )
    invite_for_groups = serializers.BooleanField(
        required=False, help_text="Invitations to sessions held for the cohorts the person declared."
    )
    invite_for_matches = serializers.BooleanField(
        required=False, help_text="Invitations to sessions with vacancies in the person's occupation group, nearby."
    )

    # What identifies the person is set at sign-up and corrected by staff, who check the card; a group is declared
    # on the profile page. Sent here, each is refused by name instead of being dropped under a 200.
    NOT_CHANGED_HERE = ("date_of_birth", "sex", "citizen_id", "cohorts")

    def to_internal_value(self, data):
        if isinstance(data, dict) and (named := [name for name in self.NOT_CHANGED_HERE if name in data]):
            raise serializers.ValidationError(
                {
                    name: [
                        _("Not changed here: a group is declared on the profile page; the rest, call the centre.")
                        if name == "cohorts"
                        else _(
                            "Not changed here: the centre's staff correct it after checking the card; call the centre."
                        )
                    ]
                    for name in named
                }
            )
        return super().to_internal_value(data)
