"""Basins of attraction (pages/basins.py): the grid's budget, the clicked start, the summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import streamlit as st

from ...i18n import t
from ...losses import Bounds

BASIN_UPDATES = 40_000_000
"""The most descent updates one basins map may ask for (starts × steps): a 300 × 300 grid at
5,000 steps would hold a server core for a minute."""


def basin_steps(n: int, steps: int) -> int:
    """The steps a basins map of n × n starts can afford, with a warning when that is fewer."""
    most = max(1, BASIN_UPDATES // (n * n))
    if steps <= most:
        return steps
    st.warning(
        t(
            "{n} × {n} starts × {steps:,} steps would be {updates:,} updates, more than one map may ask for "
            "({most:,}): this map runs {capped:,} steps. Lower the grid for more steps.",
            n=n,
            steps=steps,
            updates=n * n * steps,
            most=BASIN_UPDATES,
            capped=most,
        )
    )
    return most


def basin_start(event: Any, bounds: Bounds) -> tuple[float, float] | None:
    """The start the user clicked on the basin map, if any."""
    try:
        point = event.selection.points[0]
        x, y = float(point["x"]), float(point["y"])
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return None
    (x0, x1), (y0, y1) = bounds
    return (x, y) if x0 <= x <= x1 and y0 <= y <= y1 else None


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


def basins_summary(b: Any) -> str:
    n = b.label.size
    # −1 is every run that ended at no minimum: out of steps, or converged at a saddle or a maximum
    labels = [*range(len(b.minima)), -1, -2]
    counts = [int(np.sum(b.label == i)) for i in labels]
    share = dict(zip(labels, whole_percents(counts)))
    parts = [t("{share}% reach ({x:.3g}, {y:.3g})", share=share[i], x=m[0], y=m[1]) for i, m in enumerate(b.minima)]
    rest = {t("reach no minimum"): -1, t("diverged"): -2}
    parts += [f"{share[i]}% {name}" for name, i in rest.items() if counts[labels.index(i)] > 0]
    return t("{n:,} starts: ", n=n) + ", ".join(parts) + "."
