"""The empirical risk: the lecture's loss is an average over data, and so is its gradient.

``risk(dataset, model)`` builds a ``Loss`` whose L(w1, w2) is the mean over the data of one
per-sample loss ℓ(w; xᵢ, yᵢ), written once in sympy; its gradient and Hessian are the means of
the per-sample derivatives, so full-batch gd and mini-batch SGD use one definition:

- ``linear``:   ŷ = w1·x + w2,        ℓ = (ŷ − y)²                  (mean squared error)
- ``logistic``: p = σ(w1·x + w2),     ℓ = log(1 + e^z) − y·z, z = w1·x + w2   (cross-entropy)

Data come from the built-in sets (synthetic, generated from a fixed seed by ``generate``; the
CSV files in ``gdviz/datasets`` are its output) or from a CSV with two columns x, y, read as text
and numbers only: nothing in the file is evaluated.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from .analysis import StationaryPoint, classify
from .descent import descend_with
from .i18n import Message, t, tn
from .losses import Loss, X, Y
from .optimizers import Optimizer
from .runs import Run

XI, YI = sp.symbols("x_i y_i", real=True)
_Z = X * XI + Y
PER_SAMPLE: dict[str, sp.Expr] = {
    "linear": (_Z - YI) ** 2,
    "logistic": sp.log(1 + sp.exp(_Z)) - YI * _Z,
}
MODELS = tuple(PER_SAMPLE)
DATASETS_DIR = Path(__file__).with_name("datasets")
MAX_BYTES = 1_000_000
MAX_ROWS = 20_000
MIN_ROWS = 5
MAX_SGD_STEPS = 20_000
MAX_SGD_WORK = 20_000_000
"""Bounds on one mini-batch SGD run: its steps, and its steps times the rows each one evaluates
(every step records the full risk and its gradient), so that one user cannot hold a server."""


class DataError(Message):
    """Data that cannot be used, said plainly (worded in the current language when shown)."""


@dataclass(frozen=True)
class Dataset:
    """Pairs (xᵢ, yᵢ), where they came from, and what was dropped on the way in."""

    name: str
    x: np.ndarray
    y: np.ndarray
    source: str
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.x)

    def standardized(self) -> Dataset:
        """x rescaled to mean 0 and standard deviation 1 (y unchanged)."""
        return self.rescaled(center=True, scale=True)

    def rescaled(self, center: bool, scale: bool) -> Dataset:
        """x centred (minus its mean), scaled (divided by its standard deviation), both or neither.

        For the linear risk, H = 2·[[mean x², mean x], [mean x, 1]]: centring zeroes the coupling
        term mean x, scaling brings the slope's curvature mean x² towards the intercept's 1.
        """
        if not (center or scale):
            return self
        mean, std = float(self.x.mean()), float(self.x.std())
        x = (self.x - mean if center else self.x) / (std if scale else 1.0)
        if center and scale:
            name = t("{name} (x standardized)", name=self.name)
            how = t("{source}; x standardized: (x − {mean:.4g}) / {std:.4g}", source=self.source, mean=mean, std=std)
        elif center:
            name = t("{name} (x centered)", name=self.name)
            how = t("{source}; x centered: x − {mean:.4g}", source=self.source, mean=mean)
        else:
            name = t("{name} (x scaled)", name=self.name)
            how = t("{source}; x scaled: x / {std:.4g}", source=self.source, std=std)
        return Dataset(name, x, self.y, how, self.notes)


@dataclass(frozen=True)
class BuiltIn:
    model: str
    title: str
    seed: int
    about: str


BUILTINS: dict[str, BuiltIn] = {
    "house_prices": BuiltIn(
        "linear",
        "House prices (synthetic)",
        3,
        "Houses: size x in m² (40 to 200), price y in k€ = 1.8·x + 40 + N(0, 25²) noise. "
        "Unscaled x makes the risk a long, narrow valley.",
    ),
    "line": BuiltIn(
        "linear",
        "A noisy line (synthetic)",
        11,
        "x in [−2, 2], y = 1.5·x − 0.5 + N(0, 0.4²) noise.",
    ),
    "study_hours": BuiltIn(
        "logistic",
        "Hours studied and passing (synthetic)",
        7,
        "Students: hours studied x in [0, 10]; passed (y = 1) with probability σ(1.1·x − 5.5).",
    ),
}


def generate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The built-in data set ``name``, exactly as generated from its seed."""
    spec = BUILTINS[name]
    rng = np.random.default_rng(spec.seed)
    if name == "house_prices":
        x = np.round(rng.uniform(40, 200, 60), 1)
        y = np.round(1.8 * x + 40 + rng.normal(0, 25, 60), 1)
    elif name == "line":
        x = np.round(rng.uniform(-2, 2, 40), 3)
        y = np.round(1.5 * x - 0.5 + rng.normal(0, 0.4, 40), 3)
    else:
        x = np.round(rng.uniform(0, 10, 80), 2)
        y = (rng.uniform(0, 1, 80) < 1 / (1 + np.exp(-(1.1 * x - 5.5)))).astype(float)
    return x, y


def builtin(name: str) -> Dataset:
    """A built-in data set, read from its CSV in gdviz/datasets."""
    if name not in BUILTINS:
        raise DataError(
            "unknown data set {name!r}; the built-in ones are: {names}", name=name, names=", ".join(BUILTINS)
        )
    spec = BUILTINS[name]
    data = read_csv((DATASETS_DIR / f"{name}.csv").read_bytes(), spec.model, name)
    source = (
        t(spec.about)
        + " "
        + t("Synthetic: gdviz.data.generate({name!r}), numpy seed {seed}.", name=name, seed=spec.seed)
    )
    return Dataset(name, data.x, data.y, source)


def read_csv(content: bytes | str, model: str = "linear", name: str = "upload") -> Dataset:
    """Two numeric columns x, y from CSV text; a header row is skipped, extra columns ignored.

    Rows with a missing, non-numeric or non-finite x or y are dropped and counted in ``notes``.
    Separated by semicolons or tabs, numbers may have a decimal comma (1,5), as spreadsheets in
    Portuguese save them.

    Raises:
        DataError: too large, not text, a single column, too few usable rows, x constant, or
            (logistic) y not 0/1.
    """
    if model not in PER_SAMPLE:
        raise DataError("unknown model {model!r}; choose one of: {names}", model=model, names=", ".join(MODELS))
    if len(content) > MAX_BYTES:
        raise DataError("the file is too large: {size:,} bytes, at most {most:,}", size=len(content), most=MAX_BYTES)
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataError("the file is not text (UTF-8): save it as CSV") from None
    try:
        dialect = csv.Sniffer().sniff(content[:2048], delimiters=",;\t") if content.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(content), dialect))
    if len(rows) > MAX_ROWS + 1:
        raise DataError("too many rows: {rows:,}, at most {most:,}", rows=len(rows), most=MAX_ROWS)
    comma = dialect.delimiter != ","  # then a comma can only be a decimal one
    xs, ys, dropped, widest = [], [], 0, 0
    for i, row in enumerate(rows):
        cells = [c.strip().replace(",", ".") if comma else c.strip() for c in row]
        if not any(cells):
            continue
        widest = max(widest, len(cells))
        try:
            x, y = float(cells[0]), float(cells[1])
        except (IndexError, ValueError):
            if i == 0:  # a header
                continue
            dropped += 1
            continue
        if not (math.isfinite(x) and math.isfinite(y)):
            dropped += 1
            continue
        xs.append(x)
        ys.append(y)
    notes = (
        (
            tn(
                "{n} row with a missing, non-numeric or infinite value dropped",
                "{n} rows with a missing, non-numeric or infinite value dropped",
                dropped,
            ),
        )
        if dropped
        else ()
    )
    if widest == 1:
        raise DataError("the file has a single column; x and y need two, separated by commas, semicolons or tabs")
    if len(xs) < MIN_ROWS:
        raise DataError(
            "too few usable rows: {rows}, at least {least} (two numeric columns x, y)", rows=len(xs), least=MIN_ROWS
        )
    x, y = np.array(xs), np.array(ys)
    if np.ptp(x) == 0:
        raise DataError("x takes a single value: there is no slope to fit")
    if model == "logistic" and not np.all((y == 0) | (y == 1)):
        bad = y[(y != 0) & (y != 1)][0]
        raise DataError("for logistic regression y must be 0 or 1; found {bad:g}", bad=bad)
    return Dataset(name, x, y, t("uploaded CSV"), notes)


def _mean_of(fn: Any, x: np.ndarray, y: np.ndarray, chunk: int = 2_000_000) -> Any:
    """Build w ↦ mean over the data of fn(w1, w2, xᵢ, yᵢ), broadcasting weights against data."""

    def mean(w1: Any, w2: Any) -> list[np.ndarray]:
        w1, w2 = np.asarray(w1, dtype=float), np.asarray(w2, dtype=float)
        shape = np.broadcast(w1, w2).shape
        a, b = np.broadcast_to(w1, shape)[..., None], np.broadcast_to(w2, shape)[..., None]
        with np.errstate(all="ignore"):
            parts = fn(a, b, x, y)
        return [np.mean(np.broadcast_to(p, (*shape, len(x))), axis=-1) for p in parts]

    return mean


@dataclass(frozen=True, eq=False)
class RiskLoss(Loss):
    """The empirical risk L(w) = (1/n) Σ ℓ(w; xᵢ, yᵢ) of a model over a data set.

    ``expr`` is the per-sample loss ℓ in w1 (x), w2 (y) and the data symbols xᵢ, yᵢ.
    """

    data_x: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    data_y: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    model: str = "linear"

    def __post_init__(self) -> None:
        per = self.expr
        gx, gy = sp.diff(per, X), sp.diff(per, Y)
        hessian = (sp.diff(gx, X), sp.diff(gx, Y), sp.diff(gy, Y))
        object.__setattr__(self, "gradient_exprs", (gx, gy))
        object.__setattr__(self, "hessian_exprs", hessian)
        x, y = self.data_x, self.data_y
        value = _mean_of(sp.lambdify((X, Y, XI, YI), [per], modules="numpy"), x, y)
        object.__setattr__(self, "fast_value", lambda w1, w2: value(w1, w2)[0])
        object.__setattr__(
            self, "fast_gradient", _mean_of(sp.lambdify((X, Y, XI, YI), [gx, gy], modules="numpy"), x, y)
        )
        object.__setattr__(
            self, "fast_hessian", _mean_of(sp.lambdify((X, Y, XI, YI), list(hessian), modules="numpy"), x, y)
        )
        object.__setattr__(self, "_sample_gradient", sp.lambdify((X, Y, XI, YI), [gx, gy], modules="numpy"))

    @functools.cached_property
    def latex(self) -> str:
        w1, w2 = sp.symbols("w_1 w_2", real=True)
        per = sp.latex(self.expr.subs({X: w1, Y: w2}, simultaneous=True))
        return rf"\frac{{1}}{{{len(self.data_x)}}}\sum_{{i=1}}^{{{len(self.data_x)}}} \left[{per}\right]"

    @property
    def is_quadratic(self) -> bool:
        return all(not (h.free_symbols & {X, Y}) for h in self.hessian_exprs)

    @property
    def overflow_free(self) -> bool:  # type: ignore[override]
        return False

    def batch_gradient(self, w1: float, w2: float, rows: np.ndarray) -> tuple[float, float]:
        """∇ of the risk over the rows ``rows`` only (a mini-batch): the same per-sample definition."""
        with np.errstate(all="ignore"):
            gx, gy = self._sample_gradient(w1, w2, self.data_x[rows], self.data_y[rows])
        return float(np.mean(np.broadcast_to(gx, rows.shape))), float(np.mean(np.broadcast_to(gy, rows.shape)))


def least_squares(data: Dataset) -> tuple[float, float]:
    """The closed-form linear fit (normal equations, by numpy.linalg.lstsq): where ∇L = 0."""
    a = np.column_stack([data.x, np.ones_like(data.x)])
    (w1, w2), *_ = np.linalg.lstsq(a, data.y, rcond=None)
    return float(w1), float(w2)


def _view(centre: tuple[float, float], data: Dataset) -> tuple[tuple[float, float], tuple[float, float]]:
    w1, w2 = centre
    s1 = max(2.5 * abs(w1), 3.0 / max(float(np.std(data.x)), 1e-9), 0.5)
    s2 = max(2.5 * abs(w2), 3.0, 1.5 * s1 * abs(float(np.mean(data.x))))
    return (round(w1 - s1, 3), round(w1 + s1, 3)), (round(w2 - s2, 3), round(w2 + s2, 3))


def risk(data: Dataset, model: str = "linear") -> RiskLoss:
    """The empirical risk of ``model`` over ``data`` as a Loss, with a view around its minimum."""
    if model not in PER_SAMPLE:
        raise DataError("unknown model {model!r}; choose one of: {names}", model=model, names=", ".join(MODELS))
    probe = RiskLoss("risk", PER_SAMPLE[model], ((-1.0, 1.0), (-1.0, 1.0)), (), data.name, {}, data.x, data.y, model)
    if model == "linear":
        best: tuple[float, float] | None = least_squares(data)
    else:
        best = _newton_minimum(probe)
    title = f"{model} regression on {data.name}"
    bounds = _view(best or (0.0, 0.0), data)
    return RiskLoss("risk", PER_SAMPLE[model], bounds, (best,) if best else (), title, {}, data.x, data.y, model)


def _newton_minimum(loss: RiskLoss) -> tuple[float, float] | None:
    """The logistic fit by Newton's method (the risk is convex); None if it does not exist
    (separable data: the risk keeps falling as the weights grow)."""
    w = np.zeros(2)
    for _ in range(100):
        g = np.array(loss.gradient(*w))
        h = loss.hessian(*w)
        try:
            step = np.linalg.solve(h, g)
        except np.linalg.LinAlgError:
            return None
        w = w - step
        if not np.all(np.isfinite(w)) or np.max(np.abs(w)) > 1e6:
            return None
        if np.max(np.abs(step)) < 1e-13 * (1 + np.max(np.abs(w))):
            return float(w[0]), float(w[1])
    return None


def minibatch_sgd(
    loss: RiskLoss,
    start: tuple[float, float],
    lr: float,
    batch: int,
    epochs: int,
    seed: int = 0,
    tol: float = 1e-8,
) -> Run:
    """Mini-batch SGD: each epoch shuffles the data (seeded) and steps once per batch of ``batch``
    rows along that batch's gradient. It runs in ``descend``'s own loop, so the run records the
    full risk and its gradient at every step, stops as converged when the full ‖∇L‖ ≤ tol, and
    diverges by the same rules; only the step differs."""
    if not (lr > 0 and math.isfinite(lr)):
        raise Message("lr must be a positive number, got {lr}", lr=lr)
    n = len(loss.data_x)
    if not 1 <= batch <= n:
        raise Message("the batch size must be between 1 and {n}, got {batch}", n=n, batch=batch)
    if not 1 <= epochs <= 10_000:
        raise Message("epochs must be between 1 and 10000, got {epochs}", epochs=epochs)

    def init(w: Any) -> tuple[np.random.Generator, np.ndarray]:
        return np.random.default_rng(seed), np.empty(0, dtype=int)

    def update(g: Any, state: tuple[np.random.Generator, np.ndarray], w: Any, _: Any) -> tuple[Any, Any]:
        rng, queue = state
        if not len(queue):  # a new epoch: a new shuffle
            queue = rng.permutation(n)
        g1, g2 = loss.batch_gradient(w[0], w[1], queue[:batch])
        return (-lr * g1, -lr * g2), (rng, queue[batch:])

    steps = epochs * math.ceil(n / batch)
    if steps > MAX_SGD_STEPS or steps * n > MAX_SGD_WORK:
        raise Message(
            "mini-batch SGD would take {steps:,} steps over {n:,} rows, more than one run may ask for "
            "(at most {most:,} steps, and steps × rows at most {work:,}): fewer epochs or a larger batch",
            steps=steps,
            n=n,
            most=MAX_SGD_STEPS,
            work=MAX_SGD_WORK,
        )
    hyper = {"batch": batch, "epochs": epochs, "seed": seed}
    # the batch gradients are the rule's own sums over rows, not calls of the loss: nothing to count
    return descend_with(
        loss, start, Optimizer(init, update), steps, tol, optimizer="sgd", lr=lr, hyper=hyper, count=False
    )


def risk_points(loss: Loss) -> list[StationaryPoint]:
    """The risk's stationary point: the fit (least squares or maximum likelihood), where ∇L = 0.

    Both risks are convex, so the fit is the only stationary point and a minimum; finding it by
    Newton from a grid of seeds would evaluate the whole data set thousands of times for nothing.
    """
    out = []
    for point in loss.minima:
        eig = np.linalg.eigvalsh(loss.hessian(*point))
        out.append(StationaryPoint(point, float(loss.value(*point)), classify(eig), (float(eig[0]), float(eig[1]))))
    return out
