"""Which submissions and clubs count. A submission's identity (the SHA-256 of its bytes, the
fingerprint of what it says), the clubs' identity across files (ward and name), and the set-aside
logic: duplicates and superseded files are set aside, the same club sent in several files of one
ward is counted once, never silently: each gets a problem naming the file kept and why. Every step
is a pass over dictionaries (near-linear)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ctg_check.model import Club, Member, Place, Submission
from ctg_check.normalize import club_key, fold
from ctg_check.problems import Problem, problem
from ctg_check.units import Units, ward_key

Row = tuple[str, str | None, int | None]  # file, sheet, row


@dataclass(frozen=True)
class Resolution:
    """What counts: every club once, and the problems of what is counted plus one line for each
    file or club set aside."""

    clubs: list[Club]
    problems: list[Problem]


@dataclass(frozen=True)
class _Entry:
    sub: Submission
    club: Club

    @property
    def rank(self) -> tuple[tuple[date, float], str]:
        return (_newness(self.sub), self.sub.path)


@dataclass
class _Dropped:
    """The rows and problems of clubs not counted (another file's copy is counted instead), and
    the files something is counted from."""

    rows: set[Row] = field(default_factory=set)
    coded: set[tuple[str, str, str | None]] = field(default_factory=set)  # file, code, club
    used: set[int] = field(default_factory=set)  # id() of the files something is counted from
    counted_in: dict[int, str] = field(default_factory=dict)  # id() of a file -> a file kept

    def covers(self, p: Problem) -> bool:
        return (p.place.file, p.place.sheet, p.place.row) in self.rows or (
            p.place.file,
            p.code,
            p.club,
        ) in self.coded


def member_key(m: Member) -> tuple[object, ...]:
    """What a member row says, comparable whatever the file format."""
    return (
        fold(m.name),
        m.sex,
        m.birth_year,
        m.birth_date,
        m.poor,
        m.near_poor,
        m.disabled,
        m.hardship,
        m.loan_needed,
        m.loan_received,
    )


def sha256(path: Path) -> str:
    """The file's SHA-256, or "" when it cannot be opened (the reader then says why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def fingerprint(sub: Submission) -> str:
    """Hash of what a file says (clubs, their information and members), not of its bytes:
    the same list sent as .xlsx and as .xls has the same fingerprint."""
    digest = hashlib.sha256()
    for club in sorted(sub.clubs, key=lambda c: (c.id or "", c.name or "")):
        info = club.info
        head: tuple[object, ...] = (club.id, club_key(club.name or ""), club.ward)
        if info is not None:
            head += (
                info.income_fund,
                info.activity_fund,
                info.regulation,
                info.meetings,
                tuple(sorted(info.activities.items())),
            )
        digest.update(repr(head).encode())
        rows = sorted(repr(member_key(m)) for m in club.members)
        digest.update("\n".join(rows).encode())
    return digest.hexdigest()


def people(club: Club) -> str:
    """Hash of who is in a club (name, sex, birth year): the same list typed in two files."""
    rows = sorted(repr((fold(m.name), m.sex, m.birth_year)) for m in club.members)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def _newness(sub: Submission) -> tuple[date, float]:
    return (sub.report_date or date.min, sub.modified)


def _ward_of(ward: str | None, units: Units | None) -> str:
    if not ward:
        return ""
    unit = units.find(ward) if units else None
    return unit.code or unit.name if unit else ward_key(ward)


def _club_id(club: Club) -> str:
    return club_key(club.name) if club.name else fold(club.id or "")


def _identities(sub: Submission, units: Units | None) -> dict[tuple[str, str], Club]:
    """(ward, club) -> club, for the clubs of a file whose ward is known."""
    found: dict[tuple[str, str], Club] = {}
    for club in sub.clubs:
        ward = _ward_of(club.ward or sub.ward, units)
        if ward:
            found.setdefault((ward, _club_id(club)), club)
    return found


def resolve(subs: list[Submission], units: Units | None) -> Resolution:
    """Mark duplicate and superseded submissions (sub.set_aside), count each club once, and
    return the clubs and problems that count."""
    lines = _duplicates(subs) + _superseded(subs, units)
    live = [s for s in subs if s.status == "read" and s.set_aside is None]
    joined, lines_joined = _join_wardless(live, units)
    clubs, dropped, lines_clubs = _one_club_each(live, units, joined)
    for sub in live:
        if sub.clubs and id(sub) not in dropped.used:
            other = dropped.counted_in.get(id(sub), "")
            sub.set_aside = ("counted-elsewhere", {"other": other})
    problems = [p for s in live if s.set_aside is None for p in s.problems if not dropped.covers(p)]
    return Resolution(clubs, problems + lines + lines_joined + lines_clubs)


def _live(subs: Iterable[Submission]) -> list[Submission]:
    return [s for s in subs if s.status == "read" and s.clubs and s.set_aside is None]


def _duplicates(subs: list[Submission]) -> list[Problem]:
    """Files with the same content (whatever the format): the newest is kept."""
    problems: list[Problem] = []
    by_content: dict[str, list[Submission]] = defaultdict(list)
    for sub in _live(subs):
        by_content[sub.fingerprint].append(sub)
    for group in by_content.values():
        keep = max(group, key=lambda s: (_newness(s), s.path))
        for other in group:
            if other is not keep:
                other.set_aside = ("duplicate-submission", {"other": keep.path})
                problems.append(problem("duplicate-submission", Place(other.path), other=keep.path))
    return problems


def _superseded(subs: list[Submission], units: Units | None) -> list[Problem]:
    """A file whose clubs are all in one newer file of the same ward, with club information
    wherever it had some, is superseded by it. One pass from the newest file down."""
    problems: list[Problem] = []
    newest: dict[tuple[str, str], Submission] = {}
    clubs_of: dict[int, dict[tuple[str, str], Club]] = {}
    for sub in sorted(_live(subs), key=lambda s: (_newness(s), s.path), reverse=True):
        mine = clubs_of[id(sub)] = _identities(sub, units)
        heads = {id(newest[k]): newest[k] for k in mine if k in newest}
        if len(heads) == 1 and all(k in newest for k in mine):
            newer = next(iter(heads.values()))
            theirs = clubs_of[id(newer)]
            if all(theirs[k].info is not None or c.info is None for k, c in mine.items()):
                problems.append(_supersede(sub, newer))
                continue
        for key in mine:
            newest.setdefault(key, sub)
    return problems


def _supersede(older: Submission, newer: Submission) -> Problem:
    reason = (
        "reason_report_date"
        if newer.report_date and older.report_date != newer.report_date
        else "reason_modified"
    )
    ward = older.ward or next((c.ward for c in older.clubs if c.ward), "") or ""
    params: dict[str, object] = {"other": newer.path, "ward": ward, "reason": reason}
    older.set_aside = ("superseded-submission", params)
    return problem("superseded-submission", Place(older.path), None, **params)


def _join_wardless(live: list[Submission], units: Units | None) -> tuple[set[int], list[Problem]]:
    """A file that names no ward joins the ward of another file holding a club with the very
    same members (the same list exported twice, once without its title). Says so."""
    if all(c.ward is not None for sub in live for c in sub.clubs):
        return set(), []  # no file to join: the members' hashes are not needed
    by_people: dict[str, set[tuple[str, str, str]]] = defaultdict(set)  # -> (key, ward, file)
    for sub in live:
        for club in sub.clubs:
            if club.ward and club.members:
                by_people[people(club)].add((_ward_of(club.ward, units), club.ward, sub.path))
    joined: set[int] = set()
    problems: list[Problem] = []
    for sub in live:
        if not any(c.ward is None for c in sub.clubs):
            continue
        found = {m for c in sub.clubs if c.ward is None for m in by_people.get(people(c), ())}
        if len({key for key, _, _ in found}) != 1:
            continue
        _, ward, other = min(found)
        for club in sub.clubs:
            club.ward = club.ward or ward
        sub.ward = sub.ward or ward
        sub.problems = [p for p in sub.problems if p.code != "ward-unknown"]
        joined.add(id(sub))
        problems.append(problem("ward-from-other-file", Place(sub.path), ward=ward, other=other))
    return joined, problems


def _one_club_each(
    live: list[Submission], units: Units | None, joined: set[int]
) -> tuple[list[Club], _Dropped, list[Problem]]:
    """The same (ward, club) in several files is counted once: with the same members, the
    most complete copy; otherwise the newest list, with the newest club information found."""
    groups: dict[tuple[str, str], list[_Entry]] = defaultdict(list)
    order: list[tuple[str, str] | _Entry] = []
    seen: set[tuple[str, str, int]] = set()
    for sub in live:
        for club in sub.clubs:
            ward = _ward_of(club.ward, units)
            key = (ward, _club_id(club))
            if not ward or (*key, id(sub)) in seen:
                order.append(_Entry(sub, club))  # no ward, or twice in one file: as it is
                continue
            seen.add((*key, id(sub)))
            group = groups[key]
            if not group:
                order.append(key)
            group.append(_Entry(sub, club))
    dropped = _Dropped()
    problems: list[Problem] = []
    clubs: list[Club] = []
    for item in order:
        if isinstance(item, _Entry):
            clubs.append(item.club)
            dropped.used.add(id(item.sub))
            continue
        group = groups[item]
        if len(group) == 1:
            clubs.append(group[0].club)
            dropped.used.add(id(group[0].sub))
            continue
        kept, lines = _one_of(group, joined, dropped)
        clubs.append(kept)
        problems += lines
    return clubs, dropped, problems


def _one_of(group: list[_Entry], joined: set[int], dropped: _Dropped) -> tuple[Club, list[Problem]]:
    """The club counted for a group of copies; the rows of the others dropped; one line each."""
    same = len({people(e.club) for e in group}) == 1
    if same:
        keep = max(group, key=lambda e: (e.club.info is not None, id(e.sub) not in joined, e.rank))
        info = keep
        reason = "reason_same_members"
    else:
        keep = max((e for e in group if e.club.members), key=lambda e: e.rank, default=group[0])
        with_info = [e for e in group if e.club.info is not None]
        info = keep if keep.club.info or not with_info else max(with_info, key=lambda e: e.rank)
        reason = "reason_newer" if info is keep else "reason_combined"
    club = keep.club
    if info is not keep:
        club = replace(club, info=info.club.info)
        dropped.coded.add((keep.sub.path, "club-info-missing", keep.club.id or keep.club.name))
        dropped.coded.add((info.sub.path, "club-without-members", info.club.id or info.club.name))
    kept = keep.sub.path if info is keep else f"{keep.sub.path} + {info.sub.path}"
    dropped.used.update((id(keep.sub), id(info.sub)))
    lines = []
    for e in group:
        if e is keep:
            continue
        dropped.counted_in.setdefault(id(e.sub), keep.sub.path)
        dropped.rows.update((m.place.file, m.place.sheet, m.place.row) for m in e.club.members)
        label = e.club.id or e.club.name
        dropped.coded.add((e.sub.path, "club-info-missing", label))
        if e is not info and e.club.info is not None:
            p = e.club.info.place
            dropped.rows.add((p.file, p.sheet, p.row))
            dropped.coded.add((e.sub.path, "club-without-members", label))
        lines.append(
            problem(
                "club-in-several-files",
                Place(e.sub.path, e.club.sheet),
                label,
                club_name=e.club.name or e.club.id,
                ward=club.ward or "",
                other=keep.sub.path,
                kept=kept,
                reason=reason,
            )
        )
    return club, lines
