"""Formulas typed by users: the grammar, the refusals, exact derivatives, and the page and CLI."""

from __future__ import annotations

import functools
import io
import json
import re
import time

import numpy as np
import pytest
from support import open_page, viewer_data

import gdviz
from gdviz import ExpressionError, parse_loss
from gdviz.__main__ import main
from gdviz.app import fields
from gdviz.expression import DERIVE_SECONDS
from gdviz.formula import parse_expression

HOSTILE = [
    "__import__('os').system('id')",
    "__import__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "x.real",
    "open('/etc/passwd').read()",
    "eval('1')",
    "exec('x=1')",
    "getattr(x, 'y')",
    "import os",
    "lambda: 0",
    "(lambda: x)()",
    "[x for x in range(10**9)]",
    "{x: y}",
    "{x}",
    "(x, y)",
    "x if y else 1",
    "x and y",
    "x < y",
    "x == y",
    "x := 3",
    "f'{x}'",
    "'x' * 10",
    "b'abc'",
    "x[0]",
    "sin.__globals__",
    "globals()",
    "breakpoint()",
    "sin(x=1)",
    "sin(*x)",
    "sin(x, y)",
    "sum(x)",
    "x // y",
    "x % y",
    "x @ y",
    "x << 2",
    "~x",
    "not x",
    "x; y",
    "x\ny",
    "#x",
    "9**9**9**9",
    "2**2**2**2**2",
    "x**(10**6)",
    "(x**2)**1000",
    "10**10**10",
    "1e400",
    "123456789012345678901234567890",
    "1/0",
    "0**-1",
    "log(-1)",
    "sqrt(-4)",
    "х**2",  # Cyrillic х
    "ｘ**2",  # fullwidth x
    "x²",
    "x·y",
    "π*x",
    "x\u200b+y",  # zero-width space
    "(" * 200 + "x" + ")" * 200,
    "sin(" * 40 + "x" + ")" * 40,
    "x+" * 300 + "x",
    "x" * 501,
    "",
    "   ",
    "2x",
    "(x+1)(y-1)",
    "x(y+1)",
    "e x",
    "True",
    "None",
    "...",
]


@pytest.mark.unit
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_or_invalid_text_is_refused_at_once(text):
    started = time.perf_counter()
    with pytest.raises(ExpressionError) as info:
        parse_loss(text)
    assert time.perf_counter() - started < 1.0
    message = info.value.message
    assert message and "Traceback" not in message and len(message) < 200


@pytest.mark.unit
def test_refusals_point_at_the_offending_part():
    with pytest.raises(ExpressionError) as info:
        parse_loss("x**2 + foo(y)")
    err = info.value
    assert "foo" in err.message and err.column == 7
    assert "^^^" in str(err)  # the text with a marker under the name
    with pytest.raises(ExpressionError, match=r"write `2\*x`"):
        parse_loss("2x + y")
    with pytest.raises(ExpressionError, match="exponent is too large"):
        parse_loss("x**9**9**9")


# Students' common mistakes: the message says where (the column, 1-based in words, 0-based in
# err.column), what was found and what to write instead, with the code in code spans.
MISTAKES = [
    ("2x + y", 1, ["column 2", "`2*x`"]),
    ("x y", 2, ["column 3", "`x*y`"]),
    ("(x+1)(y-1)", 5, ["column 6", "`(x+1)*(y-1)`"]),
    ("3*x + 2sin(y)", 7, ["column 8", "`2*sin(y)`"]),
    ("x^", 1, ["ends after `^`", "`x`", "`(`"]),
    ("x + * y", 4, ["`*` at column 5", "cannot follow `+`", "a number, `x`, `y`, a function or `(`"]),
    ("(x + 1", 0, ["`(` at column 1 is never closed", "`)` is missing"]),
    ("((x + 1", 0, ["2 `(` are never closed", "column 1"]),
    ("x + 1)", 5, ["`)` at column 6 closes nothing"]),
    ("sin x", 0, ["`sin` is a function", "`sin(x)`"]),
    ("x**2 + sin", 7, ["`sin` is a function", "`sin(…)`"]),
    ("0,5*x**2 + y**2", 0, ["`0,5`", "`0.5`", "point"]),
    ("x + y // 2", 4, ["`//`"]),
    ("x $ y", 2, ["`$`"]),
]


@pytest.mark.unit
@pytest.mark.parametrize(("text", "column", "pieces"), MISTAKES)
def test_a_common_mistake_gets_a_message_that_says_where_and_what_to_write(text, column, pieces):
    with pytest.raises(ExpressionError) as info:
        parse_expression(text)
    err = info.value
    assert err.column == column, err.message
    for piece in pieces:
        assert piece in err.message, err.message
    assert "not a formula the app can read" not in err.message


@pytest.mark.unit
def test_sympy_never_sees_the_raw_text(monkeypatch):
    import sympy

    def forbidden(*args, **kwargs):
        raise AssertionError("sympify/parse_expr must not be called on user text")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
    assert parse_expression("sin(x) + y^2") == sympy.sin(gdviz.losses.X) + gdviz.losses.Y**2


@pytest.mark.unit
def test_the_grammar():
    X, Y = gdviz.losses.X, gdviz.losses.Y
    import sympy as sp

    cases = {
        "x**2 + 3*y**2": X**2 + 3 * Y**2,
        "x^2 + 3*y^2": X**2 + 3 * Y**2,
        "w1**2 - w2": X**2 - Y,
        "-x + +y": -X + Y,
        "1e-3*x": X / 1000,
        "2.5*y": sp.Rational(5, 2) * Y,
        "pi*x + e": sp.pi * X + sp.E,
        "exp(x)*log(y)": sp.exp(X) * sp.log(Y),
        "sqrt(x) + abs(y)": sp.sqrt(X) + sp.Abs(Y),
        "tanh(x) + sinh(y) + cosh(x) + tan(y)": sp.tanh(X) + sp.sinh(Y) + sp.cosh(X) + sp.tan(Y),
        "arctan(x) + atan(y)": sp.atan(X) + sp.atan(Y),
        "(x - 1)^2 / (1 + y^2)": (X - 1) ** 2 / (1 + Y**2),
        "2**-x": 2 ** (-X),
    }
    for text, expected in cases.items():
        assert sp.simplify(parse_expression(text) - expected) == 0, text


VALID = [
    "x**2 + 3*y**2",
    "(1 - x)^2 + 100*(y - x^2)^2",
    "sin(x)*cos(y) + 0.1*(x^2 + y^2)",
    "exp(-(x^2 + y^2)) * x*y",
    "log(1 + x^2 + y^2) + atan(x*y)",
    "sqrt(1 + x^2) + tanh(y)^2",
    "x^3 - 3*x + y^2",
    "abs(x) + y^2",
]


@pytest.mark.unit
@pytest.mark.parametrize("text", VALID)
def test_derivatives_match_central_differences(text):
    loss = parse_loss(text)
    rng = np.random.default_rng(7)
    pts = rng.uniform(-1.5, 1.5, size=(20, 2))
    if "abs" in text:
        pts[:, 0] = np.where(np.abs(pts[:, 0]) < 0.1, 0.5, pts[:, 0])  # away from the kink
    h = 1e-6
    for x, y in pts:
        g = loss.gradient(x, y)
        num = [
            (loss.value(x + h, y) - loss.value(x - h, y)) / (2 * h),
            (loss.value(x, y + h) - loss.value(x, y - h)) / (2 * h),
        ]
        np.testing.assert_allclose(g, num, rtol=1e-6, atol=1e-6)
        H = loss.hessian(x, y)
        num_h = np.column_stack(
            [
                (loss.gradient(x + h, y) - loss.gradient(x - h, y)) / (2 * h),
                (loss.gradient(x, y + h) - loss.gradient(x, y - h)) / (2 * h),
            ]
        )
        np.testing.assert_allclose(H, num_h, rtol=1e-5, atol=1e-5)
        assert H[0, 1] == H[1, 0]


@pytest.mark.unit
def test_a_parsed_loss_behaves_like_a_built_in():
    mine = parse_loss("(1 - x)^2 + 100*(y - x^2)^2")
    builtin = gdviz.get_loss("rosenbrock")
    xs, ys = np.meshgrid(np.linspace(-2, 2, 9), np.linspace(-1, 3, 9))
    np.testing.assert_allclose(mine.value(xs, ys), builtin.value(xs, ys))
    a = gdviz.descend(mine, (-1.5, 2.0), lr=1e-3, steps=300)
    b = gdviz.descend(builtin, (-1.5, 2.0), lr=1e-3, steps=300)
    np.testing.assert_array_equal(a.path, b.path)
    kinds = {p.kind for p in gdviz.stationary_points(mine)}
    assert kinds == {"minimum"}


@pytest.mark.unit
def test_the_view_is_found_around_the_stationary_points():
    loss = parse_loss("(x - 5)^2 + (y + 4)^2")
    (x0, x1), (y0, y1) = loss.bounds
    assert x0 < 5 < x1 and y0 < -4 < y1
    assert parse_loss("x^2 + y^2", ((-1.0, 1.0), (-2.0, 2.0))).bounds == ((-1.0, 1.0), (-2.0, 2.0))


@pytest.mark.unit
def test_domain_problems_are_gaps_and_end_a_run_as_diverged(recwarn):
    loss = parse_loss("log(x) + y^2", ((-2.0, 2.0), (-2.0, 2.0)))
    _, _, z = loss.grid(40)
    assert np.isnan(z[:, :20]).all() and np.isfinite(z[:, 20:]).all()
    run = gdviz.descend(loss, (0.5, 1.0), lr=1.0, steps=50)
    assert run.status == "diverged" and run.reason in ("value", "gradient")
    assert "not a finite number" in run.message or "not finite" in run.message
    assert np.isfinite(run.path).all()
    many = gdviz.descend_many(loss, np.array([[0.5, 1.0], [0.9, 0.5], [3.0, 0.0]]), lr=1.0, steps=50)
    assert list(many.status[:2]) == ["diverged", "diverged"]
    assert set(many.reason[:2]) <= {"value", "gradient"} and np.isfinite(many.final).all()
    sqrt = parse_loss("sqrt(x) + 1/y")
    assert not np.isfinite(sqrt.value(-1.0, 1.0)) and not np.isfinite(sqrt.value(1.0, 0.0))
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.unit
def test_derivatives_that_take_too_long_are_refused_within_the_deadline():
    slow = "/".join(f"(x**{i}+y**{i}+1)" for i in range(1, 30))  # a valid formula, a huge Hessian
    started = time.perf_counter()
    with pytest.raises(ExpressionError, match="too complex"):
        parse_loss(slow)
    assert time.perf_counter() - started < DERIVE_SECONDS + 2.0
    assert parse_loss("x^2 + y^2").value(1.0, 2.0) == 5.0  # the checker recovers for the next one


@pytest.mark.unit
def test_cli_expr_runs_and_finds_points():
    out = io.StringIO()
    assert (
        main(["run", "--expr", "x**2 + 3*y**2", "--start", "1,1", "--lr", "0.1", "--steps", "500", "--json"], out) == 0
    )
    result = json.loads(out.getvalue())
    assert result["status"] == "converged"
    assert result["final"] == pytest.approx([0, 0], abs=1e-8)
    out = io.StringIO()
    assert main(["points", "--expr", "x^3 - 3*x + y^2", "--json"], out) == 0
    points = {(round(p["point"][0], 9), round(p["point"][1], 9)): p["kind"] for p in json.loads(out.getvalue())}
    assert points == {(1.0, 0.0): "minimum", (-1.0, 0.0): "saddle"}


@pytest.mark.unit
def test_cli_expr_errors_are_one_line(capsys):
    assert main(["run", "--expr", "__import__('os')", "--start", "1,1", "--lr", "0.1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "column" in err and "Traceback" not in err
    assert main(["points", "--expr", "x", "--param", "a=1"]) == 2


@pytest.mark.app
def test_gallery_examples_parse_and_run():
    from gdviz.app import panels
    from gdviz.app.sections import custom_loss

    for example in custom_loss.GALLERY:
        loss = parse_loss(example.expr)
        run = gdviz.descend(loss, example.start, lr=example.lr, steps=300)
        assert len(run.path) > 5, example.title
        assert not panels.outside_view(example.start, loss.bounds), example.title


_custom_page = functools.partial(open_page, "pages/custom_loss.py")


@pytest.mark.app
def test_the_page_reads_the_formula_from_the_link_and_draws_it():
    at = _custom_page(expr="x^2 + 2*y^2", x0="1", y0="1", lr="0.1")
    assert at.sidebar.text_input(key="expr").value == "x^2 + 2*y^2"
    assert any("2 w_{2}^{2}" in m.value for m in at.main.latex)
    names = {t["t"].get("name") for t in viewer_data(at)["contour"]["traces"] if "t" in t}
    assert {"path Wᵗ", "∇L (field, uphill)", "minimum"} <= names
    assert at.success and "converged" in at.success[0].value


@pytest.mark.app
@pytest.mark.parametrize("text", ["__import__('os').system('id')", "9**9**9**9", "2x"])
def test_the_page_shows_a_clear_error_for_a_bad_formula(text):
    at = _custom_page(expr=text)
    assert [e.value for e in at.error], "no message for a bad formula"
    assert viewer_data(at) is None


@pytest.mark.app
def test_the_missing_star_hint_shows_the_code_literally_on_the_page():
    at = _custom_page(expr="2x + y")
    message = at.error[0].value  # Markdown: st.error renders it
    assert "`2*x`" in message  # a code span: 2*x is shown as typed, its * not taken for emphasis
    prose = re.sub(r"`[^`]*`", "", re.sub(r"\*\*[^*]+\*\*", "", message))
    assert "*" not in prose, message  # no other * for Markdown to swallow


@pytest.mark.app
def test_the_gallery_tooltips_show_the_formulas_as_code():
    at = _custom_page()
    from gdviz.app.sections import custom_loss

    for i, example in enumerate(custom_loss.GALLERY):  # (1-x)^2 + 100*(y-x^2)^2 would lose its * to emphasis
        assert at.button(key=f"example_{i}").help.startswith(f"`{example.expr}` — "), example.expr


@pytest.mark.app
def test_a_formula_too_long_for_a_link_warns_and_uses_the_default():
    at = _custom_page(expr="x" * 600)
    assert any("longer than 500 characters" in w.value for w in at.warning)
    assert at.sidebar.text_input(key="expr").value == fields.FIELDS["expr"].default
    assert viewer_data(at) is not None


@pytest.mark.app
def test_a_gallery_click_loads_the_example():
    at = _custom_page()
    from gdviz.app.sections import custom_loss

    at.button(key="example_2").click().run()
    example = custom_loss.GALLERY[2]
    assert at.sidebar.text_input(key="expr").value == example.expr
    assert (at.sidebar.number_input(key="x0").value, at.sidebar.number_input(key="y0").value) == example.start


@pytest.mark.app
def test_the_page_notes_where_the_formula_is_undefined():
    at = _custom_page(expr="log(x) + y^2", x0="1", y0="1", lr="0.1")
    assert any("not a finite number" in i.value for i in at.info)
