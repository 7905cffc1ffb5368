"""The browser's descent (gdviz/assets/engine.js) against the core's ``descend``, in Chromium.

Every built-in loss × optimizer and several typed formulas: the first 50 iterates, their L and ∇L
agree to 1e-9 relative on runs that do not diverge, and every run ends with the same status.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from gdviz.descent import descend, descend_with
from gdviz.expression import parse_loss
from gdviz.losses import LOSSES, Loss, X, Y
from gdviz.optimizers import OPTIMIZERS, Optimizer, make_optimizer
from gdviz.webmath import loss_code, preview_spec

pytestmark = pytest.mark.browser

ENGINE = Path(__file__).resolve().parents[1] / "gdviz" / "assets" / "engine.js"
AGREE = 1e-9
COMPARED = 50
NUDGE = 2.0**-52

LR = {"gd": 1.0, "momentum": 0.5, "nesterov": 0.5, "adagrad": 20.0, "rmsprop": 2.0, "adam": 5.0, "newton": 1.0}
"""α per optimizer as a multiple of a loss's own scale (``scaled_lr``); linesearch takes 1."""

FORMULAS = (
    "x**2 + 3*y**2 + x*y",
    "sin(x)*cos(y) + (x**2 + y**2)/10",
    "log(1 + x**2 + y**2) + exp(x/5)",
    "sqrt(1 + x**2 + 2*y**2) + tanh(x - y)",
    "abs(x) + (y - 1)**4 / 4 + x**2",
    "atan(x*y) + cosh(y/2) + x**4/10 - x",
    "(x - 1)**2 / (1 + y**2) + y**2",
)


def scaled_lr(loss, start, optimizer: str) -> float:
    """α that makes each optimizer move without blowing up at once: gd's 1/λmax at W⁰ (times
    the optimizer's factor); adaptive rules take steps of about α, scaled by the view instead."""
    if optimizer == "linesearch":
        return 1.0
    (x0, x1), _ = loss.bounds
    if optimizer in ("adagrad", "rmsprop", "adam"):
        return LR[optimizer] * (x1 - x0) / 1000
    lam = float(np.max(np.abs(np.linalg.eigvalsh(loss.hessian(*start)))))
    return LR[optimizer] if optimizer == "newton" else LR[optimizer] / max(lam, 1e-3)


def start_of(loss) -> tuple[float, float]:
    (x0, x1), (y0, y1) = loss.bounds
    return x0 + 0.23 * (x1 - x0), y0 + 0.71 * (y1 - y0)


def cases() -> list[tuple[str, object, tuple[float, float], float, str]]:
    out = []
    for name, loss in LOSSES.items():
        for optimizer in OPTIMIZERS:
            out.append((name, loss, start_of(loss), optimizer))
    for text in FORMULAS:
        loss = parse_loss(text)
        for optimizer in ("gd", "momentum", "adam", "newton"):
            out.append((text, loss, start_of(loss), optimizer))
    return [(label, loss, start, scaled_lr(loss, start, opt), opt) for label, loss, start, opt in out]


DIVERGING = (
    ("quadratic", 0.25, "gd"),  # α·λmax = 2.5 > 2
    ("beale", 0.01, "gd"),
    ("booth", 0.3, "momentum"),
    ("booth", 0.1, "nesterov"),
    ("monkey_saddle", 0.5, "gd"),  # L unbounded below: the weights run off past the limit
    ("six_hump_camel", 0.5, "gd"),
    ("log(x) + y**2", 2.0, "gd"),  # out of L's domain: L is NaN
    ("exp(x**2) + y**2", 1.0, "gd"),  # L overflows
    ("1/x + x**2 + y**2", 0.5, "gd"),
)


@pytest.fixture(scope="module")
def page(browser):
    """A blank page with engine.js imported as ``window.engine``."""
    context = browser.new_context()
    p = context.new_page()
    load_engine(p)
    yield p
    context.close()


def load_engine(page) -> None:
    """Import engine.js into ``page`` (a blank page will do) as ``window.engine``."""
    page.set_content("<!doctype html><title>engine</title>")
    url = "data:text/javascript;base64," + base64.b64encode(ENGINE.read_bytes()).decode()
    page.evaluate("async url => { window.engine = await import(url); }", url)


def browser_runs(page, specs: list[dict]) -> list[dict]:
    return json.loads(page.evaluate("specs => JSON.stringify(specs.map(s => engine.descend(s)))", specs))


def rel_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max over rows of ‖a − b‖∞ / ‖b‖∞ (absolute where b is 0): each iterate's error relative to its size."""
    a, b = np.asarray(a, dtype=float).reshape(len(a), -1), np.asarray(b, dtype=float).reshape(len(b), -1)
    scale = np.max(np.abs(b), axis=1)
    err = np.max(np.abs(a - b), axis=1)
    return float(np.max(np.where(scale > 0, err / np.where(scale > 0, scale, 1), err), initial=0.0))


def scaled_diff(a: np.ndarray, b: np.ndarray) -> float:
    """max |a − b| / max |b|: the error relative to the largest number compared."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def nudged(opt: Optimizer) -> Optimizer:
    """``opt`` seeing ∇L off by an ulp or two at every step, as the browser's sin, exp or tanh may be."""

    def update(g, state, w, loss):
        return opt.update((g[0] * (1 + NUDGE), g[1] * (1 - NUDGE)), state, w, loss)

    return Optimizer(opt.init, update)


def well_conditioned(loss, start, lr: float, optimizer: str, run) -> bool:
    """Whether ulp-sized errors in ∇L stay far below AGREE over the compared iterates: a run that
    amplifies them (an oscillation past stability, Newton through an indefinite Hessian) cannot
    agree between two correct implementations whose elementary functions round differently."""
    other = descend_with(loss, start, nudged(make_optimizer(optimizer, lr)), COMPARED, 1e-8, optimizer=optimizer, lr=lr)
    n = min(len(other.path), len(run.path))
    return rel_diff(other.path[:n], run.path[:n]) <= AGREE / 10


def agreement(page) -> dict:
    """engine.js against ``descend`` over ``cases()``, in ``page`` (see ``load_engine``).

    Returns ``max_rel_diff`` (iterates, the issue's figure) and ``max_rel_diff_lg`` (L and ∇L,
    relative to their size along the run: near a minimum ∇L is a difference of much larger
    terms, and one ulp of a term is a large part of it) over the first 50 iterates of the
    ``smooth`` runs (not diverged, well conditioned), ``max_rel_diff_all`` over every run that did
    not diverge, and ``mismatches``: the cases that differ in status, or, when smooth, in steps
    or beyond ``AGREE``.
    """
    runs, specs = [], []
    for label, loss, start, lr, optimizer in cases():
        run = descend(loss, start, lr=lr, steps=300, optimizer=optimizer)
        runs.append((f"{label} {optimizer} α={lr:g}", run, well_conditioned(loss, start, lr, optimizer, run)))
        specs.append(preview_spec(loss, start, lr, 300, optimizer, 1e-8, {}))
    out = {"runs": len(runs), "smooth": 0, "max_rel_diff": 0.0, "max_rel_diff_lg": 0.0, "max_rel_diff_all": 0.0}
    mismatches = []
    for (case, run, conditioned), got in zip(runs, browser_runs(page, specs)):
        if got is None or got["status"] != run.status:
            mismatches.append(case)
            continue
        if run.status == "diverged":
            continue
        n = min(COMPARED + 1, len(run.path))
        diff = rel_diff(got["path"][:n], run.path[:n])
        out["max_rel_diff_all"] = max(out["max_rel_diff_all"], diff)
        if not conditioned:
            continue
        out["smooth"] += 1
        lg = max(scaled_diff(got["values"][:n], run.values[:n]), scaled_diff(got["gradients"][:n], run.gradients[:n]))
        if diff > AGREE or lg > AGREE or got["steps"] != run.steps:
            mismatches.append(case)
        out["max_rel_diff"] = max(out["max_rel_diff"], diff)
        out["max_rel_diff_lg"] = max(out["max_rel_diff_lg"], lg)
    return {**out, "mismatches": mismatches}


def test_every_loss_and_optimizer_agrees_with_the_core(page) -> None:
    found = agreement(page)
    print(f"\nengine agreement: {json.dumps(found)}")
    assert found["mismatches"] == []
    assert found["smooth"] >= 0.75 * found["runs"]


@pytest.mark.parametrize("name, lr, optimizer", DIVERGING)
def test_a_diverging_run_diverges_in_the_browser_at_the_same_step(page, name: str, lr: float, optimizer: str) -> None:
    loss = LOSSES[name] if name in LOSSES else parse_loss(name)
    start = start_of(loss)
    run = descend(loss, start, lr=lr, steps=1000, optimizer=optimizer)
    assert run.status == "diverged"
    (got,) = browser_runs(page, [preview_spec(loss, start, lr, 1000, optimizer, 1e-8, {})])
    assert (got["status"], got["steps"], got["reason"]) == (run.status, run.steps, run.reason)


def evaluation_losses() -> list[tuple[str, object]]:
    piecewise = Loss("custom", sp.Piecewise((X**2, X > 0), (-(X**3), True)) + sp.Abs(Y) * Y, ((-1, 1), (-1, 1)))
    return [*LOSSES.items(), *((text, parse_loss(text)) for text in FORMULAS), ("piecewise", piecewise)]


def test_the_generated_code_computes_what_the_core_computes(page) -> None:
    """L, ∇L and the Hessian at points over each view: the same numbers, to the last bit where the
    browser's elementary functions round as numpy's (sums, products, pow, sqrt, sin, cos)."""
    grid = np.linspace(0.05, 0.95, 4)
    checks, exact, worst = [], 0, 0.0
    for label, loss in evaluation_losses():
        (x0, x1), (y0, y1) = loss.bounds
        xs, ys = np.meshgrid(x0 + grid * (x1 - x0), y0 + grid * (y1 - y0))
        points = np.column_stack([xs.ravel(), ys.ravel()])
        checks.append((label, loss, points))
    got = json.loads(
        page.evaluate(
            """cases => JSON.stringify(cases.map(([code, points]) => {
                const loss = engine.compileLoss(code);
                return points.map(([x, y]) => [loss.value(x, y), ...loss.gradient(x, y), ...loss.hessian(x, y)]);
            }))""",
            [[loss_code(loss), points.tolist()] for _, loss, points in checks],
        )
    )
    for (label, loss, points), numbers in zip(checks, got):
        # on Python floats, as descend evaluates them (numpy's vectorised pow rounds differently)
        want = np.array(
            [[loss.fast_value(x, y), *loss.fast_gradient(x, y), *loss.fast_hessian(x, y)] for x, y in points.tolist()]
        )
        numbers = np.asarray(numbers, dtype=float)
        exact += int(np.array_equal(numbers, want))
        diff = float(np.max(np.abs(numbers - want) / np.maximum(np.abs(want), 1e-300)))
        assert diff <= 1e-13, label
        worst = max(worst, diff)
        if label in LOSSES:
            assert np.array_equal(numbers, want), label  # only + − × ÷, pow, sin and cos
    print(f"\ngenerated code: {exact} of {len(checks)} losses bit for bit, max rel diff {worst:.3g}")


def test_what_descend_refuses_or_the_engine_does_not_know_is_left_to_the_server(page) -> None:
    spec = preview_spec(LOSSES["booth"], (1, 1), 0.01, 10)
    got = page.evaluate(
        """spec => [
            engine.descend(spec, [1, 1], 0), engine.descend(spec, [1, 1], -1), engine.descend(spec, [1, 1], NaN),
            engine.descend(spec, [NaN, 1]), engine.descend(spec, [1, Infinity]),
            engine.descend({...spec, optimizer: "lbfgs"}), engine.descend({...spec, rule: "other"}),
            engine.descend(spec, [2, 3], 0.02).path[0], engine.descend(spec).path[0],
        ]""",
        spec,
    )
    assert got == [None] * 7 + [[2, 3], [1, 1]]
