"""Responsibility sheets, read back with real readers and checked against the source."""
from __future__ import annotations

import csv
import datetime as dt
from html.parser import HTMLParser

import pytest

from kg.views.sheet_files import write_all_sheets, write_sheet

from ..browser import cjk_glyphs_differ, offline_page, open_file, png_ink
from ..source_facts import NOT_UNITS, rows, tasks_of

AS_OF = dt.date(2023, 5, 20)
UNITS = {  # name as asked → (canonical name, id, kind in Chinese)
    "县市场监管局": ("县市场监管局", "market-supervision", "政府部门"),
    "县行政服务中心": ("县行政服务中心", "admin-service-center", "事业单位"),
    "County People's Court": ("县法院", "court", "司法机关"),
    "国网重庆奉节供电公司": ("国网重庆奉节供电公司", "state-grid-fengjie", "企业"),
    "县委组织部": ("县委组织部", "party-organization", "党委机关"),
    "人行奉节支行": ("人民银行奉节支行", "pboc-fengjie", "金融机构及监管部门"),
}
ROLE_SHEETS = {"lead": "指标牵头单位", "host": "承办单位", "support": "配合单位"}


@pytest.fixture(scope="module")
def written(net, tmp_path_factory):
    out = tmp_path_factory.mktemp("sheets")
    for name in UNITS:
        write_sheet(net, name, ["html", "md", "xlsx", "docx", "csv"], out, AS_OF)
    return out


def expected(name: str) -> dict[str, list[int]]:
    return {role: sorted(tasks_of(name, role)) for role in ("lead", "host", "support")}


@pytest.mark.parametrize("asked", list(UNITS))
def test_xlsx_per_role(written, asked):
    import openpyxl

    name, uid, kind = UNITS[asked]
    wb = openpyxl.load_workbook(written / f"{name}.xlsx")  # named as the office knows the unit
    assert wb.sheetnames == ["概况", "指标牵头单位", "承办单位", "配合单位"]
    summary = wb["概况"]
    assert summary["A1"].value == f"{name}责任清单" and summary["B3"].value == kind
    assert summary["D3"].value == "2023年5月20日"
    for role, sheet_name in ROLE_SHEETS.items():
        ws = wb[sheet_name]
        assert ws["A1"].value == "序号"
        got = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value is not None]
        assert got == expected(name)[role], (name, role)
        assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
        assert ws.print_title_rows in ("1:1", "$1:$1") and ws.page_setup.orientation == "landscape"
        assert ws.cell(1, 4).alignment.wrap_text and ws.column_dimensions["D"].width >= 30


def test_xlsx_merges_spanning_milestones(written):
    import openpyxl

    ws = openpyxl.load_workbook(written / "县法院.xlsx")["指标牵头单位"]
    # Task 55 has three cells: the last spans 6月-7月 … 12月-2024年1月 (columns G..J).
    assert [str(r) for r in ws.merged_cells.ranges] == ["G2:J2"]
    assert ws["G2"].value.startswith("※开展进民企活动")


@pytest.mark.parametrize("asked", list(UNITS))
def test_docx_per_role(written, asked):
    import docx

    name, uid, _ = UNITS[asked]
    document = docx.Document(written / f"{name}.docx")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["概况", "近期到期"]
    task_tables = [t for t in document.tables if t.rows[0].cells[0].text == "序号" and len(t.columns) > 8]
    roles = [r for r in ("lead", "host", "support") if expected(name)[r]]
    assert len(task_tables) == len(roles)
    for role, table in zip(roles, task_tables):
        got = [int(row.cells[0].text) for row in table.rows[1:]]
        assert got == expected(name)[role], (name, role)
    assert document.sections[0].orientation == 1  # landscape


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.roles: dict[str, list[str]] = {}
        self._role, self._cell, self._column = None, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-role" in attrs:
            self._role = attrs["data-role"]
            self.roles[self._role] = []
        elif tag == "tr":
            self._column = 0
        elif tag == "td" and self._role:
            self._column += 1
            self._cell = [] if self._column == 1 else None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.roles[self._role].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._role = None


@pytest.mark.parametrize("asked", list(UNITS))
def test_html_md_csv_per_role(written, asked):
    name, uid, _ = UNITS[asked]
    parser = _Tables()
    html = (written / f"{name}.html").read_text(encoding="utf-8")
    parser.feed(html)
    for role in ("lead", "host", "support"):
        assert [int(x) for x in parser.roles.get(role, [])] == expected(name)[role]
    assert "http://" not in html and "https://" not in html
    with open(written / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    for role, title in ROLE_SHEETS.items():
        assert [int(r["序号"]) for r in table if r["角色"] == title] == expected(name)[role]
    md = (written / f"{name}.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {name}责任清单")


def test_due_next_as_of(net, tmp_path):
    (path,) = write_sheet(net, "县法院", ["csv"], tmp_path, AS_OF)
    from kg.views.sheets import build_sheet
    sheet = build_sheet(net, "unit/court", AS_OF)
    # 20 May 2023 is in 4月-5月; the next period is 6月-7月; task 55's deadline is 2023年6月 (line 793).
    assert [(d["task"], d["when"]) for d in sheet.due_next] == [("55", "4月-5月"), ("55", "6月-7月"),
                                                                ("55", "2023年6月")]
    late = build_sheet(net, "unit/court", dt.date(2023, 7, 2))
    assert [o["task"] for o in late.overdue] == ["55"]


def test_all_units(net, tmp_path):
    paths = write_all_sheets(net, ["html", "xlsx", "csv"], tmp_path, AS_OF)
    concrete = {u for n in rows() for u in (set(rows()[n]["lead"]) | set(rows()[n]["host"])
                                            | set(rows()[n]["support"]))} - NOT_UNITS
    assert len(concrete) == 59
    assert len(paths) == 59 * 3 + 4  # + index.html, index.md, all-units.xlsx, all-units.csv
    import openpyxl
    wb = openpyxl.load_workbook(tmp_path / "all-units.xlsx")
    assert len(wb.sheetnames) == 60 and wb.sheetnames[0] == "索引"
    ws = wb["县法院"]
    assert [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)] == [55]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") == 60 and 'href="县法院.html"' in index


def test_html_sheet_renders_chinese_in_chromium(written, tmp_path):
    with offline_page(1400, 1000) as page:
        open_file(page, written / "县市场监管局.html")
        assert page.kg_errors == [] and page.kg_remote == []
        assert cjk_glyphs_differ(page)
        shot = tmp_path / "sheet.png"
        page.screenshot(path=str(shot))
        assert png_ink(shot) > 0.02
        page.pdf(path=str(tmp_path / "sheet.pdf"), format="A4", landscape=True)
        assert (tmp_path / "sheet.pdf").stat().st_size > 10000


def test_unknown_unit(net, tmp_path):
    from kg.errors import UsageError
    with pytest.raises(UsageError, match="没有名为'县不存在局'的单位"):
        write_sheet(net, "县不存在局", ["html"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def _visible_latin_words(html: str) -> set[str]:
    """Latin words a reader sees on a page (text nodes only; ids, classes and CSS are not read)."""
    import re

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.words, self._skip = set(), False

        def handle_starttag(self, tag, attrs):
            self._skip = tag in ("style", "script")

        def handle_endtag(self, tag):
            self._skip = False

        def handle_data(self, data):
            if not self._skip:
                self.words |= set(re.findall(r"[A-Za-z]{3,}", data))

    parser = Text()
    parser.feed(html)
    return parser.words


def test_sheets_are_chinese_only_by_default(written):
    """An office files the sheet as it is: no English heading, label or sentence beside the Chinese."""
    import docx
    import openpyxl

    html = (written / "县市场监管局.html").read_text(encoding="utf-8")
    assert _visible_latin_words(html) == set()
    md = (written / "县市场监管局.md").read_text(encoding="utf-8")
    assert _visible_latin_words(md) == set()
    wb = openpyxl.load_workbook(written / "县市场监管局.xlsx")
    texts = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert _visible_latin_words(" ".join(texts)) == set()
    document = docx.Document(written / "县市场监管局.docx")
    words = " ".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert _visible_latin_words(words) == set()


def test_sheets_in_english_on_request(net, tmp_path, monkeypatch):
    """KG_LANG=en (or kg --lang en): the same sheet in English, named by the unit's id."""
    import openpyxl

    monkeypatch.setenv("KG_LANG", "en")
    (html, xlsx) = write_sheet(net, "县法院", ["html", "xlsx"], tmp_path, AS_OF)
    assert html.name == "court.html" and xlsx.name == "court.xlsx"
    text = html.read_text(encoding="utf-8")
    assert "Nothing falls due" not in text and "Summary" in text and "20 May 2023" in text
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Summary", "lead", "host", "support"]
    assert wb["Summary"]["B3"].value == "judicial organ"


def test_sheet_file_names_are_safe_and_distinct(net, tmp_path):
    """A unit's Chinese name is its file name, never a path: no unit writes outside the folder."""
    paths = write_all_sheets(net, ["md"], tmp_path, AS_OF)
    assert all(p.parent == tmp_path for p in paths)
    assert len({p.name.casefold() for p in paths}) == len(paths)


def test_xlsx_fast_rows_read_back_as_openpyxl_own_cell_by_cell(tmp_path):
    """kg writes sheet rows as XML (views/xlsx_rows.py, 20x cheaper than a Cell each): read back, the
    same values, types, styles and merges as the same rows written through openpyxl's own API."""
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from kg.views.xlsx_rows import RowWriter, style_id

    rows = [["序号", "具体任务", " 前后有空格 ", "a & b < c > d", "第一行\r\n第二行", 12, 2.5, None, ""],
            [55, "开展进民企活动", "※", "", None, 0, -1.25, "x", "末"]]
    merges = [(2, 3, 5)]  # row, first column, last column
    side = Side(style="thin", color="999999")

    def header(cell):
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="E7E6E6")

    def body(cell):
        cell.border, cell.alignment = Border(left=side, right=side, top=side, bottom=side), Alignment(wrap_text=True)

    theirs = openpyxl.Workbook()
    ws = theirs.active
    for r, values in enumerate(rows, start=1):
        ws.append(values)
        for cell in ws[r]:
            (header if r == 1 else body)(cell)
    for row, first, last in merges:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    theirs.save(tmp_path / "theirs.xlsx")

    ours = openpyxl.Workbook(write_only=True)
    ws = ours.create_sheet("Sheet")
    out = RowWriter(ws, (len(rows), len(rows[0])))
    styles = [style_id(ws, header), style_id(ws, body)]
    for r, values in enumerate(rows, start=1):
        covered = {c for row, first, last in merges if row == r for c in range(first + 1, last + 1)}
        out.append([None if c + 1 in covered else v for c, v in enumerate(values)], [styles[r > 1]] * len(values))
    for row, first, last in merges:
        out.merge(row, first, last)
    out.close()
    ours.save(tmp_path / "ours.xlsx")

    def cells(name):
        book = openpyxl.load_workbook(tmp_path / name)
        sheet = book.active
        return sheet.dimensions, sorted(map(str, sheet.merged_cells.ranges)), [
            (c.coordinate, c.value, c.data_type, c.font.b, c.fill.fgColor.rgb, c.border.left.style,
             c.alignment.wrap_text) for row in sheet.iter_rows() for c in row]

    assert cells("ours.xlsx") == cells("theirs.xlsx")
    assert cells("ours.xlsx")[2][4][1] == "第一行\r\n第二行"  # a carriage return survives the parse


@pytest.mark.parametrize("text", ["县市场监管局", " 前后有空格 ", "a & b < c > d", "第一行\r\n第二行", "tab\t'\"",
                                  "😀", "=SUM(A1)", "\x01", "\x01x\x02", "\u00a0", "  ", "\ufffe"])
def test_xlsx_rows_are_the_bytes_lxml_writes(text):
    """The rows go into the worksheet as bytes, not as elements lxml writes: the same bytes lxml writes
    for the cell (ASCII, other characters as references, a lone control character dropped)."""
    import io
    import re

    from lxml.etree import fromstring, xmlfile

    from kg.views.xlsx_rows import _escape, _inline_text

    kept = re.sub(r"[\000-\010\013\014\016-\037\ufffe]", "", text)
    space = ' xml:space="preserve"' if kept != kept.strip() else ""
    written = io.BytesIO()
    with xmlfile(written) as xf:  # openpyxl's worksheet stream: an xmlfile with no encoding
        xf.write(fromstring(f'<c r="A1" t="inlineStr"><is><t{space}>{_escape(kept)}</t></is></c>'))
    assert ('<c r="A1"' + _inline_text(text)).encode("ascii") == written.getvalue()


def test_docx_table_rows_read_back_as_python_docx_own_cell_by_cell():
    """kg writes a Word table's rows as copies of cells made once (views/office.py): the same document XML
    as the rows made through python-docx's own API, a merged cell as python-docx merges, an empty cell as
    it writes one."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from lxml import etree

    from kg.views.office import docx_table

    header = ["序号", "具体任务", "1月-3月", "4月-5月", "6月-7月", "其他"]
    rows = [[1, " 前后有空格 ", "※a", "", "", "a & b < c > d"], ["55", "第一行\r\n第二行", "", "x", "y"], ["", ""]]
    spans = [{2: 3}, {}, {}]

    theirs = docx.Document()
    table = theirs.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(flag)
    for values, merged in zip(rows, spans):
        cells = table.add_row().cells
        for column, span in merged.items():
            cells[column].merge(cells[column + span - 1])
        column = 0
        while column < len(header):
            if column < len(values):
                run = cells[column].paragraphs[0]._p.add_r()
                text = run.add_t(str(values[column]))
                text.set(qn("xml:space"), "preserve")
            column += merged.get(column, 1)

    ours = docx.Document()
    docx_table(ours, header, rows, spans)

    def xml(document):
        return etree.tostring(document.tables[0]._tbl, encoding="unicode")

    assert xml(ours) == xml(theirs)
    assert ours.tables[0].rows[2].cells[1].text == "第一行\r\n第二行"


def test_docx_heading_and_table_style_are_python_docx_own():
    """kg looks a style up once per document (python-docx scans every style at each use): the same XML."""
    import docx
    from lxml import etree

    from kg.views.office import docx_heading, docx_table

    theirs, ours = docx.Document(), docx.Document()
    for level in (0, 1, 2):
        theirs.add_heading(f"标题 {level}", level)
        docx_heading(ours, f"标题 {level}", level)
    table = theirs.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "序号"
    table.rows[0].cells[0].paragraphs[0].runs[0].bold = True
    docx_table(ours, ["序号"], [])
    row = ours.tables[0]._tbl.tr_lst[0]
    row.remove(row.trPr)  # the header flag, for which python-docx has no call

    def body(document):
        return etree.tostring(document.element.body, encoding="unicode")

    assert body(ours) == body(theirs)
