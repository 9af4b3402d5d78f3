import re
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_date_of_birth, validate_occupation_code
from jobfair.text import fold_for_search


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Role(models.TextChoices):
    STAFF = "staff", _("Centre staff")
    EMPLOYER = "employer", _("Employer")
    JOB_SEEKER = "job_seeker", _("Job seeker")


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class JobFairUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.STAFF)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. `username` holds the login they chose: the phone (E.164) or the e-mail."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.JOB_SEEKER)
    email = models.EmailField(_("e-mail"), blank=True, null=True, unique=True)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True, null=True, unique=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.VI)
    employer = models.ForeignKey(
        "accounts.Employer",
        verbose_name=_("employer"),
        related_name="users",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The company this user acts for (employer users only)."),
    )
    # The number and address the person proved they hold (an SMS code, an e-mail link). Kept as the value itself, so
    # that changing the phone or e-mail makes it unverified with no bookkeeping.
    verified_phone = models.CharField(_("verified phone"), max_length=16, blank=True, default="")
    verified_email = models.EmailField(_("verified e-mail"), blank=True, default="")

    objects = JobFairUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(employer__isnull=True) | Q(role="employer"),
                name="user_employer_only_for_employer_role",
            ),
        ]

    @property
    def phone_is_verified(self) -> bool:
        return bool(self.phone) and self.verified_phone == self.phone

    @property
    def email_is_verified(self) -> bool:
        return bool(self.email) and self.verified_email == self.email

    @property
    def is_centre_staff(self) -> bool:
        return self.is_superuser or self.role == Role.STAFF

    def save(self, *args, **kwargs):
        # Empty strings would collide under the unique constraints; absent values are NULL.
        self.email = (self.email or "").strip().lower() or None
        self.phone = self.phone or None
        if self.is_superuser:
            self.role = Role.STAFF
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        """A Vietnamese name is written family name first: Phạm Thị (last_name) Lan (first_name)."""
        return " ".join(part for part in (self.last_name, self.first_name) if part)


class AdministrativeUnit(models.Model):
    """A province or a ward/commune of the two-level local government in force since 2025-07-01."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        WARD = "ward", _("Ward/commune")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    unit_type = models.CharField(_("type"), max_length=40, help_text=_("phường, xã, đặc khu, thành phố…"))
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        related_name="wards",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    search_name = models.CharField(max_length=100, editable=False, db_index=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level="province") & Q(province__isnull=True))
                | (Q(level="ward") & Q(province__isnull=False)),
                name="adminunit_ward_has_province",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold_for_search(self.name)
        super().save(*args, **kwargs)


class Cohort(models.Model):
    """A priority group served by themed sessions; `sensitive` marks special-category personal data."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Special-category personal data: shown to employers only with the person's consent."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


class Occupation(models.Model):
    """An occupation of the Vietnamese occupation list (VSCO 2020, QD 34/2020/QD-TTg): the 10 major groups and the
    two-digit groups come from the reference list (accounts/data/code-lists.yaml); staff add, in the admin, the finer
    occupations (3 to 5 digits) the centre uses, each under a known two-digit group. Vacancies name one by its code."""

    class Level(models.IntegerChoices):
        MAJOR_GROUP = 1, _("Major group")
        SUB_MAJOR_GROUP = 2, _("Two-digit group")
        MINOR_GROUP = 3, _("Three-digit group")
        UNIT_GROUP = 4, _("Four-digit group")
        OCCUPATION = 5, _("Five-digit occupation")

    code = models.CharField(_("code"), max_length=5, primary_key=True, validators=[validate_occupation_code])
    name = models.CharField(_("name"), max_length=255)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{1,5}$"), name="occupation_code_digits"),
            models.CheckConstraint(
                condition=(Q(level=1) & Q(parent__isnull=True)) | (Q(level__gt=1) & Q(parent__isnull=False)),
                name="occupation_group_has_parent",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        self.level = len(self.code)
        self.parent = (
            Occupation.objects.filter(code__in=[self.code[:n] for n in range(1, len(self.code))])
            .order_by("-level")
            .first()
        )
        self.search_name = fold_for_search(f"{self.code} {self.name}")
        super().save(*args, **kwargs)

    def clean(self):
        """A finer occupation falls under a known two-digit group; its group is the longest known prefix."""
        code = (self.code or "").strip()
        self.code = code
        if not re.fullmatch(r"[0-9]{1,5}", code):
            return  # the code field's validator says why
        if len(code) >= 3 and not Occupation.objects.filter(code=code[:2]).exists():
            raise ValidationError(
                {
                    "code": _(
                        "No two-digit group %(group)s in the occupation list: a code of 3 to 5 digits must begin "
                        "with the code of a known group (e.g. 24 for 2411)."
                    )
                    % {"group": code[:2]}
                }
            )
        if len(code) == 2 and not Occupation.objects.filter(code=code[:1]).exists():
            raise ValidationError({"code": _("No major group %(group)s in the occupation list.") % {"group": code[0]}})


def validate_known_occupation(code: str) -> None:
    """An occupation code of the centre's list (VSCO 2020 and what staff added under it): what a vacancy, a wanted
    occupation and the occupation picker all accept."""
    if not Occupation.objects.filter(code=code).exists():
        raise ValidationError(
            _("%(code)s is not in the centre's occupation list: choose an occupation from the list.") % {"code": code},
            code="unknown_occupation",
        )


class Ownership(models.TextChoices):
    STATE = "state", _("State-owned")
    NON_STATE = "non_state", _("Non-state")
    FDI = "fdi", _("Foreign-invested")


class VsicSection(models.TextChoices):
    A = "A", _("A – Agriculture, forestry and fishing")
    B = "B", _("B – Mining and quarrying")
    C = "C", _("C – Manufacturing")
    D = "D", _("D – Electricity, gas, steam and air conditioning supply")
    E = "E", _("E – Water supply; sewerage, waste management")
    F = "F", _("F – Construction")
    G = "G", _("G – Wholesale and retail trade; repair of motor vehicles")
    H = "H", _("H – Transportation and storage")
    I = "I", _("I – Accommodation and food service")  # noqa: E741 - VSIC section letter
    J = "J", _("J – Information and communication")
    K = "K", _("K – Financial, banking and insurance activities")
    L = "L", _("L – Real estate activities")
    M = "M", _("M – Professional, scientific and technical activities")
    N = "N", _("N – Administrative and support service activities")
    O = "O", _("O – Party, public administration and defence; compulsory social security")  # noqa: E741
    P = "P", _("P – Education and training")
    Q = "Q", _("Q – Human health and social work")
    R = "R", _("R – Arts, entertainment and recreation")
    S = "S", _("S – Other service activities")
    T = "T", _("T – Activities of households as employers")
    U = "U", _("U – Activities of extraterritorial organisations")


class WorkforceSize(models.TextChoices):
    LT10 = "<10", "<10"
    S10_50 = "10-50", "10-50"
    S51_100 = "51-100", "51-100"
    S101_200 = "101-200", "101-200"
    S201_500 = "201-500", "201-500"
    S501_1000 = "501-1000", "501-1000"
    S1001_3000 = "1001-3000", "1001-3000"
    S3001_10000 = "3001-10000", "3001-10000"
    GT10000 = ">10000", ">10000"


class Verification(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Employer(TimeStamped):
    name = models.CharField(_("company name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    ownership = models.CharField(_("ownership"), max_length=16, choices=Ownership.choices)
    vsic_section = models.CharField(_("industry (VSIC section)"), max_length=1, choices=VsicSection.choices)
    main_products = models.TextField(_("main products and services"), blank=True)
    workforce_size = models.CharField(_("workforce size"), max_length=12, choices=WorkforceSize.choices, blank=True)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    ward = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("ward/commune"),
        related_name="employers",
        on_delete=models.PROTECT,
        limit_choices_to={"level": "ward"},
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120)
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices, default=Verification.PENDING
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.VI)
    notify_by_email = models.BooleanField(_("notices by e-mail"), default=True)
    notify_by_sms = models.BooleanField(_("notices by SMS"), default=False)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold_for_search(f"{self.name} {self.tax_code} {self.main_products}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "main_products"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED


class GeneralEducation(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY_INCOMPLETE = "primary_incomplete", _("Primary not completed")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")


class Qualification(models.TextChoices):
    """Technical qualification (CMKT), ordered from low to high."""

    UNTRAINED = "untrained", _("Untrained")
    SKILLED_NO_CERTIFICATE = "skilled_no_certificate", _("Skilled, no certificate")
    ELEMENTARY = "elementary", _("Elementary vocational")
    INTERMEDIATE = "intermediate", _("Intermediate vocational")
    COLLEGE = "college", _("College")
    UNIVERSITY = "university", _("University")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")


class Experience(models.TextChoices):
    NONE = "none", _("None required")
    LT1 = "lt1", _("Under 1 year")
    Y1_2 = "1-2", _("1-2 years")
    Y2_5 = "2-5", _("2-5 years")
    GT5 = "gt5", _("Over 5 years")


class WorkingArrangement(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")


# The highest monthly salary (VND) a form or the API takes, of a vacancy, an outcome or a wish: far above any wage,
# below what the database's integer columns hold (2^31 - 1).
MONTHLY_SALARY_MAX = 2_000_000_000

# The age bands of the centre's reports: (key, lowest age, first age past the band; None for the last band).
AGE_BANDS = (("15-24", 15, 25), ("25-34", 25, 35), ("35-44", 35, 45), ("45-54", 45, 55), ("55+", 55, None))


def age_band(date_of_birth: date | None, on: date) -> str | None:
    """The age band on a day ("15-24" … "55+", or "<15"); None without a date of birth. Employers see this
    instead of the date of birth; the reports group by the same bands (in SQL)."""
    if date_of_birth is None:
        return None
    age = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    if age < AGE_BANDS[0][1]:
        return f"<{AGE_BANDS[0][1]}"
    return next(key for key, _low, past in AGE_BANDS if past is None or age < past)


class JobSeeker(TimeStamped):
    """A person looking for work; `user` is empty for walk-ins registered by staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="job_seeker",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    full_name = models.CharField(_("full name"), max_length=120)
    citizen_id = models.CharField(_("citizen ID (CCCD)"), max_length=12, unique=True, null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True, validators=[validate_date_of_birth])
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    ward = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("ward/commune"),
        related_name="job_seekers",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": "ward"},
    )
    general_education = models.CharField(
        _("general education"), max_length=20, choices=GeneralEducation.choices, blank=True
    )
    qualification = models.CharField(
        _("technical qualification"), max_length=24, choices=Qualification.choices, blank=True
    )
    major = models.CharField(_("major"), max_length=120, blank=True)
    wanted_occupation = models.CharField(_("wanted occupation (VSCO)"), max_length=5, blank=True)
    wanted_salary = models.PositiveIntegerField(_("wanted monthly salary (VND)"), null=True, blank=True)
    working_arrangement = models.CharField(
        _("working arrangement"), max_length=10, choices=WorkingArrangement.choices, blank=True
    )
    experience = models.CharField(_("experience"), max_length=4, choices=Experience.choices, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    needs_wheelchair_access = models.BooleanField(_("needs wheelchair access"), default=False)
    needs_sign_language = models.BooleanField(_("needs sign language"), default=False)
    needs_visual_assistance = models.BooleanField(_("needs visual assistance"), default=False)
    cohorts = models.ManyToManyField(
        Cohort, verbose_name=_("cohorts"), through="CohortMembership", related_name="job_seekers", blank=True
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.VI)
    notify_by_email = models.BooleanField(_("notices by e-mail"), default=True)
    notify_by_sms = models.BooleanField(_("notices by SMS"), default=True)
    allow_employer_suggestions = models.BooleanField(
        _("allow employers to suggest me"),
        default=False,
        help_text=_("Employers whose vacancies fit my profile may see me as a suggested candidate."),
    )
    # Invitations to sessions (issue 15 item 2). Declaring a group is consenting to be invited to its sessions (the
    # declaration's consent says so); the person can stop that, and opts in to invitations by their profile.
    invite_for_groups = models.BooleanField(
        _("invite me to sessions held for my groups"),
        default=True,
        help_text=_("When the centre publishes a session for a group you declared."),
    )
    invite_for_matches = models.BooleanField(
        _("invite me to sessions with jobs that fit my profile"),
        default=False,
        help_text=_("When a session brings vacancies in the occupation group you are looking for, near you."),
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(citizen_id__isnull=True) | Q(citizen_id__regex=r"^[0-9]{12}$"),
                name="jobseeker_citizen_id_12_digits",
            ),
        ]

    def __str__(self):
        return self.full_name


class CohortMembership(TimeStamped):
    """A job seeker's declared cohort; sharing it with employers needs its own, revocable consent."""

    job_seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), related_name="cohort_memberships", on_delete=models.CASCADE
    )
    cohort = models.ForeignKey(Cohort, verbose_name=_("cohort"), related_name="memberships", on_delete=models.PROTECT)
    evidence_note = models.TextField(_("evidence"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    share_with_employers = models.BooleanField(_("may be shown to employers"), default=False)

    class Meta:
        verbose_name = _("cohort membership")
        verbose_name_plural = _("cohort memberships")
        constraints = [
            models.UniqueConstraint(fields=["job_seeker", "cohort"], name="cohortmembership_unique"),
        ]

    def __str__(self):
        return f"{self.job_seeker} – {self.cohort}"


class ConsentPurpose(models.TextChoices):
    TERMS = "terms", _("Terms of use and processing of personal data")
    SENSITIVE_COHORT = "sensitive_cohort", _("Processing of sensitive cohort data")
    SHARE_COHORT = "share_cohort", _("Showing the cohort to employers")
    SMS = "sms", _("Notices by SMS")
    EMAIL = "email", _("Notices by e-mail")


class ConsentRecord(models.Model):
    """Who consented to what, under which text version, when, and when it was withdrawn."""

    job_seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), related_name="consents", on_delete=models.CASCADE
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    text_version = models.CharField(_("text version"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.job_seeker} – {self.get_purpose_display()}"


class AuditEvent(models.Model):
    """The trail of who changed what, written by the services with the change itself."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="auditevent_object_idx")]

    def __str__(self):
        return f"{self.action} {self.object_type}#{self.object_id}"


class PersonalDataAccess(models.Model):
    """A read of someone's personal data (issue 11 item 7): who saw whose contact details or sensitive cohort, who
    exported it, who searched for people — when and from which address. Written by the views that show it; read by
    staff with the permission to view these rows, and by the person in their own data export."""

    class Kind(models.TextChoices):
        CONTACT = "contact", _("contact details")
        SENSITIVE_COHORT = "sensitive_cohort", _("sensitive cohort")
        EXPORT = "export", _("data export")
        SEARCH = "search", _("search of people")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Kept as it was at the time: a user may later be deleted or change company.
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    actor_employer = models.ForeignKey(
        Employer, verbose_name=_("company"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    where = models.CharField(_("page or endpoint"), max_length=200)
    job_seeker = models.ForeignKey(
        JobSeeker,
        verbose_name=_("whose data"),
        related_name="data_accesses",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["job_seeker", "at"], name="dataaccess_person_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.where}"


class OneTimeCode(models.Model):
    """A code sent by SMS to prove a phone number is the person's (issue 11 item 6): stored hashed, valid for
    minutes, a few tries; a new code of the same purpose replaces the old."""

    class Purpose(models.TextChoices):
        VERIFY_PHONE = "verify_phone", _("phone verification")
        RESET_PASSWORD = "reset_password", _("password reset")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices)
    phone = models.CharField(_("sent to"), max_length=16)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["user", "purpose", "created_at"], name="onetimecode_user_idx")]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.phone}"


class CitizenIdClaim(models.Model):
    """A citizen ID given by someone while another record holds it (issue 11 item 6): nobody is refused or told;
    staff check the card at the desk and move the ID to its owner, or dismiss the claim."""

    class Status(models.TextChoices):
        OPEN = "open", _("to check")
        MOVED = "moved", _("moved to the claimant")
        DISMISSED = "dismissed", _("dismissed")

    citizen_id = models.CharField(_("citizen ID (CCCD)"), max_length=12)
    claimant = models.ForeignKey(
        JobSeeker, verbose_name=_("claimed by"), related_name="citizen_id_claims", on_delete=models.CASCADE
    )
    holder = models.ForeignKey(
        JobSeeker, verbose_name=_("held by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("citizen ID claim")
        verbose_name_plural = _("citizen ID claims")
        ordering = ["status", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id", "claimant"], condition=Q(status="open"), name="citizenidclaim_one_open"
            )
        ]

    def __str__(self):
        return f"{self.citizen_id} · {self.get_status_display()}"


class EmployerInvitation(models.Model):
    """A colleague invited by e-mail to act for the employer (issue 13 item 4): the link carries a secret token, of
    which only a hash is kept; valid for days, used once."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), related_name="invitations", on_delete=models.CASCADE
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), related_name="+", on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account made"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("colleague invitation")
        verbose_name_plural = _("colleague invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email
