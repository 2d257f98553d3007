"""The problem catalogue: every data problem by code, with its severity, its title, its message
and the fix to suggest, in Vietnamese and English. Call sites name the code and the place; the
severity comes from here, so a code is an error or a warning everywhere, with one exception the
contract makes: `sex-ambiguous` is an error on a row but one warning for a whole column of sex
codes without a legend; that case is its own entry, `sex-ambiguous@column` (a problem carries
the code before the `@`).

A new problem code is one entry here (and its call site). Messages take their parameters in
{braces}; i18n.message formats them like every other text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ctg_check.model import Place

ERROR, WARNING = "error", "warning"

Text = tuple[str, str]  # (vi, en)


@dataclass(frozen=True)
class Entry:
    """What the catalogue knows about a problem code."""

    severity: str
    title: Text
    message: Text
    fix: Text


CATALOGUE: dict[str, Entry] = {
    # --- rows that cannot be read: rejected, counted and kept ---
    "member-name-missing": Entry(
        ERROR,
        ("Dòng thiếu họ tên", "Rows without a name"),
        (
            "Dòng có dữ liệu nhưng thiếu họ tên: dòng bị loại",
            "Row has data but no name: row rejected",
        ),
        (
            "Ghi họ tên thành viên, hoặc xóa dòng nếu không phải thành viên",
            "Write the member's name, or delete the row if it is not a member",
        ),
    ),
    "club-name-missing": Entry(
        ERROR,
        ("Dòng CLB thiếu tên", "Club rows without a name"),
        (
            "Dòng thông tin CLB có dữ liệu nhưng thiếu tên hoặc mã CLB: dòng bị loại",
            "Club information row has data but no club name or id: row rejected",
        ),
        ("Ghi tên hoặc mã CLB vào dòng", "Write the club's name or id on the row"),
    ),
    # --- members ---
    "sex-invalid": Entry(
        ERROR,
        ("Giới tính không hợp lệ", "Invalid sex"),
        (
            "Giới tính «{value}» không hợp lệ (ghi Nam hoặc Nữ)",
            "Sex «{value}» is not valid (write Nam or Nữ)",
        ),
        ("Ghi Nam hoặc Nữ", "Write Nam or Nữ"),
    ),
    "sex-ambiguous": Entry(
        ERROR,
        ("Giới tính không xác định", "Ambiguous sex"),
        (
            "Không xác định được giới tính: ghi ở cả cột Nam và cột Nữ, hoặc ghi bằng mã (1/2, "
            "0/1) mà không có chú thích",
            "Sex unknown: filled in both the Nam and the Nữ column, or written as codes (1/2, 0/1) "
            "without a legend",
        ),
        ("Chỉ ghi ở một cột, Nam hoặc Nữ", "Fill in only one column, Nam or Nữ"),
    ),
    "sex-missing": Entry(
        ERROR,
        ("Thiếu giới tính", "Sex missing"),
        (
            "Thiếu giới tính (không ghi Nam/Nữ, năm sinh không ở cột Nam hay Nữ)",
            "Sex missing (no Nam/Nữ, birth year in neither the Nam nor the Nữ column)",
        ),
        (
            "Ghi Nam hoặc Nữ, hoặc ghi năm sinh vào cột Nam hay cột Nữ",
            "Write Nam or Nữ, or write the birth year in the Nam or the Nữ column",
        ),
    ),
    "birth-invalid": Entry(
        ERROR,
        ("Năm sinh không hợp lệ", "Invalid birth year"),
        (
            "Năm sinh «{value}» không hợp lệ (ghi năm từ 1900 đến {max_year}, hoặc ngày "
            "dd/mm/yyyy)",
            "Birth «{value}» is not valid (a year from 1900 to {max_year}, or a date dd/mm/yyyy)",
        ),
        (
            "Ghi năm sinh bốn chữ số hoặc ngày sinh dd/mm/yyyy",
            "Write a four-digit birth year or a date dd/mm/yyyy",
        ),
    ),
    "birth-missing": Entry(
        ERROR,
        ("Thiếu năm sinh", "Birth year missing"),
        ("Thiếu năm sinh", "Birth year missing"),
        ("Ghi năm sinh của thành viên", "Write the member's birth year"),
    ),
    "flag-invalid": Entry(
        WARNING,
        ("Giá trị Có/Không không rõ", "Unclear yes/no values"),
        (
            "Giá trị «{value}» ở cột {column_name} không rõ (ghi x/Có hoặc để trống/Không): "
            "coi là chưa biết",
            "Value «{value}» in column {column_name} is unclear (write x/Có, or leave "
            "blank/Không): treated as unknown",
        ),
        ("Ghi x hoặc Có; để trống hoặc ghi Không", "Write x or Có; leave blank or write Không"),
    ),
    "money-invalid": Entry(
        WARNING,
        ("Số tiền không đọc được", "Unreadable amounts"),
        (
            "Số tiền «{value}» ở cột {column_name} không đọc được",
            "Amount «{value}» in column {column_name} cannot be read",
        ),
        (
            "Ghi số tiền bằng chữ số, tính bằng đồng (ví dụ 10000000)",
            "Write the amount in digits, in đồng (e.g. 10000000)",
        ),
    ),
    "number-invalid": Entry(
        WARNING,
        ("Số không đọc được", "Unreadable numbers"),
        (
            "Số «{value}» ở cột {column_name} không đọc được",
            "Number «{value}» in column {column_name} cannot be read",
        ),
        ("Ghi một số nguyên bằng chữ số", "Write a whole number in digits"),
    ),
    "loan-without-need": Entry(
        WARNING,
        ("Được vay nhưng không ghi nhu cầu", "Loan without a need"),
        (
            "Đã được vay vốn nhưng không ghi có nhu cầu vay",
            "Received a loan but no need for one is marked",
        ),
        (
            "Đánh dấu cột «Có nhu cầu vay vốn» cho thành viên đã được vay",
            "Mark «Có nhu cầu vay vốn» (needs a loan) for the member who received one",
        ),
    ),
    "duplicate-member": Entry(
        ERROR,
        ("Thành viên trùng", "Duplicate members"),
        (
            "Thành viên trùng: cùng họ tên và năm sinh với dòng {other}",
            "Duplicate member: same name and birth year as row {other}",
        ),
        (
            "Xóa dòng trùng, hoặc sửa họ tên, năm sinh nếu là hai người khác nhau",
            "Delete the duplicate row, or correct the name or birth year if they are two people",
        ),
    ),
    "member-in-several-clubs": Entry(
        WARNING,
        ("Thành viên ở nhiều CLB", "Members in several clubs"),
        (
            "Thành viên có tên trong nhiều CLB: {clubs}",
            "Member listed in several clubs: {clubs}",
        ),
        (
            "Kiểm tra và giữ thành viên ở một CLB",
            "Check the member and keep them in one club",
        ),
    ),
    # --- clubs ---
    "club-info-missing": Entry(
        ERROR,
        ("Thiếu thông tin CLB", "Club information missing"),
        (
            "CLB «{club_name}» có danh sách thành viên nhưng thiếu dòng thông tin CLB "
            "(quỹ, quy chế, hoạt động)",
            "Club «{club_name}» has members but no club information row "
            "(funds, regulation, activities)",
        ),
        (
            "Thêm một dòng cho CLB ở sheet CLB của mẫu báo cáo",
            "Add a row for the club on the template's CLB sheet",
        ),
    ),
    "club-without-members": Entry(
        WARNING,
        ("CLB không có thành viên", "Clubs without members"),
        (
            "CLB «{club_name}» có thông tin nhưng không có thành viên nào",
            "Club «{club_name}» has information but no members",
        ),
        (
            "Thêm danh sách thành viên của CLB, hoặc kiểm tra mã CLB ở hai sheet",
            "Add the club's members, or check the club id on both sheets",
        ),
    ),
    "club-id-collision": Entry(
        WARNING,
        ("Mã CLB trùng giữa các tệp", "Club ids used twice"),
        (
            "Mã CLB «{club_id}» trùng với CLB của {other}: trong tệp gộp dùng mã «{new_id}»",
            "Club id «{club_id}» is also used in {other}: the merged file uses «{new_id}»",
        ),
        (
            "Đặt mỗi CLB một mã riêng, ví dụ có mã phường, xã ở đầu",
            "Give each club its own id, e.g. starting with the ward's code",
        ),
    ),
    # --- files and wards ---
    "header-not-found": Entry(
        WARNING,
        ("Trang không có tiêu đề danh sách", "Sheets without a header"),
        (
            "Trang tính không có dòng tiêu đề danh sách thành viên hay CLB: bỏ qua",
            "Sheet has no member or club header row: skipped",
        ),
        (
            "Nếu trang có danh sách, thêm dòng tiêu đề (Họ và tên, Năm sinh, Giới tính…)",
            "If the sheet holds a list, add a header row (Họ và tên, Năm sinh, Giới tính…)",
        ),
    ),
    "no-members": Entry(
        ERROR,
        ("Tệp không có thành viên", "Files without members"),
        (
            "Tệp không có danh sách thành viên nào đọc được",
            "No member list could be read from the file",
        ),
        (
            "Gửi danh sách thành viên theo mẫu (ctg-check template)",
            "Send the member list in the standard template (ctg-check template)",
        ),
    ),
    "ward-unknown": Entry(
        ERROR,
        ("Không rõ phường, xã", "Ward not known"),
        (
            "Không xác định được phường, xã của tệp (thêm cột Phường/Xã hoặc dùng --ward)",
            "Cannot tell the ward of the file (add a Phường/Xã column or use --ward)",
        ),
        ("Thêm cột Phường/Xã hoặc dùng --ward", "Add a Phường/Xã column or use --ward"),
    ),
    "unit-unknown": Entry(
        ERROR,
        ("Phường, xã ngoài danh sách", "Ward not on the units list"),
        (
            "Phường, xã «{ward}» không có trong danh sách đơn vị {units}",
            "Ward «{ward}» is not in the units list {units}",
        ),
        (
            "Sửa tên phường, xã theo danh sách, hoặc chọn danh sách khác bằng --units",
            "Correct the ward's name to the list's, or choose another list with --units",
        ),
    ),
    "unit-other-list": Entry(
        ERROR,
        ("Phường, xã thuộc danh sách khác", "Ward on the other units list"),
        (
            "Phường, xã «{ward}» không có trong danh sách đơn vị {units} mà thuộc danh sách "
            "{other} («{name}»): dùng danh sách đó (--units {other})",
            "Ward «{ward}» is not in the units list {units} but in {other} («{name}»): use that "
            "list (--units {other})",
        ),
        ("Chọn danh sách đơn vị bằng --units", "Choose the units list with --units"),
    ),
    "duplicate-submission": Entry(
        WARNING,
        ("Tệp trùng nội dung", "Duplicate files"),
        (
            "Tệp trùng nội dung với {other}: bỏ qua",
            "File has the same content as {other}: set aside",
        ),
        ("Không cần làm gì; xóa bản trùng nếu muốn", "Nothing to do; delete the copy if you like"),
    ),
    "superseded-submission": Entry(
        WARNING,
        ("Tệp đã có bản mới hơn", "Superseded files"),
        (
            "Tệp cho {ward} đã có bản mới hơn {other} ({reason}): bỏ qua",
            "File for {ward} is superseded by {other} ({reason}): set aside",
        ),
        (
            "Kiểm tra đúng bản mới nhất được dùng; bỏ bản cũ ra khỏi thư mục",
            "Check that the latest version is used; move the old one out of the folder",
        ),
    ),
    # --- merged from main: the reader's stages, batch, encodings ---
    "ward-from-file-name": Entry(
        WARNING,
        (
            "Phường, xã lấy theo tên tệp",
            "Ward taken from the file name",
        ),
        (
            "Tệp không ghi phường, xã: lấy theo tên tệp là «{ward}»",
            "The file names no ward: ward taken from the file name, «{ward}»",
        ),
        (
            "Ghi tên phường, xã vào tiêu đề hoặc cột Phường/Xã của tệp",
            "Write the ward in the file's title or in a Phường/Xã column",
        ),
    ),
    "ward-from-other-file": Entry(
        WARNING,
        (
            "Phường, xã lấy theo tệp khác",
            "Ward taken from another file",
        ),
        (
            "Tệp không ghi phường, xã; danh sách thành viên giống hệt danh sách trong {other}: "
            "coi là của {ward}",
            "The file names no ward; its member list is the same as in {other}: taken as {ward}",
        ),
        (
            "Ghi tên phường, xã vào tiêu đề của tệp; bỏ bản trùng ra khỏi thư mục",
            "Write the ward in the file's title; move the duplicate out of the folder",
        ),
    ),
    "club-in-several-files": Entry(
        WARNING,
        (
            "CLB có ở nhiều tệp",
            "Clubs sent in several files",
        ),
        (
            "CLB «{club_name}» ({ward}) có ở cả tệp này và {other}: chỉ tính một lần, theo "
            "{kept} ({reason})",
            "Club «{club_name}» ({ward}) is in this file and in {other}: counted once, from "
            "{kept} ({reason})",
        ),
        (
            "Chỉ gửi mỗi CLB trong một tệp; bỏ bản cũ ra khỏi thư mục",
            "Send each club in one file only; move the old copy out of the folder",
        ),
    ),
    "member-left": Entry(
        WARNING,
        (
            "Người đã rời CLB",
            "Members who left the club",
        ),
        (
            "«{name}» đã rời CLB ({note}): không tính là thành viên",
            "«{name}» has left the club ({note}): not counted as a member",
        ),
        (
            "Nếu người này vẫn là thành viên, xóa ghi chú đã rời CLB",
            "If the person is still a member, remove the note saying they left",
        ),
    ),
    "member-struck-out": Entry(
        WARNING,
        (
            "Tên bị gạch",
            "Names struck through",
        ),
        (
            "«{name}» bị gạch tên: coi là đã rời CLB, không tính là thành viên",
            "«{name}» is struck through: taken as having left the club, not counted as a member",
        ),
        (
            "Nếu người này vẫn là thành viên, bỏ gạch tên; nếu không, xóa dòng",
            "If the person is still a member, remove the strike-through; if not, delete the row",
        ),
    ),
    "column-unrecognised": Entry(
        WARNING,
        (
            "Cột không nhận ra",
            "Columns not recognised",
        ),
        (
            "Cột «{column_name}» có dữ liệu nhưng không nhận ra tiêu đề: cột này bị bỏ qua",
            "Column «{column_name}» holds data under a header that is not recognised: column "
            "ignored",
        ),
        (
            "Đặt tiêu đề cột theo mẫu báo cáo (ctg-check template), hoặc xóa cột nếu không cần",
            "Give the column a header of the template (ctg-check template), or delete it if not "
            "needed",
        ),
    ),
    "row-looks-like-member": Entry(
        WARNING,
        (
            "Dòng giống thành viên ngoài danh sách",
            "Member-like rows outside the list",
        ),
        (
            "Dòng «{name}» trông như một thành viên nhưng không được tính: kiểm tra lại dòng này",
            "Row «{name}» looks like a member but is not counted: check this row",
        ),
        (
            "Đưa dòng vào danh sách thành viên (dưới dòng tiêu đề cột), hoặc xóa dòng",
            "Move the row into the member list (under the header row), or delete it",
        ),
    ),
    "row-after-footer": Entry(
        WARNING,
        (
            "Dòng sau phần tổng cộng, ký tên",
            "Rows after the totals or signatures",
        ),
        (
            "Dòng «{name}» trông như một thành viên nhưng nằm sau dòng tổng cộng hoặc chữ ký: "
            "không được tính (nếu là một danh sách khác, hãy thêm dòng tiêu đề cột)",
            "Row «{name}» looks like a member but comes after the total or signature lines: not "
            "counted (if it is another list, give it a header row)",
        ),
        (
            "Đưa dòng lên trên dòng tổng cộng, hoặc thêm dòng tiêu đề cột cho danh sách này",
            "Move the row above the total line, or give this list a header row",
        ),
    ),
    "birth-two-digit": Entry(
        WARNING,
        (
            "Năm sinh ghi hai chữ số",
            "Two-digit birth years",
        ),
        (
            "Năm sinh chỉ ghi hai chữ số («{value}»): đã hiểu theo thế kỷ cho tuổi từ 16 đến "
            "110 (ví dụ 50 là 1950); nên ghi đủ bốn chữ số cho cả cột",
            "Birth year written with two digits («{value}»): read in the century that gives an "
            "age from 16 to 110 (50 is 1950); write four digits in the whole column",
        ),
        (
            "Ghi năm sinh đủ bốn chữ số",
            "Write the birth year with four digits",
        ),
    ),
    # the contract's one warning for a whole column of sex codes without a legend (a row's
    # sex-ambiguous is an error)
    "sex-ambiguous@column": Entry(
        WARNING,
        ("Giới tính không xác định", "Ambiguous sex"),
        (
            "Không xác định được giới tính: ghi ở cả cột Nam và cột Nữ, hoặc ghi bằng mã (1/2, "
            "0/1) mà không có chú thích",
            "Sex unknown: filled in both the Nam and the Nữ column, or written as codes (1/2, 0/1) "
            "without a legend",
        ),
        (
            "Thêm chú thích mã dưới bảng (ví dụ 1 = Nam, 2 = Nữ), hoặc ghi Nam/Nữ",
            "Add a legend under the table (for example 1 = Nam, 2 = Nữ), or write Nam/Nữ",
        ),
    ),
    # --- files that cannot be read: listed in the JSON problems as errors of the file ---
    "file-unreadable": Entry(
        ERROR,
        (
            "Tệp không đọc được",
            "Unreadable files",
        ),
        (
            "Không đọc được tệp: {what}",
            "Cannot read the file: {what}",
        ),
        (
            "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại",
            "Open the file in Excel, save it as .xlsx and send it again",
        ),
    ),
    "file-encrypted": Entry(
        ERROR,
        (
            "Tệp có mật khẩu",
            "Password-protected files",
        ),
        (
            "Tệp có mật khẩu: hãy gỡ mật khẩu rồi gửi lại",
            "The file is password-protected: remove the password and send it again",
        ),
        (
            "Gỡ mật khẩu của tệp rồi gửi lại",
            "Remove the file's password and send it again",
        ),
    ),
    "file-too-large": Entry(
        ERROR,
        (
            "Tệp quá lớn hoặc bất thường",
            "Files too large or abnormal",
        ),
        (
            "Tệp quá lớn hoặc bất thường, không đọc để an toàn: {what}",
            "The file is too large or abnormal and was not read, for safety: {what}",
        ),
        (
            "Lưu lại tệp chỉ với danh sách CLB và thành viên rồi gửi lại",
            "Save the file with only the club and member lists and send it again",
        ),
    ),
}


def _pick(pair: Text, lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def entry(code: str) -> Entry:
    """The catalogue's entry for a problem code; a code not in it is a programming error."""
    try:
        return CATALOGUE[code]
    except KeyError:
        raise KeyError(f"problem code {code!r} is not in the catalogue (problems.py)") from None


def title(code: str, lang: str = "vi") -> str:
    """A problem's short title, to head a group of problems of one code."""
    return _pick(entry(code).title, lang)


def fix(code: str, lang: str = "vi") -> str:
    """What to do about a problem, in a line."""
    return _pick(entry(code).fix, lang)


@dataclass(frozen=True)
class Problem:
    """A data problem: a kebab-case code, its severity (from the catalogue) and its place."""

    severity: str
    code: str
    place: Place
    club: str | None = None
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "vi") -> str:
        from ctg_check.i18n import message  # i18n reads this catalogue's messages

        return message(self.code, lang, **self.params)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        from ctg_check.i18n import title  # the code itself for a file error not catalogued

        cell = self.place.cell
        return {
            "severity": self.severity,
            "code": self.code,
            "title": title(self.code, lang),
            "message": self.message(lang),
            "file": self.place.file,
            "sheet": self.place.sheet,
            "cell": cell,
            "row": self.place.row,
            "column": cell.rstrip("0123456789") if cell else None,
            "column_name": self.params.get("column_name"),
            "club": self.club,
        }


def problem(code: str, place: Place, club: str | None = None, **params: Any) -> Problem:
    """A problem of a catalogued code at a place, with its message's parameters. `code@case`
    names a case of a code with a severity of its own; the problem carries the code."""
    return Problem(entry(code).severity, code.split("@")[0], place, club, params)
