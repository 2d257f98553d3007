"""Stage 4, assembly: members grouped into clubs, each club matched to its information row."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ctg_check.errors import CtgError
from ctg_check.model import Club, ClubInfo, Place, Submission
from ctg_check.normalize import club_key, fold
from ctg_check.problems import problem
from ctg_check.reading.context import Context
from ctg_check.reading.members import MemberRow
from ctg_check.units import Units, load_units, ward_key


class InfoIndex:
    """Club information rows found by id, by normalised name, or by a name that starts alike;
    in a file of several wards, only among the rows of the member's ward (or naming none)."""

    def __init__(self, infos: Sequence[ClubInfo]) -> None:
        self.by_id: dict[str, list[ClubInfo]] = {}
        self.by_name: dict[str, list[ClubInfo]] = {}
        for row in infos:
            if row.id:
                self.by_id.setdefault(fold(row.id), []).insert(0, row)  # the last row first
            if row.name and club_key(row.name):
                self.by_name.setdefault(club_key(row.name), []).append(row)

    def find(self, cid: str | None, cname: str | None, ward: str | None) -> ClubInfo | None:
        for table, key in (
            (self.by_id, fold(cid or "")),
            (self.by_name, club_key(cid or "")),
            (self.by_name, club_key(cname or "")),
            (self.by_id, fold(cname or "")),
        ):
            found = _in_ward(table.get(key, []), ward) if key else None
            if found is not None:
                return found
        if cname:
            key = club_key(cname)
            near = [i for k, rows in self.by_name.items() if word_prefix(k, key) for i in rows]
            near = [i for i in near if _ward_fits(i, ward)]
            if len(near) == 1:
                return near[0]
        return None


def _ward_fits(info: ClubInfo, ward: str | None) -> bool:
    return not info.ward or not ward or ward_key(info.ward) == ward_key(ward)


def _in_ward(rows: list[ClubInfo], ward: str | None) -> ClubInfo | None:
    """The first row of the member's ward, else the first naming no ward."""
    fits = [i for i in rows if _ward_fits(i, ward)]
    exact = [i for i in fits if i.ward and ward]
    best = exact or fits
    return best[0] if best else None


def assemble(rows: Sequence[MemberRow], infos: Sequence[ClubInfo], ctx: Context) -> list[Club]:
    """Group members into clubs, a club being (ward, club), and attach club information rows
    by id or normalised name."""
    clubs: dict[str, Club] = {}
    index = InfoIndex(infos)
    names = {(r.club_id, r.club_name, r.member.ward): r for r in rows}  # what rows name, once
    # one information row and one unnamed list: they go together even if the names differ
    single = len(infos) == 1 and len({_group(r) for r in names.values()}) == 1
    used: set[int] = set()
    keys: dict[tuple[str | None, str | None, str | None], tuple[str, ClubInfo | None]] = {}
    for (cid, cname, ward), first in names.items():
        info = index.find(cid, cname, ward)
        if info is None and single and not cid:
            info = infos[0]
        if info is not None:
            used.add(id(info))
        keys[cid, cname, ward] = ("info:" + str(id(info)) if info else _group(first), info)
    for row in rows:
        key, info = keys[row.club_id, row.club_name, row.member.ward]
        club = clubs.get(key)
        if club is None:
            club = Club(
                id=(info.id if info else None) or row.club_id,
                name=(info.name if info else None) or row.club_name or row.club_id,
                ward=(info.ward if info else None) or row.member.ward,
                file=ctx.path,
                sheet=row.sheet,
                info=info,
            )
            clubs[key] = club
        club.members.append(row.member)
    _spare_infos(infos, used, clubs, ctx)
    for club in clubs.values():
        if club.info is None:
            ctx.add(
                "club-info-missing",
                club.members[0].place.at(None),
                club.id or club.name,
                club_name=club.name or club.id,
            )
    return list(clubs.values())


def _group(row: MemberRow) -> str:
    """The club a member row names: (ward, id) or (ward, normalised name)."""
    ward = ward_key(row.member.ward) + "|" if row.member.ward else ""
    return ward + (
        "id:" + fold(row.club_id) if row.club_id else "name:" + club_key(row.club_name or "")
    )


def _spare_infos(
    infos: Sequence[ClubInfo], used: set[int], clubs: dict[str, Club], ctx: Context
) -> None:
    """Information rows no member list matched: clubs without members, with a warning."""
    for info in infos:
        if id(info) not in used:
            key = "info:" + str(id(info))
            clubs[key] = Club(
                info.id, info.name or info.id, info.ward, ctx.path, info.place.sheet, info
            )
            ctx.add(
                "club-without-members",
                info.place,
                info.id or info.name,
                club_name=info.name or info.id,
            )


def word_prefix(a: str, b: str) -> bool:
    """One name is the other, or its start followed by more words."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_ == short or long_.startswith(short + " ")


def ward_in_file_name(ctx: Context, units: Units | None) -> str | None:
    """The one unit of the units list (by default the plan's) whose name or alias the file name
    holds as whole words; a warning says the ward was taken from the file name."""
    if units is None:
        units = _plan_units(ctx.plan.units) if ctx.plan.units else None
    if units is None:
        return None
    stem = f" {fold(re.sub(r'[-_.]+', ' ', Path(ctx.path).stem))} "
    found = {
        unit.name
        for unit in units.units
        for name in (unit.name, *unit.aliases)
        if fold(name) and f" {fold(name)} " in stem
    }
    if len(found) != 1:
        return None
    ward = found.pop()
    ctx.add("ward-from-file-name", Place(ctx.path), ward=ward)
    return ward


@lru_cache(maxsize=4)
def _plan_units(name: str) -> Units | None:
    try:
        return load_units(name)
    except CtgError:
        return None


def settle_ward(sub: Submission) -> None:
    """A file's ward when it names none: the one ward every club row names; a club without a ward
    is of the file's ward. A club still without one (ward-unknown) and a file without clubs
    (no-members) are errors."""
    named = {c.ward for c in sub.clubs if c.ward}
    if sub.ward is None and len(named) == 1:
        sub.ward = named.pop()  # every club row of the file names the same ward
    for club in sub.clubs:
        if club.ward is None:
            club.ward = sub.ward
    if any(c.ward is None for c in sub.clubs):
        sub.problems.append(problem("ward-unknown", Place(sub.path)))
    if not sub.clubs:
        sub.problems.append(problem("no-members", Place(sub.path)))
