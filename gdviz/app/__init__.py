"""The Streamlit app: the only package of gdviz that imports Streamlit (besides app.py and pages/).

- ``fields``: every link key with its range and default (no Streamlit);
- ``state``: values kept across pages, the link read and cleaned, its warnings;
- ``presets``: what a loss, a data set or a link puts into the controls;
- ``shell``: language, presenter mode, a page's intro, "more settings";
- ``controls``: the shared sidebar controls and ``Settings``;
- ``cache``: every cached computation, bounded;
- ``viewer``: the figures' component;
- ``panels``: what two or more pages show;
- ``sections``: one module per page, its own widgets and panels; a section never imports another.
"""
