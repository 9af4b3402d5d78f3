"""Forms of the employer's area: vacancies, booth requests, interviews and outcomes.

They check the shape of the input; the services in sessions.services decide and write.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.forms import OccupationField, WardFieldsMixin
from accounts.models import MONTHLY_SALARY_MAX, Cohort, Experience, GeneralEducation, Qualification, WorkingArrangement
from jobfair.forms import SiteFormMixin, WholeNumberField
from sessions.models import (
    ONLINE_LINK_MAX,
    BoothNeed,
    ContractType,
    HiringOutcome,
    Interview,
    SessionFormat,
    Vacancy,
    WorkPurpose,
)
from sessions.services.booths import MAX_RECRUITERS

DATE_INPUT = {"type": "date"}


class VacancyForm(SiteFormMixin, WardFieldsMixin, forms.Form):
    title = forms.CharField(
        label=_("Job title"),
        max_length=255,
        help_text=_("Your own name for the job, as candidates will read it, e.g. “Kế toán tổng hợp”."),
    )
    occupation = OccupationField(
        label=_("Occupation"),
        help_text=_("Type part of the occupation's name, e.g. “kế toán”, and choose it from the list."),
    )
    quantity = WholeNumberField(label=_("Number of places"), min_value=1, max_value=100_000, initial=1)
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
    salary_min = WholeNumberField(
        label=_("Minimum monthly salary (VND)"), min_value=0, max_value=MONTHLY_SALARY_MAX, required=False
    )
    salary_max = WholeNumberField(
        label=_("Maximum monthly salary (VND)"), min_value=0, max_value=MONTHLY_SALARY_MAX, required=False
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

    recruiter_count = WholeNumberField(
        label=_("How many recruiters come"), min_value=1, max_value=MAX_RECRUITERS, initial=1, required=False
    )
    needs = forms.MultipleChoiceField(
        label=_("What the booth needs"), choices=BoothNeed.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, vacancies: QuerySet[Vacancy], session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = vacancies
        self.fields["vacancies"].label_from_instance = lambda v: f"{v.title} ({v.quantity})"
        if session is not None and session.format == SessionFormat.IN_PERSON:  # a screen only at online sessions
            self.fields["needs"].choices = [c for c in BoothNeed.choices if c[0] != BoothNeed.SCREEN]

    def clean_recruiter_count(self):
        return self.cleaned_data.get("recruiter_count") or 1

    @staticmethod
    def initial_for(participation) -> dict:
        """The form filled with a request sent already, for changing it."""
        return {
            "vacancies": list(participation.vacancies.values_list("pk", flat=True)),
            "recruiter_count": participation.recruiter_count,
            "needs": list(participation.needs),
        }


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
    monthly_salary = WholeNumberField(
        label=_("Monthly salary (VND)"), min_value=0, max_value=MONTHLY_SALARY_MAX, required=False
    )
    seen = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)  # Interview.version() shown

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == HiringOutcome.Status.STARTED and not cleaned.get("start_date"):
            self.add_error("start_date", _("Give the date the person started work."))
        return cleaned


class OnlineRoomForm(SiteFormMixin, forms.Form):
    """The online interview room of the employer's booth at an online or hybrid session."""

    online_room_url = forms.URLField(
        label=_("Online interview room"),
        required=False,
        assume_scheme="https",
        max_length=ONLINE_LINK_MAX,
        help_text=_("Only the people registered for your vacancies at this session see it."),
    )
