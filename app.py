"""gdviz: see gradient descent on 2-D loss surfaces. Run with `streamlit run app.py`."""

from pathlib import Path

import streamlit as st

from gdviz import ui

ROOT = Path(__file__).resolve().parent

st.set_page_config(page_title="gdviz — gradient descent", page_icon="🔻", layout="wide")
ui.preload_viewer()

pages = [
    st.Page(ROOT / "pages" / "explorer.py", title="Explorer", icon="🏔️", default=True),
    st.Page(ROOT / "pages" / "custom_loss.py", title="Your function", icon="✏️", url_path="custom"),
]
st.navigation(pages).run()
