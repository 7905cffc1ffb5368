"""The neural network page in a real browser: the charts drawn, a plane chosen from the menu, a
control written into the link, a phone, a projector, and the lesson's way in.

Debian's Chromium driving a fresh Streamlit server (tests/conftest.py). How long a new plane takes
is measured in bench/network_page.py, not asserted here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import LAPTOP, PHONE, PROJECTOR, VIEWER, box, open_menu, opened, wait_drawn

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

if not Path(shutil.which("chromium") or "/usr/bin/chromium").exists():  # pragma: no cover - CI installs it
    raise RuntimeError("Chromium is missing: bash scripts/test.sh installs Debian's chromium")


def drawn_traces(page, plot: str) -> list[dict]:  # type: ignore[no-untyped-def]
    """Each trace plotly.js has drawn in one of the viewer's charts: its type, name and the points
    it shows (a played trace shows those of the epoch played)."""
    return page.evaluate(
        """(plot) => document.querySelector(`[data-testid=${plot}]`)._fullData.map(
            (t) => ({type: t.type, name: t.name, n: t._length}))""",
        plot,
    )


def test_the_page_draws_the_slice_the_path_the_fit_and_the_loss(browser, server):
    with opened(browser, f"{server}/network?plane=pca", LAPTOP) as page:
        assert page.locator("[data-testid=gdviz-surface] canvas").count() > 0  # the WebGL scene
        surface = drawn_traces(page, "gdviz-surface")
        assert surface[0]["type"] == "surface"
        path = next(t for t in drawn_traces(page, "gdviz-contour") if t["name"] == "path θᵗ, projected")
        assert path["n"] == 1001  # θ⁰ … θ¹⁰⁰⁰, drawn whole at the last epoch
        curves = {t["name"]: t for t in drawn_traces(page, "gdviz-curves")}
        assert curves["p = 0.5 at epoch t (decision boundary)"]["n"] > 10 and curves["L(θᵗ)"]["n"] == 1001
        assert page.get_by_text("Accuracy 98.5%", exact=False).count() == 1
        # playback: the first epoch's boundary is another line than the last one's
        last = page.evaluate("() => document.querySelector('[data-testid=gdviz-curves]').data[2].x.slice(0, 40)")
        page.get_by_test_id("gdviz-first").click()
        assert page.get_attribute(VIEWER, "data-step") == "0"
        first = page.evaluate("() => document.querySelector('[data-testid=gdviz-curves]').data[2].x.slice(0, 40)")
        assert first != last


def test_a_plane_from_the_menu_redraws_the_views_and_a_number_goes_into_the_link(browser, server):
    with opened(browser, f"{server}/network", LAPTOP) as page:
        rev = page.get_attribute(VIEWER, "data-rev")
        open_menu(page, "plane", "two random directions").click()
        rev = wait_drawn(page, rev)
        assert "plane=random" in page.url
        title = page.evaluate("() => document.querySelector('[data-testid=gdviz-contour]').layout.xaxis.title.text")
        assert title == "d₁ (random, filter-normalized)"
        page.locator(".st-key-hidden input").focus()
        page.keyboard.press("ArrowUp")  # 8 → 9 hidden units
        wait_drawn(page, rev)
        page.wait_for_function("() => window.location.search.includes('hidden=9')", timeout=10_000)
        assert page.get_by_text("2‑9‑1 network: 37 weights and biases", exact=False).count() == 1


def test_on_a_phone_the_page_stacks_and_nothing_is_cut_off(browser, server):
    with opened(browser, f"{server}/network", PHONE) as page:
        surface, contour, bar, curves = (
            box(page, f"[data-testid=gdviz-{k}]") for k in ("surface", "contour", "play", "curves")
        )
        assert surface["bottom"] <= contour["top"] and contour["bottom"] <= bar["top"] <= curves["top"]
        for part in (surface, contour, curves):
            assert part["left"] >= 0 and part["right"] <= 390
        status = box(page, "[data-testid=stAlertContainer]")
        assert status["left"] >= 0 and status["right"] <= 390
        page.get_by_test_id("gdviz-play").tap()
        page.wait_for_function(f"() => Number(document.querySelector('{VIEWER}').dataset.step) > 0", timeout=20_000)


def test_projected_in_portuguese_the_status_the_views_and_playback_fit_one_screen(browser, server):
    with opened(browser, f"{server}/network?present=1&lang=pt", PROJECTOR) as page:
        assert page.get_by_role("heading", name="A paisagem da perda de uma rede neural").count() == 1
        status = page.locator("[data-testid=stAlertContainer]").first.bounding_box()
        bar = page.get_by_test_id("gdviz-play").bounding_box()
        contour = page.get_by_test_id("gdviz-contour").bounding_box()
        assert status["y"] >= 0 and contour["y"] > status["y"] + status["height"]
        assert bar["y"] + bar["height"] <= 720  # the play button on the first screen
        assert "Acurácia" in page.locator("[data-testid=stAlertContainer]").first.inner_text()


def test_the_lessons_last_step_opens_the_network_page_in_the_lessons_language_and_mode(browser, server):
    with opened(browser, f"{server}/lesson?step=7&lang=pt&present=1", PROJECTOR) as page:
        page.get_by_role("link", name="Abrir a página: Rede neural →").click()
        page.wait_for_url("**/network?**", timeout=30_000)
        wait_drawn(page, timeout=90_000)
        page.wait_for_function("() => window.location.search.includes('present=1')", timeout=10_000)
        assert "plane=weights" in page.url and "lang=pt" in page.url
        assert page.get_by_role("heading", name="A paisagem da perda de uma rede neural").count() == 1
        assert page.get_by_text("Uma rede com uma camada oculta", exact=False).count() == 0  # projected: no intro
        title = page.evaluate("() => document.querySelector('[data-testid=gdviz-contour]').layout.xaxis.title.text")
        assert title == "W₁[1,1]"
