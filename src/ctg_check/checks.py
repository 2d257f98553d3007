"""The plan's indicators and the data checks across clubs, as plain functions over read data.

Shares are compared exactly with fractions: 30 of 50 is 3/5 and meets a 60 % floor.
A value that depends on unknown data is `unknown` unless every possible value gives the same status.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from ctg_check import indicators
from ctg_check.indicators import (
    BAND,
    COUNTERS,
    FLAGS,
    FULLY_ACTIVE,
    FUNDED,
    PCT,
    PRESENCE,
    SHARE,
    Band,
    Context,
    Counts,
    Spec,
)
from ctg_check.model import Club, Fund, Member, Place
from ctg_check.normalize import fold
from ctg_check.plan import Plan
from ctg_check.problems import Problem, problem
from ctg_check.report import MET, NOT_MET, UNKNOWN, ClubResult, Indicator, WardResult
from ctg_check.units import Units, counterpart, display_ward, ward_key


def count(members: Sequence[Member], plan: Plan, as_of: date) -> Counts:
    """The plan's counters over the members."""
    return indicators.count(members, plan.counters, Context(as_of, plan.older_age))


def band_status(low: Fraction, high: Fraction, band: Band) -> str:
    """Status of a value known to lie in [low, high]: met or not_met when the whole range agrees."""
    if band.contains(low) and band.contains(high):
        return MET
    if (band.min is not None and high < band.min) or (band.max is not None and low > band.max):
        return NOT_MET
    if low == high:
        return NOT_MET
    return UNKNOWN


def share(indicator: str, known: int, unknown: int, total: int, band: Band) -> Indicator:
    if total == 0:
        return Indicator(indicator, None, band.min, band.max, UNKNOWN, unit=PCT)
    low = Fraction(known, total)
    status = band_status(low, Fraction(known + unknown, total), band)
    return Indicator(indicator, low, band.min, band.max, status, unit=PCT)


def all_of(statuses: Iterable[str]) -> bool | None:
    """Kleene AND: False if any is not met, True if all are met, else None (unknown)."""
    values = list(statuses)
    if NOT_MET in values:
        return False
    return True if all(s == MET for s in values) else None


def club_indicators(club: Club, c: Counts, plan: Plan) -> list[Indicator]:
    """Every club indicator of the plan, in its order; those a plan file defines carry its names."""
    out = [measure(spec, club, c, plan) for spec in plan.indicators]
    return [
        replace(ind, name=spec.names[0]) if not spec.builtin and spec.names else ind
        for ind, spec in zip(out, plan.indicators, strict=True)
    ]


def measure(spec: Spec, club: Club, c: Counts, plan: Plan) -> Indicator:
    if spec.kind == SHARE:
        return share_indicator(spec, c)
    if spec.kind == BAND:
        return band_indicator(spec, c)
    if spec.kind == PRESENCE:
        return presence_indicator(spec, club)
    return activities_indicator(spec, club, plan)


def share_indicator(spec: Spec, c: Counts) -> Indicator:
    """count / of. Unknown when the denominator is not known; when it is zero, unknown unless
    its counter says otherwise (no member needs a loan: coverage met, with a note)."""
    assert spec.count is not None and spec.of is not None
    band, num, den = spec.band, c.known[spec.count], c.known[spec.of]
    if c.unknown[spec.of]:
        value = Fraction(num, den) if den else None
        return Indicator(spec.id, value, band.min, band.max, UNKNOWN, unit=PCT)
    empty = COUNTERS[spec.of]
    if den == 0 and empty.if_none is not None:
        return Indicator(spec.id, None, band.min, band.max, empty.if_none, empty.note, PCT)
    return share(spec.id, num, c.unknown[spec.count], den, band)


def band_indicator(spec: Spec, c: Counts) -> Indicator:
    """A count within a band (the number of members)."""
    assert spec.count is not None
    known, unknown = c.known[spec.count], c.unknown[spec.count]
    status = band_status(Fraction(known), Fraction(known + unknown), spec.band)
    return Indicator(spec.id, known, _int(spec.band.min), _int(spec.band.max), status)


def presence_indicator(spec: Spec, club: Club) -> Indicator:
    """A fund (present, with its amount) or the regulation, from the club information row."""
    found = getattr(club.info, spec.field or spec.id) if club.info else None
    present, value = (found.present, found.amount) if isinstance(found, Fund) else (found, found)
    status = UNKNOWN if present is None else MET if present else NOT_MET
    return Indicator(spec.id, value, None, None, status, unit=spec.unit)


def activities_indicator(spec: Spec, club: Club, plan: Plan) -> Indicator:
    acts = activities(club, plan)
    done = sum(1 for x in acts.values() if x)
    status = MET if all(acts.values()) else NOT_MET if False in acts.values() else UNKNOWN
    value = None if status == UNKNOWN else done  # unknown is null, never a count of 0
    return Indicator(spec.id, value, len(acts), None, status, unit=spec.unit)


def activities(club: Club, plan: Plan) -> dict[str, bool | None]:
    known = club.info.activities if club.info else {}
    return {a.id: known.get(a.id) for a in plan.activities}


def _int(value: Fraction | None) -> int | None:
    return None if value is None else int(value)


def club_result(club: Club, plan: Plan, as_of: date, club_id: str) -> ClubResult:
    c = count(club.members, plan, as_of)
    indicators = club_indicators(club, c, plan)
    st = {i.id: i.status for i in indicators}
    flags = {flag: all_of(st[s.id] for s in plan.indicators if flag in s.flags) for flag in FLAGS}
    fully_active, funded = flags[FULLY_ACTIVE], flags[FUNDED]
    effective = _and(fully_active, funded)
    return ClubResult(
        club=club,
        id=club_id,
        counts=c,
        indicators=indicators,
        activities=activities(club, plan),
        fully_active=fully_active,
        funded=funded,
        effective=effective,
        compliant=all_of(st.values()),
    )


def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return True if a and b else None


def member_checks(clubs: list[Club]) -> list[Problem]:
    """duplicate-member within a club; member-in-several-clubs across the clubs and files of one
    ward (across wards, the same name and birth year is far more often two different people)."""
    problems: list[Problem] = []
    # (ward, name, birth year) -> the (club, member) met first, or a list once met again
    where: dict[tuple[str, str, int], Any] = {}
    for club in clubs:
        seen: dict[tuple[str, int | None], Member] = {}
        label, ward = club.id or club.name, ward_key(club.ward or "") or club.file
        for m in club.members:
            name, year = fold(m.name), m.birth_year
            first = seen.get((name, year))
            if first is not None:
                problems.append(problem("duplicate-member", m.place, label, other=first.place.row))
                continue
            seen[name, year] = m
            if year is None:
                continue  # a name alone is no sign of the same person in another club
            found = where.get((ward, name, year))
            if found is None:
                where[ward, name, year] = (club, m)
            elif found.__class__ is list:
                found.append((club, m))
            else:
                where[ward, name, year] = [found, (club, m)]
    for found in where.values():
        if found.__class__ is list:
            problems += _in_several_clubs(found)
    return problems


def _in_several_clubs(found: list[tuple[Club, Member]]) -> list[Problem]:
    names = ", ".join(sorted({f"{c.name or c.id} ({Path(c.file).name})" for c, _ in found}))
    return [
        problem("member-in-several-clubs", m.place, club.id or club.name, clubs=names)
        for club, m in found
    ]


def ward_results(
    results: list[ClubResult], plan: Plan, units: Units | None
) -> tuple[list[WardResult], list[Problem]]:
    """One entry per expected ward (units list) or per ward seen; unit-unknown for strays."""
    problems: list[Problem] = []
    wards: dict[str, WardResult] = {}
    maybe: dict[str, int] = {}  # clubs whose effectiveness is unknown, per ward
    strays: dict[str, Place] = {}  # wards not in the units list, reported once each
    if units is not None:
        for unit in units.units:
            wards[unit.code or unit.name] = WardResult(
                unit.name, unit.code or None, False, 0, 0, None
            )
    for res in results:
        ward = res.club.ward
        if ward is None:
            key, name, code = "", None, None
        elif units is not None and (found := units.find(ward)) is not None:
            key, name, code = found.code or found.name, found.name, found.code or None
        else:
            key, name, code = "w:" + ward_key(ward), display_ward(ward), None
            if units is not None:
                first = res.club.members[0].place if res.club.members else None
                if first is not None and ward not in strays:
                    strays[ward] = first.at(None)
        entry = wards.get(key)
        if entry is None:
            entry = wards[key] = WardResult(name or "", code, True, 0, 0, None)
        entry.submitted = True
        entry.club_ids.append(res.id)
        maybe[key] = maybe.get(key, 0) + (res.effective is None)
        entry.clubs += 1
        entry.members += res.counts.members
        entry.effective_clubs += bool(res.effective)
        if ward and name and ward != name and ward not in entry.names_seen:
            entry.names_seen.append(ward)
    if strays and units is not None:
        other = counterpart(units)  # loaded once, not once per ward
        problems += [_stray(ward, units, other, place) for ward, place in strays.items()]
    _set_status(wards, maybe, plan.min_effective_clubs)
    return list(wards.values()), problems


def _set_status(wards: dict[str, WardResult], maybe: dict[str, int], minimum: int | None) -> None:
    """Met when enough clubs are effective; unknown when the undecided clubs could tip it."""
    if minimum is None:
        return
    for key, entry in wards.items():
        if key == "":
            entry.status = UNKNOWN
        elif entry.effective_clubs >= minimum:
            entry.status = MET
        elif entry.effective_clubs + maybe.get(key, 0) >= minimum:
            entry.status = UNKNOWN
        else:
            entry.status = NOT_MET


def _stray(ward: str, units: Units, other: Units | None, place: Place) -> Problem:
    """unit-unknown, or unit-other-list when the other side of 1/7/2025 (`other`, the
    counterpart of `units`) knows the ward."""
    found = other.find(ward) if other is not None else None
    if other is None or found is None:
        return problem("unit-unknown", place, None, ward=ward, units=units.id)
    params = {"ward": ward, "units": units.id, "other": other.id, "name": found.name}
    return problem("unit-other-list", place, None, **params)


def totals(results: list[ClubResult], wards: list[WardResult], plan: Plan) -> list[Indicator]:
    out = []
    for key, band in plan.totals.items():
        if key == "wards_meeting_target":
            named = [w for w in wards if w.name]
            met = sum(w.status == MET for w in named)
            unknown = sum(w.status == UNKNOWN for w in named)
            out.append(share(key, met, unknown, len(named), band))
        else:
            flag = "fully_active" if key == "fully_active_share" else "funded"
            yes = sum(getattr(r, flag) is True for r in results)
            unknown = sum(getattr(r, flag) is None for r in results)
            out.append(share(key, yes, unknown, len(results), band))
    return out


def club_ids(clubs: list[Club]) -> tuple[list[str], list[Problem]]:
    """Each club's id in the report, distinct: a club whose id (or name) is taken already gets
    "id@ward" (or "id@file", "id@2"...); club-id-collision when the two are of different wards."""
    problems: list[Problem] = []
    seen: dict[str, Club] = {}
    ids = []
    for club in clubs:
        base = club.id or club.name or "?"
        club_id = base
        if base in seen:
            club_id = f"{base}@{ward_key(club.ward or '') or Path(club.file).stem}"
            n = 2
            while club_id in seen:
                club_id, n = f"{base}@{n}", n + 1
            first = seen[base]
            if first.ward != club.ward:
                problems.append(
                    problem(
                        "club-id-collision",
                        Place(club.file, club.sheet),
                        club_id,
                        club_id=base,
                        other=first.file,
                        new_id=club_id,
                    )
                )
        seen[club_id] = club
        ids.append(club_id)
    return ids, problems
