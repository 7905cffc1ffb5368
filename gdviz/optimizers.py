"""Update rules, each a pair of pure functions (optax style).

A weight vector W is carried as its two coordinates, ``(w1, w2)``: two floats for one run, or
two arrays of shape (m,) for m runs at once. ``init(W) -> state`` and
``update(grad, state, W, loss) -> (step, state)``; the caller applies ``W + step``. The
descent loop knows nothing about any one optimizer, and an optimizer knows of the loss only
what ``Differentiable`` says.

The first-order rules act on each coordinate alone, so each is written once as a ``Rule`` on
one coordinate (a float or an array) and lifted: to the two coordinates of a surface's W, and by
``flat`` to one weight vector θ of any length (a network's weights, ``gdviz.network``), where
Newton solves with the full Hessian and the line search reads L(θ).

``gd``, ``momentum``, ``nesterov``, ``adagrad``, ``rmsprop`` and ``adam`` follow torch.optim's
documented algorithms (SGD, Adagrad, RMSprop, Adam) with its hyperparameter names and defaults
and its order of floating-point operations, so a run matches PyTorch's iterates. ``newton``
(damped by ``lr``) and ``linesearch`` (steepest descent with Armijo backtracking) are extra.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

import numpy as np

from .i18n import Message

Array = Any  # a float for one run, an np.ndarray of shape (m,) for many
Vector = tuple[Array, Array]


class Differentiable(Protocol):
    """What an update rule may read from the loss: L, ∇L and the Hessian at (x, y), component
    by component, on floats or arrays as given (``Loss`` has them; the descent loop may hand
    a rule a wrapper that counts its calls). Newton reads the Hessian, the line search L."""

    def fast_value(self, x: Array, y: Array) -> Array:
        """L(x, y)."""
        ...

    def fast_gradient(self, x: Array, y: Array) -> Sequence[Array]:
        """(∂L/∂w1, ∂L/∂w2) at (x, y)."""
        ...

    def fast_hessian(self, x: Array, y: Array) -> Sequence[Array]:
        """(∂²L/∂w1², ∂²L/∂w1∂w2, ∂²L/∂w2²) at (x, y)."""
        ...


class FlatDifferentiable(Protocol):
    """What an update rule on a flat weight vector θ (``flat``) may read from the loss."""

    def value(self, theta: np.ndarray) -> float:
        """L(θ)."""
        ...

    def gradient(self, theta: np.ndarray) -> np.ndarray:
        """∇L(θ), shaped as θ."""
        ...

    def hessian(self, theta: np.ndarray) -> np.ndarray:
        """The Hessian of L at θ, (n, n)."""
        ...


class Rule(NamedTuple):
    """A per-coordinate update rule: ``init(w) -> state``, ``update(g, state) -> (step, state)``,
    on one coordinate w (a float) or on many at once (an array, elementwise)."""

    init: Callable[[Array], Any]
    update: Callable[[Array, Any], tuple[Array, Any]]


class Optimizer(NamedTuple):
    """An update rule: ``init(W) -> state``, ``update(grad, state, W, loss) -> (step, state)``.

    ``rule``: the per-coordinate ``Rule`` this optimizer lifts to W's two coordinates, when it
    is one (``flat`` lifts the same rule to a whole weight vector); None otherwise.
    """

    init: Callable[[Vector], Any]
    update: Callable[[Vector, Any, Vector, Differentiable], tuple[Vector, Any]]
    rule: Rule | None = None


def _elementwise(rule: Rule) -> Optimizer:
    """Lift a per-coordinate rule (all of torch's first-order rules are one) to a 2-vector."""
    init, update = rule

    def init2(w: Vector) -> tuple[Any, Any]:
        return init(w[0]), init(w[1])

    def update2(g: Vector, state: tuple[Any, Any], w: Vector, loss: Differentiable) -> tuple[Vector, Any]:
        sx, state_x = update(g[0], state[0])
        sy, state_y = update(g[1], state[1])
        return (sx, sy), (state_x, state_y)

    return Optimizer(init2, update2, rule)


def _zeros(w: Array) -> Array:
    return np.zeros_like(w) if isinstance(w, np.ndarray) else 0.0


def _sqrt(a: Array) -> Array:
    """Correctly rounded square root of a float or an array, as torch.sqrt (x**0.5 is not)."""
    if isinstance(a, np.ndarray):
        return np.sqrt(a)
    return math.sqrt(a) if a >= 0 else math.nan


def _check(condition: bool, template: str, **values: Any) -> None:
    if not condition:
        raise Message(template, **values)


def _lerp(start: Array, end: Array, weight: float) -> Array:
    """torch.lerp, with the same two-sided formula, so moving averages round like torch's."""
    if weight < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


def gd(lr: float) -> Optimizer:
    """Vanilla gradient descent, the lesson's W ← W − α∇L (torch SGD without momentum)."""
    _check(lr > 0, "lr must be positive, got {lr}", lr=lr)
    return _elementwise(Rule(lambda w: None, lambda g, s: (-lr * g, s)))


def _sgd_momentum(lr: float, mu: float, nesterov: bool) -> Optimizer:
    # The buffer starts at zero, which with dampening 0 gives torch's first b = g exactly.
    _check(lr > 0, "lr must be positive, got {lr}", lr=lr)
    _check(mu >= 0, "momentum must be ≥ 0, got {mu}", mu=mu)
    _check(not nesterov or mu > 0, "Nesterov momentum needs momentum > 0")

    def update(g: Array, buf: Array) -> tuple[Array, Array]:
        buf = buf * mu + g
        direction = g + buf * mu if nesterov else buf
        return -lr * direction, buf

    return _elementwise(Rule(_zeros, update))


def momentum(lr: float, momentum: float = 0.9) -> Optimizer:
    """torch SGD with momentum μ and dampening 0: b ← μb + g; W ← W − α·b."""
    return _sgd_momentum(lr, momentum, nesterov=False)


def nesterov(lr: float, momentum: float = 0.9) -> Optimizer:
    """torch SGD with ``nesterov=True`` and dampening 0: b ← μb + g; W ← W − α(g + μb)."""
    return _sgd_momentum(lr, momentum, nesterov=True)


class AdagradState(NamedTuple):
    step: int
    sum: Array


def adagrad(
    lr: float = 1e-2, lr_decay: float = 0.0, initial_accumulator_value: float = 0.0, eps: float = 1e-10
) -> Optimizer:
    """torch Adagrad: s ← s + g²; W ← W − α/(1 + (t−1)·decay) · g / (√s + ε)."""
    _check(lr > 0, "lr must be positive, got {lr}", lr=lr)
    _check(lr_decay >= 0, "lr_decay must be ≥ 0, got {lr_decay}", lr_decay=lr_decay)
    _check(
        initial_accumulator_value >= 0,
        "initial_accumulator_value must be ≥ 0, got {value}",
        value=initial_accumulator_value,
    )
    _check(eps >= 0, "eps must be ≥ 0, got {eps}", eps=eps)

    def init(w: Array) -> AdagradState:
        return AdagradState(0, _zeros(w) + initial_accumulator_value)

    def update(g: Array, s: AdagradState) -> tuple[Array, AdagradState]:
        step = s.step + 1
        clr = lr / (1 + (step - 1) * lr_decay)
        total = s.sum + g * g
        return -clr * (g / (_sqrt(total) + eps)), AdagradState(step, total)

    return _elementwise(Rule(init, update))


class RMSpropState(NamedTuple):
    square_avg: Array
    grad_avg: Array
    buf: Array


def rmsprop(
    lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8, momentum: float = 0.0, centered: bool = False
) -> Optimizer:
    """torch RMSprop: v ← αv + (1−α)g²; W ← W − lr · g / (√v + ε), with optional momentum and centering."""
    _check(lr > 0, "lr must be positive, got {lr}", lr=lr)
    _check(0 <= alpha <= 1, "alpha must be in [0, 1], got {alpha}", alpha=alpha)
    _check(eps >= 0, "eps must be ≥ 0, got {eps}", eps=eps)
    _check(momentum >= 0, "momentum must be ≥ 0, got {momentum}", momentum=momentum)

    def init(w: Array) -> RMSpropState:
        return RMSpropState(_zeros(w), _zeros(w), _zeros(w))

    def update(g: Array, s: RMSpropState) -> tuple[Array, RMSpropState]:
        square_avg = s.square_avg * alpha + (1 - alpha) * (g * g)
        grad_avg = s.grad_avg
        if centered:
            grad_avg = _lerp(grad_avg, g, 1 - alpha)
            avg = _sqrt(square_avg - grad_avg * grad_avg) + eps
        else:
            avg = _sqrt(square_avg) + eps
        buf = s.buf
        if momentum > 0:
            buf = buf * momentum + g / avg
            return -lr * buf, RMSpropState(square_avg, grad_avg, buf)
        return -lr * (g / avg), RMSpropState(square_avg, grad_avg, buf)

    return _elementwise(Rule(init, update))


class AdamState(NamedTuple):
    step: int
    exp_avg: Array
    exp_avg_sq: Array


def adam(lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> Optimizer:
    """torch Adam: bias-corrected moving averages m and v; W ← W − lr · m̂ / (√v̂ + ε)."""
    beta1, beta2 = betas
    _check(lr > 0, "lr must be positive, got {lr}", lr=lr)
    _check(0 <= beta1 < 1 and 0 <= beta2 < 1, "betas must be in [0, 1), got {betas}", betas=betas)
    _check(eps >= 0, "eps must be ≥ 0, got {eps}", eps=eps)

    def init(w: Array) -> AdamState:
        return AdamState(0, _zeros(w), _zeros(w))

    def update(g: Array, s: AdamState) -> tuple[Array, AdamState]:
        step = s.step + 1
        exp_avg = _lerp(s.exp_avg, g, 1 - beta1)
        exp_avg_sq = s.exp_avg_sq * beta2 + (1 - beta2) * (g * g)
        step_size = lr / (1 - beta1**step)
        denom = _sqrt(exp_avg_sq) / math.sqrt(1 - beta2**step) + eps
        return -step_size * (exp_avg / denom), AdamState(step, exp_avg, exp_avg_sq)

    return _elementwise(Rule(init, update))


def newton(lr: float = 1.0) -> Optimizer:
    """Newton's method damped by lr: W ← W − α H⁻¹∇L. It heads for any stationary point, saddles too."""
    _check(lr > 0, "lr must be positive, got {lr}", lr=lr)

    def update(g: Vector, state: None, w: Vector, loss: Differentiable) -> tuple[Vector, None]:
        hxx, hxy, hyy = loss.fast_hessian(*w)
        det = hxx * hyy - hxy * hxy
        # A singular Hessian gives a non-finite step, which the descent loop reports.
        return (-lr * (hyy * g[0] - hxy * g[1]) / det, -lr * (hxx * g[1] - hxy * g[0]) / det), state

    return Optimizer(lambda w: None, update)


def linesearch(lr: float = 1.0, c: float = 1e-4, shrink: float = 0.5, max_backtracks: int = 60) -> Optimizer:
    """Steepest descent with Armijo backtracking: start from α = lr, shrink until
    L(W − α∇L) ≤ L(W) − c·α‖∇L‖²."""
    _check(lr > 0, "lr must be positive, got {lr}", lr=lr)
    _check(0 < c < 1, "c must be in (0, 1), got {c}", c=c)
    _check(0 < shrink < 1, "shrink must be in (0, 1), got {shrink}", shrink=shrink)

    # The state is L at the current W when the last step knows it: the accepted trial point is
    # the next W exactly (W + (−α∇L) = W − α∇L in floating point), so L(W) is evaluated only
    # at the start and after a step that ran out of backtracks.
    def update(g: Vector, state: Any, w: Vector, loss: Differentiable) -> tuple[Vector, Any]:
        gx, gy = g
        x, y = w
        base = loss.fast_value(x, y) if state is None else state
        slope = c * (gx * gx + gy * gy)
        if np.ndim(x) == 0:  # one run: plain floats are many times faster than 0-d arrays
            alpha, value = _backtrack(
                lambda a: loss.fast_value(x - a * gx, y - a * gy), base, slope, lr, shrink, max_backtracks
            )
            return (-alpha * gx, -alpha * gy), value
        alpha = np.full(np.shape(x), lr)
        for _ in range(int(max_backtracks)):
            accepted = loss.fast_value(x - alpha * gx, y - alpha * gy) <= base - alpha * slope
            if np.all(accepted):
                break
            alpha = np.where(accepted, alpha, alpha * shrink)
        return (-alpha * gx, -alpha * gy), None  # rows accept at different trials: none kept

    return Optimizer(lambda w: None, update)


def _backtrack(
    value_at: Callable[[float], float], base: float, slope: float, lr: float, shrink: float, max_backtracks: int
) -> tuple[float, float | None]:
    """Armijo's backtracking for one run: the first α = lr·shrinkᵏ with value_at(α) ≤ base − α·slope,
    and L there (None when every trial failed: then α is shrunk once more past the last trial)."""
    alpha = lr
    for _ in range(int(max_backtracks)):
        try:
            trial = value_at(alpha)
            if trial <= base - alpha * slope:
                return alpha, trial
        except ArithmeticError:  # a trial point so far out that L overflows: shrink
            pass
        alpha *= shrink
    return alpha, None


OPTIMIZERS: Mapping[str, Callable[..., Optimizer]] = {
    "gd": gd,
    "momentum": momentum,
    "nesterov": nesterov,
    "adagrad": adagrad,
    "rmsprop": rmsprop,
    "adam": adam,
    "newton": newton,
    "linesearch": linesearch,
}


def hyperparameters(name: str) -> dict[str, Any]:
    """The hyperparameters an optimizer takes besides lr, with their defaults."""
    params = inspect.signature(OPTIMIZERS[name]).parameters
    return {k: p.default for k, p in params.items() if k != "lr"}


def make_optimizer(name: str, lr: float, **hyper: Any) -> Optimizer:
    """Build an optimizer by name, refusing unknown names and hyperparameters with a clear message."""
    if name not in OPTIMIZERS:
        raise Message("unknown optimizer {name!r}; choose one of: {names}", name=name, names=", ".join(OPTIMIZERS))
    allowed = hyperparameters(name)
    for key in hyper:
        if key not in allowed:
            raise Message(
                "optimizer {name!r} has no hyperparameter {key!r} (it takes: {names})",
                name=name,
                key=key,
                names=", ".join(allowed) or "none",
            )
    return OPTIMIZERS[name](lr, **hyper)


def _flat_newton(lr: float = 1.0) -> Optimizer:
    """``newton`` on a flat θ: θ ← θ − α H⁻¹∇L, with the full Hessian solved (not inverted)."""

    def update(g: np.ndarray, state: None, theta: np.ndarray, loss: FlatDifferentiable) -> tuple[np.ndarray, None]:
        try:
            return -lr * np.linalg.solve(loss.hessian(theta), g), state
        except np.linalg.LinAlgError:  # singular: a non-finite step, which the training loop reports
            return np.full_like(g, np.nan), state

    return Optimizer(lambda theta: None, update)


def _flat_linesearch(lr: float = 1.0, c: float = 1e-4, shrink: float = 0.5, max_backtracks: int = 60) -> Optimizer:
    """``linesearch`` on a flat θ: the same backtracking, the same L kept between steps."""

    def update(g: np.ndarray, state: Any, theta: np.ndarray, loss: FlatDifferentiable) -> tuple[np.ndarray, Any]:
        base = loss.value(theta) if state is None else state
        slope = c * float(np.sum(g * g))
        alpha, value = _backtrack(lambda a: loss.value(theta - a * g), base, slope, lr, shrink, max_backtracks)
        return -alpha * g, value

    return Optimizer(lambda theta: None, update)


_FLAT_ONLY: Mapping[str, Callable[..., Optimizer]] = {"newton": _flat_newton, "linesearch": _flat_linesearch}


def flat(name: str, lr: float, **hyper: Any) -> Optimizer:
    """The optimizer ``name`` on one flat weight vector θ of any length (a network's weights).

    ``init(θ) -> state``, ``update(g, state, θ, loss) -> (step, state)`` with g = ∇L(θ) and
    ``loss`` a ``FlatDifferentiable``; the caller applies ``θ + step``. The per-coordinate rules
    are the very ``Rule`` the 2-vector optimizer lifts, so their iterates match ``descend``'s on a
    two-weight model; Newton reads the full Hessian, the line search L(θ).

    Raises:
        Message: an unknown name or hyperparameter, or a bad value (as ``make_optimizer``).
    """
    lifted = make_optimizer(name, lr, **hyper)  # validates the name, α and the hyperparameters once
    if lifted.rule is not None:
        init, update = lifted.rule
        return Optimizer(init, lambda g, state, theta, loss: update(g, state), lifted.rule)
    return _FLAT_ONLY[name](lr, **hyper)
