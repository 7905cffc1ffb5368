"""The live preview in a real browser: W⁰ dragged on the map and α on the viewer's slider redraw
the run from the browser's own engine at display rate, with no rerun until release; release
sends the value once, and the server's run is the preview's."""

from __future__ import annotations

import math
import time
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from support import VIEWER, wait_drawn

from gdviz import descend, get_loss

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}

MARKER = """() => {
    // W⁰'s marker on the map, in page pixels
    const gd = document.querySelector('[data-testid=gdviz-contour]');
    const i = gd.data.findIndex((t) => t.meta && t.meta.part === 'start');
    const L = gd._fullLayout, r = gd.querySelector('.nsewdrag').getBoundingClientRect();
    const t = gd._fullData[i];
    return [r.left + L.xaxis.l2p(t.x[0]), r.top + L.yaxis.l2p(t.y[0])];
}"""

LIVE = """() => {
    // the viewer's preview: frames drawn, the last run it computed, the map's drawn path
    const live = document.querySelector('[data-testid=gdviz-viewer]').gdvizLive;
    const gd = document.querySelector('[data-testid=gdviz-contour]');
    const path = gd.data.find((t) => t.meta && t.meta.part === 'path');
    return {
        frames: live.frames, frames3d: live.frames3d,
        run: live.run && { path: live.run.path, status: live.run.status },
        start: live.start, lr: live.lr,
        meta: live.meta && { start: live.meta.start, lr: live.meta.lr, spec: live.meta.spec },
        drawn: [Array.from(path.x), Array.from(path.y)],
        // the map while the pointer is down: the run's traces sketched over Plotly's
        sketch: [...gd.querySelectorAll('[data-testid=gdviz-sketch] path')].map((p) => p.getAttribute('d')).join('|'),
    };
}"""


class Reruns:
    """Streamlit reruns the page asked for: the messages it sent the server (a rerun request is
    one; nothing else is sent while the page is left alone)."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.sent = 0
        page.on("websocket", lambda ws: ws.on("framesent", self._sent))

    def _sent(self, _: object) -> None:
        self.sent += 1

    def since(self, mark: int) -> int:
        return self.sent - mark


def opened(browser, url: str, context: dict | None = None):  # type: ignore[no-untyped-def]
    """A fresh page on ``url`` once its figures are drawn and the engine loaded; its reruns and errors."""
    ctx = browser.new_context(**(context or {"viewport": {"width": 1400, "height": 1000}}))
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    reruns = Reruns(page)
    page.goto(url)
    wait_drawn(page, timeout=60_000)
    page.wait_for_function(
        "() => { const l = document.querySelector('[data-testid=gdviz-viewer]').gdvizLive;"
        " return l && l.meta && (l.engine || !l.meta.spec); }"
    )
    time.sleep(0.5)  # Streamlit's own messages after the first run
    return ctx, page, errors, reruns


def settled(page, frames: int) -> dict:  # type: ignore[no-untyped-def]
    """The preview once it has drawn more than ``frames`` frames."""
    page.wait_for_function(
        f"() => document.querySelector('[data-testid=gdviz-viewer]').gdvizLive.frames > {frames}", timeout=10_000
    )
    return page.evaluate(LIVE)


def server_run(page) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The path the server ran for the page on show: its loss from the link, its W⁰, α, steps and
    optimizer as the payload's preview spec states them, run again by the NumPy core."""
    live = page.evaluate(LIVE)
    spec = live["meta"]["spec"]
    loss = get_loss(parse_qs(urlparse(page.url).query).get("loss", ["quadratic"])[0])
    run = descend(
        loss,
        live["meta"]["start"],
        lr=live["meta"]["lr"],
        steps=spec["steps"],
        optimizer=spec["optimizer"],
        tol=spec["tol"],
        **spec["hyper"],
    )
    return run.path


def assert_same_path(preview: list, server: np.ndarray, rel: float) -> None:
    preview = np.asarray(preview, dtype=float)
    assert preview.shape == server.shape
    scale = np.maximum(np.abs(server), 1.0)
    assert np.max(np.abs(preview - server) / scale) <= rel


def released(page, rev: str) -> dict:  # type: ignore[no-untyped-def]
    """After a release: the server's figures drawn; the preview's state then."""
    wait_drawn(page, rev)
    time.sleep(1.0)  # a second rerun, if any, would have been asked for by now
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
    return page.evaluate(LIVE)


def test_dragging_w0_redraws_the_path_before_any_rerun_and_release_runs_it_once(browser, server):
    ctx, page, errors, reruns = opened(browser, server)
    mark = reruns.sent
    try:
        rev = page.get_attribute(VIEWER, "data-rev")
        x, y = page.evaluate(MARKER)
        page.mouse.move(x, y)
        page.mouse.down()
        starts, sketches, frames = [], [], 0
        for k in range(1, 9):
            page.mouse.move(x - 12 * k, y - 6 * k)
            live = settled(page, frames)
            frames = live["frames"]
            starts.append(tuple(live["run"]["path"][0]))
            sketches.append(live["sketch"])
            assert reruns.since(mark) == 0  # nothing sent while the pointer is down
        # the path moved with the pointer, frame after frame, and the map drew each
        assert len(set(starts)) >= 6 and len(set(sketches)) >= 6
        page.mouse.up()
        after = released(page, rev)
        assert reruns.since(mark) == 1
        # the server ran from the preview's W⁰ and drew the preview's path
        assert after["meta"]["start"] == list(live["start"])
        assert_same_path(live["run"]["path"], server_run(page), 1e-9)
        path = np.asarray(live["run"]["path"])
        n = len(after["drawn"][0])
        assert np.allclose(after["drawn"], path[:n].T, rtol=1e-6, atol=1e-6) and not after["sketch"]
        assert [float(v) for v in parse_qs(urlparse(page.url).query)["x0"]] == [live["start"][0]]
        # playback still runs over the new run
        page.get_by_test_id("gdviz-first").click()
        page.get_by_test_id("gdviz-play").click()
        page.wait_for_function("() => Number(document.querySelector('[data-testid=gdviz-viewer]').dataset.step) > 0")
        assert reruns.since(mark) == 1
        assert not errors
    finally:
        ctx.close()


def test_a_click_on_the_map_still_sets_w0_and_a_press_on_the_marker_does_not_pan(browser, server):
    ctx, page, errors, reruns = opened(browser, server)
    mark = reruns.sent
    try:
        x, y = page.evaluate(MARKER)
        ranges = "() => JSON.stringify(document.querySelector('[data-testid=gdviz-contour]')._fullLayout.xaxis.range)"
        before = page.evaluate(ranges)
        rev = page.get_attribute(VIEWER, "data-rev")
        page.mouse.move(x, y)
        page.mouse.down()
        for k in range(1, 4):
            page.mouse.move(x + 15 * k, y)
        settled(page, 0)
        page.mouse.up()
        rev = wait_drawn(page, rev)
        assert page.evaluate(ranges) == before  # the drag moved W⁰, not the view
        mark = reruns.sent
        b = page.locator("[data-testid=gdviz-contour] .nsewdrag").first.bounding_box()
        page.mouse.click(b["x"] + b["width"] * 0.2, b["y"] + b["height"] * 0.8)
        after = released(page, rev)
        assert reruns.since(mark) == 1
        assert after["meta"]["start"][1] < 0  # the click's place, low on the map
        assert not errors
    finally:
        ctx.close()


def test_dragging_alpha_in_the_viewer_previews_and_sets_the_sidebar_alpha_on_release(browser, server):
    ctx, page, errors, reruns = opened(browser, server)
    mark = reruns.sent
    try:
        rev = page.get_attribute(VIEWER, "data-rev")
        slider = page.get_by_test_id("gdviz-alpha-slider")
        slider.evaluate("(e) => e.scrollIntoView({block: 'center'})")
        b = slider.bounding_box()
        share = slider.evaluate("(e) => (e.value - e.min) / (e.max - e.min)")
        x, y = b["x"] + 8 + share * (b["width"] - 16), b["y"] + b["height"] / 2  # the thumb
        page.mouse.move(x, y)
        page.mouse.down()
        lrs, frames = [], 0
        for k in range(1, 7):
            page.mouse.move(x - 4 * k, y)
            live = settled(page, frames)
            frames = live["frames"]
            lrs.append(live["lr"])
            assert reruns.since(mark) == 0
        assert len(set(lrs)) >= 5 and lrs == sorted(lrs, reverse=True)  # α fell as the thumb went left
        assert float(page.get_by_test_id("gdviz-alpha-value").inner_text().replace("−", "-")) == lrs[-1]
        page.mouse.up()
        after = released(page, rev)
        assert reruns.since(mark) == 1
        assert after["meta"]["lr"] == live["lr"]
        assert float(page.locator(".st-key-lr input").input_value()) == pytest.approx(live["lr"])
        assert_same_path(live["run"]["path"], server_run(page), 1e-9)
        assert not errors
    finally:
        ctx.close()


def test_dragging_w0_across_the_saddles_ridge_flips_the_path_continuously(browser, server):
    ctx, page, errors, reruns = opened(browser, f"{server}/?loss=saddle&lang=pt")
    mark = reruns.sent
    try:
        x, y = page.evaluate(MARKER)  # (1.5, 0): on the ridge, where gd walks into the saddle
        page.mouse.move(x, y)
        page.mouse.down()
        sides, frames = [], 0
        for dy in (-40, -25, -10, 10, 25, 40):  # from above the ridge (w2 > 0) to below it
            page.mouse.move(x, y + dy)
            live = settled(page, frames)
            frames = live["frames"]
            w2 = live["run"]["path"][-1][1]
            sides.append(math.copysign(1, w2))
            assert reruns.since(mark) == 0
        assert sides == [1, 1, 1, -1, -1, -1]  # the path leaves on the side W⁰ is on, flipping as it crosses
        assert "atualiza" not in page.get_by_test_id("gdviz-label").inner_text()  # previewed, not waiting
        rev = page.get_attribute(VIEWER, "data-rev")
        page.mouse.up()
        released(page, rev)
        assert reruns.since(mark) == 1
        assert_same_path(live["run"]["path"], server_run(page), 1e-9)
        assert not errors
    finally:
        ctx.close()


def _touch(page, points: list[tuple[float, float]], before_lift=lambda: None) -> None:  # type: ignore[no-untyped-def]
    """One finger pressed at the first point, moved through the others, lifted (Chromium's touch
    input); ``before_lift`` runs while the finger is still down."""
    cdp = page.context.new_cdp_session(page)
    at = lambda kind, p: cdp.send(  # noqa: E731
        "Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": p[0], "y": p[1], "id": 0}] if p else []}
    )
    at("touchStart", points[0])
    for p in points[1:]:
        at("touchMove", p)
        time.sleep(0.05)
    before_lift()
    at("touchEnd", None)
    cdp.detach()


def test_on_a_phone_one_finger_drags_w0_and_elsewhere_still_scrolls(browser, server):
    ctx, page, errors, reruns = opened(browser, server, PHONE)
    mark = reruns.sent
    try:
        page.get_by_test_id("gdviz-contour").evaluate("(e) => e.scrollIntoView({block: 'center'})")
        time.sleep(0.3)
        rev = page.get_attribute(VIEWER, "data-rev")
        scroll = "() => document.querySelector('[data-testid=stMain]').scrollTop"
        top = page.evaluate(scroll)
        x, y = page.evaluate(MARKER)
        during = {}

        def held() -> None:
            during.update(page.evaluate(LIVE), top=page.evaluate(scroll), reruns=reruns.since(mark))

        _touch(page, [(x, y), *[(x - 8 * k, y + 5 * k) for k in range(1, 9)]], held)
        assert during["frames"] >= 3 and during["reruns"] == 0
        assert during["top"] == top  # the finger moves W⁰, not the page
        after = released(page, rev)
        assert reruns.since(mark) == 1
        assert after["meta"]["start"] == list(during["start"])
        # one finger away from W⁰ scrolls the page, as before
        b = page.get_by_test_id("gdviz-contour").bounding_box()
        x, y = page.evaluate(MARKER)
        far = (b["x"] + b["width"] / 2, b["y"] + b["height"] * 0.7)
        far = far if math.hypot(far[0] - x, far[1] - y) > 60 else (b["x"] + b["width"] * 0.2, far[1])
        _touch(page, [far, *[(far[0], far[1] - 15 * k) for k in range(1, 11)]])
        page.wait_for_function(f"() => ({scroll})() > {top}", timeout=5_000)
        assert not errors
    finally:
        ctx.close()


def test_where_the_browser_cannot_run_the_descent_w0_moves_and_the_figures_update_on_release(browser, server):
    # SGD's noise comes from numpy's generator: no preview spec, the marker moves alone
    ctx, page, errors, reruns = opened(browser, f"{server}/?noise=0.5")
    mark = reruns.sent
    try:
        assert page.evaluate(LIVE)["meta"]["spec"] is None
        rev = page.get_attribute(VIEWER, "data-rev")
        x, y = page.evaluate(MARKER)
        page.mouse.move(x, y)
        page.mouse.down()
        for k in range(1, 5):
            page.mouse.move(x + 10 * k, y + 5 * k)
        page.wait_for_function(
            "() => document.querySelector('[data-testid=gdviz-label]').textContent.includes('updates on release')"
        )
        moved = page.evaluate(LIVE)
        assert reruns.since(mark) == 0 and moved["run"] is None
        page.mouse.up()
        after = released(page, rev)
        assert reruns.since(mark) == 1
        assert after["meta"]["start"] == list(moved["start"])
        assert not errors
    finally:
        ctx.close()
