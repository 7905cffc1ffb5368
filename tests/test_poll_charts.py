"""The class poll's charts: valid Plotly figures that show what the class answered."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from gdviz import figures, get_loss
from gdviz.poll_charts import CLASS, TRUE, WRAP, add_class_points, tally_figure
from gdviz.style import START

pytestmark = pytest.mark.unit


def test_the_tally_shows_each_count_on_its_bar() -> None:
    fig = tally_figure(["converges", "zig-zags", "diverges"], [1, 3, 0])
    go.Figure(fig.to_dict())  # validates every property (the builders skip validation)
    bar = fig.data[0]
    assert list(bar.y) == ["converges", "zig-zags", "diverges"] and list(bar.x) == [1, 3, 0]
    assert list(bar.text) == ["1", "3", "0"] and set(bar.marker.color) == {CLASS}
    assert fig.layout.xaxis.range[1] > 3  # room for the longest bar's count


def test_a_long_option_wraps_and_its_row_grows() -> None:
    # a teacher's own option of 80 characters: on lines of at most WRAP, every word kept
    long = "the run goes straight down the steep wall, then crawls along the valley's floor!"
    fig = tally_figure(["short", long], [2, 1])
    go.Figure(fig.to_dict())
    short, wrapped = fig.data[0].y
    assert short == "short" and wrapped.replace("<br>", " ") == long
    assert max(map(len, wrapped.split("<br>"))) <= WRAP and wrapped.count("<br>") >= 3
    assert fig.layout.height > tally_figure(["short", "long enough"], [2, 1]).layout.height
    # the default options' labels, as the poll shows them, fit on one or two lines
    for label in ("converges smoothly", "converges to a saddle", "converge sem ziguezague"):
        assert tally_figure([label, "b"], [0, 0]).data[0].y[0].count("<br>") <= 1


def test_after_the_reveal_the_true_bar_is_green() -> None:
    fig = tally_figure(["a", "b"], [0, 0], correct=1)
    go.Figure(fig.to_dict())
    assert list(fig.data[0].marker.color) == ["#bdbdbd", START]
    # nobody chose it: its bar has no length, its label says it
    assert fig.data[0].y[0] == "a" and "✓ b" in fig.data[0].y[1] and START in fig.data[0].y[1]
    assert fig.layout.xaxis.range[1] > 0  # no answer yet: still a drawable axis


def test_the_class_points_mine_and_the_true_w1_on_the_map() -> None:
    loss = get_loss("quadratic")
    view = figures.View(loss.bounds)
    base = figures.contour_figure(loss, None, view)
    n = len(base.data)
    fig = add_class_points(base, [(0.0, 1.0), (1.0, 2.0)], mine=(1.0, 2.0), w1=(-2.25, 0.0))
    go.Figure(fig.to_dict())
    truth, guesses, mine = fig.data[n:]  # W¹ under the guesses: a right one lies on it, in sight
    assert list(guesses.x) == [0.0, 1.0] and list(guesses.y) == [1.0, 2.0]
    assert list(mine.x) == [1.0] and truth.marker.color == TRUE and list(truth.text) == ["W¹"]
    assert len(add_class_points(figures.contour_figure(loss, None, view), []).data) == n + 1  # no answer, no extra
