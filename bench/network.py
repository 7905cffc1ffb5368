"""Benchmarks of gdviz.network (not tests): training against PyTorch, and the landscape's grid.

    .venv/bin/python bench/network.py

1. A 2-16-1 tanh network, 500 full-batch gd epochs on the 200 points of two moons, α = 1:
   ``network.train`` (autograd's gradients, the app's gd rule, θ and L recorded every epoch)
   against the same training written in PyTorch on the CPU (float64, the same θ⁰ and α, θ and L
   recorded every epoch too), with one thread and with torch's default. Goal: within 3 ×.
2. The loss on a 41 × 41 grid through θ* on each plane (``network.landscape``), 200 points, for
   that network and for the widest one (32 units), and the largest grid (81 × 81) on the widest
   one. Goal: 41 × 41 within 1 s.

Each timing is the best of several runs. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import time

import numpy as np
import torch

from gdviz import network as nw

EPOCHS, LR, HIDDEN, REPEATS = 500, 1.0, 16, 5


def best_of(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def torch_training(net: nw.Network, task: nw.Task, epochs: int, lr: float) -> tuple[np.ndarray, np.ndarray]:
    """The same full-batch gd in PyTorch, float64, recording θ and L at every epoch as train does."""
    h, d = net.hidden, net.inputs
    theta = torch.tensor(net.init(0))
    w1 = theta[: h * d].reshape(h, d).clone().requires_grad_()
    b1 = theta[h * d : h * d + h].clone().requires_grad_()
    w2 = theta[h * d + h : h * d + 2 * h].clone().requires_grad_()
    b2 = theta[-1].clone().requires_grad_()
    params = [w1, b1, w2, b2]
    X, y = torch.tensor(task.inputs), torch.tensor(task.targets)
    opt = torch.optim.SGD(params, lr=lr)
    thetas, losses = [], []
    for _ in range(epochs + 1):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(torch.tanh(X @ w1.T + b1) @ w2 + b2, y)
        loss.backward()
        with torch.no_grad():
            thetas.append(torch.cat([p.reshape(-1) for p in params]))
        losses.append(loss.item())
        opt.step()  # the last step's result is not recorded: train makes `epochs` steps
    return torch.stack(thetas).numpy(), np.array(losses)


def main() -> None:
    moons = nw.task("moons")
    net = nw.network_for(moons, HIDDEN, "tanh")
    run = nw.train(net, moons, "gd", LR, EPOCHS)
    default_threads = torch.get_num_threads()
    _, torch_losses = torch_training(net, moons, EPOCHS, LR)
    ours = best_of(lambda: nw.train(net, moons, "gd", LR, EPOCHS))
    torch_default = best_of(lambda: torch_training(net, moons, EPOCHS, LR))
    torch.set_num_threads(1)
    torch_one = best_of(lambda: torch_training(net, moons, EPOCHS, LR))
    torch.set_num_threads(default_threads)
    training = {
        "network": f"2-{HIDDEN}-1 tanh, {net.size} weights",
        "epochs": EPOCHS,
        "points": len(moons),
        "gdviz_s": round(ours, 4),
        "torch_1_thread_s": round(torch_one, 4),
        f"torch_{default_threads}_threads_s": round(torch_default, 4),
        "ratio_to_torch_1_thread": round(ours / torch_one, 2),
        "ratio_to_torch_default": round(ours / torch_default, 2),
        "per_epoch_us": round(1e6 * ours / EPOCHS, 1),
        "same_losses_max_rel_diff": float(np.max(np.abs(run.losses - torch_losses) / torch_losses)),
        "final_accuracy": run.accuracy,
    }
    wide = nw.train(nw.network_for(moons, nw.MAX_HIDDEN, "tanh"), moons, "gd", LR, EPOCHS)
    landscapes = {}
    for label, trained, grid in ((f"2-{HIDDEN}-1", run, 41), ("2-32-1", wide, 41), ("2-32-1", wide, nw.MAX_GRID)):
        for plane in nw.PLANES:
            key = f"{label} {plane} {grid}x{grid}"
            landscapes[key] = round(best_of(lambda t=trained, p=plane, g=grid: nw.landscape(t, p, g)), 4)
    print(
        json.dumps(
            {
                "cpu_count": os.cpu_count(),
                "torch": torch.__version__,
                "training": training,
                "landscape_s": landscapes,
                "goals": {"training_ratio": 3.0, "landscape_41_s": 1.0},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
