"""Writing kg's outputs: every file or none, synced to disk; ``-`` for stdout; devices written, not replaced."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path

from .i18n import N_, _

__all__ = ["FILE_EXTENSIONS", "extensions_of", "output_format", "write_atomic", "emit", "for_a_person", "BOM", "locked", "BUILD_MANIFEST", "written_by_build",
           "cannot_write", "GRAPH_FOLDER", "graph_path"]

#: Where ``kg build`` writes and every command reads the graph when no ``--out``/``--graph`` names it.
GRAPH_FOLDER = Path("graph")

#: What ``kg build`` writes beside the graph files: their checksums and the sources' fingerprint.
BUILD_MANIFEST = ".kg-build.json"


def graph_path(graph: Path | str | None) -> Path:
    """The graph a command reads: the file or folder given, else :data:`GRAPH_FOLDER`."""
    return Path(graph) if graph else GRAPH_FOLDER


#: The file formats kg writes and the names their files end in (the first is the one kg suggests).
#: A file is written in the format its name ends in, or refused: never XLSX named .csv.
FILE_EXTENSIONS = {
    "table": (".txt",), "csv": (".csv",), "tsv": (".tsv", ".tab"), "json": (".json",), "md": (".md", ".markdown"),
    "html": (".html", ".htm"), "xlsx": (".xlsx",), "docx": (".docx",), "graphml": (".graphml",), "gexf": (".gexf",),
    "xls": (".xls",), "doc": (".doc",), "ods": (".ods",), "odt": (".odt",), "pdf": (".pdf",),
}


def extensions_of(formats: Iterable[str] | Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each format and the endings of its file names: ``formats`` names formats of :data:`FILE_EXTENSIONS`,
    or maps each to its endings (a registry that carries them, as :data:`kg.views.sheet_formats.SHEET_WRITERS`).

    >>> extensions_of(["csv", "md"]), extensions_of({"odt": (".odt",)})
    ({'csv': ('.csv',), 'md': ('.md', '.markdown')}, {'odt': ('.odt',)})
    """
    if isinstance(formats, Mapping):
        return dict(formats)
    return {fmt: FILE_EXTENSIONS.get(fmt, ()) for fmt in formats}


def _format_named(path: Path, extensions: Mapping[str, tuple[str, ...]]) -> str | None:
    suffix = path.suffix.lower()
    known = {**FILE_EXTENSIONS, **extensions}
    return next((fmt for fmt, endings in known.items() if suffix in endings), None)


def output_format(path: str | Path | None, allowed: Iterable[str] | Mapping[str, tuple[str, ...]],
                  chosen: str | None = None) -> str | None:
    """The format to write ``path`` in: the one its name ends in, which must be one of ``allowed``.

    ``allowed`` names formats, or maps them to their endings (:func:`extensions_of`).
    ``chosen`` is the format asked for (``-f``), None when not asked: then the name decides. A name
    that ends in no allowed format's extension, or in another one than ``chosen``, is refused with the
    allowed extensions. ``-``, a device (``/dev/null``) and a name with no extension take ``chosen``.

    >>> output_format("tasks.csv", ["table", "csv"]), output_format("-", ["table", "csv"], "csv")
    ('csv', 'csv')
    >>> from kg.errors import UsageError
    >>> from kg.i18n import use
    >>> with use("en"):
    ...     try:
    ...         output_format("tasks.csv", ["xlsx"])
    ...     except UsageError as refused:
    ...         print(refused)
    tasks.csv: this command writes .xlsx (fix: name the file tasks.xlsx)
    """
    from .errors import UsageError

    extensions = extensions_of(allowed)
    if path is None or str(path) == "-" or _special(Path(path)) or not Path(path).suffix:
        return chosen
    path = Path(path)
    named = _format_named(path, extensions)
    endings = " ".join(e for fmt_endings in extensions.values() for e in fmt_endings)
    first = (extensions.get(chosen) or FILE_EXTENSIONS.get(chosen) or endings.split())[0]
    if named not in extensions:
        raise UsageError(_("%(path)s: this command writes %(endings)s") % {"path": path, "endings": endings},
                         fix=_("name the file %(name)s") % {"name": path.with_suffix(first).name})
    if chosen is not None and named != chosen:
        raise UsageError(_("%(path)s names a %(named)s file but %(chosen)s was asked for")
                         % {"path": path, "named": named, "chosen": chosen},
                         fix=_("name the file %(name)s") % {"name": path.with_suffix(first).name})
    return named


def _special(path: Path) -> bool:
    """A device, pipe or socket (``/dev/stdout``, ``/dev/null``): written to, never replaced."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def write_atomic(files: Iterable[tuple[Path, str | bytes | Path]]) -> None:
    """Write every file or none: all go to temporary files first (synced to disk), then are renamed.

    A failed write (a full disk) leaves every existing file as it was. A device
    or pipe given as a path is written to directly, never replaced by a file.
    Text is written as UTF-8 with ``\n`` line ends; bytes as they are; a ``Path`` is a
    file already written beside ``path`` (a large output streamed to disk), moved into place.
    """
    staged: list[tuple[str, Path]] = []
    direct: list[tuple[Path, bytes]] = []
    current: Path | None = None
    try:
        for path, text in files:
            current = path
            if isinstance(text, Path):
                if _special(path):
                    direct.append((path, text.read_bytes()))
                    continue
                with text.open("rb") as handle:
                    os.fsync(handle.fileno())
                os.chmod(text, 0o644)
                staged.append((str(text), path))
                continue
            data = text if isinstance(text, bytes) else text.encode("utf-8")
            if _special(path):
                direct.append((path, data))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            staged.append((tmp, path))
            os.chmod(tmp, 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
        staged.clear()
        for path, data in direct:
            current = path
            with path.open("wb") as handle:
                handle.write(data)
    except OSError as err:
        raise cannot_write(err, current, _("nothing was changed")) from None
    finally:
        for tmp, _path in staged:
            Path(tmp).unlink(missing_ok=True)


#: What to do about each reason a write fails (by errno name); any other: the generic advice.
_FIXES = {"ENOSPC": N_("free some disk space"), "EDQUOT": N_("free some space within your disk quota"),
          "EFBIG": N_("the file is larger than this process may write (a file-size limit, ulimit -f): raise the "
                      "limit or write fewer units/formats at once"),
          "EACCES": N_("check the folder's permissions"), "EPERM": N_("check the folder's permissions"),
          "EROFS": N_("write to a folder on a disk that is not read-only"),
          "EEXIST": N_("a file is where a folder is needed: give a folder path, or a file name with its suffix"),
          "ENOTDIR": N_("a file is where a folder is needed: give a folder path, or a file name with its suffix"),
          "EISDIR": N_("that is a folder: give a file name")}
#: The system's words for those reasons (its English, strerror), said in the language in force.
_REASONS = {N_("No space left on device"), N_("Disk quota exceeded"), N_("File too large"), N_("Permission denied"),
            N_("Operation not permitted"), N_("Read-only file system"), N_("File exists"), N_("Not a directory"),
            N_("Is a directory")}


def cannot_write(err: OSError, path, what_happened: str | None = None):
    """The one-line error for a failed write, with the fix that matches its cause (a full disk, a file-size
    limit, permissions, a file in the way of a folder)."""
    import errno

    from .errors import KgError

    name = errno.errorcode.get(err.errno or 0, "")
    reason = err.strerror or str(err)
    return KgError(_("cannot write: %(reason)s; %(what)s") % {
        "reason": _(reason) if reason in _REASONS else reason, "what": what_happened or _("nothing was changed")},
        path=path, fix=_(_FIXES.get(name, N_("free some disk space or check the folder's permissions"))))


def written_by_build(path: Path) -> bool:
    """A graph file ``kg build`` wrote and nobody has changed since: its folder's manifest names it and
    was written after it (the build writes the manifest last). Such a file was checked when it was made,
    so a store may load it without validating every IRI again.
    """
    import json

    manifest = Path(path).parent / BUILD_MANIFEST
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        return Path(path).name in listed and Path(path).stat().st_mtime <= manifest.stat().st_mtime
    except (OSError, ValueError, KeyError, TypeError):
        return False


#: Excel on Chinese Windows reads a CSV file as GBK unless it opens with this mark.
BOM = "\ufeff"


def for_a_person(output: str | Path | None) -> bool:
    """Whether ``output`` is a file a person will open (``-o x.csv``, or stdout sent to a file), not a pipe
    or a terminal a program reads: CSV files get the :data:`BOM` there.
    """
    import os
    import stat
    import sys

    if output is not None and str(output) != "-":
        return not _special(Path(output))
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # a captured stream (tests): a program reads it
        return False


def emit(output: str | Path | None, data: str | bytes) -> None:
    """A command's result: to stdout for ``-`` (or None), else to the file, atomically."""
    import sys

    if output is None or str(output) == "-":
        if not isinstance(data, bytes):  # as bytes: the text layer can drop a failed write without a word
            sys.stdout.flush()
            data = data.encode(sys.stdout.encoding or "utf-8", sys.stdout.errors or "strict")
        try:
            _write_stdout(data)
        except BrokenPipeError:
            raise
        except OSError as err:
            raise cannot_write(err, _("standard output"), _("the output is incomplete")) from None
        return
    write_atomic([(Path(output), data)])


def _write_stdout(data: bytes) -> None:
    """Every byte to standard output, or an OSError: Python's buffered writer can lose the end of a write
    cut short by a file-size limit without raising, so the file descriptor is written directly."""
    import io
    import sys

    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (io.UnsupportedOperation, AttributeError, ValueError):  # captured (tests): no descriptor
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


@contextmanager
def locked(path: Path):
    """An exclusive lock on ``path`` (created if need be), held while the block runs: one process at a time."""
    import fcntl

    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
