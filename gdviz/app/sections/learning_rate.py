"""The learning-rate lab (pages/learning_rate.py): three α side by side, the theory, an α sweep."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import streamlit as st

from ... import charts
from ...analysis import StepSizeTheory, lr_presets
from ...i18n import t, tn
from ...losses import Loss
from ...stability import theory_or_none
from ..cache import loss_from_key, loss_key, sweep
from ..controls import number_field
from ..fields import FIELDS, LR_MAX, LR_MIN
from ..panels import show_table
from ..viewer import chart_config

LAB_KEYS = ("lr1", "lr2", "lr3")


def _sweep_range(theory: StepSizeTheory | None) -> tuple[float, float]:
    """The α the sweep covers: four decades up to 1.6 × 2/λmax (the whole α range without a bound)."""
    top = theory.lr_max * 1.6 if theory is not None and theory.lr_max else LR_MAX
    return max(top / 1e4, LR_MIN), min(top, LR_MAX)


def lab_presets(
    loss: Loss, start: tuple[float, float], theory: StepSizeTheory | None, steps: int, tol: float
) -> tuple[float, float, float] | None:
    """ "Too small / about right / too large" (``analysis.lr_presets``) from a gd sweep of ``loss``
    from ``start``: from the sweep's lowest α up to the top of the α range, 40 a decade, at 3
    significant digits, so a preset is exactly an α whose run was checked. None when no α fits a part.
    """
    lo = _sweep_range(theory)[0]
    lrs, runs = sweep(loss_key(loss), start, lo, LR_MAX, steps, tol, round(40 * math.log10(LR_MAX / lo)))
    return lr_presets(loss, lrs, runs, steps)


def _set_lab(key: tuple[Any, ...], start: tuple[float, float]) -> None:
    """The preset button's callback: at click time the sidebar's steps and tolerance are known."""
    loss = loss_from_key(key)
    values = lab_presets(loss, start, theory_or_none(loss), int(st.session_state["steps"]), st.session_state["tol"])
    st.session_state["_lab_no_preset"] = values is None
    for name, value in zip(LAB_KEYS, values or ()):
        st.session_state[name] = value


def lr_list_control(loss: Loss, start: tuple[float, float]) -> list[float]:
    """Three learning rates side by side, and the preset that makes the point."""
    st.markdown(t("**learning rates α**"))
    cols = st.columns(3)
    lrs = []
    for col, key in zip(cols, LAB_KEYS):
        with col:
            lrs.append(float(number_field(FIELDS[key], fmt="%.4g")))
    st.button(
        t("too small / about right / too large"),
        key="lab_preset",
        on_click=_set_lab,
        args=(loss_key(loss), start),
        help=t(
            "Three α from gd runs of this loss from W⁰: the one that converges to a minimum in the fewest "
            "steps, one at most a tenth of it that is slow, and the smallest larger one that diverges."
        ),
        width="stretch",
    )
    if st.session_state.pop("_lab_no_preset", False):
        st.warning(
            t(
                "No α from this W⁰ both converges to a minimum within the steps and has a slow and a "
                "diverging α beside it: raise the steps (under advanced), or move W⁰."
            )
        )
    return lrs


def theory_panel(theory: StepSizeTheory | None, lrs: list[float]) -> None:
    """For gd near a minimum: eigenvalues, condition number, contraction per step for each α."""
    if theory is None:
        st.info(t("The Hessian is not finite at the minimum: no step-size theory here."))
        return
    low, high = theory.eigenvalues
    where = (
        t("exact: the Hessian is the same everywhere")
        if theory.exact
        else t("a local estimate from the Hessian at ({x:.3g}, {y:.3g})", x=theory.point[0], y=theory.point[1])
    )
    lines = [t("Hessian eigenvalues λmin = {low:.4g}, λmax = {high:.4g} ({where}).", low=low, high=high, where=where)]
    if theory.condition is not None and theory.lr_best is not None and theory.best_rate is not None:
        lines.append(
            t(
                "Condition number κ = λmax/λmin = {kappa:.4g}; gd is stable for α < 2/λmax = {top:.4g}, fastest "
                "at α* = 2/(λmin + λmax) = {best:.4g}, where the error shrinks by (κ − 1)/(κ + 1) = {rate:.4g} "
                "per step.",
                kappa=theory.condition,
                top=theory.lr_max,
                best=theory.lr_best,
                rate=theory.best_rate,
            )
        )
    st.markdown("  \n".join(lines))
    rows = []
    for lr in lrs:
        rate = theory.rate(lr)
        rows.append(
            {
                "α": lr,
                "α·λmax": lr * high,
                t("contraction per step max|1 − αλ|"): rate,
                t("verdict"): theory.verdict(lr),
                t("steps to shrink the error 10⁶×"): (
                    math.ceil(math.log(1e-6) / math.log(rate)) if 0 < rate < 1 else None
                ),
            }
        )
    show_table(rows)


def lr_sweep(loss: Loss, start: tuple[float, float], theory: StepSizeTheory | None, steps: int, tol: float) -> None:
    """Steps to converge and final loss for 160 α at once, with the theory's marks."""
    lo, hi = _sweep_range(theory)
    lrs, runs = sweep(loss_key(loss), start, lo, hi, steps, tol)
    st.plotly_chart(charts.sweep_figure(lrs, runs, theory), key="sweep", config=chart_config())
    counts = {k: int(np.sum(runs.status == k)) for k in ("converged", "max_steps", "diverged")}
    st.caption(
        tn(
            "{count} values of α from {lo:.2g} to {hi:.2g}, each a full gd run of at most {n} step from W⁰, "
            "computed together: {converged} converged, {max_steps} ran out of steps, {diverged} diverged (shaded).",
            "{count} values of α from {lo:.2g} to {hi:.2g}, each a full gd run of at most {n} steps from W⁰, "
            "computed together: {converged} converged, {max_steps} ran out of steps, {diverged} diverged (shaded).",
            steps,
            count=len(lrs),
            lo=lo,
            hi=hi,
            **counts,
        )
    )
