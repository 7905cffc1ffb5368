"""The empirical risk (pages/empirical_risk.py): model and data (built-in or an uploaded CSV),
centring and scaling x, and what each does to gd.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from ...data import BUILTINS, MAX_BYTES, MODELS, DataError, builtin, read_csv
from ...i18n import t
from ...runs import MAX_STEPS, Run, status_name
from ..cache import scaling_runs
from ..controls import csv_uploader, linked_selectbox
from ..fields import FIELDS, UPLOAD
from ..panels import show_table
from ..presets import data_names, risk_preset, set_values

UPLOAD_LABEL = "upload a CSV…"


MODEL_NAMES = {"linear": "linear regression", "logistic": "logistic regression"}


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


def _risk_preset() -> None:
    """On a new model, data set, file or scaling (a callback): the risk's preset (``risk_preset``)."""
    model, name = st.session_state.get("model", "linear"), st.session_state.get("data")
    if name == UPLOAD:  # the file, once there is one that can be used (data_control says why not)
        try:
            data = _uploaded(model)
        except DataError:
            data = None
    else:
        if name not in data_names(model):  # another model's data set: this model's first
            name = st.session_state["data"] = data_names(model)[0]
        data = builtin(name)
    set_values(risk_preset(model, data, *_scaling()))


def _scaling() -> tuple[bool, bool]:
    """(center, scale): the two toggles' values in session state."""
    return bool(st.session_state.get("center")), bool(st.session_state.get("scale"))


def _uploaded(model: str) -> Any:
    """The uploaded file's data (None before a file is chosen); DataError when it cannot be used."""
    file = st.session_state.get("upload")
    if file is None:
        return None
    return read_csv(file.getvalue(), model, file.name.rsplit(".", 1)[0][:40])


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
    names = data_names(model)
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
    file = csv_uploader("upload", on_change=_risk_preset)
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
        for center, scale, kappa, lr, taken, status in scaling_runs(
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
