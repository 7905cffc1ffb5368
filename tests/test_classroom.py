"""The classroom pages and the core they stand on: α sweeps, stochastic gradients, the saddle
demonstration, basins of attraction, the optimizer race."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from support import viewer_payload

import gdviz
from gdviz import figures, ui
from gdviz.analysis import DIVERGED_LABEL, basins, saddle_starts
from gdviz.descent import sweep_lr
from gdviz.i18n import set_language

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ["pages/learning_rate.py", "pages/optimizers.py", "pages/stationary_points.py", "pages/basins.py"]


def test_a_sweep_row_is_exactly_that_alphas_run():
    loss = gdviz.get_loss("rosenbrock")
    lrs = np.geomspace(1e-4, 5e-3, 12)
    runs = sweep_lr(loss, (-1.5, 2.0), lrs, steps=400, tol=1e-6)
    for i, lr in enumerate(lrs):
        one = gdviz.descend(loss, (-1.5, 2.0), lr=lr, steps=400, tol=1e-6)
        assert runs.status[i] == one.status and runs.steps[i] == one.steps
        np.testing.assert_array_equal(runs.final[i], one.final)
    with pytest.raises(ValueError):
        sweep_lr(loss, (0, 0), [0.1, -1.0])


def test_the_sweep_diverges_exactly_past_two_over_lambda_max():
    loss = gdviz.get_loss("quadratic", a=1, b=10)
    theory = gdviz.step_size_theory(loss)
    lrs = np.geomspace(1e-3, 0.5, 300)
    runs = sweep_lr(loss, (-2.5, 2.0), lrs, steps=3000)
    # just past 2/λmax the error grows by |1 − αλmax| ≈ 1.02 a step: slowly, but it blows up
    below, above = lrs < theory.lr_max * (1 - 1e-9), lrs > theory.lr_max * 1.01
    assert not np.any(runs.status[below] == "diverged")
    assert np.all(runs.status[above] == "diverged")
    # the fastest α is α* = 2/(λmin + λmax): fewest steps among those that converged
    converged = runs.status == "converged"
    best = lrs[converged][np.argmin(runs.steps[converged])]
    assert best == pytest.approx(theory.lr_best, rel=0.05)
    fig = figures.sweep_figure(lrs, runs, theory)
    marks = sorted(s.x0 for s in fig.layout.shapes if s.type == "line")
    assert marks == pytest.approx(sorted([theory.lr_max] * 2 + [theory.lr_best] * 2))


def test_stochastic_gradients_are_seeded_and_zero_noise_is_plain_gd():
    loss = gdviz.get_loss("quadratic")
    plain = gdviz.descend(loss, (-2.5, 2.0), lr=0.05, steps=60)
    np.testing.assert_array_equal(gdviz.descend(loss, (-2.5, 2.0), lr=0.05, steps=60, noise=0.0).path, plain.path)
    a = gdviz.descend(loss, (-2.5, 2.0), lr=0.05, steps=60, noise=0.5, seed=3)
    b = gdviz.descend(loss, (-2.5, 2.0), lr=0.05, steps=60, noise=0.5, seed=3)
    c = gdviz.descend(loss, (-2.5, 2.0), lr=0.05, steps=60, noise=0.5, seed=4)
    np.testing.assert_array_equal(a.path, b.path)
    assert not np.array_equal(a.path, c.path) and not np.array_equal(a.path, plain.path)
    # the jitter is the noise: the first step is −α(∇L + σξ) with ξ the seed's first two normals
    xi = np.random.default_rng(3).standard_normal(2)
    np.testing.assert_allclose(a.path[1], a.path[0] - 0.05 * (a.gradients[0] + 0.5 * xi), rtol=1e-12)
    many = gdviz.descend_many(loss, np.array([[-2.5, 2.0]]), lr=0.05, steps=60, noise=0.5, seed=3)
    np.testing.assert_array_equal(many.path[0], a.path)
    with pytest.raises(ValueError):
        gdviz.descend(loss, (0, 0), lr=0.1, noise=-1.0)


def test_the_saddle_demonstration_ends_as_the_page_says():
    loss = gdviz.get_loss("saddle")
    saddle = next(p for p in gdviz.stationary_points(loss) if p.kind == "saddle")
    on, off = saddle_starts(loss, saddle, 1.4)
    assert off[1] - on[1] == pytest.approx(1e-6) or off[0] - on[0] == pytest.approx(1e-6)
    stays = gdviz.descend(loss, on, lr=0.1, steps=300)
    assert stays.status == "converged" and np.hypot(*stays.final) < 1e-8
    escapes = gdviz.descend(loss, off, lr=0.1, steps=300)
    assert escapes.status == "diverged" and abs(escapes.final[1]) > 1.0
    grows = np.abs(escapes.path[1:40, 1] / escapes.path[:39, 1])
    np.testing.assert_allclose(grows, 1.2)  # |1 − αλ| = |1 − 0.1·(−2)| per step
    newton = gdviz.descend(loss, off, lr=1.0, steps=300, optimizer="newton")
    assert newton.status == "converged" and np.hypot(*newton.final) < 1e-12
    runs, story = ui.saddle_demonstration(loss, gdviz.stationary_points(loss), 0.1, 300, figures.View(loss.bounds))
    assert "converged" in story and "at the saddle" in story and "diverged" in story


def test_basins_on_himmelblau_find_its_four_minima():
    loss = gdviz.get_loss("himmelblau")
    b = basins(loss, n=80, lr=0.01, steps=500, tol=1e-6)
    assert len(b.minima) == 4
    for known in loss.minima:
        assert min(np.hypot(known[0] - m[0], known[1] - m[1]) for m in b.minima) < 1e-6
    shares = [np.mean(b.label == i) for i in range(4)]
    assert all(s > 0.15 for s in shares) and sum(shares) > 0.95
    # a start's label is where its own descent ends
    j, i = 17, 61
    run = gdviz.descend(loss, (b.xs[i], b.ys[j]), lr=0.01, steps=500, tol=1e-6)
    assert np.hypot(*(run.final - b.minima[b.label[j, i]])) < 1e-4
    too_big = basins(loss, n=20, lr=0.5, steps=50)
    assert np.all(too_big.label == DIVERGED_LABEL)
    fig = figures.basins_figure(b)
    heat = fig.data[0]
    assert heat.type == "heatmap" and np.asarray(heat.z).dtype == np.uint8  # a small payload


def test_the_race_gives_newton_a_third_of_the_steps_on_the_same_budget():
    loss = gdviz.get_loss("rosenbrock")
    entrants = [ui.Entrant("gd", 0.001, {}), ui.Entrant("newton", 1.0, {})]
    runs = ui.race(loss, (-1.5, 2.0), entrants, 30, 1e-12, True, 0.0, 0)
    assert runs[0].steps == 30 and runs[0].status == "max_steps"
    assert runs[1].steps <= 10 and (runs[1].steps == 10 or runs[1].status == "converged")
    slow = [ui.Entrant("newton", 0.05, {})]  # damped Newton: a long way to go
    assert ui.race(loss, (-1.5, 2.0), slow, 30, 1e-12, True, 0.0, 0)[0].steps == 10
    assert ui.race(loss, (-1.5, 2.0), slow, 30, 1e-12, False, 0.0, 0)[0].steps == 30


def _page(page: str, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _viewer(at: AppTest) -> dict:
    found = [e for e in at.main if getattr(e, "type", None) == "bidi_component"]
    return viewer_payload(found[0])


@pytest.mark.parametrize("page", PAGES)
def test_each_page_runs_with_its_defaults(page):
    at = _page(page)
    assert at.title and at.markdown  # says what it shows


def test_the_lab_runs_the_linked_learning_rates():
    at = _page("pages/learning_rate.py", lr1="0.001", lr2="0.1", lr3="0.25")
    names = {t["t"]["name"] for t in _viewer(at)["contour"]["traces"] if "t" in t}
    assert {"path Wᵗ (α = 0.001)", "path Wᵗ (α = 0.1)", "path Wᵗ (α = 0.25)"} <= names
    texts = " ".join(m.value for m in at.markdown)
    assert "α = 0.25**: diverged" in texts and "α = 0.1**: converged" in texts
    at.button(key="lab_preset").click().run()
    values = [at.sidebar.number_input(key=k).value for k in ("lr1", "lr2", "lr3")]
    _check_lab_presets(gdviz.get_loss("quadratic"), (-2.5, 2.0), values, steps=300)
    texts = " ".join(m.value for m in at.markdown)
    assert f"α = {values[1]:g}**: converged" in texts and f"α = {values[2]:g}**: diverged" in texts
    # on this quadratic, the fastest α of the runs is α* = 2/(λmin + λmax)
    assert values[1] == pytest.approx(gdviz.step_size_theory(gdviz.get_loss("quadratic")).lr_best, rel=0.05)


def _check_lab_presets(loss, start, values, steps):
    """Too small: slow; about right: converges to a minimum, fastest; too large: diverges (by runs)."""
    small, right, large = (gdviz.descend(loss, start, lr=lr, steps=steps) for lr in values)
    assert right.status == "converged" and right.kind == "minimum"
    assert small.status == "max_steps" or (small.status == "converged" and small.steps >= 3 * right.steps)
    assert large.status == "diverged"
    assert values[0] <= values[1] / 10 and values[2] > values[1]


@pytest.mark.parametrize("name", sorted(gdviz.LOSSES))
def test_the_lab_presets_do_what_their_names_say_on_every_loss(name):
    loss, start = gdviz.get_loss(name), ui.PRESETS[name].start
    values = ui.lab_presets(loss, start, ui.theory_or_none(loss), 300, 1e-8)
    if name in ("rosenbrock", "beale", "saddle", "monkey_saddle"):  # nothing reaches a minimum in 300 steps
        assert values is None
    else:
        _check_lab_presets(loss, start, values, steps=300)


def test_the_lab_opens_with_its_preset_for_the_default_view():
    f = ui.FIELDS
    loss, start = gdviz.get_loss(f["loss"].default), (f["x0"].default, f["y0"].default)
    preset = ui.lab_presets(loss, start, ui.theory_or_none(loss), f["steps"].default, f["tol"].default)
    assert preset == (f["lr1"].default, f["lr2"].default, f["lr3"].default)


def test_the_lab_says_so_when_no_preset_fits():
    at = _page("pages/learning_rate.py", loss="saddle")
    before = [at.sidebar.number_input(key=k).value for k in ("lr1", "lr2", "lr3")]
    at.button(key="lab_preset").click().run()
    assert [at.sidebar.number_input(key=k).value for k in ("lr1", "lr2", "lr3")] == before
    assert any("No α from this W⁰" in w.value for w in at.sidebar.warning)


def test_the_lab_verdict_at_two_over_lambda_max_is_an_endless_oscillation():
    theory = gdviz.step_size_theory(gdviz.get_loss("quadratic"))  # λmax = 10
    assert ui.verdict(theory, 0.2) == "oscillates forever"
    assert (ui.verdict(theory, 0.19), ui.verdict(theory, 0.21)) == ("converges", "diverges")


def test_the_race_runs_the_linked_optimizers():
    at = _page("pages/optimizers.py", race=["gd", "nesterov", "rmsprop"], budget="true")
    table = at.dataframe[0].value
    assert list(table["optimizer"]) == ["gd", "nesterov", "rmsprop"]
    assert {"status", "steps", "final L", "distance to the nearest minimum"} <= set(table.columns)


def test_the_stationary_points_page_on_the_saddle():
    at = _page("pages/stationary_points.py", loss="saddle", sp_model="saddle at (0, 0)")
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["saddle"]
    contour = _viewer(at)["contour"]["traces"]
    names = {t["t"]["name"] for t in contour if "t" in t}
    assert {"eigenvector, λ > 0 (curves up)", "eigenvector, λ < 0 (curves down)"} <= names
    assert any(n.startswith("quadratic model at") for n in names)
    story = " ".join(m.value for m in at.markdown)
    assert "gd on the stable direction" in story and "at the saddle" in story


def test_the_basins_page_maps_himmelblau():
    at = _page("pages/basins.py", loss="himmelblau", lr="0.01", grid="60")
    summary = " ".join(c.value for c in at.caption)
    assert "3,600 starts" in summary and summary.count("reach") == 4


def test_pages_warn_about_bad_links():
    at = _page("pages/basins.py", grid="100000")
    assert any("grid=" in w.value for w in at.warning)
    at = _page("pages/learning_rate.py", lr2="-1")
    assert any("lr2=" in w.value for w in at.warning)


def test_a_basins_map_too_big_for_one_page_runs_fewer_steps_and_says_so() -> None:
    at = _page("pages/basins.py", grid="300", steps="5000")
    assert not at.exception
    assert any("more than one map may ask for" in w.value for w in at.warning)
    assert at.get("plotly_chart")


def test_the_saddle_demonstration_says_one_step_in_the_singular():
    at = AppTest.from_file(str(Path(APP).parent / "pages" / "stationary_points.py"), default_timeout=60)
    at.session_state["lang"] = "pt"
    at.query_params["loss"] = "saddle"
    try:
        at.run()
    finally:
        set_language("en")
    assert not at.exception
    story = " ".join(m.value for m in at.markdown)
    assert "após 1 passo," in story  # Newton lands on the saddle of x² − y² in one step
    assert "1 passos" not in story
