"""Stage 3b, club information: a club-table record to a ClubInfo (funds, regulation, activities)."""

from __future__ import annotations

from typing import Any

from ctg_check.model import ClubInfo, Fund, Place
from ctg_check.normalize import nfc
from ctg_check.reading import values as v
from ctg_check.reading.context import Context
from ctg_check.reading.members import read_flag
from ctg_check.reading.records import Record


def read_club(rec: Record, ctx: Context) -> ClubInfo | None:
    """The club of a row; None when the row names no club (the caller rejects it)."""
    cid = nfc(v.text(rec.get("club_id"))) or None
    cname = nfc(v.text(rec.get("club_name"))) or None
    if cid is None and cname is None:
        return None
    label: str = cid or cname or ""
    activities: dict[str, bool | None] = {a.id: None for a in ctx.plan.activities}
    cells: dict[str, Place] = {}  # each activity's cell, marked in the annotated copy when not done
    for key, c in rec.header.fields.items():
        if not key.startswith("activity:"):
            continue
        aid = key.split(":", 1)[1]
        cells[aid] = rec.at_column(c)
        activities[aid] = read_flag(rec, ctx, label, key, aid).value
    meetings = v.parse_int(rec.get("meetings"))
    if not meetings.ok:
        ctx.add(
            "number-invalid",
            rec.at("meetings"),
            label,
            value=v.text(rec.get("meetings")),
            column_name=rec.header.labels.get(rec.header.fields["meetings"]),
        )
    founded = v.parse_date(rec.get("founded"))
    return ClubInfo(
        id=cid,
        name=cname,
        ward=nfc(v.text(rec.get("ward"))) or None,
        province=nfc(v.text(rec.get("province"))) or None,
        founded=founded.value if founded.ok else None,
        income_fund=_fund(rec, ctx, "income_fund", label),
        activity_fund=_fund(rec, ctx, "activity_fund", label),
        regulation=regulation(rec.get("regulation"), rec.has("regulation"), ctx, rec, label),
        meetings=meetings.value if meetings.ok else None,
        activities=activities,
        place=rec.at("club_name" if rec.has("club_name") else "club_id"),
        activity_cells=cells,
    )


def regulation(value: Any, known: bool, ctx: Context, rec: Record, club: str) -> bool | None:
    """Whether the club has its regulation; None with no such column or an unclear value."""
    if not known:
        return None  # no such column: unknown, not "no"
    parsed = v.parse_flag(value)
    if not parsed.ok:
        ctx.add(
            "flag-invalid",
            rec.at("regulation"),
            club,
            value=v.text(value),
            column_name=rec.column_name("regulation"),
        )
        return None
    return bool(parsed.value)


def _fund(rec: Record, ctx: Context, key: str, club: str) -> Fund:
    if not rec.has(key):
        return Fund(None, None)  # no such column: unknown
    return fund(rec.get(key), ctx, rec.at(key), club, rec.column_name(key, ""))


def fund(value: Any, ctx: Context, place: Place, club: str, column: str) -> Fund:
    """A fund cell: an amount (present when > 0), or a yes/no; money-invalid otherwise."""
    if v.is_blank(value):
        return Fund(False, None)
    money = v.parse_money(value)
    if money.ok and money.value is not None:
        return Fund(money.value > 0, money.value)
    flag = v.parse_flag(value)
    if flag.ok:
        return Fund(bool(flag.value), None)
    ctx.add("money-invalid", place, club, value=v.text(value), column_name=column)
    return Fund(None, None)
