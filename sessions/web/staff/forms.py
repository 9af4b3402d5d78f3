"""Forms of the staff console. They check the shape of the input; sessions.services decides and writes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import WardFieldsMixin
from accounts.models import MONTHLY_SALARY_MAX, AdministrativeUnit, Cohort, Sex
from accounts.provinces import provinces_centre_first
from accounts.validators import validate_date_of_birth
from jobfair.dates import add_years
from jobfair.forms import SiteFormMixin, WholeNumberField
from sessions import selectors
from sessions.models import (
    ONLINE_LINK_MAX,
    FollowUpContact,
    HiringOutcome,
    Interview,
    JobSession,
    SessionFormat,
    SessionKind,
    SessionStatus,
    Venue,
)
from sessions.reports import exports, figures

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


def hour_field(label) -> forms.TimeField:
    """An hour to the minute, as the time input sends it (08:00): seconds or microseconds typed by hand are refused,
    not stored."""
    return forms.TimeField(label=label, input_formats=["%H:%M"], widget=forms.TimeInput(TIME_INPUT, format="%H:%M"))


def end_day_field() -> forms.DateField:
    """The day a session ends when it is not the day it starts (a two-day job fair, an online session past
    midnight): left empty, the session ends the day it starts."""
    return forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        help_text=_("Only when the session ends on a later day; leave empty when it ends the same day."),
    )


def end_day_initial(starts_at: datetime, ends_at: datetime) -> date | None:
    """What the end-day field shows for a session: its last day, when that is not its first (local time)."""
    end = timezone.localtime(ends_at).date()
    return end if end != timezone.localtime(starts_at).date() else None


class SlotFieldsMixin:
    """A venue, a day and the hours: the fields of a slot at a venue (create, move, the clash check)."""

    def slot(self) -> tuple[Venue | None, datetime, datetime] | None:
        data = self.cleaned_data
        if not all(data.get(name) for name in ("day", "start_time", "end_time")):
            return None
        return (
            data.get("venue"),
            local_datetime(data["day"], data["start_time"]),
            local_datetime(data.get("end_day") or data["day"], data["end_time"]),
        )

    # Hours the wrong way round are refused by the service (sessions.services.validate_session_fields), with its
    # message next to "Ends at": the form holds no rule of its own. It only points at "Ends on" when the hours
    # read as a session past midnight whose end day was left empty.

    def add_error(self, field, error):
        past_midnight = field == "end_time" and self._reads_as_past_midnight()
        super().add_error(field, error)
        if past_midnight:
            super().add_error("end_day", _("Ends after midnight? Choose here the day it ends."))

    def _reads_as_past_midnight(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        start, end = data.get("start_time"), data.get("end_time")
        return "end_day" in self.fields and not data.get("end_day") and bool(start and end) and end < start


class SessionForm(SlotFieldsMixin, SiteFormMixin, WardFieldsMixin, forms.Form):
    # The ward of a session without a venue (online, or a venue not yet known): with a venue, the venue's ward wins.
    ward_required = False

    title = forms.CharField(label=_("Title"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices, initial=SessionKind.PERIODIC)
    format = forms.ChoiceField(label=_("Format"), choices=SessionFormat.choices, initial=SessionFormat.IN_PERSON)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        max_length=ONLINE_LINK_MAX,
        help_text=_("For an online or hybrid session: the link everyone joins by."),
    )
    linked_provinces = forms.ModelMultipleChoiceField(
        label=_("Linked provinces"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an online session held together with other provinces."),
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))
    start_time = hour_field(_("Starts at"))
    end_time = hour_field(_("Ends at"))
    end_day = end_day_field()
    registration_opens_at = forms.SplitDateTimeField(
        label=_("Registration opens"),
        required=False,
        widget=forms.SplitDateTimeWidget(
            date_attrs=DATE_INPUT, time_attrs=TIME_INPUT, date_format="%Y-%m-%d", time_format="%H:%M"
        ),
        help_text=_("Empty: from now, at the latest a day before the session."),
    )
    registration_closes_at = forms.SplitDateTimeField(
        label=_("Registration closes"),
        required=False,
        widget=forms.SplitDateTimeWidget(
            date_attrs=DATE_INPUT, time_attrs=TIME_INPUT, date_format="%Y-%m-%d", time_format="%H:%M"
        ),
        help_text=_("Empty: when the session ends (people may still register on the day)."),
    )
    employer_capacity = WholeNumberField(
        label=_("Booths"),
        min_value=0,
        max_value=100_000,
        required=False,
        help_text=_("Empty: as many as the venue has."),
    )
    job_seeker_capacity = WholeNumberField(
        label=_("Seats"),
        min_value=0,
        max_value=1_000_000,
        required=False,
        help_text=_("Empty: as many as the venue has."),
    )
    target_cohorts = forms.ModelMultipleChoiceField(
        label=_("Target groups"), queryset=Cohort.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    cohort_only = forms.BooleanField(
        label=_("Only people of these groups can register"),
        required=False,
        help_text=_("Registration is refused to anyone who is not a member of a target group."),
    )
    theme = forms.CharField(label=_("Theme"), required=False, max_length=255)
    co_organisers = forms.CharField(label=_("Co-organisers"), required=False, max_length=2000)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )

    # what the services take as they are (the slot and the capacities are handled by the views)
    SERVICE_FIELDS = (
        "title",
        "kind",
        "format",
        "online_url",
        "registration_opens_at",
        "registration_closes_at",
        "target_cohorts",
        "cohort_only",
        "linked_provinces",
        "theme",
        "co_organisers",
        "description",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = _venues()
        self.fields["target_cohorts"].queryset = Cohort.objects.order_by("code")
        self.fields["linked_provinces"].queryset = provinces_centre_first()
        for name in ("registration_opens_at", "registration_closes_at"):  # two inputs under one label: name each
            field = self.fields[name]
            day_input, time_input = field.widget.widgets
            day_input.attrs["aria-label"] = f"{field.label}: {_('date')}"
            time_input.attrs["aria-label"] = f"{field.label}: {_('time')}"
        ward_code = self.initial.get("ward")
        self.setup_ward(AdministrativeUnit.objects.filter(pk=ward_code).first() if ward_code else None)
        self.fields["ward"].help_text = _("Without a venue: where the session is listed. With a venue: the venue's.")
        names = list(self.fields)
        self.order_fields([*names[: names.index("venue") + 1], "province", "ward"])

    def clean(self):
        cleaned = super().clean()
        # Without JavaScript a new province comes back with its wards to choose from, instead of saving no ward.
        province_without_ward = cleaned.get("province") is not None and cleaned.get("ward") is None
        if province_without_ward and not cleaned.get("venue") and "ward" not in self.errors:
            self.add_error("ward", _("Choose a ward or commune of the chosen province."))
        return cleaned

    @classmethod
    def initial_for(cls, session) -> dict:
        """The form filled with a session, for changing it."""
        start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {
            **{name: getattr(session, name) for name in cls.SERVICE_FIELDS if name not in SESSION_RELATIONS},
            "target_cohorts": list(session.target_cohorts.all()),
            "linked_provinces": list(session.linked_provinces.all()),
            "registration_opens_at": timezone.localtime(session.registration_opens_at),
            "registration_closes_at": timezone.localtime(session.registration_closes_at),
            "venue": session.venue_id,
            "ward": session.ward_id,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "end_day": end_day_initial(session.starts_at, session.ends_at),
            "employer_capacity": session.employer_capacity,
            "job_seeker_capacity": session.job_seeker_capacity,
        }

    def service_fields(self) -> dict:
        """The keyword arguments of services.session_create / session_update. Left empty: a new session takes the
        defaults (the venue's booths and seats, the default registration window); a change keeps what it has."""
        data = self.cleaned_data
        venue, starts_at, ends_at = self.slot()
        fields = {name: data[name] for name in self.SERVICE_FIELDS}
        fields.update(venue=venue, ward=data.get("ward"), starts_at=starts_at, ends_at=ends_at)
        for name in ("registration_opens_at", "registration_closes_at", "employer_capacity", "job_seeker_capacity"):
            if data.get(name) is not None:
                fields[name] = data[name]
            else:
                fields.pop(name, None)
        return fields


SESSION_RELATIONS = ("target_cohorts", "linked_provinces")
# The service fields named after the form's: a service's refusal goes next to the form field it is about.
SESSION_FIELD_MAP = {"starts_at": "day", "ends_at": "end_time"}


class OnlineRoomForm(SiteFormMixin, forms.Form):
    """The online interview room of one booth at an online or hybrid session."""

    online_room_url = forms.URLField(
        label=_("Online interview room"), required=False, assume_scheme="https", max_length=ONLINE_LINK_MAX
    )


class SeriesForm(SiteFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none())
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_time = hour_field(_("Starts at"))
    end_time = hour_field(_("Ends at"))
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = _venues()


class MoveForm(SlotFieldsMixin, SiteFormMixin, forms.Form):
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.none(), required=False)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"))
    start_time = hour_field(_("Starts at"))
    end_time = hour_field(_("Ends at"))
    end_day = end_day_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = _venues()


class CancelForm(SiteFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckInForm(SiteFormMixin, forms.Form):
    code = forms.CharField(
        label=_("QR code, desk code, phone or citizen ID"),
        help_text=_("Scan the QR code, or type the desk code (e.g. K7M-Q2P), the mobile number or the citizen ID."),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )


class WalkInForm(SiteFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    # typed as the card prints it or in groups (001 190 123 457, 001-190-123457): the digits are what is kept
    citizen_id = forms.CharField(label=_("Citizen ID (CCCD)"), max_length=20, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)

    def clean_citizen_id(self):
        return "".join(ch for ch in self.cleaned_data["citizen_id"] if ch not in " -.")

    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        validators=[validate_date_of_birth],
    )


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
        try:
            registration = selectors.session_interviewee(
                session=self.session, code_or_phone=self.cleaned_data["person"]
            )
        except selectors.SharedPhone as shared:
            names = ", ".join(r.job_seeker.full_name for r in shared.registrations)
            raise forms.ValidationError(
                _(
                    "Several people registered here share this mobile number (%(names)s): "
                    "type the desk code or scan the QR."
                )
                % {"names": names}
            ) from None
        if registration is None:
            raise forms.ValidationError(
                _("Nobody registered for this session (confirmed or checked in) has this code or mobile number.")
            )
        return registration


class BoothRowForm(forms.Form):
    """One row of the booths table: the booth's number and the centre's notes, checked here for what a text field
    never holds (a NUL byte); the services check lengths and numbers."""

    label = forms.CharField(label=_("Booth number"), required=False, strip=False)
    notes = forms.CharField(label=_("Staff notes"), required=False, strip=False)


class InterviewRowForm(forms.Form):
    """One row of the interview table: the result and what came of it."""

    result = forms.ChoiceField(label=_("Interview result"), choices=Interview.Result.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("(not known yet)")), *HiringOutcome.Status.choices], required=False
    )
    start_date = forms.DateField(label=_("Start date"), required=False)
    monthly_salary = WholeNumberField(
        label=_("Monthly salary (VND)"), min_value=0, max_value=MONTHLY_SALARY_MAX, required=False
    )
    seen = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)  # Interview.version() shown


class FollowUpForm(forms.Form):
    days = forms.TypedChoiceField(choices=((30, "30"), (90, "90")), coerce=int)
    still_employed = forms.TypedChoiceField(choices=(("1", "yes"), ("0", "no")), coerce=lambda v: v == "1")


FOLLOW_UP_DUE_CHOICES = (
    ("", _("Due now (30 and 90 days)")),
    ("30", _("30-day checks due")),
    ("90", _("90-day checks due")),
    ("overdue", _("Overdue")),
    ("done", _("Done")),
    ("referral", _("Not hired: a next step to offer")),
)


class FollowUpFilterForm(SiteFormMixin, forms.Form):
    """The follow-up list's filters (GET): a held session, an employer (name or tax code), what is due."""

    session = forms.ModelChoiceField(label=_("Session"), queryset=JobSession.objects.none(), required=False)
    employer = forms.CharField(label=_("Employer (name or tax code)"), max_length=100, required=False)
    due = forms.ChoiceField(label=_("Show"), choices=FOLLOW_UP_DUE_CHOICES, required=False)

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        now = now or timezone.now()
        # the sessions whose people can still be due for a check: held in the last year and a half
        self.fields["session"].queryset = (
            JobSession.objects.filter(ends_at__lt=now, starts_at__gte=now - timedelta(days=540))
            .exclude(status=SessionStatus.CANCELLED)
            .order_by("-starts_at", "-id")
        )
        self.fields["session"].empty_label = _("All sessions")


class FollowUpContactForm(forms.Form):
    """One attempt to reach a person for a check (the row's hidden outcome and check, the result and a note)."""

    due = forms.ChoiceField(choices=FollowUpContact.Due.choices)
    result = forms.ChoiceField(
        label=_("Result of the call"),
        choices=[("", _("Choose…")), *FollowUpContact.Result.choices],
        error_messages={"required": _("Choose what came of the call.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


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
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        validators=[figures.validate_report_day],
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(DATE_INPUT, format="%Y-%m-%d"),
        validators=[figures.validate_report_day],
    )
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
        if self.data.get("format", "") not in ("", *exports.FORMATS):  # a file asked for that the page cannot give
            raise forms.ValidationError(
                _("Unknown file format; choose from: %(formats)s.") % {"formats": ", ".join(exports.FORMATS)}
            )
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
