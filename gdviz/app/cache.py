"""Every cached computation of the app, keyed on plain values, each cache bounded.

A loss is cached by ``loss_key``: a tuple of plain values from which ``loss_from_key`` builds
the same loss again, for every kind of loss (a built-in with its parameters, a typed formula
with its view, an empirical risk with its data).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from .. import network, network_charts
from ..analysis import StationaryPoint, basins, saddle_demo, stationary_points
from ..data import Dataset, RiskLoss, read_csv, risk, risk_points
from ..descent import descend, sweep_lr
from ..expression import parse_loss
from ..losses import SPECS, Bounds, Loss, get_loss
from ..stability import theory_or_none

LossKey = tuple[Any, ...]
"""("builtin", name, params) | ("formula", text, view) | ("risk", model, data set, x, y)."""


def loss_key(loss: Loss) -> LossKey:
    """Plain values that name ``loss`` for a cache: ``loss_from_key`` builds the same loss from them."""
    if isinstance(loss, RiskLoss):
        name = loss.title.removeprefix(f"{loss.model} regression on ")  # data.risk's title
        return "risk", loss.model, name, tuple(loss.data_x.tolist()), tuple(loss.data_y.tolist())
    if loss.name in SPECS:
        return "builtin", loss.name, tuple(sorted(loss.params.items()))
    return "formula", loss.title, loss.bounds  # the view too: a typed view is not the automatic one


def loss_from_key(key: LossKey) -> Loss:
    """The loss a ``loss_key`` names (each kind is cached where it is built)."""
    kind, *rest = key
    if kind == "builtin":
        name, params = rest
        return get_loss(name, **dict(params))
    if kind == "formula":
        text, bounds = rest
        return parse_loss(text, bounds)
    model, name, x, y = rest
    return risk(Dataset(name, np.array(x), np.array(y), ""), model)


@st.cache_data(max_entries=64, show_spinner=False)
def _points(key: LossKey, bounds: Bounds) -> list[StationaryPoint]:
    return stationary_points(loss_from_key(key), bounds)


def points_in_view(loss: Loss, bounds: Bounds) -> list[StationaryPoint]:
    """Stationary points in the view (cached per loss and view)."""
    if loss.name == "risk":  # convex: its one stationary point is the fit, known already
        return risk_points(loss)
    return _points(loss_key(loss), bounds)


@st.cache_data(max_entries=32, show_spinner=False)
def sweep(  # type: ignore[no-untyped-def]
    key: LossKey, start: tuple[float, float], lo: float, hi: float, steps: int, tol: float, n: int = 160
):
    # At 3 significant digits, so that any α of the sweep can be typed and shown as it is.
    lrs = np.unique([float(f"{v:.3g}") for v in np.geomspace(lo, hi, n)])
    return lrs, sweep_lr(loss_from_key(key), start, lrs, steps=steps, tol=tol)


@st.cache_data(max_entries=64, show_spinner=False)
def saddle_demo_of(key: LossKey, saddle: tuple, distance: float, lr: float | None):  # type: ignore[no-untyped-def]
    return saddle_demo(loss_from_key(key), StationaryPoint(*saddle), distance, lr)


@st.cache_data(max_entries=16, show_spinner=False)
def basins_of(key: LossKey, n: int, lr: float, steps: int, opt: str, tol: float, hyper: tuple[Any, ...]):  # type: ignore[no-untyped-def]
    """The basins for a loss (by key), cached on simple values."""
    return basins(loss_from_key(key), None, n, lr, steps, opt, tol, **dict(hyper))


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
def scaling_runs(
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


# --- the neural network page: a training per network and optimizer, a landscape per plane on it

TaskKey = tuple[Any, ...]
"""("builtin", name) | ("csv", content, name): plain values that name the data of a network."""


def task_from_key(key: TaskKey) -> network.Task:
    """The data a ``TaskKey`` names (an upload is read again: raises DataError as on upload)."""
    if key[0] == "csv":
        return network.task_from_csv(key[1], name=key[2])
    return network.task(key[1])


@st.cache_data(max_entries=16, show_spinner=False)
def csv_notes(content: bytes, name: str, lang: str) -> list[tuple[str, int]]:
    """An uploaded CSV checked as the empirical risk checks one (raises DataError), and what was
    dropped from it: (note, rows used) pairs, worded in ``lang``, the page's language."""
    data = read_csv(content, "linear", name)
    return [(note, len(data)) for note in data.notes]


# st.cache_resource, not cache_data: a trained Network holds autograd's compiled gradient, which
# cannot be pickled (cache_data pickles every value it returns); the results are frozen, never changed
@st.cache_resource(max_entries=16, show_spinner=False)
def training_of(
    key: TaskKey,
    hidden: int,
    activation: str,
    optimizer: str,
    lr: float,
    epochs: int,
    batch: int | None,
    seed: int,
    hyper: tuple[tuple[str, Any], ...],
    lang: str,
) -> network.Training:
    """A network trained on the data ``key`` names (cached on plain values: the landscape's
    plane and grid are not among them, so choosing another plane reuses the training). ``lang``:
    the language its words (the outcome, the data's source) are in, the page's."""
    task = task_from_key(key)
    net = network.network_for(task, hidden, activation)
    if batch is not None and batch >= len(task):  # a batch of every point is the full batch
        batch = None
    return network.train(net, task, optimizer, lr=lr, epochs=epochs, batch=batch, seed=seed, **dict(hyper))


@st.cache_resource(max_entries=32, show_spinner=False)
def landscape_of(training_args: tuple[Any, ...], plane: str, grid: int) -> network.Landscape:
    """L on a plane through the trained weights (``training_args``: ``training_of``'s arguments)."""
    return network.landscape(training_of(*training_args), plane, grid=grid)


@st.cache_data(max_entries=16, show_spinner=False)
def fit_snapshots_of(training_args: tuple[Any, ...]) -> network_charts.Snapshots:
    """The network's fit on the data every few epochs (``network_charts.fit_snapshots``)."""
    return network_charts.fit_snapshots(training_of(*training_args))
