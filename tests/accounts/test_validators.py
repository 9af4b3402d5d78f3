"""Vietnamese identifiers: tax codes, citizen IDs (CCCD), mobile numbers (rules in shared/reference/code-lists.yaml).

There is no Vietnamese catalogue (locale/vi/LC_MESSAGES/django.po) yet, so messages are checked in English under
translation.override("en"), together with the machine code of each ValidationError.
"""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.validators import (
    build_citizen_id,
    build_tax_code,
    normalize_citizen_id,
    normalize_phone,
    normalize_tax_code,
    phone_display,
    tax_code_check_digit,
    validate_citizen_id,
    validate_date_of_birth,
    validate_occupation_code,
    validate_phone,
    validate_tax_code,
)

VALID_TAX_CODES = ["0100109106", "0301442379", "0301448243", "0309532909"]

# A nine-digit prefix whose weighted sum is a multiple of 11: the rule gives 10, so no tax code starts with it.
PREFIX_WITH_CHECK_DIGIT_TEN = "010010904"


def _refusal(func, *args, **kwargs) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        func(*args, **kwargs)
    return excinfo.value


def _broken(code: str) -> str:
    """The same tax code with its 10th digit changed."""
    return code[:9] + str((int(code[9]) + 1) % 10) + code[10:]


# --- tax codes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("tax_code", VALID_TAX_CODES)
def test_real_tax_code_is_accepted_unchanged(tax_code):
    assert normalize_tax_code(tax_code) == tax_code


@pytest.mark.parametrize("tax_code", VALID_TAX_CODES)
def test_check_digit_of_real_tax_code_is_computed(tax_code):
    assert tax_code_check_digit(tax_code[:9]) == int(tax_code[9])
    assert build_tax_code(tax_code[:9]) == tax_code


@pytest.mark.parametrize("tax_code", VALID_TAX_CODES)
def test_tax_code_with_wrong_check_digit_is_refused(tax_code):
    error = _refusal(normalize_tax_code, _broken(tax_code))

    assert error.code == "tax_code_check_digit"
    assert error.messages == ["The tax code's check digit (10th digit) is wrong: please check the number."]


@pytest.mark.parametrize("last_digit", range(10))
def test_prefix_whose_check_digit_would_be_ten_gives_no_valid_tax_code(last_digit):
    assert tax_code_check_digit(PREFIX_WITH_CHECK_DIGIT_TEN) is None
    assert build_tax_code(PREFIX_WITH_CHECK_DIGIT_TEN) is None

    error = _refusal(normalize_tax_code, f"{PREFIX_WITH_CHECK_DIGIT_TEN}{last_digit}")

    assert error.code == "tax_code_check_digit"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        ("0301442379-999", "0301442379-999"),
        (" 0309532909 - 012 ", "0309532909-012"),
    ],
)
def test_branch_tax_code_is_stored_with_dash(raw, stored):
    assert normalize_tax_code(raw) == stored


@pytest.mark.parametrize("raw", ["0100109106-000", "0100109106000"])
def test_branch_tax_code_with_suffix_000_is_refused(raw):
    error = _refusal(normalize_tax_code, raw)

    assert error.code == "tax_code_branch"
    assert error.messages == ["A branch tax code ends in 001-999."]


def test_branch_tax_code_of_head_office_with_wrong_check_digit_is_refused():
    assert _refusal(normalize_tax_code, "0100109107-001").code == "tax_code_check_digit"


@pytest.mark.parametrize("personal_id", ["001098012345", "079303000017", "001 098 012 345"])
def test_personal_id_of_household_business_is_a_tax_code(personal_id):
    assert normalize_tax_code(personal_id) == personal_id.replace(" ", "")


@pytest.mark.parametrize("personal_id", ["003098012345", "000198012345", "999098012345"])
def test_twelve_digit_tax_code_with_bad_province_prefix_is_refused(personal_id):
    error = _refusal(normalize_tax_code, personal_id)

    assert error.code == "tax_code_personal_id"
    assert error.messages == ["A 12-digit tax code must be a valid personal identification number."]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "010010910",  # 9 digits
        "01001091061",  # 11 digits
        "01001091060012",  # 14 digits
        "0100109106-01",  # branch suffix too short
        "0100109106-0001",  # branch suffix too long
        "010010910A",
        "MST0100109106",
        "0100109106/001",
        "０１００１０９１０６",  # full-width digits are not stored as a tax code
    ],
)
def test_malformed_tax_code_is_refused(raw):
    error = _refusal(normalize_tax_code, raw)

    assert error.code == "tax_code_format"
    assert error.messages == [
        "A tax code has 10 digits, 13 digits written NNNNNNNNNN-NNN, or 12 digits for a household business."
    ]


def test_validate_tax_code_accepts_valid_and_refuses_broken():
    validate_tax_code("0100109106")
    assert _refusal(validate_tax_code, "0100109107").code == "tax_code_check_digit"


# --- citizen IDs (CCCD) ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citizen_id", "sex", "birth_year"),
    [
        ("001098012345", "male", 1998),  # 1900s: 0 = man
        ("001198012345", "female", 1998),  # 1900s: 1 = woman
        ("079000123456", "male", 1900),
        ("036199000001", "female", 1999),
        ("001203012345", "male", 2003),  # 2000s: 2 = man
        ("096300654321", "female", 2000),  # 2000s: 3 = woman
        ("001399000001", "female", 2099),
        ("001400000001", "male", 2100),  # 2100s: 4 = man
    ],
)
def test_citizen_id_agreeing_with_sex_and_birth_year_is_accepted(citizen_id, sex, birth_year):
    assert normalize_citizen_id(citizen_id, sex=sex, birth_year=birth_year) == citizen_id


@pytest.mark.parametrize(
    ("citizen_id", "sex", "birth_year"),
    [
        ("001198012345", "male", 1998),  # woman's digit for a man
        ("001098012345", "female", 1998),  # man's digit for a woman
        ("001003012345", "male", 2003),  # 1900s digit for someone born in 2003
        ("001298012345", "male", 1998),  # 2000s digit for someone born in 1998
        ("001303012345", "male", 2003),  # right century, wrong sex
        ("001200012345", "female", 2000),
    ],
)
def test_citizen_id_disagreeing_with_sex_or_century_is_refused(citizen_id, sex, birth_year):
    error = _refusal(normalize_citizen_id, citizen_id, sex=sex, birth_year=birth_year)

    assert error.code == "citizen_id_sex_century"
    assert error.messages == ["The citizen ID does not agree with the sex and the century of birth (4th digit)."]


@pytest.mark.parametrize(
    ("citizen_id", "sex", "birth_year"),
    [
        ("001097012345", "male", 1998),
        ("001189012345", "female", 1998),
        ("001230012345", "male", 2003),
        ("001000012345", "male", 1910),
    ],
)
def test_citizen_id_disagreeing_with_birth_year_is_refused(citizen_id, sex, birth_year):
    error = _refusal(normalize_citizen_id, citizen_id, sex=sex, birth_year=birth_year)

    assert error.code == "citizen_id_birth_year"
    assert error.messages == ["The citizen ID does not agree with the year of birth (5th and 6th digits)."]


def test_birth_year_before_1900_is_refused():
    error = _refusal(normalize_citizen_id, "001099012345", sex="male", birth_year=1899)

    assert error.code == "citizen_id_year"


def test_citizen_id_without_sex_and_birth_year_is_only_checked_for_shape():
    assert normalize_citizen_id("001398012345") == "001398012345"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "00109801234",  # 11 digits
        "0010980123456",  # 13 digits
        "123456789",  # an old 9-digit CMND is not a CCCD
        "00109801234A",
        "001-098-012345",
        "００１０９８０１２３４５",  # full-width digits
    ],
)
def test_citizen_id_of_wrong_length_or_with_non_digits_is_refused(raw):
    error = _refusal(normalize_citizen_id, raw)

    assert error.code == "citizen_id_format"
    assert error.messages == ["A citizen ID has exactly 12 digits."]


@pytest.mark.parametrize("citizen_id", ["000098012345", "003098012345", "097098012345", "099098012345", "100098012345"])
def test_citizen_id_with_bad_province_prefix_is_refused(citizen_id):
    error = _refusal(normalize_citizen_id, citizen_id)

    assert error.code == "citizen_id_province"
    assert error.messages == ["The first three digits of a citizen ID must be a province code (001-096)."]


def test_citizen_id_spaces_are_removed():
    assert normalize_citizen_id(" 001 098 012 345 ", sex="male", birth_year=1998) == "001098012345"


@pytest.mark.parametrize(
    ("sex", "birth_year", "expected"),
    [
        ("male", 1998, "001098000042"),
        ("female", 1975, "001175000042"),
        ("male", 2005, "001205000042"),
        ("female", 2010, "001310000042"),
    ],
)
def test_built_citizen_id_agrees_with_sex_and_birth_year(sex, birth_year, expected):
    citizen_id = build_citizen_id(province_code="001", sex=sex, birth_year=birth_year, serial=42)

    assert citizen_id == expected
    assert normalize_citizen_id(citizen_id, sex=sex, birth_year=birth_year) == citizen_id


def test_validate_citizen_id_refuses_bad_province():
    validate_citizen_id("001098012345")
    assert _refusal(validate_citizen_id, "003098012345").code == "citizen_id_province"


# --- mobile phones ---------------------------------------------------------------------------------------------

MOBILE_PREFIXES = (
    [f"03{d}" for d in range(2, 10)]
    + ["052", "055", "056", "058", "059", "070"]
    + [f"07{d}" for d in range(6, 10)]
    + [f"08{d}" for d in range(1, 10)]
    + [f"09{d}" for d in (0, 1, 2, 3, 4, 6, 7, 8, 9)]
)


def test_mobile_prefix_list_matches_code_lists():
    assert len(MOBILE_PREFIXES) == 36
    assert "095" not in MOBILE_PREFIXES


@pytest.mark.parametrize("prefix", MOBILE_PREFIXES)
def test_every_mobile_prefix_is_accepted_in_domestic_and_international_form(prefix):
    expected = f"+84{prefix[1:]}1234567"

    assert normalize_phone(f"{prefix}1234567") == expected
    assert normalize_phone(f"+84{prefix[1:]}1234567") == expected
    assert normalize_phone(f"84{prefix[1:]}1234567") == expected


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "(+84) 912 345 678",
        "+84 912.345.678",
        " 0912345678 ",
        "091 234 5678",
    ],
)
def test_spaces_dots_and_dashes_in_phone_are_tolerated(raw):
    assert normalize_phone(raw) == "+84912345678"


@pytest.mark.parametrize(
    "raw",
    [
        "0951234567",  # 095 is not a mobile prefix
        "0311234567",
        "0301234567",
        "0501234567",
        "0531234567",
        "0571234567",
        "0711234567",
        "0751234567",
        "0801234567",
        "+84951234567",
        "02438253456",  # Hà Nội landline: 024 + 8 digits
        "0243825345",
        "+842438253456",
        "091234567",  # 9 digits
        "09123456789",  # 11 digits
        "912345678",  # no 0 or +84
        "+85912345678",
        "0912345abc",
        "",
        None,
        "091２３４５６７８",  # full-width digits
    ],
)
def test_invalid_mobile_number_is_refused(raw):
    error = _refusal(normalize_phone, raw)

    assert error.code == "phone_format"
    assert error.messages == ["Enter a Vietnamese mobile number, e.g. 0912345678 or +84912345678."]


def test_validate_phone_refuses_landline():
    validate_phone("0912345678")
    assert _refusal(validate_phone, "02438253456").code == "phone_format"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("+84912345678", "0912 345 678"), ("+84321234567", "0321 234 567"), ("", ""), (None, "")],
)
def test_phone_is_displayed_in_domestic_form(stored, shown):
    assert phone_display(stored) == shown


def test_displayed_phone_normalises_back_to_stored_form():
    assert normalize_phone(phone_display("+84987654321")) == "+84987654321"


# --- occupation codes (VSCO 2020) ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["2", "24", "241", "2411", "24110"])
def test_occupation_code_of_one_to_five_digits_is_accepted(code):
    validate_occupation_code(code)


@pytest.mark.parametrize("code", ["", None, "241100", "24A1", "２４１１"])
def test_malformed_occupation_code_is_refused(code):
    assert _refusal(validate_occupation_code, code).code == "occupation_format"


def test_a_date_of_birth_is_not_after_today_nor_before_1900(daytime):
    today = timezone.localdate()
    for possible in (today, date(1900, 1, 1), None):
        validate_date_of_birth(possible)
    for impossible, code in ((today + timedelta(days=1), "date_future"), (date(1899, 12, 31), "date_too_early")):
        with pytest.raises(ValidationError) as refused:
            validate_date_of_birth(impossible)
        assert refused.value.code == code
