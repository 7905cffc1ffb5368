"""Browser benchmark of what a student feels: how soon the charts appear, how smoothly a drag redraws.

Runs the real app (`streamlit run app.py`, started and stopped here) and Debian's headless
Chromium (SwiftShader WebGL) on the default Explorer. Not a test: the last line printed is one
JSON object with the figures for the closing notes.

    .venv/bin/python bench/interact.py [--loads 5] [--verbose]

- ``first_paint_s``: navigation start → both views drawn (the 3-D scene and the map), the median
  over fresh browser contexts (nothing cached) on a warm server (one load before the ones counted);
- ``first_paint_2d_s``: navigation start → the contour map drawn, the same loads.
- ``drag_fps``: the map's frames per second while W⁰ is dragged for 2 s on the default Explorer
  (the viewer's own count of preview frames drawn; the pointer moves every 4 ms, from inside the
  page, faster than the display as a mouse does); ``drag_fps_3d`` the 3-D scene's (software
  WebGL here); ``drag_reruns``: Streamlit reruns asked for during the drag and after the release
  (messages the page sent the server);
- ``alpha_drag_fps``, ``alpha_drag_fps_3d``, ``alpha_drag_reruns``: the same for α dragged on the
  viewer's slider;
- ``max_rel_diff``: the browser's first 50 iterates against the core's over the agreement cases
  (``tests/test_engine.py``'s ``agreement``).

"Drawn" is the first animation frame in which the chart is on the page, seen from the page
itself (a probe installed before any of the page's scripts), so that it means the same
whatever order the viewer draws in: the map when its contour lines are in its SVG, both views
when the viewer has also marked the revision drawn (after the 3-D scene).
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
from support import VIEWER, app_server, launch, wait_drawn  # noqa: E402
from test_engine import agreement, load_engine  # noqa: E402

PAINT_PROBE = """(() => {
    const marks = (window.__paint = {});
    // performance.now(), not the frame's timestamp: that is when the frame began, which may be
    // long before a busy main thread runs this callback
    const tick = () => {
        const now = performance.now();
        if (!marks.map && document.querySelector('[data-testid=gdviz-contour] .contourlayer path')) marks.map = now;
        const drawn = document.querySelector('[data-testid=gdviz-viewer][data-rev]');
        if (!marks.both && marks.map && drawn) marks.both = now;
        if (!marks.both) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    // the first websocket message (the page's clock), for --verbose
    const WS = window.WebSocket;
    window.WebSocket = function (...args) {
        const ws = new WS(...args);
        ws.addEventListener('message', () => { window.__wsFirst = window.__wsFirst || performance.now(); });
        return ws;
    };
    window.WebSocket.prototype = WS.prototype;
    Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();"""


def _timeline(page) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Where the time went, in ms since navigation start (for --verbose)."""
    return page.evaluate(
        """() => {
            const out = {};
            const nav = performance.getEntriesByType('navigation')[0];
            out.html = nav.responseEnd;
            out.dom_ready = nav.domContentLoadedEventEnd;
            for (const r of performance.getEntriesByType('resource')) {
                const name = r.name.split('?')[0].split('/').pop();
                if (name.startsWith('plotly') || name === 'viewer.js') {
                    out[name + '_fetch'] = r.startTime;
                    out[name + '_loaded'] = r.responseEnd;
                    out[name + '_bytes'] = r.encodedBodySize;
                }
            }
            const v = document.querySelector('[data-testid=gdviz-viewer]');
            // the viewer's own marks: module loaded, draw asked, plotly.js ready, map drawn, all drawn
            const marks = v && v.dataset.timing ? JSON.parse(v.dataset.timing) : {};
            for (const [k, t] of Object.entries(marks)) out['viewer_' + k] = t;
            if (window.__wsFirst) out.ws_first = window.__wsFirst;
            return Object.assign(out, window.__paint);
        }"""
    )


def first_paint(browser, url: str, verbose: bool = False) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """One load in a fresh browser context: (seconds to the map drawn, seconds to both views drawn)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(PAINT_PROBE)
    page = context.new_page()
    page.goto(url)
    wait_drawn(page)
    page.wait_for_function("() => window.__paint && window.__paint.both")
    marks = _timeline(page)
    if verbose:
        print("  " + ", ".join(f"{k} {v:.0f}" for k, v in marks.items()))
    assert page.get_attribute(VIEWER, "data-error") is None, page.get_attribute(VIEWER, "data-error")
    context.close()
    return marks["map"] / 1000, marks["both"] / 1000


DRAG_SECONDS = 2.0
LIVE = """() => {
    const live = document.querySelector('[data-testid=gdviz-viewer]').gdvizLive;
    return { now: performance.now(), frames: live.frames, frames3d: live.frames3d, map_ms: live.cost2d,
        scene_ms: live.cost3d };
}"""


def _marker(page) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """W⁰'s marker on the map, in page pixels."""
    return page.evaluate(
        """() => {
            const gd = document.querySelector('[data-testid=gdviz-contour]');
            const t = gd._fullData[gd.data.findIndex((d) => d.meta && d.meta.part === 'start')];
            const L = gd._fullLayout, r = gd.querySelector('.nsewdrag').getBoundingClientRect();
            return [r.left + L.xaxis.l2p(t.x[0]), r.top + L.yaxis.l2p(t.y[0])];
        }"""
    )


def _alpha_thumb(page) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The viewer's α slider's thumb, in page pixels (scrolled into view)."""
    slider = page.get_by_test_id("gdviz-alpha-slider")
    slider.evaluate("(e) => e.scrollIntoView({block: 'center'})")
    b = slider.bounding_box()
    share = slider.evaluate("(e) => (e.value - e.min) / (e.max - e.min)")
    return b["x"] + 8 + share * (b["width"] - 16), b["y"] + b["height"] / 2


DRIVE = """([what, x, y, seconds]) => new Promise((done) => {
    // The hand on the mouse, from inside the page: a pointer move every 4 ms (a mouse reports at
    // 125–1000 Hz, faster than the display; the viewer draws the latest once a frame). W⁰ goes
    // round and round, 40 px across; α's thumb back and forth, 50 px.
    const viewer = document.querySelector('[data-testid=gdviz-viewer]');
    const map = viewer.querySelector('[data-testid=gdviz-contour]');
    const slider = viewer.querySelector('[data-testid=gdviz-alpha-slider]');
    const t0 = performance.now();
    let k = 0;
    const timer = setInterval(() => {
        k += 1;
        if (what === 'start') {
            map.dispatchEvent(new PointerEvent('pointermove', {
                pointerType: 'mouse', bubbles: true,
                clientX: x + 20 * Math.cos(k / 20), clientY: y + 20 * Math.sin(k / 20),
            }));
        } else {
            const box = slider.getBoundingClientRect();
            const share = (x + 25 * Math.sin(k / 20) - box.left) / box.width;
            slider.value = String(Number(slider.min) + share * (slider.max - slider.min));
            slider.dispatchEvent(new Event('input', { bubbles: true }));
        }
        if (performance.now() - t0 >= seconds * 1000) {
            clearInterval(timer);
            done(k);
        }
    }, 4);
})"""


def drag(browser, url: str, what: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Drag W⁰ on the map (``what`` "start") or α on the viewer's slider ("lr") for DRAG_SECONDS:
    the button pressed and let go with Playwright's mouse, the moves in between from the page
    (DRIVE); the frames drawn per second and the reruns asked for."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.goto(url)
    rev = wait_drawn(page)
    page.wait_for_function(f"() => document.querySelector('{VIEWER}').gdvizLive.engine")
    time.sleep(1.0)  # Streamlit's own messages after the first run
    x, y = _marker(page) if what == "start" else _alpha_thumb(page)
    page.mouse.move(x, y)
    page.mouse.down()
    before, mark = page.evaluate(LIVE), len(sent)
    moves = page.evaluate(DRIVE, [what, x, y, DRAG_SECONDS])
    after = page.evaluate(LIVE)
    during = len(sent) - mark
    if what == "lr":
        page.mouse.move(x + 2, y)  # the thumb under the real pointer: letting go is a change
    page.mouse.up()
    wait_drawn(page, rev)
    time.sleep(1.5)  # a second rerun, if any, would have been asked for by now
    seconds = (after["now"] - before["now"]) / 1000
    context.close()
    return {
        "fps": round((after["frames"] - before["frames"]) / seconds, 1),
        "fps_3d": round((after["frames3d"] - before["frames3d"]) / seconds, 1),
        "reruns": {"during": during, "after": len(sent) - mark - during},
        "moves": moves,
        "map_ms": round(after["map_ms"], 1),
        "scene_ms": round(after["scene_ms"], 1),
    }


def max_rel_diff(browser) -> float:  # type: ignore[no-untyped-def]
    """engine.js against the core over the agreement cases: the largest relative difference of
    the first 50 iterates (tests/test_engine.py)."""
    context = browser.new_context()
    page = context.new_page()
    load_engine(page)
    diff = agreement(page)["max_rel_diff"]
    context.close()
    return diff


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loads", type=int, default=5, help="fresh browser contexts to time (default 5)")
    parser.add_argument("--verbose", action="store_true", help="print each load's timeline")
    args = parser.parse_args()
    with app_server() as url, sync_playwright() as p:
        browser = launch(p)
        first_paint(browser, url)  # warm the server (imports, caches) once
        loads = [first_paint(browser, url, args.verbose) for _ in range(args.loads)]
        start, lr = drag(browser, url, "start"), drag(browser, url, "lr")
        diff = max_rel_diff(browser)
        browser.close()
    if args.verbose:
        print(f"W⁰ drag: {start}\nα drag: {lr}")
    maps, both = zip(*loads)
    if args.verbose:
        print(f"map drawn (s): {[round(x, 2) for x in maps]}\nboth drawn (s): {[round(x, 2) for x in both]}")
    result = {
        "first_paint_s": round(statistics.median(both), 3),
        "first_paint_2d_s": round(statistics.median(maps), 3),
        "drag_fps": start["fps"],
        "drag_fps_3d": start["fps_3d"],
        "drag_reruns": start["reruns"],
        "alpha_drag_fps": lr["fps"],
        "alpha_drag_fps_3d": lr["fps_3d"],
        "alpha_drag_reruns": lr["reruns"],
        "max_rel_diff": diff,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
