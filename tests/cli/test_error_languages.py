"""Errors in the office's language (#26): Chinese by default, English with --lang en; each one line, exit 2,
the file, line, query and unit names kept as the user wrote them."""
from __future__ import annotations

import re

import pytest

from ..process import kg

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _bad_plan(folder):
    path = folder / "plan.txt"
    path.write_bytes(b"\x00\x01\x02 not a plan")
    return path


#: (arguments, what the Chinese line says, what the English line says); "{tmp}" is the test's folder.
CASES = [
    (("build", "{tmp}/missing.txt", "--out", "{tmp}/out"), "missing.txt: 找不到文件（解决办法：检查路径）",
     "missing.txt: file not found (fix: check the path)"),
    (("query", "no-such-query"), "没有名为'no-such-query'的查询", "no query named 'no-such-query'"),
    (("query", "unit-tasks", "-p", "unit=县法院x"), "图谱中没有名为'县法院x'的单位（解决办法：是否指县法院",
     "no unit named '县法院x' in the graph (fix: did you mean 县法院"),
    (("query", "tasks", "-p", "colour=red"), "查询'tasks'没有参数'colour'", "query 'tasks' has no parameter 'colour'"),
    (("query", "due-in-period", "-p", "period=x"), "--param period='x' 不是时段编号",
     "--param period='x' is not a period number"),
    (("build", "{tmp}/plan.txt", "--out", "{tmp}/out"), "plan.txt:1: 含二进制数据（NUL 字节），不是文本导出文件",
     "plan.txt:1: binary data (NUL byte), not a text export"),
    (("validate", "--graph", "{tmp}/nothing.ttl"), "nothing.ttl: 找不到图谱文件", "nothing.ttl: graph file not found"),
    (("build", "{tmp}/plan.txt", "{tmp}/plan.txt", "--title", "x", "--out", "{tmp}/out"),
     "--title 只能命名一个方案，但给出了多个方案文件（解决办法：请为每个方案分别构建并各给 --title，或不用 --title）",
     "--title names one plan, but several plan files are given (fix: build each plan with its own --title"),
    (("sheet", "县法院", "-f", "html", "-f", "md", "-o", "{tmp}/out.html"), "out.html 是文件名，但要求输出2种格式",
     "out.html is a file name but 2 formats were asked for"),
    (("--template-dir", "{tmp}/none", "sheet", "县法院", "-o", "{tmp}/out"), "模板文件夹不存在（解决办法：请创建",
     "the template folder does not exist (fix: create"),
]


@pytest.mark.parametrize("args, chinese, english", CASES, ids=[" ".join(c[0][:2]) for c in CASES])
def test_a_bad_input_says_so_in_chinese_by_default_and_in_english_on_request(tmp_path, graph_file, args, chinese,
                                                                             english):
    _bad_plan(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    graph = [] if args[0] == "build" or "--graph" in args else ["-g", str(graph_file)]
    for lang, expected in ((None, chinese), ("en", english)):
        result = kg(*(["--lang", lang] if lang else []), *args, *graph)
        line = result.stderr.strip()
        assert result.returncode == 2 and len(line.splitlines()) == 1 and "Traceback" not in line, line
        assert expected in line, line
        if lang is None:
            assert line.startswith("kg：错误："), line
        else:  # Chinese only where the user's own words are quoted (the unit name)
            assert line.startswith("kg: error: ") and _HAN.findall(line.replace("县法院x", "").replace("县法院", "")
                                                                  .replace("县司法局", "")) == [], line
    assert not (tmp_path / "out").exists()


#: A unit's filled template (CSV, the columns it needs) with one row.
REPORT = "序号,颜色 colour,进度% progress,填报单位 reporter,填报日期 reported\n"
MARKET = "县市场监管局"  # leads task 1
#: (file name, its content, extra arguments, what the Chinese line says, what the English line says): each of
#: kg status import's and verify's refusals a unit or the office meets, one line, nothing recorded.
IMPORT_CASES = [
    ("broken.xlsx", b"PK not a zip", (), "broken.xlsx: 不是可读取的 XLSX 文件（BadZipFile）（解决办法：请将模板另存为 .xlsx 文件",
     "broken.xlsx: not a readable XLSX (BadZipFile) (fix: save the template as .xlsx or export it as CSV)"),
    ("long.csv", REPORT + f"1,绿,,{MARKET},2023-06-20,{'说' * 40000}\n", (),
     "long.csv: 拒收：第2行第6列有40000个字符（每个单元格最多32767个字符）（解决办法：请缩短该单元格内容",
     "long.csv: refused: row 2 column 6 holds 40000 characters (a cell holds at most 32767) (fix: shorten the cell"),
    ("reporter.csv", REPORT + "1,绿,,县不存在局,2023-06-20\n", (),
     "第2行：填报单位“县不存在局”不是方案中的单位；未记录任何内容（解决办法：请更正后重新导入）",
     "row 2: reporter '县不存在局' is not a unit of the plan; nothing was recorded (fix: correct it and import again)"),
    ("colour.csv", REPORT + f"1,紫,,{MARKET},2023-06-20\n", (), "第2行：颜色“紫”不在五色方案中（可填：蓝、绿、黄、橙、红）",
     "row 2: colour '紫' is not in the scheme (blue, green, yellow, orange, red)"),
    ("date.csv", REPORT + f"1,绿,,{MARKET},20/06/2023\n", (), "第2行：填报日期“20/06/2023”不是日期（请按 YYYY-MM-DD 填写）",
     "row 2: reported on '20/06/2023' is not a date (write YYYY-MM-DD)"),
    ("future.csv", REPORT + f"1,绿,,{MARKET},2099-01-31\n", (), "第2行：填报日期2099-01-31晚于今天",
     "row 2: reported on 2099-01-31 is in the future"),
    ("progress.csv", REPORT + f"1,绿,lots,{MARKET},2023-06-20\n", (),
     "第2行：进度%“lots”不是任务完成的百分比（请填写0–100，如76或76%）",
     "row 2: progress 'lots' is not a percent of the task (write 0–100, e.g. 76 or 76%)"),
    ("as-of.csv", REPORT + f"1,绿,,{MARKET},2023-06-20\n", ("--as-of", "2023-06-30"),
     "文件的日期为2023-06-20（填报日期栏中最晚的日期），而 --as-of 为2023-06-30：请去掉 --as-of 或更正日期",
     "the file is dated 2023-06-20 (the latest date in its reported on column) and --as-of says 2023-06-30"),
    ("blank.csv", REPORT + f"1,,,{MARKET},2023-06-20\n", (), "没有填写任何一行（颜色或申请延期）：没有可记录的内容",
     "no row is filled in (a colour or extension): nothing to record"),
    ("undated.csv", REPORT + f"1,绿,,{MARKET},\n", (), "已填写的各行填报日期均为空，也未给出 --as-of：请填写填报日期",
     "no filled row has a date in the reported on column, and no --as-of was given"),
    ("review.csv", "序号,核定 verified\n1,\n", ("verify",), "没有任何一行填写核定或延期至：核定表未填写，没有可记录的内容",
     "no row has a verdict (verified) or extended to: the review sheet is not filled in, nothing to record"),
]


@pytest.fixture(scope="module")
def office_graph(built, tmp_path_factory):
    from ..conftest import copy_graph

    return copy_graph(built, tmp_path_factory.mktemp("refusals") / "graph")


@pytest.mark.parametrize("name, content, args, chinese, english", IMPORT_CASES, ids=[c[0] for c in IMPORT_CASES])
def test_a_refused_report_says_why_in_chinese_by_default_and_in_english_on_request(office_graph, tmp_path, name,
                                                                                   content, args, chinese, english):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    command = ("verify",) if args[:1] == ("verify",) else ("import", *args)
    for lang, expected in ((None, chinese), ("en", english)):
        result = kg(*(["--lang", lang] if lang else []), "status", *command, str(path), "-g", str(office_graph),
                    env={"KG_LANG": ""})
        line = result.stderr.strip()
        assert result.returncode == 2 and len(line.splitlines()) == 1 and "Traceback" not in line, line
        assert expected in line, line
        if lang is None:
            assert line.startswith("kg：错误：") and not re.search(r"\b(row|the|is|not|a)\b", line), line
        else:  # Chinese only where the user's own words are quoted
            assert line.startswith("kg: error: ") and _HAN.findall(re.sub("县不存在局|紫|说+", "", line)) == [], line
    assert not (office_graph / "status").exists()


def test_a_refused_upload_is_shown_in_the_browsers_language(office_graph):
    """A unit uploads its template to the workbench and it is refused: the problems in Chinese by default, in
    English after the switch (kg_lang), the file's own words as written."""
    import datetime as dt
    import io

    from kg.app import Guard, create_app
    from kg.app.workbench import Workbench

    guard = Guard(writable=True)
    client = create_app(Workbench(office_graph, "auto", dt.date(2023, 6, 30)), guard).test_client()
    sent = REPORT + "1,紫,,县不存在局,2023-06-20\n2,绿,lots,县发展改革委,2023-06-20\n"

    def upload() -> str:
        response = client.post("/office/upload", data={"kind": "report", "form_key": guard.form_key,
                                                       "file": (io.BytesIO(sent.encode("utf-8")), "法院六月.csv")},
                               content_type="multipart/form-data")
        assert response.status_code == 400
        return response.get_data(as_text=True)

    page = upload()
    assert "<h1>未记录任何内容</h1>" in page and "法院六月.csv" in page
    assert "<li>第2行：颜色“紫”不在五色方案中（可填：蓝、绿、黄、橙、红）</li>" in page
    assert "<li>第3行：进度%“lots”不是任务完成的百分比（请填写0–100，如76或76%）</li>" in page
    problems = page[page.index('<ul class="problems">'):page.index("</ul>")]
    assert not re.search(r"[A-Za-z]{2,}", re.sub("<[^>]+>|lots", "", problems)), problems
    client.set_cookie("kg_lang", "en")
    page = upload()
    assert "<li>row 2: colour &#39;紫&#39; is not in the scheme (blue, green, yellow, orange, red)</li>" in page
    assert "<li>row 3: progress &#39;lots&#39; is not a percent of the task" in page and "第2行" not in page
    assert list((office_graph / "status").rglob("*.*")) == []  # nothing recorded, nothing left in the inbox
