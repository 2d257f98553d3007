"""From sheets of cells to clubs and members: the stages in order.

tables (what each row is) -> records (field -> value + cell) -> members and club information
(values parsed) -> assembly (clubs matched to their information). Every non-blank row of every
sheet ends as a member, a rejected row (with a problem) or an other row of a named kind
(`Reading.kinds`), so rows read = members + rejected + other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ctg_check.model import Club, ClubInfo, Place, RowCount
from ctg_check.normalize import fold, nfc
from ctg_check.plan import Plan
from ctg_check.problems import Problem
from ctg_check.reading import tables as t
from ctg_check.reading import values as v
from ctg_check.reading.assembly import assemble, ward_in_file_name
from ctg_check.reading.clubinfo import read_club
from ctg_check.reading.context import Context
from ctg_check.reading.formats import RawSheet, RawWorkbook
from ctg_check.reading.headers import MEMBER_LOOKUP, Header, club_lookup, match
from ctg_check.reading.members import MemberReader, MemberRow, has_data, has_value, member_name
from ctg_check.reading.records import Record
from ctg_check.reading.strike import StruckCells
from ctg_check.units import Units

# the kinds of other rows (neither member nor rejected)
TITLE, HEADER, NUMBERS, SECTION = "title", "header", "number-row", "section"
TOTAL, SIGNATURE, AFTER_FOOTER = "total", "signature", "after-footer"
CLUB_INFO, NO_DATA, LEFT, NOTE = "club-info", "no-data", "left", "note"


@dataclass
class Reading:
    """What parse_workbook found: clubs with members and info, accounting and problems."""

    clubs: list[Club] = field(default_factory=list)
    rows: RowCount = field(default_factory=RowCount)
    problems: list[Problem] = field(default_factory=list)
    ward: str | None = None
    report_date: date | None = None  # from a line such as "Vũng Tàu, ngày 05 tháng 12 năm 2025"
    rejected_rows: list[tuple[Place, tuple[str, ...]]] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # other rows by kind


class _Walker:
    """Walks the sheets of one workbook, table by table, giving every row its outcome."""

    def __init__(self, book: RawWorkbook, plan: Plan, as_of: date) -> None:
        self.book = book
        self.ctx = Context(book.path, plan, as_of)
        xlsx = book.format in ("xlsx", "xlsm") and book.strikes
        self.struck_cells: StruckCells | None = StruckCells(Path(book.path)) if xlsx else None
        self.club_lookup = club_lookup(plan)
        self.members: list[MemberRow] = []
        self.infos: list[ClubInfo] = []
        self.kinds: Counter[str] = Counter()
        self.read = self.rejected = 0
        self.ward: str | None = None
        self.title_ward: str | None = None
        self.report_date: date | None = None
        self.rejected_rows: list[tuple[Place, tuple[str, ...]]] = []

    def other(self, kind: str, row: list[object] | None = None) -> None:
        self.kinds[kind] += 1
        if row is not None:
            self.note_date(row)

    def note_date(self, row: list[object]) -> None:
        day = t.report_date(row)
        if day and (self.report_date is None or day > self.report_date):
            self.report_date = day

    def reject(self, rec: Record, place: Place, code: str) -> None:
        """A row with data that cannot be a member or a club: counted, kept and reported."""
        self.rejected += 1
        self.rejected_rows.append((place, tuple(v.text(x) for x in rec.row)))
        self.ctx.add(code, place)

    # -- sheets ----------------------------------------------------------------------------
    def sheet(self, sheet: RawSheet) -> None:
        grid = sheet.rows
        t.fill_merged(sheet)
        nonblank = [r for r, row in enumerate(grid) if t.nonblank(row)]
        self.read += len(nonblank)
        if not nonblank:
            return
        found_table = False
        r = 0
        title_club: str | None = None
        like_members: list[int] = []  # title rows that look like members
        while r < len(grid):
            header = t.find_header(grid, r, self.club_lookup)
            if header is None and (across := t.find_transposed(grid, r, self.club_lookup)):
                found_table = True
                r = self.club_across(sheet, across)
                continue
            if header is None:
                row = grid[r]
                if t.nonblank(row):
                    self.other(TITLE, row)
                    if t.member_like(row, self.ctx.as_of.year):
                        like_members.append(r)
                    if not found_table:
                        above = grid[r - 1] if r else None
                        title_club = self.note_title(row, above) or title_club
                r += 1
                continue
            found_table = True
            self.kinds[HEADER] += sum(t.nonblank(grid[i]) for i in range(r, header.last + 1))
            if header.kind == "member":
                r = self.member_table(sheet, header, title_club or nfc(sheet.name))
            else:
                r = self.club_table(sheet, header)
        if not found_table:
            self.ctx.add("header-not-found", self.ctx.place(sheet, nonblank[0]))
            return  # the sheet is reported as a whole
        for r in like_members:
            self.like_member(sheet, r)

    def guide(self, sheet: RawSheet) -> None:
        """An instructions sheet is not read, but a member pasted into it is said at its cell."""
        for r, row in enumerate(sheet.rows):
            if t.member_like(row, self.ctx.as_of.year):
                self.like_member(sheet, r)

    def like_member(self, sheet: RawSheet, r: int) -> None:
        """row-looks-like-member at the name of row r (a row outside any table)."""
        row = sheet.rows[r]
        name = next(x for x in row if isinstance(x, str) and t.person_like(x))
        self.ctx.add("row-looks-like-member", self.ctx.place(sheet, r, row.index(name)), name=name)

    def note_title(self, row: list[Any], above: list[Any] | None) -> str | None:
        """Pick the ward from an issuing-body line (on one line or two) or a title in capitals;
        return the club a title line names."""
        if self.ward is None:
            self.ward = t.issuer_ward(row) or t.issuer_over_two_lines(row, above)
        if self.title_ward is None:
            self.title_ward = t.title_ward(row)
        return t.title_club(row)

    # -- member table ----------------------------------------------------------------------
    def member_table(self, sheet: RawSheet, header: Header, hint: str) -> int:
        """Rows under a member header up to the next header: members, rejected and other rows.
        A total or signature ends the list; a section title (I | CLB …) opens the next one."""
        grid = sheet.rows
        table = self.table(sheet, header)
        reader = MemberReader(self.ctx, sheet, table)
        section: str | None = None
        ended: str | None = None  # the kind of row that ended the list
        data: list[int] = []
        r = header.last + 1
        while r < len(grid):
            row = grid[r]
            if not ended and reader.plainly_member(row):
                # the common case, a member row: a name and a valid sex or birth, no footer word
                data.append(r)
                self.member_row(reader, r, section or hint)
            elif not t.nonblank(row):
                pass
            elif t.find_header(grid, r, self.club_lookup) is not None:
                break
            elif (new_section := t.section_title(row)) is not None:
                section, ended = new_section, None
                self.other(SECTION)
            elif t.is_number_row(row):
                self.other(NUMBERS, row)
            elif kind := t.total_kind(row, header.fields) or (
                SIGNATURE if t.is_signature(row, header.fields) else None
            ):
                ended = kind  # nothing below is a member until a new header or section
                self.other(TOTAL if kind != SIGNATURE else SIGNATURE, row)
            elif self.note_row(row):
                self.other(NOTE)
            elif ended:
                self.after_footer(reader.record(r), ended)
            else:
                data.append(r)
                self.member_row(reader, r, section or hint)
            r += 1
        self.unknown_columns(sheet, header, data)
        return r

    def table(self, sheet: RawSheet, header: Header) -> t.Table:
        """The member table: its sex codes explained by a legend, or one warning for them."""
        c = header.fields.get("sex")
        if c is None or not t.sex_codes_in(sheet.rows, header.last + 1, c):
            return t.Table(header)
        legend = t.find_legend(sheet.rows, header.labels.get(c, ""))
        if legend is None:
            place = self.ctx.place(sheet, header.last, c)
            self.ctx.add("sex-ambiguous@column", place, column_name=header.labels.get(c))
            return t.Table(header, sex_unexplained=True)
        return t.Table(header, sex_codes=legend)

    def after_footer(self, rec: Record, ended: str) -> None:
        """A row after a total or signature: not a member; a warning when it looks like one."""
        self.other(AFTER_FOOTER, rec.row)
        name = member_name(rec)
        if name and t.person_like(name) and has_value(rec, self.ctx.as_of.year):
            self.ctx.add("row-after-footer", rec.at("name"), name=name)

    def unknown_columns(self, sheet: RawSheet, header: Header, data: list[int]) -> None:
        """One column-unrecognised warning per column with a header the vocabulary does not
        know and data in the table's rows."""
        known = set(header.fields.values())
        for c, label in header.labels.items():
            leaf = fold(label.split(" › ")[-1])
            if c in known or match(leaf, MEMBER_LOOKUP) or match(leaf, self.club_lookup):
                continue  # a field of the other kind of table (STT in a club table)
            if any(c < len(sheet.rows[r]) and not v.is_blank(sheet.rows[r][c]) for r in data):
                place = self.ctx.place(sheet, header.last, c)
                self.ctx.add("column-unrecognised", place, column_name=label)

    def member_row(self, reader: MemberReader, r: int, club_hint: str) -> None:
        row = reader.row(r)
        name = reader.name(row)
        if name and (note := reader.left_note(row)):
            self.other(LEFT)  # left the club or died: listed, not counted
            place = reader.place(r, reader.name_c)
            self.ctx.add("member-left", place, club_hint, name=name, note=note)
        elif name and self.struck(reader, r):
            self.other(LEFT)
            self.ctx.add("member-struck-out", reader.place(r, reader.name_c), club_hint, name=name)
        elif name:
            self.members.append(reader.member(row, r, name, club_hint))
        elif has_data(rec := reader.record(r)):
            self.reject(rec, rec.at("name"), "member-name-missing")
        else:
            self.other(NO_DATA)  # a number in the STT column and nothing else

    def note_row(self, row: list[Any]) -> bool:
        """A line of text alone inside a list (Ghi chú: …, '* …', a sentence): a note."""
        cells = [x for x in row if not v.is_blank(x)]
        return (
            len(set(map(str, cells))) == 1 and isinstance(cells[0], str) and t.note_text(cells[0])
        )

    def struck(self, reader: MemberReader, r: int) -> bool:
        """Whether the name on row r is struck through (only .xlsx/.xlsm keep fonts)."""
        if self.struck_cells is None:
            return False
        if not self.struck_cells.any():
            self.struck_cells = None  # nothing in the file is struck through
            return False
        index = next(i for i, s in enumerate(self.book.sheets) if s is reader.sheet)
        place = reader.place(r, reader.name_c)
        return self.struck_cells(index, place.row, place.column)

    def club_across(self, sheet: RawSheet, header: Header) -> int:
        """A club table written across: one club per column of its first row."""
        row = sheet.rows[header.first]
        self.other(HEADER)
        for c, cell in enumerate(row):
            if isinstance(cell, str) and t.club_heading(cell):
                rec = Record(self.ctx.path, sheet, c, t.Table(header), across=True)
                info = read_club(rec, self.ctx)
                if info is not None:
                    self.infos.append(info)
        rows = range(header.first + 1, header.last + 1)
        self.kinds[CLUB_INFO] += sum(t.nonblank(sheet.rows[i]) for i in rows)
        return header.last + 1

    # -- club table ------------------------------------------------------------------------
    def club_table(self, sheet: RawSheet, header: Header) -> int:
        grid = sheet.rows
        f = header.fields
        ended = False
        data: list[int] = []
        r = header.last + 1
        while r < len(grid):
            row = grid[r]
            if not t.nonblank(row):
                r += 1
                continue
            if t.find_header(grid, r, self.club_lookup) is not None:
                break
            if ended or t.is_number_row(row):
                self.other(AFTER_FOOTER if ended else NUMBERS)
            elif t.is_total(row) or t.is_signature(row, f):
                ended = True
                self.other(TOTAL if t.is_total(row) else SIGNATURE)
            else:
                rec = Record(self.ctx.path, sheet, r, t.Table(header))
                info = read_club(rec, self.ctx)
                if info is None:
                    place = rec.at("club_name" if "club_name" in f else "club_id")
                    self.reject(rec, place, "club-name-missing")
                else:
                    data.append(r)
                    self.infos.append(info)
                    self.other(CLUB_INFO)
            r += 1
        self.unknown_columns(sheet, header, data)
        return r

    def reading(self, ward_option: str | None, units: Units | None) -> Reading:
        clubs = assemble(self.members, self.infos, self.ctx)
        ward = self.ward or self.title_ward or ward_option
        if ward is None and not any(c.ward for c in clubs):
            ward = ward_in_file_name(self.ctx, units)
        members = sum(len(c.members) for c in clubs)
        rows = RowCount(self.read, members, self.rejected, self.read - members - self.rejected)
        return Reading(
            clubs,
            rows,
            self.ctx.problems,
            ward,
            self.report_date,
            self.rejected_rows,
            dict(self.kinds),
        )


def parse_workbook(
    book: RawWorkbook,
    plan: Plan,
    as_of: date,
    ward: str | None = None,
    units: Units | None = None,
) -> Reading:
    """Every sheet of a decoded workbook read into clubs, members, problems and row accounting.
    The ward comes from the file, else `ward`, else (said so) the file name naming one unit of
    `units` (by default the plan's list)."""
    walker = _Walker(book, plan, as_of)
    for sheet in book.sheets:
        if fold(sheet.name) in t.GUIDE_SHEETS:
            walker.guide(sheet)  # the template's instructions: no data to account for
            continue
        walker.sheet(sheet)
    return walker.reading(ward, units)
