"""Presets: the values a choice of loss or data set, or a link that names one, puts into the controls.

Everything here writes session state, so it runs in callbacks (a new loss in the menu) or before
the widgets are drawn (a link opened for the first time).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from ..data import BUILTINS, builtin
from ..stability import theory_or_none
from .cache import risk_of
from .fields import FIELDS, NETWORK_LR, NEWTON_EPOCHS, PRESETS, UPLOAD, nearest_lr_stop


def apply_preset() -> None:
    """On a change of loss (a callback): move W⁰, α, the height scale, the steps and the tolerance
    to that loss's preset."""
    set_values(PRESETS[st.session_state["loss"]].values())


def set_values(values: Mapping[str, Any]) -> None:
    """Put a preset's values into the controls (α through ``set_lr``: its slider follows)."""
    st.session_state.update(values)
    for key in ("lr", "nlr"):
        if key in values:
            set_lr(values[key], key)


def set_lr(lr: float, key: str = "lr") -> None:
    """A callback-safe way to set α (both the exact number and the slider); ``key``: the link's
    name for that α (the network page's is ``nlr``)."""
    lr = float(min(max(lr, FIELDS[key].lo or 0), FIELDS[key].hi or 1))
    st.session_state[key] = float(f"{lr:.6g}")
    st.session_state[f"{key}_stop"] = nearest_lr_stop(lr)


def network_preset(optimizer: str) -> dict[str, Any]:
    """The network page's values for an optimizer: its α (``fields.NETWORK_LR``), and for Newton
    fewer epochs (``fields.NEWTON_EPOCHS``)."""
    values: dict[str, Any] = {"nlr": NETWORK_LR[optimizer]}
    if optimizer == "newton":
        values["nepochs"] = NEWTON_EPOCHS
    return values


def network_optimizer_chosen() -> None:
    """A new optimizer on the network page (a callback): its own α (and epochs)."""
    set_values(network_preset(st.session_state["nopt"]))


def preset_from_link(params: Mapping[str, str], unusable: Mapping[str, str]) -> None:
    """A link that names a loss gets the loss's preset for every value it does not give (so
    ?loss=himmelblau does not run Himmelblau with the quadratic's α and diverge), and one that
    names the empirical risk's model, data set or scaling gets that risk's (``risk_preset``:
    ?data=house_prices), and one that names the network page's optimizer gets that optimizer's α
    there (?nopt=adam: ``network_preset``); the values it gives win, and an unusable one gets the default its
    warning names."""
    loss = PRESETS.get(params.get("loss", ""))
    network = network_preset(params["nopt"]) if "nopt" in params and "nopt" not in unusable else {}
    for preset in (
        loss.values() if loss is not None and "loss" not in unusable else {},
        risk_preset_from_link(params, unusable),
        network,
    ):
        set_values({k: v for k, v in preset.items() if k not in params})


def data_names(model: str) -> list[str]:
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


def risk_preset_from_link(params: Mapping[str, str], unusable: Mapping[str, str]) -> dict[str, Any]:
    """The preset of the risk a link names by its model, data set or scaling (see
    ``preset_from_link``), for what the page will show: an unusable value's default, and another
    model's data set replaced by this model's first, as the menus do."""
    given = {k: params[k] for k in ("model", "data", "center", "scale") if k in params and k not in unusable}
    if not given:
        return {}
    model = given.get("model", FIELDS["model"].default)
    name = given.get("data", FIELDS["data"].default)
    if name != UPLOAD and name not in data_names(model):
        name = data_names(model)[0]
    center, scale = (given.get(k, "false").lower() == "true" for k in ("center", "scale"))
    return risk_preset(model, None if name == UPLOAD else builtin(name), center, scale)
