"""Forms of the job seeker's area: registering with vacancies of interest, a next step taken, deleting one's
account."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jobfair.forms import SiteFormMixin
from sessions import selectors
from sessions.models import JobSession, Referral, Vacancy

DATE_INPUT = {"type": "date"}


class VacancyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, vacancy):
        return f"{vacancy.title} – {vacancy.employer.name}"


class RegistrationForm(SiteFormMixin, forms.Form):
    vacancies = VacancyChoiceField(
        queryset=Vacancy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Vacancies you are interested in"),
        help_text=_("The employers of the vacancies you tick will see your registration and may contact you."),
    )

    def __init__(self, *args, vacancies: QuerySet[Vacancy], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = vacancies


class DeleteAccountForm(SiteFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that my account will be closed and my personal data erased, and that this cannot be undone."
        ),
        error_messages={"required": _("Tick this box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password


class NextStepForm(SiteFormMixin, forms.Form):
    """A next step the person took themselves: a course, unemployment-insurance counselling, another session
    (a vacancy they apply for is a registration, not this)."""

    kind = forms.ChoiceField(
        label=_("What did you do?"),
        choices=[(kind.value, kind.label) for kind in Referral.Kind if kind != Referral.Kind.VACANCY],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you did.")},
    )
    training_provider = forms.CharField(
        label=_("Training provider"), max_length=200, required=False, help_text=_("For vocational training.")
    )
    course = forms.CharField(label=_("Course"), max_length=200, required=False)
    session = forms.ModelChoiceField(label=_("Session"), queryset=None, required=False)
    note = forms.CharField(
        label=_("Anything the centre should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = selectors.sessions_open_for_registration()
        self.fields["session"].label_from_instance = JobSession.choice_label
