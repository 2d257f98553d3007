"""The blank standard submission workbook (DESIGN.md section 6).

Sheets, columns and labels come from `ctg_check.schema`; this module only lays them out: a guide
sheet in Vietnamese (what a ward sends, how to fill each column, with an example), styled header
rows, drop-down lists, the plan id in a hidden defined name, and every sheet printable on A4.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ctg_check import schema
from ctg_check.normalize import fold
from ctg_check.plan import Plan
from ctg_check.schema import Column
from ctg_check.writers import DEFAULTS, WriteOptions, kit, save_workbook
from ctg_check.writers.kit import DATE_FORMAT, FONT, HEADER_FILL, MONEY_FORMAT, new_workbook
from ctg_check.writers.measure import row_height, text_lines

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

LAST_ROW = 2000  # data validations cover rows 2..LAST_ROW

GUIDE_TITLE = "HƯỚNG DẪN ĐIỀN DANH SÁCH CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU"
EXAMPLE_UNITS = "vung-tau-2025"  # the wards named as examples: the units in force since 1/7/2025
GUIDE_SEND = (
    "Mỗi phường, xã gửi lại chính tệp này (đủ 3 sheet, giữ dạng .xlsx; không gửi bản PDF, ảnh "
    "chụp hay bản in) cho nơi đã gửi mẫu, trước ngày {due} hằng năm.",
    "Một tệp gồm mọi câu lạc bộ của phường, xã: mỗi câu lạc bộ một dòng ở sheet «{clubs}», mỗi "
    "thành viên một dòng ở sheet «{members}». Đặt tên tệp theo tên phường, xã, ví dụ "
    "{file_example}.",
    "Gửi bản mới thay bản cũ khi có sửa đổi: gửi cả tệp, ghi rõ «bản sửa» trong thư gửi kèm.",
    "Trước khi gửi, xem lại: mỗi câu lạc bộ có Mã CLB riêng; mọi thành viên ở sheet «{members}» "
    "ghi Mã CLB có trong sheet «{clubs}»; đủ họ tên, năm sinh, giới tính; các cột Có/Không đã "
    "chọn.",
)
GUIDE_GENERAL = (
    "Không đổi tên sheet; không sửa, xóa hay đổi thứ tự dòng tiêu đề (dòng 1); không gộp ô.",
    "Ô có mũi tên thả xuống: bấm vào ô và chọn trong danh sách ({male}/{female}, {yes}/{no}).",
    "Số tiền ghi bằng đồng, chỉ ghi số, không ghi chữ «đồng» (ví dụ 25000000).",
    "Không ghi dòng «Tổng cộng» hay phần chữ ký vào cuối danh sách.",
    "Phường, xã ghi theo tên hiện hành (từ ngày 1/7/2025), ví dụ {wards}. Tên cũ trước khi sắp "
    "xếp (Phường 1, Phường Thắng Tam…) vẫn được nhận, nhưng nên ghi tên mới.",
    "Tỉnh/Thành phố ghi tên tỉnh, thành phố trực thuộc trung ương hiện hành, ví dụ {province}; "
    "không ghi quận, huyện hay thành phố thuộc tỉnh (đã bỏ cấp huyện từ ngày 1/7/2025).",
)
GUIDE_TABLE = ("Cột", "Cách ghi", "Ví dụ")
CLUB_HELP = {
    "club_id": "mã ngắn, không trùng nhau; dùng đúng mã này ở sheet «{members}».",
    "club_name": "tên đầy đủ của câu lạc bộ.",
    "ward": "phường, xã nơi câu lạc bộ hoạt động, theo tên hiện hành.",
    "province": "tỉnh, thành phố trực thuộc trung ương hiện hành.",
    "founded": "ngày thành lập, dạng ngày/tháng/năm.",
    "income_fund": "số tiền hiện có của quỹ, tính bằng đồng. Chưa có quỹ thì ghi 0.",
    "activity_fund": "số tiền hiện có của quỹ, tính bằng đồng. Chưa có quỹ thì ghi 0.",
    "regulation": "chọn {yes} nếu câu lạc bộ đã có quy chế hoạt động, {no} nếu chưa.",
    "meetings": "số buổi sinh hoạt trong năm, ghi số.",
}
ACTIVITY_HELP = "chọn {yes} nếu trong năm câu lạc bộ đã thực hiện hoạt động này, {no} nếu chưa."
MEMBER_HELP = {
    "stt": "số thứ tự 1, 2, 3…",
    "club_id": "mã của câu lạc bộ mà người này tham gia, giống mã ở sheet «{clubs}».",
    "name": "bắt buộc; họ, chữ đệm và tên đầy đủ, có dấu.",
    "birth": "năm sinh 4 chữ số, hoặc ngày sinh đầy đủ (05/07/1958).",
    "sex": "chọn {male} hoặc {female}.",
    "address": "tổ, khu phố (thôn, ấp) nơi ở.",
    "poor": "chọn {yes} nếu đúng với thành viên, {no} (hoặc để trống) nếu không.",
    "near_poor": "chọn {yes} nếu đúng với thành viên, {no} (hoặc để trống) nếu không.",
    "disabled": "chọn {yes} nếu đúng với thành viên, {no} (hoặc để trống) nếu không.",
    "hardship": "chọn {yes} nếu đúng với thành viên, {no} (hoặc để trống) nếu không.",
    "loan_needed": "chọn {yes} nếu thành viên có nhu cầu vay vốn, {no} nếu không.",
    "loan_received": "chọn {yes} nếu đã được vay; chỉ ghi {yes} cho người có nhu cầu vay.",
    "role": "Chủ nhiệm, Phó chủ nhiệm, Thư ký, Thủ quỹ hoặc Thành viên.",
    "note": "ghi chú khác, nếu có.",
}
# the example row of each sheet (synthetic): the column's field -> the value shown
CLUB_EXAMPLE = {
    "club_id": "VT-01",
    "club_name": "CLB LTHTGN {ward} - Khu phố 3",
    "ward": "{ward}",
    "province": "{province}",
    "founded": "15/03/2019",
    "income_fund": "25000000",
    "activity_fund": "3000000",
    "regulation": "{yes}",
    "meetings": "12",
}
MEMBER_EXAMPLE = {
    "stt": "1",
    "club_id": "VT-01",
    "name": "Nguyễn Thị Hoa",
    "birth": "1958",
    "sex": "{female}",
    "address": "Tổ 5, Khu phố 3",
    "poor": "{no}",
    "near_poor": "{yes}",
    "disabled": "{no}",
    "hardship": "{no}",
    "loan_needed": "{yes}",
    "loan_received": "{yes}",
    "role": "Thành viên",
    "note": "",
}
LIST_ERROR = "Chọn một giá trị trong danh sách: {values}."
YEAR_PROMPT = "Năm sinh 4 chữ số (ví dụ 1958) hoặc ngày sinh đầy đủ (ví dụ 05/07/1958)."
YEAR_ERROR = (
    "Năm sinh nên ghi 4 chữ số, từ 1900 đến 2100. Nếu là ngày sinh đầy đủ, chọn Yes để giữ."
)


def _words() -> dict[str, str]:
    from ctg_check.units import load_units

    units = load_units(EXAMPLE_UNITS).units
    ward = units[0].name
    return {
        "clubs": schema.SHEET_CLUBS,
        "members": schema.SHEET_MEMBERS,
        "yes": schema.YES,
        "no": schema.NO,
        "male": schema.MALE,
        "female": schema.FEMALE,
        "ward": ward,
        "wards": ", ".join(u.name for u in units),
        "province": units[0].parent,
        "file_example": fold(ward).replace(" ", "-") + ".xlsx",
    }


Row = tuple[str, tuple[str, ...]]  # a style (title, plain, heading, item, head, column) and cells


def guide_rows(plan: Plan) -> list[Row]:
    """The guide sheet: what to send, how to fill it in, then each column with an example."""
    words = _words()
    month, day = plan.report_due.split("-")
    due = f"{day}/{month}"
    rows: list[Row] = [
        ("title", (GUIDE_TITLE,)),
        ("plain", (f"Căn cứ: {plan.title}.",)),
        ("plain", (f"Mẫu chỉ tiêu: {plan.id}. Hạn gửi: trước ngày {due} hằng năm.",)),
        ("heading", ("Gửi gì, gửi thế nào",)),
    ]
    rows += [("item", ("• " + t.format(due=due, **words),)) for t in GUIDE_SEND]
    rows += [("heading", ("Cách điền chung",))]
    rows += [("item", ("• " + t.format(**words),)) for t in GUIDE_GENERAL]
    rows += [("heading", (f"Sheet «{schema.SHEET_CLUBS}»: mỗi câu lạc bộ một dòng",))]
    rows.append(("head", GUIDE_TABLE))
    rows += [
        ("column", (col.vi, CLUB_HELP[col.field], CLUB_EXAMPLE[col.field]))
        for col in schema.CLUB_COLUMNS
    ]
    rows += [("column", (a.label, ACTIVITY_HELP, "{yes}")) for a in plan.activities]
    rows += [("heading", (f"Sheet «{schema.SHEET_MEMBERS}»: mỗi thành viên một dòng",))]
    rows.append(("head", GUIDE_TABLE))
    rows += [
        ("column", (col.vi, MEMBER_HELP[col.field], MEMBER_EXAMPLE[col.field]))
        for col in schema.MEMBER_COLUMNS
    ]
    return [(style, tuple(c.format(**words) for c in cells)) for style, cells in rows]


def template_workbook(plan: Plan) -> Workbook:
    """The standard workbook as an openpyxl object, ready to save or to fill with rows."""
    from openpyxl.workbook.defined_name import DefinedName

    wb = new_workbook()
    guide = wb.active
    assert guide is not None
    guide.title = schema.SHEET_GUIDE
    _write_guide(guide, plan)
    _header_sheet(wb.create_sheet(schema.SHEET_CLUBS), schema.club_columns(plan))
    _header_sheet(wb.create_sheet(schema.SHEET_MEMBERS), schema.MEMBER_COLUMNS)
    wb.defined_names[schema.PLAN_NAME] = DefinedName(
        schema.PLAN_NAME, attr_text=f'"{plan.id}"', hidden=True
    )
    return wb


def write_template(plan: Plan, out: Path, options: WriteOptions = DEFAULTS) -> None:
    """Write the blank standard workbook for `plan` to `out`, atomically and reproducibly (its
    texts are Vietnamese, the wards' language, whatever `options.lang`)."""
    save_workbook(template_workbook(plan), Path(out), "template")


GUIDE_WIDTHS = (26, 50, 26)  # about 190 mm: A4 portrait at 100 %


def _write_guide(ws: Worksheet, plan: Plan) -> None:
    from openpyxl.styles import Alignment, Font

    kit.set_widths(ws, GUIDE_WIDTHS)
    wrap = Alignment(wrap_text=True, vertical="top")
    fonts = {
        "title": Font(name=FONT, bold=True, size=14),
        "heading": Font(name=FONT, bold=True, size=12),
        "head": Font(name=FONT, bold=True),
    }
    row = 0
    for style, cells in guide_rows(plan):
        row += 1
        if style == "heading":
            row += 1  # a blank line before each part
        for col, text in enumerate(cells, start=1):
            cell = ws.cell(row=row, column=col, value=text or None)
            cell.alignment = wrap
            cell.font = fonts.get(style, Font(name=FONT, bold=style == "column" and col == 1))
            if style in ("head", "column"):
                cell.border = kit.openpyxl_style(kit.border())
            if style == "head":
                cell.fill = kit.openpyxl_style(kit.fill(HEADER_FILL))
        if len(cells) == 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        ws.row_dimensions[row].height = _guide_height(style, cells)
    kit.page_setup(ws, portrait=True)


def _guide_height(style: str, cells: tuple[str, ...]) -> float:
    """Points a guide row needs: its longest cell wrapped in its column (or the three merged)."""
    size = {"title": 14, "heading": 12}.get(style, 11)
    widths = (sum(GUIDE_WIDTHS),) if len(cells) == 1 else GUIDE_WIDTHS
    bold = style in ("title", "heading", "head")
    lines = max(text_lines(t, w, size, bold) for t, w in zip(cells, widths, strict=False))
    return row_height(lines, size)


def _header_sheet(ws: Worksheet, columns: tuple[Column, ...]) -> None:
    """Header row, widths, number formats and drop-down lists for one data sheet."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(name=FONT, bold=True)
    align = Alignment(wrap_text=True, horizontal="center", vertical="center")
    header_fill = kit.openpyxl_style(kit.fill(HEADER_FILL))
    for index, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=col.vi)
        cell.font, cell.fill, cell.alignment = bold, header_fill, align
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = col.width
        if col.kind == "money":
            ws.column_dimensions[letter].number_format = MONEY_FORMAT
        elif col.kind == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT
    lines = max(text_lines(col.vi, col.width, bold=True) for col in columns)
    ws.row_dimensions[1].height = max(45, row_height(lines))
    ws.freeze_panes = "A2"
    kit.page_setup(ws, title_rows=(1, 1))
    _drop_downs(ws, columns)


def _drop_downs(ws: Worksheet, columns: tuple[Column, ...]) -> None:
    """The lists (sex, yes/no) and the birth-year range of the data rows, column by column."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def ranges(kind: str) -> list[str]:
        return [
            f"{get_column_letter(i)}2:{get_column_letter(i)}{LAST_ROW}"
            for i, col in enumerate(columns, start=1)
            if col.kind == kind
        ]

    for kind, values in (
        ("sex", (schema.MALE, schema.FEMALE)),
        ("flag", (schema.YES, schema.NO)),
    ):
        sqref = ranges(kind)
        if not sqref:
            continue
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            showErrorMessage=True,
            error=LIST_ERROR.format(values=", ".join(values)),
        )
        for ref in sqref:
            dv.add(ref)
        ws.add_data_validation(dv)
    sqref = ranges("year")
    if sqref:
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1="1900",
            formula2="2100",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="warning",
            prompt=YEAR_PROMPT,
            error=YEAR_ERROR,
        )
        for ref in sqref:
            dv.add(ref)
        ws.add_data_validation(dv)
