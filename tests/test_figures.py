"""Figure builders, without Streamlit: the slides' picture is in the figures' data."""

import json
import math

import numpy as np
import pytest

import gdviz
from gdviz import charts, figures, style
from gdviz.figures import View, contour_figure, curves_figure, surface_figure
from gdviz.style import ArrowScale, arrow_segments

pytestmark = pytest.mark.unit


def _trace(fig, name):
    found = [t for t in fig.data if t.name == name]
    assert found, f"no trace named {name!r} in {[t.name for t in fig.data]}"
    return found[0]


def _arrows(xs, ys):
    """Split a NaN-separated polyline of arrows back into (tail, tip) pairs."""
    xs, ys = np.asarray(xs, dtype=float).reshape(-1, 7), np.asarray(ys, dtype=float).reshape(-1, 7)
    return np.stack([xs[:, 0], ys[:, 0]], 1), np.stack([xs[:, 1], ys[:, 1]], 1)


@pytest.fixture(scope="module")
def quad():
    loss = gdviz.get_loss("quadratic", a=1, b=4)
    run = gdviz.descend(loss, (-2.0, 1.5), lr=0.1, steps=200)
    return loss, run, View(loss.bounds)


def test_arrow_segments_go_from_tail_to_tip_with_two_barbs():
    xs, ys = arrow_segments(np.array([0.0, 1.0]), np.array([0.0, 2.0]), np.array([1.0, 0.0]), np.array([0.0, -2.0]))
    assert len(xs) == 14 and np.isnan(xs[2]) and np.isnan(xs[6])
    tails, tips = _arrows(xs, ys)
    np.testing.assert_allclose(tails, [[0, 0], [1, 2]])
    np.testing.assert_allclose(tips, [[1, 0], [1, 0]])
    # barbs of the first arrow: behind the tip, symmetric about the shaft, 25° off it
    for barb in ((xs[3], ys[3]), (xs[5], ys[5])):
        back = np.subtract(barb, (1.0, 0.0))
        assert back[0] < 0
        assert math.degrees(math.atan2(abs(back[1]), -back[0])) == pytest.approx(25)
    assert ys[3] == pytest.approx(-ys[5])


def test_arrow_scale_vanishes_where_the_gradient_does_and_is_bounded():
    scale = ArrowScale(cell=0.5, gmax=4.0)
    g = np.array([[0.0, 0.0], [1.0, 0.0], [4.0, 0.0], [0.0, -100.0]])
    a = scale(g)
    lengths = np.hypot(a[:, 0], a[:, 1])
    assert lengths[0] == 0
    assert lengths[1] == pytest.approx(0.25)  # √(1/4)·0.5
    assert lengths[2] == pytest.approx(0.5)
    assert lengths[3] == pytest.approx(0.75)  # capped at 1.5 cells
    assert a[3, 1] < 0 and a[3, 0] == 0  # direction kept


def test_surface_is_blue_and_samples_the_loss(quad):
    loss, run, view = quad
    fig = surface_figure(loss, run, view)
    s = _trace(fig, "L(W)")
    assert s.type == "surface"
    for _, colour in s.colorscale:  # every shade is a blue
        r, g, b = (int(c) for c in colour[4:-1].split(","))
        assert b >= g >= r and b > r
    xs, ys, z = loss.grid(view.grid3d, view.bounds)
    np.testing.assert_allclose(np.asarray(s.z), z, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(s.x), xs, rtol=1e-6)
    assert s.contours.z.show and s.contours.z.project.z  # level lines on the floor


def test_gradient_field_lies_red_on_the_floor_below_the_surface(quad):
    loss, run, view = quad
    fig = surface_figure(loss, run, view)
    field = _trace(fig, "∇L (field, uphill, below)")
    z = np.asarray(field.z, dtype=float)
    surface_min = np.nanmin(np.asarray(_trace(fig, "L(W)").z, dtype=float))
    assert np.all(z == z[0]) and z[0] < surface_min
    assert field.line.color == style.RED
    assert fig.layout.scene.zaxis.range[0] == pytest.approx(z[0])


def test_field_arrows_point_along_the_gradient_and_shrink_to_zero_at_the_minimum():
    loss = gdviz.get_loss("quadratic", a=1, b=1)  # ∇L = W: arrows point away from the origin
    view = View(((-2.0, 2.0), (-2.0, 2.0)), arrows=5)  # the middle arrow sits on the minimum
    fig = contour_figure(loss, None, view)
    tails, tips = _arrows(_trace(fig, "∇L (field, uphill)").x, _trace(fig, "∇L (field, uphill)").y)
    d = tips - tails
    g = loss.gradient(tails[:, 0], tails[:, 1])
    norms = np.hypot(*g.T)
    centre = np.argmin(norms)
    assert norms[centre] == 0 and np.hypot(*d[centre]) == 0
    others = norms > 0
    cos = np.sum(d[others] * g[others], 1) / (np.hypot(*d[others].T) * norms[others])
    np.testing.assert_allclose(cos, 1.0, atol=1e-6)


def test_path_is_drawn_on_the_surface_from_the_start(quad):
    loss, run, view = quad
    fig = surface_figure(loss, run, view)
    path = _trace(fig, "path Wᵗ")
    assert path.meta == {"play": "prefix", "per": 1, "part": "path"}
    assert (float(path.x[0]), float(path.y[0])) == pytest.approx((-2.0, 1.5))
    assert len(path.x) == len(run.path)
    lift = np.asarray(path.z, dtype=float) - run.values
    assert np.all(lift > 0) and np.ptp(lift) < 1e-3 * max(1.0, float(np.max(run.values)))
    start, current = _trace(fig, "W⁰ (start)"), _trace(fig, "Wᵗ (current)")
    assert (float(start.x[0]), float(start.y[0])) == pytest.approx((-2.0, 1.5))
    assert (float(current.x[-1]), float(current.y[-1])) == pytest.approx(tuple(run.final), abs=1e-6)
    arrows = _trace(fig, "−∇L(Wᵗ) (step direction, below)")
    assert arrows.meta == {"play": "prefix", "per": 3, "part": "arrows"} and len(arrows.x) == 3 * len(run.path)


def test_known_minima_are_marked_in_3d():
    loss = gdviz.get_loss("himmelblau")
    fig = surface_figure(loss, None, View(loss.bounds))
    marks = [t for t in fig.data if t.name == "known minimum"]
    got = sorted((round(float(t.x[0]), 3), round(float(t.y[0]), 3)) for t in marks)
    assert got == sorted((round(x, 3), round(y, 3)) for x, y in loss.minima)


def test_contour_map_has_equal_scales_and_iterate_arrows_along_minus_gradient(quad):
    loss, run, view = quad
    fig = contour_figure(loss, run, view)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    tails, tips = _arrows(_trace(fig, "−∇L(Wᵗ) (step direction)").x, _trace(fig, "−∇L(Wᵗ) (step direction)").y)
    np.testing.assert_allclose(tails, run.path, rtol=1e-6, atol=1e-6)
    d, g = tips - tails, run.gradients
    moving = np.hypot(*g.T) > 1e-6
    cos = -np.sum(d[moving] * g[moving], 1) / (np.hypot(*d[moving].T) * np.hypot(*g[moving].T))
    np.testing.assert_allclose(cos, 1.0, atol=1e-4)


def test_stationary_points_are_marked_by_kind():
    loss = gdviz.get_loss("six_hump_camel")
    points = gdviz.stationary_points(loss)
    fig = contour_figure(loss, None, View(loss.bounds), points)
    for kind in {p.kind for p in points}:
        trace = _trace(fig, kind)
        assert len(trace.x) == sum(p.kind == kind for p in points)
    assert {"minimum", "saddle", "maximum"} <= {p.kind for p in points}


def test_log_height_shows_log1p_and_handles_negative_losses():
    ros = gdviz.get_loss("rosenbrock")
    s = figures.surface(ros, View(ros.bounds, log_height=True))
    _, _, z = ros.grid(60, ros.bounds)
    np.testing.assert_allclose(s.z, np.log1p(z))
    assert figures.height_label(s) == "log(1 + L)"
    saddle = gdviz.get_loss("saddle")
    s = figures.surface(saddle, View(saddle.bounds, log_height=True))
    assert s.shift < 0 and np.all(np.isfinite(s.z)) and np.nanmin(s.z) == pytest.approx(0)
    assert "log(1 + L −" in figures.height_label(s)


def test_a_diverging_path_is_cut_where_it_leaves_the_picture():
    loss = gdviz.get_loss("quadratic")
    run = gdviz.descend(loss, (-2.5, 2.0), lr=0.25, steps=200)  # α·λmax = 2.5 > 2
    assert run.status == "diverged"
    n = figures.visible_path(run, loss.bounds)
    assert 1 < n < len(run.path)
    fig = contour_figure(loss, run, View(loss.bounds))
    assert len(_trace(fig, "path Wᵗ").x) == n
    assert np.all(np.abs(np.asarray(_trace(fig, "path Wᵗ").y)) <= 4.5)
    # playback still runs to the last step: the current point holds every Wᵗ of the run
    for one in (fig, surface_figure(loss, run, View(loss.bounds))):
        at = _trace(one, "Wᵗ (current)")
        assert at.meta == {"play": "at", "part": "current"} and len(at.x) == len(run.path)
        np.testing.assert_allclose(np.asarray(at.x), run.path[:, 0], rtol=1e-6)


def test_curves_use_log_scales_and_mark_the_last_step(quad):
    _, run, _ = quad
    fig = curves_figure(run)
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis2.type == "log"
    np.testing.assert_allclose(np.asarray(fig.data[1].y), run.grad_norms, rtol=1e-6)
    nows = [s for s in fig.layout.shapes if s.name == "now"]
    assert len(nows) == 2 and all(s.x0 == run.steps for s in nows)
    saddle = gdviz.get_loss("saddle")
    negative = gdviz.descend(saddle, (1.0, 0.1), lr=0.1, steps=30)
    assert curves_figure(negative).layout.yaxis.type == "linear"  # L < 0: no log axis


def test_run_table_is_the_update_rule_in_numbers(quad):
    _, run, _ = quad
    table = run.table()
    assert list(table["t"]) == list(range(len(run.path)))
    # gd: Wᵗ⁺¹ = Wᵗ − α∇L(Wᵗ), row by row, to the last bit
    np.testing.assert_array_equal(table["w1ᵗ⁺¹"][:-1], table["w1"][:-1] - table["α·dL/dw1"][:-1])
    np.testing.assert_array_equal(table["w2ᵗ⁺¹"][:-1], table["w2"][:-1] - table["α·dL/dw2"][:-1])
    assert np.isnan(table["w1ᵗ⁺¹"][-1])
    np.testing.assert_array_equal(table["L"], run.values)


def test_every_builder_makes_a_valid_figure(quad):
    """The builders skip Plotly's validation for speed: a fully validated copy must accept them."""
    import plotly.graph_objects as go

    loss, run, view = quad
    points = gdviz.stationary_points(loss)
    runs = [run, gdviz.descend(loss, (1.0, 1.0), lr=0.05, steps=30)]
    for fig in (
        surface_figure(loss, run, view),
        surface_figure(loss, runs, view, ["a", "b"]),
        contour_figure(loss, run, view, points),
        contour_figure(loss, runs, view, points, ["a", "b"]),
        curves_figure(run),
        curves_figure(runs, ["a", "b"]),
    ):
        go.Figure(fig.to_dict())  # raises on any invalid property or value


def test_presenter_emphasis_thickens_lines_and_enlarges_type() -> None:
    loss = gdviz.get_loss("quadratic")
    run = gdviz.descend(loss, (-2.5, 2.0), lr=0.08, steps=20)
    view = figures.View(loss.bounds)
    plain = figures.contour_figure(loss, run, view)
    bold = figures.emphasize(figures.contour_figure(loss, run, view), legend=False)
    for a, b in zip(plain.data, bold.data):
        if a.line is not None and a.line.width:
            assert b.line.width == pytest.approx(1.8 * a.line.width)
    assert bold.layout.font.size > (plain.layout.font.size or 12)
    assert bold.layout.showlegend is False
    surface = figures.emphasize(figures.surface_figure(loss, run, view))
    assert surface.layout.scene.xaxis.tickfont.size == 11


def test_static_traces_are_named_by_what_they_depend_on() -> None:
    from gdviz import i18n

    a, b = gdviz.get_loss("quadratic"), gdviz.get_loss("quadratic", b=20)
    view = View(a.bounds)
    uid = figures.static_uid
    assert uid(a, view, "surface") == uid(a, view, "surface")
    assert uid(a, view, "surface") != uid(b, view, "surface")  # another loss (another parameter)
    assert uid(a, view, "surface") != uid(a, View(a.bounds, log_height=True), "surface")
    assert uid(a, view, "surface") != uid(a.with_bounds(((-1, 1), (-1, 1))), view, "surface")  # another object
    english = uid(a, view, "surface")
    i18n.set_language("pt")
    try:
        assert uid(a, view, "surface") != english  # the names in it are Portuguese
    finally:
        i18n.set_language("en")
    assert english.isalnum()  # plotly.js makes DOM ids of it
    bold = figures.emphasize(surface_figure(a, None, view))
    assert bold.data[0].uid == english + "b"


def test_a_remembered_surface_is_the_same_and_read_only() -> None:
    loss = gdviz.get_loss("himmelblau")
    view = View(loss.bounds)
    first, again = figures.surface(loss, view), figures.surface(loss, view)
    assert again is first and not first.z.flags.writeable
    assert figures.surface(loss, View(loss.bounds, grid=30)).z.shape == (30, 30)


def _hue(colour: str) -> float:
    import colorsys

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 360 * colorsys.rgb_to_hls(r, g, b)[0]


@pytest.mark.parametrize("language", ["en", "pt"])
def test_step_arrows_and_the_gradient_field_differ_in_colour_and_name(quad, language):
    """∇L (the field, uphill) and −∇L at the iterates (the step) point opposite ways: in two reds
    they read as one kind of arrow. The field keeps the slides' red; the legend says which is which."""
    from gdviz import i18n
    from gdviz.export import export_html

    loss, run, view = quad
    i18n.set_language(language)
    try:
        figs = surface_figure(loss, run, view), contour_figure(loss, run, view)
        page = export_html((*figs, curves_figure(run)), {"rev": "r", "run": "x", "height": 400}, [])
    finally:
        i18n.set_language("en")
    for fig, field_name, step_name in (
        (figs[0], "∇L (field, uphill, below)", "−∇L(Wᵗ) (step direction, below)"),
        (figs[1], "∇L (field, uphill)", "−∇L(Wᵗ) (step direction)"),
    ):
        field = _trace(fig, i18n.PT[field_name] if language == "pt" else field_name)
        steps = _trace(fig, i18n.PT[step_name] if language == "pt" else step_name)
        assert field.line.color == style.RED
        gap = abs(_hue(steps.line.color) - _hue(field.line.color))
        assert min(gap, 360 - gap) >= 30, (steps.line.color, field.line.color)  # another hue, not a darker red
        assert steps.showlegend is not False and field.showlegend is not False
        for trace in (field, steps):  # the offline page draws the same arrows, named alike
            assert json.dumps(trace.name)[1:-1] in page
    assert style.STEP in page and style.RED in page


@pytest.mark.parametrize("several", [False, True])
@pytest.mark.parametrize("present", [False, True])
def test_curves_keep_their_axis_titles_and_label_log_axes_at_decades(quad, several, present):
    """ "step t" and the step numbers take the room they need at any font size (automargin), the
    legend sits under them, and a log axis writes powers of 10 only (no "10 9 8 7 6" pile-up)."""
    loss, run, _ = quad
    other = gdviz.descend(loss, (1.0, 1.0), lr=0.05, steps=30)
    fig = curves_figure([run, other], ["a", "b"]) if several else curves_figure(run)
    if present:
        fig = figures.emphasize(fig)
    for axis in (fig.layout.xaxis, fig.layout.xaxis2):
        assert axis.title.text == "step t" and axis.automargin is True
        assert axis.ticks == "outside"  # apart from the lowest y number at the shared corner
    for axis in (fig.layout.yaxis, fig.layout.yaxis2):
        assert axis.type == "log" and axis.minorloglabels == "none" and axis.automargin is True
    if several:
        assert fig.layout.showlegend and fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
        assert {t.name for t in fig.data if t.showlegend is not False} == {"a", "b"}


def _close_marks():
    """A bowl with κ = 1.2: α* = 2/(λmin + λmax) and 2/λmax lie a tenth of a decade apart."""
    loss = gdviz.get_loss("quadratic", a=1, b=1.2)
    theory = gdviz.step_size_theory(loss)
    lrs = np.geomspace(theory.lr_max * 1.6e-4, theory.lr_max * 1.6, 80)
    return charts.sweep_figure(lrs, gdviz.descent.sweep_lr(loss, (-2.5, 2.0), lrs, steps=300), theory), theory


def test_the_sweep_names_its_marks_once_and_prints_no_placeholder():
    fig, theory = _close_marks()
    assert math.log10(theory.lr_max / theory.lr_best) < 0.3  # close: labels beside the lines would collide
    texts = [a.text for a in fig.layout.annotations]
    assert texts == ["steps to converge", "L at the end of the run"]  # no "new text": every annotation written
    placed = [(a.x, a.y, a.xref, a.yref, a.xanchor, a.yanchor) for a in fig.layout.annotations]
    assert len(set(placed)) == len(placed)
    legend = [s.name for s in fig.layout.shapes if s.showlegend] + [t.name for t in fig.data if t.showlegend]
    assert legend == [
        "diverged",
        f"2/λmax = {theory.lr_max:.3g} (exact)",
        f"α* = {theory.lr_best:.3g} (exact)",
    ]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == pytest.approx(sorted([theory.lr_best] * 2 + [theory.lr_max] * 2))
    assert {s.line.color for s in lines if s.x0 == theory.lr_best} != {
        s.line.color for s in lines if s.x0 != theory.lr_best
    }
    import plotly.graph_objects as go

    go.Figure(fig.to_dict())  # valid for plotly.js as it is


def test_the_sweep_shows_both_panels_over_the_whole_sweep_with_decade_ticks():
    fig, _ = _close_marks()
    lrs = np.asarray(fig.data[0].x, dtype=float)
    for axis in (fig.layout.xaxis, fig.layout.xaxis2):
        assert axis.type == "log" and axis.dtick == 1
        assert axis.range == pytest.approx([math.log10(lrs.min()), math.log10(lrs.max())])
    # stacked on one α axis: a phone shows each panel at full width, the marks line up
    assert fig.layout.xaxis.domain == fig.layout.xaxis2.domain
