"""Plans a tester wrote in forms real plans use and the real-plan corpus lacks (tests/data/tester), scored
end to end as ``realplans/score.py`` scores them: each plan is built, its ``assignments`` and ``tasks`` named
queries read, and the stated (task, role, unit) rows and deadlines compared with the hand-made gold.

county-division-table: 重点任务分工表 pasted as tab-separated text, with a 责任领导 column (people) and
units separated by spaces or a line break in the cell. city-sublist-brackets: 1.1 numbering, keys in 【】.
county-paren-keys-next-line: （1） measures, keys on the next lines, units separated by spaces or ；.
county-circled-party: ① numbering, 县委X部, 县人大办, 县政协办. city-pdf-fullwidth: a PDF copy with full-width
digits, names broken across lines, page numbers. county-multi-paragraph: measures of several paragraphs with
the units at the end. city-table-main-assist: columns 主要责任单位 / 协办单位 / 参与单位. district-keys-one-line:
keys on the measure's line separated by spaces. province-joint-verbs: 参与, 协同, 省直有关部门和各市州人民政府.
county-mixed-brackets: a deadline bracket beside the units bracket, 按职责做好服务, a key broken across lines.
county-key-variants: 牵头责任单位, 具体责任单位, 责任主体, 督办领导. county-table-merged: empty 重点任务 cells, X（牵头）
in a 责任单位 cell. city-yishi-paragraph: 一是…二是… inside one measure. county-pdf-broken-keys: keys and
names broken across lines. city-responsibility-list-table: section rows between numbered rows.
county-implement-verbs: 具体实施 / 组织实施, X等部门 (部门 alone names nobody). county-table-convention,
city-table-note-convention: a task table under (or over) a note 排在首位的为牵头单位(，其他为配合单位).
province-placeholders-two-level: （一）1.① numbering, 各市（州）、县（市、区）人民政府, X落实, 每季度.
district-table-deadline-column: a 完成时限 column (2024年内, 2024.10, 2025年, 每季度, 每年6月底前), names split by /
or spaces in cells. county-pdf-copy-artifacts: page numbers and running headers, keys and names broken by the
line, half-width punctuation, keys with a space for the colon, names one a line, 2024年汛期前.
city-bracket-orders: the deadline first, 牵头：/主办： keys, 2024年6月起, 2024年9月底前出台…, 负主体责任, 实施.
county-docx-merged-deadlines: a Word table with merged cells, a cell's names in two paragraphs, the deadline forms.
"""
from __future__ import annotations

import pytest

from ..conftest import DATA
from .test_realplans import score_corpus

CORPUS = DATA / "tester"
PLANS = sorted(p.stem for p in (CORPUS / "gold").glob("*.csv"))


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    return score_corpus(CORPUS, tmp_path_factory)


@pytest.mark.parametrize("plan_id", PLANS)
def test_each_tester_plan_reads_as_a_person_reads_it(scored, plan_id):
    tp, predicted, gold, right, deadlines, built, actual, missed, extra = scored[plan_id]
    assert (sorted(missed)[:5], sorted(extra)[:5]) == ([], [])
    assert right == deadlines
    assert built == actual
