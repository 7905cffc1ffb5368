"""The figure viewer: a Streamlit v2 component that keeps the charts alive in the browser.

The browser keeps the charts between reruns: only what changed travels over the websocket
(``export.pack``), playback runs there frame by frame, and a click on the map sets W⁰. For a lone
run (``Live``) the browser also reruns the descent itself while W⁰ is dragged on the map or α on
the viewer's own slider (``gdviz/assets/engine.js``, from ``webmath.preview_spec``), and sends the
value once, on release: the server's run then replaces the preview.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from .. import figures, webmath
from ..export import export_html, pack
from ..i18n import DEFAULT, language, t
from ..losses import Bounds
from .controls import Settings
from .fields import LR_OPTIONS
from .shell import presenting

CHART_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "gdviz"},
    # the app does nothing with a selection: no box or lasso select buttons
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}
"""Plotly's toolbar for the charts Streamlit draws itself: PNG downloads at twice the size, and
no "Share chart" (it uploads to Plotly's cloud; the app works offline). ``chart_config()`` adds
the page's language."""


PLOTLY_WORDS = (
    "Download plot as a PNG",
    "Download plot",
    "Zoom",
    "Pan",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "Orbital rotation",
    "Turntable rotation",
    "Reset camera to default",
    "Reset camera to last save",
    "Toggle show closest data on hover",
    "Show closest data on hover",
    "Compare data on hover",
    "Toggle Spike Lines",
    "Double-click to zoom back out",
    "Double-click on legend to isolate one trace",
)
"""plotly.js's English titles of the toolbar buttons the app keeps (its locale dictionary's keys)."""


def plotly_words() -> dict[str, str]:
    """``PLOTLY_WORDS`` in the page's language, keyed by plotly.js's English (a locale dictionary;
    plotly's Python package ships no locales)."""
    if language() == DEFAULT:
        return {}
    return {words: t(words) for words in PLOTLY_WORDS}


def chart_config() -> dict[str, Any]:
    """``CHART_CONFIG`` with the toolbar's titles in the page's language (Plotly's ``locales``)."""
    words = plotly_words()
    if not words:
        return CHART_CONFIG
    return {**CHART_CONFIG, "locale": language(), "locales": {language(): {"dictionary": words}}}


@functools.cache
def _viewer_component() -> Callable[..., Any]:
    """Register the viewer with the running Streamlit (its manifest is read at server start)."""
    return st.components.v2.component("gdviz.viewer", js="viewer.js", css="viewer.css", isolate_styles=False)


def preload_viewer() -> None:
    """Load the viewer's code and plotly.js as soon as the page opens.

    A viewer without figures is the first element the app sends (at the top of the sidebar,
    where it draws only the "Copy link" button), so the browser fetches the component and starts
    parsing plotly.js while Streamlit is still drawing the controls, rather than when the charts
    arrive.
    """
    labels = {
        "copy": t("Copy link"),
        "copied": t("Link copied"),
        "help": t("Copy this page's address: it holds every setting, to share or to come back to."),
    }
    with st.sidebar:
        _viewer_component()(key="gdviz_preload", data={"preload": True, "labels": labels}, height=40)


@dataclass(frozen=True)
class Live:
    """A lone run the viewer can redraw in the browser while W⁰ or α is dragged.

    Attributes:
        settings: the run's settings (what ``webmath.preview_spec`` needs to run it again).
        view: the view its figures were drawn with (``figures.preview_frame``).
        set_alpha: how the page sets α (``presets.set_lr``, the lesson's own α): given, the
            viewer's bar has an α slider, and letting it go sets α through this.
    """

    settings: Settings
    view: figures.View
    set_alpha: Callable[[float], None] | None = None

    def meta(self) -> dict[str, Any]:
        """The preview's part of the viewer's payload. ``spec`` is None where the browser cannot
        run the descent (SGD's noise; what ``webmath.preview_spec`` declines): the marker and α
        still move, and the figures update on release."""
        s = self.settings
        spec = None
        if not s.noise:
            spec = webmath.preview_spec(s.loss, s.start, s.lr, s.steps, s.optimizer, s.tol, s.hyper)
        return {
            "spec": spec,
            "frame": figures.preview_frame(s.loss, self.view),
            "start": list(s.start),
            "lr": s.lr,
            # α's slider: log scale over the sidebar slider's range, only where the page sets α
            "alpha": None if self.set_alpha is None else [LR_OPTIONS[0], LR_OPTIONS[-1]],
        }


def start_digits(bounds: Bounds) -> int:
    """Decimals W⁰ keeps when set on the map: four significant digits of the view's size (the
    browser's preview rounds the same way, so that its run is the server's)."""
    (x0, x1), (y0, y1) = bounds
    return max(0, 3 - math.floor(math.log10(max(x1 - x0, y1 - y0))))


def _on_start_click(key: str, bounds: Bounds, keys: tuple[str, str] = ("x0", "y0")) -> Callable[[], None]:
    def callback() -> None:
        value = st.session_state.get(key) or {}
        point = value.get("start") if hasattr(value, "get") else None
        if not point:
            return
        digits = start_digits(bounds)
        st.session_state[keys[0]] = round(float(point["x"]), digits)
        st.session_state[keys[1]] = round(float(point["y"]), digits)

    return callback


def _on_lr_release(key: str, set_alpha: Callable[[float], None] | None) -> Callable[[], None]:
    """α let go on the viewer's slider: set through the page's own α setter."""

    def callback() -> None:
        value = st.session_state.get(key) or {}
        lr = value.get("lr") if hasattr(value, "get") else None
        if lr is not None and set_alpha is not None and math.isfinite(float(lr)) and float(lr) > 0:
            set_alpha(float(lr))

    return callback


def viewer_labels() -> dict[str, str]:
    """The viewer's own words (buttons, tooltips), in the page's language."""
    return {
        "first": t("first step"),
        "back": t("previous step"),
        "play": t("play"),
        "pause": t("pause"),
        "next": t("next step"),
        "last": t("last step"),
        "step": t("step t"),
        "speed": t("playback speed"),
        "hint": t("click the map to start there"),
        "touch": t("two fingers turn or move a view"),
        "error": t("The figures could not be drawn:"),
        "outside": t("outside the view"),
        "alpha": t("learning rate α"),
        "release": t("updates on release"),
        "drag": t("drag W⁰ to watch the path follow"),
        "point": "Wᵗ",  # the current point's name in the readout beside playback
    }


def _forget_sent(sent_key: str) -> Callable[[], None]:
    def callback() -> None:
        st.session_state.pop(sent_key, None)

    return callback


def viewer(
    surface_fig: Any | None,
    contour_fig: Any,
    curves_fig: Any = None,
    *,
    key: str,
    run_id: str,
    bounds: Bounds,
    clickable: bool = True,
    height: int = 520,
    curves_height: int = 260,
    start_keys: tuple[str, str] = ("x0", "y0"),
    about: Sequence[str] = (),
    live: Live | None = None,
    hint: str | None = None,
    autoplay: bool = False,
    still: bool = False,
    download: bool = True,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Show the 3-D view and the contour map side by side, playback and the curves below them.

    ``height`` and ``curves_height`` are the views' and the curves' heights in pixels; the
    component is as tall as what it holds (on a phone the two views stack).

    Below them, a download of the same view as one HTML file that works offline (``about``:
    the lines that describe it there).

    The browser keeps the charts between reruns: a new run updates them in place (the camera
    stays), playback runs there frame by frame, and a trace it already holds (the surface, the
    field) is not sent again: only what changed travels over the websocket.

    ``live``: the figures show this one run, which the browser may redraw itself while W⁰ (on a
    clickable map) or α (with ``Live.set_alpha``) is dragged; one rerun on release.

    ``hint``: what the bar says a click on the map does (by default: it sets W⁰). ``autoplay``:
    playback starts by itself when a new run arrives (a class poll's reveal). ``still``: no
    playback bar (a picture without a run). ``download``: the HTML download under the viewer.
    ``surface_fig`` None: the map alone.

    ``labels``: the page's own words for some of the viewer's (``viewer_labels``): "epoch t" for
    "step t" where playback runs through epochs.
    """
    if presenting():
        surface_fig = None if surface_fig is None else figures.emphasize(surface_fig, legend=False)
        contour_fig = figures.emphasize(contour_fig, legend=False)
        curves_fig = None if curves_fig is None else figures.emphasize(curves_fig)
    sent_key = f"_sent_{key}"
    known: set[str] = st.session_state.get(sent_key, set())
    sent: set[str] = set()
    packed, identity = zip(*(pack(f, known, sent) for f in (surface_fig, contour_fig, curves_fig)))
    st.session_state[sent_key] = sent
    rev = hashlib.blake2b("|".join(identity).encode(), digest_size=8)
    # JSON text as bytes: Streamlit passes bytes through untouched (a dict it would serialize
    # and hash again, twice the work on every rerun)
    if presenting():
        height = min(height, 360)
    meta = {
        "rev": rev.hexdigest(),
        "run": run_id,
        "clickable": clickable,
        "height": height,
        "curves_height": curves_height,
        "present": presenting(),
        "labels": {**viewer_labels(), **(labels or {}), **({} if hint is None else {"hint": hint})},
        "autoplay": autoplay,
        "still": still,
        "locale": language(),
        "plotly_words": plotly_words(),
        "digits": start_digits(bounds),
        "live": None if live is None else live.meta(),
    }
    data = f'{{"surface":{packed[0]},"contour":{packed[1]},"curves":{packed[2]},"meta":{json.dumps(meta)}}}'
    _viewer_component()(
        key=key,
        data=data.encode(),
        # as tall as what it draws: the views side by side or stacked (a phone), the bar, the curves
        height="content",
        on_start_change=_on_start_click(key, bounds, start_keys),
        on_lr_change=_on_lr_release(key, live and live.set_alpha),
        on_missing_change=_forget_sent(sent_key),
    )
    if not download:
        return
    figs = (surface_fig, contour_fig, curves_fig)
    st.download_button(
        t("download this view (HTML, works offline)"),
        # the file has no server to confirm a drag with: no live preview there
        data=lambda: export_html(figs, {**meta, "live": None}, about).encode(),
        file_name="gdviz.html",
        mime="text/html",
        key=f"{key}_html",
        on_click="ignore",
        help=t("One file with the figures and playback, to open in any browser without a network."),
    )
