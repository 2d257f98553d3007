"""`ctg-check serve` end to end in a real browser (Debian's chromium driven by Playwright).

Skipped, with the reason, when chromium is not installed (`apt-get install -y chromium`;
.ci/run installs it). Playwright's own browser download is not used.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ctg_check.cli import app as cli_app
from ctg_check.web.server import running

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running() as url:
        yield url


def sample_files() -> list[str]:
    return [str(p) for p in sorted(SAMPLE.iterdir()) if p.suffix not in (".md", ".json")]


def check(page: Any, url: str, files: list[str]) -> float:
    """Open the page, choose files, press Kiểm tra, wait for the verdict; seconds it took."""
    page.goto(url)
    page.fill('input[name="as_of"]', "01/12/2025")
    page.set_input_files('input[name="files"]', files)
    page.click("#check")
    page.wait_for_selector("#verdict", timeout=120_000)
    took: float = page.evaluate("(window.ctgShown - window.ctgStarted) / 1000")
    return took


def cli_summary(tmp_path: Path) -> tuple[int, Path, dict[str, Any]]:
    """What `ctg-check summary sample_data -o X --json J --as-of 2025-12-01` gives."""
    out, report = tmp_path / "cli.xlsx", tmp_path / "cli.json"
    args = ["summary", "sample_data", "-o", str(out), "--json", str(report)]
    result = CliRunner().invoke(cli_app, [*args, "--as-of", "2025-12-01", "--quiet"])
    return result.exit_code, out, json.loads(report.read_text("utf-8"))


def test_sample_data_in_the_browser(
    browser: Any, server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    check(page, server, sample_files())
    monkeypatch.chdir(ROOT)
    code, summary, expected = cli_summary(tmp_path)
    assert page.get_attribute("#verdict", "data-status") == {0: "met", 1: "not_met"}.get(
        code, "error"
    )
    assert page.locator("#wards tbody tr").count() == len(expected["wards"])
    missing = sum(not w["submitted"] for w in expected["wards"])
    assert page.locator('#wards tbody tr[data-submitted="no"]').count() == missing

    with page.expect_download() as info:
        page.click('a[data-kind="summary"]')
    saved = tmp_path / "web.xlsx"
    info.value.save_as(saved)
    assert saved.read_bytes() == summary.read_bytes()

    page.click("#lang-en")
    page.wait_for_selector("#verdict")
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value('input[name="as_of"]') == "01/12/2025"  # the job's settings kept
    assert page.locator("#wards tbody tr").count() == len(expected["wards"])
    shot = tmp_path / "serve-en.png"
    page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    context.close()


def test_two_tabs_do_not_share_jobs(browser: Any, server: str, compliant_file: Path) -> None:
    one, two = browser.new_context(), browser.new_context()
    first, second = one.new_page(), two.new_page()
    check(first, server, [str(compliant_file)])
    job = first.evaluate("document.body.dataset.job")
    answer = second.request.get(f"{server.split('?')[0]}jobs/{job}")
    assert answer.status == 404
    one.close()
    two.close()


def test_folder_upload_keeps_the_folder_name(browser: Any, server: str) -> None:
    """A folder chosen with the folder button arrives as sample_data/…, as the CLI names it."""
    page = browser.new_page()
    page.goto(server)
    page.set_input_files('input[name="folder"]', str(SAMPLE))
    page.click("#check")
    page.wait_for_selector("#verdict", timeout=120_000)
    files = page.locator("#problems summary code").all_inner_texts()
    assert files and all(name.startswith("sample_data/") for name in files)
    page.close()
