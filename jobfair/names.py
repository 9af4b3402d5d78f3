"""People's names in Vietnamese order for printed lists: by the given name (the last word, "tên"), then the family
and middle names as written, each word by its letters in the Vietnamese alphabet (a ă â b c d đ e ê …), then by
its tones (none, huyền, hỏi, ngã, sắc, nặng): "Anh" before "Ánh" before "Bình", "Đức" after "Dũng"."""

from __future__ import annotations

import unicodedata

from jobfair.text import normalize_name

# The Vietnamese alphabet, with the Latin letters it lacks (f, j, w, z) where Latin puts them.
_LETTERS = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ"]
_LETTERS += ["p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER_RANK = {letter: 1000 + position for position, letter in enumerate(_LETTERS)}

# Combining marks: the ones that make another letter (ă, â, ê, ô, ơ, ư) and the five tones, in dictionary order.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for char in word.lower():
        parts = unicodedata.normalize("NFD", char)
        base = parts[0] + "".join(mark for mark in parts[1:] if mark in _LETTER_MARKS)
        base = unicodedata.normalize("NFC", base)
        letters.append(_LETTER_RANK.get(base, ord(base[0]) if base[0] < "a" else 10000 + ord(base[0])))
        tones.append(max((_TONE_RANK.get(mark, 0) for mark in parts[1:]), default=0))
    return tuple(letters), tuple(tones)


def vietnamese_name_key(full_name: str) -> tuple:
    """The sort key of a full name: "Nguyễn Thị Hằng" sorts under "Hằng", then "Nguyễn Thị"."""
    words = (normalize_name(full_name or "") or "").split()
    ordered = words[-1:] + words[:-1]
    return tuple(_word_key(word) for word in ordered), full_name or ""
