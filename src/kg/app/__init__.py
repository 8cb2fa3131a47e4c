"""``kg app``: the planner's workbench, one local web app over the same graph and store as the CLI.

Flask (server-rendered Jinja pages, a little script) because the pages are forms and tables a
county office prints, not a single-page application, and Jinja is already how kg writes HTML.
Every asset is served from this package; nothing is fetched from the internet.

:mod:`.workbench` holds the graph in memory, :mod:`.search` the search index, :mod:`.guard` who may
do what, :mod:`.pages` the planner's pages, :mod:`.office` the supervision office's and
:mod:`.report_form` a unit's monthly report (recorded exactly as ``kg status import`` records a file).
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from ..errors import KgError, NotFound, UsageError
from .guard import COOKIE, CSP, Guard
from .workbench import Workbench

__all__ = ["create_app", "Guard", "Workbench"]


def create_app(bench: Workbench, guard: Guard):
    import secrets

    from flask import Flask, Response, g, redirect, request

    from ..i18n import _
    from . import access, assets, language, office, pages, report_form
    from .page_parts import error_page
    from .accounts import Accounts

    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(MAX_CONTENT_LENGTH=8 * 1024 * 1024, SESSION_COOKIE_SAMESITE="Strict",
                      TEMPLATES_AUTO_RELOAD=False)
    app.jinja_env.autoescape = True  # every template, whatever its name: source text is data
    app.extensions["kg"] = (bench, guard)
    accounts = Accounts(bench.dir)
    # Sessions outlive a restart once there are accounts (the key is kept in graph/app/secret, 0600).
    app.secret_key = accounts.secret() if accounts.any() else secrets.token_bytes(32)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Strict")
    language.register(app)  # first: every page after it, refusals too, speaks the browser's language

    @app.before_request
    def admit():
        if refused := guard.refusal(request.method, request.headers):  # DNS rebinding, cross-site writes
            return Response(refused + "\n", status=403, mimetype="text/plain")
        bearer = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or None
        given = request.args.get("token")
        if not guard.admits(bearer, request.cookies.get(COOKIE), given):
            return error_page(_("Token required"), _("This workbench is shared with a token."),
                              _("open the link with ?token=… that whoever started it gave you"), 401)
        bench.refresh()
        g.day = _day(bench)
        if given:  # the first visit: keep the token in a cookie, take it out of the address bar
            args = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
            response = redirect(request.path + ("?" + urlencode(args) if args else ""))
            response.set_cookie(COOKIE, given, httponly=True, samesite="Strict")
            return response
        return None

    @app.after_request
    def headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # and the browser names the origin of a write
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    @app.errorhandler(KgError)
    def kg_error(err: KgError):
        status = 404 if isinstance(err, NotFound) else 400  # a page for a unit the graph lacks; else a bad request
        return error_page(_("Something went wrong"), err.message, err.fix, status)

    @app.errorhandler(413)
    def too_large(error):
        return error_page(_("Not recorded"), _("what was sent is over 8 MB: nothing was recorded"),
                          _("keep each evidence file under 5 MB"), 413)

    @app.errorhandler(404)
    def not_found(error):
        return error_page(_("Not found"), _("nothing at %(path)s") % {"path": request.path},
                          _("start from the home page or search"), 404)

    @app.context_processor
    def common():
        return {"bench": bench, "guard": guard, "day": g.get("day"), "plans": bench.plans}

    access.register(app, accounts)  # after the host and token checks above
    pages.register(app)
    assets.register(app)
    office.register(app)
    report_form.register(app)
    return app


def _day(bench: Workbench) -> dt.date:
    """The date a page is as of: ``?as_of=YYYY-MM-DD``, else the app's ``--as-of``, else today."""
    from flask import request

    text = request.args.get("as_of")
    if not text:
        return bench.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from ..i18n import _

        raise UsageError(_("as_of %(text)r is not a date") % {"text": text}, fix=_("write it YYYY-MM-DD")) from None
