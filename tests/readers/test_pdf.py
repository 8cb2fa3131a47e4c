"""PDF plans, as LibreOffice prints the real plans: a Word file with its ruled task table, and text plans
with their real line breaks, each with a running header, page numbers and the table's header row on every
page. The PDF must give what the .docx or .txt gives.

The PDFs are kept in tests/data/rendered (printed by scripts/render-test-files from the recipes in
tests/office.py); tests/test_rendered.py prints one (two-rows.pdf) afresh: it must read as the kept one."""
from __future__ import annotations

import re

import pytest

from kg.readers import detect_format, read_plan

from ..conftest import DATA
from ..office import RUNNING_HEADER, rendered, two_row_header_plan
from ..process import kg, one_line_error

DOCS = DATA / "realplans" / "docs"
WORD_PLAN = "province-tianjin-2023-yshj-zrqd"  # a 129-row ruled table over 21 pages, merged cells cut by pages
TEXT_PLANS = ("city-sanya-2023-yshj", "national-gov-2019-zbq")


@pytest.fixture(scope="module")
def pdfs():
    """plan id -> (the PDF, the file it was printed from)."""
    return {WORD_PLAN: (rendered(f"{WORD_PLAN}.pdf"), DOCS / f"{WORD_PLAN}.docx"),
            **{plan: (rendered(f"{plan}.pdf"), DOCS / f"{plan}.txt") for plan in TEXT_PLANS}}


@pytest.fixture(scope="module")
def read(registry):
    """read_plan of a file, read once for the module: several tests look at the same PDF's reading."""
    plans = {}

    def read(path):
        if path not in plans:
            plans[path] = read_plan(path, registry)
        return plans[path]

    return read


def _assignments(plan) -> set[tuple]:
    return {(t.number, a.role, a.written, a.stated) for t in plan.tasks for a in t.assignments}


@pytest.mark.parametrize("plan_id", [WORD_PLAN, *TEXT_PLANS])
def test_a_pdf_gives_the_same_assignments_as_the_file_it_was_printed_from(pdfs, read, plan_id):
    pdf, source = pdfs[plan_id]
    assert detect_format(pdf) == "pdf"
    from_pdf, from_source = read(pdf), read(source)
    assert from_pdf.reader == "pdf"
    assert _assignments(from_pdf) == _assignments(from_source)
    assert [(t.number, t.deadline, t.ongoing) for t in from_pdf.tasks] == \
        [(t.number, t.deadline, t.ongoing) for t in from_source.tasks]
    assert from_pdf.title == from_source.title


def test_a_ruled_table_reads_cell_for_cell_across_pages(pdfs, read):
    """Work items from merged cells, and descriptions whole where the page break cut their row; a space
    written where a line wrapped (``2.0 系统`` at a line end) is the only difference the PDF keeps no trace of."""
    pdf, source = pdfs[WORD_PLAN]
    from_pdf, from_docx = read(pdf), read(source)

    def cells(plan):
        return [(t.work_item, re.sub(r"\s", "", t.description)) for t in plan.tasks]

    assert cells(from_pdf) == cells(from_docx)
    joined = [f for f in from_pdf.findings if f.code == "pdf-row-across-pages"]
    assert joined and all(re.match(r"page \d+ table row \d+: the row goes on at the top of page \d+", f.render("en"))
                      for f in joined)
    assert not [f for f in from_pdf.findings if f.code == "stray-row"]  # no header row read as a task row


@pytest.mark.parametrize("plan_id", [WORD_PLAN, TEXT_PLANS[0]])
def test_page_numbers_and_running_headers_are_dropped_and_said_so(pdfs, read, plan_id):
    plan = read(pdfs[plan_id][0])
    codes = {f.code: f for f in plan.findings}
    assert "pdf-page-numbers" in codes and codes["pdf-running-line"].text == RUNNING_HEADER
    written = " ".join([plan.title, *(t.description + t.work_item for t in plan.tasks)])
    assert RUNNING_HEADER not in written and not re.search(r"- \d+ -", written)


def test_findings_name_the_page_and_line(pdfs, read):
    plan = read(pdfs[TEXT_PLANS[1]][0])
    not_tasks = [f for f in plan.findings if f.code == "measure-without-units"]
    assert not_tasks and all(re.match(r"page \d+ line \d+: ", f.render("en")) for f in not_tasks)
    merged = next(f for f in read(pdfs[WORD_PLAN][0]).findings if f.code == "work-item-merged")
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


@pytest.mark.usefixtures("english")
def test_a_scanned_pdf_is_a_one_line_error(tmp_path):
    """A PDF of images only (a scan): kg says what it is and what to do, and writes nothing."""
    scan = rendered("scan.pdf")
    result = kg("build", str(scan), "--out", str(tmp_path / "graph"))
    one_line_error(result, "scan.pdf", "no text layer", "OCR")
    assert not (tmp_path / "graph").exists()


def test_a_page_holding_only_its_number_is_read_as_empty(registry):
    """The last page of a plan printed with page numbers and no header: one line, its number (it was read
    twice, as the page's first and last line). (tests/data/inline.txt so printed: tests/office.py)"""
    plan, text = read_plan(rendered("inline.pdf"), registry), read_plan(DATA / "inline.txt", registry)
    assert _assignments(plan) == _assignments(text)
    codes = [f.code for f in plan.findings]
    assert "pdf-page-numbers" in codes and "pdf-page-without-text" not in codes


def test_a_two_row_table_header_repeated_on_each_page_is_read_once(tmp_path, registry):
    """A task table whose header takes two rows (进度安排 over two period columns), 40 rows over pages."""
    source = two_row_header_plan(tmp_path / "two-rows.docx")
    pdf = rendered("two-rows.pdf")  # that file printed
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


# Copies of the kept national PDF, cut anywhere (every third) or with bytes changed, in the order a seeded random
# sequence makes them; read, each of these reaches a different end (pdfminer.six 20260107, pdfplumber 0.11.10):
DAMAGE_KINDS = {0: "cut: pdfplumber cannot open it", 4: "a content stream breaks while its pages are read",
                7: "its fonts lose their character maps", 10: "read whole", 16: "read in part (one task left)",
                17: "no text left: said to be a scan", 49: "closing it fails again after its error (PdfminerException)",
                166: "closing it fails again after its error (MalformedPDFException)"}


def test_damaged_pdfs_are_read_or_an_input_error_with_nothing_on_stderr(pdfs, registry, tmp_path, capfd):
    """Copies of a printed plan, cut anywhere or with bytes changed: each is read or is kg's one error
    (a PDF that fails again while being closed included), and pdfminer's logs stay off stderr. One copy of
    each kind in DAMAGE_KINDS is read: the first 40 of the sequence held no copy whose closing fails, and
    the 33 others of them reached the same ends as these (a second of CPU each)."""
    import random

    from kg.errors import InputError

    data, chance = pdfs[TEXT_PLANS[1]][0].read_bytes(), random.Random(1)
    for attempt in range(max(DAMAGE_KINDS) + 1):
        damaged = bytearray(data[:chance.randrange(len(data))] if attempt % 3 == 0 else data)
        for _ in range(0 if attempt % 3 == 0 else chance.randrange(1, 60)):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        if attempt not in DAMAGE_KINDS:
            continue
        (tmp_path / "damaged.pdf").write_bytes(bytes(damaged))
        try:
            read_plan(tmp_path / "damaged.pdf", registry)
        except InputError:
            pass
    assert capfd.readouterr().err == ""


def test_a_scanned_page_in_a_text_pdf_is_a_warning_naming_it(registry):
    """The plan's text, then a page that is only a picture (a signed page scanned in): read, and said."""
    plan = read_plan(rendered("signed.pdf"), registry)
    assert _assignments(plan) == _assignments(read_plan(DATA / "inline.txt", registry))
    warned = [f.render("en") for f in plan.findings if f.code == "pdf-page-without-text"]
    assert len(warned) == 1 and re.match(r"page \d+ has no text", warned[0])
