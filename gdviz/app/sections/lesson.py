"""The lesson (pages/lesson.py): the step chooser, previous/next, and each step's live figure."""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Any

import streamlit as st

from ... import figures
from ...descent import descend
from ...export import about_runs
from ...i18n import t, tn
from ...lesson import STEPS as LESSON_STEPS
from ...losses import get_loss
from ...poll_truth import start_only
from ...runs import MAX_STEPS, Run
from ..cache import points_in_view
from ..classpoll import hidden_note, hide_run, poll_button, without_answer
from ..controls import Settings
from ..fields import COORD_LIMIT
from ..panels import stability_gauge, status_box, theory_at
from ..shell import presenting
from ..viewer import Live, viewer

ROOT = Path(__file__).resolve().parents[3]


def _set_lesson_lr(lr: float) -> None:
    st.session_state["lesson_lr"] = float(f"{lr:.6g}")


def _lesson_preset(step: Any) -> None:
    st.session_state["lesson_x0"], st.session_state["lesson_y0"] = step.start
    st.session_state["lesson_lr"] = step.lr
    st.session_state["_lesson_at"] = st.session_state.get("step", 1)


def _go_to_step(number: int) -> None:
    st.session_state["step"] = number


def lesson_step() -> tuple[int, Any]:
    """Which step of the lesson is open (``step=`` in the link), with the step chooser.

    A step opens with its own W⁰ and α (the class may change them; the next step starts afresh).
    """
    number = st.radio(
        t("step"),
        options=list(range(1, len(LESSON_STEPS) + 1)),
        format_func=str,
        horizontal=True,
        key="step",
        bind="query-params",
        label_visibility="collapsed",
    )
    step = LESSON_STEPS[number - 1]
    # also when Streamlit has dropped the step's values (another page ran in between: Back from
    # there), rather than draw W⁰ at the inputs' minimum, (-10⁶, -10⁶)
    kept = all(k in st.session_state for k in ("lesson_x0", "lesson_y0", "lesson_lr"))
    if st.session_state.get("_lesson_at") != number or not kept:
        _lesson_preset(step)
    return number, step


def lesson_buttons(number: int, compact: bool = False) -> None:
    """Previous / next: at the foot of a step, or side by side (``compact``: presenter mode's top row)."""
    last = len(LESSON_STEPS)
    back, ahead = st.columns(2) if compact else st.columns([1, 2, 1])[::2]
    with back:
        st.button(
            t("← previous"),
            key="lesson_back",
            on_click=_go_to_step,
            args=(number - 1,),
            disabled=number == 1,
            width="stretch",
        )
    with ahead:
        st.button(
            t("next →"),
            key="lesson_next",
            on_click=_go_to_step,
            args=(number + 1,),
            disabled=number == last,
            type="primary",
            width="stretch",
        )


PAGE_SCRIPTS = {"network": ("network.py", "Neural network", "🧠")}
"""The pages a step may lead to, by the name the link gives them: their script, title and icon
(as app.py registers them)."""


def step_link(step: Any) -> None:
    """A link to the page the step leads to, with the step's settings for it; the language and
    presenter mode go along (they live in the session)."""
    script, title, icon = PAGE_SCRIPTS[step.link]
    # a Page like app.py's, not a path: a path must be one st.navigation has listed, and the page's
    # script also runs alone (the tests)
    page = st.Page(ROOT / "pages" / script, title=t(title), icon=icon, url_path=step.link)
    st.page_link(
        page, label=t("Open the page: {title} →", title=t(title)), icon=icon, query_params=dict(step.link_query)
    )


def lesson_figure(step: Any, inputs: Any = None, status: Any = None) -> Run:
    """The step's live figure: W⁰ (typed or clicked) and, where the step is about it, α.

    ``inputs`` and ``status``: containers for W⁰ and α and for the run's outcome (presenter
    mode puts them elsewhere on its one screen); by default both go above the figure. The
    stability gauge follows the figure.
    """
    loss = get_loss(step.loss)
    with inputs or contextlib.nullcontext():
        x0, y0, lr = _lesson_inputs(step)
    settings = Settings(loss, (float(x0), float(y0)), lr, step.steps, "gd")
    run = descend(loss, settings.start, lr=lr, steps=step.steps)
    # presenter mode: "hide the run (ask first)" leaves the setup only, W⁰ and α, until the poll
    hidden = bool(step.steps) and hide_run(settings)
    if hidden:
        run = start_only(run)  # the page's table and readout show W⁰ only too
        with status or contextlib.nullcontext():
            hidden_note()
    elif step.steps:
        # The lesson has no steps control: a run that runs out of them needs a larger α instead
        # (where the step offers α).
        more = tn(
            "The figure runs at most {n} step; this α needs more, so try a larger one.",
            "The figure runs at most {n} steps; this α needs more, so try a larger one.",
            step.steps,
        )
        with status or contextlib.nullcontext():
            if step.lr_control or run.status != MAX_STEPS or run.trend:
                status_box(run, more=more)
            else:
                # a step without α stops after its steps on purpose (step 4 shows the first few):
                # no warning about a choice the lesson made, only what the figure shows
                st.caption(
                    tn(
                        "The figure shows the first step of the run.",
                        "The figure shows the first {n} steps of the run.",
                        step.steps,
                    )
                )
    view = figures.View(loss.bounds, arrows=step.arrows)
    present = presenting()
    surface = figures.surface_figure(loss, run, view)
    if present:
        # the 3-D view is small beside the words: the camera steps back so that its axis titles fit
        eye = surface.layout.scene.camera.eye
        surface.layout.scene.camera.eye = {k: 1.2 * eye[k] for k in "xyz"}
    curves = figures.curves_figure(run) if step.steps and not hidden else None
    if curves is not None and present:
        # 165 px of curves at the projector's type size: room for three labels on a log axis
        curves.update_yaxes(nticks=3)
    contour = figures.contour_figure(loss, run, view, points_in_view(loss, view.bounds))
    if hidden:
        surface, contour = without_answer(surface), without_answer(contour)
    viewer(
        surface,
        contour,
        curves,
        key="lesson_viewer",
        run_id=f"{'hidden|' if hidden else ''}{step.title}|{x0}|{y0}|{lr}",
        about=[t(step.title), *about_runs(loss, [run])],
        bounds=view.bounds,
        start_keys=("lesson_x0", "lesson_y0"),
        # presenter mode: the figure, its playback and curves share a 720-pixel screen with the words
        height=(215 if step.steps else 380) if present else 440,
        curves_height=165 if present else 260,
        live=None if hidden else Live(settings, view, _set_lesson_lr if step.lr_control else None),
        still=hidden,
        download=not hidden,
    )
    if step.lr_control and not hidden:
        stability_gauge(settings, theory_at(settings), set_alpha=_set_lesson_lr, run=run)
    if step.steps:
        poll_button(settings)
    return run


def _lesson_inputs(step: Any) -> tuple[float, float, float]:
    """W⁰ and, where the step offers it, α, side by side."""
    cols = st.columns(3 if step.lr_control else 2)
    with cols[0]:
        x0 = st.number_input(t("w1 of W⁰"), -COORD_LIMIT, COORD_LIMIT, key="lesson_x0", step=0.1, format="%.4g")
    with cols[1]:
        y0 = st.number_input(t("w2 of W⁰"), -COORD_LIMIT, COORD_LIMIT, key="lesson_y0", step=0.1, format="%.4g")
    if step.lr_control:
        with cols[2]:
            st.number_input(t("learning rate α"), 1e-5, 10.0, key="lesson_lr", step=0.01, format="%.4g")
    return float(x0), float(y0), float(st.session_state["lesson_lr"])


def gradient_readout(run: Run) -> None:
    """L, ∂L/∂w1, ∂L/∂w2 and ‖∇L‖ at W⁰, in numbers."""
    gx, gy = (float(v) for v in run.gradients[0])
    cols = st.columns(4)
    for col, (label, value) in zip(
        cols, (("L(W⁰)", float(run.values[0])), ("∂L/∂w1", gx), ("∂L/∂w2", gy), ("‖∇L(W⁰)‖", math.hypot(gx, gy)))
    ):
        col.metric(label, f"{value:.4g}")
