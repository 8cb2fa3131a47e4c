"""Sheets as Markdown, CSV and self-contained HTML (templates in ``templates/``)."""
from __future__ import annotations

import csv
import io

from ..i18n import _, language
from ..model.domain import ROLE_NAMES
from ..safe import csv_cell
from .sheets import Sheet, cell_text, context, layout, role_titles
from .templates import template

__all__ = ["sheet_markdown", "sheet_csv", "sheet_html", "index_html", "index_markdown"]


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


def _csv_header(periods: list[str]) -> list[str]:
    """Column titles a person reads (Chinese by default); English adds the unit's English name."""
    english = [_("English name")] if language() != "zh" else []
    return [_("Unit"), *english, _("Role"), _("No."), _("Section"), _("Work item"), _("Task"), *periods,
            _("Deadline"), _("Other units")]


def csv_rows(sheet: Sheet) -> list[list[str]]:
    rows, titles = [], role_titles()
    english = [sheet.name_en] if language() != "zh" else []
    for role in ROLE_NAMES:
        for task in sheet.roles[role]:
            periods = [""] * len(sheet.periods)
            for cell, span in layout(task.milestones, len(sheet.periods)):
                if cell is not None:
                    for column in range(cell.first, cell.first + span):
                        periods[column - 1] = cell_text(cell)
            rows.append([sheet.name, *english, titles[role], task.number, task.section,
                         task.work_item, task.description, *periods, task.deadline, task.others])
    return rows


def sheet_csv(sheets: list[Sheet]) -> str:
    """One row per (unit, role, task); UTF-8 with BOM so Excel on Windows reads the Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    periods = sheets[0].periods if sheets else []
    writer.writerow(_csv_header(periods))
    for sheet in sheets:
        writer.writerows([csv_cell(v) for v in row] for row in csv_rows(sheet))
    return "\ufeff" + out.getvalue()
