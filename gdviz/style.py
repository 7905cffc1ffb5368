"""The figures' shared vocabulary: colours, the run palette, arrows, compact arrays, layout pieces.

Every figure speaks it (``gdviz.figures`` for the loss surface and its curves, ``gdviz.charts``
for the others), so a colour or a legend's place is decided once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.colors

from .i18n import t
from .runs import Run

RED = "#d62728"
DARK_RED = "#8b0000"
STEP = "#e69f00"
"""−∇L at the iterates, the step's direction: orange (Okabe–Ito's), apart from the ∇L field's red in
hue and in lightness, so that arrows pointing opposite ways never read as one kind, also for
red-green colour blindness."""
START = "#2ca02c"
# deep blue in the valleys, pale on the heights (Plotly's "Blues", reversed, spelled out: the
# builders skip validation, which is what would expand a scale's name)
BLUES = [[i / 8, c] for i, c in enumerate(reversed(plotly.colors.sequential.Blues))]
FAST = {"_validate": False}
"""Passed to the graph objects built on every rerun: Plotly's property-by-property validation
costs several times the building itself; tests/test_figures.py validates every builder's output."""
KIND_MARKERS = {
    "minimum": ("star", "#ffd700"),
    "maximum": ("triangle-up", "#ff7f0e"),
    "saddle": ("x", "#9467bd"),
    "degenerate": ("diamond", "#7f7f7f"),
}


_F32_MAX = float(np.finfo(np.float32).max)


def f32(a: object) -> np.ndarray:
    """float32 for the browser; magnitudes beyond its range are clipped, not turned into inf."""
    a = np.asarray(a, dtype=float)
    return np.clip(a, -_F32_MAX, _F32_MAX).astype(np.float32)


OneOrMany = Run | Sequence[Run] | None
PALETTE = (RED, "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
"""One colour per run when several share a figure; the first is the slides' red."""


def coloured_runs(run: OneOrMany, labels: Sequence[str]) -> list[tuple[Run, str, str]]:
    """(run, label, colour) for one run (no label, red) or several (labelled, PALETTE)."""
    if run is None:
        return []
    if isinstance(run, Run):
        return [(run, "", RED)]
    return [
        (r, labels[i] if i < len(labels) else t("run {n}", n=i + 1), PALETTE[i % len(PALETTE)])
        for i, r in enumerate(run)
    ]


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


BOTTOM_LEGEND = {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0.5, "xanchor": "center"}
"""A legend under everything, in a row: not at a fraction of the plot's height, which falls on an
axis title ("w1", "step t"); the axes' automargin pushes it down."""

TOOLBAR_WIDTH = 36
SIDE_TOOLBAR = {"modebar": {"orientation": "v"}}
"""Charts with titles above their panels: Plotly's toolbar upright in the right margin
(``TOOLBAR_WIDTH`` px), where it covers no title (lying along the top, it covers the right-hand
ones on a phone)."""

TICKS = {"ticks": "outside", "ticklen": 4, "tickcolor": "#bbb"}
"""Tick marks outside: they hold the x numbers and the y numbers apart at the shared corner."""
LOG_AXIS = {"type": "log", "exponentformat": "power", "minorloglabels": "none", "automargin": True, **TICKS}
"""A log axis labelled at powers of 10 only: the digits Plotly writes at 2, 3, … 9 between them
pile up ("10 9 8 7 6") on a short axis or in presenter type; their grid lines stay."""


def panel_titles(titles: Sequence[tuple[str, float]]) -> list[dict]:
    """Titles above side-by-side panels: (text, x) with x the panel's centre as a share of the width."""
    return [
        {
            "text": text,
            "x": x,
            "y": 1.0,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "center",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 14},
        }
        for text, x in titles
    ]
