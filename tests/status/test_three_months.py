"""Three months of the supervision cycle, run through the CLI as an office runs it.

May, June and July 2023: templates per unit, units reporting on different days,
a corrected file sent again the same day, a file that arrives late, the office's
verification, the chart, the 通报, the scorecard and the 催办 lists.
"""
from __future__ import annotations

import io

import openpyxl

from ..process import kg
from .forms import fill
from kg.status.columns import canonical


def _ok(*args: str) -> str:
    result = kg(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _template(graph, tmp_path, unit: str, day: str) -> bytes:
    out = tmp_path / f"template-{unit}-{day}.xlsx"
    _ok("status", "template", "--unit", unit, "--as-of", day, "-o", str(out), "-g", str(graph))
    return out.read_bytes()


def _report(graph, tmp_path, unit: str, day: str, colours: dict, name: str, **more) -> str:
    path = fill(_template(graph, tmp_path, unit, day), tmp_path / name, colours, **more)
    return _ok("status", "import", str(path), "-g", str(graph))


def _chart(folder, day: str) -> dict[str, str]:
    ws = openpyxl.load_workbook(folder / f"{int(day[:4])}年{int(day[5:7])}月五色图.xlsx")["五色图"]
    header = [canonical(c.value) for c in ws[1]]
    return {str(r[0]): r[header.index(f"本期 {day}")] for r in ws.iter_rows(min_row=2, values_only=True)}


def test_three_months_as_an_office_runs_them(graph_dir, tmp_path):
    g, out = graph_dir, tmp_path / "reports"
    # ---- May (4月-5月): two units report on different days; one corrects its file the same day.
    assert "report-2023-05-25.trig" in _report(g, tmp_path, "县法院", "2023-05-25", {55: "黄"}, "court-may.xlsx",
                                              cells={55: {"说明 note": "场地未落实"}})
    _report(g, tmp_path, "县市场监管局", "2023-05-28", {3: "绿", 4: "绿"}, "market-may.xlsx")
    assert "report-2023-05-28-2.trig" in _report(g, tmp_path, "县市场监管局", "2023-05-28", {3: "绿", 4: "黄"},
                                                "market-may-corrected.xlsx")  # the correction wins
    _ok("status", "report", "--as-of", "2023-05-31", "-o", str(out), "-g", str(g))
    may = _chart(out, "2023-05-31")
    assert (may["55"], may["3"], may["4"], may["1"]) == ("黄", "绿", "黄", "未报")

    # ---- June (6月-7月): reports, then the office verifies before the 通报.
    _report(g, tmp_path, "县法院", "2023-06-26", {55: "橙"}, "court-june.xlsx",
            cells={55: {"申请延期 extension": "2023-09-30", "说明 note": "场地调整"}})
    _report(g, tmp_path, "县市场监管局", "2023-06-28", {3: "蓝", 4: "绿"}, "market-june.xlsx")
    review = tmp_path / "review-june.xlsx"
    _ok("status", "review", "--as-of", "2023-06-30", "-o", str(review), "-g", str(g))
    wb = openpyxl.load_workbook(review)
    ws = wb.active
    header = [canonical(c.value) for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == 55:
            row[header.index("核定 verified")].value = "红"
            row[header.index("核定理由 reason")].value = "督查发现停滞"
            row[header.index("延期至 extended to")].value = "2023-09-30"
        if row[0].value == 3:
            row[header.index("核定 verified")].value = "蓝"  # accepted: done stays done from now on
    wb.save(review)
    assert "verify-2023-06-30.trig" in _ok("status", "verify", str(review), "-g", str(g))
    for command in ("report", "bulletin", "scorecard"):
        _ok("status", command, "--as-of", "2023-06-30", "-o", str(out), "-g", str(g))
    june = _chart(out, "2023-06-30")
    assert (june["55"], june["3"], june["4"]) == ("红", "蓝", "绿")
    bulletin = (out / "2023年6月通报.md").read_text(encoding="utf-8")
    assert "经核定调整颜色1项" in bulletin and "| 55 | 完善多元化纠纷解决机制 | 红 | 县法院 |" in bulletin
    assert "督查发现停滞" in bulletin and "| 55 | 完善多元化纠纷解决机制 | 已延期 | 2023-09-30 |" in bulletin
    assert "| 黄 | 0 | 0.0% | 2 | -2 |" in bulletin  # May ended with 55 and 4 yellow
    scores = (out / "2023年6月单位评分与排名.md").read_text(encoding="utf-8")
    court = next(line for line in scores.splitlines() if "| 县法院 |" in line).split(" | ")
    assert court[-2].strip(" |") == "1"  # red this month: a streak of one
    # The extension moved 55's deadline: no rule calls it past due in July.
    # ---- July: 催办 before month end, a late June file, July's reports.
    _ok("status", "remind", "--as-of", "2023-07-20", "--days", "14", "--unit", "县法院", "-o", str(out), "-g", str(g))
    chat = (out / "2023年7月20日催办清单.txt").read_text(encoding="utf-8")
    assert chat.startswith("【催办】县法院：7月进度尚未报送") and "【催办】县法院：8月3日前有1项任务到期" in chat
    assert "开展进民企活动" in chat
    _report(g, tmp_path, "县法院", "2023-07-25", {55: "绿"}, "court-july.xlsx")
    # 县市场监管局's June file for task 4 arrives late, after July's report: its date, not its arrival, places it.
    _report(g, tmp_path, "县市场监管局", "2023-07-24", {4: "绿"}, "market-july.xlsx")
    _report(g, tmp_path, "县市场监管局", "2023-06-29", {4: "橙"}, "market-june-late.xlsx")
    for command in ("report", "bulletin", "scorecard"):
        _ok("status", command, "--as-of", "2023-07-31", "-o", str(out), "-g", str(g))
    july = _chart(out, "2023-07-31")
    assert (july["55"], july["4"], july["3"]) == ("绿", "绿", "蓝")
    _ok("status", "report", "--as-of", "2023-06-30", "-o", str(out), "-g", str(g))
    assert _chart(out, "2023-06-30")["4"] == "橙"  # June's chart, re-made, now has the late file
    ws = openpyxl.load_workbook(io.BytesIO((out / "2023年7月五色图.xlsx").read_bytes()))["五色图"]
    header = [canonical(c.value) for c in ws[1]]
    row55 = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "55")
    assert row55[header.index("延期至 extended to")] == "2023-09-30" and row55[header.index("建议")] is None
    scores = (out / "2023年7月单位评分与排名.md").read_text(encoding="utf-8")
    court = next(line for line in scores.splitlines() if "| 县法院 |" in line).split(" | ")
    assert court[1].startswith("↑") and court[-2].strip(" |") == "0"  # up the ranking, the red streak over
    bulletin = (out / "2023年7月通报.md").read_text(encoding="utf-8")
    assert "红色（逾期未完成或停滞）0项，占0.0%，较上月减少1项" in bulletin
    assert len(list((g / "status").glob("*.trig"))) == 9  # every file kept, none overwritten


class _InOrder(list):
    """Tasks a unit hosts, met in the order given (a set's order changes with each process's string hashes)."""

    def __ror__(self, other):  # lead | host, with the tasks hosted in this order
        return [t for t in other if t not in self] + list(self)


def test_a_units_points_are_written_out_in_the_same_order_whatever_order_its_tasks_come_in():
    """橙 and 未报 cost the same: their order in the score's sum was the order a set happened to give the tasks,
    so two runs of kg status scorecard wrote 2023年6月单位评分与排名.xlsx differently."""
    from types import SimpleNamespace

    from kg.model.domain import load_scheme
    from kg.status.scorecard import _points

    scheme = load_scheme()
    states = {"a": SimpleNamespace(official="orange", suggestion=None), "b": SimpleNamespace(official="", suggestion=None)}
    first, second = (_points(states, set(), _InOrder(order), scheme)[1] for order in (["a", "b"], ["b", "a"]))
    assert first == second == "橙1×3（承办）+未报1×3（承办）"
