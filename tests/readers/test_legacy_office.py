"""Files older offices keep: Excel 97 .xls (and WPS .et, the same format), OpenDocument .ods, Word 97
.doc (and WPS .wps) and .odt, each saved by LibreOffice from a table or plan the other tests read. They read into
what the original gives; a missing LibreOffice is a one-line error saying what to install.

The saved files are kept in tests/data/rendered (printed by scripts/render-test-files from the recipes in
tests/office.py); tests/test_rendered.py saves the .xls and .ods afresh and checks they read as the kept ones.
Reading a .doc, .wps, .odt or web page still starts LibreOffice: that is how kg reads them."""
from __future__ import annotations

import hashlib
import shutil

import pytest

from kg.errors import InputError
from kg.readers import detect_format, read_plan

from ..conftest import DATA
from ..office import rendered
from ..process import kg, one_line_error
from .test_grids import EXPECTED, _workbook

WORD_PLAN = DATA / "realplans" / "docs" / "province-tianjin-2023-yshj-zrqd.docx"


@pytest.fixture(scope="session")
def saved(tmp_path_factory):
    """The grid tests' workbook as .xls, .et, .ods and a web page named .xls, and the real Word plan as
    .odt, .doc, .wps and a web page named .doc."""
    folder = tmp_path_factory.mktemp("legacy")
    made = {kind: rendered(f"plan-table.{kind}") for kind in ("xls", "ods")}
    made["et"] = shutil.copy(made["xls"], folder / "plan-table.et")
    made["odt"] = rendered("province-tianjin-2023-yshj-zrqd.odt")
    made["doc"] = rendered("province-tianjin-2023-yshj-zrqd.doc")
    made["wps"] = shutil.copy(made["doc"], folder / "plan.wps")
    made["html.xls"], made["html.doc"] = rendered("export.xls"), rendered("export.doc")
    return made


def _tasks(plan) -> dict:
    return {t.number: (t.section, t.work_item, t.deadline, t.ongoing,
                       [(a.role, a.written) for a in t.assignments if a.stated]) for t in plan.tasks}


@pytest.mark.parametrize("kind, fmt", [("xls", "xls"), ("et", "xls"), ("ods", "ods")])
def test_an_old_or_open_sheet_reads_into_the_same_tasks_as_the_xlsx(saved, registry, kind, fmt):
    assert detect_format(saved[kind]) == fmt  # by the bytes: an .et is an Excel 97 file
    plan = read_plan(saved[kind], registry)
    assert (plan.reader, plan.title, plan.year) == (fmt, "某市2023年优化营商环境重点任务清单", 2023)
    assert _tasks(plan) == EXPECTED


def test_xls_keeps_merged_cells(saved, registry):
    plan = read_plan(saved["xls"], registry)
    assert [f.task for f in plan.findings if f.code == "work-item-merged"] == [2]


def test_ods_says_its_merged_cells_are_unknown_and_the_work_item_is_carried(saved, registry):
    """calamine gives no merged ranges for .ods: the empty cell under a merge is carried down, and said so."""
    plan = read_plan(saved["ods"], registry)
    codes = {f.code: f for f in plan.findings}
    assert "merged-cells-unknown" in codes and "Sheet" in codes["merged-cells-unknown"].render("en")
    assert codes["work-item-carried"].task == 2


@pytest.mark.parametrize("kind", ["doc", "wps", "odt", "html.doc"])
def test_a_word97_wps_or_odt_file_reads_as_its_docx(saved, registry, kind):
    assert detect_format(saved[kind]) == "doc"
    plan, original = read_plan(saved[kind], registry), read_plan(WORD_PLAN, registry)
    assert plan.reader == "doc" and plan.source_name == saved[kind].name
    assert plan.sha256 == hashlib.sha256(saved[kind].read_bytes()).hexdigest()  # the file given, not the copy
    assert {(t.number, a.role, a.written) for t in plan.tasks for a in t.assignments} == \
        {(t.number, a.role, a.written) for t in original.tasks for a in t.assignments}


def test_a_web_page_saved_as_xls_reads_through_libreoffice(saved, registry):
    """The same table as an HTML page named .xls: LibreOffice makes it a workbook, merged cells kept. The
    date cell comes as text in the page's date format, which kg does not guess: kept with a finding."""
    assert detect_format(saved["html.xls"]) == "xls"
    plan = read_plan(saved["html.xls"], registry)
    expected = {**EXPECTED, 1: (*EXPECTED[1][:2], None, *EXPECTED[1][3:])}
    assert plan.reader == "xls" and _tasks(plan) == expected
    assert [f.task for f in plan.findings if f.code == "work-item-merged"] == [2]
    assert {f.task for f in plan.findings if f.code == "deadline-unread"} == {1, 4}


@pytest.mark.parametrize("kind, package", [("doc", "libreoffice-writer-nogui"),
                                           ("html.xls", "libreoffice-calc-nogui")])
def test_without_libreoffice_it_is_a_one_line_error_saying_what_to_install(saved, tmp_path, kind, package):
    result = kg("build", str(saved[kind]), "--out", str(tmp_path / "graph"), env={"PATH": str(tmp_path)})
    one_line_error(result, "LibreOffice", package)
    assert not (tmp_path / "graph").exists()


@pytest.mark.parametrize("name", ["plan.xls", "plan.et", "plan.ods", "plan.doc", "plan.wps", "plan.pdf"])
@pytest.mark.usefixtures("english")
def test_a_damaged_office_file_is_a_one_line_error(tmp_path, registry, name):
    path = tmp_path / name
    path.write_bytes("这不是一个文件".encode())
    with pytest.raises(InputError, match="not a readable .*damaged or of another kind"):
        read_plan(path, registry)


@pytest.mark.parametrize("kind", ["xls", "doc"])
def test_a_cut_word_or_excel_97_file_is_refused_by_its_bytes_without_libreoffice(saved, tmp_path, kind):
    """A cut OLE2 file loses its directory (the stream names): its header says so, so kg refuses it at once
    rather than starting LibreOffice to find out."""
    data = saved[kind].read_bytes()
    for share in (0, 1, 300, 600, 900):  # the cuts that take the directory (a workbook keeps it near its end)
        path = tmp_path / f"cut-{share}.{kind}"
        path.write_bytes(data[:max(512, len(data) * share // 1000)])
        with pytest.raises(InputError, match=f"{path.name}: 不是可读的Word 97 文档（.doc）|{path.name}: 不是可读的Excel 97 工作簿（.xls）"):
            detect_format(path)
    assert detect_format(saved[kind]) == kind


def _damaged(data: bytes, chance) -> bytes:
    if chance.random() < 0.5:
        return data[:chance.randrange(len(data))]  # cut anywhere
    changed = bytearray(data)
    for _ in range(chance.randrange(1, 30)):
        changed[chance.randrange(len(changed))] = chance.randrange(256)
    return bytes(changed)


@pytest.mark.parametrize("kind", ["xlsx", "xls", "ods"])
def test_a_damaged_workbook_is_an_input_error_with_nothing_on_stderr(saved, registry, tmp_path, capfd, kind):
    """calamine may panic on a damaged file, and Rust writes the panic to stderr before Python sees it;
    zipfile raises many kinds on a damaged zip. Each is kg's one error, and stderr stays empty."""
    import random

    source = _workbook(tmp_path / "plan-table.xlsx") if kind == "xlsx" else saved[kind]
    chance = random.Random(9)
    for attempt in range(40):
        path = tmp_path / f"damaged-{attempt}.{kind}"
        path.write_bytes(_damaged(source.read_bytes(), chance))
        try:
            read_plan(path, registry)
        except InputError:
            pass
    assert capfd.readouterr().err == ""
