"""Staff admin for accounts: users, reference data, employers, job seekers, cohorts, consents and the audit trail.

Changes that carry rules go through `accounts.services` (employer verification, cohort declarations, consent
withdrawal); the trail and the consent history are read-only. The shared admin helpers at the top are also used
by `sessions/admin.py` (sessions may import accounts, never the reverse).
"""

import json
from collections import defaultdict

from django import forms
from django.apps import apps as django_apps
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.access import Kind, record_access
from accounts.audit import audit_log, changes_since, snapshot
from accounts.models import (
    AdministrativeUnit,
    AuditEvent,
    CitizenIdClaim,
    Cohort,
    CohortMembership,
    ConsentRecord,
    Employer,
    EmployerInvitation,
    JobSeeker,
    Occupation,
    OneTimeCode,
    PersonalDataAccess,
    Role,
    User,
    Verification,
)
from accounts.roles import staff_group_sync
from accounts.validators import normalize_citizen_id, normalize_phone, normalize_tax_code
from jobfair.admin_widgets import SafeAutocompleteMixin
from jobfair.errors import BusinessRuleError
from jobfair.forms import refusal_text

# --- shared helpers ------------------------------------------------------------------------------------------


def is_centre_staff(request) -> bool:
    return bool(getattr(request.user, "is_centre_staff", False))


def apply_service(modeladmin, request, queryset, call, success):
    """Run `call(obj)` for each selected object (each service owns its transaction) and report, object by
    object, the success message or the service's refusal. A refusal never becomes a server error."""
    for obj in queryset:
        try:
            result = call(obj)
        except (BusinessRuleError, ValidationError) as exc:
            modeladmin.message_user(
                request, _("%(object)s: %(error)s") % {"object": obj, "error": refusal_text(exc)}, messages.ERROR
            )
        else:
            text = success(result) if callable(success) else success
            modeladmin.message_user(
                request, _("%(object)s: %(result)s") % {"object": obj, "result": text}, messages.SUCCESS
            )


def adopt(obj, created) -> None:
    """Give the unsaved admin object the row a service created, so the admin's redirect and log point to it."""
    for field in created._meta.concrete_fields:
        setattr(obj, field.attname, getattr(created, field.attname))
    obj._state.adding = False
    obj._state.db = created._state.db


def phone_or_none(term: str) -> str | None:
    try:
        return normalize_phone(term)
    except ValidationError:
        return None


class NoteActionForm(ActionForm):
    """The action bar with a note, used by decisions that keep one (a rejection, a verification)."""

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.TextInput(attrs={"size": 40, "placeholder": _("Note")})
    )


class ServiceErrorsMixin:
    """Saves that go through a service: a refusal the form could not foresee (a race, a rule checked under a
    lock) comes back as an error message on the same page, never as a server error."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (BusinessRuleError, ValidationError) as exc:
            # The admin's transaction has been rolled back by now.
            self.message_user(request, refusal_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class PhoneSearchMixin:
    """Search also finds a mobile number typed the way people write it (0912 345 678) but stored as +84…."""

    phone_search_fields = ("phone",)

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        phone = phone_or_none(search_term)
        if phone:
            by_phone = Q()
            for field in self.phone_search_fields:
                by_phone |= Q(**{field: phone})
            found = found | queryset.filter(by_phone)
        return found, may_have_duplicates


class RecordsPersonalDataReads:
    """Pages that show people's personal data leave a row per person in the record of reads (issue 11 item 7):
    the list (with the search, if any) and each record opened. `person_reads(obj, opened)` names what a row shows."""

    def person_reads(self, obj, opened: bool) -> list[tuple[str, int]]:
        raise NotImplementedError

    def _record_reads(self, request, objects, opened: bool) -> None:
        people = defaultdict(list)
        for obj in objects:
            for kind, job_seeker_id in self.person_reads(obj, opened):
                people[kind].append(job_seeker_id)
        for kind, job_seeker_ids in people.items():
            record_access(request, kind, job_seeker_ids=job_seeker_ids)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:  # a list shown (not a redirect after an action)
            if changelist.query:
                record_access(request, Kind.SEARCH, query=changelist.query, model=self.model._meta.label_lower)
            self._record_reads(request, changelist.result_list, opened=False)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = (getattr(response, "context_data", None) or {}).get("original")
        if request.method == "GET" and original is not None:
            self._record_reads(request, [original], opened=True)
        return response


class ReadOnlyAdminMixin:
    """A record nobody edits by hand: viewable, never added, changed or deleted in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CentreStaffOnlyMixin:
    """Special-category data (DESIGN §4): only centre staff (role staff, or superusers) see it. Having
    `is_staff` and a model permission is not enough."""

    def has_view_permission(self, request, obj=None):
        return is_centre_staff(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_centre_staff(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_centre_staff(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_centre_staff(request) and super().has_delete_permission(request, obj)


def province_filter(path: str):
    """A list filter by province for a relation to an administrative unit (the 34 provinces, not 3,355 units)."""

    class ProvinceFilter(admin.SimpleListFilter):
        title = _("province")
        parameter_name = f"{path.replace('__', '_')}_code"

        def lookups(self, request, model_admin):
            provinces = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE)
            return list(provinces.order_by("code").values_list("code", "name"))

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{path}__code": self.value()})
            return queryset

    return ProvinceFilter


# --- users and reference data --------------------------------------------------------------------------------


class PhoneFormMixin:
    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        return normalize_phone(phone) if phone else None


class JobFairUserChangeForm(PhoneFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class JobFairUserCreationForm(PhoneFormMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "phone", "role", "language", "employer")


@admin.register(User)
class UserAdmin(SafeAutocompleteMixin, PhoneSearchMixin, DjangoUserAdmin):
    form = JobFairUserChangeForm
    add_form = JobFairUserCreationForm
    list_display = ("username", "email", "phone", "role", "employer", "language", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "language")
    search_fields = ("username", "email", "phone", "first_name", "last_name", "employer__name", "employer__tax_code")
    list_select_related = ("employer",)
    autocomplete_fields = ("employer",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone", "language")}),
        (_("Role in the job fair"), {"fields": ("role", "employer")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Role in the job fair"), {"fields": ("role", "email", "phone", "language", "employer")}),
    )

    # What only a superuser sets: who may enter the admin and with which rights, and the password (issue 12 item 3).
    superuser_fields = ("role", "is_staff", "is_superuser", "groups", "user_permissions")

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return (
            (None, {"fields": ("username",)}),
            (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone", "language")}),
            (_("Role in the job fair"), {"fields": ("role", "employer")}),
            (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *self.superuser_fields)

    def has_change_permission(self, request, obj=None):
        """Staff change the accounts of job seekers and employers (deactivate, correct a phone), not those of other
        staff or superusers: those they only see."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser or obj.pk == request.user.pk:
            return True
        return not (obj.is_superuser or obj.is_staff or obj.role == Role.STAFF)

    def user_change_password(self, request, id, form_url=""):  # noqa: A002 - Django's own parameter name
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        before = snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        if change and (changes := changes_since(obj, before)):
            audit_log(actor=request.user, action="user.update", obj=obj, changes=changes)
        if change and "is_active" in form.changed_data and not obj.is_active:
            services.user_tokens_revoke(user=obj, actor=request.user, reason="deactivated")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        staff_group_sync(form.instance)  # the form's groups were just saved: the role decides the centre staff group


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    """Reference data loaded from the official list: searched all the time, edited almost never."""

    list_display = ("code", "name", "unit_type", "level", "province")
    list_filter = ("level", province_filter("province"))
    search_fields = ("name", "code", "search_name")
    list_select_related = ("province",)
    ordering = ("code",)
    list_per_page = 100
    raw_id_fields = ("province",)

    def get_readonly_fields(self, request, obj=None):
        return ("code", "level", "province") if obj is not None else ()

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name_en", "sensitive", "position")
    list_filter = ("sensitive",)
    search_fields = ("code", "name_vi", "name_en")
    ordering = ("position", "code")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    """The occupation list (VSCO 2020): staff add the finer occupations the centre uses (3 to 5 digits, under a
    known two-digit group) and correct names; a code, once given, stays (vacancies name it)."""

    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name", "search_name")
    ordering = ("code",)
    list_per_page = 100

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False


# --- employers -----------------------------------------------------------------------------------------------


class EmployerAdminForm(forms.ModelForm):
    def clean_tax_code(self):
        return normalize_tax_code(self.cleaned_data["tax_code"])


class EmployerUserInline(admin.TabularInline):
    model = User
    fk_name = "employer"
    fields = ("username", "email", "phone", "is_active", "last_login")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("user acting for the employer")
    verbose_name_plural = _("users acting for the employer")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Employer)
class EmployerAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    form = EmployerAdminForm
    action_form = NoteActionForm
    list_display = ("name", "tax_code", "ownership", "vsic_section", "ward", "phone", "verification", "verified_at")
    list_filter = ("verification", "ownership", "vsic_section", "workforce_size", province_filter("ward__province"))
    search_fields = ("name", "tax_code", "phone", "email", "contact_name", "search_text")
    list_select_related = ("ward",)
    autocomplete_fields = ("ward",)
    readonly_fields = ("verification", "verification_note", "verified_by", "verified_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "tax_code", "ownership", "vsic_section", "main_products", "workforce_size")}),
        (_("Contact"), {"fields": ("address", "ward", "phone", "email", "website", "contact_name")}),
        (_("Verification"), {"fields": ("verification", "verification_note", "verified_by", "verified_at")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = (EmployerUserInline,)
    actions = ("verify_employers", "reject_employers")

    def _decide(self, request, queryset, decision, done):
        note = request.POST.get("note", "")
        apply_service(
            self,
            request,
            queryset,
            lambda employer: services.employer_verify(
                employer=employer, actor=request.user, decision=decision, note=note
            ),
            done,
        )

    @admin.action(description=_("Verify the selected employers"), permissions=["change"])
    def verify_employers(self, request, queryset):
        self._decide(request, queryset, Verification.VERIFIED, _("verified."))

    @admin.action(description=_("Reject the selected employers (with the note)"), permissions=["change"])
    def reject_employers(self, request, queryset):
        self._decide(request, queryset, Verification.REJECTED, _("rejected."))


# --- job seekers, cohorts, consents --------------------------------------------------------------------------


class JobSeekerAdminForm(forms.ModelForm):
    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        return normalize_phone(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        citizen_id = cleaned.get("citizen_id")
        if citizen_id:
            birth = cleaned.get("date_of_birth")
            try:
                cleaned["citizen_id"] = normalize_citizen_id(
                    citizen_id, sex=cleaned.get("sex") or None, birth_year=birth.year if birth else None
                )
            except ValidationError as exc:
                self.add_error("citizen_id", exc)
        else:
            cleaned["citizen_id"] = None
        return cleaned


class CohortMembershipInline(CentreStaffOnlyMixin, admin.TabularInline):
    """Declared cohorts (special-category data): centre staff only; changes go through the cohort admin."""

    model = CohortMembership
    fields = ("cohort", "share_with_employers", "evidence_note", "verified_by", "verified_at", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cohort", "verified_by")


class ConsentRecordInline(CentreStaffOnlyMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = ConsentRecord
    fields = ("purpose", "cohort", "text_version", "given_at", "withdrawn_at", "recorded_by")
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cohort", "recorded_by")


@admin.register(JobSeeker)
class JobSeekerAdmin(SafeAutocompleteMixin, RecordsPersonalDataReads, PhoneSearchMixin, admin.ModelAdmin):
    form = JobSeekerAdminForm
    list_display = ("full_name", "citizen_id", "phone", "sex", "date_of_birth", "ward", "has_account", "created_at")
    list_filter = (
        "sex",
        "general_education",
        "qualification",
        "working_arrangement",
        "needs_wheelchair_access",
        "needs_sign_language",
        "needs_visual_assistance",
        ("anonymised_at", admin.EmptyFieldListFilter),
        province_filter("ward__province"),
    )
    search_fields = ("full_name", "citizen_id", "phone", "email", "user__username")
    list_select_related = ("ward", "user")
    autocomplete_fields = ("ward",)
    raw_id_fields = ("user",)
    readonly_fields = ("anonymised_at", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("user", "full_name", "citizen_id", "date_of_birth", "sex")}),
        (_("Contact"), {"fields": ("phone", "email", "address", "ward")}),
        (
            _("Profile"),
            {
                "fields": (
                    "general_education",
                    "qualification",
                    "major",
                    "wanted_occupation",
                    "wanted_salary",
                    "working_arrangement",
                    "experience",
                    "skills",
                )
            },
        ),
        (
            _("Accessibility"),
            {
                "fields": (
                    "accessibility_needs",
                    "needs_wheelchair_access",
                    "needs_sign_language",
                    "needs_visual_assistance",
                )
            },
        ),
        (_("Record"), {"fields": ("anonymised_at", "created_at", "updated_at")}),
    )
    inlines = (CohortMembershipInline, ConsentRecordInline)

    def person_reads(self, obj, opened):
        reads = [(Kind.CONTACT, obj.pk)]
        if opened and obj.cohort_memberships.filter(cohort__sensitive=True).exists():  # shown in the inline
            reads.append((Kind.SENSITIVE_COHORT, obj.pk))
        return reads

    @admin.display(description=_("has an account"), boolean=True)
    def has_account(self, obj):
        return obj.user_id is not None


class CohortMembershipAdminForm(forms.ModelForm):
    class Meta:
        help_texts = {
            "share_with_employers": _(
                "Tick only when the person has just consented to it: the consent is recorded with the membership."
            )
        }


@admin.register(CohortMembership)
class CohortMembershipAdmin(SafeAutocompleteMixin, RecordsPersonalDataReads, CentreStaffOnlyMixin, admin.ModelAdmin):
    form = CohortMembershipAdminForm
    list_display = (
        "job_seeker",
        "cohort",
        "cohort_sensitive",
        "share_with_employers",
        "verified_at",
        "verified_by",
        "created_at",
    )
    list_filter = (
        "cohort",
        "cohort__sensitive",
        "share_with_employers",
        ("verified_at", admin.EmptyFieldListFilter),
    )
    search_fields = (
        "job_seeker__full_name",
        "job_seeker__citizen_id",
        "job_seeker__phone",
        "cohort__code",
        "cohort__name_vi",
        "cohort__name_en",
    )
    list_select_related = ("job_seeker", "cohort", "verified_by")
    autocomplete_fields = ("job_seeker",)
    actions = ("verify_memberships", "withdraw_share_consent")

    def person_reads(self, obj, opened):
        return [(Kind.SENSITIVE_COHORT, obj.job_seeker_id)] if obj.cohort.sensitive else []

    def get_fields(self, request, obj=None):
        fields = ["job_seeker", "cohort", "share_with_employers", "evidence_note"]
        if obj is not None:
            fields += ["verified_by", "verified_at", "created_at", "updated_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # Sharing is withdrawn with the action (which records the withdrawal), never unticked by hand.
        return (
            "job_seeker",
            "cohort",
            "share_with_employers",
            "verified_by",
            "verified_at",
            "created_at",
            "updated_at",
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("job_seeker", "cohort")

    @admin.display(description=_("sensitive"), boolean=True, ordering="cohort__sensitive")
    def cohort_sensitive(self, obj):
        return obj.cohort.sensitive

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["evidence_note", "updated_at"])
            return
        membership = services.cohort_membership_declare(
            job_seeker=obj.job_seeker,
            cohort=obj.cohort,
            share_with_employers=obj.share_with_employers,
            evidence_note=obj.evidence_note,
            actor=request.user,
        )
        adopt(obj, membership)

    @admin.action(description=_("Mark the selected memberships as verified"), permissions=["change"])
    def verify_memberships(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda membership: services.cohort_membership_verify(membership=membership, actor=request.user),
            _("verified."),
        )

    @admin.action(description=_("Withdraw the consent to show the cohort to employers"), permissions=["change"])
    def withdraw_share_consent(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda membership: services.cohort_share_withdraw(membership=membership, actor=request.user),
            _("no longer shown to employers."),
        )


@admin.register(ConsentRecord)
class ConsentRecordAdmin(RecordsPersonalDataReads, CentreStaffOnlyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The consent history is evidence: nobody edits it by hand. A consent record for a sensitive cohort
    reveals the cohort, so it is shown to centre staff only, like the memberships."""

    list_display = ("job_seeker", "purpose", "cohort", "text_version", "given_at", "withdrawn_at", "recorded_by")
    list_filter = ("purpose", "cohort", ("withdrawn_at", admin.EmptyFieldListFilter))
    search_fields = ("job_seeker__full_name", "job_seeker__citizen_id", "job_seeker__phone")
    list_select_related = ("job_seeker", "cohort", "recorded_by")
    date_hierarchy = "given_at"

    def person_reads(self, obj, opened):
        return [(Kind.SENSITIVE_COHORT, obj.job_seeker_id)] if obj.cohort_id and obj.cohort.sensitive else []


def _changed_field(event: AuditEvent, name: str):
    """The model field an audit event's change names (None when the model or the field is gone)."""
    try:
        return django_apps.get_model(event.object_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None


def _change_value_text(field, value) -> str:
    """A recorded value as staff read it: a choice by its label, a date in the page's format, yes/no."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(_change_value_text(field, item) for item in value)
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str) and (moment := parse_datetime(value)):
        return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, str) and (day := parse_date(value)):
        return date_format(day, "SHORT_DATE_FORMAT")
    return str(value)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The trail, read-only: who did what to which record, and which values changed from what to what."""

    list_display = ("created_at", "action", "object_type", "object_id", "changed_fields", "actor")
    list_filter = ("object_type", "action")
    search_fields = ("action", "object_type", "=object_id", "actor__username")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ("created_at", "actor", "action", "object_type", "object_id", "changes_display", "data_display")
    readonly_fields = fields

    def _changes(self, obj) -> dict:
        changes = (obj.data or {}).get("changes")
        return changes if isinstance(changes, dict) else {}

    def _label(self, obj, name) -> str:
        field = _changed_field(obj, name)
        return str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name

    @admin.display(description=_("what changed"))
    def changed_fields(self, obj):
        return ", ".join(self._label(obj, name) for name in self._changes(obj)) or "—"

    @admin.display(description=_("changes"))
    def changes_display(self, obj):
        rows = []
        for name, values in self._changes(obj).items():
            field = _changed_field(obj, name)
            old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
            rows.append((self._label(obj, name), _change_value_text(field, old), _change_value_text(field, new)))
        if not rows:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", "<li><strong>{}</strong>: {} → {}</li>", rows))

    @admin.display(description=_("data"))
    def data_display(self, obj):
        data = {key: value for key, value in (obj.data or {}).items() if key != "changes"}
        return format_html("<pre>{}</pre>", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who read whose personal data: readable by staff given the permission to view these rows."""

    list_display = ("at", "kind", "job_seeker", "actor", "actor_role", "actor_employer", "address", "where")
    list_filter = ("kind", "actor_role")
    search_fields = ("job_seeker__full_name", "=job_seeker__phone", "actor__username", "actor_employer__name")
    list_select_related = ("job_seeker", "actor", "actor_employer")
    date_hierarchy = "at"
    show_full_result_count = False
    fields = ("at", "kind", "job_seeker", "actor", "actor_role", "actor_employer", "address", "where", "detail")
    readonly_fields = fields


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """SMS codes sent, for a staff member helping someone whose code does not arrive; the code itself is not kept."""

    list_display = ("created_at", "purpose", "phone", "expires_at", "attempts", "used_at")
    list_filter = ("purpose",)
    search_fields = ("=phone", "user__username")
    list_select_related = ("user",)
    fields = ("created_at", "user", "purpose", "phone", "expires_at", "attempts", "used_at")
    readonly_fields = fields


@admin.register(CitizenIdClaim)
class CitizenIdClaimAdmin(CentreStaffOnlyMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """The history of citizen-ID claims; staff decide the open ones in the console (Citizen ID checks)."""

    list_display = ("created_at", "citizen_id", "claimant", "holder", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("=citizen_id", "claimant__full_name", "holder__full_name")
    list_select_related = ("claimant", "holder", "decided_by")
    fields = ("created_at", "citizen_id", "claimant", "holder", "status", "decided_by", "decided_at", "note")
    readonly_fields = fields


@admin.register(EmployerInvitation)
class EmployerInvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Colleague invitations a company sent from its own area (who, by whom, whether used), for staff helping a
    company whose colleague cannot get in; the company itself invites and removes, the token is never shown."""

    list_display = ("created_at", "employer", "email", "invited_by", "expires_at", "used_at", "user")
    list_filter = (("used_at", admin.EmptyFieldListFilter),)
    search_fields = ("email", "employer__name", "employer__tax_code")
    list_select_related = ("employer", "invited_by", "user")
    fields = ("created_at", "employer", "email", "invited_by", "expires_at", "used_at", "user")
    readonly_fields = fields
