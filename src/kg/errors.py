"""The errors kg reports to people: each names the file, the line and the fix."""
from __future__ import annotations

from pathlib import Path

__all__ = ["KgError", "InputError", "UsageError", "NotFound"]


class KgError(Exception):
    """Base class: the CLI prints ``str(err)`` on one line and exits ``exit_code``."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | Path | None = None,
                 line: int | None = None, fix: str | None = None) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.fix:
            from .i18n import _

            text += _(" (fix: %(fix)s)") % {"fix": self.fix}
        return " ".join(text.split())


class InputError(KgError):
    """A source, registry or query file that kg cannot use as it is."""


class UsageError(KgError):
    """Options or arguments that do not fit together."""


class NotFound(UsageError):
    """A name that names nothing in the graph (a unit): a web page answers 404, not 400."""
