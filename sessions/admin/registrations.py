"""Admin for registrations: staff registrations, check-ins and cancellations through the services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.admin import (
    ServiceErrorsMixin,
    adopt,
    apply_service,
)
from jobfair import errors
from jobfair.admin_widgets import SafeAutocompleteMixin
from jobfair.forms import refusal_text
from sessions import services
from sessions.admin._common import NoDeleteMixin, ServiceSavedM2MMixin, session_filter
from sessions.models import (
    Registration,
    RegistrationAlert,
)


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
class RegistrationAdmin(
    SafeAutocompleteMixin, NoDeleteMixin, ServiceErrorsMixin, ServiceSavedM2MMixin, admin.ModelAdmin
):
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
                form.add_error("code", refusal_text(exc))
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


@admin.register(RegistrationAlert)
class RegistrationAlertAdmin(admin.ModelAdmin):
    """Who asked to be told when a session's registration opens, and when they were told (read only: the job
    seeker asks on the session page, the scheduler tells)."""

    list_display = ("job_seeker", "session", "created_at", "notified_at")
    list_filter = (session_filter(),)
    list_select_related = ("job_seeker", "session")
    raw_id_fields = ("job_seeker", "session")
    readonly_fields = ("job_seeker", "session", "created_at", "notified_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
