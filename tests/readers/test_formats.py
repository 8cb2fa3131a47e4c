"""Any plan in: detection, inline plans (the grammar real plans use), Word files, unit suggestions per place."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.rdf.build import build
from kg.rdf.validate import validate
from kg.readers import detect_format, read_plan
from kg.readers.suggest import suggestions
from kg.resources import bundled_plan

from ..conftest import DATA
from ..process import kg


def _task(plan, number):
    return next(t for t in plan.tasks if t.number == number)


def _units(task, role):
    return [a.unit_id for a in task.assignments if a.role == role]


# ------------------------------------------------------------------ inline plans

@pytest.fixture(scope="module")
def inline_plan(registry):
    return read_plan(DATA / "inline.txt", registry)


def test_detects_each_format(tmp_path):
    assert detect_format(bundled_plan()) == "text-export"
    assert detect_format(DATA / "inline.txt") == "inline"
    assert detect_format(_docx_plan(tmp_path)) == "docx"


def test_inline_tasks_roles_and_deadlines(inline_plan):
    plan = inline_plan
    assert plan.reader == "inline" and plan.place == "奉节县" and plan.year == 2024
    assert [t.number for t in plan.tasks] == [1, 2, 3, 4, 5]  # measure 6 names no unit
    t1 = _task(plan, 1)
    assert _units(t1, "lead") == ["admin-service-center"]
    assert _units(t1, "host") == ["market-supervision", "all-townships"]
    assert (t1.deadline, t1.ongoing, t1.work_item, t1.label) == (None, False, "深化“一网通办”", "1.")
    t2 = _task(plan, 2)
    assert (_units(t2, "lead"), _units(t2, "host")) == (["market-supervision"], ["taxation", "public-security"])
    assert t2.deadline == "2024-06"
    t3 = _task(plan, 3)
    assert _units(t3, "lead") == _units(t3, "host") == ["science-technology"]
    assert [(a.role, a.stated, a.basis) for a in t3.assignments] == [("host", True, "key"),
                                                                       ("lead", False, "inferred-first-host")]
    t4 = _task(plan, 4)
    assert _units(t4, "host") == ["civil-affairs"] and t4.ongoing
    t5 = _task(plan, 5)
    assert _units(t5, "support") == ["finance"] and t5.deadline == "2024-12"
    assert [a.unit_id for a in t5.assignments if a.role == "lead"][0] == "fengjie-xianfagaiwei"  # pinyin


def test_inline_inferences_are_recorded(inline_plan):
    codes = {(f.code, f.task) for f in inline_plan.findings}
    assert ("lead-inferred", 3) in codes and ("host-inferred", 5) in codes
    assert any(f.code == "measure-without-units" for f in inline_plan.findings)
    unknown = next(f for f in inline_plan.findings if f.code == "unknown-unit")
    assert "县发改委" in unknown.render("en") and "probably 县发展改革委" in unknown.render("en")
    assert "可能是县发展改革委" in unknown.message  # Chinese by default


GRAMMAR = sorted(p.stem for p in (DATA / "grammar").glob("*.txt"))


@pytest.mark.parametrize("name", GRAMMAR)
def test_grammar_of_real_plans(registry, name):
    """Each tests/data/grammar/NAME.txt plan read into exactly the (task, role, unit, stated) rows of NAME.csv.

    two-level: an indicator-level heading, 具体举措, keys after a full stop or a comma, units on a line of
    their own, 会同, 〔〕 with the deadline inside, half-width brackets, a word broken by the PDF copy.
    city-action: 按职责分工配合, 配合完成, 按职责完成有关工作, 〈〉 inside a name, labels 3.. and 4 (dots lost).
    key-lines: (一) measures with no full stop, keys on the lines after them.
    role-marks: a role in brackets after a name (X（牵头）、Y; X（牵头单位）、Y按职责分工负责; 责任单位：X（牵头），Y;
    Y（按职责分工配合）),
    beside a bracket that is part of a name (县市场监管局（县知识产权局）).
    numbering-lists: labels whose text opens with digits (2.2023 年…, 3.121人才…) but never 3.5 亿元; a heading
    naming only a lead over numbered measures; X及各县区人民政府、开发区管委会 (one collective after 及);
    市级相关部门和单位 and 中、省驻市有关单位 (split only where each side names a body); units every later list
    includes, said in running text and in a bracket (以下责任单位中均包含X，不再列出; X、Y均为责任单位，以下不再列出).
    office-forms (forms a tester wrote from real plans kg had not seen): 1） labels; a verb bracket with a
    完成时限 key; a page number and a 公报 running header inside a broken bracket; people's keys (责任领导：,
    责任人：) beside unit keys; half-width quotes in a name; X为牵头单位, 牵头单位为X, 其中X为牵头单位; a
    完成时限 line after a bracket; the standing units reworded (均为责任单位，不再逐一列出).
    bracket-keys: keys in 【】 (【牵头单位】X【配合单位】Y【完成时限】…), on one line or each on its own.
    deadline-keys: 时间：/ 完成时间：/ 时限： on a line of their own or in a bracket (but not 活动时间：in the text).
    verb-lines: X牵头，Y配合。/ 由X负责。 as a sentence of its own ending the measure (on its own line, broken by
    the copy, or after the measure's last full stop; a title with no full stop), but never 各乡镇（街道）要积极配合.
    convene: 由X牵头，会同Y负责 (GUIDE: X convenes, so X leads; X and Y are hosts, as in X会同Y负责).
    first-leads, first-leads-first-place: 排名第一的单位为牵头单位，其他为配合单位 (排在首位的…，其余为配合单位),
    in a bracket or a line before the measures: the first listed unit leads and the others support; a list
    with a role word of its own (责任单位：, 负责) keeps it as well; a units bracket with a deadline after the names.
    full-line-wrap: two names joined by the copy's wrap where a line ran full width (县财政局 / 县市场监管局),
    split as a line its writer ended would be; a wrap inside a name (县市场监 / 管局, 县人民政府 / 办公室) is not.
    NAME.deadlines.csv, where present, gives each task's deadline (YYYY-MM, ongoing or none).
    """
    import csv

    plan = read_plan(DATA / "grammar" / f"{name}.txt", registry)
    expected = list(csv.DictReader((DATA / "grammar" / f"{name}.csv").open(encoding="utf-8")))
    got = [{"task": str(t.number), "role": a.role, "unit": a.written, "stated": str(a.stated).lower()}
           for t in plan.tasks for a in t.assignments]
    assert sorted(got, key=lambda r: (int(r["task"]), r["role"], r["unit"])) == \
        sorted(expected, key=lambda r: (int(r["task"]), r["role"], r["unit"]))
    dated = DATA / "grammar" / f"{name}.deadlines.csv"  # task,deadline (YYYY-MM, ongoing or none), where given
    if dated.exists():
        deadlines = {str(t.number): "ongoing" if t.ongoing else (t.deadline or "none") for t in plan.tasks}
        assert deadlines == {r["task"]: r["deadline"] for r in csv.DictReader(dated.open(encoding="utf-8"))}


def test_two_level_plan_details(registry):
    plan = read_plan(DATA / "grammar" / "two-level.txt", registry)
    deadlines = {t.number: (t.deadline, t.ongoing) for t in plan.tasks}
    assert deadlines == {1: (None, False), 2: (None, False), 3: (None, False), 4: ("2024-06", False),
                         5: ("2024-09", False), 6: (None, True), 7: ("2024-12", False), 8: ("2024-12", False)}
    assert [t.label for t in plan.tasks] == ["1.", "2.", "（二）", "具体举措", "（三）", "（四）", "（五）", "（六）"]
    assert [t.work_item for t in plan.tasks][:4] == ["深化商事制度改革"] * 2 + ["优化项目审批服务"] * 2
    assert [t.section for t in plan.tasks] == [1, 1, 1, 1, 2, 2, 2, 2]
    codes = {f.code for f in plan.findings}
    assert {"heading-lead", "registry-other-place", "measure-without-units"} <= codes


def test_city_action_plan_details(registry):
    plan = read_plan(DATA / "grammar" / "city-action.txt", registry)
    assert (plan.place, plan.year, plan.doc_number) == ("某州市", 2023, "某政办发〔2023〕13号")
    assert [t.label for t in plan.tasks] == ["1.", "2.", "3..", "4", "5.", "（一）", "（二）", "（三）"]
    assert [(t.deadline, t.ongoing) for t in plan.tasks][5:] == [("2023-10", False), ("2023-10", False),
                                                                 (None, True)]


def test_key_lines_plan_details(registry):
    # A measure with no full stop, its keys on the lines after it: the work item stops at the key.
    plan = read_plan(DATA / "grammar" / "key-lines.txt", registry)
    assert [t.work_item for t in plan.tasks] == ["地区生产总值增长7%以上", "规上工业增加值增长12%以上",
                                                 "推进政务服务标准化"]
    assert [t.deadline for t in plan.tasks] == [None, None, "2023-06"]


def test_verb_lines_stay_out_of_titles(registry):
    # 6.推进全民健身 has no full stop; its units follow on the next line and are not part of its title.
    plan = read_plan(DATA / "grammar" / "verb-lines.txt", registry)
    assert [t.work_item for t in plan.tasks] == ["加强财政资金监管", "推进义务教育均衡发展", "完善社会救助体系",
                                                 "加强食品安全监管", "推进全民健身"]
    assert "牵头" not in plan.tasks[0].description


def test_traditional_titles_stop_at_their_units(tmp_path, registry):
    import opencc
    text = opencc.OpenCC("s2t").convert("某县2023年工作要点\n一、任务\n1.推进审批改革（县发改委牵头，县财政局按职责分工负责）\n")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    assert [t.work_item for t in read_plan(path, registry).tasks] == ["推進審批改革"]


def test_first_listed_lead_convention_holds_from_where_it_is_stated(tmp_path, registry):
    text = ("某某县2024年工作要点\n一、任务\n1.甲。（县发改委、县财政局负责）\n"
            "2.乙。（县科技局、县教委负责，列第一位者为牵头单位，下同）\n3.丙。（县民政局、县人社局负责）\n")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(path, registry)
    stated_leads = [[a.written for a in t.assignments if a.role == "lead" and a.stated] for t in plan.tasks]
    assert stated_leads == [[], ["县科技局"], ["县民政局"]]


def test_traditional_characters(tmp_path, registry, inline_plan):
    import opencc
    text = opencc.OpenCC("s2t").convert((DATA / "inline.txt").read_text(encoding="utf-8"))
    assert "牽頭" in text and "縣" in text
    path = tmp_path / "traditional.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(path, registry)
    assert plan.reader == "inline"
    assert [(t.number, t.deadline, t.ongoing, [(a.role, a.unit_id) for a in t.assignments]) for t in plan.tasks] \
        == [(t.number, t.deadline, t.ongoing, [(a.role, a.unit_id) for a in t.assignments]) for t in inline_plan.tasks]
    assert any(f.code == "traditional-characters" for f in plan.findings)


@pytest.mark.parametrize("source", ["inline.txt", "grammar/two-level.txt", "grammar/city-action.txt"])
def test_inline_graph_conforms(tmp_path, source):
    result = build([DATA / source], out=tmp_path)
    report = validate(result.graph)
    assert report.conforms, report.violations


# ------------------------------------------------------------------ Word plans

def _merge_text(cell_a, cell_b, text):
    merged = cell_a.merge(cell_b)
    merged.text = text
    return merged


def _docx_plan(tmp_path: Path, reorder: bool = False) -> Path:
    """A Word plan with a two-row header, merged period cells and a vertically merged work item."""
    import docx

    document = docx.Document()
    for line in ("奉节县人民政府办公室", "关于印发奉节县2025年营商环境攻坚行动方案的通知", "奉节县2025年营商环境攻坚行动方案",
                 "为进一步优化营商环境，实现2025年营商环境考核全市第一目标，制定本方案。", "一、着力提升要素环境",
                 "1.方便企业开办。扩大企业开办申请渠道。", "附件"):
        document.add_paragraph(line)
    if reorder:  # no description column; deadline before the units; support before host
        titles = ["序号", "具体任务", "1月-4月", "5月-8月", "9月-12月", "完成时限", "牵头单位", "配合单位", "责任单位"]
        table = document.add_table(rows=1, cols=len(titles))
        for cell, title in zip(table.rows[0].cells, titles):
            cell.text = title
        rows = [("1", "方便企业开办", "设立网点", "扩大渠道", "常态运行", "2025年12月", "县市场监管局", "县税务局", "县行政服务中心")]
        for values in rows:
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
    else:
        table = document.add_table(rows=2, cols=10)
        header = table.rows[0].cells
        for index, title in ((0, "序号"), (1, "具体任务"), (2, "任务内容"), (6, "牵头单位"), (7, "责任单位"),
                             (8, "配合单位"), (9, "完成时限")):
            header[index].text = title
        _merge_text(header[3], header[5], "每两月任务目标进度")
        for index, label in ((3, "1月-4月"), (4, "5月-8月"), (5, "9月-12月")):
            table.rows[1].cells[index].text = label
        for index in (0, 1, 2, 6, 7, 8, 9):
            _merge_text(table.rows[0].cells[index], table.rows[1].cells[index], header[index].text)
        section = table.add_row().cells
        _merge_text(section[0], section[9], "一、着力提升要素环境")
        data = [("1", "方便企业开办", "扩大企业开办申请渠道。", "设立网点", "扩大渠道", "常态运行",
                 "县市场监管局", "县市场监管局、县行政服务中心", "各乡镇（街道）", "2025年6月"),
                ("2", "", "推行企业注销一网通办。", "—", "上线运行", "", "县市场监管局", "县市场监管局",
                 "县税务局", "长期坚持")]
        for values in data:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                cell.text = value
        row2 = table.rows[4].cells
        _merge_text(row2[4], row2[5], "上线运行并常态化")  # one cell for 5月-8月 and 9月-12月
        first, second = table.rows[3].cells[1], table.rows[4].cells[1]
        first.merge(second).text = "方便企业开办"  # the work item spans both rows
    path = tmp_path / ("reordered.docx" if reorder else "plan.docx")
    document.save(path)
    return path


def test_docx_table_with_merged_cells(tmp_path, registry):
    plan = read_plan(_docx_plan(tmp_path), registry)
    assert plan.reader == "docx" and plan.year == 2025 and len(plan.sections) == 1
    assert [p.label for p in plan.periods] == ["1月-4月", "5月-8月", "9月-12月"]
    t1, t2 = plan.tasks
    assert (t1.work_item, t1.deadline, t1.section) == ("方便企业开办", "2025-06", 1)
    assert [m.periods for m in t1.milestones] == [(1,), (2,), (3,)]
    assert {m.method for m in t1.milestones} == {"one-cell-per-column"}
    assert _units(t1, "host") == ["market-supervision", "admin-service-center"]
    assert _units(t1, "support") == ["all-townships"]
    assert t2.work_item == "方便企业开办" and t2.ongoing
    assert [(m.periods, m.method, m.no_target) for m in t2.milestones] == [
        ((1,), "one-cell-per-column", True), ((2, 3), "exact-merge", False)]
    assert t2.milestones[1].text == "上线运行并常态化"


def test_docx_columns_found_by_title(tmp_path, registry):
    plan = read_plan(_docx_plan(tmp_path, reorder=True), registry)
    (task,) = plan.tasks
    assert _units(task, "lead") == ["market-supervision"]
    assert _units(task, "host") == ["admin-service-center"]
    assert _units(task, "support") == ["taxation"]
    assert task.deadline == "2025-12" and len(task.milestones) == 3 and task.description == ""
    assert task.work_item == "方便企业开办"


def _hierarchy_docx(tmp_path: Path, traditional: bool = False) -> Path:
    """A 重点任务 › 工作举措 › 具体任务 table with a 备注 column, no 配合 column and an unreadable deadline."""
    import docx

    document = docx.Document()
    document.add_paragraph("某某省2024年营商环境重点任务清单" if not traditional else "某某省2024年營商環境重點任務清單")
    titles = ["序号", "重点任务", "工作举措", "具体任务", "牵头单位", "责任单位", "完成时限", "备注"]
    if traditional:
        titles = ["序號", "重點任務", "工作舉措", "具體任務", "牽頭單位", "責任單位", "完成時限", "備註"]
    rows = [("1", "提升开办便利度", "压缩时间", "推行一日办结。", "省市场监管局", "各市州政府", "2024年6月底前", "已部署"),
            ("2", "", "", "推行电子执照。", "省市场监管局", "—", "视国家部署", ""),
            ("3", "", "扩大范围", "推行承诺制。", "—", "省司法厅", "长期坚持", "")]
    table = document.add_table(rows=1, cols=len(titles))
    for cell, title in zip(table.rows[0].cells, titles):
        cell.text = title
    for values in rows:
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value
    table.cell(1, 1).merge(table.cell(3, 1)).text = rows[0][1]  # 重点任务 over all three rows
    table.cell(1, 2).merge(table.cell(2, 2)).text = rows[0][2]  # 工作举措 over two
    path = tmp_path / ("trad.docx" if traditional else "hierarchy.docx")
    document.save(path)
    return path


@pytest.mark.parametrize("traditional", [False, True])
def test_docx_keeps_every_text_column(tmp_path, registry, traditional):
    plan = read_plan(_hierarchy_docx(tmp_path, traditional), registry)
    t1, t2, t3 = plan.tasks
    work = [("提升开办便利度", "压缩时间"), ("提升开办便利度", "压缩时间"), ("提升开办便利度", "扩大范围")]
    if traditional:
        assert plan.place == "某某省"
    else:
        assert [tuple(t.work_items) for t in plan.tasks] == work
        assert [t.description for t in plan.tasks] == ["推行一日办结。", "推行电子执照。", "推行承诺制。"]
        assert t1.cells == [("备注", "已部署")]
    assert (t1.deadline, t2.deadline, t2.ongoing, t3.ongoing) == ("2024-06", None, False, True)
    assert t2.deadline_text == "视国家部署"
    assert any(f.code == "deadline-unread" and f.task == 2 for f in plan.findings)
    assert [(a.role, a.stated) for a in t2.assignments] == [("lead", True), ("host", False)]
    assert [(a.role, a.stated) for a in t3.assignments] == [("host", True), ("lead", False)]


def test_docx_hierarchy_in_the_graph(tmp_path):
    from rdflib import RDF

    from kg.model.vocab import KG

    result = build([_hierarchy_docx(tmp_path)], out=None)
    g = result.graph
    items = {str(g.value(n, KG.title)): int(g.value(n, KG.level)) for n in g.subjects(RDF.type, KG.WorkItem)}
    assert items["提升开办便利度"] == 1 and items["压缩时间"] == 2 and items["扩大范围"] == 2
    assert validate(g).conforms


def test_word_file_without_a_table_is_read_as_text(tmp_path, registry):
    import docx

    document = docx.Document()
    for line in (DATA / "inline.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "inline.docx"
    document.save(path)
    plan = read_plan(path, registry)
    assert plan.reader == "docx" and [t.number for t in plan.tasks] == [1, 2, 3, 4, 5]


def test_docx_graph_conforms_and_builds(tmp_path):
    result = build([_docx_plan(tmp_path)], out=tmp_path / "graph")
    assert validate(result.graph).conforms
    assert "按 docx 读取" in result.summary()


# ------------------------------------------------------------------ what kg cannot read

@pytest.mark.parametrize("name, content, message", [
    ("plan.pdf", b"%PDF-1.4", "not a readable PDF: damaged"),
    ("notes.txt", "奉节县2024年工作要点\n一、总体要求\n1.加强领导。抓好落实。\n".encode(),
     "no task table, and no measure names its units"),
])
@pytest.mark.usefixtures("english")
def test_unreadable_plans_fail_clearly(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        build([path], out=tmp_path / "graph")
    assert not (tmp_path / "graph").exists()


@pytest.mark.usefixtures("english")
def test_word_file_without_task_table_or_units(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("奉节县2025年工作要点")
    path = tmp_path / "empty.docx"
    document.save(path)
    with pytest.raises(InputError, match="no task table, and no measure names its units"):
        build([path], out=None)


# ------------------------------------------------------------------ names, places and suggestions

@pytest.mark.parametrize("name, place, expected", [
    ("县发改委", "奉节县", "县发展改革委"), ("县人社局", "奉节县", "县人力社保局"), ("奉节县科技局", "奉节县", "县科技局"),
    ("县住建委等", "奉节县", "县住房城乡建委"), ("县市场监督管理局", "奉节县", "县市场监管局"),
])
def test_suggestions_within_the_plans_place(registry, name, place, expected):
    unit, why = registry.suggest(name, place)
    assert unit.name_zh == expected and why


@pytest.mark.parametrize("name, place", [
    ("市委组织部", "克拉玛依市"), ("区发改委", "渝北区"), ("市场监管总局", "国务院"), ("县大数据发展局", "奉节县"),
])
def test_no_suggestion_across_places(registry, name, place):
    assert registry.suggest(name, place) is None


def test_a_plan_of_another_place_keeps_its_own_names(registry):
    plan = read_plan(DATA / "realplans" / "docs" / "national-gov-2019-zbq.txt", registry)
    assert plan.place == "国务院" and plan.place_level == "national"
    units = {a.written: a.unit_id for t in plan.tasks for a in t.assignments}
    assert "市场监管总局" in units and not any(registry.units.get(u) for u in units.values())
    assert any(f.code == "registry-other-place" for f in plan.findings)
    assert not any(f.code == "unknown-unit" and f.severity == "warning" for f in plan.findings)


def test_units_suggest_writes_registry_rows(tmp_path, registry):
    rows = suggestions([DATA / "inline.txt"], registry)
    assert rows == [{"id": "development-reform", "name_zh": "县发展改革委",
                     "name_en": "County Development and Reform Commission", "kind": "government-department",
                     "aliases": "县发改委", "note": rows[0]["note"], "place": "奉节县"}]
    assert rows[0]["note"].startswith("建议作为别名：县发改委（发改委→发展改革委）")
    result = kg("units", "suggest", str(DATA / "inline.txt"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[0] == "id,name_zh,name_en,kind,aliases,note,place"
    assert out.splitlines()[1].startswith("development-reform,县发展改革委,")


def test_units_suggest_proposes_rows_for_another_place(registry):
    rows = suggestions([DATA / "realplans" / "docs" / "city-karamay-2023-fgf-gzyd.txt"], registry)
    assert {r["place"] for r in rows} == {"克拉玛依市"}
    assert len({r["id"] for r in rows}) == len(rows)  # one row per id
    by_name = {r["name_zh"]: r for r in rows}
    assert by_name["各区人民政府"]["kind"] == "collective" and by_name["市级各有关部门"]["kind"] == "placeholder"
    assert by_name["市发改委"]["note"].startswith("新单位（克拉玛依市）：类型按名称推断")
    assert by_name["市发改委"]["id"] == "kelamayi-shifagaiwei" and by_name["市发改委"]["name_en"] == ""
