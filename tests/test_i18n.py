"""Two languages: every text has its Portuguese, no English is left on a Portuguese page (and the
reverse), numbers and fields survive translation."""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

import pytest
from support import ROOT, open_page

from gdviz import i18n
from gdviz.locale_pt import PT

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "gdviz").rglob("*.py"))]

# Calls whose first string arguments are English templates: t(text), tn(one, many, n), the errors
# worded when shown, and the optimizers' checks (template second).
_TEMPLATE_CALLS = {"t": 1, "tn": 2, "Message": 1, "DataError": 1, "ExpressionError": 1, "_fail": 1}


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def source_texts() -> set[str]:
    """Every English text the code passes to a translation, read from the source."""
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            args = node.args
            if name in ("_check", "PollError") and len(args) >= 2:  # the template second
                args = args[1:2]
            elif name in _TEMPLATE_CALLS:
                args = args[: _TEMPLATE_CALLS[name]]
            else:
                continue
            found.update(text for text in map(_literal, args) if text is not None)
    return found


def data_texts() -> set[str]:
    """The texts that reach t() through data: titles, descriptions, names, lesson steps."""
    from gdviz import formula, runs
    from gdviz.app import classpoll, fields, viewer
    from gdviz.app.sections import custom_loss, empirical_risk, stationary_points
    from gdviz.app.sections import network as network_page
    from gdviz.app.sections import poll as poll_section
    from gdviz.data import BUILTINS
    from gdviz.lesson import STEPS
    from gdviz.losses import SPECS
    from gdviz.poll import REASONS

    texts = {s.title for s in SPECS.values()} | {s.about for s in SPECS.values() if s.about}
    texts |= {b.title for b in BUILTINS.values()} | {b.about for b in BUILTINS.values()}
    texts |= {e.title for e in custom_loss.GALLERY} | {e.lesson for e in custom_loss.GALLERY}
    texts |= (
        set(fields.OPTIMIZER_NAMES.values())
        | set(empirical_risk.MODEL_NAMES.values())
        | set(runs.WHY_DIVERGED.values())
    )
    texts |= set(formula.REFUSED.values())
    texts |= set(REASONS.values())
    texts |= set(classpoll.CHOICE_WORDS.values()) | set(poll_section.OUTCOME_WORDS.values())
    texts |= set(runs.NOT_A_MINIMUM.values())
    texts |= (
        set(stationary_points.WHY_KIND.values())
        | set(stationary_points.WHY_KIND)
        | set(stationary_points.SADDLE_LABELS)
        | {empirical_risk.UPLOAD_LABEL}
    )
    texts |= set(viewer.PLOTLY_WORDS)
    texts |= (
        set(network_page.DATA_TITLES.values())
        | set(network_page.ACTIVATION_NAMES.values())
        | set(network_page.PLANE_NAMES.values())
    )
    texts |= {s.replace("_", " ") for s in runs.STATUSES}
    texts |= {f.label for f in fields.FIELDS.values()}
    for step in STEPS:
        texts |= {step.title, step.text, step.formula, step.try_this}
    return texts


_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)(?:![rsa])?(?::[^{}]*)?\}")


def _fields(text: str) -> list[str]:
    """The {fields} a template formats (LaTeX's braces hold no field names of that form)."""
    return sorted(_FIELD.findall(text))


@pytest.mark.app
def test_every_text_has_its_portuguese() -> None:
    missing = sorted((source_texts() | data_texts()) - set(PT))
    assert not missing, f"{len(missing)} texts without Portuguese, e.g. {missing[:5]}"


@pytest.mark.app
def test_the_catalogue_holds_no_stale_text() -> None:
    stale = sorted(set(PT) - source_texts() - data_texts())
    assert not stale, f"texts the code no longer uses: {stale[:5]}"


@pytest.mark.unit
def test_translations_keep_the_same_fields() -> None:
    for english, portuguese in PT.items():
        assert _fields(english) == _fields(portuguese), english


@pytest.mark.unit
def test_t_formats_after_translating_and_records_misses() -> None:
    i18n.set_language("pt")
    try:
        assert i18n.t("converged after {n} steps: ‖∇L(W)‖ ≤ {tol:g}", n=12, tol=1e-8) == PT[
            "converged after {n} steps: ‖∇L(W)‖ ≤ {tol:g}"
        ].format(n=12, tol=1e-8)
        i18n.MISSING.discard("no such text {x}")
        assert i18n.t("no such text {x}", x=1) == "no such text 1"
        assert "no such text {x}" in i18n.MISSING
    finally:
        i18n.MISSING.discard("no such text {x}")
        i18n.set_language("en")
    assert i18n.t("converged after {n} steps: ‖∇L(W)‖ ≤ {tol:g}", n=2, tol=0.5) == (
        "converged after 2 steps: ‖∇L(W)‖ ≤ 0.5"
    )


@pytest.mark.unit
def test_numbers_read_the_same_way_in_prose_and_tables() -> None:
    import numpy as np

    assert [i18n.number(v) for v in (None, float("nan"), 4e-17, 0.5, 40000, np.int64(1234), 2.0)] == [
        "—", "—", "4e-17", "0.5", "40000", "1234", "2",
    ]  # fmt: skip
    assert i18n.t("{n:,} starts: ", n=40000) == "40,000 starts: "
    i18n.set_language("pt")
    try:
        # in prose a narrow space groups thousands in Portuguese (a point would read as a decimal
        # mark beside 0.5); decimals keep their point, never grouped;
        # tables write numbers the same way in both languages
        assert i18n.t("{n:,} starts: ", n=40000) == "40\u202f000 pontos iniciais: "
        assert [i18n.number(v) for v in (40000, 0.5, 1234.5678, None)] == ["40000", "0.5", "1234.57", "—"]
        assert i18n.t("the formula is too long: {n} characters, at most {most}", n=1234, most=500) == (
            "a fórmula é longa demais: 1\u202f234 caracteres, no máximo 500"
        )
        assert i18n.t("the file is too large: {size:,} bytes, at most {most:,}", size=2_500_000, most=10**6) == (
            "o arquivo é grande demais: 2\u202f500\u202f000 bytes, no máximo 1\u202f000\u202f000"
        )
    finally:
        i18n.set_language("en")


@pytest.mark.unit
def test_an_error_raised_in_one_language_reads_in_the_language_shown() -> None:
    from gdviz import ExpressionError, parse_loss

    with pytest.raises(ExpressionError) as caught:
        parse_loss("2x + y")
    i18n.set_language("pt")
    try:
        assert caught.value.message == PT[caught.value.template].format(**caught.value.values)
        assert "2*x" in caught.value.message
    finally:
        i18n.set_language("en")
    assert caught.value.message.startswith("a `*` is missing")


# ---------------------------------------------------------------------------------------------
# Rendered pages: no English on a Portuguese page, no Portuguese on an English one

# Words of one language that are not words of the other (whole words, case-insensitive).
ENGLISH = {
    "the", "and", "of", "with", "from", "step", "steps", "start", "learning", "rate", "this", "that", "click",
    "show", "run", "runs", "minimum", "saddle", "point", "points", "not", "each", "every", "here", "which",
    "where", "when", "gradient", "descent", "converged", "diverged", "your", "function", "download", "choose",
    "pick", "height", "view", "settings", "more", "optimizer", "batch", "size", "too", "small", "large", "use",
    "next", "none", "nan", "logistic", "given", "standardized", "monkey", "camel", "bowl", "valley", "hump",
}  # fmt: skip
PORTUGUESE = {
    "de", "da", "do", "das", "dos", "para", "com", "não", "é", "passo", "passos", "taxa", "ponto", "uma", "um",
    "em", "que", "sela", "gradiente", "mínimo", "descida", "perda", "aprendizado", "função", "convergiu",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

PAGES = {
    "explorer": "pages/explorer.py",
    "lesson": "pages/lesson.py",
    "custom": "pages/custom_loss.py",
    "learning-rate": "pages/learning_rate.py",
    "race": "pages/optimizers.py",
    "stationary-points": "pages/stationary_points.py",
    "basins": "pages/basins.py",
    "empirical-risk": "pages/empirical_risk.py",
    "network": "pages/network.py",
}
# Links that bring out more of each page's texts: warnings, an error, several statuses.
LINKS = {
    "explorer": {"lr": "0.5", "steps": "nan", "opt": "adam"},
    "lesson": {"step": "5"},
    "custom": {"expr": "2x + eval(y)"},
    "learning-rate": {"lr3": "0.3"},
    "race": {"steps": "-4", "budget": "true"},
    "stationary-points": {"loss": "himmelblau"},
    "basins": {"loss": "himmelblau", "grid": "40"},
    "empirical-risk": {"data": "house_prices"},
    "network": {"plane": "random", "hidden": "0"},
}


def _visible_texts(at: AppTest) -> list[str]:
    """The words a user reads: headings, text, messages, labels, help, the options of selectors
    as shown, and tables (headers and cells)."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in ("button", "toggle", "number_input", "selectbox", "multiselect", "radio", "text_input", "checkbox"):
        for widget in getattr(at, kind):
            out.append(str(widget.label))
            out.append(str(getattr(widget, "help", "") or ""))
            out += [str(o) for o in getattr(widget, "options", ())]  # as format_func shows them
    for frame in at.dataframe:
        out += [str(c) for c in frame.value.columns]
        out += [str(v) for v in frame.value.to_numpy().ravel()]  # "None", "logistic", "next w1"
    return out


def _strip(text: str) -> str:
    """Leave out what is not language: LaTeX, code, identifiers in backquotes, URLs."""
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\b\w+=\S+", " ", text)  # a link's key=value, quoted as the user wrote it
    text = re.sub(r"\*\*(\w+)\*\*", r"\1", text)
    return text


def _foreign(texts: list[str], words: set[str], allowed: set[str]) -> list[tuple[str, str]]:
    hits = []
    for text in texts:
        clean = _strip(text)
        for word in _WORD.findall(clean):
            if word.lower() in words and word not in allowed:
                hits.append((word, text[:120]))
    return hits


# identifiers a user types or sees as code in both languages (loss and optimizer names in a link)
IDENTIFIERS = {"saddle", "monkey_saddle", "six_hump_camel", "house_prices", "study_hours"}


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


@pytest.mark.app
@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_portuguese_page_has_no_english_left(page: str) -> None:
    i18n.MISSING.clear()
    at = _render_app(page, "pt")
    assert not at.exception, at.exception
    texts = _visible_texts(at)
    assert len(texts) > 10
    assert not i18n.MISSING, sorted(i18n.MISSING)[:5]
    hits = [(w, s) for w, s in _foreign(texts, ENGLISH, set()) if w not in IDENTIFIERS]
    assert not hits, hits[:5]


@pytest.mark.app
@pytest.mark.parametrize("page", sorted(PAGES))
def test_an_english_page_has_no_portuguese(page: str) -> None:
    at = _render_app(page, "en")
    assert not at.exception, at.exception
    hits = _foreign(_visible_texts(at), PORTUGUESE, set())
    assert not hits, hits[:5]


def _render_app(page: str, lang: str) -> AppTest:
    """A page from a link in ``lang``: the Explorer through app.py (navigation, the language
    switch), the others as their own scripts (AppTest runs a page's script without app.py)."""
    if page == "explorer":
        return open_page(lang=lang, **LINKS[page])
    return open_page(PAGES[page], alone=True, state={"lang": lang}, **LINKS[page])


@pytest.mark.app
@pytest.mark.parametrize(("key", "value"), [("lang", "fr"), ("lang", "<script>"), ("present", "yes")])
def test_a_bad_language_or_mode_in_the_link_warns_and_uses_the_default(key: str, value: str) -> None:
    at = open_page(**{key: value})
    assert any(f"`{key}={value}`" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.title[0].value == "Gradient descent, step by step"
    assert key not in at.query_params


@pytest.mark.app
def test_presenter_mode_from_the_link_folds_the_advanced_controls() -> None:
    at = open_page(present="1")
    assert at.toggle(key="present").value is True
    assert any(e.label == i18n.t("more settings") for e in at.expander)
    assert not any("W^{t+1}" in m.value for m in at.markdown)  # the explanation is the teacher's to say


@pytest.mark.unit
def test_a_count_of_steps_is_worded_by_tn() -> None:
    """A text that puts a count right before "steps" must come as a tn pair ("1 passos" is wrong); large
    counts, formatted with thousands separators, are exempt."""
    counted = re.compile(r"%?\{\w+\} steps\b")
    single = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
                text = _literal(node.args[0])
                if text and counted.search(text):
                    single.append(text)
    assert not single, single
