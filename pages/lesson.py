"""The lesson: the lecture's ideas in order, one step per link (?step=1 … 7), each with a live figure."""

import contextlib

import streamlit as st

from gdviz.app import panels, shell, state
from gdviz.app.sections import lesson
from gdviz.i18n import t
from gdviz.lesson import STEPS

state.show_link_warnings()
present = shell.presenting()
if present:
    # Projected, a step is one slide: the step chooser, W⁰ and α and "next" along the top, the
    # words beside the figure, the whole width (the sidebar folded; its button reopens it).
    st.set_page_config(initial_sidebar_state="collapsed")
    st.html(shell.PRESENT_LESSON_CSS)
    chooser, inputs, nav = st.columns([2.4, 3, 1.4], vertical_alignment="bottom")  # seven steps in a row
else:
    st.title(t("Lesson: the gradient method"))
    chooser = nav = contextlib.nullcontext()
    inputs = None
with chooser:
    number, step = lesson.lesson_step()
if present:
    with nav:
        lesson.lesson_buttons(number, compact=True)
state.link_warning_box()
st.subheader(t("Step {n} of {last}: {title}", n=number, last=len(STEPS), title=t(step.title)))
words, figure = st.columns([5, 7]) if present else (contextlib.nullcontext(), contextlib.nullcontext())
with words:
    st.markdown(t(step.text))
    st.latex(t(step.formula))
    st.info(t(step.try_this), icon="👉")
    if step.link:
        lesson.step_link(step)
    if step.code:
        st.code(step.code, language="python", wrap_lines=present)  # projected, the column is narrow
    status = st.container() if present else None
with figure:
    run = lesson.lesson_figure(step, inputs, status)
with words:
    if step.readout:
        lesson.gradient_readout(run)
    if step.code:
        panels.show_table({k: v[:8] for k, v in run.table().items()})
if not present:
    lesson.lesson_buttons(number)
