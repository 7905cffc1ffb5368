"""The truth behind a poll: the frozen run's outcome in the poll's words, the zig-zag test against
the stability theory on quadratics, and the distances of the class's W¹ guesses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdviz import descend, get_loss, step_size_theory
from gdviz.poll_truth import OUTCOMES, Spread, heading_to_minimum, reversals, spread, start_only, truth

pytestmark = pytest.mark.unit

BOWL = get_loss("quadratic", a=1.0, b=10.0)  # λ = 1 and 10: 2/λmax = 0.2
START = (-2.5, 2.0)


def run_at(lr: float, loss=BOWL, start=START, steps: int = 2000, **kw):  # type: ignore[no-untyped-def]
    return descend(loss, start, lr=lr, steps=steps, **kw)


@pytest.mark.parametrize("ratio", np.linspace(0.05, 1.0, 12))
def test_no_step_turns_back_while_alpha_lambda_max_is_at_most_one(ratio: float) -> None:
    # every error component is multiplied by 1 − αλ ≥ 0: each keeps its sign, so sₜ · sₜ₊₁ > 0
    lam = step_size_theory(BOWL).eigenvalues[1]
    run = run_at(ratio / lam)
    # counting every reversal, however small the steps
    assert reversals(run.path, BOWL.bounds, visible=0.0) == 0
    assert truth(run, BOWL.bounds).outcome in ("converge", "")  # "": out of steps, still on its way


@pytest.mark.parametrize("ratio", [1.6, 1.75, 1.9, 1.98])
def test_between_one_and_two_the_steepest_direction_flips_and_the_run_zigzags(ratio: float) -> None:
    lam = step_size_theory(BOWL).eigenvalues[1]
    run = run_at(ratio / lam)
    assert run.status == "converged"
    found = truth(run, BOWL.bounds)
    assert found.outcome == "zigzag" and found.reversals >= 2


@pytest.mark.parametrize("ratio", [2.05, 2.5, 4.0])
def test_past_two_the_run_diverges(ratio: float) -> None:
    lam = step_size_theory(BOWL).eigenvalues[1]
    assert truth(run_at(ratio / lam), BOWL.bounds).outcome == "diverge"


def test_at_exactly_two_gd_oscillates_for_ever_a_zigzag() -> None:
    bowl = get_loss("quadratic", a=1.0, b=4.0)  # 2/λmax = 0.5, exact in binary
    run = run_at(0.5, bowl, steps=200)
    assert run.status == "max_steps" and run.trend == "oscillating"
    assert truth(run, bowl.bounds).outcome == "zigzag"


def test_a_run_stopped_by_the_saddle_and_one_escaping_it() -> None:
    saddle = get_loss("saddle")
    stopped = descend(saddle, (1.5, 0.0), lr=0.1, steps=300)
    assert truth(stopped, saddle.bounds).outcome == "saddle"
    escaped = descend(saddle, (1.5, 0.01), lr=0.1, steps=300)
    assert truth(escaped, saddle.bounds).outcome != "saddle"


def test_a_degenerate_point_with_lower_loss_nearby_counts_as_a_saddle() -> None:
    monkey = get_loss("monkey_saddle")
    run = descend(monkey, (1.0, 0.0), lr=0.1, steps=1000, tol=1e-4)
    assert run.kind == "degenerate" and run.lower_at
    assert truth(run, monkey.bounds).outcome == "saddle"


def test_out_of_steps_on_the_way_into_the_bowl_converges_there_slowly() -> None:
    # α·λmax = 0.5 on the bowl: smooth, but 0.95ⁿ along w1 needs more than 300 steps to reach 1e-8
    run = run_at(0.05, steps=300)
    assert run.status == "max_steps" and run.trend == ""
    assert heading_to_minimum(run, BOWL)
    found = truth(run, BOWL.bounds, BOWL)
    assert (found.outcome, found.unfinished) == ("converge", True)
    assert truth(run, BOWL.bounds).outcome == ""  # without the loss the curvature is unknown: none of the four
    # the same run given the steps it needs converges, to the same answer
    assert truth(run_at(0.05, steps=2000), BOWL.bounds, BOWL) == truth(run_at(0.05, steps=2000), BOWL.bounds)
    assert truth(run_at(0.05, steps=2000), BOWL.bounds).outcome == "converge"
    # a zig-zag cut short (α·λmax = 1.9, 40 steps) zig-zags there
    short = run_at(0.19, steps=40)
    assert short.status == "max_steps" and truth(short, BOWL.bounds, BOWL).outcome == "zigzag"


def test_out_of_steps_on_the_way_to_a_saddle_is_none_of_the_outcomes() -> None:
    # along the saddle's stable axis L falls at every step, but the surface there curves down across it
    saddle = get_loss("saddle")
    run = descend(saddle, (1.5, 0.0), lr=0.01, steps=40)
    assert run.status == "max_steps" and bool(np.all(np.diff(run.values) < 0))
    assert not heading_to_minimum(run, saddle) and truth(run, saddle.bounds, saddle).outcome == ""
    # a run that rises, or that stopped with steps to spare, is not "on its way"
    assert not heading_to_minimum(run_at(0.25, steps=40), BOWL)
    assert not heading_to_minimum(run_at(0.1), BOWL)


def test_w1_is_the_first_step_of_the_update_rule() -> None:
    lr = 0.07
    run = run_at(lr)
    gx, gy = BOWL.gradient(*START)
    assert truth(run, BOWL.bounds).w1 == pytest.approx((START[0] - lr * gx, START[1] - lr * gy))


def test_a_momentum_run_that_overshoots_zigzags_where_gd_does_not() -> None:
    lr = 0.05  # α·λmax = 0.5: gd goes straight in
    assert truth(run_at(lr), BOWL.bounds).outcome == "converge"
    heavy = run_at(lr, optimizer="momentum", momentum=0.9)
    assert heavy.status == "converged" and truth(heavy, BOWL.bounds).outcome == "zigzag"


def test_start_only_keeps_w0_and_nothing_after_it() -> None:
    run = run_at(0.08)
    frozen = start_only(run)
    assert frozen.path.tolist() == [list(START)] and frozen.steps == 0
    assert frozen.gradients[0].tolist() == run.gradients[0].tolist()  # the first step's direction stays
    assert run.steps > 0 and len(run.path) == run.steps + 1  # the run itself is untouched


def test_spread_orders_voters_by_distance() -> None:
    found = spread({"a": (3.0, 4.0), "b": (0.0, 1.0), "c": (1.0, 0.0), "d": (0.0, 0.0)}, (0.0, 0.0))
    assert [v for v, _ in found.distances] == ["d", "b", "c", "a"]
    assert found.distances[-1][1] == 5.0 and found.closest == ("d",)
    assert found.median == pytest.approx(1.0)
    assert spread({}, (0, 0)) == Spread((), None, ())
    tie = spread({"x": (1.0, 0.0), "y": (0.0, -1.0)}, (0.0, 0.0))
    assert tie.closest == ("x", "y") and math.isclose(tie.median or 0, 1.0)


def test_the_outcomes_are_the_polls_choices() -> None:
    assert set(OUTCOMES) == {"converge", "zigzag", "diverge", "saddle"}
