"""Plans no Python library reads well, converted by LibreOffice: Word 97 (.doc), WPS (.wps), .odt and RTF
to .docx, and a web page saved as .xls (what many government systems export as "Excel") to .xlsx.

LibreOffice, run headless, reads these as an office does. Each conversion runs in its own temporary
folder with its own user profile (so conversions run side by side and never touch a desktop
LibreOffice), and within a time bound.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from .detect import OLE_MAGIC

__all__ = ["convert", "TIMEOUT"]

#: Seconds a conversion may take: a long plan converts in a few seconds, a first start in about ten.
TIMEOUT = 120
#: Per target: LibreOffice's export filter, the Debian package that brings it, what to save as instead.
TARGETS = {"docx": ("docx:MS Word 2007 XML", "libreoffice-writer-nogui", ".docx"),
           "xlsx": ("xlsx:Calc Office Open XML", "libreoffice-calc-nogui", ".xlsx")}


def _soffice(path: Path, target: str) -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        _filter, package, instead = TARGETS[target]
        raise InputError(_("reading %(suffix)s files needs LibreOffice, which is not installed")
                         % {"suffix": path.suffix or _("such")}, path=path,
                         fix=_("install LibreOffice (Debian/Ubuntu: apt-get install %(package)s), or save the plan "
                               "as %(instead)s") % {"package": package, "instead": instead})
    return found


def _suffix(path: Path, target: str) -> str:
    """The name LibreOffice is given, by the bytes: a WPS file or an RTF saved as .doc, a web page saved as
    .doc or .xls, each opens in the right application with the right filter."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        return ".doc" if target == "docx" else ".xls"
    if head.startswith(b"PK"):
        return ".odt" if target == "docx" else ".ods"
    if head.lstrip().startswith(b"{\\rtf"):
        return ".rtf"
    return ".doc" if target == "docx" else ".xls"  # a web page or XML: the application goes by the name


def convert(path: Path, folder: Path, target: str = "docx") -> Path:
    """``path`` as a ``target`` file (docx or xlsx) in ``folder`` (a temporary folder the caller owns)."""
    soffice = _soffice(path, target)
    source = folder / f"plan{_suffix(path, target)}"
    shutil.copyfile(path, source)
    out = folder / "out"
    command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", TARGETS[target][0], "--outdir", str(out), str(source)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # soffice starts soffice.bin: end the whole group
        process.communicate()
        raise InputError(_("LibreOffice did not convert the file within %(seconds)s s") % {"seconds": TIMEOUT},
                         path=path, fix=_("open it in Word, WPS or LibreOffice and save it as %(kind)s")
                         % {"kind": TARGETS[target][2]}) from None
    converted = out / f"plan.{target}"
    if process.returncode != 0 or not converted.is_file():
        why = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise InputError(_("LibreOffice could not convert the file (%(why)s)") % {"why": why[0][:80]}, path=path,
                         fix=_("check that it opens in Word, WPS or Excel, then save it as %(kind)s")
                         % {"kind": TARGETS[target][2]})
    return converted
