"""What every form of the web pages shares: the site's rendering and how a service's refusal reaches the person.

Every form renders through `SiteFormRenderer`: a label above each control, the help text and the error next to
it (tied with aria-describedby), and an error summary at the top linking to each wrong field.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

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
