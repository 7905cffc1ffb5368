"""Plotly charts beside the loss surface, as plain ``go.Figure`` objects, no streamlit: the
learning-rate sweep, the basins of attraction and their step counts, the fitted model over
the data, and the stationary points' overlays on the map (eigenvectors, the quadratic model).
They speak ``gdviz.style``'s vocabulary, as the surface's figures do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .analysis import Basins, StationaryPoint, StepSizeTheory
from .figures import View
from .i18n import t
from .losses import Loss
from .runs import Run, Runs
from .style import DARK_RED, FAST, RED, SIDE_TOOLBAR, START, TOOLBAR_WIDTH, arrow_segments, coloured_runs, f32


def sweep_figure(lrs: np.ndarray, runs: Runs, theory: StepSizeTheory | None) -> go.Figure:
    """Steps to converge and final loss against α (log axis), one panel above the other on the same
    α axis, 2/λmax and α* marked by dashed lines that the legend names.

    A run that did not converge has no step count; a diverged run has no final loss: the gaps
    in the curves are where α is too small (max steps) or too large (diverged).

    The marks are named in the legend, not by labels beside the lines: 2/λmax and α* can be as
    close as the picture's resolution (κ near 1), and labels there would print over each other.
    """
    lrs = np.asarray(lrs, dtype=float)
    converged = runs.status == "converged"
    diverged = runs.status == "diverged"
    steps = np.where(converged, runs.steps, np.nan)
    final = np.where(diverged, np.nan, runs.values)
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        subplot_titles=(t("steps to converge"), t("L at the end of the run")),
        vertical_spacing=0.14,
    )
    for title in fig.layout.annotations:  # at the panels' left: clear of the toolbar, top right
        title.update(x=0, xanchor="left")
    fig.add_trace(go.Scatter(x=lrs, y=f32(steps), mode="lines+markers", line={"color": RED}, name=t("steps")), 1, 1)
    fig.add_trace(go.Scatter(x=lrs, y=f32(final), mode="lines", line={"color": DARK_RED}, name=t("final L")), 2, 1)
    fig.update_traces(showlegend=False)
    panels = (("x", "y domain"), ("x2", "y2 domain"))
    marks = []
    if diverged.any():
        marks.append(
            (
                {"type": "rect", "x0": float(lrs[diverged].min()), "x1": float(lrs.max())},
                {"fillcolor": RED, "opacity": 0.08, "line": {"width": 0}, "layer": "below"},
                t("diverged"),
            )
        )
    if theory is not None:
        where = t("exact") if theory.exact else t("local estimate")
        for value, name, colour in ((theory.lr_max, "2/λmax", RED), (theory.lr_best, "α*", START)):
            if value:
                marks.append(
                    (
                        {"type": "line", "x0": value, "x1": value},
                        {"line": {"color": colour, "dash": "dash", "width": 1.5}},
                        f"{name} = {value:.3g} ({where})",
                    )
                )
    for where_, style, name in marks:
        for i, (xref, yref) in enumerate(panels):
            fig.add_shape(
                **where_,
                **style,
                y0=0,
                y1=1,
                xref=xref,
                yref=yref,
                name=name,
                legendgroup=name,
                showlegend=i == 0,
            )
    # powers of 10 only: Streamlit's plotly.js writes the digits 2 and 5 between them otherwise
    span = [math.log10(lrs.min()), math.log10(lrs.max())]
    fig.update_xaxes(type="log", exponentformat="power", range=span, dtick=1)
    fig.update_xaxes(title_text=t("learning rate α"), row=2, col=1)
    positive = final[np.isfinite(final)]
    fig.update_yaxes(
        type="log" if positive.size and np.all(positive > 0) else "linear", exponentformat="power", row=2, col=1
    )
    fig.update_layout(
        height=460,
        **SIDE_TOOLBAR,
        margin={"l": 50, "r": TOOLBAR_WIDTH, "t": 30, "b": 10},
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
    )
    return fig


_BLUES_9 = ("#08306b", "#08519c", "#2171b5", "#4292c6", "#6baed6", "#9ecae1", "#c6dbef", "#deebf7", "#f7fbff")
BASIN_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#bcbd22")


def _map(b: Basins, z: np.ndarray, top: int, colorscale: list, **kw: object) -> go.Heatmap:
    """One value per start of the grid, small integers in a fixed colour range."""
    return go.Heatmap(x=f32(b.xs), y=f32(b.ys), z=z, zmin=0, zmax=top, colorscale=colorscale, **kw)


def basins_figure(b: Basins, path: Run | None = None) -> go.Figure:
    """Each start coloured by the minimum it reaches (grey: no minimum, black: diverged),
    one image-like heatmap of small integers, the minima starred, and an optional path."""
    k = len(b.minima)
    # categories −2 … k−1 mapped to 0 … k+1 for a discrete colour scale
    z = (b.label.astype(np.int16) + 2).astype(np.uint8)
    colours = ["#222222", "#bbbbbb", *(BASIN_COLOURS[i % len(BASIN_COLOURS)] for i in range(k))]
    top = max(len(colours) - 1, 1)
    scale = []
    for i, c in enumerate(colours):
        scale += [[max(i - 0.5, 0) / top, c], [min(i + 0.5, top) / top, c]]
    names = [t("diverged"), t("reach no minimum"), *(t("minimum ({x:.3g}, {y:.3g})", x=m[0], y=m[1]) for m in b.minima)]
    fig = go.Figure(
        _map(
            b,
            z,
            top,
            scale,
            showscale=False,
            hoverinfo="skip",
            name=t("basins"),
        )
    )
    # Clicks select scatter points, not heatmap cells: an invisible grid of starts takes them.
    step = max(1, len(b.xs) // 50)
    cx, cy = np.meshgrid(b.xs[::step], b.ys[::step])
    fig.add_trace(
        go.Scatter(
            x=f32(cx.ravel()),
            y=f32(cy.ravel()),
            mode="markers",
            marker={"size": 9, "opacity": 0, "color": "white"},
            name=t("starts"),
            showlegend=False,
            hovertemplate="W⁰ = (%{x:.3g}, %{y:.3g})<br>" + t("click: its path") + "<extra></extra>",
        )
    )
    present = set(np.unique(z).tolist())
    for i, (name, colour) in enumerate(zip(names, colours)):
        if i in present:  # legend entries for the colours on the map
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker={"color": colour, "size": 12, "symbol": "square"},
                    name=name,
                )
            )
    if b.minima:
        fig.add_trace(
            go.Scatter(
                x=f32([m[0] for m in b.minima]),
                y=f32([m[1] for m in b.minima]),
                mode="markers",
                marker={"symbol": "star", "size": 15, "color": "#ffd700", "line": {"color": "black", "width": 1}},
                name=t("minima"),
            )
        )
    if path is not None:
        fig.add_trace(
            go.Scatter(
                x=f32(path.path[:, 0]),
                y=f32(path.path[:, 1]),
                mode="lines+markers",
                line={"color": RED, "width": 2.5},
                marker={"size": 4, "color": RED},
                name=t("path from the chosen start"),
            )
        )
    _square_map(fig, (float(b.xs[0]), float(b.xs[-1])), (float(b.ys[0]), float(b.ys[-1])))
    return fig


def steps_map_figure(b: Basins) -> go.Figure:
    """Steps to converge from each start (blank where the run did not converge)."""
    # uint16 (half of float32's bytes); 0 = did not converge, drawn pale grey below the blues
    steps = np.where(b.label >= 0, np.clip(b.steps, 1, 65535), 0).astype(np.uint16)
    top = max(int(steps.max()), 2)
    edge = 0.5 / top
    blues = [[edge + (1 - edge) * i / 8, c] for i, c in enumerate(_BLUES_9)]
    fig = go.Figure(
        _map(
            b,
            steps,
            top,
            [[0, "#eeeeee"], [edge, "#eeeeee"], *blues],
            colorbar={"title": {"text": t("steps")}},
            hovertemplate="W⁰ = (%{x:.3g}, %{y:.3g})<br>" + t("steps: %{z} (0: did not converge)") + "<extra></extra>",
        )
    )
    _square_map(fig, (float(b.xs[0]), float(b.xs[-1])), (float(b.ys[0]), float(b.ys[-1])))
    return fig


def _square_map(fig: go.Figure, xr: tuple[float, float], yr: tuple[float, float]) -> None:
    fig.update_layout(
        margin={"l": 45, "r": 10, "t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.15, "x": 0.5, "xanchor": "center"},
        xaxis={"title": {"text": "w1"}, "range": list(xr), "constrain": "domain"},
        yaxis={"title": {"text": "w2"}, "range": list(yr), "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
        height=520,
    )


def fit_figure(x: np.ndarray, y: np.ndarray, model: str, runs: Sequence[Run], labels: Sequence[str]) -> go.Figure:
    """The data with each run's fitted model at the current step: a line (linear) or the sigmoid
    p = σ(w1·x + w2) (logistic). Playback moves the fits with the paths (meta play "window")."""
    lo, hi = float(np.min(x)), float(np.max(x))
    pad = 0.05 * (hi - lo)
    grid = np.array([lo - pad, hi + pad]) if model == "linear" else np.linspace(lo - pad, hi + pad, 24)
    traces: list[go.BaseTraceType] = [
        go.Scatter(
            **FAST,
            x=f32(x),
            y=f32(y),
            mode="markers",
            marker={"color": "#1f4e9a", "size": 6, "opacity": 0.7},
            name=t("data"),
        )
    ]
    for one, label, colour in coloured_runs(list(runs), labels):
        n = len(one.path)
        steps = np.unique(np.linspace(0, n - 1, min(n, 200)).round().astype(int))  # at most 200 fits
        w1, w2 = one.path[steps, 0][:, None], one.path[steps, 1][:, None]
        with np.errstate(all="ignore"):
            z = w1 * grid[None, :] + w2
            fits = z if model == "linear" else 1 / (1 + np.exp(-z))
        traces.append(
            go.Scatter(
                **FAST,
                x=f32(np.tile(grid, len(steps))),
                y=f32(fits.ravel()),
                mode="lines",
                line={"color": colour, "width": 3},
                name=t("fit ({label})", label=label),
                meta={"play": "window", "per": len(grid), "windows": len(steps)},
                hoverinfo="skip",
            )
        )
    layout = {
        "xaxis": {"title": {"text": "x"}},
        "yaxis": {"title": {"text": "y" if model == "linear" else "y, p = σ(w1·x + w2)"}},
        "legend": {"orientation": "h", "y": -0.3, "x": 0.5, "xanchor": "center"},
        "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
    }
    return go.Figure(traces, layout=layout, **FAST)


def add_eigenvectors(fig: go.Figure, loss: Loss, points: Sequence[StationaryPoint], view: View) -> go.Figure:
    """At each stationary point, the Hessian's eigenvectors as arrows: blue where L curves up
    (λ > 0), red where it curves down (λ < 0), longer for larger |λ|."""
    (x0, x1), (y0, y1) = view.bounds
    size = 0.12 * min(x1 - x0, y1 - y0)
    for sign, colour, name in (
        (1, "#1f4e9a", t("eigenvector, λ > 0 (curves up)")),
        (-1, RED, t("eigenvector, λ < 0 (curves down)")),
    ):
        xs, ys = [], []
        for p in points:
            values, vectors = np.linalg.eigh(loss.hessian(*p.point))
            top = max(abs(values).max(), 1e-12)
            for lam, v in zip(values, vectors.T):
                if np.sign(lam) != sign:
                    continue
                length = size * (0.35 + 0.65 * abs(lam) / top)
                for direction in (1, -1):  # an eigenvector has no preferred sense: draw both ways
                    ax, ay = arrow_segments(
                        np.array([p.point[0]]), np.array([p.point[1]]), *(direction * length * v[:, None])
                    )
                    xs.append(ax)
                    ys.append(ay)
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=f32(np.concatenate(xs)),
                    y=f32(np.concatenate(ys)),
                    mode="lines",
                    line={"color": colour, "width": 3},
                    name=name,
                    hoverinfo="skip",
                )
            )
    return fig


def add_quadratic_model(fig: go.Figure, loss: Loss, point: StationaryPoint, view: View) -> go.Figure:
    """Dashed level lines of the local model L(p) + ½ dᵀ H d around a stationary point p."""
    (x0, x1), (y0, y1) = view.bounds
    xs, ys = np.linspace(x0, x1, view.grid), np.linspace(y0, y1, view.grid)
    gx, gy = np.meshgrid(xs - point.point[0], ys - point.point[1])
    h = loss.hessian(*point.point)
    z = point.value + 0.5 * (h[0, 0] * gx * gx + 2 * h[0, 1] * gx * gy + h[1, 1] * gy * gy)
    fig.add_trace(
        go.Contour(
            x=f32(xs),
            y=f32(ys),
            z=f32(z),
            contours={"coloring": "none", "showlabels": False},
            line={"color": "#ff7f0e", "dash": "dash", "width": 1.5},
            ncontours=16,
            showscale=False,
            name=t("quadratic model at ({x:.3g}, {y:.3g})", x=point.point[0], y=point.point[1]),
            showlegend=True,
            hoverinfo="skip",
        )
    )
    return fig
