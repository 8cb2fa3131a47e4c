"""Who may talk to kg's servers (``kg app``, ``kg serve``): one set of rules for both.

- **Host names.** A server answers only requests addressed to a name it was started for: the loopback
  names, the ``--host`` address, and (bound to every interface) this machine's own names. A page on
  another site whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name in
  ``Host`` and is refused. An IP address in ``Host`` cannot be rebound, so it is accepted when the server
  listens on every interface.
- **Writes come from the server's own pages** (or from a program, which sends no ``Origin``): a browser
  request whose ``Origin`` is another site, or whose ``Sec-Fetch-Site`` is not ``same-origin``, is refused.
- **Tokens are strong**: long enough and varied enough that guessing one is hopeless.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field

from .errors import UsageError
from .i18n import _

__all__ = ["LOOPBACK", "is_loopback", "Hosts", "check_token", "MIN_TOKEN"]

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_EVERYWHERE = {"0.0.0.0", "::", ""}
#: The shortest token accepted (``secrets.token_urlsafe(24)``, what kg makes, has 32 characters).
MIN_TOKEN = 20
_MIN_DISTINCT = 10


def is_loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def _split(host_header: str) -> tuple[str, int | None]:
    """``name:port`` (``[v6]:port``) as a lower-case name and a port (None when absent or not a number)."""
    text = host_header.strip().lower()
    if text.startswith("["):
        name, _, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port = text.rpartition(":") if text.count(":") == 1 else (text, "", "")
    return name.rstrip("."), int(port) if port.isdigit() else None


@dataclass
class Hosts:
    """The names a server started on ``bind`` answers to; ``port`` once it is known (None: any)."""

    bind: str = "127.0.0.1"
    port: int | None = None
    names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.names = {n.lower() for n in LOOPBACK | {self.bind} | self.names} - _EVERYWHERE
        if self.everywhere:
            self.names |= {socket.gethostname().lower(), socket.getfqdn().lower()}

    @property
    def everywhere(self) -> bool:
        return self.bind in _EVERYWHERE

    def admits(self, host_header: str | None) -> bool:
        """Whether a request addressed to ``Host: host_header`` is for this server.

        >>> hosts = Hosts("127.0.0.1", 8765)
        >>> hosts.admits("127.0.0.1:8765"), hosts.admits("localhost:8765"), hosts.admits("evil.example:8765")
        (True, True, False)
        """
        if not host_header:
            return False
        name, port = _split(host_header)
        if self.port is not None and (port or 80) != self.port:
            return False
        return name in self.names or (self.everywhere and _ip(name))

    def cross_site(self, origin: str | None, fetch_site: str | None) -> bool:
        """Whether a write comes from another site's page: its ``Origin`` is not this server, or the browser
        says (``Sec-Fetch-Site``) it is not same-origin. A program sends neither and is not a page."""
        if fetch_site and fetch_site.strip().lower() not in ("same-origin", "none"):
            return True
        if not origin:
            return False
        if origin.strip() == "null":  # a sandboxed frame, or a page that sends no referrer: same-origin only
            return (fetch_site or "").strip().lower() != "same-origin"
        scheme, _, rest = origin.strip().partition("://")
        return scheme.lower() not in ("http", "https") or not self.admits(rest.rstrip("/") or None)


def check_token(token: str | None, option: str = "--token") -> None:
    """Refuse a token someone could guess: shorter than :data:`MIN_TOKEN` characters, with spaces, or made of
    few different characters."""
    if token is None:
        return
    if len(token) < MIN_TOKEN or token != token.strip() or any(c.isspace() for c in token) \
            or len(set(token)) < _MIN_DISTINCT:
        raise UsageError(_("%(option)s is too weak: a token needs at least %(n)d characters, no spaces, and "
                           "%(distinct)d different characters at least") % {"option": option, "n": MIN_TOKEN,
                                                                            "distinct": _MIN_DISTINCT},
                         fix=_("make one with: %(command)s")
                         % {"command": "python3 -c \"import secrets; print(secrets.token_urlsafe(24))\""})
