"""Every user-facing text, in Vietnamese and English, in one catalogue."""

from __future__ import annotations

from typing import Any

from ctg_check.problems import CATALOGUE

# code -> (vi, en); parameters in {braces}. Data problems (their messages, severities, titles
# and fixes) are in problems.CATALOGUE; message() reads both.
MESSAGES: dict[str, tuple[str, str]] = {
    # file errors
    "file-unreadable": ("Không đọc được tệp: {what}", "Cannot read the file: {what}"),
    "file-encrypted": (
        "Tệp có mật khẩu: hãy gỡ mật khẩu rồi gửi lại",
        "The file is password-protected: remove the password and send it again",
    ),
    "file-too-large": (
        "Tệp quá lớn hoặc bất thường, không đọc để an toàn: {what}",
        "The file is too large or abnormal and was not read, for safety: {what}",
    ),
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
        "Không ghi đè lên tệp đầu vào {path}",
        "Refusing to write over the input file {path}",
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
    "as-of-invalid": (
        "Ngày tham chiếu «{value}» không hợp lệ (dạng YYYY-MM-DD)",
        "Reference date «{value}» is not valid (use YYYY-MM-DD)",
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
}

# Vietnamese names of the file kinds that reading/guard.py FILE_KINDS names in English
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
    # --- merge labels (merge.py, writers/merged.py) ---
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
}


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
    one = f"{key}_one"
    return label(one if count == 1 and one in LABELS else key, lang, count=count)
