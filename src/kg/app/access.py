"""Signing in and who may open which page, once the office has made accounts (``kg app users add``).

With no account the workbench stays the single-user tool it was (loopback, or a shared token).
With accounts every page but the sign-in ones needs a signed-in account (Flask-Login, a session
cookie signed with ``graph/app/secret``), and each request is checked here, on the server, before
its page runs:

- a ``unit`` opens its own unit page, sheet and graph and the tasks it has a role on, and posts
  only its own report; any other page answers 403 whatever the address or form says;
- a ``viewer`` reads every page and posts nothing;
- the ``office`` reads every page and records verdicts and uploads.
"""
from __future__ import annotations

from flask import g, redirect, render_template, request, session, url_for

from .accounts import Account, Accounts

__all__ = ["register", "who", "record"]

#: Pages anyone may open: signing in, the stylesheets and scripts, the language switch.
OPEN = {"login", "login_link", "logout", "static", "asset", "switch_language"}
#: Pages a unit may open, each checked against its own unit or tasks below.
UNIT_PAGES = {"unit", "sheet", "unit_graph", "task", "report", "evidence_file", "home"}
#: Wrong passwords for one name within LOCKOUT_MINUTES before it is refused for that long (guessing).
MAX_FAILURES = 5
LOCKOUT_MINUTES = 15
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


def who() -> str:
    """The name the audit trail gives the one making this request."""
    account = g.get("account")
    return account.name if account else "local"


def record(action: str, what: str = "", generated=None, **detail: str) -> None:
    """Write one audit line for this request's write, and for a recorded status file (``generated``) its
    PROV graph beside it."""
    from flask import current_app

    from .provenance import record_provenance

    account = g.get("account")
    if generated is not None:
        record_provenance(generated, action, who(), account.role if account else "",
                          account.unit.removeprefix("unit/") if account and account.unit else "", request.remote_addr or "")
    current_app.extensions["kg-accounts"].audit(who(), request.remote_addr or "", action, what, **detail)


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
    from flask_login import LoginManager, current_user, logout_user

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

    @app.route("/login", methods=["GET", "POST"])
    def login():
        error = None
        if request.method == "POST":
            guard = app.extensions["kg"][1]
            if not guard.form_key_ok(request.form.get("form_key")):
                error = "表单已过期，请刷新页面后重新登录"
            elif accounts.recent_failures(request.form.get("name", "")[:80], LOCKOUT_MINUTES) >= MAX_FAILURES:
                error = f"登录失败次数过多：请 {LOCKOUT_MINUTES} 分钟后再试，或向督办办公室索取登录链接"
            else:
                account = accounts.check_password(request.form.get("name", ""), request.form.get("password", ""))
                if account:
                    return _sign_in(account, "password")
                error = "账号或密码不正确"
                accounts.audit(request.form.get("name", "")[:80], request.remote_addr or "", "login-failed")
        return render_template("login.html", error=error), 401 if error else 200

    @app.get("/login/<token>")
    def login_link(token: str):
        account = accounts.redeem(token)
        if account is None:
            return render_template("login.html", error="登录链接无效、已用过或已过期：请向督办办公室索取新链接"), 401
        return _sign_in(account, "link")

    @app.route("/logout", methods=["GET", "POST"])
    def logout():
        logout_user()
        session.clear()
        return redirect(url_for("login"))

    @app.context_processor
    def signed():
        return {"account": g.get("account"), "accounts_on": accounts.any()}


def _sign_in(account: Account, how: str):
    from flask_login import login_user

    from .page_parts import local_target

    session.clear()  # a fresh session: nothing carried over from before signing in
    login_user(_User(account))
    g.account = account
    record("login", account.name, how=how)
    if account.role == "unit":
        return redirect(url_for("unit", uid=account.unit.removeprefix("unit/")))
    return redirect(local_target(request.args.get("next"), url_for("home")))  # never to another site


def _forbidden():
    return render_template("error.html", title="无权访问 forbidden", message="此账号无权查看或提交这一页",
                           fix="返回本单位页面"), 403


def may_see_task(task: str, net) -> bool:
    account = g.get("account")
    if account is None or account.role != "unit":
        return True
    return account.unit in net.units and task in net.tasks_of(account.unit)

