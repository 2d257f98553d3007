"""Every output: the guard (never an input, never twice, regular files only, checked before any is
written, translated errors), the marker, the same bytes, the CSV set all or none, nothing spilled
into the system temporary folder (also when killed), and the quote prefix on risky text."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers import (
    active,
    club_members,
    club_row,
    compliant_ward,
    write_members_csv,
    write_standard,
)
from typer.testing import CliRunner

from ctg_check import api, marker, outputs
from ctg_check.cli import app
from ctg_check.errors import OutputError
from ctg_check.writers import workbook_bytes

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2025, 12, 10)
CSV_SET = {"clb.csv", "thanh-vien.csv", "van-de.csv", "tong-ket.csv", marker.MANIFEST}
RISKY = ('=HYPERLINK("http://x","y")', "+84 912 345 678", "-Lê Văn An", "@Trần Thị Bé")


def opts() -> api.Options:
    return api.options(as_of=AS_OF)


def code_of(exc: pytest.ExceptionInfo[OutputError]) -> str:
    return exc.value.code


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    folder = tmp_path / "nop"
    folder.mkdir()
    clubs, members = compliant_ward()
    return write_standard(folder / "phuong-1.xlsx", clubs, members)


# --- the guard ------------------------------------------------------------------------------


def test_input_by_name_inside_the_csv_folder(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    clubs, members = compliant_ward()
    write_standard(folder / "phuong-1.xlsx", clubs, members)
    csv_input = write_members_csv(folder / "clb.csv", members[:5])
    before = csv_input.read_bytes()
    with pytest.raises(OutputError) as exc:
        api.merge([folder], folder, opts())
    assert code_of(exc) == "output-is-input"
    assert csv_input.read_bytes() == before
    assert not (folder / "thanh-vien.csv").exists()


def test_csv_folder_over_a_previous_set_and_beside_inputs(roster: Path) -> None:
    folder = roster.parent
    api.merge([roster], folder, opts())  # into the input folder: allowed, the input is kept
    assert {p.name for p in folder.iterdir()} >= CSV_SET
    assert marker.manifest_names(folder) == CSV_SET - {marker.MANIFEST}
    inputs = api.collect_files([folder])
    outputs.check([outputs.csv_folder(folder, ["clb.csv"])], inputs)  # a previous output: fine
    api.merge([roster], folder, opts())
    assert not [p for p in folder.iterdir() if p.name.startswith(outputs.TEMP_PREFIX)]


def test_same_output_twice_writes_nothing(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "a"
    with pytest.raises(OutputError) as exc:
        api.summary([roster], out, opts(), json_out=tmp_path / "." / "a")
    assert code_of(exc) == "output-twice"
    assert not out.exists()


def test_refused_json_leaves_no_summary(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    with pytest.raises(OutputError) as exc:
        api.summary([roster], out, opts(), json_out=tmp_path)  # a directory
    assert code_of(exc) == "output-is-directory"
    assert not out.exists()
    with pytest.raises(OutputError) as exc:
        api.summary([roster], out, opts(), json_out=roster)
    assert code_of(exc) == "output-is-input"
    assert not out.exists()


def test_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "mau.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as exc:
        api.write_template(fifo)
    assert code_of(exc) == "output-not-file"
    assert fifo.is_fifo()


def test_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "null.xlsx"
    link.symlink_to(os.devnull)
    with pytest.raises(OutputError) as exc:
        api.export_plan("vung-tau-2022", link)
    assert code_of(exc) == "output-not-file"
    assert link.is_symlink() and Path(os.devnull).exists()


def test_dangling_link_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "mau.xlsx"
    link.symlink_to(tmp_path / "nowhere" / "x.xlsx")
    with pytest.raises(OutputError) as exc:
        api.write_template(link)
    assert code_of(exc) == "output-not-file"


def test_link_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    api.write_template(link)
    assert link.is_symlink()
    assert marker.read(real) == "template"


def test_directory_and_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as exc:
        api.write_template(tmp_path)
    assert code_of(exc) == "output-is-directory"
    with pytest.raises(OutputError) as exc:
        api.write_template(tmp_path / "missing" / "mau.xlsx")
    assert code_of(exc) == "output-folder-missing"
    with pytest.raises(OutputError) as exc:
        api.export_plan("vung-tau-2022", tmp_path / "missing" / "plan.toml")
    assert code_of(exc) == "output-folder-missing"
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError) as exc:
        api.write_template(tmp_path / "file" / "mau.xlsx")
    assert code_of(exc) == "output-folder-missing"


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outputs.os, "access", lambda *a, **k: False)
    with pytest.raises(OutputError) as exc:
        api.write_template(tmp_path / "mau.xlsx")
    assert code_of(exc) == "output-read-only"


@pytest.mark.parametrize(
    ("err", "code"),
    [(errno.EACCES, "output-read-only"), (errno.ENOSPC, "output-disk-full")],
)
def test_failing_rename_is_one_translated_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int, code: str
) -> None:
    def refuse(*args: Any) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(outputs.os, "replace", refuse)
    out = tmp_path / "mau.xlsx"
    with pytest.raises(OutputError) as exc:
        api.write_template(out)
    assert code_of(exc) == code
    assert list(tmp_path.iterdir()) == []  # the temporary file is gone too


def test_disk_full_while_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen

    def full(fd: int, *args: Any, **kwargs: Any) -> Any:
        fh = real(fd, *args, **kwargs)

        def write(data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        fh.write = write
        return fh

    monkeypatch.setattr(outputs.os, "fdopen", full)
    with pytest.raises(OutputError) as exc:
        api.export_plan("vung-tau-2022", tmp_path / "plan.toml")
    assert code_of(exc) == "output-disk-full"
    assert list(tmp_path.iterdir()) == []


def test_no_clobber(roster: Path, tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    api.write_template(out, no_clobber=True)
    before = out.read_bytes()
    with pytest.raises(OutputError) as exc:
        api.write_template(out, no_clobber=True)
    assert code_of(exc) == "output-exists"
    assert out.read_bytes() == before
    api.write_template(out)  # without it, a previous output is replaced
    folder = tmp_path / "gop"
    api.merge([roster], folder, opts(), no_clobber=True)
    with pytest.raises(OutputError) as exc:
        api.merge([roster], folder, opts(), no_clobber=True)
    assert code_of(exc) == "output-exists"


def test_cli_messages_are_translated_and_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    for args in (
        ["template", str(tmp_path / "missing" / "mau.xlsx")],
        ["template", str(tmp_path)],
        ["plan", "export", "vung-tau-2022", str(tmp_path / "missing" / "x.toml")],
        ["plan", "export", "vung-tau-2022", str(tmp_path)],
    ):
        for lang in ("vi", "en"):
            result = runner.invoke(app, [*args, "--lang", lang])
            assert result.exit_code == 2, args
            assert "OSError" not in result.stderr and "internal" not in result.stderr.lower()
    (tmp_path / "mau.xlsx").write_bytes(b"x")
    result = runner.invoke(app, ["template", str(tmp_path / "mau.xlsx"), "--no-clobber"])
    assert result.exit_code == 2
    assert (tmp_path / "mau.xlsx").read_bytes() == b"x"


# --- marker, same bytes, the CSV set --------------------------------------------------------


def test_every_workbook_is_marked_and_reproducible(roster: Path, tmp_path: Path) -> None:
    written = {
        "template": lambda p: api.write_template(p),
        "summary": lambda p: api.summary([roster], p, opts(), include_members=True),
        "merged": lambda p: api.merge([roster], p, opts()),
    }
    for kind, write in written.items():
        one, two = tmp_path / f"{kind}-1.xlsx", tmp_path / f"{kind}-2.xlsx"
        write(one)
        write(two)
        assert marker.read(one) == kind
        assert one.read_bytes() == two.read_bytes(), kind


def test_csv_set_is_reproducible_and_marked(roster: Path, tmp_path: Path) -> None:
    api.merge([roster], tmp_path / "a", opts())
    api.merge([roster], tmp_path / "b", opts())
    for name in CSV_SET:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert marker.manifest_names(tmp_path / "a") == CSV_SET - {marker.MANIFEST}


@pytest.mark.parametrize("existing", [True, False])
def test_csv_set_all_or_none(
    roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    out = tmp_path / "gop"
    if existing:
        api.merge([roster], out, opts())
    before = {p.name: p.read_bytes() for p in out.iterdir()} if existing else {}
    real = Path.write_bytes
    calls: list[str] = []

    def third_fails(self: Path, data: Any) -> int:
        calls.append(self.name)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", third_fails)
    clubs, members = compliant_ward()
    other = write_standard(tmp_path / "khac.xlsx", clubs[:1], members[:50])
    with pytest.raises(OutputError) as exc:
        api.merge([other], out, opts())
    assert code_of(exc) == "output-disk-full"
    if existing:
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    else:
        assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(outputs.TEMP_PREFIX)]


# --- no personal data outside the outputs ---------------------------------------------------


def test_saving_spills_nothing_into_the_temp_folder(
    roster: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spill = tmp_path / "systmp"
    spill.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill))
    api.summary([roster], tmp_path / "s.xlsx", opts(), include_members=True)
    api.merge([roster], tmp_path / "m.xlsx", opts())
    assert list(spill.iterdir()) == []
    wb = openpyxl.Workbook()
    active(wb)["A1"] = "Nguyễn Thị Hoa"
    created: list[str] = []
    real = tempfile.NamedTemporaryFile

    def spy(*args: Any, **kwargs: Any) -> Any:
        fh = real(*args, **kwargs)
        created.append(fh.name)
        return fh

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", spy)
    import openpyxl.worksheet._writer as sheet_writer

    monkeypatch.setattr(sheet_writer, "NamedTemporaryFile", spy)
    workbook_bytes(wb)
    assert created == []  # openpyxl's own save would have made one per sheet


KILLED_RUN = """
import os, signal, sys
from pathlib import Path
from ctg_check import api, outputs
point = sys.argv[3]
if point == "save":  # in the middle of building the workbook
    import zipfile
    real = zipfile.ZipFile.open
    def open_member(self, name, *a, **k):
        if getattr(name, "filename", name).startswith("xl/worksheets/sheet3"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, name, *a, **k)
    zipfile.ZipFile.open = open_member
else:  # after the temporary file is written, before the rename
    outputs.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
api.summary([Path(sys.argv[1])], Path(sys.argv[2]), api.options(), include_members=True)
"""


@pytest.mark.parametrize("point", ["save", "rename"])
def test_killed_run_leaves_no_member_names(roster: Path, tmp_path: Path, point: str) -> None:
    systmp = tmp_path / "systmp"
    systmp.mkdir()
    out_dir = tmp_path / "ra"
    out_dir.mkdir()
    env = {**os.environ, "TMPDIR": str(systmp), "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(roster), str(out_dir / "s.xlsx"), point],
        env=env,
        capture_output=True,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    # the next run writing there sweeps what the killed one left
    api.summary([roster], out_dir / "s.xlsx", opts(), include_members=True)
    assert list(systmp.iterdir()) == []
    assert sorted(p.name for p in out_dir.iterdir()) == ["s.xlsx"]


def test_sweep_keeps_what_a_live_run_is_writing(tmp_path: Path) -> None:
    mine = tmp_path / f"{outputs.TEMP_PREFIX}{os.getpid()}-abc.tmp"
    mine.write_text("x")
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    gone = tmp_path / f"{outputs.TEMP_PREFIX}{child.pid}-abc.tmp"
    gone.write_text("x")
    (tmp_path / marker.MANIFEST).write_text("merged 1\n")
    assert outputs.sweep(tmp_path) == [gone]
    assert mine.exists() and (tmp_path / marker.MANIFEST).exists()


# --- the quote prefix -----------------------------------------------------------------------


def test_every_risky_text_cell_keeps_its_quote_prefix(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    clubs = [club_row("P1-01", RISKY[0]), club_row("P1-02", RISKY[1])]
    members = club_members("P1-01") + club_members("P1-02")
    for i, row in enumerate(members[:40]):
        row["name"] = RISKY[i % len(RISKY)] + f" {i}"
        row["address"] = RISKY[(i + 1) % len(RISKY)]
        row["sex"] = RISKY[2] if i % 7 == 0 else row["sex"]  # a problem quoting the value
    write_standard(folder / "phuong-1.xlsx", clubs, members)
    summary, merged, template = tmp_path / "s.xlsx", tmp_path / "m.xlsx", tmp_path / "t.xlsx"
    api.summary([folder], summary, opts(), include_members=True)
    api.merge([folder], merged, opts())
    api.write_template(template)
    for path in (summary, merged, template):
        risky = unprotected = 0
        for ws in openpyxl.load_workbook(path).worksheets:
            for cells in ws.iter_rows():
                for cell in cells:
                    if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                        risky += 1
                        unprotected += not cell.quotePrefix
        assert (path.name, unprotected) == (path.name, 0), risky
        assert risky >= (30 if path != template else 0), path.name


# --- the rows written as text read back as openpyxl would write them ------------------------


def test_rows_written_as_text_read_back_the_same(tmp_path: Path) -> None:
    from openpyxl.styles import Font

    from ctg_check.writers import put

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    values: list[Any] = ["  padded ", "a & <b>", 12, 3.25, True, date(2019, 3, 15)]
    values += [datetime(2020, 1, 2, 3, 4), "=1+1", "", None, 10**15]
    for r in range(1, 4):
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
    ws["A2"].font = Font(bold=True)
    ws.row_dimensions[3].height = 30
    ws.merge_cells("B5:D5")
    ours = tmp_path / "ours.xlsx"
    ours.write_bytes(workbook_bytes(wb))
    theirs = tmp_path / "theirs.xlsx"
    wb.save(theirs)
    a, b = openpyxl.load_workbook(ours).active, openpyxl.load_workbook(theirs).active
    assert a is not None and b is not None
    assert a.dimensions == b.dimensions
    for ra, rb in zip(a.iter_rows(), b.iter_rows(), strict=True):
        for ca, cb in zip(ra, rb, strict=True):
            assert (ca.value, ca.number_format, ca.quotePrefix, ca.font.b) == (
                cb.value,
                cb.number_format,
                cb.quotePrefix,
                cb.font.b,
            ), ca.coordinate
    assert a.row_dimensions[3].height == 30
    assert [str(r) for r in a.merged_cells.ranges] == ["B5:D5"]
