"""The standalone HTML export (everything inside, nothing that can break out of its script) and the
figures' packing for the viewer."""

from __future__ import annotations

import json
import re

import pytest

from gdviz import descend, figures, get_loss, stationary_points
from gdviz.export import pack, plotly_js, standalone_html

pytestmark = pytest.mark.unit


def _payload(name: str = "path") -> dict:
    loss = get_loss("quadratic")
    run = descend(loss, (-2.5, 2.0), lr=0.08, steps=20)
    view = figures.View(loss.bounds)
    fig = figures.contour_figure(loss, run, view)
    fig.data[-1].name = name
    contour = json.loads(fig.to_json())
    return {"surface": contour, "contour": contour, "curves": None, "rev": "r1", "run": "x", "height": 400}


def test_the_page_holds_plotly_the_viewer_and_the_figures() -> None:
    page = standalone_html(_payload(), "Título <b>", ["W⁰ = (−2.5, 2)", "a < b & c"], "pt")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="pt">' in page
    assert plotly_js().read_text(encoding="utf-8")[:2000] in page
    assert "function mount(" in page and "export default" not in page
    assert "<title>Título &lt;b&gt;</title>" in page and "<p>a &lt; b &amp; c</p>" in page
    assert not re.search(r"https?://(?!www\.w3\.org|plot\.ly|github\.com)", page.split("<script>")[0])


def test_text_from_the_user_cannot_close_the_script() -> None:
    page = standalone_html(_payload("</script><script>alert(1)</script>"), "t", [])
    body = page[page.index('<script type="module">') :]
    assert body.count("</script>") == 1  # only the module's own end
    assert "<\\/script><script>alert(1)<\\/script>" in body


def test_the_packed_figures_are_plotlys_own_json() -> None:
    """pack reads the figures' internal dicts for speed: it must say exactly what pio.to_json says."""
    import plotly.io as pio

    loss = get_loss("rosenbrock")
    run = descend(loss, (-1.5, 2.0), lr=0.001, steps=50)
    view = figures.View(loss.bounds, log_height=True)
    for fig in (
        figures.surface_figure(loss, run, view),
        figures.contour_figure(loss, run, view, stationary_points(loss)),
        figures.curves_figure(run),
    ):
        text, _ = pack(fig, set(), set())
        mine = json.loads(text)
        theirs = json.loads(pio.to_json(fig, validate=False, remove_uids=False))
        assert [t["t"] for t in mine["traces"]] == theirs["data"]
        assert {**mine["layout"], "template": mine["template"]["t"]} == theirs["layout"]
