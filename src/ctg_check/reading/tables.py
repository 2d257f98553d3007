"""Stage 1, tables: what each row of a sheet is before any value is read.

Header blocks (found by the vocabulary), column-number rows, section titles naming a club,
subtotals and totals, signature blocks, and the lines above a table that name the ward, the club
and the report date. Functions here look at rows of raw cells; they read no member values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ctg_check.normalize import club_key, fold, nfc
from ctg_check.reading import values as v
from ctg_check.reading.formats import RawSheet
from ctg_check.reading.headers import (
    CLUB_NEEDS,
    MEMBER_LOOKUP,
    Header,
    column_paths,
    is_club_header,
    is_member_header,
    map_columns,
    match,
)
from ctg_check.units import display_ward

HEADER_SCAN = 40  # rows searched for the first header of a sheet
MAX_HEADER_ROWS = 3
NUMBER_TOKEN = re.compile(r"^\(?[a-z]{1,2}\)?$|^\(?\d{1,2}\)?$|^\(?\d{1,2}\s*=\s*[\d+\s]+\)?$")
TOTAL = ("tong cong", "tong so", "cong", "tong", "tong cong clb", "cong clb")
SIGNATURE = (
    "nguoi lap bieu",
    "nguoi lap",
    "tm ban chu nhiem",
    "t m ban chu nhiem",
    "ban chu nhiem",
    "chu nhiem clb",
    "xac nhan",
    "ky ten",
    "ky ghi ro ho ten",
    "ky va ghi ro ho ten",
    "thu truong don vi",
    "tm ubnd",
    "tm uy ban nhan dan",
)
_ISSUERS = re.compile(
    r"^(?:ubnd|uy ban nhan dan|hoi nguoi cao tuoi|hoi nct|hoi lien hiep phu nu"
    r"|ban dai dien hoi nct)"
    r"\s+(phuong|xa|thi tran)\s+\S"
)
_ISSUER_BODY = re.compile(
    r"^(?:ubnd|uy ban nhan dan|hoi nguoi cao tuoi|hoi nct|ban dai dien hoi (?:nguoi cao tuoi|nct))$"
)
_WARD_LINE = re.compile(r"^(phuong|xa|thi tran)\s+\S")
_TITLE_WARD = re.compile(r"\s[-–]\s*((?:PHƯỜNG|XÃ|THỊ TRẤN)\s+\S.*)$")
_YEARISH = re.compile(r"\b(1[89]|20)\d\d\b")
_REPORT_DATE = re.compile(r"\bngay (\d{1,2}) (?:thang )?(\d{1,2}) (?:nam )?(\d{4})\b")
CLUB_WORD = re.compile(r"\b(clb|cau lac bo)\b")
_CLUB_START = re.compile(r"(?i)\b(clb|câu lạc bộ|cau lac bo)\b")
_ROMAN = re.compile(r"[IVXivx]+\.?|[A-Za-z]\.?")
HEADER_WORDS = {k for k, f in MEMBER_LOOKUP.items() if f in ("name", "club_id", "club_name")}
# sheets that hold no roster: the template's instructions, the merged file's problems and account
GUIDE_SHEETS = {
    "huong dan",
    "guide",
    "instructions",
    "van de",
    "tong ket",
    "problems",
    "account",
    "ket qua kiem tra",
    "check results",
}


def nonblank(row: list[Any]) -> bool:
    return not all(map(v.is_blank, row))


@dataclass(frozen=True)
class Table:
    """A member table: its header, and how its sex column is to be read (a legend of codes,
    or codes nobody explained: one warning for the column, sex unknown)."""

    header: Header
    sex_codes: dict[str, str] | None = None  # code -> "M" / "F"
    sex_unexplained: bool = False


FLAG_FIELDS = ("poor", "near_poor", "disabled", "hardship", "loan_needed", "loan_received")
_LEGEND = re.compile(r"\b([0-9]|[a-z])\s+(?:la\s+)?(nam|nu)\b")
_CODE = re.compile(r"^[0-9]$|^[a-z]$")


def sex_legend(text: str) -> dict[str, str] | None:
    """Codes a legend gives ('1: Nam; 2: Nữ', 'M = Nam, F = Nữ'): code -> M/F, both sexes."""
    pairs = _LEGEND.findall(fold(text))
    codes = {code: ("M" if sex == "nam" else "F") for code, sex in pairs}
    if len(codes) != len(pairs) or set(codes.values()) != {"M", "F"}:
        return None
    return codes


def sex_codes_in(grid: list[list[Any]], first: int, column: int) -> bool:
    """The sex column holds codes (single digits or letters such as 1/2, 0/1) rather than words."""
    found = False
    for row in grid[first:]:
        value = row[column] if column < len(row) else None
        if v.is_blank(value):
            continue
        if not _CODE.match(fold(v.text(value))) or fold(v.text(value)) in ("m", "f"):
            return False
        found = True
    return found


def find_legend(grid: list[list[Any]], label: str) -> dict[str, str] | None:
    """A legend of sex codes in the column's header, else in any text cell of the sheet."""
    legend = sex_legend(label)
    if legend:
        return legend
    for row in grid:
        for cell in row:
            if isinstance(cell, str) and len(cell) < 200 and ("nam" in fold(cell)):
                legend = sex_legend(cell)
                if legend:
                    return legend
    return None


def _refine(header: Header, paths: list[list[str]]) -> Header:
    """Columns the vocabulary alone cannot tell: the second cell of a name split under one
    merged Họ và tên, and a lone Nữ column of ticks (no Nam column, no Giới tính)."""
    f = dict(header.fields)
    c = f.get("name")
    split = c is not None and c + 1 < len(paths) and bool(paths[c + 1]) and paths[c + 1] == paths[c]
    if c is not None and split and c + 1 not in f.values():
        f["name_rest"] = c + 1
    lone = "birth_female" in f and "birth_male" not in f and "sex" not in f
    if lone and ({"birth", "age"} & f.keys()) and "sex_female" not in f:
        f["female_tick"] = f.pop("birth_female")
    return header if f == header.fields else replace(header, fields=f)


def find_header(grid: list[list[Any]], r: int, club_lookup: dict[str, str]) -> Header | None:
    """The deepest member or club header block (1 to 3 rows) starting at row r, or None."""
    row = grid[r]
    if not any(isinstance(x, str) and fold(x) in HEADER_WORDS for x in row):
        return None
    best: Header | None = None
    for last in range(r, min(r + MAX_HEADER_ROWS, len(grid))):
        if last > r and not header_like(grid[last], club_lookup):
            break
        best = _header_block(grid[r : last + 1], club_lookup) or best
    if best is None:
        return None
    return Header(best.kind, r, r + best.last, dict(best.fields), dict(best.labels))


def _header_block(rows: list[list[Any]], club_lookup: dict[str, str]) -> Header | None:
    """The member or club header the rows make together (first and last: 0 and their last), or
    None. Remembered by the rows' values and the vocabulary: the wards of a batch fill the same
    template, whose header is then read once."""
    key = (id(club_lookup), *map(tuple, rows))
    known = _KNOWN_HEADERS.get(key)
    if known is not None and known[0] is club_lookup:  # the entry keeps its vocabulary alive
        return known[1]
    if len(_KNOWN_HEADERS) >= _KNOWN_LIMIT:
        _KNOWN_HEADERS.clear()
    last = len(rows) - 1
    paths, labels = column_paths(rows, 0, last)
    member_fields = map_columns(paths, MEMBER_LOOKUP)
    club_fields = map_columns(paths, club_lookup)
    found: Header | None = None
    if is_club_header(club_fields) and len(club_fields) >= len(member_fields) - 1:
        found = Header("club", 0, last, club_fields, labels)
    elif is_member_header(member_fields):
        found = _refine(Header("member", 0, last, member_fields, labels), paths)
    if sum(map(len, rows)) <= _KNOWN_CELLS:  # a hostile sheet's wide rows are not kept
        _KNOWN_HEADERS[key] = (club_lookup, found)
    return found


_KNOWN_HEADERS: dict[tuple[Any, ...], tuple[dict[str, str], Header | None]] = {}
_KNOWN_LIMIT = 256
_KNOWN_CELLS = 4096  # cells of a header block worth remembering (a real one has a few hundred)


def find_transposed(grid: list[list[Any]], r: int, club_lookup: dict[str, str]) -> Header | None:
    """A club table written across: row r names one club per column (CLB …), the rows below
    name an item each in one column (Quỹ hoạt động, Có quy chế, an activity …). The Header's
    fields map each item to its row index, and club_name to row r."""
    row = grid[r]
    clubs = [c for c, x in enumerate(row) if isinstance(x, str) and club_heading(x)]
    if not clubs or min(clubs) == 0:
        return None
    best: tuple[int, dict[str, int], dict[int, str], int] | None = None
    for c0 in range(min(clubs)):
        fields: dict[str, int] = {}
        labels: dict[int, str] = {}
        last = r
        for rr in range(r + 1, min(len(grid), r + 60)):
            cells = grid[rr]
            if not nonblank(cells):
                break
            label = cells[c0] if c0 < len(cells) else None
            last = rr
            if isinstance(label, str) and (field := match(fold(label), club_lookup)):
                fields.setdefault(field, rr)
                labels[rr] = nfc(label)
        if best is None or len(fields) > len(best[1]):
            best = (c0, fields, labels, last)
    assert best is not None
    _, fields, labels, last = best
    items = CLUB_NEEDS & fields.keys()
    if len(items) + sum(f.startswith("activity:") for f in fields) < 2 or "club_name" in fields:
        return None
    labels |= {r: nfc(v.text(row[min(clubs) - 1]))}
    return Header("club-across", r, last, {**fields, "club_name": r}, labels)


def club_heading(text: str) -> bool:
    key = fold(text)
    return bool(CLUB_WORD.match(key)) and bool(club_key(text)) and key not in HEADER_WORDS


def header_like(row: list[Any], club_lookup: dict[str, str]) -> bool:
    """A further header row: short texts without years, at least half of them header words."""
    texts = [x for x in row if not v.is_blank(x)]
    if not texts or not all(isinstance(x, str) for x in texts):
        return False
    keys = [fold(x) for x in texts]
    if all(NUMBER_TOKEN.match(k) for k in keys) or any(_YEARISH.search(k) for k in keys):
        return False
    known = sum(k in ("nam", "nu") or k in MEMBER_LOOKUP or k in club_lookup for k in keys)
    return 2 * known >= len(keys)


def is_number_row(row: list[Any]) -> bool:
    """A column-number row under a header: A, B, 1, 2, 3 … (at least three tokens)."""
    tokens = [x for x in row if not v.is_blank(x)]
    if len(tokens) < 3:
        return False
    return all(NUMBER_TOKEN.match(fold(v.text(x))) for x in tokens)


def total_kind(row: list[Any], fields: dict[str, int]) -> str | None:
    """'total' for a footer (Tổng cộng, Tổng số: 58 người …), 'subtotal' for the end of a
    section (Cộng, Cộng CLB …, or numbers alone where only marks belong: a row of formulas)."""
    for x in row:
        if isinstance(x, str):
            key = fold(x)
            if key.startswith(("tong cong", "tong so")) or key == "tong":
                return "total"
            if key in TOTAL or (key.startswith(("cong clb", "cong ")) and "cong hoa" not in key):
                return "subtotal"
    return "subtotal" if _count_row(row, fields) else None


def is_total(row: list[Any]) -> bool:
    """A total or subtotal row: Tổng cộng, Tổng số thành viên, Cộng, Cộng CLB …"""
    return total_kind(row, {}) is not None


def _count_row(row: list[Any], fields: dict[str, int]) -> bool:
    """Only numbers, and a count above 1 in a column of marks: the results of formulas."""
    values = [x for x in row if not v.is_blank(x)]
    if len(values) < 2 or not all(isinstance(x, int | float) for x in values):
        return False
    marks = [
        fields[k] for k in (*FLAG_FIELDS, "female_tick", "sex_male", "sex_female") if k in fields
    ]
    return any(c < len(row) and isinstance(row[c], int | float) and row[c] > 1 for c in marks)


def is_signature(row: list[Any], fields: dict[str, int]) -> bool:
    """A signature-block line (Người lập biểu, TM. BAN CHỦ NHIỆM…) or a dated place line."""
    skip = {fields.get("role"), fields.get("note")}
    for c, x in enumerate(row):
        if c in skip or not isinstance(x, str):
            continue
        key = fold(x)
        if key.startswith(SIGNATURE) or (
            key.startswith(("ngay", "vung tau ngay")) and " thang " in f" {key} "
        ):
            return True
        if " ngay " in f" {key} " and " thang " in f" {key} " and " nam " in f" {key} ":
            return True
    return False


def section_title(row: list[Any]) -> str | None:
    """A row naming a club inside a list (`CLB Khu phố 3`, or `I | CLB …`)."""
    texts = {nfc(x) for x in row if isinstance(x, str) and x.strip()}
    others = [x for x in row if not v.is_blank(x) and not isinstance(x, str)]
    if len(texts) != 1 or others:
        if len(texts) == 2 and not others:
            roman = [t for t in texts if _ROMAN.fullmatch(t)]
            if roman:
                rest = (texts - set(roman)).pop()
                return rest if CLUB_WORD.search(fold(rest)) and club_key(rest) else None
        return None
    text = texts.pop()
    if CLUB_WORD.match(fold(text)) and club_key(text):
        return text
    return None


def texts(row: list[Any]) -> list[str]:
    """The row's texts, each once, in order: a line merged across columns is one text, not one
    per cell (fill_merged copies it into each)."""
    return list(dict.fromkeys(x for x in row if isinstance(x, str)))


def issuer_ward(row: list[Any]) -> str | None:
    """The ward an issuing-body line names (UBND PHƯỜNG THẮNG TAM -> Phường Thắng Tam)."""
    for cell in texts(row):
        if len(cell) > 200:
            continue
        text = nfc(cell)
        if _ISSUERS.match(fold(text)):
            words = text.split()  # the ward starts at its kind: PHƯỜNG, XÃ, THỊ TRẤN
            kinds = ("phuong", "xa", "thi")
            lead = next((i for i, w in enumerate(words) if fold(w) in kinds), 0)
            return display_ward(" ".join(words[lead:]))
    return None


def issuer_over_two_lines(row: list[Any], above: list[Any] | None) -> str | None:
    """The ward of an issuing body written over two lines: ỦY BAN NHÂN DÂN / PHƯỜNG THẮNG TAM
    (the ward line right under the body, in the same column)."""
    if not above:
        return None
    for c, cell in enumerate(row):
        if not isinstance(cell, str) or len(cell) > 100 or c >= len(above):
            continue
        body = above[c]
        if (
            isinstance(body, str)
            and _ISSUER_BODY.match(fold(body))
            and _WARD_LINE.match(fold(cell))
        ):
            return display_ward(nfc(cell))
    return None


def title_ward(row: list[Any]) -> str | None:
    """The ward a title in capitals ends with (DANH SÁCH … - PHƯỜNG NGUYỄN AN NINH)."""
    for cell in texts(row):
        if len(cell) <= 200:
            m = _TITLE_WARD.search(nfc(cell))
            if m and m.group(1).isupper():
                return display_ward(m.group(1))
    return None


def title_club(row: list[Any]) -> str | None:
    """The club a title line names (DANH SÁCH THÀNH VIÊN CLB … -> CLB …)."""
    for cell in texts(row):
        if len(cell) > 200:
            continue
        text = nfc(cell)
        m = _TITLE_WARD.search(text)
        if m and m.group(1).isupper():
            text = text[: m.start()]  # the ward the title ends with is not part of the club
        key = fold(text)
        if _ISSUERS.match(key) or not CLUB_WORD.search(key):
            continue
        m = _CLUB_START.search(text)
        if m and fold(text[: m.start()]).endswith("cac"):
            continue  # "các CLB …": every club of the ward, not one
        if m:
            candidate = text[m.start() :].strip(" :-–")
            if club_key(candidate):
                return candidate
    return None


def report_date(row: list[Any]) -> date | None:
    """The latest date a title or signature line gives (ngày 05 tháng 12 năm 2025)."""
    found: date | None = None
    for cell in texts(row):
        if "ng" not in cell.lower():
            continue
        key = fold(cell)
        if any(w in key for w in ("quyet dinh", "ke hoach", "kem theo", "so ")):
            continue
        m = _REPORT_DATE.search(key)
        if m:
            day = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if day and (found is None or day > found):
                found = day
    return found


_NOT_NAME_STARTS = ("tong cong", "tong so", *SIGNATURE)


def plain_name(text: str) -> bool:
    """A name cell that is not a header, total, signature, section or column-number text."""
    key = fold(text)
    return not (
        len(key) < 2
        or key in HEADER_WORDS
        or key in TOTAL
        or key.startswith(_NOT_NAME_STARTS)
        or CLUB_WORD.match(key)
        or NUMBER_TOKEN.match(key)
    )


_NAME_WORD = re.compile(r"^[^\W\d_]+$")


def person_like(text: str) -> bool:
    """Two to six words of letters, each starting with a capital: Nguyễn Thị Hoa."""
    words = nfc(text).split()
    return (
        2 <= len(words) <= 6
        and plain_name(text)
        and all(_NAME_WORD.match(w) and w[0].isupper() for w in words)
    )


_NOTE_START = ("ghi chu", "luu y", "chu y", "danh sach", "ghi chu")


def note_text(text: str) -> bool:
    """A note or sentence, not a name: Ghi chú: …, '* …', more than six words, or a colon."""
    words = text.split()
    key = fold(text)
    return not person_like(text) and (
        len(words) > 6 or ":" in text or text.lstrip()[:1] in "*-(+" or key.startswith(_NOTE_START)
    )


def member_like(row: list[Any], year: int) -> bool:
    """A row outside any table that looks like a member: a person-like name and a sex or a
    birth year beside it."""
    return any(
        v.parse_sex(x).value
        or (isinstance(x, int | float) and not isinstance(x, bool) and 1900 <= x <= year)
        for x in row
    ) and any(person_like(x) for x in texts(row))  # the cheaper test first


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def fill_merged(sheet: RawSheet) -> None:
    """Copy each merged range's value into all its cells (header paths and grouped columns)."""
    grid = sheet.rows
    r0, c0 = sheet.origin
    for top, left, bottom, right in sheet.merged:
        t, l_, b, rt = top - r0, left - c0, bottom - r0, right - c0
        if t < 0 or l_ < 0 or t >= len(grid) or (b - t + 1) * (rt - l_ + 1) > 10_000:
            continue
        value = grid[t][l_] if l_ < len(grid[t]) else None
        if v.is_blank(value):
            continue
        for r in range(t, min(b, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= rt:
                row.extend([None] * (rt + 1 - len(row)))
            for c in range(l_, rt + 1):
                if v.is_blank(row[c]):
                    row[c] = value
