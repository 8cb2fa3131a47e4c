"""Probes of writing files: devices kept, failed writes leave the good file, names match formats.

Each test is one probe of kg as a new user or an attacker would try it, named for it.
"""
from __future__ import annotations

import pytest

from ..process import kg, one_line_error

# ------------------------------------------------------------------ writing files

def test_probe_output_to_a_device_keeps_the_device(graph_file):
    import stat
    from pathlib import Path

    result = kg("query", "tasks", "-g", str(graph_file), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_probe_failed_write_keeps_the_good_file(tmp_path, monkeypatch):
    import os

    from kg.errors import KgError
    from kg.files import write_atomic

    target = tmp_path / "result.csv"
    target.write_text("good\n")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(KgError, match="无法写入：磁盘空间已满；未做任何更改（解决办法：请清理磁盘空间）"):
        write_atomic([(target, "new content that does not fit\n")])
    assert target.read_text() == "good\n" and [p.name for p in tmp_path.iterdir()] == ["result.csv"]


def test_probe_one_file_name_for_two_formats_is_an_error(graph_file, tmp_path):
    result = kg("sheet", "县法院", "-f", "html", "-f", "md", "-g", str(graph_file), "-o", str(tmp_path / "x.html"))
    one_line_error(result, "x.html 是文件名，但要求输出2种格式")
    assert not (tmp_path / "x.html").exists()


def test_sheet_to_dev_null_writes_to_the_device_not_a_folder_in_it(graph_file):
    import stat
    from pathlib import Path

    result = kg("sheet", "县法院", "-g", str(graph_file), "-o", "/dev/null")
    assert result.returncode == 0 and "File exists" not in result.stderr, result.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)
    one_line_error(kg("sheet", "--all", "-g", str(graph_file), "-o", "/dev/null"), "/dev/null 不是文件夹")


def _limited(*args: str, cwd) -> "subprocess.CompletedProcess":
    """kg under a 16 KB file-size limit (RLIMIT_FSIZE, ``ulimit -f``): writes past it fail with EFBIG."""
    import os
    import resource
    import subprocess
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))

    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd,
                          preexec_fn=limit, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=300)


@pytest.mark.parametrize("args", [("status", "template", "--as-of", "2023-06-30", "-o", "t.xlsx"),
                                  ("status", "review", "--as-of", "2023-06-30", "-o", "r.xlsx"),
                                  ("sheet", "县行政服务中心", "-f", "xlsx", "-o", "s.xlsx"),
                                  ("sheet", "县行政服务中心", "-f", "html", "-o", "s.html"),
                                  ("viz", "--out", "v")], ids=["xlsx", "review", "sheet-xlsx", "sheet", "viz"])
def test_a_file_size_limit_is_a_one_line_error_not_an_internal_error(graph_file, tmp_path, args):
    result = _limited(*args, "-g", str(graph_file), cwd=tmp_path)
    one_line_error(result, "无法写入：文件过大", "文件大小限制")
    assert "内部错误" not in result.stderr and "磁盘空间" not in result.stderr
    assert not any(p.is_file() for p in tmp_path.rglob("*"))  # no partial output


def test_a_file_size_limit_on_standard_output_is_an_error_not_a_cut_file(graph_file, tmp_path):
    import os
    import resource
    import subprocess
    import sys

    with open(tmp_path / "out.csv", "wb") as out:
        result = subprocess.run([sys.executable, "-m", "kg", "query", "assignments", "-f", "csv", "-g", str(graph_file)],
                                stdout=out, stderr=subprocess.PIPE, text=True, timeout=300,
                                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384)),
                                env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 2 and "标准输出: 无法写入：文件过大；输出不完整" in result.stderr
