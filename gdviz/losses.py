"""Loss surfaces L(w1, w2): value, gradient and Hessian from one symbolic definition.

Every loss is written once as a sympy expression in the symbols ``x`` (w1) and ``y`` (w2).
Its gradient and Hessian are derived symbolically and compiled once into numpy functions,
so no hand-copied derivative can drift from its function.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.precedence import PRECEDENCE

from .i18n import Message

X, Y = sp.symbols("x y", real=True)

DIVERGENCE_LIMIT = 1e10
"""A coordinate larger than this in size counts as having blown up (see ``gdviz.descent``)."""

Bounds = tuple[tuple[float, float], tuple[float, float]]
Point = tuple[float, float]


class _Printer(NumPyPrinter):
    """Prints b**2 as (b*b): numpy squares arrays by multiplying, while Python floats (and numpy
    scalars) call pow(), which rounds differently now and then; one run on floats and many
    runs on arrays must give the same iterates to the last bit."""

    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        if expr.exp == 2:
            base = self.parenthesize(expr.base, PRECEDENCE["Mul"])
            return f"({base}*{base})"
        return super()._print_Pow(expr, rational=rational)

    def _hprint_Pow(self, expr: sp.Pow, rational: bool = False, sqrt: str = "numpy.sqrt") -> str:
        # A negative float to a fractional power is a complex number in Python but NaN in numpy
        # (and in JavaScript's Math.pow): numpy.power gives one run on floats what arrays get.
        if expr.exp.is_integer or expr.exp in (sp.S.Half, -sp.S.Half):
            return super()._hprint_Pow(expr, rational=rational, sqrt=sqrt)
        return f"numpy.power({self._print(expr.base)}, {self._print(expr.exp)})"


def _compile(exprs: list[sp.Expr]) -> Callable[..., list[Any]]:
    """Compile expressions of (x, y) into one numpy function returning a list.

    Common subexpressions are shared. An entry with no free symbol (a constant derivative)
    would come back as a Python number; it is broadcast to the input's shape so that the
    result always has one array per entry.
    """
    fn = sp.lambdify((X, Y), exprs, modules="numpy", cse=True, printer=_Printer)
    constant = [not e.free_symbols for e in exprs]
    if not any(constant):
        return fn

    def broadcast(x: Any, y: Any) -> list[Any]:
        shape = np.broadcast(x, y).shape
        out = fn(x, y)
        return [np.full(shape, float(v)) if c and shape else v for v, c in zip(out, constant)]

    return broadcast


def _almost_everywhere(e: sp.Expr) -> sp.Expr:
    """The derivative away from kinks: |x|'' is 2δ(x), which is 0 everywhere but at one line."""
    return e.replace(sp.DiracDelta, lambda *args: sp.S.Zero) if e.has(sp.DiracDelta) else e


@dataclass(frozen=True, eq=False)
class Loss:
    """A differentiable loss of two weights, with a view and its known minima.

    Attributes:
        name: registry name (``"rosenbrock"``) or ``"custom"``.
        expr: the sympy definition in the symbols ``x`` and ``y``.
        bounds: ``((xmin, xmax), (ymin, ymax))``, a view that shows the interesting part.
        minima: the known global minima (empty when the loss is unbounded below).
        title: a human name.
        params: the parameters the loss was built with.
        fast_value, fast_gradient, fast_hessian: L, (∂L/∂w1, ∂L/∂w2) and (∂²L/∂w1², ∂²L/∂w1∂w2,
            ∂²L/∂w2²) as compiled, on floats or arrays as given: no broadcasting, stacking or
            error-state handling, so a descent loop on Python floats pays nothing for them
            (``gdviz.optimizers.Differentiable``). ``value``, ``gradient`` and ``hessian`` are
            the same numbers broadcast and stacked into arrays.
    """

    name: str
    expr: sp.Expr
    bounds: Bounds
    minima: tuple[Point, ...] = ()
    title: str = ""
    params: Mapping[str, float] = field(default_factory=dict)
    fast_value: Callable[..., Any] = field(init=False, repr=False)
    fast_gradient: Callable[..., list[Any]] = field(init=False, repr=False)
    fast_hessian: Callable[..., list[Any]] = field(init=False, repr=False)
    gradient_exprs: tuple[sp.Expr, sp.Expr] = field(init=False, repr=False)
    hessian_exprs: tuple[sp.Expr, sp.Expr, sp.Expr] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        gx, gy = (_almost_everywhere(sp.diff(self.expr, v)) for v in (X, Y))
        hxx, hxy, hyy = (_almost_everywhere(e) for e in (sp.diff(gx, X), sp.diff(gx, Y), sp.diff(gy, Y)))
        object.__setattr__(self, "gradient_exprs", (gx, gy))
        object.__setattr__(self, "hessian_exprs", (hxx, hxy, hyy))
        value = _compile([self.expr])
        object.__setattr__(self, "fast_value", lambda x, y: value(x, y)[0])
        object.__setattr__(self, "fast_gradient", _compile([gx, gy]))
        object.__setattr__(self, "fast_hessian", _compile([hxx, hxy, hyy]))

    def with_bounds(self, bounds: Bounds) -> Loss:
        """The same loss with another view (its compiled functions are reused, not rebuilt)."""
        other = copy.copy(self)
        object.__setattr__(other, "bounds", bounds)
        return other

    @functools.cached_property
    def latex(self) -> str:
        """The formula as LaTeX, written with the lesson's w1, w2."""
        w1, w2 = sp.symbols("w_1 w_2", real=True)
        return sp.latex(self.expr.subs({X: w1, Y: w2}, simultaneous=True))

    @functools.cached_property
    def overflow_free(self) -> bool:
        """True when L and ∇L are provably finite wherever |x|, |y| ≤ DIVERGENCE_LIMIT.

        Then a descent loop may check only the coordinates and skip the finiteness tests on L
        and ∇L: a bound on the size of every node of the expressions (sums, products,
        whole powers, sin, cos, exp) keeps every intermediate value far below overflow.
        """
        return all(_magnitude(e, DIVERGENCE_LIMIT) < 1e300 for e in (self.expr, *self.gradient_exprs))

    @property
    def is_quadratic(self) -> bool:
        """True when the Hessian is constant, so step-size theory is exact."""
        return all(not h.free_symbols for h in self.hessian_exprs)

    def value(self, x: Any, y: Any) -> np.ndarray:
        """L(x, y), broadcast over numpy arrays."""
        x, y = _as_float(x), _as_float(y)
        with np.errstate(all="ignore"):
            return np.broadcast_to(np.asarray(self.fast_value(x, y), dtype=float), np.broadcast(x, y).shape).copy()

    def gradient(self, x: Any, y: Any) -> np.ndarray:
        """∇L(x, y) with the two partial derivatives on the last axis: shape (..., 2)."""
        x, y = _as_float(x), _as_float(y)
        with np.errstate(all="ignore"):
            parts = self.fast_gradient(x, y)
        shape = np.broadcast(x, y).shape
        return np.stack([np.broadcast_to(np.asarray(p, dtype=float), shape) for p in parts], axis=-1)

    def hessian(self, x: Any, y: Any) -> np.ndarray:
        """The Hessian of L at (x, y): shape (..., 2, 2), symmetric."""
        x, y = _as_float(x), _as_float(y)
        with np.errstate(all="ignore"):
            hxx, hxy, hyy = self.fast_hessian(x, y)
        shape = np.broadcast(x, y).shape
        out = np.empty((*shape, 2, 2))
        out[..., 0, 0] = hxx
        out[..., 0, 1] = out[..., 1, 0] = hxy
        out[..., 1, 1] = hyy
        return out

    def grid(self, n: int = 80, bounds: Bounds | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sample the loss on an n × n grid over ``bounds`` (the view by default): xs, ys, Z[j, i]."""
        (x0, x1), (y0, y1) = bounds or self.bounds
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        return xs, ys, self.value(*np.meshgrid(xs, ys))


def _magnitude(e: sp.Expr, limit: float) -> float:
    """An upper bound on |e| and on every subexpression of e over |x|, |y| ≤ limit (inf if unknown)."""
    if e.is_Number:
        return abs(float(e))
    if e.is_Symbol:
        return limit if e in (X, Y) else math.inf
    if e.is_NumberSymbol:
        return abs(float(e))
    parts = [_magnitude(a, limit) for a in e.args]
    if any(not math.isfinite(b) or b > 1e300 for b in parts):
        return math.inf
    if e.is_Add:
        return math.fsum(parts)
    if e.is_Mul:
        return math.prod(parts)
    if e.is_Pow and e.exp.is_Integer and e.exp >= 0:
        return parts[0] ** int(e.exp) if parts[0] < 1e300 ** (1 / max(int(e.exp), 1)) else math.inf
    if isinstance(e, (sp.sin, sp.cos)):
        return 1.0
    if isinstance(e, sp.exp):
        return math.exp(parts[0]) if parts[0] < 690 else math.inf
    return math.inf


def _as_float(a: Any) -> np.ndarray:
    # Always numpy, even for one point: Python floats raise OverflowError where numpy gives inf.
    return np.asarray(a, dtype=float)


@dataclass(frozen=True)
class LossSpec:
    """How to build one built-in loss from its parameters."""

    title: str
    build: Callable[..., sp.Expr]
    bounds: Callable[..., Bounds]
    minima: Callable[..., tuple[Point, ...]]
    defaults: Mapping[str, float] = field(default_factory=dict)
    about: str = ""


def _fixed(value: Any) -> Callable[..., Any]:
    return lambda **_: value


def _num(value: float) -> sp.Rational:
    """A float as the exact decimal it prints as (0.1 -> 1/10), so formulas read cleanly."""
    return sp.Rational(repr(float(value)))


def _quadratic(a: float, b: float, theta: float) -> sp.Expr:
    # Principal axes rotated by theta, so the Hessian's eigenvalues are exactly a and b.
    c, s = sp.cos(_num(theta)), sp.sin(_num(theta))
    u, v = c * X + s * Y, -s * X + c * Y
    return _num(a) * u**2 / 2 + _num(b) * v**2 / 2


def _rosenbrock(a: float, b: float) -> sp.Expr:
    return (_num(a) - X) ** 2 + _num(b) * (Y - X**2) ** 2


def _rastrigin(A: float) -> sp.Expr:
    A = _num(A)
    return 2 * A + X**2 - A * sp.cos(2 * sp.pi * X) + Y**2 - A * sp.cos(2 * sp.pi * Y)


SPECS: dict[str, LossSpec] = {
    "quadratic": LossSpec(
        "Quadratic bowl",
        _quadratic,
        _fixed(((-3.0, 3.0), (-3.0, 3.0))),
        _fixed(((0.0, 0.0),)),
        {"a": 1.0, "b": 10.0, "theta": 0.0},
        "½(a·u² + b·v²) with axes rotated by theta (radians): the Hessian's eigenvalues are a and b.",
    ),
    "rosenbrock": LossSpec(
        "Rosenbrock valley",
        _rosenbrock,
        _fixed(((-2.0, 2.0), (-1.0, 3.0))),
        lambda a, b: ((a, a * a),),
        {"a": 1.0, "b": 100.0},
        "A curved, narrow valley: easy to find, slow to follow.",
    ),
    "saddle": LossSpec(
        "Saddle",
        _fixed(X**2 - Y**2),
        _fixed(((-2.0, 2.0), (-2.0, 2.0))),
        _fixed(()),
        about="∇L = 0 at the origin, which is not a minimum.",
    ),
    "monkey_saddle": LossSpec(
        "Monkey saddle",
        _fixed(X**3 - 3 * X * Y**2),
        _fixed(((-1.5, 1.5), (-1.5, 1.5))),
        _fixed(()),
        about="A degenerate stationary point: the Hessian vanishes at the origin.",
    ),
    "himmelblau": LossSpec(
        "Himmelblau",
        _fixed((X**2 + Y - 11) ** 2 + (X + Y**2 - 7) ** 2),
        _fixed(((-5.0, 5.0), (-5.0, 5.0))),
        _fixed(((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126))),
        about="Four equal minima: where you start decides where you end.",
    ),
    "beale": LossSpec(
        "Beale",
        _fixed(
            (sp.Rational(3, 2) - X + X * Y) ** 2
            + (sp.Rational(9, 4) - X + X * Y**2) ** 2
            + (sp.Rational(21, 8) - X + X * Y**3) ** 2
        ),
        _fixed(((-4.5, 4.5), (-4.5, 4.5))),
        _fixed(((3.0, 0.5),)),
        about="Flat plateaus and steep walls.",
    ),
    "booth": LossSpec(
        "Booth",
        _fixed((X + 2 * Y - 7) ** 2 + (2 * X + Y - 5) ** 2),
        _fixed(((-10.0, 10.0), (-10.0, 10.0))),
        _fixed(((1.0, 3.0),)),
        about="A tilted quadratic bowl.",
    ),
    "rastrigin": LossSpec(
        "Rastrigin",
        _rastrigin,
        _fixed(((-5.12, 5.12), (-5.12, 5.12))),
        _fixed(((0.0, 0.0),)),
        {"A": 10.0},
        "A bowl covered in ripples: many local minima.",
    ),
    "six_hump_camel": LossSpec(
        "Six-hump camel",
        _fixed((4 - sp.Rational(21, 10) * X**2 + X**4 / 3) * X**2 + X * Y + (-4 + 4 * Y**2) * Y**2),
        _fixed(((-2.0, 2.0), (-1.2, 1.2))),
        _fixed(((0.0898, -0.7126), (-0.0898, 0.7126))),
        about="Six local minima, two of them global.",
    ),
    "matyas": LossSpec(
        "Matyas",
        _fixed(sp.Rational(26, 100) * (X**2 + Y**2) - sp.Rational(48, 100) * X * Y),
        _fixed(((-10.0, 10.0), (-10.0, 10.0))),
        _fixed(((0.0, 0.0),)),
        about="A flat, ill-conditioned bowl along the diagonal.",
    ),
}


def _polish(loss: Loss, point: Point) -> Point:
    """Refine an approximate stationary point with Newton steps on ∇L = 0."""
    p = np.array(point, dtype=float)
    for _ in range(50):
        g = loss.gradient(*p)
        h = loss.hessian(*p)
        if not np.all(np.isfinite(h)) or abs(np.linalg.det(h)) < 1e-300:
            break
        step = np.linalg.solve(h, g)
        p = p - step
        if np.max(np.abs(step)) < 1e-15 * (1 + np.max(np.abs(p))):
            break
    return float(p[0]), float(p[1])


@functools.lru_cache(maxsize=64)
def _build(name: str, items: tuple[tuple[str, float], ...]) -> Loss:
    spec = SPECS[name]
    params = dict(items)
    probe = Loss(name, spec.build(**params), spec.bounds(**params), (), spec.title, params)
    minima = tuple(_polish(probe, m) for m in spec.minima(**params))
    return Loss(name, probe.expr, probe.bounds, minima, spec.title, params)


def get_loss(name: str, **params: float) -> Loss:
    """A built-in loss by name, optionally with its parameters changed.

    Example: ``get_loss("quadratic", a=1, b=10, theta=0.3)``.

    Raises:
        ValueError: unknown name or parameter, or a parameter that is not a finite number.
    """
    if name not in SPECS:
        raise Message("unknown loss {name!r}; choose one of: {names}", name=name, names=", ".join(SPECS))
    spec = SPECS[name]
    unknown = set(params) - set(spec.defaults)
    if unknown:
        allowed = ", ".join(spec.defaults) or "none"
        raise Message(
            "loss {name!r} has no parameter {key!r} (parameters: {names})",
            name=name,
            key=sorted(unknown)[0],
            names=allowed,
        )
    merged = dict(spec.defaults)
    for key, value in params.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise Message("parameter {key} must be a number, got {value!r}", key=key, value=value) from None
        if not math.isfinite(number):
            raise Message("parameter {key} must be finite, got {value!r}", key=key, value=value)
        merged[key] = number
    return _build(name, tuple(sorted(merged.items())))


class _Registry(Mapping[str, Loss]):
    """``gdviz.LOSSES``: name → the built-in loss with its default parameters, built on first use."""

    def __getitem__(self, name: str) -> Loss:
        if name not in SPECS:
            raise KeyError(name)
        return get_loss(name)

    def __iter__(self):  # type: ignore[override]
        return iter(SPECS)

    def __len__(self) -> int:
        return len(SPECS)


LOSSES: Mapping[str, Loss] = _Registry()
