"""The neural network page (/network) under AppTest: the default trains well and draws its four
charts in both languages, every control lives in the link, hostile links and bad uploads are
answered in words, and choosing another plane reuses the training."""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest
from support import open_page, viewer_data

from gdviz import i18n, network, style
from gdviz.app import fields

pytestmark = pytest.mark.app

PAGE = "pages/network.py"


def _open(state: dict | None = None, **link: str):
    return open_page(PAGE, alone=True, state=state, **link)


def _figures(at) -> dict[str, dict]:
    """The viewer's three figures as the browser receives them on a first load (every trace whole)."""
    data = viewer_data(at)
    assert data is not None, "the page drew no viewer"
    return {
        k: {"data": [item["t"] for item in data[k]["traces"]], "layout": data[k]["layout"]}
        for k in ("surface", "contour", "curves")
    }


def _array(v) -> np.ndarray:
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).reshape(v.get("shape", -1))
    return np.asarray(v, dtype=float)


def _default_training() -> network.Training:
    """What the page's defaults ask for, trained here directly."""
    f = fields.FIELDS
    task = network.task(f["ndata"].default)
    net = network.network_for(task, f["hidden"].default, f["act"].default)
    return network.train(
        net, task, f["nopt"].default, lr=f["nlr"].default, epochs=f["nepochs"].default, seed=f["nseed"].default
    )


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_the_default_page_trains_to_95_percent_and_draws_surface_map_fit_and_loss(lang: str) -> None:
    i18n.MISSING.clear()
    at = _open(state={"lang": lang})
    assert not at.exception and not at.error and not at.warning
    expected = _default_training()
    assert expected.accuracy >= 0.95
    status = at.info[0].value
    share = float(re.search(r"(\d+(?:\.\d+)?)%", status).group(1))  # "Accuracy 98.5%", "Acurácia de 98.5%"
    assert share == pytest.approx(100 * expected.accuracy, abs=0.05) and share >= 95
    assert f"{network.network_for(expected.task, 8, 'tanh').size} " in status  # "33 weights and biases"
    figs = _figures(at)
    kinds = [t["type"] for t in figs["surface"]["data"]]
    assert kinds[0] == "surface" and "scatter3d" in kinds
    assert figs["contour"]["data"][0]["type"] == "contour"
    # the projected path: one point per epoch, red, played as a prefix; θᵗ played point by point
    path = next(t for t in figs["contour"]["data"] if (t.get("meta") or {}).get("play") == "prefix")
    assert len(_array(path["x"])) == len(expected.thetas) and path["line"]["color"] == "#d62728"
    assert any((t.get("meta") or {}).get("play") == "at" for t in figs["contour"]["data"])
    # the fit on the data moves with playback (a snapshot per few epochs); L per epoch on a log axis
    fit = next(t for t in figs["curves"]["data"] if (t.get("meta") or {}).get("play") == "window")
    assert fit["meta"]["windows"] > 10 and len(_array(fit["x"])) == fit["meta"]["windows"] * fit["meta"]["per"]
    loss = next(t for t in figs["curves"]["data"] if t.get("yaxis") == "y2")
    np.testing.assert_allclose(_array(loss["y"]), expected.losses, rtol=1e-5)
    assert figs["curves"]["layout"]["yaxis2"]["type"] == "log"
    assert any(s.get("name") == "now" for s in figs["curves"]["layout"]["shapes"])
    assert not i18n.MISSING, sorted(i18n.MISSING)[:5]
    if lang == "pt":
        assert at.title[0].value == "A paisagem da perda de uma rede neural"
        assert "Acurácia" in status and "época" in status


def test_the_surface_is_blue_and_the_pca_plane_names_its_share_of_the_path() -> None:
    at = _open()
    figs = _figures(at)
    surface = figs["surface"]["data"][0]
    assert surface["colorscale"] == [list(stop) for stop in style.BLUES]  # the app's surface blues
    titles = figs["contour"]["layout"]["xaxis"]["title"]["text"], figs["contour"]["layout"]["yaxis"]["title"]["text"]
    assert titles[0].startswith("PC1 (") and titles[1].startswith("PC2 (")
    assert any("principal components" in c.value and "of the path's variance" in c.value for c in at.caption)


# --- every control round-trips through the link

LINKED = {
    "ndata": ("selectbox", "circles"),
    "hidden": ("number_input", 4),
    "act": ("selectbox", "relu"),
    "nopt": ("selectbox", "adam"),
    "nlr": ("number_input", 0.05),
    "nepochs": ("number_input", 200),
    "nbatch": ("number_input", 50),
    "nseed": ("number_input", 3),
    "plane": ("selectbox", "random"),
    "ngrid": ("number_input", 31),
}


def test_every_control_of_the_page_is_in_the_link() -> None:
    at = _open()
    keys = {w.key for kind in ("selectbox", "number_input") for w in getattr(at.sidebar, kind)}
    assert set(LINKED) <= keys
    assert set(LINKED) == {k for k in fields.FIELDS if k in keys and k not in ("lang",)} - {"nlr_stop"}


@pytest.mark.parametrize("key", list(LINKED))
def test_a_control_set_on_the_page_goes_into_the_link_and_the_link_brings_it_back(key: str) -> None:
    kind, value = LINKED[key]
    at = _open()
    widget = getattr(at.sidebar, kind)(key=key)
    widget.set_value(value).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    if kind == "selectbox":  # bound by the page: the identifier goes into the link, not the label shown
        assert at.query_params[key] == str(value)
    else:  # bound by Streamlit (bind="query-params"): the browser writes the link (tests/test_browser_network.py)
        assert getattr(at.sidebar, kind)(key=key).proto.query_param_key == key
    again = _open(**{key: str(value)})
    assert not again.warning and not again.error
    assert getattr(again.sidebar, kind)(key=key).value == value
    assert viewer_data(again) is not None


def test_an_optimizer_named_by_the_link_brings_its_own_alpha() -> None:
    at = _open(nopt="adam")
    assert at.sidebar.number_input(key="nlr").value == fields.NETWORK_LR["adam"]
    at = _open(nopt="adam", nlr="0.003")  # the link's own α wins
    assert at.sidebar.number_input(key="nlr").value == pytest.approx(0.003)


def test_choosing_newton_starts_it_with_fewer_epochs_within_its_bound() -> None:
    at = _open()
    at.sidebar.selectbox(key="nopt").set_value("newton").run()
    assert at.sidebar.number_input(key="nepochs").value == fields.NEWTON_EPOCHS
    assert at.sidebar.number_input(key="nlr").value == fields.NETWORK_LR["newton"]
    assert not at.exception and not at.error, [e.value for e in at.error]
    # Newton stalls on a network: the page says why, and only for Newton
    assert any("Newton's step" in c.value for c in at.caption)
    assert not any("Newton's step" in c.value for c in _open().caption)


# --- hostile links

HOSTILE = {
    "hidden": "0",
    "ngrid": "9999",
    "grid": "9999",
    "plane": "<script>alert(1)</script>",
    "nlr": "nan",
    "ndata": "../../etc/passwd",
    "act": "eval",
    "nopt": "__import__('os')",
    "nepochs": "-3",
    "nbatch": "1e9",
}


@pytest.mark.parametrize("link", [HOSTILE, {"hidden": "1e9"}], ids=["all at once", "hidden=1e9"])
def test_a_hostile_link_warns_for_each_value_and_falls_back_to_the_defaults(link: dict) -> None:
    at = _open(**link)
    warned = " ".join(w.value for w in at.warning)
    for key, value in link.items():
        assert f"`{key}={value[:40]}" in warned, key
    assert "Traceback" not in warned
    for key in link:
        if key in LINKED:
            assert getattr(at.sidebar, LINKED[key][0])(key=key).value == fields.FIELDS[key].default
    assert viewer_data(at) is not None  # the default network, drawn
    assert not [body for body in (e.value for e in at.get("html")) if "<script>alert" in body]


# --- uploads

GOOD = "x,y\n" + "".join(f"{x / 10:.2f},{int(x > 0)}\n" for x in range(-30, 30)) + "oops,1\n"
CURVE = "x;y\n" + "".join(f"{x / 10:.1f};{np.sin(x / 10):.4f}\n" for x in range(-30, 31))


def _upload(name: str, content: str):
    at = _open(ndata="upload")
    assert "at most 1 MB" in at.info[0].value and viewer_data(at) is None
    at.file_uploader(key="nupload").set_value((name, content.encode(), "text/csv")).run()
    assert not at.exception
    return at


def test_an_uploaded_classification_trains_and_its_dropped_row_is_counted() -> None:
    at = _upload("steps.csv", GOOD)
    assert not at.error, [e.value for e in at.error]
    assert [w.value for w in at.warning] == [
        "1 row with a missing, non-numeric or infinite value dropped; 60 rows used."
    ]
    assert "**`steps`** — 60 points." in at.caption[0].value
    assert "Accuracy" in at.info[0].value and "a 1‑8‑1 network" in at.info[0].value.lower()
    figs = _figures(at)
    assert figs["curves"]["layout"]["yaxis"]["title"]["text"] == "p(y = 1)"


def test_an_uploaded_regression_fits_a_curve() -> None:
    at = _upload("sine.csv", CURVE)
    assert not at.error and "Accuracy" not in at.info[0].value
    figs = _figures(at)
    assert any(t.get("name") == "ŷ at epoch t" for t in figs["curves"]["data"])


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("x\n1\n2\n3\n4\n5\n6\n", "single column"),
        ("x,y\n1,2\n3,4\n", "too few usable rows"),
        ("x,y\n" + "5,1\n" * 9, "single value"),
    ],
    ids=["one column", "two rows", "constant x"],
)
def test_a_bad_upload_says_why_and_draws_nothing(content: str, why: str) -> None:
    at = _upload("bad.csv", content)
    assert at.error and '"bad.csv" cannot be used' in at.error[0].value and why in at.error[0].value
    assert viewer_data(at) is None


# --- the cache: the plane is not part of the training


def test_changing_only_the_plane_reuses_the_training(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"train": 0, "landscape": 0}
    train, landscape = network.train, network.landscape

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(network, "train", counted("train", train))
    monkeypatch.setattr(network, "landscape", counted("landscape", landscape))
    at = _open(nseed="4242")  # a training no other test asked for
    assert calls == {"train": 1, "landscape": 1}
    before = _figures(at)["contour"]["layout"]["xaxis"]["title"]["text"]
    for plane in ("weights", "random", "pca"):
        at.sidebar.selectbox(key="plane").set_value(plane).run()
        assert not at.exception
    assert calls["train"] == 1 and calls["landscape"] == 3  # the pca plane's was kept too
    data = viewer_data(at)
    assert data is not None and before.startswith("PC1")
    at.sidebar.number_input(key="nseed").set_value(4243).run()
    assert calls["train"] == 2


def test_a_batch_of_every_point_or_more_is_the_full_batch() -> None:
    full = _open(nseed="7")
    whole = _open(nseed="7", nbatch="5000")  # more rows than the data has
    assert not whole.error and not whole.warning
    assert whole.info[0].value == full.info[0].value  # the same training, the same outcome


def test_a_plane_that_cannot_be_drawn_says_why_under_the_trainings_status(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise i18n.Message(
            "the trajectory has not moved: train for at least two epochs to see its principal directions"
        )

    monkeypatch.setattr(network, "landscape", refuse)
    at = _open(nseed="909")
    assert at.info and "Final L" in at.info[0].value  # the training's outcome still shown
    assert at.error[0].value.startswith("This plane cannot be drawn: the trajectory has not moved")
    assert viewer_data(at) is None
