"""Basins of attraction: the grid run and the map, timed, and the map's payload.

    .venv/bin/python bench/basins.py [--n 200] [--repeat 5]

Target (issue 5): the 200 × 200 grid run plus the map build within 1.5 s on this machine, and a
small payload (an image-like heatmap of uint8 classes, not 40,000 markers).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import plotly.io as pio

import gdviz
from gdviz import charts
from gdviz.analysis import basins

CASES = [
    ("himmelblau", 0.01, 300, "gd", {}),
    ("six_hump_camel", 0.02, 300, "gd", {}),
    ("rastrigin", 0.001, 300, "gd", {}),
    ("himmelblau", 0.01, 300, "adam", {}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for name, lr, steps, opt, hyper in CASES:
        loss = gdviz.get_loss(name)
        basins(loss, n=20, lr=lr, steps=steps, optimizer=opt, **hyper)  # warm: compile, stationary points
        runs, builds, sizes = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            b = basins(loss, n=args.n, lr=lr, steps=steps, optimizer=opt, tol=1e-8, **hyper)
            t1 = time.perf_counter()
            text = pio.to_json(charts.basins_figure(b), validate=False) + pio.to_json(
                charts.steps_map_figure(b), validate=False
            )
            t2 = time.perf_counter()
            runs.append(t1 - t0)
            builds.append(t2 - t1)
            sizes.append(len(text))
        total = [a + b for a, b in zip(runs, builds)]
        print(
            f"{name:15s} {opt:5s} {args.n}×{args.n}, {steps} steps: grid run {statistics.median(runs) * 1000:6.0f} ms "
            f"+ maps {statistics.median(builds) * 1000:4.0f} ms = {statistics.median(total) * 1000:6.0f} ms (median of "
            f"{args.repeat}); maps' JSON {sizes[0] / 1024:.0f} KB"
        )


if __name__ == "__main__":
    main()
