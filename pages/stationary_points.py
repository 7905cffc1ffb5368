"""Stationary points: where ∇L = 0 — "a local optimum, or at least a saddle point"."""

import streamlit as st

from gdviz import charts, figures
from gdviz.app import cache, controls, fields, panels, shell, state, viewer
from gdviz.app.sections import stationary_points
from gdviz.i18n import t

state.show_link_warnings()
with st.sidebar:
    loss = controls.loss_control(default=stationary_points.SADDLE_DEFAULT_LOSS)
    lr = controls.number_field(
        fields.FIELDS["sp_lr"],
        fmt="%.4g",
        placeholder=t("from the curvature"),
        help=t("Empty: half of 1/max |λ| near the saddle, so that no step overshoots."),
    )
    with shell.advanced():
        log_height = controls.log_control()

st.title(t("Where the gradient is zero"))
shell.intro(
    t(
        "At a stationary point every partial derivative vanishes, ∇L(W) = 0. The Hessian's eigenvalues say what "
        "kind of point it is: a minimum (both > 0), a maximum (both < 0) or a saddle (one of each). The arrows "
        "at each point are the Hessian's eigenvectors: blue where L curves up, red where it curves down."
    )
)
state.link_warning_box()
panels.formula(loss)
view = figures.View(loss.bounds, log_height=log_height)
points = cache.points_in_view(loss, view.bounds)
if points:
    stationary_points.points_table(points)
else:
    st.info(t("No stationary point in this view."))
model = stationary_points.model_control(points)
saddle = stationary_points.saddle_control(points)
runs, story = stationary_points.saddle_demonstration(loss, saddle, lr, view)
labels = [t(label) for label in stationary_points.SADDLE_LABELS]
contour = charts.add_eigenvectors(figures.contour_figure(loss, runs or None, view, points, labels), loss, points, view)
if model is not None:
    charts.add_quadratic_model(contour, loss, model, view)
viewer.viewer(
    figures.surface_figure(loss, runs or None, view, labels),
    contour,
    figures.curves_figure(runs, labels) if runs else None,
    key="points_viewer",
    run_id=f"{cache.loss_key(loss)}|{lr}|{saddle}|{log_height}",
    bounds=view.bounds,
    clickable=False,
)
st.subheader(t("Gradient descent at a saddle"))
st.markdown(story)
