""" "Your function" (pages/custom_loss.py): a typed formula, its view, and a gallery of examples."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ...expression import AUTO_SEARCH, auto_points, parse_loss
from ...formula import MAX_LENGTH, ExpressionError
from ...i18n import code, t
from ...losses import Bounds, Loss
from ..controls import number_field
from ..fields import FIELDS
from ..presets import set_lr


@dataclass(frozen=True)
class Example:
    """A formula of the gallery, with a start and α that show what it teaches."""

    title: str
    expr: str
    start: tuple[float, float]
    lr: float
    lesson: str


GALLERY: tuple[Example, ...] = (
    Example(
        "narrow valley",
        "(1 - x)^2 + 10*(y - x^2)^2",
        (-1.5, 2.0),
        0.01,
        "gd zig-zags down the steep walls, then crawls along the curved floor.",
    ),
    Example(
        "plateau",
        "1 - exp(-(x^2 + 2*y^2))",
        (2.0, 1.2),
        0.5,
        "Far from the minimum ∇L is almost zero: the steps are tiny until the slope is found.",
    ),
    Example(
        "two minima",
        "(x^2 - 1)^2 + y^2",
        (0.3, 1.5),
        0.05,
        "Where you start decides which minimum you reach; between them lies a saddle.",
    ),
    Example(
        "saddle",
        "x^2 - y^2 + y^4/4",
        (1.5, 0.001),
        0.05,
        "∇L = 0 at the origin, which is no minimum: a start a hair off the ridge escapes.",
    ),
    Example(
        "ripples",
        "x^2 + y^2 + 2*sin(3*x)*sin(3*y)",
        (2.0, 1.6),
        0.02,
        "Many local minima: gd stops in the first one it meets.",
    ),
    Example(
        "log barrier",
        "x^2 + y^2 - log(x) - log(y)",
        (2.5, 0.2),
        0.1,
        "L is defined only for x, y > 0: a step that leaves the domain ends the run.",
    ),
)


def _use_example(example: Example) -> None:
    st.session_state["expr"] = example.expr
    st.session_state["view_auto"] = True
    st.session_state["x0"], st.session_state["y0"] = example.start
    set_lr(example.lr)


def gallery() -> None:
    """Instructive formulas, one click away."""
    st.caption(t("Try one:"))
    cols = st.columns(3)
    for i, example in enumerate(GALLERY):
        with cols[i % 3]:
            st.button(
                t(example.title),
                key=f"example_{i}",
                on_click=_use_example,
                args=(example,),
                help=f"{code(example.expr)} — {t(example.lesson)}",  # a tooltip renders Markdown: 100*(y-x^2)
                width="stretch",
            )


def _view_fields() -> Bounds | None:
    """The view of a formula: automatic, or typed in (None for automatic)."""
    auto = st.toggle(t("automatic view"), key="view_auto", bind="query-params", value=FIELDS["view_auto"].default)
    if auto:
        return None
    a, b = st.columns(2)
    with a:
        xmin = number_field(FIELDS["xmin"], fmt="%.4g")
        ymin = number_field(FIELDS["ymin"], fmt="%.4g")
    with b:
        xmax = number_field(FIELDS["xmax"], fmt="%.4g")
        ymax = number_field(FIELDS["ymax"], fmt="%.4g")
    if not (xmin < xmax and ymin < ymax):
        st.error(t("The view needs xmin < xmax and ymin < ymax; using the automatic view."))
        return None
    return (float(xmin), float(xmax)), (float(ymin), float(ymax))


def expression_control() -> Loss | None:
    """A formula typed by the user, safely parsed, or what is wrong with it (the page shows its
    LaTeX in the main area, where a long formula has room)."""
    text = st.text_input(
        t("your L(x, y)"),
        value=FIELDS["expr"].default,
        max_chars=MAX_LENGTH,
        key="expr",
        bind="query-params",
        help=t(
            "Variables `x`, `y` (or `w1`, `w2`); `+ - * /` and `**` or `^`; `sin cos tan exp log sqrt abs tanh "
            "sinh cosh arctan`; `pi` and `e`. Write `2*x`, not `2x`; decimals with a point, `0.5`."
        ),
    )
    bounds = _view_fields()
    try:
        loss = parse_loss(text, bounds)
    except ExpressionError as err:
        st.error(t("**This formula cannot be used:** {why}", why=err.message))
        if err.column is not None:
            marks = "^" * max(1, min(err.width, len(err.text) - err.column))  # under all of "sin", not just "s"
            st.code(f"{err.text}\n{' ' * err.column}{marks}", language=None)
        return None
    (x0, x1), (y0, y1) = loss.bounds
    if bounds is None and auto_points(loss):
        st.caption(
            t(
                "view: w1 in [{x0:g}, {x1:g}], w2 in [{y0:g}, {y1:g}] (around its stationary points)",
                x0=x0,
                x1=x1,
                y0=y0,
                y1=y1,
            )
        )
    elif bounds is None:
        # The view was framed around nothing: say so, and how far the search went.
        (s0, s1), _ = AUTO_SEARCH
        st.caption(
            t(
                "a default view: w1 in [{x0:g}, {x1:g}], w2 in [{y0:g}, {y1:g}]; this L has no stationary point "
                "with w1, w2 in [{s0:g}, {s1:g}] to frame",
                x0=x0,
                x1=x1,
                y0=y0,
                y1=y1,
                s0=s0,
                s1=s1,
            )
        )
    return loss
