"""Reading sources: encodings and line ends simply work; bad files fail in one line."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.rdf.build import build
from kg.readers.source import read_source
from kg.resources import bundled_plan

ORIGINAL = bundled_plan().read_bytes()


@pytest.mark.parametrize("name, data", [
    ("gb18030.txt", ORIGINAL.decode("utf-8").encode("gb18030")),
    ("bom.txt", b"\xef\xbb\xbf" + ORIGINAL),
    ("crlf.txt", ORIGINAL.replace(b"\n", b"\r\n")),
    ("gbk-crlf.txt", ORIGINAL.decode("utf-8").replace("\n", "\r\n").encode("gbk", "replace")),
])
def test_other_encodings_build_the_same_tasks(tmp_path, name, data, plan):
    path = tmp_path / name
    path.write_bytes(data)
    other = build([path], out=None).plans[0]
    assert len(other.tasks) == 81
    assert [t.number for t in other.tasks] == [t.number for t in plan.tasks]
    assert [len(t.assignments) for t in other.tasks] == [len(t.assignments) for t in plan.tasks]
    assert [t.deadline for t in other.tasks] == [t.deadline for t in plan.tasks]


def test_encoding_is_recorded(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(ORIGINAL.decode("utf-8").encode("gb18030"))
    assert read_source(path).encoding == "gb18030"


@pytest.mark.parametrize("data, message", [
    (b"", "file is empty"),
    (b"   \n\n  ", "file is empty"),
    ("奉节县人民政府办公室\n没有附件。\n".encode(), "no task table, and no measure names its units"),
    (b"\x00\x01\x02binary", "NUL byte"),
])
@pytest.mark.usefixtures("english")
def test_bad_sources_fail_with_file_and_line(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        build([path], out=None)
    text = str(err.value)
    assert message in text and str(path) in text
    assert "\n" not in text


@pytest.mark.usefixtures("english")
def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_source(tmp_path / "nope.txt")


def _table_with(tmp_path: Path, old: str, new: str) -> Path:
    text = bundled_plan().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.txt"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.usefixtures("english")
def test_duplicate_task_number(tmp_path):
    path = _table_with(tmp_path, "\t3\n\t精简企业", "\t2\n\t精简企业")
    with pytest.raises(InputError) as err:
        build([path], out=None)
    assert "task number 2 appears twice (first on line 122)" in str(err.value)
    assert ":138:" in str(err.value)


@pytest.mark.usefixtures("english")
def test_row_with_missing_cells(tmp_path):
    # Task 4 (lines 152-159) loses its lead, host and support cells.
    path = _table_with(tmp_path, "\t县市场监管局\n\t县市场监管局\n\t相关单位、部门\n\t长期坚持\n\n\t5",
                       "\t长期坚持\n\n\t5")
    with pytest.raises(InputError) as err:
        build([path], out=None)
    assert "task 4: has 5 cells" in str(err.value) and ":152:" in str(err.value)


@pytest.mark.usefixtures("english")
def test_row_without_deadline(tmp_path):
    path = _table_with(tmp_path, "\t相关单位、部门\n\t长期坚持\n\n\t5", "\t相关单位、部门\n\n\t5")
    with pytest.raises(InputError, match="task 4: last cell '相关单位、部门' is not a deadline"):
        build([path], out=None)


@pytest.mark.usefixtures("english")
def test_blank_lead_cell(tmp_path):
    path = _table_with(tmp_path, "\t县市场监管局\n\t县市场监管局\n\t相关单位、部门\n\t长期坚持",
                       "\t   \n\t县市场监管局\n\t相关单位、部门\n\t长期坚持")
    with pytest.raises(InputError) as err:
        build([path], out=None)
    assert "task 4: the 指标牵头单位 (lead) cell is blank" in str(err.value) and ":156:" in str(err.value)


def test_blank_milestone_cell_is_a_warning(tmp_path):
    path = _table_with(tmp_path, "\t以季度为周期定期清理", "\t   \n\t以季度为周期定期清理")
    plan = build([path], out=None).plans[0]
    blank = [f for f in plan.findings if f.code == "blank-cell"]
    assert len(blank) == 1 and blank[0].task == 4 and blank[0].line == 155
