"""The lesson page: one link per step, next / previous, a live figure preset for each idea."""

from __future__ import annotations

import functools
import re

import numpy as np
import pytest
from support import open_page

import gdviz
from gdviz.lesson import RATES, STEPS, Step
from gdviz.losses import SPECS
from gdviz.runs import Run

_open = functools.partial(open_page, "pages/lesson.py", alone=True)


def _heading(at) -> str:
    return at.subheader[0].value


@pytest.mark.app
@pytest.mark.parametrize("number", range(1, len(STEPS) + 1))
def test_each_step_opens_from_its_link_with_its_preset(number: int) -> None:
    at = _open(step=str(number))
    assert not at.exception
    step = STEPS[number - 1]
    assert _heading(at) == f"Step {number} of {len(STEPS)}: {step.title}"
    assert at.session_state["lesson_x0"] == step.start[0] and at.session_state["lesson_y0"] == step.start[1]
    assert at.session_state["lesson_lr"] == step.lr
    assert len(at.get("latex")) >= 1


@pytest.mark.app
def test_next_and_previous_walk_the_steps_and_reset_the_figure() -> None:
    at = _open()
    assert _heading(at).startswith("Step 1 of")
    at.number_input(key="lesson_x0").set_value(1.25).run()
    at.button(key="lesson_next").click().run()
    assert _heading(at).startswith("Step 2 of")
    assert at.query_params["step"] == "2"
    assert at.session_state["lesson_x0"] == STEPS[1].start[0]  # a new step starts from its own preset
    at.button(key="lesson_back").click().run()
    assert _heading(at).startswith("Step 1 of")
    assert at.button(key="lesson_back").disabled


@pytest.mark.unit
def test_the_steps_follow_the_lecture_and_use_real_losses() -> None:
    assert [s.loss in SPECS for s in STEPS] == [True] * len(STEPS)
    text = " ".join(s.title for s in STEPS).lower()
    order = ["gradient", "∇l = 0", "saddle", "steepest", "learning rate", "loop"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)


@pytest.mark.app
def test_the_saddle_step_converges_to_the_saddle_and_a_nudge_escapes() -> None:
    at = _open(step="3")
    assert not at.success and "converged" in at.warning[0].value and "saddle point" in at.warning[0].value
    at.number_input(key="lesson_y0").set_value(0.01).run()
    # still on its way out when the lesson's steps end: escaping (not "escaped"), L → −∞ ahead
    assert not at.success and "escaping" in at.warning[0].value and "L → −∞" in at.warning[0].value


@pytest.mark.app
def test_a_step_short_by_design_says_so_without_a_warning() -> None:
    # step 4 shows the first 8 steps on purpose: its run stops short of ‖∇L‖ ≤ tol, and that is no fault
    step = STEPS[3]
    run = gdviz.descend(gdviz.get_loss(step.loss), step.start, lr=step.lr, steps=step.steps)
    assert not step.lr_control and run.status == "max_steps" and not run.trend
    at = _open(step="4")
    assert not at.warning and not at.error
    assert any(f"the first {step.steps} steps" in c.value for c in at.caption)
    at.number_input(key="lesson_x0").set_value(0.0).run()  # W⁰ on the minimum: it converges at once
    at.number_input(key="lesson_y0").set_value(0.0).run()
    assert at.success and not any("the first" in c.value for c in at.caption)


@pytest.mark.unit
def test_step_four_names_the_colour_the_map_draws_its_step_arrows_in() -> None:
    from gdviz import figures, style

    step = STEPS[3]
    loss = gdviz.get_loss(step.loss)
    run = gdviz.descend(loss, step.start, lr=step.lr, steps=step.steps)
    fig = figures.contour_figure(loss, run, figures.View(loss.bounds))
    arrows = next(tr for tr in fig.data if str(tr.name).startswith("−∇L(Wᵗ)"))
    words = {style.STEP: ("orange", "laranja"), style.DARK_RED: ("dark red", "vermelho-escura")}
    en, pt = words[arrows.line.color]
    assert f"each {en} arrow" in step.try_this
    from gdviz.locale_pt import PT

    assert f"cada seta {pt}" in PT[step.try_this]


@pytest.mark.unit
def test_step_four_arrows_point_across_the_valley_not_at_the_minimum() -> None:
    # "On a long narrow bowl it does not point at the minimum": true of every arrow the step plays
    step = STEPS[3]
    assert "does not point at the minimum" in step.text
    loss = gdviz.get_loss(step.loss)
    run = gdviz.descend(loss, step.start, lr=step.lr, steps=step.steps)
    down, to_min = -run.gradients, np.asarray(loss.minima[0]) - run.path
    cos = np.sum(down * to_min, axis=1) / np.hypot(*down.T) / np.hypot(*to_min.T)
    assert np.all(np.degrees(np.arccos(cos)) > 30), np.degrees(np.arccos(cos))


# --- step 5: every claim of its text, run on its bowl


def _rate_step() -> tuple[Step, dict[float, Run]]:
    step = STEPS[4]
    assert step.lr_control and step.loss == "quadratic"
    return step, {lr: gdviz.descend(gdviz.get_loss(step.loss), step.start, lr=lr, steps=step.steps) for lr in RATES}


@pytest.mark.unit
def test_step_five_names_the_rates_it_runs_and_the_bowl_it_runs_them_on() -> None:
    step, _ = _rate_step()
    theory = gdviz.step_size_theory(gdviz.get_loss(step.loss))
    assert theory.eigenvalues == (1.0, 10.0) and "λmax = 10" in step.text and "λmin = 1)" in step.text
    assert step.lr == RATES[0]
    words = re.findall(r"\d+(?:\.\d+)?", step.text + " " + step.try_this)
    assert set(RATES) <= {float(w) for w in words}  # every α the tests run is one the text names
    assert f"≈ {theory.lr_best:.2f}" in step.text and f"2/λmax = {theory.lr_max:g}" in step.text


@pytest.mark.unit
def test_step_five_every_run_finishes() -> None:
    step, runs = _rate_step()
    for lr, run in runs.items():
        assert run.status in ("converged", "diverged") or run.trend == "oscillating", (lr, run.message)


@pytest.mark.unit
def test_step_five_small_alpha_crawls_and_one_over_lambda_max_lands_on_the_floor() -> None:
    step, runs = _rate_step()
    crawl, floor, quick = runs[0.02], runs[0.1], runs[0.18]
    assert crawl.status == floor.status == quick.status == "converged"
    assert crawl.steps > 5 * quick.steps
    assert np.all(crawl.path[:, 1] > 0)  # no zig-zag: w2 keeps its sign
    assert floor.path[0, 1] != 0 and np.all(floor.path[1:, 1] == 0)  # the first step zeroes w2, for good
    assert np.all(np.diff(floor.path[1:, 0]) > 0)  # then straight along the floor towards 0


@pytest.mark.unit
def test_step_five_larger_alpha_zig_zags_yet_arrives_sooner_fewest_steps_near_alpha_star() -> None:
    step, runs = _rate_step()
    quick = runs[0.18]
    w2 = quick.path[: quick.steps, 1]
    assert np.all(np.sign(w2[1:]) == -np.sign(w2[:-1]))  # w2 changes sign at every step
    assert quick.steps < runs[0.1].steps
    loss = gdviz.get_loss(step.loss)
    lrs = np.linspace(0.1, 0.2, 201)[:-1]
    counts = [gdviz.descend(loss, step.start, lr=lr, steps=step.steps).steps for lr in lrs]
    best = gdviz.step_size_theory(loss).lr_best
    assert abs(lrs[int(np.argmin(counts))] - best) < 0.01  # "around α* ≈ 0.18"
    assert min(counts) == quick.steps or abs(quick.steps - min(counts)) <= 0.1 * min(counts)


@pytest.mark.unit
def test_step_five_two_over_lambda_max_never_shrinks_and_past_it_diverges() -> None:
    step, runs = _rate_step()
    edge, past = runs[0.2], runs[0.22]
    assert edge.status == "max_steps" and edge.trend == "oscillating"
    np.testing.assert_allclose(np.abs(edge.path[1:, 1]), abs(step.start[1]))  # the zig-zag keeps its size
    assert past.status == "diverged" and past.steps < step.steps
    assert np.all(np.abs(past.path[1:, 1]) > np.abs(past.path[:-1, 1]))  # every step overshoots more


@pytest.mark.app
def test_step_five_opens_converged_and_never_asks_for_more_steps() -> None:
    at = _open(step="5")
    assert "converged" in at.success[0].value
    for lr, box in ((0.1, "success"), (0.18, "success"), (0.2, "warning"), (0.22, "error")):
        at.number_input(key="lesson_lr").set_value(lr).run()
        assert getattr(at, box), (lr, [w.value for w in at.warning])
        assert not any("Raise the steps" in w.value for w in at.warning)
    at.number_input(key="lesson_lr").set_value(0.001).run()  # too slow for the figure's steps
    assert "try a larger one" in at.warning[0].value and "Raise the steps" not in at.warning[0].value


@pytest.mark.app
@pytest.mark.parametrize("bad", ["0", "99", "abc", "nan", "2.5"])
def test_a_bad_step_in_the_link_warns_and_opens_step_one(bad: str) -> None:
    at = _open(step=bad)
    assert not at.exception
    assert any("step=" in w.value for w in at.warning)
    assert _heading(at).startswith("Step 1 of")


@pytest.mark.app
def test_step_five_alpha_star_button_sets_the_lessons_alpha() -> None:
    at = _open(step="5")
    at.button(key="use_best_lr").click().run()
    best = gdviz.step_size_theory(gdviz.get_loss("quadratic")).lr_best
    assert at.session_state["lesson_lr"] == pytest.approx(best, rel=1e-6)
    assert "converged" in at.success[0].value


@pytest.mark.app
@pytest.mark.parametrize("number", range(1, len(STEPS) + 1))
def test_no_step_advises_a_control_the_lesson_lacks(number: int) -> None:
    at = _open(step=str(number))
    boxes = [w.value for w in at.warning]
    assert not any("Raise the steps" in text for text in boxes)
    if not STEPS[number - 1].lr_control:  # nor α, where the step has no α to change
        assert not any("larger one" in text for text in boxes)


@pytest.mark.app
def test_the_loop_steps_gauge_reads_the_path_where_w0_gives_no_bound() -> None:
    # Himmelblau at (−1, 0) curves down in every direction (λmax < 0): no bound at W⁰, but the run
    # goes where it curves up, and the gauge says whether α·λmax stayed below 2 there
    number, step = next((i + 1, s) for i, s in enumerate(STEPS) if s.code)  # the loop's step
    loss = gdviz.get_loss(step.loss)
    assert gdviz.step_size_theory(loss, step.start).eigenvalues[1] <= 0
    at = _open(step=str(number))
    assert any("Along the path α·λmax stays below 2" in s.value for s in at.success)
    at.number_input(key="lesson_lr").set_value(0.04).run()  # too large where the run goes
    run = gdviz.descend(loss, step.start, lr=0.04, steps=step.steps)
    first = next(t for t, w in enumerate(run.path) if 0.04 * gdviz.step_size_theory(loss, tuple(w)).eigenvalues[1] >= 2)
    warned = [w.value for w in at.warning if "Along the path α·λmax reached 2" in w.value]
    assert warned and f"at step {first}," in warned[0]
    assert not any("α·λmax" in s.value for s in at.success)


# --- the closing step: from the slides' W matrix to the network page


@pytest.mark.unit
def test_the_closing_step_counts_the_networks_weights_as_the_network_page_builds_it() -> None:
    from gdviz import network

    step = STEPS[-1]
    assert step.link == "network" and dict(step.link_query) == {"plane": "weights"}
    assert dict(step.link_query)["plane"] in network.PLANES
    net = network.network_for(network.task("moons"), 8, "tanh")
    assert f"{net.hidden} × {net.inputs} weights" in step.text and f"{net.size} weights and biases" in step.text
    assert f"other {net.size - 2} weights and biases held still" in step.try_this and "∂L/∂W₈₂" in step.text
    # the page names the plane's two weights as the step says it does
    assert net.names()[:2] == ("W₁[1,1]", "W₁[1,2]") and "W₁[1,1] and W₁[1,2]" in step.try_this
    assert "2-8-1" in step.try_this and "two moons" in step.try_this


@pytest.mark.app
@pytest.mark.parametrize("lang", ["en", "pt"])
def test_the_closing_step_links_to_the_network_page_on_the_weights_plane(lang: str) -> None:
    at = _open(step=str(len(STEPS)), state={"lang": lang})
    [link] = at.get("page_link")
    assert link.proto.page == "network" and link.proto.query_string == "plane=weights"
    assert link.proto.label == {"en": "Open the page: Neural network →", "pt": "Abrir a página: Rede neural →"}[lang]
    assert not at.warning and not at.error
