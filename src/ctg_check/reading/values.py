"""Parse cell values: sex, birth, flags, money, whole numbers.

Each parser returns a `Parsed`: the value (None when blank), whether the cell was understood,
and a note when it was understood by a guess the reader must tell (`birth-two-digit`: the century
of a two-digit year), raised once per column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ctg_check.normalize import fold, nfc, strip_marks


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    ok: bool = True
    note: str | None = None  # a problem code to raise once per column (birth-two-digit)


BLANK = Parsed()
BAD = Parsed(None, False)

_MALE = {"nam", "m", "male", "trai", "ong"}
_FEMALE = {"nu", "f", "female", "gai", "ba"}
_YES = {"x", "1", "co", "yes", "y", "true", "v", "dung", "✓", "✔", "√", "☑", "☒", "✅"}
_YES |= {"da co", "co roi", "da ban hanh", "ban hanh", "da thuc hien", "co thuc hien"}
_NO = {"", "0", "khong", "no", "n", "false", "k", "ko", "☐", "chua", "chua co", "khong co"}
_NO |= {"chua ban hanh", "chua thuc hien", "chua xay dung", "khong thuc hien"}
# zero-width and soft characters that names pasted from the web or Word carry invisibly
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """Cell value as display text: integral floats without '.0', dates as dd/mm/yyyy."""
    if value.__class__ is str:  # the common case first: none of the others is a str
        raw = value
    elif value is None:
        return ""
    elif isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        return str(int(value))
    elif isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    else:
        raw = str(value)
    if not raw.isprintable():  # the invisible characters are all unprintable (format, Cf)
        raw = _INVISIBLE.sub("", raw)
    return raw.strip()


def _clean(value: Any) -> str:
    """Display text in NFC with white space folded (normalize.nfc): `clean`, remembered."""
    return nfc(text(value))


def _key(value: Any) -> str:
    raw = text(value)
    key = fold(raw)
    # a value made only of punctuation ("✓", "?") is kept as it is, not folded to blank
    return key if key or not raw else raw


class Remembered:
    """A parser's results by cell value (and argument), for the values a column repeats: a sheet
    holds few distinct sexes, years and marks. Keys carry the value's type, since True == 1 ==
    1.0 would otherwise share a result; unhashable values and a full memory are parsed anew."""

    LIMIT = 8192

    def __init__(self, parse: Callable[..., Any]) -> None:
        self.parse = parse
        self.seen: dict[Any, Any] = {}

    def __call__(self, value: Any, *args: Any) -> Any:
        # a text alone is its own key: no value of another type equals it
        key = value if value.__class__ is str and not args else (value.__class__, value, *args)
        try:
            return self.seen[key]
        except KeyError:
            result = self.seen[key] = self.parse(value, *args)
            if len(self.seen) > self.LIMIT:
                self.seen.clear()
            return result
        except TypeError:  # unhashable
            return self.parse(value, *args)


def _parse_sex(value: Any) -> Parsed:
    """Nam/Nữ and their other spellings -> Parsed("M" | "F"): `parse_sex`, remembered."""
    if is_blank(value):
        return BLANK
    key = _key(value)
    if key in _MALE:
        return Parsed("M")
    if key in _FEMALE:
        return Parsed("F")
    return BAD


_TRUE, _FALSE = Parsed(True), Parsed(False)


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
    head = _before_note(value)  # "Có (QĐ số 12/QĐ-CLB)", "Không (chưa lập)"
    if head is not None and head != key:
        return _TRUE if head in _YES else _FALSE if head in _NO else BAD
    return BAD


_NOTE = re.compile(r"^([^()]*?)\s*[(:\-–]\s*(.*?)\)?\s*$")


def _before_note(value: Any) -> str | None:
    """The folded words before a note in brackets or after a colon or dash, or None."""
    match = _NOTE.match(text(value))
    return fold(match.group(1)) if match and match.group(1) else None


def _note(value: Any) -> str:
    match = _NOTE.match(text(value))
    return match.group(2) if match else ""


_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:[ T].*)?$")
_MY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_YEAR = re.compile(r"^(?:nam\s*)?'?(\d{4}|\d{2})(?:\.0+)?$")
TWO_DIGIT = "birth-two-digit"
MIN_AGE, MAX_AGE = 16, 110  # a two-digit year takes the century that gives an age in this range


def _parse_birth(value: Any, max_year: int) -> Parsed:
    """A birth year or date -> Parsed((year, date | None)); a year outside 1900..max_year is bad.

    Years (number or text, `năm 1950`), date cells (calamine turns date-formatted serials into
    dates, in BIFF .xls too; a bare day number is no year and stays invalid), d/m/yyyy,
    dd/mm/yyyy, mm/yyyy, yyyy-mm-dd (with a time, as web exports write it). A two-digit year
    (50, 5/3/50) takes the century that gives an age of 16..110 in max_year, with the note
    `birth-two-digit`."""
    if isinstance(value, bool):
        return BAD
    if is_blank(value):
        return BLANK
    if isinstance(value, datetime):
        return _checked(value.year, value.date(), max_year, False)
    if isinstance(value, date):
        return _checked(value.year, value, max_year, False)
    if isinstance(value, int | float):
        if not float(value).is_integer():
            return BAD
        return _checked(int(value), None, max_year, int(value) < 100)
    return _birth_text(text(value), max_year)


# The parsers the reader calls for every row, remembered by value (the Remembered objects
# themselves: one call per cell, not two).
parse_sex: Callable[[Any], Parsed] = Remembered(_parse_sex)
_remembered_flag: Callable[[Any], Parsed] = Remembered(_parse_flag)


def parse_flag(value: Any) -> Parsed:
    """Yes/no marks -> Parsed(True | False); a blank cell, the common one, at once."""
    return _FALSE if value is None else _remembered_flag(value)


parse_birth: Callable[[Any, int], Parsed] = Remembered(_parse_birth)
clean: Callable[[Any], str] = Remembered(_clean)


class ColumnNotes:
    """The notes of parsed cells, each to be raised once per column: call with a Parsed and its
    column (sheet name, column index); the note's code comes back the first time only."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, int]] = set()

    def __call__(self, parsed: Parsed, sheet: str, column: int) -> str | None:
        if parsed.note is None or (parsed.note, sheet, column) in self.seen:
            return None
        self.seen.add((parsed.note, sheet, column))
        return parsed.note


def _birth_text(raw: str, max_year: int) -> Parsed:
    raw = raw if raw[:1].isdigit() else fold(raw)
    if m := _YEAR.match(raw):
        return _checked(int(m.group(1)), None, max_year, len(m.group(1)) == 2)
    if m := _DMY.match(raw):
        year, short = int(m.group(3)), len(m.group(3)) == 2
        return _dated(year, int(m.group(2)), int(m.group(1)), max_year, short)
    if m := _YMD.match(raw):
        return _dated(int(m.group(1)), int(m.group(2)), int(m.group(3)), max_year, False)
    if (m := _MY.match(raw)) and 1 <= int(m.group(1)) <= 12:
        return _checked(int(m.group(2)), None, max_year, len(m.group(2)) == 2)
    return BAD


def _dated(year: int, month: int, day: int, max_year: int, short: bool) -> Parsed:
    if short:
        year = _century(year, max_year) or 0
    found = _date(year, month, day)
    if found is None:
        return BAD
    return _checked(year, found, max_year, False, TWO_DIGIT if short else None)


def _century(two_digits: int, max_year: int) -> int | None:
    """The year ending in two_digits that gives an age from 16 to 110 in max_year, if one does."""
    for century in (1900, 2000, 1800):
        if MIN_AGE <= max_year - (century + two_digits) <= MAX_AGE:
            return century + two_digits
    return None


def _checked(
    year: int, day: date | None, max_year: int, short: bool, note: str | None = None
) -> Parsed:
    """The birth if its year is 1900..max_year; short: a two-digit year, its century guessed."""
    if short:
        full = _century(year, max_year)
        if full is None:
            return BAD
        year, note = full, TWO_DIGIT
    return Parsed((year, day), note=note) if 1900 <= year <= max_year else BAD


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
_UNIT = re.compile(r"\s*(vnd|dong|d)\.?$")
_SCALES = (
    (re.compile(r"\s*(trieu|tr)\.?$"), 1_000_000),
    (re.compile(r"\s*(nghin|ngan|k)\.?$"), 1_000),
)


def parse_money(value: Any) -> Parsed:
    """An amount in đồng: numbers, '5.000.000', '5,000,000 đ', '38.000.000đ', '2.000.000 đồng',
    '38 triệu', '1,5 triệu', '15tr', '500 nghìn' -> int. 'Có (15tr)' is the amount in brackets."""
    if isinstance(value, bool):
        return BAD
    if isinstance(value, int | float):
        return Parsed(round(value)) if 0 <= value < 1e15 else BAD
    if is_blank(value):
        return BLANK
    parsed = _amount(text(value))
    if parsed.ok or _before_note(value) not in _YES:
        return parsed
    inside = _amount(_note(value))  # "Có (15tr)": present, with its amount
    return inside if inside.ok and inside.value is not None else parsed


def _amount(raw: str) -> Parsed:
    raw = _UNIT.sub("", strip_marks(raw).lower().replace("\u00a0", " ").strip()).strip()
    factor = 1
    for scale, size in _SCALES:
        if scale.search(raw):
            factor, raw = size, scale.sub("", raw).strip()
            break
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
    return Parsed(round(amount * factor)) if 0 <= amount < 1e15 else BAD


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
