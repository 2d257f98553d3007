"""Find header rows by a vocabulary of synonyms and map columns to fields.

Headers are compared folded (no case, no diacritics, no punctuation). A multi-row merged header
becomes a path per column (`năm sinh › nữ`), matched on the whole path first, then on its last part.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ctg_check.normalize import fold, nfc
from ctg_check.plan import Activity, Plan
from ctg_check.schema import CLUB_COLUMNS, MEMBER_COLUMNS

# field -> synonyms (written naturally; folded when used)
MEMBER_VOCAB: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "Số TT", "TT", "Số thứ tự", "Thứ tự", "No"),
    "name": (
        "Họ và tên",
        "Họ tên",
        "Họ và tên thành viên",
        "Họ tên thành viên",
        "Tên thành viên",
        "Họ và tên hội viên",
        "Full name",
        "Name",
    ),
    "birth": (
        "Năm sinh",
        "Ngày sinh",
        "Ngày tháng năm sinh",
        "Ngày, tháng, năm sinh",
        "Năm sinh (hoặc ngày sinh)",
        "Year of birth",
        "Date of birth",
        "Birth",
    ),
    "birth_male": ("Năm sinh Nam", "Ngày sinh Nam", "Nam"),
    "birth_female": ("Năm sinh Nữ", "Ngày sinh Nữ", "Nữ"),
    "age": ("Tuổi", "Tuổi đời", "Age"),  # age in the reference year, instead of the birth
    "sex": ("Giới tính", "Giới tính (Nam/Nữ)", "Giới", "Phái", "Sex", "Gender"),
    "address": ("Địa chỉ", "Nơi ở", "Chỗ ở", "Nơi cư trú", "Địa chỉ thường trú", "Address"),
    "poor": ("Hộ nghèo", "Nghèo", "HN", "Poor household", "Poor"),
    "near_poor": ("Hộ cận nghèo", "Cận nghèo", "HCN", "Near-poor household", "Near poor"),
    "disabled": ("Khuyết tật", "Người khuyết tật", "NKT", "Hộ khuyết tật", "Disabled"),
    "hardship": (
        "Hoàn cảnh khó khăn khác",
        "Hoàn cảnh khó khăn",
        "Khó khăn khác",
        "Khó khăn",
        "HCKK",
        "Hộ hoàn cảnh khó khăn",
        "Gia đình hoàn cảnh khó khăn",
        "Neo đơn",
        "Other hardship",
        "Hardship",
        "Hoàn cảnh khác",
    ),
    # one column naming the member's circumstances: "Hộ nghèo", "Cận nghèo, khuyết tật"…
    "category": ("Hoàn cảnh", "Diện", "Thuộc diện", "Đối tượng", "Diện hộ", "Phân loại hộ"),
    "loan_needed": (
        "Có nhu cầu vay vốn",
        "Nhu cầu vay vốn",
        "Có nhu cầu vay",
        "Nhu cầu vay",
        "Có nhu cầu",
        "Nhu cầu",
        "Needs a loan",
    ),
    "loan_received": (
        "Đã được vay vốn",
        "Được vay vốn",
        "Đã được vay",
        "Được vay",
        "Đã vay",
        "Đã vay vốn",
        "Received a loan",
    ),
    "role": ("Chức vụ trong CLB", "Chức vụ", "Chức danh", "Role in the club", "Role"),
    "note": ("Ghi chú", "Note"),
    "phone": ("Số điện thoại", "Điện thoại", "Phone"),  # known, so never column-unrecognised
    "club_id": ("Mã CLB", "Mã câu lạc bộ", "Club ID"),
    "club_name": ("Tên CLB", "Tên câu lạc bộ", "CLB", "Câu lạc bộ", "Club name", "Club"),
    "ward": ("Phường/Xã", "Phường, xã", "Phường", "Xã", "Đơn vị", "Ward", "Ward/commune"),
}

CLUB_VOCAB: dict[str, tuple[str, ...]] = {
    "club_id": MEMBER_VOCAB["club_id"],
    "club_name": MEMBER_VOCAB["club_name"],
    "ward": MEMBER_VOCAB["ward"],
    "province": ("Tỉnh/Thành phố", "Tỉnh, thành phố", "Tỉnh", "Province/city", "Province"),
    "founded": ("Ngày thành lập", "Năm thành lập", "Thành lập", "Date founded"),
    "income_fund": (
        "Quỹ tăng thu nhập (đồng)",
        "Quỹ tăng thu nhập",
        "Quỹ TTN",
        "Quỹ vốn vay",
        "Vốn quay vòng",
        "Income fund (VND)",
        "Income fund",
    ),
    "activity_fund": (
        "Quỹ hoạt động (đồng)",
        "Quỹ hoạt động",
        "Quỹ HĐ",
        "Activity fund (VND)",
        "Activity fund",
    ),
    "regulation": (
        "Có quy chế (Có/Không)",
        "Có quy chế",
        "Quy chế",
        "Quy chế hoạt động",
        "Has regulation (Yes/No)",
        "Regulation",
    ),
    "meetings": (
        "Số buổi sinh hoạt trong năm",
        "Số buổi sinh hoạt",
        "Số buổi hoạt động",
        "Sinh hoạt định kỳ",
        "Meetings in the year",
        "Meetings",
    ),
}

# a birth column's sub-headers: the year sits under Nam or Nữ
_BIRTH_PARENTS = {fold(s) for s in MEMBER_VOCAB["birth"]}
_SEX_LEAVES = {"nam": "birth_male", "nu": "birth_female"}
# a sex column split in two, marked with x: Giới tính › Nam | Nữ
_SEX_PARENTS = {fold(s) for s in MEMBER_VOCAB["sex"]}
_SEX_MARKS = {"nam": "sex_male", "nu": "sex_female"}

MEMBER_NEEDS = {
    "birth",
    "birth_male",
    "birth_female",
    "sex",
    "sex_male",
    "sex_female",
    "stt",
    "age",
}
CLUB_NEEDS = {"income_fund", "activity_fund", "regulation", "meetings"}


def _with_english(vocab: dict[str, tuple[str, ...]], columns: tuple[Any, ...]) -> None:
    for col in columns:
        if col.field in vocab:
            vocab[col.field] = (*vocab[col.field], col.vi, col.en)


_with_english(MEMBER_VOCAB, MEMBER_COLUMNS)
_with_english(CLUB_VOCAB, CLUB_COLUMNS)


# abbreviations officials write in headers, folded, and the words they stand for
ABBREVIATIONS = {
    "hckk": "hoan canh kho khan",
    "nct": "nguoi cao tuoi",
    "kt": "khuyet tat",
    "tt": "thu tu",
    "sdt": "so dien thoai",
    "dt": "dien thoai",
    "hd": "hoat dong",
    "sh": "sinh hoat",
    "ttn": "tang thu nhap",
    "tv": "thanh vien",
}


def expand(key: str) -> str:
    """A folded header with its abbreviations spelt out: 'quy hd' -> 'quy hoat dong'."""
    words = key.split()
    if not any(w in ABBREVIATIONS for w in words):
        return key
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


def _lookup(vocab: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded synonym -> field; each synonym also with its abbreviations spelt out."""
    table: dict[str, str] = {}
    for field, synonyms in vocab.items():
        for s in synonyms:
            table.setdefault(fold(s), field)
            table.setdefault(expand(fold(s)), field)
    return table


MEMBER_LOOKUP = _lookup(MEMBER_VOCAB)
CLUB_LOOKUP_BASE = _lookup(CLUB_VOCAB)


def club_lookup(plan: Plan) -> dict[str, str]:
    """The club-table vocabulary with one field per plan activity (`activity:<id>`); one table
    per set of activities, shared (not to be changed), so that headers are remembered across
    files (tables.find_header)."""
    return _club_lookup(plan.activities)


@lru_cache(maxsize=8)
def _club_lookup(activities: tuple[Activity, ...]) -> dict[str, str]:
    table = dict(CLUB_LOOKUP_BASE)
    for act in activities:
        for s in (act.label, act.id, *act.synonyms):
            table.setdefault(fold(s), f"activity:{act.id}")
    return table


def match(key: str, lookup: dict[str, str]) -> str | None:
    """The field a folded header names: an exact synonym, or a synonym followed by more words;
    abbreviations (HCKK, KT, HĐ …) spelt out."""
    if not key:
        return None
    field = lookup.get(key)
    if field is not None:
        return field
    if (long := expand(key)) != key:
        return match(long, lookup)
    words = key.split()
    for n in range(len(words) - 1, 0, -1):
        field = lookup.get(" ".join(words[:n]))
        if field is not None and n >= 2:
            return field
    return None


@dataclass(frozen=True)
class Header:
    kind: str  # "member" or "club"
    first: int  # index of the first header row in the grid
    last: int  # index of the last header row
    fields: dict[str, int]  # field -> grid column index
    labels: dict[int, str]  # grid column index -> header text as shown


def column_paths(
    grid: list[list[Any]], first: int, last: int
) -> tuple[list[list[str]], dict[int, str]]:
    """Folded header texts per column from rows first..last, repeats (merged cells) removed;
    and each column's header as shown (`Năm sinh › Nữ`)."""
    width = max((len(grid[r]) for r in range(first, last + 1)), default=0)
    paths: list[list[str]] = []
    labels: dict[int, str] = {}
    for c in range(width):
        path: list[str] = []
        shown: list[str] = []
        for r in range(first, last + 1):
            row = grid[r]
            value = row[c] if c < len(row) else None
            if isinstance(value, str):
                key = fold(value)
                if key and (not path or path[-1] != key):
                    path.append(key)
                    shown.append(nfc(value))
        paths.append(path)
        if shown:
            labels[c] = " › ".join(shown)
    return paths, labels


def map_columns(paths: list[list[str]], lookup: dict[str, str]) -> dict[str, int]:
    """Field -> column for a header block; the first column wins for each field."""
    fields: dict[str, int] = {}
    for c, path in enumerate(paths):
        if not path:
            continue
        field = None
        leaf = path[-1]
        if len(path) > 1 and leaf in _SEX_LEAVES and any(p in _BIRTH_PARENTS for p in path[:-1]):
            field = _SEX_LEAVES[leaf]
        elif len(path) > 1 and leaf in _SEX_MARKS and any(p in _SEX_PARENTS for p in path[:-1]):
            field = _SEX_MARKS[leaf]
        if field is None:
            # the whole path exactly (Quỹ › Tăng thu nhập), else the last part (Hoàn cảnh › Hộ
            # nghèo), else the whole path by its start
            joined = " ".join(path)
            field = (
                lookup.get(joined)
                or lookup.get(expand(joined))
                or match(leaf, lookup)
                or match(joined, lookup)
            )
        if field is None and len(path) > 1:
            field = match(path[0], lookup)
            # a group header alone names a column only for fields that are not groups of flags
            if field not in ("birth", "name", "club_name", "club_id", "ward", "address", "note"):
                field = None
        if field is not None and field not in fields:
            fields[field] = c
    return fields


def is_member_header(fields: dict[str, int]) -> bool:
    return "name" in fields and bool(MEMBER_NEEDS & fields.keys())


def is_club_header(fields: dict[str, int]) -> bool:
    return ("club_name" in fields or "club_id" in fields) and (
        bool(CLUB_NEEDS & fields.keys()) or sum(f.startswith("activity:") for f in fields) >= 2
    )
