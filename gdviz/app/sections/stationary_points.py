"""Stationary points (pages/stationary_points.py): where ∇L = 0, what kind each is, and the saddle
demonstration.
"""

from __future__ import annotations

import math

import streamlit as st

from ... import figures
from ...analysis import StationaryPoint
from ...i18n import t, tn
from ...losses import Loss
from ...runs import Run, outcome_name
from ..cache import loss_key, saddle_demo_of
from ..controls import linked_selectbox
from ..panels import show_table


def point_label(p: StationaryPoint) -> str:
    return t("{kind} at ({x:.4g}, {y:.4g})", kind=t(p.kind), x=p.point[0], y=p.point[1])


WHY_KIND = {
    "minimum": "both eigenvalues > 0: L curves up in every direction",
    "maximum": "both eigenvalues < 0: L curves down in every direction",
    "saddle": "one eigenvalue > 0, one < 0: up one way, down the other",
    "degenerate": "an eigenvalue is 0: the Hessian cannot tell",
}


def points_table(points: list[StationaryPoint]) -> None:
    show_table(
        [
            {
                t("kind"): t(p.kind),
                "w1": p.point[0],
                "w2": p.point[1],
                "L": p.value,
                "λ1": p.eigenvalues[0],
                "λ2": p.eigenvalues[1],
                t("why"): t(WHY_KIND[p.kind]),
            }
            for p in points
        ]
    )


def model_control(points: list[StationaryPoint]) -> StationaryPoint | None:
    """Which stationary point to show the local quadratic model of (or none).

    The link names the point by its coordinates (``sp_model=0,0``), the menu by its kind and
    coordinates in the page's language ("sela em (0, 0)").
    """
    by_key = {f"{p.point[0]:.4g},{p.point[1]:.4g}": p for p in points}
    options = ["none", *by_key]
    if st.session_state.get("sp_model") not in options:
        st.session_state["sp_model"] = "none"
    choice = linked_selectbox(
        t("show the quadratic model L(p) + ½ dᵀHd at"),
        "sp_model",
        options,
        lambda v: point_label(by_key[v]) if v in by_key else t("none"),
    )
    return by_key.get(choice)


SADDLE_LABELS = ("gd on the stable direction", "gd slightly off it", "Newton from the same start")


SADDLE_LOSSES = ("saddle", "himmelblau", "six_hump_camel")  # the losses the page suggests for it


SADDLE_DEFAULT_LOSS = "himmelblau"  # the stationary points page opens on a loss with saddles


SADDLE_DISTANCE = 0.02  # the demonstration's starts are this part of the view from the saddle


def saddle_control(points: list[StationaryPoint]) -> StationaryPoint | None:
    """Which saddle the demonstration runs at (None: no saddle in view); a choice only when
    there are several. The link holds the saddle's coordinates, the same in both languages."""
    saddles = {f"({p.point[0]:.4g}, {p.point[1]:.4g})": p for p in points if p.kind == "saddle"}
    if len(saddles) < 2:
        return next(iter(saddles.values()), None)
    options = list(saddles)
    if st.session_state.get("sp_saddle") not in options:
        st.session_state["sp_saddle"] = options[0]
    choice = st.selectbox(t("the saddle demonstration at"), options=options, key="sp_saddle", bind="query-params")
    return saddles[choice]


def saddle_demonstration(
    loss: Loss, saddle: StationaryPoint | None, lr: float | None, view: figures.View
) -> tuple[list[Run], str]:
    """gd from the stable direction goes into the saddle; slightly off it, it escapes; Newton
    from the second start goes to the saddle anyway (``analysis.saddle_demo``, cached). The
    runs, and what they did in words. ``lr`` None: α from the curvature near the saddle."""
    if saddle is None:
        return [], t(
            "This loss has no saddle point in view. Pick one of {names} to see gradient descent stop where ∇L = 0 "
            "without a minimum.",
            names=", ".join(f"**{name}**" for name in SADDLE_LOSSES),
        )
    (x0, x1), (y0, y1) = view.bounds
    fields = (saddle.point, saddle.value, saddle.kind, saddle.eigenvalues)  # a cache key of plain values
    demo = saddle_demo_of(loss_key(loss), fields, SADDLE_DISTANCE * min(x1 - x0, y1 - y0), lr)
    runs = list(demo.runs)
    near = 1e-4 * (x1 - x0)

    def where(run: Run) -> str:
        d = math.dist(run.final, saddle.point)
        at = t("at the saddle") if d < near else t("{d:.3g} away from the saddle", d=d)
        return tn(
            "{status} after {n} step, {at}, with ‖∇L‖ = {norm:.2g}",
            "{status} after {n} steps, {at}, with ‖∇L‖ = {norm:.2g}",
            run.steps,
            # the trend only: a run into the saddle "converged … at the saddle" says it once
            status=outcome_name(run.status, trend=run.trend),
            at=at,
            norm=run.grad_norms[-1],
        )

    low, high = saddle.eigenvalues
    labels = [t(label) for label in SADDLE_LABELS]
    alpha = (
        t(
            "gd takes α = {lr:.3g}, half of 1/max |λ| near the saddle, so that no step overshoots",
            lr=demo.lr,
        )
        if lr is None
        else t("gd takes the α you chose, {lr:g}", lr=demo.lr)
    )
    text = (
        t(
            "The saddle at ({x:.4g}, {y:.4g}) has Hessian eigenvalues {l1:.3g} and {l2:.3g}; {alpha}. Three runs "
            "start {d:.2g} from it and stop once ‖∇L‖ ≤ {tol:.1e}:",
            x=saddle.point[0],
            y=saddle.point[1],
            l1=low,
            l2=high,
            alpha=alpha,
            d=demo.distance,
            tol=demo.tol,
        )
        + "\n\n"
        + f"- **{labels[0]}**, "
        + t("from ({x:.7g}, {y:.7g})", x=demo.on[0], y=demo.on[1])
        + f": {where(runs[0])}.\n"
        + f"- **{labels[1]}** "
        + t("({offset:.2g} along the direction where L curves down), ", offset=demo.offset)
        + t("from ({x:.7g}, {y:.7g})", x=demo.off[0], y=demo.off[1])
        + f": {where(runs[1])}.\n"
        + f"- **{labels[2]}**: {where(runs[2])}.\n\n"
        + t(
            "∇L = 0 at a saddle, so gradient descent that reaches it exactly has nothing left to follow and stops: "
            "∇L = 0 means a local optimum *or at least a saddle point*. The smallest push along the direction "
            "where L curves down grows at every step, and the run escapes. Newton's method heads for wherever "
            "∇L = 0 nearby, saddles included."
        )
    )
    if math.dist(runs[0].final, saddle.point) >= near:
        text += "\n\n" + t(
            "Here the first run did not end at the saddle: each step multiplies its distance along the stable "
            "direction by |1 − αλ₊| = {shrink:.3g} (it comes closer only when this is below 1), and any error "
            "off that direction by |1 − αλ₋| = {grow:.3g}.",
            shrink=abs(1 - demo.lr * high),
            grow=abs(1 - demo.lr * low),
        )
    return runs, text
