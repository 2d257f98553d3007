"""Stage 2 and 3a of the reader, in process: records and members with their problems."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ctg_check.model import Member
from ctg_check.plan import load_plan
from ctg_check.reading.context import Context
from ctg_check.reading.formats import RawSheet
from ctg_check.reading.headers import Header
from ctg_check.reading.members import (
    MemberReader,
    MemberRow,
    _sex_and_birth,
    categories,
    has_data,
    member_name,
)
from ctg_check.reading.records import Record
from ctg_check.reading.tables import Table

CTX_ARGS = ("w.xlsx", load_plan("vung-tau-2022"), date(2025, 12, 10))


def record(fields: dict[str, int], row: list[Any], labels: dict[int, str] | None = None) -> Record:
    header = Header("member", 0, 0, fields, labels or {})
    sheet = RawSheet("DS", [[None] * len(row), row], origin=(4, 0))
    return Record("w.xlsx", sheet, 1, Table(header))


def read_member(rec: Record, ctx: Context, name: str, hint: str) -> MemberRow:
    """The member of a record's row, read as a member table reads it."""
    reader = MemberReader(ctx, rec.sheet, rec.table)
    return reader.member(reader.row(rec.r), rec.r, name, hint)


def test_record_values_and_cells() -> None:
    rec = record({"name": 1, "birth": 2}, [1, "Lê Văn An", 1950])
    assert rec.get("birth") == 1950 and rec.get("sex") is None
    assert rec.at("birth").cell == "C6" and rec.at("sex").cell is None


def test_member_by_birth_column() -> None:
    ctx = Context(*CTX_ARGS)
    rec = record(
        {"name": 1, "birth_male": 2, "birth_female": 3, "poor": 4},
        [1, "Lê Thị Hoa", None, "12/03/1950", "x"],
    )
    row = read_member(rec, ctx, member_name(rec), "CLB Khu phố 1")
    m = row.member
    assert (m.sex, m.birth_year, m.birth_date, m.poor) == ("F", 1950, date(1950, 3, 12), True)
    assert row.club_name == "CLB Khu phố 1" and not ctx.problems


def test_every_value_in_its_field() -> None:
    ctx = Context(*CTX_ARGS)
    fields = ["name", "sex", "birth", "poor", "near_poor", "disabled", "hardship"]
    fields += ["loan_needed", "loan_received", "address", "role", "note", "ward"]
    row = ["Lê Thị Hoa", "Nữ", "12/03/1950", "x", None, "x", None, "x", "x"]
    row += ["Tổ 3", "Thư ký", "mới", "Phường 1"]
    rec = record({f: i + 1 for i, f in enumerate(fields)}, [1, *row])
    got = read_member(rec, ctx, member_name(rec), "CLB").member
    want = Member(
        name="Lê Thị Hoa",
        sex="F",
        birth_year=1950,
        birth_date=date(1950, 3, 12),
        poor=True,
        near_poor=False,
        disabled=True,
        hardship=False,
        loan_needed=True,
        loan_received=True,
        address="Tổ 3",
        role="Thư ký",
        note="mới",
        ward="Phường 1",
        place=rec.at("name"),
    )
    assert got == want and not ctx.problems


def test_member_problems_at_their_cells() -> None:
    ctx = Context(*CTX_ARGS)
    rec = record(
        {"name": 1, "sex": 2, "birth": 3, "loan_needed": 4, "loan_received": 5},
        [1, "Lê Văn Bình", "K", 1850, None, "x"],
    )
    m = read_member(rec, ctx, member_name(rec), "CLB").member
    assert m.sex is None and m.birth_year is None
    got = {(p.code, p.place.cell) for p in ctx.problems}
    assert got == {("sex-invalid", "C6"), ("birth-invalid", "D6"), ("loan-without-need", "F6")}


def test_both_birth_columns_is_ambiguous() -> None:
    ctx = Context(*CTX_ARGS)
    rec = record({"name": 1, "birth_male": 2, "birth_female": 3}, [1, "Lê An", 1950, 1950])
    m = read_member(rec, ctx, member_name(rec), "CLB").member
    assert m.sex is None and m.birth_year == 1950
    assert [p.code for p in ctx.problems] == ["sex-ambiguous"]


def test_sex_marks_under_gioi_tinh() -> None:
    ctx = Context(*CTX_ARGS)
    rec = record(
        {"name": 1, "sex_male": 2, "sex_female": 3, "birth": 4}, [1, "Lê An", "x", None, 1950]
    )
    assert read_member(rec, ctx, member_name(rec), "CLB").member.sex == "M"


def test_nameless_row_with_data() -> None:
    rec = record({"stt": 0, "name": 1, "birth": 2}, [7, None, 1950])
    assert member_name(rec) == "" and has_data(rec)
    only_number = record({"stt": 0, "name": 1, "birth": 2}, [7, None, None])
    assert not has_data(only_number)


def test_categories() -> None:
    assert categories("Cận nghèo, khuyết tật") == {"near_poor", "disabled"}
    assert categories("Hộ nghèo") == {"poor"}
    assert categories("Không") == set()
    assert categories("abc") is None


# The shapes of sex and birth columns a table can have, and cell values plain, odd and wrong.
SHAPES = [
    ("sex", "birth"),
    ("sex", "birth", "age"),
    ("birth_male", "birth_female"),
    ("birth_male", "birth_female", "sex"),
    ("birth_male",),
    ("sex", "age"),
    ("sex_male", "sex_female", "birth"),
    ("female_tick", "birth"),
    ("sex",),
    ("birth",),
]
CELLS = st.sampled_from(
    [
        *(None, "", " ", "Nam", "nữ", "F", "1", "2", "K", "x", True),
        *(1950, 1950.0, 49, 1850, 2030, 75, 1.5),
        *("12/03/1950", "5/3/50", "03/1950", "1950-03-12", "năm 1948", "abc"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SHAPES), st.lists(CELLS, min_size=3, max_size=3), st.booleans())
def test_plain_sex_and_birth_is_what_the_rules_give(
    shape: tuple[str, ...], cells: list[Any], legend: bool
) -> None:
    """The reader's shortcut for plain rows gives what the Record-based rules give, and only
    where those rules raise nothing."""
    fields = {"name": 1} | {key: i + 2 for i, key in enumerate(shape)}
    rec = record(fields, [1, "Lê Văn An", *cells[: len(shape)]])
    table = Table(rec.header, sex_codes={"1": "M", "2": "F"} if legend else None)
    rec = Record("w.xlsx", rec.sheet, 1, table)
    reader = MemberReader(Context(*CTX_ARGS), rec.sheet, table)
    plain = reader.sex_and_birth(reader.row(1))
    ctx = Context(*CTX_ARGS)
    full = _sex_and_birth(rec, ctx, "CLB")
    if plain is not None:
        assert plain == full and not ctx.problems


def test_plain_sex_and_birth_shortcut_is_taken() -> None:
    for fields, row, want in [
        ({"name": 1, "sex": 2, "birth": 3}, [1, "Lê An", "Nữ", 1950], ("F", (1950, None))),
        (
            {"name": 1, "birth_male": 2, "birth_female": 3},
            [1, "Lê An", 1948, None],
            ("M", (1948, None)),
        ),
        ({"name": 1, "sex": 2, "birth": 3}, [1, "Lê An", "Nữ", 50], None),  # two digits: a note
    ]:
        rec = record(fields, row)
        reader = MemberReader(Context(*CTX_ARGS), rec.sheet, rec.table)
        assert reader.sex_and_birth(reader.row(1)) == want
