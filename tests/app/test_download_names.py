"""The office's files downloaded from the workbench carry the names ``kg status`` gives them (#26): Chinese by
default (RFC 5987's ``filename*``, with the English name as the plain ``filename`` for an old browser),
English after the switch; ids stay in the URLs."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from ..conftest import copy_graph

#: URL → (the Chinese name, the English name) of what it downloads as of 30 June 2023.
FILES = {"/office/chart.xlsx": ("2023年6月五色图.xlsx", "chart-2023-06.xlsx"),
         "/office/chart.html": ("2023年6月五色图.html", "chart-2023-06.html"),
         "/office/bulletin.docx": ("2023年6月通报.docx", "bulletin-2023-06.docx"),
         "/office/bulletin.md": ("2023年6月通报.md", "bulletin-2023-06.md"),
         "/office/scorecard.xlsx": ("2023年6月单位评分与排名.xlsx", "scorecard-2023-06.xlsx"),
         "/office/review.xlsx": ("2023年6月核定表.xlsx", "review-2023-06.xlsx")}


@pytest.fixture(scope="module")
def office(built, tmp_path_factory):
    from kg.app import Guard, create_app
    from kg.app.workbench import Workbench
    from kg.i18n import use

    guard = Guard(writable=True)
    with use("zh"):
        app = create_app(Workbench(copy_graph(built, tmp_path_factory.mktemp("names") / "graph"), "auto",
                                   dt.date(2023, 6, 30)), guard)
    return app, guard


@pytest.mark.parametrize("url", FILES)
def test_a_download_is_named_as_kg_status_names_it_in_the_browsers_language(office, url):
    client = office[0].test_client()
    chinese, english = FILES[url]
    sent = client.get(url)
    assert sent.status_code == 200
    assert sent.headers["Content-Disposition"] == (f'attachment; filename="{english}"; '
                                                   f"filename*=UTF-8''{quote(chinese, safe='')}")
    client.set_cookie("kg_lang", "en")
    assert client.get(url).headers["Content-Disposition"] == f'attachment; filename="{english}"'


def test_a_supervision_order_is_named_by_its_day_and_unit(office):
    app, guard = office
    client = app.test_client()
    assert client.post("/office/supervise", data={"form_key": guard.form_key}).status_code == 302
    sent = client.get("/office/orders/development-reform.docx")
    assert sent.status_code == 200
    assert sent.headers["Content-Disposition"] == (
        'attachment; filename="supervision-order-2023-06-30-development-reform.docx"; '
        f"filename*=UTF-8''{quote('2023年6月30日督办通知单（县发展改革委）.docx', safe='')}")
    client.set_cookie("kg_lang", "en")
    assert client.get("/office/orders/development-reform.docx").headers["Content-Disposition"] == (
        'attachment; filename="supervision-order-2023-06-30-development-reform.docx"')
