"""The Explorer: the slides' picture, live. W^{t+1} = W^t − α∇L(W^t) on a surface you choose."""

import streamlit as st

from gdviz import ui
from gdviz.i18n import t

ui.show_link_warnings()
settings = ui.sidebar()

st.title(t("Gradient descent, step by step"))
ui.intro(
    t(
        "The loss surface in **blue**, its gradients below as **red arrows**, the gradient zero at the minimum. "
        "From W⁰ each step goes against the gradient: $W^{t+1} = W^t - \\alpha\\,\\nabla L(W^t)$."
    )
)
if settings is not None:
    ui.formula(settings.loss)
    ui.explore(settings, key="explorer_viewer")
