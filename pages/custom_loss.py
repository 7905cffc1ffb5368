"""Your function: type L(x, y), get its exact gradient and Hessian, and watch gradient descent on it."""

import streamlit as st

from gdviz.app import controls, panels, shell, state
from gdviz.app.sections import custom_loss
from gdviz.i18n import t

state.show_link_warnings()
settings = controls.sidebar(custom_loss.expression_control)

st.title(t("Your function"))
shell.intro(
    t(
        "Type any L(x, y) in the sidebar — it is read as a formula, never run as code — and the app "
        "derives ∇L and the Hessian exactly, finds the points where ∇L = 0 and runs the descent."
    )
)
if settings is not None:
    panels.formula(settings.loss)
custom_loss.gallery()
if settings is None:
    state.link_warning_box()
    st.info(t("Fix the formula in the sidebar, or pick one of the examples above."))
else:
    panels.explore(settings, key="custom_viewer")
