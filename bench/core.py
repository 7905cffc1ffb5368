"""Benchmarks of the core against plain hand-written code doing the same work (not tests).

    .venv/bin/python bench/core.py

1. descend_many: a 200 × 200 grid of starts × 1,000 gd steps on Rosenbrock, against a
   vectorised NumPy loop with the gradient typed in by hand. Target: at least half its speed.
2. descend: 10,000 gd steps on Rosenbrock from one start, against a pure-Python scalar loop
   that also keeps the path, the values and the gradients. Target: within 10 × its time.

Each pair is run alternately, several times, and the best time of each is compared.
"""

from __future__ import annotations

import math
import time

import numpy as np

import gdviz

LR, STEPS, GRID, REPEATS = 1e-3, 1000, 200, 7


def grid_starts(n: int) -> np.ndarray:
    xs, ys = np.meshgrid(np.linspace(-2, 2, n), np.linspace(-1, 3, n))
    return np.column_stack([xs.ravel(), ys.ravel()])


def hand_vectorised(starts: np.ndarray, lr: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    x, y = starts[:, 0].copy(), starts[:, 1].copy()
    with np.errstate(all="ignore"):
        for _ in range(steps):
            r = y - x * x
            gx = -400 * x * r - 2 * (1 - x)
            gy = 200 * r
            x = x - lr * gx
            y = y - lr * gy
    return x, y


def hand_scalar(x: float, y: float, lr: float, steps: int) -> list:
    path, values, grads = [(x, y)], [(1 - x) ** 2 + 100 * (y - x * x) ** 2], []
    gx, gy = -400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)
    grads.append((gx, gy))
    for _ in range(steps):
        x, y = x - lr * gx, y - lr * gy
        v = (1 - x) ** 2 + 100 * (y - x * x) ** 2
        gx, gy = -400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)
        if not (math.isfinite(v) and math.isfinite(gx) and math.isfinite(gy)):
            break
        path.append((x, y))
        values.append(v)
        grads.append((gx, gy))
    return path


def best_of(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    loss = gdviz.get_loss("rosenbrock")
    starts = grid_starts(GRID)
    for lr in (LR, 2e-4):
        hand = best_of(lambda lr=lr: hand_vectorised(starts, lr, STEPS), 3)
        ours = best_of(lambda lr=lr: gdviz.descend_many(loss, starts, lr=lr, steps=STEPS, tol=0, keep_path=False), 3)
        runs = gdviz.descend_many(loss, starts, lr=lr, steps=STEPS, tol=0, keep_path=False)
        counts = {s: int((runs.status == s).sum()) for s in ("converged", "diverged", "max_steps")}
        print(
            f"descend_many {GRID}x{GRID} starts x {STEPS} gd steps, lr={lr:g}: gdviz {ours * 1e3:.0f} ms, "
            f"hand-written NumPy {hand * 1e3:.0f} ms -> {hand / ours:.2f} x its speed (target >= 0.5); {counts}"
        )
    hand = best_of(lambda: hand_scalar(-1.5, 2.0, LR, 10_000))
    ours = best_of(lambda: gdviz.descend(loss, (-1.5, 2.0), lr=LR, steps=10_000, tol=0))
    print(
        f"descend 10,000 gd steps: gdviz {ours * 1e3:.1f} ms, hand-written pure Python {hand * 1e3:.1f} ms "
        f"-> {ours / hand:.2f} x its time (target <= 10)"
    )


if __name__ == "__main__":
    main()
