"""Chinese first: every message a person reads has Chinese, and the compiled catalog is the one translated."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from kg.i18n import LOCALE_DIR, _, format_date, format_month, language, set_language, use

ROOT = Path(__file__).resolve().parents[1]
PO = LOCALE_DIR / "zh" / "LC_MESSAGES" / "kg.po"
MO = PO.with_suffix(".mo")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%%")


def _messages_in_code(root: Path = ROOT) -> dict[str, str]:
    """msgid → where it is used, extracted as scripts/i18n extracts them (babel.cfg)."""
    method_map = [("src/kg/**.py", "python"), ("src/kg/templates/**.jinja", "jinja2"),
                  ("src/kg/app/templates/**.html", "jinja2"), ("queries/*.rq", "kg.sparql.rq_messages:extract")]
    options = {pattern: {"extensions": "jinja2.ext.i18n"} for pattern, method in method_map if method == "jinja2"}
    found = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(root), method_map, options, keywords={"_": None, "N_": None, "gettext": None,
                                                       "ngettext": (1, 2)}):
        key = message[0] if isinstance(message, tuple) else message
        found.setdefault(key, f"{filename}:{line}")
    return found


def _untranslated(root: Path = ROOT) -> list[str]:
    catalog = read_po(PO.open("rb"))
    untranslated = []
    for msgid, where in sorted(_messages_in_code(root).items()):
        entry = catalog.get(msgid)
        text = entry.string if entry is not None else ""
        texts = text if isinstance(text, tuple) else (text,)
        wordless = not re.search(r"[A-Za-z]", _PLACEHOLDER.sub("", msgid))  # "%(where)s: %(message)s": punctuation
        if entry is not None and "fuzzy" in entry.flags or not all(t and (wordless or _CJK.search(t)) for t in texts):
            untranslated.append(f"{where}: {msgid!r}")
    return untranslated


def test_every_message_has_chinese():
    """A string wrapped in _() with no Chinese in kg.po would show English to a county office: run scripts/i18n."""
    assert _untranslated() == []


def test_a_workbench_label_without_chinese_is_caught(tmp_path):
    """The app's templates are read by the same check: a new label with no translation fails it."""
    assert "Units carrying most" in _messages_in_code()  # the workbench's templates are extracted
    folder = tmp_path / "src" / "kg" / "app" / "templates"
    folder.mkdir(parents=True)
    (folder / "new.html").write_text("<h1>{{ _('Units carrying most') }}</h1><p>{{ _('A label nobody translated') }}"
                                     "</p>{% trans %}Neither this{% endtrans %}", encoding="utf-8")
    assert _untranslated(tmp_path) == ["src/kg/app/templates/new.html:1: 'A label nobody translated'",
                                       "src/kg/app/templates/new.html:1: 'Neither this'"]


def test_a_named_query_without_chinese_is_caught(tmp_path):
    """Each query's question and parameter docs are messages too: a new .rq file with no translation fails."""
    assert "Workload per unit: tasks led, hosted and supported, and a role-weighted score (lead 3, host 2, " \
           "support 1 by default)." in _messages_in_code()
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "new.rq").write_text("# question: Tasks nobody translated.\n"
                                                 "# param: unit unit required  a unit nobody translated\n"
                                                 "SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    assert _untranslated(tmp_path) == ["queries/new.rq:1: 'Tasks nobody translated.'",
                                       "queries/new.rq:2: 'a unit nobody translated'"]


def test_kg_query_list_says_each_question_in_chinese_and_english_with_lang():
    from .process import kg

    zh = kg("query", "--list", env={"KG_LANG": ""}).stdout
    en = kg("--lang", "en", "query", "--list").stdout
    assert "workload               各单位任务量：牵头、承办、配合的任务数" in zh and "Workload per unit" not in zh
    assert "workload               Workload per unit: tasks led" in en and "各单位任务量" not in en
    assert "\n                       参数：plan_id=" in zh and "params:" not in zh and "params: plan_id=" in en
    # Every query says what it answers in Chinese (names and ids aside).
    questions = [line[23:] for line in zh.splitlines() if line[:1].strip()]
    assert len(questions) >= 25 and all(_CJK.search(q) for q in questions), questions


def test_the_compiled_catalog_is_the_translated_one():
    """kg.mo is what runs: it must hold exactly kg.po's translations (run scripts/i18n after editing kg.po)."""
    def pairs(catalog):
        return {(m.id if isinstance(m.id, str) else m.id[0]): m.string if isinstance(m.string, str)
                else tuple(m.string) for m in catalog if m.id and m.string}

    assert pairs(read_mo(MO.open("rb"))) == pairs(read_po(PO.open("rb")))


def test_chinese_is_the_default_and_english_is_on_request(monkeypatch):
    monkeypatch.delenv("KG_LANG", raising=False)
    set_language(None)
    assert language() == "zh" and _("Summary") == "概况"
    monkeypatch.setenv("KG_LANG", "en")
    assert language() == "en" and _("Summary") == "Summary"
    with use("zh-CN"):
        assert _("Summary") == "概况"
    assert language() == "en"


@pytest.mark.parametrize("lang, day, month", [("zh", "2023年6月30日", "2023年6月"), ("en", "30 June 2023", "June 2023")])
def test_dates_are_printed_as_people_read_them(lang, day, month):
    with use(lang):
        assert format_date("2023-06-30") == day and format_month("2023-06") == month
        assert format_month("长期坚持") == "长期坚持"


def test_cli_speaks_chinese_by_default_and_english_with_lang(tmp_path, monkeypatch):
    """kg's own words (errors and what it wrote) follow --lang / KG_LANG."""
    from click.testing import CliRunner

    from kg.cli.main import cli

    monkeypatch.delenv("KG_LANG", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["sheet", "县法院", "-f", "md", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("已写入 ") and (tmp_path / "县法院.md").exists()
    result = runner.invoke(cli, ["--lang", "en", "sheet", "县法院", "-f", "md", "-o", str(tmp_path)])
    assert result.output.startswith("wrote ") and (tmp_path / "court.md").exists()
    set_language(None)


def _untranslated_msgids(msgids) -> list[str]:
    catalog = read_po(PO.open("rb"))
    missing = []
    for msgid, where in msgids.items():
        entry = catalog.get(msgid)
        texts = () if entry is None else entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry is None or "fuzzy" in entry.flags or not texts or not all(_CJK.search(t) for t in texts):
            missing.append(f"{where}: {msgid!r}")
    return sorted(missing)


def test_every_word_of_the_command_line_has_chinese():
    """kg --help and click's own words (Usage, Missing option, …): a new command or option, or a click upgrade
    that brings new words, fails here until scripts/i18n has added them and they are translated."""
    from kg.cli.messages import messages

    found = messages()
    assert "Missing option" in found and "Show this message and exit." in found  # click's, from its source
    assert ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})") in found
    assert "Check the graph against the SHACL shapes and report the source's quirks." in "\n".join(
        m for m in found if isinstance(m, str))  # kg validate's docstring
    assert _untranslated_msgids(found) == []


def test_a_help_text_without_chinese_is_caught():
    import click

    from kg.cli.messages import help_messages
    from kg.cli.speech import Group

    @click.group(cls=Group)
    def tool():
        """The unit registry (graph/units.csv)."""

    @tool.command("new")
    @click.option("--flag", is_flag=True, help="An option nobody translated.")
    def new(flag):
        """A command nobody translated."""

    assert _untranslated_msgids(help_messages(tool)) == ["kg new --flag: 'An option nobody translated.'",
                                                        "kg new: 'A command nobody translated.'"]
