"""A task's and a unit's status history in words (#26): who sent a record by the unit's name (not its IRI, nor
``unit``), the office's decision in words (not ``adopt``)."""
from __future__ import annotations

import datetime as dt

from ..conftest import copy_graph
from ..process import kg

PLAN = "fengjie-2023-business-environment"


def test_the_history_names_the_sender_and_the_decision_in_words(built, tmp_path):
    from kg.app import Guard, create_app
    from kg.app.workbench import Workbench
    from kg.i18n import use

    graph = copy_graph(built, tmp_path / "graph")
    report = tmp_path / "court.csv"
    report.write_text("序号,颜色,进度%,填报单位,填报日期,说明\n55,黄,40,县法院,2023-06-20,场地未落实\n", encoding="utf-8")
    assert kg("status", "import", str(report), "-g", str(graph)).returncode == 0
    review = tmp_path / "review.csv"
    review.write_text("序号,核定 verified,核定理由 reason,核定日期 verified on\n55,维持,单位说明属实,2023-06-28\n",
                      encoding="utf-8")
    assert kg("status", "verify", str(review), "-g", str(graph)).returncode == 0
    with use("zh"):
        client = create_app(Workbench(graph, "auto", dt.date(2023, 6, 30)), Guard()).test_client()
    for url in (f"/task/{PLAN}/55", "/unit/court"):
        page = client.get(url).get_data(as_text=True)
        assert "<td>县法院</td>" in page and "<td>督办办公室</td>" in page, url
        assert "w3id.org/kg/id/unit/court</td>" not in page and "<td>unit" not in page, url
    task = client.get(f"/task/{PLAN}/55").get_data(as_text=True)
    assert "维持单位所报颜色" in task and " keep<" not in task
    client.set_cookie("kg_lang", "en")
    task = client.get(f"/task/{PLAN}/55").get_data(as_text=True)
    assert "<td>县法院</td>" in task and "<td>supervision office</td>" in task and "unit&#39;s colour kept" in task
