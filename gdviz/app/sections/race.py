"""The optimizer race (pages/optimizers.py, /race): several optimizers from one W⁰, each with its own α."""

from __future__ import annotations

import math

import streamlit as st

from ...analysis import StationaryPoint
from ...descent import Entrant
from ...i18n import t
from ...losses import Loss
from ...optimizers import OPTIMIZERS
from ...runs import Run, outcome_name
from ..controls import hyper_controls, number_field
from ..fields import FIELDS, optimizer_help
from ..panels import show_table

RACE_DEFAULT = ("gd", "momentum", "adam")


RACE_STEPS = 600
"""The race's own default steps: on the default quadratic gd converges in 232, momentum (β = 0.9)
in 374 and Adam in 406, so each entrant finishes rather than two of three ending at max steps."""


def race_controls() -> list[Entrant]:
    """Which optimizers race, each with its own α and hyperparameters."""
    chosen = st.multiselect(
        t("optimizers"),
        options=list(OPTIMIZERS),
        default=list(RACE_DEFAULT),
        key="race",
        bind="query-params",
        max_selections=6,
        help=optimizer_help(),
    )
    entrants = []
    for opt in chosen:
        f = FIELDS[f"race_lr_{opt}"]
        with st.expander(t("{name}: α and hyperparameters", name=opt), expanded=False):
            lr = float(number_field(f, fmt="%.6g"))
            hyper = hyper_controls(opt)
        entrants.append(Entrant(opt, lr, hyper))
    return entrants


def race_table(loss: Loss, entrants: list[Entrant], runs: list[Run], points: list[StationaryPoint]) -> None:
    """Steps, the evaluations each run made and their cost, final loss, distance to the nearest
    minimum, status."""
    minima = list(loss.minima) or [p.point for p in points if p.kind == "minimum"]
    rows = []
    for e, run in zip(entrants, runs):
        distance = min((math.dist(run.final, m) for m in minima), default=None)
        gradients, hessians, values = (int(v) for v in run.evaluations[-1])
        rows.append(
            {
                t("optimizer"): e.optimizer,
                "α": e.lr,
                t("status"): outcome_name(run.status, run.kind, run.trend),
                t("steps"): run.steps,
                t("∇L evaluations"): gradients,
                t("Hessian evaluations"): hessians,
                t("L evaluations"): values,
                t("cost"): int(run.cost()[-1]),
                t("final L"): run.value,
                t("‖∇L‖ at the end"): float(run.grad_norms[-1]),
                t("distance to the nearest minimum"): distance,
            }
        )
    show_table(rows)
