"""Benchmark of the browser's descent (gdviz/assets/engine.js) in headless Chromium, no app.

Not a test: it prints figures for the closing notes, the last line one JSON object.

    .venv/bin/python bench/engine.py [--samples 20] [--no-agreement]

- ``runs_ms``: one ``engine.descend`` run on Rosenbrock from W⁰ = (−1.5, 2) at α = 0.001 (gd,
  which runs out of steps there), for 300 and 5000 steps, and 5000 steps of every other
  optimizer: the median over ``--samples`` samples of ``performance.now()`` around a batch of
  runs, divided by the batch (Chromium's clock ticks in 0.1 ms steps, too coarse for one run);
- ``spec_bytes``: the size of the spec as JSON, what the viewer's payload gains;
- ``max_rel_diff`` and the rest of ``tests/test_engine.py``'s ``agreement``: the browser's first
  50 iterates against ``descend`` over the agreement cases.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from support import launch  # noqa: E402
from test_engine import agreement, load_engine  # noqa: E402

from gdviz.losses import LOSSES  # noqa: E402
from gdviz.optimizers import OPTIMIZERS  # noqa: E402
from gdviz.webmath import preview_spec  # noqa: E402

START, LR = (-1.5, 2.0), 1e-3
TIME = """([spec, samples, batch]) => {
    engine.descend(spec);  // compiled once, as during a drag
    const times = [];
    for (let s = 0; s < samples; s++) {
        const t0 = performance.now();
        for (let i = 0; i < batch; i++) engine.descend(spec, spec.start, spec.lr * (1 + 1e-9 * i));
        times.push((performance.now() - t0) / batch);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(samples / 2)];
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--no-agreement", action="store_true")
    args = parser.parse_args()
    loss = LOSSES["rosenbrock"]
    results: dict = {"runs_ms": {}}
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        load_engine(page)
        for optimizer in OPTIMIZERS:
            for steps in (300, 5000) if optimizer == "gd" else (5000,):
                spec = preview_spec(loss, START, LR, steps, optimizer, 1e-8, {})
                status = page.evaluate("spec => engine.descend(spec).status", spec)
                batch = max(1, 30_000 // steps)
                ms = page.evaluate(TIME, [spec, args.samples, batch])
                results["runs_ms"][f"{optimizer}_{steps}"] = round(ms, 4)
                print(f"{optimizer:10} {steps:5} steps ({status}): {ms:.4f} ms", file=sys.stderr)
        results["spec_bytes"] = len(json.dumps(preview_spec(loss, START, LR, 300)))
        if not args.no_agreement:
            results.update(agreement(page))
        browser.close()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
