"""Time from drop to verdict in `ctg-check serve`, in Debian's chromium (run by hand, not a test).

    python benchmarks/serve_browser.py                 # sample_data/ and 200 synthetic ward files
    python benchmarks/serve_browser.py --shots docs/   # also save the screenshots for the README

The time is measured in the page: from the press of Kiểm tra (the upload starts) to the result
shown (the verdict, the tables and the download links in place).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from run import generate  # noqa: E402
from test_serve_browser import ARGS, check  # noqa: E402

from ctg_check.web.server import running  # noqa: E402


def files_of(folder: Path) -> list[str]:
    skip = (".md", ".json")
    found = sorted(folder.iterdir())
    return [str(p) for p in found if p.is_file() and p.suffix not in skip and p.name[0] != "."]


def measure(page: Any, url: str, files: list[str], runs: int) -> tuple[float, str]:
    times = [check(page, url, files) for _ in range(runs)]
    return statistics.median(times), str(page.get_attribute("#verdict", "data-status"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shots", type=Path, help="folder for serve.png and serve-en.png")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    cases = [("sample_data/", files_of(ROOT / "sample_data")), ("200 ward files", [])]
    cases[1] = ("200 ward files", files_of(generate(200)))
    with running() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        print("| case | files | drop to verdict (median) | verdict |\n|---|---|---|---|")
        for name, files in cases:
            took, status = measure(page, url, files, args.runs)
            print(f"| {name} | {len(files)} | {took:.2f} s | {status} |")
        if args.shots:
            check(page, url, files_of(ROOT / "sample_data"))
            page.screenshot(path=str(args.shots / "serve.png"))
            page.click("#lang-en")
            page.wait_for_selector("#verdict")
            page.screenshot(path=str(args.shots / "serve-en.png"))
        browser.close()


if __name__ == "__main__":
    main()
