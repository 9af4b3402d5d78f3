"""Helpers shared by the sessions admin: filters by session, counts, service-saved relations, inline formsets."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobfair.forms import posted_pk
from sessions.models import (
    JobSession,
    SessionStatus,
)

CLOSED_STATUSES = (SessionStatus.CANCELLED, SessionStatus.COMPLETED)


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
            if self.value():  # not a session id ('abc'): no session's rows
                return queryset.filter(**{path_to_session: posted_pk(self.value())})
            return queryset

    return SessionFilter


def count_per_session(model, **conditions):
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
