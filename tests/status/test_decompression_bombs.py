"""Office files from users are zips: a small file that unpacks into gigabytes is refused before it is opened,
and no cell may be longer than a spreadsheet cell can be. Nothing is recorded either way."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from kg.errors import InputError
from kg.safe import MAX_CELL, MAX_UNZIPPED
from kg.status.workflow import import_report, load_scheme, template_xlsx

from ..process import kg, one_line_error
from kg.status.columns import canonical

MARK = "BOMBCELL"


def _bomb(template: bytes, path, size: int):
    """A real filled template whose first note cell holds ``size`` bytes of one letter (it compresses ~1000x),
    streamed into the zip so the test never holds it in memory."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book.active
    header = [canonical(c.value) for c in sheet[1]]
    sheet.cell(row=2, column=header.index("颜色 colour") + 1, value="绿")
    sheet.cell(row=2, column=header.index("说明 note") + 1, value=MARK)
    plain = io.BytesIO()
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if MARK.encode() not in data:
                out.writestr(item, data)
                continue
            before, after = data.split(MARK.encode())
            with out.open(item.filename, "w", force_zip64=True) as part:
                part.write(before)
                chunk = b"A" * (1 << 20)
                for _ in range(size >> 20):
                    part.write(chunk)
                part.write(after)
    return path


def _recorded(graph_dir) -> list:
    folder = graph_dir / "status"
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_highly_compressed_cell_is_refused_before_it_is_unpacked(net, graph_dir, tmp_path):
    bomb = _bomb(template_xlsx(net, __import__("datetime").date(2023, 6, 30)), tmp_path / "bomb.xlsx", 64 << 20)
    assert bomb.stat().st_size < 1 << 20  # 64 MB of text in a file under 1 MB
    with pytest.raises(InputError, match="疑为压缩炸弹"):
        import_report(bomb, net, graph_dir, scheme=load_scheme())
    assert _recorded(graph_dir) == []


def test_an_archive_larger_than_the_limit_unpacked_is_refused_by_kg_status_import(net, graph_dir, tmp_path):
    bomb = _bomb(template_xlsx(net, __import__("datetime").date(2023, 6, 30)), tmp_path / "big.xlsx",
                 MAX_UNZIPPED + (8 << 20))
    result = kg("status", "import", str(bomb), "-g", str(graph_dir))
    one_line_error(result, "big.xlsx", "拒收：文件解压后达", "MB")
    assert "MemoryError" not in result.stderr and _recorded(graph_dir) == []


@pytest.mark.parametrize("length", [MAX_CELL + 1, 200000])  # the second is past the CSV reader's own limit
def test_a_cell_longer_than_excel_allows_is_refused(net, graph_dir, tmp_path, length):
    """(openpyxl itself cuts an XLSX cell at Excel's limit; a CSV has none of its own.)"""
    csv = tmp_path / "long.csv"
    csv.write_text("序号,颜色 colour,填报日期 reported,说明 note\n1,绿,2023-06-30," + "说" * length + "\n",
                   encoding="utf-8")
    with pytest.raises(InputError, match="拒收：.*最多32767个字符"):
        import_report(csv, net, graph_dir, scheme=load_scheme())
    assert _recorded(graph_dir) == []


def test_a_plan_that_is_a_decompression_bomb_is_refused(tmp_path):
    bomb = tmp_path / "plan.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        with out.open("word/document.xml", "w") as part:
            for _ in range(8):
                part.write(b" " * (1 << 20))
    result = kg("build", str(bomb), "-o", str(tmp_path / "out"))
    one_line_error(result, "plan.docx", "疑为压缩炸弹")
    assert not (tmp_path / "out").exists()
