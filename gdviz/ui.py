"""Shared Streamlit controls, URL binding, cached computations and the figure viewer.

The only module of gdviz that imports streamlit. Every control has a widget key that is also
its query parameter (``bind="query-params"``), so the page's state is its link. Streamlit drops
a link value its widget refuses (not a number, out of range, not an option); ``link_warnings``
says so visibly, with the default used instead, before the widgets are drawn.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import plotly.io as pio
import streamlit as st
from _plotly_utils.utils import to_typed_array_spec

from . import figures
from .analysis import StationaryPoint, StepSizeTheory, stationary_points, step_size_theory
from .descent import CONVERGED, DIVERGED, Run, descend
from .expression import MAX_LENGTH, ExpressionError, parse_loss
from .losses import SPECS, Bounds, Loss, get_loss
from .optimizers import OPTIMIZERS, hyperparameters

ASSETS = Path(__file__).with_name("assets")

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
    """Where a lesson starts on each loss: W⁰, α and the height scale that show it well."""

    start: tuple[float, float]
    lr: float
    log_height: bool = False


PRESETS: dict[str, Preset] = {
    "quadratic": Preset((-2.5, 2.0), 0.08),
    "rosenbrock": Preset((-1.5, 2.0), 0.002, log_height=True),
    "saddle": Preset((1.5, 0.05), 0.1),
    "monkey_saddle": Preset((1.0, 0.3), 0.02),
    "himmelblau": Preset((-1.0, 0.0), 0.01),
    "beale": Preset((1.0, 1.5), 0.01, log_height=True),
    "booth": Preset((-5.0, 5.0), 0.05),
    "rastrigin": Preset((2.3, 2.7), 0.001),
    "six_hump_camel": Preset((-1.5, 1.0), 0.02),
    "matyas": Preset((-8.0, 6.0), 1.0),
}


def apply_preset() -> None:
    """On a change of loss (a callback): move W⁰, α and the height scale to that loss's preset."""
    preset = PRESETS[st.session_state["loss"]]
    st.session_state["x0"], st.session_state["y0"] = preset.start
    st.session_state["log"] = preset.log_height
    set_lr(preset.lr)


OPTIMIZER_HELP = "  \n".join(f"**{k}**: {v}" for k, v in OPTIMIZER_NAMES.items())


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
            return None if text in self.options else f"is not one of: {', '.join(map(str, self.options))}"
        if isinstance(self.default, bool):
            return None if text.lower() in ("true", "false") else "must be true or false"
        if isinstance(self.default, str):  # free text (a formula): only its length is checked here
            return None if len(text) <= MAX_LENGTH else f"is longer than {MAX_LENGTH} characters"
        try:
            number = float(text)
        except ValueError:
            return "is not a number"
        if not math.isfinite(number):
            return "is not a finite number"
        if isinstance(self.default, int) and number != int(number):
            return "is not a whole number"
        if (self.lo is not None and number < self.lo) or (self.hi is not None and number > self.hi):
            return f"is outside [{self.lo:g}, {self.hi:g}]"
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
        Field("lr1", "α₁", 0.01, 1e-8, 100.0),
        Field("lr2", "α₂", 0.1, 1e-8, 100.0),
        Field("lr3", "α₃", 0.21, 1e-8, 100.0),
        Field("budget", "same budget", False),
        Field("grid", "starts per side", 200, 20, 300),
        Field("sp_lr", "α for the demonstration", 0.1, 1e-6, 10.0),
        Field("sp_model", "quadratic model at", "none"),
        Field("model", "model", "linear", options=("linear", "logistic")),
        Field("data", "data", "line"),
        Field("scale", "standardize x", False),
        Field("batch", "batch size", 10, 1, 20_000),
        Field("epochs", "epochs", 20, 1, 10_000),
        Field("rx0", "w1 of W⁰", 0.0, -COORD_LIMIT, COORD_LIMIT),
        Field("ry0", "w2 of W⁰", 0.0, -COORD_LIMIT, COORD_LIMIT),
        Field("view_auto", "automatic view", True),
        Field("xmin", "xmin", -3.0, -1e6, 1e6),
        Field("xmax", "xmax", 3.0, -1e6, 1e6),
        Field("ymin", "ymin", -3.0, -1e6, 1e6),
        Field("ymax", "ymax", 3.0, -1e6, 1e6),
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
            out.append(f"The link's {key}={shown!r} {problem}; using the default {f.label} = {f.default!r} instead.")
    return out


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
    if "_link_checked" in st.session_state:
        return
    st.session_state["_link_checked"] = True
    st.session_state["_link_warnings"] = link_warnings(st.query_params.to_dict(), fields)


def link_warning_box() -> None:
    for message in st.session_state.get("_link_warnings", []):
        st.warning(message)


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
        f.label,
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
            "learning rate α",
            options=LR_OPTIONS,
            format_func=_format_lr,
            key="lr_stop",
            on_change=_slider_moved,
            help="Log scale: each stop is about ×1.25. Type an exact α in the box beside it.",
        )
    return float(lr)


def loss_control() -> Loss:
    """The loss (a built-in) and its parameters."""
    # No format_func: a bound selectbox matches the link against the shown label, and the link
    # must say loss=saddle (DESIGN.md's URL contract). The human title is shown below instead.
    name = st.selectbox("loss L(w1, w2)", options=list(SPECS), key="loss", bind="query-params", on_change=apply_preset)
    spec = SPECS[name]
    st.markdown(f"**{spec.title}**")
    params = {}
    if spec.defaults:
        cols = st.columns(len(spec.defaults))
        for col, p in zip(cols, spec.defaults):
            with col:
                params[p] = float(number_field(FIELDS[f"{name}_{p}"], fmt="%.4g"))
    loss = get_loss(name, **params)
    if spec.about:
        st.caption(spec.about)
    return loss


def formula(loss: Loss) -> None:
    """The loss's formula, large, in the main area (a sidebar is too narrow for most of them)."""
    st.latex(f"L(w_1, w_2) = {loss.latex}")


def start_control(keys: tuple[str, str] = ("x0", "y0")) -> tuple[float, float]:
    """W⁰, two numbers bound to the link under ``keys`` (the viewer's clicks set them too)."""
    st.markdown("**start W⁰** — or click the contour map")
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
            hyper[f.label] = st.checkbox(f.label, key=f.key, bind="query-params", value=f.default)
        else:
            hyper[f.label] = number_field(f, fmt="%.6g")
    if "β1" in hyper:
        hyper["betas"] = (float(hyper.pop("β1")), float(hyper.pop("β2")))
    if "max_backtracks" in hyper:
        hyper["max_backtracks"] = int(hyper["max_backtracks"])
    return hyper


def optimizer_control() -> tuple[str, dict[str, Any]]:
    opt = st.selectbox("optimizer", options=list(OPTIMIZERS), key="opt", bind="query-params", help=OPTIMIZER_HELP)
    st.caption(OPTIMIZER_NAMES[opt])
    hyper: dict[str, Any] = {}
    if _hyper_fields(opt):
        with st.expander("hyperparameters (torch.optim's names and defaults)", expanded=opt != "gd"):
            hyper = hyper_controls(opt)
    return opt, hyper


def steps_control() -> int:
    return int(number_field(FIELDS["steps"], step=50))


def tol_control() -> float:
    return float(number_field(FIELDS["tol"], fmt="%.1e"))


def log_control() -> bool:
    return st.toggle(
        "log height: log(1 + L)",
        key="log",
        bind="query-params",
        help="For steep losses such as Rosenbrock: the valley floor becomes visible.",
        value=FIELDS["log"].default,
    )


def noise_control() -> tuple[float, int]:
    """SGD's jitter: σ of seeded Gaussian noise on each gradient, and the seed."""
    with st.expander("stochastic gradients (SGD)", expanded=bool(st.session_state.get("noise"))):
        sigma = float(number_field(FIELDS["noise"], fmt="%.4g", help="each gradient the optimizer sees is ∇L + σ·ξ"))
        seed = int(number_field(FIELDS["seed"], help="the same seed gives the same jitter"))
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
    st.caption("Try one:")
    cols = st.columns(3)
    for i, example in enumerate(GALLERY):
        with cols[i % 3]:
            st.button(
                example.title,
                key=f"example_{i}",
                on_click=_use_example,
                args=(example,),
                help=f"{example.expr} — {example.lesson}",
                width="stretch",
            )


def _view_fields() -> Bounds | None:
    """The view of a formula: automatic, or typed in (None for automatic)."""
    auto = st.toggle("automatic view", key="view_auto", bind="query-params", value=FIELDS["view_auto"].default)
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
        st.error("The view needs xmin < xmax and ymin < ymax; using the automatic view.")
        return None
    return (float(xmin), float(xmax)), (float(ymin), float(ymax))


def expression_control() -> Loss | None:
    """A formula typed by the user, safely parsed, or what is wrong with it (the page shows its
    LaTeX in the main area, where a long formula has room)."""
    text = st.text_input(
        "your L(x, y)",
        value=FIELDS["expr"].default,
        max_chars=MAX_LENGTH,
        key="expr",
        bind="query-params",
        help="Variables x, y (or w1, w2); + - * / and ** or ^; sin cos tan exp log sqrt abs tanh sinh cosh "
        "arctan; pi and e. Write 2*x, not 2x.",
    )
    bounds = _view_fields()
    try:
        loss = parse_loss(text, bounds)
    except ExpressionError as err:
        st.error(f"**This formula cannot be used:** {err.message}")
        if err.column is not None:
            st.code(f"{err.text}\n{' ' * err.column}^", language=None)
        return None
    (x0, x1), (y0, y1) = loss.bounds
    if bounds is None:
        st.caption(f"view: w1 in [{x0:g}, {x1:g}], w2 in [{y0:g}, {y1:g}] (around its stationary points)")
    return loss


def domain_note(loss: Loss, view: figures.View) -> None:
    """Say where L is not defined in the view: those parts are gaps in the surface."""
    s = figures.surface(loss, view)
    missing = float(np.mean(~np.isfinite(s.z)))
    if missing > 0:
        st.info(
            f"L is not a finite number on {missing:.0%} of the view (a log or square root of a negative "
            "number, a division by zero, or overflow): those parts are gaps in the surface, and a run "
            "that steps into them ends there as diverged."
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
        from .data import risk_points

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


def _ensure_plotly_js() -> None:
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
    _ensure_plotly_js()
    return st.components.v2.component("gdviz.viewer", js="viewer.js", css="viewer.css", isolate_styles=False)


def preload_viewer() -> None:
    """Load the viewer's code and plotly.js as soon as the page opens.

    An empty viewer is the first element the app sends (at the top of the sidebar, where it
    takes no room), so the browser fetches the component and starts parsing plotly.js while
    Streamlit is still drawing the controls, rather than when the charts arrive.
    """
    with st.sidebar:
        _viewer_component()(key="gdviz_preload", data={"preload": True}, height=1)


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
    parts = [f'"layout":{layout_text}', f'"traces":[{",".join(item(_json(t)) for t in fig._data)}]']
    if template is not None:  # the same few kB in every figure: sent once too
        parts.append(f'"template":{item(_json(template))}')
    return "{" + ",".join(parts) + "}", layout_text + ",".join(hashes)


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
    start_keys: tuple[str, str] = ("x0", "y0"),
) -> None:
    """Show the 3-D view and the contour map side by side, playback and the curves below them.

    The browser keeps the charts between reruns: a new run updates them in place (the camera
    stays), playback runs there frame by frame, and a trace it already holds (the surface, the
    field) is not sent again: only what changed travels over the websocket.
    """
    sent_key = f"_sent_{key}"
    known: set[str] = st.session_state.get(sent_key, set())
    sent: set[str] = set()
    packed, identity = zip(*(_pack(f, known, sent) for f in (surface_fig, contour_fig, curves_fig)))
    st.session_state[sent_key] = sent
    rev = hashlib.blake2b("|".join(identity).encode(), digest_size=8)
    # JSON text as bytes: Streamlit passes bytes through untouched (a dict it would serialize
    # and hash again, twice the work on every rerun)
    meta = json.dumps({"rev": rev.hexdigest(), "run": run_id, "clickable": clickable, "height": height})
    data = f'{{"surface":{packed[0]},"contour":{packed[1]},"curves":{packed[2]},"meta":{meta}}}'
    _viewer_component()(
        key=key,
        data=data.encode(),
        height=height + (330 if curves_fig is not None else 60),
        on_start_change=_on_start_click(key, bounds, start_keys),
        on_missing_change=_forget_sent(sent_key),
    )


# ---------------------------------------------------------------------------------------------
# Guidance


def explore(settings: Settings, *, key: str) -> Run | None:
    """The Explorer's main area for any loss: status, the viewer, the gauge and the step table."""
    link_warning_box()
    if outside_view(settings.start, settings.loss.bounds):
        st.warning(
            f"W⁰ = ({settings.start[0]:g}, {settings.start[1]:g}) lies outside the view of this loss; "
            "the run goes ahead, but the figures show only what falls inside."
        )
    try:
        run = run_descent(settings)
    except ValueError as err:
        st.error(f"This run cannot start: {err}.")
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
    )
    stability_gauge(settings, theory_at(settings))
    st.subheader("The update rule in numbers")
    step_table(run)
    return run


def status_box(run: Run) -> None:
    """The run's outcome in plain words, coloured by status."""
    text = f"**{run.status.replace('_', ' ')}** — {run.message}."
    if run.status == CONVERGED:
        st.success(text)
    elif run.status == DIVERGED:
        st.error(text)
    else:
        st.warning(text + " Raise the steps, or try another α.")


def theory_or_none(loss: Loss, point: tuple[float, float] | None = None) -> StepSizeTheory | None:
    """Step-size theory at ``point`` (default: the first known minimum), None if not finite there."""
    try:
        return step_size_theory(loss, point)
    except ValueError:
        return None


def theory_at(s: Settings) -> StepSizeTheory | None:
    """Step-size theory: exact for a quadratic, else from the Hessian at W⁰ (None if not finite)."""
    return theory_or_none(s.loss, None if s.loss.is_quadratic else s.start)


def stability_gauge(s: Settings, theory: StepSizeTheory | None) -> None:
    """α·λmax against 2, with α* = 2/(λmin + λmax) one click away and a warning past 2."""
    if theory is None:
        st.info("The Hessian is not finite at W⁰: no step-size estimate here.")
        return
    where = "exact: the Hessian is the same everywhere" if theory.exact else "local: from the Hessian at W⁰"
    low, high = theory.eigenvalues
    ratio = theory.stability(s.lr)
    cols = st.columns([3, 2])
    with cols[0]:
        if ratio is None:
            st.markdown(f"λmax = {high:.4g} ≤ 0 at W⁰ ({where}): no curvature bound on α here.")
        else:
            st.progress(min(ratio / 2, 1.0), text=f"α·λmax = {ratio:.3g} (stable below 2) — {where}")
            st.caption(f"Hessian eigenvalues λ = {low:.4g}, {high:.4g}; 2/λmax = {theory.lr_max:.4g}")
    with cols[1]:
        if theory.lr_best is not None:
            st.button(
                f"use α* = {theory.lr_best:.4g}",
                on_click=set_lr,
                args=(theory.lr_best,),
                help="α* = 2/(λmin + λmax): the fastest contraction for gd on this quadratic model",
                key="use_best_lr",
            )
    if s.optimizer == "gd" and ratio is not None and ratio > 2:
        verb = "will diverge" if theory.exact else "is likely to diverge near W⁰"
        st.error(
            f"α = {s.lr:g} {verb}: α·λmax = {ratio:.3g} > 2, so each step overshoots along the steepest "
            f"direction by a factor |1 − αλmax| = {abs(1 - ratio):.3g}. "
            f"Any α below 2/λmax = {theory.lr_max:.4g} is stable.",
        )


def table_csv(run: Run) -> bytes:
    """The step table as CSV, floats written in full (repr)."""
    columns = run.table()
    names = list(columns)
    lines = [",".join(names)]
    for row in zip(*(columns[n] for n in names)):
        lines.append(",".join(str(int(v)) if i == 0 else repr(float(v)) for i, v in enumerate(row)))
    return ("\n".join(lines) + "\n").encode()


def step_table(run: Run) -> None:
    """The slide's update rule in numbers, with the whole table as CSV."""
    st.download_button(
        "download the steps (CSV)",
        data=lambda: table_csv(run),
        file_name=f"gdviz-{run.optimizer}-lr{run.lr:g}.csv",
        mime="text/csv",
        key="download_steps",
        on_click="ignore",
    )
    if st.toggle("show the step table", key="show_table", help="Wᵗ⁺¹ = Wᵗ − α∇L(Wᵗ), row by row"):
        columns = run.table()
        st.dataframe({k: np.asarray(v) for k, v in columns.items()}, hide_index=True, height=320)


# ---------------------------------------------------------------------------------------------
# The learning-rate lab (pages/learning_rate.py)

LAB_KEYS = ("lr1", "lr2", "lr3")


def lab_presets(theory: StepSizeTheory | None) -> tuple[float, float, float] | None:
    """ "Too small / about right / too large" from the Hessian: α*/10, α*, 1.1·(2/λmax)."""
    if theory is None or theory.lr_best is None or theory.lr_max is None:
        return None
    return (
        float(f"{theory.lr_best / 10:.3g}"),
        float(f"{theory.lr_best:.3g}"),
        float(f"{1.1 * theory.lr_max:.3g}"),
    )


def _set_lab(values: tuple[float, ...]) -> None:
    for key, value in zip(LAB_KEYS, values):
        st.session_state[key] = value


def lr_list_control(theory: StepSizeTheory | None) -> list[float]:
    """Three learning rates side by side, and the preset that makes the point."""
    st.markdown("**learning rates α**")
    cols = st.columns(3)
    lrs = []
    for col, key in zip(cols, LAB_KEYS):
        with col:
            lrs.append(float(number_field(FIELDS[key], fmt="%.4g")))
    preset = lab_presets(theory)
    st.button(
        "too small / about right / too large",
        key="lab_preset",
        on_click=_set_lab,
        args=(preset or (),),
        disabled=preset is None,
        help="α*/10, α* = 2/(λmin + λmax) and 1.1 × 2/λmax, from the Hessian"
        if preset
        else "needs a Hessian with two positive eigenvalues at the minimum",
        width="stretch",
    )
    return lrs


def theory_panel(theory: StepSizeTheory | None, lrs: list[float]) -> None:
    """For gd near a minimum: eigenvalues, condition number, contraction per step for each α."""
    if theory is None:
        st.info("The Hessian is not finite at the minimum: no step-size theory here.")
        return
    low, high = theory.eigenvalues
    where = (
        "exact: the Hessian is the same everywhere"
        if theory.exact
        else f"a local estimate from the Hessian at ({theory.point[0]:.3g}, {theory.point[1]:.3g})"
    )
    lines = [f"Hessian eigenvalues λmin = {low:.4g}, λmax = {high:.4g} ({where})."]
    if theory.condition is not None and theory.lr_best is not None and theory.best_rate is not None:
        lines.append(
            f"Condition number κ = λmax/λmin = {theory.condition:.4g}; gd is stable for α < 2/λmax = "
            f"{theory.lr_max:.4g}, fastest at α* = 2/(λmin + λmax) = {theory.lr_best:.4g}, where the error "
            f"shrinks by (κ − 1)/(κ + 1) = {theory.best_rate:.4g} per step."
        )
    st.markdown("  \n".join(lines))
    rows = []
    for lr in lrs:
        rate = theory.rate(lr)
        rows.append(
            {
                "α": lr,
                "α·λmax": lr * high,
                "contraction per step max|1 − αλ|": rate,
                "verdict": "diverges" if rate > 1 else ("stalls" if rate == 1 else "converges"),
                "steps to shrink the error 10⁶×": (
                    math.ceil(math.log(1e-6) / math.log(rate)) if 0 < rate < 1 else None
                ),
            }
        )
    st.dataframe(rows, hide_index=True)


@st.cache_data(max_entries=32, show_spinner=False)
def _sweep(key: tuple[Any, ...], start: tuple[float, float], lo: float, hi: float, steps: int, tol: float):  # type: ignore[no-untyped-def]
    from .descent import sweep_lr

    lrs = np.geomspace(lo, hi, 160)
    return lrs, sweep_lr(loss_from_key(key), start, lrs, steps=steps, tol=tol)


def lr_sweep(loss: Loss, start: tuple[float, float], theory: StepSizeTheory | None, steps: int, tol: float) -> None:
    """Steps to converge and final loss for 160 α at once, with the theory's marks."""
    top = theory.lr_max * 1.6 if theory is not None and theory.lr_max else LR_MAX
    lo, hi = max(top / 1e4, LR_MIN), min(top, LR_MAX)
    lrs, runs = _sweep(loss_key(loss), start, lo, hi, steps, tol)
    st.plotly_chart(figures.sweep_figure(lrs, runs, theory), key="sweep", config={"displaylogo": False})
    counts = {k: int(np.sum(runs.status == k)) for k in ("converged", "max_steps", "diverged")}
    st.caption(
        f"{len(lrs)} values of α from {lo:.2g} to {hi:.2g}, each a full gd run of at most {steps} steps from W⁰, "
        f"computed together: {counts['converged']} converged, {counts['max_steps']} ran out of steps, "
        f"{counts['diverged']} diverged (shaded)."
    )


# ---------------------------------------------------------------------------------------------
# The optimizer race (pages/optimizers.py)

RACE_DEFAULT = ("gd", "momentum", "adam")
# Gradient-equivalents per step, for the "same budget" mode: in two dimensions a Hessian costs
# about two gradients (one per column), so a Newton step costs three.
GRADIENT_COST = {name: 1 for name in OPTIMIZERS} | {"newton": 3}
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
        "optimizers",
        options=list(OPTIMIZERS),
        default=list(RACE_DEFAULT),
        key="race",
        bind="query-params",
        max_selections=6,
        help=OPTIMIZER_HELP,
    )
    entrants = []
    for opt in chosen:
        f = FIELDS[f"race_lr_{opt}"]
        with st.expander(f"{opt}: α and hyperparameters", expanded=False):
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
    """Run every entrant from W⁰; with ``same_budget`` each gets ``steps`` gradient evaluations."""
    runs = []
    for e in entrants:
        budget = max(1, steps // GRADIENT_COST[e.optimizer]) if same_budget else steps
        runs.append(
            descend(
                loss, start, lr=e.lr, steps=budget, optimizer=e.optimizer, tol=tol, noise=noise, seed=seed, **e.hyper
            )
        )
    return runs


def race_table(loss: Loss, entrants: list[Entrant], runs: list[Run], points: list[StationaryPoint]) -> None:
    """Steps, gradient evaluations, final loss, distance to the nearest minimum, status."""
    minima = list(loss.minima) or [p.point for p in points if p.kind == "minimum"]
    rows = []
    for e, run in zip(entrants, runs):
        distance = min((math.dist(run.final, m) for m in minima), default=None)
        rows.append(
            {
                "optimizer": e.optimizer,
                "α": e.lr,
                "status": run.status.replace("_", " "),
                "steps": run.steps,
                "gradient evaluations": run.steps * GRADIENT_COST[e.optimizer],
                "final L": run.value,
                "‖∇L‖ at the end": float(run.grad_norms[-1]),
                "distance to the nearest minimum": distance,
            }
        )
    st.dataframe(rows, hide_index=True)


# ---------------------------------------------------------------------------------------------
# Stationary points (pages/stationary_points.py)


def point_label(p: StationaryPoint) -> str:
    return f"{p.kind} at ({p.point[0]:.4g}, {p.point[1]:.4g})"


def points_table(points: list[StationaryPoint]) -> None:
    st.dataframe(
        [
            {
                "kind": p.kind,
                "w1": p.point[0],
                "w2": p.point[1],
                "L": p.value,
                "λ1": p.eigenvalues[0],
                "λ2": p.eigenvalues[1],
                "why": {
                    "minimum": "both eigenvalues > 0: L curves up in every direction",
                    "maximum": "both eigenvalues < 0: L curves down in every direction",
                    "saddle": "one eigenvalue > 0, one < 0: up one way, down the other",
                    "degenerate": "an eigenvalue is 0: the Hessian cannot tell",
                }[p.kind],
            }
            for p in points
        ],
        hide_index=True,
    )


def model_control(points: list[StationaryPoint]) -> StationaryPoint | None:
    """Which stationary point to show the local quadratic model of (or none)."""
    options = ["none", *(point_label(p) for p in points)]
    if st.session_state.get("sp_model") not in options:
        st.session_state["sp_model"] = "none"
    choice = st.selectbox(
        "show the quadratic model L(p) + ½ dᵀHd at",
        options=options,
        key="sp_model",
        bind="query-params",
    )
    return next((p for p in points if point_label(p) == choice), None)


SADDLE_LABELS = ("gd on the stable direction", "gd 10⁻⁶ off it", "Newton 10⁻⁶ off it")


def saddle_demonstration(
    loss: Loss, points: list[StationaryPoint], lr: float, steps: int, view: figures.View
) -> tuple[list[Run], str]:
    """gd from exactly the stable direction stops at the saddle; 10⁻⁶ off, it escapes; Newton
    from the second start goes to the saddle anyway. The runs, and what they did in words."""
    from .analysis import saddle_starts

    saddles = [p for p in points if p.kind == "saddle"]
    if not saddles:
        return [], (
            "This loss has no saddle point in view. Pick **saddle**, **himmelblau** or **six_hump_camel** "
            "to see gradient descent stop where ∇L = 0 without a minimum."
        )
    saddle = saddles[0]
    (x0, x1), (y0, y1) = view.bounds
    on, off = saddle_starts(loss, saddle, 0.35 * min(x1 - x0, y1 - y0))
    runs = [
        descend(loss, on, lr=lr, steps=steps),
        descend(loss, off, lr=lr, steps=steps),
        descend(loss, off, lr=1.0, steps=steps, optimizer="newton"),
    ]
    near = 1e-4 * (x1 - x0)

    def where(run: Run) -> str:
        d = math.dist(run.final, saddle.point)
        at = "at the saddle" if d < near else f"{d:.3g} away from the saddle"
        return f"{run.status.replace('_', ' ')} after {run.steps} steps, {at}, with ‖∇L‖ = {run.grad_norms[-1]:.2g}"

    text = (
        f"The saddle {point_label(saddle)} has Hessian eigenvalues {saddle.eigenvalues[0]:.3g} and "
        f"{saddle.eigenvalues[1]:.3g}. Three runs from beside it (gd with α = {lr:g}):\n\n"
        f"- **{SADDLE_LABELS[0]}**, from ({on[0]:.4g}, {on[1]:.4g}): {where(runs[0])}.\n"
        f"- **{SADDLE_LABELS[1]}**, from ({off[0]:.7g}, {off[1]:.7g}): {where(runs[1])}.\n"
        f"- **{SADDLE_LABELS[2]}**, from the same start: {where(runs[2])}.\n\n"
        "∇L = 0 at a saddle, so gradient descent that reaches it exactly has nothing left to follow and stops: "
        "∇L = 0 means a local optimum *or at least a saddle point*. The smallest push along the direction "
        "where L curves down grows at every step, and the run escapes. Newton's method heads for wherever "
        "∇L = 0 nearby, saddles included."
    )
    if math.dist(runs[0].final, saddle.point) >= near:
        text += (
            "\n\nHere the stable direction bends away from the straight eigenvector line, so even the first "
            "start is slightly off it and that run escapes too; on **saddle** (x² − y²) it is exact."
        )
    return runs, text


# ---------------------------------------------------------------------------------------------
# Basins of attraction (pages/basins.py)


@st.cache_data(max_entries=16, show_spinner="Running gradient descent from every start…")
def basins_of(key: tuple[Any, ...], n: int, lr: float, steps: int, opt: str, tol: float, hyper: tuple[Any, ...]):  # type: ignore[no-untyped-def]
    """The basins for a loss (by key), cached on simple values."""
    from .analysis import basins

    return basins(loss_from_key(key), None, n, lr, steps, opt, tol, **dict(hyper))


def basin_start(event: Any, bounds: Bounds) -> tuple[float, float] | None:
    """The start the user clicked on the basin map, if any."""
    try:
        point = event.selection.points[0]
        x, y = float(point["x"]), float(point["y"])
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return None
    (x0, x1), (y0, y1) = bounds
    return (x, y) if x0 <= x <= x1 and y0 <= y <= y1 else None


def basins_summary(b: Any) -> str:
    n = b.label.size
    parts = [f"{np.mean(b.label == i):.0%} reach ({m[0]:.3g}, {m[1]:.3g})" for i, m in enumerate(b.minima)]
    rest = {"not converged": np.mean(b.label == -1), "diverged": np.mean(b.label == -2)}
    parts += [f"{share:.0%} {name}" for name, share in rest.items() if share > 0]
    return f"{n:,} starts: " + ", ".join(parts) + "."


# ---------------------------------------------------------------------------------------------
# The empirical risk (pages/empirical_risk.py)

UPLOAD = "upload a CSV…"


def _risk_preset() -> None:
    """On a new model, data set or scaling (a callback): start at W⁰ = 0 with α = α*, the best
    step for this risk's curvature, so that the first picture converges."""
    from .data import BUILTINS, builtin

    model, name = st.session_state.get("model", "linear"), st.session_state.get("data")
    if name not in BUILTINS or BUILTINS[name].model != model:
        name = next(k for k, v in BUILTINS.items() if v.model == model)
        st.session_state["data"] = name
    data = builtin(name)
    loss = risk_of(model, name, tuple(data.x), tuple(data.y), bool(st.session_state.get("scale")))
    theory = theory_or_none(loss)
    st.session_state["rx0"], st.session_state["ry0"] = 0.0, 0.0
    if theory is not None and theory.lr_best is not None:
        set_lr(theory.lr_best)


def data_control() -> tuple[str, Any]:
    """The model, and the data set (a built-in one or an uploaded CSV, validated)."""
    from .data import BUILTINS, MODELS, DataError, builtin, read_csv

    model = st.selectbox(
        "model",
        options=list(MODELS),
        key="model",
        bind="query-params",
        on_change=_risk_preset,
        help="linear: ŷ = w1·x + w2, mean squared error; logistic: p = σ(w1·x + w2), cross-entropy",
    )
    names = sorted((k for k, v in BUILTINS.items() if v.model == model), key=lambda k: k != FIELDS["data"].default)
    if st.session_state.get("data") not in (*names, UPLOAD):
        st.session_state["data"] = names[0]
    # no format_func: a bound selectbox matches the link against the label (data=line)
    choice = st.selectbox("data", options=[*names, UPLOAD], key="data", bind="query-params", on_change=_risk_preset)
    if choice != UPLOAD:
        st.caption(BUILTINS[choice].title)
        return model, builtin(choice)
    file = st.file_uploader("CSV with two columns x, y", type=["csv", "txt"], key="upload")
    if file is None:
        st.info("Choose a CSV file: two numeric columns, x then y (for logistic, y is 0 or 1).")
        return model, None
    try:
        return model, read_csv(file.getvalue(), model, file.name.rsplit(".", 1)[0][:40])
    except DataError as err:
        st.error(f"This file cannot be used: {err}.")
        return model, None


@st.cache_resource(max_entries=16, show_spinner=False)
def risk_of(model: str, name: str, x: tuple[float, ...], y: tuple[float, ...], scaled: bool) -> Loss:
    """The risk Loss for a data set (cached per data: building it compiles its derivatives)."""
    from .data import Dataset, risk

    data = Dataset(name, np.array(x), np.array(y), "")
    return risk(data.standardized() if scaled else data, model)


def scaling_note(model: str, data: Any, start: tuple[float, float], steps: int, tol: float) -> None:
    """gd at each surface's best α, raw x against standardized x: the step counts side by side."""
    rows = []
    for scaled in (False, True):
        loss = risk_of(model, data.name, tuple(data.x), tuple(data.y), scaled)
        theory = theory_or_none(loss)
        if theory is None or theory.lr_best is None:
            continue
        run = descend(loss, start, lr=theory.lr_best, steps=max(steps, 5000), tol=tol)
        rows.append(
            {
                "x": "standardized" if scaled else "as given",
                "condition number κ": theory.condition,
                "best α*": theory.lr_best,
                "gd steps at α*": run.steps,
                "ended": run.status.replace("_", " "),
            }
        )
    if rows:
        st.dataframe(rows, hide_index=True)
