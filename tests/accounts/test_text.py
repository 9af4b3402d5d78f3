"""Vietnamese text: one composed (NFC) form for storage, one folded form for accent-insensitive search."""

import unicodedata

import pytest

from jobfair.text import fold_for_search, normalize_name, normalize_text

NAME_NFC = unicodedata.normalize("NFC", "Nguyễn Thị Hương")
NAME_NFD = unicodedata.normalize("NFD", "Nguyễn Thị Hương")


def test_decomposed_name_normalises_equal_to_composed_form():
    assert NAME_NFD != NAME_NFC  # the two spellings really differ before normalisation

    assert normalize_name(NAME_NFD) == NAME_NFC
    assert normalize_text(NAME_NFD) == NAME_NFC


def test_name_is_trimmed_and_single_spaced():
    assert normalize_name(f"  {NAME_NFD.replace(' ', '   ')}\t") == NAME_NFC


def test_normalize_text_keeps_inner_spacing_and_none():
    assert normalize_text("  Kế  toán ") == "Kế  toán"
    assert normalize_text(None) is None
    assert normalize_name(None) is None


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kế toán Đống Đa", "ke toan dong da"),
        (unicodedata.normalize("NFD", "Kế toán Đống Đa"), "ke toan dong da"),
        ("Phường Hoàn Kiếm", "phuong hoan kiem"),
        ("Thành phố Hà Nội", "thanh pho ha noi"),
        ("  Công nhân   may  ", "cong nhan may"),
        ("ĐIỆN TỬ", "dien tu"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_for_search_removes_diacritics_and_case(text, folded):
    assert fold_for_search(text) == folded
