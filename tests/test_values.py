"""Every value form of DESIGN.md section 3."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ctg_check.reading.values import parse_birth, parse_flag, parse_int, parse_money, parse_sex


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
