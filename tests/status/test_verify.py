"""The office's verification (核定): review sheet out, verdicts in, checked row by row."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from kg.status.columns import canonical
from kg.status.report import build_report
from kg.status.review import REVIEW_HEADER, import_verdicts, review_xlsx
from kg.status.state import load_records
from kg.status.workflow import ImportRejected, import_report, template_xlsx

from .forms import csv_report, fill, fill_review

JULY = dt.date(2023, 7, 5)
CHECKED = dt.date(2023, 7, 6)


@pytest.fixture()
def reported(net, graph_dir, tmp_path):
    """July's report: 1 green and 3 red (both past their 2023年6月 deadline), 2 yellow, 5 blue with evidence,
    55 orange asking to move its deadline to 2023-09-30."""
    july = fill(template_xlsx(net, JULY), tmp_path / "july.xlsx", {1: "绿", 2: "黄", 3: "红", 5: "蓝", 55: "橙"},
                cells={55: {"说明 note": "场地未落实", "申请延期 extension": "2023-09-30"}})
    import_report(july, net, graph_dir)
    return graph_dir


def _review(net, store, graph_dir, tmp_path, verdicts, name="review.xlsx"):
    sheet = review_xlsx(net, store, graph_dir, CHECKED)
    return fill_review(sheet, tmp_path / name, verdicts)


def test_the_review_sheet_shows_each_report_and_suggestion(net, store, reported):
    ws = openpyxl.load_workbook(io.BytesIO(review_xlsx(net, store, reported, CHECKED))).active
    assert [canonical(c.value) for c in ws[1]] == REVIEW_HEADER and ws["A1"].value == "序号"
    rows = {r[0]: dict(zip(REVIEW_HEADER, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 81
    assert rows[1]["单位填报 reported"] == "绿" and rows[1]["规则建议 suggested"] == "红"  # past 2023年6月
    assert "2023-06" in rows[1]["建议理由 rule"]
    assert rows[3]["单位填报 reported"] == "红" and rows[3]["规则建议 suggested"] is None  # the rule agrees
    assert rows[5]["佐证 evidence"] == "验收报告-5.pdf"
    assert rows[55]["申请延期 extension"] == "2023-09-30" and rows[55]["说明 note"] == "场地未落实"
    assert {r["核定 verified"] for r in rows.values()} == {None}


def test_bad_verdicts_are_all_listed_and_nothing_is_recorded(net, store, reported, tmp_path):
    sheet = _review(net, store, reported, tmp_path, {
        2: {"核定 verified": "橙"},  # differs from the unit's 黄 without a reason
        4: {"核定 verified": "采纳"},  # nothing reported, no rule suggests a colour
        7: {"核定 verified": "蓝", "核定理由 reason": "已验收"},  # done without evidence
        1: {"核定 verified": "维持"},  # keeps green over the rule's red without a reason
        55: {"延期至 extended to": "2023-05-31", "核定理由 reason": "x"},  # not after its deadline
        9: {"核定 verified": "紫"},
    })
    with pytest.raises(ImportRejected) as err:
        import_verdicts(sheet, net, store, reported)
    problems = "\n".join(err.value.problems)
    assert len(err.value.problems) == 6, problems
    for said in ("与单位所报的黄不同", "但规则未对该任务建议颜色", "须填写佐证", "不采纳规则建议的红而填写维持，须填写核定理由",
                 "不晚于原完成时限2023-06", "核定“紫”既不是颜色"):
        assert said in problems
    assert not list((reported / "status").glob("verify-*"))


def test_verdicts_set_adopt_keep_and_extend(net, store, reported, tmp_path):
    sheet = _review(net, store, reported, tmp_path, {
        1: {"核定 verified": "维持", "核定理由 reason": "6月已办结，待验收"},
        2: {"核定 verified": "橙", "核定理由 reason": "核查发现未启动"},
        6: {"核定 verified": "采纳"},
        55: {"延期至 extended to": "2023-09-30", "核定理由 reason": "场地调整，同意延期"},
    })
    out = import_verdicts(sheet, net, store, reported)
    assert out.name == "verify-2023-07-06.trig"
    office = {int(r["task"]): r for r in load_records(reported) if r["by"] == "office"}
    assert {n: r["decision"] for n, r in office.items()} == {1: "keep", 2: "set", 6: "adopt", 55: ""}
    assert office[6]["colour"] == "red" and "2023-05" in office[6]["reason"]  # the adopted rule is the reason
    assert office[55]["extended"] == "2023-09-30" and office[55]["colour"] == ""

    report = build_report(net, store, reported, CHECKED)
    rows = {r["task"]: r for r in report.rows}
    assert (rows[1]["official"], rows[1]["suggested"]) == ("green", "red")  # kept; the rule still shows apart
    assert (rows[2]["reported"], rows[2]["verified"], rows[2]["official"]) == ("yellow", "orange", "orange")
    assert rows[2]["reason"] == "核查发现未启动"
    assert (rows[6]["reported"], rows[6]["official"]) == ("not-reported", "red")
    assert rows[55]["extended"] == "2023-09-30" and rows[55]["deadline"] == "2023-09" and rows[55]["suggested"] == ""
    assert report.verified == 2  # task 2 changed, task 6 set where nothing was reported
    assert report.totals["red"] == 2 and report.totals["orange"] == 2  # 3 (unit) + 6 (office); 2 and 55
    assert sum(report.totals.values()) == 81
    assert report.suggested["red"] == sum(1 for r in report.rows if r["official"] == "not-reported"
                                          and r["suggested"] == "red")


def test_a_unit_report_after_the_verdict_replaces_it(net, store, reported, tmp_path):
    import_verdicts(_review(net, store, reported, tmp_path, {2: {"核定 verified": "橙", "核定理由 reason": "未启动"}}),
                    net, store, reported)
    import_report(csv_report(tmp_path / "later.csv", "2,green,2023-07-20,\n"), net, reported)
    rows = {r["task"]: r for r in build_report(net, store, reported, dt.date(2023, 7, 21)).rows}
    assert (rows[2]["official"], rows[2]["verified"]) == ("green", "")  # the new report awaits verification
    earlier = {r["task"]: r for r in build_report(net, store, reported, dt.date(2023, 7, 10)).rows}
    assert earlier[2]["official"] == "orange"  # what the office said stands for the days between


def test_blue_needs_evidence_from_the_unit(net, graph_dir, tmp_path):
    with pytest.raises(ImportRejected, match="蓝（已完成）须填写佐证"):
        import_report(csv_report(tmp_path / "a.csv", "5,蓝,2023-07-03,\n"), net, graph_dir)
    import_report(csv_report(tmp_path / "b.csv", "5,蓝,2023-07-03,https://oa.example/acceptance/5\n"), net, graph_dir)
    assert load_records(graph_dir)[0]["evidence"] == "https://oa.example/acceptance/5"


@pytest.mark.usefixtures("english")
def test_a_verdict_refused_in_english_names_the_columns_as_an_english_sheet_titles_them(net, store, reported,
                                                                                       tmp_path):
    sheet = _review(net, store, reported, tmp_path, {2: {"核定 verified": "橙"}, 4: {"核定 verified": "adopt"},
                                                    55: {"延期至 extended to": "2023-05-31", "核定理由 reason": "x"}})
    with pytest.raises(ImportRejected) as err:
        import_verdicts(sheet, net, store, reported)
    assert sorted(err.value.problems) == sorted([
        "row 3: verified orange differs from the unit's yellow: give reason",
        "row 5: adopt adopts a rule's suggestion, and no rule suggests a colour for this task",
        "row 56: extended to 2023-05-31 is not after the deadline 2023-06"])


def test_an_extension_request_alone_is_a_record(net, store, graph_dir, tmp_path):
    import_report(csv_report(tmp_path / "a.csv", "55,,2023-07-03,2023-10-31\n",
                             header="序号,颜色 colour,填报日期 reported,申请延期 extension"), net, graph_dir)
    rows = {r["task"]: r for r in build_report(net, store, graph_dir, dt.date(2023, 7, 5)).rows}
    assert rows[55]["requested"] == "2023-10-31" and rows[55]["reported"] == "not-reported"
    with pytest.raises(ImportRejected, match="申请延期“soon”不是日期"):
        import_report(csv_report(tmp_path / "b.csv", "55,,2023-07-03,soon\n",
                                 header="序号,颜色 colour,填报日期 reported,申请延期 extension"), net, graph_dir)
