"""Never an internal error, whatever file an office brings: real plans and task tables mutated as
copying, saving and cutting mutate them (lines dropped, doubled, shuffled, the title gone, the file cut
anywhere, rows of odd widths, GB18030 / UTF-16 / a BOM) either build or fail with kg's one-line error
naming the file. Hypothesis finds the input that breaks the rule; the profile in conftest keeps it short
and deterministic.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kg.errors import KgError
from kg.rdf.build import build
from kg.resources import bundled_plan

from ..conftest import DATA
from .test_titles_and_years import HEADER, write_table

TEXTS = sorted((DATA / "realplans" / "docs").glob("*.txt")) + [bundled_plan(), DATA / "inline.txt",
                                                              DATA / "tiny.txt"]
WORDS = sorted((DATA / "realplans" / "docs").glob("*.docx"))
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]
#: Cells a county's table holds, the awkward ones included.
CELLS = ["1", "2", "3", "十", "一、要素环境", "优化营商环境", "县发改委", "县财政局、县税务局", "各乡镇（街道）",
         "县发改委（牵头）", "牵头单位：县发改委；配合单位：县财政局", "/", "—", "", " ", "长期坚持", "2023年6月",
         "6月底", "2024年12月底前", "1月-3月", "12月-2024年1月", "完成50%", "序号", "牵头单位", "备注", "\t",
         "（", "等有关单位", "县大数据局\n县政务服务中心", "\u3000", "🏛县局", "Ａ公司", "县" * 300, "〇", "ǎ"]


def builds_or_names_the_file(path: Path, **given) -> None:
    """The rule itself: a build, or kg's own error on one line naming the file."""
    try:
        assert build([path], out=None, **given).summary()  # the summary kg build prints
    except KgError as err:
        message = str(err)
        assert "\n" not in message and str(path) in message, message


@st.composite
def mutated_lines(draw, lines: list[str]) -> list[str]:
    """The lines after a few of the things copying and editing do to them."""
    lines = list(lines)
    for _ in range(draw(st.integers(0, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "double", "shuffle", "strip-title", "widen", "narrow", "join",
                                   "split", "blank-run"]))
        if op == "drop":
            del lines[at:at + draw(st.integers(1, 30))]
        elif op == "double":
            lines[at:at] = lines[at:at + draw(st.integers(1, 10))]
        elif op == "shuffle":
            lines[at:at + 8] = draw(st.permutations(lines[at:at + 8]))
        elif op == "strip-title":
            del lines[:draw(st.integers(1, 6))]
        elif op == "widen":
            lines[at] += "\t" + draw(st.sampled_from(CELLS))
        elif op == "narrow":
            lines[at] = lines[at].rsplit("\t", 1)[0]
        elif op == "join" and at + 1 < len(lines):
            lines[at:at + 2] = [lines[at] + lines[at + 1]]
        elif op == "split":
            cut = draw(st.integers(0, len(lines[at])))
            lines[at:at + 1] = [lines[at][:cut], lines[at][cut:]]
        else:
            lines[at:at] = [""] * draw(st.integers(1, 50))
    return lines


@st.composite
def saved_text(draw, lines: list[str]) -> bytes:
    """Lines as a file an office saves: an encoding, a line ending, perhaps cut at any byte."""
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(draw(mutated_lines(lines)))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return data


@given(st.data())
def test_a_mutated_real_plan_builds_or_names_its_file(data):
    source = data.draw(st.sampled_from(TEXTS), label="plan")
    lines = source.read_text(encoding="utf-8").split("\n")
    suffix = data.draw(st.sampled_from([".txt"] * 4 + [".csv"]), label="suffix")  # .csv: read as a table
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{source.stem}{suffix}"
        path.write_bytes(data.draw(saved_text(lines), label="bytes"))
        builds_or_names_the_file(path)


@st.composite
def task_table(draw) -> tuple[list[str], list[list[str]]]:
    """A header of any width and order (the titles a county uses, some missing), rows of any width."""
    titles = draw(st.permutations(HEADER + ["1月-3月", "12月-2024年1月", "备注", "具体任务"]))
    header = titles[:draw(st.integers(1, len(titles)))]
    if draw(st.integers(0, 3)):  # mostly a header kg can find: 序号 and a unit column among the rest
        header = ["序号"] + [t for t in header if t not in ("序号", "牵头单位")] + ["牵头单位"]
    cell = st.one_of(st.sampled_from(CELLS), st.integers(1, 12).map(str))
    body = draw(st.lists(st.lists(cell, min_size=max(0, len(header) - 2), max_size=len(header) + 2), max_size=8))
    return header, body


@given(fmt=st.sampled_from(["xlsx", "csv", "docx", "txt"]),
       title=st.sampled_from([None, "某县重点任务分解表", "某县2023年工作台账", "附件1", "任务一览表"]),
       table=task_table(),
       stated=st.fixed_dictionaries({}, optional={"place": st.sampled_from(["奉节县", "某县", "国务院"]),
                                                  "year": st.integers(2000, 2030), "title": st.just("某县台账")}))
def test_a_generated_task_table_builds_or_names_its_file(fmt, title, table, stated):
    with tempfile.TemporaryDirectory() as folder:
        builds_or_names_the_file(write_table(Path(folder), fmt, title, *table), **stated)


@given(st.data())
def test_a_real_plan_pasted_into_word_builds_or_names_its_file(data):
    import docx

    source = data.draw(st.sampled_from(TEXTS), label="plan")
    lines = data.draw(mutated_lines(source.read_text(encoding="utf-8").split("\n")), label="lines")
    document = docx.Document()
    for line in lines:
        document.add_paragraph(_XML_SAFE.sub(" ", line))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{source.stem}.docx"
        document.save(path)
        builds_or_names_the_file(path)


#: Characters a Word file cannot hold (python-docx refuses them): what pasting into Word drops.
_XML_SAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@given(st.data())
def test_a_damaged_word_or_excel_file_names_itself(data):
    fmt = data.draw(st.sampled_from(["xlsx", "docx", "real-docx"]), label="kind")
    with tempfile.TemporaryDirectory() as folder:
        if fmt == "real-docx":
            original = data.draw(st.sampled_from(WORDS), label="plan").read_bytes()
            fmt = "docx"
        else:
            original = write_table(Path(folder), fmt, "某县重点任务分解表").read_bytes()
        path = Path(folder) / f"damaged.{fmt}"
        # a share of the file, not a byte count: a saved workbook's size varies with its timestamp
        share = data.draw(st.integers(0, 999), label="per mille kept")
        path.write_bytes(original[:len(original) * share // 1000])
        builds_or_names_the_file(path)
