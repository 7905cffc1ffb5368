"""What a poll's frozen setup really does, and how far the class's guesses fell from it.

No Streamlit, no store: the class poll (``gdviz.poll``) keeps the answers; this module says what the
run behind the question did, in the poll's own words (``OUTCOMES``), and measures the answers to a
"where does W¹ land?" question.

The outcome comes from the run's own record (``Run.status``, ``Run.kind``, ``Run.trend``), never
re-derived. Zig-zag is read off the path: a step that points against the step before it
(sₜ · sₜ₊₁ < 0, a turn of more than 90°) reverses the direction of travel. On a quadratic with gd
this is the stability theory's own criterion: the error along an eigenvector λ is multiplied by
1 − αλ at every step, so every step keeps its direction when α·λmax ≤ 1 (no reversal can happen) and
the steepest direction's error flips sign at every step when 1 < α·λmax < 2. The path test also
covers the losses and optimizers the theory does not (momentum overshooting, a curved valley),
and counts only reversals one can see on the map (both steps at least ``VISIBLE`` of the view).
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .analysis import kind_of
from .losses import Bounds, Loss
from .runs import CONVERGED, DIVERGED, MAX_STEPS, Run

OUTCOMES = ("converge", "zigzag", "diverge", "saddle")
"""A choice question's default answers (``gdviz.poll.CHOICES``): converges to a minimum, zig-zags
there (or forever), diverges, converges to a saddle."""

VISIBLE = 0.01
"""A step counts for the zig-zag test when it is at least this share of the view's width."""

ZIGZAG_REVERSALS = 2
"""Reversals of direction it takes to call a path a zig-zag (one can be a single overshoot)."""

FALLING_WINDOW = 10
"""The last steps over which L must have fallen at every step for a run out of steps to be on its way."""


def reversals(path: np.ndarray, bounds: Bounds, visible: float = VISIBLE) -> int:
    """How many times the path turns back by more than 90° between two visible steps."""
    steps = np.diff(np.asarray(path, dtype=float), axis=0)
    if len(steps) < 2:
        return 0
    (x0, x1), (y0, y1) = bounds
    shown = np.hypot(steps[:, 0], steps[:, 1]) >= visible * max(x1 - x0, y1 - y0)
    turns = np.einsum("ij,ij->i", steps[:-1], steps[1:]) < 0
    return int(np.sum(turns & shown[:-1] & shown[1:]))


@dataclass(frozen=True)
class Truth:
    """What the frozen run did, in the poll's words.

    Attributes:
        outcome: one of ``OUTCOMES``, or "" when the run ended none of these ways (it ran out of
            steps with no clear way ahead, or stopped at a maximum): the run's own message says how.
        reversals: visible reversals of direction along the path (``reversals``).
        w1: W¹, where the first step landed (None for a run that made no step).
        unfinished: the run ran out of steps on its way down into a minimum
            (``heading_to_minimum``): ``outcome`` is where it was going, "converge" or "zigzag".
    """

    outcome: str
    reversals: int
    w1: tuple[float, float] | None
    unfinished: bool = False


def heading_to_minimum(run: Run, loss: Loss, window: int = FALLING_WINDOW) -> bool:
    """Whether a run that ran out of steps (with no trend of its own: not rising, oscillating or
    escaping) was on its way down into a minimum: L fell at every one of its last ``window`` steps,
    and where it stopped the surface curves up in every direction (the Hessian's eigenvalues are
    both positive). A small α on a bowl: it converges, just not within the steps it was given."""
    k = min(window, run.steps)
    if run.status != MAX_STEPS or run.trend or k < 2:
        return False
    falling = bool(np.all(np.diff(run.values[-k - 1 :]) < 0))
    return falling and kind_of(loss, run.path[-1]) == "minimum"


def truth(run: Run, bounds: Bounds, loss: Loss | None = None) -> Truth:
    """The outcome of ``run`` among ``OUTCOMES``, from its status, its end's kind and trend, and the
    zig-zag test on its path (drawn in ``bounds``). With the run's ``loss``, a run that ran out of
    steps on its way down into a minimum (``heading_to_minimum``) converges or zig-zags there."""
    turns = reversals(run.path, bounds)
    zigzag = turns >= ZIGZAG_REVERSALS
    outcome = ""
    unfinished = False
    if run.status == DIVERGED or run.trend in ("rising", "escaping"):
        outcome = "diverge"
    elif run.status == CONVERGED and (run.kind == "saddle" or (run.kind == "degenerate" and run.lower_at)):
        outcome = "saddle"  # a degenerate point with lower L nearby is no minimum either
    elif run.status == CONVERGED and run.kind in ("minimum", "degenerate"):
        outcome = "zigzag" if zigzag else "converge"
    elif run.status == MAX_STEPS and run.trend == "oscillating":
        outcome = "zigzag"  # back and forth for ever (gd at α = 2/λmax on a quadratic)
    elif loss is not None and heading_to_minimum(run, loss):
        outcome, unfinished = ("zigzag" if zigzag else "converge"), True
    w1 = (float(run.path[1, 0]), float(run.path[1, 1])) if len(run.path) > 1 else None
    return Truth(outcome, turns, w1, unfinished)


def start_only(run: Run) -> Run:
    """The run cut back to W⁰: what the class sees before the reveal (the start, the direction of
    the first step, no path)."""
    return dataclasses.replace(
        run,
        path=run.path[:1],
        values=run.values[:1],
        gradients=run.gradients[:1],
        steps=0,
        status=MAX_STEPS,
        evaluations=None if run.evaluations is None else run.evaluations[:1],
        kind="",
        trend="",
        lower_at=None,
    )


@dataclass(frozen=True)
class Spread:
    """How far the class's points fell from the true W¹.

    Attributes:
        distances: each voter's distance, nearest first.
        median: the median distance (None with no answer).
        closest: the voters at the smallest distance (ties share it).
    """

    distances: tuple[tuple[str, float], ...]
    median: float | None
    closest: tuple[str, ...]


def spread(points: Mapping[str, Sequence[float]], target: Sequence[float]) -> Spread:
    """Each point's distance to ``target`` (Euclidean, in the map's coordinates), nearest first."""
    found = sorted(((voter, math.dist(point, target)) for voter, point in points.items()), key=lambda v: (v[1], v[0]))
    if not found:
        return Spread((), None, ())
    best = found[0][1]
    return Spread(tuple(found), statistics.median(d for _, d in found), tuple(v for v, d in found if d == best))
