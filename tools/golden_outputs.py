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


def _style(cell: Any) -> tuple[Any, ...]:
    return (
        cell.number_format,
        repr(cell.font),
        repr(cell.fill),
        repr(cell.border),
        repr(cell.alignment),
        repr(cell.protection),
        cell.quotePrefix if hasattr(cell, "quotePrefix") else None,
    )


def _header_footer(item: Any) -> Any:
    if item is None:
        return None
    return [(p.text, p.size, p.font, p.color) for p in (item.left, item.center, item.right)]


def _sheet(ws: Any) -> dict[str, Any]:
    cells = {
        c.coordinate: (c.value, c.data_type, *_style(c))
        for row in ws.iter_rows()
        for c in row
        if c.value is not None or c.has_style
    }
    return {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": {k: (d.width, d.hidden) for k, d in ws.column_dimensions.items()},
        "heights": {k: d.height for k, d in ws.row_dimensions.items()},
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "titles": (ws.print_title_rows, ws.print_title_cols),
        "area": ws.print_area,
        "page": repr(ws.page_setup),
        "fit": repr(ws.sheet_properties.pageSetUpPr),
        "options": repr(ws.print_options),
        "margins": repr(ws.page_margins),
        "footer": _header_footer(ws.oddFooter),
        "header": _header_footer(ws.oddHeader),
        "breaks": (repr(ws.row_breaks), repr(ws.col_breaks)),
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
