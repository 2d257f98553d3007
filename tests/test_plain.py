"""A submission crosses the worker pipe as plain tuples and comes back equal, field for field."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctg_check import api
from ctg_check.model import Club, ClubInfo, Fund, Member, Place, RowCount, Submission
from ctg_check.plain import from_plain, to_plain
from ctg_check.problems import problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(
    p
    for folder in ("tests/data/rosters", "tests/data/shapes", "tests/data/formats", "sample_data")
    for p in (ROOT / folder).iterdir()
    if p.suffix not in (".json", ".md")
)


def _round_trip(sub: Submission) -> Submission:
    return from_plain(pickle.loads(pickle.dumps(to_plain(sub))))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixture_survives_the_round_trip(path: Path) -> None:
    sub = api.read_submission(path, api.options(as_of=date(2025, 12, 10)))
    assert sub.clubs or sub.status == "error" or sub.problems
    back = _round_trip(sub)
    assert back == sub
    assert [c.info for c in back.clubs] == [c.info for c in sub.clubs]
    assert [p.params for p in back.problems] == [p.params for p in sub.problems]


def test_the_payload_holds_no_dataclass() -> None:
    sub = api.read_submission(
        ROOT / "tests/data/rosters/phuong-10-problems.xlsx", api.options(as_of=date(2025, 12, 10))
    )
    assert sub.clubs and sub.problems
    payload = pickle.dumps(to_plain(sub))
    for name in (b"Member", b"Place", b"Submission", b"Problem", b"Club"):
        assert name not in payload


_text = st.text(max_size=12)
_maybe_bool = st.none() | st.booleans()
_places = st.builds(
    Place,
    _text,
    st.none() | _text,
    st.none() | st.integers(1, 10**6),
    st.none() | st.integers(1, 16384),
)
_dates = st.none() | st.dates()
_members = st.builds(
    Member,
    _text,
    st.sampled_from([None, "M", "F"]),
    st.none() | st.integers(1900, 2030),
    _dates,
    *[_maybe_bool] * 6,
    _text,
    _text,
    _text,
    st.none() | _text,
    _places,
)
_funds = st.builds(Fund, _maybe_bool, st.none() | st.integers(0, 10**9))
_infos = st.builds(
    ClubInfo,
    st.none() | _text,
    st.none() | _text,
    st.none() | _text,
    st.none() | _text,
    _dates,
    _funds,
    _funds,
    _maybe_bool,
    st.none() | st.integers(0, 50),
    st.dictionaries(_text, _maybe_bool, max_size=3),
    _places,
    st.dictionaries(_text, _places, max_size=2),
)
_clubs = st.builds(
    Club,
    st.none() | _text,
    st.none() | _text,
    st.none() | _text,
    _text,
    st.none() | _text,
    st.none() | _infos,
    st.lists(_members, max_size=4),
)
_problems = st.builds(
    lambda place, code, n: problem(code, place, None, n=n, when=date(2025, 1, 1)),
    _places,
    st.sampled_from(["member-name-missing", "sex-invalid", "birth-invalid", "flag-invalid"]),
    st.integers(),
)


@settings(max_examples=60, deadline=None)
@given(
    clubs=st.lists(_clubs, max_size=3),
    problems=st.lists(_problems, max_size=3),
    rejected=st.lists(st.tuples(_places, st.tuples(_text)), max_size=2),
    rows=st.builds(RowCount, *[st.integers(0, 10**5)] * 4),
    kinds=st.dictionaries(_text, st.integers(0, 99), max_size=3),
    report_date=_dates,
)
def test_generated_submissions_survive_the_round_trip(
    clubs: list[Club],
    problems: list,
    rejected: list,
    rows: RowCount,
    kinds: dict[str, int],
    report_date: date | None,
) -> None:
    sub = Submission(
        "a.xlsx",
        "ab" * 32,
        "xlsx",
        "vni",
        rows=rows,
        clubs=clubs,
        problems=problems,
        ward="Phường 1",
        report_date=report_date,
        modified=1.5,
        rejected_rows=rejected,
        fingerprint="f",
        set_aside=("blank-template", {"path": "a.xlsx"}),
        other_kinds=kinds,
    )
    back = _round_trip(sub)
    assert back == sub
    assert [p.params for p in back.problems] == [p.params for p in sub.problems]


def test_a_member_place_is_its_last_field() -> None:
    from dataclasses import fields

    assert fields(Member)[-1].name == "place"  # plain.py rebuilds members positionally


def test_the_fast_constructors_build_what_the_classes_build() -> None:
    import dataclasses
    from dataclasses import astuple

    from ctg_check.model import positional

    place = positional(Place)("a.xlsx", "DS", 3, 2)
    assert place == Place("a.xlsx", "DS", 3, 2) and place.cell == "B3"
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.row = 4
    values = ("Lê Thị B", "F", 1960, None, True, False, None, False, True, None, "", "", "", None)
    assert positional(Member)(*values, place) == Member(*values, place)
    assert positional(Member, Place)(*values, *astuple(place)) == Member(*values, place)
    with pytest.raises(AssertionError):
        positional(Club)  # not slotted: its __init__ is the only way in
