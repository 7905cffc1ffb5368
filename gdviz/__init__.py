"""gdviz: see gradient descent on 2-D loss surfaces.

The library under the app: losses with exact derivatives, torch-faithful optimizers, the
descent loop, stationary points and step-size theory, and Plotly figure builders.
"""

from gdviz.analysis import StationaryPoint, StepSizeTheory, stationary_points, step_size_theory
from gdviz.descent import descend, descend_many
from gdviz.expression import parse_loss
from gdviz.formula import ExpressionError
from gdviz.losses import DIVERGENCE_LIMIT, LOSSES, Loss, get_loss
from gdviz.optimizers import OPTIMIZERS, Optimizer, hyperparameters
from gdviz.runs import Run, Runs

__all__ = [
    "DIVERGENCE_LIMIT",
    "LOSSES",
    "OPTIMIZERS",
    "ExpressionError",
    "Loss",
    "Optimizer",
    "Run",
    "Runs",
    "StationaryPoint",
    "StepSizeTheory",
    "descend",
    "descend_many",
    "get_loss",
    "hyperparameters",
    "parse_loss",
    "stationary_points",
    "step_size_theory",
]
