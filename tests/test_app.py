"""The app under AppTest: the Explorer runs, links reach the run, bad links warn, α matters.

AppTest runs no JavaScript: the charts are read from the data the page hands the viewer
component (Plotly JSON, each trace sent once and then referenced, as the browser receives it).
"""

from __future__ import annotations

import base64

import numpy as np
import pytest
from support import open_page, viewer_data

import gdviz
from gdviz import i18n
from gdviz.app import fields

pytestmark = pytest.mark.app


class Page:
    """The Explorer under AppTest plus the browser-side cache of the viewer's traces."""

    def __init__(self, **params: str) -> None:
        self.params = params
        self.cache: dict[str, dict] = {}

    def run(self) -> Page:
        """Open the link."""
        self.at = open_page(**self.params)
        return self

    def figures(self) -> dict[str, dict]:
        """The three figures as the browser rebuilds them."""
        data = viewer_data(self.at)
        out = {}
        for name in ("surface", "contour", "curves"):
            packed = data[name]
            traces = []
            for item in packed["traces"]:
                if "t" in item:
                    self.cache[item["h"]] = item["t"]
                traces.append(self.cache[item.get("h") or item["ref"]])
            out[name] = {"data": traces, "layout": packed["layout"]}
        return out

    def trace(self, figure: str, name: str) -> dict:
        traces = [t for t in self.figures()[figure]["data"] if t.get("name") == name]
        assert traces, name
        return traces[0]

    def warnings(self) -> list[str]:
        return [w.value for w in self.at.warning]

    def errors(self) -> list[str]:
        return [e.value for e in self.at.error]


def array(v) -> np.ndarray:
    """A Plotly JSON array (a list, or a base64 typed array) as numpy."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).reshape(v.get("shape", -1))
    return np.asarray(v, dtype=float)


def path_of(page: Page) -> np.ndarray:
    t = page.trace("contour", "path Wᵗ")
    return np.column_stack([array(t["x"]), array(t["y"])])


def test_the_explorer_runs_and_its_charts_carry_surface_path_and_arrows():
    page = Page().run()
    figs = page.figures()
    kinds = {t["type"] for t in figs["surface"]["data"]}
    assert {"surface", "scatter3d"} <= kinds
    names = {t.get("name") for t in figs["surface"]["data"]}
    assert {"L(W)", "∇L (field, uphill, below)", "path Wᵗ", "−∇L(Wᵗ) (step direction, below)", "known minimum"} <= names
    names = {t.get("name") for t in figs["contour"]["data"]}
    assert {"∇L (field, uphill)", "path Wᵗ", "−∇L(Wᵗ) (step direction)", "minimum"} <= names
    assert len(figs["curves"]["data"]) == 2
    path = path_of(page)
    assert tuple(path[0]) == pytest.approx((fields.FIELDS["x0"].default, fields.FIELDS["y0"].default))
    assert page.at.success and "converged" in page.at.success[0].value


def test_a_link_opens_that_run():
    page = Page(loss="saddle", x0="0.5", y0="0.001", lr="0.1", steps="40").run()
    expected = gdviz.descend(gdviz.get_loss("saddle"), (0.5, 0.001), lr=0.1, steps=40)
    path = path_of(page)
    assert tuple(path[0]) == pytest.approx((0.5, 0.001))
    visible = gdviz.figures.visible_path(expected, gdviz.get_loss("saddle").bounds)
    np.testing.assert_allclose(path, expected.path[:visible], rtol=1e-6)
    assert page.at.sidebar.selectbox(key="loss").value == "saddle"


def test_changing_alpha_changes_the_path_and_sends_only_what_changed():
    page = Page().run()
    before = path_of(page)
    page.at.sidebar.number_input(key="lr").set_value(0.02).run()
    assert not page.at.exception
    after = path_of(page)
    assert tuple(after[0]) == tuple(before[0])
    assert len(after) != len(before) or not np.allclose(after, before)
    # the surface did not change: the browser is told to reuse it, not sent it again
    surface_items = viewer_data(page.at)["surface"]["traces"]
    assert "ref" in surface_items[0]


def test_the_slider_and_the_exact_number_move_together():
    page = Page().run()
    page.at.sidebar.select_slider(key="lr_stop").set_value(0.012).run()
    assert page.at.sidebar.number_input(key="lr").value == pytest.approx(0.012)
    page.at.sidebar.number_input(key="lr").set_value(0.0031).run()
    assert page.at.sidebar.select_slider(key="lr_stop").value == pytest.approx(0.003)


@pytest.mark.parametrize(
    ("key", "value"),
    [("lr", "abc"), ("lr", "nan"), ("lr", "1e308"), ("steps", "-5"), ("x0", "inf"), ("loss", "nope"), ("opt", "sgd")],
)
def test_a_bad_link_value_warns_and_uses_the_default(key, value):
    page = Page(**{key: value}).run()
    warned = [w for w in page.warnings() if f"{key}=" in w]
    assert warned, page.warnings()
    assert "default" in warned[0]
    # the page still works, with the default in place
    widget = {"loss": "selectbox", "opt": "selectbox"}.get(key, "number_input")
    assert getattr(page.at.sidebar, widget)(key=key).value == fields.FIELDS[key].default
    assert page.figures()["contour"]["data"]


def test_a_start_outside_the_view_is_said_plainly():
    page = Page(x0="40", y0="0").run()
    assert any("outside the view" in w for w in page.warnings())


def test_a_diverging_alpha_is_explained_and_alpha_star_is_one_click_away():
    page = Page(lr="0.25").run()  # quadratic a=1, b=10: α·λmax = 2.5 > 2
    assert any("will diverge" in e for e in page.errors())
    assert any("diverged" in e for e in page.errors())
    page.at.button(key="use_best_lr").click().run()
    assert page.at.sidebar.number_input(key="lr").value == pytest.approx(2 / 11, rel=1e-5)
    assert not any("will diverge" in e for e in page.errors())


def gauge(at) -> str:
    """Everything the stability gauge says: its bar, and its green or red verdict."""
    texts = [e.proto.text for e in at.get("progress")]
    return " ".join(
        texts + [e.value for e in at.success if "α" in e.value] + [e.value for e in at.error if "α" in e.value]
    )


@pytest.mark.parametrize(
    "lang, stable, unstable",
    [("en", "α = 0.05 is stable", "α = 0.25 will diverge"), ("pt", "α = 0.05 é estável", "α = 0.25 vai divergir")],
)
def test_on_a_quadratic_the_gauge_says_stable_or_unstable_outright(lang, stable, unstable):
    page = Page(lr="0.05", lang=lang).run()  # quadratic a=1, b=10: α·λmax = 0.5
    assert stable in gauge(page.at) and any(stable in e.value for e in page.at.success)
    page = Page(lr="0.25", lang=lang).run()  # α·λmax = 2.5
    assert unstable in gauge(page.at) and any(unstable in e for e in page.errors())


@pytest.mark.parametrize(
    "lang, local, stable, crossed",
    [("en", "local", "stable", "but not along the path: at step {t} "), ("pt", "local", "estável", "no passo {t} ")],
)
def test_on_rosenbrock_the_gauge_says_its_bound_is_local_and_where_the_path_crossed_it(lang, local, stable, crossed):
    # from (0, 0) α·λmax(W⁰) = 1.98 < 2, and yet the run diverges: the curvature grows on the way
    loss, lr = gdviz.get_loss("rosenbrock"), 0.0099
    page = Page(loss="rosenbrock", x0="0", y0="0", lr=str(lr), lang=lang).run()
    run = gdviz.descend(loss, (0.0, 0.0), lr=lr, steps=300)
    assert run.status == "diverged"
    said = gauge(page.at)
    assert f"{local}:" in said and "W⁰ = (0, 0)" in said and stable not in said
    # no green box beside the red "diverged": the gauge warns at the step where α·λmax first reached 2
    assert not any("α·λmax" in e.value for e in page.at.success)
    first = next(t for t, w in enumerate(run.path) if lr * gdviz.step_size_theory(loss, tuple(w)).eigenvalues[1] >= 2)
    warned = [w for w in page.warnings() if "α·λmax = 1.98 < 2" in w]
    assert warned and crossed.format(t=first) in warned[0], page.warnings()


def test_a_local_bound_crossed_at_w0_is_no_red_box_beside_a_run_that_converged():
    # Rosenbrock from (−1, 0) at the preset's α: α·λmax(W⁰) > 2, and yet the run converges
    preset, loss = fields.PRESETS["rosenbrock"], gdviz.get_loss("rosenbrock")
    assert preset.lr * gdviz.step_size_theory(loss, (-1.0, 0.0)).eigenvalues[1] > 2
    run = gdviz.descend(loss, (-1.0, 0.0), lr=preset.lr, steps=preset.steps, tol=preset.tol)
    assert run.status == "converged"
    page = Page(loss="rosenbrock", x0="-1", y0="0").run()
    assert any("converged" in e.value for e in page.at.success)
    assert any("likely to diverge near W⁰" in w for w in page.warnings())
    assert not any("α·λmax" in e for e in page.errors())


@pytest.mark.parametrize("lang, word", [("en", "not offered"), ("pt", "não é oferecido")])
def test_alpha_star_is_offered_only_where_it_is_exact(lang, word):
    # Rosenbrock at (0, 0): α* = 2/(λmin + λmax) of the Hessian there diverges, so no button sets it
    loss = gdviz.get_loss("rosenbrock")
    best = gdviz.step_size_theory(loss, (0.0, 0.0)).lr_best
    assert gdviz.descend(loss, (0.0, 0.0), lr=best, steps=300).status == "diverged"
    page = Page(loss="rosenbrock", x0="0", y0="0", lr="0.001", lang=lang).run()
    assert not [b for b in page.at.button if b.key == "use_best_lr"]
    assert any(f"{best:.4g}" in c.value and word in c.value for c in page.at.caption)
    page = Page(lang=lang).run()  # the quadratic: α* is exact and one click away
    assert [b for b in page.at.button if b.key == "use_best_lr"]


@pytest.mark.parametrize("lang, point", [("en", "★ (the fitted minimum) = ("), ("pt", "★ (o mínimo ajustado) = (")])
def test_the_risk_pages_gauge_names_where_the_hessian_was_taken(lang, point):
    # the page's own script (AppTest runs a page without app.py), in the language the session has
    at = open_page("pages/empirical_risk.py", alone=True, state={"lang": lang}, model="logistic")
    said = gauge(at)
    assert point in said and "W⁰" not in said


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_the_risk_pages_gauge_names_the_fitted_minimum_once_a_sentence(lang):
    at = open_page("pages/empirical_risk.py", alone=True, state={"lang": lang}, model="logistic")
    boxes = [e.value for e in list(at.success) + list(at.warning) + list(at.error) if "α·λmax" in e.value]
    assert boxes and all(box.count("★") == 1 for box in boxes), boxes


NO_OVERSHOOT = {"en": ("do not overshoot", "No step overshoots"), "pt": ("não ultrapassam", "Nenhum passo ultrapassa")}
ZIGZAG = {"en": "zig-zag", "pt": "ziguezague"}


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_the_gauge_says_steps_overshoot_between_one_and_two(lang):
    # 1 < αλmax < 2: the factor 1 − αλmax < 0, each step overshoots (a zig-zag) and yet shrinks;
    # only αλmax ≤ 1 does not overshoot. Rosenbrock's preset is local, the quadratic exact.
    preset, loss = fields.PRESETS["rosenbrock"], gdviz.get_loss("rosenbrock")
    run = gdviz.descend(loss, preset.start, lr=preset.lr, steps=preset.steps, tol=preset.tol)
    assert 1 < gdviz.analysis.path_curvature(loss, run.path, preset.lr).peak < 2
    for page in (Page(loss="rosenbrock", lang=lang).run(), Page(lr="0.15", lang=lang).run()):  # αλmax = 1.5
        said = gauge(page.at)
        assert ZIGZAG[lang] in said and not any(words in said for words in NO_OVERSHOOT[lang]), said
    said = gauge(Page(lr="0.05", lang=lang).run().at)  # quadratic, αλmax = 0.5
    assert NO_OVERSHOOT[lang][1] in said and ZIGZAG[lang] not in said, said


@pytest.mark.parametrize("loss", sorted(gdviz.LOSSES))
def test_every_loss_runs_on_the_page(loss):
    page = Page(loss=loss).run()
    assert page.figures()["surface"]["data"][0]["type"] == "surface"


@pytest.mark.parametrize("opt", sorted(gdviz.OPTIMIZERS))
def test_every_optimizer_runs_on_the_page(opt):
    page = Page(opt=opt, lr="0.01").run()
    assert path_of(page).shape[1] == 2


def test_hyperparameters_reach_the_run():
    page = Page(opt="momentum", momentum_momentum="0.5", lr="0.05", steps="30").run()
    expected = gdviz.descend(
        gdviz.get_loss("quadratic"), (-2.5, 2.0), lr=0.05, steps=30, optimizer="momentum", momentum=0.5
    )
    np.testing.assert_allclose(path_of(page), expected.path, rtol=1e-6)


def test_loss_parameters_reach_the_run_and_the_formula():
    page = Page(quadratic_b="3", steps="20").run()
    expected = gdviz.descend(gdviz.get_loss("quadratic", b=3.0), (-2.5, 2.0), lr=0.08, steps=20)
    np.testing.assert_allclose(path_of(page), expected.path, rtol=1e-6)
    assert any("3 w_{2}^{2}" in m.value.replace("\\frac{3 w_{2}^{2}}{2}", "3 w_{2}^{2}") for m in page.at.main.latex)


def test_the_step_table_is_the_update_rule():
    # its CSV: tests/test_descent.py::test_the_step_tables_csv_is_the_update_rule_in_full
    page = Page(steps="5").run()
    page.at.toggle(key="show_table").set_value(True).run()
    frame = page.at.dataframe[0].value
    assert list(frame.columns)[:3] == ["t", "w1", "w2"] and len(frame) == 6
    assert frame["w1ᵗ⁺¹"].iloc[-1] == "—"  # the last row has no next step: a dash, not None or nan


def test_selectors_show_names_while_the_link_keeps_identifiers():
    page = Page(opt="adam").run()
    menu = page.at.sidebar.selectbox(key="loss")
    assert "Monkey saddle" in menu.options and "monkey_saddle" not in menu.options
    assert page.at.sidebar.selectbox(key="opt").value == "adam"  # from the link, by its identifier
    menu.set_value("monkey_saddle").run()
    assert not page.at.exception
    assert page.at.query_params["loss"] == "monkey_saddle"
    assert page.at.sidebar.selectbox(key="loss").value == "monkey_saddle"


def test_choosing_a_loss_moves_the_start_and_alpha_to_its_preset():
    page = Page().run()
    page.at.sidebar.selectbox(key="loss").set_value("rosenbrock").run()
    preset = fields.PRESETS["rosenbrock"]
    assert (page.at.sidebar.number_input(key="x0").value, page.at.sidebar.number_input(key="y0").value) == preset.start
    assert page.at.sidebar.number_input(key="lr").value == preset.lr
    assert page.at.sidebar.toggle(key="log").value is True
    assert not any("outside the view" in w for w in page.warnings())
    assert tuple(path_of(page)[0]) == pytest.approx(preset.start)


HOSTILE_LINK = {
    "lr": "nan",
    "steps": "-5",
    "loss": "zzz",
    "x0": "1e308",
    "y0": "inf",
    "race": ["bogus", "gd"],
    "data": "../../etc/passwd",
    "model": "evil",
    "grid": "abc",
    "sp_model": "<script>alert(1)</script>",
    "expr": "__import__('os').system('id')",
    "tol": "0",
    "opt": "sgd",
    "quadratic_a": "-1",
    "noise": "-3",
    "seed": "x",
    "lr1": "1e400",
    "batch": "0",
    "epochs": "1e9",
    "scale": "maybe",
    "log": "2",
    "sp_lr": "nan",
    "sp_saddle": "(1e999, nan)",
    "rx0": "nan",
}
PAGES = [
    "pages/explorer.py",
    "pages/custom_loss.py",
    "pages/learning_rate.py",
    "pages/optimizers.py",
    "pages/stationary_points.py",
    "pages/basins.py",
    "pages/empirical_risk.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_a_hostile_link(page):
    at = open_page(page, **HOSTILE_LINK)
    warned = " ".join(w.value for w in at.warning)
    for key in ("lr", "steps", "loss", "x0", "opt", "tol"):
        assert f"{key}=" in warned, key
    assert at.title  # the page itself is there


def test_a_link_holds_only_what_differs_from_the_defaults():
    page = Page().run()
    assert dict(page.at.query_params) == {}
    page.at.button(key="use_best_lr").click().run()  # α* = 2/11 through a callback
    assert dict(page.at.query_params) == {"lr": "0.181818"}


@pytest.mark.parametrize("name", sorted(gdviz.LOSSES))
def test_every_presets_gauge_is_green_on_the_page(name):
    page = Page(loss=name).run()
    assert any("α·λmax" in e.value and "< 2" in e.value for e in page.at.success), gauge(page.at)
    assert not any("α·λmax" in w for w in page.warnings() + page.errors())


def test_a_link_that_names_only_a_loss_gets_its_preset_and_the_values_it_gives_win():
    preset = fields.PRESETS["himmelblau"]
    page = Page(loss="himmelblau").run()
    sidebar = page.at.sidebar
    assert (sidebar.number_input(key="x0").value, sidebar.number_input(key="y0").value) == preset.start
    assert sidebar.number_input(key="lr").value == preset.lr
    assert sidebar.select_slider(key="lr_stop").value == fields.nearest_lr_stop(preset.lr)
    assert page.at.success and "converged" in page.at.success[0].value
    assert not page.errors()

    page = Page(loss="himmelblau", lr="0.02", y0="1").run()
    sidebar = page.at.sidebar
    assert sidebar.number_input(key="lr").value == 0.02 and sidebar.number_input(key="y0").value == 1
    assert sidebar.number_input(key="x0").value == preset.start[0]

    preset = fields.PRESETS["rosenbrock"]
    page = Page(loss="rosenbrock", steps="100").run()
    sidebar = page.at.sidebar
    assert sidebar.number_input(key="steps").value == 100
    assert sidebar.number_input(key="tol").value == preset.tol and sidebar.toggle(key="log").value is True
    assert sidebar.number_input(key="lr").value == preset.lr
    assert not page.errors()  # the stability gauge: no "likely to diverge"


@pytest.mark.parametrize(
    ("link", "box", "english", "portuguese"),
    [
        # gd slides into the saddle of x² − y² along the w1 axis: converged, but not to a minimum
        (
            {"loss": "saddle", "x0": "1.5", "y0": "0", "lr": "0.1"},
            "warning",
            "saddle point, not a minimum",
            "ponto de sela",
        ),
        # 10⁻² off the axis the run escapes downhill for ever: a warning, not a red "diverged"
        ({"loss": "saddle", "x0": "1.5", "y0": "0.01", "lr": "0.1", "steps": "1000"}, "warning", "escaped", "escapou"),
        # α = 2/λmax on the bowl (λmax = 10)
        ({"lr": "0.2"}, "warning", "oscillating forever", "oscilando para sempre"),
        ({"lr": "0.2015", "steps": "300"}, "error", "diverging", "divergindo"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "pt"])
def test_the_status_box_says_what_the_run_did(link, box, english, portuguese, lang):
    page = Page(lang=lang, **link).run()
    shown = [e.value for e in getattr(page.at, box)]
    expected = english if lang == "en" else portuguese
    assert any(expected in text for text in shown), shown
    assert all("λmax" in box.value for box in page.at.success)  # only the stability gauge is green
    assert not any("Raise the steps" in text or "Aumente os passos" in text for text in page.warnings())


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_a_runs_outcome_is_said_once(lang):
    """Not "converged — converged after 12 steps": the run lines and the status box say it once."""
    explorer = Page(lang=lang).run().at  # the quadratic's preset converges
    # full batch converges below 2/λmax ≈ 0.74
    risk = open_page("pages/empirical_risk.py", alone=True, state={"lang": lang}, data="line", lr="0.4")
    i18n.set_language(lang)
    try:
        word = gdviz.runs.status_name("converged")
        heads = [gdviz.runs.status_name(s) for s in gdviz.runs.STATUSES]
    finally:
        i18n.set_language("en")
    lines = [line for m in risk.markdown for line in m.value.splitlines() if line.startswith("- **")]
    assert len(lines) == 2 and word in lines[0], lines  # full batch, then mini-batch
    shown = [explorer.success[0].value, *lines]
    assert [text.lower().count(word) for text in shown] == [1, 1, 1 if word in lines[1] else 0], shown
    assert not [text for text in shown for head in heads if f"{head}** —" in text or f"{head} —" in text], shown


@pytest.mark.parametrize(
    "lang, framed, default", [("en", "around its stationary points", "default view"), ("pt", "em torno", "padrão")]
)
def test_the_custom_views_caption_says_how_the_view_was_chosen(lang, framed, default):
    # 2x + y has no stationary point: its view is the default, not one "around its stationary points"
    def caption(expr: str) -> str:
        at = open_page("pages/custom_loss.py", alone=True, state={"lang": lang}, expr=expr)
        return " ".join(c.value for c in at.caption if "w1" in c.value)

    linear = caption("2*x + y")
    assert default in linear and framed not in linear, linear
    bowl = caption("(x - 1)**2 + y**2")
    assert framed in bowl and default not in bowl, bowl


@pytest.mark.parametrize("lang, converged, jitter", [("en", "converged", "jitter"), ("pt", "convergiu", "oscilam")])
@pytest.mark.parametrize("model", ["logistic", "linear"])
def test_the_risk_pages_default_full_batch_run_reaches_the_fit(model, lang, converged, jitter):
    # with 300 steps the logistic risk's full-batch run stopped at "max steps" far from ★
    try:
        at = open_page("pages/empirical_risk.py", alone=True, state={"lang": lang}, model=model)
    finally:
        i18n.set_language("en")
    lines = next(m.value for m in at.markdown if m.value.startswith("- **"))
    full = lines.splitlines()[0]
    assert converged in full, lines
    # mini-batch SGD at a fixed α does not reach tol: the page says why, not "raise the steps"
    if converged not in lines.splitlines()[1]:
        assert any(jitter in c.value for c in at.caption), [c.value for c in at.caption]
