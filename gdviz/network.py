"""From two weights to a network: a small multilayer perceptron, its training and its loss landscape.

The slides' W is a weight matrix and L an empirical risk over data. Here the model is a network
with one hidden layer, x → act(W₁x + b₁) → W₂h + b₂, on data with one or two inputs (two moons,
concentric circles, the built-in data sets, an uploaded CSV). All its weights are one flat vector
θ, trained by the app's own update rules (``gdviz.optimizers.flat``), and its loss is seen as Li
et al. (2018, "Visualizing the Loss Landscape of Neural Nets") saw it: L(θ* + a·d₁ + b·d₂) on a
plane through weight space (``landscape``), for three choices of the directions d₁, d₂.

The gradient (and Newton's Hessian) come from ``autograd``, not from hand-written backpropagation:
it differentiates plain NumPy code in reverse mode, so the loss is written once, as NumPy, and
the same function runs vectorised on the landscape's grid. It is small and pure Python, with no
compiled dependencies beyond NumPy (jax would add some 600 MB of jaxlib and its own array type;
torch, a test dependency here, would put a second array library under the app). Its per-call
overhead is a few microseconds per operation, so a training epoch on 200 points costs about what
PyTorch's does (``bench/network.py``). The tests check it against central differences and a
training run against PyTorch's.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import autograd.numpy as anp
import numpy as np
from autograd import hessian as _hessian
from autograd import value_and_grad

from .data import BUILTINS, builtin, read_csv
from .i18n import Message, t, tn
from .losses import DIVERGENCE_LIMIT
from .optimizers import flat
from .runs import CONVERGED, DIVERGED, MAX_STEPS, WHY_DIVERGED

GENERATED = ("moons", "circles")
NETWORK_DATA: tuple[str, ...] = (*GENERATED, *BUILTINS)
ACTIVATIONS = ("tanh", "relu", "sigmoid")
PLANES = ("weights", "random", "pca")
KINDS = ("classification", "regression")
MAX_HIDDEN = 32
MAX_EPOCHS = 2000
MAX_GRID = 81
MAX_POINTS = 1000
"""The most rows a task keeps: a larger CSV is sampled down to this many (seeded)."""
MAX_UPDATES = 20_000
"""The most weight updates one training may make (epochs × batches per epoch)."""
MAX_NEWTON_WORK = 5_000_000
"""Newton's bound: epochs × weights × rows (a full Hessian costs one backward pass per weight)."""
DEFAULTS: dict[str, Any] = {
    "data": "moons",
    "hidden": 8,
    "activation": "tanh",
    "optimizer": "gd",
    "lr": 0.5,
    "epochs": 1000,
    "plane": "pca",
    "grid": 41,
}
"""A setting that works on every task: on two moons 8 tanh units and gd at α = 0.5 reach 98.5 %
accuracy in 1000 epochs, and the PCA plane shows the path falling all the way to θ* (the tests
hold it to this); α = 1 would be as good on the classifications but diverges on the regressions,
whose squared error is twice as steep."""
_CHUNK = 1 << 22  # floats of hidden activations evaluated at once by Network.losses (32 MB)
_SEEDS = {"moons": 0, "circles": 1}
_POINTS = 200


# ---------------------------------------------------------------- data


@dataclass(frozen=True, eq=False)
class Task:
    """Data for a network: inputs (n, d), d = 1 or 2, targets (n,), and what kind of task it is.

    ``kind``: ``"classification"`` (targets 0 or 1, the loss is the cross-entropy) or
    ``"regression"`` (the loss is the mean squared error). ``source``: where the data come from,
    in one line (in the language current when the task was made).
    """

    name: str
    inputs: np.ndarray
    targets: np.ndarray
    kind: str
    source: str

    def __post_init__(self) -> None:
        # the bounds every computation on a task relies on (the page and the CLI never break them)
        X, y = np.asarray(self.inputs), np.asarray(self.targets)
        if not (
            X.ndim == 2
            and X.shape[1] in (1, 2)
            and y.shape == (len(X),)
            and 1 <= len(X) <= MAX_POINTS
            and np.all(np.isfinite(X))
            and np.all(np.isfinite(y))
        ):
            raise Message(
                "a task needs 1 to {most:,} rows of 1 or 2 finite inputs and one finite target each",
                most=MAX_POINTS,
            )
        if self.kind not in KINDS:
            raise Message(
                "unknown kind of task {name!r}; choose one of: {names}", name=self.kind, names=", ".join(KINDS)
            )
        if self.kind == "classification" and not np.all((y == 0) | (y == 1)):
            raise Message("a classification's targets must be 0 or 1")

    def __len__(self) -> int:
        return len(self.targets)


def _standardized(a: np.ndarray) -> np.ndarray:
    """Columns (or a vector) shifted to mean 0 and, unless constant, scaled to standard deviation 1."""
    std = a.std(axis=0)
    return (a - a.mean(axis=0)) / np.where(std > 0, std, 1.0)


def _generate(name: str) -> np.ndarray:
    """Two moons or two circles, 200 points with Gaussian noise, from a fixed seed: (n, 3) of x₁, x₂, y."""
    rng = np.random.default_rng(_SEEDS[name])
    half = _POINTS // 2
    if name == "moons":  # two interleaved half circles (as scikit-learn's make_moons draws them)
        s = np.linspace(0, np.pi, half)
        outer = np.column_stack([np.cos(s), np.sin(s)])
        inner = np.column_stack([1 - np.cos(s), 0.5 - np.sin(s)])
        noise = 0.2
    else:  # two concentric circles, the inner one half the outer's radius
        s = np.linspace(0, 2 * np.pi, half, endpoint=False)
        outer = np.column_stack([np.cos(s), np.sin(s)])
        inner = 0.5 * outer
        noise = 0.08
    x = np.vstack([outer, inner]) + rng.normal(0, noise, (_POINTS, 2))
    y = np.repeat([0.0, 1.0], half)
    return np.column_stack([_standardized(x), y])


def task(name: str) -> Task:
    """A named task: ``"moons"`` or ``"circles"`` (generated from a fixed seed), or a built-in data
    set of ``gdviz.data`` (one input; the logistic ones' 0/1 targets make it a classification).

    Inputs are standardized; so are a regression's targets, so one α suits every task.

    Raises:
        Message: an unknown name.
    """
    if not isinstance(name, str):
        raise Message("unknown data set {name!r}; choose one of: {names}", name=name, names=", ".join(NETWORK_DATA))
    if name in GENERATED:
        data = _generate(name)
        title = t("two moons") if name == "moons" else t("two circles")
        source = t(
            "{title}: 200 points with Gaussian noise, gdviz.network.task({name!r}), numpy seed {seed}; "
            "inputs standardized",
            title=title,
            name=name,
            seed=_SEEDS[name],
        )
        return Task(name, data[:, :2].copy(), data[:, 2].copy(), "classification", source)
    if name in BUILTINS:
        data = builtin(name)
        return _from_xy(name, data.x, data.y, data.source)
    raise Message("unknown data set {name!r}; choose one of: {names}", name=name, names=", ".join(NETWORK_DATA))


def task_from_csv(content: bytes | str, name: str = "upload") -> Task:
    """A task from an uploaded CSV of x, y, read and checked as the empirical-risk page reads it
    (``gdviz.data.read_csv``): targets all 0 or 1 make a classification, others a regression.
    A file of more than ``MAX_POINTS`` rows is sampled down to that many (seeded, in file order).

    Raises:
        DataError: what ``read_csv`` refuses (too large, not text, one column, too few rows, ...).
    """
    data = read_csv(content, "linear", name)
    x, y, source = data.x, data.y, data.source
    if len(x) > MAX_POINTS:
        keep = np.sort(np.random.default_rng(0).choice(len(x), MAX_POINTS, replace=False))
        source = t(
            "{source}: {kept:,} of its {rows:,} rows, drawn at random (seed 0)",
            source=source,
            kept=MAX_POINTS,
            rows=len(x),
        )
        x, y = x[keep], y[keep]
    return _from_xy(name, x, y, source)


def _from_xy(name: str, x: np.ndarray, y: np.ndarray, source: str) -> Task:
    inputs = _standardized(np.asarray(x, dtype=float)).reshape(-1, 1)
    y = np.asarray(y, dtype=float)
    source = source.rstrip(". ")
    if np.all((y == 0) | (y == 1)):
        return Task(name, inputs, y, "classification", t("{source}; x standardized", source=source))
    return Task(name, inputs, _standardized(y), "regression", t("{source}; x and y standardized", source=source))


# ---------------------------------------------------------------- the network


def _sigmoid(a: Any) -> Any:
    return 0.5 * (anp.tanh(0.5 * a) + 1.0)  # σ(a) without overflow for any a


def _relu(a: Any) -> Any:
    return anp.maximum(a, 0.0)


_ACT: dict[str, Callable[[Any], Any]] = {"tanh": anp.tanh, "relu": _relu, "sigmoid": _sigmoid}


def _whole(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


@dataclass(frozen=True)
class Network:
    """A network with one hidden layer: z = W₂·act(W₁x + b₁) + b₂, one output.

    Its weights are one flat vector θ = (W₁ row by row, b₁, W₂, b₂), W₁ of shape (hidden × inputs)
    as in the slides' W matrix: W₁[1,1] and W₁[1,2] are the first hidden unit's two input weights.
    For a classification the output z is a logit (p = σ(z), the loss the mean binary
    cross-entropy); for a regression it is the prediction (the loss the mean squared error).
    """

    inputs: int
    hidden: int
    activation: str
    kind: str

    def __post_init__(self) -> None:
        if not (_whole(self.inputs) and self.inputs in (1, 2)):
            raise Message("the network takes 1 or 2 inputs, got {n!r}", n=self.inputs)
        if not (_whole(self.hidden) and 1 <= self.hidden <= MAX_HIDDEN):
            raise Message(
                "the hidden layer needs a whole number of units from 1 to {most}, got {n!r}",
                most=MAX_HIDDEN,
                n=self.hidden,
            )
        if self.activation not in ACTIVATIONS:
            raise Message(
                "unknown activation {name!r}; choose one of: {names}",
                name=self.activation,
                names=", ".join(ACTIVATIONS),
            )
        if self.kind not in KINDS:
            raise Message(
                "unknown kind of task {name!r}; choose one of: {names}", name=self.kind, names=", ".join(KINDS)
            )

    @property
    def size(self) -> int:
        """The number of weights (and biases) in θ."""
        return self.hidden * self.inputs + 2 * self.hidden + 1

    @property
    def _cuts(self) -> tuple[int, int, int]:
        w1 = self.hidden * self.inputs
        return w1, w1 + self.hidden, w1 + 2 * self.hidden

    def names(self) -> tuple[str, ...]:
        """Each weight's name, in θ's order: W₁[i,j], b₁[i], W₂[1,i], b₂ (counting from 1)."""
        h, d = self.hidden, self.inputs
        return (
            *(f"W₁[{i},{j}]" for i in range(1, h + 1) for j in range(1, d + 1)),
            *(f"b₁[{i}]" for i in range(1, h + 1)),
            *(f"W₂[1,{i}]" for i in range(1, h + 1)),
            "b₂",
        )

    def init(self, seed: int) -> np.ndarray:
        """Starting weights from ``seed``: Gaussian, Glorot's scale √(2/(fan in + fan out)) for tanh
        and sigmoid, He's √(2/fan in) for relu; biases zero."""
        rng = np.random.default_rng(seed)
        h, d = self.hidden, self.inputs

        def scale(fan_in: int, fan_out: int) -> float:
            return math.sqrt(2 / fan_in) if self.activation == "relu" else math.sqrt(2 / (fan_in + fan_out))

        w1 = rng.normal(0, scale(d, h), h * d)
        w2 = rng.normal(0, scale(h, 1), h)
        return np.concatenate([w1, np.zeros(h), w2, [0.0]])

    def _logits(self, theta: Any, X: np.ndarray) -> Any:
        """z for every row of X (autograd traces this: plain operations, no copies)."""
        c1, c2, c3 = self._cuts
        w1 = theta[:c1].reshape(self.hidden, self.inputs)
        hidden = _ACT[self.activation](anp.dot(X, w1.T) + theta[c1:c2])
        return anp.dot(hidden, theta[c2:c3]) + theta[c3]

    def _loss(self, theta: Any, X: np.ndarray, y: np.ndarray) -> Any:
        z = self._logits(theta, X)
        if self.kind == "classification":
            # −[y log σ(z) + (1−y) log(1−σ(z))] = log(1 + e^z) − y·z, finite for any z
            return anp.mean(anp.logaddexp(0.0, z) - y * z)
        return anp.mean((z - y) ** 2)

    @functools.cached_property
    def _value_and_grad(self) -> Callable[..., tuple[float, np.ndarray]]:
        return value_and_grad(self._loss)

    @functools.cached_property
    def _hessian(self) -> Callable[..., np.ndarray]:
        return _hessian(self._loss)

    def predict(self, theta: np.ndarray, X: np.ndarray) -> np.ndarray:
        """The network's output for every row of X: p(y = 1) for a classification, ŷ for a regression."""
        z = self._logits(np.asarray(theta, dtype=float), np.asarray(X, dtype=float))
        return np.asarray(_sigmoid(z) if self.kind == "classification" else z)

    def loss(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float:
        """L(θ): the mean cross-entropy (classification) or squared error (regression) over the rows."""
        return float(self._loss(np.asarray(theta, dtype=float), X, y))

    def gradient(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        """∇L(θ), by autograd's reverse mode through ``loss``'s own code."""
        return self._value_and_grad(np.asarray(theta, dtype=float), X, y)[1]

    def value_and_gradient(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """L(θ) and ∇L(θ) from one forward and one backward pass."""
        value, grad = self._value_and_grad(np.asarray(theta, dtype=float), X, y)
        return float(value), grad

    def hessian(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The full Hessian of L at θ, (size, size), by autograd (one backward pass per weight)."""
        return self._hessian(np.asarray(theta, dtype=float), X, y)

    def logits_many(self, thetas: np.ndarray, X: np.ndarray) -> np.ndarray:
        """z for m weight vectors at once, (m, n): batched matrix products, chunked so that at most
        about 4 million hidden activations are held at a time."""
        thetas = np.asarray(thetas, dtype=float).reshape(-1, self.size)
        X = np.asarray(X, dtype=float)
        h, d = self.hidden, self.inputs
        c1, c2, c3 = self._cuts
        act = _ACT[self.activation]
        out = np.empty((len(thetas), len(X)))
        rows = max(1, _CHUNK // max(1, h * len(X)))
        for start in range(0, len(thetas), rows):
            th = thetas[start : start + rows]
            # one matrix product for the whole chunk's first layer: (m·h, d) @ (d, n)
            pre = (th[:, :c1].reshape(-1, d) @ X.T).reshape(len(th), h, len(X))
            hidden = act(pre + th[:, c1:c2, None])
            out[start : start + rows] = np.matmul(th[:, None, c2:c3], hidden)[:, 0, :] + th[:, c3, None]
        return out

    def losses(self, thetas: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        """L at each of m weight vectors (rows of ``thetas``), all at once: (m,)."""
        z = self.logits_many(thetas, X)
        y = np.asarray(y, dtype=float)
        if self.kind == "classification":
            return np.mean(np.logaddexp(0.0, z) - y * z, axis=1)
        return np.mean((z - y) ** 2, axis=1)

    def accuracy(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float | None:
        """The share of rows classified right (p ≥ ½ read as 1); None for a regression."""
        if self.kind != "classification":
            return None
        return float(self.accuracies(np.asarray(theta)[None, :], X, y)[0])

    def accuracies(self, thetas: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``accuracy`` at each of m weight vectors at once, (m,) (a classification's)."""
        return np.mean((self.logits_many(thetas, X) >= 0) == (np.asarray(y) == 1), axis=1)


def network_for(task: Task, hidden: int, activation: str) -> Network:
    """The network for ``task``: its inputs and kind, ``hidden`` units (1 to ``MAX_HIDDEN``).

    Raises:
        Message: a bad width or an unknown activation.
    """
    return Network(task.inputs.shape[1], hidden, activation, task.kind)


# ---------------------------------------------------------------- training


@dataclass(frozen=True, eq=False)
class Training:
    """One training run: the whole weight trajectory, one row per epoch, and how it ended.

    Attributes:
        thetas: (k+1, size) θ⁰ … θᵏ, the start and the weights after each epoch, all finite.
        losses: (k+1,) L over the whole data at each.
        accuracies: (k+1,) for a classification, else None.
        status: ``gdviz.runs``' ``"converged"`` (‖∇L‖ ≤ tol), ``"diverged"`` or ``"max_steps"``.
        message: the outcome in words (in the language current when training ended).
        reason: for a diverged run, one of ``gdviz.runs.REASONS``; otherwise empty.
        epochs: the epochs asked for; ``len(thetas) - 1`` were made.
        batch: rows per update, None for full batch.
    """

    network: Network
    task: Task
    thetas: np.ndarray
    losses: np.ndarray
    accuracies: np.ndarray | None
    status: str
    message: str
    optimizer: str
    lr: float
    epochs: int
    batch: int | None
    seed: int
    tol: float = 1e-6
    reason: str = ""
    hyper: dict[str, Any] | None = None

    @property
    def final(self) -> np.ndarray:
        """θ*, the last accepted weights."""
        return self.thetas[-1]

    @property
    def loss(self) -> float:
        """L at θ*."""
        return float(self.losses[-1])

    @property
    def accuracy(self) -> float | None:
        """The accuracy at θ* (None for a regression)."""
        return None if self.accuracies is None else float(self.accuracies[-1])


class _Batch:
    """The loss over some rows, as a flat update rule reads it (``optimizers.FlatDifferentiable``)."""

    def __init__(self, net: Network, X: np.ndarray, y: np.ndarray) -> None:
        self.net, self.X, self.y = net, X, y

    def value(self, theta: np.ndarray) -> float:
        return self.net.loss(theta, self.X, self.y)

    def gradient(self, theta: np.ndarray) -> np.ndarray:
        return self.net.gradient(theta, self.X, self.y)

    def hessian(self, theta: np.ndarray) -> np.ndarray:
        return self.net.hessian(theta, self.X, self.y)


def _describe(status: str, epochs: int, reason: str, tol: float) -> str:
    """A training's outcome in words, as ``gdviz.runs.describe`` words a run's, counted in epochs."""
    if status == CONVERGED:
        return tn(
            "converged after {n} epoch: ‖∇L(θ)‖ ≤ {tol:g}",
            "converged after {n} epochs: ‖∇L(θ)‖ ≤ {tol:g}",
            epochs,
            tol=tol,
        )
    if status == DIVERGED:
        why = t(WHY_DIVERGED[reason], limit=DIVERGENCE_LIMIT)
        return t("diverged in epoch {next}: {why}; the path stops at epoch {n}", next=epochs + 1, why=why, n=epochs)
    return tn(
        "stopped after the maximum of {n} epoch without reaching ‖∇L(θ)‖ ≤ {tol:g}",
        "stopped after the maximum of {n} epochs without reaching ‖∇L(θ)‖ ≤ {tol:g}",
        epochs,
        tol=tol,
    )


def _failure(theta: np.ndarray, value: float, grad: np.ndarray) -> str:
    """Why a point fails the acceptance rule (a ``REASONS`` entry), or "" when it passes."""
    if not np.all(np.isfinite(theta)):
        return "weights"
    if np.max(np.abs(theta)) > DIVERGENCE_LIMIT:
        return "blowup"
    if not math.isfinite(value):
        return "value"
    if not np.all(np.isfinite(grad)):
        return "gradient"
    return ""


def _check_training(net: Network, task: Task, lr: Any, epochs: Any, batch: Any, seed: Any, tol: Any) -> None:
    if net.inputs != task.inputs.shape[1] or net.kind != task.kind:
        raise Message("this network does not fit the data: build it with network_for(task, ...)")
    if not (isinstance(lr, (int, float)) and not isinstance(lr, bool) and math.isfinite(lr) and lr > 0):
        raise Message("the learning rate α must be a positive finite number, got {lr!r}", lr=lr)
    if not (_whole(epochs) and 0 <= epochs <= MAX_EPOCHS):
        raise Message("epochs must be a whole number from 0 to {most}, got {n!r}", most=MAX_EPOCHS, n=epochs)
    if batch is not None and not (_whole(batch) and 1 <= batch <= len(task)):
        raise Message("the batch size must be a whole number from 1 to {n}, got {batch!r}", n=len(task), batch=batch)
    if not (_whole(seed) and seed >= 0):
        raise Message("the seed must be a whole number ≥ 0, got {seed!r}", seed=seed)
    if not (isinstance(tol, (int, float)) and not isinstance(tol, bool) and tol >= 0 and not math.isnan(tol)):
        raise Message("the tolerance must be a number ≥ 0, got {tol!r}", tol=tol)


def train(
    net: Network,
    task: Task,
    optimizer: str = "gd",
    lr: float = 0.5,
    epochs: int = 200,
    batch: int | None = None,
    seed: int = 0,
    tol: float = 1e-6,
    **hyper: Any,
) -> Training:
    """Train ``net`` on ``task`` from ``net.init(seed)`` with one of the app's optimizers.

    Full batch (``batch=None``): one update per epoch along ∇L over all rows. Mini-batch: each
    epoch shuffles the rows (``np.random.default_rng(seed)``) and makes one update per ``batch``
    rows, the optimizer's state carried across. θ is recorded once per epoch, with L (and the
    accuracy) over all rows. A point is accepted as ``gdviz.descend`` accepts one: θ finite and
    within ``DIVERGENCE_LIMIT``, L and ∇L finite; otherwise the run has diverged and stops at the
    last accepted epoch. It has converged once ‖∇L(θ)‖ ≤ tol (over all rows).

    Raises:
        Message: a bad α, epoch count, batch size, seed, tolerance, optimizer or hyperparameter,
            or more work than one training may ask for (``MAX_UPDATES``, ``MAX_NEWTON_WORK``).
    """
    _check_training(net, task, lr, epochs, batch, seed, tol)
    opt = flat(optimizer, float(lr), **hyper)
    X, y = task.inputs, task.targets
    n = len(task)
    per_epoch = math.ceil(n / batch) if batch is not None else 1
    if epochs * per_epoch > MAX_UPDATES:
        raise Message(
            "{epochs:,} epochs in batches of {batch} rows make {updates:,} updates, more than one training "
            "may ask for ({most:,}): fewer epochs or a larger batch",
            epochs=epochs,
            batch=batch,
            updates=epochs * per_epoch,
            most=MAX_UPDATES,
        )
    # a Hessian per update, each one backward pass per weight over the update's rows: ≈ weights × n per epoch
    if optimizer == "newton" and epochs * per_epoch * net.size * (batch or n) > MAX_NEWTON_WORK:
        raise Message(
            "Newton's method computes the full Hessian ({size} × {size}) at every update: at most {most:,} "
            "epochs for this network and data",
            size=net.size,
            most=MAX_NEWTON_WORK // (per_epoch * net.size * (batch or n)),
        )
    whole = _Batch(net, X, y)
    rng = np.random.default_rng(seed)
    theta = net.init(seed)
    status, reason = MAX_STEPS, ""
    with np.errstate(all="ignore"):
        value, grad = net.value_and_gradient(theta, X, y)
        thetas, values = [theta], [value]
        state = opt.init(theta)
        tol2 = tol * tol
        reason = _failure(theta, value, grad)
        if reason:
            status = DIVERGED
        elif float(grad @ grad) <= tol2:
            status = CONVERGED
        for _ in range(epochs if status == MAX_STEPS else 0):
            if batch is None:
                step, state = opt.update(grad, state, theta, whole)
                new = theta + step
            else:
                new = theta
                order = rng.permutation(n)
                for first in range(0, n, batch):
                    rows = order[first : first + batch]
                    part = _Batch(net, X[rows], y[rows])
                    step, state = opt.update(part.gradient(new), state, new, part)
                    new = new + step
            try:
                new_value, new_grad = net.value_and_gradient(new, X, y)
            except (ArithmeticError, np.linalg.LinAlgError):
                new_value, new_grad = math.nan, np.full_like(new, math.nan)
            reason = _failure(new, new_value, new_grad)
            if reason:
                status = DIVERGED
                break
            theta, value, grad = new, new_value, new_grad
            thetas.append(theta)
            values.append(value)
            if float(grad @ grad) <= tol2:
                status = CONVERGED
                break
    path = np.array(thetas)
    accuracies = net.accuracies(path, X, y) if net.kind == "classification" else None
    return Training(
        net,
        task,
        path,
        np.array(values, dtype=float),
        accuracies,
        status,
        _describe(status, len(path) - 1, reason, tol),
        optimizer,
        float(lr),
        int(epochs),
        None if batch is None else int(batch),
        int(seed),
        float(tol),
        reason,
        dict(hyper),
    )


# ---------------------------------------------------------------- the landscape


@dataclass(frozen=True, eq=False)
class Landscape:
    """L on a plane through weight space: values[j, i] = L(origin + a[i]·d₁ + b[j]·d₂).

    Attributes:
        plane: one of ``PLANES``.
        a, b: (g,) the grid's coordinates along d₁ and d₂, symmetric about 0 (θ* at the centre).
        values: (g, g) L on the grid.
        path: (k+1, 2) the training's θᵗ − θ* projected onto the plane (least squares).
        path_values: (k+1,) L at the projected points, on the plane (the path as drawn on the surface).
        explained: for ``"pca"``, the share of the trajectory's variance along d₁ and d₂; else None.
        labels: the two axes' names.
        directions: (2, size) d₁, d₂.
        origin: θ*, the training's final weights.
    """

    plane: str
    a: np.ndarray
    b: np.ndarray
    values: np.ndarray
    path: np.ndarray
    path_values: np.ndarray
    explained: np.ndarray | None
    labels: tuple[str, str]
    directions: np.ndarray
    origin: np.ndarray


def filter_normalized(net: Network, direction: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Li et al.'s filter normalization for a one-hidden-layer network: each unit's incoming weights
    (a row of W₁, and W₂'s row for the output unit) rescaled to the norm of θ's same row, biases
    set to zero (their default, "biasbn ignore"). A direction then moves every unit by as much as
    its own weights are large, which makes slices of differently scaled networks comparable."""
    h, d = net.hidden, net.inputs
    c1, c2, c3 = net._cuts
    out = np.zeros_like(direction)

    def rescale(part: slice, shape: tuple[int, int]) -> None:
        rows, own = direction[part].reshape(shape), theta[part].reshape(shape)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        out[part] = (rows * (np.linalg.norm(own, axis=1, keepdims=True) / np.where(norms > 0, norms, 1.0))).ravel()

    rescale(slice(0, c1), (h, d))
    rescale(slice(c2, c3), (1, h))
    return out


def _directions(training: Training, plane: str, seed: int) -> tuple[np.ndarray, np.ndarray | None, tuple[str, str]]:
    net, origin = training.network, training.final
    if plane == "weights":
        # θ's first two entries: W₁[1,1] and W₁[1,2]; with one input W₁[1,1] and W₁[2,1], and with
        # one input and one hidden unit W₁[1,1] and b₁[1] (the names say which)
        names = net.names()
        return np.eye(2, net.size), None, (names[0], names[1])
    if plane == "random":
        rng = np.random.default_rng(seed)
        dirs = np.array([filter_normalized(net, rng.standard_normal(net.size), origin) for _ in range(2)])
        labels = (t("d₁ (random, filter-normalized)"), t("d₂ (random, filter-normalized)"))
        return dirs, None, labels
    offsets = training.thetas - origin
    _, s, vt = np.linalg.svd(offsets, full_matrices=False)
    total = float(np.sum(s * s))
    if total == 0 or len(s) < 2:
        raise Message("the trajectory has not moved: train for at least two epochs to see its principal directions")
    dirs = vt[:2].copy()
    # the sign of a principal direction is arbitrary: turn each so that the start lies on its positive side
    signs = np.where(offsets[0] @ dirs.T < 0, -1.0, 1.0)
    dirs *= signs[:, None]
    explained = s[:2] ** 2 / total
    labels = tuple(t("PC{i} ({share:.0f} %)", i=i + 1, share=100 * explained[i]) for i in range(2))
    return dirs, explained, labels  # type: ignore[return-value]


def landscape(training: Training, plane: str, grid: int = 41, span: float | None = None, seed: int = 0) -> Landscape:
    """L(θ* + a·d₁ + b·d₂) on a grid × grid lattice around the training's final weights θ*.

    Planes: ``"weights"``, d₁ and d₂ the unit vectors of W₁[1,1] and W₁[1,2] (the other weights
    fixed at θ*); ``"random"``, two Gaussian directions from ``seed``, filter-normalized
    (``filter_normalized``); ``"pca"``, the first two principal directions of the trajectory
    θᵗ − θ*, with the share of its variance they explain. The span (±span along both axes) fits
    the projected path with a margin, and is at least 1 on the weights and random planes (θ*'s own
    scale on the random one); ``span`` sets it. All grid points are evaluated at once
    (``Network.losses``).

    Raises:
        Message: an unknown plane, a grid outside 3 to ``MAX_GRID``, a bad span, or (``"pca"``)
            a trajectory that has not moved.
    """
    if plane not in PLANES:
        raise Message("unknown plane {name!r}; choose one of: {names}", name=plane, names=", ".join(PLANES))
    if not (_whole(grid) and 3 <= grid <= MAX_GRID):
        raise Message(
            "the grid needs a whole number of points from 3 to {most} a side, got {n!r}", most=MAX_GRID, n=grid
        )
    if span is not None and not (
        isinstance(span, (int, float)) and not isinstance(span, bool) and math.isfinite(span) and span > 0
    ):
        raise Message("the span must be a positive finite number, got {span!r}", span=span)
    if not (_whole(seed) and seed >= 0):
        raise Message("the seed must be a whole number ≥ 0, got {seed!r}", seed=seed)
    net, task_ = training.network, training.task
    origin = training.final
    dirs, explained, labels = _directions(training, plane, seed)
    offsets = training.thetas - origin
    path = np.linalg.lstsq(dirs.T, offsets.T, rcond=None)[0].T
    extent = np.max(np.abs(path), axis=0)
    if span is not None:
        spans = np.array([span, span], dtype=float)
    elif plane == "pca":
        spans = 1.25 * extent
        spans = np.maximum(spans, 0.1 * spans.max())  # keep the narrow axis readable
    else:
        spans = np.full(2, max(1.0, 1.25 * float(extent.max())))
    a = np.linspace(-spans[0], spans[0], grid)
    b = np.linspace(-spans[1], spans[1], grid)
    if grid % 2:  # the centre is θ* exactly
        a[grid // 2] = b[grid // 2] = 0.0
    B, A = np.meshgrid(b, a, indexing="ij")
    thetas = origin + A.reshape(-1, 1) * dirs[0] + B.reshape(-1, 1) * dirs[1]
    X, y = task_.inputs, task_.targets
    with np.errstate(all="ignore"):
        values = net.losses(thetas, X, y).reshape(grid, grid)
        path_values = net.losses(origin + path @ dirs, X, y)
    return Landscape(plane, a, b, values, path, path_values, explained, labels, dirs, origin)
