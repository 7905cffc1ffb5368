"""The empirical risk: data losses, their derivatives, least squares, SGD, uploads, CLI, page."""

from __future__ import annotations

import functools
import io
import json
import re

import numpy as np
import pytest
from support import open_page, viewer_data

import gdviz
from gdviz import i18n
from gdviz.__main__ import main
from gdviz.data import (
    BUILTINS,
    DATASETS_DIR,
    DataError,
    builtin,
    generate,
    least_squares,
    minibatch_sgd,
    read_csv,
    risk,
)

CASES = [(name, spec.model) for name, spec in BUILTINS.items()]


@pytest.mark.unit
@pytest.mark.parametrize("name", list(BUILTINS))
def test_the_shipped_csv_is_what_its_seed_generates(name):
    x, y = generate(name)
    data = builtin(name)
    np.testing.assert_allclose(data.x, x)
    np.testing.assert_allclose(data.y, y)
    assert "seed" in data.source and "Synthetic" in data.source


@pytest.mark.unit
@pytest.mark.parametrize(("name", "model"), CASES)
def test_risk_derivatives_match_central_differences(name, model):
    data = builtin(name)
    for d in (data, data.standardized()):
        loss = risk(d, model)
        (x0, x1), (y0, y1) = loss.bounds
        rng = np.random.default_rng(1)
        for w1, w2 in zip(rng.uniform(x0, x1, 6), rng.uniform(y0, y1, 6)):
            h = 1e-5 * max(1.0, abs(w1), abs(w2))
            num = [
                (loss.value(w1 + h, w2) - loss.value(w1 - h, w2)) / (2 * h),
                (loss.value(w1, w2 + h) - loss.value(w1, w2 - h)) / (2 * h),
            ]
            np.testing.assert_allclose(
                loss.gradient(w1, w2), num, rtol=1e-5, atol=1e-6 * (1 + abs(float(loss.value(w1, w2))))
            )
            hx = (loss.gradient(w1 + h, w2) - loss.gradient(w1 - h, w2)) / (2 * h)
            hy = (loss.gradient(w1, w2 + h) - loss.gradient(w1, w2 - h)) / (2 * h)
            np.testing.assert_allclose(loss.hessian(w1, w2), np.column_stack([hx, hy]), rtol=1e-4, atol=1e-6)


@pytest.mark.unit
def test_the_risk_is_the_mean_of_the_per_sample_loss():
    data = builtin("line")
    loss = risk(data, "linear")
    w1, w2 = 0.7, -1.2
    assert loss.value(w1, w2) == pytest.approx(np.mean((w1 * data.x + w2 - data.y) ** 2))
    logistic = risk(builtin("study_hours"), "logistic")
    d = builtin("study_hours")
    z = 0.3 * d.x - 1.0
    assert logistic.value(0.3, -1.0) == pytest.approx(np.mean(np.log1p(np.exp(z)) - d.y * z))
    xs, ys = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-2, 2, 4))
    grid = loss.value(xs, ys)
    assert grid.shape == (4, 5) and grid[2, 3] == pytest.approx(loss.value(xs[2, 3], ys[2, 3]))


@pytest.mark.unit
def test_gd_reaches_the_lstsq_solution():
    data = builtin("line")
    loss = risk(data, "linear")
    theory = gdviz.step_size_theory(loss)
    assert theory.exact  # the linear risk is a quadratic: its Hessian does not depend on W
    run = gdviz.descend(loss, (0.0, 0.0), lr=theory.lr_best, steps=5000, tol=1e-12)
    expected, *_ = np.linalg.lstsq(np.column_stack([data.x, np.ones_like(data.x)]), data.y, rcond=None)
    np.testing.assert_allclose(run.final, expected, atol=1e-9)
    assert least_squares(data) == pytest.approx(tuple(expected))
    assert loss.minima[0] == pytest.approx(tuple(expected))
    points = gdviz.stationary_points(loss, loss.bounds)
    assert [p.kind for p in points] == ["minimum"] and points[0].point == pytest.approx(tuple(expected), abs=1e-7)


@pytest.mark.unit
def test_centring_and_scaling_each_do_their_part_of_the_conditioning():
    """The linear risk's Hessian is 2·[[mean x², mean x], [mean x, 1]]: centring zeroes the coupling
    (κ = s² is then the ratio of the diagonal), scaling brings mean x² to 1 + x̄²/s², both give 2I."""
    data = builtin("house_prices")
    mean, std = data.x.mean(), data.x.std()
    kappa = {
        (c, s): gdviz.step_size_theory(risk(data.rescaled(c, s), "linear")).condition
        for c in (False, True)
        for s in (False, True)
    }

    def of(m1: float, m2: float) -> float:  # κ of 2·[[m2, m1], [m1, 1]]
        eig = np.linalg.eigvalsh([[m2, m1], [m1, 1.0]])
        return eig[1] / eig[0]

    assert kappa[False, False] == pytest.approx(of(mean, np.mean(data.x**2)), rel=1e-9)
    assert kappa[True, False] == pytest.approx(std**2, rel=1e-9)  # diagonal: s² against 1
    assert kappa[False, True] == pytest.approx(of(mean / std, 1 + (mean / std) ** 2), rel=1e-9)
    assert kappa[True, True] == pytest.approx(1.0)
    assert kappa[False, False] > kappa[True, False] > kappa[False, True] > kappa[True, True]
    centred = risk(data.rescaled(True, False), "linear")
    assert centred.hessian(0.0, 0.0)[0, 1] == pytest.approx(0.0, abs=1e-9)  # slope and intercept decoupled
    assert data.rescaled(False, False) is data
    np.testing.assert_allclose(data.rescaled(False, True).x, data.x / std)
    np.testing.assert_allclose(data.rescaled(True, False).x, data.x - mean)


@pytest.mark.unit
def test_standardizing_turns_the_valley_into_a_bowl():
    data = builtin("house_prices")
    raw, scaled = risk(data, "linear"), risk(data.standardized(), "linear")
    k_raw, k_scaled = gdviz.step_size_theory(raw).condition, gdviz.step_size_theory(scaled).condition
    assert k_raw > 1e4 and k_scaled == pytest.approx(1.0)
    slow = gdviz.descend(raw, (0.0, 0.0), lr=gdviz.step_size_theory(raw).lr_best, steps=5000, tol=1e-6)
    fast = gdviz.descend(scaled, (0.0, 0.0), lr=gdviz.step_size_theory(scaled).lr_best, steps=5000, tol=1e-6)
    assert fast.status == "converged" and fast.steps < 5 and slow.steps == 5000


@pytest.mark.unit
def test_minibatch_sgd_is_seeded_and_uses_the_batch_gradient():
    loss = risk(builtin("line"), "linear")
    a = minibatch_sgd(loss, (0.0, 0.0), 0.1, 8, 5, seed=4)
    b = minibatch_sgd(loss, (0.0, 0.0), 0.1, 8, 5, seed=4)
    c = minibatch_sgd(loss, (0.0, 0.0), 0.1, 8, 5, seed=5)
    np.testing.assert_array_equal(a.path, b.path)
    assert not np.array_equal(a.path, c.path)
    assert a.steps == 5 * 5  # 40 points in batches of 8, five epochs
    # the first step is −α × the mean gradient over the first shuffled batch
    order = np.random.default_rng(4).permutation(40)[:8]
    d = builtin("line")
    g = np.array([np.mean(2 * (0 * d.x[order] + 0 - d.y[order]) * d.x[order]), np.mean(2 * (0 - d.y[order]))])
    np.testing.assert_allclose(a.path[1], -0.1 * g, rtol=1e-12)
    # full batch as one batch per epoch is plain gd
    n = len(d.x)
    full = minibatch_sgd(loss, (0.0, 0.0), 0.1, n, 30, seed=0)
    np.testing.assert_allclose(
        full.path, gdviz.descend(loss, (0.0, 0.0), lr=0.1, steps=30).path, rtol=1e-12, atol=1e-14
    )
    with pytest.raises(ValueError):
        minibatch_sgd(loss, (0, 0), 0.1, 0, 1)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("factor", "ending"), [(None, ("converged", "minimum", "")), (1.2, ("max_steps", "", "rising"))]
)
def test_a_minibatch_run_says_how_it_ended_as_gd_does(factor, ending):
    """With the whole data set in every batch, mini-batch SGD is gd: its run ends the same way and
    says so alike (``Run.kind``, ``Run.trend``), so the page's status lines are true for both."""
    loss = risk(builtin("line"), "linear")
    theory = gdviz.step_size_theory(loss)
    lr = theory.lr_best if factor is None else factor * theory.lr_max  # α* / just past 2/λmax
    sgd = minibatch_sgd(loss, (0.0, 0.0), lr, batch=len(loss.data_x), epochs=30)
    gd = gdviz.descend(loss, (0.0, 0.0), lr=lr, steps=30)
    assert (sgd.status, sgd.kind, sgd.trend) == (gd.status, gd.kind, gd.trend) == ending
    assert sgd.message == gd.message


@pytest.mark.unit
@pytest.mark.parametrize(
    ("content", "model", "message"),
    [
        (b"x,y\n1,2\n2,3\n", "linear", "too few usable rows"),
        (b"\xff\xfe\x00garbage", "linear", "not text"),
        (b"x,y\n" + b"1,1\n" * 30 + b"2,0.5\n", "logistic", "0 or 1"),
        (b"x,y\n" + b"3,1\n3,2\n3,4\n3,5\n3,6\n", "linear", "single value"),
        (b"a" * 1_000_001, "linear", "too large"),
        (b"x,y\nfoo,bar\nbaz,qux\n", "linear", "too few usable rows"),
        (b"x\n1\n2\n3\n4\n5\n6\n", "linear", "single column"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(content, model, message):
    with pytest.raises(DataError, match=message):
        read_csv(content, model)


@pytest.mark.unit
def test_a_spreadsheet_in_portuguese_reads_with_decimal_commas():
    data = read_csv("x;y\n1,5;2,25\n2;3,5\n3,25;4\n4;5\n5;6,75\n")
    assert list(data.x) == [1.5, 2, 3.25, 4, 5] and list(data.y) == [2.25, 3.5, 4, 5, 6.75]
    assert not data.notes
    assert list(read_csv("x,y\n1,2\n2,3\n3,4\n4,5\n5,6\n").x) == [1, 2, 3, 4, 5]  # commas still separate


@pytest.mark.unit
def test_an_upload_drops_and_counts_unusable_rows():
    text = "hours;passed\n1;0\n2;0\n;1\n3;nan\n4;1\n5;inf\nx;1\n6;1\n7;0\n__import__('os');1\n"
    data = read_csv(text, "logistic")
    assert list(data.x) == [1, 2, 4, 6, 7] and list(data.y) == [0, 0, 1, 1, 0]
    assert data.notes and "5 rows" in data.notes[0]


@pytest.mark.unit
def test_cli_fits_the_least_squares_solution():
    out = io.StringIO()
    csv_file = str(DATASETS_DIR / "line.csv")
    argv = [
        "run",
        "--data",
        csv_file,
        "--model",
        "linear",
        "--start",
        "0,0",
        "--lr",
        "0.43",
        "--steps",
        "5000",
        "--json",
    ]
    assert main(argv, out) == 0
    result = json.loads(out.getvalue())
    assert result["status"] == "converged"
    np.testing.assert_allclose(result["final"], least_squares(builtin("line")), atol=1e-6)
    out = io.StringIO()
    assert main(["points", "--data", str(DATASETS_DIR / "study_hours.csv"), "--model", "logistic", "--json"], out) == 0
    assert [p["kind"] for p in json.loads(out.getvalue())] == ["minimum"]
    assert main(["run", "--data", "/no/such.csv", "--start", "0,0", "--lr", "0.1"]) == 2


@pytest.mark.app
@pytest.mark.parametrize(("name", "model"), CASES)
def test_the_page_runs_with_each_model_and_data_set(name, model):
    at = open_page("pages/empirical_risk.py", model=model, data=name)
    names = {t["t"].get("name") for t in viewer_data(at)["curves"]["traces"] if "t" in t}
    assert {"data", "fit (full batch)"} <= names
    assert any("mini-batch" in m.value for m in at.markdown)
    about = next(c.value for c in at.caption if c.value.startswith(f"**`{name}`**"))
    count = len(builtin(name))
    assert len(re.findall(rf"\b{count}\b", about)) == 1, about  # not "40 points. 40 points: …"
    at.sidebar.toggle(key="scale").set_value(True).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["x used"]) == ["x", "x / s ◀", "x − x̄", "(x − x̄) / s"]


@pytest.mark.unit
def test_one_minibatch_run_is_bounded() -> None:
    from gdviz.data import Dataset

    x = np.linspace(-1, 1, 2000)
    loss = risk(Dataset("big", x, 2 * x + 1, "test"), "linear")
    with pytest.raises(ValueError, match="fewer epochs or a larger batch"):
        minibatch_sgd(loss, (0.0, 0.0), 0.1, batch=1, epochs=20)  # 40,000 steps
    run = minibatch_sgd(loss, (0.0, 0.0), 0.1, batch=100, epochs=20)  # 400 steps: allowed
    assert run.steps <= 400


MESSY = (
    "size,price\n" + "".join(f"{x},{1.8 * x + 40 + (x % 7) - 3}\n" for x in range(40, 200, 4)) + "oops,1\n5,\n70,inf\n"
)
WRONG = {
    "one column": ("x\n" + "\n".join(map(str, range(30))), "linear", "single column"),
    "text only": ("name,town\n" + "ana,braga\nrui,porto\n" * 10, "linear", "too few usable rows: 0"),
    "logistic y": ("x,y\n" + "".join(f"{i},{i % 3}\n" for i in range(20)), "logistic", "y must be 0 or 1; found 2"),
    "constant x": ("x,y\n" + "".join(f"5,{i}\n" for i in range(20)), "linear", "single value"),
    "over 1 MB": ("x,y\n" + "1,2\n" * 260_000, "linear", "too large: 1,040,004 bytes"),
}


def _upload_page(model: str = "linear"):
    at = open_page(
        "pages/empirical_risk.py", model=model, data=next(k for k, v in BUILTINS.items() if v.model == model)
    )
    at.sidebar.selectbox(key="data").set_value("upload").run()
    return at


@pytest.mark.app
def test_an_upload_from_the_page_is_fitted_and_its_dropped_rows_counted():
    at = _upload_page()
    assert at.sidebar.selectbox(key="data").value == "upload"  # the choice holds
    assert "at most 1 MB" in at.info[0].value and "header" in at.info[0].value
    at.file_uploader(key="upload").set_value(("messy.csv", MESSY.encode(), "text/csv")).run()
    assert not at.exception and not at.error
    assert [w.value for w in at.warning] == [
        "3 rows with a missing, non-numeric or infinite value dropped; 40 rows used."
    ]
    assert "**`messy`** — 40 points." in at.caption[0].value
    data = read_csv(MESSY)
    # the upload's own preset: W⁰ = 0 and α = α* of its risk
    best = gdviz.step_size_theory(risk(data)).lr_best
    assert at.session_state["lr"] == pytest.approx(best, rel=1e-5) and at.session_state["rx0"] == 0.0
    names = {t["t"].get("name") for t in viewer_data(at)["curves"]["traces"] if "t" in t}
    assert {"data", "fit (full batch)"} <= names


@pytest.mark.app
@pytest.mark.parametrize("case", list(WRONG))
def test_a_wrong_upload_says_why_on_the_page(case):
    content, model, message = WRONG[case]
    at = _upload_page(model)
    at.file_uploader(key="upload").set_value((f"{case}.csv", content.encode(), "text/csv")).run()
    assert not at.exception
    assert [e.value for e in at.error] and message in at.error[0].value
    assert f'"{case}.csv" cannot be used' in at.error[0].value
    assert viewer_data(at) is None  # no figures of old data


@pytest.mark.app
@pytest.mark.parametrize(("center", "scale", "row"), [(0, 0, 0), (0, 1, 1), (1, 0, 2), (1, 1, 3)])
def test_centring_and_scaling_are_two_toggles_read_from_the_link(center, scale, row):
    link = {"data": "house_prices", "center": str(bool(center)).lower(), "scale": str(bool(scale)).lower()}
    at = open_page("pages/empirical_risk.py", **link)
    assert not at.warning
    assert at.sidebar.toggle(key="center").value == center and at.sidebar.toggle(key="scale").value == scale
    table = at.dataframe[0].value
    assert [r.endswith(" ◀") for r in table["x used"]] == [i == row for i in range(4)]
    assert float(table["condition number κ"][3]) == pytest.approx(1.0) and int(table["gd steps at α*"][3]) == 1


@pytest.mark.app
def test_a_bad_scaling_value_in_the_link_warns_and_falls_back():
    at = open_page("pages/empirical_risk.py", center="maybe", scale="2")
    warned = " ".join(w.value for w in at.warning)
    assert "`center=maybe`" in warned and "`scale=2`" in warned
    assert not at.sidebar.toggle(key="center").value and not at.sidebar.toggle(key="scale").value


_risk_page = functools.partial(open_page, "pages/empirical_risk.py", alone=True)


@pytest.mark.app
@pytest.mark.parametrize(
    "link",
    [
        {"data": "house_prices"},
        {"model": "logistic", "data": "study_hours"},
        {"model": "logistic"},  # the model's first data set, as the menu shows it
        {"data": "house_prices", "scale": "true"},
    ],
)
def test_a_link_naming_a_data_set_gets_its_preset(link):
    """As choosing it from the menu does: W⁰ = 0 and α = α* of that risk (not the default α = 0.08,
    with which house_prices diverges)."""
    at = _risk_page(**link)
    assert not at.warning
    model = link.get("model", "linear")
    name = link.get("data", "study_hours" if model == "logistic" else "line")
    assert at.sidebar.selectbox(key="data").value == name
    scaled = builtin(name).rescaled(False, link.get("scale") == "true")
    best = gdviz.step_size_theory(risk(scaled, model)).lr_best
    assert at.session_state["lr"] == pytest.approx(best, rel=1e-5) and best != pytest.approx(0.08, rel=0.1)
    assert at.sidebar.number_input(key="lr").value == pytest.approx(best, rel=1e-5)
    assert (at.session_state["rx0"], at.session_state["ry0"]) == (0.0, 0.0)
    full = next(line for m in at.markdown for line in m.value.splitlines() if "**full batch**" in line)
    assert "diverged" not in full, full


@pytest.mark.app
@pytest.mark.parametrize("lang", ["en", "pt"])
def test_the_gauge_at_alpha_star_of_a_narrow_valley_does_not_read_2_below_2(lang):
    """house_prices' α* has α·λmax = 2κ/(κ + 1) = 1.99999 and a contraction (κ − 1)/(κ + 1) = 0.99999
    (κ ≈ 144,000): written to 3 digits they read "2 < 2" and "1 < 1"."""
    at = _risk_page(state={"lang": lang}, data="house_prices")
    number = r"(\d[\d.]*(?:e[-+]\d+)?)"
    [verdict] = [s.value for s in at.success]
    ratio, rate = re.search(rf"α·λmax = {number} < 2.*\| = {number} < 1", verdict).groups()
    assert float(ratio) < 2 and float(rate) < 1, verdict
    shown = re.search(rf"α·λmax = {number}", at.get("progress")[0].proto.text).group(1)
    assert float(shown) < 2 and float(shown) == pytest.approx(2, rel=1e-4)


@pytest.mark.app
def test_the_values_a_data_set_link_gives_win_over_its_preset():
    at = _risk_page(data="house_prices", lr="1e-06", rx0="5")
    assert not at.warning
    assert at.session_state["lr"] == 1e-6 and at.session_state["rx0"] == 5.0
    assert at.session_state["ry0"] == 0.0  # not given: the preset's


@pytest.mark.app
@pytest.mark.parametrize("lang", ["en", "pt"])
def test_the_data_menu_shows_names_while_the_link_keeps_identifiers(lang):
    at = _risk_page(state={"lang": lang}, data="house_prices")  # a page alone reads its language from state
    menu = at.sidebar.selectbox(key="data")
    assert menu.value == "house_prices"
    expected = {
        "en": ["A noisy line (synthetic)", "House prices (synthetic)", "upload a CSV…"],
        "pt": ["Uma reta com ruído (sintética)", "Preços de casas (sintético)", "enviar um CSV…"],
    }
    assert menu.options == expected[lang]
    # AppTest words the menus' values in the test's own thread: the page's language there too
    i18n.set_language(lang)
    try:
        menu.set_value("upload").run()
        assert not at.exception
        assert at.query_params["data"] == "upload"  # not "upload a CSV…" / "enviar um CSV…"
        assert at.file_uploader(key="upload") is not None and "CSV" in at.info[0].value
        at.sidebar.selectbox(key="data").set_value("line").run()
        assert "data" not in at.query_params  # the default, left out
        at.sidebar.selectbox(key="data").set_value("house_prices").run()
        assert at.query_params["data"] == "house_prices"
    finally:
        i18n.set_language("en")


@pytest.mark.app
def test_a_link_to_the_upload_without_a_file_shows_the_uploader():
    at = _risk_page(data="upload")
    assert not at.warning and not at.error
    assert at.sidebar.selectbox(key="data").value == "upload"
    assert at.file_uploader(key="upload") is not None
    assert "Choose a CSV file" in at.info[0].value
    assert at.query_params["data"] == "upload"


@pytest.mark.app
def test_an_unknown_data_set_in_the_link_warns_and_falls_back():
    at = _risk_page(data="titanic")
    assert any("`data=titanic`" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.sidebar.selectbox(key="data").value == "line"
