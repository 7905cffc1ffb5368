"""The Explorer: the slides' picture, live. W^{t+1} = W^t − α∇L(W^t) on a surface you choose."""

import streamlit as st

from gdviz.app import controls, panels, shell, state
from gdviz.i18n import t

state.show_link_warnings()
settings = controls.sidebar()

st.title(t("Gradient descent, step by step"))
shell.intro(
    t(
        "The loss surface in **blue**, its gradients below as **red arrows**, the gradient zero at the minimum. "
        "From W⁰ each step goes against the gradient: $W^{t+1} = W^t - \\alpha\\,\\nabla L(W^t)$."
    )
)
if settings is not None:
    panels.formula(settings.loss)
    panels.explore(settings, key="explorer_viewer")
