"""Stage 3b and 4 of the reader, in process: club information rows and clubs assembled."""

from __future__ import annotations

from datetime import date

from ctg_check.model import ClubInfo, Member, Place
from ctg_check.plan import load_plan
from ctg_check.reading.assembly import assemble, word_prefix
from ctg_check.reading.clubinfo import read_club
from ctg_check.reading.context import Context
from ctg_check.reading.formats import RawSheet
from ctg_check.reading.headers import Header
from ctg_check.reading.members import MemberRow
from ctg_check.reading.records import Record
from ctg_check.reading.tables import Table

PLAN = load_plan("vung-tau-2022")


def ctx() -> Context:
    return Context("w.xlsx", PLAN, date(2025, 12, 10))


def info_record(row: list[object]) -> Record:
    fields = {"club_name": 0, "income_fund": 1, "activity_fund": 2, "regulation": 3}
    fields |= {f"activity:{a.id}": 4 + i for i, a in enumerate(PLAN.activities)}
    return Record("w.xlsx", RawSheet("TT", [row]), 0, Table(Header("club", 0, 0, fields, {})))


def test_club_information_row() -> None:
    c = ctx()
    info = read_club(info_record(["CLB Khu phố 1", "15 triệu", None, "x", "x", "?"]), c)
    assert info is not None
    assert (info.income_fund.present, info.income_fund.amount) == (True, 15_000_000)
    assert (info.activity_fund.present, info.regulation) == (False, True)
    assert [p.code for p in c.problems] == ["flag-invalid"]
    assert read_club(info_record([None, 5]), c) is None


def member(name: str, ward: str | None = None) -> Member:
    return Member(name=name, sex="F", birth_year=1950, ward=ward, place=Place("w.xlsx", "DS", 5))


def test_members_matched_to_information_by_normalised_name() -> None:
    c = ctx()
    infos = [ClubInfo(None, "CLB LTHTGN Khu phố 1", place=Place("w.xlsx", "TT", 2, 1))]
    rows = [MemberRow(member("A"), None, "Câu lạc bộ Khu phố 1", "DS")]
    clubs = assemble(rows, infos, c)
    assert len(clubs) == 1 and clubs[0].info is infos[0] and not c.problems


def test_club_without_information_and_information_without_members() -> None:
    c = ctx()
    infos = [ClubInfo("P1-09", "CLB Khu phố 9", place=Place("w.xlsx", "TT", 2, 1))]
    rows = [MemberRow(member("A"), "P1-01", None, "DS")]
    clubs = assemble(rows, infos, c)
    assert len(clubs) == 2
    assert sorted(p.code for p in c.problems) == ["club-info-missing", "club-without-members"]


def test_word_prefix() -> None:
    assert word_prefix("khu pho 1", "khu pho 1 thang tam")
    assert not word_prefix("khu pho 1", "khu pho 10")
