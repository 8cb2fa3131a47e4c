"""Word 97 (.doc), WPS (.wps), OpenDocument (.odt) and RTF plans, converted to .docx by LibreOffice.

No Python library reads these formats well; LibreOffice, run headless, reads them as an office
does. Each conversion runs in its own temporary folder with its own user profile (so conversions
run side by side and never touch a desktop LibreOffice), and within a time bound.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from ..errors import InputError
from .detect import OLE_MAGIC

__all__ = ["convert_to_docx", "TIMEOUT"]

#: Seconds a conversion may take: a long plan converts in a few seconds, a first start in about ten.
TIMEOUT = 120
INSTALL = "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-writer-nogui), or save the plan as .docx"


def _soffice(path: Path) -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise InputError(f"reading {path.suffix or 'this'} files needs LibreOffice, which is not installed",
                         path=path, fix=INSTALL)
    return found


def _suffix(path: Path) -> str:
    """The name LibreOffice is given: by the bytes, so a WPS file or an RTF saved as .doc opens right."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        return ".doc"
    if head.startswith(b"PK"):
        return ".odt"
    return ".rtf" if head.lstrip().startswith(b"{\\rtf") else path.suffix.lower()


def convert_to_docx(path: Path, folder: Path) -> Path:
    """``path`` as a .docx in ``folder`` (a temporary folder the caller owns)."""
    soffice = _soffice(path)
    source = folder / f"plan{_suffix(path)}"
    shutil.copyfile(path, source)
    out = folder / "out"
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx", "--outdir", str(out), str(source)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice starts soffice.bin: end the whole group
        process.communicate()
        raise InputError(f"LibreOffice did not convert the file within {TIMEOUT} s", path=path,
                         fix="open it in Word, WPS or LibreOffice and save it as .docx") from None
    converted = out / "plan.docx"
    if process.returncode != 0 or not converted.is_file():
        why = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise InputError(f"LibreOffice could not convert the file ({why[0][:80]})", path=path,
                         fix="check that it opens in Word or WPS, then save it as .docx")
    return converted
