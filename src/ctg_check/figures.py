"""The figures the summary reports, computed from a checked report: each ward with its clubs,
the clubs in ward order, sums of counts, shares, and the counts of the summary's first page.

Writers only lay these values out (writers/summary.py); the checks that produce the report are
in checks.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ctg_check.indicators import Counts, add_counts
from ctg_check.report import ERROR, MET, ClubResult, Report, WardResult


@dataclass(frozen=True)
class WardRow:
    """A ward of the report with the clubs that roll up into it."""

    ward: WardResult
    clubs: list[ClubResult]

    @property
    def counts(self) -> Counts:
        return add_counts(c.counts for c in self.clubs)


def ward_rows(report: Report) -> list[WardRow]:
    """Each ward with the clubs the checks put in it (WardResult.club_ids)."""
    by_id = {c.id: c for c in report.clubs}
    return [WardRow(w, [by_id[i] for i in w.club_ids if i in by_id]) for w in report.wards]


@dataclass(frozen=True)
class WardTotals:
    """The total row of the wards: how many sent a file, their clubs and effective clubs, the
    wards with a name and those of them meeting the target, and the counts of every club."""

    submitted: int
    clubs: int
    effective: int
    named: int
    met: int
    counts: Counts


def ward_totals(wards: list[WardRow]) -> WardTotals:
    named = [wr.ward for wr in wards if wr.ward.name]
    return WardTotals(
        submitted=sum(wr.ward.submitted for wr in wards),
        clubs=sum(wr.ward.clubs for wr in wards),
        effective=sum(wr.ward.effective_clubs for wr in wards),
        named=len(named),
        met=sum(w.status == MET for w in named),
        counts=add_counts(wr.counts for wr in wards),
    )


def clubs_in_order(
    report: Report, wards: list[WardRow]
) -> list[tuple[WardResult | None, ClubResult]]:
    """Clubs grouped by ward in the order of the wards; any club no ward took comes last."""
    out: list[tuple[WardResult | None, ClubResult]] = [
        (wr.ward, c) for wr in wards for c in wr.clubs
    ]
    placed = {id(c) for _, c in out}
    out += [(None, c) for c in report.clubs if id(c) not in placed]
    return out


def ratio(num: int, den: int) -> Fraction | None:
    return Fraction(num, den) if den else None


@dataclass(frozen=True)
class CountLine:
    """A line of the summary's first page: what is counted (a label key and its parameters),
    the number, and its share of the whole named by `of` (a label key) when it has one."""

    key: str
    number: int
    share: Fraction | None = None
    of: str = ""
    params: tuple[tuple[str, Any], ...] = ()


def overview(report: Report) -> list[CountLine]:
    """The counts of the summary's first page: files, wards, clubs, members, problems."""
    c = add_counts(r.counts for r in report.clubs)
    named = [w for w in report.wards if w.name]
    submitted = sum(w.submitted for w in named)
    effective = sum(r.effective is True for r in report.clubs)
    errors = sum(p.severity == ERROR for p in report.problems)
    age = (("age", report.plan.older_age),)
    members = "sum_of_members"
    return [
        CountLine("sum_files_read", sum(f.status == "read" for f in report.files)),
        CountLine("sum_files_unreadable", sum(f.status == "error" for f in report.files)),
        CountLine("sum_wards_expected", len(named)),
        CountLine("sum_wards_submitted", submitted, ratio(submitted, len(named)), "sum_of_wards"),
        CountLine("sum_clubs", len(report.clubs)),
        CountLine(
            "sum_clubs_effective", effective, ratio(effective, len(report.clubs)), "sum_of_clubs"
        ),
        CountLine("sum_members", c.members),
        CountLine("sum_women", c.women, ratio(c.women, c.members), members),
        CountLine("sum_older", c.older, ratio(c.older, c.members), members, age),
        CountLine("sum_younger", c.younger, ratio(c.younger, c.members), members, age),
        CountLine("sum_disadvantaged", c.disadvantaged, ratio(c.disadvantaged, c.members), members),
        CountLine("sum_errors", errors),
        CountLine("sum_warnings", len(report.problems) - errors),
    ]
