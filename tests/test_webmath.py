"""The browser's maths as the server writes it (gdviz.webmath): JavaScript for every loss the
browser can preview, printed from the core's expressions, and the spec of a run (the values the
generated code computes are checked in Chromium: tests/test_engine.py)."""

from __future__ import annotations

import json
import re

import pytest
import sympy as sp

from gdviz.data import BUILTINS, builtin, risk
from gdviz.expression import parse_loss
from gdviz.formula import FUNCTIONS
from gdviz.losses import LOSSES, Loss, X, Y
from gdviz.optimizers import OPTIMIZERS, hyperparameters
from gdviz.webmath import CONVERGENCE_RULE, function_body, loss_code, preview_spec

VIEW = ((-1.0, 1.0), (-1.0, 1.0))
JS_NAMES = re.compile(r"\b(?:Math\.[a-zA-Z0-9]+|x\d*|y|const|return|NaN|Infinity|true|false)\b")


def assert_javascript(body: str) -> None:
    """Only Math's functions, the arguments, the subexpressions and numbers: nothing of Python."""
    assert "**" not in body and "numpy" not in body
    leftover = JS_NAMES.sub("", body)
    assert not re.search(r"[A-Za-z_]", re.sub(r"\d(?:\.\d*)?e[-+]?\d+", "", leftover)), body


@pytest.mark.parametrize("name", list(LOSSES))
def test_every_built_in_loss_has_javascript(name: str) -> None:
    code = loss_code(LOSSES[name])
    assert code is not None and set(code) == {"value", "gradient", "hessian"}
    for body in code.values():
        assert_javascript(body)
    assert code["value"].startswith("return ") or code["value"].startswith("const ")
    assert code["gradient"].rstrip(";").endswith("]") and code["hessian"].rstrip(";").endswith("]")


@pytest.mark.parametrize("function", sorted(set(FUNCTIONS)))
def test_every_function_a_formula_may_use_has_javascript(function: str) -> None:
    argument = "x**2 + y**2 + 1" if function in ("log", "sqrt") else "x/3 + y/5"
    code = loss_code(parse_loss(f"{function}({argument}) + x**2 + y**2"))
    assert code is not None
    for body in code.values():
        assert_javascript(body)


def test_the_code_follows_the_cores_printer() -> None:
    # squares as products, other powers through pow (as Python's ** on floats), the core's
    # common subexpressions, numbers as the exact quotients the core divides
    code = loss_code(parse_loss("(x - 1)**2 + x**3*y + 0.1*y**4 + sqrt(x**2 + 1)"))
    assert code is not None
    assert "((x - 1)*(x - 1))" in code["value"] or "((-1 + x)*(-1 + x))" in code["value"]
    assert "Math.pow(x, 3)" in code["value"] and "Math.sqrt(" in code["value"]
    assert "(1/10)" in code["value"]
    assert function_body([X * X + Y, X * X - Y]) == "const x0 = (x*x);\nreturn [x0 + y, x0 - y];"


def test_a_huge_rational_is_the_float_python_rounds_it_to() -> None:
    body = function_body([sp.Rational(10**20 + 1, 3) * X], single=True)
    assert repr(float(sp.Rational(10**20 + 1, 3))) in body


def test_piecewise_becomes_a_conditional_with_numpys_nan_default() -> None:
    body = function_body([sp.Piecewise((X, X > 0), (Y, Y <= 1))], single=True)
    assert body == "return (((x > 0)) ? (x) : (((y <= 1)) ? (y) : NaN));"


def test_a_function_javascript_is_not_given_turns_the_preview_off() -> None:
    loss = Loss("custom", sp.erf(X) + Y**2, VIEW)
    assert loss_code(loss) is None
    assert preview_spec(loss, (0.5, 0.5), 0.1, 100) is None


def test_an_empirical_risk_updates_on_release() -> None:
    loss = risk(builtin(next(iter(BUILTINS))))
    assert loss_code(loss) is None
    assert preview_spec(loss, (0.0, 0.0), 0.01, 100) is None


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_the_spec_fills_in_torchs_defaults_and_is_json(optimizer: str) -> None:
    spec = preview_spec(LOSSES["rosenbrock"], (-1.5, 2), 1e-3, 200, optimizer, 1e-6)
    assert spec is not None
    assert json.loads(json.dumps(spec, allow_nan=False)) == spec
    defaults = hyperparameters(optimizer)
    assert set(spec["hyper"]) == set(defaults)
    for key, value in defaults.items():
        assert spec["hyper"][key] == (list(value) if isinstance(value, tuple) else value)
    assert spec["loss"] == loss_code(LOSSES["rosenbrock"])
    assert (spec["optimizer"], spec["start"], spec["lr"], spec["steps"], spec["tol"]) == (
        optimizer,
        [-1.5, 2.0],
        1e-3,
        200,
        1e-6,
    )
    assert spec["divergence_limit"] == 1e10 and spec["rule"] == CONVERGENCE_RULE


def test_the_spec_keeps_the_hyperparameters_given() -> None:
    spec = preview_spec(LOSSES["booth"], (0, 0), 0.1, 10, "adam", 1e-8, {"betas": (0.8, 0.9)})
    assert spec is not None and spec["hyper"] == {"betas": [0.8, 0.9], "eps": 1e-8}
    spec = preview_spec(LOSSES["booth"], (0, 0), 0.1, 10, "rmsprop", 1e-8, {"centered": True, "momentum": 0.5})
    assert spec is not None and spec["hyper"]["centered"] is True and spec["hyper"]["momentum"] == 0.5


def test_sgd_noise_updates_on_release_and_no_noise_previews() -> None:
    loss = LOSSES["quadratic"]
    assert preview_spec(loss, (1, 1), 0.1, 10, "gd", 1e-8, {"noise": 0.5, "seed": 3}) is None
    spec = preview_spec(loss, (1, 1), 0.1, 10, "gd", 1e-8, {"noise": 0.0, "seed": 3})
    assert spec is not None and spec["hyper"] == {}


@pytest.mark.parametrize("optimizer, hyper", [("nope", {}), ("gd", {"momentum": 0.9}), ("adam", {"betas": (1.5, 0.9)})])
def test_the_spec_refuses_what_descend_refuses(optimizer: str, hyper: dict) -> None:
    with pytest.raises(ValueError):
        preview_spec(LOSSES["booth"], (0, 0), 0.1, 10, optimizer, 1e-8, hyper)
