"""Browser benchmark of the Explorer: first load, one α step by keyboard, bytes per step.

Runs the real app (`streamlit run app.py`) and Debian's headless Chromium (SwiftShader WebGL),
with the default view. Not a test: it prints figures for the closing notes.

    .venv/bin/python bench/browser.py [--steps 20] [--loads 3] [--verbose]

- first load: navigation start → all three charts drawn (the viewer's own timestamp), in a
  fresh browser context each time (nothing cached but the HTTP cache of that context);
- α step: ArrowLeft on the focused α slider, a new α each time → every chart redrawn (the viewer
  reports the new revision drawn) and the script idle; measured in the page's clock from the
  keydown event;
- bytes: websocket frames received from the keypress until the step is complete.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from support import APP_IDLE, VIEWER, app_server, launch, lr_slider, wait_drawn  # noqa: E402

KEYDOWN_PROBE = """() => {
    window.__keydownAt = null;
    window.addEventListener('keydown', () => { window.__keydownAt = performance.now(); }, {capture: true, once: true});
}"""


def first_load(browser, url: str) -> float:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    wait_drawn(page)
    drawn = json.loads(page.get_attribute(VIEWER, "data-timing"))["drawn"]
    context.close()
    return drawn


def alpha_steps(browser, url: str, n: int, verbose: bool = False) -> tuple[list[float], list[int]]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    received = [0]

    def on_ws(ws) -> None:  # type: ignore[no-untyped-def]
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_ws)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    rev = wait_drawn(page)
    time.sleep(1.0)
    slider = lr_slider(page)
    slider.focus()
    latencies, sizes = [], []
    for i in range(n):
        page.evaluate(KEYDOWN_PROBE)
        before = received[0]
        page.keyboard.press("ArrowLeft")  # each step a new α (0.08 → 0.06 → 0.05 …): no cached reply
        rev = wait_drawn(page, rev)
        page.wait_for_selector(APP_IDLE)
        timing = json.loads(page.get_attribute(VIEWER, "data-timing"))
        down = page.evaluate("window.__keydownAt")
        latencies.append(timing["drawn"] - down)
        if verbose:
            print(f"  step {i}: data arrives +{timing['start'] - down:.0f} ms, drawn +{timing['drawn'] - down:.0f} ms")
        time.sleep(0.3)  # let trailing frames arrive before counting the next step
        sizes.append(received[0] - before)
        if verbose:
            lr = page.locator("[data-testid=stSidebar] [data-testid=stSliderThumbValue]").first.inner_text()
            print(f"          {sizes[-1] / 1024:.1f} KB, α = {lr}, {page.get_attribute(VIEWER, 'data-step')} steps")
    if errors:
        print("console errors:", *errors, sep="\n  ")
    context.close()
    return latencies, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="print each step's timeline")
    args = parser.parse_args()
    with app_server() as url, sync_playwright() as p:
        browser = launch(p)
        first_load(browser, url)  # warm the server (imports, caches) once
        loads = [first_load(browser, url) for _ in range(args.loads)]
        latencies, sizes = alpha_steps(browser, url, args.steps, args.verbose)
        browser.close()
    print(
        f"first load → all charts drawn: median {statistics.median(loads):.0f} ms  (runs: {[round(x) for x in loads]})"
    )
    q = statistics.quantiles(latencies, n=10)
    print(
        f"α step by keyboard → all charts redrawn: median {statistics.median(latencies):.0f} ms, "
        f"p90 {q[-1]:.0f} ms, max {max(latencies):.0f} ms  (n={len(latencies)})"
    )
    kb = [n / 1024 for n in sizes]
    print(f"websocket bytes received per α step: median {statistics.median(kb):.1f} KB, max {max(kb):.1f} KB")


if __name__ == "__main__":
    main()
