"""Office files made as offices make them: LibreOffice (headless) saves a plan as PDF, .doc, .xls or .ods,
and a Word file gets what a printed plan has on every page (a running header, a page number in the
footer, the task table's header row repeated)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

__all__ = ["libreoffice", "with_page_furniture", "RUNNING_HEADER"]

RUNNING_HEADER = "某某市人民政府办公室文件"


def libreoffice(source: Path, target: str, folder: Path) -> Path:
    """``source`` saved by LibreOffice as ``target`` (pdf, doc, xls, ods, …) in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed: scripts/test installs libreoffice-writer-nogui and -calc-nogui"
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", target, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    out = folder / f"{source.stem}.{target}"
    assert out.is_file(), f"LibreOffice made no {target} of {source}"
    return out


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
