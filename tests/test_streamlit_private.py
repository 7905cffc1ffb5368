"""The Streamlit internals gdviz.app.state relies on are still there: a Streamlit upgrade that
renames one fails here, by name, rather than as a page that silently misbehaves."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.app


def test_the_pages_directory_switch_is_a_class_attribute_streamlit_reads() -> None:
    from streamlit.runtime.pages_manager import PagesManager

    # navigation_only() sets it; were it renamed, setting it would create a new attribute silently
    assert "uses_pages_directory" in vars(PagesManager)
    assert isinstance(PagesManager.uses_pages_directory, bool | None)


def _initial_link_call() -> None:
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    params = get_script_run_ctx().session_state._state.query_params
    st.markdown(str(callable(getattr(params, "set_initial_query_params_from_current", None))))


def test_the_first_link_can_still_be_rewritten() -> None:
    from streamlit.testing.v1 import AppTest

    # state._drop_from_link's call into the session's query parameters
    at = AppTest.from_function(_initial_link_call).run()
    assert not at.exception
    assert at.markdown[0].value == "True"


def test_the_server_start_creates_no_cache_before_the_runtime_exists() -> None:
    import subprocess
    import sys

    from support import ROOT

    # what `streamlit run app.py` does first: import app.py (not as __main__), before any runtime.
    # A st.cache_* function made then warns "No runtime found" and keeps a storage of its own.
    start = "import runpy; runpy.run_path('app.py', run_name='app')"
    done = subprocess.run([sys.executable, "-c", start], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "No runtime found" not in done.stderr
