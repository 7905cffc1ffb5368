"""Basins of attraction: from every start of a grid, which minimum does gradient descent reach?"""

import streamlit as st

from gdviz import analysis, charts, descend
from gdviz.app import cache, controls, fields, panels, shell, state, viewer
from gdviz.app.sections import basins
from gdviz.i18n import t

state.show_link_warnings()
with st.sidebar:
    # several basins by default: on a bowl every start reaches the one minimum and the map says nothing
    loss = controls.loss_control(default="himmelblau")
    lr = controls.lr_control()
    with shell.advanced():
        steps = controls.steps_control()
        opt, hyper = controls.optimizer_control()
        n = int(controls.number_field(fields.FIELDS["grid"], step=20, help=t("the map runs n × n descents at once")))
        tol = controls.tol_control()

st.title(t("Basins of attraction"))
shell.intro(
    t(
        "Gradient descent from each of {n} × {n} starts at once, each coloured by the minimum it reaches: where "
        "you start decides where you end. Grey starts ran out of steps or stopped elsewhere (a saddle), black ones "
        "diverged. Click a start on the map to see its path.",
        n=n,
    )
)
state.link_warning_box()
panels.formula(loss)
steps = basins.basin_steps(n, steps)
try:
    with st.spinner(t("Running gradient descent from every start…")):
        b = cache.basins_of(cache.loss_key(loss), n, lr, steps, opt, tol, tuple(sorted(hyper.items())))
except ValueError as err:
    st.error(t("These settings cannot run: {why}.", why=err))
    st.stop()
st.caption(analysis.basins_summary(b))
chosen = st.session_state.get("basin_click")
path = None
if chosen is not None:
    start = basins.basin_start(chosen, loss.bounds)
    if start is not None:
        path = descend(loss, start, lr=lr, steps=steps, optimizer=opt, tol=tol, **hyper)
left, right = st.columns(2)
with left:
    st.plotly_chart(
        charts.basins_figure(b, path),
        key="basin_click",
        on_select="rerun",
        selection_mode="points",
        config=viewer.chart_config(),
    )
with right:
    st.plotly_chart(charts.steps_map_figure(b), key="basin_steps", config=viewer.chart_config())
if path is not None:
    panels.status_box(path)
