"""The maths the browser needs to rerun ``descend`` while W⁰ or α is dragged (``gdviz/assets/engine.js``).

L, ∇L and the Hessian travel as JavaScript generated from the very sympy expressions the core
compiles (``Loss.expr``, ``Loss.gradient_exprs``, ``Loss.hessian_exprs``), by a printer that
mirrors the core's NumPy printer: the same common subexpressions, the same order of operations,
squares written as products, ``pow`` where the core calls ``pow``. The browser's iterates then
equal the core's to the last bit or nearly (``tests/test_engine.py`` holds them to 1e-9); the
server's run still replaces the preview on release.
"""

from __future__ import annotations

import math
import weakref
from typing import Any

import sympy as sp
from sympy.printing.precedence import precedence

from .data import RiskLoss
from .descent import _validate
from .losses import DIVERGENCE_LIMIT, Loss, _Printer
from .optimizers import hyperparameters, make_optimizer

CONVERGENCE_RULE = "gradient_norm"
"""The stopping rule engine.js implements, as ``descend``: converged once ‖∇L(W)‖ ≤ tol; diverged
once a coordinate passes the divergence limit or W, L or ∇L is not finite."""

_MATH = {
    "abs": "Math.abs",
    "numpy.sqrt": "Math.sqrt",
    "numpy.exp": "Math.exp",
    "numpy.log": "Math.log",
    "numpy.sin": "Math.sin",
    "numpy.cos": "Math.cos",
    "numpy.tan": "Math.tan",
    "numpy.sinh": "Math.sinh",
    "numpy.cosh": "Math.cosh",
    "numpy.tanh": "Math.tanh",
    "numpy.arcsin": "Math.asin",
    "numpy.arccos": "Math.acos",
    "numpy.arctan": "Math.atan",
    "numpy.arctan2": "Math.atan2",
    "numpy.sign": "Math.sign",
    "numpy.pi": "Math.PI",
    "numpy.e": "Math.E",
}
"""The NumPy names the core's printer emits → their JavaScript counterparts (all IEEE double)."""

_EXACT = 2**53
"""Integers up to this size are exact doubles: p/q then rounds the same in Python and JavaScript."""


class _Unsupported(Exception):
    """An expression that the JavaScript printer cannot mirror."""


class _JavaScriptPrinter(_Printer):
    """The core's printer (``gdviz.losses._Printer``) with JavaScript spelling.

    Everything that decides the order of floating-point operations (sums, products, quotients,
    squares as products) is inherited; only names, ``**`` (as ``Math.pow``, which is what
    Python's ``**`` on floats calls) and conditionals are respelled.
    """

    def _module_format(self, fqn: str, register: bool = True) -> str:
        if fqn not in _MATH:
            raise _Unsupported(fqn)
        return _MATH[fqn]

    def _hprint_Pow(self, expr: sp.Pow, rational: bool = False, sqrt: str = "numpy.sqrt") -> str:
        # As PythonCodePrinter._hprint_Pow, with x**e spelled Math.pow(x, e).
        if expr.exp == sp.S.Half and not rational:
            return f"Math.sqrt({self._print(expr.base)})"
        if expr.is_commutative and not rational:
            if -expr.exp is sp.S.Half:
                return f"1/Math.sqrt({self._print(expr.base)})"
            if expr.exp is sp.S.NegativeOne:
                return f"1/{self.parenthesize(expr.base, precedence(expr), strict=False)}"
        return f"Math.pow({self._print(expr.base)}, {self._print(expr.exp)})"

    def _print_Rational(self, expr: sp.Rational) -> str:
        if abs(expr.p) <= _EXACT and expr.q <= _EXACT:
            return super()._print_Rational(expr)
        return f"({float(expr)!r})"  # Python divides big integers exactly, then rounds once

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        # numpy.select: the first true condition's value, NaN when none holds.
        out = "NaN"
        for piece in reversed(expr.args):
            out = f"(({self._print(piece.cond)}) ? ({self._print(piece.expr)}) : {out})"
        return out

    def _print_Relational(self, expr: sp.core.relational.Relational) -> str:
        op = {"==": "===", "!=": "!=="}.get(expr.rel_op, expr.rel_op)
        return f"({self._print(expr.lhs)} {op} {self._print(expr.rhs)})"

    def _print_And(self, expr: sp.And) -> str:
        return "(" + " && ".join(self._print(a) for a in expr.args) + ")"

    def _print_Or(self, expr: sp.Or) -> str:
        return "(" + " || ".join(self._print(a) for a in expr.args) + ")"

    def _print_Not(self, expr: sp.Not) -> str:
        return f"(!{self._print(expr.args[0])})"

    def _print_BooleanTrue(self, expr: Any) -> str:
        return "true"

    def _print_BooleanFalse(self, expr: Any) -> str:
        return "false"

    def _print_NaN(self, expr: Any) -> str:
        return "NaN"

    def _print_Infinity(self, expr: Any) -> str:
        return "Infinity"

    def _print_NegativeInfinity(self, expr: Any) -> str:
        return "(-Infinity)"

    def _print_ComplexInfinity(self, expr: Any) -> str:
        return "NaN"

    def emptyPrinter(self, expr: Any) -> str:
        raise _Unsupported(type(expr).__name__)

    def _print_not_supported(self, expr: Any) -> str:
        raise _Unsupported(type(expr).__name__)


def function_body(exprs: list[sp.Expr] | tuple[sp.Expr, ...], single: bool = False) -> str:
    """The body of a JavaScript ``function (x, y)`` returning ``exprs`` as an array (or the one
    value when ``single``), with the common subexpressions the core's compiled function has:
    the same ``sympy.cse`` call as ``sympy.lambdify(..., cse=True)``.

    Raises:
        ValueError: an expression holds a function JavaScript is not given (the preview is then off).
    """
    from sympy.simplify.cse_main import cse

    printer = _JavaScriptPrinter({"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False})
    subexprs, reduced = cse(list(exprs), list=False)
    try:
        lines = [f"const {printer.doprint(s)} = {printer.doprint(e)};" for s, e in subexprs]
        results = [printer.doprint(e) for e in reduced]
    except _Unsupported as err:
        raise ValueError(f"no JavaScript for {err}") from None
    lines.append(f"return {results[0]};" if single else f"return [{', '.join(results)}];")
    return "\n".join(lines)


def loss_code(loss: Loss) -> dict[str, str] | None:
    """JavaScript for L, ∇L and the Hessian of ``loss``: bodies of ``function (x, y)``.

    ``{"value": ..., "gradient": ..., "hessian": ...}``: ``value`` returns L, ``gradient``
    [∂L/∂w1, ∂L/∂w2], ``hessian`` [∂²L/∂w1², ∂²L/∂w1∂w2, ∂²L/∂w2²] (engine.js's ``compileLoss``).

    None when the browser cannot mirror the core:
    - an empirical risk (``gdviz.data.RiskLoss``): its L is numpy's mean over the data set, whose
      pairwise summation order JavaScript would have to copy over every sample, and the data
      would travel with every payload; it updates on release;
    - an expression with a function that has no JavaScript counterpart here.
    """
    if isinstance(loss, RiskLoss):
        return None
    if loss not in _CODE:  # printing takes milliseconds; a page reruns with the same Loss object
        try:
            _CODE[loss] = {
                "value": function_body([loss.expr], single=True),
                "gradient": function_body(loss.gradient_exprs),
                "hessian": function_body(loss.hessian_exprs),
            }
        except ValueError:
            _CODE[loss] = None
    code = _CODE[loss]
    return dict(code) if code is not None else None


_CODE: weakref.WeakKeyDictionary[Loss, dict[str, str] | None] = weakref.WeakKeyDictionary()


def preview_spec(
    loss: Loss,
    start: tuple[float, float],
    lr: float,
    steps: int,
    optimizer: str = "gd",
    tol: float = 1e-8,
    hyper: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Everything engine.js's ``descend`` needs to rerun ``gdviz.descent.descend`` with these
    arguments (as JSON-ready values), for another W⁰ or α while one is dragged.

    The hyperparameters come with torch.optim's defaults filled in (``optimizers.hyperparameters``).
    None when the browser cannot rerun it: a loss without ``loss_code``, or SGD noise
    (``noise`` > 0 in ``hyper``: its draws come from numpy's generator, which the browser does
    not have). Raises ValueError on arguments ``descend`` would refuse.
    """
    hyper = dict(hyper or {})
    if hyper.pop("noise", 0.0):
        return None
    hyper.pop("seed", None)
    _validate(start, lr, steps, tol)  # refuses what descend would refuse
    make_optimizer(optimizer, lr, **hyper)
    code = loss_code(loss)
    if code is None:
        return None
    filled = {**hyperparameters(optimizer), **hyper}
    return {
        "loss": code,
        "optimizer": optimizer,
        "hyper": {k: [float(b) for b in v] if isinstance(v, tuple | list) else _json(v) for k, v in filled.items()},
        "start": [float(start[0]), float(start[1])],
        "lr": float(lr),
        "steps": int(steps),
        "tol": float(tol),
        "divergence_limit": DIVERGENCE_LIMIT,
        "rule": CONVERGENCE_RULE,
    }


def _json(value: Any) -> Any:
    """A hyperparameter as JSON: booleans stay booleans, numbers become floats."""
    if isinstance(value, bool):
        return value
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"a hyperparameter must be finite, got {value!r}")
    return number
