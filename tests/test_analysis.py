"""Stationary points and step-size theory."""

import numpy as np
import pytest

import gdviz
from gdviz.analysis import classify, lr_presets, path_curvature, stationary_points, step_size_theory
from gdviz.descent import sweep_lr

pytestmark = pytest.mark.unit


def kinds(points):
    return sorted(p.kind for p in points)


def test_saddle_origin_is_a_saddle():
    (p,) = stationary_points(gdviz.get_loss("saddle"))
    assert p.point == (0.0, 0.0) and p.kind == "saddle" and p.eigenvalues == (-2.0, 2.0)


def test_himmelblau_four_minima_four_saddles_one_maximum():
    points = stationary_points(gdviz.get_loss("himmelblau"))
    assert kinds(points) == ["maximum"] + ["minimum"] * 4 + ["saddle"] * 4
    minima = {tuple(np.round(p.point, 5)) for p in points if p.kind == "minimum"}
    assert minima == {tuple(np.round(m, 5)) for m in gdviz.get_loss("himmelblau").minima}


def test_monkey_saddle_is_degenerate():
    points = stationary_points(gdviz.get_loss("monkey_saddle"))
    assert [(p.kind, p.point) for p in points] == [("degenerate", (0.0, 0.0))]


def test_rastrigin_lattice_in_a_small_view():
    points = stationary_points(gdviz.get_loss("rastrigin"), bounds=((-1.2, 1.2), (-1.2, 1.2)))
    # per axis: minima near 0, ±1 and maxima near ±0.5 → 5 × 5 points
    assert len(points) == 25
    assert kinds(points).count("minimum") == 9 and kinds(points).count("maximum") == 4


@pytest.mark.parametrize("name", list(gdviz.LOSSES))
def test_every_point_found_is_stationary_and_in_view(name):
    loss = gdviz.get_loss(name)
    (x0, x1), (y0, y1) = loss.bounds
    points = stationary_points(loss)
    assert points, name
    for p in points:
        assert np.linalg.norm(loss.gradient(*p.point)) < 1e-6 * max(1.0, abs(p.value))
        assert x0 - 1e-6 <= p.point[0] <= x1 + 1e-6 and y0 - 1e-6 <= p.point[1] <= y1 + 1e-6


@pytest.mark.parametrize(
    "eig, kind",
    [((1, 2), "minimum"), ((-2, -1), "maximum"), ((-1, 3), "saddle"), ((0, 3), "degenerate"), ((0, 0), "degenerate")],
)
def test_classify(eig, kind):
    assert classify(np.array(eig, dtype=float)) == kind


def test_quadratic_theory_is_exact():
    theory = step_size_theory(gdviz.get_loss("quadratic", a=2, b=8, theta=0.5))
    assert theory.exact
    assert theory.eigenvalues == pytest.approx((2, 8))
    assert theory.lr_max == pytest.approx(0.25)
    assert theory.lr_best == pytest.approx(0.2)
    assert theory.condition == pytest.approx(4)
    assert theory.best_rate == pytest.approx(0.6)
    assert theory.rate(theory.lr_best) == pytest.approx(0.6)
    assert theory.stability(0.25) == pytest.approx(2)


def test_best_rate_is_the_observed_contraction():
    loss = gdviz.get_loss("quadratic", a=1, b=10, theta=0.2)
    theory = step_size_theory(loss)
    run = gdviz.descend(loss, (2.0, 1.0), lr=theory.lr_best, steps=40, tol=0)
    norms = np.linalg.norm(run.path, axis=1)
    assert norms[-1] / norms[-2] == pytest.approx(theory.best_rate, rel=1e-6)


def test_local_theory_for_rosenbrock_at_the_minimum():
    theory = step_size_theory(gdviz.get_loss("rosenbrock"))
    assert not theory.exact and theory.point == (1.0, 1.0)
    assert theory.lr_max == pytest.approx(2 / 1001.6006, rel=1e-6)


def test_path_curvature_reads_the_hessian_at_every_point_of_the_run():
    # Rosenbrock from (0, 0) at α = 0.0099: α·λmax(W⁰) = 1.98 < 2, yet the run meets steeper curvature
    loss, lr = gdviz.get_loss("rosenbrock"), 0.0099
    run = gdviz.descend(loss, (0.0, 0.0), lr=lr, steps=300)
    one_by_one = [lr * max(step_size_theory(loss, tuple(w)).eigenvalues[1], 0.0) for w in run.path]
    curve = path_curvature(loss, run.path, lr)
    assert curve.peak == pytest.approx(max(one_by_one)) and curve.peak_step == int(np.argmax(one_by_one))
    assert one_by_one[0] < 2 and curve.crossed == next(t for t, r in enumerate(one_by_one) if r >= 2)
    assert all(r < 2 for r in one_by_one[: curve.crossed])
    # a path that stays where α·λmax < 2 never crosses
    run = gdviz.descend(loss, (0.0, 0.0), lr=0.0018, steps=300)
    assert path_curvature(loss, run.path, 0.0018).crossed is None


def test_saddle_has_no_best_rate():
    theory = step_size_theory(gdviz.get_loss("saddle"), (0.0, 0.0))
    assert theory.lr_best is None and theory.lr_max == pytest.approx(1.0)


@pytest.mark.parametrize("name", ["monkey_saddle", "himmelblau", "six_hump_camel", "saddle", "rosenbrock"])
def test_a_converged_run_is_classified_as_the_stationary_points_table_does(name):
    # One classification: where gd stops with ‖∇L‖ ≤ tol, the kind the run reports is the kind the
    # table gives the stationary point it stopped at (the monkey saddle: degenerate, not "saddle").
    from gdviz.app import fields

    loss, preset = gdviz.get_loss(name), fields.PRESETS[name]
    run = gdviz.descend(loss, preset.start, lr=preset.lr, steps=preset.steps, tol=preset.tol)
    assert run.status == "converged", run.message
    table = stationary_points(loss)
    nearest = min(table, key=lambda p: np.hypot(*(np.array(p.point) - run.final)))
    assert run.kind == nearest.kind


def test_a_run_stopped_at_the_monkey_saddle_says_the_hessian_cannot_tell_and_l_is_lower_nearby():
    loss = gdviz.get_loss("monkey_saddle")
    run = gdviz.descend(loss, (1.0, 0.0), lr=0.1, steps=1000, tol=1e-4)
    assert run.status == "converged" and run.kind == "degenerate"
    assert "zero eigenvalue" in run.message and "saddle point, not" not in run.message
    # what it says about L nearby is true: L(r·(cos θ, sin θ)) = r³ cos 3θ < 0 = L(0) for some θ
    assert run.lower_at is not None and "not a minimum" in run.message
    # on a degenerate minimum (w1⁴ + w2²) nothing lower is found, and nothing is claimed
    flat = gdviz.descend(gdviz.parse_loss("x**4 + y**2"), (1.0, 0.5), lr=0.1, steps=20000, tol=1e-4)
    assert flat.status == "converged" and flat.kind == "degenerate" and flat.lower_at is None
    assert "not a minimum" not in flat.message


def test_the_lr_presets_on_the_default_quadratic_are_slow_fastest_and_diverging():
    loss, start, steps = gdviz.get_loss("quadratic"), (-2.5, 2.0), 300
    # the learning-rate lab's sweep: 3 significant digits, 40 a decade from 2/λmax·1.6/10⁴ up to 10
    lrs = np.unique([float(f"{v:.3g}") for v in np.geomspace(3.2e-5, 10.0, 220)])
    runs = sweep_lr(loss, start, lrs, steps=steps, tol=1e-8)
    small, right, large = lr_presets(loss, lrs, runs, steps)
    assert (small, right, large) == (0.0174, 0.175, 0.221)  # the lab's defaults
    fast, slow, blown = (gdviz.descend(loss, start, lr=lr, steps=steps) for lr in (right, small, large))
    assert fast.status == "converged" and fast.kind == "minimum"
    assert fast.steps == min(runs.steps[runs.status == "converged"])  # the fewest steps of the sweep
    assert slow.status == "max_steps" or slow.steps >= 3 * fast.steps
    assert blown.status == "diverged" and blown.steps <= steps // 2
    assert small <= right / 10 < right < large


def test_no_lr_preset_when_no_alpha_reaches_a_minimum():
    loss, lrs = gdviz.get_loss("saddle"), np.geomspace(1e-3, 1.0, 20)
    assert lr_presets(loss, lrs, sweep_lr(loss, (1.5, 0.5), lrs, steps=100), 100) is None
