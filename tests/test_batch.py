"""A batch the city can trust: ctg-check's own outputs never read as submissions, each path read
once, set-aside files adding nothing, each club counted once across the files of a ward, special
files and odd names reported, settings files bounded, and the set-aside step near-linear."""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.packaging.custom import StringProperty

from ctg_check import api, marker
from ctg_check.formatting import account_text, closing_text
from ctg_check.model import Club, Member, Place, Submission
from ctg_check.plain import Plain
from ctg_check.submissions import resolve

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
ROSTERS = ROOT / "tests" / "data" / "rosters"
AS_OF = date(2025, 12, 10)


def opts() -> api.Options:
    return api.options(as_of=AS_OF, units="vung-tau-2022")


def mark(path: Path, kind: str) -> Path:
    """Mark a workbook as the outputs helper's writers will (kept when already marked)."""
    if marker.read(path) is None:
        wb = openpyxl.load_workbook(path)
        props = wb.custom_doc_props  # type: ignore[attr-defined]  # types-openpyxl lacks Workbook.custom_doc_props (openpyxl 3.1)
        props.append(StringProperty(name=marker.PROPERTY, value=marker.value(kind)))
        wb.save(path)
    assert marker.read(path) == kind
    return path


def shape(report: api.Report) -> tuple[object, ...]:
    """What a run found, independent of where the folder is."""
    clubs = sorted((c.id, c.club.ward, c.counts.members) for c in report.clubs)
    problems = Counter((Path(p.place.file).name, p.code, p.place.cell) for p in report.problems)
    wards = [(w.name, w.clubs, w.effective_clubs, w.status) for w in report.wards]
    return clubs, report.members, problems, wards, report.indicators


def codes(report: api.Report) -> Counter[str]:
    return Counter(p.code for p in report.problems)


def severities(report: api.Report) -> Counter[str]:
    return Counter(p.severity for p in report.problems)


# ------------------------------------------------------------------ outputs in the input folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    nop = tmp_path / "nop"
    nop.mkdir()
    for name in ("phuong-1.xlsx", "phuong-2.xlsx", "phuong-8.csv", "thang-tam-clb.xlsx"):
        shutil.copy(SAMPLE / name, nop / name)
    return nop


def test_own_outputs_in_the_folder_change_nothing(folder: Path) -> None:
    before = api.validate([folder], opts())
    api.merge([folder], folder / "gop.xlsx", opts())
    api.merge([folder], folder / "gop-csv", opts())
    (folder / "gop-csv" / marker.MANIFEST).write_text(
        marker.manifest_text("merged", [p.name for p in (folder / "gop-csv").iterdir()]), "utf-8"
    )
    api.summary([folder], folder / "tong-hop.xlsx", opts())
    one = api.validate([folder / "phuong-2.xlsx"], opts())
    api.annotate(one, folder / "phuong-2.xlsx", folder / "phuong-2-kiem-tra.xlsx")
    mark(folder / "gop.xlsx", "merged")
    mark(folder / "tong-hop.xlsx", "summary")
    mark(folder / "phuong-2-kiem-tra.xlsx", "annotated")

    after = api.validate([folder], opts())
    assert shape(after) == shape(before)
    skipped = {Path(s.path).name: s.set_aside for s in after.files if s.status == "skipped"}
    assert set(skipped) == {
        "gop.xlsx",
        "tong-hop.xlsx",
        "phuong-2-kiem-tra.xlsx",
        "clb.csv",
        "thanh-vien.csv",
        "van-de.csv",
        "tong-ket.csv",
    }
    assert all(reason and reason[0] == "output-skipped" for reason in skipped.values())
    assert after.counts() == before.counts()  # a skipped output is no error, no warning
    files = after.to_json()["files"]
    listed = [f for f in files if f["status"] == "skipped"]
    assert len(listed) == 7 and all(f["set_aside"]["code"] == "output-skipped" for f in listed)
    # the closing line counts the same files as without them, and the skipped ones apart
    line_before, line_after = closing_text(before, "en")[0], closing_text(after, "en")[0]
    assert line_after.replace(" · 7 files skipped", "") == line_before
    # the summary can be written again in place
    again = api.summary([folder], folder / "tong-hop.xlsx", opts())
    assert shape(again)[:2] == shape(before)[:2]


def test_an_output_named_on_the_command_line_is_read(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "gop.xlsx"
    report = api.merge([folder], out, opts())
    mark(out, "merged")
    again = api.validate([out], opts())
    assert sorted(c.counts.members for c in again.clubs) == sorted(
        c.counts.members for c in report.clubs
    )
    assert [f.status for f in again.files] == ["read"]


def test_template_is_a_submission_and_a_blank_one_is_set_aside(
    folder: Path, compliant_file: Path
) -> None:
    blank = folder / "mau.xlsx"
    api.write_template(blank, "vung-tau-2022")
    mark(blank, "template")
    filled = folder / "phuong-1-mau.xlsx"
    shutil.copy(compliant_file, filled)
    mark(filled, "template")
    report = api.validate([folder], opts())
    by_name = {Path(s.path).name: s for s in report.files}
    assert by_name["mau.xlsx"].set_aside is not None
    assert by_name["mau.xlsx"].set_aside[0] == "blank-template"
    assert by_name["phuong-1-mau.xlsx"].status == "read"
    assert by_name["phuong-1-mau.xlsx"].set_aside is None
    assert not [p for p in report.problems if p.place.file.endswith("mau.xlsx")]
    assert "P1-01" in {c.id for c in report.clubs}


# ------------------------------------------------------------------- each path once, copies


def test_a_path_given_twice_is_read_once(folder: Path) -> None:
    file = folder / "phuong-2.xlsx"
    report = api.validate([file, file, folder, str(file)], opts())
    paths = [Path(s.path).resolve() for s in report.files]
    assert len(paths) == len(set(paths)) == 4
    assert not any(s.set_aside for s in report.files)
    assert "duplicate-submission" not in codes(report)


def test_a_set_aside_copy_adds_nothing(tmp_path: Path) -> None:
    nop = tmp_path / "nop"
    shutil.copytree(SAMPLE, nop, ignore=shutil.ignore_patterns("*.md", "*.json"))
    before = api.validate([nop], opts())
    assert severities(before)["error"] == 7
    shutil.copy(nop / "phuong-2.xlsx", nop / "phuong-2 (1).xlsx")  # a copy with errors in it
    after = api.validate([nop], opts())
    aside = [s for s in after.files if s.set_aside]
    assert [s.set_aside[0] for s in aside if s.set_aside] == ["duplicate-submission"]
    assert severities(after)["error"] == severities(before)["error"]
    assert severities(after)["warning"] == severities(before)["warning"] + 1
    assert codes(after) - codes(before) == Counter({"duplicate-submission": 1})
    assert (len(after.clubs), after.members) == (len(before.clubs), before.members)


# ---------------------------------------------------------------- one club across the files


def _csv_twin(source: Path, out: Path, title: bool = False, drop: int = 0) -> Path:
    """The member list of a flat roster as CSV, without its title lines (so without its ward),
    or with the ward line only; `drop` members left out at the end."""
    ws = openpyxl.load_workbook(source)["Danh sách"]
    rows = [r for r in ws.iter_rows(min_row=6, values_only=True) if any(v is not None for v in r)]
    if drop:
        rows = rows[:-drop]
    with out.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        if title:
            writer.writerows([["UBND PHƯỜNG 8"], []])
        for row in rows:
            writer.writerow(
                [
                    "" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, date) else v
                    for v in row
                ]
            )
    return out


def test_flat_roster_and_its_csv_twin_count_each_club_once(tmp_path: Path) -> None:
    nop = tmp_path / "nop"
    nop.mkdir()
    flat = nop / "phuong-8.xlsx"
    shutil.copy(ROSTERS / "phuong-8-flat.xlsx", flat)
    alone = api.validate([flat], opts())
    # a name that matches no ward, so the ward can come only from the members
    _csv_twin(flat, nop / "danh-sach.csv")
    report = api.validate([nop], opts())
    assert sorted(c.counts.members for c in report.clubs) == [47, 82]
    assert sorted((c.id, c.club.ward) for c in report.clubs) == sorted(
        (c.id, c.club.ward) for c in alone.clubs
    )
    twice = [p for p in report.problems if p.code == "club-in-several-files"]
    assert len(twice) == 2
    assert {Path(p.params["other"]).name for p in twice} == {"phuong-8.xlsx"}
    assert {p.params["reason"] for p in twice} == {"reason_same_members"}
    found = codes(report)
    assert "duplicate-member" not in found and "ward-unknown" not in found
    assert found["ward-from-other-file"] == 1
    assert found["club-info-missing"] == codes(alone)["club-info-missing"] == 1
    ward = next(w for w in report.wards if w.name == "Phường 8")
    assert ward.members == 129 and ward.clubs == 2
    twin = next(s for s in report.files if s.path.endswith(".csv"))
    assert twin.set_aside == ("counted-elsewhere", {"other": str(flat)})
    assert sum(s.rows.members for s in report.kept) == report.members  # the account adds up


def test_newer_member_list_combined_with_older_club_information(tmp_path: Path) -> None:
    nop = tmp_path / "nop"
    nop.mkdir()
    flat = nop / "phuong-8.xlsx"
    shutil.copy(ROSTERS / "phuong-8-flat.xlsx", flat)
    newer = _csv_twin(flat, nop / "phuong-8-moi.csv", title=True, drop=2)  # 2 members left
    os.utime(flat, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_700_100_000, 1_700_100_000))
    report = api.validate([nop], opts())
    by_name = {c.club.name: c for c in report.clubs}
    assert len(by_name) == 2
    p8_10 = by_name["CLB LTHTGN Phường 8 - Khu phố 10"]
    assert p8_10.counts.members == 45  # the newer list
    assert p8_10.club.info is not None  # the club information of the older file
    assert p8_10.club.file == str(newer)
    reasons = {p.params["reason"] for p in report.problems if p.code == "club-in-several-files"}
    assert reasons == {"reason_combined", "reason_same_members"}  # Khu phố 2: the same list
    assert codes(report)["club-info-missing"] == 1  # Khu phố 2 has its row in neither


def test_older_file_keeps_the_clubs_the_newer_one_lacks(tmp_path: Path) -> None:
    from helpers import club_members, club_row, write_standard

    nop = tmp_path / "nop"
    nop.mkdir()
    clubs = [club_row("P1-01", "CLB Khu phố 1"), club_row("P1-02", "CLB Khu phố 2")]
    old = write_standard(nop / "dot-1.xlsx", clubs, club_members("P1-01") + club_members("P1-02"))
    new = write_standard(nop / "dot-2.xlsx", clubs[:1], club_members("P1-01", size=55))
    os.utime(old, (1_700_000_000, 1_700_000_000))
    os.utime(new, (1_700_100_000, 1_700_100_000))
    report = api.validate([nop], opts())
    assert sorted((c.id, c.counts.members) for c in report.clubs) == [("P1-01", 55), ("P1-02", 50)]
    twice = [p for p in report.problems if p.code == "club-in-several-files"]
    assert [(Path(p.place.file).name, p.params["reason"]) for p in twice] == [
        ("dot-1.xlsx", "reason_newer")
    ]
    assert not any(s.set_aside for s in report.files)
    # the rows of both files hold 50 + 50 + 55 members; 105 are counted: the line says why
    line = account_text(report, "en")
    assert "155 members" in line and "(of them, 50 members of clubs counted from" in line
    assert report.members == 105


# --------------------------------------------------------------- special files, odd names


def _special_files(where: Path) -> list[Path]:
    made = [where / "ong.xlsx", where / "hong.xlsx"]
    os.mkfifo(made[0])
    os.symlink(where / "khong-co.xlsx", made[1])
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(where / "socket.csv"))
    sock.close()
    made.append(where / "socket.csv")
    try:
        os.mknod(where / "thiet-bi.xls", 0o600 | 0o020000, os.makedev(1, 3))  # like /dev/null
        made.append(where / "thiet-bi.xls")
    except PermissionError:
        pass  # only root makes device nodes: the other kinds still run
    return made


def _in_thread(fn, *args):  # type: ignore[no-untyped-def]
    """fn(*args) with a 60 s bound, so a regression that blocks on a pipe fails, never hangs."""
    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(fn(*args)), daemon=True)
    worker.start()
    worker.join(60)
    assert out, "blocked on a special file"
    return out[0]


def test_special_files_in_a_folder_are_reported(folder: Path) -> None:
    before = api.validate([folder], opts())
    made = _special_files(folder)
    report = _in_thread(api.validate, [folder], opts())
    skipped = {Path(s.path).name: s.set_aside for s in report.files if s.status == "skipped"}
    assert set(skipped) == {p.name for p in made}
    assert {r[0] for r in skipped.values() if r} == {"special-file"}
    assert report.counts()["unreadable"] == 0
    assert shape(report) == shape(before)


def test_special_files_named_are_one_error_line_each(folder: Path) -> None:
    made = _special_files(folder)
    report = _in_thread(api.validate, [*made, folder / "phuong-1.xlsx"], opts())
    errors = [s for s in report.files if s.status == "error"]
    assert sorted(Path(s.path).name for s in errors) == sorted(p.name for p in made)
    assert all(s.error and s.error[0] == "special-file" for s in errors)
    assert report.exit_code() == 2 and len(report.clubs) == 2
    code, out = _cli("validate", str(made[0]), str(folder / "phuong-1.xlsx"), "--format", "json")
    assert code == 2
    assert [f["status"] for f in json.loads(out)["files"]] == ["read", "error"]


def test_an_unreadable_file_is_one_error_line(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = folder / "phuong-2.xlsx"
    if os.geteuid() != 0:
        locked.chmod(0)
    else:  # root reads a chmod 000 file: refuse it the way the system would refuse a user

        def no_access(self: Path, *args: Any, **kw: Any) -> Any:
            if self.name == locked.name:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kw)

        real_open = Path.open
        monkeypatch.setattr(Path, "open", no_access)
    report = api.validate([folder], opts())
    bad = [s for s in report.files if s.status == "error"]
    assert [Path(s.path).name for s in bad] == ["phuong-2.xlsx"]
    assert bad[0].error and bad[0].error[0] == "file-unreadable"
    assert {Path(s.path).name for s in report.kept} == {
        "phuong-1.xlsx",
        "phuong-8.csv",
        "thang-tam-clb.xlsx",
    }


def test_names_that_are_not_utf8_in_every_output(folder: Path, tmp_path: Path) -> None:
    odd = os.fsencode(folder) + b"/phu\xf4ng-2.xlsx"  # Latin-1 "ô": not UTF-8
    os.rename(os.fsencode(folder / "phuong-2.xlsx"), odd)
    report = api.validate([folder], opts())
    assert all(s.status == "read" for s in report.files)
    text = json.dumps(report.to_json(), ensure_ascii=False)
    text.encode("utf-8")  # no lone surrogate left
    assert "phu\ufffdng-2.xlsx" in text
    api.write_json(report, tmp_path / "r.json")
    json.loads((tmp_path / "r.json").read_text("utf-8"))
    api.merge([folder], tmp_path / "gop-csv", opts())
    assert "phu\ufffdng-2.xlsx" in (tmp_path / "gop-csv" / "thanh-vien.csv").read_text("utf-8-sig")
    api.merge([folder], tmp_path / "gop.xlsx", opts())
    for command in (
        ("validate", str(folder)),
        (
            "summary",
            str(folder),
            "-o",
            str(tmp_path / "s.xlsx"),
            "--json",
            str(tmp_path / "s.json"),
        ),
    ):
        code, out = _cli(*command, env={"PYTHONIOENCODING": "utf-8:strict"})
        assert code == 1, out
        assert "Traceback" not in out and "UnicodeEncodeError" not in out


# -------------------------------------------------------------------- settings and isolation


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "ctg_check", *args, "--as-of", "2025-12-10"],
        capture_output=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


@pytest.mark.parametrize("option", ["--plan", "--units"])
@pytest.mark.parametrize("kind", ["zero", "fifo", "big"])
def test_settings_files_are_regular_and_bounded(
    option: str, kind: str, tmp_path: Path, compliant_file: Path
) -> None:
    target = tmp_path / "x.toml"
    if kind == "zero":
        target = Path("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.write_bytes(b"#" * (5 << 20))
    code, out = _cli("validate", str(compliant_file), option, str(target), "--lang", "en")
    assert code == 2
    assert out.startswith("ctg-check:") and "Traceback" not in out
    assert ("too large" if kind == "big" else "not a regular file") in out


def test_verbose_still_reads_in_a_worker(
    compliant_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def where(path: Path, _: api.Options) -> Submission:
        return Submission(str(path), str(os.getpid()), "xlsx", None)

    monkeypatch.setattr(api, "read_submission", where)
    subs = api.read_all(api.collect_files([compliant_file]), opts(), verbose=True)
    assert subs[0].sha256 != str(os.getpid())


def test_verbose_adds_the_traceback_of_a_reader_bug(
    compliant_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path, _: api.Options) -> Submission:
        raise ZeroDivisionError("a reader bug")

    monkeypatch.setattr(api, "read_submission", broken)
    sub = api.read_all([compliant_file], opts(), verbose=True)[0]
    assert sub.status == "error" and sub.error
    assert "Traceback" in str(sub.error[1]["detail"])
    quiet = api.read_all([compliant_file], opts())[0]
    assert quiet.error and "Traceback" not in str(quiet.error[1]["detail"])


def test_reading_and_checking_pause_the_collector_and_restore_it(
    compliant_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    states: list[bool] = []
    real = api.from_plain

    def decode(data: Plain) -> Submission:
        states.append(gc.isenabled())
        return real(data)

    monkeypatch.setattr(api, "from_plain", decode)
    for was_on in (True, False):
        (gc.enable if was_on else gc.disable)()
        try:
            report = api.check(api.read_all([compliant_file], opts()), opts())
            assert gc.isenabled() is was_on  # as it was before
        finally:
            gc.enable()
        assert report.files[0].status == "read" and len(report.clubs) == 2
    assert states == [False, False]  # no collection while the replies are decoded


# ----------------------------------------------------------------------------------- speed


def _one_ward(n: int, shared: bool) -> list[Submission]:
    subs = []
    for i in range(n):
        path = f"nop/phuong-1-{i}.xlsx"
        names = ["CLB chung", f"CLB {i}"] if shared else [f"CLB {i}"]
        clubs = [
            Club(
                id=None,
                name=name,
                ward="Phường 1",
                file=path,
                sheet="DS",
                members=[
                    Member(f"Người {i} {j}", "F", 1950, place=Place(path, "DS", j + 2, 2))
                    for j in range(3)
                ],
            )
            for name in names
        ]
        sub = Submission(path, str(i), "xlsx", None, clubs=clubs, ward="Phường 1", modified=i)
        sub.fingerprint = str(i)
        subs.append(sub)
    return subs


@pytest.mark.parametrize("shared", [False, True])
def test_ten_thousand_files_of_one_ward(shared: bool) -> None:
    subs = _one_ward(10_000, shared)
    start = time.perf_counter()
    counted = resolve(subs, None)
    assert time.perf_counter() - start < 30  # the bound: a quadratic step took 178 s
    assert len(counted.clubs) == 10_000 + shared
    several = sum(p.code == "club-in-several-files" for p in counted.problems)
    assert several == (9_999 if shared else 0)
