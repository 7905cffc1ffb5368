"""Stationary points: where ∇L = 0 — "a local optimum, or at least a saddle point"."""

import streamlit as st

from gdviz import figures, ui
from gdviz.i18n import t

ui.show_link_warnings()
with st.sidebar:
    loss = ui.loss_control(default=ui.SADDLE_DEFAULT_LOSS)
    lr = ui.number_field(
        ui.FIELDS["sp_lr"],
        fmt="%.4g",
        placeholder=t("from the curvature"),
        help=t("Empty: half of 1/max |λ| near the saddle, so that no step overshoots."),
    )
    with ui.advanced():
        log_height = ui.log_control()

st.title(t("Where the gradient is zero"))
ui.intro(
    t(
        "At a stationary point every partial derivative vanishes, ∇L(W) = 0. The Hessian's eigenvalues say what "
        "kind of point it is: a minimum (both > 0), a maximum (both < 0) or a saddle (one of each). The arrows "
        "at each point are the Hessian's eigenvectors: blue where L curves up, red where it curves down."
    )
)
ui.link_warning_box()
ui.formula(loss)
view = figures.View(loss.bounds, log_height=log_height)
points = ui.points_in_view(loss, view.bounds)
if points:
    ui.points_table(points)
else:
    st.info(t("No stationary point in this view."))
model = ui.model_control(points)
saddle = ui.saddle_control(points)
runs, story = ui.saddle_demonstration(loss, saddle, lr, view)
labels = [t(label) for label in ui.SADDLE_LABELS]
contour = figures.add_eigenvectors(figures.contour_figure(loss, runs or None, view, points, labels), loss, points, view)
if model is not None:
    figures.add_quadratic_model(contour, loss, model, view)
ui.viewer(
    figures.surface_figure(loss, runs or None, view, labels),
    contour,
    figures.curves_figure(runs, labels) if runs else None,
    key="points_viewer",
    run_id=f"{ui.loss_key(loss)}|{lr}|{saddle}|{log_height}",
    bounds=view.bounds,
    clickable=False,
)
st.subheader(t("Gradient descent at a saddle"))
st.markdown(story)
