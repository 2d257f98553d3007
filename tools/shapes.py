"""The roster shapes of DESIGN.md 3a, written from synth's wards with what the reader must find.

    written = write_shape([ward], Path("thang-tam.xlsx"), Shape(ward_source="issuer-two-lines"))

One writer, many options (`Shape`): where the ward is named (issuer line, an issuer over two
lines, a title in capitals, only the file name, a Phường/Xã column), how sex is written (words,
a lone Nữ tick column, codes with a legend in the header or under the table, codes without a
legend), birth or age, a name split over two cells, clubs as sections of one sheet with
subtotals, summary footers, leavers (a note, or a struck-through name), the club table
transposed, a logo image in the header block. The writer takes no randomness; leavers are made
by `add_leavers` from the caller's random stream. `Written` records what the reader must report
besides the members: the leavers and the problems this shape raises, with their cells, so the
expected answers come from the generator, never from the reader.
"""

from __future__ import annotations

import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import synth
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ctg_check.model import cell_ref
from ctg_check.plan import Plan
from ctg_check.writers import save_workbook

FLAGS = (
    ("poor", "Hộ nghèo"),
    ("near_poor", "Cận nghèo"),
    ("disabled", "Khuyết tật"),
    ("hardship", "Hoàn cảnh khó khăn"),
    ("loan_needed", "Nhu cầu vay vốn"),
    ("loan_received", "Đã vay vốn"),
)
LEAVER_NOTES = (
    "Đã mất",
    "từ trần tháng 8/2025",
    "Chuyển đi",
    "chuyển nơi khác",
    "Xin ra khỏi CLB",
    "thôi tham gia",
    "Nghỉ sinh hoạt",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI")
SEX_CODES = {  # sex style -> (code for M, code for F, legend or None)
    "codes-header": (1, 2, "Giới tính (1: Nam; 2: Nữ)"),
    "codes-below": (1, 0, "Ghi chú: cột Giới tính ghi 1: Nam; 0: Nữ"),
    "codes-none": (1, 2, None),
}


@dataclass(frozen=True)
class Shape:
    """How one file is laid out (see the module docstring)."""

    ward_source: str = "issuer"  # issuer | issuer-two-lines | caps-title | file-name | column
    sex: str = "word"  # word | lone-nu | codes-header | codes-below | codes-none
    birth: str = "birth"  # birth | age
    split_name: bool = False
    sections: bool = False  # every club a section (I, II …) of one sheet, each with a subtotal
    footer: str = "total"  # total (Tổng cộng) | summary (Tổng số: … người; Tổng cộng: … thành viên)
    info: str = "sheet"  # sheet | transposed
    logo: bool = False


@dataclass
class Leaver:
    """A row of someone who left the club: not a member; the note says why, or the name is
    struck through."""

    member: synth.SynthMember
    club: str
    after: int  # written after this many members of its club
    struck: bool = False


@dataclass
class Written:
    problems: list[dict[str, Any]] = field(default_factory=list)
    leavers: list[dict[str, Any]] = field(default_factory=list)


def add_leavers(
    rng: random.Random, club: synth.SynthClub, count: int, struck: int, taken: set[str]
) -> list[Leaver]:
    """`count` leavers with a note, and `struck` with a struck-through name, for one club."""
    out = []
    for i in range(count + struck):
        sex = rng.choice("MF")
        m = synth.SynthMember(
            name=synth._unique_name(rng, sex, taken),
            sex=sex,
            birth_year=synth.REF_YEAR - rng.randint(40, 85),
            address=f"Tổ {rng.randint(1, 12)}, {club.area}",
            note="" if i >= count else LEAVER_NOTES[i % len(LEAVER_NOTES)],
        )
        after = rng.randint(len(synth.ROLES), len(club.members))
        out.append(Leaver(m, club.id, after, struck=i >= count))
    return out


def columns(shape: Shape, city: bool) -> list[tuple[str, str]]:
    """(field, header) of the member table; a split name has two columns under one header."""
    cols = [("stt", "STT")]
    if city:
        cols += [("ward", "Phường/Xã"), ("club_name", "Tên CLB")]
    cols += [("name", "Họ và tên")]
    if shape.split_name:
        cols += [("given", "Họ và tên")]
    if shape.sex == "word":
        cols.append(("sex", "Giới tính"))
    elif shape.sex.startswith("codes"):
        legend = SEX_CODES[shape.sex][2]
        cols.append(("sex", legend if shape.sex == "codes-header" and legend else "Giới tính"))
    cols.append(("birth", "Tuổi" if shape.birth == "age" else "Năm sinh"))
    if shape.sex == "lone-nu":
        cols.append(("female", "Nữ"))
    return cols + list(FLAGS) + [("address", "Địa chỉ"), ("note", "Ghi chú")]


def _value(m: synth.SynthMember, name: str, shape: Shape, sex: str | None) -> Any:
    """One cell of a member row; `sex` is the sex written (the reader may not be able to tell)."""
    if name == "name":
        return m.name.rsplit(" ", 1)[0] if shape.split_name else m.name
    if name == "given":
        return m.name.rsplit(" ", 1)[1]
    if name == "sex":
        if shape.sex == "word":
            return synth.SEX_WORDS[sex or ""]
        male, female, _ = SEX_CODES[shape.sex]
        return male if sex == "M" else female
    if name == "female":
        return "x" if sex == "F" else None
    if name == "birth":
        if shape.birth == "age":
            return synth.REF_YEAR - m.birth_year if m.birth_year else None
        return synth._birth_value(m)
    if name in dict(FLAGS):
        return synth._flag(m, name, synth.X_BLANK)
    if name == "note":
        return m.role if m.role != synth.MEMBER_ROLE else (m.note or None)
    return getattr(m, name, None) or None


def _header_block(ws: Any, wards: list[synth.SynthWard], shape: Shape, width: int) -> int:
    """The lines above the table; returns the last row written."""
    unit = wards[0].unit
    left: list[str] = []
    if len(wards) > 1:
        left = ["UBND THÀNH PHỐ VŨNG TÀU", "HỘI NGƯỜI CAO TUỔI"]
    elif shape.ward_source == "issuer":
        left = [f"UBND {unit.full_name.upper()}", "HỘI NGƯỜI CAO TUỔI"]
    elif shape.ward_source == "issuer-two-lines":
        left = ["ỦY BAN NHÂN DÂN", unit.full_name.upper(), "BAN ĐẠI DIỆN HỘI NGƯỜI CAO TUỔI"]
    else:
        left = ["HỘI NGƯỜI CAO TUỔI", "BAN CHỦ NHIỆM CÁC CLB LIÊN THẾ HỆ"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    top = 4 if shape.logo else 1  # the logo sits above the issuing body
    for i, text in enumerate(left):
        ws.cell(row=top + i, column=1, value=text).font = Font(bold=True)
    for i, text in enumerate(right):
        ws.cell(row=top + i, column=max(6, width - 5), value=text).font = Font(bold=True)
    row = top + len(left)
    ws.cell(row=row, column=1, value=f"Số: {10 + len(unit.code) % 7}/DS-HNCT")
    ws.cell(row=row, column=max(6, width - 5), value=f"ngày 05 tháng 12 năm {synth.REF_YEAR}")
    title = "DANH SÁCH THÀNH VIÊN CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU"
    if len(wards) > 1:
        title = "DANH SÁCH THÀNH VIÊN CÁC CLB LIÊN THẾ HỆ TỰ GIÚP NHAU TOÀN THÀNH PHỐ"
    elif shape.ward_source == "caps-title":
        title += f" - {unit.full_name.upper()}"
    ws.cell(row=row + 2, column=1, value=title).font = Font(bold=True)
    ws.cell(row=row + 3, column=1, value=f"NĂM {synth.REF_YEAR}").font = Font(bold=True)
    ws.cell(
        row=row + 4,
        column=1,
        value=f"(Kèm theo Kế hoạch số 45/KH-HNCT ngày 10/01/{synth.REF_YEAR})",
    )
    return row + 4


class _Table:
    """Writes member rows under a one-row header, remembering the cells the reader reports."""

    def __init__(self, ws: Any, shape: Shape, cols: list[tuple[str, str]], written: Written):
        self.ws, self.shape, self.cols, self.written = ws, shape, cols, written
        self.index = {name: i for i, (name, _) in enumerate(cols, start=1)}

    def header(self, row: int) -> int:
        self.header_row = row
        for col, (_, label) in enumerate(self.cols, start=1):
            if col > 1 and self.cols[col - 2][1] == label:
                continue  # the second cell of a split name: under the merged header
            self.ws.cell(row=row, column=col, value=label).font = Font(bold=True)
        if self.shape.split_name:
            first = self.index["name"]
            self.ws.merge_cells(
                start_row=row, start_column=first, end_row=row, end_column=first + 1
            )
        return row

    def cell(self, row: int, name: str) -> str | None:
        return cell_ref(row, self.index[name])

    def member(
        self, row: int, stt: int, m: synth.SynthMember, sex: str | None, **extra: Any
    ) -> None:
        for name, col in self.index.items():
            value = stt if name == "stt" else extra.get(name, _value(m, name, self.shape, sex))
            if value is not None:
                cell = self.ws.cell(row=row, column=col, value=value)
                if hasattr(value, "year") and hasattr(value, "hour"):
                    cell.number_format = "DD/MM/YYYY"

    def leaver(self, row: int, stt: int, lv: Leaver, sheet: str) -> None:
        self.member(row, stt, lv.member, lv.member.sex)
        if lv.struck:
            self.ws.cell(row=row, column=self.index["name"]).font = Font(strike=True)
        self.written.leavers.append(
            {"club": lv.club, "name": lv.member.name, "sheet": sheet, "row": row}
        )
        self.written.problems.append(
            {
                "code": "member-struck-out" if lv.struck else "member-left",
                "club": lv.club,
                "sheet": sheet,
                "row": row,
                "cell": self.cell(row, "name"),
                "field": "name",
            }
        )


def _members(
    table: _Table, row: int, club: synth.SynthClub, leavers: list[Leaver], sheet: str, **extra: Any
) -> int:
    """The club's members (numbered from 1) with its leavers among them; the last row used."""
    mine = [lv for lv in leavers if lv.club == club.id]
    stt = 0
    for i, m in enumerate([*club.members, None]):
        for lv in (lv for lv in mine if lv.after == i):
            row, stt = row + 1, stt + 1
            table.leaver(row, stt, lv, sheet)
        if m is not None:
            row, stt = row + 1, stt + 1
            table.member(row, stt, m, m.raw.get("written_sex", m.sex), **extra)
    return row


def _footer(
    ws: Any, row: int, club: synth.SynthClub, shape: Shape, table: _Table, n_left: int
) -> int:
    """The total lines under a club's list; the last row used."""
    name_col = table.index["name"]
    if shape.footer == "summary":
        men = sum(m.raw.get("written_sex", m.sex) == "M" for m in club.members)
        women = len(club.members) - men
        ws.cell(
            row=row + 1,
            column=name_col,
            value=f"Tổng số: {len(club.members)} người (Nam {men}, Nữ {women})",
        )
        ws.cell(
            row=row + 2,
            column=name_col,
            value=f"Tổng cộng: {len(club.members) + n_left} thành viên "
            f"(đã trừ {n_left} người đã mất, chuyển đi)",
        )
        return row + 2
    ws.cell(row=row + 1, column=1, value="Tổng cộng").font = Font(bold=True)
    ws.cell(row=row + 1, column=table.index["birth"], value=len(club.members))
    return row + 1


def _signature(ws: Any, row: int, club: synth.SynthClub, width: int) -> None:
    ws.cell(row=row + 2, column=2, value="Người lập biểu").font = Font(bold=True)
    ws.cell(row=row + 2, column=max(6, width - 4), value="TM. BAN CHỦ NHIỆM").font = Font(bold=True)
    ws.cell(row=row + 3, column=max(6, width - 4), value="CHỦ NHIỆM").font = Font(bold=True)
    ws.cell(row=row + 7, column=max(6, width - 4), value=club.members[0].name).font = Font(
        bold=True
    )


def _subtotal(ws: Any, row: int, index: int, club: synth.SynthClub, table: _Table) -> None:
    """A section's subtotal: 'Cộng', 'Cộng CLB …', or a row of formulas alone."""
    birth = get_column_letter(table.index["birth"])
    first = row - len(club.members)
    if index % 3 == 0:
        ws.cell(row=row, column=table.index["name"], value="Cộng")
    elif index % 3 == 1:
        ws.cell(row=row, column=1, value=f"Cộng CLB {club.area}")
    for name, _ in FLAGS[:4]:
        letter = get_column_letter(table.index[name])
        ws.cell(
            row=row,
            column=table.index[name],
            value=f'=COUNTIF({letter}{first}:{letter}{row - 1},"x")',
        )
    ws.cell(row=row, column=table.index["birth"], value=f"=COUNTA({birth}{first}:{birth}{row - 1})")


def write_shape(
    wards: list[synth.SynthWard],
    path: Path,
    shape: Shape,
    plan: Plan,
    leavers: list[Leaver] = (),  # type: ignore[assignment]
) -> Written:
    """Write the wards' clubs in one file of this shape; several wards make a city sheet."""
    from openpyxl import Workbook

    written = Written()
    city = len(wards) > 1
    cols = columns(shape, city)
    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    if city or shape.sections:
        ws = wb.create_sheet("Danh sách")
        table = _Table(ws, shape, cols, written)
        row = table.header(_header_block(ws, wards, shape, len(cols)) + 2)
        for index, (ward, club) in enumerate((w, c) for w in wards for c in w.clubs):
            if shape.sections:
                row += 1
                ws.cell(row=row, column=1, value=ROMAN[index])
                ws.cell(row=row, column=2, value=club.name)
            extra = {"ward": ward.unit.full_name, "club_name": club.name} if city else {}
            row = _members(table, row, club, leavers, ws.title, **extra)
            if shape.sections:
                row += 1
                _subtotal(ws, row, index, club, table)
        _signature(ws, row, wards[0].clubs[0], len(cols))
    else:
        for club in wards[0].clubs:
            ws = wb.create_sheet(club.short_name[:31])
            table = _Table(ws, shape, cols, written)
            row = table.header(_header_block(ws, wards, shape, len(cols)) + 2)
            row = _members(table, row, club, leavers, ws.title)
            n_left = sum(lv.club == club.id for lv in leavers)
            row = _footer(ws, row, club, shape, table, n_left)
            if shape.sex == "codes-below":
                ws.cell(row=row + 2, column=2, value=SEX_CODES["codes-below"][2])
                row += 2
            _signature(ws, row, club, len(cols))
            if shape.sex == "codes-none":
                written.problems.append(
                    {"code": "sex-ambiguous", "club": None, "sheet": ws.title,
                     "row": table.header_row, "cell": table.cell(table.header_row, "sex"),
                     "field": "sex"}
                )  # fmt: skip
    _info_sheet(wb, wards, shape, plan)
    save_workbook(wb, Path(path), None)
    if shape.logo:
        add_logo(Path(path))
    return written


def _info_sheet(wb: Any, wards: list[synth.SynthWard], shape: Shape, plan: Plan) -> None:
    """The club information table: one row per club (with its ward in a city file), or
    transposed: one row per item, one column per club headed by its name."""
    ws = wb.create_sheet(synth.INFO_SHEET)
    ws.cell(row=1, column=1, value=synth.INFO_TITLE).font = Font(bold=True)
    clubs = [(w, c) for w in wards for c in w.clubs if c.has_info]
    if shape.info == "transposed":
        ws.cell(row=3, column=1, value="Nội dung").font = Font(bold=True)
        items: list[tuple[str, Any]] = [
            ("Quỹ tăng thu nhập (đồng)", lambda c: c.income_fund),
            ("Quỹ hoạt động (đồng)", lambda c: c.activity_fund),
            ("Có quy chế", lambda c: "Có" if c.regulation else "Không"),
            ("Số buổi sinh hoạt", lambda c: c.meetings),
        ]
        items += [
            (a.label, lambda c, a=a: "Có" if c.activities.get(a.id) else "Không")
            for a in plan.activities
        ]
        for col, (_, club) in enumerate(clubs, start=2):
            ws.cell(row=3, column=col, value=club.name).font = Font(bold=True)
            for r, (_, get) in enumerate(items, start=4):
                ws.cell(row=r, column=col, value=get(club))
        for r, (label, _) in enumerate(items, start=4):
            ws.cell(row=r, column=1, value=label)
        return
    header = synth._info_header(plan)
    if len(wards) > 1:
        header = [header[0], "Phường/Xã", *header[1:]]
    for col, label in enumerate(header, start=1):
        ws.cell(row=3, column=col, value=label).font = Font(bold=True)
    for r, (ward, club) in enumerate(clubs, start=4):
        values = synth._info_row(club, r - 3, plan)
        if len(wards) > 1:
            values = [values[0], ward.unit.full_name, *values[1:]]
        for col, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row=r, column=col, value=value)


def _png(width: int = 24, height: int = 24) -> bytes:
    """A small red square PNG, the ward's logo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xc0\x10\x10" * width for _ in range(height))
    head = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", head)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


_DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row>"
    '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="457200" cy="457200"/>'
    '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/><xdr:cNvPicPr/></xdr:nvPicPr>'
    '<xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>'
    '<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>'
    "<xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>"
)
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/{kind}" Target="{target}"/></Relationships>'
)


def add_logo(path: Path) -> None:
    """Put a logo image at A1 of the first sheet (openpyxl needs Pillow for images; this
    writes the drawing parts directly)."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    xml = xml.replace("</worksheet>", '<drawing r:id="rIdLogo"/></worksheet>')
    if "xmlns:r=" not in xml.split(">", 2)[1]:
        xml = xml.replace(
            "<worksheet ",
            f'<worksheet xmlns:r="{_REL_NS}" ',
            1,
        )
    parts[sheet] = xml.encode()
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = (
        _RELS.format(kind="drawing", target="../drawings/drawing1.xml")
        .replace('Id="rId1"', 'Id="rIdLogo"')
        .encode()
    )
    parts["xl/drawings/drawing1.xml"] = _DRAWING.encode()
    parts["xl/drawings/_rels/drawing1.xml.rels"] = _RELS.format(
        kind="image", target="../media/logo.png"
    ).encode()
    parts["xl/media/logo.png"] = _png()
    types = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Default Extension="png" ContentType="image/png"/>'
            '<Override PartName="/xl/drawings/drawing1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
        )
    )
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
