"""The office's audit page: the trail newest first, filtered by account and kind, with its chain checked."""
from __future__ import annotations

from pathlib import Path

from flask import render_template

from ..errors import KgError
from ..i18n import _
from ..status import audit

__all__ = ["audit_page"]


def audit_page(graph_dir: Path, who: str | None, kind: str | None):
    entries = audit.entries(graph_dir)
    try:
        chain = _("The chain is intact: %(n)d entries, none edited, removed or inserted since it was written") % {
            "n": audit.verify(graph_dir)}
        broken = False
    except KgError as err:
        chain, broken = _("The chain is broken: %(why)s") % {"why": err.message} + f" ({Path(err.path or '').name}:{err.line})", True
    people = sorted({e.get("who", "") for e in entries} - {""})
    kinds = {k: audit.kind_label(k) for k in sorted({e.get("action", "") for e in entries})}
    shown = [e for e in reversed(entries) if (not who or e.get("who") == who) and (not kind or e.get("action") == kind)]
    return render_template("audit.html", lines=shown, total=len(entries), people=people, kinds=kinds, who=who or "",
                           kind=kind or "", chain=chain, broken=broken, label=audit.kind_label, details=audit.detail_text)
