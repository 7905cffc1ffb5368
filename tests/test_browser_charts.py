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
