"""gdviz: see gradient descent on 2-D loss surfaces. Run with `streamlit run app.py`."""

from pathlib import Path

import streamlit as st

from gdviz import ui
from gdviz.i18n import t

ROOT = Path(__file__).resolve().parent

st.set_page_config(page_title="gdviz", page_icon="🔻", layout="wide")
ui.page_options()  # the language (lang=) and presenter mode (present=) before any text
ui.preload_viewer()
ui.keep_values()


def page(script: str, title: str, icon: str, url_path: str | None = None) -> st.Page:
    where = {"url_path": url_path} if url_path else {"default": True}
    return st.Page(ROOT / "pages" / script, title=title, icon=icon, **where)


pages = [
    page("explorer.py", t("Explorer"), "🏔️"),
    page("lesson.py", t("Lesson"), "🎓", "lesson"),
    page("custom_loss.py", t("Your function"), "✏️", "custom"),
    page("learning_rate.py", t("Learning rate lab"), "🎚️", "learning-rate"),
    page("optimizers.py", t("Optimizer race"), "🏁", "race"),
    page("stationary_points.py", t("Stationary points"), "🎯", "stationary-points"),
    page("basins.py", t("Basins of attraction"), "🗺️", "basins"),
    page("empirical_risk.py", t("Empirical risk"), "📈", "empirical-risk"),
]
current = st.navigation(pages)
ui.option_controls()
current.run()
