"""The neural network page's figures, plain ``go.Figure`` objects, no Streamlit: the loss on a
plane through the network's weights (the blue surface and its contour map, the training's path
projected onto the plane in red), and beside playback the network's fit on the data (the decision
boundary p = 0.5 of a classifier, the curve of a regression) with L per epoch.

They follow the Explorer's conventions (``gdviz.figures``) so that the app's viewer plays them:
the path is a ``"prefix"`` trace, the current weights an ``"at"`` trace, one point per epoch; the
fit is a ``"window"`` trace that holds a snapshot of the network every few epochs, each padded
with gaps to one length; the loss panel's dotted line named ``"now"`` follows the epoch.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from .i18n import t
from .network import Landscape, Training
from .style import (
    BLUES,
    BOTTOM_LEGEND,
    DARK_RED,
    FAST,
    LOG_AXIS,
    RED,
    SIDE_TOOLBAR,
    START,
    TICKS,
    TOOLBAR_WIDTH,
    f32,
    panel_titles,
)

CLASS_COLOURS = ("#1f77b4", "#ff7f0e")
"""Class 0 and class 1 on the data panel (blue circles, orange diamonds: told apart by shape too)."""
CLASS_SYMBOLS = ("circle", "diamond")
BEST = "#ffd700"
"""θ*, the weights training ended at (the plane's origin): the gold of the Explorer's known minima."""


def kept_share(land: Landscape, training: Training) -> float:
    """How much of the way from θ⁰ to θ* the plane keeps: the length of θ⁰ − θ* projected onto the
    plane over its own length (1: the start lies in the plane; near 0: training went off it)."""
    offset = training.thetas[0] - land.origin
    length = float(np.linalg.norm(offset))
    if length == 0:
        return 1.0
    return float(np.linalg.norm(land.path[0] @ np.asarray(land.directions))) / length


def _digest(*parts: object) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=10).hexdigest()


def _range(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if not finite.size:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    return lo, (hi if hi > lo else lo + 1.0)


def _path_traces(land: Landscape, z: np.ndarray | None) -> list[go.BaseTraceType]:
    """The projected path (every epoch), θ⁰, θ* and the current epoch's weights, 3-D with ``z``."""
    three_d = z is not None
    trace = go.Scatter3d if three_d else go.Scatter
    path = np.asarray(land.path, dtype=float)

    def at(rows: slice | list[int]) -> dict[str, np.ndarray]:
        out = {"x": f32(path[rows, 0]), "y": f32(path[rows, 1])}
        if z is not None:
            out["z"] = f32(z[rows])
        return out

    last = len(path) - 1
    return [
        trace(
            **FAST,
            **at(slice(None)),
            mode="lines+markers",
            line={"color": RED, "width": 6 if three_d else 2.5},
            marker={"size": 2 if three_d else 3, "color": RED},
            name=t("path θᵗ, projected"),
            hovertemplate="(%{x:.4g}, %{y:.4g})<extra>" + t("path") + "</extra>",
            meta={"play": "prefix", "per": 1},
        ),
        trace(
            **FAST,
            **at([0]),
            mode="markers",
            marker={"size": 6 if three_d else 11, "color": START, "line": {"color": "black", "width": 1}},
            name=t("θ⁰ (start)"),
            hovertemplate="θ⁰ (%{x:.4g}, %{y:.4g})<extra></extra>",
        ),
        trace(
            **FAST,
            **at([last]),
            mode="markers",
            marker={
                "size": 7 if three_d else 15,
                "color": BEST,
                "symbol": "diamond" if three_d else "star",
                "line": {"color": "black", "width": 1},
            },
            name=t("θ* (end of training)"),
            hovertemplate="θ* (%{x:.4g}, %{y:.4g})<extra></extra>",
        ),
        trace(
            **FAST,
            **at(slice(None)),
            mode="markers",
            marker={
                "size": 6 if three_d else 11,
                "color": DARK_RED,
                "symbol": "diamond",
                "line": {"color": "white", "width": 1},
            },
            name=t("θᵗ (current)"),
            **({} if three_d else {"cliponaxis": False}),
            hovertemplate="θᵗ (%{x:.4g}, %{y:.4g})<extra></extra>",
            meta={"play": "at"},
        ),
    ]


def slice_surface_figure(land: Landscape, uid: str = "") -> go.Figure:
    """The 3-D view: L on the plane as the blue surface (its level lines on the floor) and the
    training's path projected onto it in red, at the plane's own heights."""
    values = np.where(np.isfinite(land.values), land.values, np.nan)
    # L on the plane at the projected path, not L(θᵗ): θᵗ is off the plane wherever the
    # projection drops something (the page's text says why that matters)
    z = np.asarray(land.path_values, dtype=float)
    lo, hi = _range(np.concatenate([values.ravel(), z]))
    span = hi - lo
    floor = lo - 0.3 * span
    # a 3-D axis title runs along its axis and is cut where long: "d₁ (random, filter-normalized)"
    # is "d₁" there, the contour map beside it has room for the whole name
    xt, yt = (str(label) if len(str(label)) <= 12 else str(label).split(" (")[0] for label in land.labels)
    traces: list[go.BaseTraceType] = [
        go.Surface(
            **FAST,
            x=f32(land.a),
            y=f32(land.b),
            z=f32(values),
            colorscale=BLUES,
            showscale=False,
            opacity=0.88,
            name=t("L on the plane"),
            contours={"z": {"show": True, "project": {"z": True}, "usecolormap": True, "width": 1}},
            hovertemplate="a %{x:.3g}<br>b %{y:.3g}<br>L %{z:.4g}<extra></extra>",
            **({"uid": _digest(uid, "surface")} if uid else {}),
        ),
        # a hair above the surface, which would otherwise hide the path in a valley
        *_path_traces(land, z + 0.012 * span),
    ]
    axis = {"showspikes": False, "backgroundcolor": "white"}
    layout = dict(
        uirevision=f"network|{land.plane}",
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "y": 0, "x": 0.5, "xanchor": "center", "font": {"size": 11}},
        scene={
            "xaxis": {**axis, "title": {"text": xt}, "range": [float(land.a[0]), float(land.a[-1])]},
            "yaxis": {**axis, "title": {"text": yt}, "range": [float(land.b[0]), float(land.b[-1])]},
            "zaxis": {**axis, "title": {"text": "L"}, "range": [floor, hi + 0.05 * span]},
            "aspectmode": "manual",
            "aspectratio": {"x": 1, "y": 1, "z": 0.75},
            "camera": {"eye": {"x": -1.15, "y": -1.65, "z": 1.35}},
        },
    )
    return go.Figure(traces, layout=layout, **FAST)


def slice_map_figure(land: Landscape) -> go.Figure:
    """The contour map of L on the plane with the projected path: where the path goes across the
    level lines, and where it ends (θ*, the plane's origin)."""
    values = np.where(np.isfinite(land.values), land.values, np.nan)
    xt, yt = (str(label) for label in land.labels)
    traces: list[go.BaseTraceType] = [
        go.Contour(
            **FAST,
            x=f32(land.a),
            y=f32(land.b),
            z=f32(values),
            colorscale=BLUES,
            showscale=False,
            ncontours=24,
            contours={"coloring": "fill", "showlines": True},
            line={"width": 0.6, "color": "rgba(255,255,255,0.6)"},
            opacity=0.85,
            name=t("L on the plane"),
            hovertemplate="(%{x:.3g}, %{y:.3g})<br>L = %{z:.4g}<extra></extra>",
        ),
        *_path_traces(land, None),
    ]
    layout = dict(
        uirevision=f"network|{land.plane}",
        margin={"l": 45, "r": 10, "t": 10, "b": 40},
        plot_bgcolor="white",
        legend={**BOTTOM_LEGEND, "font": {"size": 11}},
        xaxis={"title": {"text": xt}, "range": [float(land.a[0]), float(land.a[-1])], "automargin": True},
        yaxis={"title": {"text": yt}, "range": [float(land.b[0]), float(land.b[-1])], "automargin": True},
        dragmode="pan",
    )
    return go.Figure(traces, layout=layout, **FAST)


# --- the network's fit on the data, one snapshot every few epochs


@dataclass(frozen=True)
class Snapshots:
    """The network's fit at evenly spread epochs, each as one polyline padded with gaps to ``per``
    points: the decision boundary p = 0.5 (two inputs) or the fitted curve (one input).

    Attributes:
        epochs: the epoch of each snapshot (the viewer shows the one nearest to the epoch played).
        x, y: ``len(epochs) * per`` coordinates, snapshot after snapshot; NaN separates the
            boundary's pieces and pads each snapshot.
        per: points per snapshot.
    """

    epochs: np.ndarray
    x: np.ndarray
    y: np.ndarray
    per: int


def snapshot_epochs(epochs: int, most: int = 61) -> np.ndarray:
    """Epochs 0 … ``epochs`` spread evenly, at most ``most`` of them: the viewer shows snapshot
    round(t·(m − 1)/epochs) at epoch t, so snapshot j is epoch round(j·epochs/(m − 1))."""
    m = min(epochs + 1, most)
    if m == 1:
        return np.zeros(1, dtype=int)
    return np.round(np.arange(m) * epochs / (m - 1)).astype(int)


def data_box(inputs: np.ndarray, margin: float = 0.1) -> tuple[tuple[float, float], ...]:
    """Each input's range with a margin of ``margin`` of its width on either side."""
    box = []
    for column in np.asarray(inputs, dtype=float).T:
        lo, hi = float(column.min()), float(column.max())
        pad = margin * (hi - lo) or 1.0
        box.append((lo - pad, hi + pad))
    return tuple(box)


def level_segments(xs: np.ndarray, ys: np.ndarray, v: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Where ``v`` (v[j, i] at (xs[i], ys[j])) crosses ``level``: marching squares, one straight
    piece per grid cell, as one polyline with NaN between the pieces (3 points each).

    A cell whose corners alternate in sign (a saddle cell) is split by the value at its centre.
    """
    s = np.asarray(v, dtype=float) - level
    s = np.where(np.isfinite(s), s, -1.0)
    a, b, c, d = s[:-1, :-1], s[:-1, 1:], s[1:, 1:], s[1:, :-1]  # corners: ↙ ↘ ↗ ↖
    x0, x1 = xs[:-1][None, :], xs[1:][None, :]
    y0, y1 = ys[:-1][:, None], ys[1:][:, None]

    def cut(p: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        crossed = (p >= 0) != (q >= 0)
        with np.errstate(all="ignore"):
            f = np.where(crossed, p / (p - q), 0.0)
        return crossed, f

    shape = a.shape
    edges = []  # (crossed, x, y) on the cell's bottom, right, top and left edges
    for (p, q), place in (
        ((a, b), lambda f: (x0 + f * (x1 - x0), np.broadcast_to(y0, shape))),
        ((b, c), lambda f: (np.broadcast_to(x1, shape), y0 + f * (y1 - y0))),
        ((d, c), lambda f: (x0 + f * (x1 - x0), np.broadcast_to(y1, shape))),
        ((a, d), lambda f: (np.broadcast_to(x0, shape), y0 + f * (y1 - y0))),
    ):
        crossed, f = cut(p, q)
        ex, ey = place(f)
        edges.append((crossed, np.broadcast_to(ex, shape), np.broadcast_to(ey, shape)))
    crossed = np.stack([e[0] for e in edges])
    ex = np.stack([e[1] for e in edges])
    ey = np.stack([e[2] for e in edges])
    count = crossed.sum(axis=0)
    pieces: list[tuple[np.ndarray, np.ndarray]] = []  # (edge i, edge j) per piece, cells flattened
    two = count == 2
    first = np.argmax(crossed, axis=0)
    second = 3 - np.argmax(crossed[::-1], axis=0)
    pieces.append((np.flatnonzero(two), first.ravel()[two.ravel()], second.ravel()[two.ravel()]))
    four = (count == 4).ravel()
    if four.any():
        centre = ((a + b + c + d) / 4).ravel()[four]
        with_a = (centre >= 0) == (a.ravel()[four] >= 0)
        cells = np.flatnonzero(four)
        # the centre on a's side: the corners b and d are cut off (bottom–right, top–left), else a and c
        for e1, e2, keep in ((0, 1, with_a), (2, 3, with_a), (3, 0, ~with_a), (1, 2, ~with_a)):
            pieces.append((cells[keep], np.full(keep.sum(), e1), np.full(keep.sum(), e2)))
    fx, fy = ex.reshape(4, -1), ey.reshape(4, -1)
    xs_out, ys_out = [], []
    for cells, i, j in pieces:
        nan = np.full(len(cells), np.nan)
        xs_out.append(np.stack([fx[i, cells], fx[j, cells], nan], axis=1).ravel())
        ys_out.append(np.stack([fy[i, cells], fy[j, cells], nan], axis=1).ravel())
    return np.concatenate(xs_out), np.concatenate(ys_out)


def fit_snapshots(training: Training, most: int = 61, grid: int = 48) -> Snapshots:
    """The network's fit at up to ``most`` epochs: p = 0.5 on a ``grid`` × ``grid`` sampling of the
    data's box (two inputs), or the prediction at ``grid`` × 2 values of x (one input)."""
    net, task = training.network, training.task
    epochs = snapshot_epochs(len(training.thetas) - 1, most)
    box = data_box(task.inputs)
    if task.inputs.shape[1] == 1:
        xs = np.linspace(*box[0], 2 * grid)
        curves = [np.asarray(net.predict(training.thetas[e], xs[:, None]), dtype=float).ravel() for e in epochs]
        return Snapshots(epochs, np.tile(xs, len(epochs)), np.concatenate(curves), len(xs))
    xs, ys = np.linspace(*box[0], grid), np.linspace(*box[1], grid)
    gx, gy = np.meshgrid(xs, ys)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    lines = []
    for e in epochs:
        p = np.asarray(net.predict(training.thetas[e], points), dtype=float).reshape(grid, grid)
        lines.append(level_segments(xs, ys, p, 0.5))
    per = max(1, max(len(lx) for lx, _ in lines))
    pad = [np.pad(a, (0, per - len(a)), constant_values=np.nan) for line in lines for a in line]
    return Snapshots(epochs, np.concatenate(pad[0::2]), np.concatenate(pad[1::2]), per)


def fit_and_loss_figure(training: Training, snaps: Snapshots, uid: str = "") -> go.Figure:
    """Two panels: the data with the network's fit at the epoch played (left), L per epoch on a
    log scale with that epoch marked (right)."""
    task = training.task
    X, y = np.asarray(task.inputs, dtype=float), np.asarray(task.targets, dtype=float)
    one_input = X.shape[1] == 1
    classify = task.kind == "classification"
    traces: list[go.BaseTraceType] = []
    if one_input:
        traces.append(
            go.Scatter(
                **FAST,
                x=f32(X[:, 0]),
                y=f32(y),
                mode="markers",
                marker={"size": 6, "color": CLASS_COLOURS[0], "opacity": 0.7},
                name=t("data"),
                hovertemplate="x = %{x:.4g}<br>y = %{y:.4g}<extra></extra>",
            )
        )
    else:
        for k in (0, 1):
            rows = (y > 0.5) == bool(k)
            traces.append(
                go.Scatter(
                    **FAST,
                    x=f32(X[rows, 0]),
                    y=f32(X[rows, 1]),
                    mode="markers",
                    marker={"size": 6, "color": CLASS_COLOURS[k], "symbol": CLASS_SYMBOLS[k], "opacity": 0.8},
                    name=t("class {k}", k=k),
                    hovertemplate="(%{x:.3g}, %{y:.3g})<extra>" + t("class {k}", k=k) + "</extra>",
                )
            )
    if one_input:
        fit_name = t("p(y = 1) at epoch t") if classify else t("ŷ at epoch t")
    else:
        fit_name = t("p = 0.5 at epoch t (decision boundary)")
    traces.append(
        go.Scatter(
            **FAST,
            # every snapshot, one after another: the viewer shows the one for the epoch played
            x=f32(snaps.x),
            y=f32(snaps.y),
            mode="lines",
            line={"color": DARK_RED, "width": 2.5},
            connectgaps=False,
            name=fit_name,
            hoverinfo="skip",
            meta={"play": "window", "windows": len(snaps.epochs), "per": snaps.per},
            **({"uid": _digest(uid, "fit")} if uid else {}),
        )
    )
    epochs = np.arange(len(training.losses))
    losses = np.asarray(training.losses, dtype=float)
    traces.append(
        go.Scatter(
            **FAST,
            x=epochs,
            y=f32(losses),
            xaxis="x2",
            yaxis="y2",
            mode="lines",
            line={"color": RED},
            name="L(θᵗ)",
            showlegend=False,
            hovertemplate=t("epoch") + " %{x}<br>L = %{y:.4g}<extra></extra>",
        )
    )
    box = data_box(X)
    finite = losses[np.isfinite(losses)]
    positive = bool(finite.size and np.all(finite > 0))
    # within a decade or two a log axis has one power of 10 to label, or none: 2 and 5 labelled too
    decades = float(np.log10(finite.max() / finite.min())) if positive else 0.0
    few_decades = {"dtick": "D2", "minorloglabels": "small digits"} if decades < 2 else {}
    epoch_axis = {"title": {"text": t("epoch t"), "standoff": 6}, "automargin": True, **TICKS}
    if one_input:
        data_axes = {
            "xaxis": {"title": {"text": "x"}, "domain": [0, 0.42], "range": list(box[0]), "automargin": True, **TICKS},
            "yaxis": {
                "title": {"text": "p(y = 1)" if classify else "y"},
                "automargin": True,
                **TICKS,
                **({"range": [-0.08, 1.08]} if classify else {}),
            },
        }
    else:
        data_axes = {
            "xaxis": {"title": {"text": "x₁"}, "domain": [0, 0.42], "range": list(box[0]), "automargin": True, **TICKS},
            "yaxis": {"title": {"text": "x₂"}, "range": list(box[1]), "automargin": True, **TICKS},
        }
    titles = (
        (t("the network's fit at epoch t") if one_input else t("decision boundary at epoch t"), 0.21),
        (t("L per epoch"), 0.8),
    )
    layout = {
        **data_axes,
        "xaxis2": {**epoch_axis, "domain": [0.6, 1], "anchor": "y2"},
        "yaxis2": {**LOG_AXIS, **few_decades, "anchor": "x2"}
        if positive
        else {"anchor": "x2", "automargin": True, **TICKS},
        "annotations": panel_titles(titles),
        # the playback's "now" line on the loss panel (gdviz/assets/viewer.js moves it)
        "shapes": [
            {
                "type": "line",
                "x0": int(epochs[-1]),
                "x1": int(epochs[-1]),
                "y0": 0,
                "y1": 1,
                "xref": "x2",
                "yref": "y2 domain",
                "name": "now",
                "line": {"color": "#888", "width": 1, "dash": "dot"},
            }
        ],
        "legend": {**BOTTOM_LEGEND},
        "plot_bgcolor": "white",
        **SIDE_TOOLBAR,
        "margin": {"l": 50, "r": TOOLBAR_WIDTH, "t": 30, "b": 10},
    }
    return go.Figure(traces, layout=layout, **FAST)
