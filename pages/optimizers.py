"""The optimizer race: several optimizers from the same W⁰, on the same surface, in step."""

import streamlit as st

from gdviz import descent, export, figures
from gdviz.app import cache, controls, fields, panels, shell, state, viewer
from gdviz.app.sections import race
from gdviz.i18n import t
from gdviz.runs import EVALUATION_COST

state.show_link_warnings()
with st.sidebar:
    loss = controls.loss_control()
    start = controls.start_control()
    entrants = race.race_controls()
    with shell.advanced():
        steps = controls.steps_control(default=race.RACE_STEPS)
        same_budget = st.toggle(
            t("same budget"),
            key="budget",
            bind="query-params",
            help=t(
                "Give each optimizer the same budget of evaluations, with steps as its budget: each ∇L and each "
                "L the optimizer needs (a line search's trials) count 1, a Hessian (Newton) counts 2."
            ),
            value=fields.FIELDS["budget"].default,
        )
        noise, seed = controls.noise_control()
        tol = controls.tol_control()
        log_height = controls.log_control()

st.title(t("The optimizer race"))
shell.intro(
    t(
        "The same loss, the same start W⁰: plain gradient descent against momentum, Adam and the others, "
        "each with its own α and hyperparameters (torch.optim's rules). Playback moves them together; the "
        "table says who got where, and at what cost."
    )
)
state.link_warning_box()
panels.formula(loss)
if not entrants:
    st.info(t("Pick at least one optimizer in the sidebar."))
    st.stop()
runs = descent.race(loss, start, entrants, steps, tol, same_budget, noise, seed)
labels = [e.optimizer for e in entrants]
view = figures.View(loss.bounds, log_height=log_height)
points = cache.points_in_view(loss, view.bounds)
viewer.viewer(
    figures.surface_figure(loss, runs, view, labels),
    figures.contour_figure(loss, runs, view, points, labels),
    figures.curves_figure(runs, labels),
    key="race_viewer",
    about=export.about_runs(loss, runs, labels),
    run_id=f"{cache.loss_key(loss)}|{start}|{entrants}|{steps}|{tol}|{same_budget}|{noise}|{seed}|{log_height}",
    bounds=view.bounds,
)
race.race_table(loss, entrants, runs, points)
if same_budget:
    st.caption(
        t(
            "Same budget: each run stops before its evaluations cost more than {n}. Each ∇L counts {g}, each L "
            "the optimizer needs counts {l} (the line search's trial steps), each Hessian counts {h} "
            "(in two dimensions about two gradients). The table counts what each run made.",
            n=steps,
            g=EVALUATION_COST["gradient"],
            l=EVALUATION_COST["loss"],
            h=EVALUATION_COST["hessian"],
        )
    )
