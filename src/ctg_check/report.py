"""Results: problems, indicators, per-club and per-ward results, the report and its JSON."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from ctg_check import __version__
from ctg_check.i18n import message
from ctg_check.indicators import COUNT, Counts
from ctg_check.model import Club, Place, Submission
from ctg_check.normalize import fold, safe_text
from ctg_check.plan import Plan
from ctg_check.problems import ERROR, WARNING, Problem
from ctg_check.units import Units

SCHEMA = "ctg-check/report/2"  # 2: problems[].column is the column letter (docs/json.md)
MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


Number = Fraction | int


@dataclass(frozen=True)
class Indicator:
    id: str
    value: Number | None
    min: Number | None
    max: Number | None
    status: str
    note: str | None = None  # why a value is null, e.g. "no_loan_need"
    unit: str = COUNT  # how the value and target are written: count, pct, money, yesno, done
    name: tuple[str, str] | None = field(default=None, compare=False)  # (vi, en); else a label

    def to_json(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "value": _num(self.value),
            "min": _num(self.min),
            "max": _num(self.max),
            "status": self.status,
        }
        if self.note:
            out["note"] = self.note
        return out


def _num(value: Number | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


@dataclass
class ClubResult:
    club: Club
    id: str
    counts: Counts
    indicators: list[Indicator]
    activities: dict[str, bool | None]
    fully_active: bool | None
    funded: bool | None
    effective: bool | None
    compliant: bool | None

    def indicator(self, indicator_id: str) -> Indicator:
        for found in self.indicators:  # a loop, not next(generator): asked per column and club
            if found.id == indicator_id:
                return found
        raise StopIteration(indicator_id)

    def to_json(self) -> dict[str, Any]:
        info = self.club.info
        return {
            "id": self.id,
            "name": self.club.name,
            "ward": self.club.ward,
            "file": self.club.file,
            "sheet": self.club.sheet,
            "counts": self.counts.to_json(),
            "funds": {
                "income": {
                    "present": info.income_fund.present if info else None,
                    "amount": info.income_fund.amount if info else None,
                },
                "activity": {
                    "present": info.activity_fund.present if info else None,
                    "amount": info.activity_fund.amount if info else None,
                },
                "regulation": info.regulation if info else None,
            },
            "activities": dict(self.activities),
            "indicators": [i.to_json() for i in self.indicators],
            "fully_active": self.fully_active,
            "funded": self.funded,
            "effective": self.effective,
            "compliant": self.compliant,
        }


@dataclass
class WardResult:
    name: str
    code: str | None
    submitted: bool
    clubs: int
    effective_clubs: int
    status: str | None  # met / not_met / unknown; None when the plan sets no per-ward minimum
    names_seen: list[str] = field(default_factory=list)  # names used in files (old names)
    members: int = 0
    club_ids: list[str] = field(default_factory=list)  # ClubResult.id of its clubs

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.code,
            "submitted": self.submitted,
            "clubs": self.clubs,
            "effective_clubs": self.effective_clubs,
            "status": self.status,
            "names_seen": self.names_seen,
        }


@dataclass
class Report:
    plan: Plan
    as_of: date
    files: list[Submission]
    clubs: list[ClubResult]
    wards: list[WardResult]
    indicators: list[Indicator]  # totals
    problems: list[Problem]
    units: str | None = None
    unit_list: Units | None = None

    @property
    def kept(self) -> list[Submission]:
        return [f for f in self.files if f.status == "read" and f.set_aside is None]

    @property
    def members(self) -> int:
        return sum(c.counts.members for c in self.clubs)

    def all_indicators(self) -> list[Indicator]:
        ward_ind = [
            Indicator("effective_clubs", w.effective_clubs, None, None, w.status)
            for w in self.wards
            if w.status is not None
        ]
        return [i for c in self.clubs for i in c.indicators] + ward_ind + self.indicators

    def counts(self) -> dict[str, int]:
        return {
            "errors": sum(p.severity == ERROR for p in self.problems),
            "warnings": sum(p.severity == WARNING for p in self.problems),
            "not_met": sum(i.status != MET for i in self.all_indicators()),
            "unreadable": sum(f.status == "error" for f in self.files),
        }

    def exit_code(self) -> int:
        """0: all read, no data error, every indicator met; 1: errors or not met; 2: unreadable."""
        n = self.counts()
        if n["unreadable"]:
            return 2
        return 1 if n["errors"] or n["not_met"] else 0

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return _clean(self._json(lang))

    def _json(self, lang: str) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "tool_version": __version__,
            "plan": {"id": self.plan.id, "title": self.plan.title},
            "as_of": self.as_of.isoformat(),
            "lang": lang,
            "units": self.units,
            "files": [file_json(f, lang) for f in self.files],
            "clubs": [c.to_json() for c in self.clubs],
            "wards": [w.to_json() for w in self.wards],
            "totals": {
                "files": len(self.files),
                "clubs": len(self.clubs),
                "members": self.members,
                "indicators": [i.to_json() for i in self.indicators],
            },
            "problems": [
                *unreadable_json(self.files, lang),
                *(
                    {**p.to_json(lang), "club_id": res.id if res else None}
                    for p, res in zip(self.problems, problem_clubs(self), strict=True)
                ),
            ],
        }


def _clean(value: Any) -> Any:
    """Every text of the JSON writable as UTF-8 (file names that are not UTF-8)."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def file_json(sub: Submission, lang: str) -> dict[str, Any]:
    error = None
    if sub.error is not None:
        code, params = sub.error
        error = {"code": code, "message": message(code, lang, **params)}
    aside = None
    if sub.set_aside is not None:
        code, params = sub.set_aside
        aside = {"code": code, "message": message(code, lang, **params)}
    return {
        "path": sub.path,
        "sha256": sub.sha256 or None,
        "set_aside": aside,
        "format": sub.format,
        "encoding": sub.encoding,
        "status": sub.status,
        "error": error,
        "rows": {
            "read": sub.rows.read,
            "members": sub.rows.members,
            "rejected": sub.rows.rejected,
            "other": sub.rows.other,
        },
        "other_rows": dict(sorted(sub.other_kinds.items())),  # the other rows by kind
    }


# --- lang ---


def unreadable_json(files: list[Submission], lang: str) -> list[dict[str, Any]]:
    """A file that could not be read, as an entry of the JSON `problems` (an error of the file)."""
    out = []
    for sub in files:
        if sub.status == "read":
            continue
        code, params = sub.error or ("file-unreadable", {})
        # any file error code (not only the catalogued ones): always an error of the file
        place = Problem(ERROR, code, Place(sub.path), None, dict(params))
        out.append({**place.to_json(lang), "club_id": None})
    return out


def problem_clubs(report: Report) -> list[ClubResult | None]:
    """The club each problem of the report belongs to (None: the file's or the batch's own).

    A problem on a member's row belongs to that member's club; otherwise to the club its
    reader named (id or name) in the same file, else to the only club of its sheet."""
    by_row: dict[tuple[str, str | None, int], ClubResult] = {}
    by_name: dict[tuple[str, str], ClubResult] = {}
    sheets: dict[tuple[str, str | None], list[ClubResult]] = defaultdict(list)
    for res in report.clubs:
        club = res.club
        places = [m.place for m in club.members]
        if club.info is not None:
            places.append(club.info.place)
        for place in places:
            if place.row is not None:
                by_row.setdefault((club.file, place.sheet, place.row), res)
        for name in (club.id, club.name, res.id):
            if name:
                by_name.setdefault((club.file, fold(name)), res)
        sheets[(club.file, club.sheet)].append(res)
    out: list[ClubResult | None] = []
    for p in report.problems:
        found = None
        if p.place.row is not None:
            found = by_row.get((p.place.file, p.place.sheet, p.place.row))
        if found is None and p.club:
            found = by_name.get((p.place.file, fold(p.club)))
        alone = sheets.get((p.place.file, p.place.sheet), [])
        if found is None and p.place.sheet is not None and len(alone) == 1:
            found = alone[0]  # the only club of its sheet (a rejected row of that list)
        out.append(found)
    return out
