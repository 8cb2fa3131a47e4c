"""Who may sign in to the workbench, and what they did: accounts, one-time login links, the audit trail.

Everything lives in ``graph/app/`` beside the status records, and nothing is edited in place:

- ``accounts.jsonl``: one line per account change (added, removed, a login link issued, a link used);
  the accounts are what the lines add up to. Passwords are kept as argon2 hashes, login links as the
  SHA-256 of a random token (the token itself is shown once, to whoever ran ``kg app users link``).
- ``audit.jsonl`` and ``audit.trig``: the audit trail (:mod:`kg.status.audit`), where each account change
  is recorded with who made it and from where, like every other write.
- ``secret``: the key that signs session cookies (0600), made on first use.

Roles: ``unit`` (sees and reports on its own tasks only), ``office`` (verifies, publishes, sees all),
``viewer`` (reads everything, writes nothing).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import UsageError
from ..files import locked
from ..i18n import _
from ..status import audit

__all__ = ["ROLES", "Account", "Accounts", "LINK_HOURS"]

ROLES = ("unit", "office", "viewer")
#: How long a login link may wait to be used (hours).
LINK_HOURS = 72


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _hash(password: str | None) -> str:
    """The argon2 hash of a password, "" for none (login links only)."""
    if not password:
        return ""
    if len(password) < 10:
        raise UsageError(_("password too short (10 characters at least)"), fix=_("choose a longer password, or use a login link"))
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    unit: str = ""  # the unit's node id (``unit/<id>``) for role unit
    password: str = ""  # argon2 hash, or empty: this account signs in by login links only


class Accounts:
    """The accounts kept in ``<graph dir>/app/``."""

    def __init__(self, graph_dir: Path) -> None:
        self.dir = Path(graph_dir) / "app"
        self.file = self.dir / "accounts.jsonl"

    # -- reading ---------------------------------------------------------------------------------------

    def _lines(self, path: Path) -> list[dict]:
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    def _state(self) -> tuple[dict[str, Account], dict[str, dict]]:
        accounts: dict[str, Account] = {}
        links: dict[str, dict] = {}
        for line in self._lines(self.file):
            op = line.get("op")
            if op == "add":
                accounts[line["name"]] = Account(line["name"], line["role"], line.get("unit", ""),
                                                 line.get("password", ""))
            elif op == "reset" and line["name"] in accounts:
                accounts[line["name"]] = replace(accounts[line["name"]], password=line.get("password", ""))
                links = {k: v for k, v in links.items() if v["name"] != line["name"]}
            elif op == "remove":
                accounts.pop(line["name"], None)
                links = {k: v for k, v in links.items() if v["name"] != line["name"]}
            elif op == "link":
                links[line["link"]] = line
            elif op == "used":
                links.pop(line["link"], None)
        return accounts, links

    def all(self) -> dict[str, Account]:
        return self._state()[0]

    def any(self) -> bool:
        return bool(self.all())

    def get(self, name: str) -> Account | None:
        return self.all().get(name)

    # -- writing (append only) -------------------------------------------------------------------------

    def _append(self, path: Path, line: dict) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        with locked(self.dir / ".lock"):
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
                handle.flush()
                os.fsync(handle.fileno())

    def add(self, name: str, role: str, by: audit.Actor, unit: str = "", password: str | None = None) -> Account:
        name = name.strip()
        if role not in ROLES:
            raise UsageError(_("no role %(role)r") % {"role": role}, fix=_("choose one of %(roles)s") % {"roles": ", ".join(ROLES)})
        if not name:
            raise UsageError(_("the account name is empty"), fix=_("give the unit's or person's name"))
        if self.get(name):
            raise UsageError(_("account %(name)s exists already") % {"name": name}, fix=_("remove it first (kg app users remove) to change it"))
        hashed = _hash(password)
        self._append(self.file, {"op": "add", "name": name, "role": role, "unit": unit, "password": hashed,
                                 "at": _now().isoformat()})
        audit.record(self.dir.parent, by, "account-add", name, role=role, **({"unit": unit} if unit else {}))
        return Account(name, role, unit, hashed)

    def reset(self, name: str, by: audit.Actor, password: str | None = None) -> None:
        """A new password for ``name`` (none: it signs in by login links only); its unused links stop working."""
        if not self.get(name):
            raise UsageError(_("no account %(name)s") % {"name": name}, fix=_("kg app users list shows them"))
        self._append(self.file, {"op": "reset", "name": name, "password": _hash(password), "at": _now().isoformat()})
        audit.record(self.dir.parent, by, "account-reset", name, how="password" if password else "link")

    def remove(self, name: str, by: audit.Actor) -> None:
        if not self.get(name):
            raise UsageError(_("no account %(name)s") % {"name": name}, fix=_("kg app users list shows them"))
        self._append(self.file, {"op": "remove", "name": name, "at": _now().isoformat()})
        audit.record(self.dir.parent, by, "account-remove", name)

    def link(self, name: str, by: audit.Actor, hours: int = LINK_HOURS) -> str:
        """A new one-time login token for ``name`` (shown once; only its hash is kept)."""
        if not self.get(name):
            raise UsageError(_("no account %(name)s") % {"name": name}, fix=_("add it first: kg app users add NAME --role unit"))
        token = secrets.token_urlsafe(32)
        expires = _now() + dt.timedelta(hours=hours)
        self._append(self.file, {"op": "link", "name": name, "link": _digest(token), "expires": expires.isoformat(),
                                 "at": _now().isoformat()})
        audit.record(self.dir.parent, by, "account-link", name, expires=expires.isoformat())
        return token

    # -- signing in ------------------------------------------------------------------------------------

    def redeem(self, token: str) -> Account | None:
        """The account a login link signs in, once: the link is spent whatever the outcome after this."""
        with locked(self.dir / ".redeem-lock") if self.dir.exists() else _nothing():
            accounts, links = self._state()
            line = links.get(_digest(token or ""))
            if line is None:
                return None
            self._append(self.file, {"op": "used", "link": line["link"], "at": _now().isoformat()})
            if dt.datetime.fromisoformat(line["expires"]) < _now():
                return None
            return accounts.get(line["name"])

    def check_password(self, name: str, password: str) -> Account | None:
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        account = self.get(name.strip())
        if account is None or not account.password or not password:
            PasswordHasher().hash("timing")  # as slow as a real check: whether the name exists stays private
            return None
        try:
            PasswordHasher().verify(account.password, password)
        except (VerificationError, InvalidHashError):
            return None
        return account

    def secret(self) -> bytes:
        """The session key, made once and kept readable by this user only."""
        path = self.dir / "secret"
        if not path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            with locked(self.dir / ".lock"):
                if not path.exists():
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                    with os.fdopen(fd, "w") as handle:
                        handle.write(secrets.token_hex(32))
        os.chmod(path, 0o600)
        return path.read_text().strip().encode()


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
