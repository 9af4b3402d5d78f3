"""The plan: yearly and quarterly targets per metric."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import audit_log
from jobfair import errors
from sessions.models import (
    PlanTarget,
)

PLAN_TARGET_MAX = 10_000_000  # ten times what a city hires in a year; above it a slip of the keyboard


def plan_target_set(
    *,
    year: int,
    metric: str,
    target: int,
    actor: User | None,
    quarter: int | None = None,
    note: str = "",
) -> tuple[PlanTarget, bool]:
    """Set the plan for one metric over a year (quarter None) or a quarter: creates the row or updates the one
    already there (one per year/quarter/metric). Returns (target, created)."""
    errs = {}
    if not 2000 <= year <= 2100:
        errs["year"] = _("Give a year between 2000 and 2100.")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        errs["quarter"] = _("The quarter is 1, 2, 3 or 4, or empty for the whole year.")
    if metric not in PlanTarget.Metric.values:
        errs["metric"] = _("Unknown metric.")
    if not 1 <= target <= PLAN_TARGET_MAX:
        most = number_format(PLAN_TARGET_MAX, force_grouping=True)
        errs["target"] = _("The target is a whole number from 1 to %(max)s.") % {"max": most}
    if errs:
        raise ValidationError(errs)
    note = (note or "").strip()
    key = {"year": year, "quarter": quarter, "metric": metric}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                plan = PlanTarget.objects.select_for_update().filter(**key).first()
                created = plan is None
                previous = None if created else plan.target
                if created:
                    plan = PlanTarget.objects.create(**key, target=target, note=note, created_by=actor)
                else:
                    plan.target, plan.note = target, note
                    plan.save(update_fields=["target", "note", "updated_at"])
                audit_log(
                    actor=actor,
                    action="plan_target.set",
                    obj=plan,
                    year=year,
                    quarter=quarter,
                    metric=metric,
                    target=target,
                    previous=previous,
                )
            return plan, created
        except IntegrityError:
            # Someone created the same row between our read and our insert: update theirs instead.
            continue
    raise errors.BusinessRuleError(_("The plan target is being changed by someone else; try again."))
