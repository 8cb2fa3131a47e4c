"""Refresh docs/coordination.png from viz/coordination.html (headless Chromium, network off).

Run: .venv/bin/kg viz && .venv/bin/python scripts/screenshot.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser import offline_page, open_file  # noqa: E402

with offline_page(1500, 950) as page:
    open_file(page, Path("viz/coordination.html"))
    page.wait_for_function("window.kgStats && window.kgStats.drawn", timeout=30000)
    page.fill("#search", "县人力社保局")
    page.dispatch_event("#search", "change")
    page.click("#fit")  # keep the selection and its details, show the whole network
    page.screenshot(path="docs/coordination.png")
print("wrote docs/coordination.png")
