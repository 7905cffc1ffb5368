"""The layout as students and teachers meet it: a phone, a projector, the charts' toolbar, the wheel.

Debian's Chromium driving the real Streamlit server, as in tests/test_browser.py.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from support import LAPTOP, PHONE, PROJECTOR, VIEWER, box, lr_slider, opened, wait_drawn

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

if not Path(shutil.which("chromium") or "/usr/bin/chromium").exists():  # pragma: no cover - CI installs it
    raise RuntimeError("Chromium is missing: bash scripts/test.sh installs Debian's chromium")


@pytest.mark.parametrize(
    "path", ["?loss=saddle&x0=0.5&y0=0.001&lr=0.1&lang=pt", "learning-rate?lang=pt"], ids=["explorer", "lab"]
)
def test_on_a_phone_the_viewer_holds_its_content_and_plays(browser, server, path):
    with opened(browser, f"{server}/{path}", PHONE) as page:
        element = page.locator(VIEWER).locator("xpath=ancestor::*[contains(@class, 'stElementContainer')][1]")
        element.evaluate("(e) => e.setAttribute('data-gdviz-host', '')")
        host = box(page, "[data-gdviz-host]")
        contour, bar, curves = (box(page, f"[data-testid=gdviz-{k}]") for k in ("contour", "play", "curves"))
        assert contour["bottom"] <= bar["top"] and bar["bottom"] <= curves["top"]  # stacked, nothing drawn over
        assert curves["bottom"] <= host["bottom"] + 1  # the page gives the viewer all the room it needs
        following = element.locator("xpath=following-sibling::*[1]")
        following.evaluate("(e) => e.setAttribute('data-gdviz-next', '')")
        assert box(page, "[data-gdviz-next]")["top"] >= curves["bottom"]  # what follows starts below the curves
        for plot in ("surface", "contour"):  # no wider than the phone
            plot_box = box(page, f"[data-testid=gdviz-{plot}]")
            assert plot_box["left"] >= 0 and plot_box["right"] <= 390
        page.get_by_test_id("gdviz-first").tap()
        assert page.get_attribute(VIEWER, "data-step") == "0"
        page.get_by_test_id("gdviz-play").tap()
        page.wait_for_function(f"() => Number(document.querySelector('{VIEWER}').dataset.step) > 0", timeout=20_000)


def test_only_a_click_on_the_map_itself_moves_the_start(browser, server):
    with opened(browser, server, LAPTOP) as page:
        x0, y0 = (page.locator(f".st-key-{k} input").input_value() for k in ("x0", "y0"))
        contour = page.locator("[data-testid=gdviz-contour]")
        contour.scroll_into_view_if_needed()
        contour.hover()
        titles = contour.locator(".modebar-btn").evaluate_all("(bs) => bs.map((b) => b.dataset.title)")
        assert "Share chart..." not in titles  # it uploads to Plotly's cloud; the app works offline
        for title in ("Zoom in", "Autoscale", "Zoom"):
            contour.locator(f"[data-title='{title}']").click()
        # a rerun for α, sent after the clicks: a start set by them would show in it
        rev = page.get_attribute(VIEWER, "data-rev")
        lr_slider(page).focus()
        page.keyboard.press("ArrowLeft")
        wait_drawn(page, rev)
        assert [page.locator(f".st-key-{k} input").input_value() for k in ("x0", "y0")] == [x0, y0]
        drag = contour.locator(".nsewdrag").first.bounding_box()
        rev = page.get_attribute(VIEWER, "data-rev")
        page.mouse.click(drag["x"] + drag["width"] * 0.3, drag["y"] + drag["height"] * 0.7)
        wait_drawn(page, rev)
        assert page.locator(".st-key-x0 input").input_value() != x0  # the map itself still sets W⁰


def test_the_wheel_scrolls_past_the_3d_view_and_zooms_it_once_pointed_at(browser, server):
    scroll = "() => document.querySelector('[data-testid=stMain]').scrollTop"
    distance = """() => {
        const e = document.querySelector('[data-testid=gdviz-surface]')._fullLayout.scene._scene.getCamera().eye;
        return Math.hypot(e.x, e.y, e.z);
    }"""
    with opened(browser, server, LAPTOP) as page:
        surface = page.locator("[data-testid=gdviz-surface]")
        start = surface.bounding_box()
        x, y = start["x"] + start["width"] / 2, start["y"] - 100  # above the view, over the page's text
        eye = page.evaluate(distance)
        page.mouse.move(x, y)
        # scrolling down with the pointer still: the view comes under it, and the page goes on scrolling
        while surface.bounding_box()["y"] > y - 300:
            before = page.evaluate(scroll)
            page.mouse.wheel(0, 100)
            page.wait_for_function(f"() => ({scroll})() > {before}", timeout=5_000)
        assert page.evaluate(distance) == pytest.approx(eye)  # the scene did not take the wheel
        # the user points at the view: now the wheel zooms it and the page stays
        page.mouse.move(x + 20, y + 10)
        before = page.evaluate(scroll)
        page.mouse.wheel(0, -100)
        page.wait_for_function(f"() => Math.abs(({distance})() - {eye}) > 0.01", timeout=5_000)
        assert page.evaluate(distance) < eye  # wheel up: closer
        assert page.evaluate(scroll) == before


def test_each_lesson_step_fits_a_projector_in_presenter_mode(browser, server):
    from gdviz.i18n import set_language
    from gdviz.i18n import t as translate
    from gdviz.lesson import STEPS

    set_language("pt")
    try:
        texts = [(translate(s.text), translate(s.try_this)) for s in STEPS]
    finally:
        set_language("en")
    with opened(browser, server, {"viewport": {"width": 1280, "height": 720}}) as page:
        for number, (text, try_this) in enumerate(texts, start=1):
            page.goto(f"{server}/lesson?step={number}&lang=pt&present=1")  # as the teacher's link opens it
            wait_drawn(page, timeout=60_000)
            main = page.get_by_test_id("stMainBlockContainer")
            parts = {
                "heading": main.get_by_test_id("stHeading").filter(has_text=f" {number} de {len(STEPS)}"),
                "text": main.get_by_test_id("stMarkdown").filter(has_text=text[:30]),
                "formula": main.locator(".katex-display").first,
                "try this": main.get_by_test_id("stAlert").filter(has_text=try_this[:30]),
                "W⁰": main.locator(".st-key-lesson_x0"),
                "figure": page.locator(VIEWER),
                "next": main.locator(".st-key-lesson_next button"),
            }
            if STEPS[number - 1].link:  # the page the step leads to
                parts["link"] = main.get_by_test_id("stPageLink")
            top = page.get_by_test_id("stHeader").bounding_box()
            screen = {"top": top["y"] + top["height"] - 1, "bottom": 720, "right": 1280}
            boxes = {name: part.bounding_box() for name, part in parts.items()}
            for name, b in boxes.items():
                assert b is not None, (number, name)
                assert b["y"] >= screen["top"] and b["y"] + b["height"] <= screen["bottom"], (number, name, b)
                assert b["x"] >= 0 and b["x"] + b["width"] <= screen["right"], (number, name, b)
            assert boxes["text"]["x"] + boxes["text"]["width"] <= boxes["figure"]["x"]  # side by side
            words = boxes["text"]["x"] + boxes["text"]["width"]
            # the formula and the code whole: no wider than the words' column, nothing hidden in a scroll
            shown = [main.locator(".katex-display").first]
            if STEPS[number - 1].code:
                shown.append(main.get_by_test_id("stCode").first)
            for part in shown:
                b = part.bounding_box()
                assert b["x"] + b["width"] <= words + 1 and b["y"] + b["height"] <= screen["bottom"], (number, b)
                # a box that clips or scrolls what is wider than it (not MathML's hidden copy; a glyph's
                # overhang of a pixel or two past a box fitted to the formula is no cut)
                hidden = part.evaluate(
                    """(e) => [e, ...e.querySelectorAll('*')].filter((x) => !x.closest('.katex-mathml')
                        && getComputedStyle(x).overflowX !== 'visible' && x.scrollWidth > x.clientWidth + 4)
                        .map((x) => x.className || x.tagName)"""
                )
                assert not hidden, (number, hidden)
            if STEPS[number - 1].readout:  # the four numbers at W⁰, inside the screen
                for metric in main.get_by_test_id("stMetric").all():
                    b = metric.bounding_box()
                    assert b["y"] + b["height"] <= screen["bottom"] and b["x"] + b["width"] <= words + 1, (number, b)
            assert _edges_blank(page.get_by_test_id("gdviz-surface")), number  # no axis title cut at its edges


def _edges_blank(element) -> bool:  # type: ignore[no-untyped-def]
    """Whether a 3-D view draws nothing on its outermost pixels: what it draws there is cut off."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(element.screenshot())).convert("L")
    w, h = image.size
    edges = [image.crop(b) for b in ((0, 0, 2, h), (w - 2, 0, w, h), (0, h - 2, w, h), (0, 0, w, 2))]
    return all(e.getextrema()[0] > 200 for e in edges)  # white, or nearly: no ink


def _swipe(page, x: float, y: float, dy: float, fingers: int = 1) -> None:  # type: ignore[no-untyped-def]
    """A touch drag of ``dy`` pixels from (x, y) with one finger or more (Chromium's own touch input)."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, at: float) -> None:
        points = [{"x": x + 40 * i, "y": at, "id": i} for i in range(fingers)] if kind != "touchEnd" else []
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", y)
    for i in range(1, 11):
        touch("touchMove", y + dy * i / 10)
    touch("touchEnd", y + dy)
    cdp.detach()


def _still_box(element) -> dict:  # type: ignore[no-untyped-def]
    """The element's box once it has stopped moving: a swipe's fling may still scroll the page after
    ``scrollIntoView``, and a tap aimed at a box read mid-scroll lands beside it."""
    box = element.bounding_box()
    for _ in range(50):
        time.sleep(0.1)
        now = element.bounding_box()
        if now == box:
            return now
        box = now
    raise AssertionError("the page kept scrolling")


def test_on_a_phone_one_finger_scrolls_past_the_views_and_two_turn_the_3d_view(browser, server):
    scroll = "() => document.querySelector('[data-testid=stMain]').scrollTop"
    eye = "() => document.querySelector('[data-testid=gdviz-surface]')._fullLayout.scene._scene.getCamera().eye.x"
    with opened(browser, f"{server}/?lang=pt", PHONE) as page:
        for plot in ("gdviz-surface", "gdviz-contour"):
            page.get_by_test_id(plot).evaluate("(e) => e.scrollIntoView({block: 'center'})")
            b = page.get_by_test_id(plot).bounding_box()
            before, camera = page.evaluate(scroll), page.evaluate(eye)
            _swipe(page, b["x"] + b["width"] / 2, b["y"] + b["height"] * 0.7, -150)
            page.wait_for_function(f"() => ({scroll})() > {before}", timeout=5_000)
            assert page.evaluate(eye) == camera, plot  # the page moved, not the scene
        surface = page.get_by_test_id("gdviz-surface")
        surface.evaluate("(e) => e.scrollIntoView({block: 'center'})")
        b = surface.bounding_box()
        camera = page.evaluate(eye)
        _swipe(page, b["x"] + b["width"] * 0.3, b["y"] + b["height"] * 0.3, 120, fingers=2)
        page.wait_for_function(f"() => ({eye})() !== {camera}", timeout=5_000)
        assert "dois dedos" in page.get_by_test_id("gdviz-viewer").locator(".gdv-hint").inner_text()
        # a tap on the map still sets W⁰ there
        drag = page.locator("[data-testid=gdviz-contour] .nsewdrag").first
        drag.evaluate("(e) => e.scrollIntoView({block: 'center'})")
        b = _still_box(drag)
        x0, rev = page.locator(".st-key-x0 input").input_value(), page.get_attribute(VIEWER, "data-rev")
        page.touchscreen.tap(b["x"] + b["width"] * 0.8, b["y"] + b["height"] * 0.3)
        wait_drawn(page, rev)
        assert page.locator(".st-key-x0 input").input_value() != x0


def test_a_hidden_run_leaves_nothing_of_the_answer_on_the_projector(browser, server, tmp_path):
    """Presenter mode at 1280×720, "hide the run (ask first)" on: W⁰ on the map, no path, no Wᵗ, no
    curves, no outcome in any words of the page; off, the run again."""
    js = """() => {
        const gd = document.querySelector('[data-testid=gdviz-contour]');
        return gd.data.map((t) => [(t.meta || {}).part || '', t.x ? t.x.length : 0]);
    }"""
    with opened(browser, f"{server}/?present=1&lr=0.19&x0=-2&y0=1.5", PROJECTOR) as page:
        assert "converged after" in page.inner_text("body")  # what the class sees without hiding
        rev = page.locator(VIEWER).get_attribute("data-rev")
        page.locator(".st-key-poll_hide label").click()
        rev = wait_drawn(page, rev)
        page.screenshot(path=str(tmp_path / "hidden.png"))
        parts = dict(page.evaluate(js))
        assert parts.get("path") == 1 and "current" not in parts and "arrows" not in parts, parts
        assert not page.locator("[data-testid=gdviz-curves]").is_visible()
        words = page.inner_text("body")
        for answer in ("converged", "diverged", "α·λmax", "The update rule in numbers"):
            assert answer not in words, answer
        assert "hidden until the poll's reveal" in words
        assert page.get_by_text("📊 Poll the class").is_visible()  # the poll, one click away
        page.locator(".st-key-poll_hide label").click()
        wait_drawn(page, rev)
        assert dict(page.evaluate(js))["path"] > 100 and "converged after" in page.inner_text("body")
