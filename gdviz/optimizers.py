"""Update rules, each a pair of pure functions (optax style).

A weight vector W is carried as its two coordinates, ``(w1, w2)``: two floats for one run, or
two arrays of shape (m,) for m runs at once. ``init(W) -> state`` and
``update(grad, state, W, loss) -> (step, state)``; the caller applies ``W + step``. The
descent loop knows nothing about any one optimizer, and an optimizer knows of the loss only
what ``Differentiable`` says.

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


class Optimizer(NamedTuple):
    """An update rule: ``init(W) -> state``, ``update(grad, state, W, loss) -> (step, state)``."""

    init: Callable[[Vector], Any]
    update: Callable[[Vector, Any, Vector, Differentiable], tuple[Vector, Any]]


def _elementwise(init: Callable[[Array], Any], update: Callable[[Array, Any], tuple[Array, Any]]) -> Optimizer:
    """Lift a per-coordinate rule (all of torch's first-order rules are one) to a 2-vector."""

    def init2(w: Vector) -> tuple[Any, Any]:
        return init(w[0]), init(w[1])

    def update2(g: Vector, state: tuple[Any, Any], w: Vector, loss: Differentiable) -> tuple[Vector, Any]:
        sx, state_x = update(g[0], state[0])
        sy, state_y = update(g[1], state[1])
        return (sx, sy), (state_x, state_y)

    return Optimizer(init2, update2)


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
    return _elementwise(lambda w: None, lambda g, s: (-lr * g, s))


def _sgd_momentum(lr: float, mu: float, nesterov: bool) -> Optimizer:
    # The buffer starts at zero, which with dampening 0 gives torch's first b = g exactly.
    _check(lr > 0, "lr must be positive, got {lr}", lr=lr)
    _check(mu >= 0, "momentum must be ≥ 0, got {mu}", mu=mu)
    _check(not nesterov or mu > 0, "Nesterov momentum needs momentum > 0")

    def update(g: Array, buf: Array) -> tuple[Array, Array]:
        buf = buf * mu + g
        direction = g + buf * mu if nesterov else buf
        return -lr * direction, buf

    return _elementwise(_zeros, update)


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

    return _elementwise(init, update)


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

    return _elementwise(init, update)


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

    return _elementwise(init, update)


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
            alpha, value = lr, None
            for _ in range(int(max_backtracks)):
                try:
                    trial = loss.fast_value(x - alpha * gx, y - alpha * gy)
                    if trial <= base - alpha * slope:
                        value = trial
                        break
                except ArithmeticError:  # a trial point so far out that L overflows: shrink
                    pass
                alpha *= shrink
            return (-alpha * gx, -alpha * gy), value
        alpha = np.full(np.shape(x), lr)
        for _ in range(int(max_backtracks)):
            accepted = loss.fast_value(x - alpha * gx, y - alpha * gy) <= base - alpha * slope
            if np.all(accepted):
                break
            alpha = np.where(accepted, alpha, alpha * shrink)
        return (-alpha * gx, -alpha * gy), None  # rows accept at different trials: none kept

    return Optimizer(lambda w: None, update)


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
