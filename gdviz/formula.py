"""A formula's text → a sympy expression, safely.

The text is never evaluated as Python, and sympy never sees it either (``sympify`` and
``parse_expr`` call ``eval``). It is parsed into a Python syntax tree (parsing runs no code),
every node is checked against an allow-list, and the sympy expression is built from the tree by
hand. Limits keep the work small: the length, the nesting depth, the number of nodes, the size
of numbers and of constant exponents (``9**9**9**9`` is refused before anything is computed).
Text that does not parse is diagnosed: what is wrong, in words, and the column where.

Grammar: the variables ``x``, ``y`` (``w1``, ``w2`` are aliases); numbers such as ``3``, ``0.5``,
``1e-3``; ``+ - * /``, powers ``**`` or ``^``, unary minus, parentheses; the functions
``sin cos tan exp log sqrt abs tanh sinh cosh arctan`` (``atan``); the constants ``pi`` and ``e``.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import sympy as sp

from .i18n import Message, code, t
from .losses import X, Y

MAX_LENGTH = 500
MAX_DEPTH = 24
MAX_NODES = 400
MAX_EXPONENT = 100
MAX_NUMBER = 1e15

VARIABLES: dict[str, sp.Symbol] = {"x": X, "y": Y, "w1": X, "w2": Y}
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "e": sp.E}
FUNCTIONS: dict[str, Callable[[sp.Expr], sp.Expr]] = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
    "tanh": sp.tanh,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "arctan": sp.atan,
    "atan": sp.atan,
}
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


class ExpressionError(Message):
    """A formula that cannot be used, with what is wrong and where (0-based column).

    ``message`` is what is wrong, in the current language; ``str(err)`` adds the formula with a
    caret under the column.
    """

    def __init__(
        self, template: str, text: str = "", column: int | None = None, width: int = 1, /, **values: Any
    ) -> None:
        super().__init__(template, **values)
        self.text, self.column, self.width = text, column, width

    def __str__(self) -> str:
        where = ""
        if self.column is not None and self.text:
            marks = "^" * max(1, min(self.width, len(self.text) - self.column))
            where = f"\n  {self.text}\n  {' ' * self.column}{marks}"
        return self.message + where


def _fail(template: str, text: str, node: ast.AST | None = None, **values: Any) -> ExpressionError:
    if node is not None and hasattr(node, "col_offset"):
        end = getattr(node, "end_col_offset", None) or node.col_offset + 1
        return ExpressionError(template, text, node.col_offset, end - node.col_offset, **values)
    return ExpressionError(template, text, **values)


def _check_characters(text: str) -> None:
    for i, ch in enumerate(text):
        if not ch.isascii():
            name = unicodedata.name(ch, "unknown character")
            raise ExpressionError(
                "only plain ASCII is allowed: {ch} ({name}) is not; type `x`, `y`, `*`, `**` instead",
                text,
                i,
                ch=code(ch),
                name=name,
            )
        if not (ch.isalnum() or ch in " \t+-*/^().,_"):
            raise ExpressionError("the character {ch} is not part of a formula", text, i, ch=code(ch))


_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-z_]\w*)|(?P<op>\*\*|[-+*/^])"
    r"|(?P<open>\()|(?P<close>\))|(?P<other>\S))"
)


def _group_end(text: str, start: int) -> int:
    """The end of the bracket group opened at ``start`` (brackets are balanced by now)."""
    depth = 0
    for i in range(start, len(text)):
        depth += (text[i] == "(") - (text[i] == ")")
        if depth == 0:
            return i + 1
    return len(text)


def _operand(text: str, start: int) -> str:
    """The operand written at ``start``: a number, a name (with its bracket group) or a group."""
    m = _TOKEN.match(text, start)
    if m is None or m.lastgroup not in ("number", "name", "open"):
        return "…"
    end = m.end()
    if m.lastgroup == "open":
        end = _group_end(text, m.start("open"))
    elif m.lastgroup == "name" and text[end:].lstrip().startswith("("):
        end = _group_end(text, text.index("(", end))
    return _short(text[m.start(m.lastgroup) : end])


def _short(part: str, most: int = 24) -> str:
    return part if len(part) <= most else part[: most - 1] + "…"


def _missing_star(text: str, left: str, column: int) -> ExpressionError:
    right = _operand(text, column)
    return ExpressionError(
        "a `*` is missing at column {col}: write `{left}*{right}` (a product such as `2x` or `(x+1)(y-1)` "
        "needs the `*`)",
        text,
        column,
        len(right),
        col=column + 1,
        left=left,
        right=right,
    )


def _diagnose(text: str) -> ExpressionError | None:
    """Why ``text`` does not parse: the first token that cannot stand where it is, what was found
    and what could stand there (brackets are balanced by now). None when no such token is found."""
    tokens = [(m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup)) for m in _TOKEN.finditer(text) if m.lastgroup]
    operand = True  # whether an operand must come next (else an operator or ")")
    starts: list[int] = []  # where each open bracket's operand begins (a function's name)
    left, prev = 0, ""  # where the last complete operand began; the previous token
    for i, (kind, token, col) in enumerate(tokens):
        if operand:
            if kind == "name" and token in FUNCTIONS:
                following = tokens[i + 1] if i + 1 < len(tokens) else None
                if following is None or following[0] != "open":
                    arg = following[1] if following and following[0] in ("number", "name") else "…"
                    return ExpressionError(
                        "`{name}` is a function: put its argument in brackets, `{name}({arg})`",
                        text,
                        col,
                        len(token),
                        name=token,
                        arg=arg,
                    )
            elif kind in ("number", "name"):
                left, operand = col, False
            elif kind == "open":
                function = i > 0 and tokens[i - 1][0] == "name" and tokens[i - 1][1] in FUNCTIONS
                starts.append(tokens[i - 1][2] if function else col)
            elif not (kind == "op" and token in "+-"):  # unary + and - may start an operand
                if i == 0:
                    return ExpressionError(
                        "a formula cannot start with `{found}`: expected a number, `x`, `y`, a function or `(`",
                        text,
                        col,
                        len(token),
                        found=token,
                    )
                return ExpressionError(
                    "`{found}` at column {col} cannot follow `{prev}`: expected a number, `x`, `y`, a function or `(`",
                    text,
                    col,
                    len(token),
                    found=token,
                    col=col + 1,
                    prev=prev,
                )
        elif kind == "op":
            operand = True
        elif kind == "close":
            left = starts.pop() if starts else left
        elif kind in ("number", "name", "open"):
            return _missing_star(text, _short(text[left:col].strip()), col)
        else:
            return ExpressionError(
                "`{found}` at column {col} cannot follow `{prev}`: expected an operator (`+ - * / ^`) or `)`",
                text,
                col,
                len(token),
                found=token,
                col=col + 1,
                prev=prev,
            )
        prev = token
    if tokens and operand:
        kind, token, col = tokens[-1]
        return ExpressionError(
            "the formula ends after `{prev}`: a number, `x`, `y` or `(` must follow it",
            text,
            col,
            len(token),
            prev=token,
        )
    return None


_FAMILY = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}


def _count(tree: ast.AST) -> tuple[int, int]:
    """Nodes and nesting depth of a tree, iteratively (deep text must not exhaust the stack).

    A long sum or product (a + b + c + …) is one level, not one level per term: Python nests
    it to the left, but sympy keeps it flat.
    """
    nodes, depth, stack = 0, 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        nodes += 1
        depth = max(depth, d)
        family = _FAMILY.get(type(node.op)) if isinstance(node, ast.BinOp) else None
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr_context | ast.operator | ast.unaryop):
                continue
            same = isinstance(child, ast.BinOp) and family and _FAMILY.get(type(child.op)) == family
            stack.append((child, d if same else d + 1))
    return nodes, depth


def _number(value: object, text: str, node: ast.AST) -> sp.Expr:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(
            "`{value!r}` is not a number; only numbers, `x`, `y` and the listed functions are allowed",
            text,
            node,
            value=value,
        )
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        number = text[node.col_offset : node.end_col_offset]
        raise _fail("the number `{number}` is too large (at most 1e15)", text, node, number=number)
    if isinstance(value, int):
        return sp.Integer(value)
    return sp.Rational(repr(value))  # 0.1 stays exactly 1/10, so formulas read cleanly


class _Builder:
    """Turns a checked syntax tree into sympy, node by allowed node."""

    def __init__(self, text: str) -> None:
        self.text = text

    def build(self, node: ast.AST) -> sp.Expr:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise _refused(node, self.text)
        return method(node)

    def _Expression(self, node: ast.Expression) -> sp.Expr:
        return self.build(node.body)

    def _Constant(self, node: ast.Constant) -> sp.Expr:
        return _number(node.value, self.text, node)

    def _Name(self, node: ast.Name) -> sp.Expr:
        if node.id in VARIABLES:
            return VARIABLES[node.id]
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        if node.id in FUNCTIONS:
            raise _fail(
                "`{name}` is a function: put its argument in brackets, `{name}({arg})`",
                self.text,
                node,
                name=node.id,
                arg="…",
            )
        raise _fail(
            "unknown name `{name}`: the variables are `x` and `y` (or `w1`, `w2`), the constants `pi` and `e`",
            self.text,
            node,
            name=node.id,
        )

    def _UnaryOp(self, node: ast.UnaryOp) -> sp.Expr:
        if isinstance(node.op, ast.USub):
            return -self.build(node.operand)
        if isinstance(node.op, ast.UAdd):
            return self.build(node.operand)
        raise _refused(node, self.text)

    def _BinOp(self, node: ast.BinOp) -> sp.Expr:
        if type(node.op) not in _OPERATORS:
            raise _refused(node, self.text)
        left = self.build(node.left)
        right = self.build(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if right.is_zero:
                raise _fail("division by zero", self.text, node)
            return left / right
        return self._power(left, right, node)

    def _power(self, base: sp.Expr, exponent: sp.Expr, node: ast.BinOp) -> sp.Expr:
        # A constant exponent is bounded before sympy computes anything: 9**9**9**9 stops here.
        if not exponent.free_symbols:
            size = abs(complex(sp.N(exponent, 15))) if exponent.is_number else math.inf
            if not math.isfinite(size) or size > MAX_EXPONENT:
                raise _fail(
                    "the exponent is too large (at most {most} in size)", self.text, node.right, most=MAX_EXPONENT
                )
            if base.is_zero and exponent.is_negative:
                raise _fail("0 to a negative power is a division by zero", self.text, node)
        elif base.is_number and abs(complex(sp.N(base, 15))) > MAX_NUMBER:
            # a**f(x, y) is fine as long as the constant base is a reasonable number
            raise _fail("the base of this power is too large", self.text, node.left)
        return sp.Pow(base, exponent)

    def _Call(self, node: ast.Call) -> sp.Expr:
        if isinstance(node.func, ast.Attribute):
            raise _refused(node.func, self.text)
        if not isinstance(node.func, ast.Name) or node.func.id in VARIABLES or node.func.id in CONSTANTS:
            # (x+1)(y-1), x(y+1): Python reads a call, the student meant a product
            raise _diagnose(self.text) or _fail("a `*` is missing before this bracket", self.text, node)
        name = node.func.id
        if name not in FUNCTIONS:
            raise _fail(
                "unknown function `{name}`; the functions are: {names}",
                self.text,
                node.func,
                name=name,
                names=", ".join(sorted(set(FUNCTIONS))),
            )
        if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            raise _fail("`{name}(…)` takes exactly one argument", self.text, node, name=name)
        return FUNCTIONS[name](self.build(node.args[0]))


REFUSED = {
    ast.Attribute: "attribute access (a.b)",
    ast.Subscript: "indexing (a[b])",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.Compare: "comparisons",
    ast.BoolOp: "and/or",
    ast.IfExp: "if/else",
    ast.List: "lists",
    ast.Tuple: "tuples (a comma)",
    ast.Dict: "dictionaries",
    ast.Set: "sets",
    ast.JoinedStr: "strings",
    ast.NamedExpr: "assignments",
    ast.Await: "await",
    ast.Starred: "star arguments",
}
"""The parts of Python a formula may not use, in words."""


def _refused(node: ast.AST, text: str) -> ExpressionError:
    """The error for a part of Python that formulas do not allow."""
    if isinstance(node, ast.BinOp):
        op = text[node.left.end_col_offset : node.right.col_offset].strip("( ")  # as typed: //, %
        return _fail("the operator {op} is not allowed; use `+ - * /` and `**` (or `^`)", text, node, op=code(op))
    if isinstance(node, ast.UnaryOp):
        return _fail("only unary minus and plus are allowed", text, node)
    if isinstance(node, ast.Tuple) and not node.elts:
        return _fail("empty brackets `()`: put an expression inside", text, node)
    what = REFUSED.get(type(node))
    if what is None:
        return _fail("{what} is not allowed in a formula", text, node, what=type(node).__name__)
    return _fail("{what} is not allowed in a formula", text, node, what=t(what))


def parse_expression(text: str) -> sp.Expr:
    """The sympy expression of a formula in x and y (see the module's grammar).

    Raises:
        ExpressionError: with a message a student understands and the column it is about.
    """
    if not isinstance(text, str):
        raise ExpressionError("the formula must be text")
    if len(text) > MAX_LENGTH:
        raise ExpressionError("the formula is too long: {n} characters, at most {most}", n=len(text), most=MAX_LENGTH)
    if not text.strip():
        raise ExpressionError("the formula is empty: type a function of `x` and `y`, such as `x**2 + 3*y**2`")
    _check_characters(text)
    opened: list[int] = []  # the columns of the brackets still open
    for i, ch in enumerate(text):
        if ch == "(":
            opened.append(i)
            if len(opened) > MAX_DEPTH:
                raise ExpressionError("too many nested parentheses (at most {most})", text, i, most=MAX_DEPTH)
        elif ch == ")":
            if not opened:
                raise ExpressionError(
                    "the `)` at column {col} closes nothing: a `(` is missing before it, or this `)` is one too many",
                    text,
                    i,
                    col=i + 1,
                )
            opened.pop()
    if len(opened) == 1:
        raise ExpressionError(
            "the `(` at column {col} is never closed: a `)` is missing", text, opened[0], col=opened[0] + 1
        )
    if opened:
        raise ExpressionError(
            "{n} `(` are never closed (the first at column {col}): {n} `)` are missing",
            text,
            opened[0],
            n=len(opened),
            col=opened[0] + 1,
        )
    comma = re.search(r"\d+,\d+", text)
    if comma:  # a formula has no use for a comma, and 0,5 is how half is written in Portuguese
        found = comma.group()
        raise ExpressionError(
            "`{found}`: decimals are written with a point, `{number}`",
            text,
            comma.start(),
            len(found),
            found=found,
            number=found.replace(",", "."),
        )
    source = text.replace("^", "**")  # same length: columns still point into the user's text
    indent = len(source) - len(source.lstrip())
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as err:
        hint = _diagnose(text)
        if hint is not None:
            raise hint from None
        column = (err.offset or 1) - 1 + indent if err.lineno == 1 else None
        raise ExpressionError("this is not a formula the app can read", text, column) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("the formula is too deeply nested", text) from None
    for node in ast.walk(tree):  # parsed without its leading blanks: columns back into the text
        if indent and hasattr(node, "col_offset"):
            node.col_offset += indent
            if node.end_col_offset is not None:
                node.end_col_offset += indent
    nodes, depth = _count(tree)
    if nodes > MAX_NODES:
        raise ExpressionError("the formula is too big: {n} parts, at most {most}", text, n=nodes, most=MAX_NODES)
    if depth > 2 * MAX_DEPTH:
        raise ExpressionError(
            "the formula is nested too deeply (depth {depth}, at most {most})", text, depth=depth, most=2 * MAX_DEPTH
        )
    try:
        expr = _Builder(text).build(tree)
    except RecursionError:
        raise ExpressionError("the formula is nested too deeply", text) from None
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
        raise ExpressionError("the formula is not finite anywhere (a division by zero?)", text)
    if expr.has(sp.I):
        raise ExpressionError("the formula is not real-valued (the log or sqrt of a negative constant?)", text)
    return expr
