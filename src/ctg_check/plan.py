"""Plan profiles: every threshold the checks use, loaded from TOML and validated."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from ctg_check.errors import PlanError
from ctg_check.indicators import (
    BAND,
    COUNT,
    COUNTERS,
    INDICATORS,
    LOAN_OF,
    PCT,
    PLAN_KINDS,
    SHARE,
    Band,
    Spec,
    json_counters,
    needed_counters,
)
from ctg_check.outputs import atomic_write
from ctg_check.report_settings import ReportSettings, parse_report
from ctg_check.textfile import read_limited

BUILTIN_DIR = "profiles"
DEFAULT_PLAN = "vung-tau-2022"

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
    "indicators",
    "ward",
    "totals",
    "activities",
    "report",
}
# the first form of a profile: [club] bands, loan_coverage = {min, of = "needing"|"members"}
CLUB_BANDS = ("members", "women_share", "older_share", "younger_share")
IMPLIED = ("income_fund", "activity_fund", "regulation", "activities")  # no thresholds
# keys of an [[indicators]] entry
# keys of an [[indicators]] entry by kind; one the plan defines itself also names it
MEASURE_KEYS = {
    SHARE: {"id", "kind", "count", "of", "min", "max"},
    BAND: {"id", "kind", "count", "min", "max"},
}
NAME_KEYS = {"label_vi", "label_en", "short_vi", "short_en"}


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
    indicators: tuple[Spec, ...]  # the club indicators, in the order they are shown
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

    def indicator(self, indicator_id: str) -> Spec | None:
        return next((s for s in self.indicators if s.id == indicator_id), None)

    @cached_property
    def counters(self) -> tuple[str, ...]:
        """The counters the checks and the report need for this plan."""
        return needed_counters(self.indicators)

    @cached_property
    def shown_counters(self) -> tuple[str, ...]:
        """The counters a report shows per club (the JSON report's counts)."""
        return json_counters(self.indicators)


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


class _Parser:
    """Reads a profile's TOML data into a Plan; every failure names the key and the reason."""

    def __init__(self, data: dict[str, Any], source: str) -> None:
        self.data, self.source = data, source

    def fail(self, key: str, reason: str) -> PlanError:
        return PlanError("plan-invalid", source=self.source, key=key, reason=reason)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "missing" if value is None else "must be a non-empty string")
        return value.strip()

    def table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def number(self, key: str, value: Any, share: bool) -> Fraction:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.fail(key, "must be a number")
        raw = str(value).strip()
        try:
            result = Fraction(raw.rstrip("%").strip())
        except (ValueError, ZeroDivisionError):
            raise self.fail(key, "must be a number") from None
        if raw.endswith("%"):
            result /= 100
        if result < 0:
            raise self.fail(key, "must not be negative")
        if share and result > 1:
            raise self.fail(key, "a share must be between 0 and 1 (or 0% and 100%)")
        return result

    def band(self, key: str, value: dict[str, Any], share: bool) -> Band:
        if "min" not in value and "max" not in value:
            raise self.fail(key, "missing threshold: give min, max or both")
        lo = self.number(f"{key}.min", value["min"], share) if "min" in value else None
        hi = self.number(f"{key}.max", value["max"], share) if "max" in value else None
        if lo is not None and hi is not None and lo > hi:
            raise self.fail(key, f"min ({value['min']}) is greater than max ({value['max']})")
        return Band(lo, hi)

    def unknown_keys(self, key: str, value: dict[str, Any], allowed: set[str]) -> None:
        bad = sorted(set(value) - allowed)
        if bad:
            raise self.fail(f"{key}.{bad[0]}" if key else bad[0], "unknown key")

    def club_table(self) -> list[Spec]:
        """The first form: a [club] table of bands; funds, regulation and activities implied."""
        club = self.data.get("club")
        if club is None:
            return []
        if not isinstance(club, dict):
            raise self.fail("club", "must be a table")
        self.unknown_keys("club", club, {*CLUB_BANDS, "loan_coverage"})
        specs = []
        for key in (*CLUB_BANDS, "loan_coverage"):
            value = club.get(key)
            if not isinstance(value, dict):
                raise self.fail(
                    f"club.{key}", "missing" if value is None else "must be a table {min, max}"
                )
            extra = {"of"} if key == "loan_coverage" else set()
            self.unknown_keys(f"club.{key}", value, {"min", "max", *extra})
            spec = replace(INDICATORS[key], band=self.band(f"club.{key}", value, key != "members"))
            if key == "loan_coverage":
                of = value.get("of", "needing")
                if of not in LOAN_OF:
                    raise self.fail("club.loan_coverage.of", 'must be "needing" or "members"')
                spec = replace(spec, count=LOAN_OF[of][0], of=LOAN_OF[of][1])
            specs.append(spec)
        return specs + [INDICATORS[k] for k in IMPLIED]

    def counter(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(key, "missing: name a counter")
        if value not in COUNTERS:
            known = ", ".join(COUNTERS)
            raise PlanError(
                "plan-unknown-counter", source=self.source, key=key, name=value, known=known
            )
        return value

    def entry(self, i: int, entry: Any) -> Spec:
        """One [[indicators]] entry: a registry id with its thresholds, or a new share or band
        over existing counters with its names."""
        key = f"indicators[{i}]"
        if not isinstance(entry, dict):
            raise self.fail(key, "must be a table")
        iid = entry.get("id")
        if not isinstance(iid, str) or not iid.strip():
            raise self.fail(f"{key}.id", "missing")
        base = INDICATORS.get(iid) or self.new_indicator(key, iid, entry)
        if entry.get("kind", base.kind) != base.kind:
            raise self.fail(f"{key}.kind", f"{iid} is a {base.kind} indicator")
        names = set() if base.builtin else NAME_KEYS  # a built-in's names are the catalogue's
        self.unknown_keys(key, entry, MEASURE_KEYS.get(base.kind, {"id", "kind"}) | names)
        if base.kind not in MEASURE_KEYS:
            return base
        count = self.counter(f"{key}.count", entry.get("count", base.count))
        of = self.counter(f"{key}.of", entry.get("of", base.of)) if base.kind == SHARE else None
        band = self.band(key, entry, base.unit == PCT)
        return replace(base, count=count, of=of, band=band)

    def new_indicator(self, key: str, iid: str, entry: dict[str, Any]) -> Spec:
        kind = entry.get("kind")
        if kind is None:
            known = ", ".join(INDICATORS)
            raise PlanError(
                "plan-unknown-indicator", source=self.source, key=f"{key}.id", name=iid, known=known
            )
        if kind not in PLAN_KINDS:
            raise self.fail(f"{key}.kind", f"must be one of {', '.join(PLAN_KINDS)}")

        def name(part: str, lang: str) -> str:
            """label_vi / label_en; short_vi / short_en (column headings) default to them."""
            own = f"{part}_{lang}"
            value = entry.get(own, entry.get(f"label_{lang}"))
            if not isinstance(value, str) or not value.strip():
                where = own if own in entry else f"label_{lang}"
                raise self.fail(f"{key}.{where}", "missing: name it in Vietnamese and English")
            return value.strip()

        full, short = ((name(p, "vi"), name(p, "en")) for p in ("label", "short"))
        unit = PCT if kind == SHARE else COUNT
        return Spec(iid, kind, unit, names=(full, short, short), builtin=False)

    def indicators(self) -> tuple[Spec, ...]:
        specs = self.club_table()
        entries = self.data.get("indicators", [])
        if not isinstance(entries, list):
            raise self.fail("indicators", "must be a list of [[indicators]] tables")
        specs += [self.entry(i, e) for i, e in enumerate(entries)]
        if not specs:
            raise self.fail("indicators", "missing: list the club indicators as [[indicators]]")
        seen: set[str] = set()
        for spec in specs:
            if spec.id in seen:
                raise self.fail("indicators", f"duplicate id {spec.id!r}")
            seen.add(spec.id)
        return tuple(specs)

    def ward(self) -> int | None:
        ward = self.table("ward")
        self.unknown_keys("ward", ward, {"min_effective_clubs"})
        value = ward.get("min_effective_clubs")
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise self.fail("ward.min_effective_clubs", "must be a whole number ≥ 0")
        return value

    def totals(self, min_clubs: int | None) -> dict[str, Band]:
        table = self.table("totals")
        self.unknown_keys("totals", table, set(TOTAL_KEYS))
        totals = {}
        for key in (k for k in TOTAL_KEYS if k in table):
            value = table[key]
            if not isinstance(value, dict):
                raise self.fail(f"totals.{key}", "must be a table {min, max}")
            self.unknown_keys(f"totals.{key}", value, {"min", "max"})
            totals[key] = self.band(f"totals.{key}", value, share=True)
        if "wards_meeting_target" in totals and min_clubs is None:
            raise self.fail("totals.wards_meeting_target", "needs ward.min_effective_clubs")
        return totals

    def activities(self) -> tuple[Activity, ...]:
        acts = self.data.get("activities")
        if not isinstance(acts, list) or not acts:
            raise self.fail("activities", "missing: list at least one [[activities]] entry")
        out: list[Activity] = []
        for i, act in enumerate(acts):
            key = f"activities[{i}]"
            if not isinstance(act, dict):
                raise self.fail(key, "must be a table")
            self.unknown_keys(key, act, {"id", "label", "synonyms"})
            aid, label, syn = act.get("id"), act.get("label"), act.get("synonyms", [])
            if not isinstance(aid, str) or not aid.strip():
                raise self.fail(f"{key}.id", "missing")
            if any(a.id == aid.strip() for a in out):
                raise self.fail(f"{key}.id", f"duplicate id {aid!r}")
            if not isinstance(label, str) or not label.strip():
                raise self.fail(f"{key}.label", "missing")
            if not isinstance(syn, list) or not all(isinstance(s, str) for s in syn):
                raise self.fail(f"{key}.synonyms", "must be a list of strings")
            out.append(Activity(aid.strip(), label.strip(), tuple(syn)))
        return tuple(out)

    def older_age(self) -> int:
        value = self.data.get("older_age")
        if isinstance(value, bool) or not isinstance(value, int) or not 40 <= value <= 100:
            raise self.fail(
                "older_age", "missing" if value is None else "must be a whole number of years"
            )
        return value

    def report_due(self) -> str:
        due = self.text("report_due")
        try:
            month, day = (int(x) for x in due.split("-"))
            if not (1 <= month <= 12 and 1 <= day <= 31):
                raise ValueError
        except ValueError:
            raise self.fail("report_due", 'must be "MM-DD", e.g. "12-10"') from None
        return due

    def plan(self) -> Plan:
        self.unknown_keys("", self.data, TOP_KEYS)
        indicators = self.indicators()
        min_clubs = self.ward()
        totals = self.totals(min_clubs)
        activities = self.activities()
        older_age, due = self.older_age(), self.report_due()
        units = self.data.get("units")
        if units is not None and not isinstance(units, str):
            raise self.fail("units", "must be a string")
        legacy = {k: self.data.get(k) for k in ("issuer", "recipient")}
        return Plan(
            id=self.text("id"),
            title=self.text("title"),
            report_due=due,
            older_age=older_age,
            units=units,
            indicators=indicators,
            min_effective_clubs=min_clubs,
            totals=totals,
            activities=activities,
            source=self.source,
            report=parse_report(self.data.get("report"), self.source, legacy),
        )


def parse_plan(data: dict[str, Any], source: str = "<plan>") -> Plan:
    return _Parser(data, source).plan()


def export_plan(name: str, out: Path) -> None:
    """Write a profile's TOML text out so the user can edit it."""
    text, _ = plan_text(name)
    load_plan(name)
    atomic_write(out, text.encode("utf-8"))
