"""A date in figures is read by one rule (kg.model.dates) in the plan and in a unit's report (issue 30).

Units fill 填报日期 and 填报月份 on the Chinese keyboard that wrote the plan's ``2023．10``: a full-width
point, dash or slash. The plan's reader took them and the report import refused them."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.model.dates import parse_date, parse_month
from kg.readers.dates import find_deadline
from kg.status.state import load_records
from kg.status.workflow import ImportRejected, import_report

from .forms import csv_report

HEADER = "序号,颜色 colour,填报单位 reporter,填报日期 reported,填报月份 month,申请延期 extension,说明 note"
#: Each separator a date in figures is written with, half-width and full-width.
DAYS = ["2023-07-03", "2023/7/3", "2023.07.03", "2023－07－03", "2023／7／3", "2023．07．03", "2023年7月3日"]
MONTHS = ["2023-06", "2023/6", "2023.06", "2023－06", "2023／6", "2023．06", "2023年6月"]


@pytest.mark.parametrize("day, month", zip(DAYS, MONTHS))
def test_a_report_dated_in_figures_is_read_whatever_the_separator(net, graph_dir, tmp_path, day, month):
    extension = day.replace("2023", "2024")
    path = csv_report(tmp_path / "a.csv", f"55,黄,县法院,{day},{month},{extension},平台建设滞后\n", HEADER)
    import_report(path, net, graph_dir)
    (record,) = load_records(graph_dir)
    assert (record["as_of"], record["month"], record["extension"]) == ("2023-07-03", "2023-06", "2024-07-03")


@pytest.mark.parametrize("text", ["2023．13", "2023／6／31", "2023-6-3-1", "23.6.3"])
def test_what_is_no_date_in_figures_is_refused(net, graph_dir, tmp_path, text):
    path = csv_report(tmp_path / "a.csv", f"55,黄,县法院,{text},,,\n", HEADER)
    with pytest.raises(ImportRejected, match="不是日期"):
        import_report(path, net, graph_dir)


@pytest.mark.parametrize("text", MONTHS[:-1])
def test_the_plans_reader_and_the_import_read_the_same_month(text):
    assert find_deadline(text, 2023).month == parse_month(text) == "2023-06"
    day = text + text[4] + "30"  # the same separator again, and a day
    assert find_deadline(day, 2023).month == parse_date(day).strftime("%Y-%m") == "2023-06"
    assert parse_date(day) == dt.date(2023, 6, 30)
