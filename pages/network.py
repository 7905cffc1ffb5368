"""A neural network's loss landscape: a small network trained on 2-D data, its loss on a plane
through its weights, the path of training projected onto it (Li et al., 2018)."""

import streamlit as st

from gdviz import network_charts
from gdviz.app import cache, shell, state, viewer
from gdviz.app.sections import network
from gdviz.i18n import code, t

state.show_link_warnings()
settings = network.sidebar()

st.title(t("A neural network's loss landscape"))
shell.intro(
    t(
        "A network with one hidden layer, x → act(W₁x + b₁) → W₂h + b₂, learns from the data by gradient descent "
        "on all its weights at once: W₁, b₁, W₂ and b₂ as one vector θ, θ ← θ − α∇L(θ). Its loss has one "
        "dimension per weight; the pictures show it on a plane through the trained weights θ*, with the path of "
        "training projected onto that plane, as Li et al. (2018) drew it."
    )
)
state.link_warning_box()
if settings is None:
    st.stop()
args = settings.training_args()
try:
    with st.spinner(t("Training the network…")):
        training = cache.training_of(*args)
except ValueError as err:
    st.error(t("This training cannot start: {why}.", why=err))
    st.stop()
task = training.task
if not shell.presenting():  # projected, the status line says what matters
    st.caption(t("**{name}** — {n} points.", name=code(task.name), n=len(task.targets)) + f" {task.source}")
network.status_line(training)
network.newton_note(training)
try:
    land = cache.landscape_of(args, settings.plane, settings.grid)
except ValueError as err:  # a PCA plane of a path that did not move
    st.error(t("This plane cannot be drawn: {why}.", why=err))
    st.stop()
key = settings.identity()
viewer.viewer(
    network_charts.slice_surface_figure(land, uid=f"{key}|{settings.plane}|{settings.grid}"),
    network_charts.slice_map_figure(land),
    network_charts.fit_and_loss_figure(training, cache.fit_snapshots_of(args), uid=key),
    key="network_viewer",
    run_id=key,
    bounds=((float(land.a[0]), float(land.a[-1])), (float(land.b[0]), float(land.b[-1]))),
    clickable=False,
    # on a laptop the status, both views, playback and the fit fit one screen below the intro
    height=400,
    curves_height=280,
    about=[t("A neural network's loss landscape"), network.shape_words(training)],
    labels={"step": t("epoch t"), "point": t("θᵗ on the plane")},
)
network.plane_caption(land, training)
network.explanations(training)
