"""The blank standard submission workbook (DESIGN.md section 6).

Sheets, columns and labels come from `ctg_check.schema`; this module only lays them out: a guide
sheet in Vietnamese, styled header rows, drop-down lists and the plan id in a hidden defined name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ctg_check import schema
from ctg_check.plan import Plan
from ctg_check.schema import Column
from ctg_check.writers import save_workbook

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

LAST_ROW = 2000  # data validations cover rows 2..LAST_ROW
HEADER_FILL = "DDEBF7"
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"

GUIDE_TITLE = "HƯỚNG DẪN ĐIỀN DANH SÁCH CÂU LẠC BỘ LIÊN THẾ HỆ TỰ GIÚP NHAU"
GUIDE_GENERAL = (
    "Mỗi câu lạc bộ ghi một dòng ở sheet «{clubs}»; mỗi thành viên một dòng ở sheet «{members}».",
    "Không đổi tên sheet; không sửa, xóa hay đổi thứ tự dòng tiêu đề (dòng 1); không gộp ô.",
    "Mã CLB ở sheet «{members}» phải giống hệt Mã CLB ở sheet «{clubs}» (ví dụ P1-01).",
    "Ô có mũi tên thả xuống: bấm vào ô và chọn trong danh sách ({male}/{female}, {yes}/{no}).",
    "Số tiền ghi bằng đồng, chỉ ghi số, không ghi chữ «đồng» (ví dụ 25000000).",
    "Không ghi dòng «Tổng cộng» hay phần chữ ký vào cuối danh sách.",
    "Kiểm tra tệp trước khi gửi bằng lệnh: ctg-check validate <tên tệp>",
)
CLUB_HELP = {
    "club_id": "mã ngắn, không trùng nhau, ví dụ P1-01. Dùng đúng mã này ở sheet «{members}».",
    "club_name": "tên đầy đủ của câu lạc bộ, ví dụ CLB LTHTGN Phường 1 - Khu phố 3.",
    "ward": "phường, xã nơi câu lạc bộ hoạt động, ví dụ Phường 1, Xã Long Sơn.",
    "province": "tỉnh, thành phố.",
    "founded": "ngày thành lập, dạng ngày/tháng/năm, ví dụ 15/03/2019.",
    "income_fund": "số tiền hiện có của quỹ, tính bằng đồng. Chưa có quỹ thì ghi 0.",
    "activity_fund": "số tiền hiện có của quỹ, tính bằng đồng. Chưa có quỹ thì ghi 0.",
    "regulation": "chọn {yes} nếu câu lạc bộ đã có quy chế hoạt động, {no} nếu chưa.",
    "meetings": "số buổi sinh hoạt trong năm, ghi số, ví dụ 12.",
}
ACTIVITIES_HELP = (
    "Các cột hoạt động ({labels}): chọn {yes} nếu trong năm câu lạc bộ đã thực hiện hoạt động đó, "
    "{no} nếu chưa."
)
MEMBER_HELP = {
    "stt": "số thứ tự 1, 2, 3…",
    "club_id": "mã của câu lạc bộ mà người này tham gia, giống mã ở sheet «{clubs}».",
    "name": "bắt buộc; họ, chữ đệm và tên đầy đủ, có dấu, ví dụ Nguyễn Thị Hoa.",
    "birth": "năm sinh 4 chữ số (ví dụ 1958) hoặc ngày sinh đầy đủ (ví dụ 05/07/1958).",
    "sex": "chọn {male} hoặc {female}.",
    "address": "tổ, khu phố (thôn, ấp) nơi ở.",
    "role": "Chủ nhiệm, Phó chủ nhiệm, Thư ký, Thủ quỹ hoặc Thành viên.",
    "note": "ghi chú khác, nếu có.",
}
FLAGS_HELP = "{labels}: chọn {yes} nếu đúng với thành viên, {no} (hoặc để trống) nếu không."
LOAN_HELP = (
    "{labels}: chọn {yes} hoặc {no}. Chỉ ghi {yes} ở cột «{received}» cho người có nhu cầu vay."
)
LOAN_FIELDS = ("loan_needed", "loan_received")
LIST_ERROR = "Chọn một giá trị trong danh sách: {values}."
YEAR_PROMPT = "Năm sinh 4 chữ số (ví dụ 1958) hoặc ngày sinh đầy đủ (ví dụ 05/07/1958)."
YEAR_ERROR = (
    "Năm sinh nên ghi 4 chữ số, từ 1900 đến 2100. Nếu là ngày sinh đầy đủ, chọn Yes để giữ."
)


def _words() -> dict[str, str]:
    return {
        "clubs": schema.SHEET_CLUBS,
        "members": schema.SHEET_MEMBERS,
        "yes": schema.YES,
        "no": schema.NO,
        "male": schema.MALE,
        "female": schema.FEMALE,
    }


def guide_lines(plan: Plan) -> list[tuple[str, str]]:
    """The guide sheet as (style, text) lines; style is title, heading, item or plain."""
    words = _words()
    month, day = plan.report_due.split("-")
    lines: list[tuple[str, str]] = [
        ("title", GUIDE_TITLE),
        ("plain", f"Căn cứ: {plan.title}"),
        ("plain", f"Mẫu chỉ tiêu: {plan.id}. Hạn gửi báo cáo: trước ngày {day}/{month} hằng năm."),
        ("plain", ""),
        ("heading", "Cách điền chung"),
    ]
    lines += [("item", "• " + text.format(**words)) for text in GUIDE_GENERAL]

    lines += [("plain", ""), ("heading", f"Sheet «{schema.SHEET_CLUBS}» — mỗi câu lạc bộ một dòng")]
    lines += [
        ("item", f"• {col.vi}: {CLUB_HELP[col.field].format(**words)}")
        for col in schema.CLUB_COLUMNS
    ]
    labels = ", ".join(a.label for a in plan.activities)
    lines.append(("item", "• " + ACTIVITIES_HELP.format(labels=labels, **words)))

    lines += [
        ("plain", ""),
        ("heading", f"Sheet «{schema.SHEET_MEMBERS}» — mỗi thành viên một dòng"),
    ]
    by_field = {col.field: col for col in schema.MEMBER_COLUMNS}
    for col in schema.MEMBER_COLUMNS:
        if col.field in schema.FLAG_FIELDS[1:] or col.field == LOAN_FIELDS[1]:
            continue  # described together with the first column of their group
        if col.field == schema.FLAG_FIELDS[0]:
            group = ", ".join(by_field[f].vi for f in schema.FLAG_FIELDS)
            text = FLAGS_HELP.format(labels=group, **words)
        elif col.field == LOAN_FIELDS[0]:
            group = ", ".join(by_field[f].vi for f in LOAN_FIELDS)
            received = by_field[LOAN_FIELDS[1]].vi
            text = LOAN_HELP.format(labels=group, received=received, **words)
        else:
            text = f"{col.vi}: {MEMBER_HELP[col.field].format(**words)}"
        lines.append(("item", "• " + text))
    return lines


def template_workbook(plan: Plan) -> Workbook:
    """The standard workbook as an openpyxl object, ready to save or to fill with rows."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
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


def write_template(plan: Plan, out: Path) -> None:
    """Write the blank standard workbook for `plan` to `out`, atomically and reproducibly."""
    save_workbook(template_workbook(plan), Path(out), "template")


def _write_guide(ws: Worksheet, plan: Plan) -> None:
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width = 120
    wrap = Alignment(wrap_text=True, vertical="top")
    fonts = {"title": Font(bold=True, size=14), "heading": Font(bold=True, size=12)}
    for row, (style, text) in enumerate(guide_lines(plan), start=1):
        cell = ws.cell(row=row, column=1, value=text or None)
        cell.alignment = wrap
        if style in fonts:
            cell.font = fonts[style]


def _header_sheet(ws: Worksheet, columns: tuple[Column, ...]) -> None:
    """Header row, widths, number formats and drop-down lists for one data sheet."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    align = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for index, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=col.vi)
        cell.font, cell.fill, cell.alignment = bold, fill, align
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = col.width
        if col.kind == "money":
            ws.column_dimensions[letter].number_format = MONEY_FORMAT
        elif col.kind == "date":
            ws.column_dimensions[letter].number_format = DATE_FORMAT
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

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
