"""The summary, the template and an annotated copy as LibreOffice prints them (see
tools/render_pages.py): A4 pages, no sheet clipped at the right edge (every column's header is on a
page), as many pages as the sheets need. Skipped when LibreOffice or poppler (pdftotext,
pdftoppm) is not installed."""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers import write_two_wards

from ctg_check import api, schema
from ctg_check.i18n import label
from ctg_check.plan import load_plan
from ctg_check.writers.template import write_template

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import render_pages

pytestmark = pytest.mark.skipif(
    render_pages.office() is None or not shutil.which("pdftotext") or not shutil.which("pdftoppm"),
    reason="LibreOffice or poppler-utils not installed",
)
A4 = {(210, 297), (297, 210)}
SIGNER = "TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH|Nguyễn Văn An"


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _pages(book: Path, out: Path) -> list[str]:
    pdf = render_pages.to_pdf(book, out)
    sizes = render_pages.page_sizes(pdf)
    assert {(round(w), round(h)) for w, h in sizes} <= A4, sizes
    texts = render_pages.page_texts(pdf)
    assert len(texts) == len(sizes)
    pngs = render_pages.to_png(pdf, out, dpi=20)
    assert len(pngs) == len(sizes)
    return texts


def _shown(header: str, words: set[str]) -> bool:
    return _words(header) <= words


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("render")
    write_two_wards(folder)
    return folder


def test_summary_prints_every_sheet_whole(folder: Path, tmp_path: Path) -> None:
    opts = api.options(
        as_of=date(2025, 12, 10), units="vung-tau-2022", report={"signer": SIGNER}, plan_units=True
    )
    out = tmp_path / "tong-hop.xlsx"
    report = api.summary([folder / "phuong-1.xlsx", folder / "phuong-2.xlsx"], out, opts)
    pages = _pages(out, tmp_path)
    # page 1 (one or two pages), wards, clubs, details two across, problems, chart
    assert 7 <= len(pages) <= 8, len(pages)
    words = _words("\n".join(pages))
    for key in ("sum_motto", "sum_doc_type", "sum_copies", "sum_title_wards", "sum_title_clubs"):
        assert _shown(label(key), words), key
    assert _shown(label("sum_title", year=2025), words)
    assert _shown("Nguyễn Văn An", words) and _shown(label("sum_chart_title"), words)
    first = _words(pages[0])
    assert _shown(label("sum_motto"), first) and _shown("Số", first)
    # the last column of every table sheet is on a page: nothing cut at the right edge
    for last in ("loan_coverage", "effective", "sum_message", "funded", "fully_active"):
        assert _shown(label(last), words), last
    assert _shown(label("sum_ind_activities"), words)  # the print sheet's last indicator
    for res in report.clubs:
        assert _shown(res.club.name or "", words)


def test_template_prints_fitted_to_width(tmp_path: Path) -> None:
    plan = load_plan()
    out = tmp_path / "mau.xlsx"
    write_template(plan, out)
    pages = _pages(out, tmp_path)
    assert len(pages) == 4, len(pages)  # the guide on two portrait pages, one page per data sheet
    clubs, members = _words(pages[2]), _words(pages[3])
    for col in schema.club_columns(plan):
        assert _shown(col.vi, clubs), col.vi
    for col in schema.MEMBER_COLUMNS:
        assert _shown(col.vi, members), col.vi
    guide = _words(pages[0] + pages[1])
    assert _shown("Thành phố Hồ Chí Minh", guide) and _shown("Phường Vũng Tàu", guide)


def test_annotated_copy_renders(folder: Path, tmp_path: Path) -> None:
    source = folder / "phuong-2.xlsx"
    report = api.validate([source], api.options(as_of=date(2025, 12, 10)))
    out = tmp_path / "danh-dau.xlsx"
    api.annotate(report, source, out)
    pages = _pages(out, tmp_path)
    words = _words("\n".join(pages))
    assert _shown("P2-01", words) and _shown(schema.SHEET_MEMBERS, words)
