"""Messages reach people in Vietnamese by default and in English on request."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.validators import normalize_citizen_id, normalize_phone, normalize_tax_code

CASES = [
    (
        lambda: normalize_tax_code("0100109107"),
        "Chữ số kiểm tra (chữ số thứ 10) của mã số thuế không đúng",
        "The tax code's check digit (10th digit) is wrong: please check the number.",
    ),
    (
        lambda: normalize_phone("0951234567"),
        "0912345678",
        "Enter a Vietnamese mobile number, e.g. 0912345678 or +84912345678.",
    ),
    (
        lambda: normalize_citizen_id("001098001234", sex="female", birth_year=1998),
        "CCCD",
        "The citizen ID does not agree with the sex and the century of birth (4th digit).",
    ),
]


@pytest.mark.parametrize(("call", "vietnamese_part", "english"), CASES)
def test_validation_messages_are_vietnamese_by_default_and_english_on_request(call, vietnamese_part, english):
    with translation.override("vi"), pytest.raises(ValidationError) as vi_error:
        call()
    with translation.override("vi"):
        assert vietnamese_part in vi_error.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as en_error:
        call()
    with translation.override("en"):
        assert en_error.value.messages == [english]
