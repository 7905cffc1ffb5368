"""The learning-rate lab: the same loss and W⁰, several α side by side, and an α sweep."""

import streamlit as st

from gdviz import descend, figures, ui
from gdviz.i18n import t

ui.show_link_warnings()
with st.sidebar:
    loss = ui.loss_control()
    start = ui.start_control()
    theory = ui.theory_or_none(loss)
    lrs = ui.lr_list_control(loss, start)
    with ui.advanced():
        steps = ui.steps_control()
        tol = ui.tol_control()
        log_height = ui.log_control()

st.title(t("The learning rate α"))
ui.intro(
    t(
        "One loss, one start W⁰, three learning rates, each run stepping $W^{t+1} = W^t - \\alpha\\nabla L(W^t)$. "
        "Too small and the run crawls; about right and it reaches the minimum in the fewest steps, even if it "
        "zig-zags across a narrow valley; too large and every step overshoots more than the last and the run "
        "diverges (on a quadratic: past $2/\\lambda_{max}$). Playback moves the three runs together."
    )
)
ui.link_warning_box()
ui.formula(loss)
labels = [f"α = {lr:g}" for lr in lrs]
runs = [descend(loss, start, lr=lr, steps=steps, tol=tol) for lr in lrs]
ui.run_lines(labels, runs)
view = figures.View(loss.bounds, log_height=log_height)
ui.viewer(
    figures.surface_figure(loss, runs, view, labels),
    figures.contour_figure(loss, runs, view, ui.points_in_view(loss, view.bounds), labels),
    figures.curves_figure(runs, labels),
    key="lab_viewer",
    about=ui.about_runs(loss, runs, labels),
    run_id=f"{ui.loss_key(loss)}|{start}|{lrs}|{steps}|{tol}|{log_height}",
    bounds=view.bounds,
)
st.subheader(t("What the Hessian predicts"))
ui.theory_panel(theory, lrs)
st.subheader(t("Sweeping α"))
ui.lr_sweep(loss, start, theory, steps, tol)
