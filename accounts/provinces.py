"""The province lists of every form start with the centre's province (settings.CENTRE_PROVINCE_CODE), preselected
where the person has not chosen: most people the centre serves live or work there (issue 13 item 5)."""

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When

from accounts.models import AdministrativeUnit


def centre_province_code() -> str:
    return settings.CENTRE_PROVINCE_CODE


def provinces_centre_first() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).order_by(
        Case(When(code=centre_province_code(), then=Value(0)), default=Value(1), output_field=IntegerField()), "name"
    )
