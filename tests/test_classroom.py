"""The classroom pages and the core they stand on: α sweeps, stochastic gradients, the saddle
demonstration, basins of attraction, the optimizer race."""

from __future__ import annotations

import re

import numpy as np
import pytest
from support import open_page, viewer_data

import gdviz
from gdviz import charts, figures, stability
from gdviz.analysis import DIVERGED_LABEL, basins, basins_summary, saddle_demo, whole_percents
from gdviz.app import fields
from gdviz.descent import Entrant, descend_on_budget, race, sweep_lr
from gdviz.i18n import set_language

# Each test is marked with its tier: unit (the library), app (AppTest, or gdviz.app's sections,
# which import Streamlit: they are imported inside those tests).
PAGES = ["pages/learning_rate.py", "pages/optimizers.py", "pages/stationary_points.py", "pages/basins.py"]


@pytest.mark.unit
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


@pytest.mark.unit
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
    fig = charts.sweep_figure(lrs, runs, theory)
    marks = sorted(s.x0 for s in fig.layout.shapes if s.type == "line")
    assert marks == pytest.approx(sorted([theory.lr_max] * 2 + [theory.lr_best] * 2))


@pytest.mark.unit
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


@pytest.mark.unit
def test_the_saddle_demonstration_ends_as_the_page_says():
    loss = gdviz.get_loss("saddle")
    saddle = next(p for p in gdviz.stationary_points(loss) if p.kind == "saddle")
    demo = saddle_demo(loss, saddle, 1.4)
    np.testing.assert_array_equal(demo.on, [1.4, 0.0])  # x² − y²: the stable curve is the w1 axis
    assert demo.off[1] - demo.on[1] == pytest.approx(demo.offset) and demo.lr == pytest.approx(0.25)
    stays, escapes, newton = demo.runs
    assert stays.status == "converged" and np.hypot(*stays.final) <= demo.tol / 2  # ‖∇L‖ = 2‖W‖
    assert escapes.status == "diverged" and abs(escapes.final[1]) > 1.0
    grows = np.abs(escapes.path[1:40, 1] / escapes.path[:39, 1])
    np.testing.assert_allclose(grows, 1.5)  # |1 − αλ| = |1 − 0.25·(−2)| per step
    assert newton.status == "converged" and np.hypot(*newton.final) < 1e-12
    assert escapes.trend == "escaping"  # L → −∞ on x² − y²: "escaped", not "diverged"


@pytest.mark.app
def test_the_saddle_demonstration_works_at_every_saddle_the_page_suggests():
    from gdviz.app.sections import stationary_points

    for name in stationary_points.SADDLE_LOSSES:
        loss = gdviz.get_loss(name)
        for saddle in gdviz.stationary_points(loss):
            if saddle.kind == "saddle":
                _check_saddle_demo(loss, saddle, stationary_points.SADDLE_DISTANCE)


def _check_saddle_demo(loss, saddle, part):
    (x0, x1), (y0, y1) = loss.bounds
    distance = part * min(x1 - x0, y1 - y0)
    demo = saddle_demo(loss, saddle, distance)
    point = np.asarray(saddle.point)
    values, vectors = np.linalg.eigh(loss.hessian(*point))
    stable, unstable = vectors[:, 1], vectors[:, 0]
    # the starts: beside the saddle, on its stable eigenvector (up to the bend of the stable
    # curve), the second one a little along the unstable one
    assert abs(np.dot(demo.on - point, stable)) == pytest.approx(distance, rel=1e-9)
    assert abs(np.dot(demo.on - point, unstable)) < 1e-2 * distance
    np.testing.assert_allclose(demo.off - demo.on, demo.offset * unstable, atol=1e-12)
    assert 0 < demo.offset <= distance / 50
    # α from the curvature: no direction at the saddle overshoots
    assert demo.lr * np.max(np.abs(values)) < 1
    stays, escapes, newton = demo.runs
    near = 1e-4 * (x1 - x0)  # what the page calls "at the saddle"
    assert stays.status == "converged" and np.linalg.norm(stays.final - point) < near, stays.message
    assert np.linalg.norm(escapes.final - point) > distance
    assert newton.status == "converged" and np.linalg.norm(newton.final - point) < near


@pytest.mark.app
def test_the_pages_saddle_demonstration_names_the_losses_it_suggests():
    from gdviz.app.sections import stationary_points

    loss = gdviz.get_loss("quadratic")
    runs, story = stationary_points.saddle_demonstration(loss, None, None, figures.View(loss.bounds))
    assert runs == [] and all(f"**{name}**" in story for name in stationary_points.SADDLE_LOSSES)


@pytest.mark.unit
def test_the_basins_summary_does_not_call_a_run_into_a_saddle_not_converged():
    # x² − y² on a grid with a row on the w1 axis: those starts converge, at the saddle (no minimum)
    loss = gdviz.get_loss("saddle")
    b = basins(loss, ((-1.0, 1.0), (-1.0, 1.0)), n=5, lr=0.1, steps=300, tol=1e-6)
    into_saddle = [
        (x, y) for x in b.xs for y in b.ys if gdviz.descend(loss, (x, y), lr=0.1, steps=300, tol=1e-6).kind == "saddle"
    ]
    assert into_saddle and np.mean(b.label == -1) > 0
    said = basins_summary(b) + " " + " ".join(str(d.name) for d in charts.basins_figure(b).data)
    assert "not converged" not in said and "reach no minimum" in said


@pytest.mark.unit
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
    fig = charts.basins_figure(b)
    heat = fig.data[0]
    assert heat.type == "heatmap" and np.asarray(heat.z).dtype == np.uint8  # a small payload


@pytest.mark.unit
def test_a_run_counts_the_evaluations_its_optimizer_makes():
    loss = gdviz.get_loss("rosenbrock")
    gd = gdviz.descend(loss, (-1.5, 2.0), lr=0.001, steps=20)
    np.testing.assert_array_equal(gd.evaluations, np.column_stack([np.arange(1, 22), np.zeros(21), np.zeros(21)]))
    newton = gdviz.descend(loss, (-1.5, 2.0), lr=0.5, steps=20, optimizer="newton")
    np.testing.assert_array_equal(newton.evaluations[:, 1], np.arange(newton.steps + 1))  # one Hessian a step
    # Armijo: L(W⁰) once, then each step evaluates L at α = lr, lr/2, … until one is accepted
    # (whose L is the next L(W)); the accepted α is the step's length over ‖∇L‖, which the path shows
    search = gdviz.descend(loss, (-1.5, 2.0), lr=1.0, steps=20, optimizer="linesearch")
    accepted = np.linalg.norm(np.diff(search.path, axis=0), axis=1) / search.grad_norms[:-1]
    trials = np.rint(np.log2(1.0 / accepted)).astype(int) + 1
    np.testing.assert_array_equal(search.evaluations[:, 2], np.concatenate([[0], 1 + np.cumsum(trials)]))
    np.testing.assert_array_equal(search.evaluations[:, :2], gd.evaluations[:, :2])
    np.testing.assert_array_equal(search.cost(), search.evaluations[:, 0] + search.evaluations[:, 2])


@pytest.mark.unit
@pytest.mark.parametrize("name, lr", [("gd", 0.001), ("newton", 0.05), ("linesearch", 1.0), ("adam", 0.05)])
def test_the_same_budget_stops_a_run_before_its_cost_passes_the_budget(name, lr):
    loss = gdviz.get_loss("rosenbrock")
    budget = 60
    run = descend_on_budget(loss, (-1.5, 2.0), budget, lr=lr, optimizer=name, tol=1e-12)
    longer = gdviz.descend(loss, (-1.5, 2.0), lr=lr, steps=budget, optimizer=name, tol=1e-12)
    assert run.cost()[-1] <= budget < longer.cost()[run.steps + 1]
    np.testing.assert_array_equal(run.path, longer.path[: run.steps + 1])
    assert run.status == "max_steps"
    with pytest.raises(ValueError):
        descend_on_budget(loss, (0, 0), 0)


@pytest.mark.unit
def test_the_race_on_the_same_budget_counts_the_line_searchs_trials():
    loss = gdviz.get_loss("rosenbrock")
    entrants = [Entrant("gd", 0.001, {}), Entrant("newton", 0.05, {}), Entrant("linesearch", 1.0, {})]
    gd, newton, search = race(loss, (-1.5, 2.0), entrants, 30, 1e-12, True, 0.0, 0)
    assert gd.steps == 29  # W⁰'s gradient and one a step: 30
    assert newton.steps == 9  # 1 + 3 a step (∇L and a Hessian at 2)
    # L(W⁰), then 11 trials a step here: 3 + 23 = 26 ≤ 30 after two steps, a third would pass it
    assert search.steps == 2 and search.evaluations[-1, 2] == 23
    assert [r.steps for r in race(loss, (-1.5, 2.0), entrants, 30, 1e-12, False, 0.0, 0)] == [30, 30, 30]


@pytest.mark.app
@pytest.mark.parametrize("page", PAGES)
def test_each_page_runs_with_its_defaults(page):
    at = open_page(page)
    assert at.title and at.markdown  # says what it shows


@pytest.mark.app
def test_the_lab_runs_the_linked_learning_rates():
    at = open_page("pages/learning_rate.py", lr1="0.001", lr2="0.1", lr3="0.25")
    names = {t["t"]["name"] for t in viewer_data(at)["contour"]["traces"] if "t" in t}
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


@pytest.mark.app
@pytest.mark.parametrize("name", sorted(gdviz.LOSSES))
def test_the_lab_presets_do_what_their_names_say_on_every_loss(name):
    from gdviz.app.sections import learning_rate

    loss, start = gdviz.get_loss(name), fields.PRESETS[name].start
    values = learning_rate.lab_presets(loss, start, stability.theory_or_none(loss), 300, 1e-8)
    if name in ("rosenbrock", "beale", "saddle", "monkey_saddle"):  # nothing reaches a minimum in 300 steps
        assert values is None
    else:
        _check_lab_presets(loss, start, values, steps=300)


@pytest.mark.app
def test_the_lab_opens_with_its_preset_for_the_default_view():
    from gdviz.app.sections import learning_rate

    f = fields.FIELDS
    loss, start = gdviz.get_loss(f["loss"].default), (f["x0"].default, f["y0"].default)
    preset = learning_rate.lab_presets(
        loss, start, stability.theory_or_none(loss), f["steps"].default, f["tol"].default
    )
    assert preset == (f["lr1"].default, f["lr2"].default, f["lr3"].default)


@pytest.mark.app
def test_the_lab_says_so_when_no_preset_fits():
    at = open_page("pages/learning_rate.py", loss="saddle")
    before = [at.sidebar.number_input(key=k).value for k in ("lr1", "lr2", "lr3")]
    at.button(key="lab_preset").click().run()
    assert [at.sidebar.number_input(key=k).value for k in ("lr1", "lr2", "lr3")] == before
    assert any("No α from this W⁰" in w.value for w in at.sidebar.warning)


@pytest.mark.unit
def test_the_lab_verdict_at_two_over_lambda_max_is_an_endless_oscillation():
    theory = gdviz.step_size_theory(gdviz.get_loss("quadratic"))  # λmax = 10
    assert theory.verdict(0.2) == "oscillates forever"
    assert (theory.verdict(0.19), theory.verdict(0.21)) == ("converges", "diverges")


@pytest.mark.app
def test_the_race_runs_the_linked_optimizers():
    at = open_page("pages/optimizers.py", race=["gd", "nesterov", "rmsprop"], budget="true")
    table = at.dataframe[0].value
    assert list(table["optimizer"]) == ["gd", "nesterov", "rmsprop"]
    assert {"status", "steps", "final L", "distance to the nearest minimum"} <= set(table.columns)


@pytest.mark.app
def test_the_race_table_shows_what_each_run_spent_on_the_same_budget():
    at = open_page("pages/optimizers.py", race=["gd", "linesearch"], budget="true", steps="40")
    table = at.dataframe[0].value.set_index("optimizer")
    counts = ["cost", "L evaluations", "steps"]
    table[counts] = table[counts].astype(int)
    assert table.loc["gd", "cost"] == 40 and table.loc["linesearch", "cost"] <= 40
    assert table.loc["gd", "L evaluations"] == 0 and table.loc["linesearch", "L evaluations"] > 0
    assert table.loc["linesearch", "steps"] < table.loc["gd", "steps"] == 39
    assert "each run stops before its evaluations cost more than 40" in " ".join(c.value for c in at.caption)


@pytest.mark.app
@pytest.mark.parametrize(
    ("lang", "saddle", "escaped", "escaping"),
    [("en", "saddle point", "escaped", "escaping"), ("pt", "ponto de sela", "escapou", "escapando")],
)
def test_the_race_table_says_how_each_run_ended_as_the_status_boxes_do(lang, saddle, escaped, escaping):
    # x² − y²: from the stable line gd stops at the saddle; just off it gd escapes (L → −∞)
    loss, entrants = gdviz.get_loss("saddle"), [Entrant("gd", 0.08, {}), Entrant("adam", 0.05, {})]
    steps, tol = fields.FIELDS["steps"].default, fields.FIELDS["tol"].default
    for y0, words in (("0", [saddle, saddle]), ("0.001", [escaped, escaping])):
        link = {"loss": "saddle", "x0": "1.5", "y0": y0, "race": ["gd", "adam"]}
        at = open_page("pages/optimizers.py", state={"lang": lang}, **link)
        runs = race(loss, (1.5, float(y0)), entrants, steps, tol, False, 0.0, 0)
        assert [(r.status, r.kind, r.trend) for r in runs] in (
            [("converged", "saddle", ""), ("converged", "saddle", "")],
            [("diverged", "", "escaping"), ("max_steps", "", "escaping")],
        )
        assert list(at.dataframe[0].value.iloc[:, 2]) == words


@pytest.mark.app
def test_the_stationary_points_page_opens_on_a_saddle():
    from gdviz.app.sections import stationary_points

    at = open_page("pages/stationary_points.py")
    assert at.sidebar.selectbox(key="loss").value == stationary_points.SADDLE_DEFAULT_LOSS
    # with its preset, which the other pages carry on with (not the quadratic's W⁰ and α)
    preset = fields.PRESETS[stationary_points.SADDLE_DEFAULT_LOSS]
    assert (at.session_state["x0"], at.session_state["y0"], at.session_state["lr"]) == (*preset.start, preset.lr)
    assert "saddle" in list(at.dataframe[0].value["kind"])
    story = " ".join(m.value for m in at.markdown)
    assert "The saddle at (" in story and "saddle saddle" not in story
    assert "gd on the stable direction**, from" in story and ": converged after" in story
    assert story.count("at the saddle") == 2  # gd on the stable direction and Newton; not the escape
    names = {t["t"]["name"] for t in viewer_data(at)["contour"]["traces"] if "t" in t}
    assert {f"path Wᵗ ({label})" for label in stationary_points.SADDLE_LABELS} <= names


@pytest.mark.app
def test_the_saddle_demonstration_runs_at_the_saddle_the_link_names():
    at = open_page("pages/stationary_points.py", sp_saddle="(-0.128, -1.954)")  # himmelblau's least even saddle
    assert len(at.selectbox(key="sp_saddle").options) == 4
    story = " ".join(m.value for m in at.markdown)
    assert "The saddle at (-0.128, -1.954)" in story and story.count("at the saddle") == 2


@pytest.mark.app
def test_the_stationary_points_page_on_the_saddle():
    at = open_page("pages/stationary_points.py", loss="saddle", sp_model="0,0")  # the link: coordinates
    assert at.selectbox(key="sp_model").options == ["none", "saddle at (0, 0)"]  # the menu: words
    table = at.dataframe[0].value
    assert list(table["kind"]) == ["saddle"]
    contour = viewer_data(at)["contour"]["traces"]
    names = {t["t"]["name"] for t in contour if "t" in t}
    assert {"eigenvector, λ > 0 (curves up)", "eigenvector, λ < 0 (curves down)"} <= names
    assert any(n.startswith("quadratic model at") for n in names)
    # gd off the stable direction escapes: named as the status box names it (L → −∞), not "diverged"
    story = " ".join(m.value for m in at.markdown)
    assert "converged" in story and "at the saddle" in story and "escaped after" in story and "diverged" not in story


@pytest.mark.unit
def test_the_basins_summarys_percentages_add_up_to_100():
    # thirds: 34 + 33 + 33, not 33 + 33 + 33 = 99 (largest remainder)
    assert whole_percents([1, 1, 1]) == [34, 33, 33] and whole_percents([0, 5, 0]) == [
        0,
        100,
        0,
    ]
    rng = np.random.default_rng(0)
    for _ in range(50):
        counts = rng.integers(0, 40, size=rng.integers(2, 7))
        counts[0] += 1
        whole = whole_percents(counts)
        assert sum(whole) == 100 and all(abs(w - 100 * c / counts.sum()) < 1 for w, c in zip(whole, counts))
    from types import SimpleNamespace

    b = SimpleNamespace(label=np.array([0, 1, 2, -1, -2, 0, 1, 2, -1]), minima=[(1, 1), (2, 2), (3, 3)])
    said = basins_summary(b)
    assert sum(int(p) for p in re.findall(r"(\d+)%", said)) == 100, said


@pytest.mark.app
def test_the_basins_page_opens_on_several_basins():
    # "where you start decides where you end": a bowl (one basin, 100%) would not show it
    at = open_page("pages/basins.py", grid="60")
    assert at.sidebar.selectbox(key="loss").value == "himmelblau"
    assert at.sidebar.number_input(key="lr").value == fields.PRESETS["himmelblau"].lr
    summary = next(c.value for c in at.caption if "starts:" in c.value)
    assert "3,600 starts" in summary, summary  # the grid from the link
    reached = [int(share) for share in re.findall(r"(\d+)% reach", summary)]
    assert len(reached) == 4 and min(reached) > 0, summary
    assert sum(int(p) for p in re.findall(r"(\d+)%", summary)) == 100, summary


@pytest.mark.app
def test_pages_warn_about_bad_links():
    at = open_page("pages/basins.py", grid="100000")
    assert any("grid=" in w.value for w in at.warning)
    at = open_page("pages/learning_rate.py", lr2="-1")
    assert any("lr2=" in w.value for w in at.warning)


@pytest.mark.app
def test_a_basins_map_too_big_for_one_page_runs_fewer_steps_and_says_so() -> None:
    at = open_page("pages/basins.py", grid="300", steps="5000")
    assert not at.exception
    assert any("more than one map may ask for" in w.value for w in at.warning)
    assert at.get("plotly_chart")


@pytest.mark.app
def test_the_saddle_demonstration_says_one_step_in_the_singular():
    try:
        at = open_page("pages/stationary_points.py", alone=True, state={"lang": "pt"}, loss="saddle")
    finally:
        set_language("en")
    story = " ".join(m.value for m in at.markdown)
    assert "após 1 passo," in story  # Newton lands on the saddle of x² − y² in one step
    assert "1 passos" not in story


@pytest.mark.app
@pytest.mark.parametrize("lang, after", [("en", "Too small and "), ("pt", "Pequena demais e ")])
def test_the_lab_intro_says_what_crawls_in_words(lang, after):
    # "Too small and $W^{t+1} = …$ crawls" put a formula where a noun should be: the run crawls.
    try:
        at = open_page("pages/learning_rate.py", alone=True, state={"lang": lang})
    finally:
        set_language("en")
    intro = next(m.value for m in at.markdown if after in m.value)
    assert re.search(re.escape(after) + r"[^$\W]", intro), intro


@pytest.mark.app
def test_the_race_opens_with_every_entrant_finishing():
    from gdviz.app.sections import race as race_section

    # with 300 steps momentum and Adam ended "max steps" beside gd's "converged", unexplained
    at = open_page("pages/optimizers.py")
    steps = at.sidebar.number_input(key="steps").value
    tol = at.sidebar.number_input(key="tol").value
    start = (at.sidebar.number_input(key="x0").value, at.sidebar.number_input(key="y0").value)
    entrants = [Entrant(o, fields.FIELDS[f"race_lr_{o}"].default, {}) for o in race_section.RACE_DEFAULT]
    runs = race(gdviz.get_loss("quadratic"), start, entrants, steps, tol, False, 0.0, 0)
    assert [r.status for r in runs] == ["converged"] * len(runs), [r.message for r in runs]
    assert list(at.dataframe[0].value.iloc[:, 2]) == ["converged"] * len(runs)
