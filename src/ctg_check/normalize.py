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


def _slow_fold(text: str) -> str:
    plain = strip_marks(nfc(text)).casefold()
    return _SPACES.sub(" ", _PUNCT.sub(" ", plain)).strip()


def _ascii_fold(text: str) -> bytes:
    """A text's decomposed form with its marks dropped, as ASCII bytes (other characters too)."""
    return unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")).encode(
        "ascii", "ignore"
    )


def _fast_fold_parts() -> tuple[re.Pattern[str], bytes]:
    """What fold's fast way needs: the characters it cannot take (those whose marks NFD does not
    separate, or that _slow_fold keeps as they are: Æ, ß, ø …), and the byte table that puts
    ASCII in lower case and punctuation as spaces, as _slow_fold does one character at a time
    (NFD decomposes each character alone, and the marks all go)."""
    ranges = (range(0x80, 0xA0), range(0xA0, 0x250), range(0x300, 0x370), range(0x1E00, 0x1F00))
    taken = [
        c
        for c in map(chr, (code for r in ranges for code in r))
        if _ascii_fold(c).decode().casefold() == strip_marks(c).casefold()
        and _PUNCT.sub("", strip_marks(c)) == strip_marks(c)
    ]
    other = re.compile("[^\x00-\x7f" + "".join(map(re.escape, taken)) + "]")
    keys = (" " if chr(b).isspace() else _PUNCT.sub(" ", chr(b).casefold()) for b in range(128))
    table = "".join(keys).encode("ascii") + bytes(128)  # (bytes.split knows fewer spaces)
    return other, table


_OTHER, _ASCII_KEY = _fast_fold_parts()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Key for comparisons: no case, no diacritics, no punctuation, single spaces.

    Cached: the reader asks for the same cells' keys several times (header, total, signature).
    A text of ASCII and Latin letters with marks (every Vietnamese text) is folded as bytes:
    5.4 -> 1 µs a name, and the reader and the checks fold every member's."""
    if _OTHER.search(text) is not None:
        return _slow_fold(text)
    return b" ".join(_ascii_fold(text).translate(_ASCII_KEY).split()).decode("ascii")


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
