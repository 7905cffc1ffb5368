"""The lesson: the lecture's ideas in order, one step per link (?step=1 … 6), each with a live figure."""

import streamlit as st

from gdviz import ui
from gdviz.i18n import t
from gdviz.lesson import STEPS

ui.show_link_warnings()
st.title(t("Lesson: the gradient method"))
number, step = ui.lesson_step()
ui.link_warning_box()
st.subheader(t("Step {n} of {last}: {title}", n=number, last=len(STEPS), title=t(step.title)))
st.markdown(t(step.text))
st.latex(t(step.formula))
if step.code:
    st.code(step.code, language="python")
st.info(t(step.try_this), icon="👉")
run = ui.lesson_figure(step)
if step.readout:
    ui.gradient_readout(run)
if step.code:
    ui.show_table({k: v[:8] for k, v in run.table().items()})
ui.lesson_buttons(number)
