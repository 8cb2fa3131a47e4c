"""PDF plans, as LibreOffice prints the real plans: a Word file with its ruled task table, and text plans
with their real line breaks, each with a running header, page numbers and the table's header row on every
page. The PDF must give what the .docx or .txt gives."""
from __future__ import annotations

import re
import shutil

import pytest

from kg.readers import detect_format, read_plan

from ..conftest import DATA
from ..office import RUNNING_HEADER, libreoffice, with_page_furniture
from ..process import kg, one_line_error

DOCS = DATA / "realplans" / "docs"
WORD_PLAN = "province-tianjin-2023-yshj-zrqd"  # a 129-row ruled table over 21 pages, merged cells cut by pages
TEXT_PLANS = ("city-sanya-2023-yshj", "national-gov-2019-zbq")


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    """plan id -> (the PDF, the file it was printed from)."""
    import docx

    folder = tmp_path_factory.mktemp("pdfs")
    made = {}
    source = DOCS / f"{WORD_PLAN}.docx"
    printed = with_page_furniture(docx.Document(str(source)), folder / f"{WORD_PLAN}.docx")
    made[WORD_PLAN] = (libreoffice(printed, "pdf", folder / "out"), source)
    sanya = DOCS / f"{TEXT_PLANS[0]}.txt"
    document = docx.Document()
    for line in sanya.read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)  # each line of the text a paragraph: its real line breaks
    made[TEXT_PLANS[0]] = (libreoffice(with_page_furniture(document, folder / f"{TEXT_PLANS[0]}.docx"), "pdf",
                                       folder / "out"), sanya)
    national = DOCS / f"{TEXT_PLANS[1]}.txt"  # printed straight from the text, as LibreOffice opens it
    made[TEXT_PLANS[1]] = (libreoffice(shutil.copy(national, folder / national.name), "pdf", folder / "out"),
                           national)
    return made


def _assignments(plan) -> set[tuple]:
    return {(t.number, a.role, a.written, a.stated) for t in plan.tasks for a in t.assignments}


@pytest.mark.parametrize("plan_id", [WORD_PLAN, *TEXT_PLANS])
def test_a_pdf_gives_the_same_assignments_as_the_file_it_was_printed_from(pdfs, registry, plan_id):
    pdf, source = pdfs[plan_id]
    assert detect_format(pdf) == "pdf"
    from_pdf, from_source = read_plan(pdf, registry), read_plan(source, registry)
    assert from_pdf.reader == "pdf"
    assert _assignments(from_pdf) == _assignments(from_source)
    assert [(t.number, t.deadline, t.ongoing) for t in from_pdf.tasks] == \
        [(t.number, t.deadline, t.ongoing) for t in from_source.tasks]
    assert from_pdf.title == from_source.title


def test_a_ruled_table_reads_cell_for_cell_across_pages(pdfs, registry):
    """Work items from merged cells, and descriptions whole where the page break cut their row; a space
    written where a line wrapped (``2.0 系统`` at a line end) is the only difference the PDF keeps no trace of."""
    pdf, source = pdfs[WORD_PLAN]
    from_pdf, from_docx = read_plan(pdf, registry), read_plan(source, registry)

    def cells(plan):
        return [(t.work_item, re.sub(r"\s", "", t.description)) for t in plan.tasks]

    assert cells(from_pdf) == cells(from_docx)
    joined = [f for f in from_pdf.findings if f.code == "pdf-row-across-pages"]
    assert joined and all(re.match(r"page \d+ table row \d+: the row goes on at the top of page \d+", f.render("en"))
                      for f in joined)
    assert not [f for f in from_pdf.findings if f.code == "stray-row"]  # no header row read as a task row


@pytest.mark.parametrize("plan_id", [WORD_PLAN, TEXT_PLANS[0]])
def test_page_numbers_and_running_headers_are_dropped_and_said_so(pdfs, registry, plan_id):
    plan = read_plan(pdfs[plan_id][0], registry)
    codes = {f.code: f for f in plan.findings}
    assert "pdf-page-numbers" in codes and codes["pdf-running-line"].text == RUNNING_HEADER
    written = " ".join([plan.title, *(t.description + t.work_item for t in plan.tasks)])
    assert RUNNING_HEADER not in written and not re.search(r"- \d+ -", written)


def test_findings_name_the_page_and_line(pdfs, registry):
    plan = read_plan(pdfs[TEXT_PLANS[1]][0], registry)
    not_tasks = [f for f in plan.findings if f.code == "measure-without-units"]
    assert not_tasks and all(re.match(r"page \d+ line \d+: ", f.render("en")) for f in not_tasks)
    merged = next(f for f in read_plan(pdfs[WORD_PLAN][0], registry).findings if f.code == "work-item-merged")
    assert re.match(r"page 1 table row \d+: task \d+", merged.render("en"))


def test_kg_query_assignments_is_the_same_for_the_pdf(pdfs, tmp_path):
    pdf, source = pdfs[TEXT_PLANS[1]]
    tables = []
    for name, path in (("pdf", pdf), ("txt", source)):
        built = kg("build", str(path), "--out", str(tmp_path / name))
        assert built.returncode == 0, built.stderr
        assert f"按 {name if name == 'pdf' else 'inline'} 读取" in built.stdout
        tables.append(kg("query", "assignments", "-g", str(tmp_path / name), "-f", "csv").stdout)
    assert tables[0] == tables[1] and tables[0].count("\n") > 20


def _scanned_page(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 580, 180), outline="black", width=4)
    image.save(tmp_path / "page.png")
    return tmp_path / "page.png"


@pytest.mark.usefixtures("english")
def test_a_scanned_pdf_is_a_one_line_error(tmp_path):
    """A PDF of images only (a scan): kg says what it is and what to do, and writes nothing."""
    import docx

    document = docx.Document()
    document.add_picture(str(_scanned_page(tmp_path)))
    document.save(tmp_path / "scan.docx")
    scan = libreoffice(tmp_path / "scan.docx", "pdf", tmp_path / "out")
    result = kg("build", str(scan), "--out", str(tmp_path / "graph"))
    one_line_error(result, "scan.pdf", "no text layer", "OCR")
    assert not (tmp_path / "graph").exists()


def test_a_page_holding_only_its_number_is_read_as_empty(tmp_path, registry):
    """The last page of a plan printed with page numbers and no header: one line, its number (it was read
    twice, as the page's first and last line)."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for line in (DATA / "inline.txt").read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("")  # a last page with nothing on it but its number
    pdf = libreoffice(with_page_furniture(document, tmp_path / "inline.docx", header=None), "pdf", tmp_path)
    plan, text = read_plan(pdf, registry), read_plan(DATA / "inline.txt", registry)
    assert _assignments(plan) == _assignments(text)
    codes = [f.code for f in plan.findings]
    assert "pdf-page-numbers" in codes and "pdf-page-without-text" not in codes


def _two_row_header_plan(path):
    """A task table whose header takes two rows (进度安排 over two period columns), 40 rows over pages."""
    import docx

    document = docx.Document()
    document.add_paragraph("某县2023年优化营商环境实施方案")
    table = document.add_table(rows=2, cols=6)
    table.style = "Table Grid"
    for column, title in enumerate(["序号", "重点任务", "牵头单位", "配合单位", "进度安排", ""]):
        table.rows[0].cells[column].text = title
    for column in range(4):
        table.rows[0].cells[column].merge(table.rows[1].cells[column])
    table.rows[0].cells[4].merge(table.rows[0].cells[5])
    table.rows[1].cells[4].text, table.rows[1].cells[5].text = "1月-6月", "7月-12月"
    units = ["县发展改革委", "县财政局", "县市场监管局", "县交通局"]
    for number in range(1, 41):
        cells = table.add_row().cells
        values = [str(number), f"推进第{number}项重点工作，" + "完善工作机制，加强协调配合，" * (number % 3 + 1),
                  units[number % 4], f"{units[(number + 1) % 4]}、各乡镇（街道）", f"完成第{number}项前期工作",
                  f"全面完成第{number}项"]
        for cell, value in zip(cells, values):
            cell.text = value
    return with_page_furniture(document, path, header_rows=2)


def test_a_two_row_table_header_repeated_on_each_page_is_read_once(tmp_path, registry):
    source = _two_row_header_plan(tmp_path / "two-rows.docx")
    pdf = libreoffice(source, "pdf", tmp_path / "out")
    from_pdf, from_docx = read_plan(pdf, registry), read_plan(source, registry)
    assert len(from_docx.tasks) == 40 and _assignments(from_pdf) == _assignments(from_docx)
    assert [(t.work_item, [m.text for m in t.milestones]) for t in from_pdf.tasks] == \
        [(t.work_item, [m.text for m in t.milestones]) for t in from_docx.tasks]
    assert [p.label for p in from_pdf.periods] == ["1月-6月", "7月-12月"]
    assert not [f for f in from_pdf.findings if f.code == "stray-row"]


@pytest.mark.usefixtures("english")
def test_a_pdf_whose_fonts_carry_no_character_map_is_a_one_line_error(pdfs, tmp_path):
    """Without /ToUnicode maps the text layer gives glyph numbers ((cid:12)), not characters: kg says
    so, rather than read nothing and blame the plan. Made by renaming the maps' key in a LibreOffice
    PDF (same length, so the file stays whole)."""
    data = pdfs[TEXT_PLANS[1]][0].read_bytes()
    assert b"/ToUnicode" in data
    unmapped = tmp_path / "unmapped.pdf"
    unmapped.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))
    result = kg("build", str(unmapped), "--out", str(tmp_path / "graph"))
    one_line_error(result, "unmapped.pdf", "no character map", "OCR")
    assert not (tmp_path / "graph").exists()


def test_a_few_characters_without_a_map_are_kept_and_warned_of(pdfs, tmp_path, registry):
    """Only the Latin font (digits) loses its map: the plan is read, each page with such characters named."""
    first, rest = pdfs[TEXT_PLANS[1]][0].read_bytes().split(b"/ToUnicode", 1)
    partly = tmp_path / "partly.pdf"
    partly.write_bytes(first + b"/ToUnicodX" + rest)
    plan = read_plan(partly, registry)
    warned = [f for f in plan.findings if f.code == "pdf-unmapped-characters"]
    assert plan.tasks and warned and all(re.match(r"page \d+: \d+ character", f.render("en")) for f in warned)


@pytest.mark.parametrize("damage", ["cut in half", "50 bytes changed"])
def test_a_damaged_pdf_says_one_line_at_most(pdfs, tmp_path, damage):
    """pdfminer logs each damaged object it steps over; a planner sees kg's one line, or a built graph."""
    import random

    data = bytearray(pdfs[TEXT_PLANS[0]][0].read_bytes())
    if damage == "cut in half":
        data = data[:len(data) // 2]
    else:
        chance = random.Random(1)
        for _ in range(50):
            data[chance.randrange(len(data))] = chance.randrange(256)
    (tmp_path / "damaged.pdf").write_bytes(bytes(data))
    result = kg("build", str(tmp_path / "damaged.pdf"), "--out", str(tmp_path / "graph"))
    if damage == "cut in half" or result.returncode:
        one_line_error(result, "damaged.pdf")
    else:
        assert result.stderr == ""


def test_damaged_pdfs_are_read_or_an_input_error_with_nothing_on_stderr(pdfs, registry, tmp_path, capfd):
    """40 copies of a printed plan, cut anywhere or with bytes changed: each is read or is kg's one error
    (a PDF that fails again while being closed included), and pdfminer's logs stay off stderr."""
    import random

    from kg.errors import InputError

    data, chance = pdfs[TEXT_PLANS[1]][0].read_bytes(), random.Random(1)
    for attempt in range(40):
        damaged = bytearray(data[:chance.randrange(len(data))] if attempt % 3 == 0 else data)
        for _ in range(0 if attempt % 3 == 0 else chance.randrange(1, 60)):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        (tmp_path / "damaged.pdf").write_bytes(bytes(damaged))
        try:
            read_plan(tmp_path / "damaged.pdf", registry)
        except InputError:
            pass
    assert capfd.readouterr().err == ""


def test_a_scanned_page_in_a_text_pdf_is_a_warning_naming_it(tmp_path, registry):
    """The plan's text, then a page that is only a picture (a signed page scanned in): read, and said."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for line in (DATA / "inline.txt").read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    document.add_picture(str(_scanned_page(tmp_path)))
    document.save(tmp_path / "signed.docx")
    plan = read_plan(libreoffice(tmp_path / "signed.docx", "pdf", tmp_path / "out"), registry)
    assert _assignments(plan) == _assignments(read_plan(DATA / "inline.txt", registry))
    warned = [f.render("en") for f in plan.findings if f.code == "pdf-page-without-text"]
    assert len(warned) == 1 and re.match(r"page \d+ has no text", warned[0])
