"""The summary's figures (figures.py): computed from the report, before any workbook exists."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from ctg_check import api
from ctg_check.figures import clubs_in_order, overview, ratio, ward_rows, ward_totals
from ctg_check.report import Report

ROOT = Path(__file__).resolve().parent.parent
OPTS = api.options(as_of=date(2025, 12, 1), units="vung-tau-2022")


@pytest.fixture(scope="module")
def report() -> Report:
    return api.validate([ROOT / "sample_data"], OPTS)


def test_first_page_counts_add_up(report: Report) -> None:
    lines = {line.key: line for line in overview(report)}
    files = lines["sum_files_read"].number + lines["sum_files_unreadable"].number
    assert files == len(report.files)
    members = sum(c.counts.members for c in report.clubs)
    women = sum(c.counts.women for c in report.clubs)
    assert lines["sum_members"].number == members > 0
    assert lines["sum_women"].share == Fraction(women, members)
    assert lines["sum_women"].of == "sum_of_members"
    assert dict(lines["sum_older"].params) == {"age": report.plan.older_age}
    assert lines["sum_errors"].number + lines["sum_warnings"].number == len(report.problems)
    assert lines["sum_clubs"].number == len(report.clubs)


def test_every_club_once_in_ward_order(report: Report) -> None:
    wards = ward_rows(report)
    ordered = clubs_in_order(report, wards)
    assert sorted(c.id for _, c in ordered) == sorted(c.id for c in report.clubs)
    placed = [c for wr in wards for c in wr.clubs]
    assert [c for ward, c in ordered if ward is not None] == placed


def test_ward_totals_sum_the_wards(report: Report) -> None:
    wards = ward_rows(report)
    totals = ward_totals(wards)
    assert totals.clubs == sum(wr.ward.clubs for wr in wards)
    assert totals.submitted == sum(wr.ward.submitted for wr in wards)
    assert totals.counts.members == sum(wr.counts.members for wr in wards)
    assert totals.met <= totals.named == sum(1 for wr in wards if wr.ward.name)


def test_ratio_of_nothing_is_unknown() -> None:
    assert ratio(3, 4) == Fraction(3, 4)
    assert ratio(0, 0) is None
