"""Vacancies employers post and bring to sessions."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_changes, snapshot
from accounts.models import User
from accounts.services import audit_log
from jobfair.changes import assign_changes
from jobfair.dates import add_years
from sessions.models import (
    Vacancy,
)

VACANCY_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "occupation",
        "description",
        "quantity",
        "min_education",
        "min_qualification",
        "major",
        "experience",
        "working_arrangement",
        "purpose",
        "contract_type",
        "ward",
        "salary_min",
        "salary_max",
        "salary_negotiable",
        "benefits",
        "disability_accessible",
        "recruitment_methods",
        "deadline",
        "status",
    }
)
VACANCY_M2M_FIELDS = frozenset({"priority_cohorts"})


def _clean_vacancy(vacancy: Vacancy, *, new_occupation: bool = True, new_deadline: bool = True) -> None:
    """The rules of a vacancy, as field errors (HTTP 400): the database constraints say the same, less kindly.
    A newly given occupation must be in the occupation list (one posted before the list keeps its code); a newly
    given deadline lies between today and a year from it (one that has passed since stays)."""
    from accounts.models import validate_known_occupation
    from accounts.validators import validate_occupation_code
    from jobfair.text import normalize_name, normalize_text

    vacancy.title = normalize_name(vacancy.title or "")
    vacancy.description = normalize_text(vacancy.description or "")
    vacancy.major = normalize_text(vacancy.major or "")
    errs = {}
    if not vacancy.title:
        errs["title"] = _("Enter the job title.")
    try:
        validate_occupation_code(vacancy.occupation)
        if new_occupation:  # a code kept from before stays, even one the list no longer has
            validate_known_occupation(vacancy.occupation)
    except ValidationError as exc:
        errs["occupation"] = exc.messages
    if vacancy.quantity is None or vacancy.quantity < 1:
        errs["quantity"] = _("A vacancy has at least one place.")
    if vacancy.salary_min is not None and vacancy.salary_max is not None and vacancy.salary_min > vacancy.salary_max:
        errs["salary_max"] = _("The maximum salary must not be lower than the minimum salary.")
    today = timezone.localdate()
    if new_deadline and vacancy.deadline is not None and vacancy.deadline < today:
        errs["deadline"] = _("The application deadline cannot lie in the past.")
    elif new_deadline and vacancy.deadline is not None and vacancy.deadline > add_years(today, 1):
        errs["deadline"] = _("The application deadline lies within a year from today.")
    if vacancy.status not in Vacancy.Status.values:
        errs["status"] = _("A vacancy is open or closed.")
    if vacancy.ward_id is None or vacancy.ward.level != "ward":
        errs["ward"] = _("Choose a ward or commune, not a province.")
    if errs:
        raise ValidationError(errs)


def vacancy_create(*, actor: User | None, employer, priority_cohorts: Iterable = (), **fields) -> Vacancy:
    """Post a vacancy for an employer (open at once). A pending employer may post; its vacancies are shown to
    the public once the centre has verified it."""
    unknown = set(fields) - VACANCY_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"vacancy_create() got unexpected fields: {sorted(unknown)}")
    vacancy = Vacancy(employer=employer, **fields)
    _clean_vacancy(vacancy)
    with transaction.atomic():
        vacancy.save()
        vacancy.priority_cohorts.set(priority_cohorts)
        audit_log(actor=actor, action="vacancy.create", obj=vacancy)
    return vacancy


def vacancy_update(*, vacancy: Vacancy, actor: User | None, **changes) -> Vacancy:
    """Change a vacancy, or close (status "closed") and reopen it. A closed vacancy stays on the booths that
    already bring it, but cannot be brought to a new booth."""
    unknown = set(changes) - VACANCY_EDITABLE_FIELDS - VACANCY_M2M_FIELDS
    if unknown:
        raise TypeError(f"vacancy_update() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        before = snapshot(vacancy, m2m_fields=VACANCY_M2M_FIELDS & set(changes))
        changed, changed_relations = assign_changes(vacancy, changes, m2m_fields=VACANCY_M2M_FIELDS)
        if not changed and not changed_relations:
            return vacancy
        if changed:
            _clean_vacancy(vacancy, new_occupation="occupation" in changed, new_deadline="deadline" in changed)
            vacancy.save(update_fields=[*changed, "updated_at"])
        action = "vacancy.update"
        if "status" in changed:
            action = "vacancy.close" if vacancy.status == Vacancy.Status.CLOSED else "vacancy.reopen"
        audit_changes(actor=actor, action=action, obj=vacancy, before=before, fields=changed + changed_relations)
    return vacancy
