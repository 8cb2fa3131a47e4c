"""Task tables as grids: an Excel sheet, a CSV file (GB18030, as Excel saves it in China), and a
table pasted into a text file (tab-separated lines). Each reads into the same tasks."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from kg.errors import InputError
from kg.readers import detect_format, read_plan

from ..process import kg

DATA = __import__("pathlib").Path(__file__).parent.parent / "data" / "tables"
HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "责任单位", "配合单位", "完成时限"]
EXPECTED = {  # task: (section, work item, deadline, ongoing, stated roles)
    1: (1, "推进政务服务标准化", "2023-06", False,
        [("lead", "市政务服务局"), ("host", "市司法局"), ("host", "各区县政府")]),
    2: (1, "推进政务服务标准化", None, True,
        [("lead", "市政务服务局"), ("lead", "市大数据局"), ("support", "市公安局")]),
    3: (2, "优化企业开办服务", "2023-12", False,
        [("lead", "市市场监管局"), ("host", "市税务局"), ("support", "市人力社保局"), ("support", "市公积金中心")]),
    4: (2, "规范涉企检查", None, False, [("lead", "市司法局"), ("host", "市有关部门")]),
}


def _workbook(path):
    """The same plan as a sheet: a merged title row, a 重点任务 cell merged over two rows, numbers as
    numbers and a deadline as a date cell."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某市2023年优化营商环境重点任务清单"])
    sheet.merge_cells("A1:G1")
    sheet.append(HEADER)
    sheet.append(["一、提升政务服务效能"])
    sheet.merge_cells("A3:G3")
    sheet.append([1, "推进政务服务标准化", "编制政务服务事项目录，统一办事指南。", "市政务服务局", "市司法局、各区县政府", None,
                  dt.datetime(2023, 6, 30)])
    sheet.append([2, None, "推行“一网通办”。", "市政务服务局（牵头）、市大数据局", None, "市公安局", "长期坚持"])
    sheet.merge_cells("B4:B5")
    sheet.append(["二、优化市场环境"])
    sheet.append([3.0, "优化企业开办服务", "压缩企业开办时间。", "市市场监管局", "市税务局", "市人力社保局、市公积金中心", "2023年底"])
    sheet.append([4, "规范涉企检查", "推行综合查一次。", "市司法局", "市有关部门", None, "适时"])
    sheet.append([None, "注：以上任务每季度末报送进展。"])
    book.save(path)
    return path


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grids")
    shutil.copy(DATA / "plan-table.txt", folder / "plan-table.txt")
    shutil.copy(DATA / "plan-table.csv", folder / "plan-table.csv")
    return {"text-table": folder / "plan-table.txt", "csv": folder / "plan-table.csv",
            "xlsx": _workbook(folder / "plan-table.xlsx")}


@pytest.mark.parametrize("fmt", ["text-table", "csv", "xlsx"])
def test_each_grid_reads_into_the_same_tasks(sources, registry, fmt):
    assert detect_format(sources[fmt]) == fmt
    plan = read_plan(sources[fmt], registry)
    assert plan.reader == fmt
    assert (plan.title, plan.year) == ("某市2023年优化营商环境重点任务清单", 2023)
    got = {t.number: (t.section, t.work_item, t.deadline, t.ongoing,
                      [(a.role, a.written) for a in t.assignments if a.stated]) for t in plan.tasks}
    assert got == EXPECTED
    assert [t.description for t in plan.tasks][:2] == ["编制政务服务事项目录，统一办事指南。", "推行“一网通办”。"]
    unread = [f for f in plan.findings if f.code == "deadline-unread"]
    assert [(f.task, f.text) for f in unread] == [(4, "适时")]


def test_text_table_findings_name_the_file_line(sources, registry):
    plan = read_plan(sources["text-table"], registry)
    assert next(f for f in plan.findings if f.code == "deadline-unread").line == 10  # its own line: blank line 7 no longer shifts the rows after it
    assert not {"no-sections", "no-measures"} & {f.code for f in plan.findings}  # no body: nothing to warn of


def test_a_merged_sheet_cell_is_read_as_the_value_above_and_says_so(sources, registry):
    plan = read_plan(sources["xlsx"], registry)
    assert [f.task for f in plan.findings if f.code == "work-item-merged"] == [2]
    stray = next(f for f in plan.findings if f.code == "stray-row")  # a note row: kept, named by sheet and row
    assert "sheet 'Sheet' row 9" in stray.render("en") and stray.text == "注：以上任务每季度末报送进展。"


def test_kg_build_takes_a_sheet_and_the_graph_conforms(sources, tmp_path):
    out = kg("build", str(sources["xlsx"]), "--out", str(tmp_path / "graph"))
    assert out.returncode == 0, out.stderr
    assert "xlsx" in out.stdout
    checked = kg("validate", "--graph", str(tmp_path / "graph"))
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.usefixtures("english")
def test_a_sheet_without_a_task_table_is_a_one_line_error(tmp_path, registry):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["名称", "数量"])
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(InputError, match="no task table"):
        read_plan(tmp_path / "other.xlsx", registry)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InputError, match="not a readable Excel workbook"):
        read_plan(broken, registry)


@pytest.mark.parametrize("name, expected", [
    # 一、 pasted without tabs between two rows: a section row, not the table's end (rows after it were lost)
    ("section-rows", {1: [("lead", "区乡村振兴局"), ("host", "各镇街")], 2: [("lead", "区人力社保局"), ("host", "各镇街")]}),
    # 责任主体 over 牵头单位 | 配合单位: a header of two rows (was "no task table")
    ("two-row-header", {1: [("lead", "区乡村振兴局"), ("support", "各镇街")],
                        2: [("lead", "区人力社保局"), ("support", "区财政局")]}),
    # a cell Excel copied with a line break in it is quoted: one cell of one row (was "各镇街 and a lost row)
    ("quoted-cell", {1: [("lead", "区乡村振兴局"), ("support", "各镇街"), ("support", "区民政局")],
                     2: [("lead", "区人力社保局"), ("support", "区财政局")]}),
    # 责任单位（排在第一位的为牵头单位）: the column's title states the convention (the first named was no lead)
    ("title-convention", {1: [("lead", "市发展改革委"), ("host", "市发展改革委"), ("host", "市财政局")],
                          2: [("lead", "市营商环境局"), ("host", "市营商环境局"), ("host", "市市场监管局"),
                              ("host", "市政务服务中心")]}),
    # 县级牵头单位 | 县级责任单位 | 协同部门: a level before the role (was "no task table")
    ("level-titles", {1: [("lead", "县发展改革委"), ("host", "县财政局"), ("support", "县自然资源局")],
                      2: [("lead", "县营商环境局"), ("host", "县市场监管局"), ("support", "县税务局")]}),
    # 一 | 提升政务服务效能: a heading's number in the 序号 column, naming no unit (was a stray row)
    ("heading-numbers", {1: [("lead", "区政务服务局"), ("host", "各镇街")],
                         2: [("lead", "区市场监管局"), ("host", "区公安分局")]}),
    # 序号 1.1, 1.2, 2.1 under headings 一, 二 (was "no task table")
    ("dotted-numbers", {1: [("lead", "区政务服务局"), ("host", "各镇街")],
                        2: [("lead", "区政务服务局"), ("host", "区司法局")],
                        3: [("lead", "区市场监管局"), ("host", "区公安分局")]}),
    # 序号 一、二、 on rows that name units: tasks (was "no task table")
    ("chinese-numbers", {1: [("lead", "区政务服务局"), ("host", "各镇街")],
                         2: [("lead", "区政务服务局"), ("host", "区司法局")]}),
])
def test_tables_pasted_as_text_the_way_offices_paste_them(registry, name, expected):
    plan = read_plan(DATA / f"{name}.txt", registry)
    assert plan.reader == "text-table"
    assert {t.number: [(a.role, a.written) for a in t.assignments if a.stated] for t in plan.tasks} == expected
    assert not [f for f in plan.findings if f.severity == "warning"]


@pytest.mark.parametrize("name, labels, sections", [
    ("heading-numbers", ["", ""], [1, 2]),
    ("dotted-numbers", ["1.1", "1.2", "2.1"], [1, 1, 2]),
    ("chinese-numbers", ["一、", "二、"], [0, 0]),
    ("circled-numbers", ["①", "②"], [0, 0]),
])
def test_a_seqno_that_is_no_plain_number_is_kept_as_the_tasks_label(registry, name, labels, sections):
    """Tasks are numbered by a plain 序号; where some 序号 is written otherwise (1.1, 二、) they are counted in
    row order, each keeping its 序号 as printed, and a finding says so. A heading's 一 sets the section."""
    plan = read_plan(DATA / f"{name}.txt", registry)
    assert [t.label for t in plan.tasks] == labels and [t.section for t in plan.tasks] == sections
    in_order = [f for f in plan.findings if f.code == "numbered-in-order"]
    assert len(in_order) == (1 if any(labels) else 0)
    assert not [f for f in plan.findings if f.code == "stray-row"]


@pytest.mark.parametrize("path, text", [
    (DATA / "recurring-deadline.txt", "每年6月底前"),  # a table's deadline cell
    (DATA.parent / "grammar" / "recurring-deadline.txt", "每季度调度一次"),  # a measure's 完成时限 in running text
])
def test_a_deadline_read_as_ongoing_because_it_recurs_says_so(registry, path, text):
    """每年6月底前 has no date of its own: the task is ongoing, and a finding says how that was read (it was
    read so in silence), while a plainly stated deadline or 长期坚持 needs none."""
    plan = read_plan(path, registry)
    first, second = plan.tasks
    assert (first.deadline, first.ongoing, second.deadline) == (None, True, "2024-12" if "table" in str(path) else
                                                                "2024-06")
    said = [f for f in plan.findings if f.code == "deadline-read"]
    assert [(f.task, f.text) for f in said] == [(1, text)]
    assert "ongoing" in said[0].what.render("en")
