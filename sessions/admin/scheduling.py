"""Admin for venues, weekly series, the session code counters and the sessions themselves."""

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import (
    ReadOnlyAdminMixin,
    ServiceErrorsMixin,
    adopt,
    apply_service,
    province_filter,
)
from accounts.models import VsicSection
from jobfair.admin_widgets import SafeAutocompleteMixin
from sessions import services
from sessions.admin._common import (
    CLOSED_STATUSES,
    FirstRowsFormSet,
    ServiceSavedM2MMixin,
    count_per_session,
    save_changed_fields_only,
)
from sessions.models import (
    JobSession,
    Participation,
    Registration,
    SessionCodeCounter,
    SessionSeries,
    SessionStatus,
    Venue,
)


@admin.register(Venue)
class VenueAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
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
class SessionSeriesAdmin(SafeAutocompleteMixin, ServiceErrorsMixin, admin.ModelAdmin):
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
                "job_seeker_capacity": _("Empty = the venue's seats (unlimited when the venue's count is not known)."),
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
            opens_at, closes_at = services.default_registration_window(
                starts_at=session.starts_at, ends_at=session.ends_at, now=timezone.now()
            )
            session.registration_opens_at = session.registration_opens_at or opens_at
            session.registration_closes_at = session.registration_closes_at or closes_at
            if session.employer_capacity is None:
                session.employer_capacity = session.venue.booth_count if session.venue else 0
            if session.job_seeker_capacity is None and session.venue is not None:
                session.job_seeker_capacity = session.venue.seat_capacity or None
        try:
            services.validate_session_fields(session)
        except ValidationError as exc:
            self._update_errors(exc)
            return
        refusal = services.venue_clash_refusal(session)
        if refusal is not None:
            self.add_error("venue", refusal.detail)


class CancelSessionsForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancellation"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Sent to everyone registered and every employer with a booth."),
    )


@admin.register(JobSession)
class JobSessionAdmin(SafeAutocompleteMixin, ServiceErrorsMixin, ServiceSavedM2MMixin, admin.ModelAdmin):
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
                employers_count=count_per_session(Participation, status=Participation.Status.APPROVED),
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

    @admin.display(description=_("seats (taken / capacity)"), ordering="seats_taken")
    def seats(self, obj):
        capacity = "∞" if obj.job_seeker_capacity is None else obj.job_seeker_capacity
        return f"{obj.seats_taken} / {capacity}"

    @admin.display(description=_("waitlist"), ordering="waitlisted_count")
    def waitlist_count(self, obj):
        return obj.waitlisted_count

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
            % {"registered": obj.seats_taken, "waitlisted": obj.waitlisted_count},
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
        for blank_means_the_venues in ("employer_capacity", "job_seeker_capacity"):
            if fields.get(blank_means_the_venues) is None:
                fields.pop(blank_means_the_venues, None)
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
