"""Render workbooks as they print: LibreOffice → PDF → PNG (pdftoppm), and each page's text.

    python tools/render_pages.py OUT_DIR BOOK.xlsx [BOOK.xlsx ...] [--dpi 100]
    python tools/render_pages.py OUT_DIR   # no workbook: the summary, template and annotated
                                           # copy of sample_data, made then rendered

Writes BOOK.pdf and BOOK-N.png (one per page) into OUT_DIR and prints each page's size and first
line of text. tests/test_render.py uses the same functions (skipped when LibreOffice is absent).
LibreOffice runs with its own profile folder, so it never meets another running instance.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 180


def office() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("libreoffice") or shutil.which("soffice")


def to_pdf(book: Path, out_dir: Path) -> Path:
    """Convert one workbook to PDF with LibreOffice; the PDF's path."""
    command = office()
    if command is None:
        raise RuntimeError("LibreOffice is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                command,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(book),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )
    pdf = out_dir / (book.stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"LibreOffice wrote no PDF for {book}")
    return pdf


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext -layout)."""
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    pages = done.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in millimetres (pdfinfo)."""
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    sizes = []
    for line in done.stdout.decode().splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]) * 25.4 / 72, float(parts[2]) * 25.4 / 72))
    return sizes


def to_png(pdf: Path, out_dir: Path, dpi: int = 100) -> list[Path]:
    """Each page of a PDF as PNG (pdftoppm); the files in page order."""
    prefix = out_dir / pdf.stem
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def sample_books(out_dir: Path) -> list[Path]:
    """The summary, the template and an annotated copy made from sample_data."""
    from ctg_check import api
    from ctg_check.writers import WriteOptions
    from ctg_check.writers.template import write_template

    out_dir.mkdir(parents=True, exist_ok=True)
    opts = api.options(
        as_of=date(2025, 12, 10),
        units="vung-tau-2025",
        plan_units=True,
        report={
            "issuer": "UBND THÀNH PHỐ HỒ CHÍ MINH|ỦY BAN NHÂN DÂN PHƯỜNG VŨNG TÀU",
            "recipient": "Sở Y tế Thành phố Hồ Chí Minh",
            "place": "Vũng Tàu",
            "signer": "TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH|Nguyễn Văn An",
        },
    )
    summary = out_dir / "tong-hop.xlsx"
    api.summary([ROOT / "sample_data"], summary, opts)
    template = out_dir / "mau-bao-cao.xlsx"
    write_template(opts.plan, template, WriteOptions())
    source = sorted((ROOT / "sample_data").glob("*.xlsx"))[0]
    report = api.validate([source], opts)
    annotated = out_dir / "ban-danh-dau.xlsx"
    api.annotate(report, source, annotated)
    return [summary, template, annotated]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("books", type=Path, nargs="*")
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args(argv)
    books = list(args.books) or sample_books(args.out_dir)
    if office() is None:
        print("LibreOffice is not installed", file=sys.stderr)
        return 2
    for book in books:
        pdf = to_pdf(book, args.out_dir)
        pngs = to_png(pdf, args.out_dir, args.dpi)
        for n, ((w, h), text, png) in enumerate(
            zip(page_sizes(pdf), page_texts(pdf), pngs, strict=False), start=1
        ):
            first = next((line.strip() for line in text.splitlines() if line.strip()), "")
            print(f"{book.name} page {n}: {w:.0f}×{h:.0f} mm, {png.name}: {first[:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
