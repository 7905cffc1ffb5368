"""The learning-rate lab: the same loss and W⁰, several α side by side, and an α sweep."""

import streamlit as st

from gdviz import descend, export, figures, stability
from gdviz.app import cache, controls, panels, shell, state, viewer
from gdviz.app.sections import learning_rate
from gdviz.i18n import t

state.show_link_warnings()
with st.sidebar:
    loss = controls.loss_control()
    start = controls.start_control()
    theory = stability.theory_or_none(loss)
    lrs = learning_rate.lr_list_control(loss, start)
    with shell.advanced():
        steps = controls.steps_control()
        tol = controls.tol_control()
        log_height = controls.log_control()

st.title(t("The learning rate α"))
shell.intro(
    t(
        "One loss, one start W⁰, three learning rates, each run stepping $W^{t+1} = W^t - \\alpha\\nabla L(W^t)$. "
        "Too small and the run crawls; about right and it reaches the minimum in the fewest steps, even if it "
        "zig-zags across a narrow valley; too large and every step overshoots more than the last and the run "
        "diverges (on a quadratic: past $2/\\lambda_{max}$). Playback moves the three runs together."
    )
)
state.link_warning_box()
panels.formula(loss)
labels = [f"α = {lr:g}" for lr in lrs]
runs = [descend(loss, start, lr=lr, steps=steps, tol=tol) for lr in lrs]
panels.run_lines(labels, runs)
view = figures.View(loss.bounds, log_height=log_height)
viewer.viewer(
    figures.surface_figure(loss, runs, view, labels),
    figures.contour_figure(loss, runs, view, cache.points_in_view(loss, view.bounds), labels),
    figures.curves_figure(runs, labels),
    key="lab_viewer",
    about=export.about_runs(loss, runs, labels),
    run_id=f"{cache.loss_key(loss)}|{start}|{lrs}|{steps}|{tol}|{log_height}",
    bounds=view.bounds,
)
st.subheader(t("What the Hessian predicts"))
learning_rate.theory_panel(theory, lrs)
st.subheader(t("Sweeping α"))
learning_rate.lr_sweep(loss, start, theory, steps, tol)
