"""The empirical risk: the loss is an average over data, and descending it fits a model."""

import streamlit as st

from gdviz import descend, figures, ui
from gdviz.data import minibatch_sgd

ui.show_link_warnings()
with st.sidebar:
    model, data = ui.data_control()
    scaled = st.toggle(
        "standardize x",
        key="scale",
        bind="query-params",
        help="x ↦ (x − mean)/std",
        on_change=ui._risk_preset,
        value=ui.FIELDS["scale"].default,
    )
    start = ui.start_control(("rx0", "ry0"))
    lr = ui.lr_control()
    steps = ui.steps_control()
    st.markdown("**mini-batch SGD**")
    batch = int(ui.number_field(ui.FIELDS["batch"], step=1))
    epochs = int(ui.number_field(ui.FIELDS["epochs"], step=1))
    seed = int(ui.number_field(ui.FIELDS["seed"], help="the shuffling's seed: the same seed, the same path"))
    tol = ui.tol_control()

st.title("Empirical risk: descending fits the model")
st.markdown(
    "The lesson's loss is an average over the data, $L(W) = \\frac{1}{n}\\sum_i \\ell(W; x_i, y_i)$, and so is "
    "its gradient: `weights += - step_size * evaluate_gradient(loss_fun, data, weights)`. Full-batch gradient "
    "descent uses every point at each step; mini-batch SGD a shuffled handful, so its path jitters."
)
ui.link_warning_box()
if data is None:
    st.stop()
st.caption(f"**{data.name}** — {len(data)} points. {data.source} " + " ".join(data.notes))
loss = ui.risk_of(model, data.name, tuple(data.x), tuple(data.y), scaled)
ui.formula(loss)
try:
    full = descend(loss, start, lr=lr, steps=steps, tol=tol)
    sgd = minibatch_sgd(loss, start, lr, min(batch, len(data)), epochs, seed, tol)
except ValueError as err:
    st.error(f"This run cannot start: {err}.")
    st.stop()
runs, labels = [full, sgd], ["full batch", f"mini-batch of {min(batch, len(data))}"]
for label, run in zip(labels, runs):
    st.markdown(f"- **{label}**: {run.status.replace('_', ' ')} — {run.message}")
shown = data.standardized() if scaled else data
view = figures.View(loss.bounds, equal_axes=False, log_height=model == "linear" and not scaled)
best = loss.minima[0] if loss.minima else None
if best is not None:
    fit = "least-squares solution (normal equations)" if model == "linear" else "maximum-likelihood fit"
    st.caption(f"★ the {fit}: w1 = {best[0]:.6g}, w2 = {best[1]:.6g}, where ∇L = 0.")
ui.viewer(
    figures.surface_figure(loss, runs, view, labels),
    figures.contour_figure(loss, runs, view, ui.points_in_view(loss, view.bounds), labels),
    figures.fit_figure(shown.x, shown.y, model, runs, labels),
    key="risk_viewer",
    run_id=f"{model}|{data.name}|{scaled}|{start}|{lr}|{steps}|{batch}|{epochs}|{seed}|{tol}",
    bounds=view.bounds,
    start_keys=("rx0", "ry0"),
)
ui.stability_gauge(ui.Settings(loss, start, lr, steps, "gd", {}, tol), ui.theory_or_none(loss))
st.subheader("Feature scaling")
st.markdown(
    "With x as given, the slope and the intercept have very different curvatures: the risk is a long narrow "
    "valley (a large condition number κ) and gd must take a small α. Standardizing x makes it a round bowl. "
    "Try it on **house_prices**, where x runs from 40 to 200."
)
ui.scaling_note(model, data, start, steps, tol)
