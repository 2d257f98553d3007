"""The standard submission workbook: sheet names and canonical columns.

One definition serves the template writer, the merged-workbook writer and the reader's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctg_check.plan import Plan

SHEET_GUIDE = "Hướng dẫn"
SHEET_CLUBS = "CLB"
SHEET_MEMBERS = "Thành viên"
PLAN_NAME = "CTG_PLAN"  # hidden defined name holding the profile id

YES, NO = "Có", "Không"
MALE, FEMALE = "Nam", "Nữ"


@dataclass(frozen=True)
class Column:
    field: str
    vi: str
    en: str
    kind: str  # text, int, year, sex, flag, money, date
    width: int = 14  # narrow enough that each sheet prints on one A4 width at about 9 pt


CLUB_COLUMNS: tuple[Column, ...] = (
    Column("club_id", "Mã CLB", "Club ID", "text", 8),
    Column("club_name", "Tên CLB", "Club name", "text", 22),
    Column("ward", "Phường/Xã", "Ward/commune", "text", 16),
    Column("province", "Tỉnh/Thành phố", "Province/city", "text", 15),
    Column("founded", "Ngày thành lập", "Date founded", "date", 11),
    Column("income_fund", "Quỹ tăng thu nhập (đồng)", "Income fund (VND)", "money", 12),
    Column("activity_fund", "Quỹ hoạt động (đồng)", "Activity fund (VND)", "money", 11),
    Column("regulation", "Có quy chế (Có/Không)", "Has regulation (Yes/No)", "flag", 10),
    Column("meetings", "Số buổi sinh hoạt trong năm", "Meetings in the year", "int", 9),
)

MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", "No.", "int", 5),
    Column("club_id", "Mã CLB", "Club ID", "text", 8),
    Column("name", "Họ và tên", "Full name", "text", 24),
    Column("birth", "Năm sinh", "Year of birth", "year", 8),
    Column("sex", "Giới tính (Nam/Nữ)", "Sex (Nam/Nữ)", "sex", 9),
    Column("address", "Địa chỉ", "Address", "text", 20),
    Column("poor", "Hộ nghèo", "Poor household", "flag", 8),
    Column("near_poor", "Hộ cận nghèo", "Near-poor household", "flag", 8),
    Column("disabled", "Khuyết tật", "Disabled", "flag", 9),
    Column("hardship", "Hoàn cảnh khó khăn khác", "Other hardship", "flag", 11),
    Column("loan_needed", "Có nhu cầu vay vốn", "Needs a loan", "flag", 10),
    Column("loan_received", "Đã được vay vốn", "Received a loan", "flag", 10),
    Column("role", "Chức vụ trong CLB", "Role in the club", "text", 12),
    Column("note", "Ghi chú", "Note", "text", 14),
)

FLAG_FIELDS = ("poor", "near_poor", "disabled", "hardship")


def club_columns(plan: Plan) -> tuple[Column, ...]:
    """The CLB sheet's columns: the fixed ones, then one Có/Không column per plan activity."""
    acts = tuple(Column(f"activity:{a.id}", a.label, a.id, "flag", 7) for a in plan.activities)
    return CLUB_COLUMNS + acts
