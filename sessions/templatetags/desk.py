"""Template helpers of the session desk: the desk code as people read it aloud, a phone number partly hidden."""

from django import template

from accounts.validators import phone_display

register = template.Library()


@register.filter
def desk_code(code) -> str:
    """ "K7MQ2P" -> "K7M-Q2P": two groups of three, easy to read out and to type (the desk ignores the dash)."""
    code = (code or "").upper()
    return f"{code[:3]}-{code[3:]}" if len(code) == 6 else code


@register.filter
def phone_masked(phone) -> str:
    """+84912345678 -> "0912 ••• 678": enough for the person to say "that is mine", not the whole number."""
    shown = phone_display(phone or "")
    if len(shown) < 8:
        return shown
    return f"{shown[:4]} ••• {shown[-3:]}"


@register.filter
def phone_local(phone) -> str:
    """+84912345678 -> "0912 345 678", the form people read and say."""
    return phone_display(phone or "")
