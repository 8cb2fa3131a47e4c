"""Signing in and who may open which page, once the office has made accounts (``kg app users add``).

With no account the workbench stays the single-user tool it was (loopback, or a shared token).
With accounts every page but the sign-in ones needs a signed-in account (Flask-Login, a session
cookie signed with ``graph/app/secret``), and each request is checked here, on the server, before
its page runs:

- a ``unit`` opens its own unit page, sheet and graph and the tasks it has a role on, and posts
  only its own report; any other page answers 403 whatever the address or form says;
- a ``viewer`` reads every page and posts nothing;
- the ``office`` reads every page and records verdicts and uploads.

Every write, sign-in (by password or link), failed sign-in, lockout and sign-out goes into the audit
trail through :func:`record` (:mod:`kg.status.audit`, as the CLI's writes do); wrong passwords are
throttled per name and address (:mod:`.throttle`).
"""
from __future__ import annotations

import datetime as dt
import math

from flask import g, redirect, render_template, request, session, url_for

from ..i18n import _
from ..status import audit
from .accounts import Account, Accounts
from .throttle import locked_until

__all__ = ["register", "actor", "record"]

#: Pages anyone may open: signing in, the stylesheets and scripts, the language switch.
OPEN = {"login", "login_link", "logout", "static", "asset", "switch_language"}
#: Pages a unit may open, each checked against its own unit or tasks below.
UNIT_PAGES = {"unit", "sheet", "unit_graph", "task", "report", "evidence_file", "home"}
#: Writes the office makes; units write only their report, viewers nothing.
OFFICE_WRITES = {"upload", "verify_form", "publish_month", "supervise"}


class _User:
    """Flask-Login's view of an :class:`Account`."""

    is_active = True
    is_anonymous = False

    def __init__(self, account: Account) -> None:
        self.account = account
        self.is_authenticated = True

    def get_id(self) -> str:
        return self.account.name


def actor(name: str | None = None) -> audit.Actor:
    """Who makes this request and from where: the signed-in account (``local`` in single-user mode), or
    ``name`` as typed on the sign-in form."""
    account = g.get("account")
    address = request.remote_addr or ""
    if name is not None or account is None:
        return audit.Actor(name if name is not None else "local", address)
    return audit.Actor(account.name, address, account.role, account.unit)


def record(action: str, what: str = "", generated=None, **detail: str) -> None:
    """Audit this request's write (:func:`kg.status.audit.record`, as the CLI does): a line in the trail and,
    for a recorded status file (``generated``), PROV that it generated the file's graphs."""
    from .page_parts import bench

    audit.record(bench().dir, actor(), action, what, generated, **detail)


def unit_may_open(account: Account, endpoint: str, args: dict, net) -> bool:
    """Whether a unit's account may open ``endpoint`` with ``args`` (its own unit; tasks it has a role on)."""
    if endpoint not in UNIT_PAGES:
        return False
    if endpoint in ("unit", "sheet", "unit_graph", "report"):
        return f"unit/{args.get('uid')}" == account.unit
    if endpoint == "task":
        task = f"{args.get('plan')}/task/{args.get('number')}"
        return task in net.tasks and account.unit in net.units and task in net.tasks_of(account.unit)
    return True  # home redirects to the unit's page; evidence checks its tasks itself


def register(app, accounts: Accounts) -> None:
    from flask_login import LoginManager, current_user

    app.extensions["kg-accounts"] = accounts
    manager = LoginManager()
    manager.session_protection = "strong"
    manager.init_app(app)

    @manager.user_loader
    def load(name: str):
        account = accounts.get(name)
        return _User(account) if account else None

    @app.before_request
    def signed_in():
        g.account = None
        if not accounts.any():
            return None  # single-user mode
        endpoint = request.endpoint or ""
        if endpoint in OPEN:
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("login", next=request.path))
        account = current_user.account
        g.account = account
        from .page_parts import bench

        if account.role == "unit":
            if not unit_may_open(account, endpoint, request.view_args or {}, bench().net):
                return _forbidden()
            if endpoint == "home":
                return redirect(url_for("unit", uid=account.unit.removeprefix("unit/")))
        elif request.method not in ("GET", "HEAD"):
            if account.role != "office" or endpoint not in OFFICE_WRITES:
                return _forbidden()
        return None

    _sign_in_pages(app, accounts)

    @app.context_processor
    def signed():
        return {"account": g.get("account"), "accounts_on": accounts.any()}


def _sign_in_pages(app, accounts: Accounts) -> None:
    """Signing in by password or one-time link, and out: each recorded in the audit trail (never a password)."""
    from flask_login import current_user, login_user, logout_user

    @app.route("/login", methods=["GET", "POST"])
    def login():
        error = None
        if request.method == "POST":
            name = request.form.get("name", "").strip()[:80]
            if not app.extensions["kg"][1].form_key_ok(request.form.get("form_key")):
                error = _("The form has expired: reload the page and sign in again")
            elif until := _locked(name):
                error = _wait_message(until)
            elif account := accounts.check_password(name, request.form.get("password", "")):
                return _sign_in(account, "login")
            else:
                error = _("Wrong name or password")
                record_as(name, "login-failed", how="password")
                if until := _locked(name):  # this failure was one too many: say so, and record the lockout
                    record_as(name, "lockout", until=until.isoformat())
                    error = _wait_message(until)
        return render_template("login.html", error=error), 401 if error else 200

    @app.get("/login/<token>")
    def login_link(token: str):
        account = accounts.redeem(token)
        if account is None:
            record_as("", "login-failed", how="link")
            return render_template("login.html", error=_("This sign-in link is invalid, used or expired: ask the supervision office for a new one")), 401
        return _sign_in(account, "login-link")

    @app.route("/logout", methods=["GET", "POST"])
    def logout():
        if current_user.is_authenticated:
            g.account = current_user.account
            record("logout", current_user.account.name)
        logout_user()
        session.clear()
        return redirect(url_for("login"))

    def _locked(name: str):
        from .page_parts import bench

        now = dt.datetime.now(dt.timezone.utc)
        return locked_until(audit.entries(bench().dir), name, request.remote_addr or "", now)

    def _sign_in(account: Account, kind: str):
        from .page_parts import local_target

        session.clear()  # a fresh session: nothing carried over from before signing in
        login_user(_User(account))
        g.account = account
        record(kind, account.name)
        if account.role == "unit":
            return redirect(url_for("unit", uid=account.unit.removeprefix("unit/")))
        return redirect(local_target(request.args.get("next"), url_for("home")))  # never to another site


def record_as(name: str, action: str, **detail: str) -> None:
    """Audit a sign-in attempt by whoever typed ``name`` (not signed in: no account answers for it)."""
    from .page_parts import bench

    audit.record(bench().dir, actor(name), action, name, **detail)


def _wait_message(until: dt.datetime) -> str:
    minutes = max(1, math.ceil((until - dt.datetime.now(dt.timezone.utc)).total_seconds() / 60))
    return _("Too many failed sign-ins from this address: try again in %(minutes)d minutes, or ask the office "
             "for a login link") % {"minutes": minutes}


def _forbidden():
    return render_template("error.html", title=_("Forbidden"), message=_("this account may not see or send this page"),
                           fix=_("go back to your unit's page")), 403


def may_see_task(task: str, net) -> bool:
    account = g.get("account")
    if account is None or account.role != "unit":
        return True
    return account.unit in net.units and task in net.tasks_of(account.unit)

