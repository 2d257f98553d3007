"""Indicators at their boundaries, computed exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ctg_check.checks import club_result, count
from ctg_check.model import Club, ClubInfo, Fund, Member
from ctg_check.plan import Plan, load_plan

PLAN = load_plan("vung-tau-2022")
NATIONAL = load_plan("national-1336")
AS_OF = date(2025, 12, 1)


def members(n: int, women: int = 0, older: int = 0, need: int = 0, got: int = 0) -> list[Member]:
    return [
        Member(
            name=f"Người {i}",
            sex="F" if i < women else "M",
            birth_year=1950 if i < older else 1990,
            loan_needed=i < need,
            loan_received=i < got,
        )
        for i in range(n)
    ]


def info(**over: object) -> ClubInfo:
    base: dict[str, object] = {
        "id": "c",
        "name": "CLB c",
        "income_fund": Fund(True, 1_000_000),
        "activity_fund": Fund(True, 500_000),
        "regulation": True,
        "activities": {a.id: True for a in PLAN.activities},
    }
    base.update(over)
    return ClubInfo(**base)  # type: ignore[arg-type]


def status(
    ms: list[Member], indicator: str, plan: Plan = PLAN, club_info: ClubInfo | None = None
) -> str:
    club = Club("c", "CLB c", "Phường 1", "f.xlsx", "s", club_info or info(), ms)
    return club_result(club, plan, AS_OF, "c").indicator(indicator).status


@pytest.mark.parametrize("n,expected", [(49, "not_met"), (50, "met"), (70, "met"), (71, "not_met")])
def test_members_band(n: int, expected: str) -> None:
    assert status(members(n), "members") == expected


@pytest.mark.parametrize(
    "women,expected", [(29, "not_met"), (30, "met"), (35, "met"), (36, "not_met")]
)
def test_women_share_of_50(women: int, expected: str) -> None:
    assert status(members(50, women=women), "women_share") == expected


@pytest.mark.parametrize(
    "older,expected", [(29, "not_met"), (30, "met"), (35, "met"), (36, "not_met")]
)
def test_older_share_of_50(older: int, expected: str) -> None:
    assert status(members(50, older=older), "older_share") == expected


def test_younger_share_bounds() -> None:
    assert status(members(50, older=35), "younger_share") == "met"  # 15/50 = 30 %
    assert status(members(50, older=36), "younger_share") == "not_met"  # 14/50 = 28 %
    assert status(members(50, older=30), "younger_share") == "met"  # 20/50 = 40 %
    assert status(members(50, older=29), "younger_share") == "not_met"


def test_age_is_reference_year_minus_birth_year() -> None:
    old = Member("Bà Sáu", "F", birth_year=1965)  # 60 in 2025
    young = Member("Anh Tư", "M", birth_year=1966)  # 59 in 2025
    c = count([old, young], PLAN, AS_OF)
    assert (c.older, c.younger) == (1, 1)


def test_exact_age_with_full_date() -> None:
    born = Member("Ông Năm", "M", birth_year=1965, birth_date=date(1965, 12, 2))
    assert count([born], PLAN, date(2025, 12, 1)).older == 0
    assert count([born], PLAN, date(2025, 12, 2)).older == 1


def test_older_age_is_a_setting() -> None:
    from dataclasses import replace

    plan55 = replace(PLAN, older_age=55)
    m = Member("Bà Ba", "F", birth_year=1970)  # 55 in 2025
    assert count([m], plan55, AS_OF).older == 1
    assert count([m], PLAN, AS_OF).older == 0


def test_loan_coverage_exactly_half_and_just_under() -> None:
    assert status(members(50, need=20, got=10), "loan_coverage") == "met"
    assert status(members(50, need=21, got=10), "loan_coverage") == "not_met"


def test_loan_coverage_without_need_is_met_with_null_value() -> None:
    club = Club("c", "CLB c", "P1", "f", "s", info(), members(50))
    ind = club_result(club, PLAN, AS_OF, "c").indicator("loan_coverage")
    assert (ind.status, ind.value, ind.note) == ("met", None, "no_loan_need")


def test_loan_received_unknown_counts_on_neither_side() -> None:
    ms = members(50, need=20, got=15)
    one = [replace(m, loan_received=None) if i == 0 else m for i, m in enumerate(ms)]
    assert status(one, "loan_coverage") == "met"  # 14/20 or 15/20: met either way
    few = [replace(m, loan_received=None) if i < 10 else m for i, m in enumerate(ms)]
    assert status(few, "loan_coverage") == "unknown"  # 5/20 to 15/20
    need_unknown = [replace(m, loan_needed=None) if i == 30 else m for i, m in enumerate(ms)]
    assert status(need_unknown, "loan_coverage") == "unknown"  # the denominator is unknown


def test_national_plan_counts_loans_over_all_members() -> None:
    ms = members(50, need=50, got=25)
    assert status(ms, "loan_coverage", NATIONAL) == "met"
    assert status(members(50, need=50, got=24), "loan_coverage", NATIONAL) == "not_met"


def test_fund_of_zero_is_not_met_and_blank_is_unknown() -> None:
    assert (
        status(members(50), "income_fund", club_info=info(income_fund=Fund(False, 0))) == "not_met"
    )
    assert status(members(50), "income_fund", club_info=info(income_fund=Fund(None, None))) == (
        "unknown"
    )


def test_unknown_sex_makes_share_unknown_only_when_it_could_change_the_status() -> None:
    ms = members(50, women=30)
    undecided = [*ms[:-1], Member("X", None, birth_year=1950)]  # 30 women + 1 unknown of 50
    assert status(undecided, "women_share") == "met"  # 30/50 and 31/50 both meet 60–70 %
    edge = [Member("X", None, 1950) if i == 0 else m for i, m in enumerate(members(50, women=30))]
    # 29 known women + 1 unknown: 58 % or 60 % -> cannot tell
    assert status(edge, "women_share") == "unknown"


def test_derived_flags() -> None:
    club = Club("c", "CLB c", "P1", "f", "s", info(), members(50, 32, 32, 10, 5))
    res = club_result(club, PLAN, AS_OF, "c")
    assert (res.fully_active, res.funded, res.effective, res.compliant) == (True, True, True, True)
    acts = {a.id: True for a in PLAN.activities} | {"rights": False}
    club.info = info(activities=acts)
    res = club_result(club, PLAN, AS_OF, "c")
    assert (res.fully_active, res.funded, res.effective) == (False, True, False)
    club.info = info(regulation=None)
    res = club_result(club, PLAN, AS_OF, "c")
    assert (res.fully_active, res.funded, res.effective) == (None, None, None)


def test_missing_club_info_gives_unknown_funds() -> None:
    club = Club("c", "CLB c", "P1", "f", "s", None, members(50, 32, 32))
    res = club_result(club, PLAN, AS_OF, "c")
    assert res.indicator("income_fund").status == "unknown"
    assert res.funded is None
