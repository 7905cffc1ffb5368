"""The command line: ``python -m gdviz`` (or ``gdviz``).

    gdviz losses [--json]
    gdviz run (--loss NAME [--param k=v ...] | --expr TEXT) --start X,Y --lr A --steps N --opt NAME [--json|--csv]
    gdviz points (--loss NAME | --expr TEXT) [--json]
    gdviz run --data NAME|FILE.csv --model linear|logistic --start X,Y --lr A ...   (the empirical risk)
    gdviz train --data moons|NAME|FILE.csv --hidden 8 --epochs 200 [--plane pca --grid 41] [--json]

A bad argument prints one line on stderr and exits with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from gdviz.analysis import nearest_minimum, stationary_points
from gdviz.data import BUILTINS, MODELS, builtin, read_csv, risk
from gdviz.descent import descend
from gdviz.expression import parse_loss
from gdviz.formula import ExpressionError
from gdviz.losses import LOSSES, SPECS, Loss, get_loss
from gdviz.network import (
    ACTIVATIONS,
    DEFAULTS,
    NETWORK_DATA,
    PLANES,
    Task,
    landscape,
    network_for,
    task,
    task_from_csv,
    train,
)
from gdviz.optimizers import OPTIMIZERS, hyperparameters


class UsageError(Exception):
    """A bad command line, reported as one line and exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be finite, got {text!r}")
    return value


def _positive(text: str) -> float:
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be > 0, got {text!r}")
    return value


def _steps(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be ≥ 0, got {text!r}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def _point(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"expected X,Y such as -1.5,2, got {text!r}")
    x, y = (_number(p.strip()) for p in parts)
    return x, y


def _param(text: str) -> tuple[str, float]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected k=v such as b=10, got {text!r}")
    return key.strip(), _number(value)


def _parser() -> _Parser:
    parser = _Parser(prog="gdviz", description="Gradient descent on 2-D loss surfaces.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    losses = sub.add_parser("losses", help="list the built-in losses")
    losses.add_argument("--json", action="store_true", help="print JSON")

    def add_loss(p: argparse.ArgumentParser) -> None:
        which = p.add_mutually_exclusive_group(required=True)
        which.add_argument("--loss", choices=list(SPECS), metavar="NAME", help="a built-in loss")
        which.add_argument("--expr", metavar="TEXT", help='your own L(x, y), e.g. --expr "x**2 + 3*y**2"')
        which.add_argument(
            "--data",
            metavar="NAME|FILE.csv",
            help=f"the empirical risk over a built-in data set ({', '.join(BUILTINS)}) or a CSV of x, y (see --model)",
        )
        p.add_argument("--model", choices=MODELS, default="linear", help="with --data: linear (MSE) or logistic")
        p.add_argument("--param", action="append", type=_param, default=[], metavar="K=V", help="a loss parameter")

    run = sub.add_parser("run", help="descend from one start and report the run")
    add_loss(run)
    run.add_argument("--start", required=True, type=_point, metavar="X,Y", help="W⁰, e.g. --start=-1.5,2")
    run.add_argument("--lr", required=True, type=_positive, help="the learning rate α")
    run.add_argument("--steps", type=_steps, default=1000, help="the most updates (default 1000)")
    run.add_argument("--opt", default="gd", choices=list(OPTIMIZERS), metavar="NAME", help="optimizer (default gd)")
    run.add_argument("--tol", type=_number, default=1e-8, help="converged once ‖∇L‖ ≤ tol (default 1e-8)")
    for name in ("momentum", "alpha", "beta1", "beta2", "eps"):
        run.add_argument(f"--{name}", type=_number, help=f"the optimizer's {name}")
    form = run.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print one JSON object")
    form.add_argument("--csv", action="store_true", help="print one CSV row per step")
    run.add_argument("--path", action="store_true", help="with --json, include the whole path")

    net = sub.add_parser("train", help="train a small neural network and, with --plane, slice its loss landscape")
    net.add_argument(
        "--data",
        default=DEFAULTS["data"],
        metavar="NAME|FILE.csv",
        help=f"{', '.join(NETWORK_DATA)}, or a CSV of x, y (default {DEFAULTS['data']})",
    )
    net.add_argument("--hidden", type=_whole, default=DEFAULTS["hidden"], help="hidden units, 1 to 32 (default 8)")
    net.add_argument("--activation", choices=ACTIVATIONS, default=DEFAULTS["activation"], help="default tanh")
    net.add_argument(
        "--optimizer", "--opt", dest="opt", choices=list(OPTIMIZERS), metavar="NAME", default=DEFAULTS["optimizer"]
    )
    net.add_argument("--lr", type=_positive, default=DEFAULTS["lr"], help=f"α (default {DEFAULTS['lr']:g})")
    net.add_argument("--epochs", type=_whole, default=DEFAULTS["epochs"], help=f"default {DEFAULTS['epochs']}")
    net.add_argument("--batch", type=_whole, help="rows per update (default: the full batch)")
    net.add_argument("--seed", type=_whole, default=0, help="the initial weights', shuffles' and random plane's seed")
    net.add_argument("--tol", type=_number, default=1e-6, help="converged once ‖∇L‖ ≤ tol (default 1e-6)")
    for name in ("momentum", "alpha", "beta1", "beta2", "eps"):
        net.add_argument(f"--{name}", type=_number, help=f"the optimizer's {name}")
    net.add_argument("--plane", choices=PLANES, help="add the loss on this plane through θ*")
    net.add_argument("--grid", type=_whole, default=DEFAULTS["grid"], help="grid points a side (default 41)")
    net.add_argument("--span", type=_positive, help="the plane's half-width (default: fits the path)")
    net.add_argument("--json", action="store_true", help="print one JSON object")

    points = sub.add_parser("points", help="list the stationary points in the loss's view")
    add_loss(points)
    points.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _loss(args: argparse.Namespace) -> Loss:
    if args.data is not None:
        if args.param:
            raise UsageError("--param sets a built-in loss's parameters, not a data set's")
        if args.data in BUILTINS and not Path(args.data).exists():
            if BUILTINS[args.data].model != args.model:
                raise UsageError(f"the data set {args.data} is for --model {BUILTINS[args.data].model}")
            return risk(builtin(args.data), args.model)
        try:
            content = Path(args.data).read_bytes()
        except OSError as err:
            raise UsageError(f"cannot read {args.data}: {err.strerror}") from None
        return risk(read_csv(content, args.model, Path(args.data).stem), args.model)
    if args.expr is not None:
        if args.param:
            raise UsageError("--param sets a built-in loss's parameters; write the numbers into --expr instead")
        return parse_loss(args.expr)
    return get_loss(args.loss, **dict(args.param))


def _hyper(args: argparse.Namespace) -> dict[str, Any]:
    given = {k: getattr(args, k) for k in ("momentum", "alpha", "eps") if getattr(args, k) is not None}
    if args.beta1 is not None or args.beta2 is not None:
        default = hyperparameters("adam")["betas"]
        given["betas"] = (
            args.beta1 if args.beta1 is not None else default[0],
            args.beta2 if args.beta2 is not None else default[1],
        )
    return given


def _json_number(value: float) -> float | None:
    """JSON has no NaN or infinity: a value L does not have at the start is null."""
    return value if math.isfinite(value) else None


def _cmd_losses(args: argparse.Namespace, out: Any) -> None:
    rows = [
        {
            "name": name,
            "title": spec.title,
            "latex": LOSSES[name].latex,
            "params": dict(spec.defaults),
            "bounds": LOSSES[name].bounds,
            "minima": LOSSES[name].minima,
            "about": spec.about,
        }
        for name, spec in SPECS.items()
    ]
    if args.json:
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    for row in rows:
        params = ", ".join(f"{k}={v:g}" for k, v in row["params"].items())
        out.write(f"{row['name']:<15} {row['title']}{f' ({params})' if params else ''}: {row['about']}\n")


def _cmd_run(args: argparse.Namespace, out: Any) -> None:
    loss = _loss(args)
    run = descend(loss, args.start, lr=args.lr, steps=args.steps, optimizer=args.opt, tol=args.tol, **_hyper(args))
    if args.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["t", "w1", "w2", "L", "dL/dw1", "dL/dw2"])
        for t, ((w1, w2), value, (g1, g2)) in enumerate(zip(run.path, run.values, run.gradients)):
            writer.writerow([t, repr(float(w1)), repr(float(w2)), repr(float(value)), repr(float(g1)), repr(float(g2))])
        return
    grad_norm = float(run.grad_norms[-1])
    nearest = nearest_minimum(loss, run.final)
    if args.json:
        result: dict[str, Any] = {
            "status": run.status,
            "steps": run.steps,
            "final": [float(c) for c in run.final],
            "value": _json_number(run.value),
            "grad_norm": _json_number(grad_norm),
            "message": run.message,
        }
        if nearest is not None:
            result["nearest_minimum"], result["distance"] = list(nearest[0]), nearest[1]
        if args.path:
            result["path"] = run.path.tolist()
        json.dump(result, out, ensure_ascii=False)
        out.write("\n")
        return
    w1, w2 = run.final
    out.write(f"{loss.title} from W⁰ = ({args.start[0]:g}, {args.start[1]:g}), {args.opt}, α = {args.lr:g}\n")
    out.write(f"{run.message}\n")  # the message names the outcome (converged, diverged, stopped, ...)
    out.write(f"W = ({w1:.10g}, {w2:.10g})   L(W) = {run.value:.6g}   ‖∇L(W)‖ = {grad_norm:.3g}\n")
    if nearest is not None:
        (m1, m2), distance = nearest
        out.write(f"nearest known minimum ({m1:.6g}, {m2:.6g}) at distance {distance:.3g}\n")


def _task(data: str) -> Task:
    if data in NETWORK_DATA and not Path(data).exists():
        return task(data)
    try:
        content = Path(data).read_bytes()
    except OSError as err:
        raise UsageError(
            f"cannot read {data}: {err.strerror} (the named data sets are {', '.join(NETWORK_DATA)})"
        ) from None
    return task_from_csv(content, Path(data).stem)


def _finite(values: Any) -> Any:
    """Nested lists of floats for JSON, which has no NaN or infinity: those become null."""
    if isinstance(values, (list, tuple)):
        return [_finite(v) for v in values]
    return _json_number(float(values))


def _cmd_train(args: argparse.Namespace, out: Any) -> None:
    data = _task(args.data)
    net = network_for(data, args.hidden, args.activation)
    run = train(net, data, args.opt, args.lr, args.epochs, args.batch, args.seed, args.tol, **_hyper(args))
    land = landscape(run, args.plane, args.grid, args.span, args.seed) if args.plane else None
    if args.json:
        result: dict[str, Any] = {
            "data": data.name,
            "kind": data.kind,
            "points": len(data),
            "network": f"{net.inputs}-{net.hidden}-1",
            "activation": net.activation,
            "size": net.size,
            "optimizer": args.opt,
            "lr": args.lr,
            "epochs": len(run.thetas) - 1,
            "status": run.status,
            "message": run.message,
            "loss": _json_number(run.loss),
            "accuracy": run.accuracy,
        }
        if land is not None:
            result["landscape"] = {
                "plane": land.plane,
                "labels": list(land.labels),
                "a": _finite(land.a.tolist()),
                "b": _finite(land.b.tolist()),
                "values": _finite(land.values.tolist()),
                "path": _finite(land.path.tolist()),
                "path_values": _finite(land.path_values.tolist()),
                "explained": None if land.explained is None else land.explained.tolist(),
            }
        json.dump(result, out, ensure_ascii=False)
        out.write("\n")
        return
    how = f"batches of {args.batch}" if args.batch else "full batch"
    out.write(
        f"{data.name}: {len(data)} points, {data.kind}; network {net.inputs}-{net.hidden}-1 {net.activation}, "
        f"{net.size} weights; {args.opt}, α = {args.lr:g}, {how}, seed {args.seed}\n"
    )
    out.write(f"{run.message}\n")
    accuracy = f"   accuracy {100 * run.accuracy:.1f} %" if run.accuracy is not None else ""
    out.write(f"L(θ*) = {run.loss:.6g} (from {run.losses[0]:.6g}){accuracy}\n")
    if land is not None:
        x, y = land.labels
        out.write(
            f"{land.plane} plane, {len(land.a)} × {len(land.b)}: {x} in ±{land.a[-1]:.3g}, {y} in ±{land.b[-1]:.3g}; "
            f"L from {np.nanmin(land.values):.4g} to {np.nanmax(land.values):.4g}\n"
        )


def _cmd_points(args: argparse.Namespace, out: Any) -> None:
    points = stationary_points(_loss(args))
    if args.json:
        rows = [
            {"point": list(p.point), "value": p.value, "kind": p.kind, "eigenvalues": list(p.eigenvalues)}
            for p in points
        ]
        json.dump(rows, out, indent=2)
        out.write("\n")
        return
    if not points:
        out.write("no stationary point in view\n")
    for p in points:
        (x, y), (l1, l2) = p.point, p.eigenvalues
        out.write(f"{p.kind:<10} ({x:.6g}, {y:.6g})  L = {p.value:.6g}  Hessian eigenvalues {l1:.4g}, {l2:.4g}\n")


def _attach_negative_values(argv: Sequence[str]) -> list[str]:
    """Let ``--start -1,2`` and ``--lr -1e-3`` through: argparse would take them for options."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        following = argv[i + 1] if i + 1 < len(argv) else ""
        if token.startswith("--") and "=" not in token and re.match(r"-[\d.]", following):
            out.append(f"{token}={following}")
            i += 2
        else:
            out.append(token)
            i += 1
    return out


def main(argv: Sequence[str] | None = None, out: Any = None) -> int:
    """Run the command line; returns the exit status (2 for a bad argument)."""
    out = out or sys.stdout
    try:
        args = _parser().parse_args(_attach_negative_values(sys.argv[1:] if argv is None else argv))
        {"losses": _cmd_losses, "run": _cmd_run, "train": _cmd_train, "points": _cmd_points}[args.command](args, out)
    except ExpressionError as error:
        where = f" (at column {error.column + 1})" if error.column is not None else ""
        sys.stderr.write(f"gdviz: error in --expr: {error.message}{where}\n")
        return 2
    except (UsageError, ValueError) as error:
        sys.stderr.write(f"gdviz: error: {error}\n")
        return 2
    except BrokenPipeError:  # the reader left (`| head`): no traceback, and none at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
