"""Benchmarks, run by hand (never by the tests): medians, peak memory and ratios to the floor.

    python benchmarks/run.py            # all cases (generates ~3,300 files once, cached)
    python benchmarks/run.py --quick    # skip the 3,321-file case
    python benchmarks/run.py --no-merge # skip `merge` (to .xlsx and to a CSV folder)

The floor is a bare Python process that imports pandas and reads every sheet of the same files
with python-calamine: what reading alone costs. Results are printed as a Markdown table; paste
them into benchmarks/RESULTS.md with the machine's description.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
CACHE = ROOT / "benchmarks" / ".data"
LAYOUTS = ("template", "classic", "flat")

FLOOR = """
import sys, pathlib
import pandas  # noqa: F401  (the floor includes what a pandas-based tool would import)
import python_calamine as pc
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.xlsx")):
    wb = pc.CalamineWorkbook.from_path(str(p))
    for name in wb.sheet_names:
        n += len(wb.get_sheet_by_name(name).to_python())
print(n)
"""


def generate(count: int) -> Path:
    """`count` ward files (template, classic and flat layouts in turn), made once and cached."""
    import synth

    folder = CACHE / f"wards-{count}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(count)
    for i in range(count):
        unit = synth.Unit(f"9{i:05d}", f"Phường Thử {i + 1}", f"T{i + 1}")
        layout = LAYOUTS[i % len(LAYOUTS)]
        ward = synth.make_ward(rng, unit, 1 + i % 3, quality=0.8, layout=layout)
        synth.write_ward(ward, folder / f"ward-{i + 1:05d}.xlsx", layout)
        if (i + 1) % 200 == 0:
            print(f"  generated {i + 1}/{count}", file=sys.stderr)
    done.write_text("ok")
    return folder


def measure(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall time (s) and peak resident memory (MB) of a command over `runs` runs."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            raise SystemExit(f"failed ({status}): {' '.join(cmd)}")
    return statistics.median(times), max(peaks)


def merge_rows(
    cli: list[str], folder: Path, count: int, runs: int, summary_t: float
) -> list[tuple[str, float, float, str]]:
    """`merge` of the same files to .xlsx and to a folder of CSV files, against `summary`."""
    rows = []
    for kind, out in (("xlsx", CACHE / "merged.xlsx"), ("CSV", CACHE / "merged-csv")):
        t, m = measure(
            [*cli, "merge", str(folder), "-o", str(out), "--as-of", "2025-12-10", "-q"], runs
        )
        rows.append((f"merge to {kind}, {count} files", t, m, f"{t / summary_t:.2f}× summary"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 3,321-file case")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-merge", action="store_true", help="skip the merge cases")
    args = parser.parse_args()
    py = sys.executable
    cli = [py, "-m", "ctg_check"]
    out = CACHE / "out.xlsx"
    rows: list[tuple[str, float, float, str]] = []

    typer_time, typer_mem = measure([py, "-c", "import typer"], args.runs)
    rows.append(("python -c 'import typer'", typer_time, typer_mem, "—"))
    t, m = measure([*cli, "--help"], args.runs)
    rows.append(("ctg-check --help", t, m, f"{t / typer_time:.2f}× import typer"))

    one = generate(1)
    t, m = measure([*cli, "validate", str(one), "--as-of", "2025-12-10"], args.runs)
    rows.append(("validate one ward", t, m, "target ≤ 1 s"))

    for count in (200, 3321):
        if count > 200 and args.quick:
            continue
        folder = generate(count)
        runs = args.runs if count <= 200 else 3
        floor_t, floor_m = measure([py, "-c", FLOOR, str(folder)], runs)
        rows.append(
            (f"floor: import pandas + calamine read, {count} files", floor_t, floor_m, "1.00×")
        )
        t, m = measure(
            [*cli, "summary", str(folder), "-o", str(out), "--as-of", "2025-12-10", "-q"], runs
        )
        rows.append((f"summary, {count} files", t, m, f"{t / floor_t:.2f}× floor"))
        if not args.no_merge:
            rows += merge_rows(cli, folder, count, runs, t)

    print(
        f"\nMachine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print("\n| case | median (s) | peak memory (MB) | ratio |\n|---|---:|---:|---|")
    for name, t, m, ratio in rows:
        print(f"| {name} | {t:.3f} | {m:.0f} | {ratio} |")


if __name__ == "__main__":
    main()
