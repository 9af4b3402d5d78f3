import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    AdministrativeUnit,
    Cohort,
    Employer,
    Experience,
    GeneralEducation,
    JobSeeker,
    Qualification,
    TimeStamped,
    WorkingArrangement,
)
from accounts.validators import validate_occupation_code
from jobfair.text import fold_for_search

USER = settings.AUTH_USER_MODEL


# A meeting link as the tools give it: a Teams link runs past 300 characters, beyond the URLField default of 200.
ONLINE_LINK_MAX = 1000


class Venue(TimeStamped):
    """A job exchange floor (central or satellite) or an external place for mobile sessions."""

    class Kind(models.TextChoices):
        CENTRAL_FLOOR = "central_floor", _("Central job exchange floor")
        SATELLITE_FLOOR = "satellite_floor", _("Satellite job exchange floor")
        EXTERNAL = "external", _("External venue")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    address = models.CharField(_("street address"), max_length=255)
    ward = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("ward/commune"),
        related_name="venues",
        on_delete=models.PROTECT,
        limit_choices_to={"level": "ward"},
    )
    booth_count = models.PositiveIntegerField(_("booths"), default=0)
    seat_capacity = models.PositiveIntegerField(_("seats"), default=0)
    accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    accessibility_notes = models.TextField(_("accessibility notes"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SessionKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic session")
    MOBILE = "mobile", _("Mobile session")
    THEMATIC = "thematic", _("Themed session")
    ONLINE = "online", _("Online session")
    JOB_DAY = "job_day", _("Job day")


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


class SessionSeries(TimeStamped):
    """A weekly series of periodic sessions at one venue; each occurrence is its own JobSession."""

    title = models.CharField(_("title"), max_length=255)
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), related_name="series", on_delete=models.PROTECT)
    weekdays = models.JSONField(_("weekdays"), help_text=_("0 = Monday … 6 = Sunday"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    skipped_dates = models.JSONField(_("skipped dates (holidays)"), default=list, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("weekly series")
        verbose_name_plural = _("weekly series")
        ordering = ["-date_from"]
        constraints = [
            models.CheckConstraint(condition=Q(date_to__gte=F("date_from")), name="series_dates_ordered"),
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="series_times_ordered"),
        ]

    def __str__(self):
        return self.title


class SessionCodeCounter(models.Model):
    """The last number handed out per year for human session codes (PGD-2026-0142)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("session code counter")
        verbose_name_plural = _("session code counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class JobSession(TimeStamped):
    """A phiên giao dịch việc làm."""

    code = models.CharField(_("code"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices)
    format = models.CharField(_("format"), max_length=10, choices=SessionFormat.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.DRAFT, db_index=True
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        related_name="sessions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    ward = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("ward/commune"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": "ward"},
        help_text=_("Where a mobile session is held; taken from the venue when empty."),
    )
    online_url = models.URLField(_("online link"), blank=True, max_length=ONLINE_LINK_MAX)
    linked_provinces = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("linked provinces"),
        related_name="linked_sessions",
        blank=True,
        limit_choices_to={"level": "province"},
    )
    co_organisers = models.TextField(_("co-organisers"), blank=True)
    target_cohorts = models.ManyToManyField(
        Cohort, verbose_name=_("target cohorts"), related_name="sessions", blank=True
    )
    cohort_only = models.BooleanField(
        _("only for the target cohorts"),
        default=False,
        help_text=_("Registration restricted to members of a target cohort."),
    )
    theme_vsic_sections = models.JSONField(_("theme (VSIC sections)"), default=list, blank=True)
    theme = models.CharField(_("theme"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    registration_opens_at = models.DateTimeField(_("registration opens at"))
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    employer_capacity = models.PositiveIntegerField(_("booths"))
    job_seeker_capacity = models.PositiveIntegerField(
        _("seats for job seekers"), null=True, blank=True, help_text=_("Empty = unlimited.")
    )
    series = models.ForeignKey(
        SessionSeries,
        verbose_name=_("weekly series"),
        related_name="sessions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    # When the invitations were last written (issue 15 item 2): at publication, and once more when registration
    # opens, for the vacancies approved in between; each person is invited once per session whatever the passes.
    invitations_written_at = models.DateTimeField(_("invitations written at"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    search_text = models.TextField(editable=False, blank=True)
    # What the session's registrations hold, kept by the database itself: a trigger on the registrations table
    # (migration 0017) adds and takes away as a registration is written, changes status or is deleted, whatever
    # writes it. Registering reads them on the locked session row instead of counting the registrations.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    waitlisted_count = models.PositiveIntegerField(_("people waiting"), default=0, editable=False)

    SEAT_COUNTERS = frozenset({"seats_taken", "waitlisted_count"})

    class Meta:
        verbose_name = _("job-exchange session")
        verbose_name_plural = _("job-exchange sessions")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="session_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(employer_capacity__gte=0), name="session_employer_capacity_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(job_seeker_capacity__isnull=True) | Q(job_seeker_capacity__gte=0),
                name="session_job_seeker_capacity_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(format="online") | Q(venue__isnull=False),
                name="session_venue_unless_online",
            ),
            # The PostgreSQL exclusion constraint "session_no_venue_overlap" is added by migration 0002.
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = fold_for_search(f"{self.code} {self.title} {self.theme} {self.description}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "theme", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        elif update_fields is None and self.pk is not None and not (self._state.adding or kwargs.get("force_insert")):
            # a save never writes back its copy of the seat counters: the trigger may have moved them since the read
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.SEAT_COUNTERS
            ]
        super().save(*args, **kwargs)

    def choice_label(self) -> str:
        """How a list of sessions to choose from names one: code, title and its local day and time."""
        return f"{self.code} – {self.title} – {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def has_free_seat(self) -> bool:
        """By the seat counters as this copy of the row read them (exact on the locked row)."""
        return self.job_seeker_capacity is None or self.seats_taken < self.job_seeker_capacity

    def registration_state(self, now: datetime) -> str:
        """Whether the session takes online registrations at `now`, and if not why: "open", "not_yet" (the window
        has not opened), "closed" (it has), "over" (not published, or ended) or "cancelled". The services refuse
        by it and the pages show it."""
        if self.status == SessionStatus.CANCELLED:
            return "cancelled"
        if self.status != SessionStatus.PUBLISHED or self.ends_at <= now:
            return "over"
        if now < self.registration_opens_at:
            return "not_yet"
        if now >= self.registration_closes_at:
            return "closed"
        return "open"

    @property
    def target_cohort_names(self) -> str:
        """The target cohorts by name, as a sentence names them ("Người khuyết tật, Thanh niên")."""
        return ", ".join(cohort.name for cohort in self.target_cohorts.all())

    def cohort_membership_of(self, job_seeker):
        """The person's declared cohort that lets them take part in a `cohort_only` session (one staff verified
        first), or None."""
        return (
            job_seeker.cohort_memberships.filter(cohort__in=self.target_cohorts.all())
            .select_related("cohort")
            .order_by(models.F("verified_at").desc(nulls_last=True), "id")
            .first()
        )

    @property
    def check_in_opens_at(self) -> datetime:
        return self.starts_at - timedelta(minutes=settings.CHECK_IN_OPENS_MINUTES_BEFORE)

    def local_days(self) -> list[date]:
        """The local days the session runs on: one, each day of a fair, or the evening and the small hours after it
        (an end at midnight does not reach the next day)."""
        first = timezone.localtime(self.starts_at).date()
        last = timezone.localtime(self.ends_at - timedelta(microseconds=1)).date()
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def check_in_state(self, now: datetime) -> str:
        """Whether the desk checks people in at `now`: "not_yet" (before check-in opens, a configured time before
        the start), "open" (until the end) or "over". Interviews are recorded from the same opening."""
        if now < self.check_in_opens_at:
            return "not_yet"
        if now >= self.ends_at:
            return "over"
        return "open"

    def takes_booths(self, now: datetime) -> bool:
        """Employers may ask for a booth until the session ends, while it is published."""
        return self.status == SessionStatus.PUBLISHED and self.ends_at > now


class ContractType(models.TextChoices):
    INDEFINITE = "indefinite", _("Indefinite term")
    FIXED_TERM = "fixed_term", _("Fixed term (up to 36 months)")
    SEASONAL = "seasonal", _("Seasonal or task-based")
    PROBATION = "probation", _("Probation first")


class WorkPurpose(models.TextChoices):
    LONG_TERM = "long_term", _("Long term")
    TEMPORARY = "temporary", _("Temporary")
    SIDE_JOB = "side_job", _("Side job")


class Vacancy(TimeStamped):
    """A position an employer recruits for: posted once, brought to many sessions."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), related_name="vacancies", on_delete=models.CASCADE
    )
    title = models.CharField(_("job title"), max_length=255)
    occupation = models.CharField(_("occupation (VSCO)"), max_length=5, validators=[validate_occupation_code])
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveIntegerField(_("number of places"), default=1, validators=[MinValueValidator(1)])
    min_education = models.CharField(
        _("minimum general education"), max_length=20, choices=GeneralEducation.choices, blank=True
    )
    min_qualification = models.CharField(
        _("minimum qualification"), max_length=24, choices=Qualification.choices, blank=True
    )
    major = models.CharField(_("major"), max_length=120, blank=True)
    experience = models.CharField(_("experience"), max_length=4, choices=Experience.choices, default="none")
    working_arrangement = models.CharField(
        _("working arrangement"),
        max_length=10,
        choices=WorkingArrangement.choices,
        default=WorkingArrangement.FULL_TIME,
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=WorkPurpose.choices, default=WorkPurpose.LONG_TERM)
    contract_type = models.CharField(_("contract type"), max_length=12, choices=ContractType.choices, blank=True)
    ward = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("work place (ward/commune)"),
        related_name="+",
        on_delete=models.PROTECT,
        limit_choices_to={"level": "ward"},
    )
    salary_min = models.PositiveIntegerField(_("minimum monthly salary (VND)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("maximum monthly salary (VND)"), null=True, blank=True)
    salary_negotiable = models.BooleanField(_("salary negotiable"), default=False)
    benefits = models.JSONField(_("benefits"), default=list, blank=True)
    priority_cohorts = models.ManyToManyField(
        Cohort, verbose_name=_("priority cohorts"), related_name="priority_vacancies", blank=True
    )
    disability_accessible = models.BooleanField(_("open to people with disabilities"), default=False)
    recruitment_methods = models.JSONField(_("recruitment methods"), default=list, blank=True)
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="vacancy_quantity_positive"),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=F("salary_max")),
                name="vacancy_salary_min_le_max",
            ),
        ]
        # Matching (sessions/matching.py) looks vacancies up by occupation prefix among the open ones.
        indexes = [
            models.Index(
                fields=["status", "occupation"], name="vacancy_status_occupation", opclasses=["varchar_pattern_ops"] * 2
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold_for_search(f"{self.title} {self.major} {self.description}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "major", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class BoothNeed(models.TextChoices):
    TABLE = "table", _("Table and chairs")
    POWER = "power", _("Power socket")
    SCREEN = "screen", _("Screen (online sessions)")


class Participation(TimeStamped):
    """An employer's booth at a session (gian tuyển dụng), with the vacancies it brings."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    session = models.ForeignKey(
        JobSession, verbose_name=_("session"), related_name="participations", on_delete=models.CASCADE
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), related_name="participations", on_delete=models.CASCADE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True)
    booth_label = models.CharField(_("booth"), max_length=20, blank=True)
    vacancies = models.ManyToManyField(
        Vacancy, verbose_name=_("vacancies brought"), related_name="participations", blank=True
    )
    online_room_url = models.URLField(_("online interview room"), blank=True, max_length=ONLINE_LINK_MAX)
    recruiter_count = models.PositiveSmallIntegerField(
        _("recruiters coming"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    needs = models.JSONField(_("booth needs"), default=list, blank=True, help_text=_("table, power, screen"))
    staff_notes = models.TextField(_("staff notes"), blank=True, help_text=_("Seen by centre staff only."))
    attended = models.BooleanField(_("attended"), default=False)
    decision_note = models.TextField(_("decision note"), blank=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, verbose_name=_("decided by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    applied_by = models.ForeignKey(
        USER, verbose_name=_("applied by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("booth (participation)")
        verbose_name_plural = _("booths (participations)")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "employer"], name="participation_one_per_employer"),
        ]

    def __str__(self):
        return f"{self.employer} @ {self.session.code}"


def new_check_in_code() -> str:
    # 20 URL-safe characters (~120 bits): unguessable, the secret the QR code carries.
    return secrets.token_urlsafe(15)


# Read aloud and typed at the desk: no 0/O, 1/I/L look-alikes; stored upper case, matched case-insensitively.
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_CODE_LENGTH = 6


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _position in range(SHORT_CODE_LENGTH))


class Registration(TimeStamped):
    """A job seeker's place at a session."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        STAFF = "staff", _("By staff")
        WALK_IN = "walk_in", _("Walk-in")
        IMPORT = "import", _("Imported")

    # Statuses that hold a seat, and the ones that count as an active registration.
    SEAT_HOLDING = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)

    session = models.ForeignKey(
        JobSession, verbose_name=_("session"), related_name="registrations", on_delete=models.CASCADE
    )
    job_seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), related_name="registrations", on_delete=models.CASCADE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.ONLINE)
    vacancies = models.ManyToManyField(
        Vacancy, verbose_name=_("vacancies of interest"), related_name="interested_registrations", blank=True
    )
    check_in_code = models.CharField(_("check-in code"), max_length=32, unique=True, default=new_check_in_code)
    short_code = models.CharField(_("desk code"), max_length=8, default=new_short_code)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted from waitlist at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        USER, verbose_name=_("checked in by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    registered_by = models.ForeignKey(
        USER, verbose_name=_("registered by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    # A no-show's follow-up message (issue 15 item 3) was written then (or found nobody to write to): once only.
    no_show_followed_up_at = models.DateTimeField(_("no-show followed up at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "job_seeker"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_job_seeker",
            ),
            models.UniqueConstraint(fields=["session", "short_code"], name="registration_short_code_per_session"),
        ]
        indexes = [
            models.Index(fields=["session", "status"], name="registration_session_status"),
            # the no-shows still waiting for their follow-up message (outbox.follow_up_no_shows)
            models.Index(
                fields=["session"],
                condition=Q(status="no_show", no_show_followed_up_at__isnull=True),
                name="registration_no_show_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.job_seeker} @ {self.session.code}"


class Interview(TimeStamped):
    class Result(models.TextChoices):
        PENDING = "pending", _("Pending")
        PASSED = "passed", _("Passed at the session")
        FAILED = "failed", _("Not passed")
        SECOND_ROUND = "second_round", _("Second round")

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), related_name="interviews", on_delete=models.CASCADE
    )
    vacancy = models.ForeignKey(Vacancy, verbose_name=_("vacancy"), related_name="interviews", on_delete=models.PROTECT)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, default=Result.PENDING)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "vacancy"], name="interview_one_per_vacancy"),
        ]

    def __str__(self):
        return f"{self.registration.job_seeker} – {self.vacancy}"

    def version(self) -> str:
        """What says whether the interview or its outcome was saved since a page showed them: a row of the staff
        interview table carries it, and a save from a page older than the last save is refused."""
        outcome = getattr(self, "outcome", None)
        moments = [self.updated_at, outcome.updated_at if outcome is not None else None]
        return "-".join(str(int(moment.timestamp() * 1_000_000)) if moment else "0" for moment in moments)

    @property
    def ended_in_no_job(self) -> bool:
        """Failed at the session, or reported "not hired" after it (selectors.interviews_to_refer asks it in SQL)."""
        outcome = getattr(self, "outcome", None)  # None when no outcome was reported
        return self.result == self.Result.FAILED or (
            outcome is not None and outcome.status == HiringOutcome.Status.NOT_HIRED
        )


class HiringOutcome(TimeStamped):
    """What came of an interview, as the employer reports it, and the follow-up checks after."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        STARTED = "started", _("Started work")
        DECLINED = "declined", _("Declined the offer")
        NOT_HIRED = "not_hired", _("Not hired")

    interview = models.OneToOneField(
        Interview, verbose_name=_("interview"), related_name="outcome", on_delete=models.CASCADE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    monthly_salary = models.PositiveIntegerField(_("monthly salary (VND)"), null=True, blank=True)
    reported_by = models.ForeignKey(
        USER, verbose_name=_("reported by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    reported_at = models.DateTimeField(_("reported at"))
    employed_at_30_days = models.BooleanField(_("still employed after 30 days"), null=True, blank=True)
    checked_30_days_at = models.DateTimeField(_("30-day check at"), null=True, blank=True)
    employed_at_90_days = models.BooleanField(_("still employed after 90 days"), null=True, blank=True)
    checked_90_days_at = models.DateTimeField(_("90-day check at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hiring outcome")
        verbose_name_plural = _("hiring outcomes")
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="started") | Q(start_date__isnull=False),
                name="outcome_started_has_start_date",
            ),
        ]

    def __str__(self):
        return f"{self.interview} – {self.get_status_display()}"

    @property
    def below_minimum_wage(self) -> bool:
        """Accepted, but staff are warned: a salary under the regional minimum the centre configures."""
        return self.monthly_salary is not None and self.monthly_salary < settings.MINIMUM_MONTHLY_WAGE


class FollowUpContact(TimeStamped):
    """One attempt by staff to reach a person (or the employer) for a 30- or 90-day check, with what came of it."""

    class Due(models.TextChoices):
        DAYS_30 = "30", _("30-day check")
        DAYS_90 = "90", _("90-day check")

    class Result(models.TextChoices):
        REACHED = "reached", _("Reached")
        NO_ANSWER = "no_answer", _("No answer")
        BUSY = "busy", _("Busy, call back")
        WRONG_NUMBER = "wrong_number", _("Wrong number")
        LEFT_MESSAGE = "left_message", _("Left a message")
        ASKED_EMPLOYER = "asked_employer", _("Asked the employer")

    outcome = models.ForeignKey(
        HiringOutcome, verbose_name=_("hiring outcome"), related_name="contacts", on_delete=models.CASCADE
    )
    due = models.CharField(_("check"), max_length=2, choices=Due.choices)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    contacted_by = models.ForeignKey(
        USER, verbose_name=_("by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("follow-up contact")
        verbose_name_plural = _("follow-up contacts")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.outcome_id} {self.due}: {self.get_result_display()}"


class Referral(TimeStamped):
    """A next step for a person who was not hired (issue 15 item 4): a course, unemployment-insurance counselling,
    another session or a specific vacancy, followed until it is completed or dropped."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Vocational training")
        INSURANCE = "insurance", _("Unemployment-insurance counselling")
        SESSION = "session", _("Another job-exchange session")
        VACANCY = "vacancy", _("A specific vacancy")

    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        ATTENDED = "attended", _("Attended")
        COMPLETED = "completed", _("Completed")
        DROPPED = "dropped", _("Dropped")

    # referred → attended → completed / dropped; a referral may also be dropped before anyone attended.
    NEXT_STATUSES = {
        Status.REFERRED: (Status.ATTENDED, Status.DROPPED),
        Status.ATTENDED: (Status.COMPLETED, Status.DROPPED),
        Status.COMPLETED: (),
        Status.DROPPED: (),
    }

    job_seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), related_name="referrals", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REFERRED)
    training_provider = models.CharField(_("training provider"), max_length=200, blank=True)
    course = models.CharField(_("course"), max_length=200, blank=True)
    session = models.ForeignKey(
        "JobSession", verbose_name=_("session"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    interview = models.ForeignKey(
        Interview,
        verbose_name=_("after the interview"),
        related_name="referrals",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    referred_by = models.ForeignKey(
        USER, verbose_name=_("referred by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["job_seeker", "status"], name="referral_person_status")]

    def __str__(self):
        return f"{self.job_seeker_id} {self.get_kind_display()}: {self.get_status_display()}"

    @property
    def next_choices(self) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in self.NEXT_STATUSES[self.status]]


class RegistrationAlert(models.Model):
    """A job seeker asked to be told when a session's registration opens: told once, at opening, by their
    channels (`notified_at` records it; the notice's dedup key makes it exist once)."""

    job_seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), related_name="registration_alerts", on_delete=models.CASCADE
    )
    session = models.ForeignKey(
        JobSession, verbose_name=_("session"), related_name="registration_alerts", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("told at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to be told when registration opens")
        verbose_name_plural = _("requests to be told when registration opens")
        constraints = [
            models.UniqueConstraint(fields=["job_seeker", "session"], name="registrationalert_unique"),
        ]
        indexes = [
            models.Index(fields=["session"], condition=Q(notified_at__isnull=True), name="registrationalert_waiting"),
        ]

    def __str__(self):
        return f"{self.job_seeker} – {self.session}"


def new_survey_token() -> str:
    # 22 URL-safe characters (128 bits): short enough for an SMS, never guessed.
    return secrets.token_urlsafe(16)


def survey_token_hash(token: str) -> str:
    """What is stored of a survey link's token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class SurveyInvitation(TimeStamped):
    """One question after the session (issue 15 item 5): an attendee's or an attending employer's invitation to rate
    a completed session from 1 to 5, with an optional comment, by a personal link, and their answer once given.

    The link carries a random token; only its SHA-256 is stored (`token_hash`), so the database alone opens no
    survey. One invitation per registration or booth (the person's or employer's one chance to answer), one answer
    per invitation (the first is kept). Erasure of a job seeker cuts the row from the registration, forgets the
    token and the comment, and keeps the rating: the figures stay true."""

    class Respondent(models.TextChoices):
        JOB_SEEKER = "job_seeker", _("Job seeker")
        EMPLOYER = "employer", _("Employer")

    RATINGS = range(1, 6)

    session = models.ForeignKey(
        JobSession, verbose_name=_("session"), related_name="survey_invitations", on_delete=models.CASCADE
    )
    respondent = models.CharField(_("respondent"), max_length=10, choices=Respondent.choices)
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        related_name="survey_invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    participation = models.OneToOneField(
        Participation,
        verbose_name=_("booth"),
        related_name="survey_invitation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    token_hash = models.CharField(_("link (hashed)"), max_length=64, unique=True, null=True, blank=True, editable=False)
    closes_at = models.DateTimeField(_("answers taken until"))
    notices = models.PositiveSmallIntegerField(
        _("notices written"), default=0, help_text=_("0: no channel reached the person, who counts as not invited.")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["-answered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="survey_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True, answered_at__isnull=True)
                | Q(rating__isnull=False, answered_at__isnull=False),
                name="survey_answer_has_rating_and_moment",
            ),
            models.CheckConstraint(
                condition=Q(respondent="job_seeker", participation__isnull=True)
                | Q(respondent="employer", registration__isnull=True),
                name="survey_respondent_matches_link",
            ),
        ]
        indexes = [models.Index(fields=["session", "respondent", "rating"], name="survey_session_figures")]

    def __str__(self):
        return f"{self.session_id} {self.get_respondent_display()}: {self.rating or '–'}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class Notification(TimeStamped):
    """The outbox: one message to one address, written in the transaction of the change that causes it,
    sent by a Celery task that claims the row. `dedup_key` makes each notice exist once."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Kind(models.TextChoices):
        REGISTRATION_CONFIRMED = "registration_confirmed", _("Registration confirmed")
        REGISTRATION_WAITLISTED = "registration_waitlisted", _("Registration waitlisted")
        REGISTRATION_PROMOTED = "registration_promoted", _("Seat from the waitlist")
        REGISTRATION_CANCELLED = "registration_cancelled", _("Registration cancelled")
        REMINDER_DAY_BEFORE = "reminder_day_before", _("Reminder the day before")
        REMINDER_TWO_HOURS = "reminder_two_hours", _("Reminder 2 hours before")
        SESSION_CHANGED = "session_changed", _("Session changed")
        SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
        BOOTH_DECISION = "booth_decision", _("Booth decision")
        EMPLOYER_DAY_BEFORE = "employer_day_before", _("Employer reminder the day before")
        OUTCOME_REPORT_REQUEST = "outcome_report_request", _("Request to report hiring outcomes")
        ONE_TIME_CODE = "one_time_code", _("One-time code")
        ACCOUNT_NOTICE = "account_notice", _("Account notice")
        EMPLOYER_VERIFICATION = "employer_verification", _("Employer verification decision")
        REGISTRATION_OPENS = "registration_opens", _("Registration is open")
        NO_SHOW_FOLLOW_UP = "no_show_follow_up", _("After a missed session")
        SESSION_INVITATION = "session_invitation", _("Invitation to a session")
        SURVEY_INVITATION = "survey_invitation", _("Survey after the session")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, help_text=_("E-mail address or phone number"))
    language = models.CharField(_("language"), max_length=2, default="vi")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    job_seeker = models.ForeignKey(
        JobSeeker,
        verbose_name=_("job seeker"),
        related_name="notifications",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        related_name="notifications",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    session = models.ForeignKey(
        JobSession,
        verbose_name=_("session"),
        related_name="notifications",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        related_name="notifications",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    participation = models.ForeignKey(
        Participation,
        verbose_name=_("booth"),
        related_name="notifications",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body_text = models.TextField(_("text"))  # an e-mail's HTML part is made from it when it is sent
    dedup_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    send_after = models.DateTimeField(_("send after"), db_index=True)
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("A reminder whose moment has passed is not sent late.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-send_after", "-id"]
        indexes = [
            models.Index(fields=["status", "send_after"], name="notification_due_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.address}"

    @property
    def keeps_quiet_hours(self) -> bool:
        """A code the person just asked for goes at once, at any hour; everything else waits out SMS quiet hours."""
        return self.kind != self.Kind.ONE_TIME_CODE


class PlanMetric(models.TextChoices):
    """The figures the centre plans for and reports on (DESIGN §5, "Session result sheet and summary metrics")."""

    SESSIONS_HELD = "sessions_held", _("Sessions held")
    EMPLOYER_PARTICIPATIONS = "employer_participations", _("Employer participations")
    VACANCIES_TOTAL = "vacancies_total", _("Vacancies")
    JOB_SEEKERS_REGISTERED = "job_seekers_registered", _("Job seekers registered")
    JOB_SEEKERS_ATTENDED = "job_seekers_attended", _("Job seekers attending")
    INTERVIEWED = "interviewed", _("Interviewed")
    PASSED_AT_SESSION = "passed_at_session", _("Passed at the session")
    STARTED_WORK = "started_work", _("Started work")


class PlanTarget(TimeStamped):
    """The plan for one metric over a year (quarter empty) or one quarter of it; reports show the share achieved."""

    Metric = PlanMetric

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Empty = the whole year."),
    )
    metric = models.CharField(_("metric"), max_length=24, choices=PlanMetric.choices)
    target = models.PositiveIntegerField(_("target"), validators=[MinValueValidator(1)])
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        ordering = ["-year", F("quarter").asc(nulls_first=True), "metric"]
        constraints = [
            # NULL never equals NULL in a unique index: the yearly and the quarterly rows get one constraint each.
            models.UniqueConstraint(
                fields=["year", "metric"], condition=Q(quarter__isnull=True), name="plantarget_one_per_year"
            ),
            models.UniqueConstraint(
                fields=["year", "quarter", "metric"],
                condition=Q(quarter__isnull=False),
                name="plantarget_one_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4), name="plantarget_quarter_1_to_4"
            ),
            models.CheckConstraint(condition=Q(target__gte=1), name="plantarget_target_positive"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="plantarget_year_range"),
        ]

    def __str__(self):
        period = f"{self.year}" if self.quarter is None else f"Q{self.quarter}/{self.year}"
        return f"{self.get_metric_display()} {period}: {self.target}"
