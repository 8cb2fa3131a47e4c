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
    with pytest.raises(KgError, match="No space left on device; nothing was changed"):
        write_atomic([(target, "new content that does not fit\n")])
    assert target.read_text() == "good\n" and [p.name for p in tmp_path.iterdir()] == ["result.csv"]


def test_probe_one_file_name_for_two_formats_is_an_error(graph_file, tmp_path):
    result = kg("sheet", "县法院", "-f", "html", "-f", "md", "-g", str(graph_file), "-o", str(tmp_path / "x.html"))
    one_line_error(result, "x.html is a file name but 2 formats")
    assert not (tmp_path / "x.html").exists()
