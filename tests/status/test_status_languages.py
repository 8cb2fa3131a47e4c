"""Status outputs (催办, scorecard, 五色图, 通报, review sheet, 督办通知单) in Chinese by default and in English with
--lang en: kg's own words in one language, the plan's as written; a review sheet in either language reads back."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from rdflib import Dataset, Graph, Literal

from kg.model.vocab import KG

from ..process import kg

_HAN_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—0-9]*")
PLAN = "fengjie-2023-business-environment"
_ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


class _Text(HTMLParser):
    """What a person reads on the page: text outside tags, style and script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _read(path) -> str:
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        return "\n".join([*(p.text for p in document.paragraphs),
                           *(c.text for t in document.tables for row in t.rows for c in row.cells)])
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        return "\n".join([*book.sheetnames, *(str(v) for ws in book for row in ws.iter_rows(values_only=True)
                                              for v in row if v is not None)])
    text = path.read_text(encoding="utf-8")
    if path.suffix not in (".html", ".md"):  # the 通报's Markdown holds a <p align="right"> 落款
        return text
    parser = _Text()
    parser.feed(text)
    return "\n".join(parser.parts)


JUNE = ("--as-of", "2023-06-30")
COMMANDS = {"remind": ("--as-of", "2023-06-20", "--days", "14"), "scorecard": JUNE, "report": JUNE,
            "bulletin": JUNE, "supervise": JUNE}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, graph_file):
    folder = tmp_path_factory.mktemp("status")
    made = {}
    for lang in ("zh", "en"):
        graph = folder / lang / "graph"  # 督办 records its orders: each language issues its own
        shutil.copytree(graph_file.parent, graph)
        for command, args in COMMANDS.items():
            out = folder / lang / command
            result = kg("--lang", lang, "status", command, *args, "-o", str(out), "-g", str(graph))
            assert result.returncode == 0, result.stderr
            made.update({(lang, p.name): _read(p) for p in sorted(out.iterdir())})
        review = folder / lang / "review.xlsx"
        result = kg("--lang", lang, "status", "review", *JUNE, "-o", str(review), "-g", str(graph))
        assert result.returncode == 0, result.stderr
        made[lang, review.name] = _read(review)
    return made


@pytest.fixture(scope="module")
def source_words(graph_file) -> list[str]:
    """Every text of the plan in the graph (unit names, work items, milestones): the source's own words."""
    graph = Graph().parse(graph_file)
    return [str(o) for o in graph.objects() if isinstance(o, Literal) and _HAN_RUN.search(str(o))]


def test_chinese_outputs_have_no_english_words(outputs):
    names = sorted(name for lang, name in outputs if lang == "zh")
    orders = [name for name in names if name.startswith("2023年6月30日督办通知单（")]
    assert names == sorted(["2023年6月通报.docx", "2023年6月通报.md", "2023年6月20日催办清单.html",
                            "2023年6月20日催办清单.txt", "review.xlsx", "2023年6月单位评分与排名.md",
                            "2023年6月单位评分与排名.xlsx", "2023年6月五色图.html", "2023年6月五色图.xlsx", *orders])
    assert orders and "2023年6月30日督办通知单（县发展改革委）.docx" in orders
    assert "【催办】" in outputs["zh", "2023年6月20日催办清单.txt"] and "得分 = 100" in outputs["zh", "2023年6月单位评分与排名.md"]
    bulletin = outputs["zh", "2023年6月通报.md"]
    assert "## 一、总体情况" in bulletin and "截至2023年6月30日" in bulletin and "### （一）进度滞后和逾期任务" in bulletin
    assert "县营商办" in outputs["zh", "2023年6月通报.docx"]
    chart = outputs["zh", "2023年6月五色图.xlsx"]
    assert chart.startswith("五色图\n部分\n单位\n报送\n变化\n") and "五色图（截至2023年6月30日）" in outputs["zh", "2023年6月五色图.html"]
    assert outputs["zh", "review.xlsx"].startswith("核定\n填表说明\n序号\n计划\n具体任务")
    order = outputs["zh", "2023年6月30日督办通知单（县发展改革委）.docx"]
    assert "督办通知单" in order and "于2023年7月15日前" in order and "督〔2023〕1-" in order
    for (lang, name), text in outputs.items():
        if lang == "zh":  # the review sheet's 计划 column holds the plan's id: data, not words
            assert _ENGLISH_WORD.findall(text.replace(PLAN, "")) == [], name


def test_english_outputs_have_chinese_only_in_the_plans_own_words(outputs, source_words):
    assert "[Reminder]" in outputs["en", "reminders-2023-06-20.txt"]
    assert "Reminder list" in outputs["en", "reminders-2023-06-20.html"]
    assert "Score = 100" in outputs["en", "scorecard-2023-06.xlsx"]
    assert "## 1. Overall" in outputs["en", "bulletin-2023-06.md"] and "As of 30 June 2023" in outputs["en", "bulletin-2023-06.md"]
    assert outputs["en", "chart-2023-06.xlsx"].startswith("Five-colour chart\nSections\nUnits\nReporting\nChanges\n")
    assert outputs["en", "review.xlsx"].startswith("Review\nNotes\nno.\nplan\nwork item")
    assert "Supervision order" in outputs["en", "supervision-order-2023-06-30-development-reform.docx"]
    assert all(name.isascii() for lang, name in outputs if lang == "en")  # ids, not the Chinese names
    for (lang, name), text in outputs.items():
        if lang == "en":
            foreign = [run for run in _HAN_RUN.findall(text)
                       if not any(run.rstrip("…") in words for words in source_words)]
            assert foreign == [], (name, foreign[:5])


@pytest.mark.parametrize("lang, adopt", [("zh", "采纳"), ("en", "adopt")])
def test_a_review_sheet_in_either_language_is_read_back(tmp_path, graph_file, lang, adopt):
    from .forms import fill_review

    graph = tmp_path / "graph"
    shutil.copytree(graph_file.parent, graph)
    review = tmp_path / "review.xlsx"
    assert kg("--lang", lang, "status", "review", "--as-of", "2023-06-30", "-o", str(review), "-g",
              str(graph)).returncode == 0
    filled = fill_review(review.read_bytes(), tmp_path / "filled.xlsx", {6: {"核定 verified": adopt}})
    result = kg("--lang", lang, "status", "verify", str(filled), "-g", str(graph))
    assert result.returncode == 0, result.stderr
    assert "verify-2023-06-30" in result.stdout
    records = kg("query", "status-records", "-f", "csv", "-g", str(graph)).stdout
    assert any(",office," in line and "red" in line for line in records.splitlines()), records


def test_an_order_is_recorded_as_data_and_read_in_the_readers_language(net, store, graph_dir):
    """#26: an order issued in English used to keep "S(2023) 1-1" and its English problem for every later
    Chinese 通报 and 催办. The record keeps the number's parts and kg's words in both languages; the office's
    or a unit's own words once, as written."""
    import datetime as dt

    from kg.i18n import use
    from kg.status.supervision import issue_orders, load_orders

    with use("en"):
        path, issued = issue_orders(net, store, graph_dir, dt.date(2023, 6, 30))
    assert issued and all(o.number.startswith("S(2023) 1-") for o in issued)
    recorded = Dataset()
    recorded.parse(path, format="trig")
    numbers = sorted(str(q[2]) for q in recorded.quads((None, KG.orderNumber, None, None)))
    assert numbers[0] == "2023-1-1" and all(re.fullmatch(r"2023-1-\d+", n) for n in numbers)
    problems = [q[2] for q in recorded.quads((None, KG.problem, None, None))]
    assert {p.language for p in problems} == {"zh", "en"}  # kg's words (a rule's, 进度停滞): both
    with use("zh"):
        chinese = load_orders(net, graph_dir, "2023-06-30")
    with use("en"):
        english = load_orders(net, graph_dir, "2023-06-30")
    assert [o.number for o in chinese] == [o.number.replace("S(2023) ", "督〔2023〕") + "号" for o in english]
    assert all(_HAN_RUN.search(o.problem) for o in chinese)
    assert not any(_HAN_RUN.search(o.problem) for o in english)


def test_an_order_recorded_before_keeps_its_words_and_reads_its_number_anew(net, graph_dir):
    """Records written before: a said number (督〔2023〕1-1号) and one problem in the language of the day."""
    from kg.i18n import use
    from kg.status.supervision import load_orders

    folder = graph_dir / "status"
    folder.mkdir()
    (folder / "supervise-2023-06-30-1.trig").write_text(
        "@prefix kg: <https://w3id.org/kg/ns#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/kg/id/status/supervise/2023-06-30-1> {\n"
        "  <https://w3id.org/kg/id/status/supervise/2023-06-30-1/order/1> a kg:SupervisionOrder ;\n"
        "    kg:orderNumber \"督〔2023〕1-1号\" ; kg:sentTo <https://w3id.org/kg/id/unit/court> ;\n"
        f"    kg:plan \"{PLAN}\" ; kg:task 55 ; kg:problem \"进度停滞\"@zh ;\n"
        "    kg:issued \"2023-06-30\"^^xsd:date ; kg:dueBy \"2023-07-15\"^^xsd:date ;\n"
        "    kg:month \"2023-06\"^^xsd:gYearMonth .\n}\n", encoding="utf-8")
    with use("en"):
        (order,) = load_orders(net, graph_dir, "2023-06-30")
    assert (order.number, order.problem, order.unit) == ("S(2023) 1-1", "进度停滞", "unit/court")
    with use("zh"):
        assert load_orders(net, graph_dir, "2023-06-30")[0].number == "督〔2023〕1-1号"
