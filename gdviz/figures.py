"""Plotly figure builders: the slides' picture as plain ``go.Figure`` objects, no streamlit.

The 3-D view and the contour map share one vocabulary: the surface (or its level sets) in blue,
gradients as red arrows, the path in red from a green start. Arrows are one trace each kind,
NaN-separated segments (Plotly's quiver technique). Every array is float32, which Plotly sends
as a compact base64 typed array.

Traces the browser animates carry ``meta={"play": ...}`` (see ``gdviz/assets/viewer.js``):
``"prefix"`` shows the first (t+1)·``per`` points at step t; ``"at"`` (the current point, drawn
at the last step) shows point t of the figure's path.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .analysis import StationaryPoint
from .descent import Run
from .losses import Bounds, Loss

RED = "#d62728"
DARK_RED = "#8b0000"
START = "#2ca02c"
BLUES = "Blues_r"  # deep blue in the valleys, pale on the heights
KIND_MARKERS = {
    "minimum": ("star", "#ffd700"),
    "maximum": ("triangle-up", "#ff7f0e"),
    "saddle": ("x", "#9467bd"),
    "degenerate": ("diamond", "#7f7f7f"),
}


_F32_MAX = float(np.finfo(np.float32).max)


def _f32(a: object) -> np.ndarray:
    """float32 for the browser; magnitudes beyond its range are clipped, not turned into inf."""
    a = np.asarray(a, dtype=float)
    return np.clip(a, -_F32_MAX, _F32_MAX).astype(np.float32)


@dataclass(frozen=True)
class View:
    """What the figures show of a loss: the window, the grid, the height scale.

    Attributes:
        bounds: ``((xmin, xmax), (ymin, ymax))``.
        grid: samples per side for the surface and the contour map.
        arrows: arrows per side for the gradient field.
        log_height: draw log(1 + L − L₀) instead of L (L₀ the lowest L on the grid when it is
            negative, else 0), so that steep losses such as Rosenbrock show their valley.
    """

    bounds: Bounds
    grid: int = 60
    arrows: int = 15
    log_height: bool = False


@dataclass(frozen=True)
class Surface:
    """The loss sampled over a view, in display heights, with the floor for the arrows."""

    xs: np.ndarray
    ys: np.ndarray
    z: np.ndarray  # display heights, NaN where L is not finite
    shift: float  # L₀ of the log scale
    log: bool
    floor: float
    top: float

    def height(self, values: np.ndarray) -> np.ndarray:
        """Display height of loss values (the same map as ``z``)."""
        values = np.asarray(values, dtype=float)
        if not self.log:
            return values
        with np.errstate(all="ignore"):
            return np.log1p(np.maximum(values - self.shift, 0.0))


def surface(loss: Loss, view: View) -> Surface:
    """Sample L over the view; non-finite values become gaps (NaN)."""
    xs, ys, values = loss.grid(view.grid, view.bounds)
    finite = np.isfinite(values)
    low = float(values[finite].min()) if finite.any() else 0.0
    shift = min(low, 0.0)
    z = np.where(finite, values, np.nan)
    if view.log_height:
        with np.errstate(all="ignore"):
            z = np.log1p(np.maximum(z - shift, 0.0))
    zf = z[np.isfinite(z)]
    bottom, top = (float(zf.min()), float(zf.max())) if zf.size else (0.0, 1.0)
    span = top - bottom or 1.0
    return Surface(xs, ys, z, shift, view.log_height, bottom - 0.45 * span, top)


def height_label(s: Surface) -> str:
    if not s.log:
        return "L(W)"
    return "log(1 + L)" if s.shift == 0 else f"log(1 + L − ({s.shift:.3g}))"


def arrow_segments(x: np.ndarray, y: np.ndarray, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Arrows from (x, y) along (u, v) as one polyline: shaft, gap, head, gap — 7 points each."""
    x, y, u, v = (np.ravel(np.asarray(a, dtype=float)) for a in (x, y, u, v))
    tx, ty = x + u, y + v
    # head: two barbs at ±25° from the reversed shaft, a quarter of its length
    bx, by = -0.28 * u, -0.28 * v
    c, s = math.cos(math.radians(25)), math.sin(math.radians(25))
    nan = np.full_like(x, np.nan)
    xs = np.stack([x, tx, nan, tx + c * bx - s * by, tx, tx + c * bx + s * by, nan], axis=1)
    ys = np.stack([y, ty, nan, ty + s * bx + c * by, ty, ty - s * bx + c * by, nan], axis=1)
    return xs.ravel(), ys.ravel()


@dataclass(frozen=True)
class ArrowScale:
    """Maps gradients to drawn arrow lengths: ‖arrow‖ = cell · √(‖∇L‖ / gmax), at most 1.5 cells.

    The square root keeps small gradients visible while the arrows still shrink to nothing where
    ∇L = 0, as the slides show at the minimum.
    """

    cell: float
    gmax: float

    def __call__(self, g: np.ndarray) -> np.ndarray:
        g = np.asarray(g, dtype=float)
        norm = np.hypot(g[..., 0], g[..., 1])
        with np.errstate(all="ignore"):
            length = self.cell * np.minimum(np.sqrt(norm / self.gmax), 1.5)
            unit = g / norm[..., None]
        return np.where(norm[..., None] > 0, unit * length[..., None], 0.0)


def gradient_field(loss: Loss, view: View) -> tuple[np.ndarray, np.ndarray, np.ndarray, ArrowScale]:
    """∇L on an arrows × arrows grid inside the view, and the scale that draws it."""
    (x0, x1), (y0, y1) = view.bounds
    k = view.arrows
    dx, dy = (x1 - x0) / k, (y1 - y0) / k
    gx, gy = np.meshgrid(np.linspace(x0 + dx / 2, x1 - dx / 2, k), np.linspace(y0 + dy / 2, y1 - dy / 2, k))
    g = loss.gradient(gx, gy)
    norm = np.hypot(g[..., 0], g[..., 1])
    finite = np.isfinite(norm)
    g = np.where(finite[..., None], g, 0.0)
    gmax = float(norm[finite].max()) if finite.any() and norm[finite].max() > 0 else 1.0
    return gx, gy, g, ArrowScale(0.85 * min(dx, dy), gmax)


def visible_path(run: Run, bounds: Bounds) -> int:
    """How many leading points of the path to draw: up to the first that leaves the view by more
    than half its size (a diverging path would otherwise squash the picture)."""
    (x0, x1), (y0, y1) = bounds
    mx, my = (x1 - x0) / 2, (y1 - y0) / 2
    p = run.path
    inside = (p[:, 0] >= x0 - mx) & (p[:, 0] <= x1 + mx) & (p[:, 1] >= y0 - my) & (p[:, 1] <= y1 + my)
    return len(p) if inside.all() else max(int(np.argmin(inside)), 1)


def _iterate_arrows(run: Run, n: int, scale: ArrowScale, heads: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """−∇L at the first n iterates: 7 points per arrow with heads, else 3 (shaft and gap)."""
    a = scale(-run.gradients[:n])
    xs, ys = arrow_segments(run.path[:n, 0], run.path[:n, 1], a[:, 0], a[:, 1])
    if heads:
        return xs, ys
    return xs.reshape(-1, 7)[:, :3].ravel(), ys.reshape(-1, 7)[:, :3].ravel()


def _uirevision(loss: Loss, view: View) -> str:
    params = ",".join(f"{k}={v:g}" for k, v in sorted(loss.params.items()))
    return f"{loss.name}({params})|{view.bounds}|{view.log_height}"


def surface_figure(loss: Loss, run: Run | None, view: View) -> go.Figure:
    """The 3-D view: blue surface with its level lines on the floor, the ∇L field as red arrows on
    the floor, the path on the surface in red (start green, current point dark red), −∇L at the
    iterates on the floor beneath them, and the known minima."""
    s = surface(loss, view)
    gx, gy, g, scale = gradient_field(loss, view)
    a = scale(g)
    fx, fy = arrow_segments(gx, gy, a[..., 0], a[..., 1])
    traces: list[go.BaseTraceType] = [
        go.Surface(
            x=_f32(s.xs),
            y=_f32(s.ys),
            z=_f32(s.z),
            colorscale=BLUES,
            showscale=False,
            opacity=0.88,
            name="L(W)",
            contours={"z": {"show": True, "project": {"z": True}, "usecolormap": True, "width": 1}},
            hovertemplate="w1 %{x:.3g}<br>w2 %{y:.3g}<br>height %{z:.4g}<extra></extra>",
        ),
        go.Scatter3d(
            x=_f32(fx),
            y=_f32(fy),
            z=_f32(np.full_like(fx, s.floor)),
            mode="lines",
            line={"color": RED, "width": 3},
            name="∇L (field, below)",
            hoverinfo="skip",
        ),
    ]
    for m in loss.minima:
        traces.append(
            go.Scatter3d(
                x=_f32([m[0]]),
                y=_f32([m[1]]),
                z=_f32(s.height([float(loss.value(*m))])),
                mode="markers",
                marker={"symbol": "diamond", "size": 5, "color": "#ffd700", "line": {"color": "black", "width": 1}},
                name="known minimum",
                legendgroup="minima",
                showlegend=m == loss.minima[0],
                hovertemplate="minimum (%{x:.4g}, %{y:.4g})<extra></extra>",
            )
        )
    if run is not None:
        n = visible_path(run, view.bounds)
        px, py = run.path[:n, 0], run.path[:n, 1]
        # a hair above the surface, so that the surface does not hide the path in the valley
        pz = s.height(run.values[:n]) + 0.012 * (s.top - s.floor)
        ax, ay = _iterate_arrows(run, n, scale, heads=False)  # heads are too small to see in 3-D
        traces += [
            go.Scatter3d(
                x=_f32(ax),
                y=_f32(ay),
                z=_f32(np.full_like(ax, s.floor)),
                mode="lines",
                line={"color": DARK_RED, "width": 5},
                name="−∇L(Wᵗ) (below)",
                hoverinfo="skip",
                meta={"play": "prefix", "per": 3},
            ),
            go.Scatter3d(
                x=_f32(px),
                y=_f32(py),
                z=_f32(pz),
                mode="lines+markers",
                line={"color": RED, "width": 6},
                marker={"size": 2.5, "color": RED},
                name="path Wᵗ",
                hovertemplate="W = (%{x:.4g}, %{y:.4g})<br>height %{z:.4g}<extra>path</extra>",
                meta={"play": "prefix", "per": 1},
            ),
            go.Scatter3d(
                x=_f32(px[:1]),
                y=_f32(py[:1]),
                z=_f32(pz[:1]),
                mode="markers",
                marker={"size": 6, "color": START, "line": {"color": "black", "width": 1}},
                name="W⁰ (start)",
                hovertemplate="W⁰ = (%{x:.4g}, %{y:.4g})<extra></extra>",
            ),
            go.Scatter3d(
                x=_f32(px[-1:]),
                y=_f32(py[-1:]),
                z=_f32(pz[-1:]),
                mode="markers",
                marker={"size": 6, "color": DARK_RED, "symbol": "diamond", "line": {"color": "white", "width": 1}},
                name="Wᵗ (current)",
                hovertemplate="Wᵗ = (%{x:.4g}, %{y:.4g})<extra></extra>",
                meta={"play": "at"},
            ),
        ]
    (x0, x1), (y0, y1) = view.bounds
    axis = {"showspikes": False, "backgroundcolor": "white"}
    fig = go.Figure(traces)
    fig.update_layout(
        uirevision=_uirevision(loss, view),
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "y": 0, "x": 0.5, "xanchor": "center", "font": {"size": 11}},
        scene={
            "xaxis": {**axis, "title": {"text": "w1"}, "range": [x0, x1]},
            "yaxis": {**axis, "title": {"text": "w2"}, "range": [y0, y1]},
            "zaxis": {**axis, "title": {"text": height_label(s)}, "range": [s.floor, s.top]},
            "aspectmode": "manual",
            "aspectratio": {"x": 1, "y": 1, "z": 0.75},
            # from above the front-left corner: the valley floor, where paths end, stays in sight
            "camera": {"eye": {"x": -1.15, "y": -1.65, "z": 1.35}},
        },
    )
    return fig


def contour_figure(
    loss: Loss, run: Run | None, view: View, points: list[StationaryPoint] | tuple[StationaryPoint, ...] = ()
) -> go.Figure:
    """The contour map: level sets in blue, the ∇L field as red arrows, the path with −∇L at the
    iterates, and the stationary points marked by kind. Equal axis scales, so that the gradient
    meets the level lines at right angles as it should."""
    s = surface(loss, view)
    gx, gy, g, scale = gradient_field(loss, view)
    a = scale(g)
    fx, fy = arrow_segments(gx, gy, a[..., 0], a[..., 1])
    traces: list[go.BaseTraceType] = [
        go.Contour(
            x=_f32(s.xs),
            y=_f32(s.ys),
            z=_f32(s.z),
            colorscale=BLUES,
            showscale=False,
            ncontours=24,
            contours={"coloring": "heatmap", "showlines": True},
            line={"width": 0.6, "color": "rgba(255,255,255,0.6)"},
            opacity=0.85,
            name=height_label(s),
            hovertemplate="W = (%{x:.3g}, %{y:.3g})<br>" + height_label(s) + " = %{z:.4g}<extra></extra>",
        ),
        go.Scatter(
            x=_f32(fx),
            y=_f32(fy),
            mode="lines",
            line={"color": RED, "width": 1.2},
            name="∇L (field)",
            hoverinfo="skip",
        ),
    ]
    for kind, (symbol, color) in KIND_MARKERS.items():
        pts = [p for p in points if p.kind == kind]
        if pts:
            traces.append(
                go.Scatter(
                    x=_f32([p.point[0] for p in pts]),
                    y=_f32([p.point[1] for p in pts]),
                    mode="markers",
                    marker={"symbol": symbol, "size": 13, "color": color, "line": {"color": "black", "width": 1}},
                    name=kind,
                    hovertemplate=f"{kind} (%{{x:.4g}}, %{{y:.4g}})<br>∇L = 0<extra></extra>",
                )
            )
    if run is not None:
        n = visible_path(run, view.bounds)
        px, py = run.path[:n, 0], run.path[:n, 1]
        ax, ay = _iterate_arrows(run, n, scale)
        traces += [
            go.Scatter(
                x=_f32(ax),
                y=_f32(ay),
                mode="lines",
                line={"color": DARK_RED, "width": 2},
                name="−∇L(Wᵗ)",
                hoverinfo="skip",
                meta={"play": "prefix", "per": 7},
            ),
            go.Scatter(
                x=_f32(px),
                y=_f32(py),
                mode="lines+markers",
                line={"color": RED, "width": 2.5},
                marker={"size": 4, "color": RED},
                name="path Wᵗ",
                hovertemplate="W = (%{x:.5g}, %{y:.5g})<extra>path</extra>",
                meta={"play": "prefix", "per": 1},
            ),
            go.Scatter(
                x=_f32(px[:1]),
                y=_f32(py[:1]),
                mode="markers",
                marker={"size": 11, "color": START, "line": {"color": "black", "width": 1}},
                name="W⁰ (start)",
                hovertemplate="W⁰ = (%{x:.4g}, %{y:.4g})<extra></extra>",
            ),
            go.Scatter(
                x=_f32(px[-1:]),
                y=_f32(py[-1:]),
                mode="markers",
                marker={"size": 11, "color": DARK_RED, "symbol": "diamond", "line": {"color": "white", "width": 1}},
                name="Wᵗ (current)",
                hovertemplate="Wᵗ = (%{x:.4g}, %{y:.4g})<extra></extra>",
                meta={"play": "at"},
            ),
        ]
    (x0, x1), (y0, y1) = view.bounds
    fig = go.Figure(traces)
    fig.update_layout(
        uirevision=_uirevision(loss, view),
        margin={"l": 45, "r": 10, "t": 10, "b": 40},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.12, "x": 0.5, "xanchor": "center", "font": {"size": 11}},
        xaxis={"title": {"text": "w1"}, "range": [x0, x1], "constrain": "domain"},
        yaxis={"title": {"text": "w2"}, "range": [y0, y1], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
        clickmode="event",
        dragmode="pan",
    )
    return fig


def curves_figure(run: Run) -> go.Figure:
    """L(Wᵗ) and ‖∇L(Wᵗ)‖ against t, side by side; log scales where the values allow."""
    t = np.arange(len(run.values))
    fig = make_subplots(rows=1, cols=2, subplot_titles=("L(Wᵗ)", "‖∇L(Wᵗ)‖"), horizontal_spacing=0.1)
    fig.add_trace(go.Scatter(x=t, y=_f32(run.values), mode="lines", line={"color": RED}, name="L(Wᵗ)"), 1, 1)
    fig.add_trace(
        go.Scatter(x=t, y=_f32(run.grad_norms), mode="lines", line={"color": DARK_RED}, name="‖∇L(Wᵗ)‖"), 1, 2
    )
    log_values = bool(np.all(run.values > 0))
    fig.update_yaxes(type="log" if log_values else "linear", exponentformat="power", row=1, col=1)
    fig.update_yaxes(type="log", exponentformat="power", row=1, col=2)
    fig.update_xaxes(title_text="step t")
    # the playback's "now" lines, one per panel (gdviz/assets/viewer.js moves them)
    now = {"type": "line", "x0": len(t) - 1, "x1": len(t) - 1, "y0": 0, "y1": 1, "name": "now"}
    line = {"color": "#888", "width": 1, "dash": "dot"}
    fig.update_layout(
        shapes=[
            {**now, "xref": "x", "yref": "y domain", "line": line},
            {**now, "xref": "x2", "yref": "y2 domain", "line": line},
        ]
    )
    fig.update_layout(showlegend=False, margin={"l": 50, "r": 10, "t": 30, "b": 40})
    return fig
