"""gdviz: see gradient descent on 2-D loss surfaces. Run with `streamlit run app.py`.

Streamlit reads this file in two ways: `streamlit run app.py` finds `app = st.App(...)` below
and imports the file once, as the server starts; every visit then runs it as the script
(``__main__``): the frame around every page and the navigation.
"""

from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent

if __name__ == "__main__":  # a visit
    import gc

    from gdviz.app import shell, state, viewer
    from gdviz.i18n import t

    # Everything imported so far (streamlit, plotly, sympy, numpy: ~120,000 objects) lives as long
    # as the server. Frozen out of the garbage collector's sight, a full collection walks only what
    # the reruns create: 55 ms → well under 1 ms, a pause every session used to feel. (Here, not in
    # the library: importing gdviz must not change the collector of a test or a script.)
    gc.freeze()
    st.set_page_config(page_title="gdviz", page_icon="🔻", layout="wide")
    shell.page_options()  # the language (lang=) and presenter mode (present=) before any text
    viewer.preload_viewer()
    state.keep_values()

    def page(script: str, title: str, icon: str, url_path: str | None = None, **kw: str) -> st.Page:
        where = {"url_path": url_path} if url_path else {"default": True}
        return st.Page(ROOT / "pages" / script, title=title, icon=icon, **where, **kw)

    pages = [
        page("explorer.py", t("Explorer"), "🏔️"),
        page("lesson.py", t("Lesson"), "🎓", "lesson"),
        page("custom_loss.py", t("Your function"), "✏️", "custom"),
        page("learning_rate.py", t("Learning rate lab"), "🎚️", "learning-rate"),
        page("optimizers.py", t("Optimizer race"), "🏁", "race"),
        page("stationary_points.py", t("Stationary points"), "🎯", "stationary-points"),
        page("basins.py", t("Basins of attraction"), "🗺️", "basins"),
        page("empirical_risk.py", t("Empirical risk"), "📈", "empirical-risk"),
        page("network.py", t("Neural network"), "🧠", "network"),
        # opened by its link (/poll?code=…) or a page's "Poll the class", not from the menu
        page("poll.py", t("Class poll"), "📊", "poll", visibility="hidden"),
    ]
    current = st.navigation(pages)
    shell.option_controls()
    current.run()
else:  # the server starts
    from gdviz.app import state

    state.navigation_only()  # before any visit: the first link after a restart is this app
    app = st.App(__file__)
