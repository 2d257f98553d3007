"""Broken and hostile files through the real command: exit 2 with a clear message, no traceback,
the rest of the batch still read; and one run over the peer corpus accounts for every file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import CORPUS, compliant_ward, write_standard

GB = 1024**3


def run_cli(*args: str) -> tuple[int, str, str, float, float]:
    """Exit code, stdout, stderr, seconds and peak memory (GB) of `python -m ctg_check`."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ctg_check", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = proc.communicate(timeout=600)
    seconds = time.monotonic() - start
    peak = 0.0
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / GB
    except ImportError:  # pragma: no cover - not on Linux
        pass
    return proc.returncode, out, err, seconds, peak


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "nop"
    folder.mkdir()
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "Họ và tên"
    ws["XFD1048576"] = 1  # calamine would allocate ~512 GiB for this sheet and abort
    wb.save(folder / "o-cuoi-cung.xlsx")
    with zipfile.ZipFile(folder / "bom-nen.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<" * 60_000_000)
    (folder / "anh-chup.xls").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (folder / "cat-cut.xlsx").write_bytes((folder / "o-cuoi-cung.xlsx").read_bytes()[:700])
    (folder / "rong.xlsx").write_bytes(b"")
    clubs, members = compliant_ward()
    write_standard(folder / "phuong-1.xlsx", clubs, members)
    return folder


def test_hostile_files_cost_one_line_each(hostile: Path) -> None:
    code, out, err, seconds, peak = run_cli(
        "validate", str(hostile), "--format", "json", "--as-of", "2025-12-01"
    )
    assert code == 2
    assert "Traceback" not in out + err
    data = json.loads(out)
    status = {
        Path(f["path"]).name: (f["status"], (f["error"] or {}).get("code")) for f in data["files"]
    }
    assert status == {
        "o-cuoi-cung.xlsx": ("error", "file-too-large"),
        "bom-nen.xlsx": ("error", "file-too-large"),
        "anh-chup.xls": ("error", "file-unreadable"),
        "cat-cut.xlsx": ("error", "file-unreadable"),
        "rong.xlsx": ("error", "file-unreadable"),
        "phuong-1.xlsx": ("read", None),
    }
    assert len(data["clubs"]) == 2
    assert seconds < 30 and peak < 1.5  # the bounds, not a benchmark


def test_hostile_messages_name_the_file_in_vietnamese(hostile: Path) -> None:
    _, out, _, _, _ = run_cli("validate", str(hostile / "anh-chup.xls"))
    assert "anh-chup.xls" in out and "một tệp ảnh (PNG)" in out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the peer corpus (../shared/corpus) is not here")
def test_peer_corpus_in_one_run() -> None:
    files = sorted(
        p
        for p in CORPUS.rglob("*")
        if p.suffix.lower() in {".xls", ".xlsx", ".xlsm", ".xlsb", ".ods"}
    )
    code, out, err, seconds, peak = run_cli("validate", str(CORPUS), "--format", "json")
    assert "Traceback" not in out + err
    assert code == 2  # password-protected and hostile files are in it
    data = json.loads(out)
    assert {Path(f["path"]) for f in data["files"]} == set(files)
    for f in data["files"]:
        if f["status"] == "error":
            assert f["error"]["code"] in {"file-encrypted", "file-unreadable", "file-too-large"}
            assert f["error"]["message"]
        else:
            rows = f["rows"]
            assert rows["read"] == rows["members"] + rows["rejected"] + rows["other"]
    encrypted = {
        Path(f["path"]).name
        for f in data["files"]
        if (f["error"] or {}).get("code") == "file-encrypted"
    }
    assert {"pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"} <= encrypted
    assert peak < 1.5
    assert seconds < 10 * len(files)  # no file over 10 s: each is read with a 30 s worker timeout
