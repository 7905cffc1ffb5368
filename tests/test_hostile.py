"""Every page under hostile links: each value below in every parameter at once. The page must
show a warning and still work — its title, its figures or a message in words — never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gdviz.app import fields

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py"))

HOSTILE = [
    "nan",
    "-inf",
    "1e308",
    "-5",
    "99999999999999999999",
    "abc",
    "",
    "[1, 2]",
    "ü∑😀",
    "١٢٣",  # Arabic-Indic digits: Python's float() reads them as 123
    "<script>alert(1)</script>",
    "x" * 5000,
    "__import__('os').system('id')",
]
# every key a page binds, and the multi-valued ones
KEYS = [*fields.FIELDS, "race", "sp_model"]


def _open(page: str, value: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=60)
    for key in KEYS:
        at.query_params[key] = value
    return at.run()


def _shown(at: AppTest) -> str:
    parts = []
    for kind in ("title", "markdown", "caption", "info", "warning", "error", "success", "exception"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:20]))
@pytest.mark.parametrize("page", PAGES)
def test_a_hostile_link_gives_a_warning_and_a_working_page(page: str, value: str) -> None:
    at = _open(page, value)
    assert not at.exception, at.exception[0].value if at.exception else ""
    text = _shown(at)
    assert "Traceback" not in text and 'File "' not in text
    assert at.title, "the page did not draw"
    assert at.warning, "no warning about the link"
    drew = any(e.type == "bidi_component" or "gdviz" in str(getattr(e, "id", "")) for e in at.get("bidi_component"))
    assert drew or at.get("plotly_chart") or at.info or at.error, "neither figures nor a message in words"
    assert "<script>" not in "".join(
        str(e.proto) for e in at.get("markdown") if "unsafe_allow_html: true" in str(e.proto)
    )
