"""Stage 3a, members: a member-table record to a Member, its values parsed by values.py.

Each unreadable value raises its problem at its cell; the member is kept with that value unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ctg_check.model import Member
from ctg_check.normalize import fold, nfc
from ctg_check.reading import values as v
from ctg_check.reading.context import Context
from ctg_check.reading.records import Record

_LETTER = re.compile(r"[^\W\d_]")
FLAGS = ("poor", "near_poor", "disabled", "hardship", "loan_needed", "loan_received")
Birth = tuple[int, date | None]


@dataclass(frozen=True)
class MemberRow:
    """A member as read, with the club its row names (id, name or the table's hint)."""

    member: Member
    club_id: str | None
    club_name: str | None
    sheet: str


def member_name(rec: Record) -> str:
    """The row's name as text (joined with the second cell of a split name); "" when it holds
    no letter."""
    raw = rec.get("name")
    name = nfc(v.text(raw)) if not v.is_blank(raw) else ""
    if rec.has("name_rest") and not v.is_blank(rest := rec.get("name_rest")):
        name = nfc(f"{name} {v.text(rest)}")
    return name if _LETTER.search(name) else ""


_LEFT = re.compile(
    r"\b(?:da mat|mat nam|qua doi|tu tran|chuyen di|chuyen noi khac|chuyen noi o|xin ra khoi"
    r"|ra khoi clb|thoi tham gia|nghi sinh hoat|da nghi)\b"
)


def left_note(rec: Record) -> str | None:
    """The note saying the person left the club or died (đã mất, chuyển đi …), or None."""
    for field in ("note", "role"):
        text = rec.get(field)
        if text.__class__ is str and text and _says_left(text):
            return nfc(text)
    return None


def _left_words(text: str) -> bool:
    return _LEFT.search(fold(text)) is not None


_says_left = v.Remembered(_left_words)  # roles and notes repeat down a list


def has_data(rec: Record) -> bool:
    """A name cell with no letter, or any value in the row's other columns but STT."""
    return not v.is_blank(rec.get("name")) or any(
        not v.is_blank(rec.get(k)) for k in rec.header.fields if k not in ("stt", "name")
    )


def has_value(rec: Record, year: int) -> bool:
    """A readable sex, birth, age or flag value: with a person-like name, the row looks like a
    member."""
    if v.parse_sex(rec.get("sex")).value:
        return True
    if any(v.parse_birth(rec.get(k), year).value for k in ("birth", "birth_male", "birth_female")):
        return True
    age = v.parse_int(rec.get("age")).value
    if isinstance(age, int) and 0 < age <= 120:
        return True
    return any(rec.has(k) and v.parse_flag(rec.get(k)).value for k in (*FLAGS, "female_tick"))


def read_member(rec: Record, ctx: Context, name: str, club_hint: str) -> MemberRow:
    """The member of a row that has a name; problems for the values that cannot be read."""
    get = rec.get
    club_id = _text(get("club_id")) or None
    club_name = _text(get("club_name")) or None
    if club_id is None and club_name is None:
        club_name = club_hint
    label = club_id or club_name
    sex, birth = _sex_and_birth(rec, ctx, label)
    flags = _flags(rec, ctx, label)
    year, day = birth or (None, None)
    member = Member(  # by position (faster than by name): Member's fields in their order
        name,
        sex,
        year,
        day,
        flags["poor"],
        flags["near_poor"],
        flags["disabled"],
        flags["hardship"],
        flags["loan_needed"],
        flags["loan_received"],
        _text(get("address")),
        _text(get("role")),
        _text(get("note")),
        _text(get("ward")) or None,
        rec.at("name"),
    )
    return MemberRow(member, club_id, club_name, rec.sheet.name)


def _text(value: object) -> str:
    return "" if value is None else v.clean(value)  # None: the common blank, no memory needed


def _sex_and_birth(rec: Record, ctx: Context, label: str | None) -> tuple[str | None, Birth | None]:
    f = rec.header.fields
    sex: str | None = None
    birth: Birth | None = None
    if "birth_male" in f or "birth_female" in f:
        sex, birth = _by_birth_column(rec, ctx, label)
    if "sex_male" in f or "sex_female" in f:
        sex = _sex_marks(rec, ctx, label)
    elif "female_tick" in f:
        sex = _female_tick(rec, ctx, label)
    elif "sex" in f and sex is None and rec.table.sex_unexplained:
        sex = None  # codes without a legend: one warning for the column, raised by the table
    elif "sex" in f and sex is None:
        parsed = _sex_code(rec.get("sex"), rec.table.sex_codes)
        if not parsed.ok:
            ctx.add("sex-invalid", rec.at("sex"), label, value=v.text(rec.get("sex")))
        elif parsed.value is None:
            if "birth_male" not in f:
                ctx.add("sex-missing", rec.at("sex"), label)
        else:
            sex = parsed.value
    elif sex is None and "birth_male" not in f and "birth_female" not in f:
        ctx.add("sex-missing", rec.at("name"), label)
    if "birth" in f and birth is None:
        birth = _birth(rec, ctx, label, "birth", missing="age" not in f)
    if "age" in f and birth is None:
        birth = _age(rec, ctx, label)
    elif birth is None and not ({"birth", "birth_male", "birth_female", "age"} & f.keys()):
        ctx.add("birth-missing", rec.at("name"), label)
    return sex, birth


def _age(rec: Record, ctx: Context, label: str | None) -> Birth | None:
    """An age in the reference year (Tuổi): the birth year is the reference year minus it."""
    value = rec.get("age")
    parsed = v.parse_int(value)
    year = ctx.as_of.year
    if parsed.ok and parsed.value is None:
        ctx.add("birth-missing", rec.at("age"), label)
        return None
    if not parsed.ok or not 0 < parsed.value <= year - 1900:
        ctx.add("birth-invalid", rec.at("age"), label, value=v.text(value), max_year=year)
        return None
    return year - parsed.value, None


def _sex_code(value: object, codes: dict[str, str] | None) -> v.Parsed:
    """Sex in words (Nam, Nữ, M, F …), or a code the table's legend explains."""
    parsed = v.parse_sex(value)
    if parsed.ok or codes is None:
        return parsed
    code = codes.get(fold(v.text(value)))
    return v.Parsed(code) if code else parsed


def _female_tick(rec: Record, ctx: Context, label: str | None) -> str | None:
    """A lone Nữ column of ticks: ticked is a woman, blank a man."""
    parsed = read_flag(rec, ctx, label, "female_tick")
    if not parsed.ok:
        return None
    return "F" if parsed.value else "M"


def _birth(rec: Record, ctx: Context, label: str | None, key: str, missing: bool) -> Birth | None:
    """The birth under one column; birth-invalid (and, if `missing`, birth-missing) at its cell."""
    value = rec.get(key)
    max_year = ctx.as_of.year
    parsed = v.parse_birth(value, max_year)
    if parsed.note is not None and (code := ctx.notes(parsed, rec.sheet.name, rec.fields[key])):
        ctx.add(code, rec.at(key), label, value=v.text(value))
    if not parsed.ok:
        ctx.add(
            "birth-invalid",
            rec.at(key),
            label,
            value=v.text(value),
            max_year=max_year,
        )
        return None
    if parsed.value is None and missing:
        ctx.add("birth-missing", rec.at(key), label)
    result: Birth | None = parsed.value
    return result


def _by_birth_column(
    rec: Record, ctx: Context, label: str | None
) -> tuple[str | None, Birth | None]:
    """Sex by which birth column (Năm sinh › Nam | Nữ) holds the year; both or neither: errors."""
    f = rec.header.fields
    male, female = rec.get("birth_male"), rec.get("birth_female")
    if not v.is_blank(male) and not v.is_blank(female):
        ctx.add("sex-ambiguous", rec.at("birth_male"), label)
        pm, pf = v.parse_birth(male, ctx.as_of.year), v.parse_birth(female, ctx.as_of.year)
        return None, pm.value if pm.value == pf.value else None
    if v.is_blank(male) and v.is_blank(female):
        if "sex" not in f:
            ctx.add("sex-missing", rec.at("birth_male"), label)
            ctx.add("birth-missing", rec.at("birth_male"), label)
        return None, None
    key = "birth_male" if not v.is_blank(male) else "birth_female"
    return ("M" if key == "birth_male" else "F"), _birth(rec, ctx, label, key, missing=False)


def read_flag(rec: Record, ctx: Context, label: str | None, key: str, name: str = "") -> v.Parsed:
    """A yes/no cell of a field, with one flag-invalid warning at the cell when it is neither
    (`name`: the column's name when the header has none)."""
    value = rec.get(key)
    parsed = v.parse_flag(value)
    if not parsed.ok:
        ctx.add(
            "flag-invalid",
            rec.at(key),
            label,
            value=v.text(value),
            column_name=rec.column_name(key, name or None),
        )
    return parsed


def _sex_marks(rec: Record, ctx: Context, label: str | None) -> str | None:
    """Sex from two mark columns (Giới tính › Nam | Nữ): exactly one must be marked."""
    marks = {}
    for key in ("sex_male", "sex_female"):
        marks[key] = read_flag(rec, ctx, label, key).value
    if marks["sex_male"] and marks["sex_female"]:
        ctx.add("sex-ambiguous", rec.at("sex_male"), label)
    elif marks["sex_male"] or marks["sex_female"]:
        return "M" if marks["sex_male"] else "F"
    else:
        field = "sex_male" if rec.has("sex_male") else "sex_female"
        ctx.add("sex-missing", rec.at(field), label)
    return None


_ABSENT = {key: None if key.startswith("loan") else False for key in FLAGS}  # no such column


def _flags(rec: Record, ctx: Context, label: str | None) -> dict[str, bool | None]:
    flags: dict[str, bool | None] = {}
    fields = rec.fields
    for key in FLAGS:
        if key not in fields:
            flags[key] = _ABSENT[key]
            continue
        parsed = v.parse_flag(rec.get(key))  # read_flag only for the problem of a bad cell
        flags[key] = (parsed if parsed.ok else read_flag(rec, ctx, label, key)).value
    if not v.is_blank(rec.get("category")):
        found = categories(v.text(rec.get("category")))
        if found is None:
            ctx.add(
                "flag-invalid",
                rec.at("category"),
                label,
                value=v.text(rec.get("category")),
                column_name=rec.column_name("category"),
            )
        for key in found or ():
            flags[key] = True
    if flags["loan_received"] and flags["loan_needed"] is False:
        ctx.add("loan-without-need", rec.at("loan_received"), label)
    return flags


_CATEGORY_WORDS = (  # first match wins: "cận nghèo" before "nghèo"
    ("can ngheo", "near_poor"),
    ("hcn", "near_poor"),
    ("ngheo", "poor"),
    ("hn", "poor"),
    ("khuyet tat", "disabled"),
    ("nkt", "disabled"),
    ("kho khan", "hardship"),
    ("neo don", "hardship"),
    ("don than", "hardship"),
    ("hckk", "hardship"),
)
_NO_CATEGORY = {"khong", "binh thuong", "kha", "trung binh", "0", "no"}


def categories(text: str) -> set[str] | None:
    """The flags a circumstances cell names ('Cận nghèo, khuyết tật'); None when unclear."""
    found: set[str] = set()
    for raw in re.split(r"[,;/+&\n]|\bvà\b", text):
        part = fold(raw)
        if not part or part in _NO_CATEGORY:
            continue
        key = next((k for word, k in _CATEGORY_WORDS if f" {word} " in f" {part} "), None)
        if key is None:
            return None
        found.add(key)
    return found
