"""A formula typed by a user → a ``Loss``, safely (``parse_loss``).

The text is parsed without evaluating it (``gdviz.formula``). Then the symbolic work, the
derivatives and their compilation, is done first in a separate process under a deadline: a
formula within every size limit can still have a Hessian that takes minutes to expand, and
the derivatives' size is bounded before they are compiled. A formula with no view of its own
is framed around its stationary points.
"""

from __future__ import annotations

import functools
import json
import select
import subprocess
import sys
import threading
from typing import Any

import numpy as np
import sympy as sp

from .formula import ExpressionError, parse_expression
from .losses import Bounds, Loss, X, Y

MAX_DERIVATIVE_OPS = 20_000

AUTO_SEARCH: Bounds = ((-6.0, 6.0), (-6.0, 6.0))
"""Where ``auto_bounds`` looks for stationary points to frame."""
_DEFAULT_VIEW: Bounds = ((-3.0, 3.0), (-3.0, 3.0))


def auto_points(loss: Loss) -> list[Any]:
    """The stationary points ``auto_bounds`` frames: those in ``AUTO_SEARCH`` (none: the ±3 view)."""
    from .analysis import stationary_points

    return stationary_points(loss, AUTO_SEARCH, seeds=24)


def auto_bounds(loss: Loss) -> Bounds:
    """A view for a formula with no known view: around its stationary points, else ±3."""
    points = auto_points(loss)
    if not points:
        return _DEFAULT_VIEW
    xy = np.array([p.point for p in points])
    low, high = xy.min(0), xy.max(0)
    centre, half = (low + high) / 2, np.maximum((high - low) / 2 + 1.5, 3.0)
    half = np.full(2, half.max())  # square: the contour map keeps equal scales
    return tuple((float(round(c - h, 2)), float(round(c + h, 2))) for c, h in zip(centre, half))  # type: ignore[return-value]


DERIVE_SECONDS = 3.0
"""Wall-clock bound on the symbolic work (derivatives, compilation) for one formula."""
STARTUP_SECONDS = 15.0
"""Extra time the first check may take while the checker process imports sympy."""


def _derive(text: str) -> None:
    """All the symbolic work of parse_loss: the derivatives, their size checks, the compilation."""
    expr = parse_expression(text)
    grads = [sp.diff(expr, v) for v in (X, Y)]
    if sum(sp.count_ops(g) for g in grads) > MAX_DERIVATIVE_OPS:
        raise ExpressionError("the formula's derivatives are too large to compute quickly", text)
    Loss("custom", expr, _DEFAULT_VIEW)


def _derive_outcome(text: str) -> list[Any] | None:
    """None when the symbolic work succeeds, else [template, values, column] (the server words it)."""
    try:
        _derive(text)
        return None
    except ExpressionError as err:
        return [err.template, err.values, err.column]
    except RecursionError:
        return ["the formula is nested too deeply", {}, None]
    except Exception as err:  # anything sympy raises on a formula it cannot handle
        return ["the formula cannot be differentiated ({kind})", {"kind": type(err).__name__}, None]


def worker_main() -> None:  # pragma: no cover - runs in the checker process
    """The checker process: one JSON-encoded formula per line in, one outcome per line out."""
    for line in sys.stdin:
        sys.stdout.write(json.dumps(_derive_outcome(json.loads(line))) + "\n")
        sys.stdout.flush()


class _Checker:
    """A separate Python process that does the symbolic work first, under a deadline.

    Sympy cannot be interrupted, and a formula within every size limit can still have a Hessian
    that takes minutes to expand: the server must not be the one that waits. The process is
    started on first use, reused while it answers in time, and killed (then started again for
    the next formula) when it does not. One formula at a time; a lock queues the others.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._warm = False

    def _process(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, "-c", "from gdviz.expression import worker_main; worker_main()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                bufsize=1,
            )
            self._warm = False
        return self._proc

    def _kill(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
        self._proc, self._warm = None, False

    def check(self, text: str, seconds: float) -> None:
        """Raise ExpressionError if the symbolic work fails or takes longer than ``seconds``."""
        with self._lock:
            proc = self._process()
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(json.dumps(text) + "\n")
            proc.stdin.flush()
            wait = seconds if self._warm else seconds + STARTUP_SECONDS
            ready, _, _ = select.select([proc.stdout], [], [], wait)
            line = proc.stdout.readline() if ready else ""
            if not line:
                self._kill()
                raise ExpressionError(
                    "the formula is too complex: its derivatives take more than {seconds:g} s", text, seconds=seconds
                )
            self._warm = True
        outcome = json.loads(line)
        if outcome is not None:
            template, values, column = outcome
            raise ExpressionError(template, text, column, **values)


_CHECKER = _Checker()


@functools.lru_cache(maxsize=128)
def parse_loss(text: str, bounds: Bounds | None = None) -> Loss:
    """A ``Loss`` from a formula typed by a user, with exact gradient and Hessian.

    Example: ``parse_loss("x**2 + 3*y**2")``; ``parse_loss("(1-x)^2 + 100*(y-x^2)^2")``.
    The result is cached per text and view: a page that reruns does not redo the work.

    Raises:
        ExpressionError: the text is not an allowed formula (see the module's grammar and limits),
            or its derivatives take longer than ``DERIVE_SECONDS``.
    """
    expr = parse_expression(text)  # refuses hostile text at once, before any other work
    _CHECKER.check(text, DERIVE_SECONDS)
    try:
        loss = Loss("custom", expr, bounds or _DEFAULT_VIEW, (), " ".join(text.split()), {})
    except RecursionError:
        raise ExpressionError("the formula is nested too deeply", text) from None
    return loss if bounds is not None else loss.with_bounds(auto_bounds(loss))
