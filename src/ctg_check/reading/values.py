"""Parse cell values: sex, birth, flags, money, whole numbers.

Each parser returns a `Parsed`: the value (None when blank) and whether the cell was understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ctg_check.normalize import fold, strip_marks


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    ok: bool = True


BLANK = Parsed()
BAD = Parsed(None, False)

_MALE = {"nam", "m", "male", "trai", "ong"}
_FEMALE = {"nu", "f", "female", "gai", "ba"}
_YES = {"x", "1", "co", "yes", "y", "true", "v", "dung", "✓", "✔", "√", "☑"}
_NO = {"", "0", "khong", "no", "n", "false", "k", "ko"}


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """Cell value as display text: integral floats without '.0', dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _key(value: Any) -> str:
    raw = text(value)
    key = fold(raw)
    # a value made only of punctuation ("✓", "?") is kept as it is, not folded to blank
    return key if key or not raw else raw


def parse_sex(value: Any) -> Parsed:
    if is_blank(value):
        return BLANK
    key = _key(value)
    if key in _MALE:
        return Parsed("M")
    if key in _FEMALE:
        return Parsed("F")
    return BAD


_TRUE, _FALSE = Parsed(True), Parsed(False)


def parse_flag(value: Any) -> Parsed:
    if value is None:
        return _FALSE
    if type(value) is str:
        known = _FLAG_SEEN.get(value)
        if known is not None:
            return known
        parsed = _parse_flag(value)
        if len(_FLAG_SEEN) < 4096:
            _FLAG_SEEN[value] = parsed  # a column holds few distinct marks: remember them
        return parsed
    return _parse_flag(value)


_FLAG_SEEN: dict[str, Parsed] = {}


def _parse_flag(value: Any) -> Parsed:
    if isinstance(value, bool):
        return Parsed(value)
    if isinstance(value, int | float) and value in (0, 1):
        return _TRUE if value else _FALSE
    if is_blank(value):
        return _FALSE
    key = _key(value)
    if key in _YES:
        return _TRUE
    if key in _NO:
        return _FALSE
    return BAD


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ T].*)?$")
_MY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YEAR = re.compile(r"^(?:nam\s*)?(\d{4})(?:\.0+)?$")


def parse_birth(value: Any, max_year: int) -> Parsed:
    """A birth year or date -> Parsed((year, date | None)); a year outside 1900..max_year is bad."""
    if is_blank(value):
        return BLANK
    year: int | None = None
    day: date | None = None
    if isinstance(value, bool):
        return BAD
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float):
        if not float(value).is_integer():
            return BAD
        year = int(value)
    else:
        raw = fold(str(value)) if not str(value).strip()[:1].isdigit() else str(value).strip()
        if m := _YEAR.match(raw):
            year = int(m.group(1))
        elif m := _DMY.match(raw):
            day = _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if day is None:
                return BAD
        elif m := _YMD.match(raw):
            day = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if day is None:
                return BAD
        elif m := _MY.match(raw):
            if not 1 <= int(m.group(1)) <= 12:
                return BAD
            year = int(m.group(2))
        else:
            return BAD
    if day is not None:
        year = day.year
    assert year is not None
    if not 1900 <= year <= max_year:
        return BAD
    return Parsed((year, day))


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
_UNIT = re.compile(r"\s*(vnd|dong|d)\.?$")
_MILLION = re.compile(r"\s*(trieu|tr)\.?$")


def parse_money(value: Any) -> Parsed:
    """An amount in đồng: numbers, '5.000.000', '5,000,000 đ', '5 triệu' -> int."""
    if isinstance(value, bool):
        return BAD
    if isinstance(value, int | float):
        return Parsed(round(value)) if value >= 0 else BAD
    if is_blank(value):
        return BLANK
    raw = strip_marks(str(value)).lower().replace("\u00a0", " ").strip()
    factor = 1
    if _MILLION.search(raw):
        factor, raw = 1_000_000, _MILLION.sub("", raw)
    else:
        raw = _UNIT.sub("", raw)
    raw = raw.strip()
    if raw == "-":
        return BLANK
    if _GROUPED.match(raw):
        return Parsed(int(re.sub(r"[.,\s]", "", raw)) * factor)
    candidate = raw.replace(" ", "")
    if candidate.count(",") == 1 and "." not in candidate:
        candidate = candidate.replace(",", ".")
    try:
        amount = float(candidate)
    except ValueError:
        return BAD
    return Parsed(round(amount * factor)) if amount >= 0 else BAD


def parse_int(value: Any) -> Parsed:
    if isinstance(value, bool):
        return BAD
    if isinstance(value, int):
        return Parsed(value)
    if isinstance(value, float):
        return Parsed(int(value)) if value.is_integer() else BAD
    if is_blank(value):
        return BLANK
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return BAD
    return Parsed(int(number)) if number.is_integer() else BAD


def parse_date(value: Any) -> Parsed:
    """A date cell or text date (or just a year: 1 January of it)."""
    if is_blank(value):
        return BLANK
    parsed = parse_birth(value, 2100)
    if not parsed.ok:
        return BAD
    year, day = parsed.value
    return Parsed(day or date(year, 1, 1))
