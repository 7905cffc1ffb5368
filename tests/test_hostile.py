"""Every page under hostile links: each value below in every parameter at once. The page must
show a warning and still work — its title, its figures or a message in words — never a traceback."""

from __future__ import annotations

import pytest
from support import ROOT, open_page, viewer_data

from gdviz.app import fields

pytestmark = pytest.mark.app

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


def _shown(at) -> str:
    parts = []
    for kind in ("title", "markdown", "caption", "info", "warning", "error", "success", "exception"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def _html(at) -> list[str]:
    """What the page hands the browser as HTML to render: st.html, and Markdown that allows HTML."""
    bodies = [e.value for e in at.get("html")]
    return bodies + [e.value for kind in ("markdown", "caption") for e in at.get(kind) if e.proto.allow_html]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:20]))
@pytest.mark.parametrize("page", PAGES)
def test_a_hostile_link_gives_a_warning_and_a_working_page(page: str, value: str) -> None:
    at = open_page(f"pages/{page}", alone=True, **dict.fromkeys(KEYS, value))
    text = _shown(at)
    assert "Traceback" not in text and 'File "' not in text
    assert at.title, "the page did not draw"
    assert at.warning, "no warning about the link"
    drew = viewer_data(at) is not None or at.get("plotly_chart")
    # (the class poll's page without a code: the field to type the one on the teacher's screen)
    asks = page == "poll.py" and [i.key for i in at.text_input] == ["poll_join_code"]
    assert drew or at.info or at.error or asks, "neither figures nor a message in words"
    if "<" in value:  # markup from the link is shown as text, never rendered
        assert not [body for body in _html(at) if value in body]
