"""Admin for the plan targets."""

from django.contrib import admin

from accounts.admin import (
    ServiceErrorsMixin,
    adopt,
)
from sessions import services
from sessions.models import (
    PlanTarget,
)


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
