"""Browser benchmark of every page: one control change by keyboard → charts redrawn, and bytes.

Measured as on the Explorer (bench/browser.py): the real app, Debian's headless Chromium, the
page's clock from the keydown event to the moment the page's charts show the new result, and the
websocket bytes received for the change. Each change asks for a result not computed before.

    .venv/bin/python bench/pages.py [--changes 10] [--page NAME ...]

Per page, the control pressed and what "redrawn" means:
- explorer: ArrowLeft on the α slider; the viewer reports the new revision drawn.
- learning-rate: ArrowUp on α₂ (+0.01); the viewer's new revision.
- race: ArrowUp on W⁰'s w1 (+0.1); the viewer's new revision.
- stationary-points: ArrowUp on the demonstration's α (+0.01); the viewer's new revision.
- empirical-risk: ArrowUp on W⁰'s w1 (+0.1); the viewer's new revision.
- basins: ArrowLeft on the α slider (a new 200 × 200 grid of runs); both maps re-plotted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from support import APP_IDLE, app_server, launch  # noqa: E402


@dataclass(frozen=True)
class Case:
    path: str
    control: str  # a CSS selector to focus
    key: str
    viewer: bool  # redrawn = the viewer's new revision; else the Plotly charts re-plotted


CASES = {
    "explorer": Case("", "[data-testid=stSidebar] [data-testid=stSlider] input[type=range]", "ArrowLeft", True),
    "learning-rate": Case("learning-rate", ".st-key-lr2 input", "ArrowUp", True),
    "race": Case("race", ".st-key-x0 input", "ArrowUp", True),
    "stationary-points": Case("stationary-points?loss=saddle&sp_lr=0.1", ".st-key-sp_lr input", "ArrowUp", True),
    "empirical-risk": Case("empirical-risk?data=line", ".st-key-rx0 input", "ArrowUp", True),
    "basins": Case(
        "basins?loss=himmelblau&lr=0.01",
        "[data-testid=stSidebar] [data-testid=stSlider] input[type=range]",
        "ArrowLeft",
        False,
    ),
}

ARM = """() => {
    window.__keydownAt = null;
    window.addEventListener('keydown', () => { window.__keydownAt = performance.now(); }, {capture: true, once: true});
    const v = document.querySelector('[data-testid=gdviz-viewer]');
    window.__oldRev = v ? v.dataset.rev : null;
    const plots = document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot');
    window.__oldPlots = [...plots].map((gd) => gd._fullData);
}"""

REDRAWN = """(viewer) => {
    const idle = document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]');
    if (!idle || window.__keydownAt === null) return false;
    if (viewer) {
        const v = document.querySelector('[data-testid=gdviz-viewer]');
        if (!v || v.dataset.rev === window.__oldRev || !v.dataset.timing) return false;
        return JSON.parse(v.dataset.timing).drawn;
    }
    const plots = [...document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot')];
    if (!plots.length || plots.some((gd, i) => gd._fullData === window.__oldPlots[i])) return false;
    return performance.now();
}"""


def measure(browser, url: str, case: Case, changes: int) -> tuple[list[float], list[int]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    received = [0]
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.__setitem__(0, received[0] + len(p))))
    page.goto(f"{url}/{case.path}")
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    time.sleep(2.0)
    control = page.locator(case.control).first
    latencies, sizes = [], []
    for _ in range(changes):
        control.focus()
        page.evaluate(ARM)
        before = received[0]
        page.keyboard.press(case.key)
        drawn = page.wait_for_function(REDRAWN, arg=case.viewer, timeout=60_000, polling="raf").json_value()
        latencies.append(drawn - page.evaluate("window.__keydownAt"))
        time.sleep(0.4)
        sizes.append(received[0] - before)
    context.close()
    return latencies, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--page", action="append", choices=list(CASES), help="default: every page")
    args = parser.parse_args()
    with app_server() as url, sync_playwright() as p:
        browser = launch(p)
        warm = browser.new_page()
        warm.goto(url)  # the first run of app.py registers the pages (streamlit/streamlit#9992)
        warm.wait_for_selector(APP_IDLE, timeout=60_000)
        warm.close()
        for name in args.page or list(CASES):
            latencies, sizes = measure(browser, url, CASES[name], args.changes)
            kb = [s / 1024 for s in sizes]
            print(
                f"{name:18s} change → redrawn: median {statistics.median(latencies):4.0f} ms, "
                f"max {max(latencies):4.0f} ms; websocket per change: median {statistics.median(kb):5.1f} KB, "
                f"max {max(kb):5.1f} KB  (n={len(latencies)})"
            )
        browser.close()


if __name__ == "__main__":
    main()
