"""The frame around every page: language, presenter mode, the page's intro and "more settings"."""

from __future__ import annotations

import contextlib
from typing import Any

import streamlit as st

from ..i18n import DEFAULT, LANGUAGES, set_language, t
from .state import show_link_warnings, write_link

PRESENT_CSS = """
<style>
html { font-size: 19px; }
h1 { font-size: 1.9rem !important; padding: 0 0 0.2rem 0 !important; }
.block-container { padding-top: 3.6rem !important; padding-bottom: 1rem !important; }
</style>
"""


PRESENT_LESSON_CSS = """
<style>
.block-container { padding: 3.8rem 2rem 1rem 2rem !important; }
h3 { padding: 0 0 0.2rem 0 !important; }
.katex-display { margin: 0.2rem 0 !important; }
/* the boxes and numbers of the words' column, tighter: a step is one 720-pixel screen */
[data-testid=stAlertContainer] { padding: 0.5rem 1rem !important; }
[data-testid=stMetricValue] { font-size: 1.7rem !important; }
[data-testid=stColumn] [data-testid=stVerticalBlock] { gap: 0.6rem !important; }
[data-testid=stColumn] [data-testid=stMarkdownContainer] p { line-height: 1.45; }
/* the loop of step 6 wraps its long lines rather than hide their ends in a scroll */
[data-testid=stCode] pre { padding: 0.5rem 0.75rem !important; }
[data-testid=stCode] code { font-size: 0.8rem !important; line-height: 1.35 !important; }
</style>
"""
"""The projected lesson: the whole width for the words beside the figure."""


def page_options() -> str:
    """The language (``lang=en|pt``) and presenter mode (``present=1``) from the link.

    Both live in session state, so they survive page switches, and are written back into the
    link on every run (Streamlit drops parameters it does not bind itself when the page changes).
    Returns the language, already in effect for this run's texts.
    """
    show_link_warnings()  # before anything below drops an unusable lang= or present= from the link
    params = st.query_params
    lang, present = params.get("lang"), params.get("present")
    if lang in LANGUAGES:
        st.session_state["lang"] = lang
    if present is not None and present.lower() in ("0", "1", "false", "true"):
        st.session_state["present"] = present.lower() in ("1", "true")
    language = set_language(st.session_state.setdefault("lang", DEFAULT))
    for key in ("lang", "present"):
        write_link(key)
    return language


def option_controls() -> None:
    """The language and presenter-mode switches, at the top of the sidebar."""
    with st.sidebar:
        st.radio(
            t("language"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.get,
            horizontal=True,
            key="lang",
            on_change=write_link,
            args=("lang",),
            label_visibility="collapsed",
        )
        st.toggle(
            t("presenter mode"),
            key="present",
            value=False,
            on_change=write_link,
            args=("present",),
            help=t("Presenter mode: large type, thick lines, the advanced controls folded away."),
        )
    if presenting():
        st.html(PRESENT_CSS)


def presenting() -> bool:
    """Whether the page is in presenter mode (``present=1`` in the link)."""
    return bool(st.session_state.get("present"))


def advanced() -> Any:
    """Where the less used controls go: in line, or folded away in presenter mode."""
    return st.expander(t("more settings"), expanded=False) if presenting() else contextlib.nullcontext()


def intro(text: str) -> None:
    """A page's explanation under its title (left out in presenter mode: the teacher says it)."""
    if not presenting():
        st.markdown(text)
