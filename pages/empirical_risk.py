"""The empirical risk: the loss is an average over data, and descending it fits a model."""

import streamlit as st

from gdviz import charts, descend, export, figures, stability
from gdviz.app import cache, controls, fields, panels, shell, state, viewer
from gdviz.app.sections import empirical_risk
from gdviz.data import minibatch_sgd
from gdviz.i18n import code, t

state.show_link_warnings()
with st.sidebar:
    model, data = empirical_risk.data_control()
    scaling = empirical_risk.scaling_control()
    start = controls.start_control(("rx0", "ry0"))
    lr = controls.lr_control()
    with shell.advanced():
        steps = controls.steps_control(default=fields.RISK_STEPS)
        st.markdown(t("**mini-batch SGD**"))
        batch = int(controls.number_field(fields.FIELDS["batch"], step=1))
        epochs = int(controls.number_field(fields.FIELDS["epochs"], step=1))
        seed = int(
            controls.number_field(fields.FIELDS["seed"], help=t("the shuffling's seed: the same seed, the same path"))
        )
        tol = controls.tol_control()

st.title(t("Empirical risk: descending fits the model"))
shell.intro(
    t(
        "The lesson's loss is an average over the data, $L(W) = \\frac{1}{n}\\sum_i \\ell(W; x_i, y_i)$, and so "
        "is its gradient: `weights += - step_size * evaluate_gradient(loss_fun, data, weights)`. Full-batch "
        "gradient descent uses every point at each step; mini-batch SGD a shuffled handful, so its path jitters."
    )
)
state.link_warning_box()
if data is None:
    st.stop()
st.caption(t("**{name}** — {n} points.", name=code(data.name), n=len(data)) + f" {data.source}")
loss = cache.risk_of(model, data.name, tuple(data.x), tuple(data.y), *scaling)
panels.formula(loss)
try:
    full = descend(loss, start, lr=lr, steps=steps, tol=tol)
    sgd = minibatch_sgd(loss, start, lr, min(batch, len(data)), epochs, seed, tol)
except ValueError as err:
    st.error(t("This run cannot start: {why}.", why=err))
    st.stop()
runs = [full, sgd]
labels = [t("full batch"), t("mini-batch of {n}", n=min(batch, len(data)))]
panels.run_lines(labels, runs)
empirical_risk.sgd_note(sgd)
shown = data.rescaled(*scaling)
view = figures.View(loss.bounds, equal_axes=False, log_height=model == "linear" and scaling != (True, True))
best = loss.minima[0] if loss.minima else None
if best is not None:
    fit = t("the least-squares solution (normal equations)") if model == "linear" else t("the maximum-likelihood fit")
    st.caption(t("★ {fit}: w1 = {w1:.6g}, w2 = {w2:.6g}, where ∇L = 0.", fit=fit, w1=best[0], w2=best[1]))
viewer.viewer(
    figures.surface_figure(loss, runs, view, labels),
    figures.contour_figure(loss, runs, view, cache.points_in_view(loss, view.bounds), labels),
    charts.fit_figure(shown.x, shown.y, model, runs, labels),
    key="risk_viewer",
    about=export.about_runs(loss, runs, labels),
    run_id=f"{model}|{data.name}|{scaling}|{start}|{lr}|{steps}|{batch}|{epochs}|{seed}|{tol}",
    bounds=view.bounds,
    start_keys=("rx0", "ry0"),
)
# The Hessian at the fitted minimum (W⁰ when there is none): exact for the linear model's
# quadratic risk, local for the logistic one.
panels.stability_gauge(
    controls.Settings(loss, start, lr, steps, "gd", {}, tol),
    stability.theory_or_none(loss, best or start),
    at=t("★ (the fitted minimum)") if best is not None else "W⁰",
)
st.subheader(t("Feature scaling"))
shell.intro(
    t(
        "How fast gd fits depends on the risk's curvatures, the eigenvalues λmin ≤ λmax of its Hessian H, and on "
        "their ratio, the condition number κ = λmax/λmin: gd's best step α* = 2/(λmin + λmax) must suit both. "
        "For the linear model $H = 2\\begin{pmatrix} \\overline{x^2} & \\bar x \\\\ \\bar x & 1 \\end{pmatrix}$ "
        "(a bar is a mean over the data). **Centering** x (x − x̄) makes x̄ = 0: the off-diagonal terms vanish, "
        "so the slope w1 and the intercept w2 no longer interact and the valley's axes line up with w1 and w2; "
        "κ is then s² (or 1/s²), s the standard deviation of x. **Scaling** x (x / s) equalises the "
        "curvatures: the one along w1, $2\\overline{x^2}$, becomes 2(1 + x̄²/s²), and exactly 2, the curvature "
        "along w2, once x is centered. With both, H = 2I and κ = 1: a round bowl that gd at α* crosses in one "
        "step. Try each toggle alone on **House prices**, where x runs from 40 to 200. For the logistic model "
        "each point's curvature is weighted by p(1 − p) at the fit: κ falls but stays above 1 even with both "
        "(compare the rows below)."
    )
)
empirical_risk.scaling_note(model, data, start, steps, tol, scaling)
