"""The charts' own words in a real browser: axis titles, tick labels and marks that a projector or
a phone shows whole, none printed over another."""

from __future__ import annotations

import itertools
import re

import pytest
from support import wait_drawn

pytestmark = pytest.mark.browser

# every text of a chart's SVG that shows something, with its box in page coordinates
TEXTS = """(root) => [...root.querySelectorAll('svg text')]
    .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map((t) => {
        const r = t.getBoundingClientRect();
        // titles carry their class (xtitle…); tick labels sit in a group that does (ytick…)
        const own = t.getAttribute('class') || t.parentNode.getAttribute('class') || '';
        const kind = t.closest('.legend') ? 'legend' : own;
        return { text: t.textContent, kind, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    })"""

DECADE = re.compile(r"^(1|10(\u200b?−?\d+\u200b?)?)$")
"""A log axis's tick label at a power of 10, as Plotly writes it with exponentformat "power"."""


def _overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes share more than a pixel each way."""
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    ]


def _inside(boxes: list[dict], box: dict) -> list[str]:
    return [
        b["text"]
        for b in boxes
        if b["left"] < box["x"] - 1
        or b["right"] > box["x"] + box["width"] + 1
        or b["top"] < box["y"] - 1
        or b["bottom"] > box["y"] + box["height"] + 1
    ]


@pytest.fixture
def page(browser, server):
    contexts = []

    def open_page(path: str, width: int, height: int, phone: bool = False):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": height}, has_touch=phone, is_mobile=phone)
        contexts.append(context)
        p = context.new_page()
        errors: list[str] = []
        p.on("pageerror", lambda e: errors.append(str(e)))
        p.goto(f"{server}/{path}")
        wait_drawn(p)
        p.errors = errors
        return p

    yield open_page
    for context in contexts:
        context.close()


def test_the_lesson_curves_keep_step_t_and_label_decades_when_projected(page):
    p = page("lesson?step=5&lang=pt&present=1", 1280, 720)
    curves = p.locator("[data-testid=gdviz-curves]")
    curves.scroll_into_view_if_needed()
    box = curves.bounding_box()
    texts = curves.evaluate(TEXTS)
    titles = [t for t in texts if "xtitle" in t["kind"] or "x2title" in t["kind"]]
    assert [t["text"] for t in titles] == ["passo t", "passo t"]
    title = curves.locator(".g-xtitle text")
    title.scroll_into_view_if_needed()
    seen = title.evaluate(
        """(t) => {
            const r = t.getBoundingClientRect();
            const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
            return !!hit && !!hit.closest('[data-testid=gdviz-curves]');
        }"""
    )
    assert seen, "something covers the x-axis title"
    assert not _inside(texts, box), "text cut at the edge of the curves"
    ticks = [t["text"] for t in texts if "ytick" in t["kind"] or "y2tick" in t["kind"]]
    assert ticks and all(DECADE.match(t) for t in ticks), ticks  # powers of 10, not "10 9 8 7 6"
    assert not _overlaps(texts)
    assert not p.errors, p.errors


def test_the_lab_sweep_on_a_phone_names_its_marks_with_nothing_overlapping(page):
    p = page("learning-rate", 390, 844, phone=True)
    chart = p.locator(".st-key-sweep .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    chart.locator(".main-svg").first.wait_for()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    texts = chart.evaluate(TEXTS)
    words = [t["text"] for t in texts]
    assert not [w for w in words if "new text" in w], words  # Plotly's placeholder for an empty label
    legend = [t["text"] for t in texts if t["kind"] == "legend" or "legendtext" in t["kind"]]
    assert any(w.startswith("2/λmax = ") for w in legend) and any(w.startswith("α* = ") for w in legend), legend
    assert not _overlaps(texts)
    assert not _inside(texts, box), "text outside the chart"
    # the lab's panels below the viewer follow one another: none covers the next
    panels = p.evaluate(
        """() => {
            const viewer = document.querySelector('.st-key-lab_viewer');
            const all = [...viewer.parentElement.children];
            return all.slice(all.indexOf(viewer) + 1).filter((e) => e.offsetHeight > 0).map((e) => {
                const r = e.getBoundingClientRect();
                const inner = [...e.querySelectorAll('svg.main-svg, canvas, table, p')]
                    .map((c) => c.getBoundingClientRect())
                    .filter((c) => c.width > 0 && c.height > 0);
                return {
                    top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                    innerBottom: Math.max(r.bottom, ...inner.map((c) => c.bottom)),
                    innerRight: Math.max(r.right, ...inner.map((c) => c.right)),
                };
            });
        }"""
    )
    assert len(panels) >= 5  # headings, the theory, its table, the sweep, its caption
    for a, b in itertools.pairwise(panels):
        assert a["innerBottom"] <= b["top"] + 1, (a, b)
    assert all(q["innerRight"] <= 391 for q in panels)  # nothing wider than the phone
    assert not p.errors, p.errors


def _box(locator) -> dict:  # type: ignore[no-untyped-def]
    b = locator.bounding_box()
    right, bottom = b["x"] + b["width"], b["y"] + b["height"]
    return {"text": "toolbar", "left": b["x"], "top": b["y"], "right": right, "bottom": bottom}


def test_the_maps_legend_sits_under_w1_and_leaves_the_map_its_width(page):
    for path, width, height, phone in (("learning-rate", 390, 844, True), ("stationary-points", 1440, 900, False)):
        p = page(path, width, height, phone)
        contour = p.locator("[data-testid=gdviz-contour]")
        contour.scroll_into_view_if_needed()
        texts = contour.evaluate(TEXTS)
        title = [t for t in texts if "xtitle" in t["kind"]]
        legend = [t for t in texts if t["kind"] == "legend"]
        assert [t["text"] for t in title] == ["w1"] and legend, (path, texts)
        assert min(t["top"] for t in legend) >= title[0]["bottom"], (path, "the legend reaches up to w1")
        assert not _overlaps(texts), (path, _overlaps(texts))
        # the map keeps most of its box's width however long the legend (equal scales on a square view)
        plot, box = contour.locator(".nsewdrag").bounding_box(), contour.bounding_box()
        assert plot["width"] >= 0.7 * box["width"], (path, plot, box)
        assert not p.errors, p.errors


def test_on_a_phone_the_toolbars_cover_no_chart_title(page):
    p = page("learning-rate", 390, 844, phone=True)
    for selector in ("[data-testid=gdviz-curves]", ".st-key-sweep .js-plotly-plot"):
        chart = p.locator(selector)
        chart.scroll_into_view_if_needed()
        chart.locator(".modebar").wait_for(state="attached")
        titles = [t for t in chart.evaluate(TEXTS) if "annotation" in t["kind"] or "gtitle" in t["kind"]]
        assert len(titles) == 2, (selector, titles)
        assert not _overlaps([*titles, _box(chart.locator(".modebar"))]), selector
    assert not p.errors, p.errors


ENGLISH_TOOLBAR = {
    "Download plot as a PNG",
    "Pan",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "Orbital rotation",
    "Turntable rotation",
    "Reset camera to default",
    "Reset camera to last save",
    "Toggle show closest data on hover",
    "Box Select",
    "Lasso Select",
}
"""plotly.js's own titles of the toolbar's buttons ("Zoom" is Portuguese too)."""


def test_the_toolbars_speak_portuguese_and_have_no_select_buttons(page):
    p = page("learning-rate?lang=pt", 1440, 900)
    for selector in ("[data-testid=gdviz-surface]", "[data-testid=gdviz-contour]", ".st-key-sweep .js-plotly-plot"):
        chart = p.locator(selector)
        chart.scroll_into_view_if_needed()
        chart.locator(".modebar-btn").first.wait_for(state="attached")
        buttons = chart.locator(".modebar-btn").evaluate_all(
            "(bs) => bs.map((b) => [b.getAttribute('data-title'), b.getAttribute('data-val')])"
        )
        titles = {title for title, _ in buttons}
        assert "Baixar o gráfico como PNG" in titles and not titles & ENGLISH_TOOLBAR, (selector, titles)
        assert not {val for _, val in buttons} & {"select", "lasso"}, (selector, buttons)
    assert not p.errors, p.errors


def test_playback_runs_to_the_runs_last_step_past_the_view(page):
    # the path leaves the view near step 45; the run stops at step 164
    p = page("?loss=saddle&x0=0.5&y0=0.001&lr=0.1&lang=pt", 1440, 900)
    viewer = p.locator("[data-testid=gdviz-viewer]")
    steps = viewer.locator("[data-testid=gdviz-curves]").evaluate(
        "(d) => Math.max(...d.calcdata.flat().map((pt) => pt.x).filter(Number.isFinite))"
    )
    last = viewer.locator("[data-testid=gdviz-step]").get_attribute("max")
    assert int(last) == steps > 100, (last, steps)
    now = viewer.locator("[data-testid=gdviz-curves]").evaluate(
        "(d) => d._fullLayout.shapes.filter((s) => s.name === 'now').map((s) => s.x0)"
    )
    assert now and all(x == steps for x in now), now
    label = viewer.locator("[data-testid=gdviz-label]").text_content()
    assert label.startswith(f"t = {steps} / {steps}") and "(fora da vista)" in label, label
    # the current point is drawn pinned inside the map, where the drawn path ends
    pinned = viewer.locator("[data-testid=gdviz-contour]").evaluate(
        """(d) => {
            const at = d.data.find((t) => t.meta && t.meta.play === 'at');
            const [x0, x1] = d._fullLayout.xaxis.range, [y0, y1] = d._fullLayout.yaxis.range;
            const [x, y] = [at.x[0], at.y[0]];
            return at.x.length === 1 && x >= x0 && x <= x1 && y >= y0 && y <= y1;
        }"""
    )
    assert pinned
    viewer.locator("[data-testid=gdviz-first]").click()
    label = viewer.locator("[data-testid=gdviz-label]").text_content()
    assert label.startswith(f"t = 0 / {steps}") and "fora" not in label, label
    assert "Wᵗ = (0.5, 0.001)" in label, label
    assert not p.errors, p.errors


def test_the_readout_writes_coordinates_as_the_axes_do(page):
    """4 significant digits, an exponent for tiny or huge values, a true minus sign."""
    p = page("?loss=saddle&x0=0.5&y0=0.001&lr=0.1", 1440, 900)
    label = p.locator("[data-testid=gdviz-label]").text_content()
    coords = re.search(r"Wᵗ = \(([^,]+), ([^)]+)\)", label)
    assert coords, label
    number = re.compile(r"^−?\d(\.\d{1,3})?e−?\d+$|^−?(?=[\d.]*[1-9])[\d.]{1,6}$|^0$")
    for text in coords.groups():
        assert number.match(text), (text, label)
        assert len(re.sub(r"e.*|\D", "", text).lstrip("0")) <= 4, (text, label)
    assert "-" not in label and "e-" not in label
