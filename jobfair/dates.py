"""Calendar arithmetic the apps share."""

from datetime import date, datetime

from django.utils import timezone


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def local_moment_text(moment: datetime) -> str:
    """A moment as a message names it to a person: the centre's local time, "08:00 10/12/2026"."""
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}"
