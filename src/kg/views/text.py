"""Sheets as Markdown, CSV and self-contained HTML (templates in ``templates/``)."""
from __future__ import annotations

import csv
import io

from ..model.domain import ROLE_NAMES
from ..safe import csv_cell
from .sheets import ROLE_TITLES, Sheet, cell_text, context, layout
from .templates import template

__all__ = ["sheet_markdown", "sheet_csv", "sheet_html", "index_html", "index_markdown", "CSV_HEADER"]

CSV_HEADER = ["unit", "unit_en", "role", "角色", "序号", "section", "具体任务", "任务内容"]


def sheet_markdown(sheet: Sheet) -> str:
    return template("sheet.md.jinja").render(sheet=sheet, **context())


def sheet_html(sheet: Sheet, assets: str | None = None) -> str:
    """The sheet as one HTML file, or (``assets``: the URL its style files are served at) with nothing inline."""
    return template("sheet.html.jinja").render(sheet=sheet, assets=assets, **context())


def index_html(sheets: list[Sheet], files: dict[str, dict[str, str]], plan: str, as_of: str) -> str:
    return template("sheet-index.html.jinja").render(sheets=sheets, files=files, plan=plan, as_of=as_of,
                                                     **context())


def index_markdown(sheets: list[Sheet], files: dict[str, dict[str, str]], plan: str, as_of: str) -> str:
    return template("sheet-index.md.jinja").render(sheets=sheets, files=files, plan=plan, as_of=as_of,
                                                   **context())


def csv_rows(sheet: Sheet) -> list[list[str]]:
    rows = []
    for role in ROLE_NAMES:
        for task in sheet.roles[role]:
            periods = [""] * len(sheet.periods)
            for cell, span in layout(task.milestones, len(sheet.periods)):
                if cell is not None:
                    for column in range(cell.first, cell.first + span):
                        periods[column - 1] = cell_text(cell)
            rows.append([sheet.name, sheet.name_en, role, ROLE_TITLES[role][0], task.number, task.section,
                         task.work_item, task.description, *periods, task.deadline, task.others])
    return rows


def sheet_csv(sheets: list[Sheet]) -> str:
    """One row per (unit, role, task); UTF-8 with BOM so Excel on Windows reads the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    periods = sheets[0].periods if sheets else []
    writer.writerow([*CSV_HEADER, *periods, "最终完成时限", "其他单位"])
    for sheet in sheets:
        writer.writerows([csv_cell(v) for v in row] for row in csv_rows(sheet))
    return "\ufeff" + out.getvalue()
