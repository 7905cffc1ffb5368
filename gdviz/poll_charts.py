"""A class poll's charts, as plain ``go.Figure`` objects, no streamlit: the answers to a choice
question as bars, and the class's clicked points (with the true W¹ after the reveal) on the map.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from .i18n import t
from .style import FAST, START, STEP, f32

CLASS = "#6a3d9a"
"""The class's points and bars: purple, apart from the path's red, the field's red and W⁰'s green."""
TRUE = STEP
"""The true W¹: the orange of −∇L at the iterates (where the step goes), apart from the minima's gold stars."""
MINE = "#17becf"
HALO = "0 0 3px white, 0 0 3px white, 0 0 2px white"
"""A label's white halo (CSS text-shadow): black text readable on a dark contour band too."""
WRAP = 20
"""Characters per line of an option's label beside its bar: a long option (a teacher's own, up to
80 characters) wraps instead of being cut at the chart's left edge in a narrow column."""


def wrapped(label: str, width: int = WRAP) -> str:
    """``label`` on lines of at most ``width`` characters, broken between words (Plotly's <br>)."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def tally_figure(labels: Sequence[str], counts: Sequence[int], correct: int | None = None, font: int = 15) -> go.Figure:
    """The answers per option as horizontal bars, the first option on top, each bar with its count
    (no count axis: the numbers are on the bars). After the reveal (``correct``: the true option's
    index) the true bar is green, the others grey, and the true label is ticked in green and bold
    (a bar nobody chose has no length to be green). ``font``: the labels' size in pixels. A long
    label wraps (``wrapped``), and every row is as tall as the tallest label needs."""
    colours = [CLASS if correct is None else (START if i == correct else "#bdbdbd") for i in range(len(labels))]
    most = max([1, *counts])
    shown = [wrapped(label) for label in labels]
    if correct is not None:
        shown[correct] = f'<span style="color:{START}"><b>✓ {shown[correct]}</b></span>'

    lines = max([1, *(label.count("<br>") + 1 for label in shown)])
    bars = go.Bar(
        **FAST,
        x=list(counts),
        y=shown,
        orientation="h",
        marker={"color": colours},
        text=[str(c) for c in counts],
        textposition="outside",
        textfont={"size": font + 2},
        cliponaxis=False,
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    layout = dict(
        height=20 + round(max(2 * font, 1.3 * font * lines) + 16) * len(labels),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        plot_bgcolor="white",
        bargap=0.25,
        showlegend=False,
        font={"size": font},
        # the longest bar leaves room for its count
        xaxis={"range": [0, most * 1.2], "visible": False},
        yaxis={"autorange": "reversed", "automargin": True, "ticksuffix": "  ", "tickfont": {"size": font}},
        dragmode=False,
    )
    return go.Figure([bars], layout=layout, **FAST)


def add_class_points(
    fig: go.Figure,
    points: Sequence[Sequence[float]],
    mine: Sequence[float] | None = None,
    w1: Sequence[float] | None = None,
) -> go.Figure:
    """The class's guesses of W¹ on a contour map (``figures.contour_figure``): every point in
    purple, this browser's own ringed (``mine``), and after the reveal the true W¹ (orange, labelled).

    W¹ goes under the guesses: the best ones lie on it and stay in sight. Its label has a white halo,
    readable on the map's dark valleys as on its pale heights."""
    if w1 is not None:
        fig.add_trace(
            go.Scatter(
                **FAST,
                x=f32([w1[0]]),
                y=f32([w1[1]]),
                mode="markers+text",
                marker={"size": 22, "color": TRUE, "symbol": "circle-x", "line": {"color": "black", "width": 2}},
                text=["W¹"],
                textposition="middle right",
                textfont={"size": 20, "color": "black", "shadow": HALO},
                name=t("W¹, where the first step lands"),
                hovertemplate="W¹ = (%{x:.4g}, %{y:.4g})<extra></extra>",
                cliponaxis=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            **FAST,
            x=f32([p[0] for p in points]),
            y=f32([p[1] for p in points]),
            mode="markers",
            marker={"size": 10, "color": CLASS, "opacity": 0.85, "line": {"color": "white", "width": 1}},
            name=t("the class's guesses of W¹"),
            hovertemplate="(%{x:.3g}, %{y:.3g})<extra></extra>",
            cliponaxis=False,
        )
    )
    if mine is not None:
        fig.add_trace(
            go.Scatter(
                **FAST,
                x=f32([mine[0]]),
                y=f32([mine[1]]),
                mode="markers",
                marker={"size": 16, "color": MINE, "symbol": "circle", "line": {"color": "black", "width": 2}},
                name=t("your answer"),
                hovertemplate=t("your answer") + " (%{x:.3g}, %{y:.3g})<extra></extra>",
                cliponaxis=False,
            )
        )
    return fig
