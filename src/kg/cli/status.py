"""``kg status``: the monthly five-colour reports (五色图)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..files import write_atomic
from ..i18n import _
from .common import (OutputFile, actor_option, as_of_option, audited, graph_dir, graph_option, open_network, recorded,
                     store_option, wrote)
from .speech import Group

__all__ = ["status"]

month_option = click.option("--month", metavar="YYYY-MM", callback=lambda ctx, param, value: _month(value),
                            help="The month the figures are for [default: the month of --as-of]; a month's "
                                 "reports often arrive early the next month.")


def _month(value: str | None) -> str | None:
    from ..model.dates import parse_month

    if value is None:
        return None
    month = parse_month(value)
    if month is None:
        raise click.BadParameter(_("%(value)s is not a month (write YYYY-MM)") % {"value": repr(value)})
    return month


@click.group(cls=Group)
def status() -> None:
    """The monthly supervision cycle (五色图): templates, imports, verification, report, 通报, scorecard, 催办."""


@status.command("template")
@as_of_option(True, "The report date (YYYY-MM-DD).")
@click.option("--unit", metavar="NAME", help="Only the tasks this unit leads or hosts (any of its names).")
@click.option("--output", "-o", type=OutputFile(["xlsx"]), required=True, metavar="FILE",
              help="The XLSX to write.")
@graph_option
@store_option
def template(as_of, unit, output, graph, store_kind) -> None:
    """Write an XLSX to collect one report: each task with its milestone due now, colour drop-downs."""
    from ..status.workflow import template_xlsx

    net = open_network(graph, store_kind)
    node = net.unit_named(unit) if unit else None
    write_atomic([(output, template_xlsx(net, as_of.date(), node))])
    wrote(output)


@status.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@as_of_option(False, "The report date [default: the latest 填报日期 the unit wrote; must agree with it].")
@click.option("--unit", metavar="NAME", help="The unit that sent the file, for rows that name no 填报单位.")
@actor_option
@graph_option
@store_option
def record(file, as_of, unit, actor, graph, store_kind) -> None:
    """Validate a filled template (XLSX or CSV) and record it as a new dated report for its month."""
    from ..status.workflow import import_report

    net = open_network(graph, store_kind)
    out = import_report(file, net, graph_dir(graph), as_of.date() if as_of else None,
                        unit=net.unit_named(unit) if unit else None)
    audited(graph, actor, "upload-report", out.name, out, file=file.name)
    recorded(out)


@status.command("report")
@month_option
@as_of_option(True, "The report date (YYYY-MM-DD).")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, metavar="DIR",
              help="Folder for the chart as HTML and XLSX, named by its month (2023年6月五色图.xlsx; "
                   "chart-2023-06.xlsx in English).")
@graph_option
@store_option
def report(month, as_of, out, graph, store_kind) -> None:
    """Write the five-colour chart as self-contained HTML and as XLSX with real cell fills."""
    from ..status.report import build_report, report_html, report_xlsx

    from ..status.names import file_name

    net = open_network(graph, store_kind)
    built = build_report(net, net.store, graph_dir(graph), as_of.date(), month=month)
    _write([(out / file_name("chart", "html", month=built.month), report_html(built)),
            (out / file_name("chart", "xlsx", month=built.month), report_xlsx(built))])


out_option = click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
                          show_default=True, metavar="DIR", help="Folder for the files.")


def _write(files: list[tuple[Path, bytes | str]]) -> None:
    write_atomic(files)
    for path, _data in files:
        wrote(path)


@status.command("review")
@month_option
@as_of_option(True, "The verification date (YYYY-MM-DD).")
@click.option("--output", "-o", type=OutputFile(["xlsx"]), required=True, metavar="FILE",
              help="The XLSX to write.")
@graph_option
@store_option
def review(month, as_of, output, graph, store_kind) -> None:
    """Write the office's review sheet: each task's report, evidence and rule suggestion, verdict columns empty."""
    from ..status.review import review_xlsx

    net = open_network(graph, store_kind)
    _write([(output, review_xlsx(net, net.store, graph_dir(graph), as_of.date(), month=month))])


@status.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@as_of_option(False, "The verification date [default: the sheet's 核定日期; must agree with it].")
@actor_option
@graph_option
@store_option
def verify(file, as_of, actor, graph, store_kind) -> None:
    """Record a filled review sheet: 核定 colours with reasons, 采纳/维持 of rule suggestions, 延期至 extensions."""
    from ..status.review import import_verdicts

    net = open_network(graph, store_kind)
    out = import_verdicts(file, net, net.store, graph_dir(graph), as_of.date() if as_of else None)
    audited(graph, actor, "upload-verify", out.name, out, file=file.name)
    recorded(out)


@status.command("publish")
@month_option
@as_of_option(True, "The day the month's figures are published as of (YYYY-MM-DD).")
@actor_option
@graph_option
@store_option
def publish(month, as_of, actor, graph, store_kind) -> None:
    """Record the month's figures as published: later records for the month are kept as 迟报/更正, shown
    the month after, and never change what was published."""
    from ..status.publish import publish as publish_month

    net = open_network(graph, store_kind)
    out, made = publish_month(net, net.store, graph_dir(graph), as_of.date(), month)
    audited(graph, actor, "publish", out.name, out, month=made.month, rate=made.reporting_rate)
    click.echo(_("published %(month)s as of %(as_of)s: reporting rate %(rate)s (%(sent)d/%(due)d units); "
                 "recorded %(path)s") % {"month": made.month, "as_of": made.as_of, "rate": made.reporting_rate,
                                         "sent": len(made.units_sent), "due": len(made.units_due), "path": out})


@status.command("supervise")
@month_option
@as_of_option(True, "The day the 督办通知单 are issued (YYYY-MM-DD).")
@click.option("--days", default=15, show_default=True, type=click.IntRange(1, 366), metavar="N",
              help="Days given to rectify (整改时限).")
@out_option
@actor_option
@graph_option
@store_option
def supervise(month, as_of, days, out, actor, graph, store_kind) -> None:
    """Issue 督办通知单 for the month's red and overdue tasks, one Word file per lead unit, and record them;
    an order is closed (销号) when the office later verifies the task other than red."""
    from ..status.names import file_name
    from ..status.supervision import issue_orders, order_docx

    net = open_network(graph, store_kind)
    path, orders = issue_orders(net, net.store, graph_dir(graph), as_of.date(), month, days)
    if not orders:
        click.echo(_("no red or overdue task without an open 督办通知单: nothing issued"))
        return
    audited(graph, actor, "supervise", path.name, path, orders=str(len(orders)))
    units = sorted({o.unit for o in orders}, key=lambda u: net.units[u].name)
    _write([(out / file_name("order", "docx", day=as_of.date(), unit=net.units[u]),
             order_docx([o for o in orders if o.unit == u], net)) for u in units])
    recorded(path)


@status.command("bulletin")
@month_option
@as_of_option(True, "The report date (YYYY-MM-DD).")
@out_option
@graph_option
@store_option
def bulletin(month, as_of, out, graph, store_kind) -> None:
    """Write the month's 通报 draft as .docx and .md (2023年6月通报.docx): counts against last month,
    slow and overdue tasks with units and reasons, units that did not report, units with most red and orange."""
    from ..status.bulletin import build_bulletin, bulletin_docx, bulletin_markdown
    from ..status.names import file_name
    from ..status.report import build_report

    net = open_network(graph, store_kind)
    built = build_report(net, net.store, graph_dir(graph), as_of.date(), month=month)
    draft = build_bulletin(built)
    _write([(out / file_name("bulletin", "docx", month=built.month), bulletin_docx(draft)),
            (out / file_name("bulletin", "md", month=built.month), bulletin_markdown(draft))])


@status.command("scorecard")
@month_option
@as_of_option(True, "The report date (YYYY-MM-DD).")
@out_option
@graph_option
@store_option
def scorecard(month, as_of, out, graph, store_kind) -> None:
    """Write the unit scorecard and ranking as .xlsx and .md (2023年6月单位评分与排名.xlsx): reporting and
    on-time rates, red and orange as lead and host, red streaks, rank change since last month."""
    from ..status.names import file_name
    from ..status.scorecard import scorecard as scores_of
    from ..status.scorecard import scorecard_markdown, scorecard_xlsx
    from ..status.state import round_of

    net = open_network(graph, store_kind)
    day = as_of.date()
    scores = scores_of(net, net.store, graph_dir(graph), day, month=month)
    named = round_of(month or day.strftime("%Y-%m"))
    _write([(out / file_name("scorecard", "xlsx", month=named), scorecard_xlsx(scores, net.title, day)),
            (out / file_name("scorecard", "md", month=named), scorecard_markdown(scores, net.title, day))])


@status.command("remind")
@as_of_option(False, "The day to look from (YYYY-MM-DD) [default: today, as kg sheet's due next].")
@click.option("--days", default=14, show_default=True, type=click.IntRange(1, 366), metavar="N",
              help="Look this many days ahead.")
@click.option("--unit", metavar="NAME", help="Only this unit (any of its names).")
@out_option
@graph_option
@store_option
def remind(as_of, days, unit, out, graph, store_kind) -> None:
    """Write 催办 lists: what falls due in the next N days for each unit, printable (.html) and as short
    messages to paste into a chat (.txt), named by the day (2023年6月20日催办清单.txt)."""
    from ..status.names import file_name
    from ..status.remind import reminders, reminders_html, reminders_text

    net = open_network(graph, store_kind)
    day = as_of.date() if as_of else dt.date.today()
    items = reminders(net, net.store, graph_dir(graph), day, days, unit=net.unit_named(unit) if unit else None)
    _write([(out / file_name("remind", "html", day=day), reminders_html(items, net.title, day, days)),
            (out / file_name("remind", "txt", day=day), reminders_text(items, day, days))])
