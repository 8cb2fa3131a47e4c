"""One template environment: shipped templates, an office's own folder first, values escaped either way."""
from __future__ import annotations

from ..process import kg, one_line_error


def test_template_dir_overrides_one_template_and_keeps_the_rest(graph_file, tmp_path):
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "sheet.md.jinja").write_text("# {{ sheet.name }} 的清单（本办格式）\n{{ sheet.counts.lead }} 项牵头\n",
                                          encoding="utf-8")
    result = kg("--template-dir", str(mine), "sheet", "县法院", "-f", "md", "-f", "html", "-g", str(graph_file),
                "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "县法院.md").read_text(encoding="utf-8") == "# 县法院 的清单（本办格式）\n1 项牵头"
    assert "责任清单" in (tmp_path / "out" / "县法院.html").read_text(encoding="utf-8")  # not overridden: shipped


def test_a_user_template_still_escapes_source_text(tmp_path):
    from kg.views.templates import set_template_dir, template

    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "sheet.html.jinja").write_text("<p>{{ sheet.name }}</p>", encoding="utf-8")
    (mine / "sheet.md.jinja").write_text("{{ sheet.name }}", encoding="utf-8")

    class Sheet:
        name = "<script>alert(1)</script>[x](javascript:alert(1))"

    set_template_dir(mine)
    try:
        html = template("sheet.html.jinja").render(sheet=Sheet)
        md = template("sheet.md.jinja").render(sheet=Sheet)
    finally:
        set_template_dir(None)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert md == r"\<script\>alert(1)\</script\>\[x\](javascript:alert(1))"  # shown as text, never a link


def test_a_missing_template_dir_is_a_one_line_error(graph_file, tmp_path):
    one_line_error(kg("--template-dir", str(tmp_path / "nope"), "sheet", "县法院", "-g", str(graph_file),
                      "-o", str(tmp_path / "out")), "模板文件夹不存在")
