"""The plan's indicators and the data checks across clubs, as plain functions over read data.

Shares are compared exactly with fractions: 30 of 50 is 3/5 and meets a 60 % floor.
A value that depends on unknown data is `unknown` unless every possible value gives the same status.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from pathlib import Path

from ctg_check.model import Club, Member, Place
from ctg_check.normalize import fold
from ctg_check.plan import Band, Plan
from ctg_check.report import (
    ERROR,
    MET,
    NOT_MET,
    UNKNOWN,
    WARNING,
    ClubResult,
    Counts,
    Indicator,
    Problem,
    WardResult,
    problem,
)
from ctg_check.units import Units, counterpart, display_ward, ward_key


def count(members: Iterable[Member], plan: Plan, as_of: date) -> Counts:
    n = women = older = younger = sex_unknown = age_unknown = disadvantaged = 0
    needed = received = covered = loan_unknown = 0
    by_members = plan.loan_coverage_of == "members"
    for m in members:
        n += 1
        if m.sex == "F":
            women += 1
        elif m.sex is None:
            sex_unknown += 1
        age = m.age(as_of)
        if age is None:
            age_unknown += 1
        elif age >= plan.older_age:
            older += 1
        else:
            younger += 1
        disadvantaged += m.disadvantaged
        needed += m.loan_needed is True
        received += m.loan_received is True
        covered += bool(m.loan_needed and m.loan_received)
        if by_members:
            loan_unknown += m.loan_received is None
        else:
            loan_unknown += m.loan_needed is None or (m.loan_needed and m.loan_received is None)
    return Counts(
        n,
        women,
        older,
        younger,
        sex_unknown,
        age_unknown,
        disadvantaged,
        needed,
        received,
        int(loan_unknown),
        covered,
    )


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
        return Indicator(indicator, None, band.min, band.max, UNKNOWN)
    low = Fraction(known, total)
    status = band_status(low, Fraction(known + unknown, total), band)
    return Indicator(indicator, low, band.min, band.max, status)


def presence(indicator: str, present: bool | None, value: int | bool | None) -> Indicator:
    status = UNKNOWN if present is None else MET if present else NOT_MET
    return Indicator(indicator, value, None, None, status)


def all_of(statuses: Iterable[str]) -> bool | None:
    """Kleene AND: False if any is not met, True if all are met, else None (unknown)."""
    values = list(statuses)
    if NOT_MET in values:
        return False
    return True if all(s == MET for s in values) else None


def club_indicators(club: Club, c: Counts, plan: Plan) -> list[Indicator]:
    out = [
        Indicator(
            "members",
            c.members,
            _int(plan.members.min),
            _int(plan.members.max),
            MET if plan.members.contains(Fraction(c.members)) else NOT_MET,
        ),
        share("women_share", c.women, c.sex_unknown, c.members, plan.women_share),
        share("older_share", c.older, c.age_unknown, c.members, plan.older_share),
        share("younger_share", c.younger, c.age_unknown, c.members, plan.younger_share),
        loan_indicator(c, plan),
    ]
    info = club.info
    if info is None:
        out += [presence(k, None, None) for k in ("income_fund", "activity_fund", "regulation")]
    else:
        out += [
            presence("income_fund", info.income_fund.present, info.income_fund.amount),
            presence("activity_fund", info.activity_fund.present, info.activity_fund.amount),
            presence("regulation", info.regulation, info.regulation),
        ]
    acts = activities(club, plan)
    done = sum(1 for x in acts.values() if x)
    act_status = MET if all(acts.values()) else NOT_MET if False in acts.values() else UNKNOWN
    value = None if act_status == UNKNOWN else done  # unknown is null, never a count of 0
    out.append(Indicator("activities", value, len(acts), None, act_status))
    return out


def activities(club: Club, plan: Plan) -> dict[str, bool | None]:
    known = club.info.activities if club.info else {}
    return {a.id: known.get(a.id) for a in plan.activities}


def loan_indicator(c: Counts, plan: Plan) -> Indicator:
    band = plan.loan_coverage
    if plan.loan_coverage_of == "members":
        return share("loan_coverage", c.loan_received, c.loan_unknown, c.members, band)
    if c.loan_unknown:
        value = Fraction(c.loan_covered, c.loan_needed) if c.loan_needed else None
        return Indicator("loan_coverage", value, band.min, band.max, UNKNOWN)
    if c.loan_needed == 0:
        return Indicator("loan_coverage", None, band.min, band.max, MET, note="no_loan_need")
    return share("loan_coverage", c.loan_covered, 0, c.loan_needed, band)


def _int(value: Fraction | None) -> int | None:
    return None if value is None else int(value)


def club_result(club: Club, plan: Plan, as_of: date, club_id: str) -> ClubResult:
    c = count(club.members, plan, as_of)
    indicators = club_indicators(club, c, plan)
    st = {i.id: i.status for i in indicators}
    fully_active = all_of([st["activities"], st["regulation"], st["loan_coverage"]])
    funded = all_of([st["income_fund"], st["activity_fund"], st["regulation"]])
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
    where: dict[tuple[str, str, int | None], list[tuple[Club, Member]]] = defaultdict(list)
    for club in clubs:
        seen: dict[tuple[str, int | None], Member] = {}
        for m in club.members:
            key = (fold(m.name), m.birth_year)
            first = seen.get(key)
            label = club.id or club.name
            if first is not None:
                problems.append(
                    problem(ERROR, "duplicate-member", m.place, label, other=first.place.row)
                )
                continue
            seen[key] = m
            where[(ward_key(club.ward or "") or club.file, *key)].append((club, m))
    for place, found in where.items():
        if len(found) < 2 or place[2] is None:
            continue
        names = ", ".join(sorted({f"{c.name or c.id} ({Path(c.file).name})" for c, _ in found}))
        for club, m in found:
            problems.append(
                problem(
                    WARNING, "member-in-several-clubs", m.place, club.id or club.name, clubs=names
                )
            )
    return problems


def ward_results(
    results: list[ClubResult], plan: Plan, units: Units | None
) -> tuple[list[WardResult], list[Problem]]:
    """One entry per expected ward (units list) or per ward seen; unit-unknown for strays."""
    problems: list[Problem] = []
    wards: dict[str, WardResult] = {}
    maybe: dict[str, int] = {}  # clubs whose effectiveness is unknown, per ward
    strays: set[str] = set()  # wards not in the units list, reported once each
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
                    strays.add(ward)
                    problems.append(_stray(ward, units, first.at(None)))
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
    minimum = plan.min_effective_clubs
    for key, entry in wards.items():
        if minimum is None:
            continue
        if key == "":
            entry.status = UNKNOWN
            continue
        if entry.effective_clubs >= minimum:
            entry.status = MET
        elif entry.effective_clubs + maybe.get(key, 0) >= minimum:
            entry.status = UNKNOWN
        else:
            entry.status = NOT_MET
    return list(wards.values()), problems


def _stray(ward: str, units: Units, place: Place) -> Problem:
    """unit-unknown, or unit-other-list when the other side of 1/7/2025 knows the ward."""
    other = counterpart(units)
    found = other.find(ward) if other is not None else None
    if other is None or found is None:
        return problem(ERROR, "unit-unknown", place, None, ward=ward, units=units.id)
    params = {"ward": ward, "units": units.id, "other": other.id, "name": found.name}
    return problem(ERROR, "unit-other-list", place, None, **params)


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
                        WARNING,
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
