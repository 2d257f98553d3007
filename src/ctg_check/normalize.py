"""Text normalisation shared by header matching, name comparison and club matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"[^\S ]| {2}")  # any white space but a single plain space
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


_SURROGATES = re.compile("[\ud800-\udfff]")


def safe_text(text: str) -> str:
    """Text that can be written as UTF-8: the bytes of a file name that were not UTF-8 (held by
    Python as lone surrogates) become the replacement character U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # C speed; the regex below is 20 times slower on Vietnamese text
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


def nfc(text: str) -> str:
    """NFC form with runs of white space (including non-breaking) folded to one space."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _ODD_SPACE.search(text) is None:
        return text.strip()
    return _SPACES.sub(" ", text).strip()


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics: 'Nguyễn Đức' -> 'Nguyen Duc'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Key for comparisons: no case, no diacritics, no punctuation, single spaces.

    Cached: the reader asks for the same cells' keys several times (header, total, signature)."""
    plain = strip_marks(nfc(text)).casefold()
    return _SPACES.sub(" ", _PUNCT.sub(" ", plain)).strip()


_CLUB_PREFIXES = (
    "cau lac bo lien the he tu giup nhau",
    "clb lien the he tu giup nhau",
    "clb lthtgn",
    "clb ltthgn",
    "cau lac bo",
    "clb",
)


def club_key(name: str) -> str:
    """Normalised club name: folded, without the prefixes CLB, CLB LTHTGN, Câu lạc bộ …"""
    key = fold(name)
    for prefix in _CLUB_PREFIXES:
        if key.startswith(prefix + " ") or key == prefix:
            key = key[len(prefix) :].strip()
            break
    return key
