"""What every form of the web pages shares: the site's rendering and how a service's refusal reaches the person.

Every form renders through `SiteFormRenderer`: a label above each control, the help text and the error next to
it (tied with aria-describedby), and an error summary at the top linking to each wrong field.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobfair.errors import BusinessRuleError


class SiteFormRenderer(TemplatesSetting):
    """The project's template settings, so the form templates live in jobfair/templates/forms."""

    form_template_name = "forms/site_form.html"
    field_template_name = "forms/site_field.html"


class SiteFormMixin:
    """Bootstrap classes on the widgets and the site's form templates."""

    default_renderer = SiteFormRenderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue  # Django puts the class on the wrapper too: the inputs are styled by `.choices input`
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def posted_pk(value: str | None) -> int | None:
    """The row id a button or a link sent (`booth=12`), or None for anything that is not one: '', 'abc', '²' (a
    digit to Python's isdigit, not to int), a NUL byte. A view answers None as it answers an unknown row."""
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


class CodeChoiceField(forms.ModelChoiceField):
    """A choice of a row keyed by a text code (a province, a ward): a value PostgreSQL cannot compare (a NUL byte)
    is an invalid choice next to the field, not a database error."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PhoneInput(forms.TextInput):
    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "tel", "inputmode": "tel", **(attrs or {})})


class DatalistInput(forms.TextInput):
    """A text box with a list of suggestions (`<datalist>`): the browser filters the list as the person types, with
    or without JavaScript; the field decides what the typed text means."""

    template_name = "forms/datalist_input.html"

    def __init__(self, attrs=None, options=()):
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.options = options

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}_options"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["options"] = list(self.options() if callable(self.options) else self.options)
        return context


def refusal_text(exc: Exception) -> str:
    """The message a person reads for a refusal by a service (pages and the admin alike)."""
    if isinstance(exc, BusinessRuleError):
        return exc.detail
    if isinstance(exc, ValidationError):
        return " ".join(str(message) for message in exc.messages)
    return str(exc)


def form_errors_text(form: forms.BaseForm) -> str:
    """Every error of a form in one line, for a page that says it in one place (a row of a table, a message)."""
    return " ".join(message for messages in form.errors.values() for message in messages)


def add_service_errors(form: forms.BaseForm, exc: ValidationError, field_map: dict | None = None) -> None:
    """Put a service's ValidationError next to the fields it names (or at the top of the form)."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        name = field_map.get(name, name)
        form.add_error(name if name in form.fields else None, messages)


class ServiceRefusal:
    """Guards a service call made for a page, so a refusal is shown, never a server error:

        with ServiceRefusal(form) as refusal:
            services.vacancy_create(...)
            return redirect(...)          # reached only when the service accepted
        return render(..., {"refusal": refusal.text}, status=refusal.status)

    A ValidationError goes next to the form fields it names (`field_map` renames service fields to form fields);
    a business-rule refusal becomes `text`, shown at the top of the page with 409 (with `on_form=True` the form
    shows it at its top instead). Without a form every refusal becomes `text`."""

    def __init__(self, form: forms.BaseForm | None = None, *, field_map: dict | None = None, on_form: bool = False):
        self.form = form
        self.field_map = field_map
        self.on_form = on_form
        self.text: str | None = None

    def __enter__(self) -> ServiceRefusal:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is None or not isinstance(exc, BusinessRuleError | ValidationError):
            return False
        if self.form is not None and isinstance(exc, ValidationError):
            add_service_errors(self.form, exc, self.field_map)
            return True
        self.text = refusal_text(exc)
        if self.form is not None and self.on_form:
            self.form.add_error(None, self.text)
        return True

    @property
    def status(self) -> int:
        """409 when a business rule refused; a form with errors is shown again with 200, as before."""
        return 409 if self.text else 200


class DateBoxesWidget(forms.MultiWidget):
    """A date as three boxes, day / month / year (GOV.UK's memorable date): numbers a person knows by heart, no
    calendar to scroll back forty years. Its value is the three texts as typed."""

    template_name = "forms/date_boxes.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        box = {"inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(
            {
                "day": forms.TextInput({**box, "maxlength": 2, "size": 2, "autocomplete": "bday-day"}),
                "month": forms.TextInput({**box, "maxlength": 2, "size": 2, "autocomplete": "bday-month"}),
                "year": forms.TextInput({**box, "maxlength": 4, "size": 4, "autocomplete": "bday-year"}),
            }
        )

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""  # the error summary's link and the legend lead to the day box

    def decompress(self, value):
        if value is None or isinstance(value, str):
            return [None, None, None]
        return [value.day, value.month, value.year]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], (_("Day"), _("Month"), _("Year")), strict=True):
            subwidget["box_label"] = label
        return context


class DateBoxesField(forms.Field):
    """A date typed in three boxes. Each mistake is named plainly: a missing part, a part that is not a number, a
    day the month does not have (31/02). Which dates it may be is the field's validators' to say."""

    widget = DateBoxesWidget

    def to_python(self, value):
        import datetime

        parts = [str(part or "").strip() for part in (value or [])][:3]
        parts += [""] * (3 - len(parts))
        if not any(parts):
            return None
        day, month, year = parts
        if not all(parts):
            missing = [word for word, part in zip((_("day"), _("month"), _("year")), parts, strict=True) if not part]
            raise ValidationError(
                _("Type the %(parts)s too.") % {"parts": _(" and ").join(str(word) for word in missing)},
                code="date_incomplete",
            )
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise ValidationError(_("Type the day, the month and the year in numbers."), code="date_not_numbers")
        day, month, year = int(day), int(month), int(year)
        if len(parts[2]) != 4:
            raise ValidationError(_("The year must have 4 digits, for example 1998."), code="date_year_digits")
        if not 1 <= month <= 12:
            raise ValidationError(_("The month must be a number from 1 to 12."), code="date_month")
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                _("Month %(month)d of %(year)d has no day %(day)d: check the day.")
                % {"day": day, "month": month, "year": year},
                code="date_no_such_day",
            ) from None
        return date


# 1200, 1.200, 1,200 or 1 200: in Vietnamese the dot groups thousands (7.000.000 đồng); not 12abc nor 1,5.
WHOLE_NUMBER = re.compile(r"[0-9]+|[0-9]{1,3}(?:[., ][0-9]{3})+")


def parse_whole_number(raw: str) -> int | None:
    """A whole number as a person types it, its thousands grouped or not; None for anything else."""
    raw = raw.strip().replace("\u00a0", " ")
    return int(re.sub(r"[., ]", "", raw)) if WHOLE_NUMBER.fullmatch(raw) else None


class WholeNumberField(forms.IntegerField):
    """A count or an amount in đồng. Django's IntegerField reads "1.000" as 1 (a decimal point and zeros), where a
    Vietnamese means one thousand: here the dot, the comma and the space group thousands, and a decimal is refused."""

    default_error_messages = {"invalid": gettext_lazy("Type a whole number, for example 7000000 or 7.000.000.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        number = parse_whole_number(str(value))
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
