"""Who may use the workbench and change what: loopback by default, a token beyond it, writes only when asked.

- Bound to a loopback address, the app needs no token (only this machine can reach it).
- Any other address needs a token: the first visit carries ``?token=…`` (or an
  ``Authorization: Bearer …`` header), after which a cookie for this app keeps the session.
- Forms that write (a unit's report, the office's uploads) are refused unless the app was started
  ``--writable``, and every write carries a per-process form key, so another site open in the same
  browser cannot post to it (and the session cookie is ``SameSite=Strict``).
- Every page is sent with a Content-Security-Policy that lets it load nothing from another host.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from ..errors import UsageError
from ..i18n import _
from ..hosts import LOOPBACK, Hosts, check_token, is_loopback

__all__ = ["Guard", "LOOPBACK", "CSP"]

#: Pages load only from the app itself, scripts and styles only from its files: no inline code, no eval, no
#: style attributes (the graph views and sheets link their files when the app serves them, see .assets).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; "
       "form-action 'self'; base-uri 'none'; object-src 'none'")
COOKIE = "kg_app_token"


@dataclass
class Guard:
    host: str = "127.0.0.1"
    token: str | None = None
    writable: bool = False
    #: The office has made accounts (``kg app users``): everyone signs in, so no shared token is needed.
    accounts: bool = False
    form_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    hosts: Hosts = field(init=False)

    def __post_init__(self) -> None:
        if not is_loopback(self.host) and not self.token and not self.accounts:
            raise UsageError(_("serving on %(host)s lets other machines in") % {"host": self.host},
                             fix=_("give --token (or KG_TOKEN) as well, make accounts (kg app users add), or keep "
                                   "--host 127.0.0.1"))
        check_token(self.token)
        self.hosts = Hosts(self.host)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def refusal(self, method: str, headers) -> str | None:
        """Why a request is refused before it reaches a page (another host name; a write from another
        site's page), or None."""
        if not self.hosts.admits(headers.get("Host")):
            return _("this workbench answers only to the address it was started on")
        if method not in ("GET", "HEAD", "OPTIONS") and self.hosts.cross_site(headers.get("Origin"),
                                                                            headers.get("Sec-Fetch-Site")):
            return _("a write from another site's page is refused")
        return None

    def admits(self, bearer: str | None, cookie: str | None, query: str | None) -> bool:
        """Whether a request may see pages: always on loopback without a token, else with the token."""
        if not self.token:
            return True
        return any(value and hmac.compare_digest(value, self.token) for value in (bearer, cookie, query))

    def form_key_ok(self, form_key: str | None) -> bool:
        return bool(form_key) and hmac.compare_digest(form_key, self.form_key)

    def may_write(self, form_key: str | None) -> str | None:
        """Why a write is refused, or None when it may go ahead."""
        if not self.writable:
            return _("this workbench was started read-only: restart it with `kg app --writable` to record reports")
        if not form_key or not hmac.compare_digest(form_key, self.form_key):
            return _("the form is out of date (the workbench was restarted): reload the page and send it again")
        return None

    def opening(self, url: str) -> list[str]:
        """What starting the app opens, for the console."""
        lines = [f"kg app: {url}"]  # the first line as scripts and tests read it
        lines.append("  " + (_("writable: forms record reports and verdicts in graph/status/") if self.writable
                             else _("read-only: report forms are shown but refused (start with --writable to record)")))
        if self.loopback:
            lines.append("  " + _("only this machine can reach it (loopback)"))
        else:
            lines.append("  " + (_("reachable from other machines on %(host)s: anyone with the token can read every "
                                   "page and record reports") if self.writable else
                                 _("reachable from other machines on %(host)s: anyone with the token can read every "
                                   "page")) % {"host": self.host})
            lines.append("  " + _("first visit: %(url)s?token=<the token>") % {"url": url})
        return lines
