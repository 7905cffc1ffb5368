"""Keeping values across pages and reading the link, with a warning for what it cannot use.

Every use of a Streamlit API that is not public sits here (``navigation_only``,
``_drop_from_link``); tests/test_streamlit_private.py fails when a Streamlit upgrade breaks one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ..i18n import DEFAULT, set_language
from .fields import FIELDS, Field, link_warnings


def navigation_only() -> None:
    """Make Streamlit serve only the pages ``st.navigation`` lists, from the server's start.

    A folder named pages/ beside the entry point makes Streamlit run the app as a legacy
    pages-directory app (its automatic page list, each page's file without app.py's frame) until
    some visit has called st.navigation (streamlit/streamlit#9992): the first link opened after a
    restart met that. This sets, before any visit, what st.navigation itself sets.
    """
    PagesManager.uses_pages_directory = False


def keep_values() -> None:
    """Carry the shared controls' values from page to page.

    Streamlit forgets a widget's value when a rerun does not draw it (another page); written
    back into session state at the top of every run, the value survives and the next page's
    widget with the same key starts from it.
    """
    for key in (*FIELDS, "lr_stop", "nlr_stop"):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def show_link_warnings(fields: Mapping[str, Field] = FIELDS) -> None:
    """Warn once per page load about unusable link values (Streamlit drops them from the URL)."""
    # the page's texts in the session's language: app.py has set it already; a page script run on
    # its own (as the tests do) sets it here
    set_language(st.session_state.get("lang", DEFAULT))
    if "_link_checked" in st.session_state:
        return
    st.session_state["_link_checked"] = True
    params = st.query_params.to_dict()
    bad = {k: v for k, v in params.items() if k in fields and fields[k].check(str(v))}
    st.session_state["_link_params"] = bad
    # imported here: presets brings in the st.cache_* functions, which app.py's server-start import
    # of this module (before Streamlit's runtime exists) would otherwise create, each with a warning
    from .presets import preset_from_link

    preset_from_link(params, bad)
    if bad:
        _drop_from_link(bad)


def _drop_from_link(keys: Mapping[str, Any]) -> None:
    """Take unusable values out of the link before any widget reads them.

    Streamlit seeds a bound widget from the link as the page was first opened, and some values
    break its own parsing (an integer input given -inf raises OverflowError inside Streamlit:
    a traceback on the page). The warning already names the default used instead. Streamlit has
    no public way to change that first link, so this uses the method its page switches use.
    """
    for key in keys:
        del st.query_params[key]
    # Streamlit's own (private) call; tests/test_hostile.py fails if an upgrade renames it
    get_script_run_ctx().session_state._state.query_params.set_initial_query_params_from_current()  # type: ignore[union-attr]


def link_warning_box() -> None:
    for message in link_warnings(st.session_state.get("_link_params", {})):  # worded in the page's language
        st.warning(message)


def write_link(key: str) -> None:
    """Put the session's value of ``key`` into the link (nothing when it is the default)."""
    value = st.session_state.get(key, FIELDS[key].default)
    wanted = None if value == FIELDS[key].default else ("1" if value is True else str(value))
    if wanted is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != wanted:
        st.query_params[key] = wanted
