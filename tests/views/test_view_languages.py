"""The interactive views in Chinese by default and in English with --lang en (#26), as a reader sees them in
Chromium: the header, controls, legend, status line, side panel, node labels and tooltips. Only the plan's
own words (unit names, task texts, section titles, periods, the plan's title) may stay in the other language."""
from __future__ import annotations

import re

import pytest

from ..browser import offline_page, open_file
from ..process import kg

VIEWS = ["plan.html", "coordination.html", "unit-court.html", "unit-market-supervision.html"]
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z]{2,}")
#: What a reader sees: the page's text, then every node's label and tooltip and every link's tooltip,
#: after a task, a unit and a group were clicked (the side panel) and a search found nothing.
_SEEN = """() => {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const net = window.kgNetwork, seen = [document.body.innerText, document.getElementById("search").placeholder];
  const click = function (id) { net.emit("click", { nodes: [id], edges: [] }); seen.push(document.getElementById("details").innerText); };
  ["task", "unit", "group"].forEach(function (type) {
    const node = data.nodes.find(function (n) { return n.kgType === type; });
    if (node) { click(node.id); }
  });
  const search = document.getElementById("search");
  search.value = "0000"; search.dispatchEvent(new Event("change"));
  seen.push(document.getElementById("search-result").innerText, document.getElementById("status").innerText);
  data.nodes.forEach(function (n) { seen.push(n.label, n.title || ""); });
  data.edges.forEach(function (e) { seen.push(e.title || ""); });
  return seen.join("\\n");
}"""


def _plan_words(net) -> list[str]:
    """The plan's own words, longest first: what a page shows as the plan wrote it, in any language."""
    words = {net.title, *net.plans.values(), *net.sections.values()}
    for node in net.units.values():
        words.update(filter(None, (node.name, node.name_en, node.unit_id)))
    for node in net.tasks.values():
        words.update(filter(None, (node.work_item, node.description, *(m.text for m in node.milestones))))
    words.update(net.period_label(p) for p in net.periods)
    return sorted(words, key=len, reverse=True)


def _leftover(text: str, net, pattern: re.Pattern) -> list[str]:
    for word in _plan_words(net):
        text = text.replace(word, " ")
    return sorted(set(pattern.findall(text)))


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    out = tmp_path_factory.mktemp("views")
    for lang, args in (("zh", ()), ("en", ("--lang", "en"))):
        result = kg(*args, "viz", "--out", str(out / lang), "--unit", "县法院", "--unit", "县市场监管局",
                    env={"KG_LANG": ""})
        assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def page():
    """One offline page for the module's views, as test_interactive has (the views keep no state in the
    browser: each is opened afresh, its errors and requests counted from then)."""
    with offline_page() as p:
        yield p


def _seen(page, path) -> tuple[str, str, list]:
    page.kg_errors.clear()
    page.kg_remote.clear()
    open_file(page, path)
    page.wait_for_function("window.kgStats && window.kgStats.drawn", timeout=30000)
    page.click("#expand-all")
    text = page.evaluate(_SEEN)
    return text, page.get_attribute("html", "lang"), page.kg_errors + page.kg_remote


@pytest.mark.parametrize("view", VIEWS)
def test_a_view_speaks_chinese_by_default(views, net, page, view):
    text, lang, trouble = _seen(page, views / "zh" / view)
    assert "指标牵头单位" in text and "查找单位或任务" in text and "显示节点" in text  # the words are there, in Chinese
    assert _leftover(text, net, _WORD) in ([], ["PNG"]), view
    assert lang == "zh-CN" and trouble == []


@pytest.mark.parametrize("view", VIEWS)
def test_a_view_speaks_english_with_lang_en(views, net, page, view):
    text, lang, trouble = _seen(page, views / "en" / view)
    assert "lead" in text and "Find a unit or task" in text and "showing" in text
    assert _leftover(text, net, _HAN) == [], view
    assert lang == "en" and trouble == []


def test_the_check_sees_a_label_left_in_the_other_language(views, net):
    """The old bilingual labels would fail both checks above."""
    assert _leftover("Roles 角色 · 县法院 · 每季度", net, _WORD) == ["Roles"]
    assert _leftover("Roles 角色 · 县法院 · County People's Court", net, _HAN) == ["角色"]


def test_the_index_page_follows_the_language(views):
    zh = (views / "zh" / "index.html").read_text(encoding="utf-8")
    en = (views / "en" / "index.html").read_text(encoding="utf-8")
    assert "<h1>交互图</h1>" in zh and "指标牵头单位" in zh and "Plan graph" not in zh and "lead" not in zh
    assert "<h1>Interactive views</h1>" in en and "交互图" not in en
