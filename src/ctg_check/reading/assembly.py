"""Stage 4, assembly: members grouped into clubs, each club matched to its information row."""

from __future__ import annotations

from collections.abc import Sequence

from ctg_check.model import Club, ClubInfo
from ctg_check.normalize import club_key, fold
from ctg_check.reading.context import Context
from ctg_check.reading.members import MemberRow
from ctg_check.report import ERROR, WARNING


class InfoIndex:
    """Club information rows found by id, by normalised name, or by a name that starts alike."""

    def __init__(self, infos: Sequence[ClubInfo]) -> None:
        self.by_id = {fold(i.id): i for i in infos if i.id}
        self.by_name: dict[str, ClubInfo] = {}
        for row in infos:
            if row.name and club_key(row.name):
                self.by_name.setdefault(club_key(row.name), row)

    def find(self, cid: str | None, cname: str | None) -> ClubInfo | None:
        if cid and fold(cid) in self.by_id:
            return self.by_id[fold(cid)]
        if cid and club_key(cid) in self.by_name:
            return self.by_name[club_key(cid)]
        if cname:
            key = club_key(cname)
            if key in self.by_name:
                return self.by_name[key]
            if fold(cname) in self.by_id:
                return self.by_id[fold(cname)]
            near = [i for k, i in self.by_name.items() if word_prefix(k, key)]
            if len(near) == 1:
                return near[0]
        return None


def assemble(rows: Sequence[MemberRow], infos: Sequence[ClubInfo], ctx: Context) -> list[Club]:
    """Group members into clubs and attach club information rows by id or normalised name."""
    clubs: dict[str, Club] = {}
    index = InfoIndex(infos)
    # one information row and one unnamed list: they go together even if the names differ
    groups = {row.club_id or club_key(row.club_name or "") for row in rows}
    single_info = infos[0] if len(infos) == 1 and len(groups) == 1 else None
    used: set[int] = set()
    for row in rows:
        cid, cname = row.club_id, row.club_name
        info = index.find(cid, cname)
        if info is None and single_info is not None and not cid:
            info = single_info
        if info is not None:
            key = "info:" + str(id(info))
            used.add(id(info))
        else:
            key = "id:" + fold(cid) if cid else "name:" + club_key(cname or "")
        club = clubs.get(key)
        if club is None:
            club = Club(
                key=key,
                id=(info.id if info else None) or cid,
                name=(info.name if info else None) or cname or cid,
                ward=(info.ward if info else None) or row.member.ward,
                file=ctx.path,
                sheet=row.sheet,
                info=info,
            )
            clubs[key] = club
        club.members.append(row.member)
    for info in infos:
        if id(info) not in used:
            key = "info:" + str(id(info))
            clubs[key] = Club(
                key, info.id, info.name or info.id, info.ward, ctx.path, info.place.sheet, info
            )
            ctx.add(
                WARNING,
                "club-without-members",
                info.place,
                info.id or info.name,
                club_name=info.name or info.id,
            )
    for club in clubs.values():
        if club.info is None:
            ctx.add(
                ERROR,
                "club-info-missing",
                club.members[0].place.at(None),
                club.id or club.name,
                club_name=club.name or club.id,
            )
    return list(clubs.values())


def word_prefix(a: str, b: str) -> bool:
    """One name is the other, or its start followed by more words."""
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return long_ == short or long_.startswith(short + " ")
