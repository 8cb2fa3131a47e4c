"""Word plans (.docx): the body's paragraphs and the real task table, merged cells included.

Columns are found by their header titles, not by position, so tables with
fewer or reordered columns work. A milestone cell merged across period
columns gives its exact periods (``exact-merge``), no inference needed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .annex import _PERIOD, parse_deadline
from .body import SECTION_LINE, chinese_number, parse_body
from .errors import InputError
from .records import Finding, Milestone, Period, Task

__all__ = ["read_docx", "COLUMN_TITLES"]

#: Header titles that name each column, most specific first.
COLUMN_TITLES = {
    "number": ("序号", "编号"),
    "work_item": ("具体任务", "任务名称", "重点任务", "工作任务", "任务事项"),
    "description": ("任务内容", "工作内容", "具体内容", "主要内容", "具体措施", "工作措施"),
    "lead": ("指标牵头单位", "牵头单位", "牵头部门"),
    "host": ("承办单位", "责任单位", "承办部门", "责任部门"),
    "support": ("配合单位", "配合部门", "协办单位"),
    "deadline": ("最终完成时限", "完成时限", "完成时间", "时限"),
}


@dataclass(frozen=True)
class _Cell:
    text: str
    first: int  # 0-based grid column
    span: int
    continued: bool  # a vertically merged cell continuing the one above


def _docx():
    try:
        import docx
    except ImportError:
        raise InputError("reading .docx plans needs python-docx", fix="pip install 'kg[formats]'") from None
    return docx


def _row_cells(tr) -> list[_Cell]:
    cells, column = [], 0
    for tc in tr.tc_lst:
        span = tc.grid_span
        text = "\n".join("".join(t.text or "" for t in p.xpath(".//w:t")) for p in tc.p_lst).strip()
        cells.append(_Cell(text, column, span, tc.vMerge == "continue"))
        column += span
    return cells


def _columns(header_rows: list[list[_Cell]]) -> tuple[dict[str, int], list[tuple[int, str]]]:
    found: dict[str, int] = {}
    periods: list[tuple[int, str]] = []
    for row in header_rows:
        for cell in row:
            title = re.sub(r"\s+", "", cell.text)
            if _PERIOD.match(title):
                periods.append((cell.first, title))
                continue
            for role, titles in COLUMN_TITLES.items():
                if role not in found and any(title == t or title.startswith(t) for t in titles):
                    found[role] = cell.first
                    break
    return found, sorted(periods)


def _task_table(document) -> tuple[int, list[list[_Cell]], int] | None:
    """(table index, rows, number of header rows) of the first table with a 序号 column."""
    for index, table in enumerate(document.tables):
        rows = [_row_cells(tr) for tr in table._tbl.tr_lst]
        for header_end, row in enumerate(rows):
            if row and row[0].text.strip().isdigit():
                found, _ = _columns(rows[:header_end])
                if "number" in found and ("lead" in found or "host" in found):
                    return index, rows, header_end
                break
    return None


def read_docx(path: Path) -> tuple[dict, list, list, list[Period], list[Task], list[Finding]]:
    docx = _docx()
    try:
        document = docx.Document(str(path))
    except Exception as err:  # a broken zip or not a Word file
        raise InputError(f"not a readable Word file ({type(err).__name__})", path=path,
                         fix="save the plan as .docx from Word or WPS") from None
    lines = [p.text for p in document.paragraphs]
    end = next((i for i, line in enumerate(lines) if line.strip().startswith("附件")), len(lines))
    meta, sections, measures, findings = parse_body(lines, end)
    found = _task_table(document)
    if found is None:
        raise InputError("the Word file has no task table (a table with 序号 and 牵头单位/责任单位 columns)",
                         path=path, fix="check the table's header titles, or use --format inline")
    table_index, rows, header_end = found
    columns, period_columns = _columns(rows[:header_end])
    year = meta.get("year")
    periods = _periods(period_columns, year, path)
    tasks: list[Task] = []
    section = 0
    previous: dict[str, str] = {}
    where = f"table {table_index + 1}"
    for row_number, row in enumerate(rows[header_end:], start=header_end + 1):
        first = next((c.text for c in row if c.text), "")
        if (m := SECTION_LINE.match(first)) and not first.isdigit():
            section = chinese_number(m.group(1))
            continue
        by_column = {c.first: c for c in row}
        number_cell = by_column.get(columns["number"])
        if not number_cell or not number_cell.text.isdigit():
            if first:
                findings.append(Finding("stray-row", "warning", f"{where} row {row_number}: no 序号; skipped "
                                        f"({first[:20]!r})", row_number, text=first))
            continue
        number = int(number_cell.text)

        def value(role: str) -> tuple[str, bool]:
            if role not in columns:
                return "", False
            cell = by_column.get(columns[role])
            if cell is None:
                return "", False
            if cell.continued:  # vertical merge: the value is the one above, exactly
                return previous.get(role, ""), True
            return cell.text, False

        work_item, merged = value("work_item")
        carried = not work_item
        if carried:
            work_item = previous.get("work_item", "")
            if work_item:
                findings.append(Finding("work-item-carried", "info", f"task {number}: empty 具体任务 cell; carried "
                                        f"down from the row above", row_number, number))
        elif merged:
            findings.append(Finding("work-item-merged", "info", f"task {number}: 具体任务 from a merged cell",
                                    row_number, number))
        description = value("description")[0]
        deadline_text = value("deadline")[0]
        deadline = parse_deadline(deadline_text) if deadline_text else (None, True)
        if deadline is None:
            raise InputError(f"{where} row {row_number}: task {number}: {deadline_text!r} is not a deadline",
                             path=path, line=row_number, fix="write e.g. 2023年6月 or 长期坚持")
        if not deadline_text:
            findings.append(Finding("deadline-not-stated", "info", f"task {number}: no deadline column or "
                                    f"value; recorded as ongoing", row_number, number))
        role_cells = {}
        for role in ("lead", "host", "support"):
            text, _ = value(role)
            role_cells[role] = (row_number, text)
        if not role_cells["lead"][1] and role_cells["host"][1]:
            role_cells["lead"] = role_cells["host"]
            findings.append(Finding("lead-inferred", "info", f"task {number}: no lead column or value; the "
                                    f"responsible unit(s) read as lead too", row_number, number))
        if not role_cells["host"][1] and role_cells["lead"][1]:
            role_cells["host"] = role_cells["lead"]
            findings.append(Finding("host-inferred", "info", f"task {number}: no host column or value; the "
                                    f"lead read as host too", row_number, number))
        milestones = _milestones(row, period_columns, row_number)
        previous.update({"work_item": work_item, **{r: role_cells[r][1] for r in role_cells},
                         "description": description})
        tasks.append(Task(number=number, section=section or 1, work_item=work_item, work_item_inferred=carried,
                          description=description, milestones=milestones,
                          assignments=[], role_cells=role_cells, deadline=deadline[0], ongoing=deadline[1],
                          deadline_text=deadline_text or "（未写明）", first_line=row_number,
                          last_line=row_number))
    if not tasks:
        raise InputError(f"{where} has no numbered rows", path=path, fix="check the 序号 column")
    return meta, sections, measures, periods, tasks, findings


def _periods(period_columns: list[tuple[int, str]], year: int | None, path: Path) -> list[Period]:
    out = []
    for order, (_, title) in enumerate(period_columns, start=1):
        m = _PERIOD.match(title)
        sy = int(m.group(1) or year or 0)
        if not sy:
            raise InputError("period columns give no year and the title names none", path=path,
                             fix="write the year in the plan's title")
        ey = int(m.group(3) or sy)
        out.append(Period(order, title, f"{sy:04d}-{int(m.group(2)):02d}", f"{ey:04d}-{int(m.group(4)):02d}", 0))
    return out


def _milestones(row: list[_Cell], period_columns: list[tuple[int, str]], line: int) -> list[Milestone]:
    if not period_columns:
        return []
    order_of = {column: order for order, (column, _) in enumerate(period_columns, start=1)}
    milestones = []
    for cell in row:
        covered = [order_of[c] for c in range(cell.first, cell.first + cell.span) if c in order_of]
        if not covered or not cell.text:
            continue
        no_target = cell.text in ("—", "——", "-", "/")
        method = "exact-merge" if len(covered) > 1 else "one-cell-per-column"
        milestones.append(Milestone(len(milestones) + 1, cell.text, cell.text, tuple(covered), method,
                                    no_target, line))
    return milestones
