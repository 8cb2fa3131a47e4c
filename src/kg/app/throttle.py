"""How often a wrong password may be tried, counted per name *and address*, so a stranger cannot lock a unit out.

Counting failures per name alone would let anyone lock 县科技局 out by typing wrong passwords for it.
Failures are counted instead, from the audit trail, for each (name, client address) and for each
address whatever the names, since the last successful sign-in from there and within a day. From
:data:`PER_NAME` failures (or :data:`PER_ADDRESS` from one address) that name from that address, or that
address, waits :data:`FIRST_WAIT`, doubled for each further failure (capped at a day). Attempts while
locked are refused without looking at the password and are not counted. The unit signing in from
its own address is not affected by a stranger's failures elsewhere.
"""
from __future__ import annotations

import datetime as dt

__all__ = ["PER_NAME", "PER_ADDRESS", "FIRST_WAIT", "locked_until"]

#: Wrong passwords for one name from one address before that pair waits.
PER_NAME = 5
#: Wrong passwords from one address, whatever the names, before the address waits.
PER_ADDRESS = 20
FIRST_WAIT = dt.timedelta(minutes=15)
_LONGEST = dt.timedelta(days=1)
_SUCCESS = {"login", "login-link"}


def _wait(failures: list[dict], allowed: int) -> dt.datetime | None:
    """When the last of ``failures`` stops counting against the sign-in, or None when under the limit."""
    if len(failures) < allowed:
        return None
    wait = min(FIRST_WAIT * 2 ** (len(failures) - allowed), _LONGEST)
    return dt.datetime.fromisoformat(failures[-1]["at"]) + wait


def _since_success(entries: list[dict], same) -> list[dict]:
    """The failed sign-ins that ``same`` picks, after the last success it picks."""
    failures: list[dict] = []
    for entry in entries:
        if not same(entry):
            continue
        if entry.get("action") in _SUCCESS:
            failures = []
        elif entry.get("action") == "login-failed":
            failures.append(entry)
    return failures


def locked_until(entries: list[dict], name: str, address: str, now: dt.datetime) -> dt.datetime | None:
    """Until when ``name`` may not sign in from ``address`` (UTC), or None: it may try now."""
    since = (now - _LONGEST).isoformat()
    recent = [e for e in entries if e.get("at", "") >= since and e.get("from") == address]
    until = [t for t in (_wait(_since_success(recent, lambda e: e.get("who") == name), PER_NAME),
                         _wait(_since_success(recent, lambda e: True), PER_ADDRESS)) if t and t > now]
    return max(until) if until else None
