"""Every user-facing text, in Vietnamese and English, in one catalogue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ctg_check.problems import CATALOGUE

LANGS = ("vi", "en")

# code -> (vi, en); parameters in {braces}. Data problems (their messages, severities, titles
# and fixes) are in problems.CATALOGUE; message() reads both.
MESSAGES: dict[str, tuple[str, str]] = {
    # file errors
    "file-not-found": ("Không tìm thấy tệp hoặc thư mục {path}", "No such file or folder: {path}"),
    "no-input": (
        "Không có tệp bảng tính nào trong {path}",
        "No spreadsheet files found in {path}",
    ),
    "plan-not-found": (
        "Không có kế hoạch «{name}». Các kế hoạch có sẵn: {known}",
        "No plan «{name}». Built-in plans: {known}",
    ),
    "plan-invalid": (
        "Kế hoạch {source} sai ở khóa «{key}»: {reason}",
        "Plan {source} is wrong at key «{key}»: {reason}",
    ),
    "units-not-found": (
        "Không có danh sách đơn vị «{name}». Có sẵn: {known}",
        "No units list «{name}». Built-in lists: {known}",
    ),
    "units-invalid": (
        "Danh sách đơn vị {source} sai ở dòng {line}: {reason}",
        "Units list {source} is wrong at line {line}: {reason}",
    ),
    "output-is-input": (
        "Không ghi đè lên tệp đầu vào {path}: hãy chọn tên khác hoặc thư mục khác cho tệp kết "
        "quả (-o)",
        "Refusing to write over the input file {path}: choose another name or folder for the "
        "output (-o)",
    ),
    "output-invalid": ("Không ghi được {path}: {reason}", "Cannot write {path}: {reason}"),
    "internal-error": (
        "Lỗi trong chương trình khi đọc ({detail}). Chạy lại với --verbose và gửi kết quả cho "
        "người phát triển",
        "Internal error while reading ({detail}). Run again with --verbose and send the output "
        "to the developers",
    ),
    "annotate-one-file": (
        "--annotate chỉ dùng với một tệp",
        "--annotate works with one file at a time",
    ),
    "year-invalid": (
        "Năm báo cáo «{value}» không hợp lệ (bốn chữ số, từ 2000 đến 2100)",
        "Reporting year «{value}» is not valid (four digits, 2000 to 2100)",
    ),
    "as-of-invalid": (
        "Ngày tham chiếu «{value}» không hợp lệ (ghi dd/mm/yyyy, ví dụ 10/12/2025)",
        "Reference date «{value}» is not valid (use dd/mm/yyyy or yyyy-mm-dd)",
    ),
    # --- report ---
    "signer-invalid": (
        "Người ký «{value}» không hợp lệ: ghi ba phần «thẩm quyền|chức vụ|họ tên», ví dụ "
        "«TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH|Nguyễn Văn An» (phần nào chưa có thì để trống giữa "
        "hai dấu |)",
        "Signer «{value}» is not valid: give three parts «authority|title|name», e.g. "
        "«TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH|Nguyễn Văn An» (leave a part empty between the | signs)",
    ),
    # --- annotate ---
    "annotate-failed": (
        "Không ghi được bản có đánh dấu của {path}: {what}",
        "Cannot annotate {path}: {what}",
    ),
    # --- registry ---
    "plan-unknown-indicator": (
        "Kế hoạch {source} sai ở khóa «{key}»: không có chỉ tiêu «{name}». Các chỉ tiêu có sẵn: "
        '{known}. Muốn thêm chỉ tiêu tỷ lệ mới thì ghi kind = "share", count, of, min và '
        "label_vi, label_en",
        "Plan {source} is wrong at key «{key}»: no indicator «{name}». Known indicators: {known}. "
        'To add a new share, give kind = "share", count, of, min, label_vi and label_en',
    ),
    "plan-unknown-counter": (
        "Kế hoạch {source} sai ở khóa «{key}»: không có số liệu đếm «{name}». Các số liệu đếm "
        "có sẵn: {known}",
        "Plan {source} is wrong at key «{key}»: no counter «{name}». Known counters: {known}",
    ),
    # --- batch ---
    "output-skipped": (
        "Tệp do ctg-check ghi ra ({reason}), không phải tệp báo cáo: không đọc",
        "Written by ctg-check ({reason}), not a submission: not read",
    ),
    "special-file": (
        "Không phải tệp thông thường ({reason}): không đọc",
        "Not a regular file ({reason}): not read",
    ),
    "blank-template": (
        "Mẫu báo cáo chưa điền (không có thành viên nào): không tính",
        "Blank template (no member rows): not counted",
    ),
    "counted-elsewhere": (
        "Mọi CLB của tệp đã được tính theo tệp khác ({other}): tệp không được tính thêm",
        "Every club of this file is counted from another file ({other}): the file adds nothing",
    ),
    "input-not-regular": (
        "{path} không phải tệp thông thường (thư mục, ống dẫn hay thiết bị): không đọc",
        "{path} is not a regular file (a folder, a pipe or a device): not read",
    ),
    "input-too-large": (
        "Tệp {path} quá lớn ({size} byte, tối đa {limit}): không đọc",
        "The file {path} is too large ({size} bytes, at most {limit}): not read",
    ),
    # --- serve ---
    "upload-unsafe-name": (
        "Tên tệp «{name}» không an toàn (đường dẫn tuyệt đối hoặc có «..»): không nhận",
        "File name «{name}» is unsafe (an absolute path or «..»): refused",
    ),
    "upload-too-large": (
        "Tệp tải lên «{name}» vượt giới hạn {limit}: không nhận",
        "Upload «{name}» is over the {limit} limit: refused",
    ),
    "upload-batch-too-large": (
        "Tổng dung lượng tải lên vượt giới hạn {limit}: không nhận. Hãy chia thành nhiều lần",
        "The upload as a whole is over the {limit} limit: refused. Send it in several parts",
    ),
    "upload-zip-bomb": (
        "Tệp nén «{name}» có «{entry}» giải nén ra quá lớn so với kích thước nén: không nhận",
        "Archive «{name}» holds «{entry}», which expands far beyond its compressed size: refused",
    ),
    "upload-too-many": (
        "«{name}» có quá nhiều tệp (tối đa {limit}): không nhận",
        "«{name}» holds too many files (at most {limit}): refused",
    ),
    "upload-zip-link": (
        "Tệp nén «{name}» chứa liên kết «{entry}»: không nhận",
        "Archive «{name}» holds a link «{entry}»: refused",
    ),
    "upload-bad-zip": (
        "Tệp nén «{name}» bị hỏng hoặc không mở được ({detail})",
        "Archive «{name}» is damaged or cannot be opened ({detail})",
    ),
    "web-csrf": (
        "Phiên làm việc không hợp lệ (thiếu hoặc sai mã bảo vệ). Hãy tải lại trang",
        "Invalid session (the form token is missing or wrong). Reload the page",
    ),
    "web-bad-form": ("Dữ liệu gửi lên không đọc được", "The form data cannot be read"),
    "web-no-files": ("Chưa chọn tệp nào", "No file chosen"),
    "web-no-job": (
        "Không tìm thấy lượt kiểm tra này (đã xóa hoặc hết hạn). Hãy chọn tệp và kiểm tra lại",
        "This check no longer exists (deleted or expired). Choose the files and check again",
    ),
    "web-not-ready": ("Chưa đọc xong, hãy đợi", "Still reading, please wait"),
    "serve-token-required": (
        "Phục vụ trên địa chỉ {host} (ngoài máy này) cần --token",
        "Serving on {host} (beyond this machine) needs --token",
    ),
    "serve-missing": (
        "Thiếu thư viện cho trang web ({module}): cài lại ctg-check (pip install .) trong thư mục "
        "của chương trình",
        "A library for the web page is missing ({module}): install ctg-check again (pip install .) "
        "in its folder",
    ),
    "serve-port-busy": (
        "Không mở được cổng {port} trên {host}: {reason}",
        "Cannot listen on {host} port {port}: {reason}",
    ),
    # --- outputs ---
    "output-twice": (
        "{path} được chọn làm hai tệp kết quả trong cùng một lệnh: hãy đặt tên khác nhau",
        "{path} is given as two outputs of the same command: give them different names",
    ),
    "output-not-file": (
        "Không ghi được vào {path}: đây không phải tệp thông thường (thiết bị, ống dẫn hoặc "
        "liên kết hỏng). Hãy chọn tên tệp khác",
        "Cannot write to {path}: it is not a regular file (a device, a pipe or a broken link). "
        "Choose another file name",
    ),
    "output-is-directory": (
        "{path} là một thư mục, không phải tệp: hãy ghi rõ tên tệp, ví dụ {path}/ket-qua.xlsx",
        "{path} is a folder, not a file: give a file name, for example {path}/result.xlsx",
    ),
    "output-not-folder": (
        "{path} là một tệp: kết quả .csv cần một thư mục. Hãy chọn tên khác hoặc dùng đuôi .xlsx",
        "{path} is a file: CSV output needs a folder. Choose another name or use .xlsx",
    ),
    "output-folder-missing": (
        "Không ghi được {path}: thư mục {folder} không tồn tại. Hãy tạo thư mục trước",
        "Cannot write {path}: the folder {folder} does not exist. Create it first",
    ),
    "output-read-only": (
        "Không ghi được {path}: không có quyền ghi vào thư mục {folder} (hoặc tệp đang mở, "
        "chỉ đọc). Hãy đóng tệp hoặc chọn thư mục khác",
        "Cannot write {path}: no permission to write in {folder} (or the file is open or "
        "read-only). Close the file or choose another folder",
    ),
    "output-disk-full": (
        "Không ghi được {path}: ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi chạy lại; tệp cũ "
        "(nếu có) vẫn được giữ nguyên",
        "Cannot write {path}: the disk is full. Free some space and run again; the previous file "
        "(if any) is unchanged",
    ),
    "output-too-big": (
        "Không ghi được {path}: trang «{sheet}» cần hơn 1.048.576 dòng (hoặc 16.384 cột), mức "
        "tối đa của một trang Excel. Hãy ghi dữ liệu gộp ra thư mục CSV (ctg-check merge … -o "
        "THƯ_MỤC/) hoặc chia các tệp thành nhiều lô",
        "Cannot write {path}: sheet «{sheet}» needs more than 1,048,576 rows (or 16,384 columns), "
        "the most an Excel sheet holds. Write the merged data to a CSV folder (ctg-check merge … "
        "-o FOLDER/) or split the files into several batches",
    ),
    "output-exists": (
        "{path} đã có và --no-clobber được chọn: không ghi đè. Hãy chọn tên khác hoặc bỏ "
        "--no-clobber",
        "{path} already exists and --no-clobber is set: not replaced. Choose another name or "
        "leave out --no-clobber",
    ),
    # --- lang ---
    "cli-no-such-option": (
        "Không có tùy chọn {option}",
        "There is no option {option}",
    ),
    "cli-no-such-option-near": (
        "Không có tùy chọn {option}. Có phải ý bạn là {near}?",
        "There is no option {option}. Did you mean {near}?",
    ),
    "cli-missing-option": ("Thiếu tùy chọn {option}", "The option {option} is missing"),
    "cli-missing-argument": ("Thiếu {name}", "{name} is missing"),
    "cli-bad-choice": (
        "Giá trị «{value}» của {option} không hợp lệ: chọn một trong {choices}",
        "«{value}» is not a valid value for {option}: choose one of {choices}",
    ),
    "cli-bad-number": (
        "Giá trị «{value}» của {option} không hợp lệ: ghi một số nguyên từ {min} đến {max}",
        "«{value}» is not a valid value for {option}: give a whole number from {min} to {max}",
    ),
    "cli-bad-value": (
        "Giá trị «{value}» của {option} không hợp lệ",
        "«{value}» is not a valid value for {option}",
    ),
    "cli-option-value": (
        "Tùy chọn {option} cần một giá trị đi kèm",
        "The option {option} needs a value",
    ),
    "cli-option-no-value": (
        "Tùy chọn {option} không nhận giá trị (bỏ phần «=…»)",
        "The option {option} takes no value (remove the «=…»)",
    ),
    "cli-extra-arguments": (
        "Thừa đối số: {args}",
        "Unexpected extra arguments: {args}",
    ),
    "cli-no-such-command": (
        "Không có lệnh «{name}». Các lệnh: {known}",
        "There is no command «{name}». Commands: {known}",
    ),
    "cli-missing-command": ("Thiếu tên lệnh", "A command is missing"),
    "cli-usage": ("Câu lệnh không đúng: {detail}", "Wrong command line: {detail}"),
    "annotate-dir-with-annotate": (
        "Chỉ dùng một trong hai tùy chọn --annotate và --annotate-dir",
        "Use either --annotate or --annotate-dir, not both",
    ),
}

# Vietnamese names of the file kinds that reading/limits.py FILE_KINDS names in English
WHAT: dict[str, str] = {
    "empty": "một tệp rỗng",
    "unopenable": "một tệp không mở được",
    "png": "một tệp ảnh (PNG)",
    "jpeg": "một tệp ảnh (JPEG)",
    "gif": "một tệp ảnh (GIF)",
    "bmp": "một tệp ảnh (BMP)",
    "tiff": "một tệp ảnh (TIFF)",
    "webp": "một tệp ảnh (WebP)",
    "pdf": "một tài liệu PDF",
    "rtf": "một tài liệu RTF",
    "word": "một tài liệu Word",
    "powerpoint": "một bài trình chiếu PowerPoint",
    "opendocument": "một tệp OpenDocument không phải bảng tính",
    "office": "một tệp Office không chứa bảng tính",
    "zip": "một tệp nén không chứa bảng tính",
    "archive": "một tệp nén (RAR, 7z, gzip)",
    "executable": "một chương trình",
    "xml": "một tệp XML không phải bảng tính",
    "html": "một trang web không có bảng",
    "text": "một tệp văn bản",
    "binary": "một tệp nhị phân không rõ loại",
    "truncated": "một bảng tính bị cắt cụt",
    "damaged": "một bảng tính bị hỏng",
    "crashed": "một tệp làm trình đọc bị lỗi",
    "reader-error": "một tệp trình đọc không xử lý được",
    "encrypted": "một bảng tính có mật khẩu",
    "too-big": "một tệp vượt quá giới hạn dung lượng",
    "bomb": "một tệp nén giải ra quá lớn",
    "too-many-cells": "một trang tính có quá nhiều ô",
    "too-slow": "một tệp đọc quá lâu",
    "too-much-memory": "một tệp cần quá nhiều bộ nhớ",
    # --- annotate ---
    "unsupported": "một bảng tính có cấu trúc không giữ nguyên được (hãy mở bằng Excel, lưu lại "
    "rồi thử lại)",
}

LABELS: dict[str, tuple[str, str]] = {
    "members": ("Số thành viên", "Members"),
    "women_share": ("Tỷ lệ nữ", "Women share"),
    "older_share": ("Tỷ lệ người cao tuổi", "Older people share"),
    "younger_share": ("Tỷ lệ người trẻ tuổi", "Younger people share"),
    "loan_coverage": ("Tỷ lệ được vay vốn", "Loan coverage"),
    "income_fund": ("Quỹ tăng thu nhập", "Income-generation fund"),
    "activity_fund": ("Quỹ hoạt động", "Activity fund"),
    "regulation": ("Quy chế", "Regulation"),
    "activities": ("Hoạt động (8 mảng)", "Activities"),
    "effective_clubs": ("CLB hoạt động hiệu quả", "Effective clubs"),
    "wards_meeting_target": ("Tỷ lệ phường, xã đạt chỉ tiêu", "Wards meeting the target"),
    "fully_active_share": ("Tỷ lệ CLB hoạt động đầy đủ", "Clubs fully active"),
    "funded_share": ("Tỷ lệ CLB có đủ 2 quỹ", "Clubs with both funds"),
    "met": ("Đạt", "Met"),
    "not_met": ("Chưa đạt", "Not met"),
    "unknown": ("Chưa rõ", "Unknown"),
    "yes": ("Có", "Yes"),
    "no": ("Không", "No"),
    "error": ("Lỗi", "Error"),
    "warning": ("Cảnh báo", "Warning"),
    "file": ("Tệp", "File"),
    "sheet": ("Trang", "Sheet"),
    "cell": ("Ô", "Cell"),
    "club": ("CLB", "Club"),
    "ward": ("Phường, xã", "Ward"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "value": ("Giá trị", "Value"),
    "target": ("Mục tiêu", "Target"),
    "status": ("Kết quả", "Status"),
    "format": ("định dạng", "format"),
    "encoding": ("bảng mã", "encoding"),
    "rows_line": (
        "{read} dòng đã đọc = {members} thành viên + {rejected} dòng bị loại + {other} dòng khác",
        "{read} rows read = {members} members + {rejected} rejected + {other} other rows",
    ),
    "no_loan_need": ("không thành viên nào có nhu cầu vay", "no member needs a loan"),
    "fully_active": ("Hoạt động đầy đủ", "Fully active"),
    "funded": ("Có đủ quỹ", "Funded"),
    "effective": ("Hiệu quả", "Effective"),
    "compliant": ("Đạt mọi chỉ tiêu", "Compliant"),
    "problems": ("Vấn đề dữ liệu", "Data problems"),
    "totals": ("Tổng hợp", "Totals"),
    "wards": ("Theo phường, xã", "By ward"),
    "not_submitted": ("chưa nộp", "not submitted"),
    "more_problems": ("… và {count} vấn đề khác cùng loại", "… and {count} more of this kind"),
    "plan": ("Kế hoạch", "Plan"),
    "as_of": ("Ngày tham chiếu", "Reference date"),
    "encoding_unicode": ("Unicode", "Unicode"),
    "encoding_vni": ("VNI-Windows", "VNI-Windows"),
    "encoding_tcvn3": ("TCVN3 (ABC)", "TCVN3 (ABC)"),
    "older_age": ("Tuổi người cao tuổi", "Older-person age"),
    "report_due": ("Hạn báo cáo (tháng-ngày)", "Report due (month-day)"),
    "recipient": ("Nơi nhận", "Recipient"),
    "loan_of_needing": ("trên số có nhu cầu vay", "of members needing a loan"),
    "loan_of_members": ("trên tổng số thành viên", "of all members"),
    "min_effective_clubs": ("Số CLB hiệu quả tối thiểu mỗi phường, xã", "Effective clubs per ward"),
    # --- summary workbook labels (writers/summary.py) ---
    "sum_sheet_totals": ("Tổng hợp", "Summary"),
    "sum_sheet_wards": ("Theo phường, xã", "By ward"),
    "sum_sheet_clubs": ("Theo CLB", "By club"),
    "sum_sheet_problems": ("Vấn đề dữ liệu", "Data problems"),
    "sum_sheet_chart": ("Biểu đồ", "Chart"),
    "sum_sheet_members": ("Thành viên", "Members"),
    "sum_motto": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "sum_motto_sub": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "sum_recipient": ("Kính gửi: {recipient}", "To: {recipient}"),
    "sum_plan": ("Căn cứ {title}.", "Plan: {title}."),
    "sum_as_of": ("Số liệu tính đến ngày {date}.", "Figures as of {date}."),
    "sum_due": ("Hạn gửi báo cáo: trước ngày {date}.", "Report due before {date}."),
    "sum_personal": (
        "CHÚ Ý: tệp này có dữ liệu cá nhân của thành viên (sheet «{sheet}»). Chỉ sử dụng nội bộ, "
        "bảo vệ theo Nghị định 13/2023/NĐ-CP; không gửi kèm báo cáo.",
        "NOTE: this workbook holds members' personal data (sheet «{sheet}»). Internal use only, "
        "protected under Decree 13/2023/NĐ-CP; do not send it with the report.",
    ),
    "sum_aggregates_only": (
        "Báo cáo chỉ gồm số liệu tổng hợp, không có thông tin cá nhân của thành viên.",
        "Aggregate figures only: no member's personal data.",
    ),
    "sum_section_indicators": ("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "I. INDICATORS"),
    "sum_section_counts": ("II. SỐ LIỆU TỔNG HỢP", "II. FIGURES"),
    "sum_stt": ("STT", "No."),
    "sum_item": ("Nội dung", "Item"),
    "sum_quantity": ("Số lượng", "Number"),
    "sum_share": ("Tỷ lệ", "Share"),
    "sum_share_of": ("Ghi chú", "Note"),
    "sum_of_wards": ("trên số phường, xã phải báo cáo", "of the wards expected"),
    "sum_of_clubs": ("trên tổng số CLB", "of all clubs"),
    "sum_of_members": ("trên tổng số thành viên", "of all members"),
    "sum_files_read": ("Số tệp đã đọc", "Files read"),
    "sum_files_unreadable": ("Số tệp không đọc được", "Files that could not be read"),
    "sum_wards_expected": ("Số phường, xã phải báo cáo", "Wards expected to report"),
    "sum_wards_submitted": ("Số phường, xã đã nộp danh sách", "Wards that sent their lists"),
    "sum_clubs": ("Số câu lạc bộ", "Clubs"),
    "sum_clubs_effective": ("Số câu lạc bộ hoạt động hiệu quả", "Clubs operating effectively"),
    "sum_members": ("Tổng số thành viên", "Members"),
    "sum_women": ("Thành viên nữ", "Women members"),
    "sum_older": ("Người cao tuổi (từ {age} tuổi)", "Older people (aged {age} or more)"),
    "sum_younger": ("Người trẻ tuổi (dưới {age} tuổi)", "Younger people (under {age})"),
    "sum_disadvantaged": (
        "Thành viên có hoàn cảnh khó khăn (hộ nghèo, cận nghèo, khuyết tật, khó khăn khác)",
        "Members in difficult circumstances (poor, near-poor, disabled, other hardship)",
    ),
    "sum_errors": ("Lỗi dữ liệu (xem sheet «Vấn đề dữ liệu»)", "Data errors (see «Data problems»)"),
    "sum_warnings": ("Cảnh báo dữ liệu", "Data warnings"),
    "sum_title_wards": (
        "KẾT QUẢ THỰC HIỆN THEO PHƯỜNG, XÃ",
        "RESULTS BY WARD AND COMMUNE",
    ),
    "sum_code": ("Mã đơn vị", "Code"),
    "sum_names_seen": ("Tên trong hồ sơ", "Names in the files"),
    "sum_submitted": ("Đã nộp", "Submitted"),
    "sum_n_clubs": ("Số CLB", "Clubs"),
    "sum_disadvantaged_col": ("Số thành viên khó khăn", "Members in difficulty"),
    "sum_total_row": ("Tổng cộng", "Total"),
    "sum_wards_met_short": ("{met}/{total} đạt", "{met}/{total} met"),
    "sum_ward_unknown": ("(không rõ phường, xã)", "(ward unknown)"),
    "sum_title_clubs": ("KẾT QUẢ THỰC HIỆN THEO CÂU LẠC BỘ", "RESULTS BY CLUB"),
    "sum_club_id": ("Mã CLB", "Club ID"),
    "sum_club_name": ("Tên CLB", "Club name"),
    "sum_grp_counts": ("Số thành viên", "Members"),
    "sum_grp_shares": ("Tỷ lệ", "Shares"),
    "sum_grp_funds": ("Quỹ (đồng)", "Funds (VND)"),
    "sum_grp_indicators": ("Đánh giá chỉ tiêu", "Indicators"),
    "sum_grp_verdict": ("Kết luận", "Conclusion"),
    "sum_total": ("Tổng số", "Total"),
    "sum_women_short": ("Nữ", "Women"),
    "sum_older_short": ("Cao tuổi", "Older"),
    "sum_younger_short": ("Trẻ tuổi", "Younger"),
    "sum_sex_unknown": ("Chưa rõ giới tính", "Sex unknown"),
    "sum_age_unknown": ("Chưa rõ tuổi", "Age unknown"),
    "sum_disadv_short": ("Khó khăn", "In difficulty"),
    "sum_loan_needed": ("Cần vay vốn", "Need a loan"),
    "sum_loan_received": ("Đã được vay", "Got a loan"),
    "sum_loan_short": ("Được vay vốn", "Loan coverage"),
    "sum_income_short": ("Tăng thu nhập", "Income generation"),
    "sum_activity_short": ("Hoạt động", "Activity"),
    "sum_activities_done": ("Số mảng hoạt động", "Activity areas done"),
    "sum_ind_members": ("Số thành viên", "Members"),
    "sum_ind_women_share": ("Tỷ lệ nữ", "Women"),
    "sum_ind_older_share": ("Tỷ lệ cao tuổi", "Older"),
    "sum_ind_younger_share": ("Tỷ lệ trẻ tuổi", "Younger"),
    "sum_ind_loan_coverage": ("Vay vốn", "Loans"),
    "sum_ind_income_fund": ("Quỹ tăng thu nhập", "Income fund"),
    "sum_ind_activity_fund": ("Quỹ hoạt động", "Activity fund"),
    "sum_ind_regulation": ("Quy chế", "Regulation"),
    "sum_ind_activities": ("Đủ các mảng hoạt động", "All activities"),
    "sum_clubs_note": (
        "Ghi chú: ✓ đạt, ✗ chưa đạt, ? chưa rõ (thiếu số liệu). Tỷ lệ được vay vốn tính "
        "{loan_of}; «—»: không có số liệu hoặc không áp dụng. Dòng Tổng cộng ở các cột đánh giá "
        "và kết luận là số CLB đạt.",
        "Note: ✓ met, ✗ not met, ? unknown (data missing). Loan coverage is computed {loan_of}; "
        "«—»: no data or not applicable. In the Total row, the indicator and conclusion columns "
        "count the clubs that meet them.",
    ),
    "sum_title_problems": ("CÁC VẤN ĐỀ DỮ LIỆU CẦN XỬ LÝ", "DATA PROBLEMS TO RESOLVE"),
    "sum_severity": ("Mức độ", "Severity"),
    "sum_code_col": ("Mã vấn đề", "Code"),
    "sum_message": ("Nội dung", "Message"),
    "sum_no_problems": ("Không có vấn đề dữ liệu nào.", "No data problems."),
    "sum_chart_title": (
        "Số CLB hoạt động hiệu quả theo phường, xã",
        "Clubs operating effectively, by ward",
    ),
    "sum_chart_axis": ("Số CLB", "Clubs"),
    "sum_chart_target": ("Mục tiêu (≥ {n} CLB)", "Target (≥ {n} clubs)"),
    "sum_chart_note": (
        "Cột màu xanh: phường, xã đạt mục tiêu; màu đỏ: chưa đạt; màu vàng: chưa rõ "
        "(thiếu số liệu). Số liệu ở sheet «Theo phường, xã».",
        "Green: the ward meets the target; red: it does not; amber: unknown (data missing). "
        "Figures on the «By ward» sheet.",
    ),
    "sum_title_members": (
        "DANH SÁCH THÀNH VIÊN (DỮ LIỆU CÁ NHÂN - CHỈ SỬ DỤNG NỘI BỘ)",
        "MEMBERS (PERSONAL DATA - INTERNAL USE ONLY)",
    ),
    "sum_name": ("Họ và tên", "Full name"),
    "sum_birth": ("Năm sinh", "Birth year"),
    "sum_sex": ("Giới tính", "Sex"),
    "sum_male": ("Nam", "Male"),
    "sum_female": ("Nữ", "Female"),
    "sum_poor": ("Hộ nghèo", "Poor household"),
    "sum_near_poor": ("Hộ cận nghèo", "Near-poor household"),
    "sum_disabled": ("Khuyết tật", "Disabled"),
    "sum_hardship": ("Hoàn cảnh khó khăn khác", "Other hardship"),
    "sum_row": ("Dòng", "Row"),
    # --- annotated copy labels (writers/annotated.py) ---
    "annot_sheet": ("Kết quả kiểm tra", "Check results"),
    "annot_title": ("KẾT QUẢ KIỂM TRA DANH SÁCH CLB", "CLUB ROSTER CHECK RESULTS"),
    "annot_counts": ("{errors} lỗi, {warnings} cảnh báo", "{errors} errors, {warnings} warnings"),
    "annot_legend": (
        "Ô có lỗi được tô đỏ, ô có cảnh báo tô vàng; di chuột lên ô để đọc nhận xét. "
        "Ngoài ra tệp giữ nguyên như bản gốc.",
        "Cells with errors are filled red, cells with warnings amber; hover over a cell to read "
        "the comment. Everything else is as in the original.",
    ),
    "annot_new_workbook": (
        "Tệp gốc không phải .xlsx: đây là bảng tính mới chứa dữ liệu như chương trình đã đọc "
        "(không giữ định dạng gốc).",
        "The original file is not .xlsx: this is a new workbook holding the data as read "
        "(the original formatting is not kept).",
    ),
    "annot_written": ("Đã ghi bản có đánh dấu: {path}", "Annotated copy written: {path}"),
    "annot_written_new": (
        "Tệp của bạn không phải .xlsx: đã ghi một bảng tính mới với dữ liệu như đã đọc: {path}",
        "Your file is not .xlsx: a new workbook was written with the data as read: {path}",
    ),
    "annot_no_clubs": ("Không đọc được CLB nào từ tệp này", "No club could be read from this file"),
    "annot_no_problems": ("Không có vấn đề dữ liệu nào", "No data problems"),
    "annot_severity": ("Mức độ", "Severity"),
    "annot_code": ("Mã", "Code"),
    "annot_message": ("Nội dung", "Message"),
    # --- merge labels (submissions.py, writers/merged.py) ---
    "reason_report_date": ("ngày báo cáo ghi trong tệp mới hơn", "its report date is later"),
    "reason_modified": ("tệp được sửa sau", "it was modified later"),
    "set_aside": ("Để riêng", "Set aside"),
    "prov_ward": ("Phường/Xã theo hồ sơ", "Ward as submitted"),
    "prov_file": ("Tệp nguồn", "Source file"),
    "prov_sheet": ("Trang nguồn", "Source sheet"),
    "prov_row": ("Dòng nguồn", "Source row"),
    "severity": ("Mức độ", "Severity"),
    "code": ("Mã lỗi", "Code"),
    "message": ("Nội dung", "Message"),
    "row_data": ("Dữ liệu của dòng bị loại", "Data of the rejected row"),
    "account_item": ("Mục", "Item"),
    "account_files": ("Số tệp", "Files"),
    "account_files_read": ("Tệp đọc được", "Files read"),
    "account_files_failed": ("Tệp không đọc được", "Files that could not be read"),
    "account_files_aside": ("Tệp để riêng (trùng hoặc đã có bản mới)", "Files set aside"),
    "account_rows_read": ("Dòng đã đọc (tệp được dùng)", "Rows read (files used)"),
    "account_members": ("Thành viên đã ghi", "Members written"),
    "account_rejected": ("Dòng bị loại", "Rows rejected"),
    "account_other": ("Dòng không phải dữ liệu", "Non-data rows"),
    "account_clubs": ("CLB đã ghi", "Clubs written"),
    "account_clubs_aside": ("CLB trong tệp để riêng", "Clubs in files set aside"),
    "merged_written": ("Đã ghi tệp gộp: {path}", "Merged dataset written: {path}"),
    "account_line": (
        "{files} tệp: {read} đọc được, {failed} lỗi, {aside} để riêng · {rows} dòng = "
        "{members} thành viên + {rejected} bị loại + {other} dòng khác · {clubs} CLB",
        "{files} files: {read} read, {failed} failed, {aside} set aside · {rows} rows = "
        "{members} members + {rejected} rejected + {other} other · {clubs} clubs",
    ),
    "account_elsewhere": (
        "(trong đó {count} thành viên thuộc CLB đã tính theo tệp khác, không tính lại)",
        "(of them, {count} members of clubs counted from another file, not counted again)",
    ),
    "summary_written": ("Đã ghi bảng tổng hợp: {path}", "Summary workbook written: {path}"),
    "template_written": ("Đã ghi mẫu báo cáo: {path}", "Template written: {path}"),
    "plan_written": ("Đã ghi kế hoạch: {path}", "Plan written: {path}"),
    # --- report ---
    "sum_doc_type": ("BÁO CÁO", "REPORT"),
    "sum_title": (
        "Kết quả thực hiện mô hình Câu lạc bộ liên thế hệ tự giúp nhau năm {year}",
        "Results of the Intergenerational Self-Help Club model in {year}",
    ),
    "sum_number": ("Số: {number}", "No.: {number}"),
    "sum_place_date": (
        "{place}, ngày {day} tháng {month} năm {year}",
        "{place}, {day}/{month}/{year}",
    ),
    "sum_basis": ("Căn cứ {basis};", "Pursuant to {basis};"),
    "sum_reports": (
        "Kết quả thực hiện năm {year} được báo cáo như sau:",
        "The results for {year} are reported as follows:",
    ),
    "sum_copies": ("Nơi nhận:", "Recipients:"),
    "sum_copies_default": ("Như trên;Lưu: VT", "As above;File: Records"),
    "sum_bodies_note": (
        "Lưu ý: {bodies} ghi theo kế hoạch {plan} chỉ tồn tại đến ngày {until} (sắp xếp tổ chức "
        "bộ máy năm 2025). Cần ghi cơ quan hiện hành trước khi ký.",
        "Note: the {bodies} taken from plan {plan} existed only until {until} (the 2025 "
        "reorganisation). Set the bodies in office before signing.",
    ),
    "body_issuer": ("cơ quan ban hành", "issuing body"),
    "body_recipient": ("nơi nhận báo cáo", "recipient"),
    "note_bodies": (
        "Cảnh báo: {bodies} của kế hoạch {plan} chỉ tồn tại đến ngày {until}; trang 1 có ghi chú "
        "này. Ghi cơ quan hiện hành bằng --issuer, --recipient hoặc bảng [report] trong tệp "
        "kế hoạch.",
        "Warning: the {bodies} of plan {plan} existed only until {until}; page 1 says so. Set the "
        "bodies in office with --issuer, --recipient or the [report] table of a plan file.",
    ),
    "note_year": (
        "Năm báo cáo: {year} (năm có hạn nộp gần ngày tham chiếu {as_of} nhất); chọn năm khác "
        "bằng --year.",
        "Reporting year: {year} (the year whose due date is nearest the reference date {as_of}); "
        "choose another with --year.",
    ),
    "note_units_verdict": (
        "Danh sách đơn vị thay đổi kết luận: theo {units} có {met}/{total} phường, xã đủ số CLB "
        "hoạt động hiệu quả, theo {other} có {other_met}/{other_total}. Chọn danh sách bằng "
        "--units.",
        "The units list changes the verdict: under {units} {met}/{total} wards have enough "
        "effective clubs, under {other} {other_met}/{other_total}. Choose the list with --units.",
    ),
    "sum_sheet_clubs_full": ("Chi tiết CLB", "Club details"),
    "sum_title_clubs_full": (
        "CHI TIẾT KẾT QUẢ THEO CÂU LẠC BỘ",
        "CLUB RESULTS IN DETAIL",
    ),
    "sum_clubs_print_note": (
        "Đạt / Chưa đạt / Chưa rõ (thiếu số liệu) theo từng chỉ tiêu; «—»: không có số liệu. "
        "Số liệu đầy đủ (quỹ, số mảng hoạt động, tỷ lệ) ở sheet «{sheet}». Dòng Tổng cộng ở "
        "các cột chỉ tiêu là số CLB đạt.",
        "Met / Not met / Unknown (data missing) per indicator; «—»: no data. The full figures "
        "(funds, activity areas, shares) are on the «{sheet}» sheet. In the Total row, the "
        "indicator columns count the clubs that meet them.",
    ),
    # --- terminal ---
    "progress_read": ("Đang đọc {done}/{total}", "Reading {done}/{total}"),
    "progress_check": ("Đang kiểm tra…", "Checking…"),
    "progress_write_merged": ("Đang ghi tệp gộp…", "Writing the merged dataset…"),
    "progress_write_summary": ("Đang ghi bảng tổng hợp…", "Writing the summary workbook…"),
    "closing_ok": ("ĐẠT", "PASS"),
    "closing_fail": ("CHƯA ĐẠT", "NOT MET"),
    "closing_unreadable": (
        "LỖI: {count} tệp không đọc được",
        "ERROR: {count} files could not be read",
    ),
    "closing_unreadable_one": (
        "LỖI: {count} tệp không đọc được",
        "ERROR: {count} file could not be read",
    ),
    "count_files": ("{count} tệp", "{count} files"),
    "count_files_one": ("{count} tệp", "{count} file"),
    "count_skipped": ("{count} tệp bỏ qua", "{count} files skipped"),
    "count_skipped_one": ("{count} tệp bỏ qua", "{count} file skipped"),
    "count_clubs": ("{count} CLB", "{count} clubs"),
    "count_clubs_one": ("{count} CLB", "{count} club"),
    "count_members": ("{count} thành viên", "{count} members"),
    "count_members_one": ("{count} thành viên", "{count} member"),
    "count_errors": ("{count} lỗi", "{count} errors"),
    "count_errors_one": ("{count} lỗi", "{count} error"),
    "count_warnings": ("{count} cảnh báo", "{count} warnings"),
    "count_warnings_one": ("{count} cảnh báo", "{count} warning"),
    "count_not_met": (
        "{count} chỉ tiêu chưa đạt hoặc chưa rõ",
        "{count} indicators not met or unknown",
    ),
    "count_not_met_one": (
        "{count} chỉ tiêu chưa đạt hoặc chưa rõ",
        "{count} indicator not met or unknown",
    ),
    "wards_missing": (
        "Phường, xã chưa nộp báo cáo ({count}/{total}): {names}",
        "Wards that have not submitted ({count} of {total}): {names}",
    ),
    "wards_all_submitted": (
        "Mọi phường, xã trong danh sách đã nộp báo cáo ({total}/{total})",
        "Every ward on the list has submitted ({total} of {total})",
    ),
    "interrupted": (
        "đã dừng theo yêu cầu (Ctrl-C); không tệp nào bị ghi dở",
        "stopped at your request (Ctrl-C); no file was left half-written",
    ),
    "terminated": (
        "đã dừng vì nhận tín hiệu kết thúc (SIGTERM); không tệp nào bị ghi dở",
        "stopped by a termination signal (SIGTERM); no file was left half-written",
    ),
    # --- registry ---
    "sum_loan_covered": ("Cần vay và đã được vay", "Needed and got a loan"),
    # --- batch ---
    "special_fifo": ("ống dẫn FIFO", "a FIFO pipe"),
    "special_device": ("tệp thiết bị", "a device"),
    "special_socket": ("socket", "a socket"),
    "special_broken_link": ("liên kết tới tệp không còn", "a link to a missing file"),
    "special_other": ("loại tệp đặc biệt", "a special file"),
    "output_summary": ("bảng tổng hợp", "a summary workbook"),
    "output_merged": ("tệp gộp", "a merged dataset"),
    "output_annotated": ("bản sao có đánh dấu lỗi", "an annotated copy"),
    "reason_same_members": ("cùng danh sách thành viên", "same members"),
    "reason_newer": ("bản mới hơn", "the newer copy"),
    "reason_combined": (
        "danh sách thành viên mới hơn, thông tin CLB từ tệp kia",
        "the newer member list, with the club information of the other file",
    ),
    # --- serve ---
    "web_title": (
        "Kiểm tra danh sách CLB liên thế hệ tự giúp nhau",
        "Intergenerational Self-Help Club check",
    ),
    "web_step_settings": ("1. Kế hoạch và ngày tham chiếu", "1. Plan and reference date"),
    "web_units": ("Danh sách phường, xã", "Expected wards"),
    "web_units_plan": ("Theo kế hoạch", "The plan's own"),
    "web_output_lang": ("Ngôn ngữ tệp kết quả", "Language of the results"),
    "web_report_settings": ("Thông tin trang 1 của báo cáo", "Page 1 of the report"),
    "web_report_hint": (
        "Để trống để dùng thông tin của kế hoạch; giống các tùy chọn --issuer, --recipient, "
        "--number, --place, --year, --signer của lệnh summary.",
        "Leave blank to use the plan's; the same as the summary command's --issuer, "
        "--recipient, --number, --place, --year, --signer options.",
    ),
    "web_report_issuer": ("Cơ quan ban hành (cấp trên|cơ quan)", "Issuing body (superior|body)"),
    "web_report_recipient": ("Kính gửi", "Recipient"),
    "web_report_number": ("Số văn bản (ví dụ 15/BC-UBND)", "Document number (e.g. 15/BC-UBND)"),
    "web_report_place": ("Địa danh", "Place"),
    "web_report_year": ("Năm báo cáo", "Reporting year"),
    "web_report_signer": ("Người ký (thẩm quyền|chức vụ|họ tên)", "Signer (authority|title|name)"),
    "web_include_members": (
        "Thêm danh sách thành viên vào bảng tổng hợp (dữ liệu cá nhân)",
        "Add the members sheet to the summary (personal data)",
    ),
    "web_step_files": ("2. Chọn tệp của các phường, xã", "2. Choose the wards' files"),
    "web_drop": (
        "Kéo thả tệp, thư mục hoặc tệp .zip vào đây, hoặc bấm để chọn",
        "Drop files, a folder or a .zip here, or click to choose",
    ),
    "web_pick_files": (
        "Chọn tệp (.xlsx, .xls, .csv, .zip…)",
        "Choose files (.xlsx, .xls, .csv, .zip…)",
    ),
    "web_pick_folder": ("Chọn thư mục", "Choose a folder"),
    "web_none_chosen": ("Chưa chọn tệp nào", "No file chosen"),
    "web_chosen": ("Đã chọn {count} tệp", "{count} files chosen"),
    "web_check": ("Kiểm tra", "Check"),
    "web_private": (
        "Tệp chỉ xử lý trên máy này, không gửi đi đâu",
        "Files are processed on this machine only, never sent anywhere",
    ),
    "web_reading": ("Đang đọc {done}/{total} tệp…", "Reading {done}/{total} files…"),
    "web_checking": ("Đang kiểm tra…", "Checking…"),
    "web_failed": ("Không liên lạc được với chương trình", "The program cannot be reached"),
    "web_gone": (
        "Lượt kiểm tra này đã xóa hoặc hết hạn. Hãy chọn tệp và kiểm tra lại",
        "This check was deleted or has expired. Choose the files and check again",
    ),
    "web_dl_summary": ("Tải bảng tổng hợp", "Download the summary"),
    "web_dl_merged": ("Tải tệp gộp", "Download the merged workbook"),
    "web_dl_annotated": ("Tải bản đánh dấu ô lỗi (.zip)", "Download annotated copies (.zip)"),
    "web_dl_json": ("Tải báo cáo JSON", "Download the JSON report"),
    "web_dl_template": ("Tải mẫu báo cáo trống", "Download the blank template"),
    "web_discard": ("Xóa tệp đã tải lên", "Delete the uploaded files"),
    "web_files_notes": ("Tệp không đọc được hoặc để riêng", "Files not read or set aside"),
    "web_missing": ("Phường, xã chưa nộp", "Wards that have not submitted"),
    "web_clubs": ("Các câu lạc bộ", "Clubs"),
    "web_not_annotated": (
        "không đánh dấu được (không phải .xlsx hoặc không đọc được)",
        "not annotated (not .xlsx, or could not be read)",
    ),
    "web_notes_file": ("ghi-chu.txt", "notes.txt"),
    "serve_listening": (
        "ctg-check đang chạy tại {url} (nhấn Ctrl+C để dừng)",
        "ctg-check is serving at {url} (press Ctrl+C to stop)",
    ),
    # --- lang ---
    "help_usage": ("Cách dùng", "Usage"),
    "help_arguments": ("Đối số", "Arguments"),
    "help_options": ("Tùy chọn", "Options"),
    "help_commands": ("Các lệnh", "Commands"),
    "help_examples": ("Ví dụ", "Examples"),
    "help_default": ("mặc định: {value}", "default: {value}"),
    "help_envvar": ("hoặc biến môi trường {name}", "or the environment variable {name}"),
    "help_required": ("bắt buộc", "required"),
    "help_hint": ("Xem hướng dẫn: {command}", "For help: {command}"),
    "meta_options": ("[TÙY_CHỌN]", "[OPTIONS]"),
    "meta_command": ("LỆNH ...", "COMMAND ..."),
    "meta_value": ("GIÁ_TRỊ", "VALUE"),
    "meta_paths": ("TỆP_HOẶC_THƯ_MỤC", "FILE_OR_FOLDER"),
    "meta_plan": ("KẾ_HOẠCH", "PLAN"),
    "meta_profile": ("KẾ_HOẠCH", "PLAN"),
    "meta_as_of": ("NGÀY", "DATE"),
    "meta_units": ("DANH_SÁCH", "LIST"),
    "meta_ward": ("TÊN", "NAME"),
    "meta_lang": ("vi|en", "vi|en"),
    "meta_fmt": ("text|json", "text|json"),
    "meta_annotate": ("TỆP.xlsx", "FILE.xlsx"),
    "meta_annotate_dir": ("THƯ_MỤC", "FOLDER"),
    "meta_out": ("TỆP.xlsx", "FILE.xlsx"),
    "meta_merge_out": ("TỆP.xlsx|THƯ_MỤC", "FILE.xlsx|FOLDER"),
    "meta_plan_export_out": ("TỆP.toml", "FILE.toml"),
    "meta_json_out": ("TỆP.json", "FILE.json"),
    "meta_issuer": ("CẤP_TRÊN|CƠ_QUAN", "PARENT|BODY"),
    "meta_recipient": ("NƠI_NHẬN", "RECIPIENT"),
    "meta_number": ("SỐ", "NUMBER"),
    "meta_place": ("ĐỊA_DANH", "PLACE"),
    "meta_year": ("NĂM", "YEAR"),
    "meta_signer": ("THẨM_QUYỀN|CHỨC_VỤ|HỌ_TÊN", "AUTHORITY|TITLE|NAME"),
    "opt_help": ("Xem hướng dẫn này.", "Show this help."),
    "opt_version": ("In phiên bản của chương trình.", "Show the version."),
    "opt_paths": (
        "Tệp danh sách hoặc thư mục chứa các tệp (đọc cả thư mục con).",
        "Roster files, or folders of them (read with their subfolders).",
    ),
    "opt_plan": (
        "Kế hoạch (chỉ tiêu): tên kế hoạch có sẵn hoặc tệp .toml.",
        "The plan (indicators): a built-in plan or a .toml file.",
    ),
    "opt_profile": (
        "Kế hoạch có sẵn hoặc tệp .toml.",
        "A built-in plan or a .toml file.",
    ),
    "opt_plan_export_profile": ("Tên kế hoạch có sẵn.", "A built-in plan."),
    "opt_as_of": (
        "Ngày tham chiếu để tính tuổi, dạng dd/mm/yyyy (hoặc yyyy-mm-dd).",
        "Reference date for ages, dd/mm/yyyy (or yyyy-mm-dd).",
    ),
    "opt_units": (
        "Danh sách phường, xã phải báo cáo: vung-tau-2022 (17 đơn vị), vung-tau-2025 "
        "(5 đơn vị) hoặc tệp .csv.",
        "The wards expected to report: vung-tau-2022 (17 units), vung-tau-2025 (5 units) "
        "or a .csv file.",
    ),
    "opt_ward": (
        "Phường, xã của tệp khi trong tệp không ghi.",
        "The ward of a file that does not say.",
    ),
    "opt_lang": (
        "Ngôn ngữ của kết quả và hướng dẫn: vi (tiếng Việt) hoặc en (tiếng Anh).",
        "Language of the output and the help: vi (Vietnamese) or en (English).",
    ),
    "opt_fmt": (
        "text: báo cáo để đọc; json: dữ liệu cho máy (xem docs/json.md).",
        "text: a report to read; json: data for programs (see docs/json.md).",
    ),
    "opt_annotate": (
        "Ghi bản sao của một tệp với các ô có vấn đề được đánh dấu.",
        "Write a copy of one file with its problem cells marked.",
    ),
    "opt_annotate_dir": (
        "Ghi vào thư mục này bản đánh dấu của từng tệp (gửi lại cho từng phường, xã).",
        "Write a marked copy of every file into this folder (one per ward file).",
    ),
    "opt_quiet": (
        "Gọn: mỗi tệp một dòng và dòng kết luận.",
        "Brief: one line per file and the verdict.",
    ),
    "opt_verbose": (
        "In chi tiết kỹ thuật khi có lỗi (để gửi người phát triển).",
        "Show technical details of errors (for the developers).",
    ),
    "opt_out": (
        "Tệp .xlsx sẽ ghi (tệp đã có được thay, trừ tệp đầu vào).",
        "The .xlsx file to write (an existing file is replaced, never an input).",
    ),
    "opt_merge_out": (
        "Tệp .xlsx sẽ ghi, hoặc thư mục để ghi các tệp .csv.",
        "The .xlsx file to write, or a folder for .csv files.",
    ),
    "opt_plan_export_out": ("Tệp .toml sẽ ghi.", "The .toml file to write."),
    "opt_include_members": (
        "Thêm trang danh sách thành viên (dữ liệu cá nhân, chỉ dùng nội bộ).",
        "Add the members sheet (personal data, internal use only).",
    ),
    "opt_json_out": ("Ghi thêm báo cáo JSON vào tệp này.", "Also write the JSON report here."),
    "opt_issuer": (
        "Cơ quan ban hành báo cáo, dạng «cấp trên|cơ quan».",
        "The issuing body, as «parent|body».",
    ),
    "opt_recipient": ("Nơi nhận báo cáo (Kính gửi).", "The recipient of the report."),
    "opt_number": ("Số văn bản, ví dụ 15/BC-UBND.", "The document number, e.g. 15/BC-UBND."),
    "opt_place": ("Địa danh ghi trước ngày tháng.", "The place written before the date."),
    "opt_year": ("Năm báo cáo.", "The reporting year."),
    "opt_signer": (
        "Người ký, dạng «thẩm quyền|chức vụ|họ tên».",
        "The signer, as «authority|title|name».",
    ),
    "default_as_of": ("hôm nay", "today"),
    "default_plan": ("vung-tau-2022", "vung-tau-2022"),
    "default_plan_show_profile": ("vung-tau-2022", "vung-tau-2022"),
    "default_summary_units": ("danh sách của kế hoạch", "the plan's list"),
    "default_year": (
        "năm có hạn nộp gần ngày tham chiếu nhất",
        "the year whose due date is nearest the reference date",
    ),
    "cmd_root": (
        "Kiểm tra danh sách thành viên CLB liên thế hệ tự giúp nhau theo chỉ tiêu kế hoạch, "
        "gộp hồ sơ các phường, xã và lập bảng tổng hợp gửi Sở. Thứ tự làm việc: template → "
        "phường, xã điền → validate → merge → summary. Hướng dẫn: docs/huong-dan.md.",
        "Checks Intergenerational Self-Help Club rosters against a plan's indicators, merges "
        "the wards' submissions and writes the summary for the department. Order of work: "
        "template → wards fill it in → validate → merge → summary.",
    ),
    "cmd_validate_short": (
        "Kiểm tra từng tệp và in báo cáo.",
        "Check each roster, print a report.",
    ),
    "cmd_summary_short": ("Ghi bảng tổng hợp gửi Sở.", "Write the summary workbook."),
    "cmd_merge_short": ("Gộp mọi tệp thành một bộ dữ liệu.", "Merge the submissions."),
    "cmd_template_short": ("Ghi mẫu báo cáo chuẩn.", "Write the blank standard workbook."),
    "cmd_plan_short": ("Xem hoặc xuất kế hoạch (chỉ tiêu).", "Show or export a plan."),
    "cmd_plan_show_short": ("In các chỉ tiêu của kế hoạch.", "Print a plan's indicators."),
    "cmd_plan_export_short": ("Xuất kế hoạch ra tệp .toml.", "Write a plan out to edit."),
    "cmd_validate": (
        "Đọc từng tệp, kiểm tra từng CLB theo chỉ tiêu của kế hoạch và in báo cáo: chỉ tiêu "
        "đạt/chưa đạt, các vấn đề dữ liệu theo từng CLB kèm trang và ô, kết luận. Mã thoát: "
        "0 đạt hết, 1 có lỗi hoặc chỉ tiêu chưa đạt, 2 có tệp không đọc được hoặc câu lệnh sai.",
        "Reads each file, checks every club against the plan's indicators and prints a report: "
        "indicators met or not, the data problems of each club with sheet and cell, a verdict. "
        "Exit code: 0 all met, 1 errors or indicators not met, 2 a file could not be read or "
        "the command is wrong.",
    ),
    "cmd_summary": (
        "Đọc mọi tệp và ghi bảng tổng hợp (.xlsx) gửi Sở: trang báo cáo, theo phường, xã, theo "
        "CLB, vấn đề dữ liệu, biểu đồ.",
        "Reads every file and writes the summary workbook (.xlsx) for the department: the "
        "report page, by ward, by club, data problems, a chart.",
    ),
    "cmd_merge": (
        "Gộp mọi tệp thành một bộ dữ liệu sạch theo mẫu chuẩn, ghi rõ tệp, trang, dòng nguồn "
        "của từng dòng.",
        "Merges every file into one clean dataset in the standard layout, with the source "
        "file, sheet and row of every row.",
    ),
    "cmd_template": (
        "Ghi mẫu báo cáo chuẩn (.xlsx) để gửi phường, xã điền.",
        "Writes the blank standard workbook (.xlsx) for the wards to fill in.",
    ),
    "cmd_plan": ("Xem hoặc xuất kế hoạch (chỉ tiêu).", "Show or export a plan (indicators)."),
    "cmd_plan_show": ("In các chỉ tiêu của kế hoạch.", "Prints a plan's indicators."),
    "cmd_plan_export": (
        "Xuất kế hoạch có sẵn ra tệp .toml để sửa rồi dùng với --plan.",
        "Writes a built-in plan to a .toml file to edit and use with --plan.",
    ),
    "opt_no_clobber": (
        "Không ghi đè tệp đã có (mặc định: tệp đã có được thay, trừ tệp đầu vào).",
        "Refuse to replace an existing file (by default an existing output is replaced, never "
        "an input).",
    ),
    "opt_port": ("Cổng (mặc định 8765, hoặc một cổng trống).", "Port (8765, or a free one)."),
    "opt_no_browser": ("Không tự mở trình duyệt.", "Do not open a browser."),
    "opt_host": (
        "Địa chỉ phục vụ; ngoài 127.0.0.1 (chỉ máy này) phải có --token.",
        "Address to serve on; any other than 127.0.0.1 (this machine only) needs --token.",
    ),
    "opt_token": (
        "Mã truy cập khi phục vụ cho mạng nội bộ (ghi trong địa chỉ được in ra).",
        "Access token when serving a local network (part of the address printed).",
    ),
    "meta_port": ("CỔNG", "PORT"),
    "meta_host": ("ĐỊA_CHỈ", "ADDRESS"),
    "meta_token": ("MÃ", "TOKEN"),
    "cmd_serve_short": ("Mở trang kiểm tra trên trình duyệt.", "Serve the checks as a web page."),
    "cmd_serve": (
        "Mở một trang web trên máy này để kéo thả các tệp, kiểm tra, gộp và lập báo cáo mà "
        "không cần dòng lệnh. Tệp chỉ nằm trên máy này và được xóa khi tải kết quả xong.",
        "Open a web page on this machine to drop files, check, merge and write the report "
        "without the command line. Files stay on this machine and are deleted once downloaded.",
    ),
    "ex_serve": (
        "ctg-check serve\nctg-check serve --port 8800 --no-browser",
        "ctg-check serve --lang en\nctg-check serve --port 8800 --no-browser",
    ),
    "ex_root": (
        "ctg-check template mau-bao-cao.xlsx\n"
        "ctg-check validate phuong-2.xlsx\n"
        "ctg-check summary nop/ -o tong-hop.xlsx --units vung-tau-2025\n"
        "ctg-check validate -h",
        "ctg-check template template.xlsx\n"
        "ctg-check validate phuong-2.xlsx --lang en\n"
        "ctg-check summary submissions/ -o summary.xlsx --units vung-tau-2025\n"
        "ctg-check validate -h --lang en",
    ),
    "ex_validate": (
        "ctg-check validate phuong-2.xlsx\n"
        "ctg-check validate nop/ --units vung-tau-2022 --as-of 10/12/2025\n"
        "ctg-check validate nop/ --annotate-dir da-danh-dau/\n"
        "ctg-check validate phuong-2.xlsx --format json > bao-cao.json",
        "ctg-check validate phuong-2.xlsx --lang en\n"
        "ctg-check validate submissions/ --units vung-tau-2022 --as-of 10/12/2025\n"
        "ctg-check validate submissions/ --annotate-dir marked/\n"
        "ctg-check validate phuong-2.xlsx --format json > report.json",
    ),
    "ex_summary": (
        "ctg-check summary nop/ -o tong-hop.xlsx\n"
        'ctg-check summary nop/ -o tong-hop.xlsx --units vung-tau-2025 --number "15/BC-UBND"',
        "ctg-check summary submissions/ -o summary.xlsx --lang en\n"
        "ctg-check summary submissions/ -o summary.xlsx --json summary.json",
    ),
    "ex_merge": (
        "ctg-check merge nop/ -o gop.xlsx\nctg-check merge nop/ -o gop-csv/",
        "ctg-check merge submissions/ -o merged.xlsx\nctg-check merge submissions/ -o merged-csv/",
    ),
    "ex_template": (
        "ctg-check template mau-bao-cao.xlsx\n"
        "ctg-check template mau-bao-cao.xlsx --plan national-1336",
        "ctg-check template template.xlsx\nctg-check template template.xlsx --plan national-1336",
    ),
    "ex_plan": (
        "ctg-check plan show\nctg-check plan export vung-tau-2022 ke-hoach.toml",
        "ctg-check plan show --lang en\nctg-check plan export vung-tau-2022 plan.toml",
    ),
    "ex_plan_show": (
        "ctg-check plan show\nctg-check plan show national-1336",
        "ctg-check plan show --lang en\nctg-check plan show national-1336 --lang en",
    ),
    "ex_plan_export": (
        "ctg-check plan export vung-tau-2022 ke-hoach.toml\n"
        "ctg-check validate nop/ --plan ke-hoach.toml",
        "ctg-check plan export vung-tau-2022 plan.toml\n"
        "ctg-check validate submissions/ --plan plan.toml",
    ),
    "problems_club": ("Vấn đề dữ liệu của CLB", "Data problems of the club"),
    "problems_file": ("Vấn đề dữ liệu của tệp", "Data problems of the file"),
    "activities_missing": ("Hoạt động chưa thực hiện: {names}", "Activities not done: {names}"),
    "activities_unknown": ("Hoạt động chưa rõ: {names}", "Activities not known: {names}"),
    "quiet_line": (
        "{path}: {clubs} · {errors} · {warnings}",
        "{path}: {clubs} · {errors} · {warnings}",
    ),
    "annotated_heading": (
        "Bản có đánh dấu ({count} tệp):",
        "Annotated copies ({count} files):",
    ),
    "annotated_heading_one": ("Bản có đánh dấu ({count} tệp):", "Annotated copy ({count} file):"),
    "annot_mark_note": (
        "Ô có vấn đề được tô màu và kẻ viền đậm (vẫn thấy khi in đen trắng); bấm vào ô ở cột "
        "«Ô» để đến ô đó.",
        "Problem cells are filled and given a thick border (visible in black-and-white print); "
        "click a cell in the «Cell» column to go to it.",
    ),
    "annot_activity_missing": (
        "Hoạt động «{name}» chưa thực hiện: chỉ tiêu hoạt động chưa đạt",
        "Activity «{name}» not done: the activities indicator is not met",
    ),
    "annot_activity_unknown": (
        "Hoạt động «{name}» chưa rõ (ô trống hoặc không đọc được)",
        "Activity «{name}» unknown (blank or unreadable cell)",
    ),
    "annot_club": ("CLB", "Club"),
}

LANG_ENV = "CTG_CHECK_LANG"  # the language when no --lang is given (help and output)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def message(code: str, lang: str = "vi", **params: Any) -> str:
    """The message for a problem or error code in the given language."""
    pair = MESSAGES.get(code) or (CATALOGUE[code].message if code in CATALOGUE else None)
    if pair is None:
        return code
    if lang != "en" and "what" in params and str(params.get("kind")) in WHAT:
        params = {**params, "what": WHAT[str(params["kind"])]}
    if "reason" in params and str(params["reason"]) in LABELS:
        params = {**params, "reason": label(str(params["reason"]), lang)}
    try:
        return _pick(pair, lang).format(**params)
    except (KeyError, IndexError):
        return _pick(pair, lang)


def label(key: str, lang: str = "vi", **params: Any) -> str:
    """A label (indicator name, status, heading) in the given language."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = _pick(pair, lang)
    return text.format(**params) if params else text


def count_label(key: str, count: int, lang: str = "vi") -> str:
    """A label holding a count: `<key>_one` for exactly one (English has a singular)."""
    from ctg_check.formatting import number

    one = f"{key}_one"
    return label(one if count == 1 and one in LABELS else key, lang, count=number(count, lang))


def title(code: str, lang: str = "vi") -> str:
    """The heading of a group of problems with this code (the code itself when unknown), from
    the problem catalogue."""
    entry = CATALOGUE.get(code)
    return code if entry is None else _pick(entry.title, lang)


def lang_of(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of a command line, before any parsing: its --lang, else CTG_CHECK_LANG,
    else Vietnamese."""
    import os

    args = list(argv)
    for arg, nxt in zip(args, [*args[1:], ""], strict=False):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang":
            value = nxt
        if value in LANGS:
            return value
    env = (os.environ if environ is None else environ).get(LANG_ENV, "")
    return env if env in LANGS else "vi"
