"""A real headless Chromium (Debian's chromium-headless-shell, driven by Playwright) with the network off."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

# Chromium's headless shell: the same Blink, V8 and print code as the full browser, without the browser's own
# windows and chrome:// pages, which a full Chromium 156 loads for every window even headless. Playwright runs its
# headless tests in the same shell (its "chromium-headless-shell" channel). Measured on the three app modules that
# drive it most (test_accounts, test_report_form, test_pages): 24 s of CPU instead of 31 s with full Chromium.
CHROMIUM = shutil.which("chromium-headless-shell") or "/usr/bin/chromium-headless-shell"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


_SHARED: dict = {}


def shared_browser():
    """One Chromium per test process (per pytest-xdist worker), started on first use and stopped by
    :func:`close` at the end of the session: starting Playwright's driver and a browser cost a second of
    CPU each time. Each page gets a context of its own (its own cookies, storage and network rules)."""
    browser = _SHARED.get("browser")
    if browser is None or not browser.is_connected():
        from playwright.sync_api import sync_playwright

        close()
        _SHARED["playwright"] = playwright = sync_playwright().start()
        _SHARED["browser"] = browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    return browser


def close() -> None:
    """Stop the shared browser and Playwright's driver, if they were started."""
    browser, playwright = _SHARED.pop("browser", None), _SHARED.pop("playwright", None)
    try:
        if browser is not None and browser.is_connected():
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()


def _recording(page):
    """Record console errors, uncaught errors and dialogs (dismissed) on ``page``."""
    page.kg_errors, page.kg_remote, page.kg_dialogs = [], [], []
    page.on("console", lambda m: page.kg_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.kg_errors.append(str(e)))
    page.on("dialog", lambda d: (page.kg_dialogs.append(d.message), d.dismiss()))
    return page


@contextmanager
def offline_page(width: int = 1600, height: int = 1000):
    """A page that records console errors and every request that is not a local file or data URL."""
    context = shared_browser().new_context(viewport={"width": width, "height": height}, offline=True,
                                           accept_downloads=True)
    try:
        page = _recording(context.new_page())
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:"))
                else page.kg_remote.append(r.url))
        yield page
    finally:
        context.close()


def _served(base: str, width: int, height: int):
    """A new context and its page for an app served at ``base``: every other host cut off (such requests are
    aborted and recorded in ``page.kg_remote``), console errors and dialogs recorded as in :func:`offline_page`."""
    context = shared_browser().new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = _recording(context.new_page())

    def gate(route):
        url = route.request.url
        if url.startswith((base, "data:", "blob:")):
            route.continue_()
        else:
            page.kg_remote.append(url)
            route.abort("internetdisconnected")

    context.route("**/*", gate)
    return context, page


@contextmanager
def served_page(base: str, width: int = 1400, height: int = 900):
    """A page for an app served at ``base`` with every other host cut off (see :func:`_served`)."""
    context, page = _served(base, width, height)
    try:
        yield page
    finally:
        context.close()


def open_file(page, path: Path) -> None:
    page.goto(path.resolve().as_uri())


def ink(page, selector: str = "canvas") -> float:
    """Share of pixels in the first ``selector`` canvas that are not white/transparent."""
    return page.evaluate("""(sel) => {
        const c = document.querySelector(sel); const ctx = c.getContext('2d');
        const d = ctx.getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) { if (d[i+3] > 0 && (d[i] < 245 || d[i+1] < 245 || d[i+2] < 245)) n++; }
        return n / (c.width * c.height); }""", selector)


def png_ink(path) -> float:
    """Share of non-white pixels in a PNG screenshot (Pillow reads it back)."""
    from PIL import Image

    image = Image.open(path).convert("L")
    histogram = image.histogram()
    return 1 - sum(histogram[245:]) / (image.width * image.height)


def cjk_glyphs_differ(page, a: str = "县", b: str = "局", selector: str = "h1") -> bool:
    """True when two different Chinese characters render differently in ``selector``'s font.

    A missing CJK font draws both as the same empty box ("tofu").
    """
    return page.evaluate("""([a, b, sel]) => {
        const font = getComputedStyle(document.querySelector(sel)).fontFamily;
        const draw = (ch) => { const c = document.createElement('canvas'); c.width = c.height = 64;
            const x = c.getContext('2d'); x.font = '48px ' + font; x.fillText(ch, 4, 52);
            return Array.from(x.getImageData(0, 0, 64, 64).data).join(','); };
        const da = draw(a), db = draw(b);
        return da !== db && /[^0,]/.test(da); }""", [a, b, selector])


@contextmanager
def served_pages(base: str, count: int, width: int = 1400, height: int = 900):
    """``count`` pages of an app served at ``base``, each in its own browser context (its own cookies: separate
    people, or separate browsers), each as :func:`served_page` makes it."""
    opened = []
    try:
        for _ in range(count):
            opened.append(_served(base, width, height))
        yield [page for _context, page in opened]
    finally:
        for context, _page in opened:
            context.close()
