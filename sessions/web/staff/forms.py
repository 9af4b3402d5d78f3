"""Forms of the staff console. They check the shape of the input; sessions.services decides and writes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Sex
from jobfair.dates import add_years
from jobfair.forms import SiteFormMixin
from sessions import selectors
from sessions.models import HiringOutcome, Interview, SessionFormat, SessionKind, Venue
from sessions.reports import figures

DATE_INPUT = {"type": "date"}
TIME_INPUT = {"type": "time"}
WEEKDAYS = (
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
)


def _venues():
    return Venue.objects.filter(is_active=True).order_by("name")


def local_datetime(day: date, moment) -> datetime:
    return datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())


class SlotFieldsMixin:
    """A venue, a day and the hours: the fields of a slot at a venue (create, move, the clash check)."""

    def slot(self) -> tuple[Venue | None, datetime, datetime] | None:
        data = self.cleaned_data
        if not all(data.get(name) for name in ("day", "start_time", "end_time")):
            return None
        return (
            data.get("venue"),
            local_datetime(data["day"], data["start_time"]),
            local_datetime(data["day"], data["end_time"]),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_time") and cleaned.get("end_time") and cleaned["end_time"] <= cleaned["start_time"]:
            self.add_error("end_time", _("The session must end after it starts."))
        return cleaned


class SessionForm(SlotFieldsMixin, SiteFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices, initial=SessionKind.PERIODIC)
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices, initial=SessionFormat.IN_PERSON)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(TIME_INPUT, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(TIME_INPUT, format="%H:%M"))
    employer_capacity = forms.IntegerField(
        label=_("Booths"), min_value=0, required=False, help_text=_("Empty: as many as the venue has.")
    )
    job_seeker_capacity = forms.IntegerField(
        label=_("Seats"), min_value=0, required=False, help_text=_("Empty: as many as the venue has.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = _venues()


class SeriesForm(SiteFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(TIME_INPUT, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(TIME_INPUT, format="%H:%M"))
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = _venues()


class MoveForm(SlotFieldsMixin, SiteFormMixin, forms.Form):
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(TIME_INPUT, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(TIME_INPUT, format="%H:%M"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = _venues()


class CancelForm(SiteFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckInForm(SiteFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )


class WalkInForm(SiteFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    citizen_id = forms.CharField(label=_("Citizen ID (CCCD)"), max_length=12, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))


class NewInterviewForm(SiteFormMixin, forms.Form):
    """A new interview: the person by the code of their QR or their mobile number (a job day has thousands of
    registrations, too many for a list), the vacancy among those the session's booths bring."""

    person = forms.CharField(
        label=_("Check-in code or mobile number"),
        max_length=32,
        help_text=_("Scan or type the code of the person's QR, or type their mobile number."),
    )
    vacancy = forms.ModelChoiceField(label=_("Vacancy"), queryset=None, empty_label=None)
    result = forms.ChoiceField(label=_("Interview result"), choices=Interview.Result.choices)

    def __init__(self, *args, session, vacancies, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["vacancy"].queryset = vacancies
        self.fields["vacancy"].label_from_instance = lambda v: f"{v.employer.name} – {v.title}"

    def clean_person(self):
        registration = selectors.session_interviewee(session=self.session, code_or_phone=self.cleaned_data["person"])
        if registration is None:
            raise forms.ValidationError(
                _("Nobody registered for this session (confirmed or checked in) has this code or mobile number.")
            )
        return registration


class InterviewRowForm(forms.Form):
    """One row of the interview table: the result and what came of it."""

    result = forms.ChoiceField(label=_("Interview result"), choices=Interview.Result.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("(not known yet)")), *HiringOutcome.Status.choices], required=False
    )
    start_date = forms.DateField(label=_("Start date"), required=False)
    monthly_salary = forms.IntegerField(label=_("Monthly salary (VND)"), min_value=0, required=False)


class FollowUpForm(forms.Form):
    days = forms.TypedChoiceField(choices=((30, "30"), (90, "90")), coerce=int)
    still_employed = forms.TypedChoiceField(choices=(("1", "yes"), ("0", "no")), coerce=lambda v: v == "1")


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(choices=(("verified", "verified"), ("rejected", "rejected")))
    note = forms.CharField(required=False, max_length=2000)


PERIODS = (("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year")), ("range", _("Any dates")))


class SummaryForm(SiteFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="year")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(q, q) for q in range(1, 5)], coerce=int, required=False
    )
    month = forms.TypedChoiceField(label=_("Month"), choices=[(m, m) for m in range(1, 13)], coerce=int, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(DATE_INPUT))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(DATE_INPUT))
    group_by = forms.MultipleChoiceField(
        label=_("Breakdowns"),
        choices=[(d, d) for d in figures.DIMENSIONS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_by"].choices = [(d, figures.dimension_label(d)) for d in figures.DIMENSIONS]

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        year = cleaned.get("year") or timezone.localdate().year
        if period == "range":
            start, end = cleaned.get("date_from"), cleaned.get("date_to")
            if not start or not end:
                raise forms.ValidationError(_("Give the first and the last day of the period."))
        elif period == "quarter":
            quarter = cleaned.get("quarter") or 1
            start = date(year, 3 * quarter - 2, 1)
            end = (date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)) - timedelta(days=1)
        elif period == "month":
            month = cleaned.get("month") or 1
            start = date(year, month, 1)
            end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
        if end < start:
            raise forms.ValidationError(_("The end of the period is before its start."))
        if end >= add_years(start, figures.MAX_YEARS):
            raise forms.ValidationError(_("The period is at most %(years)d years.") % {"years": figures.MAX_YEARS})
        cleaned["start"], cleaned["end"] = start, end
        return cleaned
