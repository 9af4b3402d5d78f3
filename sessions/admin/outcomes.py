"""Admin for interviews and hiring outcomes, with the 30/90-day follow-up."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import (
    CentreStaffOnlyMixin,
    ReadOnlyAdminMixin,
    ServiceErrorsMixin,
    adopt,
    apply_service,
)
from jobfair.admin_widgets import SafeAutocompleteMixin
from sessions import services
from sessions.admin._common import session_filter
from sessions.models import (
    FollowUpContact,
    HiringOutcome,
    Interview,
    Referral,
)


@admin.register(Interview)
class InterviewAdmin(SafeAutocompleteMixin, ServiceErrorsMixin, admin.ModelAdmin):
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


class FollowUpContactInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The calls staff made for the checks, latest first (noted in the console's follow-up page)."""

    model = FollowUpContact
    fields = ("created_at", "due", "result", "note", "contacted_by")
    readonly_fields = fields
    extra = 0
    ordering = ("-created_at", "-id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contacted_by")


@admin.register(HiringOutcome)
class HiringOutcomeAdmin(SafeAutocompleteMixin, FollowUpMixin, ServiceErrorsMixin, admin.ModelAdmin):
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
    inlines = (FollowUpContactInline,)

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


@admin.register(FollowUpContact)
class FollowUpContactAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every call made for a 30- or 90-day check, with its result and note: a record, noted in the console's
    follow-up page (sessions.services.follow_up_contact_record), never edited here."""

    list_display = ("created_at", "job_seeker", "employer", "due", "result", "contacted_by")
    list_filter = ("due", "result", session_filter("outcome__interview__registration__session"))
    search_fields = (
        "outcome__interview__registration__job_seeker__full_name",
        "=outcome__interview__registration__job_seeker__phone",
        "outcome__interview__vacancy__employer__name",
        "note",
    )
    list_select_related = (
        "outcome__interview__registration__job_seeker",
        "outcome__interview__vacancy__employer",
        "contacted_by",
    )
    date_hierarchy = "created_at"
    fields = ("created_at", "outcome", "due", "result", "note", "contacted_by")
    readonly_fields = fields

    @admin.display(description=_("job seeker"), ordering="outcome__interview__registration__job_seeker__full_name")
    def job_seeker(self, obj):
        return obj.outcome.interview.registration.job_seeker

    @admin.display(description=_("employer"), ordering="outcome__interview__vacancy__employer__name")
    def employer(self, obj):
        return obj.outcome.interview.vacancy.employer


@admin.register(Referral)
class ReferralAdmin(CentreStaffOnlyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Next steps for people not hired, for lists and searches; staff record them and move them on from the
    person's page in the console (the services audit each step), so here they are read only."""

    list_display = ("created_at", "job_seeker", "kind", "status", "follow_up_on", "referred_by")
    list_filter = ("kind", "status")
    search_fields = ("job_seeker__full_name", "job_seeker__phone", "training_provider", "course")
    list_select_related = ("job_seeker", "referred_by")
    fields = (
        "job_seeker",
        "kind",
        "status",
        "training_provider",
        "course",
        "session",
        "vacancy",
        "interview",
        "follow_up_on",
        "note",
        "referred_by",
        "created_at",
        "status_changed_at",
    )
    readonly_fields = fields
