"""The learning-rate lab: the same loss and W⁰, several α side by side, and an α sweep."""

import streamlit as st

from gdviz import descend, figures, ui

ui.show_link_warnings()
with st.sidebar:
    loss = ui.loss_control()
    start = ui.start_control()
    theory = ui.theory_or_none(loss)
    lrs = ui.lr_list_control(theory)
    steps = ui.steps_control()
    tol = ui.tol_control()
    log_height = ui.log_control()

st.title("The learning rate α")
st.markdown(
    "One loss, one start W⁰, three learning rates. Too small and $W^{t+1} = W^t - \\alpha\\nabla L(W^t)$ "
    "crawls; about right and it goes straight in; past $2/\\lambda_{max}$ every step overshoots the valley "
    "and the run diverges. Playback moves the three runs together."
)
ui.link_warning_box()
ui.formula(loss)
labels = [f"α = {lr:g}" for lr in lrs]
runs = [descend(loss, start, lr=lr, steps=steps, tol=tol) for lr in lrs]
for label, run in zip(labels, runs):
    st.markdown(f"- **{label}**: {run.status.replace('_', ' ')} — {run.message}")
view = figures.View(loss.bounds, log_height=log_height)
ui.viewer(
    figures.surface_figure(loss, runs, view, labels),
    figures.contour_figure(loss, runs, view, ui.points_in_view(loss, view.bounds), labels),
    figures.curves_figure(runs, labels),
    key="lab_viewer",
    run_id=f"{ui.loss_key(loss)}|{start}|{lrs}|{steps}|{tol}|{log_height}",
    bounds=view.bounds,
)
st.subheader("What the Hessian predicts")
ui.theory_panel(theory, lrs)
st.subheader("Sweeping α")
ui.lr_sweep(loss, start, theory, steps, tol)
