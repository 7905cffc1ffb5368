"""Browser benchmark of the neural network page (/network): a new plane, end to end, and its screenshots.

The real app on a fresh server, Debian's headless Chromium. Each change picks another plane in the
sidebar's menu; the clock runs on the page, from the click on the menu's option to the moment the
viewer reports the new figures drawn (as bench/pages.py measures the other pages). The training is
not redone (the plane is not part of it: ``gdviz.app.cache.training_of``); the first visit of each
plane computes its landscape, later visits find it cached, so both are reported. Then playback:
one epoch back on the viewer's bar, click to the next painted frame (no rerun: the browser holds
every epoch's path point and a snapshot of the fit every few epochs).

    .venv/bin/python bench/network_page.py [--rounds 3] [--screenshots docs]

``--screenshots DIR`` also writes the README's pictures: network.png (a laptop, 1440 × 900, English,
the PCA plane), network-pt-projector.png (1280 × 720, presenter mode, Portuguese) and
network-phone.png (390 × 844, touch).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from support import APP_IDLE, app_server, launch, open_menu, wait_drawn  # noqa: E402

PLANES = {"weights": "two weights of the first layer", "random": "two random directions", "pca": "principal directions"}

ARM = """() => {
    window.__clickAt = null;
    window.addEventListener('click', () => { window.__clickAt = performance.now(); }, {capture: true, once: true});
    const v = document.querySelector('[data-testid=gdviz-viewer]');
    window.__oldRev = v ? v.dataset.rev : null;
}"""

DRAWN = """() => {
    const idle = document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]');
    const v = document.querySelector('[data-testid=gdviz-viewer]');
    if (!idle || window.__clickAt === null || !v || !v.dataset.timing) return false;
    if (v.dataset.rev === window.__oldRev) return false;
    return JSON.parse(v.dataset.timing).drawn - window.__clickAt;
}"""


def choose_plane(page, plane: str) -> float:  # type: ignore[no-untyped-def]
    """Pick ``plane`` in the sidebar's menu; milliseconds from the click to the figures drawn."""
    option = open_menu(page, "plane", PLANES[plane])
    page.evaluate(ARM)
    option.click()
    return float(page.wait_for_function(DRAWN, timeout=60_000, polling="raf").json_value())


def measure(browser, url: str, rounds: int) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    """Plane changes on one page: (first visits of a plane, visits of a plane seen before), in ms."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/network?plane=pca")
    wait_drawn(page, timeout=90_000)
    time.sleep(1.0)
    first, again = [], []
    seen = {"pca"}
    for _ in range(rounds):
        for plane in ("weights", "random", "pca"):
            ms = choose_plane(page, plane)
            (again if plane in seen else first).append(ms)
            seen.add(plane)
            time.sleep(0.4)
    context.close()
    return first, again


STEP_BACK = """async (times) => {
    const back = document.querySelector('[data-testid=gdviz-back]');
    const out = [];
    for (let i = 0; i < times; i++) {
        const t0 = performance.now();
        back.click();  // playback's handler restyles the path, θᵗ and the fit in place
        await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
        out.push(performance.now() - t0);
    }
    return out;
}"""


def epoch_steps(browser, url: str, times: int = 30) -> list[float]:  # type: ignore[no-untyped-def]
    """One epoch back in the viewer, ``times`` times: ms from the click to the next painted frame
    (the browser alone: the surface, the map, the fit and L per epoch move without a rerun)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/network")
    wait_drawn(page, timeout=90_000)
    time.sleep(1.0)
    out = page.evaluate(STEP_BACK, times)
    context.close()
    return out


def screenshots(browser, url: str, out: Path) -> None:  # type: ignore[no-untyped-def]
    """The README's three pictures of the page."""
    out.mkdir(parents=True, exist_ok=True)
    phone = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
    shots = [  # name, link, device, whether to scroll to the status line (past the title and the intro)
        ("network.png", "network?plane=pca", {"viewport": {"width": 1440, "height": 900}}, True),
        ("network-pt-projector.png", "network?present=1&lang=pt", {"viewport": {"width": 1280, "height": 720}}, False),
        ("network-phone.png", "network", phone, True),
    ]
    for name, path, device, scroll in shots:
        context = browser.new_context(**device)
        page = context.new_page()
        page.goto(f"{url}/{path}")
        wait_drawn(page, timeout=90_000)
        # the page from its status line down: the figures, not the title and the intro
        page.evaluate(
            """(scroll) => {
                if (!scroll) return;
                const main = document.querySelector('[data-testid=stMain]');
                const status = document.querySelector('[data-testid=stMain] [data-testid=stAlertContainer]');
                main.scrollTop += status.getBoundingClientRect().top - 64;  // under the header bar
            }""",
            scroll,
        )
        time.sleep(2.0)  # the WebGL scene settles
        page.screenshot(path=str(out / name))
        context.close()
        print(f"wrote {out / name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="times each plane is chosen (default 3)")
    parser.add_argument("--screenshots", type=Path, help="also write the page's screenshots into this folder")
    args = parser.parse_args()
    with app_server() as url, sync_playwright() as p:
        browser = launch(p)
        warm = browser.new_page()
        warm.goto(url)  # the first run of app.py registers the pages (streamlit/streamlit#9992)
        warm.wait_for_selector(APP_IDLE, timeout=60_000)
        warm.close()
        first, again = measure(browser, url, args.rounds)
        print(
            f"plane change → figures drawn: a plane's first visit median {statistics.median(first):4.0f} ms "
            f"(max {max(first):4.0f}, n={len(first)}); a plane seen before median {statistics.median(again):4.0f} ms "
            f"(max {max(again):4.0f}, n={len(again)})"
        )
        steps = epoch_steps(browser, url)
        print(
            f"one epoch back (playback, no rerun) → painted: median {statistics.median(steps):4.0f} ms "
            f"(max {max(steps):4.0f}, n={len(steps)})"
        )
        if args.screenshots:
            screenshots(browser, url, args.screenshots)
        browser.close()


if __name__ == "__main__":
    main()
