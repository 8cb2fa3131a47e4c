"""kg --help speaks Chinese by default and English on request, click's own words included."""
from __future__ import annotations

import re

import click
import pytest

from kg.cli.main import cli
from kg.cli.messages import help_messages

from ..process import kg, one_line_error

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: Names of formats, programs and standards a Chinese help page names as they are.
_NAMES = {"kg", "SPARQL", "Oxigraph", "rdflib", "SHACL", "RDF", "W3C", "PROV", "SHA", "CSV", "XLSX", "HTML", "PDF",
          "RTF", "BOM", "Excel", "Word", "WPS", "LibreOffice", "OpenDocument", "Markdown", "GraphML", "GEXF",
          "Gephi", "Cytoscape", "yEd", "networkx", "URL", "http", "Ctrl", "C", "SIGTERM", "SERVICE", "KG_LANG",
          "KG_AS", "KG_TOKEN", "YYYY", "MM", "DD", "X", "Y", "x"}


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = list(_commands(cli))


_COMMAND_NAMES = {word for path, _command in COMMANDS for word in path}


def _names(command: click.Command) -> set[str]:
    """The words a help page may show in English: names of commands, metavars, choices and defaults (of the
    commands of a group too: their summaries name them)."""
    words = set(_COMMAND_NAMES)
    for sub in getattr(command, "commands", {}).values():
        words |= _names(sub)
    for param in command.params:
        shown = [param.metavar or "", param.type.name.upper(), (param.name or "").upper(), str(param.default or "")]
        words |= set(_WORD.findall(" ".join(shown + [str(c) for c in getattr(param.type, "choices", ())])))
    return words


def _english_words(text: str) -> set[str]:
    """Words of English prose in ``text``: options, file names, paths and `kg …` examples left out."""
    text = re.sub(r"`[^`]*`|(?<![\w])--?[\w-]+|[\w.-]*[./][\w./=<>?-]*|\?\w+=", " ", text)
    return set(_WORD.findall(text))


@pytest.mark.parametrize("path, command", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_help_is_chinese_by_default(path, command, monkeypatch):
    monkeypatch.delenv("KG_LANG", raising=False)
    result = kg(*path, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"用法：kg {' '.join(path)}".rstrip() + " ") and "\n选项：\n" in result.stdout
    prose = _english_words(result.stdout) - _names(command) - _NAMES
    assert not prose, f"kg {' '.join(path)} --help has English words: {sorted(prose)}"


@pytest.mark.parametrize("path, command", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_help_is_english_on_request(path, command):
    """--lang en before the command, or KG_LANG=en: the help and click's words in English. The Han left are the
    plan's own terms the English help quotes (五色图, 通报)."""
    quoted = set("".join(_HAN.findall("\n".join(help_messages()))))
    for result in (kg("--lang", "en", *path, "--help"), kg(*path, "--help", env={"KG_LANG": "en"})):
        assert result.stdout.startswith(f"Usage: kg {' '.join(path)}".rstrip() + " ")
        assert "\nOptions:\n" in result.stdout and "Show this message and exit." in result.stdout
        assert set("".join(_HAN.findall(result.stdout))) <= quoted, result.stdout


@pytest.mark.parametrize("args", [("--help", "--lang", "en"), ("--lang", "en", "--help"), ("--help", "--lang=en"),
                                  ("sheet", "--help", "--lang", "en"), ("status", "report", "-h", "--lang", "en")],
                         ids=" ".join)
def test_lang_anywhere_on_the_line_speaks_before_help(args, monkeypatch):
    """--help is acted on where click meets it: --lang after it (or after a sub-command) must still be read first."""
    monkeypatch.delenv("KG_LANG", raising=False)
    result = kg(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: kg") and "\nOptions:\n" in result.stdout and "用法" not in result.stdout
    assert kg(*[a for a in args if a not in ("--lang", "en", "--lang=en")]).stdout.startswith("用法：kg")


def test_kg_lang_env_speaks_help_and_lang_after_a_command_runs_it(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_LANG", raising=False)
    assert kg("--help", env={"KG_LANG": "en"}).stdout.startswith("Usage: kg [OPTIONS]")
    result = kg("sheet", "县法院", "-f", "md", "-o", str(tmp_path), "--lang", "en")
    assert result.returncode == 0 and result.stdout.startswith("wrote ") and (tmp_path / "court.md").exists()
    result = kg("sheet", "县法院", "-f", "md", "-o", str(tmp_path), "--lang", "fr")
    assert result.returncode == 2 and "'fr' 不是可选值之一" in result.stderr


def test_lang_is_moved_first_and_nothing_after_a_double_dash():
    from kg.cli.main import language_first

    assert language_first(["sheet", "x", "--lang", "en", "--", "--lang", "zh"]) == [
        "--lang", "en", "sheet", "x", "--", "--lang", "zh"]
    assert language_first(["query", "--lang=en", "--lang"]) == ["--lang=en", "query", "--lang"]


def test_chinese_help_fits_an_80_column_terminal(monkeypatch):
    """A Chinese character takes two columns: lines wrap between characters (click's test runner pretends a
    terminal 80 columns wide)."""
    from kg.cli.wrapping import columns

    monkeypatch.delenv("KG_LANG", raising=False)
    out = kg("status", "--help").stdout
    assert "  template   生成用于收集一次报送的 XLSX" in out and "\n命令：\n" in out
    assert max(columns(line) for line in out.splitlines()) <= 80
    out = kg("build", "--help").stdout
    assert max(columns(line) for line in out.splitlines()) <= 80
    out += kg("status", "supervise", "--help").stdout
    assert not [line for line in out.splitlines() if line.rstrip().endswith(("（", "["))
                or line.strip()[:1] in set("，。、；：）]")], out  # a line neither ends with （ nor starts with ，


@pytest.mark.parametrize("args, zh, en, command", [
    (("status", "template", "--as-of", "2023-06-30"), "缺少选项 '--output' / '-o'", "Missing option '--output' / '-o'",
     "kg status template"),
    (("build", "--nope"), "没有选项 '--nope'", "No such option '--nope'", "kg build"),
    (("validate", "extra"), "多余的参数（extra）", "Got unexpected extra argument (extra)", "kg validate"),
    (("analyze", "nope"), "'nope' 不是可选值之一", "'nope' is not one of", "kg analyze"),
    (("nope",), "没有命令 'nope'", "No such command 'nope'", "kg"),
])
def test_click_errors_are_chinese_by_default(args, zh, en, command, monkeypatch):
    """click's refusal in the language in force, pointing at the help of the command that refused."""
    monkeypatch.delenv("KG_LANG", raising=False)
    chinese, english = kg(*args), kg("--lang", "en", *args)
    one_line_error(chinese)
    assert chinese.returncode == english.returncode == 2
    assert chinese.stderr.startswith("kg：错误：") and zh in chinese.stderr
    assert chinese.stderr.rstrip().endswith(f"（参见 {command} --help）") and ".（" not in chinese.stderr
    assert english.stderr.startswith("kg: error: ") and en in english.stderr and not _HAN.search(english.stderr)
    assert english.stderr.rstrip().endswith(f" (see {command} --help)")


def test_the_version_is_said_in_the_language_in_force(monkeypatch):
    monkeypatch.delenv("KG_LANG", raising=False)
    assert kg("--version").stdout.startswith("kg，版本 ")
    assert kg("--lang", "en", "--version").stdout.startswith("kg, version ")


def test_no_click_module_keeps_the_standard_gettext():
    """click binds gettext in each module at import; kg's CLI rebinds every one (a click upgrade that adds a
    module saying words is caught here, a module that binds them another way by the tests above)."""
    import gettext
    import sys

    import kg.cli.main  # noqa: F401  (routes click's words)

    left = [name for name, module in sys.modules.items() if name.split(".")[0] == "click"
            and (getattr(module, "_", None) is gettext.gettext or getattr(module, "ngettext", None) is gettext.ngettext)]
    assert left == []
