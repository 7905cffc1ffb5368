"""The Explorer: the slides' picture, live. W^{t+1} = W^t − α∇L(W^t) on a surface you choose."""

import streamlit as st

from gdviz import figures, ui

ui.show_link_warnings()
settings = ui.sidebar()

st.title("Gradient descent, step by step")
st.markdown(
    "The loss surface in **blue**, its gradients below as **red arrows**, the gradient zero at the minimum. "
    "From W⁰ each step goes against the gradient: $W^{t+1} = W^t - \\alpha\\,\\nabla L(W^t)$."
)
ui.link_warning_box()
if ui.outside_view(settings.start, settings.loss.bounds):
    st.warning(
        f"W⁰ = ({settings.start[0]:g}, {settings.start[1]:g}) lies outside the view of this loss; "
        "the run goes ahead, but the figures show only what falls inside.",
    )

try:
    run = ui.run_descent(settings)
except ValueError as err:
    st.error(f"This run cannot start: {err}.")
    st.stop()

ui.status_box(run)
view = figures.View(settings.loss.bounds, log_height=settings.log_height)
points = ui.points_in_view(settings.loss, view.bounds)
ui.viewer(
    figures.surface_figure(settings.loss, run, view),
    figures.contour_figure(settings.loss, run, view, points),
    figures.curves_figure(run),
    key="explorer_viewer",
    run_id=f"{ui.loss_key(settings.loss)}|{settings}",
    bounds=view.bounds,
)
ui.stability_gauge(settings, ui.theory_at(settings))

st.subheader("The update rule in numbers")
ui.step_table(run)
