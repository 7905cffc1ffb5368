"""The descent loop: W^{t+1} = W^t + step(∇L(W^t)), for one start or many at once.

Both loops share one acceptance rule. A new point is kept only when its coordinates stay
within ``DIVERGENCE_LIMIT`` and L and ∇L there are finite; otherwise the run has diverged
and stops at the last point that passed. A run has converged when ‖∇L‖ ≤ tol. The runs'
records are ``gdviz.runs``'.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdviz.i18n import Message
from gdviz.losses import DIVERGENCE_LIMIT, Loss
from gdviz.optimizers import Differentiable, Optimizer, make_optimizer
from gdviz.runs import CONVERGED, DIVERGED, MAX_STEPS, REASONS, Run, Runs, ending

_INF = math.inf


def _validate(start: Any, lr: float, steps: int, tol: float) -> None:
    if not (isinstance(lr, (int, float)) and math.isfinite(lr) and lr > 0):
        raise Message("the learning rate α must be a positive finite number, got {lr!r}", lr=lr)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise Message("steps must be a whole number ≥ 0, got {steps!r}", steps=steps)
    if not (isinstance(tol, (int, float)) and tol >= 0 and not math.isnan(tol)):
        raise Message("the tolerance must be a number ≥ 0, got {tol!r}", tol=tol)
    if not np.all(np.isfinite(start)):
        raise Message("the start W⁰ must have finite coordinates")


def _reason(x: Any, y: Any, value: Any, gx: Any, gy: Any) -> Any:
    """Why points failed the acceptance rule, as indices into REASONS (vectorised)."""
    weights_ok = np.isfinite(x) & np.isfinite(y)
    return np.select(
        [weights_ok & (np.maximum(np.abs(x), np.abs(y)) > DIVERGENCE_LIMIT), ~weights_ok, ~np.isfinite(value)],
        [0, 1, 2],
        default=3,
    )


class _Counter:
    """The loss as an update rule sees it (``Differentiable``), noting each evaluation the rule
    makes (``descend``).

    A call is noted with the number of points accepted so far (the loop's list of w1), which
    is the index of the point the step is making: the loop pays nothing per step for it.
    """

    def __init__(self, loss: Loss) -> None:
        self.loss = loss
        self.points: list[float] = []  # the loop's w1 of each accepted point
        self.calls: list[tuple[int, int]] = []  # (index of the point being made, column in EVALUATIONS)

    def fast_gradient(self, x: Any, y: Any) -> Any:
        self.calls.append((len(self.points), 0))
        return self.loss.fast_gradient(x, y)

    def fast_hessian(self, x: Any, y: Any) -> Any:
        self.calls.append((len(self.points), 1))
        return self.loss.fast_hessian(x, y)

    def fast_value(self, x: Any, y: Any) -> Any:
        self.calls.append((len(self.points), 2))
        return self.loss.fast_value(x, y)

    def evaluations(self) -> np.ndarray:
        """(n+1, 3): ∇L, Hessian and L evaluations made to reach each accepted point, cumulative,
        the loop's own ∇L (one per point) included; a rejected last step's calls are left out."""
        n = len(self.points)
        counts = np.zeros((n, 3), dtype=np.int64)
        counts[:, 0] = 1
        if self.calls:
            index, column = np.array(self.calls).T
            kept = index < n
            np.add.at(counts, (index[kept], column[kept]), 1)
        return np.cumsum(counts, axis=0)


def _descend_one(
    loss: Loss, start: tuple[float, float], steps: int, opt: Optimizer, tol: float, counter: _Counter | None = None
) -> tuple:
    """One run on Python floats: the fast path for a single start (``counter``: count evaluations)."""
    value_fn, grad_fn = loss.fast_value, loss.fast_gradient
    x, y = float(start[0]), float(start[1])
    try:
        v = value_fn(x, y)
        gx, gy = grad_fn(x, y)
    except ArithmeticError:
        v = gx = gy = math.nan
    xs, ys, vs, gxs, gys = [x], [y], [v], [gx], [gy]
    tol2 = tol * tol
    state = opt.init((x, y))
    update = opt.update
    status, reason = MAX_STEPS, ""
    seen = loss if counter is None else counter  # the loss as the update rule sees it
    if counter is not None:
        counter.points = xs
    if not (abs(v + gx + gy) < _INF):
        status, reason = DIVERGED, REASONS[int(_reason(x, y, v, gx, gy))]
    elif gx * gx + gy * gy <= tol2:
        status = CONVERGED
    else:
        for _ in range(steps):
            nx = ny = math.nan
            try:
                (sx, sy), state = update((gx, gy), state, (x, y), seen)
                nx, ny = x + sx, y + sy
                v = value_fn(nx, ny)
                gx, gy = grad_fn(nx, ny)
                r = gx * gx + gy * gy
                ok = abs(nx) <= DIVERGENCE_LIMIT and abs(ny) <= DIVERGENCE_LIMIT and abs(v + gx + gy) < _INF
            except ArithmeticError:  # Python floats raise where numpy gives inf
                v = gx = gy = r = math.nan
                ok = False
            if not ok:
                status, reason = DIVERGED, REASONS[int(_reason(nx, ny, v, gx, gy))]
                break
            x, y = nx, ny
            xs.append(x)
            ys.append(y)
            vs.append(v)
            gxs.append(gx)
            gys.append(gy)
            if r <= tol2:
                status = CONVERGED
                break
    path = np.column_stack([xs, ys]).astype(float)
    gradients = np.column_stack([gxs, gys]).astype(float)
    return path, np.asarray(vs, dtype=float), gradients, status, reason, len(xs) - 1


def descend(
    loss: Loss,
    start: Sequence[float],
    lr: float = 1e-3,
    steps: int = 1000,
    optimizer: str = "gd",
    tol: float = 1e-8,
    noise: float = 0.0,
    seed: int = 0,
    **hyper: Any,
) -> Run:
    """Run one optimizer from one start: W^{t+1} = W^t − α∇L(W^t) for ``gd``.

    Args:
        loss: the surface.
        start: W⁰ = (w1, w2).
        lr: the learning rate α (> 0).
        steps: the most updates to make.
        optimizer: a name from ``gdviz.OPTIMIZERS``.
        tol: stop as converged once ‖∇L(W)‖ ≤ tol.
        noise: σ of seeded Gaussian noise added to each gradient the optimizer sees (SGD's jitter).
        seed: the noise's seed: the same seed, the same path.
        **hyper: the optimizer's hyperparameters, with torch.optim's names.

    Raises:
        ValueError: a bad α, step count, tolerance, start, optimizer or hyperparameter.
    """
    _validate(start, lr, steps, tol)
    opt = make_optimizer(optimizer, lr, **hyper)
    if noise:
        opt = noisy(opt, noise, seed)
    hyper = {**hyper, **({"noise": noise, "seed": seed} if noise else {})}
    return descend_with(loss, start, opt, int(steps), tol, optimizer=optimizer, lr=float(lr), hyper=hyper)


def descend_with(
    loss: Loss,
    start: Sequence[float],
    opt: Optimizer,
    steps: int,
    tol: float,
    *,
    optimizer: str,
    lr: float,
    hyper: dict[str, Any] | None = None,
    count: bool = True,
) -> Run:
    """Run a ready-made update rule from one start in ``descend``'s loop (same acceptance and
    stopping rules), its ending classified as every run's is (``Run.kind``, ``Run.trend``).

    For update rules that are no optimizer of ``gdviz.OPTIMIZERS``, such as mini-batch SGD
    (``gdviz.data.minibatch_sgd``). ``optimizer``, ``lr`` and ``hyper`` are recorded in the Run;
    ``count``: count the rule's evaluations of the loss (``Run.evaluations``; None when off).
    """
    counter = _Counter(loss) if count else None
    with np.errstate(all="ignore"):
        path, values, gradients, status, reason, n = _descend_one(loss, (start[0], start[1]), steps, opt, tol, counter)
    kind, trend, lower_at = ending(loss, status, values, path)
    return Run(
        path,
        values,
        gradients,
        status,
        n,
        reason,
        optimizer,
        lr,
        hyper or {},
        tol,
        evaluations=counter.evaluations() if counter is not None else None,
        kind=kind,
        trend=trend,
        lower_at=lower_at,
    )


def descend_on_budget(
    loss: Loss,
    start: Sequence[float],
    budget: int,
    lr: float = 1e-3,
    optimizer: str = "gd",
    tol: float = 1e-8,
    noise: float = 0.0,
    seed: int = 0,
    **hyper: Any,
) -> Run:
    """``descend`` for as many steps as ``budget`` pays for: the run stops at the last W^t whose
    evaluations cost (``Run.cost``, ``EVALUATION_COST``) at most ``budget`` (≥ 1).

    Every step costs at least one ∇L, so ``budget`` steps are always enough to spend it; the
    run is then made again with the steps it could pay for, which repeats it exactly (the noise
    is seeded), so its status is that of a run of that many steps.
    """
    if isinstance(budget, bool) or not isinstance(budget, (int, np.integer)) or budget < 1:
        raise Message("the budget must be a whole number ≥ 1, got {budget!r}", budget=budget)
    kw = dict(lr=lr, optimizer=optimizer, tol=tol, noise=noise, seed=seed, **hyper)
    run = descend(loss, start, steps=int(budget), **kw)
    affordable = int(np.searchsorted(run.cost(), budget, side="right")) - 1  # the cost only grows
    return run if affordable >= run.steps else descend(loss, start, steps=affordable, **kw)


@dataclass(frozen=True)
class Entrant:
    """One optimizer in the race: its name, α and hyperparameters."""

    optimizer: str
    lr: float
    hyper: dict[str, Any]


def race(
    loss: Loss,
    start: Sequence[float],
    entrants: Sequence[Entrant],
    steps: int,
    tol: float,
    same_budget: bool,
    noise: float,
    seed: int,
) -> list[Run]:
    """Run every entrant from W⁰: ``steps`` steps each, or with ``same_budget`` as many as
    ``steps`` evaluations pay for (``descend_on_budget``); the same noise for all."""
    runs = []
    for e in entrants:
        kw = dict(lr=e.lr, optimizer=e.optimizer, tol=tol, noise=noise, seed=seed, **e.hyper)
        runs.append(
            descend_on_budget(loss, start, steps, **kw) if same_budget else descend(loss, start, steps=steps, **kw)
        )
    return runs


def _take(state: Any, keep: np.ndarray) -> Any:
    """Keep the rows ``keep`` of every per-run array in an optimizer state."""
    if isinstance(state, np.ndarray) and state.ndim:
        return state[keep]
    if isinstance(state, tuple):
        return (
            type(state)(*(_take(s, keep) for s in state))
            if hasattr(state, "_fields")
            else tuple(_take(s, keep) for s in state)
        )
    return state


def descend_many(
    loss: Loss,
    starts: Any,
    lr: float = 1e-3,
    steps: int = 1000,
    optimizer: str = "gd",
    tol: float = 1e-8,
    keep_path: bool = True,
    noise: float = 0.0,
    seed: int = 0,
    **hyper: Any,
) -> Runs:
    """Run one optimizer from many starts at once, vectorised over the starts.

    Each start follows exactly the rules of ``descend``; runs that stop are dropped from the
    arrays being updated, so the work shrinks as runs converge or diverge.

    Args:
        starts: (m, 2) array of W⁰.
        keep_path: keep every iterate (m × (steps+1) × 2 floats); turn off for large grids.
        noise, seed: stochastic gradients (see ``noisy``); the draws are shared across rows.
        Other arguments as for ``descend``.
    """
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    _validate(starts, lr, steps, tol)
    opt = make_optimizer(optimizer, lr, **hyper)
    if noise:
        opt = noisy(opt, noise, seed)
    return _run_many(loss, starts, opt, int(steps), tol, keep_path, optimizer, float(lr))


def sweep_lr(
    loss: Loss,
    start: Sequence[float],
    lrs: Any,
    steps: int = 1000,
    tol: float = 1e-8,
    keep_path: bool = False,
) -> Runs:
    """Gradient descent from one start with many learning rates at once, one row per α.

    Row i follows exactly ``descend(loss, start, lr=lrs[i], ...)``: the rows carry their own α
    through the vectorised loop, so a sweep over hundreds of α costs about one run per α of numpy work.
    ``Runs.lr`` is NaN: the rows' α are ``lrs``.
    """
    lrs = np.asarray(lrs, dtype=float).ravel()
    if not len(lrs) or not np.all(np.isfinite(lrs) & (lrs > 0)):
        raise Message("every learning rate α must be a positive finite number")
    starts = np.tile(np.asarray(start, dtype=float).reshape(1, 2), (len(lrs), 1))
    _validate(starts, float(lrs.min()), steps, tol)

    def update(g: Any, alpha: np.ndarray, w: Any, loss: Differentiable) -> tuple[Any, np.ndarray]:
        return (-alpha * g[0], -alpha * g[1]), alpha  # gd's −α·g, α per row

    return _run_many(loss, starts, Optimizer(lambda w: lrs.copy(), update), int(steps), tol, keep_path, "gd", math.nan)


def noisy(opt: Optimizer, sigma: float, seed: int = 0) -> Optimizer:
    """Stochastic gradients: the optimizer sees ∇L + σ·ξ, ξ ~ N(0, I) drawn from ``seed``.

    The same seed gives the same jitter, so a class sees the same SGD path twice. The run still
    records (and stops on) the true ∇L.
    """
    if not (math.isfinite(sigma) and sigma >= 0):
        raise Message("the noise scale σ must be ≥ 0, got {sigma}", sigma=sigma)

    def init(w: Any) -> tuple[Any, np.random.Generator]:
        return opt.init(w), np.random.default_rng(seed)

    def update(g: Any, state: tuple[Any, np.random.Generator], w: Any, loss: Differentiable) -> tuple[Any, Any]:
        inner, rng = state
        gx, gy = g
        if np.ndim(gx):
            gx, gy = gx + sigma * rng.standard_normal(np.shape(gx)), gy + sigma * rng.standard_normal(np.shape(gy))
        else:
            gx, gy = gx + sigma * float(rng.standard_normal()), gy + sigma * float(rng.standard_normal())
        step, inner = opt.update((gx, gy), inner, w, loss)
        return step, (inner, rng)

    return Optimizer(init, update)


def _run_many(
    loss: Loss,
    starts: np.ndarray,
    opt: Optimizer,
    steps: int,
    tol: float,
    keep_path: bool,
    optimizer: str,
    lr: float,
) -> Runs:
    """The vectorised loop of descend_many, for any optimizer (see descend_many)."""
    m = len(starts)
    tol2 = tol * tol
    status = np.full(m, MAX_STEPS, dtype=object)
    reason = np.full(m, "", dtype=object)
    taken = np.full(m, steps, dtype=np.int64)
    final = starts.copy()
    path = np.empty((m, steps + 1, 2)) if keep_path else None
    path_v = np.empty((m, steps + 1)) if keep_path else None
    path_g = np.empty((m, steps + 1, 2)) if keep_path else None
    # L need not be evaluated along the way when it provably stays finite and no path is kept.
    track_value = keep_path or not loss.overflow_free

    with np.errstate(all="ignore"):
        x, y = starts[:, 0].copy(), starts[:, 1].copy()
        v = loss.fast_value(x, y)
        gx, gy = loss.fast_gradient(x, y)
        ids = np.arange(m)
        state = opt.init((x, y))

        def stop(rows: np.ndarray, code: str, step: int, px: np.ndarray, py: np.ndarray) -> None:
            where = ids[rows]
            status[where], taken[where] = code, step
            final[where, 0], final[where, 1] = px[rows], py[rows]

        def diverged(bad: np.ndarray, step: int, *at: np.ndarray) -> None:
            reason[ids[bad]] = [REASONS[k] for k in np.atleast_1d(_reason(*(a[bad] for a in at)))]
            stop(bad, DIVERGED, step - 1, x, y)

        r = gx * gx + gy * gy
        if path is not None:
            path[:, 0, 0], path[:, 0, 1], path_v[:, 0], path_g[:, 0, 0], path_g[:, 0, 1] = x, y, v, gx, gy
        ok = np.isfinite(v + gx + gy)
        done = ok & (r <= tol2)
        if not ok.all() or done.any():
            diverged(~ok, 1, x, y, v, gx, gy)
            stop(done, CONVERGED, 0, x, y)
            keep = ok & ~done
            x, y, gx, gy, ids, state = x[keep], y[keep], gx[keep], gy[keep], ids[keep], _take(state, keep)

        for step in range(1, steps + 1):
            if not len(ids):
                break
            (sx, sy), state = opt.update((gx, gy), state, (x, y), loss)
            nx, ny = x + sx, y + sy
            ngx, ngy = loss.fast_gradient(nx, ny)
            nv = loss.fast_value(nx, ny) if track_value else None
            if path is not None:
                path[ids, step, 0], path[ids, step, 1], path_v[ids, step] = nx, ny, nv
                path_g[ids, step, 0], path_g[ids, step, 1] = ngx, ngy
            # The common case, every run going on, is told by a few reductions (NaN fails them):
            # all coordinates within the limit, and no run can have ‖∇L‖ ≤ tol because one
            # component is larger than tol everywhere. Masks are built only when a run stops.
            if (
                max(nx.max(), -nx.min(), ny.max(), -ny.min()) <= DIVERGENCE_LIMIT
                and (np.abs(ngx).min() > tol or np.abs(ngy).min() > tol)
                and (nv is None or np.isfinite(nv + ngx + ngy).all())
            ):
                x, y, gx, gy = nx, ny, ngx, ngy
                continue
            if nv is None:
                nv = loss.fast_value(nx, ny)
            r = ngx * ngx + ngy * ngy
            ok = (np.abs(nx) <= DIVERGENCE_LIMIT) & (np.abs(ny) <= DIVERGENCE_LIMIT) & np.isfinite(nv + ngx + ngy)
            done = ok & (r <= tol2)
            diverged(~ok, step, nx, ny, nv, ngx, ngy)
            stop(done, CONVERGED, step, nx, ny)
            keep = ok & ~done
            x, y, gx, gy = nx[keep], ny[keep], ngx[keep], ngy[keep]
            ids, state = ids[keep], _take(state, keep)

        final[ids, 0], final[ids, 1] = x, y
        final_v = loss.value(final[:, 0], final[:, 1])
        final_g = loss.gradient(final[:, 0], final[:, 1])

    n = int(taken.max(initial=0)) + 1
    if path is not None:
        # A run that stopped early holds its last point for the rest of the path.
        after = np.arange(n)[None, :] > taken[:, None]
        path = np.where(after[..., None], final[:, None, :], path[:, :n])
        path_v = np.where(after, final_v[:, None], path_v[:, :n])
        path_g = np.where(after[..., None], final_g[:, None, :], path_g[:, :n])
    return Runs(
        starts,
        final,
        final_v,
        final_g,
        status.astype(str),
        reason.astype(str),
        taken,
        path,
        path_v,
        path_g,
        optimizer,
        lr,
        float(tol),
    )
