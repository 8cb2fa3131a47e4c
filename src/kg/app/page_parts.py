"""What every page of the workbench reads from its request: the workbench, the unit and plan asked for,
the refusal of a write, and files to download.

Kept apart from the pages themselves so that the planner's pages, the office's and the report form
all import it, and none imports another (no circle).
"""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort, current_app, render_template, request, url_for

from ..errors import UsageError
from ..files import BOM
from ..i18n import _
from ..views.sheet_formats import media_type
from .workbench import Workbench

__all__ = ["bench", "node_href", "download", "write_refusal", "unit_node", "plan_arg", "error_page", "local_target"]

#: The media types of the downloads that are no sheet format (a sheet format carries its own:
#: :data:`kg.views.sheet_formats.SHEET_WRITERS`, whose types the office's files in those formats share).
_OTHER_MEDIA = {"json": "application/sparql-results+json"}


def _media(fmt: str) -> str:
    return media_type(fmt) or _OTHER_MEDIA[fmt]


def bench() -> Workbench:
    return current_app.extensions["kg"][0]


def node_href(node: str) -> str:
    """The page of a network node: ``unit/<id>`` or ``<plan>/task/<n>``."""
    if node.startswith("unit/"):
        return url_for("unit", uid=node.removeprefix("unit/"))
    plan, _sep, number = node.rpartition("/task/")
    return url_for("task", plan=plan, number=int(number))


def error_page(title: str, message: str, fix: str = "", status: int = 400):
    """The one page that says what went wrong and what to do, with its status."""
    return render_template("error.html", title=title, message=message, fix=fix), status


def write_refusal():
    """The page that refuses a write (read-only app, or a form without this process's form key), or None."""
    refusal = current_app.extensions["kg"][1].may_write(request.form.get("form_key"))
    return error_page(_("Not recorded"), refusal, status=403) if refusal else None


def download(data: str | bytes, fmt: str, name: str, attachment: bool = True, fallback: str = "") -> Response:
    """A file a person saves; a CSV starts with the BOM Excel on Chinese Windows needs (as ``kg`` writes
    CSV files, :data:`kg.files.BOM`). A Chinese ``name`` (县法院.xlsx) is sent as RFC 6266's ``filename*``,
    with the ASCII ``fallback`` for a browser that reads only ``filename``."""
    if fmt == "csv" and not (data.startswith(BOM) if isinstance(data, str) else data.startswith(BOM.encode())):
        data = BOM + data if isinstance(data, str) else BOM.encode() + data
    media = _media(fmt)
    response = Response(data, mimetype=media.split(";")[0], content_type=media)
    if attachment:
        if name.isascii():
            response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        else:
            response.headers["Content-Disposition"] = (f'attachment; filename="{fallback or "download." + fmt}"; '
                                                       f"filename*=UTF-8''{quote(name, safe='')}")
    return response


def local_target(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this app, else ``fallback`` (never a redirect to another site)."""
    target = target or ""
    local = target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target
    return target if local else fallback


def unit_node(uid: str) -> str:
    """The network node of ``/unit/<uid>``; a unit the graph lacks is a 404."""
    node = f"unit/{uid}"
    if node not in bench().net.units:
        abort(404)
    return node


def plan_arg(unit: str | None = None) -> str | None:
    """The plan a page shows (``?plan=``): with several plans, the first that names the unit."""
    wb = bench()
    if len(wb.net.plans) == 1:
        return None
    plan = request.args.get("plan")
    if plan and plan not in wb.net.plans:
        raise UsageError(_("no plan %(plan)r in the graph") % {"plan": plan},
                         fix=_("choose one from the list on the home page"))
    if not plan and unit:
        plan = next((wb.net.tasks[t].plan for t in wb.net.tasks_of(unit)), None)
    return plan or min(wb.net.plans)
