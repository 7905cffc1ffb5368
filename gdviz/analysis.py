"""Where ∇L = 0, what kind of point it is, and which learning rates are stable.

The lesson: when ∇L(W) = 0 every partial derivative vanishes, so W is a local optimum, "or at
least a saddle point". The Hessian's eigenvalues tell which. For a quadratic with Hessian A,
gd's error obeys e_{t+1} = (I − αA) e_t, so it converges exactly when α < 2/λmax, fastest at
α* = 2/(λmin + λmax), where each step shrinks the error by (κ − 1)/(κ + 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from gdviz.i18n import t
from gdviz.losses import Bounds, Loss

if TYPE_CHECKING:  # runs imports analysis: the record's type is for the reader only
    from gdviz.runs import Runs

KINDS = ("minimum", "maximum", "saddle", "degenerate")


@dataclass(frozen=True)
class StationaryPoint:
    """A point where ∇L = 0, with L there and the Hessian's eigenvalues (ascending)."""

    point: tuple[float, float]
    value: float
    kind: str
    eigenvalues: tuple[float, float]


def classify(eigenvalues: np.ndarray, rtol: float = 1e-7) -> str:
    """Name a stationary point from its Hessian's eigenvalues (ascending)."""
    low, high = float(eigenvalues[0]), float(eigenvalues[1])
    zero = rtol * max(1.0, abs(low), abs(high))
    if abs(low) <= zero or abs(high) <= zero:
        return "degenerate"
    if low > 0:
        return "minimum"
    if high < 0:
        return "maximum"
    return "saddle"


def _newton(loss: Loss, x: np.ndarray, y: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Newton's method on ∇L = 0 from the points (x, y), all at once."""
    with np.errstate(all="ignore"):
        for _ in range(80):
            gx, gy = (np.asarray(a, dtype=float) + np.zeros_like(x) for a in loss.fast_gradient(x, y))
            hxx, hxy, hyy = (np.asarray(a, dtype=float) + np.zeros_like(x) for a in loss.fast_hessian(x, y))
            det = hxx * hyy - hxy * hxy
            dx = (hyy * gx - hxy * gy) / det
            dy = (hxx * gy - hxy * gx) / det
            # Seeds whose Hessian is singular take no Newton step; they are judged below.
            dx = np.where(np.isfinite(dx), dx, 0.0)
            dy = np.where(np.isfinite(dy), dy, 0.0)
            x, y = x - dx, y - dy
            if np.max(np.abs(dx) + np.abs(dy), initial=0.0) < 1e-14 * scale:
                break
    return x, y


def _snap(point: Any, scale: float) -> tuple[float, float]:
    """Coordinates within rounding of 0 are 0: Newton creeps into a degenerate point at 0 (the
    monkey saddle) only linearly, and there the Hessian is exactly 0."""
    return tuple(0.0 if abs(c) < 1e-12 * scale else float(c) for c in point)  # type: ignore[return-value]


def _scale(loss: Loss) -> float:
    (x0, x1), (y0, y1) = loss.bounds
    return max(x1 - x0, y1 - y0)


def stationary_near(loss: Loss, point: Any) -> tuple[float, float]:
    """The stationary point a run that converged at ``point`` stopped at: Newton polishes it as
    ``stationary_points`` does, so that both classify the same point (``point`` itself if Newton
    leaves its neighbourhood or fails). ‖∇L‖ ≤ tol leaves a run a little off a degenerate point
    (the monkey saddle: 0.006 from it, where the Hessian is not yet 0)."""
    scale = _scale(loss)
    x, y = _newton(loss, np.array([float(point[0])]), np.array([float(point[1])]), scale)
    polished = np.array([x[0], y[0]])
    if not np.all(np.isfinite(polished)) or np.hypot(*(polished - np.asarray(point, float))) > 1e-2 * scale:
        return float(point[0]), float(point[1])
    return _snap(polished, scale)


def kind_at(loss: Loss, point: Any) -> str:
    """The kind of stationary point a run that converged at ``point`` reached (one of ``KINDS``),
    classified as ``stationary_points`` does, at ``stationary_near``; "" if the Hessian is not finite."""
    return kind_of(loss, stationary_near(loss, point))


def kind_of(loss: Loss, point: Any) -> str:
    """The kind of the stationary point ``point`` (one of ``KINDS``) by the Hessian's eigenvalues
    there; "" if the Hessian is not finite."""
    x, y = float(point[0]), float(point[1])
    with np.errstate(all="ignore"):
        hessian = loss.hessian(x, y)
    return classify(np.linalg.eigvalsh(hessian)) if np.all(np.isfinite(hessian)) else ""


def lower_nearby(loss: Loss, point: Any, directions: int = 24) -> float | None:
    """The radius r at which L, probed in ``directions`` directions around ``point``, is lower than
    at ``point`` itself (a stationary point the Hessian cannot classify: then it is no minimum at
    that scale); None if it is lower nowhere on the circles probed."""
    x, y = float(point[0]), float(point[1])
    here = float(loss.value(x, y))
    angles = np.linspace(0, 2 * np.pi, directions, endpoint=False)
    for r in (1e-3 * _scale(loss), 1e-2 * _scale(loss)):
        with np.errstate(all="ignore"):
            around = np.asarray(loss.value(x + r * np.cos(angles), y + r * np.sin(angles)), dtype=float)
        if np.any(around < here - 1e-12 * max(1.0, abs(here))):
            return r
    return None


def stationary_points(loss: Loss, bounds: Bounds | None = None, seeds: int = 48) -> list[StationaryPoint]:
    """Every point of the view where ∇L = 0, found and classified.

    Newton's method on ∇L = 0 is started from a ``seeds`` × ``seeds`` grid over the view (all
    at once, vectorised); the roots it reaches inside the view are polished, deduplicated
    and classified by the eigenvalues of the Hessian. Points are sorted by value, then position.
    """
    (x0, x1), (y0, y1) = bounds or loss.bounds
    scale = max(x1 - x0, y1 - y0)
    xs, ys = np.meshgrid(np.linspace(x0, x1, seeds), np.linspace(y0, y1, seeds))
    x, y = _newton(loss, xs.ravel(), ys.ravel(), scale)
    with np.errstate(all="ignore"):
        g = loss.gradient(x, y)
        gnorm = np.hypot(g[:, 0], g[:, 1])
        grad_scale = np.max(np.abs(loss.gradient(xs.ravel(), ys.ravel())), initial=1.0)
    margin = 1e-9 * scale
    inside = (x >= x0 - margin) & (x <= x1 + margin) & (y >= y0 - margin) & (y <= y1 + margin)
    found = np.isfinite(gnorm) & (gnorm <= 1e-9 * max(1.0, grad_scale)) & inside
    candidates = np.column_stack([x[found], y[found]])[np.argsort(gnorm[found])]
    # Most seeds land on the very same roots: drop exact twins first, keeping the best of each.
    _, first = np.unique(np.round(candidates / (1e-7 * scale)), axis=0, return_index=True)
    candidates = candidates[np.sort(first)]
    points = np.empty((0, 2))
    for p in candidates:
        # Newton crawls into a degenerate point, so near-twins are merged on a generous radius.
        if not len(points) or np.min(np.hypot(*(points - p).T)) > 1e-4 * scale:
            points = np.vstack([points, p])
    out = []
    for p in points:
        px, py = _snap(p, scale)
        eig = np.linalg.eigvalsh(loss.hessian(px, py))
        out.append(StationaryPoint((px, py), float(loss.value(px, py)), classify(eig), (float(eig[0]), float(eig[1]))))
    return sorted(out, key=lambda s: (s.value, s.point))


@dataclass(frozen=True)
class StepSizeTheory:
    """What the Hessian says about the learning rate, at a point (exact for a quadratic).

    Attributes:
        eigenvalues: the Hessian's eigenvalues, ascending.
        exact: True for a quadratic (constant Hessian); otherwise a local estimate at ``point``.
        point: where the Hessian was taken.
        lr_max: 2/λmax, the largest stable α (None if λmax ≤ 0).
        lr_best: α* = 2/(λmin + λmax) (None unless both eigenvalues are positive).
        condition: κ = λmax/λmin (None unless both are positive).
        best_rate: (κ − 1)/(κ + 1), the error's contraction per step at α*.
    """

    eigenvalues: tuple[float, float]
    exact: bool
    point: tuple[float, float]
    lr_max: float | None
    lr_best: float | None
    condition: float | None
    best_rate: float | None

    def rate(self, lr: float) -> float:
        """max |1 − αλ|: gd's contraction per step at α along the slowest direction (< 1: converges)."""
        return max(abs(1 - lr * lam) for lam in self.eigenvalues)

    def verdict(self, lr: float) -> str:
        """What the quadratic model says gd does at ``lr``: converges, diverges, or (at α·λmax = 2)
        oscillates forever: the error along the steepest direction flips sign at every step, same size."""
        rate = self.rate(lr)
        if math.isclose(lr * self.eigenvalues[1], 2.0, rel_tol=1e-9):
            return t("oscillates forever") if self.exact else t("on the edge: α·λmax = 2")
        if rate > 1:
            return t("diverges")
        return t("converges") if rate < 1 else t("stalls")

    def stability(self, lr: float) -> float | None:
        """α·λmax, to compare with 2: below 2 gd is stable here."""
        high = self.eigenvalues[1]
        return lr * high if high > 0 else None


def step_size_theory(loss: Loss, point: tuple[float, float] | None = None) -> StepSizeTheory:
    """The step-size numbers from the Hessian at ``point`` (default: the first known minimum).

    For a quadratic the Hessian is the same everywhere and the numbers are exact.
    """
    if point is None:
        point = loss.minima[0] if loss.minima else (0.0, 0.0)
    px, py = float(point[0]), float(point[1])
    with np.errstate(all="ignore"):
        hessian = loss.hessian(px, py)
    if not np.all(np.isfinite(hessian)):
        raise ValueError(f"the Hessian is not finite at ({px:g}, {py:g})")
    low, high = (float(v) for v in np.linalg.eigvalsh(hessian))
    positive = low > 0
    return StepSizeTheory(
        eigenvalues=(low, high),
        exact=loss.is_quadratic,
        point=(px, py),
        lr_max=2 / high if high > 0 else None,
        lr_best=2 / (low + high) if positive else None,
        condition=high / low if positive else None,
        best_rate=(high - low) / (high + low) if positive else None,
    )


def lr_presets(loss: Loss, lrs: np.ndarray, runs: Runs, steps: int) -> tuple[float, float, float] | None:
    """ "Too small / about right / too large" among the α of a gd sweep (``descent.sweep_lr``),
    each read off that α's actual run: ``runs`` row i is gd at ``lrs[i]`` (ascending) for at most
    ``steps`` steps.

    About right: the α that converges to a minimum in the fewest steps (on a quadratic, about α*).
    Too small: the largest α at most a tenth of it whose run is slow (out of steps, or at least 3×
    as many) without diverging. Too large: the smallest larger α whose run diverges (within half
    the steps, if any α does). None when no α fits a part.
    """
    minimum = np.array([s == "converged" and kind_at(loss, w) == "minimum" for s, w in zip(runs.status, runs.final)])
    if not minimum.any():
        return None
    best = int(np.flatnonzero(minimum)[np.argmin(runs.steps[minimum])])
    slow = (
        (lrs <= lrs[best] / 10)
        & (runs.status != "diverged")
        & ((runs.status == "max_steps") | (runs.steps >= 3 * runs.steps[best]))
    )
    large = (lrs > lrs[best]) & (runs.status == "diverged")
    if not slow.any() or not large.any():
        return None
    # Preferably one that is declared diverged by half-way through the playback, not at its end.
    early = large & (runs.steps <= steps // 2)
    return float(lrs[slow][-1]), float(lrs[best]), float(lrs[early if early.any() else large][0])


@dataclass(frozen=True)
class PathCurvature:
    """α·λmax at every point a run visited, the Hessian at each W^t (gd's stability off quadratics).

    Attributes:
        peak: the largest α·λmax over the path (λmax ≤ 0 counts as 0: no overshoot there).
        peak_step: the step t where it was largest.
        crossed: the first step t where α·λmax ≥ 2, None if it stayed below 2.
    """

    peak: float
    peak_step: int
    crossed: int | None


def path_curvature(loss: Loss, path: np.ndarray, lr: float) -> PathCurvature | None:
    """α·λmax of the Hessian at each point of ``path`` (all at once); None if it is finite nowhere.
    Points where the Hessian is not finite are left out."""
    path = np.asarray(path, dtype=float)
    with np.errstate(all="ignore"):
        hessians = loss.hessian(path[:, 0], path[:, 1])
    finite = np.all(np.isfinite(hessians), axis=(1, 2))
    if not finite.any():
        return None
    ratio = np.full(len(path), -np.inf)
    ratio[finite] = lr * np.maximum(np.linalg.eigvalsh(hessians[finite])[:, 1], 0.0)
    peak = int(np.argmax(ratio))
    over = np.flatnonzero(ratio >= 2)
    return PathCurvature(float(ratio[peak]), peak, int(over[0]) if over.size else None)


def nearest_minimum(loss: Loss, point: np.ndarray) -> tuple[tuple[float, float], float] | None:
    """The known minimum closest to ``point`` and the distance to it (None if none is known)."""
    if not loss.minima:
        return None
    distances = [math.dist(point, m) for m in loss.minima]
    i = int(np.argmin(distances))
    return loss.minima[i], distances[i]


DIVERGED_LABEL, NOT_CONVERGED_LABEL = -2, -1


@dataclass(frozen=True)
class Basins:
    """Where each start of a grid ends: the basins of attraction of the minima.

    Attributes:
        xs, ys: the grid's coordinates (n each); start (xs[i], ys[j]) is cell [j, i].
        label: (n, n) int8: k ≥ 0 the index in ``minima`` of the minimum reached, −1 for a run
            that stopped elsewhere or ran out of steps, −2 for a diverged run.
        steps: (n, n) int32 steps taken by each run.
        minima: the minima in view that runs may reach (stationary points of kind minimum).
    """

    xs: np.ndarray
    ys: np.ndarray
    label: np.ndarray
    steps: np.ndarray
    minima: tuple[tuple[float, float], ...]


def basins(
    loss: Loss,
    bounds: Bounds | None = None,
    n: int = 200,
    lr: float = 1e-2,
    steps: int = 500,
    optimizer: str = "gd",
    tol: float = 1e-6,
    **hyper: Any,
) -> Basins:
    """Run ``descend_many`` from an n × n grid over the view and label every start by the
    minimum it converges to (within 1e-3 of the view's size)."""
    from .descent import descend_many

    (x0, x1), (y0, y1) = bounds or loss.bounds
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    runs = descend_many(
        loss,
        np.column_stack([gx.ravel(), gy.ravel()]),
        lr=lr,
        steps=steps,
        optimizer=optimizer,
        tol=tol,
        keep_path=False,
        **hyper,
    )
    minima = tuple(p.point for p in stationary_points(loss, bounds or loss.bounds) if p.kind == "minimum")
    label = np.full(n * n, NOT_CONVERGED_LABEL, dtype=np.int8)
    if minima:
        m = np.asarray(minima)
        d = np.hypot(runs.final[:, None, 0] - m[None, :, 0], runs.final[:, None, 1] - m[None, :, 1])
        nearest = np.argmin(d, axis=1)
        close = d[np.arange(len(nearest)), nearest] <= 1e-3 * max(x1 - x0, y1 - y0)
        label = np.where(close & (runs.status == "converged"), nearest, label).astype(np.int8)
    label[runs.status == "diverged"] = DIVERGED_LABEL
    return Basins(xs, ys, label.reshape(n, n), runs.steps.reshape(n, n).astype(np.int32), minima)


def whole_percents(counts: Sequence[int]) -> list[int]:
    """Counts as whole percentages that add up to 100 (largest remainder: thirds are 34, 33, 33,
    not 33 + 33 + 33 = 99)."""
    counts = np.asarray(counts, dtype=float)
    exact = 100 * counts / counts.sum()
    whole = np.floor(exact).astype(int)
    # the rounding still owed goes to the largest remainders, ties to the earlier entry
    owed = 100 - int(whole.sum())
    whole[np.argsort(-(exact - whole), kind="stable")[:owed]] += 1
    return whole.tolist()


def basins_summary(b: Basins) -> str:
    """The basins in words: the share of starts that reach each minimum, none, or diverge."""
    n = b.label.size
    # −1 is every run that ended at no minimum: out of steps, or converged at a saddle or a maximum
    labels = [*range(len(b.minima)), -1, -2]
    counts = [int(np.sum(b.label == i)) for i in labels]
    share = dict(zip(labels, whole_percents(counts)))
    parts = [t("{share}% reach ({x:.3g}, {y:.3g})", share=share[i], x=m[0], y=m[1]) for i, m in enumerate(b.minima)]
    rest = {t("reach no minimum"): -1, t("diverged"): -2}
    parts += [f"{share[i]}% {name}" for name, i in rest.items() if counts[labels.index(i)] > 0]
    return t("{n:,} starts: ", n=n) + ", ".join(parts) + "."


@dataclass(frozen=True, eq=False)
class SaddleDemo:
    """The saddle demonstration: three runs from beside a saddle, and how they were set up.

    Attributes:
        saddle: the saddle point.
        on: a start ``distance`` from the saddle along the stable eigenvector (L curves up),
            moved onto the curve of starts that gd carries into the saddle (see ``saddle_demo``).
        off: ``on`` moved ``offset`` along the unstable eigenvector (L curves down).
        distance, offset: as above.
        lr: gd's α, from the curvature near the saddle: ``LR_FRACTION``/max |λ| there.
        steps: the most steps each run may take.
        tol: the runs' tolerance: converged once ‖∇L‖ ≤ tol.
        runs: gd from ``on``, gd from ``off``, Newton (α = 1) from ``off``.
    """

    saddle: StationaryPoint
    on: np.ndarray
    off: np.ndarray
    distance: float
    offset: float
    lr: float
    steps: int
    tol: float
    runs: tuple[Any, Any, Any]


LR_FRACTION = 0.5
"""The demonstration's α·max|λ| near the saddle: below 1, so no direction overshoots."""


def saddle_demo(
    loss: Loss,
    saddle: StationaryPoint,
    distance: float,
    lr: float | None = None,
    steps: int = 3000,
) -> SaddleDemo:
    """gd from beside a saddle on its stable direction, gd slightly off it, and Newton.

    Along the stable eigenvector the gradient points straight at the saddle only where the
    stable curve is a line (as for x² − y²); elsewhere it bends, and a start on the straight
    eigenvector line would be off it by about distance² × its curvature, and escape. So the
    start is moved along the unstable eigenvector onto the curve by bisection, to the last bit:
    gd from there approaches the saddle until rounding, amplified by |1 − αλ| > 1 per step,
    takes it away; the tolerance is set so that gd gets there first (see below). The second
    start, ``offset`` = distance/100 off, is far beyond rounding: that run escapes.

    Args:
        distance: how far from the saddle the starts are (a small part of the view).
        lr: gd's α; by default ``LR_FRACTION``/max |λ| over the Hessians at the saddle and at
            ``distance`` from it along both eigenvectors.
        steps: the most steps per run.
    """
    from .descent import descend

    point = np.asarray(saddle.point, dtype=float)
    values, vectors = np.linalg.eigh(loss.hessian(*point))
    stable, unstable = vectors[:, int(np.argmax(values))], vectors[:, int(np.argmin(values))]
    if lr is None:
        near = [point + sign * distance * v for v in (stable, unstable) for sign in (1, -1)]
        with np.errstate(all="ignore"):
            curvature = max(float(np.max(np.abs(np.linalg.eigvalsh(loss.hessian(*q))))) for q in [point, *near])
        lr = LR_FRACTION / curvature
    base = point + distance * stable
    on = base + _stable_offset(loss, point, base, unstable, distance, lr, steps) * unstable
    offset = distance / 100
    off = on + offset * unstable
    # How close gd can get: rounding puts about ε = a few ulps off the stable curve at each step,
    # which grows by r_u = 1 + α|λ−| per step while the distance shrinks by r_s = |1 − αλ+|, so
    # ‖∇L‖ can fall by a factor F while |λ−|·ε·F^p stays below ‖∇L(on)‖/F, p = ln r_u/ln(1/r_s).
    # The tolerance is that F with a margin of 10 (and at most 10⁸).
    low, high = saddle.eigenvalues
    grow, shrink = math.log(1 + lr * abs(low)), -math.log(max(abs(1 - lr * high), 1e-300))
    start_norm = float(np.linalg.norm(loss.gradient(*on)))
    eps = 4 * float(np.spacing(np.max(np.abs(on))))
    factor = min(1e8, (start_norm / (abs(low) * eps)) ** (1 / (1 + grow / shrink)) / 10)
    tol = start_norm / factor
    runs = (
        descend(loss, on, lr=lr, steps=steps, tol=tol),
        descend(loss, off, lr=lr, steps=steps, tol=tol),
        descend(loss, off, lr=1.0, steps=steps, tol=tol, optimizer="newton"),
    )
    return SaddleDemo(saddle, on, off, float(distance), offset, float(lr), int(steps), tol, runs)


def _stable_offset(
    loss: Loss, point: np.ndarray, base: np.ndarray, unstable: np.ndarray, distance: float, lr: float, steps: int
) -> float:
    """The δ for which gd from base + δ·unstable goes into the saddle: where the side it escapes
    to (along ``unstable``) changes, found by bisection on 33 δ at a time (0 if not bracketed)."""

    def sides(deltas: np.ndarray) -> np.ndarray:
        # gd's own arithmetic (W + (−α∇L)), vectorised; a run's side is the sign of its unstable
        # coordinate when it first gets ``distance`` away along it (0: it never did).
        x, y = base[0] + deltas * unstable[0], base[1] + deltas * unstable[1]
        side = np.zeros(len(deltas))
        with np.errstate(all="ignore"):
            for _ in range(steps):
                gx, gy = loss.fast_gradient(x, y)
                x, y = x + -lr * gx, y + -lr * gy
                u = (x - point[0]) * unstable[0] + (y - point[1]) * unstable[1]
                side = np.where((side == 0) & (np.abs(u) > distance), np.sign(u), side)
                if np.all(side != 0):
                    break
        return side

    lo, hi = -distance, distance
    for _ in range(40):
        deltas = np.linspace(lo, hi, 33)
        side = sides(deltas)
        if side[0] == side[-1] or side[0] == 0 or side[-1] == 0:
            break
        k = int(np.argmax(side != side[0]))
        if side[k] == 0:  # this one never escaped: it is on the stable curve already
            return float(deltas[k])
        lo, hi = float(deltas[k - 1]), float(deltas[k])
        # done once the two starts are neighbouring floating-point points
        if np.all(np.abs(hi - lo) * np.abs(unstable) <= 2 * np.spacing(np.abs(base) + distance)):
            break
    return (lo + hi) / 2 if side[0] != side[-1] else 0.0
