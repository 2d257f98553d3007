"""Every value form of DESIGN.md sections 3 and 3a, and the header vocabulary's shapes."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctg_check.normalize import fold
from ctg_check.reading import values as v
from ctg_check.reading.headers import (
    CLUB_LOOKUP_BASE,
    MEMBER_LOOKUP,
    column_paths,
    expand,
    map_columns,
    match,
)
from ctg_check.reading.values import (
    TWO_DIGIT,
    ColumnNotes,
    Parsed,
    parse_birth,
    parse_flag,
    parse_int,
    parse_money,
    parse_sex,
    text,
)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Nam", "M"),
        ("nam", "M"),
        ("NAM", "M"),
        ("M", "M"),
        ("Nữ", "F"),
        ("nu", "F"),
        ("NỮ", "F"),
        ("F", "F"),
        ("Nu\u031b\u0303", "F"),
        (" nữ ", "F"),
        (None, None),
        ("", None),
    ],
)
def test_sex(raw: object, expected: str | None) -> None:
    parsed = parse_sex(raw)
    assert parsed.ok and parsed.value == expected


@pytest.mark.parametrize("raw", ["K", "x", "1", "Nam/Nữ"])
def test_sex_invalid(raw: object) -> None:
    assert not parse_sex(raw).ok


@pytest.mark.parametrize(
    "raw,year,day",
    [
        (1950, 1950, None),
        (1950.0, 1950, None),
        ("1950", 1950, None),
        (" 1950 ", 1950, None),
        ("năm 1950", 1950, None),
        (datetime(1950, 3, 12), 1950, date(1950, 3, 12)),
        (date(1950, 3, 12), 1950, date(1950, 3, 12)),
        ("12/03/1950", 1950, date(1950, 3, 12)),
        ("2/3/1950", 1950, date(1950, 3, 2)),
        ("12-03-1950", 1950, date(1950, 3, 12)),
        ("12.03.1950", 1950, date(1950, 3, 12)),
        ("1950-03-12", 1950, date(1950, 3, 12)),
        ("03/1950", 1950, None),
    ],
)
def test_birth_forms(raw: object, year: int, day: date | None) -> None:
    parsed = parse_birth(raw, 2025)
    assert parsed.ok and parsed.value == (year, day)


@pytest.mark.parametrize("raw", [1850, 1899, 2026, "abc", "31/02/1950", "13/1950", 1950.5, True])
def test_birth_invalid(raw: object) -> None:
    assert not parse_birth(raw, 2025).ok


def test_birth_bounds_inclusive() -> None:
    assert parse_birth(1900, 2025).ok and parse_birth(2025, 2025).ok


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("x", True),
        ("X", True),
        ("✓", True),
        (1, True),
        ("1", True),
        ("Có", True),
        ("co", True),
        ("CÓ", True),
        ("Yes", True),
        ("TRUE", True),
        (True, True),
        (None, False),
        ("", False),
        ("Không", False),
        ("khong", False),
        (0, False),
        ("0", False),
        ("No", False),
        ("FALSE", False),
        (False, False),
    ],
)
def test_flags(raw: object, expected: bool) -> None:
    parsed = parse_flag(raw)
    assert parsed.ok and parsed.value is expected


@pytest.mark.parametrize("raw", ["?", "có lẽ", "2", "-"])
def test_flag_invalid(raw: object) -> None:
    assert not parse_flag(raw).ok


@pytest.mark.parametrize(
    "raw,expected",
    [
        (5_000_000, 5_000_000),
        (5e6, 5_000_000),
        ("5.000.000", 5_000_000),
        ("5,000,000", 5_000_000),
        ("5 000 000", 5_000_000),
        ("5.000.000 đ", 5_000_000),
        ("5.000.000đ", 5_000_000),
        ("5.000.000 đồng", 5_000_000),
        ("5,000,000 VND", 5_000_000),
        ("5 triệu", 5_000_000),
        ("2,5 tr", 2_500_000),
        ("0", 0),
        ("1500000", 1_500_000),
    ],
)
def test_money(raw: object, expected: int) -> None:
    parsed = parse_money(raw)
    assert parsed.ok and parsed.value == expected


@pytest.mark.parametrize("raw", ["nhiều", "-5", -1, "5.00.000"])
def test_money_invalid(raw: object) -> None:
    assert not parse_money(raw).ok


def test_int() -> None:
    assert parse_int("12").value == 12 and parse_int(12.0).value == 12
    assert not parse_int("mười").ok and not parse_int(1.5).ok


# --- encodings helper: the value and vocabulary shapes of DESIGN.md 3a ----------------------------


@pytest.mark.parametrize(
    "raw,year,day",
    [
        ("5/3/1950", 1950, date(1950, 3, 5)),
        ("05/03/1950", 1950, date(1950, 3, 5)),
        ("03/1950", 1950, None),
        ("1950-03-05", 1950, date(1950, 3, 5)),
        ("1950-03-05T00:00:00", 1950, date(1950, 3, 5)),  # ISO text from a web export
        ("1950-03-05T00:00:00.000Z", 1950, date(1950, 3, 5)),
        ("năm 1950", 1950, None),
        ("1950", 1950, None),
        (1950.0, 1950, None),
        (datetime(1950, 3, 5), 1950, date(1950, 3, 5)),
    ],
)
def test_birth_in_every_form(raw: object, year: int, day: date | None) -> None:
    parsed = parse_birth(raw, 2025)
    assert (parsed.ok, parsed.value, parsed.note) == (True, (year, day), None)


@pytest.mark.parametrize(
    "raw,year,day",
    [
        (50, 1950, None),
        ("50", 1950, None),
        ("'50", 1950, None),
        ("05", 2005, None),  # the century that gives an age from 16 to 110
        ("5/3/50", 1950, date(1950, 3, 5)),
        ("03/50", 1950, None),
    ],
)
def test_two_digit_years_take_the_century_of_a_plausible_age(
    raw: object, year: int, day: date | None
) -> None:
    parsed = parse_birth(raw, 2025)
    assert (parsed.value, parsed.note) == ((year, day), TWO_DIGIT)


@pytest.mark.parametrize("raw", [10, "10", "12", 18327])  # 1910: 115 years; 2010: 15
def test_two_digit_year_without_a_plausible_age_is_invalid(raw: object) -> None:
    assert not parse_birth(raw, 2025).ok


@given(st.dates(date(1900, 1, 1), date(2025, 12, 31)))
def test_text_dates_round_trip(day: date) -> None:
    for raw in (
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
        f"{day.isoformat()}T00:00:00",
    ):
        assert parse_birth(raw, 2025) == Parsed((day.year, day)), raw
    assert parse_birth(day.strftime("%m/%Y"), 2025) == Parsed((day.year, None))


@given(st.integers(16, 110))
def test_two_digit_years_round_trip(age: int) -> None:
    year = 2025 - age
    assert parse_birth(f"{year % 100:02d}", 2025) == Parsed((year, None), note=TWO_DIGIT)


def test_column_notes_come_once_per_column() -> None:
    notes = ColumnNotes()
    two = parse_birth("50", 2025)
    assert notes(parse_birth("1950", 2025), "DS", 4) is None
    assert notes(two, "DS", 4) == TWO_DIGIT
    assert notes(two, "DS", 4) is None
    assert notes(two, "DS", 5) == TWO_DIGIT
    assert notes(two, "DS2", 4) == TWO_DIGIT


@pytest.mark.parametrize("tick", ["√", "✓", "✔", "x", "X", 1, "1", "có", "Có", "TRUE", True, "☑"])
def test_ticks_are_yes(tick: object) -> None:
    assert parse_flag(tick) == Parsed(True)


@pytest.mark.parametrize("raw", [None, "", "0", 0, False, "FALSE", "Không", "☐", "Chưa có"])
def test_blanks_and_no_words_are_no(raw: object) -> None:
    assert parse_flag(raw) == Parsed(False)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Đã ban hành", True),
        ("Có (QĐ số 12/QĐ-CLB ngày 05/3/2021)", True),
        ("Có: QĐ 12", True),
        ("Chưa ban hành", False),
        ("Chưa có", False),
        ("Không có", False),
        ("Không (đang soạn)", False),
    ],
)
def test_regulation_in_words(raw: str, expected: bool) -> None:
    assert parse_flag(raw) == Parsed(expected)


def test_lone_wingdings_code_without_its_font_is_unclear() -> None:
    assert not parse_flag("ü").ok  # the reader turns it into ✓ only where the font says Wingdings


@pytest.mark.parametrize(
    "raw,amount",
    [
        ("38 triệu", 38_000_000),
        ("1,5 triệu", 1_500_000),
        ("1.5 triệu", 1_500_000),
        ("15tr", 15_000_000),
        ("15 tr.", 15_000_000),
        ("38.000.000đ", 38_000_000),
        ("38,000,000", 38_000_000),
        ("2.000.000 đồng", 2_000_000),
        ("38 triệu đồng", 38_000_000),
        ("500 nghìn", 500_000),
        ("500k", 500_000),
        ("Có (15tr)", 15_000_000),
        ("Có (2.000.000 đ)", 2_000_000),
    ],
)
def test_money_in_words(raw: str, amount: int) -> None:
    assert parse_money(raw) == Parsed(amount)


@pytest.mark.parametrize("raw", ["Chưa có", "Không có", "inf", "nan", "1e400", "Có (ít)"])
def test_money_words_without_an_amount(raw: str) -> None:
    """Not an amount: the reader asks parse_flag next (Chưa có → no fund), else warns."""
    assert not parse_money(raw).ok


@given(
    st.integers(0, 10**11),
    st.sampled_from([".", ",", " "]),
    st.sampled_from(["", "đ", " đ", " đồng", " VNĐ", " VND", "d"]),
)
def test_grouped_amounts_round_trip(amount: int, separator: str, unit: str) -> None:
    raw = f"{amount:,}".replace(",", separator) + unit
    assert parse_money(raw) == Parsed(amount), raw


@given(st.integers(0, 999), st.integers(0, 9), st.sampled_from([" triệu", "tr", " tr", " Triệu"]))
def test_millions_round_trip(whole: int, tenth: int, unit: str) -> None:
    expected = whole * 1_000_000 + tenth * 100_000
    assert parse_money(f"{whole},{tenth}{unit}") == Parsed(expected)
    assert parse_money(f"Có ({whole},{tenth}{unit})") == Parsed(expected)


def test_invisible_characters_leave_names() -> None:
    assert text("\u200bNguyễn\u00a0Thị\u200c Hoa\ufeff ") == "Nguyễn\u00a0Thị Hoa"
    assert text("Lê\u00adVăn") == "LêVăn"


@pytest.mark.parametrize(
    "header,field",
    [
        ("TT", "stt"),
        ("Số TT", "stt"),
        ("KT", "disabled"),
        ("Hộ KT", "disabled"),
        ("HCKK", "hardship"),
        ("HCKK khác", "hardship"),
        ("Hộ HCKK", "hardship"),
        ("SĐT", "phone"),
        ("HỌ VÀ\nTÊN", "name"),
        ("NGÀY THÁNG\nNĂM SINH", "birth"),
        ("HỘ CẬN\nNGHÈO", "near_poor"),
        ("ĐÃ ĐƯỢC\nVAY VỐN", "loan_received"),
    ],
)
def test_member_header_abbreviations_and_capitals(header: str, field: str) -> None:
    assert match(fold(header), MEMBER_LOOKUP) == field


@pytest.mark.parametrize(
    "header,field",
    [("Quỹ HĐ", "activity_fund"), ("Quỹ TTN", "income_fund"), ("Số buổi SH", "meetings")],
)
def test_club_header_abbreviations(header: str, field: str) -> None:
    assert match(fold(header), CLUB_LOOKUP_BASE) == field


def test_expand_spells_out_whole_words_only() -> None:
    assert expand("quy hd") == "quy hoat dong"
    assert expand("hckk khac") == "hoan canh kho khan khac"
    assert expand("ho ten") == "ho ten"  # no abbreviation: the same string


def test_caps_header_block_with_line_breaks_maps_every_column() -> None:
    grid = [["TT", "HỌ VÀ\nTÊN", "GIỚI\nTÍNH", "NĂM\nSINH", "KT", "HCKK\nKHÁC", "SĐT"]]
    paths, _ = column_paths(grid, 0, 0)
    assert map_columns(paths, MEMBER_LOOKUP) == {
        "stt": 0,
        "name": 1,
        "sex": 2,
        "birth": 3,
        "disabled": 4,
        "hardship": 5,
        "phone": 6,
    }


def test_remembered_results_keep_true_1_and_1_0_apart() -> None:
    calls: list[object] = []

    def parse(value: object) -> str:
        calls.append(value)
        return type(value).__name__

    remembered = v.Remembered(parse)
    assert [remembered(x) for x in (True, 1, 1.0, True, 1)] == [
        "bool",
        "int",
        "float",
        "bool",
        "int",
    ]
    assert calls == [True, 1, 1.0]
    assert remembered([1]) == "list"  # unhashable: parsed, not remembered


def test_a_remembered_parse_gives_what_a_fresh_parse_gives() -> None:
    for value in (1953.0, "1953", "05/03/50", True, None, "  ", "x"):
        assert v.parse_birth(value, 2025) == v._parse_birth(value, 2025)
        assert v.parse_birth(value, 2025) == v._parse_birth(value, 2025)  # now remembered
    for value in ("Nam", "nữ", "F", 1, True, None):
        assert v.parse_sex(value) == v._parse_sex(value)
        assert v.parse_sex(value) == v._parse_sex(value)
