"""Your function: type L(x, y), get its exact gradient and Hessian, and watch gradient descent on it."""

import streamlit as st

from gdviz import ui
from gdviz.i18n import t

ui.show_link_warnings()
settings = ui.sidebar(ui.expression_control)

st.title(t("Your function"))
ui.intro(
    t(
        "Type any L(x, y) in the sidebar — it is read as a formula, never run as code — and the app "
        "derives ∇L and the Hessian exactly, finds the points where ∇L = 0 and runs the descent."
    )
)
if settings is not None:
    ui.formula(settings.loss)
ui.gallery()
if settings is None:
    ui.link_warning_box()
    st.info(t("Fix the formula in the sidebar, or pick one of the examples above."))
else:
    ui.explore(settings, key="custom_viewer")
