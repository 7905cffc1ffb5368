"""Shared Streamlit controls, URL binding, cached computations and the figure viewer.

The only module of gdviz that imports streamlit. Every control has a widget key that is also
its query parameter (``bind="query-params"``), so the page's state is its link. Streamlit drops
a link value its widget refuses (not a number, out of range, not an option); ``link_warnings``
says so visibly, with the default used instead, before the widgets are drawn.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import json
import math
import os
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import plotly.io as pio
import streamlit as st
from _plotly_utils.utils import to_typed_array_spec
from streamlit.runtime.scriptrunner import get_script_run_ctx

from . import charts, figures
from .analysis import StationaryPoint, StepSizeTheory, kind_at, path_curvature, stationary_points, step_size_theory
from .data import BUILTINS, MAX_BYTES, MODELS, DataError, Dataset, builtin, read_csv, risk, risk_points
from .descent import descend, descend_on_budget
from .expression import AUTO_SEARCH, auto_points, parse_loss
from .formula import MAX_LENGTH, ExpressionError
from .i18n import DEFAULT, LANGUAGES, code, language, number, set_language, t, tn
from .lesson import STEPS as LESSON_STEPS
from .losses import SPECS, Bounds, Loss, get_loss
from .optimizers import OPTIMIZERS, hyperparameters
from .runs import CONVERGED, DIVERGED, MAX_STEPS, Run, outcome_name, status_name

# Everything imported so far (streamlit, plotly, sympy, numpy: ~120,000 objects) lives as long as
# the server. Frozen out of the garbage collector's sight, a full collection walks only what the
# reruns create: 55 ms → well under 1 ms, a pause every session used to feel.
gc.freeze()

ASSETS = Path(__file__).with_name("assets")
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


LR_MIN, LR_MAX = 1e-5, 10.0
LR_OPTIONS: tuple[float, ...] = tuple(
    sorted(
        {float(f"{m * 10.0**e:.10g}") for e in range(-5, 1) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)} | {LR_MAX}
    )
)
"""The α slider's stops: ten per decade from 1e-5 to 10 (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)."""
STEPS_MAX = 5000
"""Per-run bound on the work one request can ask for (the table, the curves, the payload)."""
COORD_LIMIT = 1e6

OPTIMIZER_NAMES = {
    "gd": "Gradient descent (gd)",
    "momentum": "Momentum",
    "nesterov": "Nesterov momentum",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "newton": "Newton (damped by α)",
    "linesearch": "Steepest descent + Armijo line search",
}


@dataclass(frozen=True)
class Preset:
    """Where a lesson starts on each loss: W⁰, α, the height scale, and steps and tolerance enough
    for gradient descent to converge there, with α below 2/λmax at W⁰ (tests/test_app.py)."""

    start: tuple[float, float]
    lr: float
    log_height: bool = False
    steps: int = 300  # the defaults of the steps and tolerance fields
    tol: float = 1e-8

    def values(self) -> dict[str, Any]:
        """The preset by the keys of its controls."""
        x0, y0 = self.start
        return {"x0": x0, "y0": y0, "lr": self.lr, "log": self.log_height, "steps": self.steps, "tol": self.tol}


PRESETS: dict[str, Preset] = {
    "quadratic": Preset((-2.5, 2.0), 0.08),
    # gd drops into the curved valley and follows it slowly: ‖∇L‖ ≤ 0.01 takes about 4,900 steps.
    # From here α·λmax stays below 2 at every point of the path (from (−1, 2) the first step lands
    # where it is 5.5: the run survives, but the gauge must say its bound was crossed).
    "rosenbrock": Preset((-0.5, 1.0), 0.0018, log_height=True, steps=5000, tol=1e-2),
    # on the saddles' stable line gd walks into the stationary point that is not a minimum
    "saddle": Preset((1.5, 0.0), 0.1),
    # …slowly on the monkey saddle, whose gradient vanishes like w1²
    "monkey_saddle": Preset((1.0, 0.0), 0.1, steps=1000, tol=1e-4),
    "himmelblau": Preset((-2.5, 0.0), 0.01),
    "beale": Preset((-1.0, 0.0), 0.03, log_height=True, steps=2000),
    "booth": Preset((-5.0, 5.0), 0.05),
    "rastrigin": Preset((2.2, 2.8), 0.002),  # stuck in a ripple's local minimum, as it should be
    "six_hump_camel": Preset((-1.5, 1.0), 0.02),
    "matyas": Preset((-8.0, 6.0), 1.0, steps=500),
}


def apply_preset() -> None:
    """On a change of loss (a callback): move W⁰, α, the height scale, the steps and the tolerance
    to that loss's preset."""
    set_values(PRESETS[st.session_state["loss"]].values())


def set_values(values: Mapping[str, Any]) -> None:
    """Put a preset's values into the controls (α through ``set_lr``: its slider follows)."""
    st.session_state.update(values)
    if "lr" in values:
        set_lr(values["lr"])


def preset_from_link(params: Mapping[str, str], unusable: Mapping[str, str]) -> None:
    """A link that names a loss gets the loss's preset for every value it does not give (so
    ?loss=himmelblau does not run Himmelblau with the quadratic's α and diverge), and one that
    names the empirical risk's model, data set or scaling gets that risk's (``risk_preset``:
    ?data=house_prices); the values it gives win, and an unusable one gets the default its
    warning names."""
    loss = PRESETS.get(params.get("loss", ""))
    for preset in (
        loss.values() if loss is not None and "loss" not in unusable else {},
        _risk_preset_from_link(params, unusable),
    ):
        set_values({k: v for k, v in preset.items() if k not in params})


def optimizer_help() -> str:
    return "  \n".join(f"**{k}**: {t(v)}" for k, v in OPTIMIZER_NAMES.items())


@dataclass(frozen=True)
class Field:
    """A control bound to the URL: its key (the query parameter), default and allowed values."""

    key: str
    label: str
    default: Any
    lo: float | None = None
    hi: float | None = None
    options: tuple[Any, ...] = ()

    def check(self, text: str) -> str | None:
        """Why ``text`` is not a valid value of this field (None when it is)."""
        if self.options:
            return (
                None if text in self.options else t("is not one of: {names}", names=", ".join(map(str, self.options)))
            )
        if isinstance(self.default, bool):
            return None if text.lower() in ("true", "false") else t("must be true or false")
        if isinstance(self.default, str):  # free text (a formula): only its length is checked here
            return None if len(text) <= MAX_LENGTH else t("is longer than {most} characters", most=MAX_LENGTH)
        try:
            number = float(text)
        except ValueError:
            return t("is not a number")
        if not math.isfinite(number):
            return t("is not a finite number")
        if isinstance(self.default, int) and number != int(number):
            return t("is not a whole number")
        if (self.lo is not None and number < self.lo) or (self.hi is not None and number > self.hi):
            return t("is outside [{lo:g}, {hi:g}]", lo=self.lo, hi=self.hi)
        return None


FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("loss", "loss", "quadratic", options=tuple(SPECS)),
        Field("x0", "w1 of W⁰", -2.5, -COORD_LIMIT, COORD_LIMIT),  # the quadratic's preset below
        Field("y0", "w2 of W⁰", 2.0, -COORD_LIMIT, COORD_LIMIT),
        Field("lr", "exact α", 0.08, 1e-8, 100.0),
        Field("steps", "steps", 300, 1, STEPS_MAX),
        Field("opt", "optimizer", "gd", options=tuple(OPTIMIZERS)),
        Field("tol", "tolerance", 1e-8, 1e-15, 1.0),
        Field("log", "log height", False),
        Field("expr", "formula", "x^2 + 3*y^2"),
        Field("noise", "noise σ", 0.0, 0.0, 1e3),
        Field("seed", "seed", 0, 0, 2**31 - 1),
        # The lab opens with its "too small / about right / too large" preset for the default view.
        Field("lr1", "α₁", 0.0174, 1e-8, 100.0),
        Field("lr2", "α₂", 0.175, 1e-8, 100.0),
        Field("lr3", "α₃", 0.221, 1e-8, 100.0),
        Field("budget", "same budget", False),
        Field("grid", "starts per side", 200, 20, 300),
        Field("sp_lr", "α for the demonstration", None, 1e-6, 10.0),  # None: from the saddle's curvature
        Field("sp_model", "quadratic model at", "none"),
        Field("sp_saddle", "the saddle demonstration at", ""),  # "": the first saddle in view
        Field("model", "model", "linear", options=("linear", "logistic")),
        Field("data", "data", "line", options=(*BUILTINS, "upload")),  # "upload": a CSV file (UPLOAD)
        Field("center", "center x", False),
        Field("scale", "scale x", False),
        Field("batch", "batch size", 10, 1, 20_000),
        Field("epochs", "epochs", 20, 1, 10_000),
        Field("rx0", "w1 of W⁰", 0.0, -COORD_LIMIT, COORD_LIMIT),
        Field("ry0", "w2 of W⁰", 0.0, -COORD_LIMIT, COORD_LIMIT),
        Field("view_auto", "automatic view", True),
        Field("xmin", "xmin", -3.0, -1e6, 1e6),
        Field("xmax", "xmax", 3.0, -1e6, 1e6),
        Field("ymin", "ymin", -3.0, -1e6, 1e6),
        Field("ymax", "ymax", 3.0, -1e6, 1e6),
        Field("lang", "language", DEFAULT, options=tuple(LANGUAGES)),
        Field("step", "lesson step", 1, 1, len(LESSON_STEPS)),
        Field("present", "presenter mode", False, options=("0", "1", "false", "true")),
    )
}

# Loss parameters and optimizer hyperparameters: key "<loss>_<param>" / "<optimizer>_<name>".
PARAM_RANGES: dict[str, tuple[float, float]] = {
    "quadratic_a": (0.01, 100.0),
    "quadratic_b": (0.01, 100.0),
    "quadratic_theta": (-3.1416, 3.1416),
    "rosenbrock_a": (-3.0, 3.0),
    "rosenbrock_b": (0.0, 1000.0),
    "rastrigin_A": (0.0, 50.0),
}
HYPER_RANGES: dict[str, tuple[float, float]] = {
    "momentum": (0.0, 0.999),
    "alpha": (0.0, 0.9999),
    "beta1": (0.0, 0.9999),
    "beta2": (0.0, 0.99999),
    "eps": (1e-12, 1.0),
    "lr_decay": (0.0, 1.0),
    "initial_accumulator_value": (0.0, 10.0),
    "c": (1e-6, 0.5),
    "shrink": (0.1, 0.9),
    "max_backtracks": (1, 100),
}
for _name, _spec in SPECS.items():
    for _p, _d in _spec.defaults.items():
        _lo, _hi = PARAM_RANGES[f"{_name}_{_p}"]
        FIELDS[f"{_name}_{_p}"] = Field(f"{_name}_{_p}", _p, float(_d), _lo, _hi)


def _hyper_fields(opt: str) -> list[Field]:
    out = []
    for name, default in hyperparameters(opt).items():
        if name == "betas":
            out += [
                Field(f"{opt}_beta{i + 1}", f"β{i + 1}", float(b), *HYPER_RANGES[f"beta{i + 1}"])
                for i, b in enumerate(default)
            ]
        elif isinstance(default, bool):
            out.append(Field(f"{opt}_{name}", name, default))
        else:
            out.append(Field(f"{opt}_{name}", name, default, *HYPER_RANGES[name]))
    return out


for _opt in OPTIMIZERS:
    FIELDS.update({f.key: f for f in _hyper_fields(_opt)})


def link_warnings(params: Mapping[str, str], fields: Mapping[str, Field] = FIELDS) -> list[str]:
    """One plain message per link value that cannot be used (the default is used instead)."""
    out = []
    for key, text in params.items():
        f = fields.get(key)
        if f is None:
            continue
        problem = f.check(str(text))
        if problem:
            shown = str(text) if len(str(text)) <= 40 else str(text)[:40] + "…"
            out.append(
                t(
                    "The link's {setting} {problem}; using the default {label} = {default} instead.",
                    setting=code(f"{key}={shown}"),  # the link's text as typed, never read as Markdown
                    problem=problem,
                    label=t(f.label),
                    default=_link_default(f),
                )
            )
    return out


def _link_default(f: Field) -> str:
    """A field's default as the link writes it, the same in every language: a toggle's `false`,
    not Python's False; a field empty by default (α from the curvature) says so in words."""
    if isinstance(f.default, bool):
        return code(str(f.default).lower())
    if f.default is None or f.default == "":
        return t("empty")
    return code(f.default)


def keep_values() -> None:
    """Carry the shared controls' values from page to page.

    Streamlit forgets a widget's value when a rerun does not draw it (another page); written
    back into session state at the top of every run, the value survives and the next page's
    widget with the same key starts from it.
    """
    for key in (*FIELDS, "lr_stop"):
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
    ctx = get_script_run_ctx()
    # another Streamlit may lack it: tests/test_hostile.py says whether it still matters
    with contextlib.suppress(AttributeError):
        ctx.session_state._state.query_params.set_initial_query_params_from_current()  # type: ignore[union-attr]


def link_warning_box() -> None:
    for message in link_warnings(st.session_state.get("_link_params", {})):  # worded in the page's language
        st.warning(message)


# ---------------------------------------------------------------------------------------------
# Language and presenter mode (app.py sets them before any page draws a word)

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


def _write_link(key: str) -> None:
    """Put the session's value of ``key`` into the link (nothing when it is the default)."""
    value = st.session_state.get(key, FIELDS[key].default)
    wanted = None if value == FIELDS[key].default else ("1" if value is True else str(value))
    if wanted is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != wanted:
        st.query_params[key] = wanted


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
        _write_link(key)
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
            on_change=_write_link,
            args=("lang",),
            label_visibility="collapsed",
        )
        st.toggle(
            t("presenter mode"),
            key="present",
            value=False,
            on_change=_write_link,
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


# ---------------------------------------------------------------------------------------------
# Controls


def number_field(f: Field, fmt: str = "%g", step: float | None = None, **kw: Any) -> Any:
    """A number input for a field, bound to the link.

    The widget gets its default as ``value=``, so Streamlit leaves a control at its default out
    of the link. Callbacks (a preset, a click on the map, α*) and ``keep_values`` also set widget
    values through session state, which then wins; Streamlit's warning about having both is
    turned off in .streamlit/config.toml. Toggles and text inputs below follow the same rule.
    """
    integer = isinstance(f.default, int) and not isinstance(f.default, bool)
    return st.number_input(
        t(f.label),
        min_value=int(f.lo) if integer else f.lo,
        max_value=int(f.hi) if integer else f.hi,
        value=f.default,
        step=step if step is not None else (1 if integer else None),
        format="%d" if integer else fmt,
        key=f.key,
        bind="query-params",
        **kw,
    )


def nearest_lr_stop(lr: float) -> float:
    """The slider stop closest to lr on a log scale."""
    return min(LR_OPTIONS, key=lambda v: abs(math.log(v) - math.log(max(lr, 1e-300))))


def _slider_moved() -> None:
    st.session_state["lr"] = st.session_state["lr_stop"]


def _number_typed() -> None:
    st.session_state["lr_stop"] = nearest_lr_stop(st.session_state["lr"])


def set_lr(lr: float) -> None:
    """A callback-safe way to set α (both the exact number and the slider)."""
    lr = float(min(max(lr, FIELDS["lr"].lo or 0), FIELDS["lr"].hi or 1))
    st.session_state["lr"] = float(f"{lr:.6g}")
    st.session_state["lr_stop"] = nearest_lr_stop(lr)


def _format_lr(v: float) -> str:
    return f"{v:g}"


def lr_control() -> float:
    """α: a log-scale slider from 1e-5 to 10 with the exact number beside it."""
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with right:
        lr = number_field(FIELDS["lr"], fmt="%.6g", on_change=_number_typed)
    if "lr_stop" not in st.session_state:
        st.session_state["lr_stop"] = nearest_lr_stop(lr)
    with left:
        st.select_slider(
            t("learning rate α"),
            options=LR_OPTIONS,
            format_func=_format_lr,
            key="lr_stop",
            on_change=_slider_moved,
            help=t("Log scale: each stop is about ×1.25. Type an exact α in the box beside it."),
        )
    return float(lr)


def linked_selectbox(label: str, key: str, options: Sequence[str], format_func: Callable[[str], str], **kw: Any) -> str:
    """A selectbox that shows readable names while the link keeps the identifiers (loss=monkey_saddle).

    Streamlit's ``bind="query-params"`` puts the shown label into the link, so this one is bound
    by hand, as the language is: a link value this session did not write itself (a shared link,
    the Back button) sets the widget, and the widget's value is written back on every run
    (Streamlit drops parameters it does not bind when the page changes).
    """
    link = st.query_params.get(key)
    if link in options and link != st.session_state.get(f"_linked_{key}"):
        st.session_state[key] = link
    value = st.selectbox(label, options=options, key=key, format_func=format_func, **kw)
    st.session_state[f"_linked_{key}"] = value
    _write_link(key)
    return value


def loss_control(default: str | None = None) -> Loss:
    """The loss (a built-in) and its parameters; ``default``: the page's own first choice."""
    if default and "loss" not in st.session_state and "loss" not in st.query_params:
        # the page's own loss comes with its preset, which the other pages then carry on with
        st.session_state["loss"] = default
        apply_preset()
    name = linked_selectbox(
        t("loss L(w1, w2)"), "loss", list(SPECS), lambda v: t(SPECS[v].title), on_change=apply_preset
    )
    spec = SPECS[name]
    params = {}
    if spec.defaults:
        cols = st.columns(len(spec.defaults))
        for col, p in zip(cols, spec.defaults):
            with col:
                params[p] = float(number_field(FIELDS[f"{name}_{p}"], fmt="%.4g"))
    loss = get_loss(name, **params)
    if spec.about:
        st.caption(t(spec.about))
    return loss


def formula(loss: Loss) -> None:
    """The loss's formula, large, in the main area (a sidebar is too narrow for most of them)."""
    st.latex(f"L(w_1, w_2) = {loss.latex}")


def start_control(keys: tuple[str, str] = ("x0", "y0")) -> tuple[float, float]:
    """W⁰, two numbers bound to the link under ``keys`` (the viewer's clicks set them too)."""
    st.markdown(t("**start W⁰** — or click the contour map"))
    a, b = st.columns(2)
    with a:
        x0 = number_field(FIELDS[keys[0]], fmt="%.4g", step=0.1)
    with b:
        y0 = number_field(FIELDS[keys[1]], fmt="%.4g", step=0.1)
    return float(x0), float(y0)


def hyper_controls(opt: str) -> dict[str, Any]:
    """The optimizer's hyperparameters, torch.optim's names, bound to ``<opt>_<name>`` in the link."""
    hyper: dict[str, Any] = {}
    for f in _hyper_fields(opt):
        if isinstance(f.default, bool):
            hyper[f.label] = st.checkbox(t(f.label), key=f.key, bind="query-params", value=f.default)
        else:
            hyper[f.label] = number_field(f, fmt="%.6g")
    if "β1" in hyper:
        hyper["betas"] = (float(hyper.pop("β1")), float(hyper.pop("β2")))
    if "max_backtracks" in hyper:
        hyper["max_backtracks"] = int(hyper["max_backtracks"])
    return hyper


def optimizer_control() -> tuple[str, dict[str, Any]]:
    opt = linked_selectbox(
        t("optimizer"), "opt", list(OPTIMIZERS), lambda v: t(OPTIMIZER_NAMES[v]), help=optimizer_help()
    )
    hyper: dict[str, Any] = {}
    if _hyper_fields(opt):
        with st.expander(
            t("hyperparameters (torch.optim's names and defaults)"), expanded=opt != "gd" and not presenting()
        ):
            hyper = hyper_controls(opt)
    return opt, hyper


def steps_control(default: int | None = None) -> int:
    """The steps; ``default``: the page's own first value (as ``loss_control``'s), when neither
    the session nor the link has one."""
    if default and "steps" not in st.session_state and "steps" not in st.query_params:
        st.session_state["steps"] = default
    return int(number_field(FIELDS["steps"], step=50))


def tol_control() -> float:
    return float(number_field(FIELDS["tol"], fmt="%.1e"))


def log_control() -> bool:
    return st.toggle(
        t("log height: log(1 + L)"),
        key="log",
        bind="query-params",
        help=t("For steep losses such as Rosenbrock: the valley floor becomes visible."),
        value=FIELDS["log"].default,
    )


def noise_control() -> tuple[float, int]:
    """SGD's jitter: σ of seeded Gaussian noise on each gradient, and the seed."""
    with st.expander(t("stochastic gradients (SGD)"), expanded=bool(st.session_state.get("noise"))):
        sigma = float(number_field(FIELDS["noise"], fmt="%.4g", help=t("each gradient the optimizer sees is ∇L + σ·ξ")))
        seed = int(number_field(FIELDS["seed"], help=t("the same seed gives the same jitter")))
    return sigma, seed


@dataclass(frozen=True)
class Settings:
    """Everything one run on the page depends on, read from the sidebar."""

    loss: Loss
    start: tuple[float, float]
    lr: float
    steps: int
    optimizer: str
    hyper: dict[str, Any] = field(default_factory=dict)
    tol: float = 1e-8
    log_height: bool = False
    noise: float = 0.0
    seed: int = 0


def sidebar(choose_loss: Callable[[], Loss | None] = loss_control) -> Settings | None:
    """The shared controls, in the order a lesson uses them (None when the loss is unusable:
    ``choose_loss`` has said why)."""
    with st.sidebar:
        loss = choose_loss()
        start = start_control()
        lr = lr_control()
        with advanced():
            steps = steps_control()
            opt, hyper = optimizer_control()
            noise, seed = noise_control()
            tol = tol_control()
            log_height = log_control()
    if loss is None:
        return None
    return Settings(loss, start, lr, steps, opt, hyper, tol, log_height, noise, seed)


# ---------------------------------------------------------------------------------------------
# Your own formula (pages/custom_loss.py)


@dataclass(frozen=True)
class Example:
    """A formula of the gallery, with a start and α that show what it teaches."""

    title: str
    expr: str
    start: tuple[float, float]
    lr: float
    lesson: str


GALLERY: tuple[Example, ...] = (
    Example(
        "narrow valley",
        "(1 - x)^2 + 10*(y - x^2)^2",
        (-1.5, 2.0),
        0.01,
        "gd zig-zags down the steep walls, then crawls along the curved floor.",
    ),
    Example(
        "plateau",
        "1 - exp(-(x^2 + 2*y^2))",
        (2.0, 1.2),
        0.5,
        "Far from the minimum ∇L is almost zero: the steps are tiny until the slope is found.",
    ),
    Example(
        "two minima",
        "(x^2 - 1)^2 + y^2",
        (0.3, 1.5),
        0.05,
        "Where you start decides which minimum you reach; between them lies a saddle.",
    ),
    Example(
        "saddle",
        "x^2 - y^2 + y^4/4",
        (1.5, 0.001),
        0.05,
        "∇L = 0 at the origin, which is no minimum: a start a hair off the ridge escapes.",
    ),
    Example(
        "ripples",
        "x^2 + y^2 + 2*sin(3*x)*sin(3*y)",
        (2.0, 1.6),
        0.02,
        "Many local minima: gd stops in the first one it meets.",
    ),
    Example(
        "log barrier",
        "x^2 + y^2 - log(x) - log(y)",
        (2.5, 0.2),
        0.1,
        "L is defined only for x, y > 0: a step that leaves the domain ends the run.",
    ),
)


def _use_example(example: Example) -> None:
    st.session_state["expr"] = example.expr
    st.session_state["view_auto"] = True
    st.session_state["x0"], st.session_state["y0"] = example.start
    set_lr(example.lr)


def gallery() -> None:
    """Instructive formulas, one click away."""
    st.caption(t("Try one:"))
    cols = st.columns(3)
    for i, example in enumerate(GALLERY):
        with cols[i % 3]:
            st.button(
                t(example.title),
                key=f"example_{i}",
                on_click=_use_example,
                args=(example,),
                help=f"{code(example.expr)} — {t(example.lesson)}",  # a tooltip renders Markdown: 100*(y-x^2)
                width="stretch",
            )


def _view_fields() -> Bounds | None:
    """The view of a formula: automatic, or typed in (None for automatic)."""
    auto = st.toggle(t("automatic view"), key="view_auto", bind="query-params", value=FIELDS["view_auto"].default)
    if auto:
        return None
    a, b = st.columns(2)
    with a:
        xmin = number_field(FIELDS["xmin"], fmt="%.4g")
        ymin = number_field(FIELDS["ymin"], fmt="%.4g")
    with b:
        xmax = number_field(FIELDS["xmax"], fmt="%.4g")
        ymax = number_field(FIELDS["ymax"], fmt="%.4g")
    if not (xmin < xmax and ymin < ymax):
        st.error(t("The view needs xmin < xmax and ymin < ymax; using the automatic view."))
        return None
    return (float(xmin), float(xmax)), (float(ymin), float(ymax))


def expression_control() -> Loss | None:
    """A formula typed by the user, safely parsed, or what is wrong with it (the page shows its
    LaTeX in the main area, where a long formula has room)."""
    text = st.text_input(
        t("your L(x, y)"),
        value=FIELDS["expr"].default,
        max_chars=MAX_LENGTH,
        key="expr",
        bind="query-params",
        help=t(
            "Variables `x`, `y` (or `w1`, `w2`); `+ - * /` and `**` or `^`; `sin cos tan exp log sqrt abs tanh "
            "sinh cosh arctan`; `pi` and `e`. Write `2*x`, not `2x`; decimals with a point, `0.5`."
        ),
    )
    bounds = _view_fields()
    try:
        loss = parse_loss(text, bounds)
    except ExpressionError as err:
        st.error(t("**This formula cannot be used:** {why}", why=err.message))
        if err.column is not None:
            marks = "^" * max(1, min(err.width, len(err.text) - err.column))  # under all of "sin", not just "s"
            st.code(f"{err.text}\n{' ' * err.column}{marks}", language=None)
        return None
    (x0, x1), (y0, y1) = loss.bounds
    if bounds is None and auto_points(loss):
        st.caption(
            t(
                "view: w1 in [{x0:g}, {x1:g}], w2 in [{y0:g}, {y1:g}] (around its stationary points)",
                x0=x0,
                x1=x1,
                y0=y0,
                y1=y1,
            )
        )
    elif bounds is None:
        # The view was framed around nothing: say so, and how far the search went.
        (s0, s1), _ = AUTO_SEARCH
        st.caption(
            t(
                "a default view: w1 in [{x0:g}, {x1:g}], w2 in [{y0:g}, {y1:g}]; this L has no stationary point "
                "with w1, w2 in [{s0:g}, {s1:g}] to frame",
                x0=x0,
                x1=x1,
                y0=y0,
                y1=y1,
                s0=s0,
                s1=s1,
            )
        )
    return loss


def domain_note(loss: Loss, view: figures.View) -> None:
    """Say where L is not defined in the view: those parts are gaps in the surface."""
    s = figures.surface(loss, view)
    missing = float(np.mean(~np.isfinite(s.z)))
    if missing > 0:
        st.info(
            t(
                "L is not a finite number on {share:.0%} of the view (a log or square root of a negative "
                "number, a division by zero, or overflow): those parts are gaps in the surface, and a run "
                "that steps into them ends there as diverged.",
                share=missing,
            )
        )


# ---------------------------------------------------------------------------------------------
# Computations (pure, cached on simple values)


def loss_key(loss: Loss) -> tuple[str, tuple[tuple[str, float], ...]]:
    if loss.name not in SPECS:  # a formula: its text is its identity
        return loss.title, ()
    return loss.name, tuple(sorted(loss.params.items()))


def loss_from_key(key: tuple[str, tuple[tuple[str, float], ...]]) -> Loss:
    """The loss a ``loss_key`` names: a built-in with its parameters, or a formula (both cached)."""
    name, params = key
    return get_loss(name, **dict(params)) if name in SPECS else parse_loss(name)


@st.cache_data(max_entries=64, show_spinner=False)
def _points(key: tuple[str, tuple[tuple[str, float], ...]], bounds: Bounds) -> list[StationaryPoint]:
    return stationary_points(loss_from_key(key), bounds)


def points_in_view(loss: Loss, bounds: Bounds) -> list[StationaryPoint]:
    """Stationary points in the view (cached per loss and view)."""
    if loss.name == "risk":  # convex: its one stationary point is the fit, known already
        return risk_points(loss)
    return _points(loss_key(loss), bounds)


def run_descent(s: Settings) -> Run:
    """The run the settings ask for (raises ValueError with a plain message on bad settings)."""
    return descend(
        s.loss, s.start, lr=s.lr, steps=s.steps, optimizer=s.optimizer, tol=s.tol, noise=s.noise, seed=s.seed, **s.hyper
    )


def outside_view(start: tuple[float, float], bounds: Bounds) -> bool:
    (x0, x1), (y0, y1) = bounds
    return not (x0 <= start[0] <= x1 and y0 <= start[1] <= y1)


# ---------------------------------------------------------------------------------------------
# The figure viewer: a v2 component that keeps the charts alive in the browser


def prepare_assets() -> None:
    """Put plotly.js (from the installed plotly package) beside viewer.js, once.

    The browser loads it from the component's asset directory; it is not kept in git because
    the plotly package pinned in requirements.txt already ships it.
    """
    target = ASSETS / "plotly.min.js"
    source = Path(pio.__file__).resolve().parents[1] / "package_data" / "plotly.min.js"
    if target.exists() and target.stat().st_size == source.stat().st_size:
        return
    fd, tmp = tempfile.mkstemp(dir=ASSETS, suffix=".tmp")
    os.close(fd)
    shutil.copyfile(source, tmp)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; a server running as another user must read it
    os.replace(tmp, target)


@functools.cache
def _viewer_component() -> Callable[..., Any]:
    """Register the viewer with the running Streamlit (its manifest is read at server start)."""
    prepare_assets()
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


def _on_start_click(key: str, bounds: Bounds, keys: tuple[str, str] = ("x0", "y0")) -> Callable[[], None]:
    def callback() -> None:
        value = st.session_state.get(key) or {}
        point = value.get("start") if hasattr(value, "get") else None
        if not point:
            return
        (x0, x1), (y0, y1) = bounds
        digits = max(0, 3 - math.floor(math.log10(max(x1 - x0, y1 - y0))))
        st.session_state[keys[0]] = round(float(point["x"]), digits)
        st.session_state[keys[1]] = round(float(point["y"]), digits)

    return callback


def _plotly_value(o: Any) -> Any:
    """JSON for numpy values as Plotly sends them: arrays as base64 typed arrays (Plotly's own
    conversion, which also narrows 64-bit integers that plotly.js cannot read)."""
    if isinstance(o, np.ndarray):
        spec = to_typed_array_spec(o)
        return spec if isinstance(spec, dict) else np.asarray(spec).tolist()
    if isinstance(o, np.generic):
        return o.item()
    if hasattr(o, "to_plotly_json"):
        return o.to_plotly_json()
    raise TypeError(f"not JSON serializable: {type(o).__name__}")


def _json(part: Any) -> str:
    return json.dumps(part, default=_plotly_value, separators=(",", ":"))


_STATIC_JSON: OrderedDict[str, str] = OrderedDict()


def _trace_json(trace: Mapping[str, Any]) -> str:
    """A trace as JSON; a trace named by ``figures.static_uid`` is encoded once per name."""
    uid = trace.get("uid")
    if not uid:
        return _json(trace)
    text = _STATIC_JSON.get(uid)
    if text is None:
        text = _STATIC_JSON[uid] = _json(trace)
        while len(_STATIC_JSON) > 256:
            _STATIC_JSON.popitem(last=False)
    return text


def _pack(fig: Any, known: set[str], sent: set[str]) -> tuple[str, str]:
    """The figure for the browser as JSON text: each trace once, as {h, t}; one the browser
    already holds as {ref: h}; the template likewise.

    Reads the figure's own dicts (``_data``, ``_layout``) instead of ``to_plotly_json()``, which
    deep-copies every array first; tests/test_app.py checks the result against ``pio.to_json``.
    Returns the text and the figure's identity (its layout and its traces' hashes).
    """
    if fig is None:
        return "null", ""
    hashes: list[str] = []

    def item(text: str) -> str:
        h = hashlib.blake2b(text.encode(), digest_size=10).hexdigest()
        sent.add(h)
        hashes.append(h)
        return f'{{"ref":"{h}"}}' if h in known else f'{{"h":"{h}","t":{text}}}'

    layout = dict(fig._layout)
    template = layout.pop("template", None)
    layout_text = _json(layout)
    parts = [f'"layout":{layout_text}', f'"traces":[{",".join(item(_trace_json(t)) for t in fig._data)}]']
    if template is not None:  # the same few kB in every figure: sent once too
        parts.append(f'"template":{item(_json(template))}')
    return "{" + ",".join(parts) + "}", layout_text + ",".join(hashes)


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
    }


def _forget_sent(sent_key: str) -> Callable[[], None]:
    def callback() -> None:
        st.session_state.pop(sent_key, None)

    return callback


def viewer(
    surface_fig: Any,
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
) -> None:
    """Show the 3-D view and the contour map side by side, playback and the curves below them.

    ``height`` and ``curves_height`` are the views' and the curves' heights in pixels; the
    component is as tall as what it holds (on a phone the two views stack).

    Below them, a download of the same view as one HTML file that works offline (``about``:
    the lines that describe it there).

    The browser keeps the charts between reruns: a new run updates them in place (the camera
    stays), playback runs there frame by frame, and a trace it already holds (the surface, the
    field) is not sent again: only what changed travels over the websocket.
    """
    if presenting():
        surface_fig = figures.emphasize(surface_fig, legend=False)
        contour_fig = figures.emphasize(contour_fig, legend=False)
        curves_fig = None if curves_fig is None else figures.emphasize(curves_fig)
    sent_key = f"_sent_{key}"
    known: set[str] = st.session_state.get(sent_key, set())
    sent: set[str] = set()
    packed, identity = zip(*(_pack(f, known, sent) for f in (surface_fig, contour_fig, curves_fig)))
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
        "labels": viewer_labels(),
        "locale": language(),
        "plotly_words": plotly_words(),
    }
    data = f'{{"surface":{packed[0]},"contour":{packed[1]},"curves":{packed[2]},"meta":{json.dumps(meta)}}}'
    _viewer_component()(
        key=key,
        data=data.encode(),
        # as tall as what it draws: the views side by side or stacked (a phone), the bar, the curves
        height="content",
        on_start_change=_on_start_click(key, bounds, start_keys),
        on_missing_change=_forget_sent(sent_key),
    )
    figs = (surface_fig, contour_fig, curves_fig)
    st.download_button(
        t("download this view (HTML, works offline)"),
        data=lambda: export_html(figs, meta, about).encode(),
        file_name="gdviz.html",
        mime="text/html",
        key=f"{key}_html",
        on_click="ignore",
        help=t("One file with the figures and playback, to open in any browser without a network."),
    )


def about_runs(loss: Loss, runs: Sequence[Run], labels: Sequence[str] = ()) -> list[str]:
    """Plain lines that say what a view shows: the loss, then each run's start, α and outcome."""
    name = t(loss.title) if loss.name in SPECS else loss.title
    lines = [t("Loss: {name}", name=name)]
    for i, run in enumerate(runs):
        label = f"{labels[i]}: " if i < len(labels) else ""
        w0 = run.path[0]
        lines.append(
            label
            + t(
                "W⁰ = ({x:.4g}, {y:.4g}), α = {lr:g}, {optimizer}; {outcome}.",
                x=w0[0],
                y=w0[1],
                lr=run.lr,
                optimizer=run.optimizer,
                outcome=run.message,
            )
        )
    return lines


def export_html(figs: Sequence[Any], meta: dict[str, Any], about: Sequence[str]) -> str:
    """The figures as a standalone page (every trace in full, none by reference)."""
    from .export import standalone_html

    surface, contour, curves = (json.loads(_pack(f, set(), set())[0]) for f in figs)
    payload = {"surface": surface, "contour": contour, "curves": curves, **meta}
    title = t("gdviz — gradient descent")
    return standalone_html(payload, title, list(about), language())


# ---------------------------------------------------------------------------------------------
# Guidance


def explore(settings: Settings, *, key: str) -> Run | None:
    """The Explorer's main area for any loss: status, the viewer, the gauge and the step table."""
    link_warning_box()
    if outside_view(settings.start, settings.loss.bounds):
        st.warning(
            t(
                "W⁰ = ({x:g}, {y:g}) lies outside the view of this loss; "
                "the run goes ahead, but the figures show only what falls inside.",
                x=settings.start[0],
                y=settings.start[1],
            )
        )
    try:
        run = run_descent(settings)
    except ValueError as err:
        st.error(t("This run cannot start: {why}.", why=err))
        return None
    status_box(run)
    view = figures.View(settings.loss.bounds, log_height=settings.log_height)
    if settings.loss.name not in SPECS:
        domain_note(settings.loss, view)
    viewer(
        figures.surface_figure(settings.loss, run, view),
        figures.contour_figure(settings.loss, run, view, points_in_view(settings.loss, view.bounds)),
        figures.curves_figure(run),
        key=key,
        run_id=f"{loss_key(settings.loss)}|{settings}",
        bounds=view.bounds,
        about=about_runs(settings.loss, [run]),
    )
    stability_gauge(settings, theory_at(settings), run=run)
    st.subheader(t("The update rule in numbers"))
    step_table(run)
    return run


def run_lines(labels: list[str], runs: list[Run]) -> None:
    """Several runs' outcomes, one line each (the message starts with the outcome: "converged after …")."""
    st.markdown("\n".join(f"- **{label}**: {run.message}" for label, run in zip(labels, runs)))


def status_box(run: Run, more: str | None = None) -> None:
    """The run's outcome in plain words, coloured by what happened.

    Green: converged to a minimum. Yellow: converged to a saddle or a maximum, escaping
    (L → −∞), oscillating, or out of steps. Blue: converged where the Hessian cannot tell.
    Red: diverged, or L still rising. ``more`` is the advice for a run that merely ran out of
    steps (by default: raise the steps, or try another α).
    """
    trend = run.trend
    # the message starts with the outcome ("converged after 12 steps: ‖∇L(W)‖ ≤ 1e-08"): that lead in bold
    lead, colon, rest = run.message.partition(": ")
    text = f"**{lead}**{colon}{rest}."
    if run.status == CONVERGED:
        show = {"saddle": st.warning, "maximum": st.warning, "degenerate": st.info}.get(run.kind, st.success)
        show(text)
    elif trend == "escaping" or trend == "oscillating":
        st.warning(text)
    elif run.status == DIVERGED or trend == "rising":
        st.error(text)
    else:
        hint = t("Raise the steps, or try another α.") if more is None else more
        st.warning(f"{text} {hint}".strip())


def theory_or_none(loss: Loss, point: tuple[float, float] | None = None) -> StepSizeTheory | None:
    """Step-size theory at ``point`` (default: the first known minimum), None if not finite there."""
    try:
        return step_size_theory(loss, point)
    except ValueError:
        return None


def theory_at(s: Settings) -> StepSizeTheory | None:
    """Step-size theory: exact for a quadratic, else from the Hessian at W⁰ (None if not finite)."""
    return theory_or_none(s.loss, None if s.loss.is_quadratic else s.start)


def _set_lesson_lr(lr: float) -> None:
    st.session_state["lesson_lr"] = float(f"{lr:.6g}")


class _Apart(float):
    """A number that keeps apart from ``bound`` when formatted: ``{:.3g}`` writes as many more
    digits as it takes not to read as the bound. At α* on a narrow valley (κ = 144,000) α·λmax =
    2κ/(κ + 1) = 1.99999, which 3 digits write "2 < 2"; so the gauge's sentences stay true."""

    bound: float

    def __new__(cls, value: float, bound: float) -> _Apart:
        number = super().__new__(cls, value)
        number.bound = bound
        return number

    def __format__(self, spec: str) -> str:
        text = float.__format__(self, spec)
        digits = int(spec[1:-1]) if spec.startswith(".") and spec.endswith("g") else 17
        while float(text) == self.bound != float(self) and digits < 17:
            digits += 1
            text = float.__format__(self, f".{digits}g")
        return text


def stability_gauge(
    s: Settings,
    theory: StepSizeTheory | None,
    at: str = "W⁰",
    set_alpha: Callable[[float], None] = set_lr,
    run: Run | None = None,
) -> None:
    """α·λmax against 2, with α* = 2/(λmin + λmax) one click away where it is exact, and for gd a
    verdict: green below 2, red from 2 on, at the point the Hessian was taken (``at`` names it).
    α* goes through ``set_alpha``, the page's own α.

    For a quadratic the Hessian is the same everywhere and the verdict is exact: stable or
    unstable. Elsewhere it holds near that point only; a run goes where L curves differently, so
    below 2 the gauge promises nothing about the run. When the ``run`` is known the gauge also
    reads α·λmax at every point it visited: green only if below 2 there too, yellow from the step
    where it crossed 2 (the run may still settle), so that it never contradicts the run's status.
    α* off a quadratic is only shown, not offered: the best α for the curvature at one point can
    diverge where the run goes (Rosenbrock from (0, 0)).
    """
    if theory is None:
        st.info(t("The Hessian is not finite at {at}: no step-size estimate here.", at=at))
        return
    here = t("{at} = ({x:.4g}, {y:.4g})", at=at, x=theory.point[0], y=theory.point[1])
    where = (
        t("exact: the Hessian is the same everywhere")
        if theory.exact
        else t("local: the curvature at {at} only", at=here)
    )
    low, high = theory.eigenvalues
    ratio = theory.stability(s.lr)
    ratio = None if ratio is None else _Apart(ratio, 2)
    path = None
    if run is not None and not theory.exact and s.optimizer == "gd":
        path = path_curvature(s.loss, run.path, s.lr)
    cols = st.columns([3, 2])
    with cols[0]:
        if ratio is None:
            st.markdown(
                t(
                    "λmax = {high:.4g} ≤ 0 at {at} ({where}): no curvature bound on α here.",
                    high=high,
                    at=at,
                    where=where,
                )
            )
        else:
            st.progress(
                min(ratio / 2, 1.0), text=t("α·λmax = {ratio:.3g}, against 2 — {where}", ratio=ratio, where=where)
            )
            caption = t(
                "Hessian eigenvalues λ = {low:.4g}, {high:.4g}; 2/λmax = {top:.4g}",
                low=low,
                high=high,
                top=theory.lr_max,
            )
            if path is not None:
                caption += "; " + t(
                    "along the path the largest α·λmax is {peak:.3g}, at step {step}",
                    peak=path.peak,
                    step=path.peak_step,
                )
            st.caption(caption)
    with cols[1]:
        if theory.lr_best is not None and theory.exact:
            st.button(
                t("use α* = {best:.4g}", best=theory.lr_best),
                on_click=set_alpha,
                args=(theory.lr_best,),
                help=t("α* = 2/(λmin + λmax): the fastest contraction for gd on this quadratic model"),
                key="use_best_lr",
            )
        elif theory.lr_best is not None:
            st.caption(
                t(
                    "α* = 2/(λmin + λmax) = {best:.4g} at {at} is the best step for the curvature there only; "
                    "where the run goes L curves differently and that α can diverge, so it is not offered as a "
                    "setting.",
                    best=theory.lr_best,
                    at=at,
                )
            )
    if s.optimizer != "gd":
        return
    if ratio is None:
        # No bound at W⁰ (L curves down there in every direction), but the run met curvature later.
        if path is not None and path.crossed is None:
            st.success(
                t(
                    "Along the path α·λmax stays below 2 at every point the run visited (at most {peak:.3g}, at "
                    "step {step}): there the steps of α = {lr:g} do not overshoot.",
                    peak=path.peak,
                    step=path.peak_step,
                    lr=s.lr,
                )
                if path.peak <= 1
                else t(
                    "Along the path α·λmax stays below 2 at every point the run visited (at most {peak:.3g}, at "
                    "step {step}). Where it is above 1 the steps of α = {lr:g} overshoot along the steepest direction "
                    "(1 − αλmax < 0: the path zig-zags), but below 2 they still shrink the error there.",
                    peak=path.peak,
                    step=path.peak_step,
                    lr=s.lr,
                )
            )
        elif path is not None:
            st.warning(
                t(
                    "Along the path α·λmax reached 2 at step {crossed}, and {peak:.3g} at step {step}: where it is "
                    "above 2 the steps of α = {lr:g} overshoot; the run may still settle, or diverge (its status "
                    "above says which).",
                    crossed=path.crossed,
                    peak=path.peak,
                    step=path.peak_step,
                    lr=s.lr,
                )
            )
        return
    values = {
        "lr": s.lr,
        "ratio": ratio,
        "factor": _Apart(abs(1 - ratio), 1),
        "signed": _Apart(1 - ratio, 0),
        "top": theory.lr_max,
        "at": at,
        "low": low,
    }
    if ratio < 2:
        if path is not None and path.crossed is not None:
            st.warning(
                t(
                    "α·λmax = {ratio:.3g} < 2 at {at}, but not along the path: at step {crossed} the run reached "
                    "where L curves more and α·λmax ≥ 2, up to {peak:.3g} at step {step}. Where it is above 2 the "
                    "steps of α = {lr:g} overshoot; the run may still settle, or diverge (its status above says "
                    "which).",
                    crossed=path.crossed,
                    peak=path.peak,
                    step=path.peak_step,
                    **values,
                )
            )
        elif path is not None:
            # Below 1 no step overshoots (1 − αλ ≥ 0); between 1 and 2 each overshoots and shrinks: a zig-zag.
            st.success(
                t(
                    "α·λmax = {ratio:.3g} < 2 at {at}, and below 2 at every point the run visited (at most "
                    "{peak:.3g}, at step {step}): along this path the steps of α = {lr:g} do not overshoot.",
                    peak=path.peak,
                    step=path.peak_step,
                    **values,
                )
                if path.peak <= 1
                else t(
                    "α·λmax = {ratio:.3g} < 2 at {at}, and below 2 at every point the run visited (at most "
                    "{peak:.3g}, at step {step}). Where it is above 1 the steps of α = {lr:g} overshoot along the "
                    "steepest direction (1 − αλmax < 0: the path zig-zags), but below 2 they still shrink the error "
                    "there.",
                    peak=path.peak,
                    step=path.peak_step,
                    **values,
                )
            )
        elif not theory.exact:
            st.success(
                t(
                    "α·λmax = {ratio:.3g} < 2 at {at}: near there the steps of α = {lr:g} do not overshoot. This is "
                    "local: where the run goes L curves differently, so it does not promise that the run converges.",
                    **values,
                )
                if ratio <= 1
                else t(
                    "α·λmax = {ratio:.3g} < 2 at {at}: near there each step of α = {lr:g} overshoots along the "
                    "steepest direction (1 − αλmax = {signed:.3g} < 0: the path zig-zags) but shrinks the error along "
                    "it by |1 − αλmax| = {factor:.3g} < 1. This is local: where the run goes L curves differently, so "
                    "it does not promise that the run converges.",
                    **values,
                )
            )
        elif low > 0:
            st.success(
                t(
                    "α = {lr:g} is stable: α·λmax = {ratio:.3g} < 2, so each step multiplies the error by at most "
                    "max |1 − αλ| = {rate:.3g} < 1, in every direction; gd converges from any W⁰.",
                    rate=_Apart(theory.rate(s.lr), 1),
                    **values,
                )
                + " "
                + (
                    t("No step overshoots: α·λmax ≤ 1, so 1 − αλ ≥ 0 in every direction.")
                    if ratio <= 1
                    else t(
                        "Along the steepest direction 1 − αλmax = {signed:.3g} < 0: each step overshoots the minimum "
                        "there, so the path zig-zags while it shrinks.",
                        **values,
                    )
                )
            )
        else:
            st.success(
                t(
                    "α·λmax = {ratio:.3g} < 2: no step overshoots along the direction where L curves up. Along "
                    "λmin = {low:.4g} ≤ 0 L does not curve up, and no α makes gd converge there (unless W⁰ has "
                    "nothing along it).",
                    **values,
                )
                if ratio <= 1
                else t(
                    "α·λmax = {ratio:.3g} < 2: along the direction where L curves up each step overshoots "
                    "(1 − αλmax = {signed:.3g} < 0: the path zig-zags) but shrinks the error by |1 − αλmax| = "
                    "{factor:.3g} < 1. Along λmin = {low:.4g} ≤ 0 L does not curve up, and no α makes gd converge "
                    "there (unless W⁰ has nothing along it).",
                    **values,
                )
            )
    elif theory.exact and ratio == 2:
        st.error(
            t(
                "α = {lr:g} = 2/λmax exactly: along the steepest direction each step flips the error's sign without "
                "shrinking it, so gd oscillates there for ever.",
                **values,
            )
        )
    elif theory.exact:
        message = t(
            "α = {lr:g} will diverge: α·λmax = {ratio:.3g} > 2, so each step overshoots along the steepest direction "
            "by a factor |1 − αλmax| = {factor:.3g}.",
            **values,
        )
        if low > 0:
            message += " " + t("Any α below 2/λmax = {top:.4g} is stable.", **values)
        st.error(message)
    else:
        # Red unless the run is known not to have diverged: then its status and this box agree.
        show = st.warning if run is not None and run.status != DIVERGED else st.error
        show(
            t(
                "α = {lr:g} is likely to diverge near {at}: α·λmax = {ratio:.3g} > 2, so steps there overshoot along "
                "the steepest direction and grow the error by a factor |1 − αλmax| = {factor:.3g}. Below "
                "2/λmax = {top:.4g} they would shrink it there; elsewhere the curvature differs.",
                **values,
            )
        )


def show_table(rows: Sequence[Mapping[str, Any]] | Mapping[str, Sequence[Any]], **kw: Any) -> None:
    """A table (rows, or columns) with its numbers written as ``i18n.number`` does: — for a missing
    value, 4e-17 rather than 0.00000000000000004 (texts are shown as they are)."""
    if isinstance(rows, Mapping):
        cells: Any = {k: [number(v) for v in np.asarray(column).tolist()] for k, column in rows.items()}
    else:
        cells = [{k: v if isinstance(v, str) else number(v) for k, v in row.items()} for row in rows]
    st.dataframe(cells, hide_index=True, **kw)


def table_csv(run: Run) -> bytes:
    """The step table as CSV, floats written in full (repr).

    UTF-8 with a byte-order mark: without it spreadsheet programs guess a legacy encoding and
    the header "α·dL/dw1" reads "Î±Â·dL/dw1".
    """
    columns = run.table()
    names = list(columns)
    lines = [",".join(names)]
    for row in zip(*(columns[n] for n in names)):
        lines.append(",".join(str(int(v)) if i == 0 else repr(float(v)) for i, v in enumerate(row)))
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def step_table(run: Run) -> None:
    """The slide's update rule in numbers, with the whole table as CSV."""
    st.download_button(
        t("download the steps (CSV)"),
        data=lambda: table_csv(run),
        file_name=f"gdviz-{run.optimizer}-lr{run.lr:g}.csv",
        mime="text/csv",
        key="download_steps",
        on_click="ignore",
    )
    if st.toggle(t("show the step table"), key="show_table", help=t("Wᵗ⁺¹ = Wᵗ − α∇L(Wᵗ), row by row")):
        show_table(run.table(), height=320)


# ---------------------------------------------------------------------------------------------
# The learning-rate lab (pages/learning_rate.py)

LAB_KEYS = ("lr1", "lr2", "lr3")


def _sweep_range(theory: StepSizeTheory | None) -> tuple[float, float]:
    """The α the sweep covers: four decades up to 1.6 × 2/λmax (the whole α range without a bound)."""
    top = theory.lr_max * 1.6 if theory is not None and theory.lr_max else LR_MAX
    return max(top / 1e4, LR_MIN), min(top, LR_MAX)


def lab_presets(
    loss: Loss, start: tuple[float, float], theory: StepSizeTheory | None, steps: int, tol: float
) -> tuple[float, float, float] | None:
    """ "Too small / about right / too large", each read off an actual gd run from ``start``.

    About right: the α that converges to a minimum in the fewest steps (on a quadratic, about α*).
    Too small: the largest α at most a tenth of it whose run is slow (out of steps, or at least 3×
    as many) without diverging. Too large: the smallest larger α whose run diverges (within half
    the steps, if any α does). The α are swept from the sweep's lowest up to the top of the α
    range, 40 a decade, at 3 significant digits, so a preset is exactly an α whose run was
    checked. None when no α fits a part.
    """
    lo = _sweep_range(theory)[0]
    lrs, runs = _sweep(loss_key(loss), start, lo, LR_MAX, steps, tol, round(40 * math.log10(LR_MAX / lo)))
    minimum = np.array([s == CONVERGED and kind_at(loss, w) == "minimum" for s, w in zip(runs.status, runs.final)])
    if not minimum.any():
        return None
    best = int(np.flatnonzero(minimum)[np.argmin(runs.steps[minimum])])
    slow = (
        (lrs <= lrs[best] / 10)
        & (runs.status != DIVERGED)
        & ((runs.status == MAX_STEPS) | (runs.steps >= 3 * runs.steps[best]))
    )
    large = (lrs > lrs[best]) & (runs.status == DIVERGED)
    if not slow.any() or not large.any():
        return None
    # Preferably one that is declared diverged by half-way through the playback, not at its end.
    early = large & (runs.steps <= steps // 2)
    return float(lrs[slow][-1]), float(lrs[best]), float(lrs[early if early.any() else large][0])


def _set_lab(key: tuple[Any, ...], start: tuple[float, float]) -> None:
    """The preset button's callback: at click time the sidebar's steps and tolerance are known."""
    loss = loss_from_key(key)
    values = lab_presets(loss, start, theory_or_none(loss), int(st.session_state["steps"]), st.session_state["tol"])
    st.session_state["_lab_no_preset"] = values is None
    for name, value in zip(LAB_KEYS, values or ()):
        st.session_state[name] = value


def lr_list_control(loss: Loss, start: tuple[float, float]) -> list[float]:
    """Three learning rates side by side, and the preset that makes the point."""
    st.markdown(t("**learning rates α**"))
    cols = st.columns(3)
    lrs = []
    for col, key in zip(cols, LAB_KEYS):
        with col:
            lrs.append(float(number_field(FIELDS[key], fmt="%.4g")))
    st.button(
        t("too small / about right / too large"),
        key="lab_preset",
        on_click=_set_lab,
        args=(loss_key(loss), start),
        help=t(
            "Three α from gd runs of this loss from W⁰: the one that converges to a minimum in the fewest "
            "steps, one at most a tenth of it that is slow, and the smallest larger one that diverges."
        ),
        width="stretch",
    )
    if st.session_state.pop("_lab_no_preset", False):
        st.warning(
            t(
                "No α from this W⁰ both converges to a minimum within the steps and has a slow and a "
                "diverging α beside it: raise the steps (under advanced), or move W⁰."
            )
        )
    return lrs


def theory_panel(theory: StepSizeTheory | None, lrs: list[float]) -> None:
    """For gd near a minimum: eigenvalues, condition number, contraction per step for each α."""
    if theory is None:
        st.info(t("The Hessian is not finite at the minimum: no step-size theory here."))
        return
    low, high = theory.eigenvalues
    where = (
        t("exact: the Hessian is the same everywhere")
        if theory.exact
        else t("a local estimate from the Hessian at ({x:.3g}, {y:.3g})", x=theory.point[0], y=theory.point[1])
    )
    lines = [t("Hessian eigenvalues λmin = {low:.4g}, λmax = {high:.4g} ({where}).", low=low, high=high, where=where)]
    if theory.condition is not None and theory.lr_best is not None and theory.best_rate is not None:
        lines.append(
            t(
                "Condition number κ = λmax/λmin = {kappa:.4g}; gd is stable for α < 2/λmax = {top:.4g}, fastest "
                "at α* = 2/(λmin + λmax) = {best:.4g}, where the error shrinks by (κ − 1)/(κ + 1) = {rate:.4g} "
                "per step.",
                kappa=theory.condition,
                top=theory.lr_max,
                best=theory.lr_best,
                rate=theory.best_rate,
            )
        )
    st.markdown("  \n".join(lines))
    rows = []
    for lr in lrs:
        rate = theory.rate(lr)
        rows.append(
            {
                "α": lr,
                "α·λmax": lr * high,
                t("contraction per step max|1 − αλ|"): rate,
                t("verdict"): verdict(theory, lr),
                t("steps to shrink the error 10⁶×"): (
                    math.ceil(math.log(1e-6) / math.log(rate)) if 0 < rate < 1 else None
                ),
            }
        )
    show_table(rows)


def verdict(theory: StepSizeTheory, lr: float) -> str:
    """What the quadratic model says gd does at ``lr``: converges, diverges, or (at α·λmax = 2)
    oscillates forever: the error along the steepest direction flips sign at every step, same size."""
    rate = theory.rate(lr)
    if math.isclose(lr * theory.eigenvalues[1], 2.0, rel_tol=1e-9):
        return t("oscillates forever") if theory.exact else t("on the edge: α·λmax = 2")
    if rate > 1:
        return t("diverges")
    return t("converges") if rate < 1 else t("stalls")


@st.cache_data(max_entries=32, show_spinner=False)
def _sweep(  # type: ignore[no-untyped-def]
    key: tuple[Any, ...], start: tuple[float, float], lo: float, hi: float, steps: int, tol: float, n: int = 160
):
    from .descent import sweep_lr

    # At 3 significant digits, so that any α of the sweep can be typed and shown as it is.
    lrs = np.unique([float(f"{v:.3g}") for v in np.geomspace(lo, hi, n)])
    return lrs, sweep_lr(loss_from_key(key), start, lrs, steps=steps, tol=tol)


def lr_sweep(loss: Loss, start: tuple[float, float], theory: StepSizeTheory | None, steps: int, tol: float) -> None:
    """Steps to converge and final loss for 160 α at once, with the theory's marks."""
    lo, hi = _sweep_range(theory)
    lrs, runs = _sweep(loss_key(loss), start, lo, hi, steps, tol)
    st.plotly_chart(charts.sweep_figure(lrs, runs, theory), key="sweep", config=chart_config())
    counts = {k: int(np.sum(runs.status == k)) for k in ("converged", "max_steps", "diverged")}
    st.caption(
        tn(
            "{count} values of α from {lo:.2g} to {hi:.2g}, each a full gd run of at most {n} step from W⁰, "
            "computed together: {converged} converged, {max_steps} ran out of steps, {diverged} diverged (shaded).",
            "{count} values of α from {lo:.2g} to {hi:.2g}, each a full gd run of at most {n} steps from W⁰, "
            "computed together: {converged} converged, {max_steps} ran out of steps, {diverged} diverged (shaded).",
            steps,
            count=len(lrs),
            lo=lo,
            hi=hi,
            **counts,
        )
    )


# ---------------------------------------------------------------------------------------------
# The optimizer race (pages/optimizers.py)

RACE_DEFAULT = ("gd", "momentum", "adam")
RACE_STEPS = 600
"""The race's own default steps: on the default quadratic gd converges in 232, momentum (β = 0.9)
in 374 and Adam in 406, so each entrant finishes rather than two of three ending at max steps."""
RACE_LR = {"adam": 0.05, "adagrad": 0.5, "rmsprop": 0.01, "newton": 1.0, "linesearch": 1.0}


@dataclass(frozen=True)
class Entrant:
    """One optimizer in the race: its name, α and hyperparameters."""

    optimizer: str
    lr: float
    hyper: dict[str, Any]


def race_controls() -> list[Entrant]:
    """Which optimizers race, each with its own α and hyperparameters."""
    chosen = st.multiselect(
        t("optimizers"),
        options=list(OPTIMIZERS),
        default=list(RACE_DEFAULT),
        key="race",
        bind="query-params",
        max_selections=6,
        help=optimizer_help(),
    )
    entrants = []
    for opt in chosen:
        f = FIELDS[f"race_lr_{opt}"]
        with st.expander(t("{name}: α and hyperparameters", name=opt), expanded=False):
            lr = float(number_field(f, fmt="%.6g"))
            hyper = hyper_controls(opt)
        entrants.append(Entrant(opt, lr, hyper))
    return entrants


for _opt in OPTIMIZERS:
    FIELDS[f"race_lr_{_opt}"] = Field(f"race_lr_{_opt}", "α", RACE_LR.get(_opt, 0.08), 1e-8, 100.0)


def race(
    loss: Loss,
    start: tuple[float, float],
    entrants: list[Entrant],
    steps: int,
    tol: float,
    same_budget: bool,
    noise: float,
    seed: int,
) -> list[Run]:
    """Run every entrant from W⁰: ``steps`` steps each, or with ``same_budget`` as many as
    ``steps`` evaluations pay for (``descent.descend_on_budget``)."""
    runs = []
    for e in entrants:
        kw = dict(lr=e.lr, optimizer=e.optimizer, tol=tol, noise=noise, seed=seed, **e.hyper)
        runs.append(
            descend_on_budget(loss, start, steps, **kw) if same_budget else descend(loss, start, steps=steps, **kw)
        )
    return runs


def race_table(loss: Loss, entrants: list[Entrant], runs: list[Run], points: list[StationaryPoint]) -> None:
    """Steps, the evaluations each run made and their cost, final loss, distance to the nearest
    minimum, status."""
    minima = list(loss.minima) or [p.point for p in points if p.kind == "minimum"]
    rows = []
    for e, run in zip(entrants, runs):
        distance = min((math.dist(run.final, m) for m in minima), default=None)
        gradients, hessians, values = (int(v) for v in run.evaluations[-1])
        rows.append(
            {
                t("optimizer"): e.optimizer,
                "α": e.lr,
                t("status"): outcome_name(run.status, run.kind, run.trend),
                t("steps"): run.steps,
                t("∇L evaluations"): gradients,
                t("Hessian evaluations"): hessians,
                t("L evaluations"): values,
                t("cost"): int(run.cost()[-1]),
                t("final L"): run.value,
                t("‖∇L‖ at the end"): float(run.grad_norms[-1]),
                t("distance to the nearest minimum"): distance,
            }
        )
    show_table(rows)


# ---------------------------------------------------------------------------------------------
# Stationary points (pages/stationary_points.py)


def point_label(p: StationaryPoint) -> str:
    return t("{kind} at ({x:.4g}, {y:.4g})", kind=t(p.kind), x=p.point[0], y=p.point[1])


WHY_KIND = {
    "minimum": "both eigenvalues > 0: L curves up in every direction",
    "maximum": "both eigenvalues < 0: L curves down in every direction",
    "saddle": "one eigenvalue > 0, one < 0: up one way, down the other",
    "degenerate": "an eigenvalue is 0: the Hessian cannot tell",
}


def points_table(points: list[StationaryPoint]) -> None:
    show_table(
        [
            {
                t("kind"): t(p.kind),
                "w1": p.point[0],
                "w2": p.point[1],
                "L": p.value,
                "λ1": p.eigenvalues[0],
                "λ2": p.eigenvalues[1],
                t("why"): t(WHY_KIND[p.kind]),
            }
            for p in points
        ]
    )


def model_control(points: list[StationaryPoint]) -> StationaryPoint | None:
    """Which stationary point to show the local quadratic model of (or none).

    The link names the point by its coordinates (``sp_model=0,0``), the menu by its kind and
    coordinates in the page's language ("sela em (0, 0)").
    """
    by_key = {f"{p.point[0]:.4g},{p.point[1]:.4g}": p for p in points}
    options = ["none", *by_key]
    if st.session_state.get("sp_model") not in options:
        st.session_state["sp_model"] = "none"
    choice = linked_selectbox(
        t("show the quadratic model L(p) + ½ dᵀHd at"),
        "sp_model",
        options,
        lambda v: point_label(by_key[v]) if v in by_key else t("none"),
    )
    return by_key.get(choice)


SADDLE_LABELS = ("gd on the stable direction", "gd slightly off it", "Newton from the same start")
SADDLE_LOSSES = ("saddle", "himmelblau", "six_hump_camel")  # the losses the page suggests for it
SADDLE_DEFAULT_LOSS = "himmelblau"  # the stationary points page opens on a loss with saddles
SADDLE_DISTANCE = 0.02  # the demonstration's starts are this part of the view from the saddle


def saddle_control(points: list[StationaryPoint]) -> StationaryPoint | None:
    """Which saddle the demonstration runs at (None: no saddle in view); a choice only when
    there are several. The link holds the saddle's coordinates, the same in both languages."""
    saddles = {f"({p.point[0]:.4g}, {p.point[1]:.4g})": p for p in points if p.kind == "saddle"}
    if len(saddles) < 2:
        return next(iter(saddles.values()), None)
    options = list(saddles)
    if st.session_state.get("sp_saddle") not in options:
        st.session_state["sp_saddle"] = options[0]
    choice = st.selectbox(t("the saddle demonstration at"), options=options, key="sp_saddle", bind="query-params")
    return saddles[choice]


@st.cache_data(max_entries=64, show_spinner=False)
def _saddle_demo(key: tuple[str, tuple[tuple[str, float], ...]], saddle: tuple, distance: float, lr: float | None):  # type: ignore[no-untyped-def]
    from .analysis import saddle_demo

    return saddle_demo(loss_from_key(key), StationaryPoint(*saddle), distance, lr)


def saddle_demonstration(
    loss: Loss, saddle: StationaryPoint | None, lr: float | None, view: figures.View
) -> tuple[list[Run], str]:
    """gd from the stable direction goes into the saddle; slightly off it, it escapes; Newton
    from the second start goes to the saddle anyway (``analysis.saddle_demo``, cached). The
    runs, and what they did in words. ``lr`` None: α from the curvature near the saddle."""
    if saddle is None:
        return [], t(
            "This loss has no saddle point in view. Pick one of {names} to see gradient descent stop where ∇L = 0 "
            "without a minimum.",
            names=", ".join(f"**{name}**" for name in SADDLE_LOSSES),
        )
    (x0, x1), (y0, y1) = view.bounds
    fields = (saddle.point, saddle.value, saddle.kind, saddle.eigenvalues)  # a cache key of plain values
    demo = _saddle_demo(loss_key(loss), fields, SADDLE_DISTANCE * min(x1 - x0, y1 - y0), lr)
    runs = list(demo.runs)
    near = 1e-4 * (x1 - x0)

    def where(run: Run) -> str:
        d = math.dist(run.final, saddle.point)
        at = t("at the saddle") if d < near else t("{d:.3g} away from the saddle", d=d)
        return tn(
            "{status} after {n} step, {at}, with ‖∇L‖ = {norm:.2g}",
            "{status} after {n} steps, {at}, with ‖∇L‖ = {norm:.2g}",
            run.steps,
            # the trend only: a run into the saddle "converged … at the saddle" says it once
            status=outcome_name(run.status, trend=run.trend),
            at=at,
            norm=run.grad_norms[-1],
        )

    low, high = saddle.eigenvalues
    labels = [t(label) for label in SADDLE_LABELS]
    alpha = (
        t(
            "gd takes α = {lr:.3g}, half of 1/max |λ| near the saddle, so that no step overshoots",
            lr=demo.lr,
        )
        if lr is None
        else t("gd takes the α you chose, {lr:g}", lr=demo.lr)
    )
    text = (
        t(
            "The saddle at ({x:.4g}, {y:.4g}) has Hessian eigenvalues {l1:.3g} and {l2:.3g}; {alpha}. Three runs "
            "start {d:.2g} from it and stop once ‖∇L‖ ≤ {tol:.1e}:",
            x=saddle.point[0],
            y=saddle.point[1],
            l1=low,
            l2=high,
            alpha=alpha,
            d=demo.distance,
            tol=demo.tol,
        )
        + "\n\n"
        + f"- **{labels[0]}**, "
        + t("from ({x:.7g}, {y:.7g})", x=demo.on[0], y=demo.on[1])
        + f": {where(runs[0])}.\n"
        + f"- **{labels[1]}** "
        + t("({offset:.2g} along the direction where L curves down), ", offset=demo.offset)
        + t("from ({x:.7g}, {y:.7g})", x=demo.off[0], y=demo.off[1])
        + f": {where(runs[1])}.\n"
        + f"- **{labels[2]}**: {where(runs[2])}.\n\n"
        + t(
            "∇L = 0 at a saddle, so gradient descent that reaches it exactly has nothing left to follow and stops: "
            "∇L = 0 means a local optimum *or at least a saddle point*. The smallest push along the direction "
            "where L curves down grows at every step, and the run escapes. Newton's method heads for wherever "
            "∇L = 0 nearby, saddles included."
        )
    )
    if math.dist(runs[0].final, saddle.point) >= near:
        text += "\n\n" + t(
            "Here the first run did not end at the saddle: each step multiplies its distance along the stable "
            "direction by |1 − αλ₊| = {shrink:.3g} (it comes closer only when this is below 1), and any error "
            "off that direction by |1 − αλ₋| = {grow:.3g}.",
            shrink=abs(1 - demo.lr * high),
            grow=abs(1 - demo.lr * low),
        )
    return runs, text


# ---------------------------------------------------------------------------------------------
# Basins of attraction (pages/basins.py)


@st.cache_data(max_entries=16, show_spinner=False)
def basins_of(key: tuple[Any, ...], n: int, lr: float, steps: int, opt: str, tol: float, hyper: tuple[Any, ...]):  # type: ignore[no-untyped-def]
    """The basins for a loss (by key), cached on simple values."""
    from .analysis import basins

    return basins(loss_from_key(key), None, n, lr, steps, opt, tol, **dict(hyper))


BASIN_UPDATES = 40_000_000
"""The most descent updates one basins map may ask for (starts × steps): a 300 × 300 grid at
5,000 steps would hold a server core for a minute."""


def basin_steps(n: int, steps: int) -> int:
    """The steps a basins map of n × n starts can afford, with a warning when that is fewer."""
    most = max(1, BASIN_UPDATES // (n * n))
    if steps <= most:
        return steps
    st.warning(
        t(
            "{n} × {n} starts × {steps:,} steps would be {updates:,} updates, more than one map may ask for "
            "({most:,}): this map runs {capped:,} steps. Lower the grid for more steps.",
            n=n,
            steps=steps,
            updates=n * n * steps,
            most=BASIN_UPDATES,
            capped=most,
        )
    )
    return most


def basin_start(event: Any, bounds: Bounds) -> tuple[float, float] | None:
    """The start the user clicked on the basin map, if any."""
    try:
        point = event.selection.points[0]
        x, y = float(point["x"]), float(point["y"])
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return None
    (x0, x1), (y0, y1) = bounds
    return (x, y) if x0 <= x <= x1 and y0 <= y <= y1 else None


def whole_percents(counts: Sequence[int]) -> list[int]:
    """Counts as whole percentages that add up to 100 (largest remainder: thirds are 34, 33, 33,
    not 33 + 33 + 33 = 99)."""
    counts = np.asarray(counts, dtype=float)
    exact = 100 * counts / counts.sum()
    whole = np.floor(exact).astype(int)
    # the rounding still owed goes to the largest remainders, ties to the earlier entry
    owed = 100 - int(whole.sum())
    whole[np.argsort(-(exact - whole), kind="stable")[:owed]] += 1
    return whole.tolist()


def basins_summary(b: Any) -> str:
    n = b.label.size
    # −1 is every run that ended at no minimum: out of steps, or converged at a saddle or a maximum
    labels = [*range(len(b.minima)), -1, -2]
    counts = [int(np.sum(b.label == i)) for i in labels]
    share = dict(zip(labels, whole_percents(counts)))
    parts = [t("{share}% reach ({x:.3g}, {y:.3g})", share=share[i], x=m[0], y=m[1]) for i, m in enumerate(b.minima)]
    rest = {t("reach no minimum"): -1, t("diverged"): -2}
    parts += [f"{share[i]}% {name}" for name, i in rest.items() if counts[labels.index(i)] > 0]
    return t("{n:,} starts: ", n=n) + ", ".join(parts) + "."


# ---------------------------------------------------------------------------------------------
# The empirical risk (pages/empirical_risk.py)

UPLOAD = "upload"
"""The data menu's choice of a CSV file, as the link names it (data=upload)."""
UPLOAD_LABEL = "upload a CSV…"


RISK_STEPS = 3000
"""The empirical-risk page's own default steps: at α* full-batch gd fits study_hours' logistic
risk (κ ≈ 290) in about 2,600 steps; 300 left it far from ★."""


def sgd_note(run: Run) -> None:
    """Why mini-batch SGD ended at max steps: with a fixed α it does not settle (more steps would
    not help), so say that rather than advise raising them."""
    if run.status == MAX_STEPS:
        st.caption(
            t(
                "Mini-batch SGD with a fixed α does not settle: each batch's gradient differs from the full "
                "risk's, so near the minimum its steps jitter around it and the full ‖∇L‖ does not fall to "
                "{tol:g}, however many epochs it runs. Full-batch gd is the one that converges.",
                tol=run.tol,
            )
        )


def _data_names(model: str) -> list[str]:
    """The model's built-in data sets in the menu's order, the link's default (line) first."""
    return sorted((k for k, v in BUILTINS.items() if v.model == model), key=lambda k: k != FIELDS["data"].default)


def risk_preset(model: str, data: Any, center: bool = False, scale: bool = False) -> dict[str, Any]:
    """Where the empirical risk starts, by the keys of its controls: W⁰ = 0 and α = α*, the best
    step for this risk's curvature, so that the first picture converges (no α before a file is
    uploaded: ``data`` None)."""
    values: dict[str, Any] = {"rx0": 0.0, "ry0": 0.0}
    if data is not None:
        theory = theory_or_none(risk_of(model, data.name, tuple(data.x), tuple(data.y), center, scale))
        if theory is not None and theory.lr_best is not None:
            values["lr"] = theory.lr_best
    return values


def _risk_preset() -> None:
    """On a new model, data set, file or scaling (a callback): the risk's preset (``risk_preset``)."""
    model, name = st.session_state.get("model", "linear"), st.session_state.get("data")
    if name == UPLOAD:  # the file, once there is one that can be used (data_control says why not)
        try:
            data = _uploaded(model)
        except DataError:
            data = None
    else:
        if name not in _data_names(model):  # another model's data set: this model's first
            name = st.session_state["data"] = _data_names(model)[0]
        data = builtin(name)
    set_values(risk_preset(model, data, *_scaling()))


def _risk_preset_from_link(params: Mapping[str, str], unusable: Mapping[str, str]) -> dict[str, Any]:
    """The preset of the risk a link names by its model, data set or scaling (see
    ``preset_from_link``), for what the page will show: an unusable value's default, and another
    model's data set replaced by this model's first, as the menus do."""
    given = {k: params[k] for k in ("model", "data", "center", "scale") if k in params and k not in unusable}
    if not given:
        return {}
    model = given.get("model", FIELDS["model"].default)
    name = given.get("data", FIELDS["data"].default)
    if name != UPLOAD and name not in _data_names(model):
        name = _data_names(model)[0]
    center, scale = (given.get(k, "false").lower() == "true" for k in ("center", "scale"))
    return risk_preset(model, None if name == UPLOAD else builtin(name), center, scale)


def _scaling() -> tuple[bool, bool]:
    """(center, scale): the two toggles' values in session state."""
    return bool(st.session_state.get("center")), bool(st.session_state.get("scale"))


def _uploaded(model: str) -> Any:
    """The uploaded file's data (None before a file is chosen); DataError when it cannot be used."""
    file = st.session_state.get("upload")
    if file is None:
        return None
    return read_csv(file.getvalue(), model, file.name.rsplit(".", 1)[0][:40])


MODEL_NAMES = {"linear": "linear regression", "logistic": "logistic regression"}


def data_control() -> tuple[str, Any]:
    """The model, and the data set (a built-in one or an uploaded CSV, validated)."""
    model = linked_selectbox(
        t("model"),
        "model",
        list(MODELS),
        lambda v: t(MODEL_NAMES[v]),
        on_change=_risk_preset,
        help=t("linear: ŷ = w1·x + w2, mean squared error; logistic: p = σ(w1·x + w2), cross-entropy"),
    )
    names = _data_names(model)
    if st.session_state.get("data") not in (*names, UPLOAD):
        st.session_state["data"] = names[0]
    choice = linked_selectbox(
        t("data"),
        "data",
        [*names, UPLOAD],
        lambda v: t(UPLOAD_LABEL) if v == UPLOAD else t(BUILTINS[v].title),
        on_change=_risk_preset,
    )
    if choice != UPLOAD:
        return model, builtin(choice)
    # Streamlit itself refuses a file over server.maxUploadSize (1 MB, as MAX_BYTES) or of another
    # type: the file turns red, the reason shows only on hover (in English), and the script never
    # sees it. So the label states the limit and a refused file says so under its name.
    limit = t("CSV with two columns x, y (at most {mb:g} MB)", mb=MAX_BYTES / 1e6)
    file = st.file_uploader(limit, type=["csv", "txt"], key="upload", on_change=_risk_preset)
    refused = json.dumps(
        t("not read: a .csv or .txt file of at most {mb:g} MB, please", mb=MAX_BYTES / 1e6), ensure_ascii=False
    )
    st.html(
        "<style>.st-key-upload [data-testid=stFileChip][aria-invalid=true] { flex-wrap: wrap; }"
        f".st-key-upload [data-testid=stFileChip][aria-invalid=true]::after {{ content: {refused}; flex-basis: 100%;"
        " color: #d62728; font-size: 0.8rem; }</style>"
    )
    if file is None:
        st.info(
            t(
                "Choose a CSV file of at most {mb:g} MB: two numeric columns, x then y (for logistic, y is 0 or 1). "
                "A header row is skipped; rows with a missing, non-numeric or infinite value are dropped and "
                "counted. With semicolons or tabs between the columns, a decimal comma (1,5) is read too. "
                "Nothing in the file is run.",
                mb=MAX_BYTES / 1e6,
            )
        )
        return model, None
    try:
        data = _uploaded(model)
    except DataError as err:
        st.error(t('The file "{name}" cannot be used: {why}.', name=file.name, why=err))
        return model, None
    for note in data.notes:  # rows that were dropped, counted beside the file
        st.warning(t("{note}; {n} rows used.", note=note, n=len(data)))
    return model, data


def scaling_control() -> tuple[bool, bool]:
    """Centring and scaling x: two toggles, each bound to the link (center, scale)."""
    center = st.toggle(
        t("center x"),
        key="center",
        bind="query-params",
        help=t("x ↦ x − x̄ (x̄ the mean of x): the slope and the intercept no longer interact"),
        on_change=_risk_preset,
        value=FIELDS["center"].default,
    )
    scale = st.toggle(
        t("scale x"),
        key="scale",
        bind="query-params",
        help=t("x ↦ x / s (s the standard deviation of x): the slope's curvature comes near the intercept's"),
        on_change=_risk_preset,
        value=FIELDS["scale"].default,
    )
    return center, scale


@st.cache_resource(max_entries=16, show_spinner=False)
def risk_of(
    model: str, name: str, x: tuple[float, ...], y: tuple[float, ...], center: bool = False, scale: bool = False
) -> Loss:
    """The risk Loss for a data set, x centred and/or scaled (cached per data: building it
    compiles its derivatives)."""
    return risk(Dataset(name, np.array(x), np.array(y), "").rescaled(center, scale), model)


SCALINGS = ((False, False), (False, True), (True, False), (True, True))
"""(center, scale): x as given, x / s, x − x̄, (x − x̄) / s — the rows of the scaling table."""


@st.cache_data(max_entries=16, show_spinner=False)
def _scaling_runs(
    model: str,
    name: str,
    x: tuple[float, ...],
    y: tuple[float, ...],
    start: tuple[float, float],
    steps: int,
    tol: float,
) -> list[tuple[bool, bool, float, float, int, str]]:
    """For each way of preparing x: κ, α* and where gd at α* from W⁰ ended (four runs: cached)."""
    out = []
    for center, scale in SCALINGS:
        loss = risk_of(model, name, x, y, center, scale)
        theory = theory_or_none(loss)
        if theory is None or theory.lr_best is None:
            continue
        run = descend(loss, start, lr=theory.lr_best, steps=steps, tol=tol)
        out.append((center, scale, theory.condition, theory.lr_best, run.steps, run.status))
    return out


def scaling_note(
    model: str, data: Any, start: tuple[float, float], steps: int, tol: float, shown: tuple[bool, bool]
) -> None:
    """gd at each surface's best α for x as given, scaled, centred and both: κ and step counts
    side by side, the row on screen marked."""
    forms = {
        (False, False): "x",
        (False, True): "x / s",
        (True, False): "x − x̄",
        (True, True): "(x − x̄) / s",
    }
    rows = [
        {
            t("x used"): forms[(center, scale)] + (" ◀" if (center, scale) == shown else ""),
            t("condition number κ"): kappa,
            t("best α*"): lr,
            t("gd steps at α*"): taken,
            t("ended"): status_name(status),
        }
        for center, scale, kappa, lr, taken, status in _scaling_runs(
            model, data.name, tuple(data.x), tuple(data.y), start, max(steps, 5000), tol
        )
    ]
    if rows:
        show_table(rows)
        st.caption(
            t(
                "x̄ = {mean:.4g} is the mean of x and s = {std:.4g} its standard deviation; ◀ marks the surface above.",
                mean=float(np.mean(data.x)),
                std=float(np.std(data.x)),
            )
        )


# ---------------------------------------------------------------------------------------------
# The lesson (pages/lesson.py)


def _lesson_preset(step: Any) -> None:
    st.session_state["lesson_x0"], st.session_state["lesson_y0"] = step.start
    st.session_state["lesson_lr"] = step.lr
    st.session_state["_lesson_at"] = st.session_state.get("step", 1)


def _go_to_step(number: int) -> None:
    st.session_state["step"] = number


def lesson_step() -> tuple[int, Any]:
    """Which step of the lesson is open (``step=`` in the link), with the step chooser.

    A step opens with its own W⁰ and α (the class may change them; the next step starts afresh).
    """
    number = st.radio(
        t("step"),
        options=list(range(1, len(LESSON_STEPS) + 1)),
        format_func=str,
        horizontal=True,
        key="step",
        bind="query-params",
        label_visibility="collapsed",
    )
    step = LESSON_STEPS[number - 1]
    # also when Streamlit has dropped the step's values (another page ran in between: Back from
    # there), rather than draw W⁰ at the inputs' minimum, (-10⁶, -10⁶)
    kept = all(k in st.session_state for k in ("lesson_x0", "lesson_y0", "lesson_lr"))
    if st.session_state.get("_lesson_at") != number or not kept:
        _lesson_preset(step)
    return number, step


def lesson_buttons(number: int, compact: bool = False) -> None:
    """Previous / next: at the foot of a step, or side by side (``compact``: presenter mode's top row)."""
    last = len(LESSON_STEPS)
    back, ahead = st.columns(2) if compact else st.columns([1, 2, 1])[::2]
    with back:
        st.button(
            t("← previous"),
            key="lesson_back",
            on_click=_go_to_step,
            args=(number - 1,),
            disabled=number == 1,
            width="stretch",
        )
    with ahead:
        st.button(
            t("next →"),
            key="lesson_next",
            on_click=_go_to_step,
            args=(number + 1,),
            disabled=number == last,
            type="primary",
            width="stretch",
        )


def lesson_figure(step: Any, inputs: Any = None, status: Any = None) -> Run:
    """The step's live figure: W⁰ (typed or clicked) and, where the step is about it, α.

    ``inputs`` and ``status``: containers for W⁰ and α and for the run's outcome (presenter
    mode puts them elsewhere on its one screen); by default both go above the figure. The
    stability gauge follows the figure.
    """
    loss = get_loss(step.loss)
    with inputs or contextlib.nullcontext():
        x0, y0, lr = _lesson_inputs(step)
    run = descend(loss, (x0, y0), lr=lr, steps=step.steps)
    if step.steps:
        # The lesson has no steps control: a run that runs out of them needs a larger α instead
        # (where the step offers α).
        more = tn(
            "The figure runs at most {n} step; this α needs more, so try a larger one.",
            "The figure runs at most {n} steps; this α needs more, so try a larger one.",
            step.steps,
        )
        with status or contextlib.nullcontext():
            if step.lr_control or run.status != MAX_STEPS or run.trend:
                status_box(run, more=more)
            else:
                # a step without α stops after its steps on purpose (step 4 shows the first few):
                # no warning about a choice the lesson made, only what the figure shows
                st.caption(
                    tn(
                        "The figure shows the first step of the run.",
                        "The figure shows the first {n} steps of the run.",
                        step.steps,
                    )
                )
    view = figures.View(loss.bounds, arrows=step.arrows)
    present = presenting()
    surface = figures.surface_figure(loss, run, view)
    if present:
        # the 3-D view is small beside the words: the camera steps back so that its axis titles fit
        eye = surface.layout.scene.camera.eye
        surface.layout.scene.camera.eye = {k: 1.2 * eye[k] for k in "xyz"}
    curves = figures.curves_figure(run) if step.steps else None
    if curves is not None and present:
        # 165 px of curves at the projector's type size: room for three labels on a log axis
        curves.update_yaxes(nticks=3)
    viewer(
        surface,
        figures.contour_figure(loss, run, view, points_in_view(loss, view.bounds)),
        curves,
        key="lesson_viewer",
        run_id=f"{step.title}|{x0}|{y0}|{lr}",
        about=[t(step.title), *about_runs(loss, [run])],
        bounds=view.bounds,
        start_keys=("lesson_x0", "lesson_y0"),
        # presenter mode: the figure, its playback and curves share a 720-pixel screen with the words
        height=(215 if step.steps else 380) if present else 440,
        curves_height=165 if present else 260,
    )
    if step.lr_control:
        settings = Settings(loss, (float(x0), float(y0)), lr, step.steps, "gd")
        stability_gauge(settings, theory_at(settings), set_alpha=_set_lesson_lr, run=run)
    return run


def _lesson_inputs(step: Any) -> tuple[float, float, float]:
    """W⁰ and, where the step offers it, α, side by side."""
    cols = st.columns(3 if step.lr_control else 2)
    with cols[0]:
        x0 = st.number_input(t("w1 of W⁰"), -COORD_LIMIT, COORD_LIMIT, key="lesson_x0", step=0.1, format="%.4g")
    with cols[1]:
        y0 = st.number_input(t("w2 of W⁰"), -COORD_LIMIT, COORD_LIMIT, key="lesson_y0", step=0.1, format="%.4g")
    if step.lr_control:
        with cols[2]:
            st.number_input(t("learning rate α"), 1e-5, 10.0, key="lesson_lr", step=0.01, format="%.4g")
    return float(x0), float(y0), float(st.session_state["lesson_lr"])


def gradient_readout(run: Run) -> None:
    """L, ∂L/∂w1, ∂L/∂w2 and ‖∇L‖ at W⁰, in numbers."""
    gx, gy = (float(v) for v in run.gradients[0])
    cols = st.columns(4)
    for col, (label, value) in zip(
        cols, (("L(W⁰)", float(run.values[0])), ("∂L/∂w1", gx), ("∂L/∂w2", gy), ("‖∇L(W⁰)‖", math.hypot(gx, gy)))
    ):
        col.metric(label, f"{value:.4g}")
