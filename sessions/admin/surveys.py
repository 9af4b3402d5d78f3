"""Admin for the question after the session: the answers, read only (they come by the personal links; the figures
are on each session's result sheet)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import CentreStaffOnlyMixin, ReadOnlyAdminMixin
from sessions.admin._common import session_filter
from sessions.models import SurveyInvitation


class AnsweredFilter(admin.SimpleListFilter):
    title = _("answered")
    parameter_name = "answered"

    def lookups(self, request, model_admin):
        return [("yes", _("Answered")), ("no", _("Not answered yet"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(answered_at__isnull=self.value() == "no")
        return queryset


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(CentreStaffOnlyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who was asked and what they answered, for centre staff (a comment is free text: it may name people); a job
    seeker's answer names nobody here (the registration is kept for the link only, and erasure cuts it)."""

    list_display = ("session", "respondent", "employer", "rating", "answered_at", "closes_at")
    list_filter = (AnsweredFilter, "respondent", "rating", session_filter())
    search_fields = ("session__code", "session__title", "participation__employer__name", "comment")
    list_select_related = ("session", "participation__employer")
    fields = ("session", "respondent", "employer", "rating", "comment", "answered_at", "closes_at", "created_at")
    readonly_fields = fields

    @admin.display(description=_("employer"), ordering="participation__employer__name")
    def employer(self, obj):
        return obj.participation.employer if obj.participation_id else "–"
