"""Staff admin for sessions: venues, weekly series, sessions, vacancies, booths, registrations, interviews,
hiring outcomes and the notification outbox.

Every change of state goes through `sessions.services`: creating and editing a session (codes, the venue-clash
check), publishing, completing, cancelling (with a reason), booth decisions, registrations, check-ins,
interviews and outcomes. A refusal by a service is shown as a message, object by object, never as a server error.
"""

import copy
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import (
    NoteActionForm,
    ReadOnlyAdminMixin,
    ServiceErrorsMixin,
    adopt,
    apply_service,
    error_text,
    is_centre_staff,
    province_filter,
)
from accounts.models import VsicSection
from jobfair import errors
from sessions import delivery, services
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Notification,
    Participation,
    PlanTarget,
    Registration,
    SessionCodeCounter,
    SessionSeries,
    SessionStatus,
    Vacancy,
    Venue,
)

CLOSED_STATUSES = (SessionStatus.CANCELLED, SessionStatus.COMPLETED)

# --- helpers -------------------------------------------------------------------------------------------------


def session_filter(path_to_session: str = "session"):
    """Filter by one session among the recent and coming ones (a plain related filter would list every
    session ever held). Any session id works in the URL, e.g. from the links on a session's page."""

    class SessionFilter(admin.SimpleListFilter):
        title = _("session")
        parameter_name = "session"

        def lookups(self, request, model_admin):
            since = timezone.now() - timedelta(days=60)
            recent = JobSession.objects.filter(starts_at__gte=since).only("pk", "code", "title")
            return [(session.pk, str(session)) for session in recent.order_by("starts_at", "id")[:60]]

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{path_to_session: self.value()})
            return queryset

    return SessionFilter


def _count_per_session(model, **conditions):
    """A correlated count per session: no join product between registrations and booths on a big job day."""
    rows = (
        model.objects.filter(session=OuterRef("pk"), **conditions)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class ServiceSavedM2MMixin:
    """The service sets the many-to-many fields itself; the admin saves only the inlines."""

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


def save_changed_fields_only(formset) -> None:
    """Save the rows of an inline that has neither additions nor deletions, each with `update_fields` of
    the fields staff changed: a status set meanwhile by a service is never written back stale."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    for form in formset.initial_forms:
        if form.has_changed():
            form.instance.save(update_fields=[*form.changed_data, "updated_at"])
            formset.changed_objects.append((form.instance, form.changed_data))


class NoDeleteMixin:
    """Rows whose end is a status change (cancel, withdraw…), not a deletion."""

    def has_delete_permission(self, request, obj=None):
        return False


class FirstRowsFormSet(BaseInlineFormSet):
    """An inline that shows the first rows only: a job day has thousands of registrations; the full list is
    one link away (see the session's summary)."""

    max_rows = 100

    def get_queryset(self):
        if not hasattr(self, "_first_rows"):
            self._first_rows = super().get_queryset()[: self.max_rows]
        return self._first_rows


# --- venues and weekly series --------------------------------------------------------------------------------


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "address", "ward", "booth_count", "seat_capacity", "accessible", "is_active")
    list_filter = ("kind", "accessible", "is_active", province_filter("ward__province"))
    search_fields = ("name", "address", "ward__name")
    list_select_related = ("ward",)
    autocomplete_fields = ("ward",)
    readonly_fields = ("created_at", "updated_at")


class SeriesSessionInline(admin.TabularInline):
    model = JobSession
    fields = ("code", "title", "starts_at", "ends_at", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("starts_at",)

    def has_add_permission(self, request, obj=None):
        return False


class SessionSeriesAdminForm(forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=SessionSeries._meta.get_field("weekdays").verbose_name,
        choices=sorted(WEEKDAYS.items()),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )


@admin.register(SessionSeries)
class SessionSeriesAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    """Adding a series creates its sessions through the service: public holidays skipped, all or nothing
    when the venue is booked on one of the dates."""

    form = SessionSeriesAdminForm
    list_display = ("title", "venue", "date_from", "date_to", "start_time", "end_time", "session_count")
    list_filter = ("venue",)
    search_fields = ("title", "venue__name")
    list_select_related = ("venue",)
    autocomplete_fields = ("venue",)
    date_hierarchy = "date_from"
    inlines = (SeriesSessionInline,)
    record_fields = ("skipped_dates", "created_by", "created_at", "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(session_count=Count("sessions"))

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    @admin.display(description=_("sessions"), ordering="session_count")
    def session_count(self, obj):
        return obj.session_count

    def get_fields(self, request, obj=None):
        fields = ["title", "venue", "weekdays", "start_time", "end_time", "date_from", "date_to"]
        if obj is not None:
            fields += self.record_fields
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # The sessions exist: change them one by one; only the series' own title is free text.
        return ("venue", "weekdays", "start_time", "end_time", "date_from", "date_to", *self.record_fields)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["title", "updated_at"])
            return
        series, sessions = services.session_series_create(
            actor=request.user,
            title=obj.title,
            venue=obj.venue,
            weekdays=obj.weekdays,
            start_time=obj.start_time,
            end_time=obj.end_time,
            date_from=obj.date_from,
            date_to=obj.date_to,
        )
        adopt(obj, series)
        self.message_user(
            request,
            _("%(count)s draft sessions created (public holidays skipped).") % {"count": len(sessions)},
        )


@admin.register(SessionCodeCounter)
class SessionCodeCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Handed out by the service with one atomic upsert; never edited by hand."""

    list_display = ("year", "last_number")
    ordering = ("-year",)


# --- sessions ------------------------------------------------------------------------------------------------


class ParticipationInline(admin.TabularInline):
    """Booths of the session: decisions go through the booth actions; the booth label, room link and
    attendance are plain facts staff may correct here."""

    model = Participation
    fields = ("employer", "status", "booth_label", "online_room_url", "attended", "decided_at")
    readonly_fields = ("employer", "status", "decided_at")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in CLOSED_STATUSES:
            return self.fields
        return self.readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("employer")


class RegistrationInline(admin.TabularInline):
    """Registrations are read-only here: cancelling and checking in are actions of the registration admin."""

    model = Registration
    formset = FirstRowsFormSet
    fields = ("job_seeker", "status", "source", "check_in_code", "created_at", "checked_in_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("registrations (the first 100; see the summary above for all)")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("job_seeker")


class JobSessionAdminForm(forms.ModelForm):
    theme_vsic_sections = forms.MultipleChoiceField(
        label=JobSession._meta.get_field("theme_vsic_sections").verbose_name,
        choices=VsicSection.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            # The service fills these in when they are left empty.
            defaults = {
                "registration_opens_at": _("Empty = from now (at the latest one day before the session)."),
                "registration_closes_at": _("Empty = when the session ends."),
                "employer_capacity": _("Empty = the venue's booths."),
                "job_seeker_capacity": _("Empty = unlimited seats."),
            }
            for name, help_text in defaults.items():
                if name in self.fields:
                    self.fields[name].required = False
                    self.fields[name].help_text = help_text

    def _post_clean(self):
        super()._post_clean()
        if self._errors:
            return
        # The service's own checks, run here too so that a refusal comes back as a form error with the
        # input kept; the service checks again when it saves (and the database constraint holds in a race).
        session = copy.copy(self.instance)
        if session.status in CLOSED_STATUSES:
            return  # history: nothing is editable, and a cancelled session holds no slot at its venue
        if session._state.adding:
            session.registration_opens_at = session.registration_opens_at or min(
                timezone.now(), session.starts_at - timedelta(days=1)
            )
            session.registration_closes_at = session.registration_closes_at or session.ends_at
            if session.employer_capacity is None:
                session.employer_capacity = session.venue.booth_count if session.venue else 0
        try:
            services._validate_session_fields(session)
        except ValidationError as exc:
            self._update_errors(exc)
            return
        if session.venue_id is not None:
            clash = services.venue_clashes(
                venue=session.venue, starts_at=session.starts_at, ends_at=session.ends_at, exclude_id=session.pk
            ).first()
            if clash is not None:
                refusal = errors.VenueClash(
                    _("The venue is already booked by %(code)s (%(title)s) at that time."),
                    code=clash.code,
                    title=clash.title,
                )
                self.add_error("venue", refusal.detail)


class CancelSessionsForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancellation"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Sent to everyone registered and every employer with a booth."),
    )


@admin.register(JobSession)
class JobSessionAdmin(ServiceErrorsMixin, ServiceSavedM2MMixin, admin.ModelAdmin):
    form = JobSessionAdminForm
    list_display = (
        "code",
        "title",
        "kind",
        "format",
        "status",
        "starts_at",
        "venue",
        "booths",
        "seats",
        "waitlist_count",
    )
    list_display_links = ("code", "title")
    list_filter = ("status", "kind", "format", "venue", "cohort_only", "target_cohorts")
    search_fields = ("code", "title", "search_text", "venue__name")
    list_select_related = ("venue",)
    date_hierarchy = "starts_at"
    ordering = ("-starts_at", "-id")
    autocomplete_fields = ("venue", "ward")
    filter_horizontal = ("target_cohorts", "linked_provinces")
    inlines = (ParticipationInline, RegistrationInline)
    actions = ("publish_sessions", "complete_sessions", "cancel_sessions")
    record_fields = (
        "code",
        "status",
        "series",
        "published_at",
        "cancelled_at",
        "cancel_reason",
        "completed_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    summary_fields = ("booth_summary", "registration_summary")
    fieldsets = (
        (None, {"fields": ("code", "status", "title", "kind", "format", "description")}),
        (_("Theme and cohorts"), {"fields": ("theme", "theme_vsic_sections", "target_cohorts", "cohort_only")}),
        (_("Place"), {"fields": ("venue", "ward", "online_url", "linked_provinces", "co_organisers")}),
        (_("Time"), {"fields": ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")}),
        (_("Capacity"), {"fields": ("employer_capacity", "job_seeker_capacity", *summary_fields)}),
        (
            _("Record"),
            {
                "fields": (
                    "series",
                    "published_at",
                    "cancelled_at",
                    "cancel_reason",
                    "completed_at",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                registered_count=_count_per_session(Registration, status__in=Registration.SEAT_HOLDING),
                waitlist_count=_count_per_session(Registration, status=Registration.Status.WAITLISTED),
                employers_count=_count_per_session(Participation, status=Participation.Status.APPROVED),
            )
        )

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else ()

    def save_formset(self, request, form, formset, change):
        save_changed_fields_only(formset)

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return self.fieldsets
        # A new session has no code, status, counts or record yet.
        hidden = {"code", "status", *self.summary_fields}
        return [
            (title, {**options, "fields": tuple(f for f in options["fields"] if f not in hidden)})
            for title, options in self.fieldsets[:-1]
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in CLOSED_STATUSES:
            # A cancelled or completed session is history: nothing to edit (the service refuses anyway).
            return [field for _title, options in self.fieldsets for field in options["fields"]]
        return (*self.record_fields, *self.summary_fields)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a published session is cancelled, not deleted
        return actions

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == SessionStatus.DRAFT)

    # list columns

    @admin.display(description=_("booths (approved / capacity)"), ordering="employers_count")
    def booths(self, obj):
        return f"{obj.employers_count} / {obj.employer_capacity}"

    @admin.display(description=_("seats (taken / capacity)"), ordering="registered_count")
    def seats(self, obj):
        capacity = "∞" if obj.job_seeker_capacity is None else obj.job_seeker_capacity
        return f"{obj.registered_count} / {capacity}"

    @admin.display(description=_("waitlist"), ordering="waitlist_count")
    def waitlist_count(self, obj):
        return obj.waitlist_count

    # summaries on the change page

    @admin.display(description=_("booths"))
    def booth_summary(self, obj):
        url = reverse("admin:jobsessions_participation_changelist") + f"?session={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("%(approved)s approved of %(capacity)s booths — all booth requests")
            % {"approved": obj.employers_count, "capacity": obj.employer_capacity},
        )

    @admin.display(description=_("registrations"))
    def registration_summary(self, obj):
        url = reverse("admin:jobsessions_registration_changelist") + f"?session={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("%(registered)s holding a seat, %(waitlisted)s on the waitlist — all registrations")
            % {"registered": obj.registered_count, "waitlisted": obj.waitlist_count},
        )

    # saving through the services

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        editable = services.SESSION_EDITABLE_FIELDS | services.SESSION_M2M_FIELDS
        if change:
            changes = {name: data[name] for name in form.changed_data if name in editable}
            if changes:
                services.session_update(session=obj, actor=request.user, **changes)
                obj.refresh_from_db()
            return
        fields = {name: data[name] for name in editable if name in data}
        session = services.session_create(actor=request.user, **fields)
        adopt(obj, session)

    # actions

    @admin.action(description=_("Publish the selected sessions"), permissions=["change"])
    def publish_sessions(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda session: services.session_publish(session=session, actor=request.user),
            _("published."),
        )

    @admin.action(description=_("Mark the selected sessions as completed"), permissions=["change"])
    def complete_sessions(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda session: services.session_complete(session=session, actor=request.user),
            _("completed."),
        )

    @admin.action(description=_("Cancel the selected sessions…"), permissions=["change"])
    def cancel_sessions(self, request, queryset):
        """First a confirmation page asking for the reason; the cancellation itself on its submission."""
        confirmed = "apply" in request.POST
        form = CancelSessionsForm(request.POST if confirmed else None)
        if confirmed and form.is_valid():
            reason = form.cleaned_data["reason"]
            apply_service(
                self,
                request,
                queryset,
                lambda session: services.session_cancel(session=session, actor=request.user, reason=reason),
                _("cancelled; everyone registered will be told."),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Cancel sessions"),
            "opts": self.opts,
            "sessions": queryset.order_by("starts_at"),
            "form": form,
            "action_name": "cancel_sessions",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/jobsessions/jobsession/cancel_sessions.html", context)


# --- vacancies -----------------------------------------------------------------------------------------------


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "employer",
        "occupation",
        "quantity",
        "salary_min",
        "salary_max",
        "ward",
        "status",
        "deadline",
    )
    list_filter = (
        "status",
        "working_arrangement",
        "min_qualification",
        "min_education",
        "contract_type",
        "disability_accessible",
        "salary_negotiable",
        "priority_cohorts",
        province_filter("ward__province"),
    )
    search_fields = ("title", "search_text", "occupation", "employer__name", "employer__tax_code")
    list_select_related = ("employer", "ward")
    autocomplete_fields = ("employer", "ward")
    filter_horizontal = ("priority_cohorts",)
    readonly_fields = ("created_at", "updated_at")


# --- booths --------------------------------------------------------------------------------------------------


class ParticipationAdminForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.instance._state.adding:
            exclude.add("employer")  # the service reopens a withdrawn or rejected request instead
        return exclude

    def clean(self):
        cleaned = super().clean()
        employer, vacancies = cleaned.get("employer"), cleaned.get("vacancies")
        if self.instance._state.adding and employer is not None:
            if not employer.is_verified:
                self.add_error("employer", errors.EmployerNotVerified().detail)
            else:
                try:
                    services._check_employer_vacancies(employer, vacancies or [])
                except ValidationError as exc:
                    self.add_error(None, exc)
        return cleaned


@admin.register(Participation)
class ParticipationAdmin(NoDeleteMixin, ServiceErrorsMixin, ServiceSavedM2MMixin, admin.ModelAdmin):
    form = ParticipationAdminForm
    action_form = NoteActionForm
    list_display = ("session", "employer", "status", "booth_label", "vacancy_count", "attended", "decided_at")
    list_filter = ("status", "attended", session_filter(), "session__kind", "session__status")
    search_fields = ("employer__name", "employer__tax_code", "session__code", "session__title")
    list_select_related = ("session", "employer")
    autocomplete_fields = ("session", "employer", "vacancies")
    actions = ("approve_booths", "reject_booths")
    record_fields = (
        "status",
        "decision_note",
        "waitlisted_at",
        "decided_at",
        "decided_by",
        "applied_by",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("session", "employer")
            .annotate(vacancy_count=Count("vacancies", distinct=True))
        )

    @admin.display(description=_("vacancies brought"), ordering="vacancy_count")
    def vacancy_count(self, obj):
        return obj.vacancy_count

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["session", "employer", "vacancies"]
        return ["session", "employer", "vacancies", "booth_label", "online_room_url", "attended", *self.record_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("session", "employer", "vacancies", *self.record_fields)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["booth_label", "online_room_url", "attended", "updated_at"])
            return
        participation, created = services.participation_apply(
            session=obj.session, employer=obj.employer, vacancies=form.cleaned_data["vacancies"], actor=request.user
        )
        if not created:
            self.message_user(
                request, _("This employer has already asked for a booth at this session."), messages.WARNING
            )
        adopt(obj, participation)

    @admin.action(description=_("Approve the selected booth requests"), permissions=["change"])
    def approve_booths(self, request, queryset):
        def outcome(participation):
            if participation.status == Participation.Status.WAITLISTED:
                return _("all booths are taken: put on the booth waitlist.")
            return _("approved, booth %(booth)s.") % {"booth": participation.booth_label}

        apply_service(
            self,
            request,
            queryset,
            lambda participation: services.participation_approve(participation=participation, actor=request.user),
            outcome,
        )

    @admin.action(description=_("Reject the selected booth requests (with the note)"), permissions=["change"])
    def reject_booths(self, request, queryset):
        note = request.POST.get("note", "")
        apply_service(
            self,
            request,
            queryset,
            lambda participation: services.participation_reject(
                participation=participation, actor=request.user, note=note
            ),
            _("rejected."),
        )


# --- registrations -------------------------------------------------------------------------------------------


class RegistrationAdminForm(forms.ModelForm):
    source = forms.ChoiceField(
        label=Registration._meta.get_field("source").verbose_name,
        choices=[
            (Registration.Source.STAFF, Registration.Source.STAFF.label),
            (Registration.Source.WALK_IN, Registration.Source.WALK_IN.label),
        ],
        initial=Registration.Source.STAFF,
        help_text=_("A walk-in gets a seat and is checked in at once."),
    )

    class Meta:
        model = Registration
        fields = ("session", "job_seeker", "source", "vacancies")


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=64, widget=forms.TextInput(attrs={"autofocus": True}))


@admin.register(Registration)
class RegistrationAdmin(NoDeleteMixin, ServiceErrorsMixin, ServiceSavedM2MMixin, admin.ModelAdmin):
    list_display = ("job_seeker", "session", "status", "source", "created_at", "checked_in_at")
    list_filter = ("status", "source", session_filter(), "session__kind")
    search_fields = (
        "job_seeker__full_name",
        "job_seeker__citizen_id",
        "job_seeker__phone",
        "session__code",
        "=check_in_code",
    )
    list_select_related = ("session", "job_seeker")
    autocomplete_fields = ("session", "job_seeker", "vacancies")
    actions = ("cancel_registrations", "check_in_registrations")
    shown_fields = (
        "session",
        "job_seeker",
        "status",
        "source",
        "vacancies",
        "check_in_code",
        "confirmed_at",
        "promoted_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
        "registered_by",
        "created_at",
        "updated_at",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = RegistrationAdminForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session", "job_seeker")

    def get_fields(self, request, obj=None):
        return ["session", "job_seeker", "source", "vacancies"] if obj is None else list(self.shown_fields)

    def get_readonly_fields(self, request, obj=None):
        # Status changes are actions (cancel, check in) that keep the waitlist right.
        return () if obj is None else self.shown_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        vacancies = form.cleaned_data.get("vacancies") or []
        if obj.source == Registration.Source.WALK_IN:
            registration = services.registration_walk_in(
                session=obj.session, actor=request.user, job_seeker=obj.job_seeker, vacancies=vacancies
            )
        else:
            registration, created = services.registration_create(
                session=obj.session,
                job_seeker=obj.job_seeker,
                actor=request.user,
                source=obj.source,
                vacancies=vacancies,
            )
            if not created:
                self.message_user(
                    request, _("This person was already registered: here is the registration."), messages.WARNING
                )
            elif registration.status == Registration.Status.WAITLISTED:
                self.message_user(request, _("All seats are taken: the person is on the waitlist."), messages.WARNING)
        adopt(obj, registration)

    @admin.action(description=_("Cancel the selected registrations"), permissions=["change"])
    def cancel_registrations(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda registration: services.registration_cancel(registration=registration, actor=request.user),
            _("cancelled."),
        )

    @admin.action(description=_("Check the selected people in"), permissions=["change"])
    def check_in_registrations(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda registration: services.registration_check_in(code=registration.check_in_code, actor=request.user),
            lambda result: _("checked in.") if result[1] else _("already checked in."),
        )

    # check in by the code of the QR, typed or scanned at the desk

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_check_in": self.has_change_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_check_in"
        return [path("check-in/", self.admin_site.admin_view(self.check_in_view), name=name), *super().get_urls()]

    def check_in_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = CheckInForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                registration, newly = services.registration_check_in(code=form.cleaned_data["code"], actor=request.user)
            except errors.BusinessRuleError as exc:
                form.add_error("code", error_text(exc))
            else:
                text = _("%(object)s: checked in.") if newly else _("%(object)s: already checked in.")
                self.message_user(request, text % {"object": registration})
                return HttpResponseRedirect(reverse("admin:jobsessions_registration_check_in"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Check in by code"),
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/jobsessions/registration/check_in.html", context)


# --- interviews and hiring outcomes --------------------------------------------------------------------------


@admin.register(Interview)
class InterviewAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    list_display = ("job_seeker", "vacancy", "employer", "session", "result", "recorded_by", "created_at")
    list_filter = ("result", session_filter("registration__session"))
    search_fields = (
        "registration__job_seeker__full_name",
        "registration__job_seeker__citizen_id",
        "registration__job_seeker__phone",
        "vacancy__title",
        "vacancy__employer__name",
        "registration__session__code",
    )
    list_select_related = (
        "registration__job_seeker",
        "registration__session",
        "vacancy__employer",
        "recorded_by",
    )
    autocomplete_fields = ("registration", "vacancy")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registration__job_seeker", "vacancy")

    @admin.display(description=_("job seeker"), ordering="registration__job_seeker__full_name")
    def job_seeker(self, obj):
        return obj.registration.job_seeker

    @admin.display(description=_("employer"), ordering="vacancy__employer__name")
    def employer(self, obj):
        return obj.vacancy.employer

    @admin.display(description=_("session"), ordering="registration__session__starts_at")
    def session(self, obj):
        return obj.registration.session.code

    def get_fields(self, request, obj=None):
        fields = ["registration", "vacancy", "result", "notes"]
        return fields if obj is None else [*fields, "recorded_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("registration", "vacancy", "recorded_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        interview, _created = services.interview_record(
            registration=obj.registration, vacancy=obj.vacancy, actor=request.user, result=obj.result, notes=obj.notes
        )
        adopt(obj, interview)


class FollowUpMixin:
    def _follow_up(self, request, queryset, days, still_employed):
        apply_service(
            self,
            request,
            queryset,
            lambda outcome: services.hiring_outcome_follow_up(
                outcome=outcome, actor=request.user, days=days, still_employed=still_employed
            ),
            _("follow-up recorded."),
        )


@admin.register(HiringOutcome)
class HiringOutcomeAdmin(FollowUpMixin, ServiceErrorsMixin, admin.ModelAdmin):
    list_display = (
        "interview",
        "status",
        "start_date",
        "monthly_salary",
        "reported_at",
        "employed_at_30_days",
        "employed_at_90_days",
    )
    list_filter = ("status", "employed_at_30_days", "employed_at_90_days")
    search_fields = (
        "interview__registration__job_seeker__full_name",
        "interview__registration__job_seeker__citizen_id",
        "interview__vacancy__title",
        "interview__vacancy__employer__name",
        "interview__registration__session__code",
    )
    list_select_related = ("interview__registration__job_seeker", "interview__vacancy")
    autocomplete_fields = ("interview",)
    date_hierarchy = "reported_at"
    record_fields = (
        "reported_by",
        "reported_at",
        "employed_at_30_days",
        "checked_30_days_at",
        "employed_at_90_days",
        "checked_90_days_at",
        "created_at",
        "updated_at",
    )
    actions = ("still_employed_30", "left_before_30", "still_employed_90", "left_before_90")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("interview__registration__job_seeker", "interview__vacancy")

    def get_fields(self, request, obj=None):
        fields = ["interview", "status", "start_date", "monthly_salary"]
        return fields if obj is None else [*fields, *self.record_fields]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("interview", *self.record_fields)

    def save_model(self, request, obj, form, change):
        outcome, _created = services.hiring_outcome_record(
            interview=obj.interview,
            actor=request.user,
            status=obj.status,
            start_date=obj.start_date,
            monthly_salary=obj.monthly_salary,
        )
        adopt(obj, outcome)

    @admin.action(description=_("30-day check: still employed"), permissions=["change"])
    def still_employed_30(self, request, queryset):
        self._follow_up(request, queryset, 30, True)

    @admin.action(description=_("30-day check: no longer employed"), permissions=["change"])
    def left_before_30(self, request, queryset):
        self._follow_up(request, queryset, 30, False)

    @admin.action(description=_("90-day check: still employed"), permissions=["change"])
    def still_employed_90(self, request, queryset):
        self._follow_up(request, queryset, 90, True)

    @admin.action(description=_("90-day check: no longer employed"), permissions=["change"])
    def left_before_90(self, request, queryset):
        self._follow_up(request, queryset, 90, False)


# --- notifications -------------------------------------------------------------------------------------------


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox, for staff to see what was sent, what waits and what failed. Rows are written and sent by
    the services and tasks only."""

    list_display = ("kind", "channel", "address", "status", "send_after", "sent_at", "attempts")
    list_filter = ("status", "channel", "kind", "language")
    search_fields = ("address", "subject", "dedup_key")
    date_hierarchy = "send_after"
    show_full_result_count = False
    raw_id_fields = ("job_seeker", "employer", "session", "registration", "participation")
    actions = ("retry_failed",)

    def has_retry_permission(self, request):
        return is_centre_staff(request) and self.has_view_permission(request)

    @admin.action(description=_("Send the selected failed notices again"), permissions=["retry"])
    def retry_failed(self, request, queryset):
        for notification in queryset:
            if delivery.notification_retry(notification=notification, actor=request.user):
                self.message_user(request, _("%(object)s: sent again.") % {"object": notification}, messages.SUCCESS)
            else:
                self.message_user(
                    request,
                    _("%(object)s: only a failed notice is sent again.") % {"object": notification},
                    messages.ERROR,
                )


# --- the plan ------------------------------------------------------------------------------------------------


@admin.register(PlanTarget)
class PlanTargetAdmin(ServiceErrorsMixin, admin.ModelAdmin):
    """Yearly (quarter empty) and quarterly targets per metric, set through `services.plan_target_set` (audited);
    the reports show the share achieved."""

    list_display = ("year", "quarter", "metric", "target", "note", "created_by", "updated_at")
    list_filter = ("year", "quarter", "metric")
    search_fields = ("note",)
    list_select_related = ("created_by",)

    def get_fields(self, request, obj=None):
        fields = ["year", "quarter", "metric", "target", "note"]
        return fields if obj is None else [*fields, "created_by", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("year", "quarter", "metric", "created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        plan, _created = services.plan_target_set(
            year=obj.year,
            quarter=obj.quarter,
            metric=obj.metric,
            target=obj.target,
            note=obj.note,
            actor=request.user,
        )
        adopt(obj, plan)
