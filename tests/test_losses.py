"""Losses: one definition, derivatives checked against central differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdviz
from gdviz.losses import SPECS

pytestmark = pytest.mark.unit


NAMES = list(SPECS)


def central_gradient(f, x, y, h):
    return np.stack([(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)], axis=-1)


def sample(loss, n=60, seed=0):
    (x0, x1), (y0, y1) = loss.bounds
    rng = np.random.default_rng(seed)
    return rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_differences(name):
    loss = gdviz.get_loss(name)
    x, y = sample(loss)
    numeric = central_gradient(loss.value, x, y, 1e-6)
    exact = loss.gradient(x, y)
    scale = 1 + np.abs(exact)
    assert np.max(np.abs(numeric - exact) / scale) < 1e-5


@pytest.mark.parametrize("name", NAMES)
def test_hessian_matches_central_differences_of_gradient(name):
    loss = gdviz.get_loss(name)
    x, y = sample(loss, seed=1)
    h = 1e-6
    numeric = np.stack(
        [
            (loss.gradient(x + h, y) - loss.gradient(x - h, y)) / (2 * h),
            (loss.gradient(x, y + h) - loss.gradient(x, y - h)) / (2 * h),
        ],
        axis=-1,
    )
    exact = loss.hessian(x, y)
    assert np.allclose(exact, np.swapaxes(exact, -1, -2))
    assert np.max(np.abs(numeric - exact) / (1 + np.abs(exact))) < 1e-5


@pytest.mark.parametrize("name", NAMES)
def test_known_minima_are_stationary_and_lowest_in_view(name):
    loss = gdviz.get_loss(name)
    _, _, Z = loss.grid(120)
    for m in loss.minima:
        assert np.linalg.norm(loss.gradient(*m)) < 1e-8
        assert loss.value(*m) <= Z.min() + 1e-9
        eig = np.linalg.eigvalsh(loss.hessian(*m))
        assert eig[0] > 0


@pytest.mark.parametrize("name", NAMES)
def test_broadcasting_shapes(name):
    loss = gdviz.get_loss(name)
    X, Y = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 3))
    assert loss.value(X, Y).shape == (3, 4)
    assert loss.gradient(X, Y).shape == (3, 4, 2)
    assert loss.hessian(X, Y).shape == (3, 4, 2, 2)
    assert loss.value(0.5, 0.25).shape == ()
    assert loss.gradient(0.5, np.zeros(5)).shape == (5, 2)


def test_constant_derivatives_broadcast():
    loss = gdviz.get_loss("booth")  # its Hessian is constant
    assert loss.hessian(np.zeros(7), np.zeros(7)).shape == (7, 2, 2)
    assert loss.is_quadratic
    assert not gdviz.get_loss("rosenbrock").is_quadratic


def test_quadratic_eigenvalues_are_a_and_b_at_any_rotation():
    for theta in (0.0, 0.3, 1.2):
        loss = gdviz.get_loss("quadratic", a=2, b=7, theta=theta)
        assert np.allclose(np.linalg.eigvalsh(loss.hessian(0.3, -0.2)), [2, 7])


def test_parameters_change_the_loss_and_its_minimum():
    loss = gdviz.get_loss("rosenbrock", a=2, b=10)
    assert loss.minima == ((2.0, 4.0),)
    assert loss.value(2, 4) == 0
    assert loss.params == {"a": 2.0, "b": 10.0}


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: gdviz.get_loss("nope"), "unknown loss"),
        (lambda: gdviz.get_loss("quadratic", c=1), "no parameter 'c'"),
        (lambda: gdviz.get_loss("quadratic", a=float("nan")), "finite"),
        (lambda: gdviz.get_loss("quadratic", a="x"), "number"),
    ],
)
def test_bad_loss_requests_are_refused_clearly(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_registry_lists_every_builtin_with_formula():
    assert list(gdviz.LOSSES) == NAMES
    assert len(NAMES) >= 10
    for name, loss in gdviz.LOSSES.items():
        assert loss.name == name
        assert "w_{1}" in loss.latex
        (x0, x1), (y0, y1) = loss.bounds
        assert x0 < x1 and y0 < y1


def test_himmelblau_has_four_minima():
    assert len(gdviz.get_loss("himmelblau").minima) == 4


@settings(max_examples=60, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(0.1, 20), st.floats(0.1, 20), st.floats(-3.2, 3.2))
def test_quadratic_value_is_half_the_hessian_form(x, y, a, b, theta):
    loss = gdviz.get_loss("quadratic", a=a, b=b, theta=theta)
    w = np.array([x, y])
    expected = 0.5 * w @ loss.hessian(0.0, 0.0) @ w
    assert loss.value(x, y) == pytest.approx(expected, rel=1e-9, abs=1e-12)
