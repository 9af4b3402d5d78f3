"""Vietnamese text helpers: one composed form for storage, one folded form for search."""

import unicodedata


def normalize_text(value: str) -> str:
    """NFC-compose and trim, so decomposed input (NFD, as some keyboards type it) equals the composed form."""
    if value is None:
        return value
    return unicodedata.normalize("NFC", value).strip()


def normalize_name(value: str) -> str:
    """A person's or company's name: composed, single-spaced."""
    if value is None:
        return value
    return " ".join(normalize_text(value).split())


def fold_for_search(value: str) -> str:
    """Lower-case without diacritics, đ as d: "Kế toán Đống Đa" -> "ke toan dong da"."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().split())


_TYPOGRAPHY_TO_ASCII = str.maketrans(
    {"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "\u00a0": " "}
)


def strip_diacritics(value: str) -> str:
    """Vietnamese in plain ASCII, case kept ("Đã hủy – “A”" -> 'Da huy - "A"'): an SMS in the 7-bit alphabet
    costs a third of a Unicode one. What cannot be spelled in ASCII becomes "?"."""
    text = unicodedata.normalize(
        "NFD", (value or "").replace("đ", "d").replace("Đ", "D").translate(_TYPOGRAPHY_TO_ASCII)
    )
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.encode("ascii", "replace").decode("ascii")
