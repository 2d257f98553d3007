"""A peer for the benchmark: per-club counts from a folder of ward files, written by hand with
pandas the way an analyst would for these three layouts (no checks, no encodings, no report).

    python benchmarks/pandas_counts.py FOLDER     # prints club, members, women, disadvantaged

It finds the row holding "Họ và tên" in each sheet, takes the club from a "Mã CLB"/"Tên CLB"
column or else from the sheet's name, and counts rows with a name: members, women (a "Giới
tính" column saying "Nữ", or the birth year written in the "Nữ" column of the classic layout)
and members with any of the four hardship marks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HARDSHIP = ("nghèo", "khuyết tật", "khó khăn")
YES = {"x", "có", "1", "true"}


def _table(sheet: pd.DataFrame, name: str) -> pd.DataFrame | None:
    """The member rows of one sheet with their header as column names, or None."""
    hits = sheet.index[sheet.eq("Họ và tên").any(axis=1)]
    if hits.empty:
        return None
    at = hits[0]
    header = sheet.iloc[at].astype(str).str.strip()
    below = sheet.iloc[at + 1].astype(str).str.strip()
    if (
        below.eq("Nam").any()
        and below.eq("Nữ").any()
        and below[header.eq("Họ và tên")].eq("").all()
    ):
        # classic layout: two header rows, Nam / Nữ under "Năm sinh"
        header = header.where(below.eq(""), below)
        at += 1
    table = sheet.iloc[at + 1 :].copy()
    table.columns = [f"{h}#{i}" for i, h in enumerate(header)]
    names = table[next(c for c in table.columns if c.startswith("Họ và tên#"))]
    table = table[names.astype(str).str.strip().ne("") & names.notna()]
    club = next((c for c in table.columns if c.startswith(("Mã CLB#", "Tên CLB#"))), None)
    table["club"] = table[club].astype(str) if club else name
    return table


def _counts(table: pd.DataFrame) -> pd.DataFrame:
    marks = table.apply(lambda col: col.astype(str).str.strip().str.lower())
    sex = next((c for c in table.columns if c.startswith("Giới tính")), None)
    women = marks[sex].eq("nữ") if sex else marks.filter(like="Nữ#").ne("").any(axis=1)
    hardship = [c for c in table.columns if any(w in c.lower() for w in HARDSHIP)]
    poor = marks[hardship].isin(YES).any(axis=1)
    frame = pd.DataFrame({"club": table["club"], "women": women, "disadvantaged": poor})
    return frame.groupby("club").agg(
        members=("women", "size"), women=("women", "sum"), disadvantaged=("disadvantaged", "sum")
    )


def main(folder: str) -> None:
    parts = []
    for path in sorted(Path(folder).rglob("*.xlsx")):
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="calamine", dtype=object)
        for name, sheet in sheets.items():
            table = _table(sheet.fillna(""), str(name))
            if table is not None and not table.empty:
                parts.append(_counts(table))
    result = pd.concat(parts).groupby(level=0).sum()
    result.to_csv(sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
