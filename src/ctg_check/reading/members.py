"""Stage 3a, members: a member-table record to a Member, its values parsed by values.py.

Each unreadable value raises its problem at its cell; the member is kept with that value unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ctg_check.model import Member, Place, positional
from ctg_check.normalize import fold, nfc
from ctg_check.reading import tables as t
from ctg_check.reading import values as v
from ctg_check.reading.context import Context
from ctg_check.reading.formats import RawSheet
from ctg_check.reading.records import Record
from ctg_check.reading.tables import Table

_LETTER = re.compile(r"[^\W\d_]")
FLAGS = ("poor", "near_poor", "disabled", "hardship", "loan_needed", "loan_received")
Birth = tuple[int, date | None]
_ABSENT = {key: None if key.startswith("loan") else False for key in FLAGS}  # no such column
_NEEDED, _RECEIVED = FLAGS.index("loan_needed"), FLAGS.index("loan_received")


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A member as read, with the club its row names (id, name or the table's hint)."""

    member: Member
    club_id: str | None
    club_name: str | None
    sheet: str


_new_member: Callable[..., Member] = positional(Member)
_new_place: Callable[..., Place] = positional(Place)
_new_row: Callable[..., MemberRow] = positional(MemberRow)
_TEXTS = ("club_id", "club_name", "address", "role", "note", "ward")
_BIRTHS = ("birth", "birth_male", "birth_female")


class MemberReader:
    """The rows of one member table read into members, the reader's hottest loop (once per row
    of every file). The table's columns are looked up once, so that a row costs its cells, not
    its fields' names; a row whose sex and birth are not plainly readable, and every problem,
    go through the functions below that read a `Record` (one place for each rule)."""

    def __init__(self, ctx: Context, sheet: RawSheet, table: Table) -> None:
        f = table.header.fields
        self.ctx, self.sheet, self.table = ctx, sheet, table
        self.width = max(f.values()) + 1
        self.name_c, self.rest_c = f["name"], f.get("name_rest")
        self.left_cs = tuple(f[k] for k in ("note", "role") if k in f)
        self.text_cs = tuple(f.get(k) for k in _TEXTS)
        self.flag_cs = tuple((i, k, f[k]) for i, k in enumerate(FLAGS) if k in f)
        self.absent = [_ABSENT[k] for k in FLAGS]
        self.category_c = f.get("category")
        self.loans = "loan_received" in f and "loan_needed" in f
        self.year = ctx.as_of.year
        marks = {"sex_male", "sex_female", "female_tick"} & f.keys()
        # the shapes whose sex and birth a row gives plainly (else: _sex_and_birth, in full)
        self.by_column = not marks and ("birth_male" in f or "birth_female" in f)
        self.male_c, self.female_c = f.get("birth_male"), f.get("birth_female")
        plain_sex = not marks and not table.sex_unexplained and not self.by_column
        self.sex_c = f.get("sex") if plain_sex else None
        self.birth_c = f.get("birth")
        # a plainly-a-member test: a name and a valid sex or birth (or age); sex marks are not
        quick_births = ("birth",) if marks & {"sex_male", "sex_female"} else _BIRTHS
        self.quick_births = tuple(f[k] for k in quick_births if k in f)
        self.quick_sex, self.age_c = f.get("sex"), f.get("age")
        r0, c0 = sheet.origin
        self.top, self.left = r0 + 1, c0 + 1  # grid (r, c) -> 1-based sheet row and column

    def row(self, r: int) -> list[Any]:
        """Row r of the grid, as wide as the table's columns."""
        row = self.sheet.rows[r]
        return row if len(row) >= self.width else row + [None] * (self.width - len(row))

    def record(self, r: int) -> Record:
        return Record(self.ctx.path, self.sheet, r, self.table)

    def place(self, r: int, c: int) -> Place:
        return _new_place(self.ctx.path, self.sheet.name, self.top + r, self.left + c)

    def plainly_member(self, row: list[Any]) -> bool:
        """A name and a valid sex or birth (or age) in a row of any width."""
        n = len(row)
        name = row[self.name_c] if self.name_c < n else None
        if not (isinstance(name, str) and t.plain_name(name)):
            return False
        c = self.quick_sex
        if c is not None and c < n and v.parse_sex(row[c]).value:
            return True
        for c in self.quick_births:  # (a blank cell, None, is no birth: not asked)
            if c < n and (x := row[c]) is not None and v.parse_birth(x, self.year).value:
                return True
        c = self.age_c
        return bool(c is not None and c < n and v.parse_int(row[c]).value)

    def name(self, row: list[Any]) -> str:
        """The row's name as text (joined with the second cell of a split name); "" when it
        holds no letter."""
        return _name(row[self.name_c], None if self.rest_c is None else row[self.rest_c])

    def left_note(self, row: list[Any]) -> str | None:
        """The note saying the person left the club or died (đã mất, chuyển đi …), or None."""
        for c in self.left_cs:
            text = row[c]
            if text.__class__ is str and text and _says_left(text):
                return nfc(text)
        return None

    def member(self, row: list[Any], r: int, name: str, club_hint: str) -> MemberRow:
        """The member of a row that has a name; problems for the values that cannot be read."""
        # None, the common blank, needs no memory
        texts = ["" if c is None or (x := row[c]) is None else v.clean(x) for c in self.text_cs]
        ident, address, role, note, ward = texts[0] or None, *texts[2:]
        club_name = texts[1] or (None if ident else club_hint)
        label = ident or club_name
        plain = self.sex_and_birth(row)
        sex, birth = plain if plain is not None else _sex_and_birth(self.record(r), self.ctx, label)
        year, day = birth or (None, None)
        flags = self.flags(row, r, label)
        place = self.place(r, self.name_c)
        member = _new_member(name, sex, year, day, *flags, address, role, note, ward or None, place)
        return _new_row(member, ident, club_name, self.sheet.name)

    def sex_and_birth(self, row: list[Any]) -> tuple[str | None, Birth] | None:
        """Sex and birth when the row gives both plainly: one filled Năm sinh › Nam | Nữ
        column, or a sex in words and a birth, each read without a note; else None."""
        if self.by_column:
            male = row[self.male_c] if self.male_c is not None else None
            female = row[self.female_c] if self.female_c is not None else None
            no_male = v.is_blank(male)
            if no_male == v.is_blank(female):
                return None
            sex, value = ("F", female) if no_male else ("M", male)
        elif self.sex_c is not None and self.birth_c is not None:
            parsed = v.parse_sex(row[self.sex_c])
            if not parsed.ok or parsed.value is None:
                return None
            sex, value = parsed.value, row[self.birth_c]
        else:
            return None
        birth = v.parse_birth(value, self.year)
        if not birth.ok or birth.value is None or birth.note is not None:
            return None
        return sex, birth.value

    def flags(self, row: list[Any], r: int, label: str | None) -> list[bool | None]:
        """The six flags in FLAGS' order (a missing column: no, or unknown for the loans)."""
        flags = self.absent.copy()
        rec: Record | None = None
        for i, key, c in self.flag_cs:
            parsed = v.parse_flag(row[c])  # read_flag only for the problem of a bad cell
            if not parsed.ok:
                parsed = read_flag(rec := rec or self.record(r), self.ctx, label, key)
            flags[i] = parsed.value
        if self.category_c is not None and not v.is_blank(row[self.category_c]):
            _categories(rec or self.record(r), self.ctx, label, flags)
        if self.loans and flags[_RECEIVED] and flags[_NEEDED] is False:
            place = self.place(r, self.table.header.fields["loan_received"])
            self.ctx.add("loan-without-need", place, label)
        return flags


def _name(raw: Any, rest: Any) -> str:
    name = nfc(v.text(raw)) if not v.is_blank(raw) else ""
    if rest is not None and not v.is_blank(rest):
        name = nfc(f"{name} {v.text(rest)}")
    return name if _LETTER.search(name) else ""


def member_name(rec: Record) -> str:
    """The row's name as text (joined with the second cell of a split name); "" when it holds
    no letter."""
    return _name(rec.get("name"), rec.get("name_rest"))


_LEFT = re.compile(
    r"\b(?:da mat|mat nam|qua doi|tu tran|chuyen di|chuyen noi khac|chuyen noi o|xin ra khoi"
    r"|ra khoi clb|thoi tham gia|nghi sinh hoat|da nghi)\b"
)


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
    if any(v.parse_birth(rec.get(k), year).value for k in _BIRTHS):
        return True
    age = v.parse_int(rec.get("age")).value
    if isinstance(age, int) and 0 < age <= 120:
        return True
    return any(rec.has(k) and v.parse_flag(rec.get(k)).value for k in (*FLAGS, "female_tick"))


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


def _categories(rec: Record, ctx: Context, label: str | None, flags: list[bool | None]) -> None:
    """The flags a circumstances cell names set in `flags` (FLAGS' order); flag-invalid when
    it is unclear."""
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
        flags[FLAGS.index(key)] = True


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
