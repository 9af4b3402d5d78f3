"""Template helpers of the web pages: money in VND and a vacancy's salary, in the page's language."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """12000000 -> "12.000.000 đ" (Vietnamese) or "12,000,000 VND" (English)."""
    if amount is None or amount == "":
        return ""
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        return ""
    if (get_language() or "vi").startswith("en"):
        return f"{amount:,} VND"
    return f"{amount:,}".replace(",", ".") + " đ"


@register.filter
def salary(vacancy) -> str:
    low, high = vacancy.salary_min, vacancy.salary_max
    if low is not None and high is not None:
        text = f"{vnd(low)} – {vnd(high)}" if low != high else vnd(low)
    elif low is not None:
        text = _("from %(amount)s") % {"amount": vnd(low)}
    elif high is not None:
        text = _("up to %(amount)s") % {"amount": vnd(high)}
    else:
        text = ""
    if vacancy.salary_negotiable:
        text = f"{text} ({_('negotiable')})" if text else _("Negotiable")
    return text or _("Not stated")


@register.filter
def seats_left(session):
    """Seats still free at a session (None: no limit)."""
    from sessions.selectors import seats_remaining

    return seats_remaining(session)
