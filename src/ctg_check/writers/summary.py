"""The consolidated summary workbook the city sends to the province (DESIGN.md section 7).

Sheets, in order (with lang="en", the English names in brackets):
*Tổng hợp* [Summary] — title block, the totals against their targets, the overall counts;
*Theo phường, xã* [By ward] — every ward of the report, submitted or not, and a total row;
*Theo CLB* [By club] — counts, shares, funds and every indicator per club;
*Vấn đề dữ liệu* [Data problems] — problems by file and cell, personal values masked;
*Biểu đồ* [Chart] — effective clubs per ward against the target;
*Thành viên* [Members] — only with include_members: the members of every club.

Aggregates only by default (DOMAIN.md "Personal data"). Numbers are written as numbers, text as
text (never as a formula), and the bytes depend only on the report (writers.save_workbook).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from ctg_check.figures import WardRow, clubs_in_order, overview, ward_rows, ward_totals
from ctg_check.i18n import label, message
from ctg_check.indicators import (
    COUNTERS,
    DONE,
    MONEY,
    PCT,
    SHARE,
    YESNO,
    Counts,
    Spec,
    add_counts,
    share_of,
)
from ctg_check.model import Member
from ctg_check.report import (
    ERROR,
    MET,
    UNKNOWN,
    ClubResult,
    Indicator,
    Report,
    WardResult,
)
from ctg_check.writers import DEFAULTS, WriteOptions, kit, save_workbook
from ctg_check.writers.book import Book, ColumnChart, Font, Ref, Sheet
from ctg_check.writers.kit import BAR_COLOURS, Col, Table, write_table
from ctg_check.writers.measure import row_height, text_lines

MASK = "…"
# message parameters that may hold a person's data (a cell's value, a reader's exception text)
PERSONAL_PARAMS = frozenset({"value", "name", "member", "birth", "detail"})
VERDICTS = ("fully_active", "funded", "effective")


def write_summary(report: Report, out: Path, options: WriteOptions = DEFAULTS) -> None:
    """Write the summary workbook for `report` to `out`, atomically and reproducibly (in
    `options.lang`, with the members' sheet when `options.include_members`)."""
    wb = summary_workbook(report, options.lang, options.include_members)
    save_workbook(wb, Path(out), "summary")


def sheet_name(key: str, lang: str = "vi") -> str:
    """The name of a summary sheet: totals, wards, clubs, problems, chart or members."""
    return label(f"sum_sheet_{key}", lang)


def summary_workbook(report: Report, lang: str = "vi", include_members: bool = False) -> Book:
    """The summary workbook, laid out (written by `Book.xlsx`)."""
    wb = Book()
    first = wb.add(sheet_name("totals", lang))
    wards = ward_rows(report)
    _totals_sheet(first, report, lang, include_members)
    ward_ws = wb.add(sheet_name("wards", lang))
    ward_table = _wards_sheet(ward_ws, report, wards, lang)
    _clubs_sheet(wb.add(sheet_name("clubs", lang)), report, wards, lang)
    full = wb.add(sheet_name("clubs_full", lang))
    _clubs_full_sheet(full, report, wards, lang)
    _problems_sheet(wb.add(sheet_name("problems", lang)), report, lang)
    if wards:
        _chart_sheet(wb.add(sheet_name("chart", lang)), ward_ws, ward_table, report, lang)
    if include_members:
        _members_sheet(wb.add(sheet_name("members", lang)), report, wards, lang)
    for ws in wb.sheets:
        if ws is first:  # a document: A4 portrait with the decree's margins
            kit.page_setup(ws, portrait=True, margins=DOC_MARGINS, numbers="small", centred=False)
        elif ws is full:
            # 34 columns: two pages across at 100 %, split at the column break before the funds
            # (a sheet fitted to pages ignores manual breaks), the club's four columns on each
            kit.page_setup(ws, numbers="small", centred=True, scale=100, title_cols=(1, 4))
        else:
            kit.page_setup(ws, numbers="small", centred=True)
    return wb


# --- values as shown --------------------------------------------------------------------


def _ward_name(ward: WardResult | None, raw: str | None, lang: str) -> str:
    if ward is None:
        return raw or label("sum_ward_unknown", lang)
    return ward.name or label("sum_ward_unknown", lang)


def _basename(path: str | None) -> str:
    return Path(path).name if path else ""


def masked(params: dict[str, Any]) -> dict[str, Any]:
    """Message parameters with every personal value replaced by an ellipsis."""
    return {k: MASK if k in PERSONAL_PARAMS else v for k, v in params.items()}


# --- Tổng hợp: the report in the form of Decree 30/2020/NĐ-CP -------------------------------

# Decree 30/2020/NĐ-CP, Appendix I (Thể thức, kỹ thuật trình bày văn bản hành chính), part IV, the
# table "Mẫu chữ và chi tiết trình bày thể thức văn bản": Times New Roman throughout; the national
# name (Quốc hiệu) upper case 12-13 pt bold, the motto (Tiêu ngữ) 13-14 pt bold; the body names
# (tên cơ quan) upper case 12-13 pt, the issuing body bold; the number 13 pt; place and date
# 13-14 pt italic; the document type upper case 13-14 pt bold and its summary 13-14 pt bold;
# Kính gửi and the body text 13-14 pt; the signer's authority and title upper case 13-14 pt bold,
# the name 13-14 pt bold; "Nơi nhận:" 12 pt bold italic and its list 11 pt. Part I: A4 portrait,
# margins top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
DOC_SIZES = {"motto_top": 12, "motto": 13, "body_name": 12, "text": 13, "title": 14, "copies": 11}
DOC_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
DOC_MARGINS = kit.Margins(
    **{side: round(mm / 25.4, 3) for side, mm in DOC_MARGINS_MM.items()}, header=0.25, footer=0.3
)
TOTALS_WIDTHS = (5, 31, 10, 12, 26)  # 84 units ≈ 160 mm, the text width at 100 %
LEFT = 2  # the header's and the signature's left block is columns A-B, the right block C-E
SIGN_SPACE = 4  # empty rows for the signature and the seal


def _totals_sheet(ws: Sheet, report: Report, lang: str, include_members: bool) -> None:
    from ctg_check.report_settings import reporting_year

    year = reporting_year(report.plan.report, report.as_of, report.plan.report_due)
    kit.set_widths(ws, TOTALS_WIDTHS)
    row = _document_header(ws, report, lang)
    row = _document_opening(ws, row + 2, report, lang, year, include_members)
    row = _figures(ws, row + 1, report, lang)
    _signature(ws, row + 2, report, lang)


def _block(
    ws: Sheet, row: int, left: bool, text: str, font: Font, horizontal: str = "center"
) -> None:
    """Text merged over the left block (A-B) or the right one (C-E), the row as high as needed."""
    first, last = (1, LEFT) if left else (LEFT + 1, len(TOTALS_WIDTHS))
    width = sum(TOTALS_WIDTHS[first - 1 : last])
    kit.merge(ws, row, first, last, text, font=font, alignment=kit.align(horizontal, wrap=True))
    lines = text_lines(text, width, font.size, font.bold, indent=horizontal != "center")
    kit.set_height(ws, row, max(row_height(lines, font.size), kit.height(ws, row) or 0))


def _document_header(ws: Sheet, report: Report, lang: str) -> int:
    """Issuer and number left, motto and place-and-date right; the last row written."""
    settings = report.plan.report
    names = settings.issuer_lines() or ["……………"]
    size = DOC_SIZES["body_name"]
    for row, name in enumerate(names, start=1):
        _block(ws, row, True, name.upper(), kit.font(bold=row == len(names), size=size))
    _block(ws, 1, False, label("sum_motto", lang), kit.font(True, size=DOC_SIZES["motto_top"]))
    _block(ws, 2, False, label("sum_motto_sub", lang), kit.font(True, size=DOC_SIZES["motto"]))
    rule = max(len(names), 2) + 1
    _block(ws, rule, True, "―" * 5, kit.font(size=8))
    _block(ws, rule, False, "―" * 9, kit.font(size=8))
    kit.set_height(ws, rule, 9)
    text = DOC_SIZES["text"]
    number = label("sum_number", lang, number=settings.number_text() or "……/BC-……")
    _block(ws, rule + 1, True, number, kit.font(size=text))
    day, month = report.as_of.day, report.as_of.month
    date_line = label(
        "sum_place_date",
        lang,
        place=settings.place or "……………",
        day=f"{day:02d}",
        month=f"{month:02d}" if month < 3 else str(month),  # the decree: 0 before 1-9 and 1-2
        year=report.as_of.year,
    )
    _block(ws, rule + 1, False, date_line, kit.font(italic=True, size=text))
    return rule + 1


def _document_opening(
    ws: Sheet, row: int, report: Report, lang: str, year: int, include_members: bool
) -> int:
    """Title, Kính gửi, legal basis and the notes on the figures; the last row written."""
    plan, settings = report.plan, report.plan.report
    full = sum(TOTALS_WIDTHS)
    columns = len(TOTALS_WIDTHS)
    size, title = DOC_SIZES["text"], DOC_SIZES["title"]
    kit.text_row(
        ws, row, columns, full, label("sum_doc_type", lang), kit.font(True, size=title), "center"
    )
    title_text = label("sum_title", lang, year=year)
    kit.text_row(ws, row + 1, columns, full, title_text, kit.font(True, size=title), "center")
    kit.text_row(ws, row + 2, columns, full, "―" * 8, kit.font(size=8), "center")
    kit.set_height(ws, row + 2, 9)
    recipient = label("sum_recipient", lang, recipient=settings.recipient or "……………")
    kit.text_row(ws, row + 3, columns, full, recipient, kit.font(size=size), "center")
    month, day = (int(x) for x in plan.report_due.split("-"))
    dates = (
        label("sum_as_of", lang, date=report.as_of.strftime("%d/%m/%Y"))
        + " "
        + label("sum_due", lang, date=f"{day:02d}/{month:02d}/{year}")
    )
    lines = [
        (label("sum_basis", lang, basis=b.rstrip(".;")), kit.font(size=size))
        for b in settings.basis or (plan.title,)
    ]
    lines += [
        (label("sum_reports", lang, year=year), kit.font(size=size)),
        (dates, kit.font(size=size)),
    ]
    outdated = settings.outdated(report.as_of)
    if outdated and settings.bodies_until is not None:
        bodies = ", ".join(label(f"body_{b}", lang) for b in outdated)
        until = settings.bodies_until.strftime("%d/%m/%Y")
        note = label("sum_bodies_note", lang, bodies=bodies, plan=plan.id, until=until)
        lines.append((note, kit.font(True, italic=True, size=size, colour="C00000")))
    if include_members:
        personal = label("sum_personal", lang, sheet=sheet_name("members", lang))
        lines.append((personal, kit.font(True, size=size, colour="C00000")))
    else:
        lines.append((label("sum_aggregates_only", lang), kit.font(italic=True, size=size)))
    row += 4
    for text, font in lines:
        row += 1
        kit.text_row(ws, row, columns, full, text, font, "left")
    return row


def _figures(ws: Sheet, row: int, report: Report, lang: str) -> int:
    """I. the indicators against their targets, II. the counts; the last row written."""
    from ctg_check.formatting import indicator_label, target_text

    indicators = [
        [n, indicator_label(ind, lang), ind.value, target_text(ind, lang), ind.status]
        for n, ind in enumerate(report.indicators, start=1)
    ]
    heads: tuple[tuple[str, str], ...]
    heads = (("indicator", "wrap"), ("value", "pct"), ("target", "center"), ("status", "status"))
    last = _section(ws, row, "sum_section_indicators", heads, indicators, lang)
    heads = (("sum_item", "wrap"), ("sum_quantity", "int"), ("sum_share", "pct"))
    heads += (("sum_share_of", "wrap"),)
    return _section(ws, last + 2, "sum_section_counts", heads, count_rows(report, lang), lang)


def _section(
    ws: Sheet,
    row: int,
    title: str,
    heads: tuple[tuple[str, str], ...],
    rows: list[list[Any]],
    lang: str,
) -> int:
    """A part of the first page: its heading, then a numbered table over the page's five
    columns (the label key and kind of each after STT); the last row written."""
    size = DOC_SIZES["text"]
    height = row_height(1, size)
    kit.merge(ws, row, 1, len(TOTALS_WIDTHS), label(title, lang), font=kit.font(True, size=size))
    kit.set_height(ws, row, height)
    cols = [Col(label("sum_stt", lang), TOTALS_WIDTHS[0], "stt")]
    cols += [
        Col(label(key, lang), width, kind)
        for (key, kind), width in zip(heads, TOTALS_WIDTHS[1:], strict=True)
    ]
    table = write_table(ws, row + 1, cols, rows, lang, filters=False, size=size, min_height=height)
    return table.last


def _signature(ws: Sheet, row: int, report: Report, lang: str) -> None:
    """Nơi nhận (left) and the signer's authority, title and name (right)."""
    settings = report.plan.report
    signer = settings.signer
    copies = list(settings.copies or label("sum_copies_default", lang).split(";"))
    left = [(label("sum_copies", lang), kit.font(True, italic=True, size=12))]
    left += [
        (
            f"- {c.rstrip('.;')}{'.' if i == len(copies) - 1 else ';'}",
            kit.font(size=DOC_SIZES["copies"]),
        )
        for i, c in enumerate(copies)
    ]
    bold = kit.font(True, size=DOC_SIZES["text"])
    right = [(t.upper(), bold) for t in (signer.authority, signer.title) if t]
    right += [("", bold)] * SIGN_SPACE + [(signer.name, bold)]
    rows = max(len(left), len(right))
    for i in range(rows):
        if i < len(left):
            _block(ws, row + i, True, *left[i], horizontal="left")
        if i < len(right):
            _block(ws, row + i, False, *right[i])
    _keep_together(ws, row, row + rows - 1)


def _keep_together(ws: Sheet, first: int, last: int) -> None:
    """A page break before rows first..last when they would straddle two pages. Every row of the
    sheet has its height set (rows without one are 15 pt), so the page the rows fall on is known."""
    page = (297 - DOC_MARGINS_MM["top"] - DOC_MARGINS_MM["bottom"]) / 25.4 * 72  # points

    def height(r: int) -> float:
        return kit.height(ws, r) or 15.0

    used = 0.0
    for r in range(1, first):
        used = height(r) if used + height(r) > page else used + height(r)
    if used + sum(height(r) for r in range(first, last + 1)) > page:
        kit.page_break(ws, after_row=first - 1)


def count_rows(report: Report, lang: str) -> list[list[Any]]:
    """The figures of the first sheet: STT, item, number, share, what the share is of."""
    return [
        [
            n,
            label(line.key, lang, **dict(line.params)),
            line.number,
            "" if line.share is None else line.share,
            label(line.of, lang) if line.of else "",
        ]
        for n, line in enumerate(overview(report), start=1)
    ]


# --- Theo phường, xã ------------------------------------------------------------------------

# The wards sheet's figures in this order, the counters with their heading; the plan's other
# shares (a plan file may add some) come after them.
WARD_FIGURES = (
    ("members", "members"),
    ("women_share", None),
    ("older_share", None),
    ("younger_share", None),
    ("disadvantaged", "sum_disadvantaged_col"),
    ("loan_coverage", None),
)


def ward_figures(specs: tuple[Spec, ...], lang: str) -> list[tuple[Col, Callable[[Counts], Any]]]:
    """The wards sheet's figure columns and how each is found from a ward's counts."""
    shares = {s.id: s for s in specs if s.kind == SHARE}
    items = [(k, h) for k, h in WARD_FIGURES if h is not None or k in shares]
    items += [(k, None) for k in shares if k not in dict(WARD_FIGURES)]
    out: list[tuple[Col, Callable[[Counts], Any]]] = []
    for key, heading in items:
        if heading is not None:
            out.append((Col(label(heading, lang), 11, "int"), partial(_known, key=key)))
        else:
            spec = shares[key]
            out.append((Col(spec.name(lang), 11, "pct"), partial(share_of, spec=spec)))
    return out


def _known(c: Counts, key: str) -> int:
    return c.known.get(key, 0)


def _wards_sheet(ws: Sheet, report: Report, wards: list[WardRow], lang: str) -> Table:
    plan = report.plan
    minimum = plan.min_effective_clubs
    figures = ward_figures(plan.indicators, lang)
    seen = any(w.ward.names_seen for w in wards)
    names = [_ward_name(w.ward, None, lang) for w in wards]
    cols = [
        Col(label("sum_stt", lang), 6, "stt"),
        Col(label("ward", lang), min(max([20, *(len(n) + 2 for n in names)]), 32), "wrap"),
        Col(label("sum_code", lang), 9, "center"),
    ]
    if seen:
        cols.append(Col(label("sum_names_seen", lang), 22, "wrap"))
    cols += [
        Col(label("sum_submitted", lang), 9, "flag"),
        Col(label("sum_n_clubs", lang), 9, "int"),
        Col(label("effective_clubs", lang), 12, "int", key="effective"),
        Col(label("target", lang), 10, "int", fmt='"≥ "0', key="target"),
        Col(label("status", lang), 11, "status"),
        *(col for col, _ in figures),
    ]

    def values(c: Counts) -> list[Any]:
        return [value(c) for _, value in figures]

    rows = []
    for n, (wr, name) in enumerate(zip(wards, names, strict=True), start=1):
        w = wr.ward
        row: list[Any] = [n, name, w.code or ""]
        if seen:
            row.append("; ".join(w.names_seen))
        row += [w.submitted, w.clubs, w.effective_clubs, minimum, w.status]
        # a ward that sent nothing has no figures, not zero members
        row += values(wr.counts) if w.submitted else [None] * len(figures)
        rows.append(row)
    totals = ward_totals(wards)
    total: list[Any] = ["", label("sum_total_row", lang), ""]
    if seen:
        total.append("")
    total += [
        totals.submitted,
        totals.clubs,
        totals.effective,
        None,
        label("sum_wards_met_short", lang, met=totals.met, total=totals.named)
        if minimum is not None
        else "",
        *values(totals.counts),
    ]
    kit.sheet_title(ws, label("sum_title_wards", lang), cols)
    return write_table(ws, 2, cols, rows, lang, total=total, freeze_col=3, min_height=16)


# --- Theo CLB -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A column of the clubs sheets: its heading, a club's cell and the total row's cell."""

    col: Col
    value: Callable[[ClubResult], Any]
    total: Callable[[list[ClubResult], Counts], Any]  # the clubs and their counts added up


# the counts the printed clubs sheet shows (the details sheet shows every counter of the report)
KEY_COUNTS = ("members", "women", "older", "younger")
# the details sheet's figure columns, in this order of unit
FIGURE_ORDER = (PCT, MONEY, YESNO, DONE)


def count_figure(key: str, lang: str, col: Col) -> Figure:
    heading = replace(col, header=label(COUNTERS[key].label, lang))
    return Figure(
        heading,
        lambda r: r.counts.known.get(key, 0),
        lambda rs, counts: counts.known.get(key, 0),
    )


def mark_figure(spec: Spec, lang: str, col: Col) -> Figure:
    """Met / not met / unknown for an indicator; the total row counts the clubs that meet it."""
    return Figure(
        replace(col, header=spec.name(lang, "short")),
        lambda r: r.indicator(spec.id).status,
        lambda rs, counts: sum(r.indicator(spec.id).status == MET for r in rs),
    )


def indicator_figure(spec: Spec, plan_activities: int, lang: str, groups: dict[str, str]) -> Figure:
    """The value of an indicator that has its own column: a share, a fund, the regulation or
    the activities done."""
    name = spec.name(lang, "figure")

    def value(r: ClubResult) -> Any:
        return r.indicator(spec.id).value

    if spec.unit == PCT:
        col = Col(name, 6.3, "pct", groups["shares"], rotate=True)
        return Figure(col, value, lambda rs, counts: share_of(counts, spec))
    if spec.unit == MONEY:
        return Figure(
            Col(name, 11.5, "money", groups["funds"]),
            lambda r: _fund(r.indicator(spec.id), lang),
            lambda rs, counts: sum(r.indicator(spec.id).value or 0 for r in rs),
        )
    if spec.unit == YESNO:
        col = Col(name, 5.5, "flag", rotate=True)
        return Figure(
            col, value, lambda rs, counts: sum(r.indicator(spec.id).status == MET for r in rs)
        )
    col = Col(name, 5.2, "int", fmt=f'0"/{plan_activities}"', rotate=True)
    return Figure(col, _done, lambda rs, counts: None)


def _done(r: ClubResult) -> int:
    """The activities done (those not known count as not done here; the status says unknown)."""
    return sum(1 for done in r.activities.values() if done)


def _fund(ind: Indicator, lang: str) -> int | str | None:
    """A fund's amount, else Có/Không when only its presence is known, else None (unknown)."""
    if ind.value is not None:
        return int(ind.value)
    return None if ind.status == UNKNOWN else label("yes" if ind.status == MET else "no", lang)


def verdict_figure(key: str, lang: str, col: Col) -> Figure:
    return Figure(
        replace(col, header=label(key, lang)),
        lambda r: getattr(r, key),
        lambda rs, counts: sum(getattr(r, key) is True for r in rs),
    )


def _club_rows(
    figures: list[Figure],
    clubs: list[tuple[WardResult | None, ClubResult]],
    lang: str,
    id_col: bool,
) -> tuple[list[list[Any]], list[Any]]:
    """The rows of a clubs sheet (STT, ward, club, then the figures) and its total row."""
    rows = []
    for n, (ward, res) in enumerate(clubs, start=1):
        club = res.club
        # the report's own key for clubs without an id is no use here
        named = (
            [club.id or "", club.name or "", _basename(club.file)]
            if id_col
            else [club.name or club.id or ""]
        )
        rows.append(
            [n, _ward_name(ward, club.ward, lang), *named, *(f.value(res) for f in figures)]
        )
    results = [res for _, res in clubs]
    blank = ["", "", ""] if id_col else [""]
    counts = add_counts(r.counts for r in results)
    total = ["", label("sum_total_row", lang), *blank, *(f.total(results, counts) for f in figures)]
    return rows, total


def _clubs_full_sheet(ws: Sheet, report: Report, wards: list[WardRow], lang: str) -> None:
    plan = report.plan
    size = 10
    clubs = clubs_in_order(report, wards)
    groups = {k: label(f"sum_grp_{k}", lang) for k in ("counts", "shares", "funds")}
    g_ind, g_end = label("sum_grp_indicators", lang), label("sum_grp_verdict", lang)
    name_width = max([14, *(len(c.club.name or "") * 0.45 + 2 for _, c in clubs)])
    count = Col("", 5.2, "int", groups["counts"], fmt="0", rotate=True)
    with_figure = [s for s in plan.indicators if s.unit in FIGURE_ORDER]
    with_figure.sort(key=lambda s: FIGURE_ORDER.index(s.unit))
    # about 34 columns on two A4 widths: narrow columns with upright headers, statuses as ✓ ✗ ?
    figures = [
        *(
            count_figure(k, lang, replace(count, width=5.5 if k == "members" else 5.2))
            for k in plan.shown_counters
        ),
        *(indicator_figure(s, len(plan.activities), lang, groups) for s in with_figure),
        *(mark_figure(s, lang, Col("", 4, "mark", g_ind, rotate=True)) for s in plan.indicators),
        *(verdict_figure(k, lang, Col("", 6, "flag", g_end, rotate=True)) for k in VERDICTS),
    ]
    cols = [
        Col(label("sum_stt", lang), 4, "stt"),
        Col(label("ward", lang), 12, "wrap"),
        Col(label("sum_club_id", lang), 7, "wrap"),
        Col(label("sum_club_name", lang), min(name_width, 26), "wrap"),
        Col(label("file", lang), 10, "wrap"),
        *(f.col for f in figures),
    ]
    rows, total = _club_rows(figures, clubs, lang, id_col=True)
    # printed two pages across, the club's four columns repeated on each: the title over those,
    # and the second page starting with the funds, so that no group heading is cut in two
    kit.sheet_title(ws, label("sum_title_clubs_full", lang), cols[:4])
    funds = [i for i, c in enumerate(cols) if c.group == groups["funds"]]
    if funds:
        kit.page_break(ws, after_column=funds[0])
    table = write_table(ws, 2, cols, rows, lang, total=total, freeze_col=5, size=size)
    loan = plan.indicator("loan_coverage")
    of = COUNTERS[loan.of].of_label if loan is not None and loan.of else None
    note = label("sum_clubs_note", lang, loan_of=label(of, lang) if of else kit.DASH)
    width = sum(c.width for c in cols)
    kit.text_row(
        ws, table.last + 3, len(cols), width, note, kit.font(italic=True, size=size), "left"
    )


# --- Theo CLB (to print) --------------------------------------------------------------------


def _clubs_sheet(ws: Sheet, report: Report, wards: list[WardRow], lang: str) -> None:
    """One A4 landscape width: the key counts and Đạt/Chưa đạt per indicator, at 10 pt."""
    size = 10
    plan = report.plan
    clubs = clubs_in_order(report, wards)
    g_counts, g_ind = label("sum_grp_counts", lang), label("sum_grp_indicators", lang)
    count = Col("", 6.5, "int", g_counts, fmt="0")
    figures = [
        *(count_figure(k, lang, count) for k in KEY_COUNTS),
        *(mark_figure(s, lang, Col("", 8.6, "status", g_ind)) for s in plan.indicators),
        verdict_figure("effective", lang, Col("", 9, "flag")),
    ]
    cols = [
        Col(label("sum_stt", lang), 4.5, "stt"),
        Col(label("ward", lang), 13, "wrap"),
        Col(label("sum_club_name", lang), 24, "wrap"),
        *(f.col for f in figures),
    ]
    rows, total = _club_rows(figures, clubs, lang, id_col=False)
    kit.sheet_title(ws, label("sum_title_clubs", lang), cols)
    table = write_table(ws, 2, cols, rows, lang, total=total, freeze_col=4, size=size)
    note = label("sum_clubs_print_note", lang, sheet=sheet_name("clubs_full", lang))
    width = sum(col.width for col in cols)
    kit.text_row(
        ws, table.last + 3, len(cols), width, note, kit.font(italic=True, size=size), "left"
    )


# --- Vấn đề dữ liệu -------------------------------------------------------------------------


def problem_rows(report: Report, lang: str) -> list[list[Any]]:
    """File, sheet, cell, club, severity, code, message: unreadable files first, then every
    problem by file and place; personal values in messages are masked."""
    # messages name files by the path given on the command line: show the file name only
    paths = {sub.path for sub in report.files if sub.path}

    def text_of(code: str, params: dict[str, Any]) -> str:
        short = {k: _basename(v) if v in paths else v for k, v in params.items()}
        return message(code, lang, **masked(short))

    rows: list[list[Any]] = []
    for sub in report.files:
        if sub.status == "error":
            code, params = sub.error or ("file-unreadable", {})
            text = text_of(code, dict(params))
            rows.append([_basename(sub.path), "", "", "", ERROR, code, text])

    def where(p: Any) -> tuple[str, str, int, int]:
        place = p.place
        return (_basename(place.file), place.sheet or "", place.row or 0, place.column or 0)

    for p in sorted(report.problems, key=where):
        place = p.place
        text = text_of(p.code, p.params)
        row = [_basename(place.file), place.sheet or "", place.cell or "", p.club or ""]
        rows.append([*row, p.severity, p.code, text])
    return rows


def _problems_sheet(ws: Sheet, report: Report, lang: str) -> None:
    rows = problem_rows(report, lang)

    def width(i: int, least: float, most: float) -> float:
        return min(max([least, *(len(r[i]) * 0.9 + 2 for r in rows)]), most)

    cols = [
        Col(label("sum_stt", lang), 6, "stt"),
        Col(label("file", lang), width(0, 12, 24), "wrap"),
        Col(label("sheet", lang), width(1, 9, 18), "wrap"),
        Col(label("cell", lang), 7, "center"),
        Col(label("club", lang), width(3, 10, 26), "wrap"),
        Col(label("sum_severity", lang), 10, "severity"),
        Col(label("sum_code_col", lang), width(5, 10, 22), "text"),
        Col(label("sum_message", lang), 60, "wrap"),
    ]
    kit.sheet_title(ws, label("sum_title_problems", lang), cols)
    numbered = [[n, *r] for n, r in enumerate(rows, start=1)]
    table = write_table(ws, 2, cols, numbered, lang, min_height=16)
    if not rows:
        kit.merge(
            ws,
            table.first,
            1,
            len(cols),
            label("sum_no_problems", lang),
            font=kit.font(italic=True),
        )


# --- Biểu đồ --------------------------------------------------------------------------------


def _chart_sheet(ws: Sheet, data: Sheet, table: Table, report: Report, lang: str) -> None:
    def column(key: str | int) -> Ref:
        index = key if isinstance(key, int) else table.column(key)
        return Ref(data.title, index, table.first, table.last)

    minimum = report.plan.min_effective_clubs
    ws.chart = ColumnChart(
        title=label("sum_chart_title", lang),
        axis_title=label("sum_chart_axis", lang),
        categories=column(2),
        values=column("effective"),
        name=label("effective_clubs", lang),
        colour=BAR_COLOURS[MET],
        colours=tuple(BAR_COLOURS.get(w.status or MET, BAR_COLOURS[MET]) for w in report.wards),
        target=column("target") if minimum is not None else None,
        target_name=label("sum_chart_target", lang, n=minimum) if minimum is not None else "",
    )
    note = label("sum_chart_note", lang)
    kit.merge(ws, 31, 1, 14, note, font=kit.font(italic=True), alignment=kit.align("left"))


# --- Thành viên (only on request) -----------------------------------------------------------


def _members_sheet(ws: Sheet, report: Report, wards: list[WardRow], lang: str) -> None:
    rows: list[list[Any]] = []
    for ward, res in clubs_in_order(report, wards):
        ward_name = _ward_name(ward, res.club.ward, lang)
        for m in res.club.members:
            rows.append(
                [
                    len(rows) + 1,
                    ward_name,
                    res.club.name or res.club.id or "",
                    m.name,
                    _birth_year(m),
                    _sex(m, lang),
                    m.poor,
                    m.near_poor,
                    m.disabled,
                    m.hardship,
                    m.loan_needed,
                    m.loan_received,
                    _basename(m.place.file or res.club.file),
                    m.place.sheet or "",
                    m.place.row,
                ]
            )

    def width(i: int, least: float, most: float) -> float:
        return min(max([least, *(len(str(r[i])) * 0.9 + 2 for r in rows)]), most)

    cols = [
        Col(label("sum_stt", lang), 7, "stt"),
        Col(label("ward", lang), width(1, 12, 22), "wrap"),
        Col(label("club", lang), width(2, 16, 34), "wrap"),
        Col(label("sum_name", lang), width(3, 20, 30), "text"),
        Col(label("sum_birth", lang), 8, "int", fmt="0"),
        Col(label("sum_sex", lang), 7, "center"),
        Col(label("sum_poor", lang), 8, "yesno"),
        Col(label("sum_near_poor", lang), 8, "yesno"),
        Col(label("sum_disabled", lang), 9, "yesno"),
        Col(label("sum_hardship", lang), 11, "yesno"),
        Col(label("sum_loan_needed", lang), 8, "yesno"),
        Col(label("sum_loan_received", lang), 8, "yesno"),
        Col(label("file", lang), width(12, 10, 22), "wrap"),
        Col(label("sheet", lang), width(13, 8, 16), "text"),
        Col(label("sum_row", lang), 6, "int", fmt="0"),
    ]
    kit.sheet_title(ws, label("sum_title_members", lang), cols)
    write_table(ws, 2, cols, rows, lang, freeze_col=5)


def _birth_year(m: Member) -> int | None:
    if m.birth_year is not None:
        return m.birth_year
    return m.birth_date.year if m.birth_date is not None else None


def _sex(m: Member, lang: str) -> str | None:
    return {"M": label("sum_male", lang), "F": label("sum_female", lang)}.get(m.sex or "")
