"""Reading step-size theory on a page: the theory where it is finite, and numbers that do not
round onto the bound they are compared with.
"""

from __future__ import annotations

from .analysis import StepSizeTheory, step_size_theory
from .losses import Loss


def theory_or_none(loss: Loss, point: tuple[float, float] | None = None) -> StepSizeTheory | None:
    """Step-size theory at ``point`` (default: the first known minimum), None if not finite there."""
    try:
        return step_size_theory(loss, point)
    except ValueError:
        return None


class Apart(float):
    """A number that keeps apart from ``bound`` when formatted: ``{:.3g}`` writes as many more
    digits as it takes not to read as the bound. At α* on a narrow valley (κ = 144,000) α·λmax =
    2κ/(κ + 1) = 1.99999, which 3 digits write "2 < 2"; so the gauge's sentences stay true."""

    bound: float

    def __new__(cls, value: float, bound: float) -> Apart:
        number = super().__new__(cls, value)
        number.bound = bound
        return number

    def __format__(self, spec: str) -> str:
        text = float.__format__(self, spec)
        digits = int(spec[1:-1]) if spec.startswith(".") and spec.endswith("g") else 17
        while float(text) == self.bound != float(self) and digits < 17:
            digits += 1
            text = float.__format__(self, f".{digits}g")
        return text
