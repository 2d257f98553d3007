"""Plan profiles: every threshold the checks use, loaded from TOML and validated."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from ctg_check.errors import PlanError
from ctg_check.outputs import atomic_write
from ctg_check.report_settings import ReportSettings, parse_report
from ctg_check.textfile import read_limited

BUILTIN_DIR = "profiles"
DEFAULT_PLAN = "vung-tau-2022"

CLUB_BANDS = ("members", "women_share", "older_share", "younger_share")
SHARE_KEYS = ("women_share", "older_share", "younger_share")
TOTAL_KEYS = ("wards_meeting_target", "fully_active_share", "funded_share")
TOP_KEYS = {
    "id",
    "title",
    "issuer",
    "recipient",
    "report_due",
    "older_age",
    "units",
    "club",
    "ward",
    "totals",
    "activities",
    "report",
}


@dataclass(frozen=True)
class Band:
    """An inclusive range; either end may be open (None)."""

    min: Fraction | None = None
    max: Fraction | None = None

    def contains(self, value: Fraction) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class Activity:
    id: str
    label: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    report_due: str
    older_age: int
    units: str | None
    members: Band
    women_share: Band
    older_share: Band
    younger_share: Band
    loan_coverage: Band
    loan_coverage_of: str  # "needing" or "members"
    min_effective_clubs: int | None
    totals: dict[str, Band]
    activities: tuple[Activity, ...]
    source: str
    report: ReportSettings = field(default_factory=ReportSettings)

    @property
    def issuer(self) -> str:
        return self.report.issuer

    @property
    def recipient(self) -> str:
        return self.report.recipient

    def band(self, indicator: str) -> Band:
        if indicator in self.totals:
            return self.totals[indicator]
        value = getattr(self, indicator, None)
        return value if isinstance(value, Band) else Band()


def builtin_plans() -> list[str]:
    """Ids of the profiles shipped inside the package."""
    folder = resources.files("ctg_check").joinpath(BUILTIN_DIR)
    return sorted(p.name[: -len(".toml")] for p in folder.iterdir() if p.name.endswith(".toml"))


def plan_text(name: str) -> tuple[str, str]:
    """The TOML text of a built-in profile or a file, and where it came from."""
    if name in builtin_plans():
        ref = resources.files("ctg_check").joinpath(BUILTIN_DIR, f"{name}.toml")
        return ref.read_text(encoding="utf-8"), name
    path = Path(name)
    if path.suffix.lower() == ".toml" or path.exists():
        try:
            return read_limited(path).decode("utf-8"), str(path)
        except FileNotFoundError:
            raise PlanError("plan-not-found", name=name, known=", ".join(builtin_plans())) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise PlanError("plan-invalid", source=name, key="-", reason=str(exc)) from None
    raise PlanError("plan-not-found", name=name, known=", ".join(builtin_plans()))


def load_plan(name: str | None = None) -> Plan:
    """Load a built-in profile by id, or a TOML file by path; raise PlanError naming the bad key."""
    text, source = plan_text(name or DEFAULT_PLAN)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError("plan-invalid", source=source, key="-", reason=str(exc)) from None
    return parse_plan(data, source)


def parse_plan(data: dict[str, Any], source: str = "<plan>") -> Plan:
    def fail(key: str, reason: str) -> PlanError:
        return PlanError("plan-invalid", source=source, key=key, reason=reason)

    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise fail(unknown[0], "unknown key")

    def text(key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise fail(key, "missing" if value is None else "must be a non-empty string")
        return value.strip()

    def number(key: str, value: Any, share: bool) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise fail(key, "must be a number")
        raw = str(value).strip()
        percent = raw.endswith("%")
        try:
            result = Fraction(raw.rstrip("%").strip())
        except (ValueError, ZeroDivisionError):
            raise fail(key, "must be a number") from None
        if percent:
            result /= 100
        if result < 0:
            raise fail(key, "must not be negative")
        if share and result > 1:
            raise fail(key, "a share must be between 0 and 1 (or 0% and 100%)")
        return result

    def band(table: dict[str, Any], key: str, share: bool, extra: tuple[str, ...] = ()) -> Band:
        full = key
        value = table.get(key.rsplit(".", 1)[-1])
        if not isinstance(value, dict):
            raise fail(full, "missing" if value is None else "must be a table {min, max}")
        bad = sorted(set(value) - {"min", "max", *extra})
        if bad:
            raise fail(f"{full}.{bad[0]}", "unknown key")
        if "min" not in value and "max" not in value:
            raise fail(full, "missing threshold: give min, max or both")
        lo = number(f"{full}.min", value["min"], share) if "min" in value else None
        hi = number(f"{full}.max", value["max"], share) if "max" in value else None
        if lo is not None and hi is not None and lo > hi:
            raise fail(full, f"min ({value['min']}) is greater than max ({value['max']})")
        return Band(lo, hi)

    club = data.get("club")
    if not isinstance(club, dict):
        raise fail("club", "missing")
    bad_club = sorted(set(club) - {*CLUB_BANDS, "loan_coverage"})
    if bad_club:
        raise fail(f"club.{bad_club[0]}", "unknown key")
    bands = {k: band(club, f"club.{k}", share=k != "members") for k in CLUB_BANDS}
    loan = band(club, "club.loan_coverage", share=True, extra=("of",))
    loan_of = club["loan_coverage"].get("of", "needing")
    if loan_of not in ("needing", "members"):
        raise fail("club.loan_coverage.of", 'must be "needing" or "members"')

    ward = data.get("ward", {})
    if not isinstance(ward, dict):
        raise fail("ward", "must be a table")
    if sorted(set(ward) - {"min_effective_clubs"}):
        raise fail(f"ward.{sorted(set(ward) - {'min_effective_clubs'})[0]}", "unknown key")
    min_clubs = ward.get("min_effective_clubs")
    if min_clubs is not None and (
        isinstance(min_clubs, bool) or not isinstance(min_clubs, int) or min_clubs < 0
    ):
        raise fail("ward.min_effective_clubs", "must be a whole number ≥ 0")

    totals_data = data.get("totals", {})
    if not isinstance(totals_data, dict):
        raise fail("totals", "must be a table")
    bad_totals = sorted(set(totals_data) - set(TOTAL_KEYS))
    if bad_totals:
        raise fail(f"totals.{bad_totals[0]}", "unknown key")
    totals = {
        k: band(totals_data, f"totals.{k}", share=True) for k in TOTAL_KEYS if k in totals_data
    }
    if "wards_meeting_target" in totals and min_clubs is None:
        raise fail("totals.wards_meeting_target", "needs ward.min_effective_clubs")

    acts = data.get("activities")
    if not isinstance(acts, list) or not acts:
        raise fail("activities", "missing: list at least one [[activities]] entry")
    activities = []
    seen: set[str] = set()
    for i, act in enumerate(acts):
        key = f"activities[{i}]"
        if not isinstance(act, dict):
            raise fail(key, "must be a table")
        bad = sorted(set(act) - {"id", "label", "synonyms"})
        if bad:
            raise fail(f"{key}.{bad[0]}", "unknown key")
        aid, label, syn = act.get("id"), act.get("label"), act.get("synonyms", [])
        if not isinstance(aid, str) or not aid.strip():
            raise fail(f"{key}.id", "missing")
        if aid in seen:
            raise fail(f"{key}.id", f"duplicate id {aid!r}")
        seen.add(aid)
        if not isinstance(label, str) or not label.strip():
            raise fail(f"{key}.label", "missing")
        if not isinstance(syn, list) or not all(isinstance(s, str) for s in syn):
            raise fail(f"{key}.synonyms", "must be a list of strings")
        activities.append(Activity(aid.strip(), label.strip(), tuple(syn)))

    older_age = data.get("older_age")
    if isinstance(older_age, bool) or not isinstance(older_age, int) or not 40 <= older_age <= 100:
        raise fail(
            "older_age", "missing" if older_age is None else "must be a whole number of years"
        )
    due = text("report_due")
    try:
        month, day = (int(x) for x in due.split("-"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            raise ValueError
    except ValueError:
        raise fail("report_due", 'must be "MM-DD", e.g. "12-10"') from None
    units = data.get("units")
    if units is not None and not isinstance(units, str):
        raise fail("units", "must be a string")

    return Plan(
        id=text("id"),
        title=text("title"),
        report_due=due,
        older_age=older_age,
        units=units,
        members=bands["members"],
        women_share=bands["women_share"],
        older_share=bands["older_share"],
        younger_share=bands["younger_share"],
        loan_coverage=loan,
        loan_coverage_of=loan_of,
        min_effective_clubs=min_clubs,
        totals=totals,
        activities=tuple(activities),
        source=source,
        report=parse_report(
            data.get("report"), source, {k: data.get(k) for k in ("issuer", "recipient")}
        ),
    )


def export_plan(name: str, out: Path) -> None:
    """Write a profile's TOML text out so the user can edit it."""
    text, _ = plan_text(name)
    load_plan(name)
    atomic_write(out, text.encode("utf-8"))
