"""The neural network page (pages/network.py, /network): the data, the network and its training
in the sidebar, and what the page says about its pictures."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from ...data import BUILTINS, MAX_BYTES, DataError
from ...i18n import t
from ...runs import CONVERGED, DIVERGED, status_name
from ..cache import TaskKey, task_from_key
from ..controls import hyper_controls, linked_selectbox, lr_control, number_field
from ..fields import FIELDS, OPTIMIZER_NAMES, UPLOAD, hyper_fields, optimizer_help
from ..presets import network_optimizer_chosen
from ..shell import advanced, presenting

UPLOAD_LABEL = "upload a CSV…"

DATA_TITLES = {
    "moons": "Two moons (synthetic, 200 points)",
    "circles": "Two circles, one inside the other (synthetic, 200 points)",
}
"""The menu's names of the network's own data sets; the empirical risk's keep their titles."""

ACTIVATION_NAMES = {"tanh": "tanh", "relu": "ReLU: max(0, z)", "sigmoid": "sigmoid σ(z) = 1/(1 + e⁻ᶻ)"}

PLANE_NAMES = {
    "weights": "two weights: W₁₁ and W₁₂ of the first layer",
    "random": "two random directions, filter-normalised",
    "pca": "the training path's two principal directions (PCA)",
}


@dataclass(frozen=True)
class NetworkSettings:
    """Everything the page's training and landscape depend on, read from the sidebar."""

    data: TaskKey
    hidden: int
    activation: str
    optimizer: str
    hyper: tuple[tuple[str, Any], ...]
    lr: float
    epochs: int
    batch: int | None
    seed: int
    plane: str
    grid: int

    def identity(self) -> str:
        """A short name for this training (an upload by its content's hash): the viewer's run."""
        data = self.data if self.data[0] != "csv" else ("csv", hashlib.blake2b(self.data[1]).hexdigest()[:16])
        text = repr((data, *self.training_args()[1:]))
        return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()

    def training_args(self) -> tuple[Any, ...]:
        """``cache.training_of``'s arguments: all but the plane and the grid."""
        return (
            self.data,
            self.hidden,
            self.activation,
            self.optimizer,
            self.lr,
            self.epochs,
            self.batch,
            self.seed,
            self.hyper,
        )


def _menu(label: str, key: str, names: Callable[[str], str], **kw: Any) -> str:
    """A menu of the field ``key``'s options, opening at its default (the link keeps the identifier)."""
    options = list(FIELDS[key].options)
    return linked_selectbox(label, key, options, names, index=options.index(FIELDS[key].default), **kw)


def _data_title(name: str) -> str:
    if name == UPLOAD:
        return t(UPLOAD_LABEL)
    if name in DATA_TITLES:
        return t(DATA_TITLES[name])
    return t(BUILTINS[name].title)


def data_control() -> TaskKey | None:
    """The data (a built-in set or an uploaded CSV, validated as the empirical risk's); None
    when there is none to use yet (the page has said why)."""
    choice = _menu(t("data"), "ndata", _data_title)
    if choice != UPLOAD:
        return "builtin", choice
    limit = t("CSV with two columns x, y (at most {mb:g} MB)", mb=MAX_BYTES / 1e6)
    file = st.file_uploader(limit, type=["csv", "txt"], key="nupload")
    refused = json.dumps(
        t("not read: a .csv or .txt file of at most {mb:g} MB, please", mb=MAX_BYTES / 1e6), ensure_ascii=False
    )
    st.html(
        "<style>.st-key-nupload [data-testid=stFileChip][aria-invalid=true] { flex-wrap: wrap; }"
        f".st-key-nupload [data-testid=stFileChip][aria-invalid=true]::after {{ content: {refused}; flex-basis: 100%;"
        " color: #d62728; font-size: 0.8rem; }</style>"
    )
    if file is None:
        st.info(
            t(
                "Choose a CSV file of at most {mb:g} MB: two numeric columns, x then y. If every y is 0 or 1 the "
                "network learns to classify (cross-entropy), otherwise to fit y (squared error). A header row is "
                "skipped; rows with a missing, non-numeric or infinite value are dropped and counted. With "
                "semicolons or tabs between the columns, a decimal comma (1,5) is read too. Nothing in the file "
                "is run.",
                mb=MAX_BYTES / 1e6,
            )
        )
        return None
    key: TaskKey = ("csv", file.getvalue(), file.name.rsplit(".", 1)[0][:40])
    try:
        task = task_from_key(key)
    except DataError as err:
        st.error(t('The file "{name}" cannot be used: {why}.', name=file.name, why=err))
        return None
    for note in getattr(task, "notes", ()):  # rows that were dropped, counted beside the file
        st.warning(t("{note}; {n} rows used.", note=note, n=len(task.targets)))
    return key


def sidebar() -> NetworkSettings | None:
    """The page's controls, each bound to the link; None when there are no data yet."""
    with st.sidebar:
        data = data_control()
        hidden = int(
            number_field(FIELDS["hidden"], help=t("the width of the one hidden layer: 2 inputs → n units → 1 output"))
        )
        activation = _menu(t("activation"), "act", lambda v: t(ACTIVATION_NAMES[v]))
        optimizer = _menu(
            t("optimizer"),
            "nopt",
            lambda v: t(OPTIMIZER_NAMES[v]),
            help=optimizer_help(),
            on_change=network_optimizer_chosen,
        )
        lr = lr_control("nlr")
        epochs = int(number_field(FIELDS["nepochs"], step=50))
        plane = _menu(t("plane through the weights"), "plane", lambda v: t(PLANE_NAMES[v]))
        with advanced():
            hyper: dict[str, Any] = {}
            if hyper_fields(optimizer):
                with st.expander(t("hyperparameters (torch.optim's names and defaults)"), expanded=False):
                    hyper = hyper_controls(optimizer)
            batch = int(
                number_field(
                    FIELDS["nbatch"],
                    step=10,
                    help=t("0 uses every point at each step (full batch); n > 0 shuffles them into mini-batches of n"),
                )
            )
            seed = int(
                number_field(
                    FIELDS["nseed"], help=t("the seed of the first weights (and of the shuffling, the random plane)")
                )
            )
            grid = int(
                number_field(FIELDS["ngrid"], step=10, help=t("the landscape evaluates n × n networks on the plane"))
            )
    if data is None:
        return None
    return NetworkSettings(
        data,
        hidden,
        activation,
        optimizer,
        tuple(sorted(hyper.items())),
        lr,
        epochs,
        batch or None,
        seed,
        plane,
        grid,
    )


def shape_words(training: Any) -> str:
    """ "a 2-8-1 network: 33 weights" (biases counted among them)."""
    net = training.network
    return t(
        "a {inputs}-{hidden}-1 network: {size} weights and biases", inputs=net.inputs, hidden=net.hidden, size=net.size
    )


def status_line(training: Any) -> None:
    """How training ended, in words and numbers, coloured as the other pages' runs: final L,
    accuracy (a classifier), the network's shape and size."""
    losses = np.asarray(training.losses, dtype=float)
    epochs = len(losses) - 1
    parts = [
        f"**{status_name(training.status)}**",
        t("{n} epochs", n=epochs),
        t("final L = {loss:.4g}", loss=losses[-1]),
    ]
    if training.accuracies is not None:
        accuracy = float(training.accuracies[-1])
        right = round(accuracy * len(training.task.targets))
        parts.append(
            t("accuracy {share:.1%} ({right} of {n} points)", share=accuracy, right=right, n=len(training.task.targets))
        )
    parts.append(shape_words(training))
    text = " · ".join(parts)
    if training.status == DIVERGED or not np.isfinite(losses[-1]):
        st.error(text)
    elif training.status == CONVERGED or losses[-1] < losses[0]:
        st.success(text)
    else:
        st.warning(text)
    if training.message:
        st.caption(str(training.message))


def plane_caption(land: Any, training: Any) -> None:
    """What the plane is, in the page's words: which weights, which directions, how much of the
    path it holds."""
    size = training.network.size
    if land.plane == "weights":
        text = t(
            "The plane of two weights: W₁₁ and W₁₂ of the first layer move, from their trained values, and the other "
            "{rest} weights stay at the end of training W*. The path shows only what those two did.",
            rest=size - 2,
        )
    elif land.plane == "random":
        text = t(
            "A plane through W* along two random directions in all {size} weights, each filter-normalised: "
            "rescaled, unit by unit, to the size of that unit's trained weights. Almost all of the path lies off "
            "this plane, so its shadow here is short.",
            size=size,
        )
    else:
        explained = land.explained if land.explained is not None else np.zeros(2)
        text = t(
            "The plane through W* spanned by the two directions along which the weights moved most during training "
            "(principal components of W⁰ … W*): together they hold {share:.1%} of the path's variance in "
            "{size} weights, so the path seen here is nearly the whole path.",
            share=float(np.sum(explained)),
            size=size,
        )
    st.caption(text)


def explanations(training: Any) -> None:
    """What the pictures can and cannot show: a slice, sharp and flat minima, normalised directions."""
    size = training.network.size
    if presenting():
        return
    with st.expander(t("What a slice can and cannot show"), expanded=True):
        st.markdown(
            t(
                "The loss of this network is a surface over {size} dimensions, one per weight. The pictures show a "
                "2-D slice of it: L(W* + a·d₁ + b·d₂) on a plane through the trained weights W* spanned by two "
                "directions d₁, d₂. A minimum of the slice need not be a minimum of the whole surface: along the "
                "other {rest} directions L may still go down. A valley in the slice may be a ridge across it. And "
                "training does not stay in the plane: the red path is its projection, and its heights are L on "
                "the plane, not the L training met. So the projected path can seem to climb while the loss of "
                "the network, in the curve of L per epoch, falls at every step.",
                size=size,
                rest=size - 2,
            )
        )
    with st.expander(t("Sharp and flat minima")):
        st.markdown(
            t(
                "Keskar et al. (2017) found that training with large batches tends to end in sharp minima, where L "
                "rises steeply around W*, and small batches in flat ones, and that the flat ones often generalise "
                "better to new data. Li et al. (2018) used slices like these to compare them. How sharp a minimum "
                "looks depends on how far the plane's axes reach: compare minima only on planes built the same way "
                "(below). Try it: train with a batch of 10, then with all points, and compare the random plane's "
                "bowl."
            )
        )
    with st.expander(t("Why random directions are filter-normalised")):
        st.markdown(
            t(
                "With ReLU, multiplying a unit's incoming weights by c > 0 and its outgoing weight by 1/c gives the "
                "same network: the same predictions, the same loss. Yet the loss surface around the two looks "
                "different: a step of the same length changes the small weights relatively more, so one slice looks "
                "sharp and the other flat, though the networks are equivalent. Li et al. (2018) therefore rescale "
                "each random direction unit by unit (filter by filter) to the size of that unit's weights in W*: "
                "a step then changes every unit by the same proportion, and slices of differently scaled networks "
                "can be compared."
            )
        )
