"""Take the README's screenshots of kg app: docs/screenshots/*.png.

Run: .venv/bin/python scripts/screenshots.py

Starts ``kg app --writable`` on a temporary copy of graph/ (as of 2023-06-30), sends one report
through the unit form in headless Chromium (so the pages show colours), then photographs each page.
Nothing outside the temporary copy is written but the PNG files.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PLAN = "fengjie-2023-business-environment"
SHOTS = {"home.png": "/", "unit.png": "/unit/admin-service-center", "task.png": f"/task/{PLAN}/66",
         "search.png": "/search?q=人行奉节支行", "sparql.png": "/sparql/workload?run=1",
         "coordination.png": "/views/coordination", "verify.png": "/office/verify", "bulletin.png": "/office/bulletin"}
REPORT = [("蓝 blue", "100", "已上线运行", "验收报告.pdf"), ("绿 green", "60", "按计划推进", ""),
          ("黄 yellow", "30", "系统改造滞后", ""), ("橙 orange", "10", "待协调数据接口", ""), ("红 red", "0", "", "")]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.browser import served_page

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph"
        shutil.copytree(ROOT / "graph", graph, ignore=shutil.ignore_patterns(".kg-store", "status"))
        app = subprocess.Popen([sys.executable, "-m", "kg", "app", "-g", str(graph), "--port", "0", "--writable",
                                "--as-of", "2023-06-30"], stdout=subprocess.PIPE, text=True)
        try:
            base = re.search(r"(http://\S+)", app.stdout.readline()).group(1).rstrip("/")
            with served_page(base, width=1360, height=900) as page:
                page.goto(base + "/unit/admin-service-center")
                rows = page.locator("form.report-form tbody tr")
                for i, (colour, progress, note, evidence) in enumerate(REPORT):
                    row = rows.nth(i)
                    row.locator("select").select_option(value=colour)
                    row.locator("input[name^=progress]").fill(progress)
                    row.locator("input[name^=note]").fill(note)
                    if evidence:  # 蓝 needs an evidence file, as kg status import asks
                        pdf = Path(tmp) / evidence
                        pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
                        row.locator("input[type=file]").set_input_files(str(pdf))
                page.click("form.report-form button[type=submit]")
                page.wait_for_url("**recorded=*")
                for name, path in SHOTS.items():
                    page.goto(base + path, wait_until="networkidle")
                    page.wait_for_timeout(1500 if "views" in path else 200)
                    page.screenshot(path=str(OUT / name))
                    print(f"wrote {OUT / name}")
                assert not page.kg_errors and not page.kg_remote, (page.kg_errors, page.kg_remote)
        finally:
            app.terminate()
            app.wait()


if __name__ == "__main__":
    main()
