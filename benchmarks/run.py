"""Benchmarks, run by hand (never by the tests): CPU time against the bare read, per batch size.

    python benchmarks/run.py                       # 50, 200, 800 and 3,321 files, 5 paired runs
    python benchmarks/run.py --sizes 50,200 --runs 3
    python benchmarks/run.py --no-peers            # only ctg-check and the floor

The floor is a bare Python process that imports pandas and reads every sheet of the same files
with python-calamine: what reading alone costs. For each size every case runs once per round, in
the same order (paired runs); a case's ratio is the median over the rounds of its CPU time over
the floor's CPU time in the same round, and its marginal cost per file is the slope of its median
CPU time between this size and the one before. CPU time is user + system time of the process and
of its worker processes (os.wait4 counts the children a process has waited for), not wall time:
the machine is shared and wall time says more about the neighbours than about ctg-check (both are
printed, with both ratios). With --before TREE (a checkout of an earlier commit), every ctg-check
case also runs from TREE/src in the same round: paired before/after figures.

Cases: `validate --format json`, `merge` to a CSV folder, `summary` (and, with --xlsx-merge,
`merge` to .xlsx), and two peers: benchmarks/pandas_counts.py (per-club counts by hand with
pandas) and `frictionless` validating every sheet of every file (only when the package is
installed; at most --frictionless-max files, it is slow). The ward files are made once by
tools/synth.py (template, classic and flat layouts in turn, 1–3 clubs of 50–70 members) in
benchmarks/.data/wards-3321; a smaller size is the first N of them (hard links), so that the sizes
differ only in their number of files. Peak memory is the largest resident set of the process tree
(parent and workers together), sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
CACHE = ROOT / "benchmarks" / ".data"
LAYOUTS = ("template", "classic", "flat")
FULL = 3321
AS_OF = "2025-12-10"
CTG_CHECK = ("validate", "merge", "merge xlsx", "summary")

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

FRICTIONLESS = """
import collections, os, sys, pathlib
import python_calamine as pc
from frictionless import Dialect, Resource, formats
os.chdir(sys.argv[1])  # frictionless refuses absolute paths as unsafe
errors = collections.Counter()
for p in sorted(pathlib.Path(".").rglob("*.xlsx")):
    for i, _ in enumerate(pc.CalamineWorkbook.from_path(str(p)).sheet_names, 1):
        control = formats.ExcelControl(sheet=i)
        report = Resource(str(p), dialect=Dialect(controls=[control])).validate()
        errors.update(t for (t,) in report.flatten(["type"]))
print(errors)
sys.exit(2 if {"scheme-error", "resource-error", "source-error"} & set(errors) else 0)
"""


def generate(count: int = FULL) -> Path:
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


def sample(count: int) -> Path:
    """The first `count` files of the full set, as hard links in their own folder."""
    full = generate(FULL)
    if count >= FULL:
        return full
    folder = CACHE / f"first-{count}"
    done = folder / ".complete"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for source in sorted(full.glob("*.xlsx"))[:count]:
            target = folder / source.name
            if not target.exists():
                os.link(source, target)
        done.write_text("ok")
    return folder


@dataclass
class Run:
    cpu: float  # user + system seconds, the process and its waited-for children
    wall: float
    peak_mb: float  # largest resident set of the whole process tree


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and its descendants (Linux /proc), 0 when gone."""
    total, todo = 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
    return total


def measure(cmd: list[str], ok: tuple[int, ...] = (0,), source: Path | None = None) -> Run:
    """One run of a command: CPU and wall time, peak memory of its process tree. An exit status
    outside `ok` stops the benchmark (a failed run would be timed as a fast one). With `source`,
    ctg-check is imported from that tree's src/ (an earlier commit, for before/after pairs)."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source / "src")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    peak = max(peak, int(usage.ru_maxrss * 1024))
    return Run(usage.ru_utime + usage.ru_stime, time.perf_counter() - start, peak / 1e6)


def cases(folder: Path, args: argparse.Namespace, count: int) -> Iterator[tuple[str, list[str]]]:
    """(name, command) of everything measured at one size; the floor first."""
    py = sys.executable
    cli = [py, "-m", "ctg_check"]
    out = CACHE / f"out-{os.getpid()}"  # two benchmarks may run at once
    yield "floor", [py, "-c", FLOOR, str(folder)]
    yield "validate", [*cli, "validate", str(folder), "--as-of", AS_OF, "--format", "json"]
    yield "merge", [*cli, "merge", str(folder), "-o", f"{out}-csv", "--as-of", AS_OF, "-q"]
    if args.xlsx_merge:
        yield "merge xlsx", [*cli, "merge", str(folder), "-o", f"{out}.xlsx", "--as-of", AS_OF]
    yield "summary", [*cli, "summary", str(folder), "-o", f"{out}.xlsx", "--as-of", AS_OF, "-q"]
    if args.no_peers:
        return
    yield "pandas script", [py, str(ROOT / "benchmarks" / "pandas_counts.py"), str(folder)]
    if count <= args.frictionless_max and _has("frictionless"):
        yield "frictionless", [py, "-c", FRICTIONLESS, str(folder)]


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def size_rows(count: int, args: argparse.Namespace) -> dict[str, list[Run]]:
    """Every case at one size, `runs` rounds of paired runs."""
    folder = sample(count)
    runs = args.runs if count <= 800 else min(args.runs, 3)
    results: dict[str, list[Run]] = {}
    for _ in range(runs):
        for name, cmd in cases(folder, args, count):
            ok = (0, 1) if name in CTG_CHECK else (0,)  # 1: problems found
            results.setdefault(name, []).append(measure(cmd, ok))
            if args.before is not None and name in CTG_CHECK:  # the same case, the old tree
                results.setdefault(f"{name} (before)", []).append(measure(cmd, ok, args.before))
    return results


def report(table: dict[int, dict[str, list[Run]]]) -> None:
    """The Markdown table: per size and case, median CPU, ratio to the floor, marginal ms/file."""
    print(
        f"\nMachine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; CPU time = user + sys incl. worker processes"
    )
    print(
        "\n| files | case | CPU s | wall s | CPU ratio | wall ratio | marginal CPU ms/file"
        " | marginal wall ms/file | peak MB |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    previous: tuple[int, dict[str, tuple[float, float]]] | None = None
    for count in sorted(table):
        results = table[count]
        floor = results["floor"]
        medians = {}
        for name, runs in results.items():
            cpu = statistics.median(r.cpu for r in runs)
            wall = statistics.median(r.wall for r in runs)
            medians[name] = (cpu, wall)
            ratio = statistics.median(r.cpu / f.cpu for r, f in zip(runs, floor, strict=False))
            wall_ratio = statistics.median(
                r.wall / f.wall for r, f in zip(runs, floor, strict=False)
            )
            marginal = "— | —"
            if previous is not None and name in previous[1]:
                span = count - previous[0]
                then_cpu, then_wall = previous[1][name]
                marginal = (
                    f"{(cpu - then_cpu) / span * 1000:.2f} | {(wall - then_wall) / span * 1000:.2f}"
                )
            peak = max(r.peak_mb for r in runs)
            print(
                f"| {count} | {name} | {cpu:.2f} | {wall:.2f} | {ratio:.2f}× | {wall_ratio:.2f}× "
                f"| {marginal} | {peak:.0f} |"
            )
        previous = (count, medians)


def startup(runs: int) -> None:
    """Start-up: `--help` against `import typer`, and `validate` of one ward (CPU, medians)."""
    py = sys.executable
    one = generate(1)
    rows = [
        ("python -c 'import typer'", [py, "-c", "import typer"]),
        ("ctg-check --help", [py, "-m", "ctg_check", "--help"]),
        ("validate one ward", [py, "-m", "ctg_check", "validate", str(one), "--as-of", AS_OF]),
    ]
    print("\n| start-up | CPU s (median) | wall s (median) |\n|---|---:|---:|")
    for name, cmd in rows:
        done = [measure(cmd, (0, 1)) for _ in range(runs)]
        cpu = statistics.median(r.cpu for r in done)
        print(f"| {name} | {cpu:.3f} | {statistics.median(r.wall for r in done):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50,200,800,3321", help="file counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="paired rounds (3 at most above 800)")
    parser.add_argument("--no-peers", action="store_true", help="skip pandas and frictionless")
    parser.add_argument("--xlsx-merge", action="store_true", help="also merge to one .xlsx")
    parser.add_argument("--frictionless-max", type=int, default=200, help="largest size for it")
    parser.add_argument(
        "--before",
        type=Path,
        help="a checkout of an earlier commit: each ctg-check case also runs from its src/, paired",
    )
    args = parser.parse_args()
    if not args.no_peers and not _has("frictionless"):
        print("frictionless is not installed: its case is skipped", file=sys.stderr)
    # an installed ctg-check has its .pyc files; a source tree may not (PYTHONDONTWRITEBYTECODE):
    # compile first, or every run would pay ~0.07 s of compiling
    for tree in (ROOT, args.before):
        if tree is not None:
            compileall.compile_dir(tree / "src", quiet=1)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    table = {count: size_rows(count, args) for count in sizes}
    report(table)
    startup(args.runs)


if __name__ == "__main__":
    main()
