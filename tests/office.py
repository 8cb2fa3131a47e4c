"""Office files made as offices make them: LibreOffice (headless) saves a plan as PDF, .doc, .xls or .ods,
and a Word file gets what a printed plan has on every page (a running header, a page number in the
footer, the task table's header row repeated).

The files the reader tests read are made once, by ``scripts/render-test-files``, from the recipes in
:data:`RECIPES`, and kept in ``tests/data/rendered/`` with ``SOURCES.json`` (what each was made from):
a LibreOffice start costs a second of CPU, and the suite would start it thirteen times. The suite
checks that the kept files are still made from the sources as they are now (``test_rendered.py``),
and prints a PDF, an .xls and an .ods afresh, which must read as the kept ones.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

__all__ = ["libreoffice", "libreoffice_at_once", "with_page_furniture", "RUNNING_HEADER", "RENDERED", "RECIPES", "rendered", "digest"]

DATA = Path(__file__).parent / "data"
DOCS = DATA / "realplans" / "docs"
RENDERED = DATA / "rendered"
WORD_PLAN = DOCS / "province-tianjin-2023-yshj-zrqd.docx"  # a 129-row ruled table over 21 pages

RUNNING_HEADER = "某某市人民政府办公室文件"


def libreoffice(source: Path, target: str, folder: Path) -> Path:
    """``source`` saved by LibreOffice as ``target`` (pdf, doc, xls, ods, …) in ``folder``."""
    return libreoffice_at_once([(source, target, folder)])[0]


def libreoffice_at_once(jobs: list[tuple[Path, str, Path]]) -> list[Path]:
    """Each (source, target, folder) of ``jobs`` saved as :func:`libreoffice` saves it, each by a LibreOffice of
    its own (its own profile), all started at once: one waits for its disk while another works."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed: scripts/test installs libreoffice-writer-nogui and -calc-nogui"
    running = []
    for source, target, folder in jobs:
        folder.mkdir(parents=True, exist_ok=True)
        running.append(subprocess.Popen(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
             "--convert-to", target, "--outdir", str(folder), str(source)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    made = []
    for process, (source, target, folder) in zip(running, jobs):
        _, err = process.communicate(timeout=180)
        assert process.returncode == 0, f"LibreOffice failed on {source}: {err[-500:]!r}"
        out = folder / f"{source.stem}.{target}"
        assert out.is_file(), f"LibreOffice made no {target} of {source}"
        made.append(out)
    return made


def with_page_furniture(document, out: Path, header: str | None = RUNNING_HEADER, header_rows: int = 1) -> Path:
    """Save a python-docx ``document`` with a running ``header``, ``- N -`` page numbers in the footer and
    each table's first ``header_rows`` rows repeated at the top of every page, as printed plans have them."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    for section in document.sections:
        if header:
            section.header.paragraphs[0].text = header
        footer = section.footer.paragraphs[0]
        footer.add_run("- ")
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r>'
                                   f'</w:fldSimple>'))
        footer.add_run(" -")
    for table in document.tables:
        for row in table.rows[:header_rows]:
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")} w:val="true"/>'))
            assert tr_pr.find(qn("w:tblHeader")) is not None
    document.save(out)
    return out


# ---- the sources LibreOffice prints: each made in ``folder`` by plain Python (python-docx, openpyxl)

def _printed_word_plan(folder: Path) -> Path:
    import docx

    return with_page_furniture(docx.Document(str(WORD_PLAN)), folder / WORD_PLAN.name)


def _lines_as_paragraphs(folder: Path) -> Path:
    """city-sanya's text, each line a paragraph (its real line breaks), printed with page furniture."""
    import docx

    document = docx.Document()
    for line in (DOCS / "city-sanya-2023-yshj.txt").read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    return with_page_furniture(document, folder / "city-sanya-2023-yshj.docx")


def _national_text(folder: Path) -> Path:
    """printed straight from the text, as LibreOffice opens it"""
    return Path(shutil.copy(DOCS / "national-gov-2019-zbq.txt", folder / "national-gov-2019-zbq.txt"))


def scanned_page(path: Path) -> Path:
    """A picture of a page: a ruled box and no text."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 580, 180), outline="black", width=4)
    image.save(path)
    return path


def _scan(folder: Path) -> Path:
    """A PDF of images only (a scan)."""
    import docx

    document = docx.Document()
    document.add_picture(str(scanned_page(folder / "page.png")))
    document.save(folder / "scan.docx")
    return folder / "scan.docx"


def _inline_document(end: Callable):
    """tests/data/inline.txt as paragraphs, a page break, then what ``end`` adds to the document."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for line in (DATA / "inline.txt").read_text(encoding="utf-8").split("\n"):
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    end(document)
    return document


def _numbered_last_page(folder: Path) -> Path:
    """tests/data/inline.txt printed with page numbers and no header, its last page holding only its number."""
    document = _inline_document(lambda d: d.add_paragraph(""))  # a last page with nothing on it but its number
    return with_page_furniture(document, folder / "inline.docx", header=None)


def _signed(folder: Path) -> Path:
    """tests/data/inline.txt, then a page that is only a picture (a signed page scanned in)."""
    document = _inline_document(lambda d: d.add_picture(str(scanned_page(folder / "page.png"))))
    document.save(folder / "signed.docx")
    return folder / "signed.docx"


def two_row_header_plan(path: Path) -> Path:
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


def _two_rows(folder: Path) -> Path:
    return two_row_header_plan(folder / "two-rows.docx")


def _grid_workbook(folder: Path) -> Path:
    from .readers.test_grids import _workbook

    return _workbook(folder / "plan-table.xlsx")


def _word_plan(folder: Path) -> Path:
    return Path(shutil.copy(WORD_PLAN, folder / WORD_PLAN.name))


@dataclass(frozen=True)
class Recipe:
    """``name`` in tests/data/rendered is ``source`` (made by ``make`` in a folder) saved by LibreOffice as
    ``target``; ``after`` names a kept file to print instead of a made source (.doc is printed from .odt)."""
    name: str
    target: str
    make: Callable[[Path], Path] | None = None
    after: str | None = None


RECIPES = [
    # tests/readers/test_pdf.py: the real plans as printed, and the page layouts a printed plan may have
    Recipe("province-tianjin-2023-yshj-zrqd.pdf", "pdf", _printed_word_plan),
    Recipe("city-sanya-2023-yshj.pdf", "pdf", _lines_as_paragraphs),
    Recipe("national-gov-2019-zbq.pdf", "pdf", _national_text),
    Recipe("scan.pdf", "pdf", _scan),
    Recipe("inline.pdf", "pdf", _numbered_last_page),
    Recipe("signed.pdf", "pdf", _signed),
    Recipe("two-rows.pdf", "pdf", _two_rows),
    # tests/readers/test_legacy_office.py: the grid tests' workbook and the real Word plan in older formats
    Recipe("plan-table.xls", "xls", _grid_workbook),
    Recipe("plan-table.ods", "ods", _grid_workbook),
    # by way of .odt: LibreOffice 7.4 saving this .docx straight as .doc loses its table (the .doc holds one
    # paragraph of all the cells); from .odt the table is kept, as a .doc from Word keeps it
    Recipe("province-tianjin-2023-yshj-zrqd.odt", "odt", _word_plan),
    Recipe("province-tianjin-2023-yshj-zrqd.doc", "doc", after="province-tianjin-2023-yshj-zrqd.odt"),
    # web pages saved under office names, as many government systems export "Excel" and "Word" files
    Recipe("export.xls", "html", _grid_workbook),
    Recipe("export.doc", "html", _word_plan),
]


def rendered(name: str) -> Path:
    """A kept file of tests/data/rendered."""
    path = RENDERED / name
    assert path.is_file(), f"{path} is missing: run scripts/render-test-files"
    return path


def digest(path: Path) -> str:
    """What a source holds, whatever day it was saved: a .docx or .xlsx by its parts, less docProps/core.xml
    (python-docx and openpyxl stamp the time there, and zip stamps each part's time), other files by bytes."""
    sha = hashlib.sha256()
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(archive.namelist()):
                if name != "docProps/core.xml":
                    sha.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    else:
        sha.update(path.read_bytes())
    return sha.hexdigest()


def sources(folder: Path, kept: Path = RENDERED) -> dict[str, Path]:
    """Each recipe's source, made in its own subfolder of ``folder`` (for those printed ``after`` another,
    that file in ``kept``)."""
    return {recipe.name: kept / recipe.after if recipe.after else recipe.make(_fresh(folder / recipe.name))
            for recipe in RECIPES}


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def manifest(made: dict[str, Path]) -> dict:
    """SOURCES.json: for each kept file, its source's name and digest."""
    return {recipe.name: {"target": recipe.target, "source": made[recipe.name].name,
                          "digest": digest(made[recipe.name])} for recipe in RECIPES}


def render_all(folder: Path, out: Path = RENDERED) -> None:
    """Make every source in ``folder``, print each with LibreOffice into ``out``, write out/SOURCES.json."""
    out.mkdir(parents=True, exist_ok=True)
    made = sources(folder, kept=out)
    for recipe in RECIPES:  # in order: a file printed ``after`` another is printed once that one is kept
        printed = libreoffice(made[recipe.name], recipe.target, folder / "out" / recipe.name)
        shutil.copy(printed, out / recipe.name)
    version = subprocess.run([shutil.which("soffice"), "--version"], capture_output=True, text=True).stdout.strip()
    (out / "SOURCES.json").write_text(json.dumps({"libreoffice": version, "files": manifest(made)},
                                                 ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
