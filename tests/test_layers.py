"""The house rules of imports, read from the source: the core never imports Streamlit or Plotly,
the figures never Streamlit, the library never the app, and no page's section imports another.

(Ruff's banned-API rule, TID251 in pyproject.toml, keeps Streamlit out of the library as one
edits; this test states the whole layering, Plotly and the sections included.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

GDVIZ = Path(__file__).resolve().parents[1] / "gdviz"
CORE = (
    "losses",
    "formula",
    "expression",
    "optimizers",
    "runs",
    "descent",
    "analysis",
    "data",
    "network",
    "stability",
    "i18n",
    "lesson",
    "webmath",
    "poll",
    "poll_redis",
    "poll_truth",
)
FIGURES = ("style", "figures", "charts", "export", "network_charts", "poll_charts")


def imports(path: Path) -> set[str]:
    """The absolute names of every module ``path`` imports (relative imports resolved)."""
    package = path.relative_to(GDVIZ.parent).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}  # `from . import figures`
    return found


def library_modules() -> list[Path]:
    return sorted(p for p in GDVIZ.glob("*.py"))


def reaches(names: set[str], *roots: str) -> set[str]:
    return {n for n in names if any(n == r or n.startswith(r + ".") for r in roots)}


@pytest.mark.parametrize("name", CORE)
def test_the_core_imports_neither_streamlit_nor_plotly(name: str) -> None:
    assert not reaches(imports(GDVIZ / f"{name}.py"), "streamlit", "plotly", "_plotly_utils", "gdviz.app")


@pytest.mark.parametrize("name", FIGURES)
def test_the_figures_never_import_streamlit(name: str) -> None:
    assert not reaches(imports(GDVIZ / f"{name}.py"), "streamlit", "gdviz.app")


def test_no_library_module_imports_the_app() -> None:
    offenders = {p.name: reaches(imports(p), "streamlit", "gdviz.app") for p in library_modules()}
    assert not {k: v for k, v in offenders.items() if v}, "only gdviz/app/ may import Streamlit"


def test_every_library_module_is_in_a_layer() -> None:
    # a new module must be placed in CORE or FIGURES above, so that its imports are checked
    known = {*CORE, *FIGURES, "__init__", "__main__", "locale_pt"}
    assert {p.stem for p in library_modules()} <= known


def test_no_section_imports_another() -> None:
    sections = sorted((GDVIZ / "app" / "sections").glob("*.py"))
    names = {f"gdviz.app.sections.{p.stem}" for p in sections if p.stem != "__init__"}
    assert len(names) >= 7
    for path in sections:
        others = reaches(imports(path), *names - {f"gdviz.app.sections.{path.stem}"})
        assert not others, f"{path.name} imports {others}"


def test_the_checker_sees_relative_imports() -> None:
    # the rules above read `from ..x import y` correctly: a section's relative import resolves
    found = imports(GDVIZ / "app" / "sections" / "lesson.py")
    assert "gdviz.app.panels" in found and "gdviz.descent" in found
