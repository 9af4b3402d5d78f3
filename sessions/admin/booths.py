"""Admin for vacancies and booths (participations): decisions through the services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.admin import (
    NoteActionForm,
    ServiceErrorsMixin,
    adopt,
    apply_service,
    province_filter,
)
from jobfair import errors
from jobfair.admin_widgets import SafeAutocompleteMixin
from sessions import services
from sessions.admin._common import NoDeleteMixin, ServiceSavedM2MMixin, session_filter
from sessions.models import (
    Participation,
    Vacancy,
)


@admin.register(Vacancy)
class VacancyAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
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
                    services.check_employer_vacancies(employer, vacancies or [])
                except ValidationError as exc:
                    self.add_error(None, exc)
        return cleaned


@admin.register(Participation)
class ParticipationAdmin(
    SafeAutocompleteMixin, NoDeleteMixin, ServiceErrorsMixin, ServiceSavedM2MMixin, admin.ModelAdmin
):
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
