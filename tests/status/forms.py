"""Filling the templates as a unit or the office would (openpyxl, CSV)."""
from __future__ import annotations

import io

import openpyxl

from .. import source_facts
from kg.status.columns import canonical

__all__ = ["fill", "csv_report", "fill_review", "section"]


def fill(template: bytes, path, colours: dict[int, str], progress: dict[int, str] | None = None,
         extra_rows: list[list] | None = None, evidence: dict[int, str] | None = None,
         cells: dict[int, dict[str, str]] | None = None):
    """Fill a template as a unit would: colours and progress by task number, any other column by its title
    in ``cells``; a task reported blue gets evidence unless ``evidence`` says otherwise."""
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb.active
    header = [canonical(c.value) for c in ws[1]]
    for row in range(2, ws.max_row + 1):
        number = ws.cell(row, 1).value
        colour = str(colours.get(number, ""))
        if colour:
            ws.cell(row, header.index("颜色 colour") + 1).value = colour
        if progress and number in progress:
            ws.cell(row, header.index("进度% progress") + 1).value = progress[number]
        if "blue" in colour or "蓝" in colour:
            ws.cell(row, header.index("佐证 evidence") + 1).value = (evidence or {}).get(number, f"验收报告-{number}.pdf")
        for title, value in (cells or {}).get(number, {}).items():
            ws.cell(row, header.index(title) + 1).value = value
    for values in extra_rows or []:
        ws.append(values)
    wb.save(path)
    return path


def csv_report(path, rows: str, header: str = "序号,颜色 colour,填报日期 reported,佐证 evidence"):
    """A report saved as CSV: ``rows`` are lines under ``header``; without a 填报单位 column, each row is sent
    by the task's (first) lead, as the office's consolidated sheet names it."""
    if "填报单位 reporter" not in header:
        width = header.count(",") + 1
        lines = [line for line in rows.split("\n") if line]
        rows = "".join(line + "," * (width - 1 - line.count(",")) + f",{_lead(line)}\n" for line in lines)
        header += ",填报单位 reporter"
    path.write_text(header + "\n" + rows, encoding="utf-8")
    return path


def _lead(line: str) -> str:
    number = line.split(",", 1)[0]
    return source_facts.rows()[int(number)]["lead"][0] if number.isdigit() else ""


def fill_review(review: bytes, path, verdicts: dict[int, dict[str, str]]):
    """Fill the office's review sheet: task number → {column title: value}."""
    wb = openpyxl.load_workbook(io.BytesIO(review))
    ws = wb.active
    header = [canonical(c.value) for c in ws[1]]
    for row in range(2, ws.max_row + 1):
        for title, value in verdicts.get(ws.cell(row, 1).value, {}).items():
            ws.cell(row, header.index(title) + 1).value = value
    wb.save(path)
    return path


def section(markdown: str, title: str) -> str:
    """The text of the 通报 under the (sub)heading that holds ``title``, up to the next heading."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and title in line)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return "\n".join(lines[start + 1:end])
