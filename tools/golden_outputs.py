"""Write every workbook output for sample_data into a folder, or compare two such folders.

    python tools/golden_outputs.py write OUT_DIR
    python tools/golden_outputs.py compare OLD_DIR NEW_DIR

`compare` reads each pair of workbooks with openpyxl and compares, sheet by sheet, the cell
values, number formats, fonts, fills, borders, alignments and protection, the merged ranges,
column widths and row heights, frozen panes, filters, print titles and areas, page setup,
margins, header/footer, breaks, data validations and defined names. Used to prove that a
refactor of the writers changed no workbook (a check for a change, not a test of the suite).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
CLI = [sys.executable, "-m", "ctg_check"]


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    runs = [
        ["summary", str(SAMPLE), "-o", str(out / "summary-vi.xlsx")],
        [
            "--lang",
            "en",
            "summary",
            str(SAMPLE),
            "-o",
            str(out / "summary-en.xlsx"),
            "--include-members",
        ],
        ["merge", str(SAMPLE), "-o", str(out / "merged.xlsx")],
        ["template", str(out / "template.xlsx")],
        ["validate", str(SAMPLE), "--annotate-dir", str(out / "annotated")],
    ]
    for args in runs:
        subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, check=False)


def _rgb(colour: Any) -> Any:
    """A colour as it shows: the alpha byte (00 from openpyxl, FF from xlsxwriter) is ignored."""
    rgb = getattr(colour, "rgb", None)
    return rgb[-6:] if isinstance(rgb, str) else None


def _style(cell: Any) -> tuple[Any, ...]:
    """What a cell's style shows (not how the file spells it: font family numbers, default
    attributes and colour alpha bytes differ between openpyxl and xlsxwriter)."""
    f, a = cell.font, cell.alignment
    fill = cell.fill
    solid = (fill.patternType, _rgb(fill.fgColor)) if fill.patternType else None
    border = tuple(_side(getattr(cell.border, s)) for s in ("left", "right", "top", "bottom"))
    return (
        cell.number_format,
        (f.name, f.sz, bool(f.b), bool(f.i), f.u, _rgb(f.color)),
        solid,
        border,
        (
            a.horizontal or "general",
            a.vertical or "bottom",
            bool(a.wrap_text),
            a.indent,
            a.textRotation,
        ),
        (cell.protection.locked, cell.protection.hidden),
        cell.quotePrefix if hasattr(cell, "quotePrefix") else None,
    )


def _side(side: Any) -> tuple[Any, Any]:
    return (None, None) if side is None or side.style is None else (side.style, _rgb(side.color))


def _page(ws: Any) -> tuple[Any, ...]:
    p, fit = ws.page_setup, ws.sheet_properties.pageSetUpPr
    fitted = bool(fit is not None and fit.fitToPage)
    return (
        p.orientation,
        str(p.paperSize),
        p.scale or 100,
        fitted,
        (p.fitToWidth or 1, p.fitToHeight) if fitted else None,
    )


_BLANK = (
    "General",
    ("Times New Roman", 11.0, False, False, None, None),
    None,
    ((None, None),) * 4,
    ("general", "bottom", False, 0.0, 0),
    (True, False),
    False,
)


def _header_footer(item: Any) -> Any:
    if item is None:
        return None
    parts = (item.left, item.center, item.right)
    return [(p.text, p.size, (p.font or "").removesuffix(",Regular"), p.color) for p in parts]


def _sheet(ws: Any) -> dict[str, Any]:
    cells = {
        c.coordinate: (c.value, c.data_type if c.value is not None else None, *_style(c))
        for row in ws.iter_rows()
        for c in row
        if c.value is not None or c.has_style
    }
    cells = {k: v for k, v in cells.items() if v[0] is not None or v[2:] != _BLANK}
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        # as shown: widths to 1/100 of a digit (xlsxwriter keeps 1/256 and groups equal
        # neighbours in one range), heights in whole pixels (as Excel draws them)
        "widths": {
            i: (round(d.width, 2), d.hidden)
            for d in ws.column_dimensions.values()
            if d.width or d.hidden
            for i in range(d.min or 1, (d.max or d.min or 1) + 1)
        },
        "heights": {k: round(d.height * 4 / 3) for k, d in ws.row_dimensions.items() if d.height},
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "titles": (ws.print_title_rows, ws.print_title_cols),
        "area": ws.print_area,
        "page": _page(ws),
        "centred": bool(ws.print_options.horizontalCentered),
        "margins": repr(ws.page_margins),
        "footer": _header_footer(ws.oddFooter),
        "header": _header_footer(ws.oddHeader),
        "breaks": ([b.id for b in ws.row_breaks.brk], [b.id for b in ws.col_breaks.brk]),
        "validations": repr(ws.data_validations.dataValidation),
        "charts": len(ws._charts),
        "state": ws.sheet_state,
    }


def _book(path: Path) -> dict[str, Any]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return {
        "sheets": wb.sheetnames,
        "names": sorted((k, v.attr_text) for k, v in wb.defined_names.items()),
        "custom": [(p.name, p.value) for p in getattr(wb, "custom_doc_props").props],  # noqa: B009
        **{f"sheet:{ws.title}": _sheet(ws) for ws in wb.worksheets},
    }


def compare(old: Path, new: Path) -> int:
    bad = 0
    olds = sorted(p.relative_to(old) for p in old.rglob("*.xlsx"))
    news = sorted(p.relative_to(new) for p in new.rglob("*.xlsx"))
    if olds != news:
        print("different files:", set(olds) ^ set(news))
        bad += 1
    for rel in olds:
        if rel not in news:
            continue
        a, b = _book(old / rel), _book(new / rel)
        same_bytes = (old / rel).read_bytes() == (new / rel).read_bytes()
        diffs = _diff(a, b)
        state = "DIFFERENT" if diffs else "same"
        print(f"{rel}: {state}, bytes {'same' if same_bytes else 'differ'}")
        for d in diffs[:20]:
            print("   ", d)
        bad += bool(diffs)
    return 1 if bad else 0


def _diff(a: dict[str, Any], b: dict[str, Any], where: str = "") -> list[str]:
    out: list[str] = []
    for key in sorted(a.keys() | b.keys()):
        x, y = a.get(key), b.get(key)
        if isinstance(x, dict) and isinstance(y, dict):
            out += _diff(x, y, f"{where}/{key}")
        elif x != y:
            out.append(f"{where}/{key}: {str(x)[:150]} != {str(y)[:150]}")
    return out


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(Path(sys.argv[2]))
    else:
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
