"""The network (gdviz.network): autograd's gradient against central differences and training
against PyTorch, the flat optimizers against ``descend``, the three planes, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

import gdviz
from gdviz import network as nw
from gdviz.data import DataError
from gdviz.i18n import Message
from gdviz.optimizers import OPTIMIZERS, flat
from gdviz.runs import CONVERGED, DIVERGED, MAX_STEPS

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def moons() -> nw.Task:
    return nw.task("moons")


@pytest.fixture(scope="module")
def trained(moons: nw.Task) -> nw.Training:
    """The page's default training (``nw.DEFAULTS``) on two moons."""
    d = nw.DEFAULTS
    net = nw.network_for(moons, d["hidden"], d["activation"])
    return nw.train(net, moons, d["optimizer"], d["lr"], d["epochs"])


def _some_task(inputs: int, kind: str, n: int = 23, seed: int = 0) -> nw.Task:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, inputs))
    y = (rng.random(n) < 0.5).astype(float) if kind == "classification" else rng.normal(size=n)
    return nw.Task("test", X, y, kind, "random numbers")


# ---------------------------------------------------------------- the loss and its gradient


@pytest.mark.parametrize(
    ("inputs", "hidden", "activation", "kind"),
    [
        (2, 1, "tanh", "classification"),
        (2, 5, "relu", "classification"),
        (2, 8, "sigmoid", "regression"),
        (1, 3, "tanh", "regression"),
        (1, 4, "relu", "regression"),
        (1, 2, "sigmoid", "classification"),
    ],
)
def test_the_gradient_is_central_differences(inputs: int, hidden: int, activation: str, kind: str) -> None:
    data = _some_task(inputs, kind)
    net = nw.network_for(data, hidden, activation)
    theta = net.init(3) + np.random.default_rng(4).normal(0, 0.3, net.size)  # biases away from zero too
    X, y = data.inputs, data.targets
    grad = net.gradient(theta, X, y)
    h = 1e-6
    central = np.array(
        [(net.loss(theta + h * e, X, y) - net.loss(theta - h * e, X, y)) / (2 * h) for e in np.eye(net.size)]
    )
    assert grad.shape == (net.size,)
    np.testing.assert_allclose(grad, central, rtol=1e-6, atol=1e-8)
    value, both = net.value_and_gradient(theta, X, y)
    assert value == net.loss(theta, X, y) and np.array_equal(both, grad)


def test_the_hessian_is_the_gradients_central_differences() -> None:
    data = _some_task(2, "classification")
    net = nw.network_for(data, 3, "tanh")
    theta = net.init(0) + 0.1
    X, y = data.inputs, data.targets
    H = net.hessian(theta, X, y)
    h = 1e-6
    columns = [
        (net.gradient(theta + h * e, X, y) - net.gradient(theta - h * e, X, y)) / (2 * h) for e in np.eye(net.size)
    ]
    central = np.array(columns)
    np.testing.assert_allclose(H, central, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(H, H.T, atol=1e-12)


@pytest.mark.parametrize(("activation", "kind"), [("tanh", "classification"), ("relu", "regression")])
def test_losses_is_loss_row_by_row(activation: str, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _some_task(2, kind, n=40)
    net = nw.network_for(data, 6, activation)
    thetas = np.random.default_rng(1).normal(0, 1.5, (37, net.size))
    one_by_one = [net.loss(th, data.inputs, data.targets) for th in thetas]
    np.testing.assert_allclose(net.losses(thetas, data.inputs, data.targets), one_by_one, rtol=1e-12)
    monkeypatch.setattr(nw, "_CHUNK", 6 * 40 * 5)  # chunks of 5 rows: the last one short
    np.testing.assert_allclose(net.losses(thetas, data.inputs, data.targets), one_by_one, rtol=1e-12)


def test_the_weights_are_named_as_the_slides_name_them() -> None:
    net = nw.Network(2, 3, "tanh", "classification")
    names = net.names()
    assert len(names) == net.size == 13
    assert names[:3] == ("W₁[1,1]", "W₁[1,2]", "W₁[2,1]")  # W₁₁, W₁₂: the first hidden unit's two weights
    assert names[6:] == ("b₁[1]", "b₁[2]", "b₁[3]", "W₂[1,1]", "W₂[1,2]", "W₂[1,3]", "b₂")
    # θ's first two entries are W₁[1,1] and W₁[1,2]: the first unit's pre-activation reads them
    theta = np.zeros(net.size)
    theta[[0, 1, 9]] = [2.0, -1.0, 1.0]  # W₁[1,1], W₁[1,2], W₂[1,1]
    X = np.array([[0.3, 0.1]])
    assert net._logits(theta, X)[0] == pytest.approx(math.tanh(2 * 0.3 - 0.1))


def test_init_is_seeded_and_scaled() -> None:
    net = nw.Network(2, 32, "tanh", "classification")
    assert np.array_equal(net.init(5), net.init(5)) and not np.array_equal(net.init(5), net.init(6))
    w1 = net.init(0)[:64]
    assert w1.std() == pytest.approx(math.sqrt(2 / 34), rel=0.25)  # Glorot
    relu = nw.Network(2, 32, "relu", "classification").init(0)[:64]
    assert relu.std() == pytest.approx(1.0, rel=0.25)  # He: √(2/2)
    assert np.all(net.init(0)[64:96] == 0)  # b₁


def test_predict_and_accuracy(moons: nw.Task) -> None:
    net = nw.network_for(moons, 4, "tanh")
    theta = net.init(0)
    p = net.predict(theta, moons.inputs)
    assert p.shape == (len(moons),) and np.all((p > 0) & (p < 1))
    assert net.accuracy(theta, moons.inputs, moons.targets) == np.mean((p >= 0.5) == (moons.targets == 1))
    reg = nw.Network(1, 4, "tanh", "regression")
    assert reg.accuracy(reg.init(0), np.zeros((3, 1)), np.zeros(3)) is None


# ---------------------------------------------------------------- data


def test_the_generated_sets_are_fixed_standardized_and_balanced() -> None:
    for name in ("moons", "circles"):
        a, b = nw.task(name), nw.task(name)
        assert np.array_equal(a.inputs, b.inputs) and a.inputs.shape == (200, 2)
        np.testing.assert_allclose(a.inputs.mean(axis=0), 0, atol=1e-12)
        np.testing.assert_allclose(a.inputs.std(axis=0), 1)
        assert a.kind == "classification" and a.targets.sum() == 100
    assert not np.array_equal(nw.task("moons").inputs, nw.task("circles").inputs)


def test_the_builtin_sets_are_one_input_tasks() -> None:
    assert ("moons", "circles", *gdviz.data.BUILTINS) == nw.NETWORK_DATA
    line = nw.task("line")
    assert line.inputs.shape == (40, 1) and line.kind == "regression"
    np.testing.assert_allclose([line.targets.mean(), line.targets.std()], [0, 1], atol=1e-12)
    hours = nw.task("study_hours")
    assert hours.kind == "classification" and set(hours.targets) == {0.0, 1.0}


def test_a_csv_is_read_as_the_empirical_risk_page_reads_it() -> None:
    rows = "\n".join(f"{x},{int(x > 2)}" for x in np.linspace(0, 5, 30))
    clf = nw.task_from_csv("x,y\n" + rows, "mine")
    assert clf.kind == "classification" and clf.inputs.shape == (30, 1) and clf.name == "mine"
    reg = nw.task_from_csv(b"x;y\n1,5;2\n2;3,5\n3;4\n4;7\n5;8\n")  # decimal commas, semicolons
    assert reg.kind == "regression" and len(reg) == 5
    with pytest.raises(DataError):
        nw.task_from_csv(b"\xff\xfe\x00garbage")
    with pytest.raises(DataError):
        nw.task_from_csv("x\n1\n2\n3\n4\n5\n6\n")


def test_a_large_csv_is_sampled_down() -> None:
    text = "\n".join(f"{i},{i % 2}" for i in range(3000))
    big = nw.task_from_csv(text)
    assert len(big) == nw.MAX_POINTS
    assert np.array_equal(big.inputs, nw.task_from_csv(text).inputs)  # seeded
    assert "3,000" in big.source


# ---------------------------------------------------------------- the optimizers on a flat vector


class _FlatLoss:
    """A gdviz Loss on a 2-vector θ = (w1, w2), as the flat rules read a loss."""

    def __init__(self, loss: gdviz.Loss) -> None:
        self.loss = loss

    def value(self, theta: np.ndarray) -> float:
        return self.loss.fast_value(float(theta[0]), float(theta[1]))

    def gradient(self, theta: np.ndarray) -> np.ndarray:
        return np.array(self.loss.fast_gradient(float(theta[0]), float(theta[1])))

    def hessian(self, theta: np.ndarray) -> np.ndarray:
        hxx, hxy, hyy = self.loss.fast_hessian(float(theta[0]), float(theta[1]))
        return np.array([[hxx, hxy], [hxy, hyy]])


FLAT_CASES = [
    ("gd", 1e-3, {}),
    ("momentum", 1e-3, {"momentum": 0.8}),
    ("nesterov", 1e-3, {}),
    ("adagrad", 0.3, {"lr_decay": 0.01}),
    ("rmsprop", 1e-2, {"momentum": 0.5, "centered": True}),
    ("adam", 2e-2, {"betas": (0.8, 0.99)}),
    ("newton", 0.5, {}),
    ("linesearch", 1.0, {}),
]


def test_every_optimizer_has_a_flat_case() -> None:
    assert {case[0] for case in FLAT_CASES} == set(OPTIMIZERS)


@pytest.mark.parametrize(("name", "lr", "hyper"), FLAT_CASES)
@pytest.mark.parametrize("surface", ["rosenbrock", "himmelblau"])
def test_a_flat_rule_follows_descend_on_two_weights(name: str, lr: float, hyper: dict, surface: str) -> None:
    loss = gdviz.get_loss(surface)
    start = (-1.2, 1.5)
    run = gdviz.descend(loss, start, lr=lr, steps=40, optimizer=name, tol=0.0, **hyper)
    assert run.steps == 40
    opt, seen = flat(name, lr, **hyper), _FlatLoss(loss)
    theta = np.array(start)
    state = opt.init(theta)
    path = [theta]
    for _ in range(40):
        step, state = opt.update(seen.gradient(theta), state, theta, seen)
        theta = theta + step
        path.append(theta)
    if name == "newton":  # a 2×2 solve by LU rounds apart from the closed form descend uses
        np.testing.assert_allclose(np.array(path), run.path, rtol=1e-12, atol=1e-12)
    else:
        assert np.array_equal(np.array(path), run.path)


def test_flat_refuses_what_make_optimizer_refuses() -> None:
    with pytest.raises(Message):
        flat("sgd", 0.1)
    with pytest.raises(Message):
        flat("adam", 0.1, momentum=0.9)
    with pytest.raises(Message):
        flat("gd", -1.0)


# ---------------------------------------------------------------- training


def test_the_default_training_classifies_two_moons(trained: nw.Training) -> None:
    d = nw.DEFAULTS
    assert d["hidden"] == 8 and trained.network.hidden == 8
    assert trained.accuracy >= 0.95
    assert trained.accuracies is not None and trained.accuracies[0] < 0.95  # it learned it
    assert trained.thetas.shape == (d["epochs"] + 1, trained.network.size)
    assert trained.losses.shape == (d["epochs"] + 1,) and trained.losses[-1] < 0.5 * trained.losses[0]
    assert trained.status in (MAX_STEPS, CONVERGED) and "epochs" in trained.message
    assert np.array_equal(trained.thetas[0], trained.network.init(0))


def test_training_is_seeded_and_minibatch_records_once_per_epoch(moons: nw.Task) -> None:
    net = nw.network_for(moons, 4, "tanh")
    a = nw.train(net, moons, "adam", 0.05, 7, batch=32, seed=3)
    b = nw.train(net, moons, "adam", 0.05, 7, batch=32, seed=3)
    c = nw.train(net, moons, "adam", 0.05, 7, batch=32, seed=4)
    assert a.thetas.shape == (8, net.size) and np.array_equal(a.thetas, b.thetas)
    assert not np.array_equal(a.thetas, c.thetas)
    np.testing.assert_allclose(a.losses, net.losses(a.thetas, moons.inputs, moons.targets), rtol=1e-12)


def _torch_training(net: nw.Network, data: nw.Task, make_opt, lr: float, epochs: int, batch: int | None, seed: int):
    """The same training in PyTorch (float64): the same θ⁰, the same shuffles; L per epoch."""
    h, d = net.hidden, net.inputs
    theta = torch.tensor(net.init(seed))
    w1 = theta[: h * d].reshape(h, d).clone().requires_grad_()
    b1 = theta[h * d : h * d + h].clone().requires_grad_()
    w2 = theta[h * d + h : h * d + 2 * h].clone().requires_grad_()
    b2 = theta[-1].clone().requires_grad_()
    X, y = torch.tensor(data.inputs), torch.tensor(data.targets)
    opt = make_opt([w1, b1, w2, b2], lr)

    def loss(rows):
        z = torch.tanh(X[rows] @ w1.T + b1) @ w2 + b2
        return torch.nn.functional.binary_cross_entropy_with_logits(z, y[rows])

    everything = torch.arange(len(y))
    rng = np.random.default_rng(seed)
    losses = [loss(everything).item()]
    for _ in range(epochs):
        order = torch.tensor(rng.permutation(len(y))) if batch else everything
        for first in range(0, len(y), batch or len(y)):
            opt.zero_grad()
            loss(order[first : first + (batch or len(y))]).backward()
            opt.step()
        with torch.no_grad():
            losses.append(loss(everything).item())
    return np.array(losses), torch.cat([w1.detach().ravel(), b1.detach(), w2.detach(), b2.detach()[None]]).numpy()


@pytest.mark.parametrize(
    ("optimizer", "lr", "batch", "make_opt"),
    [
        ("gd", 1.0, None, lambda p, lr: torch.optim.SGD(p, lr=lr)),
        ("adam", 0.05, 50, lambda p, lr: torch.optim.Adam(p, lr=lr)),
        ("momentum", 0.2, 64, lambda p, lr: torch.optim.SGD(p, lr=lr, momentum=0.9)),
    ],
)
def test_training_matches_pytorch(moons: nw.Task, optimizer: str, lr: float, batch: int | None, make_opt) -> None:
    net = nw.network_for(moons, 8, "tanh")
    ours = nw.train(net, moons, optimizer, lr, 20, batch=batch, seed=2)
    losses, final = _torch_training(net, moons, make_opt, lr, 20, batch, 2)
    np.testing.assert_allclose(ours.losses, losses, rtol=1e-10, atol=0)
    np.testing.assert_allclose(ours.final, final, rtol=1e-9, atol=1e-12)


def test_newton_and_the_line_search_train_a_small_network() -> None:
    data = _some_task(1, "regression", n=30)
    net = nw.network_for(data, 2, "tanh")
    search = nw.train(net, data, "linesearch", 1.0, 50)
    assert search.losses[-1] < search.losses[0] and np.all(np.diff(search.losses) <= 0)  # Armijo: L never rises
    newton = nw.train(net, data, "newton", 1.0, 5)
    assert newton.status in (CONVERGED, MAX_STEPS, DIVERGED) and np.all(np.isfinite(newton.thetas))


def test_divergence_is_a_status_and_the_path_stays_finite(moons: nw.Task) -> None:
    net = nw.network_for(moons, 8, "relu")
    run = nw.train(net, moons, "gd", 1e300, 50)
    assert run.status == DIVERGED and run.reason in ("blowup", "weights", "value", "gradient")
    assert "diverged in epoch 1" in run.message
    assert len(run.thetas) == 1 and np.all(np.isfinite(run.thetas)) and np.all(np.isfinite(run.losses))


def test_a_run_converges_once_the_gradient_is_within_the_tolerance() -> None:
    data = nw.task("line")
    net = nw.network_for(data, 1, "tanh")
    run = nw.train(net, data, "newton", 1.0, 50, tol=1e-4)
    assert run.status == CONVERGED and len(run.thetas) < 51 and "converged after" in run.message
    assert np.linalg.norm(net.gradient(run.final, data.inputs, data.targets)) <= 1e-4
    assert np.linalg.norm(net.gradient(run.thetas[-2], data.inputs, data.targets)) > 1e-4
    assert run.accuracies is None and run.accuracy is None
    # Newton heads for any stationary point: here the flat network that predicts the mean of y,
    # L = var(y) = 1 on standardized targets, not a minimum (gd goes well below it)
    assert run.loss == pytest.approx(1.0, abs=1e-6)
    assert nw.train(net, data, "gd", 0.5, 200).loss < 0.2


# ---------------------------------------------------------------- the landscape


def _argmin(land: nw.Landscape) -> tuple[int, int]:
    j, i = np.unravel_index(np.argmin(land.values), land.values.shape)
    return int(i), int(j)


def test_the_weights_plane_has_its_minimum_at_the_trained_weights(trained: nw.Training) -> None:
    land = nw.landscape(trained, "weights", grid=41)
    assert land.labels == ("W₁[1,1]", "W₁[1,2]") and land.explained is None
    i, j = _argmin(land)
    assert abs(i - 20) <= 1 and abs(j - 20) <= 1
    assert land.a[20] == land.b[20] == 0 and land.values.shape == (41, 41)
    assert land.values[20, 20] == pytest.approx(trained.loss, rel=1e-12)
    # the plane moves only the two named weights: its path is their offsets from θ*
    np.testing.assert_array_equal(land.directions, np.eye(2, trained.network.size))
    np.testing.assert_allclose(land.path, trained.thetas[:, :2] - trained.final[:2], atol=1e-12)
    # values[j, i] is L at a[i] along d₁ and b[j] along d₂
    theta = trained.final.copy()
    theta[0] += land.a[3]
    theta[1] += land.b[30]
    assert land.values[30, 3] == pytest.approx(trained.network.loss(theta, trained.task.inputs, trained.task.targets))


def test_a_one_input_network_s_weights_plane_names_its_two_weights() -> None:
    data = nw.task("line")
    for hidden, second in ((3, "W₁[2,1]"), (1, "b₁[1]")):
        run = nw.train(nw.network_for(data, hidden, "tanh"), data, "gd", 0.3, 20)
        land = nw.landscape(run, "weights", grid=9)
        assert land.labels == ("W₁[1,1]", second) and land.values.shape == (9, 9)
        np.testing.assert_allclose(land.path, run.thetas[:, :2] - run.final[:2], atol=1e-12)


def test_the_pca_plane_shows_the_path_descending(trained: nw.Training) -> None:
    land = nw.landscape(trained, "pca", grid=41)
    assert land.explained is not None and np.all((land.explained > 0) & (land.explained <= 1))
    assert land.explained.sum() <= 1 + 1e-12 and land.explained[0] >= land.explained[1]
    assert land.labels[0].startswith("PC1 (") and land.labels[0].endswith(" %)")
    np.testing.assert_allclose(land.directions @ land.directions.T, np.eye(2), atol=1e-12)
    # the path ends at θ* (the origin) and descends: L along it falls overall and mostly step by step
    assert np.allclose(land.path[-1], 0) and np.all(land.path[0] > 0)
    falling = np.diff(land.path_values) <= 0
    assert land.path_values[-1] < 0.5 * land.path_values[0] and falling.mean() > 0.9
    # the path fits inside the grid, with margin
    assert np.all(np.abs(land.path[:, 0]) < land.a[-1]) and np.all(np.abs(land.path[:, 1]) < land.b[-1])
    # the projection is least squares: the residual is orthogonal to the plane
    residual = trained.thetas - trained.final - land.path @ land.directions
    np.testing.assert_allclose(residual @ land.directions.T, 0, atol=1e-9)


def test_random_directions_are_filter_normalized(trained: nw.Training) -> None:
    net, theta = trained.network, trained.final
    land = nw.landscape(trained, "random", grid=21, seed=7)
    h, d = net.hidden, net.inputs
    for direction in land.directions:
        rows, own = direction[: h * d].reshape(h, d), theta[: h * d].reshape(h, d)
        np.testing.assert_allclose(np.linalg.norm(rows, axis=1), np.linalg.norm(own, axis=1), rtol=1e-12)
        out_row, own_out = direction[h * d + h : h * d + 2 * h], theta[h * d + h : h * d + 2 * h]
        assert np.linalg.norm(out_row) == pytest.approx(np.linalg.norm(own_out), rel=1e-12)
        assert np.all(direction[h * d : h * d + h] == 0) and direction[-1] == 0  # biases ignored
    assert not np.allclose(land.directions[0], land.directions[1])
    again = nw.landscape(trained, "random", grid=21, seed=7)
    assert np.array_equal(again.values, land.values)
    assert not np.array_equal(nw.landscape(trained, "random", grid=21, seed=8).directions, land.directions)
    assert land.a[-1] >= 1.0  # Li et al.'s default span: a whole θ*-sized step each way


def test_a_span_sets_both_axes(trained: nw.Training) -> None:
    land = nw.landscape(trained, "pca", grid=5, span=0.5)
    assert np.array_equal(land.a, [-0.5, -0.25, 0, 0.25, 0.5]) and np.array_equal(land.b, land.a)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call",
    [
        lambda t: nw.network_for(t, 0, "tanh"),
        lambda t: nw.network_for(t, 33, "tanh"),
        lambda t: nw.network_for(t, 2.5, "tanh"),
        lambda t: nw.network_for(t, True, "tanh"),
        lambda t: nw.network_for(t, 4, "softmax"),
        lambda t: nw.task("mnist"),
        lambda t: nw.task(["moons"]),
        lambda t: nw.Task("big", np.zeros((nw.MAX_POINTS + 1, 2)), np.zeros(nw.MAX_POINTS + 1), "regression", ""),
        lambda t: nw.Task("3-d", np.zeros((5, 3)), np.zeros(5), "regression", ""),
        lambda t: nw.Task("nan", np.full((5, 1), np.nan), np.zeros(5), "regression", ""),
        lambda t: nw.Task("labels", np.zeros((5, 1)), np.full(5, 2.0), "classification", ""),
        lambda t: nw.Task("kind", np.zeros((5, 1)), np.zeros(5), "ranking", ""),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, lr=math.nan),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, lr=-1.0),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, lr=math.inf),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, epochs=nw.MAX_EPOCHS + 1),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, epochs=-1),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, batch=0),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, batch=201),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, batch=1, epochs=2000),  # too many updates
        lambda t: nw.train(nw.network_for(t, 32, "tanh"), t, "newton", 1.0, 2000),  # too many Hessians
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, "sgd"),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, seed=-1),
        lambda t: nw.train(nw.network_for(t, 2, "tanh"), t, tol=math.nan),
        lambda t: nw.train(nw.Network(1, 2, "tanh", "classification"), t),  # the wrong network
        lambda t: nw.landscape(nw.train(nw.network_for(t, 2, "tanh"), t, epochs=2), "hessian"),
        lambda t: nw.landscape(nw.train(nw.network_for(t, 2, "tanh"), t, epochs=2), "pca", grid=nw.MAX_GRID + 1),
        lambda t: nw.landscape(nw.train(nw.network_for(t, 2, "tanh"), t, epochs=2), "pca", grid=2),
        lambda t: nw.landscape(nw.train(nw.network_for(t, 2, "tanh"), t, epochs=2), "weights", span=math.nan),
        lambda t: nw.landscape(nw.train(nw.network_for(t, 2, "tanh"), t, epochs=0), "pca"),
    ],
)
def test_bad_input_is_a_message(moons: nw.Task, call) -> None:
    with pytest.raises(Message) as caught:
        call(moons)
    assert str(caught.value) and "{" not in str(caught.value)
