"""The descent loop: convergence over optimizer × surface, theory, divergence, many starts."""

import codecs
import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gdviz
from gdviz.analysis import step_size_theory
from gdviz.descent import Entrant, descend_on_budget, race

pytestmark = pytest.mark.unit


# optimizer, lr, hyperparameters, steps: settings that reach the minimum on every surface below
CONVERGING = [
    ("gd", 1e-3, {}, 60000),
    ("momentum", 1e-3, {"momentum": 0.9}, 20000),
    ("nesterov", 1e-3, {"momentum": 0.9}, 20000),
    ("adagrad", 0.5, {}, 60000),
    ("rmsprop", 1e-3, {}, 60000),
    ("adam", 2e-2, {}, 20000),
    ("newton", 1.0, {}, 100),
    ("linesearch", 1.0, {}, 60000),
]
SURFACES = {"rosenbrock": (-1.5, 2.0), "booth": (-5.0, 6.0), "himmelblau": (2.0, 1.0), "quadratic": (2.5, -2.0)}


@pytest.mark.parametrize("surface", list(SURFACES))
@pytest.mark.parametrize("name, lr, hyper, steps", CONVERGING)
def test_every_optimizer_reaches_a_minimum(surface, name, lr, hyper, steps):
    loss = gdviz.get_loss(surface)
    run = gdviz.descend(loss, SURFACES[surface], lr=lr, steps=steps, optimizer=name, tol=1e-6, **hyper)
    distance = min(np.hypot(*(run.final - np.array(m))) for m in loss.minima)
    if name == "rmsprop":  # RMSprop's steps stay about lr long: it hovers within ~lr of the minimum
        assert distance < 1e-2
    else:
        assert run.status == "converged", run.message
        assert distance < 1e-3


def test_quadratic_run_equals_closed_form():
    loss = gdviz.get_loss("quadratic", a=1, b=10, theta=0.4)
    A = loss.hessian(0.0, 0.0)
    w0, lr = np.array([2.0, -1.0]), 0.05
    run = gdviz.descend(loss, w0, lr=lr, steps=60, tol=0)
    M = np.eye(2) - lr * A
    expected = np.array([np.linalg.matrix_power(M, t) @ w0 for t in range(61)])
    np.testing.assert_allclose(run.path, expected, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("factor, status", [(0.999, "converged"), (1.02, "diverged")])
def test_two_over_lambda_max_separates_convergence_from_divergence(factor, status):
    loss = gdviz.get_loss("quadratic", a=1, b=10)
    theory = step_size_theory(loss)
    assert theory.exact and theory.lr_max == pytest.approx(0.2)
    run = gdviz.descend(loss, (1.0, 1.0), lr=factor * theory.lr_max, steps=20000, tol=1e-8)
    assert run.status == status
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.values))


def test_divergence_message_names_the_step_and_keeps_only_finite_points():
    loss = gdviz.get_loss("quadratic", a=1, b=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy warning may leak out
        run = gdviz.descend(loss, (1.0, 1.0), lr=0.5, steps=1000)
    assert run.status == "diverged" and run.reason == "blowup"
    assert f"step {run.steps + 1}" in run.message
    assert np.max(np.abs(run.path)) <= gdviz.DIVERGENCE_LIMIT
    assert len(run.path) == run.steps + 1


def test_a_step_into_overflow_is_diverged_without_warnings():
    loss = gdviz.get_loss("rosenbrock")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = gdviz.descend(loss, (3e6, 3e6), lr=1.0, steps=10)
        many = gdviz.descend_many(loss, [(3e6, 3e6), (1.0, 1.0)], lr=1.0, steps=10)
    assert run.status == "diverged" and run.steps == 0
    assert list(many.status) == ["diverged", "converged"]


def test_newton_heads_for_the_nearest_stationary_point_even_a_maximum():
    loss = gdviz.get_loss("himmelblau")
    run = gdviz.descend(loss, (0.0, 0.0), lr=1.0, steps=100, optimizer="newton")
    assert run.status == "converged"
    assert np.all(np.linalg.eigvalsh(loss.hessian(*run.final)) < 0)  # a maximum


def test_loss_does_not_rise_on_a_convex_quadratic_for_small_lr():
    loss = gdviz.get_loss("quadratic", a=0.5, b=20, theta=1.0)
    run = gdviz.descend(loss, (2.5, 2.5), lr=0.9 * 2 / 20, steps=500, tol=0)
    assert np.all(np.diff(run.values) <= 1e-15)


def test_steps_zero_and_start_at_minimum():
    loss = gdviz.get_loss("booth")
    assert gdviz.descend(loss, (1.0, 3.0), lr=0.1).status == "converged"
    run = gdviz.descend(loss, (0.0, 0.0), lr=0.1, steps=0)
    assert run.status == "max_steps" and run.path.shape == (1, 2)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"lr": 0.0}, "learning rate"),
        ({"lr": float("nan")}, "learning rate"),
        ({"lr": float("inf")}, "learning rate"),
        ({"steps": -1}, "steps"),
        ({"steps": 2.5}, "steps"),
        ({"tol": -1.0}, "tolerance"),
        ({"start": (float("nan"), 0.0)}, "start"),
        ({"optimizer": "sgdx"}, "unknown optimizer"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, match):
    args = {"start": (1.0, 1.0), "lr": 0.1} | kwargs
    with pytest.raises(ValueError, match=match):
        gdviz.descend(gdviz.get_loss("quadratic"), **args)


@pytest.mark.parametrize("name", ["gd", "adam", "momentum", "newton", "linesearch", "adagrad"])
def test_descend_many_equals_descend_start_by_start(name):
    loss = gdviz.get_loss("himmelblau")
    rng = np.random.default_rng(3)
    starts = np.vstack([rng.uniform(-6, 6, (12, 2)), [[3.0, 2.0], [40.0, 40.0]]])
    lr = {"gd": 0.01, "newton": 1.0, "linesearch": 1.0, "adagrad": 0.5}.get(name, 0.01)
    many = gdviz.descend_many(loss, starts, lr=lr, steps=400, optimizer=name)
    if name == "gd":  # the set mixes outcomes, so every branch of the loop is exercised
        assert {"converged", "diverged"} <= set(many.status)
    for i, start in enumerate(starts):
        one = gdviz.descend(loss, start, lr=lr, steps=400, optimizer=name)
        got = many.run(i, loss)
        assert (got.status, got.steps, got.reason) == (one.status, one.steps, one.reason)
        np.testing.assert_array_equal(got.path, one.path)
        np.testing.assert_array_equal(got.values, one.values)
        np.testing.assert_array_equal(got.gradients, one.gradients)
        assert (got.kind, got.trend, got.message) == (one.kind, one.trend, one.message)


def test_descend_many_without_path_matches_with_path():
    loss = gdviz.get_loss("rosenbrock")
    xs, ys = np.meshgrid(np.linspace(-2, 2, 30), np.linspace(-1, 3, 30))
    starts = np.column_stack([xs.ravel(), ys.ravel()])
    a = gdviz.descend_many(loss, starts, lr=2e-3, steps=300, keep_path=False)
    b = gdviz.descend_many(loss, starts, lr=2e-3, steps=300, keep_path=True)
    assert a.path is None and b.path.shape == (900, int(b.steps.max()) + 1, 2)
    np.testing.assert_array_equal(a.final, b.final)
    np.testing.assert_array_equal(a.status, b.status)
    np.testing.assert_array_equal(a.steps, b.steps)
    np.testing.assert_array_equal(b.path[np.arange(900), b.steps], b.final)
    assert {"diverged", "max_steps"} <= set(a.status)


@settings(max_examples=40, deadline=None)
@given(st.floats(-4, 4), st.floats(-4, 4), st.floats(1e-4, 0.05))
def test_path_invariants_hold_for_any_start_and_rate(x, y, lr):
    loss = gdviz.get_loss("himmelblau")
    run = gdviz.descend(loss, (x, y), lr=lr, steps=200)
    assert tuple(run.path[0]) == (x, y)
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.values))
    assert run.status in ("converged", "diverged", "max_steps")
    # gd's update is exactly W - lr * grad at every step
    np.testing.assert_allclose(run.path[1:], run.path[:-1] - lr * run.gradients[:-1], rtol=0, atol=0)


# --- how a run ended, in words (issue 12, item 10)


def test_a_run_that_converges_to_a_saddle_says_it_is_not_a_minimum():
    run = gdviz.descend(gdviz.get_loss("saddle"), (1.5, 0.0), lr=0.1, steps=200)
    assert run.status == "converged" and run.kind == "saddle"
    assert "saddle point, not a minimum" in run.message
    top = gdviz.descend(gdviz.parse_loss("-(x^2 + 2*y^2)"), (0.0, 0.0), lr=0.1)
    assert top.kind == "maximum" and "maximum, not a minimum" in top.message
    bottom = gdviz.descend(gdviz.get_loss("himmelblau"), (-1.0, 0.0), lr=0.01, steps=1000)
    assert bottom.status == "converged" and bottom.kind == "minimum"
    assert "not a minimum" not in bottom.message


def test_a_run_whose_loss_falls_without_bound_says_it_escaped():
    saddle = gdviz.get_loss("saddle")
    going = gdviz.descend(saddle, (1.5, 0.01), lr=0.1, steps=100)
    assert going.status == "max_steps" and going.trend == "escaping"
    assert "L → −∞" in going.message and "maximum of" not in going.message
    gone = gdviz.descend(saddle, (1.5, 0.01), lr=0.1, steps=1000)
    assert gone.status == "diverged" and gone.trend == "escaping"
    assert gone.message.startswith("escaped") and "L → −∞" in gone.message and "α too large" not in gone.message


def test_gd_at_two_over_lambda_max_oscillates_forever():
    run = gdviz.descend(gdviz.get_loss("quadratic"), (-2.5, 2.0), lr=0.2, steps=300)  # λmax = 10
    assert run.status == "max_steps" and run.trend == "oscillating"
    assert run.message.startswith("oscillating forever") and "maximum of" not in run.message
    np.testing.assert_allclose(np.abs(run.path[-10:, 1]), 2.0)  # the zig-zag keeps its size


def test_just_past_two_over_lambda_max_an_unfinished_run_is_diverging():
    run = gdviz.descend(gdviz.get_loss("quadratic"), (-2.5, 2.0), lr=0.201, steps=300)
    assert run.status == "max_steps" and run.trend == "rising" and run.message.startswith("diverging")


@pytest.mark.parametrize(
    ("loss", "start", "lr", "steps"),
    [
        ("quadratic", (-2.5, 2.0), 0.02, 60),  # slow and smooth
        ("quadratic", (-2.5, 2.0), 0.199, 60),  # a zig-zag that shrinks by 0.99 a step
        ("rosenbrock", (-1.5, 2.0), 0.001, 300),  # crawling along the valley
        ("saddle", (1.5, 1e-9), 0.1, 40),  # still sliding into the saddle
    ],
)
def test_a_run_that_only_ran_out_of_steps_claims_no_trend(loss, start, lr, steps):
    run = gdviz.descend(gdviz.get_loss(loss), start, lr=lr, steps=steps)
    assert run.status == "max_steps" and run.trend == ""
    assert run.message.startswith("stopped after the maximum")


@settings(max_examples=60, deadline=None)
@given(st.floats(-5, 5), st.floats(-5, 5), st.floats(1e-4, 0.5), st.sampled_from([5, 30, 200]))
def test_a_loss_bounded_below_never_escapes(x, y, lr, steps):
    for name in ("himmelblau", "six_hump_camel", "rastrigin"):  # L ≥ 0, ≥ −1.04, ≥ 0
        run = gdviz.descend(gdviz.get_loss(name), (x, y), lr=lr, steps=steps, optimizer="momentum")
        assert run.trend != "escaping"


def test_one_step_takes_the_singular_in_portuguese():
    from gdviz.i18n import set_language

    set_language("pt")
    try:
        one = gdviz.descend(gdviz.get_loss("quadratic"), (1.0, 1.0), lr=1.0, steps=5, optimizer="newton")
        assert one.steps == 1 and "após 1 passo:" in one.message
    finally:
        set_language("en")


def test_a_runs_end_is_named_in_a_word_as_its_status_box_names_it():
    from gdviz.runs import outcome_name

    quadratic, saddle = gdviz.get_loss("quadratic"), gdviz.get_loss("saddle")
    ends = {
        "oscillating": gdviz.descend(quadratic, (1.0, 1.0), lr=0.2, steps=300),  # α = 2/λmax
        "saddle point": gdviz.descend(saddle, (1.5, 0.0), lr=0.1, steps=500),
        "escaping": gdviz.descend(saddle, (1.5, 0.001), lr=0.01, steps=300),
        "escaped": gdviz.descend(saddle, (1.5, 0.001), lr=0.1, steps=1000),
        "converged": gdviz.descend(quadratic, (1.0, 1.0), lr=0.1, steps=500),
    }
    for word, run in ends.items():
        assert outcome_name(run.status, run.kind, run.trend) == word, run.message


def test_the_step_tables_csv_is_the_update_rule_in_full():
    run = gdviz.descend(gdviz.get_loss("quadratic"), (-2.5, 2.0), lr=0.08, steps=5)
    data = run.csv()
    assert data.startswith(codecs.BOM_UTF8)  # spreadsheet programs then read the α in UTF-8
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(run.table()) and "α·dL/dw1" in lines[0]
    assert len(lines) == run.steps + 2
    rows = [line.split(",") for line in lines[1:]]
    assert [row[0] for row in rows] == ["0", "1", "2", "3", "4", "5"]  # t as an integer
    # every other number in full: the next row's W is this row's W − α∇L to the last bit
    for row, after in itertools.pairwise(rows):
        assert [float(v) for v in row[7:9]] == [float(v) for v in after[1:3]]
    assert float(rows[0][1]) == -2.5 and float(rows[1][1]) == -2.5 - 0.08 * -2.5
    assert rows[-1][7:9] == ["nan", "nan"]  # the last row has no next W


def test_a_race_runs_each_entrant_for_the_steps_or_for_what_the_budget_pays():
    loss, start = gdviz.get_loss("rosenbrock"), (-1.5, 2.0)
    entrants = [Entrant("gd", 0.001, {}), Entrant("adam", 0.05, {"betas": (0.8, 0.99)})]
    runs = race(loss, start, entrants, 30, 1e-12, False, 0.1, 3)
    for e, run in zip(entrants, runs):
        alone = gdviz.descend(
            loss, start, lr=e.lr, steps=30, optimizer=e.optimizer, tol=1e-12, noise=0.1, seed=3, **e.hyper
        )
        assert (run.optimizer, run.lr, run.steps) == (e.optimizer, e.lr, 30)
        np.testing.assert_array_equal(run.path, alone.path)  # the same noise for every entrant
    newton = race(loss, start, [Entrant("newton", 0.05, {})], 30, 1e-12, True, 0.0, 0)[0]
    alone = descend_on_budget(loss, start, 30, lr=0.05, optimizer="newton", tol=1e-12)
    np.testing.assert_array_equal(newton.path, alone.path)
    assert newton.steps == 9  # 1 + 3 a step (∇L and a Hessian at 2)


def test_a_fractional_power_of_a_negative_number_ends_the_run_as_outside_the_domain():
    # Python's (-1.0)**1.5 is complex (a TypeError later); numpy's and the browser's are NaN
    loss = gdviz.parse_loss("x**1.5 + y**2")
    run = gdviz.descend(loss, (-1.0, 1.0), lr=0.1, steps=10)
    assert run.status == "diverged" and "not a finite number" in run.message
    many = gdviz.descend_many(loss, np.array([[-1.0, 1.0], [1.0, 1.0]]), lr=0.1, steps=10)
    assert many.status[0] == "diverged"
    inside = gdviz.descend(loss, (1.0, 1.0), lr=0.1, steps=5)
    assert inside.path[1][0] == 1.0 - 0.1 * 1.5 * 1.0**0.5  # the same value as Python's ** where it is real
