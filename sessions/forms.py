"""Forms of the web pages for sessions, vacancies, registrations, booths, interviews and outcomes.

They check the shape of the input; the services in sessions.services decide and write.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.forms import SiteFormMixin, WardFieldsMixin
from accounts.models import AdministrativeUnit, Cohort, Experience, GeneralEducation, Qualification, WorkingArrangement
from sessions.api.filters import SessionFilter
from sessions.api.vacancies import VacancyFilter
from sessions.models import ContractType, HiringOutcome, Interview, JobSession, SessionKind, Vacancy, WorkPurpose

DATE_INPUT = {"type": "date"}


def _cohort_field(label, empty_label):
    field = forms.ModelChoiceField(
        queryset=Cohort.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        label=label,
        empty_label=empty_label,
    )
    field.label_from_instance = lambda cohort: cohort.name
    return field


class SessionSearchForm(SiteFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("A word of the title or the theme. Accents are optional: “ke toan” finds “Kế toán”."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of session"), choices=[("", _("All kinds")), *SessionKind.choices], required=False
    )
    cohort = _cohort_field(_("For the group"), _("Everyone"))
    ward = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(),
        to_field_name="code",
        required=False,
        label=_("Ward or commune"),
        empty_label=_("All places"),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))

    def __init__(self, *args, sessions: QuerySet[JobSession], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].label_from_instance = lambda cohort: cohort.name
        ward_codes = sessions.exclude(ward__isnull=True).values("ward_id")
        self.fields["ward"].queryset = AdministrativeUnit.objects.filter(pk__in=ward_codes).order_by("name")

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("This date must not be before the “From” date."))
        return cleaned

    def filter(self, sessions: QuerySet[JobSession]) -> QuerySet[JobSession]:
        """The sessions matching the criteria (the same filter as the API's `GET sessions/`); a criterion with an
        error (shown next to its field) is left out."""
        self.is_valid()
        data = self.cleaned_data
        params = {
            "q": data.get("q") or "",
            "kind": data.get("kind") or "",
            "cohort": data["cohort"].code if data.get("cohort") else "",
            "ward": data["ward"].code if data.get("ward") else "",
            "date_from": data["date_from"].isoformat() if data.get("date_from") else "",
            "date_to": data["date_to"].isoformat() if data.get("date_to") else "",
        }
        return SessionFilter(data={k: v for k, v in params.items() if v}, queryset=sessions).qs


class VacancySearchForm(SiteFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("A job title or a skill. Accents are optional: “ban hang” finds “Bán hàng”."),
    )
    province = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).order_by("name"),
        to_field_name="code",
        required=False,
        label=_("Work place (province or city)"),
        empty_label=_("All places"),
    )
    education = forms.ChoiceField(
        label=_("Your general education"),
        choices=[("", _("Any")), *GeneralEducation.choices],
        required=False,
        help_text=_("Shows the vacancies open to it."),
    )
    salary_min = forms.IntegerField(
        label=_("Monthly salary at least (VND)"),
        min_value=0,
        max_value=2_000_000_000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 500000}),
    )
    cohort = _cohort_field(_("Priority for the group"), _("Everyone"))
    session = forms.ModelChoiceField(
        queryset=JobSession.objects.none(),
        required=False,
        label=_("Offered at the session"),
        empty_label=_("Any session"),
    )
    disability_accessible = forms.BooleanField(
        label=_("Only vacancies open to people with disabilities"), required=False
    )

    def __init__(self, *args, sessions: QuerySet[JobSession], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].label_from_instance = lambda cohort: cohort.name
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: f"{s.code} – {s.title}"

    def filter(self, vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
        self.is_valid()
        data = self.cleaned_data
        params = {
            "q": data.get("q") or "",
            "province": data["province"].code if data.get("province") else "",
            "education": data.get("education") or "",
            "salary_min": "" if data.get("salary_min") is None else str(data["salary_min"]),
            "cohort": data["cohort"].code if data.get("cohort") else "",
            "session": str(data["session"].pk) if data.get("session") else "",
        }
        vacancies = VacancyFilter(data={k: v for k, v in params.items() if v}, queryset=vacancies).qs
        if data.get("disability_accessible"):
            vacancies = vacancies.filter(disability_accessible=True)
        return vacancies


class VacancyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, vacancy):
        return f"{vacancy.title} – {vacancy.employer.name}"


class RegistrationForm(SiteFormMixin, forms.Form):
    vacancies = VacancyChoiceField(
        queryset=Vacancy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Vacancies you are interested in"),
        help_text=_("The employers of the vacancies you tick will see your registration and may contact you."),
    )

    def __init__(self, *args, vacancies: QuerySet[Vacancy], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = vacancies


class CancelRegistrationForm(forms.Form):
    """Nothing to fill in: the POST itself (with its CSRF token) is the confirmation."""


class DeleteAccountForm(SiteFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my account will be closed and my personal data erased, and that this cannot be undone."
        ),
        error_messages={"required": _("Tick this box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password


# --- the employer's area --------------------------------------------------------------------------------------


class VacancyForm(SiteFormMixin, WardFieldsMixin, forms.Form):
    title = forms.CharField(label=_("Job title"), max_length=255)
    occupation = forms.RegexField(
        regex=r"^[0-9]{1,5}$",
        max_length=5,
        label=_("Occupation code (VSCO)"),
        help_text=_("1 to 5 digits of the Vietnamese occupation list, e.g. 2411 for an accountant."),
        error_messages={"invalid": _("An occupation code (VSCO) has 1 to 5 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    quantity = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=100_000, initial=1)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    min_education = forms.ChoiceField(
        label=_("Minimum general education"),
        choices=[("", _("None required")), *GeneralEducation.choices],
        required=False,
    )
    min_qualification = forms.ChoiceField(
        label=_("Minimum qualification"), choices=[("", _("None required")), *Qualification.choices], required=False
    )
    major = forms.CharField(label=_("Major"), max_length=120, required=False)
    experience = forms.ChoiceField(label=_("Experience"), choices=Experience.choices, initial=Experience.NONE)
    working_arrangement = forms.ChoiceField(
        label=_("Working arrangement"), choices=WorkingArrangement.choices, initial=WorkingArrangement.FULL_TIME
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=WorkPurpose.choices, initial=WorkPurpose.LONG_TERM)
    contract_type = forms.ChoiceField(
        label=_("Contract type"), choices=[("", _("— choose —")), *ContractType.choices], required=False
    )
    salary_min = forms.IntegerField(
        label=_("Minimum monthly salary (VND)"), min_value=0, max_value=2_000_000_000, required=False
    )
    salary_max = forms.IntegerField(
        label=_("Maximum monthly salary (VND)"), min_value=0, max_value=2_000_000_000, required=False
    )
    salary_negotiable = forms.BooleanField(label=_("Salary negotiable"), required=False)
    disability_accessible = forms.BooleanField(label=_("Open to people with disabilities"), required=False)
    priority_cohorts = forms.ModelMultipleChoiceField(
        queryset=Cohort.objects.order_by("position", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Priority groups"),
    )
    deadline = forms.DateField(
        label=_("Application deadline"), required=False, widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d")
    )

    FIELDS = (
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
        "disability_accessible",
        "deadline",
    )

    def __init__(self, *args, vacancy: Vacancy | None = None, employer=None, **kwargs):
        initial = kwargs.pop("initial", {})
        if vacancy is not None:
            initial = {name: getattr(vacancy, name) for name in self.FIELDS if name != "ward"}
            initial["priority_cohorts"] = list(vacancy.priority_cohorts.all())
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["priority_cohorts"].label_from_instance = lambda cohort: cohort.name
        self.setup_ward(vacancy.ward if vacancy is not None else (employer.ward if employer is not None else None))
        self.order_fields(["title", "occupation", "quantity", "description", "province", "ward"])

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", _("The maximum salary must not be lower than the minimum salary."))
        return cleaned

    def service_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data.get(name) for name in self.FIELDS}
        for name in ("description", "min_education", "min_qualification", "major", "contract_type"):
            fields[name] = fields[name] or ""
        fields["priority_cohorts"] = list(data.get("priority_cohorts") or [])
        return fields


class BoothRequestForm(SiteFormMixin, forms.Form):
    vacancies = forms.ModelMultipleChoiceField(
        queryset=Vacancy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Vacancies you bring to the session"),
        error_messages={"required": _("Choose at least one vacancy.")},
    )

    def __init__(self, *args, vacancies: QuerySet[Vacancy], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = vacancies
        self.fields["vacancies"].label_from_instance = lambda v: f"{v.title} ({v.quantity})"


class InterviewForm(SiteFormMixin, forms.Form):
    vacancy = forms.ModelChoiceField(queryset=Vacancy.objects.none(), label=_("Vacancy"), empty_label=None)
    result = forms.ChoiceField(label=_("Interview result"), choices=Interview.Result.choices)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, vacancies: QuerySet[Vacancy], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancy"].queryset = vacancies
        # Each candidate has a form of their own on the page: the prefix keeps the ids unique.
        self.fields["vacancy"].label_from_instance = lambda v: v.title


class OutcomeForm(SiteFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=HiringOutcome.Status.choices, widget=forms.RadioSelect)
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        help_text=_("Required when the person started work."),
    )
    monthly_salary = forms.IntegerField(
        label=_("Monthly salary (VND)"), min_value=0, max_value=2_000_000_000, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == HiringOutcome.Status.STARTED and not cleaned.get("start_date"):
            self.add_error("start_date", _("Give the date the person started work."))
        return cleaned
