"""Validators for Vietnamese identifiers (rules in ../shared/reference/code-lists.yaml).

Each `normalize_*` returns the one stored form or raises ValidationError with a translatable message.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The 63 province codes of birth registration used in citizen IDs before the 2025 merger; they stay valid.
CITIZEN_ID_PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)

TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

MOBILE_RE = re.compile(r"^(?:0|\+84|84)((?:3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])[0-9]{7})$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


def _century_sex_digit(*, sex: str, birth_year: int) -> int:
    """Digit 4 of a citizen ID: 0/1 for a man/woman born 1900-1999, 2/3 for 2000-2099, and so on."""
    return (birth_year // 100 - 19) * 2 + (1 if sex == "female" else 0)


def normalize_citizen_id(value: str, *, sex: str | None = None, birth_year: int | None = None) -> str:
    """A 12-digit CCCD; digits 4-6 must agree with the year of birth and the sex when they are known."""
    citizen_id = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"[0-9]{12}", citizen_id):  # ASCII only: \d would accept full-width digits
        raise ValidationError(_("A citizen ID has exactly 12 digits."), code="citizen_id_format")
    if citizen_id[:3] not in CITIZEN_ID_PROVINCE_CODES:
        raise ValidationError(
            _("The first three digits of a citizen ID must be a province code (001-096)."),
            code="citizen_id_province",
        )
    if birth_year is not None:
        if birth_year < 1900:
            raise ValidationError(_("The year of birth is not valid."), code="citizen_id_year")
        digit = int(citizen_id[3])
        century_agrees = digit // 2 == birth_year // 100 - 19
        sex_agrees = sex is None or digit % 2 == (1 if sex == "female" else 0)
        if not (century_agrees and sex_agrees):
            raise ValidationError(
                _("The citizen ID does not agree with the sex and the century of birth (4th digit)."),
                code="citizen_id_sex_century",
            )
        if citizen_id[4:6] != f"{birth_year % 100:02d}":
            raise ValidationError(
                _("The citizen ID does not agree with the year of birth (5th and 6th digits)."),
                code="citizen_id_birth_year",
            )
    return citizen_id


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit of an organisation's tax code, or None when the rule gives 10 (no valid code)."""
    total = sum(int(d) * w for d, w in zip(first_nine, TAX_CODE_WEIGHTS, strict=True))
    digit = 10 - total % 11
    return None if digit == 10 else digit % 10


def normalize_tax_code(value: str) -> str:
    """10 digits with check digit, a 13-digit branch code `NNNNNNNNNN-NNN`, or a 12-digit personal ID."""
    tax_code = re.sub(r"\s", "", value or "")
    if re.fullmatch(r"[0-9]{12}", tax_code):
        try:
            return normalize_citizen_id(tax_code)
        except ValidationError as exc:
            raise ValidationError(
                _("A 12-digit tax code must be a valid personal identification number."),
                code="tax_code_personal_id",
            ) from exc
    match = re.fullmatch(r"([0-9]{10})(?:-?([0-9]{3}))?", tax_code)
    if not match:
        raise ValidationError(
            _("A tax code has 10 digits, 13 digits written NNNNNNNNNN-NNN, or 12 digits for a household business."),
            code="tax_code_format",
        )
    head, branch = match.groups()
    expected = tax_code_check_digit(head[:9])
    if expected is None or int(head[9]) != expected:
        raise ValidationError(
            _("The tax code's check digit (10th digit) is wrong: please check the number."),
            code="tax_code_check_digit",
        )
    if branch is None:
        return head
    if branch == "000":
        raise ValidationError(_("A branch tax code ends in 001-999."), code="tax_code_branch")
    return f"{head}-{branch}"


def normalize_phone(value: str) -> str:
    """A Vietnamese mobile number in E.164 form (+84 and 9 digits), from `0…`, `+84…` or `84…` input."""
    phone = _PHONE_SEPARATORS.sub("", value or "")
    match = MOBILE_RE.fullmatch(phone)
    if not match:
        raise ValidationError(
            _("Enter a Vietnamese mobile number, e.g. 0912345678 or +84912345678."),
            code="phone_format",
        )
    return "+84" + match.group(1)


def contact_key(value: str) -> str:
    """One spelling of a phone number or an e-mail, to count what is aimed at it (rate limits, lockouts)."""
    try:
        return normalize_phone(value)
    except ValidationError:
        return (value or "").strip().lower()


def phone_display(phone: str) -> str:
    """The domestic form people read: +84912345678 -> 0912 345 678."""
    if not phone or not phone.startswith("+84"):
        return phone or ""
    local = "0" + phone[3:]
    return f"{local[:4]} {local[4:7]} {local[7:]}"


BIRTH_YEAR_MIN = 1900


def validate_date_of_birth(value) -> None:
    """A date of birth that can be one: not after today, not before 1900 (a typing slip that would count a person of
    the future, or of 126 years, in the reports' age bands)."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError(_("The date must be in the past."), code="date_future")
    if value.year < BIRTH_YEAR_MIN:
        raise ValidationError(
            _("The year must be %(year)d or later.") % {"year": BIRTH_YEAR_MIN}, code="date_too_early"
        )


def validate_citizen_id(value):
    normalize_citizen_id(value)


def validate_tax_code(value):
    normalize_tax_code(value)


def validate_phone(value):
    normalize_phone(value)


def validate_occupation_code(value):
    """A VSCO 2020 occupation code: 1 to 5 digits, the first naming the major group."""
    if not re.fullmatch(r"[0-9]{1,5}", value or ""):
        raise ValidationError(_("An occupation code (VSCO) has 1 to 5 digits."), code="occupation_format")


def build_tax_code(first_nine: str) -> str | None:
    """The valid 10-digit tax code that starts with these nine digits, or None when none exists."""
    digit = tax_code_check_digit(first_nine)
    return None if digit is None else f"{first_nine}{digit}"


def build_citizen_id(*, province_code: str, sex: str, birth_year: int, serial: int) -> str:
    """A citizen ID that agrees with sex and year of birth (used for demo data and tests)."""
    return f"{province_code}{_century_sex_digit(sex=sex, birth_year=birth_year)}{birth_year % 100:02d}{serial:06d}"


class ContactSimilarityValidator:
    """Django's UserAttributeSimilarityValidator, speaking of what the person typed: their phone number, e-mail or
    name, never the "username" (it holds the phone or the e-mail, a field no one sees)."""

    ATTRIBUTE_WORDS = {
        "phone": _("your phone number"),
        "username": _("your phone number or e-mail"),
        "email": _("your e-mail"),
        "first_name": _("your name"),
        "last_name": _("your name"),
    }

    def __init__(self, max_similarity: float = 0.7):
        self.max_similarity = max_similarity

    def validate(self, password, user=None):
        from django.contrib.auth.password_validation import UserAttributeSimilarityValidator

        for attribute, words in self.ATTRIBUTE_WORDS.items():
            checker = UserAttributeSimilarityValidator(user_attributes=(attribute,), max_similarity=self.max_similarity)
            try:
                checker.validate(password, user)
            except ValidationError:
                raise ValidationError(
                    _("The password is too similar to %(what)s."),
                    code="password_too_similar",
                    params={"what": words},
                ) from None

    def get_help_text(self):
        return _("Your password can't be too similar to your phone number, e-mail or name.")
