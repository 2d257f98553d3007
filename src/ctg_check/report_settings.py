"""The settings of the report a department accepts (DESIGN.md section 7b).

Who issues the report and to whom, its number, place, reporting year and signer, the legal basis
and the copies: a `[report]` table in a plan file, overridden by `summary` options. A profile
records until when its bodies (issuer, recipient) exist; a report dated after that says so until
they are set.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ctg_check.errors import CtgError, PlanError

SEPARATOR = "|"  # between the lines of an issuer, and the three parts of a signer
BODIES = ("issuer", "recipient")
KEYS = {
    "issuer",
    "recipient",
    "number",
    "place",
    "year",
    "signer",
    "basis",
    "copies",
    "bodies_until",
}
YEARS = range(2000, 2101)


@dataclass(frozen=True)
class Signer:
    """The signature block: the signer's authority (TM. ỦY BAN NHÂN DÂN), title (CHỦ TỊCH), name."""

    authority: str = ""
    title: str = ""
    name: str = ""


@dataclass(frozen=True)
class ReportSettings:
    issuer: str = ""  # lines separated by "|": a superior body first, the issuing body last
    recipient: str = ""
    number: str = ""  # what follows "Số:", e.g. "15/BC-UBND"
    place: str = ""
    year: int | None = None  # None: from the reference date (reporting_year)
    signer: Signer = field(default_factory=Signer)
    basis: tuple[str, ...] = ()  # legal basis; empty: the plan's title
    copies: tuple[str, ...] = ()  # Nơi nhận
    bodies_until: date | None = None  # the last day the profile's issuer and recipient exist
    dated: tuple[str, ...] = BODIES  # the bodies bodies_until applies to (not set since)

    def overridden(self, **given: Any) -> ReportSettings:
        """These settings with the given ones (None: not given) in place; a body given is no
        longer the profile's, so its date no longer applies."""
        values = {k: v for k, v in given.items() if v is not None}
        if isinstance(values.get("signer"), str):
            values["signer"] = parse_signer(values["signer"])
        dated = tuple(b for b in self.dated if b not in values)
        return replace(self, **values, dated=dated)

    def outdated(self, on: date) -> tuple[str, ...]:
        """The bodies that no longer existed on `on` and were not set since."""
        if self.bodies_until is None or on <= self.bodies_until:
            return ()
        return self.dated

    def number_text(self) -> str:
        """The document number; a number left blank ("/BC-UBND") keeps room to write it in."""
        return f"{' ' * 8}{self.number}" if self.number.startswith("/") else self.number

    def issuer_lines(self) -> list[str]:
        return [p.strip() for p in self.issuer.split(SEPARATOR) if p.strip()]


def parse_signer(text: str) -> Signer:
    """'authority|title|name', e.g. 'TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH|Nguyễn Văn An'."""
    parts = [p.strip() for p in text.split(SEPARATOR)]
    if len(parts) != 3:
        raise CtgError("signer-invalid", value=text)
    return Signer(*parts)


def reporting_year(settings: ReportSettings, as_of: date, due: str) -> int:
    """The year the report is for: the setting, else the year whose due date (MM-DD) is nearest
    the reference date (run on 5/1/2026 with a due date of 12-10, the report is for 2025)."""
    if settings.year is not None:
        return settings.year
    month, day = (int(x) for x in due.split("-"))

    def distance(year: int) -> int:
        return abs((as_of - _safe_date(year, month, day)).days)

    return min((as_of.year - 1, as_of.year, as_of.year + 1), key=distance)


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:  # 02-30 and the like: the month's last day
        return date(year, month, 28)


def parse_report(table: Any, source: str, legacy: dict[str, Any]) -> ReportSettings:
    """The `[report]` table of a plan file; `legacy` holds top-level issuer/recipient of older
    plan files, used when the table does not set them."""

    def fail(key: str, reason: str) -> PlanError:
        return PlanError("plan-invalid", source=source, key=f"report.{key}", reason=reason)

    if table is None:
        table = {}
    if not isinstance(table, dict):
        raise PlanError("plan-invalid", source=source, key="report", reason="must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise fail(unknown[0], "unknown key")
    merged = {**{k: v for k, v in legacy.items() if v is not None}, **table}

    def text(key: str) -> str:
        value = merged.get(key, "")
        if not isinstance(value, str):
            raise fail(key, "must be a string")
        return value.strip()

    def texts(key: str) -> tuple[str, ...]:
        value = merged.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "must be a list of strings")
        return tuple(v.strip() for v in value if v.strip())

    year = merged.get("year")
    if year is not None and (type(year) is not int or year not in YEARS):
        raise fail("year", "must be a year from 2000 to 2100")
    until = merged.get("bodies_until")
    if until is not None and not isinstance(until, date):
        raise fail("bodies_until", "must be a date, e.g. 2025-02-28")
    try:
        signer = parse_signer(merged["signer"]) if "signer" in merged else Signer()
    except (CtgError, AttributeError):
        raise fail("signer", 'must be "authority|title|name"') from None
    return ReportSettings(
        issuer=text("issuer"),
        recipient=text("recipient"),
        number=text("number"),
        place=text("place"),
        year=year,
        signer=signer,
        basis=texts("basis"),
        copies=texts("copies"),
        bodies_until=until,
    )
