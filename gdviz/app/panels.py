"""What two or more pages show: the formula, the run's status, the stability gauge, the step table
and the Explorer's whole main area (``explore``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import streamlit as st

from .. import figures
from ..analysis import StepSizeTheory, path_curvature
from ..descent import descend
from ..export import about_runs
from ..i18n import number, t
from ..losses import SPECS, Bounds, Loss
from ..poll_truth import start_only
from ..runs import CONVERGED, DIVERGED, Run
from ..stability import Apart, theory_or_none
from .cache import loss_key, points_in_view
from .classpoll import hidden_note, hide_run, poll_button, without_answer
from .controls import Settings
from .presets import set_lr
from .state import link_warning_box
from .viewer import Live, viewer


def formula(loss: Loss) -> None:
    """The loss's formula, large, in the main area (a sidebar is too narrow for most of them)."""
    st.latex(f"L(w_1, w_2) = {loss.latex}")


def domain_note(loss: Loss, view: figures.View) -> None:
    """Say where L is not defined in the view: those parts are gaps in the surface."""
    s = figures.surface(loss, view)
    missing = float(np.mean(~np.isfinite(s.z)))
    if missing > 0:
        st.info(
            t(
                "L is not a finite number on {share:.0%} of the view (a log or square root of a negative "
                "number, a division by zero, or overflow): those parts are gaps in the surface, and a run "
                "that steps into them ends there as diverged.",
                share=missing,
            )
        )


def run_descent(s: Settings) -> Run:
    """The run the settings ask for (raises ValueError with a plain message on bad settings)."""
    return descend(
        s.loss, s.start, lr=s.lr, steps=s.steps, optimizer=s.optimizer, tol=s.tol, noise=s.noise, seed=s.seed, **s.hyper
    )


def outside_view(start: tuple[float, float], bounds: Bounds) -> bool:
    (x0, x1), (y0, y1) = bounds
    return not (x0 <= start[0] <= x1 and y0 <= start[1] <= y1)


def explore(settings: Settings, *, key: str) -> Run | None:
    """The Explorer's main area for any loss: status, the viewer, the gauge and the step table.

    In presenter mode with "hide the run (ask first)" on (``classpoll.hide_run``): the setup only,
    W⁰ on the surface and the map, and "Poll the class"; no path, no outcome, no numbers of the run."""
    link_warning_box()
    if outside_view(settings.start, settings.loss.bounds):
        st.warning(
            t(
                "W⁰ = ({x:g}, {y:g}) lies outside the view of this loss; "
                "the run goes ahead, but the figures show only what falls inside.",
                x=settings.start[0],
                y=settings.start[1],
            )
        )
    try:
        run = run_descent(settings)
    except ValueError as err:
        st.error(t("This run cannot start: {why}.", why=err))
        return None
    hidden = hide_run(settings)  # presenter mode: the class is asked before it sees the run
    if hidden:
        hidden_note()
    else:
        status_box(run)
    view = figures.View(settings.loss.bounds, log_height=settings.log_height)
    if settings.loss.name not in SPECS:
        domain_note(settings.loss, view)
    if hidden:
        setup = start_only(run)
        viewer(
            without_answer(figures.surface_figure(settings.loss, setup, view)),
            without_answer(
                figures.contour_figure(settings.loss, setup, view, points_in_view(settings.loss, view.bounds))
            ),
            key=key,
            run_id=f"hidden|{loss_key(settings.loss)}|{settings}",
            bounds=view.bounds,
            still=True,
            download=False,
        )
        poll_button(settings)
        return run
    viewer(
        figures.surface_figure(settings.loss, run, view),
        figures.contour_figure(settings.loss, run, view, points_in_view(settings.loss, view.bounds)),
        figures.curves_figure(run),
        key=key,
        run_id=f"{loss_key(settings.loss)}|{settings}",
        bounds=view.bounds,
        about=about_runs(settings.loss, [run]),
        live=Live(settings, view, set_lr),
    )
    stability_gauge(settings, theory_at(settings), run=run)
    poll_button(settings)
    st.subheader(t("The update rule in numbers"))
    step_table(run)
    return run


def run_lines(labels: list[str], runs: list[Run]) -> None:
    """Several runs' outcomes, one line each (the message starts with the outcome: "converged after …")."""
    st.markdown("\n".join(f"- **{label}**: {run.message}" for label, run in zip(labels, runs)))


def status_box(run: Run, more: str | None = None) -> None:
    """The run's outcome in plain words, coloured by what happened.

    Green: converged to a minimum. Yellow: converged to a saddle or a maximum, escaping
    (L → −∞), oscillating, or out of steps. Blue: converged where the Hessian cannot tell.
    Red: diverged, or L still rising. ``more`` is the advice for a run that merely ran out of
    steps (by default: raise the steps, or try another α).
    """
    trend = run.trend
    # the message starts with the outcome ("converged after 12 steps: ‖∇L(W)‖ ≤ 1e-08"): that lead in bold
    lead, colon, rest = run.message.partition(": ")
    text = f"**{lead}**{colon}{rest}."
    if run.status == CONVERGED:
        show = {"saddle": st.warning, "maximum": st.warning, "degenerate": st.info}.get(run.kind, st.success)
        show(text)
    elif trend == "escaping" or trend == "oscillating":
        st.warning(text)
    elif run.status == DIVERGED or trend == "rising":
        st.error(text)
    else:
        hint = t("Raise the steps, or try another α.") if more is None else more
        st.warning(f"{text} {hint}".strip())


def theory_at(s: Settings) -> StepSizeTheory | None:
    """Step-size theory: exact for a quadratic, else from the Hessian at W⁰ (None if not finite)."""
    return theory_or_none(s.loss, None if s.loss.is_quadratic else s.start)


def stability_gauge(
    s: Settings,
    theory: StepSizeTheory | None,
    at: str = "W⁰",
    set_alpha: Callable[[float], None] = set_lr,
    run: Run | None = None,
) -> None:
    """α·λmax against 2, with α* = 2/(λmin + λmax) one click away where it is exact, and for gd a
    verdict: green below 2, red from 2 on, at the point the Hessian was taken (``at`` names it).
    α* goes through ``set_alpha``, the page's own α.

    For a quadratic the Hessian is the same everywhere and the verdict is exact: stable or
    unstable. Elsewhere it holds near that point only; a run goes where L curves differently, so
    below 2 the gauge promises nothing about the run. When the ``run`` is known the gauge also
    reads α·λmax at every point it visited: green only if below 2 there too, yellow from the step
    where it crossed 2 (the run may still settle), so that it never contradicts the run's status.
    α* off a quadratic is only shown, not offered: the best α for the curvature at one point can
    diverge where the run goes (Rosenbrock from (0, 0)).
    """
    if theory is None:
        st.info(t("The Hessian is not finite at {at}: no step-size estimate here.", at=at))
        return
    here = t("{at} = ({x:.4g}, {y:.4g})", at=at, x=theory.point[0], y=theory.point[1])
    where = (
        t("exact: the Hessian is the same everywhere")
        if theory.exact
        else t("local: the curvature at {at} only", at=here)
    )
    low, high = theory.eigenvalues
    ratio = theory.stability(s.lr)
    ratio = None if ratio is None else Apart(ratio, 2)
    path = None
    if run is not None and not theory.exact and s.optimizer == "gd":
        path = path_curvature(s.loss, run.path, s.lr)
    cols = st.columns([3, 2])
    with cols[0]:
        if ratio is None:
            st.markdown(
                t(
                    "λmax = {high:.4g} ≤ 0 at {at} ({where}): no curvature bound on α here.",
                    high=high,
                    at=at,
                    where=where,
                )
            )
        else:
            st.progress(
                min(ratio / 2, 1.0), text=t("α·λmax = {ratio:.3g}, against 2 — {where}", ratio=ratio, where=where)
            )
            caption = t(
                "Hessian eigenvalues λ = {low:.4g}, {high:.4g}; 2/λmax = {top:.4g}",
                low=low,
                high=high,
                top=theory.lr_max,
            )
            if path is not None:
                caption += "; " + t(
                    "along the path the largest α·λmax is {peak:.3g}, at step {step}",
                    peak=path.peak,
                    step=path.peak_step,
                )
            st.caption(caption)
    with cols[1]:
        if theory.lr_best is not None and theory.exact:
            st.button(
                t("use α* = {best:.4g}", best=theory.lr_best),
                on_click=set_alpha,
                args=(theory.lr_best,),
                help=t("α* = 2/(λmin + λmax): the fastest contraction for gd on this quadratic model"),
                key="use_best_lr",
            )
        elif theory.lr_best is not None:
            st.caption(
                t(
                    "α* = 2/(λmin + λmax) = {best:.4g} at {at} is the best step for the curvature there only; "
                    "where the run goes L curves differently and that α can diverge, so it is not offered as a "
                    "setting.",
                    best=theory.lr_best,
                    at=at,
                )
            )
    if s.optimizer != "gd":
        return
    if ratio is None:
        # No bound at W⁰ (L curves down there in every direction), but the run met curvature later.
        if path is not None and path.crossed is None:
            st.success(
                t(
                    "Along the path α·λmax stays below 2 at every point the run visited (at most {peak:.3g}, at "
                    "step {step}): there the steps of α = {lr:g} do not overshoot.",
                    peak=path.peak,
                    step=path.peak_step,
                    lr=s.lr,
                )
                if path.peak <= 1
                else t(
                    "Along the path α·λmax stays below 2 at every point the run visited (at most {peak:.3g}, at "
                    "step {step}). Where it is above 1 the steps of α = {lr:g} overshoot along the steepest direction "
                    "(1 − αλmax < 0: the path zig-zags), but below 2 they still shrink the error there.",
                    peak=path.peak,
                    step=path.peak_step,
                    lr=s.lr,
                )
            )
        elif path is not None:
            st.warning(
                t(
                    "Along the path α·λmax reached 2 at step {crossed}, and {peak:.3g} at step {step}: where it is "
                    "above 2 the steps of α = {lr:g} overshoot; the run may still settle, or diverge (its status "
                    "above says which).",
                    crossed=path.crossed,
                    peak=path.peak,
                    step=path.peak_step,
                    lr=s.lr,
                )
            )
        return
    values = {
        "lr": s.lr,
        "ratio": ratio,
        "factor": Apart(abs(1 - ratio), 1),
        "signed": Apart(1 - ratio, 0),
        "top": theory.lr_max,
        "at": at,
        "low": low,
    }
    if ratio < 2:
        if path is not None and path.crossed is not None:
            st.warning(
                t(
                    "α·λmax = {ratio:.3g} < 2 at {at}, but not along the path: at step {crossed} the run reached "
                    "where L curves more and α·λmax ≥ 2, up to {peak:.3g} at step {step}. Where it is above 2 the "
                    "steps of α = {lr:g} overshoot; the run may still settle, or diverge (its status above says "
                    "which).",
                    crossed=path.crossed,
                    peak=path.peak,
                    step=path.peak_step,
                    **values,
                )
            )
        elif path is not None:
            # Below 1 no step overshoots (1 − αλ ≥ 0); between 1 and 2 each overshoots and shrinks: a zig-zag.
            st.success(
                t(
                    "α·λmax = {ratio:.3g} < 2 at {at}, and below 2 at every point the run visited (at most "
                    "{peak:.3g}, at step {step}): along this path the steps of α = {lr:g} do not overshoot.",
                    peak=path.peak,
                    step=path.peak_step,
                    **values,
                )
                if path.peak <= 1
                else t(
                    "α·λmax = {ratio:.3g} < 2 at {at}, and below 2 at every point the run visited (at most "
                    "{peak:.3g}, at step {step}). Where it is above 1 the steps of α = {lr:g} overshoot along the "
                    "steepest direction (1 − αλmax < 0: the path zig-zags), but below 2 they still shrink the error "
                    "there.",
                    peak=path.peak,
                    step=path.peak_step,
                    **values,
                )
            )
        elif not theory.exact:
            st.success(
                t(
                    "α·λmax = {ratio:.3g} < 2 at {at}: near there the steps of α = {lr:g} do not overshoot. This is "
                    "local: where the run goes L curves differently, so it does not promise that the run converges.",
                    **values,
                )
                if ratio <= 1
                else t(
                    "α·λmax = {ratio:.3g} < 2 at {at}: near there each step of α = {lr:g} overshoots along the "
                    "steepest direction (1 − αλmax = {signed:.3g} < 0: the path zig-zags) but shrinks the error along "
                    "it by |1 − αλmax| = {factor:.3g} < 1. This is local: where the run goes L curves differently, so "
                    "it does not promise that the run converges.",
                    **values,
                )
            )
        elif low > 0:
            st.success(
                t(
                    "α = {lr:g} is stable: α·λmax = {ratio:.3g} < 2, so each step multiplies the error by at most "
                    "max |1 − αλ| = {rate:.3g} < 1, in every direction; gd converges from any W⁰.",
                    rate=Apart(theory.rate(s.lr), 1),
                    **values,
                )
                + " "
                + (
                    t("No step overshoots: α·λmax ≤ 1, so 1 − αλ ≥ 0 in every direction.")
                    if ratio <= 1
                    else t(
                        "Along the steepest direction 1 − αλmax = {signed:.3g} < 0: each step overshoots the minimum "
                        "there, so the path zig-zags while it shrinks.",
                        **values,
                    )
                )
            )
        else:
            st.success(
                t(
                    "α·λmax = {ratio:.3g} < 2: no step overshoots along the direction where L curves up. Along "
                    "λmin = {low:.4g} ≤ 0 L does not curve up, and no α makes gd converge there (unless W⁰ has "
                    "nothing along it).",
                    **values,
                )
                if ratio <= 1
                else t(
                    "α·λmax = {ratio:.3g} < 2: along the direction where L curves up each step overshoots "
                    "(1 − αλmax = {signed:.3g} < 0: the path zig-zags) but shrinks the error by |1 − αλmax| = "
                    "{factor:.3g} < 1. Along λmin = {low:.4g} ≤ 0 L does not curve up, and no α makes gd converge "
                    "there (unless W⁰ has nothing along it).",
                    **values,
                )
            )
    elif theory.exact and ratio == 2:
        st.error(
            t(
                "α = {lr:g} = 2/λmax exactly: along the steepest direction each step flips the error's sign without "
                "shrinking it, so gd oscillates there for ever.",
                **values,
            )
        )
    elif theory.exact:
        message = t(
            "α = {lr:g} will diverge: α·λmax = {ratio:.3g} > 2, so each step overshoots along the steepest direction "
            "by a factor |1 − αλmax| = {factor:.3g}.",
            **values,
        )
        if low > 0:
            message += " " + t("Any α below 2/λmax = {top:.4g} is stable.", **values)
        st.error(message)
    else:
        # Red unless the run is known not to have diverged: then its status and this box agree.
        show = st.warning if run is not None and run.status != DIVERGED else st.error
        show(
            t(
                "α = {lr:g} is likely to diverge near {at}: α·λmax = {ratio:.3g} > 2, so steps there overshoot along "
                "the steepest direction and grow the error by a factor |1 − αλmax| = {factor:.3g}. Below "
                "2/λmax = {top:.4g} they would shrink it there; elsewhere the curvature differs.",
                **values,
            )
        )


def show_table(rows: Sequence[Mapping[str, Any]] | Mapping[str, Sequence[Any]], **kw: Any) -> None:
    """A table (rows, or columns) with its numbers written as ``i18n.number`` does: — for a missing
    value, 4e-17 rather than 0.00000000000000004 (texts are shown as they are)."""
    if isinstance(rows, Mapping):
        cells: Any = {k: [number(v) for v in np.asarray(column).tolist()] for k, column in rows.items()}
    else:
        cells = [{k: v if isinstance(v, str) else number(v) for k, v in row.items()} for row in rows]
    st.dataframe(cells, hide_index=True, **kw)


def step_table(run: Run) -> None:
    """The slide's update rule in numbers, with the whole table as CSV."""
    st.download_button(
        t("download the steps (CSV)"),
        data=run.csv,
        file_name=f"gdviz-{run.optimizer}-lr{run.lr:g}.csv",
        mime="text/csv",
        key="download_steps",
        on_click="ignore",
    )
    if st.toggle(t("show the step table"), key="show_table", help=t("Wᵗ⁺¹ = Wᵗ − α∇L(Wᵗ), row by row")):
        show_table(run.table(), height=320)
