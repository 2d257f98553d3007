"""`ctg-check serve` through Starlette's TestClient: uploads, results, downloads and the guards."""

from __future__ import annotations

import io
import re
import stat
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from helpers import loaded_by
from starlette.applications import Starlette
from starlette.testclient import TestClient
from typer.testing import CliRunner

from ctg_check.cli import app as cli_app
from ctg_check.i18n import LABELS, MESSAGES
from ctg_check.web.app import create_app
from ctg_check.web.uploads import Limits

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
BASE = "http://127.0.0.1:8765"
AS_OF = "2025-12-01"
WEB = ROOT / "src" / "ctg_check" / "web"


def client(**kw: Any) -> TestClient:
    host = kw.pop("host", "127.0.0.1")
    base = kw.pop("base_url", BASE)
    return TestClient(create_app(host, 8765, **kw), base_url=base)


def jobs_of(c: TestClient) -> Any:
    """The job store of the server behind a test client."""
    app = c.app
    assert isinstance(app, Starlette)
    return app.state.server.jobs


def csrf_of(c: TestClient) -> str:
    page = c.get("/")
    assert page.status_code == 200
    found = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert found
    return found[1]


def sample_files() -> list[tuple[str, tuple[str, bytes]]]:
    return [
        ("files", (f"sample_data/{p.name}", p.read_bytes()))
        for p in sorted(SAMPLE.iterdir())
        if p.suffix not in (".md", ".json")
    ]


def upload(c: TestClient, files: list[Any], **fields: str) -> Any:
    data = {"csrf": csrf_of(c), "as_of": AS_OF, **fields}
    return c.post("/jobs", data=data, files=files, headers={"X-Requested-With": "fetch"})


def wait(c: TestClient, job: str) -> dict[str, Any]:
    for _ in range(600):
        state: dict[str, Any] = c.get(f"/jobs/{job}").json()
        if state["state"] != "reading":
            return state
        time.sleep(0.1)
    raise AssertionError("the job never finished")


def run_job(c: TestClient, files: list[Any], **fields: str) -> str:
    answer = upload(c, files, **fields)
    assert answer.status_code == 200, answer.text
    job: str = answer.json()["job"]
    assert wait(c, job)["state"] == "done"
    return job


def jobs_root(c: TestClient) -> Path:
    root: Path = jobs_of(c).root
    return root


def job_folders(c: TestClient) -> list[Path]:
    return list(jobs_root(c).glob("job-*"))


def cli(*args: str) -> int:
    result = CliRunner().invoke(cli_app, list(args))
    return result.exit_code


@pytest.fixture(scope="module")
def sample_job() -> Any:
    """One check of sample_data/ shared by the tests that only look at its result."""
    with client() as c:
        job = run_job(c, sample_files())
        yield c, job


# ------------------------------------------------------------------------------ the page


def test_healthz_and_page_hooks() -> None:
    with client() as c:
        health = c.get("/healthz")
        assert (health.status_code, health.text) == (200, "ok")
        page = c.get("/")
        for hook in ('name="plan"', 'name="units"', 'name="as_of"', 'name="lang"', 'id="check"'):
            assert hook in page.text
        assert re.search(r'<input type="file" name="files" multiple', page.text)
        assert 'data-kind="template"' in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        assert "ctg_session" in page.headers["set-cookie"]
        assert 'lang="en"' in c.get("/?lang=en").text


def test_page_loads_nothing_from_outside() -> None:
    """No CDN: every src and href on the page and its assets is local."""
    with client() as c:
        text = c.get("/").text + c.get("/static/app.js").text + c.get("/static/app.css").text
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text)
    assert not re.search(r"url\((?:https?:)?//|fetch\(\"http", text)


def test_result_shows_verdict_wards_and_downloads(sample_job: Any) -> None:
    c, job = sample_job
    html = c.get(f"/jobs/{job}/result").text
    status = re.search(r'id="verdict"[^>]*data-status="(\w+)"', html)
    assert status and status[1] in ("met", "not_met", "error")
    report = jobs_of(c).jobs[job].report
    assert status[1] == {0: "met", 1: "not_met", 2: "error"}[report.exit_code()]
    rows = re.findall(r'<tr data-submitted="(yes|no)"', html)
    assert len(rows) == len(report.wards)  # every expected ward, submitted or not
    assert rows.count("no") == sum(not w.submitted for w in report.wards)
    for kind in ("summary", "merged", "annotated", "json"):
        assert f'data-kind="{kind}"' in html
    assert html.count('<details class="club') == len(report.clubs)
    cells = [p.place.cell for p in report.problems if p.place.cell]
    assert cells and all(f"<td>{cell}</td>" in html for cell in cells[:50])


def test_result_in_english(sample_job: Any) -> None:
    c, job = sample_job
    html = c.get(f"/jobs/{job}/result?lang=en").text
    assert LABELS["wards"][1] in html and LABELS["wards"][0] not in html


# ------------------------------------------------------------------------------ same bytes


@pytest.mark.parametrize(
    ("kind", "command"),
    [
        ("summary", ["summary", "sample_data", "-o", "{out}"]),
        ("merged", ["merge", "sample_data", "-o", "{out}"]),
        ("json", ["summary", "sample_data", "-o", "{other}", "--json", "{out}"]),
    ],
)
def test_downloads_are_the_cli_bytes(
    kind: str, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with client() as c:
        job = run_job(c, sample_files())
        got = c.get(f"/jobs/{job}/download/{kind}")
    assert got.status_code == 200
    monkeypatch.chdir(ROOT)
    out, other = tmp_path / f"cli.{kind}", tmp_path / "other.xlsx"
    if kind != "json":
        out = out.with_suffix(".xlsx")
    args = [a.format(out=out, other=other) for a in command]
    assert cli(*args, "--as-of", AS_OF, "--quiet") in (0, 1, 2)
    assert got.content == out.read_bytes()


REPORT = {
    "issuer": "UBND THÀNH PHỐ HỒ CHÍ MINH|ỦY BAN NHÂN DÂN PHƯỜNG VŨNG TÀU",
    "recipient": "Sở Y tế Thành phố Hồ Chí Minh",
    "number": "15/BC-UBND",
    "place": "Vũng Tàu",
    "year": "2025",
    "signer": "TM. ỦY BAN NHÂN DÂN|CHỦ TỊCH|Trần Văn Bình",
}


def test_report_settings_reach_the_summary_as_the_cli_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with client() as c:
        job = run_job(c, sample_files(), **REPORT)
        got = c.get(f"/jobs/{job}/download/summary")
        page = c.get(f"/?job={job}").text
    assert got.status_code == 200
    assert 'value="15/BC-UBND"' in page  # the form keeps what was chosen
    monkeypatch.chdir(ROOT)
    out = tmp_path / "cli.xlsx"
    options = [x for name, value in REPORT.items() for x in (f"--{name}", value)]
    assert cli("summary", "sample_data", "-o", str(out), "--as-of", AS_OF, "-q", *options) in (0, 1)
    assert got.content == out.read_bytes()


def test_report_year_must_be_a_year() -> None:
    with client() as c:
        answer = upload(c, sample_files()[:1], year="20x5")
    assert answer.status_code == 400 and answer.json()["error"] == "year-invalid"


def test_annotated_zip_holds_the_cli_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with client() as c:
        job = run_job(c, sample_files())
        got = c.get(f"/jobs/{job}/download/annotated")
    monkeypatch.chdir(ROOT)
    books = zipfile.ZipFile(io.BytesIO(got.content))
    xlsx = sorted(p for p in SAMPLE.iterdir() if p.suffix == ".xlsx")
    names = [n for n in books.namelist() if n.endswith(".xlsx")]
    assert len(names) == len(xlsx)
    for source in xlsx[:3]:
        out = tmp_path / f"{source.stem}.xlsx"
        cli(
            "validate", f"sample_data/{source.name}", "--annotate", str(out), "--as-of", AS_OF, "-q"
        )
        assert books.read(f"sample_data/{source.stem}-danh-dau.xlsx") == out.read_bytes()
    notes = [n for n in books.namelist() if n.endswith(".txt")]
    assert notes  # the .xls and .csv files are named as not annotated
    assert "thang-nhat-export.xls" in books.read(notes[0]).decode()


def test_template_download(tmp_path: Path) -> None:
    with client() as c:
        got = c.get("/template?plan=vung-tau-2022")
    out = tmp_path / "t.xlsx"
    assert cli("template", str(out), "--plan", "vung-tau-2022") == 0
    assert got.status_code == 200 and got.content == out.read_bytes()


# ------------------------------------------------------------------------------ guards


def test_foreign_host_refused() -> None:
    with client(base_url="http://attacker.example:8765") as c:
        assert c.get("/healthz").status_code == 421
        assert c.post("/jobs").status_code == 421


def test_token_required_beyond_loopback() -> None:
    with client(host="192.168.1.5", token="s3cret", base_url="http://192.168.1.5:8765") as c:
        assert c.get("/healthz").status_code == 403
        assert c.get("/healthz?token=wrong").status_code == 403
        first = c.get("/?token=s3cret")
        assert first.status_code == 200 and "ctg_token" in first.headers["set-cookie"]
        assert c.get("/healthz").text == "ok"  # the cookie carries it from now on


def test_serve_refuses_other_host_without_token() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "--token" in result.output


@pytest.mark.parametrize("how", ["missing", "wrong", "wrong-header", "no-session"])
def test_post_without_csrf_refused(how: str) -> None:
    with client() as c:
        token = csrf_of(c)
        data, headers = {"csrf": token, "as_of": AS_OF}, {}
        if how == "missing":
            del data["csrf"]
        elif how == "wrong":
            data["csrf"] = "0" * 64
        elif how == "wrong-header":
            headers["X-CSRF-Token"] = "0" * 64
        else:
            c.cookies.clear()
        files = sample_files()[:1]
        answer = c.post("/jobs", data=data, files=files, headers=headers)
        assert answer.status_code == 403
        assert answer.json()["error"] == "web-csrf"
        assert job_folders(c) == []


def test_over_limit_upload_refused() -> None:
    with client(limits=Limits(file_bytes=5_000, batch_bytes=50_000)) as c:
        big = ("files", ("big.xlsx", b"x" * 6_000))
        answer = upload(c, [big])
        assert answer.status_code == 413 and answer.json()["error"] == "upload-too-large"
        many = [("files", (f"f{i}.csv", b"y" * 4_000)) for i in range(20)]
        answer = upload(c, many)
        assert answer.status_code == 413 and answer.json()["error"] == "upload-batch-too-large"
        inside = _zip({"a.csv": b"z" * 6_000})
        answer = upload(c, [("files", ("wards.zip", inside))])
        assert answer.status_code == 413 and answer.json()["error"] == "upload-too-large"
        bomb = _zip({"b.csv": b"\0" * 40_000})
        answer = upload(c, [("files", ("bomb.zip", bomb))])
        assert answer.status_code == 413
        assert job_folders(c) == []


def _zip(entries: dict[str, bytes], link: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("entries", "link", "code"),
    [
        ({"../escape.xlsx": b"a"}, None, "upload-unsafe-name"),
        ({"ok/../../escape.csv": b"a"}, None, "upload-unsafe-name"),
        ({"/etc/cron.d/x.csv": b"a"}, None, "upload-unsafe-name"),
        ({"a.csv": b"a"}, "link.xlsx", "upload-zip-link"),
    ],
)
def test_unsafe_zip_refused(entries: dict[str, bytes], link: str | None, code: str) -> None:
    with client() as c:
        answer = upload(c, [("files", ("wards.zip", _zip(entries, link)))])
        assert answer.status_code == 400 and answer.json()["error"] == code
        assert job_folders(c) == []
        assert not (jobs_root(c).parent / "escape.xlsx").exists()


def test_unsafe_file_name_refused() -> None:
    with client() as c:
        answer = upload(c, [("files", ("../../x.xlsx", b"a"))])
        assert answer.status_code == 400 and answer.json()["error"] == "upload-unsafe-name"


def test_zip_of_submissions_is_read(compliant_file: Path) -> None:
    data = _zip({"wards/phuong-1.xlsx": compliant_file.read_bytes(), "wards/notes.txt": b"hi"})
    with client() as c:
        job = run_job(c, [("files", ("nop.zip", data))])
        report = jobs_of(c).jobs[job].report
        # a .txt is sniffed like the CLI does: this one is no table, so one file error
        status = {f.path: f.status for f in report.files}
        assert status == {"nop/wards/phuong-1.xlsx": "read", "nop/wards/notes.txt": "error"}
        assert report.clubs


def test_hostile_files_are_one_line_each(compliant_file: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 200
    good = compliant_file.read_bytes()
    files = [
        ("files", ("anh.xlsx", png)),
        ("files", ("cut.xlsx", good[: len(good) // 2])),
        ("files", ("phuong-1.xlsx", good)),
    ]
    with client() as c:
        job = run_job(c, files)
        report = jobs_of(c).jobs[job].report
        status = {f.path: f.status for f in report.files}
        assert status == {"anh.xlsx": "error", "cut.xlsx": "error", "phuong-1.xlsx": "read"}
        html = c.get(f"/jobs/{job}/result").text
        assert 'data-status="error"' in html
        assert html.count("<li><code>") == 2  # one line per unreadable file
        assert c.get(f"/jobs/{job}/download/summary").status_code == 200
        assert c.get("/healthz").text == "ok"


def test_bad_settings_refused() -> None:
    with client() as c:
        assert upload(c, sample_files()[:1], as_of="31/02/2025").json()["error"] == "as-of-invalid"
        assert upload(c, sample_files()[:1], plan="../x").json()["error"] == "plan-not-found"
        assert upload(c, sample_files()[:1], units="nowhere").json()["error"] == "units-not-found"
        assert upload(c, []).json()["error"] == "web-no-files"


def test_reference_date_in_both_forms(compliant_file: Path) -> None:
    files = [("files", ("phuong-1.xlsx", compliant_file.read_bytes()))]
    with client() as c:
        one = run_job(c, files, as_of="01/12/2025")
        two = run_job(c, files, as_of="2025-12-01")
        jobs = jobs_of(c).jobs
        assert jobs[one].report.as_of == jobs[two].report.as_of == jobs[one].settings.as_of


def test_form_without_javascript_redirects(compliant_file: Path) -> None:
    with client() as c:
        data = {"csrf": csrf_of(c), "as_of": AS_OF}
        files = [("files", ("phuong-1.xlsx", compliant_file.read_bytes()))]
        answer = c.post("/jobs", data=data, files=files, follow_redirects=False)
        assert answer.status_code == 303 and "job=" in answer.headers["location"]


# ------------------------------------------------------------------------------ isolation, cleanup


def test_two_sessions_never_see_each_other(compliant_file: Path) -> None:
    files = [("files", ("phuong-1.xlsx", compliant_file.read_bytes()))]
    app = create_app("127.0.0.1", 8765)
    with TestClient(app, base_url=BASE) as a:
        b = TestClient(app, base_url=BASE)  # the same server, a second browser (cookie jar)
        job_a = run_job(a, files)
        job_b = run_job(b, files)
        assert job_a != job_b and len(job_a) >= 32
        for path in ("", "/result", "/download/summary"):
            assert b.get(f"/jobs/{job_a}{path}").status_code == 404
            assert a.get(f"/jobs/{job_b}{path}").status_code == 404
        assert a.get(f"/jobs/{job_a}/download/summary").status_code == 200
        folders = job_folders(a)
        assert len(folders) == 2
        assert all(stat.S_IMODE(f.stat().st_mode) == 0o700 for f in [*folders, jobs_root(a)])


def test_files_deleted_once_everything_is_downloaded(compliant_file: Path) -> None:
    files = [("files", ("phuong-1.xlsx", compliant_file.read_bytes()))]
    with client() as c:
        job = run_job(c, files)
        assert len(job_folders(c)) == 1
        for kind in ("summary", "merged", "annotated", "json"):
            assert c.get(f"/jobs/{job}/download/{kind}").status_code == 200
        assert job_folders(c) == []
        assert c.get(f"/jobs/{job}").status_code == 404


def test_idle_jobs_deleted_and_all_at_shutdown(compliant_file: Path) -> None:
    files = [("files", ("phuong-1.xlsx", compliant_file.read_bytes()))]
    with client(idle_seconds=0.2) as c:
        job = run_job(c, files)
        time.sleep(0.3)
        assert c.get(f"/jobs/{job}").status_code == 404
        assert job_folders(c) == []
    with client() as c:
        run_job(c, files)
        root = jobs_root(c)
        assert job_folders(c)
    assert not root.exists()  # the server's folder goes at shutdown


def test_discard_needs_csrf(compliant_file: Path) -> None:
    files = [("files", ("phuong-1.xlsx", compliant_file.read_bytes()))]
    with client() as c:
        job = run_job(c, files)
        assert c.post(f"/jobs/{job}/discard", data={"csrf": "x"}).status_code == 403
        assert job_folders(c)
        assert c.post(f"/jobs/{job}/discard", data={"csrf": csrf_of(c)}).status_code == 200
        assert job_folders(c) == []


# ------------------------------------------------------------------------------ catalogue, start-up


def test_every_page_text_is_in_the_catalogue() -> None:
    used = set()
    for page in (WEB / "templates").glob("*.html"):
        calls = r"""\btn?\(\s*["']([a-z_0-9]+)["']\s*[,)]"""
        used |= set(re.findall(calls, page.read_text("utf-8")))
    used |= {f"web_dl_{k}" for k in ("summary", "merged", "annotated", "json")}
    assert used and used <= set(LABELS), used - set(LABELS)
    codes = set()
    for module in WEB.glob("*.py"):
        codes |= set(re.findall(r'_error\(\s*"([a-z-]+)"', module.read_text("utf-8")))
        codes |= set(re.findall(r'Error\(\s*"([a-z-]+)"', module.read_text("utf-8")))
    assert codes and codes <= set(MESSAGES), codes - set(MESSAGES)


def test_cli_start_does_not_load_the_web_stack() -> None:
    assert loaded_by("ctg_check.cli", ["starlette", "uvicorn", "jinja2"]) == []


def test_many_files_in_one_upload() -> None:
    """Each file brings a name and a date field: hundreds of files are one upload."""
    files = [("files", (f"ward-{i:03d}.csv", b"Ho ten,Nam sinh\n")) for i in range(300)]
    with client() as c:
        job = upload(c, files).json()["job"]
        assert wait(c, job)["total"] == 300


def test_idle_jobs_deleted_without_any_request(compliant_file: Path) -> None:
    files = [("files", ("phuong-1.xlsx", compliant_file.read_bytes()))]
    with client(idle_seconds=0.2) as c:
        run_job(c, files)
        for _ in range(50):
            if not job_folders(c):
                break
            time.sleep(0.1)
        assert job_folders(c) == []


def test_nothing_to_read_is_an_error_verdict() -> None:
    with client() as c:
        job = upload(c, [("files", ("ghi-chu.md", b"hello"))]).json()["job"]
        assert wait(c, job)["state"] == "failed"
        html = c.get(f"/jobs/{job}/result").text
        assert 'data-status="error"' in html and 'data-kind="summary"' not in html


def test_zip_bomb_refused_before_unpacking() -> None:
    with client() as c:
        bomb = _zip({"wards/a.csv": b"\0" * 3_000_000})  # ~3 KB compressed
        answer = upload(c, [("files", ("wards.zip", bomb))])
        assert answer.status_code == 413 and answer.json()["error"] == "upload-zip-bomb"
        assert job_folders(c) == []


def test_a_copy_that_cannot_be_annotated_is_named_in_the_zip(
    compliant_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctg_check.web import adapters

    def broken(*args: Any) -> None:
        raise RuntimeError("writer bug")

    monkeypatch.setattr(adapters, "annotate", broken)
    files = [("files", ("phuong-1.xlsx", compliant_file.read_bytes()))]
    with client() as c:
        job = run_job(c, files)
        got = c.get(f"/jobs/{job}/download/annotated")
    books = zipfile.ZipFile(io.BytesIO(got.content))
    assert books.namelist() == ["ghi-chu.txt"]
    assert "phuong-1.xlsx" in books.read("ghi-chu.txt").decode()
