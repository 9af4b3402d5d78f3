"""Search forms of the public pages: the same filters as the API's lists."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import MONTHLY_SALARY_MAX, AdministrativeUnit, Cohort, GeneralEducation
from accounts.provinces import provinces_centre_first
from jobfair.forms import SiteFormMixin, WholeNumberField
from sessions.filters import SessionFilter, VacancyFilter
from sessions.models import JobSession, SessionKind, Vacancy
from sessions.services.surveys import SURVEY_COMMENT_MAX_LENGTH

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
        queryset=provinces_centre_first(),
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
    salary_min = WholeNumberField(
        label=_("Monthly salary at least (VND)"),
        min_value=0,
        max_value=MONTHLY_SALARY_MAX,
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


RATING_CHOICES = [
    (1, _("1 – Very dissatisfied")),
    (2, _("2 – Dissatisfied")),
    (3, _("3 – Neither satisfied nor dissatisfied")),
    (4, _("4 – Satisfied")),
    (5, _("5 – Very satisfied")),
]


class RatingRadios(forms.RadioSelect):
    def id_for_label(self, id_, index=None):
        if index is None:  # the field's own: the error summary's link leads to the first choice, as GOV.UK's does
            return f"{id_}_0" if id_ else ""
        return super().id_for_label(id_, index)  # each choice's


class SurveyForm(SiteFormMixin, forms.Form):
    """The one question after a session: a rating from 1 to 5 (radio buttons, each with its words) and a comment."""

    rating = forms.TypedChoiceField(
        label=_("How satisfied were you with the session?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=RatingRadios,
        error_messages={
            "required": _("Choose how satisfied you were, from 1 to 5."),
            "invalid_choice": _("Choose how satisfied you were, from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell the centre?"),
        help_text=_("What went well, what could be better. Please do not write personal details."),
        required=False,
        max_length=SURVEY_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
