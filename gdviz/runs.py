"""What a descent leaves: one run's record (``Run``), many runs' (``Runs``), and their ends in words.

A run ends converged (‖∇L‖ ≤ tol), diverged (a point failed the descent loop's acceptance rule,
for one of ``REASONS``) or at its maximum of steps. How it ended is put into words in one place
(``describe``), and where it ended is classified once, when the run is made (``ending``): the
kind of stationary point a converged run reached, the way an unfinished one was heading.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gdviz.analysis import kind_of, lower_nearby, stationary_near
from gdviz.i18n import t, tn
from gdviz.losses import DIVERGENCE_LIMIT, Loss

CONVERGED, DIVERGED, MAX_STEPS = "converged", "diverged", "max_steps"
STATUSES = (CONVERGED, DIVERGED, MAX_STEPS)
REASONS = ("blowup", "weights", "value", "gradient")
"""Why a run diverged: coordinates past the limit, non-finite W, L or ∇L."""

EVALUATIONS = ("gradient", "hessian", "loss")
"""What a run counts (``Run.evaluations``): evaluations of ∇L, of the Hessian and of L."""
EVALUATION_COST = {"gradient": 1, "hessian": 2, "loss": 1}
"""Each evaluation's cost in the race's same-budget mode: in two dimensions a Hessian costs
about two gradients (one per column); L and ∇L count one each."""

WHY_DIVERGED = {
    "blowup": "the weights grew past {limit:.0e} in size (α too large, or L unbounded below)",
    "weights": "the step made the weights infinite or NaN",
    "value": "L(W) is not a finite number there (outside its domain, or overflow)",
    "gradient": "∇L(W) is not finite there (outside its domain, or overflow)",
}
TRENDS = ("escaping", "oscillating", "rising")
"""Where an unfinished run was heading (``Run.trend``): L falling without bound, W back where it
was two steps before (gd at α = 2/λmax on a quadratic), L rising at every step."""
NOT_A_MINIMUM = {
    "saddle": "at a saddle point, not a minimum: L curves down along one direction here",
    "maximum": "at a maximum, not a minimum: L curves down in every direction here",
    "degenerate": "at a point where the Hessian has a zero eigenvalue, so it cannot tell a minimum from a saddle",
}
_TREND_WINDOW = 10


def trend_of(loss: Loss, values: np.ndarray, path: np.ndarray) -> str:
    """Where a trajectory that did not converge was heading: one of ``TRENDS``, or "" when none is clear.

    Escaping: L fell at every one of the last steps, and along the last step's direction L keeps
    falling without bound (checked out to 10⁸ times farther): no minimum lies ahead. Oscillating:
    W is back, to 6 digits of the last step, where it was two steps before. Rising: L rose at every
    one of the last steps and is above where it started.
    """
    k = min(_TREND_WINDOW, len(values) - 1)
    if k < 2:
        return ""
    change = np.diff(values[-k - 1 :])
    step = path[-1] - path[-2]
    length = math.hypot(*step)
    if np.all(change < 0) and length > 0 and _unbounded_along(loss, path[-1], step / length):
        return "escaping"
    if length > 0 and math.dist(path[-1], path[-3]) <= 1e-6 * length:
        return "oscillating"
    if np.all(change > 0) and values[-1] > values[0]:
        return "rising"
    return ""


def _unbounded_along(loss: Loss, point: np.ndarray, direction: np.ndarray) -> bool:
    """Whether L falls all the way along the ray from ``point``, to far below L(point)."""
    s = max(1.0, math.hypot(*point)) * 10.0 ** np.arange(9)
    with np.errstate(all="ignore"):
        ahead = loss.value(point[0] + s * direction[0], point[1] + s * direction[1])
        here = float(loss.value(point[0], point[1]))
        falling = np.all(np.diff(np.concatenate([[here], ahead])) < 0)  # NaN (out of the domain) fails
        return bool(falling and ahead[-1] < here - 1e6 * max(1.0, abs(here)))


def describe(
    status: str,
    steps: int,
    reason: str = "",
    tol: float | None = None,
    kind: str = "",
    trend: str = "",
    lower_at: float | None = None,
) -> str:
    """The one place where a run's outcome is put into words (in the current language).

    ``kind`` is the kind of stationary point a converged run reached; ``trend`` where a run
    that did not converge was heading (see ``trend_of``); ``lower_at``, for a degenerate point,
    the distance at which L was found lower around it (``Run.lower_at``).
    """
    if status == CONVERGED:
        done = _describe_plain(status, steps, reason, tol)
        if kind not in NOT_A_MINIMUM:
            return done
        said = done + " — " + t(NOT_A_MINIMUM[kind])
        if kind == "degenerate" and lower_at is not None:
            said += "; " + t(
                "but L is lower {r:.2g} away from it along some directions, so it is not a minimum", r=lower_at
            )
        return said
    if trend == "escaping":
        if status == DIVERGED:
            # Past the limit because L has no bottom: "α too large" is no part of the reason.
            if reason == "blowup":
                why = t("the weights grew past {limit:.0e} in size", limit=DIVERGENCE_LIMIT)
            else:
                why = t(WHY_DIVERGED[reason], limit=DIVERGENCE_LIMIT)
            return t(
                "escaped: L falls without bound (L → −∞); at step {next} {why}, so the path stops at step {n}",
                next=steps + 1,
                why=why,
                n=steps,
            )
        return tn(
            "escaping: after {n} step L is still falling, and ahead of the run it falls without bound (L → −∞)",
            "escaping: after {n} steps L is still falling, and ahead of the run it falls without bound (L → −∞)",
            steps,
        )
    if status == MAX_STEPS and trend == "oscillating":
        return tn(
            "oscillating forever: after {n} step W is back where it was two steps before, so the run bounces "
            "between two points and never converges",
            "oscillating forever: after {n} steps W is back where it was two steps before, so the run bounces "
            "between two points and never converges",
            steps,
        )
    if status == MAX_STEPS and trend == "rising":
        return tn(
            "diverging: after {n} step L is still rising at every step",
            "diverging: after {n} steps L is still rising at every step",
            steps,
        )
    return _describe_plain(status, steps, reason, tol)


def _describe_plain(status: str, steps: int, reason: str, tol: float | None) -> str:
    if status == CONVERGED:
        if tol is None:
            return tn(
                "converged after {n} step: ‖∇L(W)‖ is small enough",
                "converged after {n} steps: ‖∇L(W)‖ is small enough",
                steps,
            )
        return tn(
            "converged after {n} step: ‖∇L(W)‖ ≤ {tol:g}",
            "converged after {n} steps: ‖∇L(W)‖ ≤ {tol:g}",
            steps,
            tol=tol,
        )
    if status == DIVERGED:
        why = t(WHY_DIVERGED[reason], limit=DIVERGENCE_LIMIT)
        return t("diverged at step {next}: {why}; the path stops at step {n}", next=steps + 1, why=why, n=steps)
    if tol is None:
        return tn(
            "stopped after the maximum of {n} step without reaching convergence",
            "stopped after the maximum of {n} steps without reaching convergence",
            steps,
        )
    return tn(
        "stopped after the maximum of {n} step without reaching ‖∇L‖ ≤ {tol:g}",
        "stopped after the maximum of {n} steps without reaching ‖∇L‖ ≤ {tol:g}",
        steps,
        tol=tol,
    )


def status_name(status: str) -> str:
    """A status in words: "converged", "diverged", "max steps" (in the current language)."""
    return t(status.replace("_", " "))


def outcome_name(status: str, kind: str = "", trend: str = "") -> str:
    """A run's end in a word or two, for a table cell: the status, unless ``kind`` or ``trend``
    (``Run.kind``, ``Run.trend``) says more, as the status boxes do: "saddle point", "maximum",
    "escaped" / "escaping", "oscillating", "diverging" (L still rising)."""
    if status == CONVERGED and kind == "saddle":
        return t("saddle point")
    if status == CONVERGED and kind == "maximum":
        return t("maximum")
    if trend == "escaping":
        return t("escaped") if status == DIVERGED else t("escaping")
    if status == MAX_STEPS and trend == "oscillating":
        return t("oscillating")
    if status == MAX_STEPS and trend == "rising":
        return t("diverging")
    return status_name(status)


def ending(loss: Loss, status: str, values: np.ndarray, path: np.ndarray) -> tuple[str, str, float | None]:
    """``Run.kind``, ``Run.trend`` and ``Run.lower_at`` of a run that ended with ``status`` after
    ``values`` and ``path``: where a converged run stopped (and, at a degenerate point, whether L
    is lower around it), where another was heading."""
    if status == CONVERGED:
        point = stationary_near(loss, path[-1])  # Newton's polish, once for both
        kind = kind_of(loss, point)
        return kind, "", lower_nearby(loss, point) if kind == "degenerate" else None
    return "", trend_of(loss, values, path), None


@dataclass(frozen=True, eq=False)
class Run:
    """One descent from one start: the whole trajectory and how it ended.

    Attributes:
        path: (n+1, 2) weights W^0 … W^n, all finite.
        values: (n+1,) L(W^t).
        gradients: (n+1, 2) ∇L(W^t).
        status: ``"converged"``, ``"diverged"`` or ``"max_steps"``.
        steps: n, the number of updates made.
        reason: for a diverged run, one of ``REASONS``; otherwise empty.
        tol: the convergence tolerance the run used.
        evaluations: (n+1, 3) ints, row t: how many times ∇L, the Hessian and L were evaluated for
            the update rule to reach W^t (cumulative; ``EVALUATIONS`` names the columns). ∇L once
            per point; the Hessian by Newton; L by the line search (L(W⁰), then each trial).
            L at each point, which the loop keeps for the plots, is no update rule's cost and is
            not counted. None when not counted (``descend_many``'s runs, mini-batch SGD's).
        kind: for a converged run from ``descend`` (or ``descend_with``), the kind of stationary
            point it reached (``"minimum"``, ``"maximum"``, ``"saddle"``, ``"degenerate"``, by the
            Hessian there); otherwise empty.
        trend: for a run from ``descend`` (or ``descend_with``) that did not converge, where it was
            heading: one of ``TRENDS`` (see ``trend_of``), or "" when none is clear.
        lower_at: for a run that converged to a degenerate point, the distance at which L was found
            lower than there (``analysis.lower_nearby``): no minimum, though the Hessian cannot tell.
        message: (property) the outcome in plain words, in the current language.
    """

    path: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    status: str
    steps: int
    reason: str = ""
    optimizer: str = "gd"
    lr: float = 0.0
    hyper: dict[str, Any] = field(default_factory=dict)
    tol: float | None = None
    evaluations: np.ndarray | None = None
    kind: str = ""
    trend: str = ""
    lower_at: float | None = None

    def cost(self) -> np.ndarray | None:
        """The evaluations' cost to reach each W^t, weighted by ``EVALUATION_COST`` (None if not counted)."""
        if self.evaluations is None:
            return None
        return self.evaluations @ np.array([EVALUATION_COST[k] for k in EVALUATIONS])

    @property
    def message(self) -> str:
        return describe(
            self.status, self.steps, self.reason, tol=self.tol, kind=self.kind, trend=self.trend, lower_at=self.lower_at
        )

    @property
    def final(self) -> np.ndarray:
        """The last accepted point W^n."""
        return self.path[-1]

    @property
    def value(self) -> float:
        """L at the last accepted point."""
        return float(self.values[-1])

    @property
    def grad_norms(self) -> np.ndarray:
        """‖∇L(W^t)‖ per step."""
        return np.hypot(self.gradients[:, 0], self.gradients[:, 1])

    def table(self) -> dict[str, np.ndarray]:
        """The update rule in numbers, one row per step t: Wᵗ, ∇L(Wᵗ), α∇L(Wᵗ), Wᵗ⁺¹, L(Wᵗ).

        For gd, Wᵗ⁺¹ = Wᵗ − α∇L(Wᵗ) row by row; other optimizers take other steps, which the
        Wᵗ⁺¹ column shows as they were. The last row has no Wᵗ⁺¹ (NaN).
        """
        nxt = np.vstack([self.path[1:], np.full((1, 2), np.nan)])
        return {
            "t": np.arange(len(self.path)),
            "w1": self.path[:, 0],
            "w2": self.path[:, 1],
            "dL/dw1": self.gradients[:, 0],
            "dL/dw2": self.gradients[:, 1],
            "α·dL/dw1": self.lr * self.gradients[:, 0],
            "α·dL/dw2": self.lr * self.gradients[:, 1],
            "w1ᵗ⁺¹": nxt[:, 0],  # the slide's notation, the same in both languages
            "w2ᵗ⁺¹": nxt[:, 1],
            "L": self.values,
        }

    def csv(self) -> bytes:
        """The step table (``table``) as CSV: t as an integer, every other number in full (repr).

        UTF-8 with a byte-order mark: without it spreadsheet programs guess a legacy encoding and
        the header "α·dL/dw1" reads "Î±Â·dL/dw1".
        """
        columns = self.table()
        names = list(columns)
        lines = [",".join(names)]
        for row in zip(*(columns[n] for n in names)):
            lines.append(",".join(str(int(v)) if i == 0 else repr(float(v)) for i, v in enumerate(row)))
        return ("\n".join(lines) + "\n").encode("utf-8-sig")


@dataclass(frozen=True, eq=False)
class Runs:
    """Many descents run together, one per start (``descend_many``).

    Attributes:
        starts: (m, 2) the starts.
        final: (m, 2) the last accepted point of each run.
        values: (m,) L there.
        gradients: (m, 2) ∇L there.
        status: (m,) ``"converged"``, ``"diverged"`` or ``"max_steps"``.
        reason: (m,) why a run diverged, else ``""``.
        steps: (m,) updates made by each run.
        path: (m, n+1, 2) when kept, n the most steps any run made; a run that stopped earlier
            repeats its last point, so ``path[i, :steps[i] + 1]`` is its own trajectory.
        path_values: (m, n+1) L along ``path`` when kept.
        path_gradients: (m, n+1, 2) ∇L along ``path`` when kept.
    """

    starts: np.ndarray
    final: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    status: np.ndarray
    reason: np.ndarray
    steps: np.ndarray
    path: np.ndarray | None = None
    path_values: np.ndarray | None = None
    path_gradients: np.ndarray | None = None
    optimizer: str = "gd"
    lr: float = 0.0
    tol: float = 0.0

    def __len__(self) -> int:
        return len(self.starts)

    def run(self, i: int, loss: Loss | None = None) -> Run:
        """Start i as a ``Run`` (needs the path); given the ``loss``, with its end classified as
        ``descend`` does (``Run.kind``, ``Run.trend``)."""
        if self.path is None or self.path_values is None or self.path_gradients is None:
            raise ValueError("descend_many(..., keep_path=True) is needed to take one run out")
        n = int(self.steps[i]) + 1
        status, reason = str(self.status[i]), str(self.reason[i])
        path, values = self.path[i, :n], self.path_values[i, :n]
        kind, trend, lower_at = ending(loss, status, values, path) if loss is not None else ("", "", None)
        return Run(
            path,
            values,
            self.path_gradients[i, :n],
            status,
            n - 1,
            reason,
            self.optimizer,
            self.lr,
            tol=self.tol,
            kind=kind,
            trend=trend,
            lower_at=lower_at,
        )
