"""The network page's figures (gdviz.network_charts) without Streamlit: valid Plotly, the viewer's
playback conventions, and a decision boundary that is where the network says p = 0.5."""

from __future__ import annotations

import functools

import numpy as np
import plotly.graph_objects as go
import pytest

from gdviz import network, network_charts, style

pytestmark = pytest.mark.unit


@functools.cache
def _trained(name: str, epochs: int = 200) -> network.Training:
    task = network.task(name)
    return network.train(network.network_for(task, 8, "tanh"), task, "gd", lr=0.5, epochs=epochs)


def test_level_segments_trace_a_circle_within_a_cell() -> None:
    xs = ys = np.linspace(-2, 2, 41)
    gx, gy = np.meshgrid(xs, ys)
    x, y = network_charts.level_segments(xs, ys, np.hypot(gx, gy), 1.0)
    points = np.isfinite(x)
    assert np.all(np.isnan(x[2::3])) and np.all(np.isfinite(x[0::3]))  # pieces of two points, then a gap
    r = np.hypot(x[points], y[points])
    assert np.all(np.abs(r - 1) < 0.1 / 2)  # on the circle, to within half a cell (interpolated)
    angles = np.arctan2(y[points], x[points])
    assert np.histogram(angles, bins=12, range=(-np.pi, np.pi))[0].min() > 0  # all the way round


def test_a_saddle_cell_is_split_by_its_centre() -> None:
    xs = ys = np.array([0.0, 1.0])
    v = np.array([[1.0, -1.0], [-1.0, 1.0]]) + 0.1  # corners alternate in sign: two pieces in one cell
    x, y = network_charts.level_segments(xs, ys, v, 0.0)
    pieces = {tuple(map(tuple, np.round(np.column_stack([x[i : i + 2], y[i : i + 2]]), 3))) for i in (0, 3)}
    # the centre (0.1) is on the side of (0, 0) and (1, 1): the pieces cut off the other two corners
    assert pieces == {((0.55, 0.0), (1.0, 0.45)), ((0.45, 1.0), (0.0, 0.55))}
    x, y = network_charts.level_segments(xs, ys, v - 0.2, 0.0)  # the centre below: the other pairing
    pieces = {tuple(map(tuple, np.round(np.column_stack([x[i : i + 2], y[i : i + 2]]), 3))) for i in (0, 3)}
    assert pieces == {((0.0, 0.45), (0.45, 0.0)), ((1.0, 0.55), (0.55, 1.0))}


@pytest.mark.parametrize("epochs", [1, 7, 60, 61, 1000])
def test_the_viewer_shows_each_snapshot_at_its_own_epoch(epochs: int) -> None:
    taken = network_charts.snapshot_epochs(epochs)
    m = len(taken)
    assert m == min(epochs + 1, 61) and taken[0] == 0 and taken[-1] == epochs
    # gdviz/assets/viewer.js shows snapshot round(t·(m − 1)/n) at epoch t
    for j, e in enumerate(taken):
        assert round(e * (m - 1) / epochs) == j


def test_the_boundary_is_where_the_network_says_one_half() -> None:
    training = _trained("moons")
    snaps = network_charts.fit_snapshots(training)
    for j in (0, len(snaps.epochs) - 1):
        x = snaps.x[j * snaps.per : (j + 1) * snaps.per]
        y = snaps.y[j * snaps.per : (j + 1) * snaps.per]
        points = np.column_stack([x, y])[np.isfinite(x)]
        assert len(points) > 20
        p = training.network.predict(training.thetas[snaps.epochs[j]], points)
        assert np.all(np.abs(p - 0.5) < 0.1), np.abs(p - 0.5).max()


def _validated(fig: go.Figure) -> go.Figure:
    """The figure, once it has passed Plotly's validation (the builders skip it: ``style.FAST``)."""
    go.Figure(fig.to_dict())  # raises on any property plotly.js would not know
    return fig


@pytest.mark.parametrize("name", ["moons", "study_hours", "line"])
@pytest.mark.parametrize("plane", network.PLANES)
def test_the_figures_are_valid_plotly_and_follow_the_viewers_playback(name: str, plane: str) -> None:
    training = _trained(name)
    land = network.landscape(training, plane, grid=21)
    surface = _validated(network_charts.slice_surface_figure(land, uid="x"))
    contour = _validated(network_charts.slice_map_figure(land))
    curves = _validated(network_charts.fit_and_loss_figure(training, network_charts.fit_snapshots(training)))
    assert surface.data[0].type == "surface" and list(map(list, surface.data[0].colorscale)) == style.BLUES
    k = len(training.thetas)
    for fig in (surface, contour):
        path = next(t for t in fig.data if t.meta and t.meta.get("play") == "prefix")
        assert len(path.x) == k and path.line.color == style.RED
        current = next(t for t in fig.data if t.meta and t.meta.get("play") == "at")
        assert len(current.x) == k
        # the name of the plane's first direction (in 3-D its short form: the part before " (")
        named = fig.layout.scene.xaxis.title.text or fig.layout.xaxis.title.text
        assert named in (land.labels[0], land.labels[0].split(" (")[0])
    path3d = next(t for t in surface.data if t.meta and t.meta.get("play") == "prefix")
    assert np.all(np.asarray(path3d.z) >= np.asarray(land.path_values, dtype=np.float32) - 1e-6)  # above the surface
    fit = next(t for t in curves.data if t.meta and t.meta.get("play") == "window")
    assert len(fit.x) == fit.meta["windows"] * fit.meta["per"]
    assert [s.name for s in curves.layout.shapes] == ["now"] and curves.layout.shapes[0].xref == "x2"
    if network.task(name).kind == "regression":
        assert fit.name == "ŷ at epoch t"


def test_the_pca_plane_names_its_axes_with_their_share_of_the_path() -> None:
    land = network.landscape(_trained("moons"), "pca", grid=11)
    fig = network_charts.slice_map_figure(land)
    assert fig.layout.xaxis.title.text.startswith("PC1 (") and fig.layout.yaxis.title.text.startswith("PC2 (")


def test_a_long_axis_name_is_short_in_3d_and_whole_on_the_map() -> None:
    land = network.landscape(_trained("moons"), "random", grid=21)
    assert land.labels == ("d₁ (random, filter-normalized)", "d₂ (random, filter-normalized)")
    scene = network_charts.slice_surface_figure(land).layout.scene
    assert (scene.xaxis.title.text, scene.yaxis.title.text) == ("d₁", "d₂")
    layout = network_charts.slice_map_figure(land).layout
    assert (layout.xaxis.title.text, layout.yaxis.title.text) == land.labels


def test_the_share_of_the_way_a_plane_keeps() -> None:
    training = _trained("moons")
    offset = training.thetas[0] - training.final
    weights = network.landscape(training, "weights", grid=5)
    # the weights plane keeps just W₁[1,1] and W₁[1,2] of the way from θ⁰ to θ*
    assert network_charts.kept_share(weights, training) == pytest.approx(np.hypot(*offset[:2]) / np.linalg.norm(offset))
    pca = network.landscape(training, "pca", grid=5)
    assert network_charts.kept_share(pca, training) > network_charts.kept_share(weights, training)
    assert 0 <= network_charts.kept_share(network.landscape(training, "random", grid=5), training) <= 1 + 1e-9
