"""Plotly figure builders: the slides' picture as plain ``go.Figure`` objects, no streamlit.

The 3-D view and the contour map share one vocabulary: the surface (or its level sets) in blue,
gradients as red arrows, the path in red from a green start, −∇L at the iterates (where each
step goes) as orange arrows. Arrows are one trace each kind,
NaN-separated segments (Plotly's quiver technique). Every array is float32, which Plotly sends
as a compact base64 typed array.

Traces the browser animates carry ``meta={"play": ...}`` (see ``gdviz/assets/viewer.js``):
``"prefix"`` shows the first (t+1)·``per`` points at step t; ``"at"`` (the current point) holds
the whole run's path and shows its point t, pinned at the edge of the view when outside it (the
path is cut where it leaves the view; playback still runs to the run's last step); ``"window"``
(``gdviz.charts.fit_figure``) holds ``windows`` blocks of ``per`` points and shows the block for
step t. A lone run's traces also say which part of the run they draw (``meta["part"]``: "arrows",
"path", "start", "current"; the curves' "values" and "grad_norms"): while W⁰ or α is dragged the
viewer redraws them from the browser's own run (``preview_frame``). The colours, arrows and layout
pieces they share with the other charts are ``gdviz.style``.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from .analysis import StationaryPoint
from .i18n import language, t
from .losses import Bounds, Loss
from .runs import Run
from .style import (
    BLUES,
    BOTTOM_LEGEND,
    DARK_RED,
    FAST,
    KIND_MARKERS,
    LOG_AXIS,
    RED,
    SIDE_TOOLBAR,
    START,
    STEP,
    TICKS,
    TOOLBAR_WIDTH,
    ArrowScale,
    OneOrMany,
    arrow_segments,
    coloured_runs,
    f32,
    panel_titles,
)


@dataclass(frozen=True)
class View:
    """What the figures show of a loss: the window, the grid, the height scale.

    Attributes:
        bounds: ``((xmin, xmax), (ymin, ymax))``.
        grid: samples per side for the contour map.
        arrows: arrows per side for the gradient field.
        log_height: draw log(1 + L − L₀) instead of L (L₀ the lowest L on the grid when it is
            negative, else 0), so that steep losses such as Rosenbrock show their valley.
        grid3d: samples per side for the 3-D surface: WebGL's first draw of a surface costs about
            in proportion, and 40 × 40 is smooth enough under lighting.
        equal_axes: one unit is as long on both axes of the map (then ∇L meets the level lines at
            right angles); off for weights of different scales, such as a slope and an intercept.
    """

    bounds: Bounds
    grid: int = 60
    arrows: int = 15
    log_height: bool = False
    grid3d: int = 40
    equal_axes: bool = True


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


_MEMO: weakref.WeakKeyDictionary[Loss, OrderedDict[tuple[object, ...], object]] = weakref.WeakKeyDictionary()
_SERIALS: weakref.WeakKeyDictionary[Loss, int] = weakref.WeakKeyDictionary()
_NEXT_SERIAL = itertools.count()


def _memo(fn):  # type: ignore[no-untyped-def]
    """Remember ``fn(loss, view, ...)`` per loss object (the last 16 views): what a rerun asks again
    for the same surface is not sampled again. The results are read-only."""

    @functools.wraps(fn)
    def wrapper(loss: Loss, view: View, *args: object) -> object:
        memo = _MEMO.setdefault(loss, OrderedDict())
        key = (fn.__name__, view, *args)
        if key in memo:
            memo.move_to_end(key)
            return memo[key]
        value = fn(loss, view, *args)
        for part in value if isinstance(value, tuple) else vars(value).values():
            if isinstance(part, np.ndarray):
                part.setflags(write=False)
        memo[key] = value
        while len(memo) > 16:
            memo.popitem(last=False)
        return value

    return wrapper


def static_uid(loss: Loss, view: View, kind: str) -> str:
    """A name for a trace that depends only on the loss, the view and the language (the surface,
    the field): the same name, the same trace, so its JSON is built once (``export.pack``)."""
    serial = _SERIALS.get(loss)
    if serial is None:
        serial = _SERIALS.setdefault(loss, next(_NEXT_SERIAL))
    # plotly.js builds DOM ids and selectors from a uid: a hex digest is safe there
    return hashlib.blake2b(f"{kind}|{serial}|{view}|{language()}".encode(), digest_size=10).hexdigest()


@_memo
def surface(loss: Loss, view: View, n: int | None = None) -> Surface:
    """Sample L over the view on an n × n grid (``view.grid`` by default); non-finite values
    become gaps (NaN)."""
    xs, ys, values = loss.grid(n or view.grid, view.bounds)
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


def _sampled(s: Surface) -> dict[str, object]:
    """The sampled loss as a trace's x, y, z, in the slides' blues."""
    return {"x": f32(s.xs), "y": f32(s.ys), "z": f32(s.z), "colorscale": BLUES, "showscale": False}


@_memo
def _field_arrows(loss: Loss, view: View) -> tuple[np.ndarray, np.ndarray, ArrowScale]:
    """The ∇L field as one polyline of arrows, and the scale it was drawn with."""
    gx, gy, g, scale = gradient_field(loss, view)
    a = scale(g)
    fx, fy = arrow_segments(gx, gy, a[..., 0], a[..., 1])
    return fx, fy, scale


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


def preview_frame(loss: Loss, view: View) -> dict[str, object]:
    """What the viewer needs to draw a run it computed itself as ``_path_traces`` draws one: the
    view (``visible_path``), the scale of the −∇L arrows, and the 3-D view's heights (the path a
    hair above the surface, the arrows on its floor). The same numbers the figures were built with,
    so that a preview frame and the server's frame of the same run look alike."""
    s = surface(loss, view, view.grid3d)
    scale = _field_arrows(loss, view)[2]
    return {
        "bounds": [list(b) for b in view.bounds],
        "arrow": {"cell": scale.cell, "gmax": scale.gmax},
        "height": {"log": s.log, "shift": s.shift, "lift": 0.012 * (s.top - s.floor), "floor": s.floor},
    }


def _uirevision(loss: Loss, view: View) -> str:
    params = ",".join(f"{k}={v:g}" for k, v in sorted(loss.params.items()))
    return f"{loss.name}({params})|{view.bounds}|{view.log_height}"


def _path_traces(
    run: Run,
    n: int,
    label: str,
    colour: str,
    scale: ArrowScale,
    *,
    first: bool,
    z: np.ndarray | None = None,
    floor: float = 0.0,
) -> list[go.BaseTraceType]:
    """A run's traces: −∇L at the iterates (a lone run only), the first ``n`` points of the path,
    W⁰, the current Wᵗ (every step of the run, for playback and the viewer's readout).

    With ``z`` (the whole path's heights) they are 3-D (the path at heights z, the arrows on the
    floor), else 2-D.
    """
    three_d = z is not None
    # 2-D traces stay SVG: scattergl redraws faster, but its WebGL context costs ~0.2 s at first load
    trace = go.Scatter3d if three_d else go.Scatter
    px, py = run.path[:n, 0], run.path[:n, 1]

    def at(xs: np.ndarray, ys: np.ndarray, zs: np.ndarray | None = None) -> dict[str, np.ndarray]:
        return {"x": f32(xs), "y": f32(ys), **({"z": f32(zs)} if three_d else {})}

    suffix = f" ({label})" if label else ""
    out: list[go.BaseTraceType] = []
    if not label:  # one run: its steps' directions; with several runs they would only clutter
        ax, ay = _iterate_arrows(run, n, scale, heads=not three_d)  # 3-D heads are too small to see
        out.append(
            trace(
                **FAST,
                **at(ax, ay, np.full_like(ax, floor)),
                mode="lines",
                line={"color": STEP, "width": 5 if three_d else 2},
                name=t("−∇L(Wᵗ) (step direction, below)") if three_d else t("−∇L(Wᵗ) (step direction)"),
                hoverinfo="skip",
                meta={"play": "prefix", "per": 3 if three_d else 7, "part": "arrows"},
            )
        )
    zs = z[:n] if z is not None else None
    out.append(
        trace(
            **FAST,
            **at(px, py, zs),
            mode="lines+markers",
            line={"color": colour, "width": 6 if three_d else 2.5},
            marker={"size": 2.5 if three_d else 4, "color": colour},
            name=t("path Wᵗ") + suffix,
            legendgroup=label or None,
            hovertemplate="W = (%{x:.5g}, %{y:.5g})<extra>" + t("path") + suffix + "</extra>",
            meta={"play": "prefix", "per": 1, "part": "path"},
        )
    )
    if first:
        out.append(
            trace(
                **FAST,
                **at(px[:1], py[:1], None if zs is None else zs[:1]),
                mode="markers",
                marker={"size": 6 if three_d else 11, "color": START, "line": {"color": "black", "width": 1}},
                name=t("W⁰ (start)"),
                hovertemplate="W⁰ = (%{x:.4g}, %{y:.4g})<extra></extra>",
                meta={"part": "start"},
            )
        )
    out.append(
        trace(
            **FAST,
            **at(run.path[:, 0], run.path[:, 1], z),
            mode="markers",
            marker={
                "size": 6 if three_d else 11,
                "color": DARK_RED if not label else colour,
                "symbol": "diamond",
                "line": {"color": "white", "width": 1},
            },
            name=t("Wᵗ (current)") + suffix,
            # pinned at the map's edge (outside the view) it shows whole, not cut in half by the frame
            **({} if three_d else {"cliponaxis": False}),
            # several runs: the path's legend entry stands for its current point too (same colour)
            legendgroup=label or None,
            showlegend=not label,
            hovertemplate=f"Wᵗ{suffix} = (%{{x:.4g}}, %{{y:.4g}})<extra></extra>",
            meta={"play": "at", "part": "current"},
        )
    )
    return out


def surface_figure(loss: Loss, run: OneOrMany, view: View, labels: Sequence[str] = ()) -> go.Figure:
    """The 3-D view: blue surface with its level lines on the floor, the ∇L field as red arrows on
    the floor, the path on the surface in red (start green, current point dark red), −∇L at the
    iterates in orange on the floor beneath them, and the known minima. Several runs (``labels`` naming
    them) are drawn in distinct colours, without the iterate arrows."""
    s = surface(loss, view, view.grid3d)
    fx, fy, scale = _field_arrows(loss, view)
    traces: list[go.BaseTraceType] = [
        go.Surface(
            **FAST,
            **_sampled(s),
            opacity=0.88,
            name="L(W)",
            uid=static_uid(loss, view, "surface"),
            contours={"z": {"show": True, "project": {"z": True}, "usecolormap": True, "width": 1}},
            hovertemplate="w1 %{x:.3g}<br>w2 %{y:.3g}<br>" + t("height") + " %{z:.4g}<extra></extra>",
        ),
        go.Scatter3d(
            **FAST,
            x=f32(fx),
            y=f32(fy),
            z=f32(np.full_like(fx, s.floor)),
            mode="lines",
            line={"color": RED, "width": 3},
            name=t("∇L (field, uphill, below)"),
            hoverinfo="skip",
            uid=static_uid(loss, view, "field3d"),
        ),
    ]
    for m in loss.minima:
        traces.append(
            go.Scatter3d(
                **FAST,
                x=f32([m[0]]),
                y=f32([m[1]]),
                z=f32(s.height([float(loss.value(*m))])),
                mode="markers",
                marker={"symbol": "diamond", "size": 5, "color": "#ffd700", "line": {"color": "black", "width": 1}},
                name=t("known minimum"),
                legendgroup="minima",
                showlegend=m == loss.minima[0],
                hovertemplate=t("minimum") + " (%{x:.4g}, %{y:.4g})<extra></extra>",
            )
        )
    for i, (one, label, colour) in enumerate(coloured_runs(run, labels)):
        n = visible_path(one, view.bounds)
        # a hair above the surface, so that the surface does not hide the path in the valley
        # (preview_frame sends the browser the same lift)
        pz = s.height(one.values) + 0.012 * (s.top - s.floor)
        traces += _path_traces(one, n, label, colour, scale, first=i == 0, z=pz, floor=s.floor)
    (x0, x1), (y0, y1) = view.bounds
    axis = {"showspikes": False, "backgroundcolor": "white"}
    # the layout in the constructor: update_layout() costs more than the whole figure
    layout = dict(
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
    return go.Figure(traces, layout=layout, **FAST)


def contour_figure(
    loss: Loss,
    run: OneOrMany,
    view: View,
    points: Sequence[StationaryPoint] = (),
    labels: Sequence[str] = (),
) -> go.Figure:
    """The contour map: level sets in blue, the ∇L field as red arrows, the path with −∇L at the
    iterates in orange, and the stationary points marked by kind. Equal axis scales, so that the gradient
    meets the level lines at right angles as it should. Several runs as for ``surface_figure``."""
    s = surface(loss, view)
    fx, fy, scale = _field_arrows(loss, view)
    traces: list[go.BaseTraceType] = [
        go.Contour(
            **FAST,
            **_sampled(s),
            ncontours=24,
            contours={"coloring": "fill", "showlines": True},  # bands: a third of "heatmap"'s redraw time
            line={"width": 0.6, "color": "rgba(255,255,255,0.6)"},
            opacity=0.85,
            name=height_label(s),
            uid=static_uid(loss, view, "contour"),
            hovertemplate="W = (%{x:.3g}, %{y:.3g})<br>" + height_label(s) + " = %{z:.4g}<extra></extra>",
        ),
        go.Scatter(
            **FAST,
            x=f32(fx),
            y=f32(fy),
            mode="lines",
            line={"color": RED, "width": 1.2},
            name=t("∇L (field, uphill)"),
            hoverinfo="skip",
            uid=static_uid(loss, view, "field2d"),
        ),
    ]
    for kind, (symbol, color) in KIND_MARKERS.items():
        pts = [p for p in points if p.kind == kind]
        if pts:
            traces.append(
                go.Scatter(
                    **FAST,
                    x=f32([p.point[0] for p in pts]),
                    y=f32([p.point[1] for p in pts]),
                    mode="markers",
                    marker={"symbol": symbol, "size": 13, "color": color, "line": {"color": "black", "width": 1}},
                    name=t(kind),
                    hovertemplate=t(kind) + " (%{x:.4g}, %{y:.4g})<br>∇L = 0<extra></extra>",
                )
            )
    for i, (one, label, colour) in enumerate(coloured_runs(run, labels)):
        traces += _path_traces(one, visible_path(one, view.bounds), label, colour, scale, first=i == 0)
    (x0, x1), (y0, y1) = view.bounds
    # the layout in the constructor: update_layout() costs more than the whole figure
    layout = dict(
        uirevision=_uirevision(loss, view),
        margin={"l": 45, "r": 10, "t": 10, "b": 40},
        plot_bgcolor="white",
        # under everything, not at a fraction of the plot's height that falls on the axis title "w1"
        legend={**BOTTOM_LEGEND, "font": {"size": 11}},
        # automargin: the ticks and "w1" push the legend down instead of sitting on it
        xaxis={
            "title": {"text": "w1"},
            "range": [x0, x1],
            "automargin": True,
            **({"constrain": "domain"} if view.equal_axes else {}),
        },
        yaxis={
            "title": {"text": "w2"},
            "automargin": True,
            "range": [y0, y1],
            **({"scaleanchor": "x", "scaleratio": 1, "constrain": "domain"} if view.equal_axes else {}),
        },
        clickmode="event",
        dragmode="pan",
    )
    return go.Figure(traces, layout=layout, **FAST)


def curves_figure(run: Run | Sequence[Run], labels: Sequence[str] = ()) -> go.Figure:
    """L(Wᵗ) and ‖∇L(Wᵗ)‖ against t, side by side; log scales where the values allow.

    Two panels laid out by hand (axis domains) rather than with make_subplots, which costs more
    than the rest of the figure on every rerun.
    """
    runs = coloured_runs(run, labels)
    traces = []
    for one, label, colour in runs:
        ts = np.arange(len(one.values))
        traces.append(
            go.Scatter(
                **FAST,
                x=ts,
                y=f32(one.values),
                mode="lines",
                line={"color": colour},
                name=label or "L(Wᵗ)",  # the legend names the runs; the panels' titles say what is drawn
                legendgroup=label,
                meta={"part": "values"},
            )
        )
        traces.append(
            go.Scatter(
                **FAST,
                x=ts,
                y=f32(one.grad_norms),
                xaxis="x2",
                yaxis="y2",
                mode="lines",
                line={"color": colour if label else DARK_RED},
                name=label or "‖∇L(Wᵗ)‖",
                legendgroup=label,
                showlegend=False,
                meta={"part": "grad_norms"},
            )
        )
    last = max(len(one.values) for one, _, _ in runs) - 1
    log_values = all(bool(np.all(one.values > 0)) for one, _, _ in runs)
    # automargin: the step numbers and "step t" keep their room at any font size (presenter mode)
    step = {"title": {"text": t("step t"), "standoff": 6}, "automargin": True, **TICKS}
    # the playback's "now" lines, one per panel (gdviz/assets/viewer.js moves them)
    now = {"type": "line", "x0": last, "x1": last, "y0": 0, "y1": 1, "name": "now"}
    line = {"color": "#888", "width": 1, "dash": "dot"}
    panels = (("x", "y domain"), ("x2", "y2 domain"))
    layout = {
        "xaxis": {**step, "domain": [0, 0.45]},
        "xaxis2": {**step, "domain": [0.55, 1], "anchor": "y2"},
        "yaxis": {**LOG_AXIS} if log_values else {"type": "linear", "automargin": True, **TICKS},
        "yaxis2": {**LOG_AXIS, "anchor": "x2"},
        "annotations": panel_titles((("L(Wᵗ)", 0.225), ("‖∇L(Wᵗ)‖", 0.775))),
        "shapes": [{**now, "xref": x, "yref": y, "line": line} for x, y in panels],
        "showlegend": len(runs) > 1,
        # under everything, not at a fraction of the plot's height that may fall on "step t"
        "legend": {**BOTTOM_LEGEND},
        **SIDE_TOOLBAR,
        "margin": {"l": 50, "r": TOOLBAR_WIDTH, "t": 30, "b": 10},
    }
    return go.Figure(traces, layout=layout, **FAST)


def emphasize(fig: go.Figure, factor: float = 1.8, font: int = 16, legend: bool = True) -> go.Figure:
    """Presenter mode: thicker lines, larger markers and larger type, for the back of a classroom.

    The 3-D view keeps small tick labels (large ones crowd its axes); ``legend=False`` drops the
    legend to give the picture the room.
    """
    for trace in fig.data:
        if trace.uid:
            trace.uid = trace.uid + "b"
        line = getattr(trace, "line", None)
        if line is not None and isinstance(line.width, (int, float)):
            line.width = line.width * factor
        marker = getattr(trace, "marker", None)
        if marker is not None and isinstance(marker.size, (int, float)):
            marker.size = marker.size * factor
    fig.layout.font.size = font
    if fig.layout.scene.xaxis.title.text is not None:
        for axis in (fig.layout.scene.xaxis, fig.layout.scene.yaxis, fig.layout.scene.zaxis):
            axis.tickfont.size = 11
    if not legend:
        fig.layout.showlegend = False
    return fig
