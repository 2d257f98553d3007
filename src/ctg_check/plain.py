"""A Submission as plain tuples, to cross the worker pipe: `from_plain(to_plain(sub)) == sub`.

Pickling the dataclasses themselves costs a `dataclasses.fields()` call and a state list per
member and place on both sides of the pipe; tuples of str, int, bool, date and dict pickle in C.
Every field is carried in declaration order, so a field added to a model class travels without a
change here (tests/test_plain.py checks the round trip on every fixture and on generated values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any

from ctg_check.model import Club, ClubInfo, Fund, Member, Place, RowCount, Submission, positional
from ctg_check.problems import Problem

Plain = tuple[Any, ...]


def _names(cls: type, *nested: str) -> tuple[str, ...]:
    """The field names of a dataclass, the nested ones (converted separately) left out."""
    return tuple(f.name for f in fields(cls) if f.name not in nested)


_PLACE_NAMES = _names(Place)
_PLACE = attrgetter(*_PLACE_NAMES)
_new_place: Callable[..., Place] = positional(Place)
_FUND = attrgetter(*_names(Fund))
_ROWS = attrgetter(*_names(RowCount))
# a member's fields, its place's last: one flat tuple (see model.positional)
_MEMBER = attrgetter(*_names(Member, "place"), *(f"place.{n}" for n in _PLACE_NAMES))
_new_member: Callable[..., Member] = positional(Member, Place)  # place is the last field
_INFO_NAMES = _names(ClubInfo, "income_fund", "activity_fund", "place", "activity_cells")
_INFO = attrgetter(*_INFO_NAMES)
_CLUB_NAMES = _names(Club, "info", "members")
_CLUB = attrgetter(*_CLUB_NAMES)
_SUB_NAMES = _names(Submission, "rows", "clubs", "problems", "rejected_rows")
_SUB = attrgetter(*_SUB_NAMES)


def to_plain(sub: Submission) -> Plain:
    """The submission as nested tuples of plain values (what pickles fast)."""
    return (
        _SUB(sub),
        _ROWS(sub.rows),
        [_club(c) for c in sub.clubs],
        [(p.severity, p.code, _PLACE(p.place), p.club, p.params) for p in sub.problems],
        [(_PLACE(place), reasons) for place, reasons in sub.rejected_rows],
    )


def from_plain(data: Plain) -> Submission:
    """The submission `to_plain` encoded."""
    head, rows, clubs, problems, rejected = data
    sub = Submission(**dict(zip(_SUB_NAMES, head, strict=True)))
    sub.rows = RowCount(*rows)
    sub.clubs = [_unclub(c) for c in clubs]
    sub.problems = [
        Problem(s, code, _new_place(*p), club, params) for s, code, p, club, params in problems
    ]
    sub.rejected_rows = [(_new_place(*p), reasons) for p, reasons in rejected]
    return sub


def _club(club: Club) -> Plain:
    info = club.info
    plain_info = None
    if info is not None:
        funds = (_FUND(info.income_fund), _FUND(info.activity_fund))
        cells = {a: _PLACE(p) for a, p in info.activity_cells.items()}
        plain_info = (_INFO(info), funds, _PLACE(info.place), cells)
    members = [_MEMBER(m) for m in club.members]
    return _CLUB(club), plain_info, members


def _unclub(data: Plain) -> Club:
    head, plain_info, members = data
    club = Club(**dict(zip(_CLUB_NAMES, head, strict=True)))
    if plain_info is not None:
        values, (income, activity), place, cells = plain_info
        fields_ = dict(zip(_INFO_NAMES, values, strict=True))
        club.info = ClubInfo(
            **fields_,
            income_fund=Fund(*income),
            activity_fund=Fund(*activity),
            place=_new_place(*place),
            activity_cells={a: _new_place(*p) for a, p in cells.items()},
        )
    club.members = [_new_member(*values) for values in members]
    return club
