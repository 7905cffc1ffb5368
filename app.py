"""gdviz: see gradient descent on 2-D loss surfaces. Run with `streamlit run app.py`."""

from pathlib import Path

import streamlit as st

from gdviz import ui

ROOT = Path(__file__).resolve().parent

st.set_page_config(page_title="gdviz — gradient descent", page_icon="🔻", layout="wide")
ui.preload_viewer()
ui.keep_values()

pages = [
    st.Page(ROOT / "pages" / "explorer.py", title="Explorer", icon="🏔️", default=True),
    st.Page(ROOT / "pages" / "custom_loss.py", title="Your function", icon="✏️", url_path="custom"),
    st.Page(ROOT / "pages" / "learning_rate.py", title="Learning rate lab", icon="🎚️", url_path="learning-rate"),
    st.Page(ROOT / "pages" / "optimizers.py", title="Optimizer race", icon="🏁", url_path="race"),
    st.Page(
        ROOT / "pages" / "stationary_points.py", title="Stationary points", icon="🎯", url_path="stationary-points"
    ),
    st.Page(ROOT / "pages" / "basins.py", title="Basins of attraction", icon="🗺️", url_path="basins"),
    st.Page(ROOT / "pages" / "empirical_risk.py", title="Empirical risk", icon="📈", url_path="empirical-risk"),
]
st.navigation(pages).run()
