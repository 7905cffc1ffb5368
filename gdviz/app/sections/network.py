"""The neural network page (pages/network.py, /network): the data, the network and its training
in the sidebar, and what the page says about its pictures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from ...data import BUILTINS, MAX_BYTES, DataError
from ...i18n import language, t
from ...network import Landscape, Training
from ...network_charts import kept_share
from ...runs import CONVERGED, DIVERGED
from ..cache import TaskKey, csv_notes
from ..controls import csv_uploader, hyper_controls, linked_selectbox, lr_control, number_field
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
    "weights": "two weights of the first layer, W₁[1,1] and W₁[1,2]",
    "random": "two random directions, filter-normalized",
    "pca": "the path's two principal directions (PCA)",
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
    lang: str = "en"

    def identity(self) -> str:
        """A short name for this training (an upload by its content's hash): the viewer's run."""
        data = self.data if self.data[0] != "csv" else ("csv", hashlib.blake2b(self.data[1]).hexdigest()[:16])
        text = repr((data, *self.training_args()[1:-1]))  # not the language: the same run
        return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()

    def training_args(self) -> tuple[Any, ...]:
        """``cache.training_of``'s arguments: all but the plane and the grid. The language too: the
        training's outcome, the data's source and the plane's axes are worded as they are made."""
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
            self.lang,
        )


def _menu(label: str, key: str, names: Callable[[str], str], **kw: Any) -> str:
    """A menu of the field ``key``'s options, opening at its default (the link keeps the identifier)."""
    options = list(FIELDS[key].options)
    if key not in st.session_state:  # else the session's value (Streamlit objects to both)
        kw["index"] = options.index(FIELDS[key].default)
    return linked_selectbox(label, key, options, names, **kw)


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
    file = csv_uploader("nupload")
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
        notes = csv_notes(key[1], key[2], language())
    except DataError as err:
        st.error(t('The file "{name}" cannot be used: {why}.', name=file.name, why=err))
        return None
    for note, rows in notes:  # rows that were dropped, counted beside the file
        st.warning(t("{note}; {n} rows used.", note=note, n=rows))
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
                    help=t(
                        "0 uses every point at each step (full batch); n > 0 shuffles them into mini-batches of n "
                        "(n at least the number of points: the full batch)"
                    ),
                )
            )
            seed = int(number_field(FIELDS["nseed"], help=t("the seed of the first weights and of the shuffling")))
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
        language(),
    )


def shape_words(training: Training) -> str:
    """The network's shape and size in words: a 2‑8‑1 network, 33 weights and biases (non-breaking
    hyphens: 2‑8‑1 is not broken across lines)."""
    net = training.network
    return t(
        "a {inputs}‑{hidden}‑1 network: {size} weights and biases", inputs=net.inputs, hidden=net.hidden, size=net.size
    )


def status_line(training: Training) -> None:
    """How training ended, in words and numbers: the outcome, final L, the accuracy (a classifier),
    the network's shape and size. Green when it converged, red when it diverged, blue when it ran
    its epochs (a network's ‖∇L‖ seldom reaches the tolerance: that is no fault)."""
    n = len(training.task)
    parts = [f"**{training.message}.**", t("Final L = {loss:.4g}.", loss=training.loss)]
    if training.accuracy is not None:
        right = round(training.accuracy * n)
        parts.append(t("Accuracy {share:.1%} ({right} of {n} points).", share=training.accuracy, right=right, n=n))
    parts.append(shape_words(training)[:1].upper() + shape_words(training)[1:] + ".")
    text = " ".join(parts)
    if training.status == DIVERGED:
        st.error(text)
    elif training.status == CONVERGED:
        st.success(text)
    else:
        st.info(text)


def newton_note(training: Training) -> None:
    """Why Newton's method seldom trains a network (shown when it is the optimizer)."""
    if training.optimizer != "newton":
        return
    st.caption(
        t(
            "Newton's step −α·H⁻¹∇L heads for a stationary point of L's quadratic model at θ, a minimum, a maximum "
            "or a saddle alike: it never asks whether the curvature is positive. A network's loss has many saddle "
            "points and nearly flat directions, where H is close to singular (Dauphin et al., 2014), so Newton "
            "seldom trains one; gradient descent and its variants go downhill along −∇L."
        )
    )


def plane_caption(land: Landscape, training: Training) -> None:
    """Which plane the pictures show, and how much of the way training went lies in it."""
    size = training.network.size
    kept = t(
        "Projected onto this plane, the distance from θ⁰ to θ* keeps {share:.0%} of its length.",
        share=kept_share(land, training),
    )
    if land.plane == "weights":
        text = t(
            "The plane of two weights of the first layer, {a} and {b}: they move away from their trained values, "
            "while the other {rest} weights and biases stay at θ*. The path shows only how those two changed "
            "during training.",
            a=land.labels[0],
            b=land.labels[1],
            rest=size - 2,
        )
    elif land.plane == "random":
        text = t(
            "A plane through θ* along two random directions in all {size} weights, filter-normalized (see below); "
            "the biases stay at θ*.",
            size=size,
        )
    else:
        share = float(np.sum(land.explained)) if land.explained is not None else 0.0
        text = t(
            "The plane through θ* along the two directions in which the weights moved most: the first two "
            "principal components of θ⁰ − θ*, …, θᵏ − θ*. Together they hold {share:.1%} of the path's variance "
            "in {size} weights.",
            share=share,
            size=size,
        )
    st.caption(f"{text} {kept}")


def explanations(training: Training) -> None:
    """What the pictures can and cannot show: a slice, sharp and flat minima, filter normalization
    (left out in presenter mode, like the other pages' explanations: the teacher says it)."""
    if presenting():
        return
    size = training.network.size
    with st.expander(t("What a slice can and cannot show"), expanded=True):
        st.markdown(
            t(
                "The loss of this network is a surface over {size} dimensions, one per weight. The pictures show a "
                "2-D slice of it: L(θ* + a·d₁ + b·d₂) on the plane through the trained weights θ* spanned by two "
                "directions d₁ and d₂. A minimum of the slice need not be a minimum of the whole surface: along "
                "the other {rest} directions L may still go down, and what looks like the bottom of a bowl in the "
                "slice may be a saddle point of the whole. Nor does training stay in the plane: the red path is "
                "its projection, drawn at the heights of L on the plane, not at the L that training met. So the "
                "projected path can climb on the surface while the training's own loss, L per epoch, falls.",
                size=size,
                rest=size - 2,
            )
        )
    with st.expander(t("Sharp and flat minima")):
        st.markdown(
            t(
                "Keskar et al. (2017) found that training with large batches tends to end in sharp minima, where L "
                "rises steeply around θ*, and training with small batches in flat ones, and that the flat ones tend "
                "to generalize better to new data. Li et al. (2018) compared such minima on slices like these, "
                "along filter-normalized random directions: without that normalization how sharp a minimum looks "
                "depends on the scale of the weights, not only on the loss (next section)."
            )
        )
    with st.expander(t("Why random directions are filter-normalized")):
        st.markdown(
            t(
                "With ReLU, multiplying a hidden unit's incoming weights and bias by c > 0 and its outgoing weight "
                "by 1/c gives the same network: the same outputs, the same loss. Yet a step of one length in weight "
                "space changes small weights relatively more than large ones, so slices through two such twins can "
                "look very different, one sharper, one flatter, though both compute the same function. Li et al. "
                "(2018) therefore rescale a random direction filter by filter, here unit by unit: the part that "
                "moves a unit's incoming weights gets the norm of those weights in θ* (the "
                "biases are not moved). A step then changes every unit in proportion to its own weights, and "
                "slices of differently scaled networks can be compared."
            )
        )
