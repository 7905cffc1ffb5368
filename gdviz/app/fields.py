"""The link's vocabulary: every query parameter with its label, range and default, in one place.

No Streamlit here. A page's state is its link (``?loss=rosenbrock&lr=0.0018``); each control's
widget key is its parameter, and ``FIELDS`` says what each may hold, so that a link value the
widget would refuse gets a visible warning (``link_warnings``) instead of silently vanishing.
Also the presets: where a lesson starts on each loss.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..data import BUILTINS
from ..formula import MAX_LENGTH
from ..i18n import DEFAULT, LANGUAGES, code, t
from ..lesson import STEPS as LESSON_STEPS
from ..losses import SPECS
from ..network import ACTIVATIONS, DEFAULTS, MAX_EPOCHS, MAX_HIDDEN, NETWORK_DATA, PLANES
from ..optimizers import OPTIMIZERS, hyperparameters

LR_MIN, LR_MAX = 1e-5, 10.0


LR_OPTIONS: tuple[float, ...] = tuple(
    sorted(
        {float(f"{m * 10.0**e:.10g}") for e in range(-5, 1) for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)} | {LR_MAX}
    )
)
"""The α slider's stops: ten per decade from 1e-5 to 10 (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8)."""


STEPS_MAX = 5000
"""Per-run bound on the work one request can ask for (the table, the curves, the payload)."""


COORD_LIMIT = 1e6


OPTIMIZER_NAMES = {
    "gd": "Gradient descent (gd)",
    "momentum": "Momentum",
    "nesterov": "Nesterov momentum",
    "adagrad": "Adagrad",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "newton": "Newton (damped by α)",
    "linesearch": "Steepest descent + Armijo line search",
}


def optimizer_help() -> str:
    return "  \n".join(f"**{k}**: {t(v)}" for k, v in OPTIMIZER_NAMES.items())


UPLOAD = "upload"
"""The data menu's choice of a CSV file, as the link names it (data=upload)."""


RISK_STEPS = 3000
"""The empirical-risk page's own default steps: at α* full-batch gd fits study_hours' logistic
risk (κ ≈ 290) in about 2,600 steps; 300 left it far from ★."""


RACE_LR = {"adam": 0.05, "adagrad": 0.5, "rmsprop": 0.01, "newton": 1.0, "linesearch": 1.0}


NETWORK_LR = {
    "gd": 0.5,
    "momentum": 0.1,
    "nesterov": 0.1,
    "adagrad": 0.3,
    "rmsprop": 0.01,
    "adam": 0.02,
    "newton": 0.1,
    "linesearch": 1.0,
}
"""The network page's α for each optimizer (a choice of optimizer, or a link that names one
without α, sets it): in the default 1,000 epochs each first-order rule trains the default 2-8-1
tanh network on two moons to ≥ 95 % accuracy (tests/test_network_page.py); so does gd at 0.5 on
every built-in data set without diverging (a regression's squared error curves more than the
cross-entropy: α = 1 diverges there). Newton heads for any point where ∇L = 0 and goes nowhere
much on this loss, whatever its α: the page shows that rather than hide it."""


NEWTON_EPOCHS = 100
"""The epochs Newton's method starts with on the network page: each of its updates computes the
full Hessian, and ``network.MAX_NEWTON_WORK`` bounds epochs × weights × rows."""


NETWORK_GRID = (21, 61)
"""The landscape's samples per side on the network page: 21² to 61² networks evaluated at once."""


@dataclass(frozen=True)
class Field:
    """A control bound to the URL: its key (the query parameter), default and allowed values."""

    key: str
    label: str
    default: Any
    lo: float | None = None
    hi: float | None = None
    options: tuple[Any, ...] = ()
    arg: str = ""
    """A hyperparameter's keyword for the optimizer (torch.optim's name): ``betas`` for Adam's β1."""
    part: int | None = None
    """Which element of a tuple keyword the field is (β1 is ``betas[0]``)."""

    def check(self, text: str) -> str | None:
        """Why ``text`` is not a valid value of this field (None when it is)."""
        if self.options:
            return (
                None if text in self.options else t("is not one of: {names}", names=", ".join(map(str, self.options)))
            )
        if isinstance(self.default, bool):
            return None if text.lower() in ("true", "false") else t("must be true or false")
        if isinstance(self.default, str):  # free text (a formula): only its length is checked here
            return None if len(text) <= MAX_LENGTH else t("is longer than {most} characters", most=MAX_LENGTH)
        try:
            number = float(text)
        except ValueError:
            return t("is not a number")
        if not math.isfinite(number):
            return t("is not a finite number")
        if isinstance(self.default, int) and number != int(number):
            return t("is not a whole number")
        if (self.lo is not None and number < self.lo) or (self.hi is not None and number > self.hi):
            return t("is outside [{lo:g}, {hi:g}]", lo=self.lo, hi=self.hi)
        return None


# Loss parameters and optimizer hyperparameters: key "<loss>_<param>" / "<optimizer>_<name>".
PARAM_RANGES: dict[str, tuple[float, float]] = {
    "quadratic_a": (0.01, 100.0),
    "quadratic_b": (0.01, 100.0),
    "quadratic_theta": (-3.1416, 3.1416),
    "rosenbrock_a": (-3.0, 3.0),
    "rosenbrock_b": (0.0, 1000.0),
    "rastrigin_A": (0.0, 50.0),
}


HYPER_RANGES: dict[str, tuple[float, float]] = {
    "momentum": (0.0, 0.999),
    "alpha": (0.0, 0.9999),
    "beta1": (0.0, 0.9999),
    "beta2": (0.0, 0.99999),
    "eps": (1e-12, 1.0),
    "lr_decay": (0.0, 1.0),
    "initial_accumulator_value": (0.0, 10.0),
    "c": (1e-6, 0.5),
    "shrink": (0.1, 0.9),
    "max_backtracks": (1, 100),
}


def hyper_fields(opt: str) -> list[Field]:
    """The optimizer's hyperparameters as fields, keyed ``<optimizer>_<name>`` (``adam_beta1``)."""
    out = []
    for name, default in hyperparameters(opt).items():
        if name == "betas":
            out += [
                Field(f"{opt}_beta{i + 1}", f"β{i + 1}", float(b), *HYPER_RANGES[f"beta{i + 1}"], arg=name, part=i)
                for i, b in enumerate(default)
            ]
        elif isinstance(default, bool):
            out.append(Field(f"{opt}_{name}", name, default, arg=name))
        else:
            out.append(Field(f"{opt}_{name}", name, default, *HYPER_RANGES[name], arg=name))
    return out


def optimizer_kwargs(fields: list[Field], values: list[Any]) -> dict[str, Any]:
    """The optimizer's keyword arguments from its fields' values: β1 and β2 become ``betas``, a
    whole-number field an int (``max_backtracks``)."""
    kwargs: dict[str, Any] = {}
    for f, value in zip(fields, values):
        if f.part is not None:
            kwargs.setdefault(f.arg, []).append(float(value))
        elif isinstance(f.default, int) and not isinstance(f.default, bool):
            kwargs[f.arg] = int(value)
        else:
            kwargs[f.arg] = value
    return {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}


def _fields() -> dict[str, Field]:
    """Every link key the app knows: the shared controls, each page's own, every built-in loss's
    parameters (``<loss>_<param>``), every optimizer's hyperparameters and the race's α for each."""
    fields = (
        Field("loss", "loss", "quadratic", options=tuple(SPECS)),
        Field("x0", "w1 of W⁰", -2.5, -COORD_LIMIT, COORD_LIMIT),  # the quadratic's preset below
        Field("y0", "w2 of W⁰", 2.0, -COORD_LIMIT, COORD_LIMIT),
        Field("lr", "exact α", 0.08, 1e-8, 100.0),
        Field("steps", "steps", 300, 1, STEPS_MAX),
        Field("opt", "optimizer", "gd", options=tuple(OPTIMIZERS)),
        Field("tol", "tolerance", 1e-8, 1e-15, 1.0),
        Field("log", "log height", False),
        Field("expr", "formula", "x^2 + 3*y^2"),
        Field("noise", "noise σ", 0.0, 0.0, 1e3),
        Field("seed", "seed", 0, 0, 2**31 - 1),
        # The lab opens with its "too small / about right / too large" preset for the default view.
        Field("lr1", "α₁", 0.0174, 1e-8, 100.0),
        Field("lr2", "α₂", 0.175, 1e-8, 100.0),
        Field("lr3", "α₃", 0.221, 1e-8, 100.0),
        Field("budget", "same budget", False),
        Field("grid", "starts per side", 200, 20, 300),
        Field("sp_lr", "α for the demonstration", None, 1e-6, 10.0),  # None: from the saddle's curvature
        Field("sp_model", "quadratic model at", "none"),
        Field("sp_saddle", "the saddle demonstration at", ""),  # "": the first saddle in view
        Field("model", "model", "linear", options=("linear", "logistic")),
        Field("data", "data", "line", options=(*BUILTINS, "upload")),  # "upload": a CSV file (UPLOAD)
        Field("center", "center x", False),
        Field("scale", "scale x", False),
        Field("batch", "batch size", 10, 1, 20_000),
        Field("epochs", "epochs", 20, 1, 10_000),
        Field("rx0", "w1 of W⁰", 0.0, -COORD_LIMIT, COORD_LIMIT),
        Field("ry0", "w2 of W⁰", 0.0, -COORD_LIMIT, COORD_LIMIT),
        Field("view_auto", "automatic view", True),
        Field("xmin", "xmin", -3.0, -1e6, 1e6),
        Field("xmax", "xmax", 3.0, -1e6, 1e6),
        Field("ymin", "ymin", -3.0, -1e6, 1e6),
        Field("ymax", "ymax", 3.0, -1e6, 1e6),
        # the neural network page (/network): its own keys, so that its α, epochs and seed do not
        # overwrite the empirical risk's (and the basins' grid) when the student moves between pages
        # (the defaults are gdviz.network's, the command line's too)
        Field("ndata", "data", DEFAULTS["data"], options=(*NETWORK_DATA, UPLOAD)),
        Field("hidden", "hidden units", DEFAULTS["hidden"], 1, MAX_HIDDEN),
        Field("act", "activation", DEFAULTS["activation"], options=ACTIVATIONS),
        Field("nopt", "optimizer", DEFAULTS["optimizer"], options=tuple(OPTIMIZERS)),
        Field("nlr", "exact α", NETWORK_LR[DEFAULTS["optimizer"]], 1e-8, 100.0),
        Field("nepochs", "epochs", DEFAULTS["epochs"], 1, MAX_EPOCHS),
        Field("nbatch", "batch size (0: all points)", 0, 0, 20_000),
        Field("nseed", "seed", 0, 0, 2**31 - 1),
        Field("plane", "plane", DEFAULTS["plane"], options=PLANES),
        Field("ngrid", "grid points per side", DEFAULTS["grid"], *NETWORK_GRID),
        Field("lang", "language", DEFAULT, options=tuple(LANGUAGES)),
        Field("step", "lesson step", 1, 1, len(LESSON_STEPS)),
        Field("present", "presenter mode", False, options=("0", "1", "false", "true")),
    )
    params = (
        Field(f"{name}_{p}", p, float(default), *PARAM_RANGES[f"{name}_{p}"])
        for name, spec in SPECS.items()
        for p, default in spec.defaults.items()
    )
    hyper = (f for opt in OPTIMIZERS for f in hyper_fields(opt))
    race = (Field(f"race_lr_{opt}", "α", RACE_LR.get(opt, 0.08), 1e-8, 100.0) for opt in OPTIMIZERS)
    return {f.key: f for f in (*fields, *params, *hyper, *race)}


FIELDS = _fields()


def link_warnings(params: Mapping[str, str], fields: Mapping[str, Field] = FIELDS) -> list[str]:
    """One plain message per link value that cannot be used (the default is used instead)."""
    out = []
    for key, text in params.items():
        f = fields.get(key)
        if f is None:
            continue
        problem = f.check(str(text))
        if problem:
            shown = str(text) if len(str(text)) <= 40 else str(text)[:40] + "…"
            out.append(
                t(
                    "The link's {setting} {problem}; using the default {label} = {default} instead.",
                    setting=code(f"{key}={shown}"),  # the link's text as typed, never read as Markdown
                    problem=problem,
                    label=t(f.label),
                    default=link_default(f),
                )
            )
    return out


def link_default(f: Field) -> str:
    """A field's default as the link writes it, the same in every language: a toggle's `false`,
    not Python's False; a field empty by default (α from the curvature) says so in words."""
    if isinstance(f.default, bool):
        return code(str(f.default).lower())
    if f.default is None or f.default == "":
        return t("empty")
    return code(f.default)


def nearest_lr_stop(lr: float) -> float:
    """The slider stop closest to lr on a log scale."""
    return min(LR_OPTIONS, key=lambda v: abs(math.log(v) - math.log(max(lr, 1e-300))))


@dataclass(frozen=True)
class Preset:
    """Where a lesson starts on each loss: W⁰, α, the height scale, and steps and tolerance enough
    for gradient descent to converge there, with α below 2/λmax at W⁰ (tests/test_app.py)."""

    start: tuple[float, float]
    lr: float
    log_height: bool = False
    steps: int = 300  # the defaults of the steps and tolerance fields
    tol: float = 1e-8

    def values(self) -> dict[str, Any]:
        """The preset by the keys of its controls."""
        x0, y0 = self.start
        return {"x0": x0, "y0": y0, "lr": self.lr, "log": self.log_height, "steps": self.steps, "tol": self.tol}


PRESETS: dict[str, Preset] = {
    "quadratic": Preset((-2.5, 2.0), 0.08),
    # gd drops into the curved valley and follows it slowly: ‖∇L‖ ≤ 0.01 takes about 4,900 steps.
    # From here α·λmax stays below 2 at every point of the path (from (−1, 2) the first step lands
    # where it is 5.5: the run survives, but the gauge must say its bound was crossed).
    "rosenbrock": Preset((-0.5, 1.0), 0.0018, log_height=True, steps=5000, tol=1e-2),
    # on the saddles' stable line gd walks into the stationary point that is not a minimum
    "saddle": Preset((1.5, 0.0), 0.1),
    # …slowly on the monkey saddle, whose gradient vanishes like w1²
    "monkey_saddle": Preset((1.0, 0.0), 0.1, steps=1000, tol=1e-4),
    "himmelblau": Preset((-2.5, 0.0), 0.01),
    "beale": Preset((-1.0, 0.0), 0.03, log_height=True, steps=2000),
    "booth": Preset((-5.0, 5.0), 0.05),
    "rastrigin": Preset((2.2, 2.8), 0.002),  # stuck in a ripple's local minimum, as it should be
    "six_hump_camel": Preset((-1.5, 1.0), 0.02),
    "matyas": Preset((-8.0, 6.0), 1.0, steps=500),
}
