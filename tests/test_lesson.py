"""The lesson page: one link per step, next / previous, a live figure preset for each idea."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gdviz.lesson import STEPS
from gdviz.losses import SPECS

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "lesson.py")


def _open(**params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _heading(at: AppTest) -> str:
    return at.subheader[0].value


@pytest.mark.parametrize("number", range(1, len(STEPS) + 1))
def test_each_step_opens_from_its_link_with_its_preset(number: int) -> None:
    at = _open(step=str(number))
    assert not at.exception
    step = STEPS[number - 1]
    assert _heading(at) == f"Step {number} of {len(STEPS)}: {step.title}"
    assert at.session_state["lesson_x0"] == step.start[0] and at.session_state["lesson_y0"] == step.start[1]
    assert at.session_state["lesson_lr"] == step.lr
    assert len(at.get("latex")) >= 1


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


def test_the_steps_follow_the_lecture_and_use_real_losses() -> None:
    assert [s.loss in SPECS for s in STEPS] == [True] * len(STEPS)
    text = " ".join(s.title for s in STEPS).lower()
    order = ["gradient", "∇l = 0", "saddle", "steepest", "learning rate", "loop"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)


def test_the_saddle_step_converges_to_the_saddle_and_a_nudge_escapes() -> None:
    at = _open(step="3")
    assert "converged" in at.success[0].value
    at.number_input(key="lesson_y0").set_value(0.01).run()
    assert not at.success and ("max steps" in at.warning[0].value or "diverged" in at.error[0].value)


@pytest.mark.parametrize("bad", ["0", "99", "abc", "nan", "2.5"])
def test_a_bad_step_in_the_link_warns_and_opens_step_one(bad: str) -> None:
    at = _open(step=bad)
    assert not at.exception
    assert any("step=" in w.value for w in at.warning)
    assert _heading(at).startswith("Step 1 of")
