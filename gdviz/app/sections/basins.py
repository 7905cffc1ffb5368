"""Basins of attraction (pages/basins.py): the grid's budget, the clicked start, the summary."""

from __future__ import annotations

from typing import Any

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
