"""The rules every reader shares: deadlines, role words, unit lists, titles and places, numbering.

Each case is a phrase as real plans write it (the source of most is named).
"""
from __future__ import annotations

import pytest

from kg.readers.dates import (
    DEADLINE_KEYS,
    deadline_phrase,
    find_deadline,
    no_target,
    parse_deadline_cell,
    period_bounds,
)
from kg.readers.metadata import place_of, read_metadata
from kg.readers.outline import chinese_number, find_labels, make_flow
from kg.readers.roles import infer_roles, read_assignment, read_bare_list, role_of_title
from kg.readers.traditional import simplified_twin
from kg.readers.unitlist import guess_kind, split_units

# ------------------------------------------------------------------ deadlines

@pytest.mark.parametrize("text, month, ongoing", [
    ("2023年6月底前", "2023-06", False), ("2023 年11 月", "2023-11", False),  # sanya: PDF spaces
    ("2023 年12 月底前并长期坚持", "2023-12", False),  # karamay: the stated month wins
    ("9 月底", "2023-09", False), ("6月底前完成", "2023-06", False),  # anhui: no year, the plan's
    ("年底前", "2023-12", False), ("年末", "2023-12", False), ("上半年", "2023-06", False),
    ("一季度", "2023-03", False), ("第三季度", "2023-09", False), ("2024年6月30日前", "2024-06", False),
    ("2023年底", "2023-12", False), ("持续推进", None, True), ("长期坚持", None, True), ("常态化", None, True),
    ("(2023 年6 月", "2023-06", False),  # sanya task 11: a bracket left open
])
def test_deadline_phrases(text, month, ongoing):
    found = find_deadline(text, 2023)
    assert (found.month, found.ongoing) == (month, ongoing)


@pytest.mark.parametrize("text, month, ongoing", [
    ("2024年内", "2024-12", False), ("2024年内完成", "2024-12", False),  # 内 ends the year written before it
    ("年内", "2023-12", False), ("本年度内", "2023-12", False), ("2024年底前", "2024-12", False),
    ("2024年上半年", "2024-06", False), ("2024年第三季度", "2024-09", False), ("2024年度", "2024-12", False),
    ("完成时限：2025年", "2025-12", False), ("2024—2025年", "2025-12", False),  # a year alone: its end
    ("2024.6", "2024-06", False), ("2024/6/30前", "2024-06", False), ("2024-12", "2024-12", False),  # figures
    ("每季度", None, True), ("每季度末", None, True), ("每年6月底前", None, True), ("每月10日前", None, True),
    ("定期", None, True), ("2024年起长期坚持", None, True),  # recurring, or ongoing from a year: no date
    ("2024年6月底前完成，此后每季度更新", "2024-06", False),  # the stated month wins, as over 长期坚持
    ("县内", None, False),  # 内 alone ends nothing
    ("每季度开展一次", None, True), ("每月调度1次", None, True),
    ("2024年汛期前", None, False),  # a part of the year no month says: kept as text, not its December
    ("2024年6月起", None, True), ("自2024年起", None, True), ("2024年第一季度开始", None, True),  # starts, no end
    ("2024年6月起，12月底前完成", "2024-12", False),  # 12月 takes the year written before it, not the plan's
    ("2025年6月底前启动，12月底前完成", "2025-12", False),
    ("2024年9月底前出台", "2024-09", False), ("2024年12月底前取得阶段性成效", "2024-12", False),  # done by then
])
def test_deadline_family_of_a_year_and_recurring_ones(text, month, ongoing):
    found = find_deadline(text, 2023)
    assert (found.month, found.ongoing) == (month, ongoing)
    if text not in ("县内", "完成时限：2025年", "2024年6月底前完成，此后每季度更新", "2024年汛期前",
                    "2024年6月起，12月底前完成"):
        assert deadline_phrase(text, 2023) is not None  # each is a deadline phrase on its own


def test_a_year_alone_says_how_it_was_read():
    assert find_deadline("2025年", 2023).note.render("en") == "the year 2025 alone, read as its end"
    assert find_deadline("2024年内", 2023).note is None


def test_a_deadline_without_a_year_needs_the_plans_year():
    assert not find_deadline("6月底", None).stated
    assert find_deadline("6月底", 2020).note.render("en") == "year 2020 taken from the plan"


@pytest.mark.parametrize("key", DEADLINE_KEYS)
def test_every_deadline_key_reads_the_same_everywhere(key):
    """A deadline key is one list (dates.DEADLINE_KEYS): a phrase, a units bracket and a column title read
    every key alike. 完成期限, 截止时间, 时间安排, 完成年限 and 推进时限 were once keys to the bracket only."""
    from kg.readers.roles import is_deadline_title

    assert deadline_phrase(f"{key}：2024年6月底前", 2024).month == "2024-06"
    assert read_assignment(f"县发改委牵头；{key}：2024年6月底前", year=2024).deadline.month == "2024-06"
    assert is_deadline_title(key)


@pytest.mark.parametrize("text, is_deadline", [
    ("2023年6月底前完成", True), ("年底前完成", True), ("长期坚持", True), ("时限要求：9月底", True),
    ("县市场监管局", False), ("各区、县级市", False), ("6月底前设立便民网点", False),
])
def test_deadline_phrase_is_only_a_deadline(text, is_deadline):
    assert (deadline_phrase(text, 2023) is not None) == is_deadline


def test_table_deadline_cells_are_strict():
    """The text export ends a row at its deadline cell, so a milestone must never pass for one."""
    assert parse_deadline_cell("2023年6月").month == "2023-06"
    assert parse_deadline_cell("长期坚持").ongoing
    assert parse_deadline_cell("6月底前完成") is None and parse_deadline_cell("2023年13月") is None


def test_periods_and_no_target_marks():
    assert period_bounds("1月-3月", 2023) == ("2023-01", "2023-03")
    assert period_bounds("12月-2024年1月", 2023) == ("2023-12", "2024-01")
    assert period_bounds("具体任务", 2023) is None
    with pytest.raises(ValueError):
        period_bounds("1月-3月", None)
    assert no_target("—") and no_target(" ") and not no_target("—设立便民网点")


# ------------------------------------------------------------------ role words

def _roles(text, convention=False):
    return [(s.role, s.name.written) for s in read_assignment(text, year=2023, convention=convention).roles]


@pytest.mark.parametrize("text, expected", [
    ("省政府办公厅〔省大数据管理局〕牵头，各地各有关部门按职责分工负责",  # gansu
     [("lead", "省政府办公厅〔省大数据管理局〕"), ("host", "各地各有关部门")]),
    ("牵头单位:市市场监督管理局;配合单位:市各相关单位;完成时限:2023 年11 月",  # sanya, half-width
     [("lead", "市市场监督管理局"), ("support", "市各相关单位")]),
    ("牵头单位：市行政审批和政务服务局；责任单位：市直有关部门单位，各旗县市区、开发区",  # tongliao
     [("lead", "市行政审批和政务服务局"), ("host", "市直有关部门单位"), ("host", "各旗县市区、开发区")]),
    ("牵头单位：市发改委责任单位：各区人民政府，市自然资源局、市水务局等市级各有关部门完成时限：2023 年11 月底前",
     [("lead", "市发改委"), ("host", "各区人民政府"), ("host", "市自然资源局"), ("host", "市水务局"),
      ("host", "市级各有关部门")]),  # karamay: key lines joined by the PDF copy
    ("扶贫办、中央和国家机关工委、全国总工会等和各省级人民政府负责",  # national 2018
     [("host", "扶贫办"), ("host", "中央和国家机关工委"), ("host", "全国总工会"), ("host", "各省级人民政府")]),
    ("市政府辦公室、市行政審批制度改革工作領導小組辦公室牽頭,市級各有關部門及各縣市區政府按職責分工負責",
     [("lead", "市政府辦公室"), ("lead", "市行政審批制度改革工作領導小組辦公室"), ("host", "市級各有關部門"),
      ("host", "各縣市區政府")]),  # xianyang, traditional: read on the twin, names as written
    ("县发改委、县财政局、县住建委，各乡镇按职责分工负责",  # X、Y、Z，W按职责分工负责
     [("host", "县发改委"), ("host", "县财政局"), ("host", "县住建委"), ("host", "各乡镇")]),
    ("县发改委牵头，县财政局，县税务局配合",  # a list with no verb takes the next verb's role
     [("lead", "县发改委"), ("support", "县财政局"), ("support", "县税务局")]),
    ("市发改委会同市财政局负责", [("lead", "市发改委"), ("host", "市发改委"), ("host", "市财政局")]),
    ("市发展改革委、国网供电公司分别牵头", [("lead", "市发展改革委"), ("lead", "国网供电公司")]),
    ("区发改委、区财政局牵头负责", [("lead", "区发改委"), ("lead", "区财政局")]),
    ("牵头单位：市发改委、市财政局按职责分工负责", [("lead", "市发改委"), ("lead", "市财政局")]),
    ("责任单位：区政务办、经委", [("host", "区政务办"), ("host", "经委")]),  # qingpu: abbreviations kept
    ("责任处室：城建处、房产处，时限要求：持续推进", [("host", "城建处"), ("host", "房产处")]),  # anhui
    ("由县科技局负责", [("host", "县科技局")]),
    # a key with whitespace for its colon: a space, a full-width space, a PDF copy's tab
    ("牵头单位 县政务服务中心；责任单位 县发展改革委、县财政局",
     [("lead", "县政务服务中心"), ("host", "县发展改革委"), ("host", "县财政局")]),
    ("责任单位\u3000县政务服务中心、县公安局", [("host", "县政务服务中心"), ("host", "县公安局")]),
    ("牵头单位\t县市场监管局；配合单位\t县税务局", [("lead", "县市场监管局"), ("support", "县税务局")]),
    ("牵头单位 县政务服务中心 配合单位 县发展改革委 县财政局",  # keys and names all spaced
     [("lead", "县政务服务中心"), ("support", "县发展改革委"), ("support", "县财政局")]),
    # / between names
    ("县发展改革委/县财政局负责", [("host", "县发展改革委"), ("host", "县财政局")]),
    ("县司法局牵头，县公安局／县应急局配合", [("lead", "县司法局"), ("support", "县公安局"), ("support", "县应急局")]),
    # names separated by spaces, whatever their places
    ("责任单位：县公安局 市场监管局 县税务局", [("host", "县公安局"), ("host", "市场监管局"), ("host", "县税务局")]),
    ("县人民政府 办公室牵头，县工业园区 管委会配合",  # a space inside a name is no separator
     [("lead", "县人民政府办公室"), ("support", "县工业园区管委会")]),
    ("省住房城乡建设厅牵头，省发展改革委参与，各市（州）、县（市、区）人民政府落实",  # 落实: they carry it out
     [("lead", "省住房城乡建设厅"), ("support", "省发展改革委"), ("host", "各市（州）、县（市、区）人民政府")]),
    ("市发改委牵头，各区县政府组织落实", [("lead", "市发改委"), ("host", "各区县政府")]),
    ("市数据局牵头，各区县实施", [("lead", "市数据局"), ("host", "各区县")]),
    ("各区县政府负主体责任，市应急局牵头", [("host", "各区县政府"), ("lead", "市应急局")]),
    ("此项工作由市发改委牵头，市财政局配合", [("lead", "市发改委"), ("support", "市财政局")]),  # the frame is no name
    ("市委督查室、市政府督查室负责督导", [("host", "市委督查室"), ("host", "市政府督查室")]),
    # a role word alone as a key
    ("牵头：市发改委；配合：市财政局", [("lead", "市发改委"), ("support", "市财政局")]),
    ("主办：市商务局；协办：市财政局、市税务局", [("host", "市商务局"), ("support", "市财政局"), ("support", "市税务局")]),
])
def test_assignment_phrases(text, expected):
    assert _roles(text) == expected


def test_first_listed_leads_only_when_stated():
    text = "税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同"
    reading = read_assignment(text)
    assert reading.convention
    assert [(s.role, s.name.written, s.basis) for s in reading.roles][:2] == [
        ("lead", "税务总局", "convention"), ("host", "税务总局", "verb")]
    assert _roles("海关总署、商务部负责") == [("host", "海关总署"), ("host", "商务部")]
    assert _roles("海关总署、商务部负责", convention=True)[0] == ("lead", "海关总署")
    assert _roles("商务部牵头，海关总署负责", convention=True) == [("lead", "商务部"), ("host", "海关总署")]


def test_deadline_and_unread_phrases_in_a_bracket():
    reading = read_assignment("县民政局负责，长期坚持")
    assert reading.deadline.ongoing and reading.unread == []
    reading = read_assignment("责任部门：城建处，时限要求：9 月底", year=2023)
    assert reading.deadline.month == "2023-09" and reading.deadline_text == "9月底"
    assert read_assignment("县科技局负责，具体办法另行制定").unread == ["具体办法另行制定"]
    reading = read_assignment("市委组织部负责；市人社局协助，2024年9月底前出台培训方案", year=2024)
    assert reading.deadline.month == "2024-09" and reading.deadline_text == "2024年9月底前出台培训方案"
    assert reading.unread == []  # the deadline said before what is due then, kept with it


def test_units_every_later_measure_includes_said_with_a_common_verb(tmp_path, registry):
    from kg.readers import read_plan
    plan = tmp_path / "standing.txt"
    plan.write_text("某某市2024年工作方案\n\n一、重点任务（以下各项任务均需各区县人民政府落实，不再列出）\n"
                    "1.推进项目。（市发改委牵头，市财政局配合）\n2.优化服务。（市政务服务中心负责）\n"
                    "3.加强督导。各地要认真组织落实，2024年底前落实到位。（市督查室负责）\n", encoding="utf-8")
    read = read_plan(plan, registry)
    assert [[(a.role, a.written) for a in t.assignments if a.stated] for t in read.tasks] == [
        [("lead", "市发改委"), ("support", "市财政局"), ("host", "各区县人民政府")],
        [("host", "市政务服务中心"), ("host", "各区县人民政府")],
        [("host", "市督查室"), ("host", "各区县人民政府")]]


def test_indicator_lead_alone_is_a_heading():
    assert read_assignment("指标牵头单位：市审批服务管理局").heading_only
    assert not read_assignment("牵头单位：市审批服务管理局").heading_only


def test_bare_unit_list():
    assert [s.name.written for s in read_bare_list("市司法局、市公安局").roles] == ["市司法局", "市公安局"]
    for text in ("试行", "2023年版", "以下简称市发改委", "含县级市"):
        assert read_bare_list(text) is None


def test_inferred_roles_are_marked():
    from kg.readers.roles import Stated
    from kg.readers.unitlist import Name
    roles, notes = infer_roles([Stated("lead", Name("县发改委"), "verb")])
    assert [(s.role, s.stated, s.basis) for s in roles] == [("lead", True, "verb"),
                                                             ("host", False, "inferred-from-lead")]
    assert notes == ["host"]


def test_column_titles():
    """A title is folded one way wherever it is read (fold.title_key): traditional and spaced titles too."""
    assert [role_of_title(t) for t in ("指标牵头单位", "牵头部门", "承办单位", "责任单位", "配合单位", "協辦單位", "牵头 单位")] \
        == ["lead", "lead", "host", "host", "support", "support", "lead"]
    assert role_of_title("牵头领导") is None and role_of_title("负责人") is None  # people, not a short key
    from kg.readers.roles import is_deadline_title
    assert all(map(is_deadline_title, ("完成时限", "计划完成时间", "截止时间", "时间安排", "完成年限", "时间")))
    assert not any(map(is_deadline_title, ("活动时间", "工作任务", "牵头单位")))
    assert is_deadline_title("完成時限") and is_deadline_title("完成\n时限")


# ------------------------------------------------------------------ unit lists

@pytest.mark.parametrize("text, names", [
    ("县科技局及各行业主管部门", ["县科技局", "各行业主管部门"]),
    ("市级有关部门和各区县政府", ["市级有关部门", "各区县政府"]),
    ("区级有关部门和乡镇街道", ["区级有关部门", "乡镇街道"]),
    ("文化和旅游部、工业和信息化部、人力资源和社会保障局", ["文化和旅游部", "工业和信息化部", "人力资源和社会保障局"]),
    ("市“双随机、一公开”监管联席会议有关成员单位", ["市“双随机、一公开”监管联席会议有关成员单位"]),
    ("各县（市、区）人民政府", ["各县（市、区）人民政府"]),
    ("各区、县级市", ["各区、县级市"]), ("各有关区、县级市", ["各有关区、县级市"]),
    ("各市〔州〕、县〔市、区、特区〕人民政府", ["各市〔州〕、县〔市、区、特区〕人民政府"]),
    ("各开发区管委会、区县（市）政府", ["各开发区管委会、区县（市）政府"]),
    ("各审批职能部门、公共服务单位", ["各审批职能部门、公共服务单位"]),
    ("各县市人民政府、湘西经开区管委会", ["各县市人民政府", "湘西经开区管委会"]),
    ("各市州政府、兰州新区管委会", ["各市州政府", "兰州新区管委会"]),
    ("各区人民政府，市级各有关部门", ["各区人民政府", "市级各有关部门"]),
    ("各区、市级有关部门", ["各区", "市级有关部门"]),
    ("各地各有关部门", ["各地各有关部门"]),
    ("X局等市政府有关部门", ["X局", "市政府有关部门"]),
    ("省发展改革委、省财政厅等相关部门及各地", ["省发展改革委", "省财政厅", "相关部门", "各地"]),
    ("市教委等市委人才工作领导小组有关成员单位", ["市教委", "市委人才工作领导小组有关成员单位"]),
    ("X局等有关部门和单位", ["X局", "有关部门和单位"]),
    ("12345 热线各成员单位", ["12345热线各成员单位"]),
    ("各高等院校", ["各高等院校"]),
    ("省商务厅〔省政府口岸办〕、省市场监管局（省知识产权局）", ["省商务厅〔省政府口岸办〕", "省市场监管局（省知识产权局）"]),
    ("—", []), ("无", []), ("/", []),
    ("县发展改革委/县财政局", ["县发展改革委", "县财政局"]), ("县公安局／县应急局", ["县公安局", "县应急局"]),
    ("各乡镇/街道", ["各乡镇/街道"]),  # a collective, as 各乡镇、街道 is
    ("县公安局 市场监管局 县税务局", ["县公安局", "市场监管局", "县税务局"]),
    ("县公安局 市场监 管局 县税务局", ["县公安局", "市场监管局", "县税务局"]),  # a PDF's space mid-name
])
def test_unit_lists_split_like_a_person_reads_them(text, names):
    assert [n.written for n in split_units(text)] == names


def test_trailing_etc_is_and_others():
    (name,) = split_units("县行政服务中心等")
    assert (name.written, name.etc) == ("县行政服务中心", True)


def test_names_are_cut_from_the_text_as_written():
    text = "州委編辦及州直相關單位"
    assert [n.written for n in split_units(text, simplified_twin(text))] == ["州委編辦", "州直相關單位"]


@pytest.mark.parametrize("name, kind", [
    ("各乡镇（街道）", "collective"), ("各旗县市区、开发区", "collective"), ("市直有关部门单位", "placeholder"),
    ("有关部门", "placeholder"), ("12345热线各成员单位", "placeholder"), ("市发改委", "unknown"),
])
def test_kinds_read_from_names(name, kind):
    assert guess_kind(name) == kind


# ------------------------------------------------------------------ titles, places, years

def _meta(text, name="plan.txt"):
    from pathlib import Path
    lines = text.split("\n")
    return read_metadata(lines, Path(name), [simplified_twin(line) for line in lines])


@pytest.mark.parametrize("head, title, place, year", [
    ("国务院关于促进综合保税区\n高水平开放高质量发展的若干意见\n国发〔2019〕3号\n", "国务院关于促进综合保税区高水平开放高质量发展的若干意见",
     "国务院", 2019),
    ("克拉玛依市人民政府办公室关于印发克拉玛依市2023 年\n“放\n管服”改革工作要点的通知（2023 年5 月10 日）\n",
     "克拉玛依市2023年“放管服”改革工作要点", "克拉玛依市", 2023),
    ("上海市青浦区人民政府办公室关于印发《青浦区2023 年\n优化营商环境工作要点》的通知（2023 年2 月16 日）\n",
     "青浦区2023年优化营商环境工作要点", "青浦区", 2023),
    ("安徽省住房城乡建设厅关于印发《省住房城乡建设厅落实\n2023 年度全省政务公开重点工作分工方案》的通知\n",
     "省住房城乡建设厅落实2023年度全省政务公开重点工作分工方案", "安徽省", 2023),
    ("鹹陽市2022年深化“放管服”改革最佳化營商環境工作要點\n全文\n", "鹹陽市2022年深化“放管服”改革最佳化營商環境工作要點",
     "咸阳市", 2022),
    ("内蒙古自治区阿拉善盟2024年优化营商环境行动计划\n", "内蒙古自治区阿拉善盟2024年优化营商环境行动计划", "阿拉善盟", 2024),
    ("XX旗人民政府关于进一步优化营商环境的若干措施\n", "XX旗人民政府关于进一步优化营商环境的若干措施", None, None),
])
def test_titles_places_and_years(head, title, place, year):
    meta = _meta(head + "一、总体要求\n")
    assert (meta.title, meta.place, meta.year) == (title, place, year)


def test_no_title_at_all_is_no_failure():
    meta = _meta("（牵头单位：县发改委）\n", "2021-plan.txt")
    assert meta.title is None and meta.place is None and (meta.year, meta.year_from) == (2021, "file-name")


def test_places_widest_first():
    assert place_of("重庆市黔江区人民政府办公室") == ("重庆市", "黔江区")
    assert place_of("中共通辽市委办公室通辽市人民政府办公室") == ("通辽市",)
    assert place_of("关于印发") == ()


# ------------------------------------------------------------------ numbering

def _labels(text):
    lines = text.split("\n")
    return [(l.printed, l.level) for l in find_labels(make_flow(lines, lines))]


def test_the_flow_reads_spaces_across_a_pdf_copys_line_breaks():
    lines = ["1.推进联合执法。（责任单位：县公安局 市场监", "管局 县税务局）", "2.优化审批。（牵头单位 县政务服务中心",
             "配合单位\t县发展改革委 县财政局", "县市场监管局）", "3.规范执法。（县人民政府", "办公室牵头）"]
    text = make_flow(lines, lines).text
    assert "县公安局、市场监管局、县税务局" in text  # names broken by the line, separated by spaces
    assert "牵头单位：县政务服务中心配合单位：县发展改革委、县财政局、县市场监管局" in text  # a list spaced elsewhere
    assert "县人民政府办公室牵头" in text  # a line break alone separates nothing


def test_names_one_a_line_are_a_list_but_a_wrap_is_not():
    lines = ["1.开展燃气安全整治。全面排查燃气管道老化、违规使用液化气等问题，建立隐患台账。",
             "责任单位：县住房城乡建设局", "县市场监管局", "各乡镇人民政府",
             "2.开展校园安全整治。加强校园周边治安巡查和交通秩序整治工作，（责任单位：县公安局",
             "交警大队）", "3.开展森林防火整治。加强野外火源管理。（牵头单位：相关行", "业主管部门）"]
    text = make_flow(lines, lines).text
    assert "县住房城乡建设局、县市场监管局、各乡镇人民政府2." in text  # short lines its writer ended
    assert "县公安局交警大队" in text  # a line that ran to the full width: the copy's wrap
    assert "相关行业主管部门" in text  # a short line, but the next one does not open with its place
    label = ["各区县人民政府", "1.3 建设城市运行管理中心。"]  # a label after a name, and a space in the label
    assert make_flow(label, label).text == "各区县人民政府1.3建设城市运行管理中心。"


def test_spaces_are_read_in_one_pass_over_a_long_copy():
    """A PDF copy with a space between every character and no punctuation for thousands of lines: each run
    of names is read once (it was read again for every space, minutes for such a file)."""
    import time
    lines = ["县 发 展 改 革 委 县 财 政 局 县 税 务 局"] * 2000
    began = time.process_time()
    text = make_flow(lines, lines).text
    assert text.startswith("县发展改革委、县财政局、县税务局、县发展改革委") and time.process_time() - began < 10


def test_labels_continue_their_sequence():
    text = "一、总体要求\n（一）目标。\n1.拓展市场。增长2.5亿元。\n2.\n提前适用。（海关总署负责）\n二、保障\n3.强化领导。"
    assert _labels(text) == [("一、", 0), ("（一）", 1), ("1.", 2), ("2.", 2), ("二、", 0), ("3.", 2)]


def test_labels_restart_under_a_new_heading_and_survive_pdf_breaks():
    text = "一、甲\n（一）\n全面发布。\n（二）深化公开。\n二、乙\n（一）强化。\n1. 做好。\n2. 2022 年3 月前调整。\n71. 孤立的数字。"
    assert [p for p, _ in _labels(text)] == ["一、", "（一）", "（二）", "二、", "（一）", "1.", "2."]


def test_chinese_numerals():
    assert [chinese_number(t) for t in ("三十二", "一百零八", "十")] == [32, 108, 10]
