"""The shared sidebar controls (loss, W⁰, α, steps, optimizer and its hyperparameters) and ``Settings``.

Every control's widget key is its query parameter (``bind="query-params"``), so the page's
state is its link; ``fields.FIELDS`` holds each one's label, range and default.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ..data import MAX_BYTES
from ..i18n import t
from ..losses import SPECS, Loss, get_loss
from ..optimizers import OPTIMIZERS
from .fields import (
    FIELDS,
    LR_OPTIONS,
    OPTIMIZER_NAMES,
    Field,
    hyper_fields,
    nearest_lr_stop,
    optimizer_help,
    optimizer_kwargs,
)
from .presets import apply_preset
from .shell import advanced, presenting
from .state import write_link


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


def _slider_moved(key: str = "lr") -> None:
    st.session_state[key] = st.session_state[f"{key}_stop"]


def _number_typed(key: str = "lr") -> None:
    st.session_state[f"{key}_stop"] = nearest_lr_stop(st.session_state[key])


def _format_lr(v: float) -> str:
    return f"{v:g}"


def lr_control(key: str = "lr") -> float:
    """α: a log-scale slider from 1e-5 to 10 with the exact number beside it; ``key``: the link's
    name for α (the slider's own key is ``<key>_stop``)."""
    stop = f"{key}_stop"
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    with right:
        lr = number_field(FIELDS[key], fmt="%.6g", on_change=_number_typed, args=(key,))
    if stop not in st.session_state:
        st.session_state[stop] = nearest_lr_stop(lr)
    with left:
        st.select_slider(
            t("learning rate α"),
            options=LR_OPTIONS,
            format_func=_format_lr,
            key=stop,
            on_change=_slider_moved,
            args=(key,),
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
    write_link(key)
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
    fields = hyper_fields(opt)
    values = [
        st.checkbox(t(f.label), key=f.key, bind="query-params", value=f.default)
        if isinstance(f.default, bool)
        else number_field(f, fmt="%.6g")
        for f in fields
    ]
    return optimizer_kwargs(fields, values)


def optimizer_control() -> tuple[str, dict[str, Any]]:
    opt = linked_selectbox(
        t("optimizer"), "opt", list(OPTIMIZERS), lambda v: t(OPTIMIZER_NAMES[v]), help=optimizer_help()
    )
    hyper: dict[str, Any] = {}
    if hyper_fields(opt):
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


def csv_uploader(key: str, on_change: Callable[[], None] | None = None) -> Any:
    """A CSV file's uploader (None until a file is chosen) whose label states the size limit.

    Streamlit itself refuses a file over server.maxUploadSize (1 MB, as MAX_BYTES) or of another
    type: the file turns red, the reason shows only on hover (in English), and the script never
    sees it. So the label states the limit and a refused file says so under its name."""
    limit = t("CSV with two columns x, y (at most {mb:g} MB)", mb=MAX_BYTES / 1e6)
    file = st.file_uploader(limit, type=["csv", "txt"], key=key, on_change=on_change)
    refused = json.dumps(
        t("not read: a .csv or .txt file of at most {mb:g} MB, please", mb=MAX_BYTES / 1e6), ensure_ascii=False
    )
    chip = f".st-key-{key} [data-testid=stFileChip][aria-invalid=true]"
    st.html(
        f"<style>{chip} {{ flex-wrap: wrap; }}"
        f"{chip}::after {{ content: {refused}; flex-basis: 100%; color: #d62728; font-size: 0.8rem; }}</style>"
    )
    return file
