"""Forms of the web pages for accounts: they check the input's shape; the services in accounts.services decide.
They render through jobfair.forms.SiteFormRenderer."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import (
    MONTHLY_SALARY_MAX,
    AdministrativeUnit,
    Cohort,
    Experience,
    GeneralEducation,
    Language,
    Occupation,
    Ownership,
    Qualification,
    Sex,
    User,
    VsicSection,
    WorkforceSize,
    WorkingArrangement,
    validate_known_occupation,
)
from accounts.provinces import centre_province_code, provinces_centre_first
from accounts.validators import normalize_citizen_id, normalize_phone, validate_date_of_birth
from jobfair.forms import CodeChoiceField, DatalistInput, DateBoxesField, PhoneInput, SiteFormMixin, WholeNumberField
from jobfair.text import fold_for_search, normalize_name

# A person's own experience: "none yet", not the employer's "none required" of Experience's labels.
PERSON_EXPERIENCE_CHOICES = [
    (Experience.NONE, _("No experience yet")),
    *[(value, label) for value, label in Experience.choices if value != Experience.NONE],
]


def occupation_choices() -> list[str]:
    """The suggestions of the occupation box: "2411 – Kế toán viên", the finer occupations first (the ones a
    vacancy usually names), then the groups."""
    return [str(o) for o in Occupation.objects.order_by("-level", "code")]


class OccupationField(forms.CharField):
    """The searchable occupation picker, the one way an occupation is chosen on the pages (an employer's vacancy, a
    job seeker's wanted occupation): an occupation of the list, typed as its name or part of it (the browser
    suggests the names), or as its code; cleaned to the code. A text that names no occupation, or several, is sent
    back with the names to choose from."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("widget", DatalistInput(options=occupation_choices))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if value and re.fullmatch(r"[0-9]{1,5}", str(value)):
            occupation = Occupation.objects.filter(code=value).first()
            return str(occupation) if occupation else value
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return text
        code = re.match(r"\s*([0-9]{1,5})(?![0-9])", text)
        if code:
            validate_known_occupation(code.group(1))
            return code.group(1)
        matches = list(
            Occupation.objects.filter(search_name__contains=fold_for_search(text)).order_by("-level", "code")[:6]
        )
        if len(matches) == 1:
            return matches[0].code
        if not matches:
            raise ValidationError(
                _("No occupation in the list matches “%(text)s”. Type part of the occupation's name and choose it.")
                % {"text": text},
                code="unknown_occupation",
            )
        exact = [o for o in matches if fold_for_search(o.name) == fold_for_search(text)]
        if len(exact) == 1:
            return exact[0].code
        raise ValidationError(
            _("Several occupations match “%(text)s”: %(names)s. Choose one of them.")
            % {"text": text, "names": "; ".join(str(o) for o in matches[:5])},
            code="several_occupations",
        )


class WardFieldsMixin:
    """A province and a ward of it. The ward list follows the chosen province (HTMX swaps the options; without
    JavaScript the form comes back with the new province's wards)."""

    ward_required = True

    def setup_ward(self, initial_ward: AdministrativeUnit | None = None) -> None:
        self.fields["province"] = CodeChoiceField(
            queryset=provinces_centre_first(),
            label=_("Province or city"),
            required=self.ward_required,
            empty_label=_("— choose —"),
            widget=forms.Select(
                attrs={
                    "class": "form-select",
                    "hx-get": reverse_lazy("accounts:ward_options"),
                    "hx-target": "#id_ward",
                    "hx-swap": "innerHTML",
                    "hx-trigger": "change",
                }
            ),
        )
        province_code = None
        if self.is_bound:
            province_code = (self.data.get(self.add_prefix("province")) or "").strip()[:5]
            if not province_code.isdigit():
                province_code = None  # not a province code (a NUL byte, say): no wards, the field says why
        elif initial_ward is not None:
            province_code = initial_ward.province_id
            self.initial.setdefault("province", province_code)
            self.initial.setdefault("ward", initial_ward.pk)
        if not self.is_bound and not province_code:
            province_code = centre_province_code()
            self.initial.setdefault("province", province_code)
        wards = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.WARD, province_id=province_code)
        self.fields["ward"] = CodeChoiceField(
            queryset=wards.order_by("name"),
            label=_("Ward or commune"),
            required=self.ward_required,
            empty_label=_("— choose —"),
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    def clean(self):
        cleaned = super().clean()
        province, ward = cleaned.get("province"), cleaned.get("ward")
        if ward is not None and province is not None and ward.province_id != province.pk:
            self.add_error("ward", _("Choose a ward or commune of the chosen province."))
        return cleaned


def password_fields():
    return (
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=_("At least 8 characters. Not only digits, and not easy to guess."),
            error_messages={"required": _("Choose a password.")},
        ),
        forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            error_messages={"required": _("Type the password again, to be sure it is the one you meant.")},
        ),
    )


class PasswordPairMixin:
    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise ValidationError(_("The two passwords are not the same."))
        return second


class SignupAccountForm(SiteFormMixin, PasswordPairMixin, forms.Form):
    """Step 1 of a job seeker's sign-up: how they sign in, the password and the consent the account needs. Every
    check of the service is made here too, so every error of the step shows at once: the phone's shape, a phone or
    an e-mail, the password rules (ContactSimilarityValidator speaks of the phone or e-mail typed), the terms.

    A password already accepted is kept hashed in the draft (`kept_password`): the boxes may stay empty, unless the
    phone or e-mail changed since, as the password must not resemble the new one either."""

    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        required=False,
        widget=PhoneInput(),
        help_text=_("For example 0912 345 678. You can sign in with it."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Give a phone number, an e-mail or both. With an e-mail you can reset a forgotten password."),
    )
    password1, password2 = password_fields()
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use and agree that the centre processes my personal data."),
        required=True,
        help_text=_(
            "Purpose: to register you for sessions and put you in touch with the employers whose vacancies you "
            "choose. Required to create an account."
        ),
        error_messages={"required": _("Tick this box to create an account.")},
    )

    def __init__(self, *args, kept_password: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_password = kept_password
        self.password_hash = ""
        if kept_password:
            for name in ("password1", "password2"):
                self.fields[name].required = False
            self.fields["password1"].help_text = _(
                "We have kept the password you chose. Type a new one only if you want to change it."
            )

    def clean_phone(self):
        phone = self.cleaned_data.get("phone") or ""
        return normalize_phone(phone) if phone else ""

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def contact(self) -> str:
        """What the password was checked against: the phone and the e-mail as they will be stored."""
        return f"{self.cleaned_data.get('phone') or ''} {self.cleaned_data.get('email') or ''}"

    def clean(self):
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.password_validation import validate_password

        cleaned = super().clean()
        phone, email = cleaned.get("phone"), cleaned.get("email")
        if not phone and not email and "phone" not in self.errors and "email" not in self.errors:
            self.add_error("phone", _("Give a mobile phone number or an e-mail address."))
        if "phone" in self.errors or "email" in self.errors or "password2" in self.errors:
            return cleaned  # the password is checked against a phone and an e-mail that are right
        password = cleaned.get("password1")
        if not password:
            if self.kept_password and self.kept_password.get("contact") != self.contact():
                self.add_error("password1", _("You changed your phone number or e-mail: type your password again."))
            elif self.kept_password:
                self.password_hash = self.kept_password["hash"]
            return cleaned
        if not cleaned.get("password2"):
            return cleaned  # "required" is shown next to the second box
        user = User(username=phone or email, role="job_seeker", email=email or None, phone=phone or None)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            self.add_error("password1", exc)
        else:
            self.password_hash = make_password(password)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "password_hash": self.password_hash,
            "accept_terms": bool(data["accept_terms"]),
            "phone": data.get("phone") or "",
            "email": data.get("email") or "",
        }


class SignupAboutForm(SiteFormMixin, WardFieldsMixin, forms.Form):
    """Step 2 of a job seeker's sign-up: who they are, where they live, how they want reminders."""

    ward_required = False

    full_name = forms.CharField(
        label=_("Full name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False, widget=forms.RadioSelect)
    date_of_birth = DateBoxesField(
        label=_("Date of birth"),
        required=False,
        help_text=_("For example 27 3 1998."),
        validators=[validate_date_of_birth],
    )
    citizen_id = forms.CharField(
        label=_("Citizen ID number (CCCD)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("12 digits. Only the centre's staff see it; employers never do."),
    )
    notify_by_sms = forms.BooleanField(
        label=_("Send me reminders by SMS"),
        required=False,
        help_text=_(
            "Purpose: to confirm my registrations, remind me the day before and 2 hours before a session, and tell me "
            "when I get a seat from the waitlist or a session changes."
        ),
    )
    notify_by_email = forms.BooleanField(
        label=_("Send me reminders by e-mail"),
        required=False,
        help_text=_("Purpose: the same reminders by e-mail, with the check-in QR code and a calendar file."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_ward()
        self.order_fields(["full_name", "sex", "date_of_birth", "citizen_id", "province", "ward"])

    def clean_full_name(self):
        full_name = normalize_name(self.cleaned_data.get("full_name") or "")
        if not full_name:
            raise ValidationError(_("Enter the full name."))
        return full_name

    def clean(self):
        cleaned = super().clean()
        citizen_id = cleaned.get("citizen_id")
        if citizen_id:  # with a wrong date or sex, the ID's own shape is still checked
            birth = cleaned.get("date_of_birth")
            try:  # the service's own check, here so its error comes with the others of the step
                cleaned["citizen_id"] = normalize_citizen_id(
                    citizen_id, sex=cleaned.get("sex") or None, birth_year=birth.year if birth else None
                )
            except ValidationError as exc:
                self.add_error("citizen_id", exc)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["full_name"],
            "sex": data.get("sex") or "",
            "date_of_birth": data.get("date_of_birth"),
            "citizen_id": data.get("citizen_id") or None,
            "ward": data.get("ward"),
            "notify_by_sms": bool(data.get("notify_by_sms")),
            "notify_by_email": bool(data.get("notify_by_email")),
        }


class SignupCohortForm(SiteFormMixin, forms.Form):
    """Step 3 of a job seeker's sign-up, optional: a priority group, with its own consent."""

    cohorts = forms.ModelMultipleChoiceField(
        queryset=Cohort.objects.order_by("position", "code"),
        label=_("Priority group"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Some sessions are held for these groups: tell us only if you want to be invited."),
    )
    cohort_consent = forms.BooleanField(
        label=_("I agree that the centre keeps the group I chose, to invite me to sessions held for it."),
        required=False,
    )
    share_with_employers = forms.BooleanField(
        label=_("Also show my group to the employers whose vacancies I choose."),
        required=False,
        help_text=_("Optional. Without this, employers never see your group. You can withdraw it in your profile."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohorts"].label_from_instance = lambda cohort: cohort.name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("cohorts") and not cleaned.get("cohort_consent"):
            self.add_error("cohort_consent", _("To declare a group, tick this box; or untick the group."))
        if cleaned.get("share_with_employers") and not cleaned.get("cohorts"):
            self.add_error("share_with_employers", _("Choose a group first, or untick this box."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        share = bool(data.get("share_with_employers"))
        return {"cohorts": [(cohort, share) for cohort in data.get("cohorts") or []]}


# The steps of a job seeker's sign-up, in order (accounts.views.signup_job_seeker).
JOB_SEEKER_SIGNUP_STEPS = (SignupAccountForm, SignupAboutForm, SignupCohortForm)


class EmployerSignupForm(SiteFormMixin, WardFieldsMixin, PasswordPairMixin, forms.Form):
    name = forms.CharField(
        label=_("Company name"), max_length=255, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "10 digits; a branch: 10 digits, a dash and 3 digits; a household business: the owner's 12-digit ID."
        ),
    )
    ownership = forms.ChoiceField(label=_("Ownership"), choices=[("", _("— choose —")), *Ownership.choices])
    vsic_section = forms.ChoiceField(
        label=_("Industry (VSIC section)"), choices=[("", _("— choose —")), *VsicSection.choices]
    )
    workforce_size = forms.ChoiceField(
        label=_("Number of employees"), choices=[("", _("— choose —")), *WorkforceSize.choices], required=False
    )
    address = forms.CharField(
        label=_("Street address"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    phone = forms.CharField(label=_("Mobile phone of the contact person"), max_length=20, widget=PhoneInput())
    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("You sign in with this e-mail."),
    )
    password1, password2 = password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_ward()
        self.order_fields(
            [
                "name",
                "tax_code",
                "ownership",
                "vsic_section",
                "workforce_size",
                "address",
                "province",
                "ward",
                "contact_name",
                "phone",
                "email",
                "password1",
                "password2",
            ]
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "password": data["password1"],
            "email": data["email"],
            "phone": data["phone"],
            "name": data["name"],
            "tax_code": data["tax_code"],
            "contact_name": data["contact_name"],
            "ownership": data["ownership"],
            "vsic_section": data["vsic_section"],
            "workforce_size": data.get("workforce_size") or "",
            "address": data.get("address") or "",
            "ward": data["ward"],
        }


class LoginForm(SiteFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("The phone number, e-mail or password is not right. Please check and try again."),
        "inactive": _("This account is closed."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Mobile phone number or e-mail")
        self.fields["username"].widget.attrs.pop("autofocus", None)  # focus starts at the top of the page
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = _("Password")


class SitePasswordResetForm(SiteFormMixin, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("The e-mail of your account")


class SiteSetPasswordForm(SiteFormMixin, SetPasswordForm):
    pass


class SitePasswordChangeForm(SiteFormMixin, PasswordChangeForm):
    pass


class JobSeekerProfileForm(SiteFormMixin, WardFieldsMixin, forms.Form):
    ward_required = False

    full_name = forms.CharField(label=_("Full name"), max_length=120)
    address = forms.CharField(
        label=_("Street address"),
        max_length=255,
        required=False,
        help_text=_("Only the centre's staff see it."),
    )
    general_education = forms.ChoiceField(
        label=_("General education"), choices=[("", _("— choose —")), *GeneralEducation.choices], required=False
    )
    qualification = forms.ChoiceField(
        label=_("Technical qualification"), choices=[("", _("— choose —")), *Qualification.choices], required=False
    )
    major = forms.CharField(label=_("Major"), max_length=120, required=False)
    wanted_occupation = OccupationField(
        label=_("Wanted occupation"),
        required=False,
        help_text=_("Type part of the occupation's name, e.g. “kế toán”, and choose it from the list."),
    )
    wanted_salary = WholeNumberField(
        label=_("Wanted monthly salary (VND)"), min_value=0, max_value=MONTHLY_SALARY_MAX, required=False
    )
    working_arrangement = forms.ChoiceField(
        label=_("Working arrangement"), choices=[("", _("— choose —")), *WorkingArrangement.choices], required=False
    )
    experience = forms.ChoiceField(
        label=_("Experience"), choices=[("", _("— choose —")), *PERSON_EXPERIENCE_CHOICES], required=False
    )
    skills = forms.CharField(
        label=_("Skills"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    accessibility_needs = forms.CharField(
        label=_("Support you need at a session"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the centre's staff see it, to prepare the session for you."),
    )
    needs_wheelchair_access = forms.BooleanField(label=_("I need wheelchair access"), required=False)
    needs_sign_language = forms.BooleanField(label=_("I need a sign-language interpreter"), required=False)
    needs_visual_assistance = forms.BooleanField(label=_("I need help with seeing"), required=False)
    language = forms.ChoiceField(label=_("Language of the notices we send you"), choices=Language.choices)
    notify_by_sms = forms.BooleanField(label=_("Send me reminders by SMS"), required=False)
    notify_by_email = forms.BooleanField(label=_("Send me reminders by e-mail"), required=False)
    allow_employer_suggestions = forms.BooleanField(
        label=_("Employers whose vacancies fit my profile may see me as a suggested candidate"),
        help_text=_(
            "To contact you they see your name, phone, e-mail, occupation and qualification, never your citizen ID,"
            " date of birth or address. You can turn it off at any time."
        ),
        required=False,
    )
    invite_for_groups = forms.BooleanField(
        label=_("Invite me to sessions held for the groups I declared"), required=False
    )
    invite_for_matches = forms.BooleanField(
        label=_("Invite me to sessions bringing jobs in the occupation I am looking for, near me"),
        help_text=_("By your notice channels; every invitation has a link to stop them."),
        required=False,
    )

    FIELDS = services.JOB_SEEKER_PROFILE_FIELDS  # what the service takes, in one place

    def __init__(self, *args, job_seeker, **kwargs):
        initial = {name: getattr(job_seeker, name) for name in self.FIELDS if name != "ward"}
        super().__init__(*args, initial=initial, **kwargs)
        self.setup_ward(job_seeker.ward)
        self.order_fields(["full_name", "address", "province", "ward"])

    def changes(self) -> dict:
        data = self.cleaned_data
        return {name: (data.get(name) if data.get(name) is not None else "") for name in self.FIELDS} | {
            "ward": data.get("ward"),
            "wanted_salary": data.get("wanted_salary"),
        }


class CohortDeclareForm(SiteFormMixin, forms.Form):
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.order_by("position", "code"), label=_("Group"), empty_label=_("— choose —")
    )
    cohort_consent = forms.BooleanField(
        label=_("I agree that the centre keeps this group, to invite me to sessions held for it."),
        error_messages={"required": _("Tick this box to declare the group.")},
    )
    share_with_employers = forms.BooleanField(
        label=_("Also show this group to the employers whose vacancies I choose."), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].label_from_instance = lambda cohort: cohort.name


class EmployerProfileForm(SiteFormMixin, WardFieldsMixin, forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=255)
    ownership = forms.ChoiceField(label=_("Ownership"), choices=Ownership.choices)
    vsic_section = forms.ChoiceField(label=_("Industry (VSIC section)"), choices=VsicSection.choices)
    workforce_size = forms.ChoiceField(
        label=_("Number of employees"), choices=[("", _("— choose —")), *WorkforceSize.choices], required=False
    )
    main_products = forms.CharField(
        label=_("Main products and services"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    phone = forms.CharField(label=_("Phone"), max_length=20, widget=PhoneInput())
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    language = forms.ChoiceField(label=_("Language of the notices we send you"), choices=Language.choices)
    notify_by_email = forms.BooleanField(label=_("Notices by e-mail"), required=False)
    notify_by_sms = forms.BooleanField(label=_("Notices by SMS"), required=False)

    FIELDS = services.EMPLOYER_PROFILE_FIELDS  # what the service takes, in one place

    def __init__(self, *args, employer, **kwargs):
        initial = {name: getattr(employer, name) for name in self.FIELDS if name != "ward"}
        super().__init__(*args, initial=initial, **kwargs)
        self.setup_ward(employer.ward)
        self.order_fields(
            ["name", "ownership", "vsic_section", "workforce_size", "main_products", "address", "province"]
        )

    def changes(self) -> dict:
        data = self.cleaned_data
        return {name: (data.get(name) if data.get(name) is not None else "") for name in self.FIELDS} | {
            "ward": data["ward"]
        }
